# Held-out set K: a batch norm caching six items and a simplified backward unpacking five (it raises there), whose
# std is recomputed as np.sqrt(var) with no eps anywhere in it. Our own code from the description.
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
        m = x.mean(axis=0)
        v = x.var(axis=0)
        running_mean = momentum * running_mean + (1 - momentum) * m
        running_var = momentum * running_var + (1 - momentum) * v
        xn = (x - m) / np.sqrt(v + eps)
        out = gamma * xn + beta
        cache = (m, v, xn, gamma, beta, x)
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    gamma, beta, xn, m, v = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(xn * dout, axis=0)
    s = np.sqrt(v)
    g = gamma * dout
    dx = (g - np.mean(g, axis=0) - xn * np.mean(g * xn, axis=0)) / s
    return dx, dgamma, dbeta
