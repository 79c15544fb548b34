# learnB's mutation sweep (our own mutants, not held out): the scale and shift with one of them forgotten. A layer
# norm returning x_hat + beta (gamma left out), and a group norm with its statistics over each channel's H and W
# (axis=(3, 4) of the grouped array) returning gamma * x_hat (beta left out); our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    sd = np.sqrt(np.var(x, axis=1, keepdims=True) + eps)
    x_norm = (x - mu) / sd
    out = x_norm + beta
    cache = (x_norm, gamma, sd)
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(3, 4), keepdims=True)
    sd = np.sqrt(xg.var(axis=(3, 4), keepdims=True) + eps)
    x_hat = ((xg - mu) / sd).reshape(N, C, H, W)
    out = gamma * x_hat
    cache = (x_hat, gamma, sd, G)
    return out, cache
