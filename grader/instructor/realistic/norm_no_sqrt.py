# A layer norm that divides by the variance (var + eps, no square root): a slip of the same kind as the backwards'
# 1 / var for 1 / std that set H showed, read from the forward's own output (issue 19, sixth round).
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    x_hat = (x - mean) / (var + eps)
    out = gamma * x_hat + beta
    cache = (x, x_hat, mean, var, gamma, eps)
    return out, cache
