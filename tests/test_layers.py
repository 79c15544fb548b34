"""Every backward of the reference matches a numeric gradient of its forward (CS231n's rel error < 1e-7), on
shapes that matter: non-square inputs, stride 2 and 3, pad 0/1/2, N = 1, C = 1, rectangular kernels, overlapping
and rectangular pools."""
import warnings

import numpy as np
import pytest

from solutions import conv_variants as variants
from solutions import layers as L
from solutions.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error

CONV = [((2, 3, 7, 7), (4, 3, 3), 1, 1), ((1, 1, 6, 9), (2, 3, 2), 1, 0), ((2, 2, 9, 7), (3, 3, 3), 2, 0),
        ((1, 3, 8, 8), (2, 4, 4), 2, 2), ((1, 2, 10, 11), (3, 3, 5), 3, 1)]
POOL = [((2, 3, 8, 8), 2, 2, 2), ((1, 1, 7, 9), 3, 3, 2), ((2, 2, 6, 9), 2, 3, 3), ((2, 3, 7, 7), 3, 2, 1)]


def numeric_grads(forward, args, dout, which):
    """Numeric gradient of sum(forward(*args)[0] * dout) with respect to each args[i] for i in which."""
    grads = []
    for i in which:
        def f(v, i=i):
            return forward(*[v if j == i else a for j, a in enumerate(args)])[0]
        grads.append(eval_numerical_gradient_array(f, args[i].copy(), dout))
    return grads


def assert_backward_matches(forward, backward, args, which, rng, tol=1e-7):
    out, cache = forward(*args)
    dout = rng.standard_normal(out.shape)
    analytic = backward(dout, cache)
    analytic = analytic if isinstance(analytic, tuple) else (analytic,)
    for i, num, ana in zip(which, numeric_grads(forward, args, dout, which), analytic):
        assert ana.shape == num.shape, f"gradient {i}: shape {ana.shape} vs {num.shape}"
        assert rel_error(ana, num) < tol, f"gradient {i}: rel error {rel_error(ana, num):.2e}"


@pytest.mark.parametrize("xs, ws, stride, pad", CONV, ids=[f"x{c[0]}-w{c[1]}-s{c[2]}-p{c[3]}" for c in CONV])
def test_conv_backward_matches_numeric_gradient(xs, ws, stride, pad):
    """Do dx, dw and db of the naive conv match numeric gradients, for every stride and pad?"""
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(xs), rng.standard_normal((ws[0], xs[1], ws[1], ws[2])), rng.standard_normal(ws[0])
    cp = {"stride": stride, "pad": pad}
    assert_backward_matches(lambda x, w, b: L.conv_forward_naive(x, w, b, cp), L.conv_backward_naive,
                            [x, w, b], [0, 1, 2], rng)


