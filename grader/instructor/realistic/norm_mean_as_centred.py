# Set L (the named files' sweep): a staged batch-norm backward that unpacks its forward's batch mean under a name
# for the centred x and doubles it where 2 * (x - mean) belongs (told only "the term through the variance:
# missing"), and a layer-norm backward doing the same with 1. / N, the batch size, where its count is D (told only
# that dx does not sum to zero). Our own code from the description.
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
        var = np.var(x, axis=0)
        xhat = (x - avg) / np.sqrt(var + eps)
        out = gamma * xhat + beta
        cache = (xhat, gamma, avg, var, eps)
        running_mean = momentum * running_mean + (1 - momentum) * avg
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, centred, var, eps = cache
    N, D = dout.shape
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    inv_sd = 1.0 / np.sqrt(var + eps)
    d_inv_sd = (g * centred).sum(axis=0)
    d_var = -0.5 * d_inv_sd * inv_sd ** 3
    d_centred = g * inv_sd + 2 * centred * d_var / N
    d_avg = -d_centred.sum(axis=0)
    dx = d_centred + d_avg / N
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    avg = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    xhat = (x - avg) / np.sqrt(var + eps)
    out = gamma * xhat + beta
    cache = (xhat, gamma, avg, var, eps)
    return out, cache


def layernorm_backward(dout, cache):
    xhat, gamma, centred, var, eps = cache
    N, D = dout.shape
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    inv_sd = 1.0 / np.sqrt(var + eps)
    d_var = -0.5 * (g * centred).sum(axis=1, keepdims=True) * inv_sd ** 3
    d_centred = g * inv_sd + 2. / N * centred * d_var
    dx = d_centred - d_centred.sum(axis=1, keepdims=True) / N
    return dx, dgamma, dbeta
