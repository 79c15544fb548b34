# A group norm that hands its layer norm gamma and beta repeated to every element of the (N * G, ...) rows, and whose
# backward takes layer norm's dgamma and dbeta as its own; its layer norm's backward sums dgamma per row (axis 1), so
# the group norm's dx is right and its dgamma and dbeta fail under a failing root. It was told only that root. Our
# own code.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    sigma = np.sqrt(np.var(x, axis=1, keepdims=True) + eps)
    xn = (x - mu) / sigma
    return gamma * xn + beta, (xn, gamma, sigma)


def layernorm_backward(dout, cache):
    xn, gamma, sigma = cache
    D = xn.shape[1]
    g = dout * gamma
    dx = (D * g - g.sum(axis=1, keepdims=True) - xn * (g * xn).sum(axis=1, keepdims=True)) / (D * sigma)
    dgamma = (dout * xn).sum(axis=1)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    rows = x.reshape(N * G, -1)
    g_rows = np.broadcast_to(gamma, x.shape).reshape(N * G, -1)
    b_rows = np.broadcast_to(beta, x.shape).reshape(N * G, -1)
    out, ln_cache = layernorm_forward(rows, g_rows, b_rows, gn_param)
    return out.reshape(N, C, H, W), (G, ln_cache)


def spatial_groupnorm_backward(dout, cache):
    G, ln_cache = cache
    N, C, H, W = dout.shape
    dx, dg, db = layernorm_backward(dout.reshape(N * G, -1), ln_cache)
    return dx.reshape(N, C, H, W), dg.reshape(1, -1, 1, 1), db.reshape(1, -1, 1, 1)
