import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
    elif mode == 'test':
        keep = np.random.rand(*x.shape) < p  # a mask in test mode too
        out = np.where(keep, x, 0.0)
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache
