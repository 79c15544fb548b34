# Held-out set K: a group-norm backward that works on the transposed (C // G * H * W, N * G) layout but multiplies by
# the inverse std as its forward cached it, (N, G, 1, 1, 1). The two broadcast without an error into an array with
# the axes of both, N * G times x's size, and only the reshape back to (N, C, H, W) raises. The forward is right.
# Our own code, written from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = x.reshape(N, G, C // G, H, W)
    centred = grouped - grouped.mean(axis=(2, 3, 4), keepdims=True)
    inv_std = 1.0 / np.sqrt((centred ** 2).mean(axis=(2, 3, 4), keepdims=True) + eps)
    x_hat = (centred * inv_std).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, inv_std, G)


def spatial_groupnorm_backward(dout, cache):
    x_hat, gamma, inv_std, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    cols = (dout * gamma).reshape(N * G, -1).T
    xh = x_hat.reshape(N * G, -1).T
    m = cols.shape[0]
    dcols = inv_std / m * (m * cols - cols.sum(axis=0) - xh * (cols * xh).sum(axis=0))
    dx = dcols.T.reshape(N, C, H, W)
    return dx, dgamma, dbeta
