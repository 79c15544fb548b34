# Held-out set N: a dropout that unpacks `N, M = x.shape` (a ValueError on 4-D input) and draws its mask from those
# two sizes, and that does not scale the kept units. The graded report named the two axes; the local check only the
# scaling. Our own code from the description.
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        rows, cols = x.shape
        mask = np.random.rand(rows, cols) < p
        out = x * mask
    elif mode == 'test':
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache
