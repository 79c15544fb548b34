# A spatial batch norm that runs batch norm on each channel's (N, H * W) slice (with Python 2's xrange), and a
# backward that mirrors it, as held-out sets H and I showed them (issue 19): batch norm then normalises each channel
# at each position over N alone. Its batch norm is wrong too (no eps under the root), so both fail because it does, and would still fail
# once it is fixed.
import numpy as np


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


def batchnorm_backward(dout, cache):
    x_hat, var, gamma, eps = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0)) / (N * np.sqrt(var))
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out = np.zeros_like(x)
    cache = []
    for c in xrange(C):
        out_c, cache_c = batchnorm_forward(x[:, c, :, :].reshape(N, H * W), gamma[c], beta[c], bn_param)
        out[:, c, :, :] = out_c.reshape(N, H, W)
        cache.append(cache_c)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dx = np.zeros_like(dout)
    dgamma = np.zeros(C)
    dbeta = np.zeros(C)
    for c in range(C):
        dx_c, dgamma_c, dbeta_c = batchnorm_backward(dout[:, c, :, :].reshape(N, H * W), cache[c])
        dx[:, c, :, :] = dx_c.reshape(N, H, W)
        dgamma[c] = np.sum(dgamma_c)
        dbeta[c] = np.sum(dbeta_c)
    return dx, dgamma, dbeta
