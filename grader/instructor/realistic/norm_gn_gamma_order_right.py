# The right counterpart of norm_gn_gamma_order: gamma and beta repeated to the rows' shape in the rows' own (h, w, c)
# order (np.tile of each group's values, H * W times). It must keep every point, and no order be said. Our own code.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    N, C, H, W = x.shape
    K = C // G
    rows = x.reshape(N, G, K, H, W).transpose(0, 1, 3, 4, 2).reshape(N * G, -1)
    g = np.tile(np.tile(gamma.reshape(G, K), (N, 1)), (1, H * W))
    b = np.tile(np.tile(beta.reshape(G, K), (N, 1)), (1, H * W))
    out, cache = layernorm_forward(rows, g, b, gn_param)
    out = out.reshape(N, G, H, W, K).transpose(0, 1, 4, 2, 3).reshape(N, C, H, W)
    cache = (G, cache)
    return out, cache
