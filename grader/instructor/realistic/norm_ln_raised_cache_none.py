# Held-out set N: a layer norm that raises a TypeError (np.power given its variance and no exponent, then squared
# under the root) and, beside it, sums over the features but divides by N, writes x - mean / std without
# parentheses, and leaves the starter's cache = None (its backward gets nothing). Only the TypeError was named. Our
# own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    out, cache = None, None
    eps = ln_param.get('eps', 1e-5)
    N, D = x.shape
    row_mean = np.sum(x, axis=1) / N
    row_var = np.var(x, axis=1)
    normed = x - row_mean / np.sqrt(np.power(row_var) ** 2 + eps)
    out = gamma * normed + beta
    return out, cache
