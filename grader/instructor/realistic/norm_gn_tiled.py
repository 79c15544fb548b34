# A group norm done group by group with layer norm on each (N, C // G * H * W) chunk, its gamma and beta sliced as
# if they were (C,) and laid out with np.tile where np.repeat belongs (issue 19, set K), over a right layer norm:
# with the (1, C, 1, 1) gamma the slice is the whole array, with (C,) the tiled values sit in the wrong columns.
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
