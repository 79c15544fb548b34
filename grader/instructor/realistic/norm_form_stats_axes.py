# learnB's mutation sweep (our own mutants, not held out): one statistic over the wrong axes and the other right. A
# layer norm whose mean runs over the batch while its variance runs per sample, and a group norm whose variance
# leaves the group's channels out; our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    sample_mean = np.mean(x, axis=0)
    sample_var = np.var(x, axis=1, keepdims=True)
    x_norm = (x - sample_mean) / np.sqrt(sample_var + eps)
    out = gamma * x_norm + beta
    cache = (x_norm, gamma, np.sqrt(sample_var + eps))
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    grouped = x.reshape((N, G, C // G, H, W))
    mean = np.mean(grouped, axis=(2, 3, 4), keepdims=True)
    var = np.var(grouped, axis=(3, 4), keepdims=True)
    std = np.sqrt(var + eps)
    x_hat = ((grouped - mean) / std).reshape((N, C, H, W))
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std, G)
    return out, cache
