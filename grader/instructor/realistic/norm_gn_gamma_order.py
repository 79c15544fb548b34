# Held-out set N: a group norm done by a (right) layer norm on rows laid out in (h, w, c) order (the group's channels
# moved last), handing it gamma and beta repeated to the rows' full shape but in (c, h, w) order (each channel's value
# H * W times in a row). Told gamma's shape and a fix that works, but not the order. Our own code from the
# description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    K = C // G
    rows = x.reshape(N, G, K, H, W).transpose(0, 1, 3, 4, 2).reshape(N * G, -1)
    g = np.tile(gamma.reshape(G, K), (N, 1))
    b = np.tile(beta.reshape(G, K), (N, 1))
    g = np.repeat(g[:, :, None], H * W, axis=2).reshape(N * G, -1)
    b = np.repeat(b[:, :, None], H * W, axis=2).reshape(N * G, -1)
    out, cache = layernorm_forward(rows, g, b, gn_param)
    out = out.reshape(N, G, H, W, K).transpose(0, 1, 4, 2, 3).reshape(N, C, H, W)
    cache = (G, cache)
    return out, cache
