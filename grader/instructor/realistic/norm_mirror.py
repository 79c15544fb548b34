# Backwards that mirror their forward's mistake, as held-out sets G, H and I showed them (issue 19; 17 of 155 buggy
# functions): the backward is the exact gradient of the student's own wrong forward, so it fails with it and would
# still fail once the forward alone is fixed. A layer norm over the batch axis with a backward summing over the batch
# axis; a group norm whose statistics run over the batch too (each group over N, C // G, H and W) with a backward
# whose means run over the same values.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    std = np.sqrt(var + eps)
    x_norm = (x - mu) / std
    out = gamma * x_norm + beta
    cache = (x_norm, std, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x_norm, std, gamma = cache
    m = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_norm, axis=0)
    dx_norm = dout * gamma
    dx = (m * dx_norm - np.sum(dx_norm, axis=0) - x_norm * np.sum(dx_norm * x_norm, axis=0)) / (m * std)
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(0, 2, 3, 4), keepdims=True)
    var = xg.var(axis=(0, 2, 3, 4), keepdims=True)
    std = np.sqrt(var + eps)
    x_norm = ((xg - mu) / std).reshape(N, C, H, W)
    out = gamma * x_norm + beta
    cache = (x_norm, std, gamma, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_norm, std, gamma, G = cache
    N, C, H, W = dout.shape
    m = N * C // G * H * W
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_norm).sum(axis=(0, 2, 3), keepdims=True)
    dxn = (dout * gamma).reshape(N, G, C // G, H, W)
    xn = x_norm.reshape(N, G, C // G, H, W)
    dx = (m * dxn - dxn.sum(axis=(0, 2, 3, 4), keepdims=True)
          - xn * (dxn * xn).sum(axis=(0, 2, 3, 4), keepdims=True)) / (m * std)
    return dx.reshape(N, C, H, W), dgamma, dbeta
