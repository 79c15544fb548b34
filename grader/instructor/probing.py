"""Diagnosis by probing: run a failing conv or pool function on a few small inputs that differ from a plain one
in one respect each (square or not, stride equal to the pool size or not, pad 0 or not, overlapping windows or
not, N = 1, C = 1), and word the hint from the pattern of right and wrong answers.

INSTRUCTOR SIDE. The probes run in the same sandboxed worker as the graded cases (through
``grader.grading.DiagnosisContext.probe``), one job per failing function; expected values come from the reference.
"""
from __future__ import annotations

import itertools

import numpy as np

from ..functions import Case

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

TEXT = {
    "height_for_width": {
        "en": "Probed on small inputs, your code is right whenever the input and the window are square and wrong "
              "otherwise: somewhere H stands where W belongs (or HH for WW, pool_height for pool_width).",
        "zh": "在小输入上试探：只要输入和窗口都是正方形你的代码就对，否则就错：某处把 H 用在了 W 的位置（或 HH 与 WW、"
              "pool_height 与 pool_width 混用）。"},
    "height_for_width_input": {
        "en": "Probed on small inputs, your code is right whenever the input is square (H == W) and wrong "
              "otherwise: somewhere H stands where W belongs (the output width, a loop bound or a slice).",
        "zh": "在小输入上试探：只要输入是正方形（H == W）你的代码就对，否则就错：某处把 H 用在了 W 的位置（输出宽度、"
              "循环上界或切片）。"},
    "height_for_width_window": {
        "en": "Probed on small inputs, your code is right whenever the window is square and wrong otherwise: "
              "somewhere the window's height stands where its width belongs (HH for WW, pool_height for "
              "pool_width).",
        "zh": "在小输入上试探：只要窗口是正方形你的代码就对，否则就错：某处把窗口的高度用在了宽度的位置（HH 与 WW、"
              "pool_height 与 pool_width）。"},
    "height_for_width_output": {
        "en": "Probed on small inputs, your code is right whenever the output is square (H' == W') and wrong "
              "otherwise: somewhere H' stands where W' belongs (a flat index i * H' + j should be i * W' + j; "
              "idx // W', idx % W').",
        "zh": "在小输入上试探：只要输出是正方形（H' == W'）你的代码就对，否则就错：某处把 H' 用在了 W' 的位置"
              "（展平下标 i * H' + j 应为 i * W' + j；idx // W'、idx % W'）。"},
    "stride_is_pool_size": {
        "en": "Probed on small inputs, your code is right only when the stride equals the pool size: the windows "
              "must step by stride, not by pool_height / pool_width.",
        "zh": "在小输入上试探：只有步长等于池化尺寸时你的代码才对：窗口应按 stride 移动，而不是按 pool_height / "
              "pool_width。"},
    "overlap": {
        "en": "Probed on small inputs, your code is right except where windows overlap: contributions to the same "
              "input element must add up (accumulate with +=, do not overwrite with =).",
        "zh": "在小输入上试探：除了窗口重叠的地方你的代码都对：对同一输入元素的贡献要累加（用 +=，不要用 = 覆盖）。"},
    "stride": {
        "en": "Probed on small inputs, your code is right only with stride 1: window (i, j) starts at row "
              "i * stride, column j * stride.",
        "zh": "在小输入上试探：只有步长为 1 时你的代码才对：第 (i, j) 个窗口从第 i * stride 行、第 j * stride 列开始。"},
    "pad_zero": {
        "en": "Probed on small inputs, your code is right except when pad = 0: a slice like pad:-pad is empty then "
              "(-0 is 0); use pad:pad + H or np.pad.",
        "zh": "在小输入上试探：除了 pad = 0 时你的代码都对：此时 pad:-pad 这样的切片是空的（-0 就是 0）；请用 "
              "pad:pad + H 或 np.pad。"},
    "pad_positive": {
        "en": "Probed on small inputs, your code is right only when pad = 0: check the padding (pad zeros on every "
              "side) and that windows are cut from the padded input.",
        "zh": "在小输入上试探：只有 pad = 0 时你的代码才对：请检查填充（每一侧都填充 pad 个零），以及窗口是否取自"
              "填充后的输入。"},
    "pad_is_one": {
        "en": "Probed on small inputs, your code is right only when pad = 1: the number 1 stands where pad belongs "
              "(a slice such as 1:-1); slice pad:pad + H, pad:pad + W.",
        "zh": "在小输入上试探：只有 pad = 1 时你的代码才对：某处把数字 1 写在了 pad 的位置（例如切片 1:-1）；"
              "请切片 pad:pad + H、pad:pad + W。"},
    "batch": {
        "en": "Probed on small inputs, your code is right for one sample and wrong for a batch: check the loop over "
              "N (or the batch axis of a sum).",
        "zh": "在小输入上试探：单个样本时你的代码对，一个批次时就错：请检查对 N 的循环（或求和所用的批次轴）。"},
    "channels": {
        "en": "Probed on small inputs, your code is right with one channel and wrong with several: a filter spans "
              "all C channels (sum over them); pooling works on each channel on its own.",
        "zh": "在小输入上试探：单通道时你的代码对，多通道时就错：每个滤波器覆盖全部 C 个通道（要对它们求和）；"
              "池化则对每个通道单独进行。"},
}
ALSO = {"en": " Also: ", "zh": "另外："}


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
            features.append({"square_input": H == W, "square_window": HH == WW, "square_output": Hp == Wp, "overlap": stride < max(HH, WW), "stride": stride,
                             "pad": pad, "N": N, "C": C})
    else:
        for (N, C, H, W), ph, pw, stride in POOL_PROBES:
            arrays = {"x": rng.standard_normal((N, C, H, W))}
            Hp, Wp = 1 + (H - ph) // stride, 1 + (W - pw) // stride
            if backward:
                arrays["dout"] = rng.standard_normal((N, C, Hp, Wp))
            params = {"pool_param": {"pool_height": ph, "pool_width": pw, "stride": stride}}
            cases.append(Case(arrays, params, f"probe x {(N, C, H, W)}, pool {ph}x{pw}, stride {stride}"))
            features.append({"square_input": H == W, "square_window": ph == pw, "square_output": Hp == Wp, "overlap": stride < max(ph, pw), "stride": stride,
                             "stride_is_pool": stride == ph == pw, "N": N, "C": C})
    return cases, features


