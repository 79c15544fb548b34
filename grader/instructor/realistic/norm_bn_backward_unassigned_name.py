# learnR's pool (iam_peekay): a batch norm whose train mode takes the mean where the variance belongs, and whose
# backward, left half-done, multiplies by a weight matrix it never assigns (a NameError of its own). The backward was
# told only that it depends on its forward, though fixing the forward leaves the NameError.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    out, cache = None, None
    if mode == 'train':
        centre = x.mean(axis=0)
        spread = x.mean(axis=0)
        normed = (x - centre) / np.sqrt(spread + eps)
        out = gamma * normed + beta
        cache = (normed, gamma, spread, eps)
        running_mean = momentum * running_mean + (1 - momentum) * centre
        running_var = momentum * running_var + (1 - momentum) * spread
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    normed, gamma, spread, eps = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * normed).sum(axis=0)
    dx = dout.dot(weights.T) * gamma
    return dx, dgamma, dbeta
