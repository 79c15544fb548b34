# A group-norm backward that takes its forward's eps from the cache and then scales it by a number (set O,
# eps = eps * 1.0001): right at eps = 1e-5, wrong with the graded large eps, told only that "the eps it uses is not
# its forward's" with no line.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = x.reshape(N, G, C // G, H, W)
    mean = grouped.mean(axis=(2, 3, 4), keepdims=True)
    var = grouped.var(axis=(2, 3, 4), keepdims=True)
    x_hat = ((grouped - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (grouped, mean, var, eps, x_hat, gamma, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    grouped, mean, var, eps, x_hat, gamma, G = cache
    eps = eps * 1.0001
    N, C, H, W = dout.shape
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    dxh = (dout * gamma).reshape(grouped.shape)
    M = grouped[0, 0].size
    istd = 1.0 / np.sqrt(var + eps)
    xh = (grouped - mean) * istd
    dx = istd / M * (M * dxh - dxh.sum(axis=(2, 3, 4), keepdims=True)
                     - xh * (dxh * xh).sum(axis=(2, 3, 4), keepdims=True))
    return dx.reshape(N, C, H, W), dgamma, dbeta
