# Held-out set I: a batch-norm backward whose dgamma sums dout * gamma * dout (our own code, written from the
# description), here under a forward with eps outside the square root: the backward's dx is right for that forward's
# cache, but its dgamma is wrong whatever a forward computes, and was told only that batchnorm_forward fails.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    cache = None
    if mode == 'train':
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        sd = np.sqrt(var) + eps
        x_hat = (x - mu) / sd
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, sd)
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, sd = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * gamma * dout).sum(axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (N * sd)
    return dx, dgamma, dbeta
