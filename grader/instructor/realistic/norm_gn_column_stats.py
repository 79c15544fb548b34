# The named repositories' sweep (chenperry/CS231n): a group norm on the transposed x.reshape(N * G, -1).T, one column
# per sample and group, whose mean and variance are taken along axis 1, one per row across the samples and groups.
# It was told only the broadcast paragraph.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    cols = x.reshape(N * G, -1).T
    mu = np.mean(cols, axis=1)
    var = np.var(cols, axis=1)
    x_hat = ((cols - mu) / np.sqrt(var + eps)).T.reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, np.sqrt(var + eps), G)
    return out, cache
