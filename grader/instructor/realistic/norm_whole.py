# What held-out set G showed in forwards no reading named (issue 19, fourth round), written here in the style of
# its files: a batch norm and a layer norm whose statistics take no axis (one mean and one variance for the whole
# array), and a group norm taking its statistics over axes (0, 1) of the grouped array and dividing only the mean
# (`x - mean / std`, parentheses missing).
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
        mu = np.mean(x)
        var = np.var(x)
        x_norm = (x - mu) / np.sqrt(var + eps)
        out = gamma * x_norm + beta
        cache = (x, x_norm, mu, var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = x.mean()
    var = x.var()
    x_norm = (x - mu) / np.sqrt(var + eps)
    out = gamma * x_norm + beta
    cache = (x, x_norm, mu, var, gamma, eps)
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mean = xg.mean(axis=(0, 1), keepdims=True)
    var = xg.var(axis=(0, 1), keepdims=True)
    x_norm = (xg - mean / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_norm + beta
    cache = (x, x_norm, mean, var, gamma, G, eps)
    return out, cache
