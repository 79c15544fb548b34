# learnR's pool (Ciroo): a dropout written with p the chance of dropping (it keeps 1 - p and scales by 1 / (1 - p)),
# whose backward passes dout through the 0/1 mask it stored, without that scale. Told only that it depends on its
# forward, though fixing the forward's draw leaves it wrong.
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        keep = 1.0 - p
        mask = (np.random.rand(*x.shape) < keep).astype(x.dtype)
        out = x * mask / keep
    elif mode == 'test':
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param['mode']
    dx = None
    if mode == 'train':
        dx = dout * mask
    elif mode == 'test':
        dx = dout
    return dx
