# Backwards that set eps = 1e-5 themselves, as held-out set H showed (issue 19): the forward reads gn_param's eps
# but does not cache it, and the backward types the usual value in; right at eps = 1e-5, wrong where the graded
# cases pass another.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mean = xg.mean(axis=(2, 3, 4), keepdims=True)
    var = xg.var(axis=(2, 3, 4), keepdims=True)
    x_hat = ((xg - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mean, var, gamma, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, G = cache
    eps = 1e-5
    N, C, H, W = dout.shape
    M = C // G * H * W
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dx_hat = (dout * gamma).reshape(N, G, C // G, H, W)
    xh = x_hat.reshape(N, G, C // G, H, W)
    dx = (M * dx_hat - dx_hat.sum(axis=(2, 3, 4), keepdims=True)
          - xh * (dx_hat * xh).sum(axis=(2, 3, 4), keepdims=True)) / (M * np.sqrt(var + eps))
    return dx.reshape(N, C, H, W), dgamma, dbeta
