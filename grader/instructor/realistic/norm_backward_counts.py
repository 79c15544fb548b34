# A 2021-style submission whose backwards were written from the simplified formula: layer norm's path through the
# mean left out, spatial batch norm's counts taken as N (the batch-norm exercise's) where N * H * W belong, and a
# batch-norm backward written the other way that is right, and a simplified one whose dvar sums over every element.
import numpy as np


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (1.0 / N) / std * (N * dx_hat - np.sum(dx_hat, axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    return dx, dgamma, dbeta


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (dx_hat - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True)) / std
    return dx, dgamma, dbeta


def spatial_batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    N, C, H, W = dout.shape
    dflat = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dbeta = dflat.sum(axis=0)
    dgamma = (dflat * x_hat).sum(axis=0)
    dx_hat = dflat * gamma
    dx = (dx_hat - dx_hat.sum(axis=0) / N - x_hat * (dx_hat * x_hat).sum(axis=0) / N) / std
    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dx_hat = dout * gamma
    x_mu = x_hat * std
    dvar = np.sum(dx_hat * x_mu * -0.5 * std ** -3)
    dmu = np.sum(-dx_hat / std, axis=0)
    dx = dx_hat / std + dvar * 2 * x_mu / N + dmu / N
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
