# A batch-norm forward with three mistakes in one function, as held-out set H showed it (issue 19): running_var
# fed var + eps, a test mode without eps, and a test mode that subtracts beta. Each is to be named.
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
        var = np.var(x, axis=0) + eps
        std = np.sqrt(var)
        x_hat = (x - mu) / std
        out = gamma * x_hat + beta
        cache = (x, x_hat, mu, std, gamma)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = (x - running_mean) / np.sqrt(running_var)
        out = gamma * out - beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
