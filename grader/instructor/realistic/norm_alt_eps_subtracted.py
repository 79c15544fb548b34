# Held-out set R: a simplified backward dividing by the root of the variance minus eps (our own code, written from the
# description): the forward adds eps under its root, the alt takes it away. At eps = 1e-5 only a few elements leave
# the tolerance, and the alt had no hint at all.
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
        mu = x.mean(axis=0)
        v = x.var(axis=0)
        x_norm = (x - mu) / np.sqrt(v + eps)
        out = gamma * x_norm + beta
        cache = (x_norm, gamma, v, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * v
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x_norm, gamma, v, eps = cache
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_norm).sum(axis=0)
    scale = gamma / (m * np.sqrt(v - eps))
    dx = scale * (m * dout - dbeta - x_norm * dgamma)
    return dx, dgamma, dbeta
