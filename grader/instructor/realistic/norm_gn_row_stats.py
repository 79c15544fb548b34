# The named repositories' sweep (hust-nj/cs231n): a group norm's per-group mean and variance over the rows of
# x.reshape(N * G, -1), taken without keepdims=True and put back with [np.newaxis] in front, so its N * G values run
# along the columns. It was told only the broadcast paragraph.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1)
    mean = np.mean(rows, axis=1)
    std = np.sqrt(np.var(rows, axis=1) + eps)
    x_hat = ((rows - mean[np.newaxis]) / std[np.newaxis]).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std, G)
    return out, cache
