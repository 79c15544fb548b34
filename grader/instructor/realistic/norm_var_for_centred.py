# learnL (eleventh round, from learnM's descriptions): a staged alt whose term through d var multiplies by the
# variance where x - mean belongs (`2 * var * dvar / m`, wanghao15536870732/StudyNotes), and a layer-norm backward
# whose simplified dx multiplies by std where it divides by it (vivek2188/Study's batch norm); told only that dx sums
# to zero. Our own code.
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))
    cache = None
    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        out = gamma * (x - mu) / np.sqrt(var + eps) + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x, mu, var, eps, gamma)
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, mu, var, eps, gamma = cache
    n = x.shape[0]
    inv = 1.0 / np.sqrt(var + eps)
    xh = (x - mu) * inv
    g = dout * gamma
    dx = inv * (g - g.sum(axis=0) / n - xh * (g * xh).sum(axis=0) / n)
    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward_alt(dout, cache):
    x, mu, var, eps, gamma = cache
    m = x.shape[0]
    inv = 1.0 / np.sqrt(var + eps)
    xmu = x - mu
    dxhat = dout * gamma
    dvar = np.sum(dxhat * xmu, axis=0) * -0.5 * inv ** 3
    dmu = -np.sum(dxhat * inv, axis=0) + dvar * np.mean(-2 * xmu, axis=0)
    dx = dxhat * inv + 2 * var * dvar / m + dmu / m
    return dx, np.sum(dout * xmu * inv, axis=0), np.sum(dout, axis=0)


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    xh = (x - mu) / np.sqrt(var + eps)
    return gamma * xh + beta, (xh, gamma, var, eps)


def layernorm_backward(dout, cache):
    xh, gamma, var, eps = cache
    d = xh.shape[1]
    g = dout * gamma
    dx = (var + eps) ** 0.5 * (g - g.mean(axis=1, keepdims=True) - xh * (g * xh).mean(axis=1, keepdims=True))
    return dx, np.sum(dout * xh, axis=0), np.sum(dout, axis=0)
