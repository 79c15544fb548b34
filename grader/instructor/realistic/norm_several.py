# A 2016-style submission with several mistakes in one function: a dropout that loops with xrange, draws one mask
# value per sample and keeps with probability 1 - p (p read as the drop probability), and a spatial batch norm
# with eps and momentum typed in whose test mode leaves out gamma and beta.
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        N = x.shape[0]
        mask = np.zeros_like(x)
        for i in xrange(N):
            if np.random.rand() > p:
                mask[i] = 1.0 / (1 - p)
        out = x * mask
    elif mode == 'test':
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    mode = bn_param['mode']
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    cache = None
    if mode == 'train':
        mu = np.mean(x, axis=(0, 2, 3)).reshape(1, C, 1, 1)
        var = np.var(x, axis=(0, 2, 3)).reshape(1, C, 1, 1)
        x_hat = (x - mu) / np.sqrt(var + 1e-5)
        out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
        running_mean = 0.9 * running_mean + 0.1 * mu.ravel()
        running_var = 0.9 * running_var + 0.1 * var.ravel()
        cache = (x, x_hat, mu, var, gamma)
    else:
        out = (x - running_mean.reshape(1, C, 1, 1)) / np.sqrt(running_var.reshape(1, C, 1, 1) + 1e-5)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
