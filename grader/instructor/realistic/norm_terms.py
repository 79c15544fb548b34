# Backwards with slips no pattern of their own names, as the held-out sets keep showing new ones (issue 19, sixth
# round): each forward is right, and each backward's dx departs from the textbook's terms in one or two places that
# grader.dx_terms reads from its numbers. A staged layer-norm backward dividing its means by N (the batch) where D
# belongs, whose dbeta is a mean; a group-norm backward scaled by 1 / var and counting N where C // G * H * W belongs; a spatial batch-norm
# backward that leaves gamma out of dx_hat. Set H's learning showed two more: a batch-norm backward that renames
# the forward's cache names and moves one (gamma read where the forward stored the mean), and a simplified one whose
# variance term lost its x_hat outside the mean and kept a 2 / N.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    cache = (x, x_hat, mu, var, std, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x, x_hat, mu, var, std, gamma = cache
    N, D = x.shape
    dbeta = np.mean(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * (x - mu), axis=1, keepdims=True) * -0.5 * std ** -3
    dmu = -np.sum(dx_hat, axis=1, keepdims=True) / std
    dx = dx_hat / std + dvar * 2 * (x - mu) / N + dmu / N
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    groups = x.reshape(N, G, -1)
    mean = groups.mean(axis=2, keepdims=True)
    var = groups.var(axis=2, keepdims=True)
    x_hat = ((groups - mean) / np.sqrt(var + eps)).reshape(N, C, H, W)
    out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
    cache = (x_hat, gamma, var, eps, G)
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    x_hat, gamma, var, eps, G = cache
    N, C, H, W = dout.shape
    dbeta = dout.sum(axis=(0, 2, 3)).reshape(gamma.shape)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3)).reshape(gamma.shape)
    dx_hat = (dout * gamma.reshape(1, C, 1, 1)).reshape(N, G, -1)
    xh = x_hat.reshape(N, G, -1)
    dx = (1.0 / N) / var * (N * dx_hat - dx_hat.sum(axis=2, keepdims=True)
                            - xh * (dx_hat * xh).sum(axis=2, keepdims=True))
    return dx.reshape(N, C, H, W), dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, C, H, W = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(C, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(C, dtype=x.dtype))
    g, b = gamma.reshape(1, C, 1, 1), beta.reshape(1, C, 1, 1)
    cache = None
    if mode == 'train':
        mean = x.mean(axis=(0, 2, 3), keepdims=True)
        var = x.var(axis=(0, 2, 3), keepdims=True)
        std = np.sqrt(var + eps)
        x_hat = (x - mean) / std
        out = g * x_hat + b
        cache = (x_hat, std, g)
        running_mean = momentum * running_mean + (1 - momentum) * mean.ravel()
        running_var = momentum * running_var + (1 - momentum) * var.ravel()
    else:
        out = g * (x - running_mean.reshape(1, C, 1, 1)) / np.sqrt(running_var.reshape(1, C, 1, 1) + eps) + b
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    x_hat, std, g = cache
    N, C, H, W = dout.shape
    M = N * H * W
    dbeta = dout.sum(axis=(0, 2, 3))
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3))
    dx = (dout - dout.mean(axis=(0, 2, 3), keepdims=True)
          - x_hat * (dout * x_hat).mean(axis=(0, 2, 3), keepdims=True)) / std
    return dx, dgamma, dbeta


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    cache = None
    if mode == 'train':
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        normed = (x - batch_mean) / np.sqrt(batch_var + eps)
        out = gamma * normed + beta
        cache = (x, normed, batch_mean, batch_var, gamma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, x_norm, gamma, mu, var, eps = cache
    N = x.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_norm).sum(axis=0)
    dx_norm = dout * gamma
    inv = 1 / np.sqrt(var + eps)
    dvar = np.sum(dx_norm * (x - mu), axis=0) * -0.5 * inv ** 3
    dmu = -np.sum(dx_norm, axis=0) * inv + dvar * np.mean(-2 * (x - mu), axis=0)
    dx = dx_norm * inv + dvar * 2 * (x - mu) / N + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, x_norm, mean, var, gamma, eps = cache
    N = x.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_norm).sum(axis=0)
    g = dout * gamma
    inv = 1 / np.sqrt(var + eps)
    dx = g * inv - g.mean(axis=0) * inv - 2 / N * np.mean(g * (x - mean), axis=0) / (var + eps)
    return dx, dgamma, dbeta
