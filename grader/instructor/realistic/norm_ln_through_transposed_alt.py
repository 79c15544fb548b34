# Learnt from held-out set R's pool: a layer norm run through batch norm on transposed arrays (our own code, written
# from the description). The forward hands batchnorm_forward a dict of its own, so the eps of ln_param is never read;
# the alt ends in `dx = dx.T`, meant for the layer norm calling it on dout.T, which makes batch norm's own call return
# the transpose. The layer-norm backward, right on every case but the one with a large eps, was told "Fails because
# batchnorm_backward_alt does", whose wrong shape never reaches it: its root is layernorm_forward.
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
        spread = x.var(axis=0)
        std = np.sqrt(spread + eps)
        xh = (x - centre) / std
        out = gamma * xh + beta
        cache = (xh, gamma, std)
        running_mean = momentum * running_mean + (1 - momentum) * centre
        running_var = momentum * running_var + (1 - momentum) * spread
    elif mode == 'test':
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    xh, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xh).sum(axis=0)
    g = dout * gamma
    dx = (N * g - g.sum(axis=0) - xh * (g * xh).sum(axis=0)) / (N * std)
    dx = dx.T
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    out, cache = batchnorm_forward(x.T, gamma.reshape(-1, 1), beta.reshape(-1, 1), {'mode': 'train'})
    out = out.T
    return out, cache


def layernorm_backward(dout, cache):
    xh = cache[0]
    dx, _, _ = batchnorm_backward_alt(dout.T, cache)
    dgamma = (dout * xh.T).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
