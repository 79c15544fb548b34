"""Diagnosis by probing: run a failing conv or pool function on a few small inputs that differ from a plain one
in one respect each (square or not, stride equal to the pool size or not, pad 0 or not, overlapping windows or
not, N = 1, C = 1), and word the hint from the pattern of right and wrong answers. The batch norms' probes
(momentum 0 and 1, a constant feature) need no expected values and live in ``grader.layer_patterns``.

Shipped: the probes run in the same sandboxed worker as the graded cases (through
``grader.grading.DiagnosisContext.probe``), one job per failing function. Where the expected values come from is
the caller's: the instructor's diagnosis computes them with the reference, the student's check reads them from the
public tests (``grader.public_tests``), which store the probes and the reference's answers to them.
"""
from __future__ import annotations

import itertools

import numpy as np

from .compare import ATOL, RTOL
from .functions import Case
from .i18n import join, messages_with_prefix, text
from .layer_patterns import CONVENTION_PROBED, NORM_PROBED, convention_reading, norm_probe_hint

# (N, C, H, W), (F, HH, WW), stride, pad: every probe tiles exactly, like the graded cases.
CONV_PROBES = [((2, 3, 6, 6), (2, 3, 3), 1, 1), ((2, 3, 6, 8), (2, 3, 3), 1, 1), ((2, 3, 8, 6), (2, 3, 3), 1, 1),
               ((2, 3, 6, 6), (2, 3, 2), 1, 1), ((2, 3, 6, 6), (2, 3, 3), 1, 0), ((2, 3, 7, 7), (2, 3, 3), 2, 1),
               ((2, 3, 6, 6), (2, 2, 2), 2, 1), ((1, 3, 6, 6), (2, 3, 3), 1, 1), ((2, 1, 6, 6), (2, 3, 3), 1, 1),
               ((2, 3, 6, 7), (2, 3, 4), 1, 1),  # non-square input and kernel, square output
               ((2, 3, 6, 6), (2, 3, 3), 1, 2)]  # pad 2: a pad written as the number 1 shows
# (N, C, H, W), pool_height, pool_width, stride
POOL_PROBES = [((2, 3, 8, 8), 2, 2, 2), ((2, 3, 8, 10), 2, 2, 2), ((2, 3, 10, 8), 2, 2, 2), ((2, 3, 8, 8), 2, 2, 3),
               ((2, 3, 7, 7), 3, 3, 2), ((2, 3, 8, 9), 2, 3, 3), ((1, 3, 8, 8), 2, 2, 2), ((2, 1, 8, 8), 2, 2, 2)]

PROBED = {"conv_forward_naive", "conv_backward_naive", "max_pool_forward_naive", "max_pool_backward_naive",
          "avg_pool_forward_naive", "avg_pool_backward_naive"}

# Hypotheses, in order of preference: name -> predicate saying which probes a student with that mistake gets right.
HYPOTHESES = {
    "height_for_width": lambda f: f["square_input"] and f["square_window"],
    "height_for_width_input": lambda f: f["square_input"],
    "height_for_width_window": lambda f: f["square_window"],
    "height_for_width_output": lambda f: f["square_output"],
    "stride_is_pool_size": lambda f: f.get("stride_is_pool", True),
    "overlap": lambda f: not f["overlap"],
    "stride": lambda f: f["stride"] == 1,
    "pad_zero": lambda f: f.get("pad", 1) > 0,
    "pad_positive": lambda f: f.get("pad", 0) == 0,
    "pad_is_one": lambda f: f.get("pad", 1) == 1,
    "batch": lambda f: f["N"] == 1,
    "channels": lambda f: f["C"] == 1,
}



