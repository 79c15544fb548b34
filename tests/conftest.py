"""Fixtures shared by the test files: the kit as ``pip install .`` leaves it, in a throwaway venv."""
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from grader.instructor.trial_cluster import install_kit


@pytest.fixture(scope="session")
def installed_kit():
    """The kit as `pip install .` leaves it, in a throwaway venv (numpy beside it), world-traversable (the uid tier
    runs from it); built once per session."""
    base = Path(tempfile.mkdtemp(prefix="convkit-installed-"))
    os.chmod(base, 0o755)
    try:
        yield install_kit(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
