# A 2019-style submission written against other shapes: keepdims=True running averages (handed back to its own test
# mode), group norm's gamma and beta as (C,), a dropout mask drawn for 2-D input only, and group statistics taken
# at each position on its own.
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        mask = (np.random.rand(x.shape[0], x.shape[1]) < p) / p
        out = x * mask
    elif mode == 'test':
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros((1, D), dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros((1, D), dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        mu = np.mean(x, axis=0, keepdims=True)
        var = np.var(x, axis=0, keepdims=True)
        x_hat = (x - mu) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, np.sqrt(var + eps))
    elif mode == 'test':
        if running_mean.ndim != 2:
            raise ValueError('running averages are kept as (1, D)')
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mean = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    x_hat = ((xg - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
    cache = (x_hat, gamma, np.sqrt(var + eps), G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, gamma, std, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3))
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3))
    dxg_hat = (dout * gamma[None, :, None, None]).reshape(N, G, C // G, H * W)
    xg_hat = x_hat.reshape(N, G, C // G, H * W)
    M = C // G
    dxg = (M * dxg_hat - dxg_hat.sum(axis=2, keepdims=True)
           - xg_hat * (dxg_hat * xg_hat).sum(axis=2, keepdims=True)) / (M * std.reshape(N, G, 1, H * W))
    dx = dxg.reshape(N, C, H, W)
    return dx, dgamma, dbeta
