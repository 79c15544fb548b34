# learnL (eleventh round): a layer norm run through batch norm on the transposed arrays, whose backward returns the
# batch-norm backward's dgamma and dbeta as they come (one value per sample), under an alt batch-norm backward with a
# slip of its own in dx alone. Its dgamma and dbeta were told only that batchnorm_backward_alt fails. Our own code
# from the description.
import numpy as np


def batchnorm_backward_alt(dout, cache):
    xn, g, sd = cache
    k = dout.shape[0]
    up = dout * g
    dx = (up - up.sum(axis=0) / k - xn * (up * xn).sum(axis=0) / k) / sd ** 2
    return dx, (dout * xn).sum(axis=0), dout.sum(axis=0)


def layernorm_forward(x, gamma, beta, ln_param):
    bn = {"mode": "train", "eps": ln_param.get("eps", 1e-5)}
    out_t, cache = batchnorm_forward(x.T, gamma.reshape(-1, 1), beta.reshape(-1, 1), bn)
    return out_t.T, cache


def layernorm_backward(dout, cache):
    dx_t, dgamma, dbeta = batchnorm_backward_alt(dout.T, cache)
    return dx_t.T, dgamma, dbeta
