# learnL (eleventh round): a layer-norm backward whose path through the mean is multiplied by std where it is divided
# by it, beside a variance's derivative written with var ** -1.5 (eps left out of the whole term); and an alt
# batch-norm backward whose mean term is not divided by std at all. Our own code from the descriptions.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    sigma2 = x.var(axis=1, keepdims=True)
    spread = np.sqrt(sigma2 + eps)
    z = (x - mu) / spread
    return gamma * z + beta, (z, gamma, x - mu, sigma2, spread)


def layernorm_backward(dout, cache):
    z, gamma, centred, sigma2, spread = cache
    D = z.shape[1]
    g = dout * gamma
    d_sigma2 = -0.5 * np.sum(g * centred, axis=1, keepdims=True) * sigma2 ** -1.5
    d_mu = -np.sum(g, axis=1, keepdims=True) * spread
    dx = g / spread + d_sigma2 * 2.0 * centred / D + d_mu / D
    return dx, np.sum(dout * z, axis=0), np.sum(dout, axis=0)


def batchnorm_backward_alt(dout, cache):
    xn, g, sd = cache
    up = dout * g
    dx = up / sd - up.mean(axis=0) - xn * (up * xn).mean(axis=0) / sd
    return dx, (dout * xn).sum(axis=0), dout.sum(axis=0)
