"""Conv and max-pool layers built on np.tensordot over gathered windows (one of four independent styles)."""
import numpy as np


def _windows(a, kh, kw, step):
    """Every (kh, kw) window of a (batch, channel, height, width) array, as (batch, channel, kh, kw, oh, ow)."""
    oh = (a.shape[2] - kh) // step + 1
    ow = (a.shape[3] - kw) // step + 1
    stack = np.empty(a.shape[:2] + (kh, kw, oh, ow))
    for u in range(kh):
        for v in range(kw):
            stack[:, :, u, v] = a[:, :, u:u + step * oh:step, v:v + step * ow:step]
    return stack


def conv_forward_naive(x, w, b, conv_param):
    step, margin = conv_param["stride"], conv_param["pad"]
    big = np.pad(x, [(0, 0), (0, 0), (margin, margin), (margin, margin)])
    stack = _windows(big, w.shape[2], w.shape[3], step)
    res = np.tensordot(stack, w, axes=([1, 2, 3], [1, 2, 3]))       # batch, oh, ow, filters
    res = res.transpose(0, 3, 1, 2) + b[None, :, None, None]
    return res, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    step, margin = conv_param["stride"], conv_param["pad"]
    big = np.pad(x, [(0, 0), (0, 0), (margin, margin), (margin, margin)])
    kh, kw = w.shape[2], w.shape[3]
    stack = _windows(big, kh, kw, step)
    dw = np.tensordot(dout, stack, axes=([0, 2, 3], [0, 4, 5]))    # filters, channels, kh, kw
    db = np.sum(dout, axis=(0, 2, 3))
    dstack = np.tensordot(dout, w, axes=([1], [0]))                  # batch, oh, ow, channels, kh, kw
    dbig = np.zeros_like(big)
    oh, ow = dout.shape[2], dout.shape[3]
    for u in range(kh):
        for v in range(kw):
            dbig[:, :, u:u + step * oh:step, v:v + step * ow:step] += dstack[:, :, :, :, u, v].transpose(0, 3, 1, 2)
    dx = dbig[:, :, margin:big.shape[2] - margin, margin:big.shape[3] - margin]
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    stack = _windows(x, pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"])
    res = stack.max(axis=(2, 3))
    return res, (x, pool_param)


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    kh, kw, step = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    stack = _windows(x, kh, kw, step)
    batch, chans, _, _, oh, ow = stack.shape
    flat = stack.reshape(batch, chans, kh * kw, oh, ow)
    winner = flat.argmax(axis=2)
    dx = np.zeros_like(x)
    for k in range(kh * kw):
        u, v = divmod(k, kw)
        dx[:, :, u:u + step * oh:step, v:v + step * ow:step] += np.where(winner == k, dout, 0.0)
    return dx