@pytest.mark.parametrize("xs, ws, stride, pad", CONV, ids=[f"x{c[0]}-w{c[1]}-s{c[2]}-p{c[3]}" for c in CONV])
def test_conv_forward_against_a_direct_formula_and_leaves_x_alone(xs, ws, stride, pad):
    """Is the conv forward the textbook sum, with the output size (N - F + 2P)/S + 1, and is x untouched?"""
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal(xs), rng.standard_normal((ws[0], xs[1], ws[1], ws[2])), rng.standard_normal(ws[0])
    x_before = x.copy()
    out, _ = L.conv_forward_naive(x, w, b, {"stride": stride, "pad": pad})
    H_out, W_out = 1 + (xs[2] + 2 * pad - ws[1]) // stride, 1 + (xs[3] + 2 * pad - ws[2]) // stride
    assert out.shape == (xs[0], ws[0], H_out, W_out)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    direct = np.empty_like(out)
    for i in range(H_out):
        for j in range(W_out):
            patch = xp[:, :, i * stride:i * stride + ws[1], j * stride:j * stride + ws[2]]
            direct[:, :, i, j] = np.einsum("nchw,fchw->nf", patch, w) + b
    np.testing.assert_allclose(out, direct, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(x, x_before)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("xs, ph, pw, stride", POOL, ids=[f"x{p[0]}-{p[1]}x{p[2]}-s{p[3]}" for p in POOL])
def test_pool_backward_matches_numeric_gradient(kind, xs, ph, pw, stride):
    """Do max and mean pooling backward match numeric gradients, with overlapping and rectangular windows?"""
    rng = np.random.default_rng(2)
    pp = {"pool_height": ph, "pool_width": pw, "stride": stride}
    fwd = getattr(L, f"{kind}_pool_forward_naive")
    bwd = getattr(L, f"{kind}_pool_backward_naive")
    # Values at least 1e-2 apart, so no central difference straddles a tie.
    x = rng.permutation(int(np.prod(xs))).reshape(xs) * 1e-2 + rng.uniform(0, 1e-3, xs)
    out, _ = fwd(x, pp)
    assert out.shape == (xs[0], xs[1], 1 + (xs[2] - ph) // stride, 1 + (xs[3] - pw) // stride)
    assert_backward_matches(lambda x: fwd(x, pp), bwd, [x], [0], rng)


ACTIVATIONS = [("relu", {}), ("leaky_relu", {"alpha": 0.1}), ("sigmoid", {}), ("tanh", {}), ("elu", {"alpha": 0.7})]


@pytest.mark.parametrize("name, kwargs", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
@pytest.mark.parametrize("shape", [(4, 5), (1, 7), (2, 3, 4, 5)])
def test_activation_backward_matches_numeric_gradient(name, kwargs, shape):
    """Does each activation's backward match its numeric gradient (away from the kink at 0)?"""
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape)
    x[np.abs(x) < 1e-3] = 0.5
    fwd, bwd = getattr(L, f"{name}_forward"), getattr(L, f"{name}_backward")
    assert_backward_matches(lambda x: fwd(x, **kwargs), bwd, [x], [0], rng)


def test_activations_are_stable_at_large_inputs():
    """Do sigmoid, tanh, ELU and softmax stay finite without overflow warnings for |x| ~ 1e3?"""
    x = np.array([[-1000.0, -30.0, 0.0, 30.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            out, _ = L.sigmoid_forward(x)
            np.testing.assert_allclose(out, [[0.0, 9.357622968839299e-14, 0.5, 1 - 9.357622968839299e-14, 1.0]],
                                       atol=1e-15)
            assert np.all(np.isfinite(L.elu_forward(x)[0]))
            loss, dx = L.softmax_loss(np.array([[1000.0, 1001.0, 999.0]]), np.array([1]))
            assert np.isfinite(loss) and np.all(np.isfinite(dx))


@pytest.mark.parametrize("xshape, M", [((2, 4, 5), 3), ((1, 7), 5)])
def test_affine_backward_matches_numeric_gradient(xshape, M):
    """Do the affine layer's gradients match, with multi-dimensional inputs and N = 1?"""
    rng = np.random.default_rng(4)
    D = int(np.prod(xshape[1:]))
    args = [rng.standard_normal(xshape), rng.standard_normal((D, M)), rng.standard_normal(M)]
    assert_backward_matches(L.affine_forward, L.affine_backward, args, [0, 1, 2], rng)


def test_maxout_backward_matches_numeric_gradient():
    """Does maxout route the gradient through the winning piece only?"""
    rng = np.random.default_rng(5)
    args = [rng.standard_normal((3, 5)), rng.standard_normal((5, 4, 3)), rng.standard_normal((4, 3))]
    assert_backward_matches(L.maxout_forward, L.maxout_backward, args, [0, 1, 2], rng)


def test_softmax_loss_and_gradient():
    """Is the softmax loss about log(C) for small scores, and its gradient the numeric one?"""
    rng = np.random.default_rng(6)
    x, y = 0.001 * rng.standard_normal((50, 10)), rng.integers(0, 10, 50)
    loss, dx = L.softmax_loss(x, y)
    assert abs(loss - np.log(10)) < 0.01
    num = eval_numerical_gradient(lambda v: L.softmax_loss(v, y)[0], x.copy(), verbose=False)
    assert rel_error(dx, num) < 1e-7


VARIANTS = {
    "dilated_conv": (lambda rng: [rng.standard_normal((2, 2, 9, 8)), rng.standard_normal((3, 2, 3, 2)),
                                  rng.standard_normal(3)], {"stride": 2, "pad": 1, "dilation": 2}),
    "grouped_conv": (lambda rng: [rng.standard_normal((1, 4, 7, 6)), rng.standard_normal((4, 2, 3, 3)),
                                  rng.standard_normal(4)], {"stride": 1, "pad": 2, "groups": 2}),
    "depthwise_separable_conv": (lambda rng: [rng.standard_normal((2, 3, 6, 7)), rng.standard_normal((3, 1, 3, 3)),
                                              rng.standard_normal((4, 3, 1, 1)), rng.standard_normal(4)],
                                 {"stride": 2, "pad": 1}),
    "conv_transpose": (lambda rng: [rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((3, 2, 3, 3)),
                                    rng.standard_normal(2)], {"stride": 2, "pad": 1}),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_conv_variant_backward_matches_numeric_gradient(name):
    """Does each optional conv variant's backward match numeric gradients?"""
    rng = np.random.default_rng(7)
    make, cp = VARIANTS[name]
    args = make(rng)
    fwd, bwd = getattr(variants, f"{name}_forward"), getattr(variants, f"{name}_backward")
    assert_backward_matches(lambda *a: fwd(*a, cp), bwd, args, list(range(len(args))), rng)


def test_transposed_conv_is_the_adjoint_of_the_strided_conv():
    """Is <conv(x), y> == <x, conv_transpose(y)> with the same weights (the definition of the transpose)?"""
    rng = np.random.default_rng(8)
    x, w = rng.standard_normal((2, 3, 7, 7)), rng.standard_normal((4, 3, 3, 3))
    cp = {"stride": 2, "pad": 1}
    cx, _ = L.conv_forward_naive(x, w, np.zeros(4), cp)
    y = rng.standard_normal(cx.shape)
    ty, _ = variants.conv_transpose_forward(y, w, np.zeros(3), cp)
    assert ty.shape == x.shape
    assert abs(np.sum(cx * y) - np.sum(x * ty)) < 1e-9 * max(1.0, abs(np.sum(cx * y)))


def test_top_k_accuracy_counts_labels_among_the_k_highest_scores():
    """Does top_k_accuracy agree with a loop over rows (label among the k largest scores), equal the argmax
    accuracy at k = 1 and 1.0 at k = C, and give ILSVRC's top-5 error as 1 - top_k_accuracy(scores, y, 5)?"""
    from solutions.layers import top_k_accuracy
    rng = np.random.default_rng(5)
    scores, y = rng.standard_normal((40, 10)), rng.integers(0, 10, size=40)
    for k in range(1, 11):
        expected = np.mean([y[i] in sorted(range(10), key=lambda j: -scores[i, j])[:k] for i in range(40)])
        assert top_k_accuracy(scores, y, k) == pytest.approx(expected)
    assert top_k_accuracy(scores, y, 1) == pytest.approx(np.mean(scores.argmax(axis=1) == y))
    assert top_k_accuracy(scores, y, 10) == 1.0
    # Three examples, labels 2, 0, 1: only the first has its label on top; the third's label is fourth of four.
    small = np.array([[0.1, 0.2, 0.9, 0.3], [0.5, 0.6, 0.1, 0.0], [0.4, 0.1, 0.3, 0.2]])
    assert [top_k_accuracy(small, np.array([2, 0, 1]), k) for k in (1, 2, 3, 4)] == \
        pytest.approx([1 / 3, 2 / 3, 2 / 3, 1.0])
