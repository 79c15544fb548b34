# Real files of set L: a dropout whose mask is right but drawn with np.random.choice (not the docstring's seeded
# np.random.rand(*x.shape) < p: a valid draw, which earns every point), and a spatial batch norm that runs batch norm once per channel on its (N, H * W)
# slice, gamma repeated over the positions (each position averaged over N alone; it raises where the (H * W,)
# mean meets bn_param's (C,) running mean).
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    mask = None
    out = None
    if mode == "train":
        mask = np.random.choice([0, 1], size=x.shape, p=[1 - p, p]) / p
        out = x * mask
    elif mode == "test":
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out = np.zeros_like(x)
    caches = []
    for c in range(C):
        part, part_cache = batchnorm_forward(x[:, c].reshape(N, -1), np.full(H * W, gamma[c]),
                                             np.full(H * W, beta[c]), bn_param)
        out[:, c] = part.reshape(N, H, W)
        caches.append(part_cache)
    return out, caches
