# learnL (eleventh round; an earlier round's known miss): a batch-norm backward that takes d out / d x_hat as 1 plus
# gamma (beta's derivative counted in), told nothing of it, and behind a failing forward only that forward's line.
# Our own code from the description.
import numpy as np


def batchnorm_backward(dout, cache):
    xh, gamma_, sd = cache
    upstream = gamma_ + 1
    d_xh = dout * upstream
    dx = (d_xh - d_xh.mean(axis=0) - xh * (d_xh * xh).mean(axis=0)) / sd
    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)
