# A spatial batch norm handing batch norm one row per sample, x.reshape(N, C * H * W), with gamma and beta repeated
# over the positions (set O): each (c, h, w) position normalised over N alone, and the run raises on bn_param's (C,)
# running mean; it was given two readings ("a slice per channel, or a reshape that keeps H and W apart").
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    g = np.repeat(gamma.reshape(-1), H * W)
    b = np.repeat(beta.reshape(-1), H * W)
    flat, cache = batchnorm_forward(x.reshape(N, C * H * W), g, b, bn_param)
    return flat.reshape(N, C, H, W), cache
