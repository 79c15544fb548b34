"""Variants of the convolutional layer (optional exercises): dilated, grouped, depthwise separable, transposed.

Every ``*_forward`` returns ``(out, cache)``; every ``*_backward(dout, cache)`` returns the gradients with
respect to the forward's array inputs, in the same order. Shapes use N (batch), C (input channels), H, W
(height, width), F (filters, i.e. output channels), HH, WW (filter height and width) and H', W' (output height
and width). As in conv_forward_naive, padding is symmetric zero padding and no input may be modified.

Hint for all of them: rather than looping over output pixels, you can loop over the HH * WW filter taps. For a
tap (kh, kw), the input pixels it touches for all the outputs at once form a strided slice of the padded input,
of shape (N, C, H', W'), and its contribution to the output is a product of that slice with w[:, :, kh, kw]
(np.einsum or np.tensordot), which handles every image and every filter in one call.
"""
import numpy as np


def dilated_conv_forward(x, w, b, conv_param):
    """Forward pass of a dilated (atrous) convolution.

    A dilation D spreads the taps of each filter D pixels apart: output (n, f, i, j) is
        b[f] + sum over c, kh, kw of w[f, c, kh, kw] * x_pad[n, c, i * S + kh * D, j * S + kw * D]
    so an HH x WW filter spans D * (HH - 1) + 1 by D * (WW - 1) + 1 pixels. D = 1 is the ordinary convolution.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - w: Filter weights, of shape (F, C, HH, WW)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the keys
      - 'stride': S, the number of pixels between adjacent receptive fields
      - 'pad': P, the number of zeros added on each side of the height and width axes
      - 'dilation': D, the number of pixels between adjacent filter taps

    Must not modify x.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where
      H' = 1 + (H + 2 * P - (D * (HH - 1) + 1)) // S
      W' = 1 + (W + 2 * P - (D * (WW - 1) + 1)) // S
    - cache: (x, w, b, conv_param)
    """
    out = None
    ###########################################################################
    # TODO: Implement the forward pass of the dilated convolution.            #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    S, P, D = conv_param["stride"], conv_param["pad"], conv_param["dilation"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = 1 + (H + 2 * P - (D * (HH - 1) + 1)) // S
    W_out = 1 + (W + 2 * P - (D * (WW - 1) + 1)) // S
    x_pad = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w, b))
    for kh in range(HH):
        for kw in range(WW):
            patch = x_pad[:, :, kh * D:kh * D + S * (H_out - 1) + 1:S, kw * D:kw * D + S * (W_out - 1) + 1:S]
            out += np.einsum("nchw,fc->nfhw", patch, w[:, :, kh, kw])
    out += b[None, :, None, None]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w, b, conv_param)
    return out, cache


