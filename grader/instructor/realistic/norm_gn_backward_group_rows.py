# Held-out set N: a group norm with eps outside the square root, and a backward that is that forward's exact
# gradient for dx but sums dgamma and dbeta per group row (one value per sample and group, shape (N * G,)), a shape
# no forward makes right (our own code, written from the description). It was told only that it depends on its
# forward.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N * G, -1)
    mean = xg.mean(axis=1, keepdims=True)
    std = np.sqrt(xg.var(axis=1, keepdims=True)) + eps
    x_hat = ((xg - mean) / std).reshape(N, C, H, W)
    out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
    cache = (x_hat, std, gamma, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, std, gamma, G = cache
    N, C, H, W = dout.shape
    d_hat = (dout * gamma.reshape(1, C, 1, 1)).reshape(N * G, -1)
    xh = x_hat.reshape(N * G, -1)
    M = xh.shape[1]
    dx = (M * d_hat - d_hat.sum(axis=1, keepdims=True) - xh * (d_hat * xh).sum(axis=1, keepdims=True)) / (M * std)
    dx = dx.reshape(N, C, H, W)
    dgamma = np.sum(dout.reshape(N * G, -1) * xh, axis=1)
    dbeta = np.sum(dout.reshape(N * G, -1), axis=1)
    return dx, dgamma, dbeta
