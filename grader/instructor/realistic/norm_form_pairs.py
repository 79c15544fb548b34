# The mutation sweep's pairs of formula slips (our own mutants, not held out), told "check the formula itself": a
# layer norm dividing x itself (not centred) by a variance without its square root, and a group norm with the
# unbiased variance and eps outside the square root.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    var = x.var(axis=1, keepdims=True)
    x_hat = x / (var + eps)
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, var)


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(2, 3, 4), keepdims=True)
    sd = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True, ddof=1)) + eps
    x_hat = ((xg - mu) / sd).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, sd, G)
