"""Fixtures shared by the test files: the kit as ``pip install .`` leaves it, in a throwaway venv."""
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import dask
import distributed
import numpy
import pytest

ROOT = Path(__file__).resolve().parents[1]
# What a source distribution of the kit holds: enough for `pip install .`.
SOURCE_PARTS = ("grader", "solutions", "assignment", "datasets", "setup.cfg", "pyproject.toml", "README.md")


class InstalledKit:
    """A throwaway venv where the kit is pip installed (not editable), from a copy of its source.

    numpy is installed into the same site-packages as the kit, as ``pip install .`` does, so that the sandbox's
    hazard is real: the reference lies beside numpy. The other dependencies come from the kit's .venv through a
    .pth file (as ``--system-site-packages`` would give them), which keeps the build to a few seconds; the kit
    itself is in neither .venv nor the current folder of any command run from here.
    """

    def __init__(self, base: Path):
        self.base = base
        self.venv = base / "venv"
        self.python = self.venv / "bin" / "python"
        self.bin = self.venv / "bin"
        self.site = Path(subprocess.run([str(self.python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                         "['purelib'])"], capture_output=True, text=True, check=True).stdout.strip())

    def env(self, **extra) -> dict:
        """An environment for commands run from the venv: no PYTHONPATH, the venv's bin first on PATH."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin}:{env.get('PATH', '/usr/bin:/bin')}"
        env.update(extra)
        return env


def pip_into(python: Path, *args: str) -> None:
    """Run the kit's pip against another interpreter (pip --python)."""
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                          "--disable-pip-version-check", *args], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def make_venv(folder: Path) -> Path:
    """A venv without pip whose site-packages sees the kit's .venv dependencies (not the kit: it is never installed
    there). Returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "convkit-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def copy_source(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in SOURCE_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(ROOT / part, dest / part)
    return dest


@pytest.fixture(scope="session")
def installed_kit():
    """The kit as `pip install .` leaves it, in a throwaway venv, world-traversable (the uid tier runs from it)."""
    base = Path(tempfile.mkdtemp(prefix="convkit-installed-"))
    os.chmod(base, 0o755)
    try:
        python = make_venv(base / "venv")
        # numpy beside the kit, as `pip install .` puts it; dask and distributed for their `dask` command.
        pip_into(python, "--no-deps", "--ignore-installed", f"numpy=={numpy.__version__}", f"dask=={dask.__version__}",
                 f"distributed=={distributed.__version__}")
        pip_into(python, "--no-deps", str(copy_source(base / "source")))
        shutil.rmtree(base / "source")  # the installed copy is the only one left
        yield InstalledKit(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
