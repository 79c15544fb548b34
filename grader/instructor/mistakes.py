"""The catalog of known mistakes: each a one-line change to one function of the reference, with a hint.

INSTRUCTOR SIDE (never shipped). The same catalog serves twice: the diagnosis evaluates each mistake on the
student's inputs in the trusted parent and names the one that reproduces the student's output, and
``make verify-grader`` turns each into a buggy submission (``make_submission``, also the tests' and the demo's
buggy submissions) and proves that it loses points where it should and is diagnosed with its own hint.
"""
from __future__ import annotations

import ast
import dataclasses
import types
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..exception_rules import (FLOAT_SIZE, NP_ALIAS, NP_LIB_PAD, PAD_SLICE, UNRAVEL_SHAPE, WINDOW_SHAPE,
                               XRANGE)
from ..i18n import MESSAGES
from .reference import SOLUTIONS, copy_reference


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A known mistake.

    Attributes:
        name: Short identifier.
        function: The function it breaks.
        old, new: The change, applied inside that function only.
        en, zh: The hint, in English and Simplified Chinese.
        module: The reference module holding the function.
        also: Further (old, new) changes in the same function: a pair of mistakes, as real students make them.
    """

    name: str
    function: str
    old: str
    new: str
    en: str
    zh: str
    module: str = "layers"
    also: tuple = ()

    @property
    def file(self) -> str:
        return self.module.replace(".", "/") + ".py"

    def hint(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


M = Mistake
# Dropout's p: the probability of keeping a unit in this kit's docstring (CS231n since 2017), of dropping it in
# CS231n 2016's. Both ways a 2016 student writes it are named with the docstring's own line.
EPS_INSIDE = (MESSAGES["pattern_eps_large"]["en"].split(": ", 1)[1],
              MESSAGES["pattern_eps_large"]["zh"].split("：", 1)[1])
DROPOUT_P = (MESSAGES["dropout_keeps_1_minus_p"]["en"], MESSAGES["dropout_keeps_1_minus_p"]["zh"])
CATALOG = [
    # perceptron_step (notebook 00)
    M("perceptron_strict_boundary", "perceptron_step", "if y * (np.dot(w, x) + b) <= 0:",
      "if y * (np.dot(w, x) + b) < 0:",
      "An example exactly on the hyperplane (score 0) is a mistake too: test y * (w . x + b) <= 0, not < 0. "
      "Otherwise training from w = 0, b = 0 never moves.",
      "正好落在超平面上（得分为 0）的样本也算分错：要判断 y * (w . x + b) <= 0，而不是 < 0。"
      "否则从 w = 0、b = 0 开始训练时，参数永远不会改变。", module="perceptron"),
    M("perceptron_without_label", "perceptron_step", "w_new, b_new = w + lr * y * x, float(b + lr * y)",
      "w_new, b_new = w + lr * x, float(b + lr)",
      "The step always adds x: it must move towards the example's own side, w + lr * y * x and b + lr * y "
      "(subtract x when y = -1).",
      "这一步总是加上 x：应该朝样本自己的一侧移动，即 w + lr * y * x、b + lr * y（y = -1 时要减去 x）。",
      module="perceptron"),
    # top_k_accuracy
    M("top_k_lowest_scores", "top_k_accuracy", "np.argsort(-scores, axis=1)", "np.argsort(scores, axis=1)",
      "The guesses are the k lowest scores: np.argsort sorts in increasing order, so take the last k columns "
      "(or sort -scores).",
      "猜测取成了得分最低的 k 个类别：np.argsort 按从小到大排序，要取最后 k 列（或者对 -scores 排序）。"),
    M("top_k_count_not_share", "top_k_accuracy", "accuracy = np.mean(", "accuracy = np.sum(",
      "The result is the number of rows whose label is among the top k: the accuracy is that number divided by "
      "N, a share between 0 and 1.",
      "结果是标签落在前 k 个里的行数：准确率要再除以 N，是 0 到 1 之间的比例。"),
    # conv_forward_naive
    M("forgotten_bias", "conv_forward_naive", "np.sum(window * w[f]) + b[f]", "np.sum(window * w[f])",
      "The output is off by exactly the bias: add b[f] to every output of filter f.",
      "输出恰好差了偏置：请对第 f 个滤波器的每个输出加上 b[f]。"),
    M("flipped_kernel", "conv_forward_naive", "np.sum(window * w[f])", "np.sum(window * w[f, :, ::-1, ::-1])",
      "Your output is a true convolution with the kernel flipped; CNN layers compute a cross-correlation: use w[f] "
      "as it is.", "你的输出相当于翻转卷积核后的卷积；CNN 的卷积层计算的是互相关：请直接使用 w[f]，不要翻转。"),
    M("window_ignores_stride", "conv_forward_naive", "x_pad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]",
      "x_pad[n, :, i:i + HH, j:j + WW]",
      "The windows move one pixel at a time whatever the stride: window (i, j) starts at row i * stride, column "
      "j * stride.", "无论步长多少，窗口都只移动一个像素：第 (i, j) 个窗口应从第 i * stride 行、第 j * stride 列开始。"),
    M("height_for_width", "conv_forward_naive", "W_out = 1 + (W + 2 * pad - WW) // stride",
      "W_out = 1 + (W + 2 * pad - HH) // stride",
      "With rectangular kernels the output width is wrong: W' = 1 + (W + 2 * pad - WW) / stride uses the filter's "
      "width WW, not its height HH.",
      "卷积核不是正方形时输出宽度错误：W' = 1 + (W + 2 * pad - WW) / stride 应使用滤波器宽度 WW，而不是高度 HH。"),
    M("first_channel_only", "conv_forward_naive", "np.sum(window * w[f]) + b[f]", "np.sum(window[0] * w[f, 0]) + b[f]",
      "Only the first input channel is used: a filter spans all C channels, sum over them too.",
      "只用了第一个输入通道：每个滤波器覆盖全部 C 个通道，也要对通道求和。"),
    M("padding_on_one_side", "conv_forward_naive", "((0, 0), (0, 0), (pad, pad), (pad, pad))",
      "((0, 0), (0, 0), (2 * pad, 0), (2 * pad, 0))",
      "The padding is all on the top/left: pad `pad` zeros on each side (np.pad with (pad, pad)).",
      "填充全在上方/左侧：应在每一侧各填充 pad 个零（np.pad 使用 (pad, pad)）。"),
    M("pad_slice_assign_at_pad_0", "conv_forward_naive", 'x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")',
      "x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n    x_pad[:, :, pad:-pad, pad:-pad] = x", *PAD_SLICE),
    M("xrange_python2", "conv_forward_naive", "for n in range(N):", "for n in xrange(N):", *XRANGE),
    M("true_division_sizes", "conv_forward_naive", "H_out = 1 + (H + 2 * pad - HH) // stride",
      "H_out = 1 + (H + 2 * pad - HH) / stride", *FLOAT_SIZE),
    M("np_lib_pad", "conv_forward_naive", "x_pad = np.pad(", "x_pad = np.lib.pad(", *NP_LIB_PAD),
    M("output_width_from_height", "conv_forward_naive", "W_out = 1 + (W + 2 * pad - WW) // stride",
      "W_out = 1 + (H + 2 * pad - WW) // stride",
      "The output width is computed from the input height: W' = 1 + (W + 2 * pad - WW) / stride uses W. Square "
      "inputs hide this; the course's inputs are not all square.",
      "输出宽度用输入高度算了：W' = 1 + (W + 2 * pad - WW) / stride 中应使用 W。正方形输入会掩盖这个错误，而课程的"
      "输入并不都是正方形。"),
    M("pad_slice_and_stride_ignored", "conv_forward_naive", 'x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")',
      "x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n    x_pad[:, :, pad:-pad, pad:-pad] = x",
      "Two mistakes: the slice pad:-pad is empty when pad = 0 (use np.pad or pad:pad + H), and the windows move "
      "one pixel at a time whatever the stride (window (i, j) starts at i * stride, j * stride).",
      "两个错误：pad = 0 时切片 pad:-pad 是空的（请用 np.pad 或 pad:pad + H）；并且无论步长多少窗口都只移动一个像素"
      "（第 (i, j) 个窗口从 i * stride、j * stride 开始）。",
      also=(("x_pad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]", "x_pad[n, :, i:i + HH, j:j + WW]"),)),
    # conv_backward_naive
    M("pad_minus_pad_slice", "conv_backward_naive", "dx = dx_pad[:, :, pad:pad + H, pad:pad + W]",
      "dx = dx_pad[:, :, pad:-pad, pad:-pad]",
      "dx is empty when pad = 0: x_pad[:, :, pad:-pad] is x_pad[:, :, 0:0] then. Use pad:pad + H instead.",
      "当 pad = 0 时 dx 为空：此时 x_pad[:, :, pad:-pad] 等于 x_pad[:, :, 0:0]。请改用 pad:pad + H。"),
    M("db_from_one_sample", "conv_backward_naive", "db = dout.sum(axis=(0, 2, 3))", "db = dout[0].sum(axis=(1, 2))",
      "db is the sum over the first sample only: sum dout over the batch too (axes 0, 2 and 3).",
      "db 只对第一个样本求和：还要对整个批次求和（轴 0、2、3）。"),
    M("db_mean", "conv_backward_naive", "db = dout.sum(axis=(0, 2, 3))", "db = dout.mean(axis=(0, 2, 3))",
      "db is averaged: the bias is added to every output, so its gradient is the sum of dout, not the mean.",
      "db 取了平均：偏置加到了每个输出上，其梯度应是 dout 的和而不是均值。"),
    M("dx_assign_not_accumulate", "conv_backward_naive", "dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f]",
      "dx_pad[n, :, hs:hs + HH, ws:ws + WW] = w[f]",
      "Where windows overlap (and over filters) the contributions to dx must add up: use += not =.",
      "窗口重叠（以及多个滤波器）时对 dx 的贡献要累加：请用 += 而不是 =。"),
    M("dw_assign_not_accumulate", "conv_backward_naive", "dw[f] += x_pad", "dw[f] = x_pad",
      "dw keeps only the last window's contribution: accumulate over every sample and position with +=.",
      "dw 只保留了最后一个窗口的贡献：请用 += 对所有样本和位置累加。"),
    M("backward_ignores_stride", "conv_backward_naive", "hs, ws = i * stride, j * stride", "hs, ws = i, j",
      "The backward pass places windows one pixel apart whatever the stride: use i * stride, j * stride.",
      "反向传播中窗口位置没有考虑步长：请使用 i * stride、j * stride。"),
    M("backward_pad_slice_assign_at_pad_0", "conv_backward_naive", 'x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")',
      "x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n    x_pad[:, :, pad:-pad, pad:-pad] = x", *PAD_SLICE),
    M("backward_true_division_sizes", "conv_backward_naive", "_, _, H_out, W_out = dout.shape",
      "H_out = 1 + (H + 2 * pad - HH) / stride\n    W_out = 1 + (W + 2 * pad - WW) / stride", *FLOAT_SIZE),
    M("dw_from_unpadded_x", "conv_backward_naive", "dw[f] += x_pad[n, :, hs:hs + HH, ws:ws + WW]",
      "dw[f] += x[n, :, hs:hs + HH, ws:ws + WW]", *WINDOW_SHAPE),
    M("backward_kernel_height_for_width", "conv_backward_naive", "ws:ws + WW] * dout", "ws:ws + HH] * dout",
      *WINDOW_SHAPE, also=(("ws:ws + WW] += w[f]", "ws:ws + HH] += w[f]"),)),
    M("dx_pad_slice_and_assign", "conv_backward_naive", "dx = dx_pad[:, :, pad:pad + H, pad:pad + W]",
      "dx = dx_pad[:, :, pad:-pad, pad:-pad]",
      "Two mistakes in dx: it is empty when pad = 0 (pad:-pad is 0:0 then; slice pad:pad + H), and where windows "
      "overlap their contributions must add up (+=, not =).",
      "dx 有两个错误：pad = 0 时它是空的（此时 pad:-pad 即 0:0；请切片 pad:pad + H）；窗口重叠处的贡献要累加（用 += "
      "而不是 =）。",
      also=(("dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f]", "dx_pad[n, :, hs:hs + HH, ws:ws + WW] = w[f]"),)),
    # max pooling
    M("pool_window_ignores_stride", "max_pool_forward_naive",
      "x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]", "x[:, :, i:i + ph, j:j + pw]",
      "The pooling windows move one pixel at a time: window (i, j) starts at (i * stride, j * stride).",
      "池化窗口每次只移动一个像素：第 (i, j) 个窗口应从 (i * stride, j * stride) 开始。"),
    M("pool_height_for_width", "max_pool_forward_naive", "j * stride:j * stride + pw]", "j * stride:j * stride + ph]",
      "With rectangular windows the width uses pool_height: the window is pool_height x pool_width.",
      "窗口不是正方形时出错：宽度用了 pool_height，窗口应为 pool_height x pool_width。"),
    M("mean_instead_of_max", "max_pool_forward_naive", "window.max(axis=(2, 3))", "window.mean(axis=(2, 3))",
      "The output is the mean of each window: max pooling keeps the maximum.",
      "输出是每个窗口的均值：最大池化应取最大值。"),
    M("max_across_channels", "max_pool_forward_naive", "window.max(axis=(2, 3))", "window.max(axis=(1, 2, 3))[:, None]",
      "The maximum is taken across channels too: pool each channel on its own (axes 2 and 3 only).",
      "最大值也跨通道取了：每个通道应单独池化（只在轴 2、3 上取最大值）。"),
    M("pool_stride_is_pool_size", "max_pool_forward_naive",
      "x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]", "x[:, :, i * ph:i * ph + ph, j * pw:j * pw + pw]",
      "The windows step by the pool size instead of the stride: right only when the stride equals the pool size. "
      "Window (i, j) starts at (i * stride, j * stride).",
      "窗口按池化尺寸而不是步长移动：只有步长等于池化尺寸时才对。第 (i, j) 个窗口应从 (i * stride, j * stride) 开始。"),
    M("pool_np_int_sizes", "max_pool_forward_naive", "H_out, W_out = 1 + (H - ph) // stride, 1 + (W - pw) // stride",
      "H_out, W_out = np.int(1 + (H - ph) / stride), np.int(1 + (W - pw) / stride)", *NP_ALIAS),
    M("pool_output_width_from_height", "max_pool_forward_naive", "1 + (W - pw) // stride", "1 + (H - pw) // stride",
      "The output width is computed from the input height: W' = 1 + (W - pool_width) / stride uses W. Square "
      "inputs hide this.", "输出宽度用输入高度算了：W' = 1 + (W - pool_width) / stride 中应使用 W。正方形输入会掩盖这个错误。"),
    M("pool_stride_is_pool_and_height_for_width", "max_pool_forward_naive",
      "x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]", "x[:, :, i * ph:i * ph + ph, j * ph:j * ph + ph]",
      "Two mistakes: the windows step by the pool size instead of the stride, and the window's width uses "
      "pool_height. Window (i, j) is x[:, :, i * stride:i * stride + pool_height, j * stride:j * stride + pool_width].",
      "两个错误：窗口按池化尺寸而不是步长移动，并且窗口宽度用了 pool_height。第 (i, j) 个窗口是 "
      "x[:, :, i * stride:i * stride + pool_height, j * stride:j * stride + pool_width]。"),
    M("pool_assign_not_accumulate", "max_pool_backward_naive", "dx[n, c, hs + a, ws + bb] += dout",
      "dx[n, c, hs + a, ws + bb] = dout",
      "Where pooling windows overlap, one input can be the maximum of several windows: accumulate with +=, not =.",
      "池化窗口重叠时，一个输入可能是多个窗口的最大值：请用 += 累加，而不是 =。"),
    M("gradient_to_whole_window", "max_pool_backward_naive", "dx[n, c, hs + a, ws + bb] += dout[n, c, i, j]",
      "dx[n, c, hs:hs + ph, ws:ws + pw] += dout[n, c, i, j]",
      "The gradient goes to every element of the window: only the maximum receives it.",
      "梯度传给了窗口中的每个元素：只有最大值所在位置才接收梯度。"),
    M("pool_backward_ignores_stride", "max_pool_backward_naive", "hs, ws = i * stride, j * stride", "hs, ws = i, j",
      "The backward pass places the windows one pixel apart: use i * stride, j * stride as in the forward.",
      "反向传播中窗口位置没有考虑步长：请像前向一样使用 i * stride、j * stride。"),
    M("argmax_without_offset", "max_pool_backward_naive", "dx[n, c, hs + a, ws + bb]", "dx[n, c, a, bb]",
      "The argmax is a position inside the window: add the window's offset (hs, ws) before writing into dx.",
      "argmax 是窗口内的位置：写入 dx 前要加上窗口的偏移 (hs, ws)。"),
    M("unravel_with_pool_height", "max_pool_backward_naive", "np.unravel_index(np.argmax(window), window.shape)",
      "np.unravel_index(np.argmax(window), (ph, ph))", *UNRAVEL_SHAPE),
    M("pool_mask_assign", "max_pool_backward_naive",
      "a, bb = np.unravel_index(np.argmax(window), window.shape)\n                    dx[n, c, hs + a, ws + bb] += dout[n, c, i, j]",
      "dx[n, c, hs:hs + ph, ws:ws + pw] = (window == np.max(window)) * dout[n, c, i, j]",
      "The whole window of dx is overwritten (=) with the mask times dout: where windows overlap this erases what "
      "earlier windows put there. Add only at the maximum: dx[..., hs + a, ws + b] += dout[n, c, i, j].",
      "dx 的整个窗口被掩码乘 dout 覆盖（=）：窗口重叠时会抹掉之前窗口写入的梯度。请只在最大值处累加："
      "dx[..., hs + a, ws + b] += dout[n, c, i, j]。"),
    M("pool_backward_stride_is_pool_size", "max_pool_backward_naive", "hs, ws = i * stride, j * stride",
      "hs, ws = i * ph, j * pw",
      "The backward steps by the pool size instead of the stride: right only when the stride equals the pool size.",
      "反向传播按池化尺寸而不是步长移动窗口：只有步长等于池化尺寸时才对。"),
    M("pool_backward_xrange", "max_pool_backward_naive", "for n in range(N):", "for n in xrange(N):", *XRANGE),
    # mean pooling
    M("avg_sum_instead_of_mean", "avg_pool_forward_naive", ".mean(axis=(2, 3))", ".sum(axis=(2, 3))",
      "The output is the sum of each window: mean pooling divides by pool_height * pool_width.",
      "输出是窗口之和：平均池化需要除以 pool_height * pool_width。"),
    M("avg_backward_not_divided", "avg_pool_backward_naive", "dout[:, :, i:i + 1, j:j + 1] / (ph * pw)",
      "dout[:, :, i:i + 1, j:j + 1]",
      "Each window's gradient is spread without dividing: every element gets dout / (pool_height * pool_width).",
      "梯度没有平均分配：窗口中每个元素应得到 dout / (pool_height * pool_width)。"),
    # the others
    M("affine_forgotten_bias", "affine_forward", ".dot(w) + b", ".dot(w)",
      "The output is off by the bias: add b.", "输出差了偏置：请加上 b。"),
    M("affine_db_one_sample", "affine_backward", "db = dout.sum(axis=0)", "db = dout[0]",
      "db is the first sample's gradient only: sum dout over the batch.", "db 只取了第一个样本：请对批次求和。"),
    M("relu_modifies_input", "relu_forward", "out = np.maximum(0, x)", "x[x < 0] = 0\n    out = x",
      "The output is right but x is changed in place (x[x < 0] = 0): the caller's x is zeroed too. Build the "
      "output as a new array (np.maximum returns one) and leave x as it was.",
      "输出正确，但 x 被原地修改了（x[x < 0] = 0）：调用者的 x 也被置零了。请把输出建成一个新数组（np.maximum 会返回"
      "新数组），不要改动 x。"),
    M("relu_mask_forgotten", "relu_backward", "dx = dout * (x > 0)", "dx = dout",
      "dx equals dout: the gradient must be zero where x <= 0.", "dx 等于 dout：在 x <= 0 的位置梯度应为 0。"),
    M("sigmoid_derivative", "sigmoid_backward", "dout * out * (1.0 - out)", "dout * (1.0 - out)",
      "The sigmoid's derivative is out * (1 - out), not (1 - out).", "sigmoid 的导数是 out * (1 - out)，而不是 (1 - out)。"),
    M("tanh_derivative", "tanh_backward", "dout * (1.0 - out ** 2)", "dout * (1.0 - out)",
      "tanh's derivative is 1 - out ** 2.", "tanh 的导数是 1 - out ** 2。"),
    M("softmax_without_shift", "softmax_loss", "shifted = x - x.max(axis=1, keepdims=True)", "shifted = x",
      "The loss overflows for large scores: subtract each row's maximum before exp (it does not change the "
      "softmax).", "分数很大时溢出：在取 exp 之前先减去每一行的最大值（不改变 softmax 的结果）。"),
    M("softmax_loss_not_averaged", "softmax_loss", "loss = -log_probs[np.arange(N), y].mean()",
      "loss = -log_probs[np.arange(N), y].sum()",
      "The loss is summed over the batch: average it over N.", "损失对批次求了和：请对 N 取平均。"),
    M("softmax_dx_not_averaged", "softmax_loss", "dx /= N", "dx /= 1",
      "dx is N times too large: divide by N, as the loss is an average.", "dx 大了 N 倍：损失是平均值，请除以 N。"),
    # optimizers
    M("momentum_sign", "sgd_momentum", 'v = config["momentum"] * v - config["learning_rate"] * dw',
      'v = config["momentum"] * v + config["learning_rate"] * dw',
      "The velocity climbs the gradient: v = momentum * v - learning_rate * dw.",
      "速度沿梯度上升了：应为 v = momentum * v - learning_rate * dw。", "optim"),
    M("rmsprop_gradient_not_squared", "rmsprop", '(1 - config["decay_rate"]) * dw ** 2',
      '(1 - config["decay_rate"]) * dw',
      "The cache averages dw, not dw ** 2: RMSProp keeps a moving average of the squared gradient.",
      "cache 累计的是 dw 而不是 dw ** 2：RMSProp 保存的是梯度平方的滑动平均。", "optim"),
    M("adam_without_bias_correction", "adam", 'm_hat = config["m"] / (1 - config["beta1"] ** config["t"])',
      'm_hat = config["m"]',
      "The first moment is not bias-corrected: divide m by (1 - beta1 ** t), as for v.",
      "一阶矩没有做偏差校正：请像 v 一样将 m 除以 (1 - beta1 ** t)。", "optim"),
    # convolution arithmetic
    M("output_size_without_plus_one", "conv_output_size", "size = span // stride + 1", "size = span // stride",
      "The output size is one short: (N - F + 2P) / S + 1 counts the first position too.",
      "输出尺寸少了 1：(N - F + 2P) / S + 1 中的 +1 计入了第一个位置。", "conv_arithmetic"),
    M("receptive_field_without_jump", "receptive_field", "        jump *= stride\n", "",
      "Strides are ignored: after a layer with stride s, one step of the next layer spans s times more input pixels "
      "(j *= s).", "忽略了步长：经过步长为 s 的层后，下一层每移动一步覆盖的输入像素要乘以 s（j *= s）。",
      "conv_arithmetic"),
    # dropout (issue 13)
    M("dropout_without_scaling", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.rand(*x.shape) < p)",
      "The kept units are not scaled: inverted dropout divides them by p (mask = (rand < p) / p), so that the "
      "expected output equals x and the test-time pass is the identity.",
      "保留的单元没有缩放：反向（inverted）dropout 要把它们除以 p（mask = (rand < p) / p），使输出的期望等于 x，"
      "测试时才能直接输出 x。"),
    M("dropout_scaled_at_test", "dropout_forward", "out = x.copy()", "out = x * p",
      "At test time the output is scaled by p: with inverted dropout the scaling already happened in training, "
      "so the test-time pass returns x unchanged.",
      "测试时输出乘了 p：反向 dropout 在训练时已经做了缩放，测试时应原样返回 x。"),
    M("dropout_keeps_1_minus_p", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.rand(*x.shape) < 1 - p) / (1 - p)", *DROPOUT_P),
    M("dropout_drops_with_p", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.rand(*x.shape) >= p) / (1 - p)", *DROPOUT_P),
    M("dropout_mask_redrawn", "dropout_backward", "dx = dout * mask",
      'dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) / dropout_param["p"]',
      "The backward pass draws a new mask: use the mask stored in the cache by the forward pass, or the gradient "
      "belongs to a different network.",
      "反向传播重新生成了掩码：请使用前向传播存在 cache 里的掩码，否则梯度对应的是另一个网络。"),
    # batch normalisation
    M("bn_wrong_axis", "batchnorm_forward", "mu = x.mean(axis=0)\n        var = x.var(axis=0)",
      "mu = x.mean(axis=1, keepdims=True)\n        var = x.var(axis=1, keepdims=True)",
      "The statistics are taken over the features of each sample: batch norm normalises each feature over the "
      "batch (axis 0).",
      "统计量是在每个样本的特征上计算的：批归一化应对每个特征在整个批次上（轴 0）归一化。"),
    M("bn_batch_stats_at_test", "batchnorm_forward",
      "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
      "out = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta",
      "In test mode the batch's own statistics are used: normalise with running_mean and running_var, so that a "
      "test output does not depend on the other samples.",
      "测试模式下用了当前批次的统计量：应使用 running_mean 和 running_var 归一化，测试输出才不依赖于同批其他样本。"),
    M("bn_running_not_updated", "batchnorm_forward",
      "running_mean = momentum * running_mean + (1 - momentum) * mu\n"
      "        running_var = momentum * running_var + (1 - momentum) * var", "pass",
      "The running averages are not updated in train mode: running_mean = momentum * running_mean + "
      "(1 - momentum) * sample_mean, and the same for the variance.",
      "训练模式下没有更新滑动平均：running_mean = momentum * running_mean + (1 - momentum) * sample_mean，"
      "方差同理。"),
    M("bn_eps_outside_sqrt", "batchnorm_forward", "std = np.sqrt(var + eps)", "std = np.sqrt(var) + eps",
      *EPS_INSIDE),
    M("bn_test_eps_outside_sqrt", "batchnorm_forward", "np.sqrt(running_var + eps) + beta",
      "(np.sqrt(running_var) + eps) + beta", *EPS_INSIDE),
    M("bn_eps_outside_sqrt_both_modes", "batchnorm_forward", "std = np.sqrt(var + eps)", "std = np.sqrt(var) + eps",
      *EPS_INSIDE, also=(("np.sqrt(running_var + eps) + beta", "(np.sqrt(running_var) + eps) + beta"),)),
    M("bn_test_without_gamma_beta", "batchnorm_forward",
      "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
      "out = (x - running_mean) / np.sqrt(running_var + eps)",
      "In test mode the output is not scaled and shifted: after normalising with the running averages, apply "
      "gamma and beta as in train mode: the normalised value times gamma, plus beta.",
      "测试模式下输出没有缩放和平移：用滑动平均归一化之后，要像训练模式一样应用 gamma 和 beta，即 "
      "归一化后的值乘以 gamma 再加 beta。"),
    M("bn_unbiased_variance", "batchnorm_forward", "var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)",
      "The batch variance is the unbiased one (ddof=1, divided by N - 1): batch norm normalises with the plain "
      "variance of the batch, np.var(x, axis=0) (divided by N), and feeds that to running_var too.",
      "批次方差用了无偏估计（ddof=1，除以 N - 1）：批归一化用的是批次的普通方差 np.var(x, axis=0)（除以 N），"
      "running_var 也用它更新。"),
    M("bn_momentum_swapped", "batchnorm_forward",
      "running_mean = momentum * running_mean + (1 - momentum) * mu\n"
      "        running_var = momentum * running_var + (1 - momentum) * var",
      "running_mean = (1 - momentum) * running_mean + momentum * mu\n"
      "        running_var = (1 - momentum) * running_var + momentum * var",
      "momentum weighs the wrong term: running_mean = momentum * running_mean + (1 - momentum) * sample_mean "
      "(momentum = 0.9 keeps 90% of the old average), and the same for running_var.",
      "momentum 乘错了项：running_mean = momentum * running_mean + (1 - momentum) * sample_mean（momentum = 0.9 "
      "表示保留 90% 的旧平均值），running_var 同理。"),
    M("bn_running_var_from_std", "batchnorm_forward", "running_var = momentum * running_var + (1 - momentum) * var",
      "running_var = momentum * running_var + (1 - momentum) * std",
      "running_var averages the standard deviation (with eps in it): it is the running average of the batch "
      "variance, momentum * running_var + (1 - momentum) * sample_var.",
      "running_var 累计的是（含 eps 的）标准差：它应是批次方差的滑动平均，momentum * running_var + "
      "(1 - momentum) * sample_var。"),
    M("ln_eps_outside_sqrt", "layernorm_forward", "std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
      "std = np.sqrt(x.var(axis=1, keepdims=True)) + eps", *EPS_INSIDE),
    M("gn_stats_per_position", "spatial_groupnorm_forward",
      "mu = xg.mean(axis=(2, 3, 4), keepdims=True)\n    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)",
      "mu = xg.mean(axis=2, keepdims=True)\n    std = np.sqrt(xg.var(axis=2, keepdims=True) + eps)",
      "The statistics are taken over each group's channels at every position on its own (layer norm over the "
      "group's channels per pixel): group norm takes one mean and variance per sample and group over the group's "
      "channels AND all H x W positions (axes 2, 3, 4 of x.reshape(N, G, C // G, H, W)).",
      "统计量是在每个位置上、只对组内通道计算的（逐像素对组内通道做层归一化）：组归一化对每个样本的每一组，在组内"
      "所有通道以及全部 H x W 个位置上（x.reshape(N, G, C // G, H, W) 的轴 2、3、4）计算一个均值和方差。"),
    M("bn_backward_constant_stats", "batchnorm_backward", "dx = dx_hat / std + dvar * 2.0 * x_mu / N + dmu / N",
      "dx = dx_hat / std",
      "dx treats the batch mean and variance as constants: they depend on x too, so add the paths through the "
      "variance and the mean.",
      "dx 把批次均值和方差当成了常数：它们也依赖于 x，还要加上经过方差和均值的梯度路径。"),
    M("bn_alt_without_dgamma_term", "batchnorm_backward_alt", "N * dout - dbeta - x_hat * dgamma",
      "N * dout - dbeta",
      "The simplified dx misses its last term: dx = gamma / (N * std) * (N * dout - sum(dout) - x_hat * "
      "sum(dout * x_hat)).",
      "简化后的 dx 少了最后一项：dx = gamma / (N * std) * (N * dout - sum(dout) - x_hat * sum(dout * x_hat))。"),
    M("ln_wrong_axis", "layernorm_forward",
      "mu = x.mean(axis=1, keepdims=True)\n    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
      "mu = x.mean(axis=0, keepdims=True)\n    std = np.sqrt(x.var(axis=0, keepdims=True) + eps)",
      "This normalises each feature over the batch, which is batch norm: layer norm normalises each sample over "
      "its features (axis 1).", "这是在批次上对每个特征归一化，即批归一化：层归一化应对每个样本在其特征上（轴 1）归一化。"),
    M("ln_backward_batch_axis", "layernorm_backward", "dx_hat.sum(axis=1, keepdims=True)",
      "dx_hat.sum(axis=0, keepdims=True)",
      "The backward pass sums over the batch: in layer norm every sum runs over the features of one sample "
      "(axis 1).", "反向传播在批次上求和：层归一化中的每个求和都应在单个样本的特征上（轴 1）进行。"),
    M("sbn_reshape_without_transpose", "spatial_batchnorm_forward", "flat = x.transpose(0, 2, 3, 1).reshape(-1, C)",
      "flat = x.reshape(-1, C)",
      "x.reshape(-1, C) mixes channels and positions: move the channels last first (x.transpose(0, 2, 3, 1)), "
      "then reshape to (N * H * W, C).",
      "x.reshape(-1, C) 把通道和位置混在了一起：请先把通道移到最后（x.transpose(0, 2, 3, 1)），再变形为 "
      "(N * H * W, C)。"),
    M("gn_stats_over_batch", "spatial_groupnorm_forward",
      "mu = xg.mean(axis=(2, 3, 4), keepdims=True)\n    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)",
      "mu = xg.mean(axis=(0, 2, 3, 4), keepdims=True)\n    std = np.sqrt(xg.var(axis=(0, 2, 3, 4), keepdims=True) + eps)",
      "The group statistics are shared across the batch: group norm normalises each sample's group on its own "
      "(axes C / G, H and W of x.reshape(N, G, C // G, H, W), not N).",
      "组统计量跨批次共享了：组归一化应对每个样本的每一组单独归一化（在 x.reshape(N, G, C // G, H, W) 的 C/G、H、W "
      "轴上，不含 N）。"),
    M("gap_sum", "global_avg_pool_forward", ".mean(axis=(2, 3))", ".sum(axis=(2, 3))",
      "The output is the sum of each feature map: global average pooling divides by H * W.",
      "输出是每个特征图的和：全局平均池化要除以 H * W。"),
    M("gap_backward_not_divided", "global_avg_pool_backward", "dout[:, :, None, None] / (H * W)",
      "dout[:, :, None, None]",
      "Each position gets all of dout: the mean gives each of the H * W positions dout / (H * W).",
      "每个位置都得到了完整的 dout：求均值时每个位置只应得到 dout / (H * W)。"),
    # residual block
    M("residual_relu_before_add", "residual_block_forward", "out, relu2 = relu_forward(n2 + shortcut)",
      "out, relu2 = relu_forward(n2)\n    out = out + shortcut",
      "The last ReLU comes before the shortcut is added: the block computes ReLU(BN2(...) + shortcut(x)).",
      "最后的 ReLU 放在了加上捷径之前：残差块计算的是 ReLU(BN2(...) + shortcut(x))。", "layer_utils"),
    M("shortcut_drops_gradient", "residual_block_backward", "dx = dx + dsum", "dx = dx",
      "dx misses the shortcut's gradient: with an identity shortcut, the gradient after the last ReLU flows to x "
      "unchanged as well, and the two add up.",
      "dx 丢了捷径分支的梯度：恒等捷径时，最后一个 ReLU 之后的梯度也会原样流到 x，两部分要相加。", "layer_utils"),
    M("bottleneck_stride_in_3x3", "bottleneck_block_forward",
      '({"stride": stride, "pad": 0}, False), ({"stride": 1, "pad": 1}, False)',
      '({"stride": 1, "pad": 0}, False), ({"stride": stride, "pad": 1}, False)',
      "The stride is in the 3x3 conv (torchvision's \"ResNet v1.5\"): this block, as the paper's, puts it in the "
      "first 1x1 conv; the output has the same shape, but the 3x3 then sees every position of its input.",
      "步长放在了 3x3 卷积上（torchvision 的 \"ResNet v1.5\"）：这个瓶颈块与论文一致，把步长放在第一个 1x1 卷积上；"
      "输出形状相同，但那样 3x3 卷积会看到输入的每一个位置。", "layer_utils"),
    M("bottleneck_shortcut_drops_gradient", "bottleneck_block_backward", "dx = dh + dsum", "dx = dh",
      "dx misses the shortcut's gradient: with an identity shortcut, the gradient after the last ReLU flows to x "
      "unchanged as well, and the two add up.",
      "dx 丢了捷径分支的梯度：恒等捷径时，最后一个 ReLU 之后的梯度也会原样流到 x，两部分要相加。", "layer_utils"),
    M("lrn_sum_of_values", "lrn_forward", "squares = np.pad(x ** 2,", "squares = np.pad(x,",
      "The window sums the activations themselves: LRN sums their squares, x[n, j] ** 2, over the neighbouring "
      "channels.", "窗口里累加的是激活值本身：LRN 累加的是相邻通道上激活值的平方 x[n, j] ** 2。"),
    # case-study arithmetic
    M("floor_rounds_up", "conv_output_size", "size = span // stride + 1", "size = -(-span // stride) + 1",
      "rounding='floor' rounds up here (Caffe's ceil mode): floor rounding drops the last, incomplete window, "
      "(N - F + 2P) // S + 1.",
      "rounding='floor' 时这里向上取整了（Caffe 的 ceil 模式）：向下取整会丢掉最后一个不完整的窗口，"
      "即 (N - F + 2P) // S + 1。", "conv_arithmetic"),
    M("flops_on_the_input_grid", "network_flops", "count = K * Hp * Wp * HH * WW *",
      "count = K * shape[1] * shape[2] * HH * WW *",
      "A conv's multiply-adds are counted on its input's H x W: each of the K * H' * W' outputs is one dot product "
      "of HH * WW * C products, so count on the output's grid (a stride or a missing pad makes it smaller).",
      "卷积层的乘加次数是按输入的 H x W 计算的：K * H' * W' 个输出中的每一个是一次 HH * WW * C 项的点积，"
      "所以要按输出的网格来数（步长或没有填充都会让它变小）。", "conv_arithmetic"),
    M("flops_ignore_groups", "network_flops", "(shape[0] // layer.get(\"groups\", 1))", "shape[0]",
      "A grouped conv's filters see C / groups channels each (AlexNet's two GPUs): its multiply-adds are "
      "K * H' * W' * HH * WW * C / groups.",
      "分组卷积的每个滤波器只看 C / groups 个通道（AlexNet 的两块 GPU）：它的乘加次数是 K * H' * W' * HH * WW * C / groups。",
      "conv_arithmetic"),
    M("batchnorm_counts_running_stats", "network_summary", "params = 2 * shape[0]", "params = 4 * shape[0]",
      "Batch norm has 2 * C parameters (gamma and beta): the running mean and variance are statistics, not "
      "learned parameters.", "批归一化有 2 * C 个参数（gamma 和 beta）：滑动均值和方差是统计量，不是学习的参数。",
      "conv_arithmetic"),
    M("gn_dgamma_not_summed_over_batch", "spatial_groupnorm_backward",
      "dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)",
      "dgamma = (dout * x_hat)[:1].sum(axis=(2, 3), keepdims=True)",
      "dgamma comes from the first sample only: gamma scales every sample, so sum dout * x_hat over N, H and W.",
      "dgamma 只来自第一个样本：gamma 作用于每个样本，要对 N、H、W 求 dout * x_hat 的和。"),
    M("lrn_backward_constant_scale", "lrn_backward", "dx = dout * scale ** -beta - 2.0 * alpha * beta * x * G",
      "dx = dout * scale ** -beta",
      "dx treats the denominator as a constant: it depends on x too (through the squares of the neighbouring "
      "channels), which adds -2 * alpha * beta * x * sum(dout * x * scale ** (-beta - 1)) over the window.",
      "dx 把分母当成了常数：分母也依赖于 x（通过相邻通道的平方和），要加上窗口内的 "
      "-2 * alpha * beta * x * sum(dout * x * scale ** (-beta - 1))。"),
]

BY_NAME = {m.name: m for m in CATALOG}

# Functions that call another graded function of the student's (so a mistake there may cost them too).
DEPENDENTS = {
    "affine_forward": {"affine_relu_forward", "affine_relu_backward", "ThreeLayerConvNet", "LeNet5"},
    "affine_backward": {"affine_relu_backward", "ThreeLayerConvNet", "LeNet5"},
    "relu_backward": {"affine_relu_backward", "conv_relu_backward", "conv_relu_pool_backward", "ThreeLayerConvNet",
                      "LeNet5"},
    "softmax_loss": {"ThreeLayerConvNet", "LeNet5"},
    "conv_output_size": {"pool_output_size", "network_summary", "network_param_count", "network_flops"},
    "perceptron_step": {"perceptron_train"},   # the reference trains with its own step
}

# Issue 13: the small ResNet calls the affine layer, the ReLU and the softmax too; the normalisations, dropout
# and the residual block have their own callers.
for _name in ("affine_forward", "affine_backward", "relu_backward", "softmax_loss"):
    DEPENDENTS[_name] = DEPENDENTS[_name] | {"SmallResNet"}
DEPENDENTS["relu_backward"] = DEPENDENTS["relu_backward"] | {"residual_block_backward", "bottleneck_block_backward"}
_BN_CALLERS = {"spatial_batchnorm_forward", "spatial_batchnorm_backward", "residual_block_forward",
               "residual_block_backward", "SmallResNet", "bottleneck_block_forward", "bottleneck_block_backward"}
DEPENDENTS.update({
    "dropout_forward": {"dropout_backward"},
    "batchnorm_forward": {"batchnorm_backward", "batchnorm_backward_alt"} | _BN_CALLERS,
    "batchnorm_backward": {"spatial_batchnorm_backward", "residual_block_backward", "SmallResNet",
                           "bottleneck_block_backward"},
    "layernorm_forward": {"layernorm_backward"},
    "spatial_batchnorm_forward": {"spatial_batchnorm_backward", "residual_block_forward", "residual_block_backward",
                                  "SmallResNet", "bottleneck_block_forward", "bottleneck_block_backward"},
    "spatial_batchnorm_backward": {"residual_block_backward", "SmallResNet", "bottleneck_block_backward"},
    "spatial_groupnorm_forward": {"spatial_groupnorm_backward"},
    "global_avg_pool_forward": {"SmallResNet"},
    "global_avg_pool_backward": {"SmallResNet"},
    "residual_block_forward": {"residual_block_backward", "SmallResNet"},
    "residual_block_backward": {"SmallResNet"},
    "bottleneck_block_forward": {"bottleneck_block_backward"},
    "lrn_forward": {"lrn_backward"},
    "network_summary": {"network_param_count", "network_flops"},
})


def mutated_source(mistake: Mistake, source: str | None = None) -> str:
    """The mistake's module with the mistake applied inside its function only.

    Raises:
        ValueError: when the reference no longer contains the text the mistake changes (the catalog must follow).
    """
    source = source if source is not None else (SOLUTIONS / mistake.file).read_text()
    lines = source.splitlines(keepends=True)
    node = next((n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == mistake.function),
                None)
    if node is None:
        raise ValueError(f"{mistake.name}: no function {mistake.function} in {mistake.file}")
    body = "".join(lines[node.lineno - 1:node.end_lineno])
    for old, new in ((mistake.old, mistake.new),) + tuple(mistake.also):
        if old not in body:
            raise ValueError(f"{mistake.name}: {mistake.function} no longer contains {old!r}")
        body = body.replace(old, new, 1)
    return "".join(lines[:node.lineno - 1]) + body + "".join(lines[node.end_lineno:])


@lru_cache(maxsize=None)
def mutated_module(name: str) -> types.ModuleType:
    """The reference module with one catalog mistake, compiled in the trusted parent (our own code)."""
    mistake = BY_NAME[name]
    module = types.ModuleType(f"convkit_mistake_{name}")
    # Relative imports (layer_utils, classifiers) resolve against the reference package.
    module.__package__ = f"solutions.{mistake.module}".rpartition(".")[0]
    exec(compile(mutated_source(mistake), f"<mistake {name}>", "exec"), module.__dict__)
    return module


def make_submission(mistakes: Mistake | str | Iterable[Mistake | str], dest: Path) -> Path:
    """A copy of the reference in ``dest`` with catalog mistakes applied, each inside its own function.

    Args:
        mistakes: A mistake or its name, or several of them (a submission with more than one mistake).
        dest: The submission folder to create.

    Returns:
        ``dest``.

    Raises:
        KeyError: for a name that is not in the catalog.
        ValueError: when the reference no longer contains the text a mistake changes.
    """
    if isinstance(mistakes, (Mistake, str)):
        mistakes = [mistakes]
    chosen = [BY_NAME[m] if isinstance(m, str) else m for m in mistakes]
    copy_reference(dest)
    for mistake in chosen:
        path = dest / mistake.file
        path.write_text(mutated_source(mistake, path.read_text()))
    return dest
