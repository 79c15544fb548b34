# Set O: a batch norm with no eps in train or test mode whose two backwards read x_hat and the std from the cache
# (no square root of their own): they become right as soon as the forward adds eps, and were told "change it the
# same way, or it will still fail". Our own code from the description.
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
        mu = np.mean(x, axis=0)
        var = np.mean((x - mu) ** 2, axis=0)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        sd = np.sqrt(var)
        normed = (x - mu) / sd
        out = gamma * normed + beta
        cache = {'normed': normed, 'sd': sd, 'gamma': gamma}
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    normed, sd, gamma = cache['normed'], cache['sd'], cache['gamma']
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (normed * dout).sum(axis=0)
    dnormed = dout * gamma
    dcentred = dnormed / sd
    dsd = -(dnormed * normed).sum(axis=0) / sd
    dvar = dsd / (2 * sd)
    dx = dcentred - dcentred.mean(axis=0) + dvar * 2 * normed * sd / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    normed, sd, gamma = cache['normed'], cache['sd'], cache['gamma']
    dbeta = dout.sum(axis=0)
    dgamma = (normed * dout).sum(axis=0)
    g = dout * gamma
    dx = (g - g.mean(axis=0) - normed * (g * normed).mean(axis=0)) / sd
    return dx, dgamma, dbeta
