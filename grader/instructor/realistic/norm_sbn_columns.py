# A spatial batch norm that runs batch norm on each channel's (N * H * W, 1) column, as held-out set H showed it
# (issue 19): train mode normalises right, but every call shares bn_param's (C,) running averages, so each channel's
# statistics are averaged into every channel's, and test mode subtracts the (C,) running mean from one column.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out = np.zeros_like(x)
    caches = []
    for c in range(C):
        column = x[:, c, :, :].reshape(-1, 1)
        out_c, cache_c = batchnorm_forward(column, gamma[c], beta[c], bn_param)
        out[:, c, :, :] = out_c.reshape(N, H, W)
        caches.append(cache_c)
    return out, caches
