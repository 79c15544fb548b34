# A group-norm backward with slips of its own beside its forward's mistake, as held-out set H showed it (issue 19):
# the forward normalises each channel over N, H and W (spatial batch norm, G unused), and the backward divides by
# var where the standard deviation belongs and takes its means with 1.0 / N (N the batch), over each group.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    mu = x.mean(axis=(0, 2, 3), keepdims=True)
    var = x.var(axis=(0, 2, 3), keepdims=True)
    x_hat = (x - mu) / np.sqrt(var + eps)
    out = gamma * x_hat + beta
    cache = (x_hat, var, gamma, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, var, gamma, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dxh = (dout * gamma).reshape(N, G, C // G, H, W)
    xh = x_hat.reshape(N, G, C // G, H, W)
    v = np.broadcast_to(var, x_hat.shape).reshape(N, G, C // G, H, W)
    dx = (dxh - 1.0 / N * dxh.sum(axis=(2, 3, 4), keepdims=True)
          - 1.0 / N * xh * (dxh * xh).sum(axis=(2, 3, 4), keepdims=True)) / v
    return dx.reshape(N, C, H, W), dgamma, dbeta
