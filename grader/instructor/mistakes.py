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

from ..i18n import Text, text
from ..parsed import parsed
from .reference import SOLUTIONS, copy_reference


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A known mistake.

    Attributes:
        name: Short identifier.
        function: The function it breaks.
        old, new: The change, applied inside that function only.
        key: The hint's message in grader.i18n.MESSAGES (default ``mistake_`` and the name; a mistake an
            exception rule names as well shares the rule's, ``rule_`` and its name).
        fields: The fields that message is formatted with, as (name, value) pairs.
        module: The reference module holding the function.
        also: Further (old, new) changes in the same function: a pair of mistakes, as real students make them.
    """

    name: str
    function: str
    old: str
    new: str
    module: str = "layers"
    also: tuple = ()
    key: str = ""
    fields: tuple = ()  # (name, value) pairs the hint's message is formatted with

    @property
    def file(self) -> str:
        return self.module.replace(".", "/") + ".py"

    def hint(self) -> Text:
        """The hint, a Text the writers word."""
        return text(self.key or "mistake_" + self.name, **dict(self.fields))

    @property
    def en(self) -> str:
        return self.hint().render("en")

    @property
    def zh(self) -> str:
        return self.hint().render("zh")


M = Mistake
# Dropout's p: the probability of keeping a unit in this kit's docstring (CS231n since 2018), of dropping it in
# CS231n's before (2016 and spring 2017 said "We drop each neuron output with probability p"). Both ways such a
# student writes it are named with the docstring's own line.
CATALOG = [
    # perceptron_step (notebook 00)
    M("perceptron_strict_boundary", "perceptron_step", "if y * (np.dot(w, x) + b) <= 0:",
      "if y * (np.dot(w, x) + b) < 0:", module="perceptron"),
    M("perceptron_without_label", "perceptron_step", "w_new, b_new = w + lr * y * x, float(b + lr * y)",
      "w_new, b_new = w + lr * x, float(b + lr)", module="perceptron"),
    # top_k_accuracy
    M("top_k_lowest_scores", "top_k_accuracy", "np.argsort(-scores, axis=1)", "np.argsort(scores, axis=1)"),
    M("top_k_count_not_share", "top_k_accuracy", "accuracy = np.mean(", "accuracy = np.sum("),
    # conv_forward_naive
    M("forgotten_bias", "conv_forward_naive", "np.sum(window * w[f]) + b[f]", "np.sum(window * w[f])"),
    M("flipped_kernel", "conv_forward_naive", "np.sum(window * w[f])", "np.sum(window * w[f, :, ::-1, ::-1])"),
    M("window_ignores_stride", "conv_forward_naive", "x_pad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]",
      "x_pad[n, :, i:i + HH, j:j + WW]"),
    M("height_for_width", "conv_forward_naive", "W_out = 1 + (W + 2 * pad - WW) // stride",
      "W_out = 1 + (W + 2 * pad - HH) // stride"),
    M("first_channel_only", "conv_forward_naive", "np.sum(window * w[f]) + b[f]", "np.sum(window[0] * w[f, 0]) + b[f]"),
    M("padding_on_one_side", "conv_forward_naive", "((0, 0), (0, 0), (pad, pad), (pad, pad))",
      "((0, 0), (0, 0), (2 * pad, 0), (2 * pad, 0))"),
    M("pad_slice_assign_at_pad_0", "conv_forward_naive", 'x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")',
      "x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n    x_pad[:, :, pad:-pad, pad:-pad] = x", key='rule_pad_slice_at_pad_0'),
    M("xrange_python2", "conv_forward_naive", "for n in range(N):", "for n in xrange(N):", key='rule_xrange'),
    M("true_division_sizes", "conv_forward_naive", "H_out = 1 + (H + 2 * pad - HH) // stride",
      "H_out = 1 + (H + 2 * pad - HH) / stride", key='rule_float_size'),
    M("np_lib_pad", "conv_forward_naive", "x_pad = np.pad(", "x_pad = np.lib.pad(", key='rule_np_lib_pad'),
    M("output_width_from_height", "conv_forward_naive", "W_out = 1 + (W + 2 * pad - WW) // stride",
      "W_out = 1 + (H + 2 * pad - WW) // stride"),
    M("pad_slice_and_stride_ignored", "conv_forward_naive", 'x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")',
      "x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n    x_pad[:, :, pad:-pad, pad:-pad] = x",
      also=(("x_pad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]", "x_pad[n, :, i:i + HH, j:j + WW]"),)),
    # conv_backward_naive
    M("pad_minus_pad_slice", "conv_backward_naive", "dx = dx_pad[:, :, pad:pad + H, pad:pad + W]",
      "dx = dx_pad[:, :, pad:-pad, pad:-pad]"),
    M("db_from_one_sample", "conv_backward_naive", "db = dout.sum(axis=(0, 2, 3))", "db = dout[0].sum(axis=(1, 2))"),
    M("db_mean", "conv_backward_naive", "db = dout.sum(axis=(0, 2, 3))", "db = dout.mean(axis=(0, 2, 3))"),
    M("dx_assign_not_accumulate", "conv_backward_naive", "dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f]",
      "dx_pad[n, :, hs:hs + HH, ws:ws + WW] = w[f]"),
    M("dw_assign_not_accumulate", "conv_backward_naive", "dw[f] += x_pad", "dw[f] = x_pad"),
    M("backward_ignores_stride", "conv_backward_naive", "hs, ws = i * stride, j * stride", "hs, ws = i, j"),
    M("backward_pad_slice_assign_at_pad_0", "conv_backward_naive", 'x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")',
      "x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n    x_pad[:, :, pad:-pad, pad:-pad] = x", key='rule_pad_slice_at_pad_0'),
    M("backward_true_division_sizes", "conv_backward_naive", "_, _, H_out, W_out = dout.shape",
      "H_out = 1 + (H + 2 * pad - HH) / stride\n    W_out = 1 + (W + 2 * pad - WW) / stride", key='rule_float_size'),
    M("dw_from_unpadded_x", "conv_backward_naive", "dw[f] += x_pad[n, :, hs:hs + HH, ws:ws + WW]",
      "dw[f] += x[n, :, hs:hs + HH, ws:ws + WW]", key='rule_window_shape'),
    M("backward_kernel_height_for_width", "conv_backward_naive", "ws:ws + WW] * dout", "ws:ws + HH] * dout", key='rule_window_shape', also=(("ws:ws + WW] += w[f]", "ws:ws + HH] += w[f]"),)),
    M("dx_pad_slice_and_assign", "conv_backward_naive", "dx = dx_pad[:, :, pad:pad + H, pad:pad + W]",
      "dx = dx_pad[:, :, pad:-pad, pad:-pad]",
      also=(("dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f]", "dx_pad[n, :, hs:hs + HH, ws:ws + WW] = w[f]"),)),
    # max pooling
    M("pool_window_ignores_stride", "max_pool_forward_naive",
      "x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]", "x[:, :, i:i + ph, j:j + pw]"),
    M("pool_height_for_width", "max_pool_forward_naive", "j * stride:j * stride + pw]", "j * stride:j * stride + ph]"),
    M("mean_instead_of_max", "max_pool_forward_naive", "window.max(axis=(2, 3))", "window.mean(axis=(2, 3))"),
    M("max_across_channels", "max_pool_forward_naive", "window.max(axis=(2, 3))", "window.max(axis=(1, 2, 3))[:, None]"),
    M("pool_stride_is_pool_size", "max_pool_forward_naive",
      "x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]", "x[:, :, i * ph:i * ph + ph, j * pw:j * pw + pw]"),
    M("pool_np_int_sizes", "max_pool_forward_naive", "H_out, W_out = 1 + (H - ph) // stride, 1 + (W - pw) // stride",
      "H_out, W_out = np.int(1 + (H - ph) / stride), np.int(1 + (W - pw) / stride)", key='rule_numpy_alias'),
    M("pool_output_width_from_height", "max_pool_forward_naive", "1 + (W - pw) // stride", "1 + (H - pw) // stride"),
    M("pool_stride_is_pool_and_height_for_width", "max_pool_forward_naive",
      "x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]", "x[:, :, i * ph:i * ph + ph, j * ph:j * ph + ph]"),
    M("pool_assign_not_accumulate", "max_pool_backward_naive", "dx[n, c, hs + a, ws + bb] += dout",
      "dx[n, c, hs + a, ws + bb] = dout"),
    M("gradient_to_whole_window", "max_pool_backward_naive", "dx[n, c, hs + a, ws + bb] += dout[n, c, i, j]",
      "dx[n, c, hs:hs + ph, ws:ws + pw] += dout[n, c, i, j]"),
    M("pool_backward_ignores_stride", "max_pool_backward_naive", "hs, ws = i * stride, j * stride", "hs, ws = i, j"),
    M("argmax_without_offset", "max_pool_backward_naive", "dx[n, c, hs + a, ws + bb]", "dx[n, c, a, bb]"),
    M("unravel_with_pool_height", "max_pool_backward_naive", "np.unravel_index(np.argmax(window), window.shape)",
      "np.unravel_index(np.argmax(window), (ph, ph))", key='rule_unravel_shape'),
    M("pool_mask_assign", "max_pool_backward_naive",
      "a, bb = np.unravel_index(np.argmax(window), window.shape)\n                    dx[n, c, hs + a, ws + bb] += dout[n, c, i, j]",
      "dx[n, c, hs:hs + ph, ws:ws + pw] = (window == np.max(window)) * dout[n, c, i, j]"),
    M("pool_backward_stride_is_pool_size", "max_pool_backward_naive", "hs, ws = i * stride, j * stride",
      "hs, ws = i * ph, j * pw"),
    M("pool_backward_xrange", "max_pool_backward_naive", "for n in range(N):", "for n in xrange(N):", key='rule_xrange'),
    # mean pooling
    M("avg_sum_instead_of_mean", "avg_pool_forward_naive", ".mean(axis=(2, 3))", ".sum(axis=(2, 3))"),
    M("avg_backward_not_divided", "avg_pool_backward_naive", "dout[:, :, i:i + 1, j:j + 1] / (ph * pw)",
      "dout[:, :, i:i + 1, j:j + 1]"),
    # the others
    M("affine_forgotten_bias", "affine_forward", ".dot(w) + b", ".dot(w)"),
    M("affine_db_one_sample", "affine_backward", "db = dout.sum(axis=0)", "db = dout[0]"),
    M("relu_modifies_input", "relu_forward", "out = np.maximum(0, x)", "x[x < 0] = 0\n    out = x"),
    M("relu_mask_forgotten", "relu_backward", "dx = dout * (x > 0)", "dx = dout"),
    M("sigmoid_derivative", "sigmoid_backward", "dout * out * (1.0 - out)", "dout * (1.0 - out)"),
    M("tanh_derivative", "tanh_backward", "dout * (1.0 - out ** 2)", "dout * (1.0 - out)"),
    M("softmax_without_shift", "softmax_loss", "shifted = x - x.max(axis=1, keepdims=True)", "shifted = x"),
    M("softmax_loss_not_averaged", "softmax_loss", "loss = -log_probs[np.arange(N), y].mean()",
      "loss = -log_probs[np.arange(N), y].sum()"),
    M("softmax_dx_not_averaged", "softmax_loss", "dx /= N", "dx /= 1"),
    # optimizers
    M("momentum_sign", "sgd_momentum", 'v = config["momentum"] * v - config["learning_rate"] * dw',
      'v = config["momentum"] * v + config["learning_rate"] * dw', "optim"),
    M("rmsprop_gradient_not_squared", "rmsprop", '(1 - config["decay_rate"]) * dw ** 2',
      '(1 - config["decay_rate"]) * dw', "optim"),
    M("adam_without_bias_correction", "adam", 'm_hat = config["m"] / (1 - config["beta1"] ** config["t"])',
      'm_hat = config["m"]', "optim"),
    # convolution arithmetic
    M("output_size_without_plus_one", "conv_output_size", "size = span // stride + 1", "size = span // stride", "conv_arithmetic"),
    M("receptive_field_without_jump", "receptive_field", "        jump *= stride\n", "",
      "conv_arithmetic"),
    # dropout (issue 13)
    M("dropout_without_scaling", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.rand(*x.shape) < p)"),
    M("dropout_scaled_at_test", "dropout_forward", "out = x.copy()", "out = x * p"),
    M("dropout_keeps_1_minus_p", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.rand(*x.shape) < 1 - p) / (1 - p)", key="dropout_keeps_1_minus_p"),
    M("dropout_drops_with_p", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.rand(*x.shape) >= p) / (1 - p)", key='dropout_keeps_1_minus_p'),
    M("dropout_mask_redrawn", "dropout_backward", "dx = dout * mask",
      'dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) / dropout_param["p"]'),
    # batch normalisation
    M("bn_wrong_axis", "batchnorm_forward", "mu = x.mean(axis=0)\n        var = x.var(axis=0)",
      "mu = x.mean(axis=1, keepdims=True)\n        var = x.var(axis=1, keepdims=True)"),
    M("bn_batch_stats_at_test", "batchnorm_forward",
      "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
      "out = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta"),
    M("bn_running_not_updated", "batchnorm_forward",
      "running_mean = momentum * running_mean + (1 - momentum) * mu\n"
      "        running_var = momentum * running_var + (1 - momentum) * var", "pass"),
    M("bn_eps_outside_sqrt", "batchnorm_forward", "std = np.sqrt(var + eps)", "std = np.sqrt(var) + eps"),
    M("bn_test_eps_outside_sqrt", "batchnorm_forward", "np.sqrt(running_var + eps) + beta",
      "(np.sqrt(running_var) + eps) + beta", key='mistake_bn_test_eps_outside_sqrt'),
    M("bn_eps_outside_sqrt_both_modes", "batchnorm_forward", "std = np.sqrt(var + eps)", "std = np.sqrt(var) + eps", key='mistake_bn_eps_outside_sqrt', also=(("np.sqrt(running_var + eps) + beta", "(np.sqrt(running_var) + eps) + beta"),)),
    M("bn_test_without_gamma_beta", "batchnorm_forward",
      "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
      "out = (x - running_mean) / np.sqrt(running_var + eps)"),
    M("bn_unbiased_variance", "batchnorm_forward", "var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)"),
    M("bn_momentum_swapped", "batchnorm_forward",
      "running_mean = momentum * running_mean + (1 - momentum) * mu\n"
      "        running_var = momentum * running_var + (1 - momentum) * var",
      "running_mean = (1 - momentum) * running_mean + momentum * mu\n"
      "        running_var = (1 - momentum) * running_var + momentum * var"),
    M("bn_running_var_from_std", "batchnorm_forward", "running_var = momentum * running_var + (1 - momentum) * var",
      "running_var = momentum * running_var + (1 - momentum) * std"),
    M("ln_eps_outside_sqrt", "layernorm_forward", "std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
      "std = np.sqrt(x.var(axis=1, keepdims=True)) + eps", key='mistake_bn_eps_outside_sqrt'),
    M("gn_stats_per_position", "spatial_groupnorm_forward",
      "mu = xg.mean(axis=(2, 3, 4), keepdims=True)\n    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)",
      "mu = xg.mean(axis=2, keepdims=True)\n    std = np.sqrt(xg.var(axis=2, keepdims=True) + eps)"),
    M("bn_backward_constant_stats", "batchnorm_backward", "dx = dx_hat / std + dvar * 2.0 * x_mu / N + dmu / N",
      "dx = dx_hat / std"),
    M("bn_alt_without_dgamma_term", "batchnorm_backward_alt", "N * dout - dbeta - x_hat * dgamma",
      "N * dout - dbeta"),
    M("ln_wrong_axis", "layernorm_forward",
      "mu = x.mean(axis=1, keepdims=True)\n    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
      "mu = x.mean(axis=0, keepdims=True)\n    std = np.sqrt(x.var(axis=0, keepdims=True) + eps)"),
    M("ln_backward_batch_axis", "layernorm_backward", "dx_hat.sum(axis=1, keepdims=True)",
      "dx_hat.sum(axis=0, keepdims=True)"),
    M("sbn_reshape_without_transpose", "spatial_batchnorm_forward", "flat = x.transpose(0, 2, 3, 1).reshape(-1, C)",
      "flat = x.reshape(-1, C)"),
    M("gn_stats_over_batch", "spatial_groupnorm_forward",
      "mu = xg.mean(axis=(2, 3, 4), keepdims=True)\n    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)",
      "mu = xg.mean(axis=(0, 2, 3, 4), keepdims=True)\n    std = np.sqrt(xg.var(axis=(0, 2, 3, 4), keepdims=True) + eps)"),
    # issue 19, second round: real students' mistakes the first round's held-out set showed
    M("dropout_mask_randn", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.randn(*x.shape) < p) / p", key="src_dropout_randn"),
    # tenth round (rohitgeo/AI-Saturdays): CS231n 2016's p on a normal draw keeps about 0.24 at p = 0.7, not 1 - p
    M("dropout_mask_randn_2016", "dropout_forward", "mask = (np.random.rand(*x.shape) < p) / p",
      "mask = (np.random.randn(*x.shape) >= p) / (1 - p)", key="src_dropout_randn_ge"),
    M("bn_test_without_eps", "batchnorm_forward", "np.sqrt(running_var + eps) + beta", "np.sqrt(running_var) + beta",
      key="bn_test_without_eps"),
    M("ln_backward_batch_axis_without_gamma", "layernorm_backward", "dx_hat = dout * gamma", "dx_hat = dout",
      key="ln_backward_batch_axis_without_gamma",
      also=(("dx_hat.sum(axis=1, keepdims=True)", "dx_hat.sum(axis=0, keepdims=True)"),
            ("(dx_hat * x_hat).sum(axis=1, keepdims=True)", "(dx_hat * x_hat).sum(axis=0, keepdims=True)"))),
    M("sbn_backward_count_n", "spatial_batchnorm_backward", "dx, dgamma, dbeta = batchnorm_backward(flat, cache)",
      "x_hat, gamma, std = cache\n"
      "    dbeta = flat.sum(axis=0)\n"
      "    dgamma = (flat * x_hat).sum(axis=0)\n"
      "    dx = gamma / (N * std) * (N * flat - dbeta - x_hat * dgamma)",
      key="pattern_sbn_backward_count_n", fields=(("function", "spatial_batchnorm_backward"),)),
    M("gap_sum", "global_avg_pool_forward", ".mean(axis=(2, 3))", ".sum(axis=(2, 3))"),
    M("gap_backward_not_divided", "global_avg_pool_backward", "dout[:, :, None, None] / (H * W)",
      "dout[:, :, None, None]"),
    # residual block
    M("residual_relu_before_add", "residual_block_forward", "out, relu2 = relu_forward(n2 + shortcut)",
      "out, relu2 = relu_forward(n2)\n    out = out + shortcut", "layer_utils"),
    M("shortcut_drops_gradient", "residual_block_backward", "dx = dx + dsum", "dx = dx", "layer_utils"),
    M("bottleneck_stride_in_3x3", "bottleneck_block_forward",
      '({"stride": stride, "pad": 0}, False), ({"stride": 1, "pad": 1}, False)',
      '({"stride": 1, "pad": 0}, False), ({"stride": stride, "pad": 1}, False)', "layer_utils"),
    M("bottleneck_shortcut_drops_gradient", "bottleneck_block_backward", "dx = dh + dsum", "dx = dh", module="layer_utils", key='mistake_shortcut_drops_gradient'),
    M("lrn_sum_of_values", "lrn_forward", "squares = np.pad(x ** 2,", "squares = np.pad(x,"),
    # case-study arithmetic
    M("floor_rounds_up", "conv_output_size", "size = span // stride + 1", "size = -(-span // stride) + 1", "conv_arithmetic"),
    M("flops_on_the_input_grid", "network_flops", "count = K * Hp * Wp * HH * WW *",
      "count = K * shape[1] * shape[2] * HH * WW *", "conv_arithmetic"),
    M("flops_ignore_groups", "network_flops", "(shape[0] // layer.get(\"groups\", 1))", "shape[0]",
      "conv_arithmetic"),
    M("batchnorm_counts_running_stats", "network_summary", "params = 2 * shape[0]", "params = 4 * shape[0]",
      "conv_arithmetic"),
    M("gn_dgamma_not_summed_over_batch", "spatial_groupnorm_backward",
      "dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)",
      "dgamma = (dout * x_hat)[:1].sum(axis=(2, 3), keepdims=True)"),
    M("lrn_backward_constant_scale", "lrn_backward", "dx = dout * scale ** -beta - 2.0 * alpha * beta * x * G",
      "dx = dout * scale ** -beta"),
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
    span = _top_level_spans(source).get(mistake.function)
    if span is None:
        raise ValueError(f"{mistake.name}: no function {mistake.function} in {mistake.file}")
    first, last = span
    body = "".join(lines[first - 1:last])
    for old, new in ((mistake.old, mistake.new),) + tuple(mistake.also):
        if old not in body:
            raise ValueError(f"{mistake.name}: {mistake.function} no longer contains {old!r}")
        body = body.replace(old, new, 1)
    return "".join(lines[:first - 1]) + body + "".join(lines[last:])


@lru_cache(maxsize=32)
def _top_level_spans(source: str) -> dict[str, tuple[int, int]]:
    """(first line, last line) of each top-level ``def`` of ``source`` (the first of a name), parsed once per text:
    a grading process applies dozens of the catalog's mistakes to the same reference module."""
    spans: dict[str, tuple[int, int]] = {}
    for node in parsed(source).body:
        if isinstance(node, ast.FunctionDef):
            spans.setdefault(node.name, (node.lineno, node.end_lineno))
    return spans


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
