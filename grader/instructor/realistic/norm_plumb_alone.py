# Wrappers that fail over roots which pass (issue 19, set K): a spatial batch norm that lays x out with
# x.reshape(C, -1) and no transpose, hands batch norm its transpose and reshapes the result straight back to
# (N, C, H, W); a group norm that puts the channels first before cutting the groups, so that each row it hands a
# right layer norm holds one channel-group's values from two samples. Told only "check the formula itself" before.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    flat = x.reshape(C, -1)
    normed, cache = batchnorm_forward(flat.T, gamma, beta, bn_param)
    out = normed.reshape(N, C, H, W)
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    rows = x.transpose(1, 0, 2, 3).reshape(G * N, -1)
    D = rows.shape[1]
    normed, ln_cache = layernorm_forward(rows, np.ones(D), np.zeros(D), gn_param)
    x_hat = normed.reshape(C, N, H, W).transpose(1, 0, 2, 3)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, ln_cache)
    return out, cache
