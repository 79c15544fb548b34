# A group-norm backward with a mistake of its own under a forward that is wrong on every case, as held-out set G
# showed it (issue 19): the forward takes one mean and variance over the whole array (no axis: wrong on every case),
# and the backward is batch norm's, per channel over N, H and W (spatial batch norm's sums and count), on that
# forward's cached x_hat. It is neither the gradient of its forward nor the textbook's backward on that cache.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    mean = np.mean(x)
    var = np.var(x)
    std = np.sqrt(var + eps)
    x_hat = (x - mean) / std
    out = gamma * x_hat + beta
    cache = (x_hat, std, gamma)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, std, gamma = cache
    N, C, H, W = dout.shape
    m = N * H * W
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    dx_hat = dout * gamma
    dx = (m * dx_hat - np.sum(dx_hat, axis=(0, 2, 3), keepdims=True)
          - x_hat * np.sum(dx_hat * x_hat, axis=(0, 2, 3), keepdims=True)) / (m * std)
    return dx, dgamma, dbeta
