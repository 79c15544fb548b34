# Set I: a group norm whose statistics run down axis 0 of x.reshape(N * G, -1) (across samples and groups) where
# axis 1 belongs; our own code written from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    eps = gn_param.get('eps', 1e-5)
    xg = x.reshape(N * G, -1)
    mu = np.mean(xg, axis=0)
    var = np.var(xg, axis=0)
    x_hat = ((xg - mu) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, np.sqrt(var + eps), G)
    return out, cache
