# A layer-norm backward that is batch norm's formula, as held-out set H showed it (issue 19): the student's own
# right layer-norm forward, and a backward copied from batchnorm_backward_alt: its sums run over axis 0 and it
# counts N, the batch, where layer norm sums over each sample's D features.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mean = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    x_norm = (x - mean) / np.sqrt(var + eps)
    out = gamma * x_norm + beta
    cache = (x_norm, gamma, var, eps)
    return out, cache


def layernorm_backward(dout, cache):
    x_norm, gamma, var, eps = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_norm, axis=0)
    dx = (1. / N) * gamma * (var + eps) ** (-1. / 2.) * (N * dout - np.sum(dout, axis=0)
                                                          - x_norm * np.sum(dout * x_norm, axis=0))
    return dx, dgamma, dbeta
