# Held-out set R: a dropout backward keeping dout where its mask equals 1 (our own code, written from the description),
# under a forward that never scales its 0/1 mask: the backward is right for that forward and keeps its points, but
# once the forward divides the mask by p no value of it is 1 and dx is all zeros. The forward's hint says so now.
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = None
    out = None
    if mode == 'train':
        keep = np.random.rand(*x.shape) < p
        mask = keep.astype(x.dtype)
        out = x * mask
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
        kept = (mask == 1.0)
        dx = np.where(kept, dout, 0.0)
    elif mode == 'test':
        dx = dout
    return dx
