# learnB's mutation sweep (our own mutants, not held out): a simplified batch-norm backward that reads the cached
# standard deviation under the name sigma2, as if it were the variance, and takes its square root again; our own code
# from the description.
import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, sigma2 = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma / (N * np.sqrt(sigma2)) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
