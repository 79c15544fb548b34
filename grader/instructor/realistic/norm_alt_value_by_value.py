# learnL (eleventh round; learnM's AdvaitKoparkar/CS231n-Assignment2 alt, from its description): a simplified
# batch-norm backward built value by value from a hand-derived diagonal of the Jacobian that is not the diagonal
# either (d sigma taken as (2x - mu) / (sqrt(N) * sigma)): no sum over the batch anywhere in dx; told only that dx does
# not sum to zero. Our own code, beside a right forward and staged backward of the same cache.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))
    cache = None
    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        out = gamma * (x - mu) / np.sqrt(var + eps) + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x, mu, var, eps, gamma)
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, mu, var, eps, gamma = cache
    n = x.shape[0]
    inv = 1.0 / np.sqrt(var + eps)
    xh = (x - mu) * inv
    g = dout * gamma
    dx = inv * (g - g.sum(axis=0) / n - xh * (g * xh).sum(axis=0) / n)
    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward_alt(dout, cache):
    x, mu, var, eps, gamma = cache
    count = x.shape[0]
    sigma = np.sqrt(var + eps)
    d_sigma = (2 * x - mu) / (np.sqrt(count) * sigma)
    local = ((1 - 1.0 / count) * sigma - (x - mu) * d_sigma) / sigma ** 2
    dx = dout * gamma * local
    xh = (x - mu) / sigma
    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)
