# learnS's pool: a forward with eps outside the square root, whose staged backward takes the square root again itself
# and adds eps outside it too (`s = np.sqrt(v)` ... `/ (s + eps)`), and whose alt adds eps to the cached variance and
# then again inside its root (eps twice). Each still fails once the forward is fixed, yet both were told only that
# they depend on the forward. Our own code, written from the description.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    out = None
    cache = {}
    if mode == 'train':
        m = x.mean(axis=0)
        v = x.var(axis=0)
        xn = (x - m) / (np.sqrt(v) + eps)
        out = gamma * xn + beta
        cache.update(x=x, m=m, v=v, xn=xn, gamma=gamma, eps=eps)
        running_mean = momentum * running_mean + (1 - momentum) * m
        running_var = momentum * running_var + (1 - momentum) * v
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, m, v, gamma, eps = cache['x'], cache['m'], cache['v'], cache['gamma'], cache['eps']
    N = x.shape[0]
    s = np.sqrt(v)
    xn = (x - m) / (s + eps)
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    g = dout * gamma
    dx = (N * g - g.sum(axis=0) - xn * (g * xn).sum(axis=0)) / (N * (s + eps))
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xn, gamma, eps = cache['xn'], cache['gamma'], cache['eps']
    v = cache['v'] + eps
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    g = dout * gamma
    dx = (N * g - g.sum(axis=0) - xn * (g * xn).sum(axis=0)) / (N * np.sqrt(v + eps))
    return dx, dgamma, dbeta
