"""The grader's public API. Each verb is a function with positional paths and keyword-only switches, returning a
typed result; ``grader.cli`` only maps command-line arguments onto these."""
from __future__ import annotations

import functools
import os
from pathlib import Path

from .grading import grade_with_source
from .model import Report
from .public_tests import PublicTests
from .sandbox import Limits, SandboxUnavailable

__all__ = ["check", "write_reports", "Report", "Limits", "SandboxUnavailable"]


def check(path: str | os.PathLike = "assignment", *, functions: list[str] | None = None,
          limits: Limits | None = None, tier: str | None = None, lang: str = "en",
          tests: PublicTests | None = None, extra_checks=None) -> Report:
    """The student's local check: the public tests, with values shown in the feedback and known mistakes named
    from the mistakes' stored outputs (the same hints in the kit and in the bundle).

    Args:
        path: The student's code (default: ``assignment``).
        functions: Names of graded functions to check (default: all).
        limits, tier, lang: The sandbox's limits and tier, and the feedback's language.
        tests: The public tests (default: ``grader.public_tests.default_public_tests()``, the bundle's stored
            ones; the kit's ``grader.instructor.api.check`` passes the same, computed from the reference).
        extra_checks: Informational checks after each function (see ``grader.grading.run_graded``).

    Returns:
        The Report (mode ``check``).
    """
    from .functions import select
    from .public_tests import default_public_tests

    tests = tests or default_public_tests()
    tier = local_tier(tier)
    selected = select(functions, lang)
    return grade_with_source(path, tests.source, mode="check", seed=tests.seed, functions=selected,
                             limits=limits, tier=tier, show_values=True, hint_for=tests.hint_maker(),
                             extra_checks=extra_checks, lang=lang)


def local_tier(tier: str | None = None) -> str:
    """The tier of a student's own check: bubblewrap where it works, else a limited process as the student.

    Never the uid tier, even as root without bubblewrap (Colab, a container): that tier makes the kit unreadable
    to the sandbox's uid (chmod 0700), and the kit is the student's own folder, a Drive folder on Colab. A check is
    for the student, not a secure grader, and it changes no permission of the student's files.

    Raises:
        ValueError: when ``tier`` asks for the uid tier.
    """
    from .sandbox import BUBBLEWRAP, RLIMITS, UID
    from .sandbox.tiers import bwrap_path
    if tier == UID:
        raise ValueError("the local check does not run in the uid tier (it would change the permissions of your "
                         "files); use --tier bubblewrap or rlimits")
    if tier:
        return tier
    return BUBBLEWRAP if _bubblewrap_works(bwrap_path()) else RLIMITS


@functools.lru_cache(maxsize=None)
def _bubblewrap_works(bwrap: str | None) -> bool:
    from .sandbox.tiers import _bwrap_works
    return bool(bwrap) and _bwrap_works(bwrap)


def write_reports(report: Report, outdir: str | os.PathLike) -> list[Path]:
    """Write results.json, report.json, report.html and junit.xml into ``outdir``."""
    from .writers import write_all
    return write_all(report, Path(outdir))
