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
        avg = x.mean(axis=0)
        spread = x.var(axis=0)
        root = np.sqrt(spread + eps)
        shifted = x - avg + beta
        out = gamma * shifted / root
        cache = (x, (x - avg) / root, avg, spread, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * avg
        running_var = momentum * running_var + (1 - momentum) * spread
    elif mode == 'test':
        shifted = x - running_mean + beta
        out = gamma * shifted / np.sqrt(running_var + eps)
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
