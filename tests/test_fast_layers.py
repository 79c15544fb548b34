"""The given fast layers equal the naive reference layers to 1e-10 on every shape that matters."""
import numpy as np
import pytest

from solutions import fast_layers as fast
from solutions import layers as L
from tests.test_layers import CONV, POOL


@pytest.mark.parametrize("xs, ws, stride, pad", CONV + [((3, 2, 5, 5), (2, 1, 1), 1, 0)])
def test_fast_conv_equals_naive(xs, ws, stride, pad):
    """Are the im2col conv forward and backward equal to the naive ones?"""
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(xs), rng.standard_normal((ws[0], xs[1], ws[1], ws[2])), rng.standard_normal(ws[0])
    cp = {"stride": stride, "pad": pad}
    out_n, cache_n = L.conv_forward_naive(x, w, b, cp)
    out_f, cache_f = fast.conv_forward_fast(x, w, b, cp)
    np.testing.assert_allclose(out_f, out_n, rtol=0, atol=1e-10)
    dout = rng.standard_normal(out_n.shape)
    for fast_grad, naive_grad in zip(fast.conv_backward_fast(dout, cache_f), L.conv_backward_naive(dout, cache_n)):
        np.testing.assert_allclose(fast_grad, naive_grad, rtol=0, atol=1e-10)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("xs, ph, pw, stride", POOL)
def test_fast_pool_equals_naive_even_with_ties(kind, xs, ph, pw, stride):
    """Are the fast pools equal to the naive ones, ties routed to the first maximum like np.argmax?"""
    rng = np.random.default_rng(1)
    x = rng.integers(0, 3, xs).astype(float)  # many tied maxima
    pp = {"pool_height": ph, "pool_width": pw, "stride": stride}
    out_n, cache_n = getattr(L, f"{kind}_pool_forward_naive")(x, pp)
    out_f, cache_f = getattr(fast, f"{kind}_pool_forward_fast")(x, pp)
    np.testing.assert_allclose(out_f, out_n, rtol=0, atol=1e-10)
    dout = rng.standard_normal(out_n.shape)
    np.testing.assert_allclose(getattr(fast, f"{kind}_pool_backward_fast")(dout, cache_f),
                               getattr(L, f"{kind}_pool_backward_naive")(dout, cache_n), rtol=0, atol=1e-10)
