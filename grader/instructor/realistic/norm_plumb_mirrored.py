# A spatial batch norm on x.reshape(-1, C) with no transpose over a right batch norm, and a backward that mirrors
# it, as held-out set H showed them (issue 19): the forward is read on its own, and the backward, which fails
# because its forward's cache does, has the same mistake of its own.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    x_T = np.reshape(x, [-1, x.shape[1]])
    out, cache = batchnorm_forward(x_T, gamma, beta, bn_param)
    out = np.reshape(out, x.shape)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    dout_T = np.reshape(dout, [-1, dout.shape[1]])
    dx, dgamma, dbeta = batchnorm_backward(dout_T, cache)
    dx = np.reshape(dx, dout.shape)
    return dx, dgamma, dbeta
