# Held-out set N: a batch norm that raises an UnboundLocalError in train mode (its normalised values computed under
# one name and read under another) and, beside it, updates the running averages before it looks at the mode (so
# test mode moves them too) and adds eps to the variance and again under the square root. Only the exception was
# named. Our own code from the description.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))

    mu = np.mean(x, axis=0)
    sigma2 = np.var(x, axis=0)
    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var = momentum * running_var + (1 - momentum) * sigma2
    sigma2 = sigma2 + eps

    out, cache = None, None
    if mode == 'train':
        normalised = (x - mu) / np.sqrt(sigma2 + eps)
        out = gamma * x_hat + beta
        cache = (x, x_hat, mu, sigma2, gamma)
    elif mode == 'test':
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache
