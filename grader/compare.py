"""Compare an actual output with the desired one and say what differs, in numpy.testing's words.

Order of a message: what was compared and the tolerance; a shape mismatch before anything else (saying which shape
is the student's); then how many elements differ, the largest error and where it is; then an excerpt of the worst
elements, each with its index, the student's value and the expected one (only where the inputs may be shown).
Argument order is always (actual, desired).
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .i18n import Excerpt, lines as join_lines, text

RTOL = 1e-5
ATOL = 1e-7


@dataclasses.dataclass
class Comparison:
    """The outcome of comparing one output.

    Attributes:
        ok: True when every element is within tolerance (and shapes agree).
        message: numpy.testing-style explanation ('' when ok), a Text the writers word.
        numbers: max_abs_error, max_rel_error, mismatched, total, worst_index, shape fields.
        mismatch: Boolean mask of wrong elements (None on a shape mismatch): the diagnosis localises with it.
    """

    ok: bool
    message: object
    numbers: dict
    mismatch: np.ndarray | None = None


def rel_error(actual: np.ndarray, desired: np.ndarray) -> float:
    """CS231n's relative error: max |a - d| / max(1e-8, |a| + |d|)."""
    actual, desired = np.asarray(actual, float), np.asarray(desired, float)
    if actual.shape != desired.shape or actual.size == 0:
        return float("inf") if actual.shape != desired.shape else 0.0
    return float(np.max(np.abs(actual - desired) / np.maximum(1e-8, np.abs(actual) + np.abs(desired))))


WORST_SHOWN = 5  # elements in an excerpt


def worst_elements(actual: np.ndarray, desired: np.ndarray, wrong: np.ndarray, limit: int = WORST_SHOWN):
    """(index, actual, desired) of the ``limit`` wrong elements with the largest absolute error, worst first (a
    non-finite value of the student's counts as the worst)."""
    error = np.abs(actual - desired)
    error = np.where(np.isfinite(error), error, np.inf)
    flat = np.flatnonzero(wrong.ravel())
    order = flat[np.argsort(-error.ravel()[flat], kind="stable")][:limit]
    return [(tuple(int(i) for i in np.unravel_index(k, actual.shape)), float(actual.ravel()[k]),
             float(desired.ravel()[k])) for k in order]


def _excerpt(actual: np.ndarray, desired: np.ndarray, wrong: np.ndarray) -> list:
    """The worst elements: index, the student's value, the expected one."""
    rows = tuple((str(index), f"{a:.6g}", f"{d:.6g}") for index, a, d in worst_elements(actual, desired, wrong))
    return [Excerpt(rows, int(wrong.sum()))]


def compare_arrays(actual: np.ndarray, desired: np.ndarray, what: str, *, rtol: float = RTOL, atol: float = ATOL,
                   show_values: bool = True) -> Comparison:
    """Compare two float arrays elementwise, like ``np.testing.assert_allclose``.

    Args:
        actual: What the student's code returned (plain float64, decoded by the parent).
        desired: What the reference returned.
        what: Name of the compared output, for the message (``dx``).
        rtol, atol: Tolerances: ``|actual - desired| <= atol + rtol * |desired|``.
        show_values: Include an excerpt of the worst elements, yours beside the expected (off for hidden tests).

    Returns:
        A Comparison.
    """
    actual = np.asarray(actual, dtype=np.float64)
    desired = np.asarray(desired, dtype=np.float64)
    t = text
    header = t("cmp_header", rtol=rtol, atol=atol, what=what)
    if actual.shape != desired.shape:
        return Comparison(False, join_lines(header, t("cmp_shapes", actual=actual.shape, desired=desired.shape)),
                          {"actual_shape": list(actual.shape), "desired_shape": list(desired.shape)})
    if not np.all(np.isfinite(actual)):
        bad = ~np.isfinite(actual)
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        lines = [header, t("cmp_nonfinite", count=int(bad.sum()), total=actual.size, index=index)]
        if show_values:
            lines += _excerpt(actual, desired, bad)
        return Comparison(False, join_lines(*lines), {"nonfinite": int(bad.sum()), "total": int(actual.size),
                                                     "shape": list(actual.shape)}, bad)
    error = np.abs(actual - desired)
    mismatch = error > atol + rtol * np.abs(desired)
    # rel_error's formula on the difference already taken (the same numbers, one subtraction fewer)
    relative_cs231n = float(np.max(error / np.maximum(1e-8, np.abs(actual) + np.abs(desired)))) if error.size else 0.0
    numbers = {"max_abs_error": float(error.max()) if error.size else 0.0,
               "max_rel_error": relative_cs231n,
               "mismatched": int(mismatch.sum()), "total": int(actual.size), "shape": list(actual.shape)}
    if not mismatch.any():
        return Comparison(True, "", numbers, mismatch)
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(error)), error.shape)) if error.ndim else ()
    numbers["worst_index"] = list(worst)
    # As numpy.testing words them: both maxima among the violating elements (numpy's relative difference is
    # |actual - desired| / |desired|); CS231n's relative error, a different quantity, on a line of its own.
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.abs(error[mismatch] / np.abs(desired[mismatch]))
    numbers["max_abs_violation"] = float(error[mismatch].max())
    numbers["max_rel_violation"] = float(np.nanmax(relative)) if np.any(~np.isnan(relative)) else float("inf")
    lines = [header,
             t("cmp_mismatched", count=numbers["mismatched"], total=numbers["total"],
               percent=100.0 * numbers["mismatched"] / max(1, numbers["total"])),
             t("cmp_max_abs", value=numbers["max_abs_violation"], index=worst),
             t("cmp_max_rel", value=numbers["max_rel_violation"]),
             t("cmp_cs231n", value=numbers["max_rel_error"])]
    if show_values:
        lines += _excerpt(actual, desired, mismatch)
    return Comparison(False, join_lines(*lines), numbers, mismatch)


def compare_values(actual, desired, what: str) -> Comparison:
    """Compare plain values (ints, tuples, nested lists) exactly, numbers within 1e-9."""
    def same(a, d):
        if isinstance(d, (list, tuple)):
            return isinstance(a, (list, tuple)) and len(a) == len(d) and all(same(x, y) for x, y in zip(a, d))
        if isinstance(d, bool) or isinstance(a, bool):
            return a == d
        if isinstance(d, (int, float)):
            return isinstance(a, (int, float)) and abs(a - d) <= 1e-9 * max(1.0, abs(d))
        return a == d
    ok = same(actual, desired)
    message = "" if ok else text("cmp_values", what=what, desired=repr(desired)[:250], actual=repr(actual)[:250])
    return Comparison(ok, message, {"actual": repr(actual)[:200], "desired": repr(desired)[:200]})
