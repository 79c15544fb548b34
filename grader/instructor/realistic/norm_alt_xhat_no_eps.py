# A batch norm whose alt backward rebuilds x_hat from the cached x without eps and uses it twice: in dgamma and in
# dx's x_hat term, where its 1 / std keeps eps (so dx and dgamma both fail by a little). It was told dgamma's x_hat
# alone, under dx too. Our own code.
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
        out = gamma * (x - mu) / np.sqrt(var + eps) + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = {'x': x, 'gamma': gamma, 'mu': mu, 'var': var, 'eps': eps}
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x, gamma, mu = cache['x'], cache['gamma'], cache['mu']
    var, eps = cache['var'], cache['eps']
    m = x.shape[0]
    xn = (x - mu) / np.sqrt(var)
    g = gamma * dout
    dx = (m * g - g.sum(axis=0) - xn * (g * xn).sum(axis=0)) / (m * np.sqrt(var + eps))
    dgamma = (xn * dout).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward(dout, cache):
    x, gamma, mu = cache['x'], cache['gamma'], cache['mu']
    var, eps = cache['var'], cache['eps']
    m = x.shape[0]
    inv = 1.0 / np.sqrt(var + eps)
    xn = (x - mu) * inv
    g = gamma * dout
    dvar = np.sum(g * (x - mu), axis=0) * -0.5 * inv ** 3
    dmu = -np.sum(g, axis=0) * inv
    dx = g * inv + dvar * 2.0 * (x - mu) / m + dmu / m
    return dx, (xn * dout).sum(axis=0), dout.sum(axis=0)
