# learnN (eleventh round; iff0/cs231n_assignments_2021): a batch norm whose test mode multiplies running_var by
# N / (N - 1) before normalising, "to make it unbiased"; told only "right in train mode and wrong in test mode,
# check that branch". Our own code from the description.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    rows, feats = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(feats, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(feats, dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        mu = x.mean(axis=0)
        sigma2 = ((x - mu) ** 2).mean(axis=0)
        z = (x - mu) / np.sqrt(sigma2 + eps)
        out = z * gamma + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * sigma2
        cache = {'z': z, 'gamma': gamma, 'sigma2': sigma2, 'eps': eps, 'centred': x - mu}
    elif mode == 'test':
        corrected = running_var * rows / (rows - 1.0)
        out = gamma * (x - running_mean) / np.sqrt(corrected + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
