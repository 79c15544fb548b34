# Backwards that are right for their layer, fed the cache of a wrong forward (issue 19): they fail only because
# their forward does, and must be told only that. A layer norm over the batch axis with the textbook layer-norm
# backward on its cached x_hat and std; a group norm whose statistics run over the batch with the textbook group-norm
# backward on its cache; a batch norm over the features with a backward that raises (a name left undefined).
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mu = np.mean(x, axis=0)
    std = np.sqrt(np.var(x, axis=0) + eps)
    x_hat = (x - mu) / std
    return gamma * x_hat + beta, (x_hat, std, gamma)


def layernorm_backward(dout, cache):
    x_hat, std, gamma = cache
    D = x_hat.shape[1]
    g = dout * gamma
    dx = (D * g - g.sum(axis=1, keepdims=True) - x_hat * (g * x_hat).sum(axis=1, keepdims=True)) / (D * std)
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(0, 2, 3, 4), keepdims=True)
    std = np.sqrt(xg.var(axis=(0, 2, 3, 4), keepdims=True) + eps)
    x_hat = ((xg - mu) / std).reshape(N, C, H, W)
    return gamma * x_hat + beta, (x_hat, std, gamma, G)


def spatial_groupnorm_backward(dout, cache):
    x_hat, std, gamma, G = cache
    N, C, H, W = dout.shape
    M = C // G * H * W
    g = (dout * gamma).reshape(N, G, C // G, H, W)
    xh = x_hat.reshape(N, G, C // G, H, W)
    dx = (M * g - g.sum(axis=(2, 3, 4), keepdims=True) - xh * (g * xh).sum(axis=(2, 3, 4), keepdims=True)) / (M * std)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    return dx.reshape(N, C, H, W), dgamma, dbeta


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    cache = None
    if mode == 'train':
        mu = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        x_hat = (x - mu) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu.mean()
        running_var = momentum * running_var + (1 - momentum) * var.mean()
        cache = (x_hat, np.sqrt(var + eps), gamma)
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, std, gamma = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta
