# Forwards that compute x_hat and then scale and shift x itself (issue 19, set K): a group norm on the transposed
# (C // G * H * W, N * G) layout whose last line uses the array it reshaped back from x, and a layer norm whose
# normalised array is left unused. Told only "check the formula itself" before.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    sigma = np.sqrt(np.var(x, axis=1, keepdims=True) + eps)
    normalized = (x - mu) / sigma
    out = gamma * x + beta
    cache = (normalized, gamma, sigma)
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get("eps", 1e-5)
    N, C, H, W = x.shape
    cols = x.reshape(N * G, -1).T
    mean = cols.mean(axis=0)
    std = np.sqrt(cols.var(axis=0) + eps)
    xhat = (cols - mean) / std
    cols = cols.T.reshape(N, C, H, W)
    out = gamma * cols + beta
    cache = {"xhat": xhat, "std": std, "gamma": gamma, "G": G}
    return out, cache
