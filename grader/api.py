"""The grader's public API. Each verb is a function with positional paths and keyword-only switches, returning a
typed result; ``grader.cli`` only maps command-line arguments onto these."""
from __future__ import annotations

import os
from pathlib import Path

from .grading import _diagnosis, grade, grade_with_source
from .model import Report
from .sandbox import Limits

__all__ = ["grade", "check", "write_reports", "Report", "Limits"]


def check(path: str | os.PathLike = "assignment", *, functions: list[str] | None = None,
          limits: Limits | None = None, tier: str | None = None, lang: str = "en") -> Report:
    """The student's local check: the public tests, with values shown in the feedback.

    Runs from the kit (expected values from the reference) and from the student bundle (stored public tests).

    Args:
        path: The student's code (default: ``assignment``).
        functions: Names of graded functions to check (default: all).
        limits, tier, lang: As for ``grade``.

    Returns:
        The Report (mode ``check``).
    """
    from .functions import BY_NAME, GRADED
    from .public_tests import PUBLIC_SEED, public_source

    selected = [BY_NAME[n] for n in functions] if functions else GRADED
    return grade_with_source(path, public_source(), mode="check", seed=PUBLIC_SEED, functions=selected,
                             limits=limits, tier=tier, show_values=True, hint_for=_diagnosis(lang),
                             lang=lang)


def write_reports(report: Report, outdir: str | os.PathLike) -> list[Path]:
    """Write results.json, report.json, report.html and junit.xml into ``outdir``."""
    from .writers import write_all
    return write_all(report, Path(outdir))
