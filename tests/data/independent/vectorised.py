"""Conv and max-pool layers vectorised over the batch and the filters, looping over output positions only."""
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    s = conv_param["stride"]
    p = conv_param["pad"]
    n_filters, _, kh, kw = w.shape
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
    rows = (padded.shape[2] - kh) // s + 1
    cols = (padded.shape[3] - kw) // s + 1
    flat_w = w.reshape(n_filters, -1)
    out = np.empty((x.shape[0], n_filters, rows, cols))
    for r in range(rows):
        for q in range(cols):
            patch = padded[:, :, r * s:r * s + kh, q * s:q * s + kw].reshape(x.shape[0], -1)
            out[:, :, r, q] = patch @ flat_w.T + b
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    s, p = conv_param["stride"], conv_param["pad"]
    n_filters, _, kh, kw = w.shape
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
    grad_padded = np.zeros(padded.shape)
    grad_w = np.zeros(w.shape)
    rows, cols = dout.shape[2], dout.shape[3]
    for r in range(rows):
        for q in range(cols):
            window = padded[:, :, r * s:r * s + kh, q * s:q * s + kw]
            upstream = dout[:, :, r, q]
            grad_w += np.einsum("nf,nchw->fchw", upstream, window)
            grad_padded[:, :, r * s:r * s + kh, q * s:q * s + kw] += np.einsum("nf,fchw->nchw", upstream, w)
    grad_b = dout.sum(axis=(0, 2, 3))
    grad_x = grad_padded[:, :, p:padded.shape[2] - p, p:padded.shape[3] - p]
    return grad_x, grad_w, grad_b


def max_pool_forward_naive(x, pool_param):
    kh, kw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    rows = (x.shape[2] - kh) // s + 1
    cols = (x.shape[3] - kw) // s + 1
    out = np.empty(x.shape[:2] + (rows, cols))
    for r in range(rows):
        for q in range(cols):
            out[:, :, r, q] = x[:, :, r * s:r * s + kh, q * s:q * s + kw].max(axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    kh, kw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    grad = np.zeros_like(x)
    n, c = x.shape[:2]
    for r in range(dout.shape[2]):
        for q in range(dout.shape[3]):
            window = x[:, :, r * s:r * s + kh, q * s:q * s + kw].reshape(n, c, -1)
            first = window.argmax(axis=2)
            a, e = np.unravel_index(first, (kh, kw))
            ni, ci = np.meshgrid(np.arange(n), np.arange(c), indexing="ij")
            np.add.at(grad, (ni, ci, r * s + a, q * s + e), dout[:, :, r, q])
    return grad
