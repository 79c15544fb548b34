# Set L (the named files' sweep): a staged batch-norm backward whose variance gradient sums the gradient reaching
# x_hat alone and multiplies that sum by x - mean afterwards, and which divides that gradient by var + eps where
# the std belongs (told, under its forward's eps added twice, only a dgamma reading that was its forward's). Here
# beside a right forward. Our own code from the description.
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
        var = x.var(axis=0)
        xn = (x - mu) / np.sqrt(var + eps)
        out = gamma * xn + beta
        cache = (x, xn, mu, var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, xn, mu, var, gamma, eps = cache
    N = x.shape[0]
    dgamma = (dout * xn).sum(axis=0)
    dbeta = dout.sum(axis=0)
    g = dout * gamma
    d_var = g.sum(axis=0) * (x - mu) * -0.5 * (var + eps) ** -1.5
    dxc = g / (var + eps) + d_var * 2 * (x - mu) / N
    dmu = -dxc.sum(axis=0)
    dx = dxc + dmu / N
    return dx, dgamma, dbeta
