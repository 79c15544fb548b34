"""Optional exercises: the convolution variants of the slides (dilated, grouped / depthwise, depthwise
separable, transposed). Same conventions as layers.py: forward returns (out, cache), backward returns the
gradients in the order of the forward's inputs. A 1x1 convolution needs no new code: conv_forward_naive with
HH = WW = 1.
"""
import numpy as np


def _dilated_windows(x_pad, HH, WW, stride, dilation, H_out, W_out):
    """Yield (i, j, hs, ws) and the (N, C, HH, WW) window of x_pad for every output position."""
    for i in range(H_out):
        for j in range(W_out):
            hs, ws = i * stride, j * stride
            yield i, j, hs, ws, x_pad[:, :, hs:hs + dilation * (HH - 1) + 1:dilation,
                                      ws:ws + dilation * (WW - 1) + 1:dilation]


def dilated_conv_forward(x, w, b, conv_param):
    """Forward pass of a dilated (atrous) convolution.

    Inputs:
    - x: Input data of shape (N, C, H, W)
    - w: Filter weights of shape (F, C, HH, WW)
    - b: Biases, of shape (F,)
    - conv_param: dict with 'stride', 'pad' and 'dilation' (D; 1 is an ordinary convolution). The filter taps
      are D pixels apart, so the effective filter size is D * (HH - 1) + 1.

    Returns a tuple of:
    - out: (N, F, H', W') with H' = 1 + (H + 2 * pad - (D * (HH - 1) + 1)) // stride (likewise W')
    - cache: (x, w, b, conv_param)
    """
    out = None
    ###########################################################################
    # TODO: Implement the dilated convolution forward pass.                   #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    stride, pad, dilation = conv_param["stride"], conv_param["pad"], conv_param.get("dilation", 1)
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = 1 + (H + 2 * pad - (dilation * (HH - 1) + 1)) // stride
    W_out = 1 + (W + 2 * pad - (dilation * (WW - 1) + 1)) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for i, j, _, _, window in _dilated_windows(x_pad, HH, WW, stride, dilation, H_out, W_out):
        out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w, b, conv_param)
    return out, cache


def dilated_conv_backward(dout, cache):
    """Backward pass of a dilated convolution.

    Inputs:
    - dout: (N, F, H', W')
    - cache: (x, w, b, conv_param)

    Returns a tuple of dx (N, C, H, W), dw (F, C, HH, WW), db (F,).
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the dilated convolution backward pass.                  #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    stride, pad, dilation = conv_param["stride"], conv_param["pad"], conv_param.get("dilation", 1)
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for i, j, hs, ws, window in _dilated_windows(x_pad, HH, WW, stride, dilation, H_out, W_out):
        d = dout[:, :, i, j]
        dw += np.einsum("nf,nchw->fchw", d, window)
        dx_pad[:, :, hs:hs + dilation * (HH - 1) + 1:dilation, ws:ws + dilation * (WW - 1) + 1:dilation] += \
            np.einsum("nf,fchw->nchw", d, w)
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def grouped_conv_forward(x, w, b, conv_param):
    """Forward pass of a grouped convolution.

    The C input channels and F filters are split into G groups; filter group g sees only channel group g.
    G = 1 is an ordinary convolution; G = C (with F a multiple of C) is a depthwise convolution.

    Inputs:
    - x: (N, C, H, W)
    - w: (F, C // G, HH, WW), F divisible by G
    - b: (F,)
    - conv_param: dict with 'stride', 'pad' and 'groups' (G)

    Returns a tuple of:
    - out: (N, F, H', W') with H' = 1 + (H + 2 * pad - HH) // stride
    - cache: (x, w, b, conv_param)
    """
    out = None
    ###########################################################################
    # TODO: Implement the grouped convolution forward pass.                   #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    G = conv_param.get("groups", 1)
    N, C, H, W = x.shape
    F = w.shape[0]
    Cg, Fg = C // G, F // G
    parts = []
    for g in range(G):
        part, _ = dilated_conv_forward(x[:, g * Cg:(g + 1) * Cg], w[g * Fg:(g + 1) * Fg], b[g * Fg:(g + 1) * Fg],
                                       {"stride": conv_param["stride"], "pad": conv_param["pad"]})
        parts.append(part)
    out = np.concatenate(parts, axis=1)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w, b, conv_param)
    return out, cache


def grouped_conv_backward(dout, cache):
    """Backward pass of a grouped convolution. Returns dx (N, C, H, W), dw (F, C // G, HH, WW), db (F,)."""
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the grouped convolution backward pass.                  #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    G = conv_param.get("groups", 1)
    C, F = x.shape[1], w.shape[0]
    Cg, Fg = C // G, F // G
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), np.zeros_like(b)
    plain = {"stride": conv_param["stride"], "pad": conv_param["pad"]}
    for g in range(G):
        cs, fs = slice(g * Cg, (g + 1) * Cg), slice(g * Fg, (g + 1) * Fg)
        dx[:, cs], dw[fs], db[fs] = dilated_conv_backward(dout[:, fs], (x[:, cs], w[fs], b[fs], plain))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def depthwise_separable_conv_forward(x, w_depth, w_point, b, conv_param):
    """A depthwise convolution (one HH x WW filter per channel, no bias) followed by a 1x1 pointwise one.

    Inputs:
    - x: (N, C, H, W)
    - w_depth: (C, 1, HH, WW)
    - w_point: (F, C, 1, 1)
    - b: (F,), the pointwise convolution's bias
    - conv_param: dict with 'stride' and 'pad' of the depthwise convolution

    Returns a tuple of:
    - out: (N, F, H', W')
    - cache: (x, w_depth, w_point, b, conv_param)

    Parameters: C * HH * WW + F * C + F, against F * C * HH * WW + F for an ordinary convolution.
    """
    out = None
    ###########################################################################
    # TODO: Compose a depthwise (groups = C) and a 1x1 convolution.           #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    C = x.shape[1]
    depth, _ = grouped_conv_forward(x, w_depth, np.zeros(C), dict(conv_param, groups=C))
    out = np.einsum("nchw,fc->nfhw", depth, w_point[:, :, 0, 0]) + b[None, :, None, None]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w_depth, w_point, b, conv_param)
    return out, cache


