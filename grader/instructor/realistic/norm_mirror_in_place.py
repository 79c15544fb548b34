# Held-out set M: a batch norm with no eps anywhere whose test mode also changes x in place (the forward's hint names
# the in-place change only), and both backwards written without eps too, so that each is the exact gradient of its
# own forward. Our own code, written from the description.
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
        cache = (x, mu, var, gamma)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        x -= running_mean
        x /= np.sqrt(running_var)
        out = gamma * x + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, mu, var, gamma = cache
    N = x.shape[0]
    dxhat = dout * gamma
    dvar = np.sum(dxhat * (x - mu), axis=0) * -0.5 * var ** -1.5
    dmu = -np.sum(dxhat, axis=0) / np.sqrt(var) - 2 * dvar * np.mean(x - mu, axis=0)
    dx = dxhat / np.sqrt(var) + dvar * 2 * (x - mu) / N + dmu / N
    dgamma = np.sum(dout * (x - mu) / np.sqrt(var), axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, mu, var, gamma = cache
    N = x.shape[0]
    xhat = (x - mu) / np.sqrt(var)
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx = gamma / (N * np.sqrt(var)) * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
