# Set O: a batch norm whose test mode updates the running averages (train mode never does), normalises with the
# test batch's own statistics, and divides by np.sqrt(var) with no eps (train mode has it). The last was not named
# (its output cannot show 1e-5 beside a variance of about 1). Our own code from the description.
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
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        x_norm = (x - batch_mean) / np.sqrt(batch_var + eps)
        out = gamma * x_norm + beta
        cache = (x, x_norm, batch_mean, batch_var, gamma, eps)
    elif mode == 'test':
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        running_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
        out = gamma * ((x - batch_mean) / np.sqrt(batch_var)) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
