# learnB's mutation sweep (our own mutants, not held out): a spatial batch norm moving the channels last with
# transpose(0, 3, 2, 1) (W before H) on the way in and back with the right transpose(0, 3, 1, 2): values right,
# places not; our own code from the description.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    moved = x.transpose(0, 3, 2, 1).reshape(-1, C)
    out, cache = batchnorm_forward(moved, gamma, beta, bn_param)
    out = out.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return out, cache
