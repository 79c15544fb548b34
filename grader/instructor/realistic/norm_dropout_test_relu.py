# Held-out set N: a dropout whose test mode returns np.maximum(0, x) (a ReLU) where x belongs; told only that test
# mode should return x unchanged. Our own code from the description.
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
        out = np.maximum(0, x)
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache
