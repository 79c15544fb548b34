import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    g, b = gamma.reshape(1, C, 1, 1), beta.reshape(1, C, 1, 1)
    if mode == 'train':
        m = x.mean(axis=(0, 2, 3), keepdims=True)
        v = x.var(axis=(0, 2, 3), keepdims=True)
        out = g * (x - m) / np.sqrt(v + eps) + b
        bn_param['runing_mean'] = momentum * running_mean + (1 - momentum) * m.ravel()
        bn_param['running_var'] = momentum * running_var + (1 - momentum) * v.ravel()
        cache = (x, m, v, gamma, eps)
    else:
        m, v = running_mean.reshape(1, C, 1, 1), running_var.reshape(1, C, 1, 1)
        out = g * (x - m) / np.sqrt(v + eps) + b
        cache = None
    return out, cache
