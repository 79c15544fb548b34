# Held-out set K: a group-norm backward that works on x_hat.reshape(N, G, -1).T, (K, G, N), but keeps its std as
# the forward cached it, (N, G, 1): a broadcast error between a layout and its reverse. The forward is right. Our own
# code, written from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, -1)
    mu = xg.mean(axis=2, keepdims=True)
    sd = np.sqrt(xg.var(axis=2, keepdims=True) + eps)
    xn = ((xg - mu) / sd).reshape(N, C, H, W)
    out = gamma * xn + beta
    cache = {'xn': xn, 'sd': sd, 'gamma': gamma, 'G': G}
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    xn, sd, gamma, G = cache['xn'], cache['sd'], cache['gamma'], cache['G']
    N, C, H, W = dout.shape
    dgamma = np.sum(dout * xn, axis=(0, 2, 3), keepdims=True)
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    g = (dout * gamma).reshape(N, G, -1).T
    z = xn.reshape(N, G, -1).T
    K = g.shape[0]
    dx = (K * g - g.sum(axis=0) - z * (g * z).sum(axis=0)) / (K * sd)
    dx = dx.T.reshape(N, C, H, W)
    return dx, dgamma, dbeta
