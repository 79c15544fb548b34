# Held-out set R: a batch norm wrong in test mode alone (no eps under the running variance's root), under a spatial
# forward that puts its result back without moving the channels home, and a spatial backward that flattens dout
# without moving its channels last (our own code, written from the description). The backward runs in train mode
# alone, where batchnorm_forward is right, yet was told "Fails because batchnorm_forward does": it is sent to its own
# forward, whose train mode fails, and its own reshaping is read.
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
        s = np.sqrt(v + eps)
        xn = (x - m) / s
        out = gamma * xn + beta
        cache = (xn, gamma, s)
        running_mean = momentum * running_mean + (1 - momentum) * m
        running_var = momentum * running_var + (1 - momentum) * v
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    xn, gamma, s = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    dx = gamma / (N * s) * (N * dout - dbeta - xn * dgamma)
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    rows = x.transpose(0, 2, 3, 1).reshape(-1, C)
    out, cache = batchnorm_forward(rows, gamma, beta, bn_param)
    out = out.reshape(N, C, H, W)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    rows = dout.reshape(-1, C)
    dx, dgamma, dbeta = batchnorm_backward_alt(rows, cache)
    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return dx, dgamma, dbeta
