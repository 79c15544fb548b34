# A spatial batch norm that hands batch norm x.reshape(-1, C) with no transpose, and a backward that mirrors it, as
# held-out sets H and I showed them (issue 19): each column batch norm normalises mixes channels. Its batch norm is
# wrong too (it divides by the variance, not the standard deviation), so both wrappers fail because it does, and
# would still fail once it is fixed. A group norm that calls spatial batch norm with a bn_param it never defined.
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
        x_hat = (x - mu) / (var + eps)
        out = gamma * x_hat + beta
        cache = (x, x_hat, mu, var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        cache = None
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, x_hat, mu, var, gamma, eps = cache
    N = x.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * dout / (var + eps)
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out, cache = batchnorm_forward(x.reshape(-1, C), gamma, beta, bn_param)
    out = out.reshape(N, C, H, W)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dx, dgamma, dbeta = batchnorm_backward(dout.reshape(-1, C), cache)
    dx = dx.reshape(N, C, H, W)
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    xg = x.reshape(N * G, C // G, H, W).transpose(1, 0, 2, 3)
    out, cache = spatial_batchnorm_forward(xg, np.ones(N * G), np.zeros(N * G), bn_param)
    out = out.transpose(1, 0, 2, 3).reshape(N, C, H, W)
    return gamma * out + beta, (cache, out, gamma)
