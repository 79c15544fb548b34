# learnL (eleventh round; AsadaYouko/My-cs231n-assignment-solutions): a staged batch-norm backward that builds a local
# gradient out of dx_hat and then multiplies it by dx_hat again, dx quadratic in dout; told only that dx does not sum
# to zero. Our own code from the description.
import numpy as np


def batchnorm_backward(dout, cache):
    xh, gamma, sd = cache
    n = dout.shape[0]
    up = dout * gamma
    d_var = -0.5 * np.sum(up * xh, axis=0) / sd ** 2
    d_mu = -np.sum(up, axis=0) / sd
    local = up / sd + 2.0 * d_var * xh / n + d_mu / n
    dx = up * local
    return dx, np.sum(dout * xh, axis=0), np.sum(dout, axis=0)
