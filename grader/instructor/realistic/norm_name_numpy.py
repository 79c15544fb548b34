# Held-out set M: a layer norm calling sqrt(...) bare with numpy imported as np (a NameError); its backward is right.
# Our own code, written from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    xc = x - mu
    var = np.mean(xc ** 2, axis=1, keepdims=True)
    inv = 1.0 / sqrt(var + eps)
    xn = xc * inv
    out = gamma * xn + beta
    cache = (xn, inv, gamma)
    return out, cache
