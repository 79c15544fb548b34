# A group-norm backward written from scratch beside its own from-scratch forward, as held-out set I showed it
# (issue 19): the forward normalises each channel over N, H and W in a loop (G unused: wrong on every case), and the
# backward, written for that forward, leaves gamma out of dx (it differentiates x_hat as if out were x_hat).
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    x_hat = np.zeros_like(x)
    std = np.zeros((1, C, 1, 1))
    for c in range(C):
        mu = np.mean(x[:, c, :, :])
        std[0, c, 0, 0] = np.sqrt(np.var(x[:, c, :, :]) + eps)
        x_hat[:, c, :, :] = (x[:, c, :, :] - mu) / std[0, c, 0, 0]
    out = gamma * x_hat + beta
    return out, (x_hat, std, gamma)


def spatial_groupnorm_backward(dout, cache):
    x_hat, std, gamma = cache
    N, C, H, W = dout.shape
    m = N * H * W
    dx = np.zeros_like(dout)
    for c in range(C):
        g = dout[:, c, :, :]
        xh = x_hat[:, c, :, :]
        dx[:, c, :, :] = (m * g - np.sum(g) - xh * np.sum(g * xh)) / (m * std[0, c, 0, 0])
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    return dx, dgamma, dbeta
