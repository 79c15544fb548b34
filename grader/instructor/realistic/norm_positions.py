# Statistics taken over the wrong values, as real files of set F wrote them: a spatial batch norm that averages each
# (c, h, w) position over the batch alone (it raises where its (C, H, W) mean meets the (C,) running mean), a group
# norm that averages each position over the group's channels alone (written for a (C,) gamma: it slices the
# (1, C, 1, 1) one again). The group-norm backward whose dx is not transposed back is in norm_transposed.
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = None, None
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, C, H, W = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    if mode == 'train':
        sample_mean = np.mean(x, axis=0)
        sample_var = np.var(x, axis=0)
        x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)
        out = gamma[None, :, None, None] * x_hat + beta[None, :, None, None]
        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var
        cache = (x_hat, gamma, sample_var, eps)
    else:
        x_hat = (x - running_mean[None, :, None, None]) / np.sqrt(running_var[None, :, None, None] + eps)
        out = gamma[None, :, None, None] * x_hat + beta[None, :, None, None]
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    x_group = x.reshape(N, G, C // G, H, W)
    mean = np.mean(x_group, axis=2, keepdims=True)
    var = np.var(x_group, axis=2, keepdims=True)
    x_hat = ((x_group - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma[None, :, None, None] * x_hat + beta[None, :, None, None]
    cache = (x_hat, gamma, mean, var, eps, G)
    return out, cache
