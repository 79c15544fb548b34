# Held-out set N: a layer norm that raises a TypeError (np.power given no exponent) and, beside it, counts its mean
# over N where D belongs, squares its variance under the root and leaves out the parentheses of (x - mean) / std.
# Only the TypeError was named. Our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    N, D = x.shape
    mean = np.sum(x, axis=1, keepdims=True) / N
    var = np.mean(np.power(x - mean), axis=1, keepdims=True)
    std = np.sqrt(var ** 2 + eps)
    x_norm = x - mean / std
    out = gamma * x_norm + beta
    cache = (x_norm, gamma, std)
    return out, cache
