# learnB's mutation sweep (our own mutants, not held out): a spatial batch-norm backward whose way in is right and
# whose way back is transpose(0, 3, 2, 1), H and W swapped (the shape is right only where H == W), once sent to "the
# padding"; our own code from the description.
import numpy as np


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    moved = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dx, dgamma, dbeta = batchnorm_backward(moved, cache)
    dx = dx.reshape(N, H, W, C).transpose(0, 3, 2, 1)
    return dx, dgamma, dbeta
