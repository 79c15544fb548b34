# Held-out set K: a group-norm backward that reads `x1`, a value only its forward computed (the grouped x), beside x
# unpacked from the cache. It was told "a name close to it is `x`": a numbered name is another value, not a typo of
# the input's. Our own code from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    x1 = x.reshape(N, G, -1)
    mu = x1.mean(axis=2, keepdims=True)
    sd = np.sqrt(x1.var(axis=2, keepdims=True) + eps)
    x_hat = ((x1 - mu) / sd).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x, x_hat, gamma, sd, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x, x_hat, gamma, sd, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    M = x1.shape[2]
    dxh = (dout * gamma).reshape(N, G, -1)
    xh = x_hat.reshape(N, G, -1)
    dx = (M * dxh - dxh.sum(axis=2, keepdims=True) - xh * (dxh * xh).sum(axis=2, keepdims=True)) / (M * sd)
    return dx.reshape(N, C, H, W), dgamma, dbeta
