# Held-out set N: a batch-norm backward with mistakes of its own under a forward that raises (our own code, written
# from the description): the forward reads its normalised x under a name it never assigned, so it returns no cache,
# and the backward, stopped where it unpacks that cache, also spells axis `axix` (a TypeError of its own) and divides
# dout * gamma by var + eps where the standard deviation belongs. It was told only that it depends on its forward.
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
        mu = x.sum(axis=0) / N
        var = np.var(x, axis=0)
        normalised = (x - mu) / np.sqrt(var + eps)
        out = gamma * x_norm + beta
        cache = (x, x_norm, mu, var, gamma, beta, bn_param)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, x_norm, mu, var, gamma, beta, bn_param = cache
    N, D = x.shape
    eps = bn_param.get('eps', 1e-5)
    d_norm = dout * gamma
    dvar = np.sum(d_norm * (x - mu), axix=0) * -0.5 * (var + eps) ** -1.5
    dx_direct = d_norm / (var + eps)
    dmu = -np.sum(dx_direct, axis=0) + dvar * np.mean(-2 * (x - mu), axis=0)
    dx = dx_direct + dvar * 2 * (x - mu) / N + dmu / N
    dgamma = np.sum(dout * x_norm, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
