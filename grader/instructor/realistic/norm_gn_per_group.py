# A group-norm backward whose dgamma and dbeta are summed per group, as held-out set H showed it (issue 19): the
# sums run over the grouped 5-D array and keep (1, G, 1, 1, 1), where gamma and beta have one value per channel. Its
# forward and its dx are right.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mean = xg.mean(axis=(2, 3, 4), keepdims=True)
    var = xg.var(axis=(2, 3, 4), keepdims=True)
    x_hat = ((xg - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, var, gamma, G, eps)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, var, gamma, G, eps = cache
    N, C, H, W = dout.shape
    M = C // G * H * W
    dg = dout.reshape(N, G, C // G, H, W)
    xh = x_hat.reshape(N, G, C // G, H, W)
    dbeta = dg.sum(axis=(0, 2, 3, 4), keepdims=True)
    dgamma = (dg * xh).sum(axis=(0, 2, 3, 4), keepdims=True)
    dx_hat = (dout * gamma).reshape(N, G, C // G, H, W)
    dx = (M * dx_hat - dx_hat.sum(axis=(2, 3, 4), keepdims=True)
          - xh * (dx_hat * xh).sum(axis=(2, 3, 4), keepdims=True)) / (M * np.sqrt(var + eps))
    return dx.reshape(N, C, H, W), dgamma, dbeta
