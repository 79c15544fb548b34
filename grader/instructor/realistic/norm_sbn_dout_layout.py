# learnB's mutation sweep (our own mutants, not held out): a spatial batch-norm backward that flattens dout with a
# plain reshape, where its forward transposed x first, and goes back the right way; our own code from the
# description.
import numpy as np


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dout_flat = dout.reshape(N * H * W, C)
    dx_flat, dgamma, dbeta = batchnorm_backward(dout_flat, cache)
    dx = dx_flat.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return dx, dgamma, dbeta
