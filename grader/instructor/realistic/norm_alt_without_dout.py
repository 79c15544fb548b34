# learnN (eleventh round; nasretdinovr/cs231): a simplified batch-norm backward whose dx is the derivative of the
# output with respect to x taken on paper (gamma times (1 - 1/N) over std, less the variance's part), never
# multiplied by dout: told only that dx does not sum to zero. Our own code from the description.
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
        xc = x - mu
        v = (xc ** 2).mean(axis=0)
        sd = np.sqrt(v + eps)
        xh = xc / sd
        out = gamma * xh + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * v
        cache = (xh, xc, sd, gamma)
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    xh, xc, sd, gamma = cache
    m = float(xh.shape[0])
    keep = 1.0 - 1.0 / m
    dx = gamma * (keep / sd - xc ** 2 * keep / (m * sd ** 3))
    dgamma = np.sum(dout * xh, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
