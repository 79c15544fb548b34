# Set I: `C // 2` typed where G belongs (right only where G happens to be C // 2); our own code from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    eps = gn_param.get('eps', 1e-5)
    groups = np.split(x, C // 2, axis=1)
    xg = np.stack(groups, axis=1).reshape(N, C // 2, -1)
    mu = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    x_hat = ((xg - mu) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, np.sqrt(var + eps), C // 2)
    return out, cache
