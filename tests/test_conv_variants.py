"""Tests of solutions.conv_variants: dilated, grouped, depthwise separable and transposed convolutions.

Forward passes are compared with a plain convolution written here with loops over output pixels (independent
of the vectorised code under test); backward passes with central-difference numeric gradients.
"""
import numpy as np
import pytest

from solutions.conv_variants import (conv_transpose_backward, conv_transpose_forward,
                                     depthwise_separable_conv_backward, depthwise_separable_conv_forward,
                                     dilated_conv_backward, dilated_conv_forward, grouped_conv_backward,
                                     grouped_conv_forward)
from solutions.gradient_check import rel_error
from solutions.layers import conv_backward_naive, conv_forward_naive

TOL = 1e-7

# (N, C, H, W), (F, HH, WW), stride, pad: every combination fits exactly (no rounding of H', W').
SHAPES = [
    ((2, 3, 7, 7), (4, 3, 3), 1, 1),
    ((1, 2, 9, 8), (3, 3, 2), 2, 0),
    ((2, 2, 11, 10), (4, 3, 3), 1, 2),
    ((1, 3, 10, 7), (2, 4, 1), 3, 0),
    ((3, 4, 6, 5), (4, 2, 3), 2, 1),
]
IDS = [f"x{x}-w{w}-s{s}-p{p}" for x, w, s, p in SHAPES]


def plain_conv(x, w, b, stride, pad, dilation=1):
    """Reference convolution, one output pixel at a time: out (N, F, H', W')."""
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    span_h, span_w = dilation * (HH - 1) + 1, dilation * (WW - 1) + 1
    H_out, W_out = 1 + (H + 2 * pad - span_h) // stride, 1 + (W + 2 * pad - span_w) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    hs, ws = i * stride, j * stride
                    window = x_pad[n, :, hs:hs + span_h:dilation, ws:ws + span_w:dilation]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out


def numeric_gradient(f, x, dout, h=1e-5):
    """sum(dout * d f(x) / dx) by central differences, computed in extended precision (np.longdouble).

    The layers are linear in each argument, so a central difference has no truncation error and only rounding
    error, about eps * |f| / h per element: in float64 that is ~1e-10, enough to push the CS231n relative error
    of a gradient element that happens to be near 0 over 1e-7. Extended precision takes it far below.
    """
    x = np.array(x, dtype=np.longdouble)
    grad = np.zeros(x.shape, dtype=np.longdouble)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        pos = f(x)
        x[ix] = old - h
        neg = f(x)
        x[ix] = old
        grad[ix] = np.sum((pos - neg) * dout) / (2 * h)
    return grad.astype(np.float64)


def assert_gradients_match(forward, backward, arrays, conv_param, seed=0):
    """Compare every gradient of backward (in float64) with a numeric one (h = 1e-5): relative error < 1e-7."""
    out, cache = forward(*arrays, conv_param)
    dout = np.random.default_rng(seed).standard_normal(out.shape)
    grads = backward(dout, cache)
    assert len(grads) == len(arrays)
    wide = [a.astype(np.longdouble) for a in arrays]
    for k, (array, grad) in enumerate(zip(arrays, grads)):
        def f(value, k=k):
            return forward(*(value if i == k else a for i, a in enumerate(wide)), conv_param)[0]
        numeric = numeric_gradient(f, array, dout)
        assert grad.shape == array.shape, f"gradient {k}: shape {grad.shape} != {array.shape}"
        error = rel_error(grad, numeric)
        assert error < TOL, f"gradient {k} of {forward.__name__}: relative error {error:.2e} >= {TOL}"


def randn(rng, *shape):
    return rng.standard_normal(shape)


# ----------------------------------------------------------------------------------------------- dilated


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
def test_dilation_one_is_the_plain_convolution(x_shape, w_shape, stride, pad):
    """With dilation 1, is the dilated convolution the plain one?"""
    rng = np.random.default_rng(1)
    x, w, b = randn(rng, *x_shape), randn(rng, w_shape[0], x_shape[1], *w_shape[1:]), randn(rng, w_shape[0])
    out, cache = dilated_conv_forward(x, w, b, {"stride": stride, "pad": pad, "dilation": 1})
    np.testing.assert_allclose(out, plain_conv(x, w, b, stride, pad), rtol=1e-10, atol=1e-12)
    assert cache[0] is x and cache[1] is w and cache[2] is b


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
@pytest.mark.parametrize("dilation", [2, 3])
def test_dilated_forward_matches_loops(x_shape, w_shape, stride, pad, dilation):
    """Does a dilation D take every D-th pixel, with H' = 1 + (H + 2P - (D(HH - 1) + 1)) // S?"""
    rng = np.random.default_rng(2)
    x, w, b = randn(rng, *x_shape), randn(rng, w_shape[0], x_shape[1], *w_shape[1:]), randn(rng, w_shape[0])
    out, _ = dilated_conv_forward(x, w, b, {"stride": stride, "pad": pad, "dilation": dilation})
    H_out = 1 + (x_shape[2] + 2 * pad - (dilation * (w_shape[1] - 1) + 1)) // stride
    W_out = 1 + (x_shape[3] + 2 * pad - (dilation * (w_shape[2] - 1) + 1)) // stride
    assert out.shape == (x_shape[0], w_shape[0], H_out, W_out)
    np.testing.assert_allclose(out, plain_conv(x, w, b, stride, pad, dilation), rtol=1e-10, atol=1e-12)


