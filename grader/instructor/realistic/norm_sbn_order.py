# Spatial batch norm forwards as held-out set H wrote them (issue 19): the batch norm of the (N * H * W, C) rows
# reshaped to x's (N, C, H, W) before the transpose that should have come first.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    x_flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
    out, cache = batchnorm_forward(x_flat, gamma, beta, bn_param)
    out = out.reshape(x.shape).transpose(0, 3, 1, 2)
    return out, cache
