# Held-out set J's untrue sentences, our own code written from the descriptions: a dropout drawing one value per
# element of a flattened copy of x (count read from the flat copy's first axis: no per-sample mask) that keeps
# with 1 - p; a spatial batch norm normalising each row of each image over W alone (axis=3), running averages
# right; a group norm whose statistics run across the groups of x.reshape(N * G, -1).T (it raises where the
# (C // G * H * W,) mean meets the transposed view: no keepdims advice is true there).
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        flat = x.ravel()
        keep = np.random.rand(flat.shape[0]) > p
        mask = keep.reshape(x.shape) / (1 - p)
        out = x * mask
    elif mode == 'test':
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, C, H, W = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    g, b = gamma.reshape(1, C, 1, 1), beta.reshape(1, C, 1, 1)
    cache = None
    if mode == 'train':
        mu = x.mean(axis=3, keepdims=True)
        var = x.var(axis=3, keepdims=True)
        x_hat = (x - mu) / np.sqrt(var + eps)
        out = g * x_hat + b
        running_mean = momentum * running_mean + (1 - momentum) * x.mean(axis=(0, 2, 3))
        running_var = momentum * running_var + (1 - momentum) * x.var(axis=(0, 2, 3))
        cache = (x_hat, g, np.sqrt(var + eps))
    else:
        out = g * (x - running_mean.reshape(1, C, 1, 1)) / np.sqrt(running_var.reshape(1, C, 1, 1) + eps) + b
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    cols = x.reshape(N * G, -1).T
    mean = np.mean(cols, axis=1)
    var = np.var(cols, axis=1)
    x_hat = (cols - mean) / np.sqrt(var + eps)
    out = gamma * x_hat.reshape(N, C, H, W) + beta
    cache = (x_hat, gamma, var, eps, G)
    return out, cache
