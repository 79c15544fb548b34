# Held-out set K: a spatial batch norm run position by position, batch norm on each (N, C) slice x[:, :, i, j], with a
# backward that loops the same way over batchnorm_backward_alt (our own code, written from the description), over a
# batch norm with no eps in train mode. The forward's H * W calls of batch norm used up the recorders' whole budget
# before the backward made any: the backward was told only that batchnorm_forward fails.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    eps = bn_param.get('eps', 1e-5)
    cache = None
    if mode == 'train':
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        std = np.sqrt(var)
        x_hat = (x - mu) / std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, std)
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out = np.empty_like(x)
    caches = []
    for i in range(H):
        for j in range(W):
            out[:, :, i, j], part = batchnorm_forward(x[:, :, i, j], gamma, beta, bn_param)
            caches.append(part)
    return out, caches


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dx = np.empty_like(dout)
    dgamma, dbeta = np.zeros(C), np.zeros(C)
    for k, part in enumerate(cache):
        i, j = divmod(k, W)
        dx[:, :, i, j], dg, db = batchnorm_backward_alt(dout[:, :, i, j], part)
        dgamma += dg
        dbeta += db
    return dx, dgamma, dbeta
