# learnN (eleventh round; ohs2033/cs231n_assignment): a batch norm that takes the batch's statistics and updates the
# running averages above its mode branch, so test mode normalises with running averages that the test batch has just
# moved; told only "right in train mode and wrong in test mode, check that branch". Our own code from the
# description.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    avg = np.mean(x, axis=0)
    spread = np.var(x, axis=0)
    running_mean = momentum * running_mean + (1 - momentum) * avg
    running_var = momentum * running_var + (1 - momentum) * spread
    out, cache = None, None
    if mode == 'train':
        shifted = x - avg
        inv = 1.0 / np.sqrt(spread + eps)
        normed = shifted * inv
        out = normed * gamma + beta
        cache = (normed, gamma, shifted, inv)
    elif mode == 'test':
        normed = (x - running_mean) / np.sqrt(running_var + eps)
        out = normed * gamma + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
