# A spatial batch norm over a right batch norm (learnI's sweep of the named files: d-a-p/cs231_18_deep-learning):
# the forward lays x out as x.reshape(C, -1) with no transpose, hands batch norm its transpose, and on the way back
# does what the textbook way in needs undone (transpose, reshape to (C, N, H, W), channels back in place); its
# backward lays dout out right but reshapes batch norm's dx straight back to (N, C, H, W). Only the forward's way in
# is wrong, and only the backward's way back: the forward was told its way back was wrong too.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    columns = x.reshape(C, -1).T
    normed, cache = batchnorm_forward(columns, gamma, beta, bn_param)
    out = normed.T.reshape(C, N, H, W).transpose(1, 0, 2, 3)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    columns = dout.transpose(1, 0, 2, 3).reshape(C, -1).T
    dcolumns, dgamma, dbeta = batchnorm_backward(columns, cache)
    dx = dcolumns.T.reshape(N, C, H, W)
    return dx, dgamma, dbeta
