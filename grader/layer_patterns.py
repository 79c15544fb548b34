"""What is wrong with a failing dropout or normalisation layer, read from which graded cases fail and from the
student's own outputs, with no reference code: the graded cases already vary what breaks these layers (train and
test mode, N = 1, D = 1, G = 1 and G = C, 2-D and 4-D input), and a dropout's output says how its mask was drawn and
scaled.

TRUSTED SIDE, shipped with the student's check (grader.public_tests) and used by the instructor's diagnosis alike.
"""
from __future__ import annotations

import numpy as np

from .i18n import join, text

FAMILIES = ("dropout", "batchnorm", "layernorm", "spatial_batchnorm", "spatial_groupnorm")


def family(name: str) -> str:
    """``batchnorm`` for batchnorm_forward, batchnorm_backward and batchnorm_backward_alt; '' outside the families."""
    for fam in sorted(FAMILIES, key=len, reverse=True):
        if name.startswith(fam + "_"):
            return fam
    return ""


def _features(case) -> dict:
    params = case.params
    x = case.arrays.get("x")
    shape = tuple(np.shape(x)) if x is not None else ()
    mode = params.get("mode") or (params.get("dropout_param") or {}).get("mode") or "train"
    eps = params.get("eps") or (params.get("ln_param") or params.get("gn_param") or {}).get("eps")
    features = {"test": mode == "test", "N1": bool(shape) and shape[0] == 1, "4d": len(shape) == 4,
                "D1": len(shape) == 2 and shape[1] == 1, "eps": eps is not None and eps >= 0.01}
    if "G" in params and len(shape) == 4:
        features.update(G1=params["G"] == 1, GC=params["G"] == shape[1])
    return features


# A pattern: the failing cases are exactly those with this feature (and some cases pass).
PATTERNS = [("eps", "pattern_eps_large"), ("test", "pattern_test_only"), ("G1", "pattern_g_is_1"), ("GC", "pattern_g_is_c"),
            ("N1", "pattern_n_is_1"), ("D1", "pattern_d_is_1"), ("4d", "pattern_4d_only")]
NOT_PATTERNS = [("test", "pattern_train_only")]


def case_pattern_hint(graded, cases, verdicts: dict):
    """The hint when the failing cases of a dropout or normalisation function are exactly those of one kind."""
    if not family(graded.name):
        return ""
    judged = {i: v for i, v in verdicts.items() if not v.missing}
    failing = {i for i, v in judged.items() if not v.ok}
    if not failing or len(failing) == len(judged):
        return ""
    features = {i: _features(cases[i]) for i in judged}
    for feature, key in PATTERNS:
        if {i for i in judged if features[i].get(feature)} == failing:
            if key == "pattern_test_only" and family(graded.name) == "dropout":
                key = "pattern_test_only_dropout"
            return text(key, function=graded.name)
    for feature, key in NOT_PATTERNS:
        if {i for i in judged if not features[i].get(feature)} == failing:
            return text(key, function=graded.name)
    return ""


def dropout_hint(graded, cases, outputs):
    """What a dropout_forward's own outputs say about its mask: which share of units it keeps (p or 1 - p), by
    how much it scales them (1 / p, 1 / (1 - p) or not at all), and what the test mode does to x."""
    if graded.name != "dropout_forward" or not outputs:
        return ""
    kept, scales, test_scales, ps = [], [], [], set()
    for case, out in zip(cases, outputs):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x = case.arrays.get("x")
        param = case.params.get("dropout_param") or {}
        if got is None or x is None or got.shape != np.shape(x) or not np.all(np.isfinite(got)):
            continue
        ratio = got / np.where(x != 0, x, 1.0)
        if param.get("mode") == "test":
            if np.allclose(ratio, ratio.flat[0], rtol=1e-6):
                test_scales.append((float(ratio.flat[0]), param["p"]))
            continue
        nonzero = ratio[np.abs(ratio) > 1e-12]
        if nonzero.size == 0 or not np.allclose(nonzero, nonzero.flat[0], rtol=1e-6):
            return ""  # not a mask times x: nothing to read here
        if x.size >= 500:  # enough units for the kept share to tell p from 1 - p
            kept.append((nonzero.size / x.size, param["p"]))
        scales.append((float(nonzero.flat[0]), param["p"]))
        ps.add(param["p"])
    found = []
    keeps_other = any(abs(share - (1 - p)) < 0.05 and abs(share - p) > 0.1 for share, p in kept)
    if keeps_other or any(abs(s - 1 / (1 - p)) < 1e-6 for s, p in scales):
        found.append(text("dropout_keeps_1_minus_p"))
    if scales and all(abs(s - 1.0) < 1e-6 for s, _ in scales):
        found.append(text("dropout_not_scaled"))
    if test_scales and all(abs(s - 1.0) > 1e-6 for s, _ in test_scales):
        how = "p" if all(abs(s - p) < 1e-6 for s, p in test_scales) else \
            "1 - p" if all(abs(s - (1 - p)) < 1e-6 for s, p in test_scales) else ""
        found.append(text("dropout_test_scaled", how=how or "?"))
    return text("dropout_found", what=join(" ", *found)) if found else ""
