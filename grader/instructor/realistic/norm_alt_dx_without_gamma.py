# A batch norm whose alt backward unpacks gamma from its cache and never uses it in dx, whose variance term is also
# left unsummed (x_hat * x_hat * dout per element): the sums do not come out to zero and the term-by-term reading
# finds no fit, so it was told only that dx is not centred. Our own code.
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
        avg = x.mean(axis=0)
        spread = np.sqrt(x.var(axis=0) + eps)
        normed = (x - avg) / spread
        out = normed * gamma + beta
        running_mean = momentum * running_mean + (1 - momentum) * avg
        running_var = momentum * running_var + (1 - momentum) * x.var(axis=0)
        cache = (normed, gamma, spread)
    elif mode == 'test':
        out = (x - running_mean) / np.sqrt(running_var + eps) * gamma + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    normed, gamma, spread = cache
    m = normed.shape[0]
    dx = dout / spread - dout.sum(axis=0) / (m * spread) - normed * normed * dout / (m * spread)
    dgamma = (dout * normed).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
