# Held-out set M: a group-norm backward half adapted from a layer norm's (our own code, written from the
# description): it multiplies the (1, C, 1, 1) gamma into dout.reshape(N * G, -1), where NumPy lines up the last axes
# and makes a (1, C, N * G, K) array without an error, and it counts with D, layer norm's name, never defined here.
# The forward is right.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    flat = x.reshape(N * G, -1)
    centred = flat - flat.mean(axis=1, keepdims=True)
    std = np.sqrt((centred ** 2).mean(axis=1, keepdims=True) + eps)
    x_hat = centred / std
    out = gamma * x_hat.reshape(N, C, H, W) + beta
    cache = (x_hat, gamma, std, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, gamma, std, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat.reshape(N, C, H, W)).sum(axis=(0, 2, 3), keepdims=True)
    dflat = dout.reshape(N * G, -1)
    dx_hat = dflat * gamma
    dx = (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)
          - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True)) / (D * std)
    return dx.reshape(N, C, H, W), dgamma, dbeta
