"""Fixtures shared by the test files: the kit as ``pip install .`` leaves it, in a throwaway venv."""
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from grader.instructor.trial_cluster import install_kit


INSTALLED_PREFIX = "convkit-installed-"
OWNER = "owner.pid"  # the test session that made the folder


def _remove_dead_sessions_kits() -> None:
    """Remove the installed kits of test sessions that died before their clean-up (killed by a timeout): only a
    folder whose recorded session is gone, never another running session's."""
    for folder in Path(tempfile.gettempdir()).glob(INSTALLED_PREFIX + "*"):
        try:
            pid = int((folder / OWNER).read_text())
        except (OSError, ValueError):
            continue  # not ours to judge: no record (an older run's, or one being made)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # alive, another user's


@pytest.fixture(scope="session", autouse=True)
def dask_scratch(tmp_path_factory):
    """dask's scratch (its workers' folders and locks) under the session's temporary folder, for the dask in this
    process and the dask processes the tests start: its default, /tmp/dask-scratch-space, outlives the tests."""
    import dask
    folder = tmp_path_factory.mktemp("dask-scratch")
    before = os.environ.get("DASK_TEMPORARY_DIRECTORY")
    os.environ["DASK_TEMPORARY_DIRECTORY"] = str(folder)
    try:
        with dask.config.set({"temporary-directory": str(folder)}):
            yield folder
    finally:
        if before is None:
            os.environ.pop("DASK_TEMPORARY_DIRECTORY", None)
        else:
            os.environ["DASK_TEMPORARY_DIRECTORY"] = before


@pytest.fixture(scope="session")
def installed_kit():
    """The kit as `pip install .` leaves it, in a throwaway venv (numpy beside it), world-traversable (the uid tier
    runs from it); built once per session."""
    _remove_dead_sessions_kits()
    base = Path(tempfile.mkdtemp(prefix=INSTALLED_PREFIX))
    os.chmod(base, 0o755)
    (base / OWNER).write_text(str(os.getpid()))
    try:
        yield install_kit(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
