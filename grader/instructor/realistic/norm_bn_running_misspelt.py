# Held-out set K: a batch norm whose running mean is updated into a misspelt name (nothing reads it), so the
# starter's last lines store the running mean it was given. Told only "not updated". Our own code from the description.
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
        x_hat = (x - batch_mean) / np.sqrt(batch_var + eps)
        out = gamma * x_hat + beta
        ruuning_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
        cache = (x, x_hat, batch_mean, batch_var, gamma, eps)
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
