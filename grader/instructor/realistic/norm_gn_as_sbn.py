# Set I: a group norm written as spatial batch norm, handing its gn_param where bn_param is read (only the KeyError
# was named); our own code written from the description.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    N, C, H, W = x.shape
    out, cache = spatial_batchnorm_forward(x, gamma.reshape(C), beta.reshape(C), gn_param)
    return out, cache