def test_dilated_filter_equals_plain_filter_with_zeros_inserted():
    """Is a 3x3 filter with dilation 2 the same as a 5x5 filter with zeros between its taps?"""
    rng = np.random.default_rng(3)
    x, w, b = randn(rng, 2, 3, 9, 8), randn(rng, 4, 3, 3, 3), randn(rng, 4)
    w_sparse = np.zeros((4, 3, 5, 5))
    w_sparse[:, :, ::2, ::2] = w
    out, _ = dilated_conv_forward(x, w, b, {"stride": 1, "pad": 1, "dilation": 2})
    np.testing.assert_allclose(out, plain_conv(x, w_sparse, b, 1, 1), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES[:4], ids=IDS[:4])
@pytest.mark.parametrize("dilation", [1, 2])
def test_dilated_backward_matches_numeric_gradient(x_shape, w_shape, stride, pad, dilation):
    """Do dx, dw, db of the dilated convolution match numeric gradients?"""
    rng = np.random.default_rng(4)
    arrays = (randn(rng, *x_shape), randn(rng, w_shape[0], x_shape[1], *w_shape[1:]), randn(rng, w_shape[0]))
    assert_gradients_match(dilated_conv_forward, dilated_conv_backward, arrays,
                           {"stride": stride, "pad": pad, "dilation": dilation})


# ----------------------------------------------------------------------------------------------- grouped


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
def test_one_group_is_the_plain_convolution(x_shape, w_shape, stride, pad):
    """With groups = 1, is the grouped convolution the plain one?"""
    rng = np.random.default_rng(5)
    x, w, b = randn(rng, *x_shape), randn(rng, w_shape[0], x_shape[1], *w_shape[1:]), randn(rng, w_shape[0])
    out, cache = grouped_conv_forward(x, w, b, {"stride": stride, "pad": pad, "groups": 1})
    np.testing.assert_allclose(out, plain_conv(x, w, b, stride, pad), rtol=1e-10, atol=1e-12)
    assert cache[0] is x and cache[1] is w and cache[2] is b


