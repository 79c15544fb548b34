# A batch norm that updates its running averages first and then normalises the batch with them (learnI's sweep of
# the named files: ryanbai2008/CS231n-assignments), its running variance a sum of squares taken with no axis: one
# number for every feature. Told "check the train branch" and "check the formula itself" before. Its spatial
# batch norm, written from scratch, averages each channel's variance with no axis the same way but normalises
# with the batch's own statistics.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))
    out, cache = None, None
    if mode == "train":
        mu = np.mean(x, axis=0)
        spread = np.sum((x - mu) ** 2) / N
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * spread
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, np.sqrt(running_var + eps))
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, C, H, W = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(C, dtype=x.dtype))
    g, b = np.reshape(gamma, (1, C, 1, 1)), np.reshape(beta, (1, C, 1, 1))
    out, cache = None, None
    if mode == "train":
        mu = x.mean(axis=(0, 2, 3), keepdims=True)
        var = x.var(axis=(0, 2, 3), keepdims=True)
        out = g * (x - mu) / np.sqrt(var + eps) + b
        running_mean = momentum * running_mean + (1 - momentum) * mu.ravel()
        running_var = momentum * running_var + (1 - momentum) * np.sum((x - mu) ** 2) / (N * H * W)
        cache = (x, mu, var, g, eps)
    elif mode == "test":
        out = g * (x - running_mean.reshape(1, C, 1, 1)) / np.sqrt(running_var.reshape(1, C, 1, 1) + eps) + b
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
