# Held-out set K: a batch norm caching the centred x under the name `centred` and a backward whose dgamma takes
# x - centred (the batch mean, not x - mean) over std; its dx is right. Our own code from the description.
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
        avg = x.mean(axis=0)
        centred = x - avg
        var = x.var(axis=0)
        sd = np.sqrt(var + eps)
        xhat = centred / sd
        out = gamma * xhat + beta
        cache = (centred, sd, x, gamma, xhat)
        running_mean = momentum * running_mean + (1 - momentum) * avg
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    centred, sd, x, gamma, xhat = cache
    N = x.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum((x - centred) / sd * dout, axis=0)
    g = dout * gamma
    dx = (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0)) / sd
    return dx, dgamma, dbeta
