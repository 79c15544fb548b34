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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
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
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db
