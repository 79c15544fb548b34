# A 2016-style submission run under Python 3: integer division and xrange left over from Python 2.
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
  out = None
  N, C, H, W = x.shape
  F, _, HH, WW = w.shape
  stride = conv_param['stride']
  pad = conv_param['pad']
  H_out = 1 + (H + 2 * pad - HH) / stride
  W_out = 1 + (W + 2 * pad - WW) / stride
  out = np.zeros((N, F, H_out, W_out))
  x_padded = np.pad(x, ((0,), (0,), (pad,), (pad,)), 'constant')
  for n in xrange(N):
    for f in xrange(F):
      for i in xrange(H_out):
        for j in xrange(W_out):
          out[n, f, i, j] = np.sum(x_padded[n, :, i*stride:i*stride+HH, j*stride:j*stride+WW] * w[f]) + b[f]
  cache = (x, w, b, conv_param)
  return out, cache


def conv_backward_naive(dout, cache):
  dx, dw, db = None, None, None
  x, w, b, conv_param = cache
  N, C, H, W = x.shape
  F, _, HH, WW = w.shape
  _, _, H_out, W_out = dout.shape
  stride, pad = conv_param['stride'], conv_param['pad']
  x_padded = np.pad(x, ((0,), (0,), (pad,), (pad,)), 'constant')
  dx_padded = np.zeros_like(x_padded)
  dw = np.zeros_like(w)
  db = np.zeros_like(b)
  for n in xrange(N):
    for f in xrange(F):
      db[f] += np.sum(dout[n, f])
      for i in xrange(H_out):
        for j in xrange(W_out):
          dw[f] += x_padded[n, :, i*stride:i*stride+HH, j*stride:j*stride+WW] * dout[n, f, i, j]
          dx_padded[n, :, i*stride:i*stride+HH, j*stride:j*stride+WW] += w[f] * dout[n, f, i, j]
  dx = dx_padded[:, :, pad:pad+H, pad:pad+W]
  return dx, dw, db


def max_pool_forward_naive(x, pool_param):
  N, C, H, W = x.shape
  ph, pw, s = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
  assert (H - ph) % s == 0, 'pool height does not fit'
  assert (W - pw) % s == 0, 'pool width does not fit'
  H_out = (H - ph) // s + 1
  W_out = (W - pw) // s + 1
  out = np.zeros((N, C, H_out, W_out))
  for i in range(H_out):
    for j in range(W_out):
      out[:, :, i, j] = np.max(x[:, :, i*s:i*s+ph, j*s:j*s+pw], axis=(2, 3))
  cache = (x, pool_param)
  return out, cache


def max_pool_backward_naive(dout, cache):
  x, pool_param = cache
  N, C, H, W = x.shape
  ph, pw, s = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
  H_out = (H - ph) // s + 1
  W_out = (W - pw) // s + 1
  dx = np.zeros_like(x)
  for n in range(N):
    for c in range(C):
      for i in range(H_out):
        for j in range(W_out):
          window = x[n, c, i*s:i*s+ph, j*s:j*s+pw]
          dx[n, c, i*s:i*s+ph, j*s:j*s+pw] = (window == np.max(window)) * dout[n, c, i, j]
  return dx