def depthwise_separable_conv_backward(dout, cache):
    """Backward pass. Returns dx (N, C, H, W), dw_depth (C, 1, HH, WW), dw_point (F, C, 1, 1), db (F,)."""
    dx, dw_depth, dw_point, db = None, None, None, None
    ###########################################################################
    # TODO: Backpropagate through the pointwise, then the depthwise conv.     #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w_depth, w_point, b, conv_param = cache
    C = x.shape[1]
    depth_param = dict(conv_param, groups=C)
    depth, _ = grouped_conv_forward(x, w_depth, np.zeros(C), depth_param)
    db = dout.sum(axis=(0, 2, 3))
    dw_point = np.einsum("nfhw,nchw->fc", dout, depth)[:, :, None, None]
    ddepth = np.einsum("nfhw,fc->nchw", dout, w_point[:, :, 0, 0])
    dx, dw_depth, _ = grouped_conv_backward(ddepth, (x, w_depth, np.zeros(C), depth_param))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw_depth, dw_point, db


def conv_transpose_forward(x, w, b, conv_param):
    """Forward pass of a transposed convolution (the adjoint of a strided convolution; learned upsampling).

    Every input pixel scatters a copy of its filter, scaled by its value, into the output, `stride` pixels
    apart; then `pad` pixels are cropped from each border.

    Inputs:
    - x: (N, C, H, W)
    - w: (C, F, HH, WW) (PyTorch's ConvTranspose2d layout)
    - b: (F,)
    - conv_param: dict with 'stride' and 'pad'

    Returns a tuple of:
    - out: (N, F, H', W') with H' = (H - 1) * stride - 2 * pad + HH (likewise W')
    - cache: (x, w, b, conv_param)
    """
    out = None
    ###########################################################################
    # TODO: Implement the transposed convolution forward pass.                #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, F, HH, WW = w.shape
    full = np.zeros((N, F, (H - 1) * stride + HH, (W - 1) * stride + WW))
    for i in range(H):
        for j in range(W):
            full[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW] += \
                np.einsum("nc,cfhw->nfhw", x[:, :, i, j], w)
    out = full[:, :, pad:full.shape[2] - pad, pad:full.shape[3] - pad] + b[None, :, None, None]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w, b, conv_param)
    return out, cache


def conv_transpose_backward(dout, cache):
    """Backward pass of a transposed convolution. Returns dx (N, C, H, W), dw (C, F, HH, WW), db (F,)."""
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the transposed convolution backward pass.               #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, F, HH, WW = w.shape
    full = np.pad(dout, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    db = dout.sum(axis=(0, 2, 3))
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for i in range(H):
        for j in range(W):
            patch = full[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            dx[:, :, i, j] = np.einsum("nfhw,cfhw->nc", patch, w)
            dw += np.einsum("nc,nfhw->cfhw", x[:, :, i, j], patch)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db
