# The mutation sweep's group norms (our own mutants, not held out): the statistics of the grouped view taken without
# keepdims=True, so (N, G) meets (N, G, C // G, H, W) and NumPy cannot broadcast them. They were told only the
# generic broadcast paragraph.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = x.reshape(N, G, C // G, H, W)
    mean = grouped.mean(axis=(2, 3, 4))
    var = grouped.var(axis=(2, 3, 4))
    x_hat = ((grouped - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, np.sqrt(var + eps), G)
    return out, cache
