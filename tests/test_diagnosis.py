"""Tests of the diagnosis: fair cases, exceptions named with the student's line, probing, one root cause."""
import numpy as np

from grader.cases import CONV_SHAPES, POOL_SHAPES, sandwich_cases
from grader.functions import BY_NAME


def test_every_graded_conv_and_pool_case_tiles():
    """Does every graded conv and pool case fit exactly (no stride that leaves pixels over)?"""
    for (N, C, H, W), (F, HH, WW), stride, pad in CONV_SHAPES:
        assert (H + 2 * pad - HH) % stride == 0 and (W + 2 * pad - WW) % stride == 0, (H, W, HH, WW, stride, pad)
    for (N, C, H, W), ph, pw, stride in POOL_SHAPES:
        assert (H - ph) % stride == 0 and (W - pw) % stride == 0, (H, W, ph, pw, stride)
    for case in sandwich_cases(np.random.default_rng(0), "conv_relu_pool", False):
        H, W = case.arrays["x"].shape[2:]
        conv = case.params["conv_param"]
        HH, WW = case.arrays["w"].shape[2:]
        Hc = 1 + (H + 2 * conv["pad"] - HH) // conv["stride"]
        Wc = 1 + (W + 2 * conv["pad"] - WW) // conv["stride"]
        assert (H + 2 * conv["pad"] - HH) % conv["stride"] == 0 and Hc % 2 == 0 and Wc % 2 == 0


def test_case_shapes_keep_their_coverage():
    """Do the tiling cases still cover N = 1, C = 1, non-square inputs, rectangular kernels, strides 1-3, pads 0-2
    and overlapping, rectangular pools?"""
    assert {s for *_, s, _ in CONV_SHAPES} >= {1, 2, 3} and {p for *_, p in CONV_SHAPES} >= {0, 1, 2}
    assert any(x[0] == 1 and x[1] == 1 and x[2] != x[3] for x, *_ in CONV_SHAPES)
    assert any(k[1] != k[2] for _, k, *_ in CONV_SHAPES)
    assert any(s < max(ph, pw) for _, ph, pw, s in POOL_SHAPES) and any(ph != pw for _, ph, pw, _ in POOL_SHAPES)
    assert any(s > min(ph, pw) or s == ph == pw for _, ph, pw, s in POOL_SHAPES)
    assert BY_NAME["conv_forward_naive"].kind == "forward"
