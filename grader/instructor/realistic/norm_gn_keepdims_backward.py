# The mutation sweep's group-norm backward (our own mutant, not held out): a sum over each group's values without
# keepdims=True, (N, G) against (N, G, C // G * H * W). Told only the generic broadcast paragraph.
import numpy as np


def spatial_groupnorm_backward(dout, cache):
    x_hat, gamma, std, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dxg_hat = (dout * gamma).reshape(N, G, -1)
    xg_hat = x_hat.reshape(N, G, -1)
    M = xg_hat.shape[2]
    total = dxg_hat.sum(axis=2)
    dxg = (M * dxg_hat - total - xg_hat * (dxg_hat * xg_hat).sum(axis=2, keepdims=True)) / (M * std.reshape(N, G, 1))
    dx = dxg.reshape(N, C, H, W)
    return dx, dgamma, dbeta
