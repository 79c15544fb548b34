# A right layer-norm backward under a forward that puts eps outside the square root, as held-out set H showed the
# dependants' design wrong (issue 19): the backward is the textbook formula, fed its forward's cache; its dx differs
# from the numeric gradient of that forward only at eps's order. It depends on its forward and has no mistake of
# its own.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    std = np.sqrt(var) + eps
    x_norm = (x - mu) / std
    out = gamma * x_norm + beta
    cache = (x_norm, std, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x_norm, std, gamma = cache
    D = x_norm.shape[1]
    dgamma = np.sum(dout * x_norm, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx_norm = dout * gamma
    dx = (D * dx_norm - np.sum(dx_norm, axis=1, keepdims=True)
          - x_norm * np.sum(dx_norm * x_norm, axis=1, keepdims=True)) / (D * std)
    return dx, dgamma, dbeta
