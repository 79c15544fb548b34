# A real file of set L: a batch norm whose running_var averages the standard deviation (eps in it) and whose test
# mode, consistently, divides by that running_var without a square root (statistics kept as (1, D)).

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
        mean = x.mean(axis=0, keepdims=True)
        std = np.sqrt(x.var(axis=0, keepdims=True) + eps)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * std
        x_hat = (x - mean) / std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, std)
    elif mode == "test":
        out = gamma * (x - running_mean) / running_var + beta
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
