# Backwards that mirror their forward's mistake, as held-out sets G, H and I showed them (issue 19; 17 of 155 buggy
# functions): the backward is the exact gradient of the student's own wrong forward, so it fails with it and would
# still fail once the forward alone is fixed. A layer norm over the batch axis with a backward summing over the batch
# axis; a group norm whose statistics run over the batch too (each group over N, C // G, H and W) with a backward
# whose means run over the same values; a spatial batch norm written from scratch that flattens x (and dout) with
# reshape(-1, C) without moving the channels last.
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


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, C, H, W = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(C))
    running_var = bn_param.get('running_var', np.zeros(C))
    xf = x.reshape(-1, C)
    if mode == 'train':
        mu = xf.mean(axis=0)
        var = xf.var(axis=0)
        xh = (xf - mu) / np.sqrt(var + eps)
        out = (gamma.reshape(1, C) * xh + beta.reshape(1, C)).reshape(N, C, H, W)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xh, np.sqrt(var + eps), gamma.reshape(1, C))
    else:
        xh = (xf - running_mean) / np.sqrt(running_var + eps)
        out = (gamma.reshape(1, C) * xh + beta.reshape(1, C)).reshape(N, C, H, W)
        cache = None
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    xh, std, gamma = cache
    N, C, H, W = dout.shape
    d = dout.reshape(-1, C)
    m = d.shape[0]
    dbeta = d.sum(axis=0)
    dgamma = (d * xh).sum(axis=0)
    g = d * gamma
    dx = (m * g - g.sum(axis=0) - xh * (g * xh).sum(axis=0)) / (m * std)
    return dx.reshape(N, C, H, W), dgamma, dbeta