def dilated_conv_backward(dout, cache):
    """Backward pass of a dilated convolution.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: (x, w, b, conv_param) as in dilated_conv_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W)
    - dw: Gradient with respect to w, of shape (F, C, HH, WW)
    - db: Gradient with respect to b, of shape (F,)
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the backward pass of the dilated convolution.           #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    S, P, D = conv_param["stride"], conv_param["pad"], conv_param["dilation"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    dx_pad = np.zeros(x_pad.shape, dtype=np.result_type(x, w, dout))
    dw = np.zeros(w.shape, dtype=np.result_type(x, w, dout))
    for kh in range(HH):
        for kw in range(WW):
            rows = slice(kh * D, kh * D + S * (H_out - 1) + 1, S)
            cols = slice(kw * D, kw * D + S * (W_out - 1) + 1, S)
            dw[:, :, kh, kw] = np.einsum("nfhw,nchw->fc", dout, x_pad[:, :, rows, cols])
            dx_pad[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, kh, kw])
    dx = dx_pad[:, :, P:P + H, P:P + W]
    db = dout.sum(axis=(0, 2, 3))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def grouped_conv_forward(x, w, b, conv_param):
    """Forward pass of a grouped convolution.

    The C input channels and the F filters are split into G groups of C // G channels and F // G filters;
    filter f of group g = f // (F // G) sees only the input channels g * C // G ... (g + 1) * C // G - 1. So w
    has C // G channels instead of C, and the layer has G times fewer weights than a full convolution. G = 1 is
    the ordinary convolution; G = C (with F a multiple of C) is the depthwise convolution, in which every filter
    sees a single input channel.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - w: Filter weights, of shape (F, C // G, HH, WW)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the keys
      - 'stride': S
      - 'pad': P
      - 'groups': G, which divides both C and F

    Must not modify x.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where
      H' = 1 + (H + 2 * P - HH) // S
      W' = 1 + (W + 2 * P - WW) // S
    - cache: (x, w, b, conv_param)
    """
    out = None
    ###########################################################################
    # TODO: Implement the forward pass of the grouped convolution.            #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    S, P, G = conv_param["stride"], conv_param["pad"], conv_param["groups"]
    N, C, H, W = x.shape
    F, Cg, HH, WW = w.shape
    if C % G or F % G or Cg != C // G:
        raise ValueError(f"groups {G} must divide C = {C} and F = {F}, and w must have C // G channels: "
                         f"got w of shape {w.shape}")
    Fg = F // G
    H_out, W_out = 1 + (H + 2 * P - HH) // S, 1 + (W + 2 * P - WW) // S
    x_pad = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w, b))
    for g in range(G):
        x_g, w_g = x_pad[:, g * Cg:(g + 1) * Cg], w[g * Fg:(g + 1) * Fg]
        for kh in range(HH):
            for kw in range(WW):
                patch = x_g[:, :, kh:kh + S * (H_out - 1) + 1:S, kw:kw + S * (W_out - 1) + 1:S]
                out[:, g * Fg:(g + 1) * Fg] += np.einsum("nchw,fc->nfhw", patch, w_g[:, :, kh, kw])
    out += b[None, :, None, None]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w, b, conv_param)
    return out, cache


def grouped_conv_backward(dout, cache):
    """Backward pass of a grouped convolution.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: (x, w, b, conv_param) as in grouped_conv_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W)
    - dw: Gradient with respect to w, of shape (F, C // G, HH, WW)
    - db: Gradient with respect to b, of shape (F,)
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the backward pass of the grouped convolution.           #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    S, P, G = conv_param["stride"], conv_param["pad"], conv_param["groups"]
    N, C, H, W = x.shape
    F, Cg, HH, WW = w.shape
    Fg = F // G
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    dx_pad = np.zeros(x_pad.shape, dtype=np.result_type(x, w, dout))
    dw = np.zeros(w.shape, dtype=np.result_type(x, w, dout))
    for g in range(G):
        chans, filts = slice(g * Cg, (g + 1) * Cg), slice(g * Fg, (g + 1) * Fg)
        for kh in range(HH):
            for kw in range(WW):
                rows = slice(kh, kh + S * (H_out - 1) + 1, S)
                cols = slice(kw, kw + S * (W_out - 1) + 1, S)
                dw[filts, :, kh, kw] = np.einsum("nfhw,nchw->fc", dout[:, filts], x_pad[:, chans, rows, cols])
                dx_pad[:, chans, rows, cols] += np.einsum("nfhw,fc->nchw", dout[:, filts], w[filts, :, kh, kw])
    dx = dx_pad[:, :, P:P + H, P:P + W]
    db = dout.sum(axis=(0, 2, 3))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def depthwise_separable_conv_forward(x, w_depth, w_point, b, conv_param):
    """Forward pass of a depthwise separable convolution (as in MobileNet and Xception).

    Two convolutions in a row:
    1. depthwise: every input channel c is convolved with its own HH x WW filter w_depth[c, 0] (a grouped
       convolution with G = C groups), with the given stride and padding and no bias, giving a of shape
       (N, C, H', W');
    2. pointwise: a 1x1 convolution mixes the channels, out[n, f] = sum over c of w_point[f, c, 0, 0] * a[n, c]
       + b[f].
    This has C * HH * WW + F * C + F parameters instead of the F * C * HH * WW + F of a full convolution.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - w_depth: Depthwise filter weights, of shape (C, 1, HH, WW)
    - w_point: Pointwise filter weights, of shape (F, C, 1, 1)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the keys 'stride' (S) and 'pad' (P) of the depthwise convolution

    Must not modify x.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where
      H' = 1 + (H + 2 * P - HH) // S
      W' = 1 + (W + 2 * P - WW) // S
    - cache: (x, w_depth, w_point, b, conv_param); the backward pass recomputes the depthwise output a
    """
    out = None
    ###########################################################################
    # TODO: Implement the forward pass of the depthwise separable             #
    # convolution: a depthwise convolution followed by a 1x1 convolution.     #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    S, P = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, _, HH, WW = w_depth.shape
    H_out, W_out = 1 + (H + 2 * P - HH) // S, 1 + (W + 2 * P - WW) // S
    x_pad = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    a = np.zeros((N, C, H_out, W_out), dtype=np.result_type(x, w_depth))
    for kh in range(HH):
        for kw in range(WW):
            patch = x_pad[:, :, kh:kh + S * (H_out - 1) + 1:S, kw:kw + S * (W_out - 1) + 1:S]
            a += patch * w_depth[None, :, 0, kh, kw, None, None]
    out = np.einsum("nchw,fc->nfhw", a, w_point[:, :, 0, 0]) + b[None, :, None, None]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w_depth, w_point, b, conv_param)
    return out, cache


