# learnS's pool: a short alt meant to serve layer norm too (the student's layer norm hands it x.T), which transposes
# its dx on the way out whoever calls it: batch norm's own call gets dx back as (D, N). The graded report had no hint
# for it (only the numbers' "shapes mismatch"). Our own code, written from the description.
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
        mu = x.mean(axis=0)
        centred = x - mu
        inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
        x_hat = centred * inv_std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, inv_std)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * x.var(axis=0)
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, inv_std = cache
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = inv_std / m * (m * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))
    # layer norm runs this on transposed arrays, so turn dx back
    dx = dx.T
    return dx, dgamma, dbeta
