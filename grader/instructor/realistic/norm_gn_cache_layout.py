# A group-norm backward written for a cache of grouped 5-D arrays, (N, G, C // G, H, W), beside a forward that
# caches its transposed (C // G * H * W, N * G) rows and 1-D statistics (set O): the backward raises on its
# `N, G, Cg, H, W = rows.shape`, the exception's words alone say only "expected 5, got 2".
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1).T                      # (C // G * H * W, N * G)
    mu = rows.mean(axis=0)
    sigma2 = rows.var(axis=0)
    x_norm = ((rows - mu) / np.sqrt(sigma2 + eps)).T.reshape(N, C, H, W)
    out = gamma * x_norm + beta
    cache = (rows, x_norm, mu, sigma2, gamma, eps)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    rows, x_norm, mu, sigma2, gamma, eps = cache
    N, G, Cg, H, W = rows.shape
    dgamma = np.sum(dout * x_norm, axis=(0, 2, 3), keepdims=True)
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dxn = (dout * gamma).reshape(N, G, Cg, H, W)
    m = Cg * H * W
    inv = 1.0 / np.sqrt(sigma2 + eps)
    xc = rows - mu
    dx = inv / m * (m * dxn - dxn.sum(axis=(2, 3, 4), keepdims=True)
                    - xc * inv ** 2 * (dxn * xc).sum(axis=(2, 3, 4), keepdims=True))
    return dx.reshape(N, G * Cg, H, W), dgamma, dbeta
