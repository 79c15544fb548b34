# learnB's mutation sweep (our own mutants, not held out): test modes gone astray where the train mode is right. A
# batch norm that divides x itself by the running standard deviation (running_mean never subtracted), and a spatial
# batch norm written from scratch that reads the two running averages into each other's names; our own code from the
# description.
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
        mu = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        std = np.sqrt(var + eps)
        x_hat = (x - mu) / std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, std)
    elif mode == 'test':
        x_hat = x / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, C, H, W = x.shape
    running_var, running_mean = (bn_param.get('running_mean', np.zeros(C)), bn_param.get('running_var', np.ones(C)))
    g, b = gamma.reshape(1, C, 1, 1), beta.reshape(1, C, 1, 1)
    if mode == 'train':
        mu = x.mean(axis=(0, 2, 3))
        var = x.var(axis=(0, 2, 3))
        std = np.sqrt(var + eps)
        x_hat = (x - mu.reshape(1, C, 1, 1)) / std.reshape(1, C, 1, 1)
        out = g * x_hat + b
        bn_param['running_mean'] = momentum * bn_param.get('running_mean', np.zeros(C)) + (1 - momentum) * mu
        bn_param['running_var'] = momentum * bn_param.get('running_var', np.zeros(C)) + (1 - momentum) * var
        cache = (x_hat.transpose(0, 2, 3, 1).reshape(-1, C), gamma, std)
    else:
        x_hat = (x - running_mean.reshape(1, C, 1, 1)) / np.sqrt(running_var.reshape(1, C, 1, 1) + eps)
        out = g * x_hat + b
        cache = None
    return out, cache
