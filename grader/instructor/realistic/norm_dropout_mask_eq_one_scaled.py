# Held-out set R: the same backward under a forward that scales its mask by 1 / p (our own code): dx is all zeros,
# since no value of the mask is 1. It was told that the code filling dx never ran, which was untrue.
import numpy as np


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
