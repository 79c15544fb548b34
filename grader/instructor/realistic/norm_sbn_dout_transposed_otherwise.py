# Held-out set Q (syangav): a spatial batch-norm backward that moves dout's axes with (0, 3, 2, 1) where its forward
# moved x's with (0, 2, 3, 1), H and W traded on the way back (our own code, written from the description); its
# forward fails too, and the backward was told only that root.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    x_cols = np.transpose(x, (0, 2, 3, 1)).reshape(N * H * W, C)
    out_cols, cache = batchnorm_forward(x_cols, gamma, beta, bn_param)
    out = out_cols.reshape(N, C, H, W)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dout_cols = np.transpose(dout, (0, 3, 2, 1)).reshape(N * H * W, C)
    dx_cols, dgamma, dbeta = batchnorm_backward_alt(dout_cols, cache)
    dx = np.transpose(dx_cols.reshape(N, H, W, C), (0, 3, 1, 2))
    return dx, dgamma, dbeta