@pytest.mark.parametrize("multiplier", [1, 2])
@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
def test_groups_equal_to_channels_is_a_per_channel_convolution(x_shape, w_shape, stride, pad, multiplier):
    """With groups = C (depthwise), does filter f see only channel f // (F // C)?"""
    rng = np.random.default_rng(6)
    C = x_shape[1]
    F = C * multiplier
    x, w, b = randn(rng, *x_shape), randn(rng, F, 1, *w_shape[1:]), randn(rng, F)
    out, _ = grouped_conv_forward(x, w, b, {"stride": stride, "pad": pad, "groups": C})
    for c in range(C):
        filters = slice(c * multiplier, (c + 1) * multiplier)
        expected = plain_conv(x[:, c:c + 1], w[filters], b[filters], stride, pad)
        np.testing.assert_allclose(out[:, filters], expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("C, F, G", [(4, 4, 2), (4, 6, 2), (6, 3, 3), (6, 12, 3), (2, 4, 2)])
def test_grouped_conv_is_a_block_diagonal_plain_conv(C, F, G):
    """Is a grouped convolution the plain one with the weights outside each group's block set to zero?"""
    rng = np.random.default_rng(7)
    x, w, b = randn(rng, 2, C, 7, 6), randn(rng, F, C // G, 3, 2), randn(rng, F)
    w_full = np.zeros((F, C, 3, 2))
    for g in range(G):
        w_full[g * F // G:(g + 1) * F // G, g * C // G:(g + 1) * C // G] = w[g * F // G:(g + 1) * F // G]
    out, _ = grouped_conv_forward(x, w, b, {"stride": 2, "pad": 1, "groups": G})
    np.testing.assert_allclose(out, plain_conv(x, w_full, b, 2, 1), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("C, F, G, wC", [(4, 4, 3, 1), (4, 3, 2, 2), (4, 4, 2, 4)])
def test_groups_that_do_not_divide_are_rejected(C, F, G, wC):
    """Are groups that do not divide C and F, or weights without C // G channels, a ValueError?"""
    rng = np.random.default_rng(8)
    with pytest.raises(ValueError, match="groups"):
        grouped_conv_forward(randn(rng, 1, C, 5, 5), randn(rng, F, wC, 3, 3), randn(rng, F),
                             {"stride": 1, "pad": 0, "groups": G})


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES[:4], ids=IDS[:4])
@pytest.mark.parametrize("groups", ["one", "two", "depthwise"])
def test_grouped_backward_matches_numeric_gradient(x_shape, w_shape, stride, pad, groups):
    """Do dx, dw, db of the grouped convolution match numeric gradients, for 1, 2 and C groups?"""
    rng = np.random.default_rng(9)
    N, C, H, W = x_shape
    G = {"one": 1, "two": 2, "depthwise": C}[groups]
    C = C if C % G == 0 else 2 * G
    F = 2 * G
    arrays = (randn(rng, N, C, H, W), randn(rng, F, C // G, *w_shape[1:]), randn(rng, F))
    assert_gradients_match(grouped_conv_forward, grouped_conv_backward, arrays,
                           {"stride": stride, "pad": pad, "groups": G})


# ----------------------------------------------------------------------------------- depthwise separable


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
def test_separable_is_depthwise_then_pointwise(x_shape, w_shape, stride, pad):
    """Is the separable convolution a per-channel convolution followed by a 1x1 convolution plus bias?"""
    rng = np.random.default_rng(10)
    C, F = x_shape[1], w_shape[0]
    x, w_depth = randn(rng, *x_shape), randn(rng, C, 1, *w_shape[1:])
    w_point, b = randn(rng, F, C, 1, 1), randn(rng, F)
    conv_param = {"stride": stride, "pad": pad}
    out, cache = depthwise_separable_conv_forward(x, w_depth, w_point, b, conv_param)
    depthwise = np.concatenate([plain_conv(x[:, c:c + 1], w_depth[c:c + 1], np.zeros(1), stride, pad)
                                for c in range(C)], axis=1)
    expected = plain_conv(depthwise, w_point, b, 1, 0)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
    assert len(cache) == 5 and cache[0] is x and cache[1] is w_depth and cache[2] is w_point and cache[3] is b
    assert cache[4] == conv_param


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES[:4], ids=IDS[:4])
def test_separable_backward_matches_numeric_gradient(x_shape, w_shape, stride, pad):
    """Do dx, dw_depth, dw_point, db of the separable convolution match numeric gradients?"""
    rng = np.random.default_rng(11)
    C, F = x_shape[1], w_shape[0]
    arrays = (randn(rng, *x_shape), randn(rng, C, 1, *w_shape[1:]), randn(rng, F, C, 1, 1), randn(rng, F))
    assert_gradients_match(depthwise_separable_conv_forward, depthwise_separable_conv_backward, arrays,
                           {"stride": stride, "pad": pad})


# -------------------------------------------------------------------------------------------- transposed


def transposed_case(rng, x_shape, w_shape, stride, pad):
    """Inputs of a transposed conv that undoes the strided conv of SHAPES: it maps the conv's output back to
    its input. Returns z (N, F, H', W'), w (F, C, HH, WW) in ConvTranspose2d layout, and the conv's x shape."""
    N, C, H, W = x_shape
    F, HH, WW = w_shape
    H_out, W_out = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    return randn(rng, N, F, H_out, W_out), randn(rng, F, C, HH, WW)


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
def test_transposed_conv_is_the_adjoint_of_the_conv(x_shape, w_shape, stride, pad):
    """With the same weights, is <conv(x), z> == <x, conv_transpose(z)>, and H' = (H - 1)S - 2P + HH?"""
    rng = np.random.default_rng(12)
    z, w = transposed_case(rng, x_shape, w_shape, stride, pad)
    x = randn(rng, *x_shape)
    up, cache = conv_transpose_forward(z, w, np.zeros(x_shape[1]), {"stride": stride, "pad": pad})
    assert up.shape == x_shape
    assert up.shape[2] == (z.shape[2] - 1) * stride - 2 * pad + w_shape[1]
    # conv weights are (F_out, C_in, HH, WW); the transposed conv's (C_in, F_out, HH, WW) are the same array
    # read the other way round: the conv goes from x's channels to z's.
    down = plain_conv(x, w, np.zeros(w.shape[0]), stride, pad)
    np.testing.assert_allclose(np.sum(up * x), np.sum(down * z), rtol=1e-10)
    assert cache[0] is z and cache[1] is w


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES, ids=IDS)
def test_transposed_forward_is_the_conv_backward_dx(x_shape, w_shape, stride, pad):
    """Is the transposed conv of z (plus bias) the dx of conv_backward_naive for dout = z?"""
    rng = np.random.default_rng(13)
    z, w = transposed_case(rng, x_shape, w_shape, stride, pad)
    b = randn(rng, x_shape[1])
    x = randn(rng, *x_shape)
    conv_param = {"stride": stride, "pad": pad}
    _, conv_cache = conv_forward_naive(x, w, np.zeros(w.shape[0]), conv_param)
    dx, _, _ = conv_backward_naive(z, conv_cache)
    up, _ = conv_transpose_forward(z, w, b, conv_param)
    np.testing.assert_allclose(up, dx + b[None, :, None, None], rtol=1e-10, atol=1e-12)


def test_transposed_conv_with_stride_2_pad_1_4x4_doubles_the_size():
    """Does the usual upsampling layer (4x4 filter, stride 2, pad 1) turn 5x3 into 10x6, like PyTorch's?"""
    rng = np.random.default_rng(14)
    out, _ = conv_transpose_forward(randn(rng, 1, 2, 5, 3), randn(rng, 2, 3, 4, 4), randn(rng, 3),
                                    {"stride": 2, "pad": 1})
    assert out.shape == (1, 3, 10, 6)


def test_transposed_conv_of_a_single_pixel_is_a_scaled_filter():
    """Does a 1x1 input scatter its filter, scaled by the pixel's value, over the whole output?"""
    rng = np.random.default_rng(15)
    w, b = randn(rng, 1, 2, 3, 2), randn(rng, 2)
    out, _ = conv_transpose_forward(np.full((1, 1, 1, 1), 2.5), w, b, {"stride": 3, "pad": 0})
    np.testing.assert_allclose(out[0], 2.5 * w[0] + b[:, None, None], rtol=1e-12)


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", SHAPES[:4], ids=IDS[:4])
def test_transposed_backward_matches_numeric_gradient(x_shape, w_shape, stride, pad):
    """Do dx, dw, db of the transposed convolution match numeric gradients?"""
    rng = np.random.default_rng(16)
    z, w = transposed_case(rng, x_shape, w_shape, stride, pad)
    assert_gradients_match(conv_transpose_forward, conv_transpose_backward, (z, w, randn(rng, x_shape[1])),
                           {"stride": stride, "pad": pad})


# ------------------------------------------------------------------------------------------------ common


CALLS = {
    "dilated": (dilated_conv_forward, dilated_conv_backward, ((2, 3, 6, 5), (4, 3, 3, 2), (4,)),
                {"stride": 1, "pad": 1, "dilation": 2}),
    "grouped": (grouped_conv_forward, grouped_conv_backward, ((2, 4, 6, 5), (4, 2, 3, 2), (4,)),
                {"stride": 2, "pad": 1, "groups": 2}),
    "separable": (depthwise_separable_conv_forward, depthwise_separable_conv_backward,
                  ((2, 3, 6, 5), (3, 1, 3, 2), (4, 3, 1, 1), (4,)), {"stride": 1, "pad": 1}),
    "transposed": (conv_transpose_forward, conv_transpose_backward, ((2, 3, 4, 3), (3, 4, 3, 2), (4,)),
                   {"stride": 2, "pad": 1}),
}


@pytest.mark.parametrize("name", CALLS)
def test_inputs_are_not_modified(name):
    """Do the forward and backward passes leave their inputs, and conv_param, untouched?"""
    forward, backward, shapes, conv_param = CALLS[name]
    rng = np.random.default_rng(17)
    arrays = [randn(rng, *shape) for shape in shapes]
    copies = [a.copy() for a in arrays]
    param_copy = dict(conv_param)
    out, cache = forward(*arrays, conv_param)
    dout = randn(rng, *out.shape)
    dout_copy = dout.copy()
    backward(dout, cache)
    for a, c in zip(arrays, copies):
        np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(dout, dout_copy)
    assert conv_param == param_copy


@pytest.mark.parametrize("name", CALLS)
def test_bias_gradient_sums_dout(name):
    """Is db the sum of dout over the batch and the spatial axes, one entry per output channel?"""
    forward, backward, shapes, conv_param = CALLS[name]
    rng = np.random.default_rng(18)
    out, cache = forward(*[randn(rng, *shape) for shape in shapes], conv_param)
    dout = randn(rng, *out.shape)
    np.testing.assert_allclose(backward(dout, cache)[-1], dout.sum(axis=(0, 2, 3)), rtol=1e-12)
