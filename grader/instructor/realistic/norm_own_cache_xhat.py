# A group-norm backward that builds dx from the normalised x where dout belongs, under a forward wrong on every case,
# as held-out set G showed it (issue 19): the forward takes one mean and variance over the whole array, and the
# backward's gradient reaching x_hat is x_hat * gamma (not dout * gamma). It is neither the gradient of its forward
# nor what the textbook's backward computes on that forward's cache.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    mu = np.mean(x)
    sigma = np.sqrt(np.var(x) + eps)
    x_norm = (x - mu) / sigma
    out = gamma * x_norm + beta
    return out, (x_norm, sigma, gamma, G)


def spatial_groupnorm_backward(dout, cache):
    x_norm, sigma, gamma, G = cache
    N, C, H, W = dout.shape
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dgamma = np.sum(dout * x_norm, axis=(0, 2, 3), keepdims=True)
    dx_norm = (x_norm * gamma).reshape(N, G, -1)
    xn = x_norm.reshape(N, G, -1)
    M = xn.shape[2]
    dx = (M * dx_norm - dx_norm.sum(axis=2, keepdims=True)
          - xn * (dx_norm * xn).sum(axis=2, keepdims=True)) / (M * sigma)
    return dx.reshape(N, C, H, W), dgamma, dbeta
