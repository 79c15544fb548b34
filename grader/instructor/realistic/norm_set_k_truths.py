# Held-out set K's untrue sentences, our own code written from the descriptions: a batch norm whose train mode
# updates running_var but leaves running_mean as it was (told "the running averages are not updated ... and the
# same for the variance"); a layer-norm backward whose bracket is right but that then divides by x_hat where the
# division by std belongs (told that the path through the mean is missing).
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
        batch_mean = np.mean(x, axis=0)
        batch_var = np.var(x, axis=0)
        normed = (x - batch_mean) / np.sqrt(batch_var + eps)
        out = gamma * normed + beta
        running_var = momentum * running_var + (1 - momentum) * batch_var
        cache = (x, normed, batch_mean, batch_var, gamma, beta, eps)
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    centred = x - x.mean(axis=1, keepdims=True)
    sd = np.sqrt(np.mean(centred ** 2, axis=1, keepdims=True) + eps)
    xn = centred / sd
    out = gamma * xn + beta
    cache = (xn, sd, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    xn, sd, gamma = cache
    D = dout.shape[1]
    g = dout * gamma
    dx = g - np.sum(g, axis=1, keepdims=True) / D - xn * np.sum(g * xn, axis=1, keepdims=True) / D
    dx = dx / xn
    dgamma = np.sum(dout * xn, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
