# Held-out set N: a batch norm with no eps anywhere and a staged backward that is the exact gradient of it (no eps
# in its std either). The backward was told its forward's hint does not name the mistake, though it does (the
# constant-feature probe). Our own code from the description.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        xhat = (x - mu) / np.sqrt(var)
        out = gamma * xhat + beta
        cache = (x, xhat, mu, var, gamma)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, xhat, mu, var, gamma = cache
    N = x.shape[0]
    std = np.sqrt(var)
    dxhat = dout * gamma
    dvar = np.sum(dxhat * (x - mu), axis=0) * -0.5 * std ** -3
    dmu = np.sum(-dxhat / std, axis=0) + dvar * np.mean(-2 * (x - mu), axis=0)
    dx = dxhat / std + dvar * 2 * (x - mu) / N + dmu / N
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
