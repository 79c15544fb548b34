# Held-out set K: a layer norm whose variance divides the per-sample sum of squares by N (the batch) where D
# belongs, written on the transposed (D, N) array, 1. / N * np.sum(..., axis=0); our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    N, D = x.shape
    xt = x.T
    centred = xt - np.mean(xt, axis=0)
    spread = 1. / N * np.sum(centred * centred, axis=0)
    normed = (centred / np.sqrt(spread + eps)).T
    out = gamma * normed + beta
    cache = (normed, gamma, np.sqrt(spread + eps))
    return out, cache
