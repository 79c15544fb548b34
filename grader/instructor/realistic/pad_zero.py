# A 2019-style submission: padding by slicing with pad:-pad (empty when pad = 0), pooling that steps by its size.
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    out = None
    stride, pad = conv_param['stride'], conv_param['pad']
    N, C, H, W = x.shape
    F, C, HH, WW = w.shape
    H_new = int(1 + (H + 2 * pad - HH) / stride)
    W_new = int(1 + (W + 2 * pad - WW) / stride)
    x_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    x_pad[:, :, pad:-pad, pad:-pad] = x
    out = np.zeros((N, F, H_new, W_new))
    for n in range(N):
        for f in range(F):
            for h in range(H_new):
                for ww in range(W_new):
                    hs = h * stride
                    ws = ww * stride
                    out[n, f, h, ww] = np.sum(x_pad[n, :, hs:hs + HH, ws:ws + WW] * w[f, :, :, :]) + b[f]
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    dx, dw, db = None, None, None
    x, w, b, conv_param = cache
    stride, pad = conv_param['stride'], conv_param['pad']
    N, C, H, W = x.shape
    F, C, HH, WW = w.shape
    N, F, H_new, W_new = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode='constant')
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = np.sum(dout, axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for h in range(H_new):
                for ww in range(W_new):
                    hs, ws = h * stride, ww * stride
                    dw[f] += x_pad[n, :, hs:hs + HH, ws:ws + WW] * dout[n, f, h, ww]
                    dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f] * dout[n, f, h, ww]
    dx = dx_pad[:, :, pad:-pad, pad:-pad]
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    out = None
    N, C, H, W = x.shape
    HH, WW = pool_param['pool_height'], pool_param['pool_width']
    stride = pool_param['stride']
    H_new = int(1 + (H - HH) / stride)
    W_new = int(1 + (W - WW) / stride)
    out = np.zeros((N, C, H_new, W_new))
    for h in range(H_new):
        for ww in range(W_new):
            out[:, :, h, ww] = np.max(x[:, :, h * HH:h * HH + HH, ww * WW:ww * WW + WW], axis=(2, 3))
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    dx = None
    x, pool_param = cache
    N, C, H, W = x.shape
    HH, WW = pool_param['pool_height'], pool_param['pool_width']
    stride = pool_param['stride']
    H_new = int(1 + (H - HH) / stride)
    W_new = int(1 + (W - WW) / stride)
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for h in range(H_new):
                for ww in range(W_new):
                    window = x[n, c, h * stride:h * stride + HH, ww * stride:ww * stride + WW]
                    idx = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, h * stride + idx[0], ww * stride + idx[1]] += dout[n, c, h, ww]
    return dx
