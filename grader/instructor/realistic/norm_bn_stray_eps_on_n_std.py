# Held-out set Q: a stray eps added to N times the standard deviation in a simplified backward (our own code, written
# from the description): the standard deviation itself, np.sqrt(var + eps), is right, but dx divides by
# (N * std + eps), an eps that belongs nowhere there. The alt had no hint at all; the spatial backward, under a forward
# that fails, was told only that it depends on its forward.
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
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        sqrt_var = np.sqrt(var + eps)
        x_hat = (x - mean) / sqrt_var
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, sqrt_var, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, sqrt_var, eps = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma * (N * dout - dbeta - x_hat * dgamma) / (N * sqrt_var + eps)
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
    out, cache = batchnorm_forward(flat, gamma, beta, bn_param)
    # the layout slip that makes the forward fail: back to (N, C, H, W) without the transpose
    out = out.reshape(N, C, H, W)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    x_hat, gamma, sqrt_var, eps = cache
    N, C, H, W = dout.shape
    d = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dbeta = d.sum(axis=0)
    dgamma = (d * x_hat).sum(axis=0)
    dx = gamma * ((N * H * W) * d - dbeta - x_hat * dgamma) / ((N * H * W) * sqrt_var + eps)
    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return dx, dgamma, dbeta


def batchnorm_backward(dout, cache):
    x_hat, gamma, sqrt_var, eps = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0)) / (N * sqrt_var)
    return dx, dgamma, dbeta
