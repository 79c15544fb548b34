# Held-out set I: a group norm written from scratch whose statistics run down axis 0 of x.reshape(N * G, -1)
# (across samples and groups), with the backward that is the exact gradient of it (its means over the same axis 0,
# counting N * G). Our own code, written from the description. At N = 1 and G = 2 each column's statistics come from
# two values, and the numeric gradient of the forward there is off by 2e-6: the mirror was told only its root.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1)
    mu = rows.mean(axis=0)
    var = ((rows - mu) ** 2).mean(axis=0)
    x_hat = ((rows - mu) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (rows, mu, var, eps, x_hat, gamma, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    rows, mu, var, eps, x_hat, gamma, G = cache
    N, C, H, W = dout.shape
    m = rows.shape[0]
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    d_hat = (dout * gamma).reshape(N * G, -1)
    inv = 1.0 / np.sqrt(var + eps)
    dvar = (d_hat * (rows - mu)).sum(axis=0) * -0.5 * inv ** 3
    dmu = -(d_hat * inv).sum(axis=0)
    drows = d_hat * inv + dvar * 2 * (rows - mu) / m + dmu / m
    return drows.reshape(N, C, H, W), dgamma, dbeta
