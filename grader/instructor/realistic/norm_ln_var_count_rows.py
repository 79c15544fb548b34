# Held-out set K: a layer norm whose variance is 1. / N * np.sum(..., axis=1), N where D belongs, on x itself; and
# one whose mean and variance are both the plain np.sum(x, axis=1) cannot sit beside it (one layernorm_forward a
# file): see norm_ln_sum_stats. Our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    N, D = x.shape
    m = (1. / D * np.sum(x, axis=1)).reshape(-1, 1)
    dev = x - m
    v = (1. / N * np.sum(dev ** 2, axis=1)).reshape(-1, 1)
    inv = 1. / np.sqrt(v + eps)
    out = gamma * (dev * inv) + beta
    cache = (dev * inv, gamma, dev, inv, v, eps)
    return out, cache
