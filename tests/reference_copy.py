"""A copy of the reference with text changes in layers.py: the submissions the fairness tests grade."""
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def submission(tmp_path, name, *changes):
    """A copy of the reference with (old, new) text changes in layers.py, each found exactly once."""
    sub = tmp_path / name
    shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    source = (sub / "layers.py").read_text()
    for old, new in changes:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    (sub / "layers.py").write_text(source)
    return sub
