# Held-out set K: a layer norm whose mean and variance are both the plain np.sum(x, axis=1), so the square root
# meets a negative number on every sample whose values sum below -eps (NaN there). Our own code from the
# description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    total = np.sum(x, axis=1)
    spread = np.sum(x, axis=1)
    normed = ((x.T - total) / np.sqrt(spread + eps)).T
    out = gamma * normed + beta
    cache = (x, normed, total, spread, eps, gamma)
    return out, cache
