# Held-out set P: a simplified batch-norm backward built from the Jacobian's diagonal alone, gamma left out too (told
# only that dx does not sum to zero). Our own code from the description.
import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx = dout / std * (1 - 1.0 / N - x_hat ** 2 / N)
    return dx, dgamma, dbeta
