import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1)
    mu = rows.mean(axis=1, keepdims=True)
    var = rows.var(axis=1, keepdims=True)
    x_hat = (rows - mu) / np.sqrt(var + eps)
    out = gamma * x_hat + beta  # scaled while x_hat is still one row per sample and group
    cache = (x_hat.reshape(N, C, H, W), gamma, var, eps, G)
    return out, cache
