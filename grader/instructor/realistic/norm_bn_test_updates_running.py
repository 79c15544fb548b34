import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))

    # the batch statistics and the running averages, once for both modes
    mu = np.sum(x, axis=0) / N
    sigma2 = np.sum((x - mu) ** 2, axis=0) / N
    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var = momentum * running_var + (1 - momentum) * sigma2

    out, cache = None, None
    if mode == 'train':
        xhat = (x - mu) / np.sqrt(sigma2 + eps)
        out = gamma * xhat + beta
        cache = (x, xhat, mu, sigma2, gamma, eps)
    elif mode == 'test':
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * xhat + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
