# learnB's mutation sweep (our own mutants, not held out): a group norm whose variance sums each group's squares and
# divides them by H * W, one channel's count, where the group's C // G * H * W belongs; our own code from the
# description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = x.reshape(N, G, C // G, H, W)
    mean = np.mean(grouped, axis=(2, 3, 4), keepdims=True)
    var = np.sum((grouped - mean) ** 2, axis=(2, 3, 4), keepdims=True) / (H * W)
    std = np.sqrt(var + eps)
    x_hat = ((grouped - mean) / std).reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std, G)
    return out, cache
