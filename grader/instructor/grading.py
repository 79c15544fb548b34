"""Grading on hidden cases: the instructor's composition of the shipped engine.

INSTRUCTOR SIDE. ``grade`` hands ``grader.grading.grade_with_source`` its hidden cases (drawn from a per-run seed,
expected values from the reference in solutions/), the catalog's diagnosis and the numeric gradient check.
"""
from __future__ import annotations

import functools
import os
import secrets

import numpy as np

from ..functions import BY_NAME, Case, Graded, select
from ..grading import CaseSource, grade_with_source
from ..i18n import CaseLabel, text
from ..compare import ATOL, RTOL, rel_error
from ..model import FAILED, INFO, NOT_IMPLEMENTED, PASSED, CheckResult, Report
from ..sandbox import RLIMITS, Limits, SandboxUnavailable, choose_tier
from ..sandbox.tiers import is_root
from ..scoring import check_name
from .cases import case_rng, make_cases
from .diagnosis import hint_for
from .reference import expected_outputs, numeric_dx, reference_param_shapes

_NUMERIC_DX: dict = {}
ROOT_WITHOUT_SANDBOX = ("running as root, and neither bubblewrap nor the unprivileged-uid sandbox works here, so "
                        "student code would run as root")


def numeric_gradient_check(graded: Graded, cases: list[Case], outputs, scored: list | None = None) -> list:
    """Informational, where dx fails: the student's dx against central differences of the reference forward
    (CS231n's rel error) on the first case where the dx check failed, which tells a wrong gradient from a right
    gradient of a wrong forward. Worth no points (the dx check scores). A dx that passes needs no second opinion,
    and skipping it halves a correct submission's first grading. Needs the reference: instructor-side only."""
    if graded.kind != "backward" or graded.own_forward:  # a random forward: dx is judged against the student's own
        return []
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
    message = text("numeric_gradient_msg", label=CaseLabel(case.label), error=error)
    return [CheckResult(function=graded.name, name="dx passes a numeric gradient check", score=0.0, max_score=0.0,
                        status=PASSED if ok else FAILED, message=message, numbers={"rel_error": error},
                        tags=[graded.module, "numeric-gradient"], optional=graded.optional)]


# Layers that do not fit (the stride does not divide the padded size minus the window): never graded, since the
# CS231n contract and the lectures leave them open, but what the student's code does there is shown as information.
DOES_NOT_FIT = "behaviour on a layer that does not fit"
_NOT_FITTING = {
    "conv": (((1, 2, 10, 11), (3, 2, 3, 5)), {"conv_param": {"stride": 3, "pad": 1}},
             "x (1, 2, 10, 11), w (3, 2, 3, 5), stride 3, pad 1: (11 + 2 - 5) / 3 = 2.67"),
    "pool": (((1, 2, 7, 8), None), {"pool_param": {"pool_height": 2, "pool_width": 2, "stride": 2}},
             "x (1, 2, 7, 8), pool 2x2, stride 2: (7 - 2) / 2 = 2.5"),
}
_FIT_FUNCTIONS = {"conv_forward_naive": "conv", "max_pool_forward_naive": "pool", "avg_pool_forward_naive": "pool"}


def does_not_fit_check(graded: Graded, context, scored: list) -> list:
    """Informational: the student's forward on one layer that does not fit, run in the student's sandbox. Raising
    (an assert, a ValueError) and rounding down are both fine; nothing here is scored. Said of a function that
    is written (not of a stub)."""
    kind = _FIT_FUNCTIONS.get(graded.name)
    if kind is None or context is None or all(c.status == NOT_IMPLEMENTED for c in scored):
        return []
    (x_shape, w_shape), params, label = _NOT_FITTING[kind]
    rng = np.random.default_rng(7)
    arrays = {"x": rng.standard_normal(x_shape)}
    if w_shape:
        arrays.update(w=rng.standard_normal(w_shape), b=rng.standard_normal(w_shape[0]))
    case = Case(arrays, params, label)
    outputs = context.probe(graded, [case])
    if outputs is None or outputs[0].problem:
        behaviour = text("fit_did_not_finish")
    elif outputs[0].raised():
        behaviour = text("fit_raised", raised=outputs[0].raised()[:200])
    else:
        got = outputs[0].arrays.get("out")
        floor = expected_outputs(graded, case)["out"][1]  # the reference rounds down, as PyTorch does
        if got is not None and got.shape == floor.shape and np.allclose(got, floor, rtol=RTOL, atol=ATOL):
            behaviour = text("fit_rounds_down", shape=tuple(floor.shape))
        else:
            shape = tuple(got.shape) if got is not None else None
            behaviour = text("fit_other", shape=shape, floor=tuple(floor.shape))
    message = text("fit_info", case=label, behaviour=behaviour)
    return [CheckResult(function=graded.name, name=DOES_NOT_FIT, score=0.0, max_score=0.0, status=INFO,
                        message=message, numbers={}, tags=[graded.module, "does-not-fit"], optional=graded.optional)]


def informational_checks(graded: Graded, cases: list[Case], outputs, scored: list | None = None, *,
                         context=None) -> list:
    """Every check worth no points: the numeric gradient where dx fails, and a layer that does not fit."""
    return (numeric_gradient_check(graded, cases, outputs, scored)
            + does_not_fit_check(graded, context, scored or []))


informational_checks.wants_context = True


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
    cases = make_cases(graded, case_rng(seed, name), reference_param_shapes)
    return cases, [expected_outputs(graded, c) for c in cases]


def grade(path: str | os.PathLike, *, seed: int | None = None, functions: list[str] | None = None,
          limits: Limits | None = None, tier: str | None = None, lang: str | list[str] = "en",
          diagnose: bool = True, insecure: bool = False) -> Report:
    """Grade a submission on hidden inputs against the reference.

    Args:
        path: Folder, .zip, .py or .ipynb.
        seed: Seed of the hidden inputs (default: a fresh random one, recorded in the report).
        functions: Names of graded functions to grade (default: all).
        limits: Sandbox limits.
        tier: Force a sandbox tier (``bubblewrap``, ``uid``, ``rlimits``; default: the strongest that works).
        lang: ``en``, ``zh``, or both (``zh,en``: the reports in both languages, from this one grading).
        diagnose: Look for known mistakes and localise errors in the feedback.
        insecure: As root, grade even where no tier but rlimits works (student code then runs as root; the
            reports say so). A tier forced with ``tier`` is the caller's choice and needs no such switch.

    Returns:
        The Report (never raises for a bad submission: its problems are in ``report.errors``).

    Raises:
        SandboxUnavailable: The grader could not run student code safely (the worker did not start, numpy did not
            import, or root found no tier but rlimits): the grader's failure, never the student's; nothing is
            scored, and the message says what to fix.
    """
    if tier is None and not insecure and is_root() and choose_tier() == RLIMITS:
        raise SandboxUnavailable(RLIMITS, ROOT_WITHOUT_SANDBOX)
    seed = secrets.randbelow(2**31) if seed is None else seed
    selected = select(functions, lang)
    return grade_with_source(path, hidden_source(seed), mode="grade", seed=seed, functions=selected,
                             limits=limits, tier=tier, show_values=False,
                             hint_for=hint_for if diagnose else None, extra_checks=informational_checks,
                             lang=lang)
