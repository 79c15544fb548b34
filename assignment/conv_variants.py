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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db
