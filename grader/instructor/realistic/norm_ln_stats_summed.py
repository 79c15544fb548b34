# Held-out set R: a layer norm whose mean and variance are sums over each row's features (our own code, written from
# the description), and a staged backward that is the exact gradient of that forward (its counts are 1, no 1 / D).
# The forward was told only "check the formula itself", the backward its root and three possible causes.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    centre = x.sum(axis=1, keepdims=True)
    dev = x - centre
    spread = (dev * dev).sum(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(spread + eps)
    x_hat = dev * inv
    out = gamma * x_hat + beta
    cache = (dev, inv, x_hat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    dev, inv, x_hat, gamma = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    ddev = g * inv
    dspread = -0.5 * (g * dev).sum(axis=1, keepdims=True) * inv ** 3
    ddev = ddev + 2 * dev * dspread
    dcentre = -ddev.sum(axis=1, keepdims=True)
    dx = ddev + dcentre
    return dx, dgamma, dbeta
