# Set I's functions with several mistakes of which only the first raised was named (our own code, written from the
# descriptions): a layer norm whose eps name is undefined (NameError) and whose statistics are over the batch axis,
# and a spatial batch norm that forgets to read its momentum (NameError) and has no eps in its square roots.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    x_hat = (x - mu) / np.sqrt(var + epsilon)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mu, var, gamma)
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    mode = bn_param['mode']
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    cache = None
    if mode == 'train':
        mu = x.mean(axis=(0, 2, 3))
        var = x.var(axis=(0, 2, 3))
        x_hat = (x - mu.reshape(1, C, 1, 1)) / np.sqrt(var.reshape(1, C, 1, 1))
        out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, var)
    else:
        x_hat = (x - running_mean.reshape(1, C, 1, 1)) / np.sqrt(running_var.reshape(1, C, 1, 1))
        out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
