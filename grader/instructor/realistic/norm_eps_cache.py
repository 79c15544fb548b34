# learnB's mutation sweep (our own mutants, not held out): a layer norm whose x_hat divides by np.sqrt(var + eps)
# and whose cache holds np.sqrt(var), without eps; the reference's backward then fails only with a large eps and
# was told only of its own eps; our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mean = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    x_hat = (x - mean) / np.sqrt(var + eps)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, np.sqrt(var))
    return out, cache