def probe_cases(graded, rng: np.random.Generator) -> tuple[list[Case], list[dict]]:
    """The probes of a conv or pool function: (cases, features of each)."""
    backward = graded.kind == "backward"
    cases, features = [], []
    if graded.name.startswith("conv"):
        for (N, C, H, W), (F, HH, WW), stride, pad in CONV_PROBES:
            Hp, Wp = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
            arrays = {"x": rng.standard_normal((N, C, H, W)), "w": rng.standard_normal((F, C, HH, WW)),
                      "b": rng.standard_normal(F)}
            if backward:
                arrays["dout"] = rng.standard_normal((N, F, Hp, Wp))
            cases.append(Case(arrays, {"conv_param": {"stride": stride, "pad": pad}}, f"probe x {(N, C, H, W)}"))
            features.append(_features(backward, (N, C, H, W), (HH, WW), (Hp, Wp), stride, pad=pad))
    else:
        for (N, C, H, W), ph, pw, stride in POOL_PROBES:
            arrays = {"x": rng.standard_normal((N, C, H, W))}
            Hp, Wp = 1 + (H - ph) // stride, 1 + (W - pw) // stride
            if backward:
                arrays["dout"] = rng.standard_normal((N, C, Hp, Wp))
            params = {"pool_param": {"pool_height": ph, "pool_width": pw, "stride": stride}}
            cases.append(Case(arrays, params, f"probe x {(N, C, H, W)}, pool {ph}x{pw}, stride {stride}"))
            features.append(_features(backward, (N, C, H, W), (ph, pw), (Hp, Wp), stride,
                                      stride_is_pool=stride == ph == pw))
    return cases, features


def _features(backward: bool, x_shape, window, out_hw, stride: int, **own) -> dict:
    """What a probe varies, for the hypotheses. Only a backward accumulates (so only it can miss a +=)."""
    (N, C, H, W), (wh, ww), (Hp, Wp) = x_shape, window, out_hw
    return {**({"accumulates": True} if backward else {}), "square_input": H == W, "square_window": wh == ww,
            "square_output": Hp == Wp, "overlap": stride < max(wh, ww), "stride": stride, "N": N, "C": C, **own}


def _right(out, expected: dict) -> bool:
    if out is None or out.problem:
        return False
    for name, (kind, desired) in expected.items():
        actual = out.arrays.get(name)
        if kind != "array" or actual is None or actual.shape != desired.shape or \
                not np.allclose(actual, desired, rtol=RTOL, atol=ATOL):
            return False
    return True


def pattern_hint(right: list[bool], features: list[dict]):
    """The hint of the hypothesis (or pair of hypotheses) that predicts exactly which probes were right."""
    if all(right) or not any(right):
        return ""
    # A hypothesis needs its feature; "overlap" (accumulate with +=) is a backward's mistake only.
    needs = {"stride_is_pool_size": "stride_is_pool", "pad_zero": "pad", "pad_positive": "pad", "pad_is_one": "pad",
             "overlap": "accumulates"}
    names = [n for n in HYPOTHESES if needs.get(n, "N") in features[0]]
    for size in (1, 2):
        for combo in itertools.combinations(names, size):
            predicted = [all(HYPOTHESES[n](f) for n in combo) for f in features]
            if predicted == right and len({tuple(HYPOTHESES[n](f) for f in features) for n in combo}) == size:
                # two hypotheses' hints joined by "probing_also" (" Also: ")
                parts = [text("probe_" + n) for n in combo]
                return parts[0] if len(parts) == 1 else join("", parts[0], text("probing_also"), parts[1])
    return ""


TEXT = messages_with_prefix("probe_")  # the probes' sentences, as grader.i18n.MESSAGES holds them

PROBE_SEED = 20240611  # the probes' inputs: fixed, so that the public tests can store the reference's answers


def probe_hint(graded, context, expected=None):
    """Run the probes of ``graded`` in the student's sandbox (once per submission) and word the pattern.

    Args:
        expected: ``expected(graded) -> (cases, features, expected outputs per case)``, or None where the
            expected values are unknown (then nothing is probed).
    """
    if graded.name in NORM_PROBED:
        return norm_probe_hint(graded, context)
    if graded.name in CONVENTION_PROBED:
        return convention_reading(graded, context)
    if graded.name not in PROBED or context is None or expected is None:
        return ""
    memo = context.__dict__.setdefault("_probe_patterns", {})
    if graded.name not in memo:
        probes = expected(graded)
        if probes is None:
            return ""
        cases, features, wanted = probes
        outputs = context.probe(graded, cases)
        right = [False] * len(cases) if outputs is None else \
            [_right(out, want) for out, want in zip(outputs, wanted)]
        memo[graded.name] = (right, features)
    right, features = memo[graded.name]
    return pattern_hint(right, features)
