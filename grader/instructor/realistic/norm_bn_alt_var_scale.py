# Held-out set K: a simplified batch-norm backward multiplied by the cached variance where 1 / std belongs (x_hat
# and dgamma, dbeta right). Our own code from the description.
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
        z = (x - mu) / np.sqrt(var + eps)
        out = gamma * z + beta
        cache = (z, gamma, var, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    z, gamma, var, eps = cache
    N = dout.shape[0]
    dgamma = np.sum(dout * z, axis=0)
    dbeta = np.sum(dout, axis=0)
    dz = dout * gamma
    dx = var / N * (N * dz - np.sum(dz, axis=0) - z * np.sum(dz * z, axis=0))
    return dx, dgamma, dbeta
