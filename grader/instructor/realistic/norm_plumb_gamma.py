# A group norm done by layer norm on the (N * G, C // G * H * W) rows, handing it the (1, C, 1, 1) gamma and beta
# (issue 19, set K), over a layer norm with eps outside the square root: told only "fails because layernorm_forward
# does" before, and it still fails once the layer norm is right.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=1, keepdims=True)
    std = np.sqrt(x.var(axis=1, keepdims=True)) + eps
    x_hat = (x - mean) / std
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, std)


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    per_group = C // G
    grouped = x.reshape(N * G, per_group * H * W)
    out, cache = layernorm_forward(grouped, gamma, beta, gn_param)
    out = out.reshape((N, C, H, W))
    return out, cache
