# A group norm built on layer norm that normalises each channel of each sample (instance norm) where each group of
# C // G channels belongs, and a backward that mirrors it, as held-out set I showed them (issue 19). Its layer norm
# is wrong too (eps outside the square root, a backward without its variance term), so both fail because it does,
# and would still fail once it is fixed. A spatial batch norm whose way in is right and whose way back is not, on a
# batch norm without eps under its root.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    std = np.sqrt(var) + eps
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    return out, (x_hat, std, gamma)


def layernorm_backward(dout, cache):
    x_hat, std, gamma = cache
    D = dout.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)) / (D * std)
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    flat = x.reshape(N * C, H * W)
    normed, ln_cache = layernorm_forward(flat, np.ones(H * W), np.zeros(H * W), gn_param)
    x_hat = normed.reshape(N, C, H, W)
    out = gamma * x_hat + beta
    return out, (ln_cache, x_hat, gamma)


def spatial_groupnorm_backward(dout, cache):
    ln_cache, x_hat, gamma = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dflat, _, _ = layernorm_backward((dout * gamma).reshape(N * C, H * W), ln_cache)
    dx = dflat.reshape(N, C, H, W)
    return dx, dgamma, dbeta


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    if mode == 'train':
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        x_hat = (x - mu) / np.sqrt(var) + eps
        out = gamma * x_hat + beta
        cache = (x_hat, var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        cache = None
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    # the way in is right; the way back reshapes to (N, C, H, W) before undoing the transpose
    N, C, H, W = x.shape
    out, cache = batchnorm_forward(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param)
    out = out.reshape(N, C, H, W).transpose(0, 1, 2, 3)
    return out, cache
