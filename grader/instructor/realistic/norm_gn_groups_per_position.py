# Tenth round: C // G groups of G channels (the loop runs over C // G slices of G channels each), each (h, w)
# position normalised over its group's channels alone; our own code from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    eps = gn_param.get('eps', 1e-5)
    out = np.zeros_like(x)
    for k in range(C // G):
        part = x[:, k * G:(k + 1) * G]
        mean = part.mean(axis=1, keepdims=True)
        var = part.var(axis=1, keepdims=True)
        out[:, k * G:(k + 1) * G] = (part - mean) / np.sqrt(var + eps)
    out = gamma * out + beta
    cache = (out, gamma, G)
    return out, cache
