# What a third held-out set (F) showed, in the style of its files: a running variance fed var + eps, a staged
# backward whose d(1 / std) forgets eps, a spatial batch norm updating its running averages twice with a test mode
# without the square root, a dropout written for 2-D input that keeps with 1 - p, and a layer norm reading eps
# with the key 'epsilon', after the square root.
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    N, D = x.shape
    mask = None
    if mode == 'train':
        mask = (np.random.rand(N, D) > p) / (1 - p)
        out = x * mask
    else:
        out = x
    cache = (dropout_param, mask)
    return out, cache


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        mu = x.mean(axis=0)
        var = x.var(axis=0) + eps
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


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    var = std ** 2 - 1e-5
    x_mu = x_hat * std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(x_hat * dout, axis=0)
    dx_hat = dout * gamma
    dinvstd = np.sum(x_mu * dx_hat, axis=0)
    dstd = -1. / var * dinvstd
    dvar = 0.5 * dstd / std
    dx_mu = dx_hat / std + 2 * x_mu * dvar / N
    dx = dx_mu - np.sum(dx_mu, axis=0) / N
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, C, H, W = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    cache = None
    if mode == 'train':
        running_mean = momentum * running_mean + (1 - momentum) * x.mean(axis=(0, 2, 3))
        mu = x.mean(axis=(0, 2, 3))
        var = x.var(axis=(0, 2, 3))
        out = gamma[None, :, None, None] * (x - mu[None, :, None, None]) / np.sqrt(var[None, :, None, None] + eps) \
            + beta[None, :, None, None]
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    else:
        out = gamma[None, :, None, None] * (x - running_mean[None, :, None, None]) / \
            (running_var[None, :, None, None] + eps) + beta[None, :, None, None]
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def layernorm_forward(x, gamma, beta, ln_param):
    mu = x.mean(axis=1, keepdims=True)
    sigma = np.sqrt(x.var(axis=1, keepdims=True)) + ln_param.get('epsilon', 1e-8)
    x_hat = (x - mu) / sigma
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, sigma)
    return out, cache
