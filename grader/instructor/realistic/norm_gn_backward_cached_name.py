# Set L (the named files' sweep): a group-norm backward whose dgamma reads `x1`, a name of its forward, which that
# forward does put into its cache, as cache['x_norm'], read back here as `x_norm`. It was told to store x1 in the
# cache. Our own code from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N, G, -1)
    mu = rows.mean(axis=2, keepdims=True)
    sd = np.sqrt(rows.var(axis=2, keepdims=True) + eps)
    x1 = ((rows - mu) / sd).reshape(N, C, H, W)
    out = gamma * x1 + beta
    cache = {'x_norm': x1, 'gamma': gamma, 'sd': sd, 'G': G}
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_norm, gamma, sd, G = cache['x_norm'], cache['gamma'], cache['sd'], cache['G']
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x1).sum(axis=(0, 2, 3), keepdims=True)
    dxh = (dout * gamma).reshape(N, G, -1)
    xh = x_norm.reshape(N, G, -1)
    M = xh.shape[2]
    dx = (M * dxh - dxh.sum(axis=2, keepdims=True) - xh * (dxh * xh).sum(axis=2, keepdims=True)) / (M * sd)
    return dx.reshape(N, C, H, W), dgamma, dbeta
