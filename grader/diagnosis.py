"""Diagnosis: name the known mistake a student's output reproduces, or say where the error lives.

INSTRUCTOR SIDE (not shipped: the catalog describes the bugs the hidden tests are built to catch). Everything
here runs in the trusted parent on the case inputs and the student's decoded outputs; each catalog entry is a
small buggy implementation written with numpy, evaluated on the same inputs.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np

from .localise import localise


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A known mistake: a buggy version of one output of one function, with a hint for the student."""

    name: str
    function: str
    output: str
    compute: Callable  # (case.arrays, case.params, desired) -> the buggy output, or None where it does not apply
    hint: dict  # lang -> short hint


def _conv(x, w, b, stride, pad):
    from solutions.fast_layers import conv_forward_fast
    return conv_forward_fast(x, w, b, {"stride": stride, "pad": pad})[0]


def _max_pool_assign(a, p):
    """max_pool_backward with `=` where windows overlap: the last window's gradient wins."""
    x, dout, pp = a["x"], a["dout"], p["pool_param"]
    ph, pw, stride = pp["pool_height"], pp["pool_width"], pp["stride"]
    dx = np.zeros_like(x)
    N, C, H_out, W_out = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
                    r, q = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * stride + r, j * stride + q] = dout[n, c, i, j]
    return dx


CATALOG = [
    Mistake("assign_not_accumulate", "max_pool_backward_naive", "dx",
            lambda a, p, d: _max_pool_assign(a, p) if p["pool_param"]["stride"] < max(
                p["pool_param"]["pool_height"], p["pool_param"]["pool_width"]) else None,
            {"en": "Where pooling windows overlap, one input can be the maximum of several windows: accumulate "
                   "with dx[...] += dout[...], do not assign with =.",
             "zh": "池化窗口重叠时，一个输入可能是多个窗口的最大值：请用 dx[...] += dout[...] 累加，而不是用 = 赋值。"}),
    Mistake("forgotten_bias", "conv_forward_naive", "out",
            lambda a, p, d: d - a["b"][None, :, None, None],
            {"en": "The output is off by exactly the bias: add b[f] to every output of filter f.",
             "zh": "输出恰好差了偏置：请对第 f 个滤波器的每个输出加上 b[f]。"}),
    Mistake("flipped_kernel", "conv_forward_naive", "out",
            lambda a, p, d: _conv(a["x"], a["w"][:, :, ::-1, ::-1], a["b"], p["conv_param"]["stride"],
                                  p["conv_param"]["pad"]),
            {"en": "Your output is a true convolution with the kernel flipped; CNN layers compute a cross-correlation"
                   ": use w[f] as it is, without flipping it.",
             "zh": "你的输出相当于把卷积核翻转后的结果；CNN 的卷积层计算的是互相关，请直接使用 w[f]，不要翻转。"}),
    Mistake("no_padding", "conv_forward_naive", "out",
            lambda a, p, d: _conv(a["x"], a["w"], a["b"], p["conv_param"]["stride"], 0)
            if p["conv_param"]["pad"] else None,
            {"en": "The output looks computed without zero padding: pad x by conv_param['pad'] on every side first.",
             "zh": "输出像是没有做零填充：请先在 x 的四周填充 conv_param['pad'] 个零。"}),
    Mistake("pad_minus_pad_slice", "conv_backward_naive", "dx",
            lambda a, p, d: np.zeros(d.shape[:2] + (0, 0)) if p["conv_param"]["pad"] == 0 else None,
            {"en": "dx is empty when pad = 0: the slice x_pad[:, :, pad:-pad] is x_pad[:, :, 0:0] then. "
                   "Use pad:pad + H instead.",
             "zh": "当 pad = 0 时 dx 为空：此时 x_pad[:, :, pad:-pad] 等于 x_pad[:, :, 0:0]。请改用 pad:pad + H。"}),
    Mistake("db_from_one_sample", "conv_backward_naive", "db",
            lambda a, p, d: a["dout"][0].sum(axis=(1, 2)),
            {"en": "db equals the sum over the first sample only: sum dout over the batch too (axes 0, 2, 3).",
             "zh": "db 只对第一个样本求和了：还需要对整个批次求和（轴 0、2、3）。"}),
    Mistake("forgot_relu_mask", "relu_backward", "dx", lambda a, p, d: a["dout"].copy(),
            {"en": "dx equals dout: the gradient must be zero where x <= 0.",
             "zh": "dx 等于 dout：在 x <= 0 的位置梯度应为 0。"}),
    Mistake("softmax_without_shift", "softmax_loss", "loss", lambda a, p, d: np.nan,
            {"en": "The loss overflows for large scores: subtract each row's maximum before exp.",
             "zh": "分数很大时损失溢出：在取 exp 之前先减去每一行的最大值。"}),
]


def _matches(actual, candidate) -> bool:
    if actual is None or candidate is None:
        return False
    candidate = np.asarray(candidate, dtype=np.float64)
    actual = np.asarray(actual, dtype=np.float64)
    if candidate.shape != actual.shape:
        return False
    if candidate.ndim == 0 and np.isnan(candidate):
        return not np.all(np.isfinite(actual))
    return bool(np.allclose(actual, candidate, rtol=1e-5, atol=1e-7))


def diagnose(function: str, output: str, cases, verdicts, outputs, expected=None, lang: str = "en") -> str:
    """The hint of the first catalog mistake that reproduces the student's output on every failing case."""
    failing = [i for i, v in verdicts.items() if not v.ok and not v.missing]
    if not failing:
        return ""
    for mistake in CATALOG:
        if mistake.function != function or mistake.output != output:
            continue
        explained = 0
        for i in failing:
            actual = outputs[i].arrays.get(output) if outputs else None
            if actual is None and output in outputs[i].values:
                actual = outputs[i].values[output]
            ref = verdicts[i].desired
            try:
                candidate = mistake.compute(cases[i].arrays, cases[i].params, ref)
            except Exception:
                candidate = None
            if candidate is not None and _matches(actual, candidate):
                explained += 1
            elif candidate is not None:
                break
        if explained:
            return mistake.hint.get(lang, mistake.hint["en"])
    return ""


def hint_for(graded, output, cases, verdicts, outputs, lang: str = "en") -> str:
    """The grader's hook: a known mistake's hint, else a localisation of the error."""
    hint = diagnose(graded.name, output, cases, verdicts, outputs, lang=lang)
    if hint:
        return hint
    modified = next((v.numbers["modified_inputs"] for v in verdicts.values() if v.numbers.get("modified_inputs")),
                    None)
    if modified:
        return {"zh": f"你的代码原地修改了输入 {', '.join(modified)}：请先复制（例如 x.copy() 或 np.pad），不要改动输入。"}.get(
            lang, f"Your code changes its input {', '.join(modified)} in place: work on a copy (x.copy(), np.pad) "
                  "and leave the inputs as they were.")
    first = next((v for v in verdicts.values() if not v.ok and v.comparison is not None
                  and v.comparison.mismatch is not None), None)
    if first is None:
        return ""
    return localise(first.comparison.mismatch, graded.kind, lang)
