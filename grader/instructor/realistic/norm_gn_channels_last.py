# The named repositories' sweep (a 2018 file): a group norm that moves x_hat's channels last and scales it there by
# the (1, C, 1, 1) gamma, whose channels then meet W, and divides by np.sqrt(var) + eps. It was told the broadcast
# paragraph and, run with a (C,) gamma, the eps.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = x.reshape(N, G, C // G, H, W)
    mean = grouped.mean(axis=(2, 3, 4), keepdims=True)
    std = np.sqrt(grouped.var(axis=(2, 3, 4), keepdims=True)) + eps
    x_hat = ((grouped - mean) / std).reshape(N, C, H, W)
    last = x_hat.transpose(0, 2, 3, 1)
    out = (gamma * last + beta).transpose(0, 3, 1, 2)
    cache = (x_hat, gamma, std, G)
    return out, cache
