# A backward with a mistake of its own under a wrong forward, as held-out set G showed it (issue 19): a layer norm
# whose statistics take no axis, with a batch-norm backward under it (sums over axis 0). The backward is wrong for
# its own forward too, so it is told so beside "fails because layernorm_forward does".
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mean = x.mean()
    var = x.var()
    x_hat = (x - mean) / np.sqrt(var + eps)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mean, var, gamma, eps)
    return out, cache


def layernorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, eps = cache
    N = x.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (N * np.sqrt(var + eps))
    return dx, dgamma, dbeta
