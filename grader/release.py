"""Build the student bundle: the stubs, notebooks, dataset loaders and the student-side checker with its public
tests. Never solutions/, hidden test generators, the reference, the catalog of mistakes or instructor tools.

INSTRUCTOR SIDE (not shipped).
"""
from __future__ import annotations

import dataclasses
import shutil
import tempfile
import zipfile
from pathlib import Path

from .public_tests import write_public_tests
from .stubs import generate_stubs

KIT_ROOT = Path(__file__).resolve().parents[1]
STUDENT_FILES = Path(__file__).with_name("student_files")

# The grader modules a student's local check needs; everything else in grader/ stays with the instructor.
STUDENT_GRADER_MODULES = [
    "__init__.py", "__main__.py", "cli.py", "api.py", "grading.py", "model.py", "compare.py", "decode.py",
    "functions.py", "rubric.py", "rubric.toml", "sandbox.py", "scoring.py", "submission.py", "worker.py",
    "public_tests.py", "i18n.py", "notebook_runner.py", "submission_zip.py", "localise.py", "fastcheck.py",
    "writers/__init__.py", "writers/gradescope.py", "writers/report_json.py", "writers/junit.py",
    "writers/html.py", "writers/terminal.py",
]
BUNDLE_DIRS = ["assignment", "notebooks", "datasets"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "data", "train_*.py")


@dataclasses.dataclass
class ReleaseResult:
    path: Path
    files: int
    names: list[str]


def build_release(output: str | Path = "dist/convkit-student.zip") -> ReleaseResult:
    """Write the student bundle zip.

    Args:
        output: Where to write the zip.

    Returns:
        A ReleaseResult with the zip's path and member names.
    """
    generate_stubs(KIT_ROOT / "solutions", KIT_ROOT / "assignment")
    output = Path(output)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "convkit"
        for name in BUNDLE_DIRS:
            if (KIT_ROOT / name).is_dir():
                shutil.copytree(KIT_ROOT / name, stage / name, ignore=IGNORED)
        for rel in STUDENT_GRADER_MODULES:
            src = KIT_ROOT / "grader" / rel
            if src.exists():
                (stage / "grader" / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src, stage / "grader" / rel)
        write_public_tests(stage / "grader" / "public")
        shutil.copytree(STUDENT_FILES, stage, dirs_exist_ok=True, ignore=IGNORED)
        output.parent.mkdir(parents=True, exist_ok=True)
        names = []
        tmp_zip = output.with_suffix(".zip.part")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    arcname = path.relative_to(stage.parent).as_posix()
                    zf.write(path, arcname)
                    names.append(arcname)
        tmp_zip.replace(output)
    return ReleaseResult(output, len(names), names)
