import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('epsilon', 1e-5)  # the key is 'eps': the default is always used
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        centre = x.mean(axis=0)
        spread = x.var(axis=0)
        normed = (x - centre) / np.sqrt(spread + eps)
        out = normed * gamma + beta
        cache = (normed, gamma, np.sqrt(spread + eps))
        running_mean = momentum * running_mean + (1 - momentum) * centre
        running_var = momentum * running_var + (1 - momentum) * spread
    elif mode == 'test':
        # gamma and beta folded into one scale and one shift
        factor = gamma / np.sqrt(running_var + eps)
        out = factor * x + (beta - factor * running_mean)
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
