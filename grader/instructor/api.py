"""The instructor's API: the shipped verbs composed with what only the kit has. Each verb is a function with
positional paths and keyword-only switches; ``grader.instructor.cli`` only maps arguments onto these."""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from .. import api as shipped
from ..api import SandboxUnavailable, write_reports
from ..notebook_runner import run_notebooks as run_shipped_notebooks
from .grading import grade, numeric_gradient_check
from .release import computed_public_tests

__all__ = ["grade", "check", "run_notebooks", "public_tests_folder", "write_reports", "SandboxUnavailable"]


def check(path="assignment", **switches):
    """The student's local check, run in the kit: the same public tests the bundle stores, computed from the
    reference, plus the numeric gradient check only the reference allows (see ``grader.api.check``)."""
    switches.setdefault("extra_checks", numeric_gradient_check)
    return shipped.check(path, tests=computed_public_tests(), **switches)


@functools.lru_cache(maxsize=1)
def public_tests_folder() -> Path:
    """The public tests stored once per process in a scratch folder, for the notebooks' kernels to read."""
    folder = Path(tempfile.mkdtemp(prefix="convkit-public-"))
    atexit.register(shutil.rmtree, folder, True)
    return computed_public_tests().save(folder)


def run_notebooks(*args, **switches):
    """``grader.notebook_runner.run_notebooks`` with the kit's public tests (see there for the arguments)."""
    switches.setdefault("public_tests", public_tests_folder())
    return run_shipped_notebooks(*args, **switches)
