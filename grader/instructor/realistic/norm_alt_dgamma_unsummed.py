# Held-out set Q (eleventh round; after its freeze): an alt whose dgamma is dout * x_hat value by value, never
# summed over the batch (dx and dbeta right); the dgamma check had no hint at all. Our own code from the description.
import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    rows = dout.shape[0]
    scaled = dout * gamma
    dx = (rows * scaled - scaled.sum(axis=0) - x_hat * np.sum(scaled * x_hat, axis=0)) / (rows * std)
    dgamma = x_hat * dout
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
