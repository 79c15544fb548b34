# Held-out set K: a batch norm that writes its running averages into bn_param itself, after which the starter's
# last lines store the local running_mean and running_var it never updated. Told only "not updated". Our own code
# from the description.
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
        var = np.var(x, axis=0)
        xn = (x - mu) / np.sqrt(var + eps)
        out = gamma * xn + beta
        bn_param['running_mean'] = momentum * running_mean + (1 - momentum) * mu
        bn_param['running_var'] = momentum * running_var + (1 - momentum) * var
        cache = (x, xn, mu, var, gamma, beta, eps)
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