def _right(out, expected: dict) -> bool:
    if out is None or out.problem:
        return False
    for name, (kind, desired) in expected.items():
        actual = out.arrays.get(name)
        if kind != "array" or actual is None or actual.shape != desired.shape or \
                not np.allclose(actual, desired, rtol=1e-5, atol=1e-7):
            return False
    return True


def pattern_hint(right: list[bool], features: list[dict], lang: str = "en") -> str:
    """The hint of the hypothesis (or pair of hypotheses) that predicts exactly which probes were right."""
    if all(right) or not any(right):
        return ""
    needs = {"stride_is_pool_size": "stride_is_pool", "pad_zero": "pad", "pad_positive": "pad", "pad_is_one": "pad"}
    names = [n for n in HYPOTHESES if needs.get(n, "N") in features[0]]
    for size in (1, 2):
        for combo in itertools.combinations(names, size):
            predicted = [all(HYPOTHESES[n](f) for n in combo) for f in features]
            if predicted == right and len({tuple(HYPOTHESES[n](f) for f in features) for n in combo}) == size:
                return ALSO[lang if lang in ALSO else "en"].join(TEXT[n].get(lang, TEXT[n]["en"]) for n in combo)
    return ""


def probe_hint(graded, context, lang: str = "en") -> str:
    """Run the probes of ``graded`` in the student's sandbox (once per submission) and word the pattern."""
    if graded.name not in PROBED or context is None:
        return ""
    memo = context.__dict__.setdefault("_probe_patterns", {})
    if graded.name not in memo:
        from .reference import expected_outputs
        cases, features = probe_cases(graded, np.random.default_rng(20240611))
        outputs = context.probe(graded, cases)
        right = [False] * len(cases) if outputs is None else \
            [_right(out, expected_outputs(graded, case)) for out, case in zip(outputs, cases)]
        memo[graded.name] = (right, features)
    right, features = memo[graded.name]
    return pattern_hint(right, features, lang)
