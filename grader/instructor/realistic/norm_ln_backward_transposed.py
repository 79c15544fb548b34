# Held-out set K: a layer-norm backward that transposes dx_hat to reuse batch norm's axis=0 sums but leaves the
# cached x_hat (N, D) as it was, so the two meet as (D, N) and (N, D); the forward is right. Our own code from the
# description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    xt = x.T
    mu = np.mean(xt, axis=0)
    sd = np.sqrt(np.mean((xt - mu) ** 2, axis=0) + eps)
    xhat = ((xt - mu) / sd).T
    out = gamma * xhat + beta
    cache = (gamma, xhat, sd)
    return out, cache


def layernorm_backward(dout, cache):
    gamma, xhat, sd = cache
    N, D = xhat.shape
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    g = (dout * gamma).T
    dx = (D * g - np.sum(g, axis=0) - xhat * np.sum(g * xhat, axis=0)) / (D * sd)
    return dx.T, dgamma, dbeta
