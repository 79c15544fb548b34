# Held-out set N: a group norm run through layer norm on the (N * G, C // G * H * W) rows, its gamma and beta tiled
# to the rows' full shape in np.tile's order (c0, c1, c0, ...: the forward's mistake), and a backward that builds dgamma and dbeta from what
# layernorm_backward returns for them: per-column sums over every row, which mix the groups (our own code, written
# from the description). The backward was told only that it depends on its forward.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    rows = x.reshape(N, G, C // G, H, W).reshape(N * G, -1)
    g_rows = np.tile(gamma.reshape(G, C // G), (N, H * W))
    b_rows = np.tile(beta.reshape(G, C // G), (N, H * W))
    out_rows, ln_cache = layernorm_forward(rows, g_rows, b_rows, gn_param)
    out = out_rows.reshape(N, C, H, W)
    cache = (G, ln_cache)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    G, ln_cache = cache
    N, C, H, W = dout.shape
    d_rows = dout.reshape(N * G, -1)
    dx_rows, dg_rows, db_rows = layernorm_backward(d_rows, ln_cache)
    dx = dx_rows.reshape(N, C, H, W)
    dgamma = dg_rows.reshape(N * G, C // G, -1).sum(axis=(0, 2))
    dbeta = db_rows.reshape(N * G, C // G, -1).sum(axis=(0, 2))
    return dx, dgamma, dbeta
