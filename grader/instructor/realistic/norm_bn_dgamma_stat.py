# Set O: two batch-norm backwards whose dx and dbeta are right and whose dgamma sums dout times a statistic of the
# forward where x_hat belongs (the variance in the staged one, the std in the simplified one): told only "Most
# elements are wrong: check the formula itself". Our own code from the description.
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
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        x_norm = (x - mean) / np.sqrt(var + eps)
        out = gamma * x_norm + beta
        cache = (x, x_norm, mean, var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, x_norm, mean, var, gamma, eps = cache
    N = x.shape[0]
    std = np.sqrt(var + eps)
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(var * dout, axis=0)
    dx_norm = dout * gamma
    dvar = np.sum(dx_norm * (x - mean), axis=0) * -0.5 * std ** -3
    dmean = -np.sum(dx_norm, axis=0) / std - 2 * dvar * np.mean(x - mean, axis=0)
    dx = dx_norm / std + dvar * 2 * (x - mean) / N + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, x_norm, mean, var, gamma, eps = cache
    N = x.shape[0]
    std = np.sqrt(var + eps)
    dbeta = dout.sum(axis=0)
    dgamma = (dout * std).sum(axis=0)
    dx = gamma / (N * std) * (N * dout - dout.sum(axis=0) - x_norm * (dout * x_norm).sum(axis=0))
    return dx, dgamma, dbeta
