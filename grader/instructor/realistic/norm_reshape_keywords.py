# Held-out set J: a group norm written for NumPy 1, passing np.reshape's shape as newshape= (deprecated in NumPy 2.1,
# since removed); right once the shapes are passed positionally (its backward is then the reference's). Our own
# code written from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = np.reshape(x, newshape=(N, G, C // G, H, W))
    mean = grouped.mean(axis=(2, 3, 4), keepdims=True)
    std = np.sqrt(grouped.var(axis=(2, 3, 4), keepdims=True) + eps)
    x_hat = np.reshape((grouped - mean) / std, newshape=(N, C, H, W))
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std, G)
    return out, cache
