# Held-out set K: the group norm of norm_gn_tiled (layer norm per group chunk, gamma sliced as if (C,) and tiled where
# np.repeat belongs) with the backward that mirrors it: layer norm's backward per chunk, dgamma gathered back per
# channel in np.tile's order (every size-th column summed). Our own code, written from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    size = C // G
    out = np.zeros_like(x)
    caches = []
    for g in range(G):
        part = x[:, g * size:(g + 1) * size].reshape(N, -1)
        scale = np.tile(gamma[g * size:(g + 1) * size], H * W)
        shift = np.tile(beta[g * size:(g + 1) * size], H * W)
        normed, part_cache = layernorm_forward(part, scale, shift, gn_param)
        out[:, g * size:(g + 1) * size] = normed.reshape(N, size, H, W)
        caches.append(part_cache)
    return out, (caches, G)


def spatial_groupnorm_backward(dout, cache):
    caches, G = cache
    N, C, H, W = dout.shape
    size = C // G
    dx = np.zeros_like(dout)
    dgamma, dbeta = np.zeros(C), np.zeros(C)
    for g in range(G):
        part = dout[:, g * size:(g + 1) * size].reshape(N, -1)
        dpart, dscale, dshift = layernorm_backward(part, caches[g])
        dx[:, g * size:(g + 1) * size] = dpart.reshape(N, size, H, W)
        dgamma[g * size:(g + 1) * size] = dscale.reshape(-1, size).sum(axis=0)
        dbeta[g * size:(g + 1) * size] = dshift.reshape(-1, size).sum(axis=0)
    return dx, dgamma, dbeta
