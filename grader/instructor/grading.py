"""Grading on hidden cases: the instructor's composition of the shipped engine.

INSTRUCTOR SIDE. ``grade`` hands ``grader.grading.grade_with_source`` its hidden cases (drawn from a per-run seed,
expected values from the reference in solutions/), the catalog's diagnosis and the numeric gradient check.
"""
from __future__ import annotations

import functools
import hashlib
import os
import secrets

import numpy as np

from ..functions import BY_NAME, GRADED, Case, Graded
from ..grading import CaseSource, grade_with_source
from ..i18n import case_label, translate
from ..model import Report
from ..sandbox import Limits
from ..scoring import check_name
from .cases import make_cases
from .diagnosis import hint_for
from .reference import expected_outputs, numeric_dx, reference_param_shapes

_NUMERIC_DX: dict = {}


def numeric_gradient_check(graded: Graded, cases: list[Case], outputs, scored: list | None = None,
                           lang: str = "en") -> list:
    """Informational, where dx fails: the student's dx against central differences of the reference forward
    (CS231n's rel error) on the first case where the dx check failed, which tells a wrong gradient from a right
    gradient of a wrong forward. Worth no points (the dx check scores). A dx that passes needs no second opinion,
    and skipping it halves a correct submission's first grading. Needs the reference: instructor-side only."""
    if graded.kind != "backward":
        return []
    from ..compare import rel_error
    from ..model import FAILED, PASSED, CheckResult
    dx_check = next((c for c in scored or [] if c.name == check_name("dx")), None)
    failed_labels = [f.get("case") for f in (dx_check.numbers.get("failures", []) if dx_check else [])]
    k = next((i for i, c in enumerate(cases) if c.label in failed_labels), None)
    if k is None:
        return []
    actual = outputs[k].arrays.get("dx")
    case = cases[k]
    if actual is None or "x" not in case.arrays or "dout" not in case.arrays:
        return []
    try:
        numeric = _cached_numeric_dx(graded, case)
    except Exception:  # a case the reference's forward cannot differentiate
        return []
    error = rel_error(actual, numeric) if actual.shape == numeric.shape else float("inf")
    ok = error < 1e-7
    message = translate("numeric_gradient_msg", lang, label=case_label(case.label, lang), error=error)
    return [CheckResult(function=graded.name, name="dx passes a numeric gradient check", score=0.0, max_score=0.0,
                        status=PASSED if ok else FAILED, message=message, numbers={"rel_error": error},
                        tags=[graded.module, "numeric-gradient"], optional=graded.optional)]




def _cached_numeric_dx(graded: Graded, case: Case):
    """numeric_dx, computed once per case object (hidden cases are shared across a batch worker's submissions)."""
    key = (graded.name, id(case))
    if key not in _NUMERIC_DX or _NUMERIC_DX[key][0] is not case:
        _NUMERIC_DX[key] = (case, numeric_dx(graded, case))
    return _NUMERIC_DX[key][1]




def hidden_source(seed: int) -> CaseSource:
    """Cases drawn from ``seed`` and expected values from the reference (instructor side).

    Both depend only on the seed and the function, so a process grading many submissions with one seed (a batch
    worker) computes them once.
    """
    return lambda graded: _hidden_cases(seed, graded.name)


@functools.lru_cache(maxsize=256)
def _hidden_cases(seed: int, name: str):
    graded = BY_NAME[name]
    # Keyed by the function's name, not its place in the registry: adding a function changes no other's cases.
    rng = np.random.default_rng([seed, int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")])
    cases = make_cases(graded, rng, reference_param_shapes)
    return cases, [expected_outputs(graded, c) for c in cases]


def grade(path: str | os.PathLike, *, seed: int | None = None, functions: list[str] | None = None,
          limits: Limits | None = None, tier: str | None = None, lang: str = "en",
          diagnose: bool = True) -> Report:
    """Grade a submission on hidden inputs against the reference.

    Args:
        path: Folder, .zip, .py or .ipynb.
        seed: Seed of the hidden inputs (default: a fresh random one, recorded in the report).
        functions: Names of graded functions to grade (default: all).
        limits: Sandbox limits.
        tier: Force a sandbox tier (``bubblewrap``, ``uid``, ``rlimits``; default: the strongest that works).
        lang: ``en`` or ``zh`` for student-facing messages.
        diagnose: Look for known mistakes and localise errors in the feedback.

    Returns:
        The Report (never raises for a bad submission: its problems are in ``report.errors``).
    """
    seed = secrets.randbelow(2**31) if seed is None else seed
    selected = [BY_NAME[n] for n in functions] if functions else GRADED
    return grade_with_source(path, hidden_source(seed), mode="grade", seed=seed, functions=selected,
                             limits=limits, tier=tier, show_values=False,
                             hint_for=functools.partial(hint_for, lang=lang) if diagnose else None,
                             extra_checks=functools.partial(numeric_gradient_check, lang=lang), lang=lang)
