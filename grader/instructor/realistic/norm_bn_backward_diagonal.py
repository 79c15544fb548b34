# Held-out set J: simplified backwards that keep only the diagonal of the Jacobian (each dx from its own dout, no
# sums over the values a mean covers), our own code written from the description; the forwards are the reference's
# (cache x_hat, gamma, std).
import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = dout * gamma / std * (1 - 1 / N) * (1 - x_hat ** 2 / N)
    return dx, dgamma, dbeta


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    D = dout.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = dout * gamma / std * (1 - 1 / D - x_hat ** 2 / D)
    return dx, dgamma, dbeta
