# learnB's mutation sweep (our own mutants, not held out): outputs left in another layout. A group norm that scales
# and shifts the grouped array with gamma and beta reshaped to (1, G, C // G, 1, 1) and returns it grouped, and a
# spatial batch-norm backward that goes back with the forward's transpose(0, 2, 3, 1) again; our own code from the
# description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mean = xg.mean(axis=(2, 3, 4), keepdims=True)
    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)
    xg_hat = (xg - mean) / std
    out = gamma.reshape(1, G, C // G, 1, 1) * xg_hat + beta.reshape(1, G, C // G, 1, 1)
    cache = (xg_hat.reshape(N, C, H, W), gamma, std, G)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dout_flat = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dx_flat, dgamma, dbeta = batchnorm_backward(dout_flat, cache)
    dx = dx_flat.reshape(N, H, W, C).transpose(0, 2, 3, 1)
    return dx, dgamma, dbeta
