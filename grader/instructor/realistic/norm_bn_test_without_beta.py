# Held-out set R: a batch norm whose test mode scales by gamma but never adds beta (our own code, written from the
# description); train mode is right. It was told only its test-mode formula, "compare the two term by term".
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
        avg = np.mean(x, axis=0)
        spread = np.var(x, axis=0)
        std = np.sqrt(spread + eps)
        z = (x - avg) / std
        out = z * gamma + beta
        cache = (z, gamma, std)
        running_mean = momentum * running_mean + (1 - momentum) * avg
        running_var = momentum * running_var + (1 - momentum) * spread
    elif mode == 'test':
        z = (x - running_mean) / np.sqrt(running_var + eps)
        out = z * gamma
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    z, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * z).sum(axis=0)
    dz = dout * gamma
    dx = (N * dz - dz.sum(axis=0) - z * (dz * z).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta
