# A spatial batch-norm backward laid out as the textbook's that calls batchnorm_backward without its cache (learnI's
# sweep of the named files: file 124's batchnorm_backward(dout_reshape)), over a batch norm with eps outside the square
# root. Its call was never said beside "fails because batchnorm_forward does": the plumbing's stand-ins take any
# arguments.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    D = x.shape[1]
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    cache = None
    if mode == 'train':
        mu, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mu) / (np.sqrt(var) + eps)
        out = gamma * x_hat + beta
        cache = (x, x_hat, mu, var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    flat, cache = batchnorm_forward(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param)
    return flat.reshape(N, H, W, C).transpose(0, 3, 1, 2), cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    flat = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dflat, dgamma, dbeta = batchnorm_backward(flat)
    return dflat.reshape(N, H, W, C).transpose(0, 3, 1, 2), dgamma, dbeta
