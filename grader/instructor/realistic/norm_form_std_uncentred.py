# learnB's mutation sweep (our own mutants, not held out): a layer norm that divides x by its standard deviation
# without subtracting the mean, and a group norm that puts np.std under the square root where np.var belongs; our own
# code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    var = x.var(axis=1).reshape(-1, 1)
    xhat = x / np.sqrt(var + eps)
    out = xhat * gamma + beta
    return out, (xhat, gamma, np.sqrt(var + eps))


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, -1)
    mu = xg.mean(axis=2, keepdims=True)
    sigma = xg.std(axis=2, keepdims=True)
    std = np.sqrt(sigma + eps)
    x_hat = ((xg - mu) / std).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std.reshape(N, G, 1, 1, 1), G)
    return out, cache
