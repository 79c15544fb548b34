# A group norm normalising the transposed (C // G * H * W, N * G) groups and reshaping them to (N, C, H, W) without
# transposing back (set G), the forward counterpart of norm_transposed's backward.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    x_t = x.reshape(N * G, -1).T
    mean = x_t.mean(axis=0)
    var = x_t.var(axis=0)
    x_hat = ((x_t - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, np.sqrt(var + eps), G)
    return out, cache
