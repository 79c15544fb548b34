# The named repositories' sweep (Htet-ThuAung/cs231n-assignments, Yuunii/cs231n-assignment): a group-norm backward
# that reshapes dout * gamma to the grouped (N * G, C // G * H * W) rows but centres the cached x as it came in,
# (N, C, H, W), on the (N * G, 1) mean, so NumPy cannot broadcast them. It was told only the broadcast paragraph.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1)
    mean = rows.mean(axis=1, keepdims=True)
    var = rows.var(axis=1, keepdims=True)
    x_hat = ((rows - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x, x_hat, gamma, mean, var, eps, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x, x_hat, gamma, mean, var, eps, G = cache
    N, C, H, W = dout.shape
    M = C // G * H * W
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dx_hat = (dout * gamma).reshape(N * G, M)
    dvar = np.sum(dx_hat * (x - mean) * -0.5 * (var + eps) ** -1.5, axis=1, keepdims=True)
    dmean = np.sum(-dx_hat / np.sqrt(var + eps), axis=1, keepdims=True)
    rows = x.reshape(N * G, M)
    dx = dx_hat / np.sqrt(var + eps) + dvar * 2 * (rows - mean) / M + dmean / M
    return dx.reshape(N, C, H, W), dgamma, dbeta
