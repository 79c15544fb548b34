# learnS's pool: a forward that fills a cache it never made a dict (TypeError on its first item) and, on the line
# before, normalises with eps outside the square root, as its test mode does too; its hint gave the exception and
# test mode's eps, and train mode's, which no output could show, went untold. Our own code, written from the
# description.
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
        avg = np.sum(x, axis=0) / N
        spread = np.sum((x - avg) ** 2, axis=0) / N
        normed = (x - avg) / (np.sqrt(spread) + eps)
        cache['normed'] = normed
        cache['gamma'] = gamma
        out = gamma * normed + beta
        running_mean = momentum * running_mean + (1 - momentum) * avg
        running_var = momentum * running_var + (1 - momentum) * spread
    elif mode == 'test':
        out = gamma * (x - running_mean) / (np.sqrt(running_var) + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
