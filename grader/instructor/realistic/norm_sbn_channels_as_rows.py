import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    # one row per channel, every sample and position of it along the row
    rows = np.moveaxis(x, 1, 0).reshape(C, N * H * W)
    normed, cache = batchnorm_forward(rows, gamma.reshape(C, 1), beta.reshape(C, 1), bn_param)
    out = np.moveaxis(normed.reshape(C, N, H, W), 0, 1)
    return out, cache
