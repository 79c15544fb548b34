# learnB's mutation sweep (our own mutants, not held out): a spatial batch norm whose statistics are right and whose
# result goes back to (N, C, H, W) with a plain reshape, the transpose back forgotten; our own code from the
# description.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    x_cols = np.transpose(x, (0, 2, 3, 1)).reshape(N * H * W, C)
    out_cols, cache = batchnorm_forward(x_cols, gamma, beta, bn_param)
    out = out_cols.reshape(N, C, H, W)
    return out, cache
