# learnB's mutation sweep (our own mutants, not held out): a layer-norm backward whose mean term sums each sample's
# features (axis=1) and whose variance term sums over the batch (axis=0), as batch norm's does; our own code from the
# description.
import numpy as np


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    N, D = dout.shape
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    g = dout * gamma
    mean_term = np.sum(g, axis=1, keepdims=True)
    var_term = x_hat * np.sum(g * x_hat, axis=0)
    dx = (D * g - mean_term - var_term) / (D * std)
    return dx, dgamma, dbeta
