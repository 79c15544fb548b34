"""The tests read a report as a student does: worded in its language (grader.model.Report.worded)."""
from __future__ import annotations

import functools


def worded(verb):
    """``verb`` (``grade``, ``check``) returning its Report worded in the report's first language."""
    @functools.wraps(verb)
    def wording(*args, **kwargs):
        return verb(*args, **kwargs).worded()
    return wording
