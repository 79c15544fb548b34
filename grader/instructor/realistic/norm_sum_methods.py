# learnB's mutation sweep (our own mutants, not held out): a layer-norm backward whose dbeta is dout.sum(), the
# method with no axis (one number, and no hint at all), and a simplified batch-norm backward that gives its sums'
# axis as a plain second argument, np.sum(dout, 0), with dgamma a mean where a sum belongs; our own code from the
# description.
import numpy as np


def layernorm_backward(dout, cache):
    xhat, gamma, std = cache
    D = dout.shape[1]
    dbeta = dout.sum()
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    dx = (D * g - g.sum(axis=1, keepdims=True) - xhat * (g * xhat).sum(axis=1, keepdims=True)) / (D * std)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, 0)
    dgamma = np.mean(dout * x_hat, 0)
    dx = gamma / (N * std) * (N * dout - np.sum(dout, 0) - x_hat * np.sum(dout * x_hat, 0))
    return dx, dgamma, dbeta
