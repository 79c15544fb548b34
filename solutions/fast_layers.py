"""Fast (vectorised) convolution and pooling layers (given code, no exercise).

The convolution uses im2col: every receptive field becomes a column, and the layer becomes one matrix product.
Results equal the naive layers (up to floating-point summation order); pooling backward routes ties to the first
maximum in row-major order, exactly like the naive version.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided


def _windows(x_pad, HH, WW, stride, H_out, W_out):
    """A read-only view of shape (N, C, HH, WW, H', W') over the receptive fields of x_pad."""
    N, C, _, _ = x_pad.shape
    sN, sC, sH, sW = x_pad.strides
    return as_strided(x_pad, shape=(N, C, HH, WW, H_out, W_out),
                      strides=(sN, sC, sH, sW, sH * stride, sW * stride), writeable=False)


def conv_forward_im2col(x, w, b, conv_param):
    """Fast convolution forward pass; same contract as conv_forward_naive.

    Returns a tuple of:
    - out: (N, F, H', W')
    - cache: (x, w, b, conv_param, x_cols) with x_cols of shape (C * HH * WW, N * H' * W')
    """
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    H_out, W_out = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    windows = _windows(x_pad, HH, WW, stride, H_out, W_out)
    # (C, HH, WW, N, H', W') -> (C*HH*WW, N*H'*W')
    x_cols = np.ascontiguousarray(windows.transpose(1, 2, 3, 0, 4, 5)).reshape(C * HH * WW, -1)
    res = w.reshape(F, -1).dot(x_cols) + b.reshape(-1, 1)
    out = res.reshape(F, N, H_out, W_out).transpose(1, 0, 2, 3)
    out = np.ascontiguousarray(out)
    return out, (x, w, b, conv_param, x_cols)


def conv_backward_im2col(dout, cache):
    """Fast convolution backward pass. Returns dx (N, C, H, W), dw (F, C, HH, WW), db (F,)."""
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    db = dout.sum(axis=(0, 2, 3))
    dout_r = dout.transpose(1, 0, 2, 3).reshape(F, -1)
    dw = dout_r.dot(x_cols.T).reshape(w.shape)
    dx_cols = w.reshape(F, -1).T.dot(dout_r).reshape(C, HH, WW, N, H_out, W_out)
    dx_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=dx_cols.dtype)
    # col2im: one strided slice per kernel offset (HH * WW additions instead of one per element).
    for i in range(HH):
        for j in range(WW):
            dx_pad[:, :, i:i + stride * H_out:stride, j:j + stride * W_out:stride] += \
                dx_cols[:, i, j].transpose(1, 0, 2, 3)
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    return np.ascontiguousarray(dx), dw, db


conv_forward_fast = conv_forward_im2col
conv_backward_fast = conv_backward_im2col


def _pool_windows(x, pool_param):
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    H_out, W_out = 1 + (H - ph) // stride, 1 + (W - pw) // stride
    sN, sC, sH, sW = x.strides
    view = as_strided(x, shape=(N, C, H_out, W_out, ph, pw),
                      strides=(sN, sC, sH * stride, sW * stride, sH, sW), writeable=False)
    return view, (ph, pw, stride, H_out, W_out)


def max_pool_forward_fast(x, pool_param):
    """Fast max-pooling forward pass; same contract as max_pool_forward_naive.

    Returns (out (N, C, H', W'), cache (x, pool_param, argmax)) where argmax is the flat index within
    each window of its (first) maximum.
    """
    x = np.ascontiguousarray(x)
    view, (ph, pw, stride, H_out, W_out) = _pool_windows(x, pool_param)
    flat = view.reshape(*view.shape[:4], ph * pw)
    argmax = flat.argmax(axis=4)
    out = np.take_along_axis(flat, argmax[..., None], axis=4)[..., 0]
    return out, (x, pool_param, argmax)


def max_pool_backward_fast(dout, cache):
    """Fast max-pooling backward pass: scatter each window's gradient to its argmax. Returns dx (N, C, H, W)."""
    x, pool_param, argmax = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    _, _, H_out, W_out = dout.shape
    rows = (np.arange(H_out) * stride)[:, None] + argmax // pw
    cols = (np.arange(W_out) * stride)[None, :] + argmax % pw
    flat_index = (np.arange(N * C).reshape(N, C, 1, 1) * (H * W) + rows * W + cols).ravel()
    dx = np.bincount(flat_index, weights=dout.ravel(), minlength=N * C * H * W)
    return dx.reshape(x.shape).astype(np.result_type(x, dout), copy=False)


def avg_pool_forward_fast(x, pool_param):
    """Fast mean-pooling forward pass. Returns (out (N, C, H', W'), cache (x, pool_param))."""
    view, _ = _pool_windows(np.ascontiguousarray(x), pool_param)
    return view.mean(axis=(4, 5)), (x, pool_param)


def avg_pool_backward_fast(dout, cache):
    """Fast mean-pooling backward pass. Returns dx (N, C, H, W)."""
    x, pool_param = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, H_out, W_out = dout.shape
    dx = np.zeros(x.shape, dtype=np.result_type(x, dout))
    share = dout / (ph * pw)
    for i in range(ph):
        for j in range(pw):
            dx[:, :, i:i + stride * H_out:stride, j:j + stride * W_out:stride] += share
    return dx
