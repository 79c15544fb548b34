# A group norm computed on the transposed groups, as a real file of set F wrote it: the forward is right (it
# transposes back), the backward's dx, computed as (C // G * H * W, N * G), is reshaped to (N, C, H, W) without
# transposing back.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    x_t = x.reshape(N * G, -1).T
    mean = np.mean(x_t, axis=0)
    std = np.sqrt(np.var(x_t, axis=0) + eps)
    x_hat = ((x_t - mean) / std).T.reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x_hat, gamma, std, G = cache
    N, C, H, W = dout.shape
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    dx_hat = (dout * gamma).reshape(N * G, -1).T
    x_hat_t = x_hat.reshape(N * G, -1).T
    M = x_hat_t.shape[0]
    dx_t = (M * dx_hat - np.sum(dx_hat, axis=0) - x_hat_t * np.sum(dx_hat * x_hat_t, axis=0)) \
        / (M * std.reshape(1, N * G))
    dx = dx_t.reshape(N, C, H, W)
    return dx, dgamma, dbeta