def depthwise_separable_conv_backward(dout, cache):
    """Backward pass of a depthwise separable convolution.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: (x, w_depth, w_point, b, conv_param) as in depthwise_separable_conv_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W)
    - dw_depth: Gradient with respect to w_depth, of shape (C, 1, HH, WW)
    - dw_point: Gradient with respect to w_point, of shape (F, C, 1, 1)
    - db: Gradient with respect to b, of shape (F,)
    """
    dx, dw_depth, dw_point, db = None, None, None, None
    ###########################################################################
    # TODO: Implement the backward pass of the depthwise separable            #
    # convolution. You will need the output of the depthwise step again.      #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w_depth, w_point, b, conv_param = cache
    S, P = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, _, HH, WW = w_depth.shape
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    taps = [(kh, kw, slice(kh, kh + S * (H_out - 1) + 1, S), slice(kw, kw + S * (W_out - 1) + 1, S))
            for kh in range(HH) for kw in range(WW)]
    a = np.zeros((N, C, H_out, W_out), dtype=np.result_type(x, w_depth))
    for kh, kw, rows, cols in taps:
        a += x_pad[:, :, rows, cols] * w_depth[None, :, 0, kh, kw, None, None]
    db = dout.sum(axis=(0, 2, 3))
    dw_point = np.einsum("nfhw,nchw->fc", dout, a)[:, :, None, None]
    da = np.einsum("nfhw,fc->nchw", dout, w_point[:, :, 0, 0])
    dx_pad = np.zeros(x_pad.shape, dtype=da.dtype)
    dw_depth = np.zeros(w_depth.shape, dtype=np.result_type(da, x))
    for kh, kw, rows, cols in taps:
        dw_depth[:, 0, kh, kw] = np.einsum("nchw,nchw->c", da, x_pad[:, :, rows, cols])
        dx_pad[:, :, rows, cols] += da * w_depth[None, :, 0, kh, kw, None, None]
    dx = dx_pad[:, :, P:P + H, P:P + W]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw_depth, dw_point, db


def conv_transpose_forward(x, w, b, conv_param):
    """Forward pass of a transposed convolution (sometimes called a "deconvolution"), for upsampling.

    Every input pixel x[n, c, i, j] scatters a copy of its filter w[c, :, :, :], scaled by its value, into an
    output of size (H - 1) * S + HH by (W - 1) * S + WW, at offset (i * S, j * S); overlapping copies add up.
    Then P pixels are cropped from each side and the bias is added. This is exactly the backward pass of a
    convolution with stride S and pad P with respect to its input (the transposed matrix of that convolution,
    hence the name), and it matches PyTorch's nn.ConvTranspose2d with output_padding=0.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - w: Filter weights, of shape (C, F, HH, WW) (in channels first, as in PyTorch's ConvTranspose2d)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the keys
      - 'stride': S, the distance between the copies scattered by adjacent input pixels
      - 'pad': P, the number of pixels cropped from each side of the output

    Must not modify x.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where
      H' = (H - 1) * S - 2 * P + HH
      W' = (W - 1) * S - 2 * P + WW
    - cache: (x, w, b, conv_param)
    """
    out = None
    ###########################################################################
    # TODO: Implement the forward pass of the transposed convolution.         #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    S, P = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, F, HH, WW = w.shape
    H_full, W_full = (H - 1) * S + HH, (W - 1) * S + WW
    full = np.zeros((N, F, H_full, W_full), dtype=np.result_type(x, w, b))
    for kh in range(HH):
        for kw in range(WW):
            full[:, :, kh:kh + S * (H - 1) + 1:S, kw:kw + S * (W - 1) + 1:S] += \
                np.einsum("nchw,cf->nfhw", x, w[:, :, kh, kw])
    out = full[:, :, P:H_full - P, P:W_full - P] + b[None, :, None, None]
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    cache = (x, w, b, conv_param)
    return out, cache


def conv_transpose_backward(dout, cache):
    """Backward pass of a transposed convolution.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: (x, w, b, conv_param) as in conv_transpose_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W)
    - dw: Gradient with respect to w, of shape (C, F, HH, WW)
    - db: Gradient with respect to b, of shape (F,)

    dx is an ordinary convolution of dout (stride S, pad P) with the filters w.
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the backward pass of the transposed convolution.        #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    x, w, b, conv_param = cache
    S, P = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, F, HH, WW = w.shape
    dfull = np.pad(dout, ((0, 0), (0, 0), (P, P), (P, P)))
    dx = np.zeros(x.shape, dtype=np.result_type(x, w, dout))
    dw = np.zeros(w.shape, dtype=np.result_type(x, w, dout))
    for kh in range(HH):
        for kw in range(WW):
            window = dfull[:, :, kh:kh + S * (H - 1) + 1:S, kw:kw + S * (W - 1) + 1:S]
            dx += np.einsum("nfhw,cf->nchw", window, w[:, :, kh, kw])
            dw[:, :, kh, kw] = np.einsum("nchw,nfhw->cf", x, window)
    db = dout.sum(axis=(0, 2, 3))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db
