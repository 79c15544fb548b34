"""Say where an output is wrong (border or interior, which samples or filters, every other row) as a hint.

Runs in the trusted parent on the boolean mask of mismatched elements; ships to students as part of the check.
"""
from __future__ import annotations

import re

import numpy as np

from .i18n import text
from .layer_patterns import family

def _t(key, **fields):
    return text("where_" + key, **fields)  # the sentences live in grader.i18n.MESSAGES


def localise(mismatch: np.ndarray, kind: str = ""):
    """A one-line hint from the mask of wrong elements (shape (N, C, H, W) or any)."""
    mismatch = np.asarray(mismatch, dtype=bool)
    if mismatch.size == 0 or not mismatch.any():
        return ""
    if mismatch.ndim == 4:
        N, C, H, W = mismatch.shape
        per_sample = mismatch.any(axis=(1, 2, 3))
        if 0 < per_sample.sum() < N:
            return _t("some_samples", which=", ".join(str(i) for i in np.flatnonzero(per_sample)[:5]))
        per_channel = mismatch.any(axis=(0, 2, 3))
        if 0 < per_channel.sum() < C:
            return _t("some_channels", which=", ".join(str(i) for i in np.flatnonzero(per_channel)[:5]))
        if H > 2 and W > 2:
            interior = mismatch[:, :, 1:-1, 1:-1]
            if not interior.any():
                return _t("border", pad=">0")
            rows = mismatch.any(axis=(0, 1, 3))
            if rows.sum() >= 2 and (rows[::2].all() and not rows[1::2].any() or rows[1::2].all() and not rows[::2].any()):
                return _t("stride_rows")
    if mismatch.mean() > 0.5:
        return _t("everywhere")
    return ""


def localise_failure(graded, output, cases, verdicts, outputs):
    """The grader's hint hook without a catalog: localise the first failing case's wrong elements."""
    first = next((v for v in verdicts.values() if not v.ok and v.comparison is not None
                  and v.comparison.mismatch is not None), None)
    if not first:
        return ""
    hint = localise(first.comparison.mismatch, graded.kind)
    if family(graded.name) not in ("", "dropout") and getattr(hint, "key", "") in ("where_some_channels",
                                                                                 "where_some_samples"):
        # dropout and the normalisations are written without loops (set G: a group norm with eps outside the square
        # root was sent to "the loop over F or C"): the places are said with the formula's words
        return _t(hint.key[len("where_"):] + "_norm", **hint.fields)
    if family(graded.name) not in ("", "dropout") and getattr(hint, "key", "") in ("where_border", "where_stride_rows"):
        # no padding, windows or strides here (learnB's sweep: a spatial batch-norm backward transposed back as
        # (0, 3, 2, 1) was sent to "the padding"): positions wrong in every sample and channel are a layout's
        return _t("positions_norm")
    if hint == _t("everywhere") and not re.search(r"conv|pool", graded.name):
        # no loops and no windows here: the formula is all there is
        return _t("everywhere_norm" if family(graded.name) not in ("", "dropout") else "everywhere_formula")
    return hint
