# Held-out set J: batch-norm backwards that leave eps out of the term through the variance alone, our own code
# written from the descriptions. The forward (right) caches var without eps; the staged backward takes
# d std / d var as 1 / (2 * sqrt(var)), the simplified one divides x - mean by var where var + eps belongs.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        mu = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        xc = x - mu
        std = np.sqrt(var + eps)
        xn = xc / std
        out = gamma * xn + beta
        cache = (x, xc, xn, var, std, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, xc, xn, var, std, gamma, eps = cache
    N = x.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xn, axis=0)
    dxn = dout * gamma
    dstd = np.sum(-dxn * xc / std ** 2, axis=0)
    dvar = dstd * 0.5 / np.sqrt(var)
    dxc = dxn / std + dvar * 2 * xc / N
    dmu = -np.sum(dxc, axis=0)
    dx = dxc + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, xc, xn, var, std, gamma, eps = cache
    N = x.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    dxn = dout * gamma
    dx = (dxn - dxn.mean(axis=0) - xc / var * (dxn * xc).mean(axis=0)) / std
    return dx, dgamma, dbeta
