# Held-out set K: backwards that stop on a NameError and have slips behind it the run never reaches (our own code,
# written from the description): a group-norm backward under a forward that never normalises, reading a name only its
# forward had, counting the batch N where the group's C // G * H * W belongs and multiplying 2 by the mean where
# 2 * (x - mean) belongs; a layer-norm backward under a right forward with a misspelt name and the batch count.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    sigma = np.sqrt(x.var(axis=1, keepdims=True) + eps)
    xn = (x - mu) / sigma
    out = gamma * xn + beta
    cache = (x, xn, mu, sigma, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x, xn, mu, sigma, gamma = cache
    N, D = dout.shape
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    dxn = dout * gama
    dx = (dxn - dxn.sum(axis=1, keepdims=True) / N - xn * (dxn * xn).sum(axis=1, keepdims=True) / N) / sigma
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1)
    mean = np.mean(rows, axis=1)
    var = np.var(rows, axis=1) + eps
    out = gamma * x + beta
    cache = {'x': x, 'mean': mean, 'var': var, 'gamma': gamma, 'G': G}
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    x, mean, var = cache['x'], cache['mean'], cache['var']
    gamma, G = cache['gamma'], cache['G']
    rows = x.reshape(N * G, -1)
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * rows_hat).sum(axis=(0, 2, 3), keepdims=True)
    drows = (dout * gamma).reshape(N * G, -1)
    dvar = (drows * (rows - mean[:, None])).sum(axis=1) * -0.5 * var ** -1.5
    dmean = -drows.sum(axis=1) / np.sqrt(var)
    dx = drows / np.sqrt(var)[:, None] + (2 * mean * dvar)[:, None] / N + dmean[:, None] / N
    return dx.reshape(N, C, H, W), dgamma, dbeta


# a spatial batch norm reshaping x to (-1, C) with no transpose, and a backward that reads gamma before assigning it
# (UnboundLocalError) and scales by a name nothing assigns, further on
def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out, cache = batchnorm_forward(x.reshape(-1, C), gamma, beta, bn_param)
    return out.reshape(N, C, H, W), cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    gamma = gamma.reshape(-1)
    dx, dgamma, dbeta = batchnorm_backward(dout.transpose(0, 2, 3, 1).reshape(-1, C), cache)
    return dx.reshape(N, H, W, C).transpose(0, 3, 1, 2) * scale, dgamma * gamma, dbeta
