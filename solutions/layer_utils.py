"""Sandwich layers: common stacks of layers as one forward/backward pair.

The convolutions and pools use the fast layers; the ReLU and the affine layer are yours (layers.py).
"""
import numpy as np

from .fast_layers import conv_backward_fast, conv_forward_fast, max_pool_backward_fast, max_pool_forward_fast
from .layers import (affine_backward, affine_forward, relu_backward, relu_forward, spatial_batchnorm_backward,
                     spatial_batchnorm_forward)


def affine_relu_forward(x, w, b):
    """An affine transform followed by a ReLU.

    Inputs:
    - x: Input to the affine layer, of shape (N, d_1, ..., d_k)
    - w, b: Weights (D, M) and biases (M,) of the affine layer

    Returns a tuple of:
    - out: Output from the ReLU, of shape (N, M)
    - cache: (fc_cache, relu_cache) to give to the backward pass
    """
    out, cache = None, None
    ###########################################################################
    # TODO: Chain affine_forward and relu_forward.                                  #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return out, cache


def affine_relu_backward(dout, cache):
    """Backward pass for the affine-relu convenience layer.

    Inputs:
    - dout: Upstream derivatives, of shape (N, M)
    - cache: (fc_cache, relu_cache) from affine_relu_forward

    Returns a tuple of dx (N, d_1, ..., d_k), dw (D, M), db (M,).
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Chain relu_backward and affine_backward.                                #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def conv_relu_forward(x, w, b, conv_param):
    """A convolution followed by a ReLU.

    Inputs:
    - x: Input to the convolutional layer, of shape (N, C, H, W)
    - w, b, conv_param: Weights (F, C, HH, WW), biases (F,) and {'stride', 'pad'} of the convolution

    Returns a tuple of:
    - out: Output from the ReLU, of shape (N, F, H', W')
    - cache: (conv_cache, relu_cache)
    """
    out, cache = None, None
    ###########################################################################
    # TODO: Chain conv_forward_fast and relu_forward.                               #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    out, relu_cache = relu_forward(a)
    cache = (conv_cache, relu_cache)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return out, cache


def conv_relu_backward(dout, cache):
    """Backward pass for the conv-relu convenience layer.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: (conv_cache, relu_cache) from conv_relu_forward

    Returns a tuple of dx (N, C, H, W), dw (F, C, HH, WW), db (F,).
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Chain relu_backward and conv_backward_fast.                             #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    conv_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def conv_relu_pool_forward(x, w, b, conv_param, pool_param):
    """A convolution, a ReLU and a max pool.

    Inputs:
    - x: Input to the convolutional layer, of shape (N, C, H, W)
    - w, b, conv_param: Weights (F, C, HH, WW), biases (F,) and {'stride', 'pad'} of the convolution
    - pool_param: {'pool_height', 'pool_width', 'stride'} of the pooling layer

    Returns a tuple of:
    - out: Output from the pooling layer, of shape (N, F, H'', W'')
    - cache: (conv_cache, relu_cache, pool_cache)
    """
    out, cache = None, None
    ###########################################################################
    # TODO: Chain conv_forward_fast, relu_forward, max_pool_forward_fast.           #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    s, relu_cache = relu_forward(a)
    out, pool_cache = max_pool_forward_fast(s, pool_param)
    cache = (conv_cache, relu_cache, pool_cache)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return out, cache


def conv_relu_pool_backward(dout, cache):
    """Backward pass for the conv-relu-pool convenience layer.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H'', W'')
    - cache: (conv_cache, relu_cache, pool_cache) from conv_relu_pool_forward

    Returns a tuple of dx (N, C, H, W), dw (F, C, HH, WW), db (F,).
    """
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Chain the three backward passes in reverse order.                       #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    conv_cache, relu_cache, pool_cache = cache
    ds = max_pool_backward_fast(dout, pool_cache)
    da = relu_backward(ds, relu_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, dw, db


def residual_block_forward(x, params, bn_params, stride=1):
    """A basic residual block (He et al., 2016): conv-BN-ReLU-conv-BN plus a shortcut, then a ReLU.

        main(x)     = BN2(conv2(ReLU(BN1(conv1(x)))))     conv1: 3x3, stride `stride`, pad 1; conv2: 3x3, pad 1
        shortcut(x) = x                                   when stride == 1 and F == C (identity)
                    = BNs(convs(x))                        otherwise (a 1x1 projection, stride `stride`)
        out         = ReLU(main(x) + shortcut(x))

    The convolutions have no bias (the batch norm that follows has its own shift); use conv_forward_fast with
    zero biases. The batch norms are your spatial_batchnorm_forward.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - params: Dictionary of arrays:
      - 'W1': (F, C, 3, 3), 'gamma1', 'beta1': (F,)
      - 'W2': (F, F, 3, 3), 'gamma2', 'beta2': (F,)
      - 'Ws': (F, C, 1, 1), 'gammas', 'betas': (F,), present only for a projection shortcut
    - bn_params: List of bn_param dictionaries (see batchnorm_forward), for BN1, BN2 and, with a projection,
      BNs; updated in place
    - stride: 1, or 2 to halve the spatial size (H' = 1 + (H + 2 - 3) // stride, rounded down as in ResNet)

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W')
    - cache: Values needed for the backward pass (your choice)
    """
    out, cache = None, None
    ###########################################################################
    # TODO: Implement the forward pass of the residual block. Decide on the   #
    # shortcut from the presence of 'Ws' in params.                           #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    F = params["W1"].shape[0]
    zeros = np.zeros(F, dtype=x.dtype)
    a1, conv1 = conv_forward_fast(x, params["W1"], zeros, {"stride": stride, "pad": 1})
    n1, bn1 = spatial_batchnorm_forward(a1, params["gamma1"], params["beta1"], bn_params[0])
    r1, relu1 = relu_forward(n1)
    a2, conv2 = conv_forward_fast(r1, params["W2"], zeros, {"stride": 1, "pad": 1})
    n2, bn2 = spatial_batchnorm_forward(a2, params["gamma2"], params["beta2"], bn_params[1])
    shortcut, short_caches = x, None
    if "Ws" in params:
        s, convs = conv_forward_fast(x, params["Ws"], zeros, {"stride": stride, "pad": 0})
        shortcut, bns = spatial_batchnorm_forward(s, params["gammas"], params["betas"], bn_params[2])
        short_caches = (convs, bns)
    out, relu2 = relu_forward(n2 + shortcut)
    cache = (conv1, bn1, relu1, conv2, bn2, short_caches, relu2)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return out, cache


def residual_block_backward(dout, cache):
    """Backward pass of the residual block.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: Values from residual_block_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W): the sum of the gradients through the main path
      and through the shortcut
    - grads: Dictionary with the same keys as params, each gradient of the shape of its parameter
    """
    dx, grads = None, {}
    ###########################################################################
    # TODO: Implement the backward pass of the residual block.                #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    conv1, bn1, relu1, conv2, bn2, short_caches, relu2 = cache
    dsum = relu_backward(dout, relu2)
    da2, grads["gamma2"], grads["beta2"] = spatial_batchnorm_backward(dsum, bn2)
    dr1, grads["W2"], _ = conv_backward_fast(da2, conv2)
    dn1 = relu_backward(dr1, relu1)
    da1, grads["gamma1"], grads["beta1"] = spatial_batchnorm_backward(dn1, bn1)
    dx, grads["W1"], _ = conv_backward_fast(da1, conv1)
    if short_caches is None:
        dx = dx + dsum
    else:
        convs, bns = short_caches
        ds, grads["gammas"], grads["betas"] = spatial_batchnorm_backward(dsum, bns)
        dxs, grads["Ws"], _ = conv_backward_fast(ds, convs)
        dx = dx + dxs
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, grads


def bottleneck_block_forward(x, params, bn_params, stride=1):
    """A bottleneck residual block, ResNet-50/101/152's (He et al., 2016, Fig. 5 right; resnet_layers(50) in
    conv_arithmetic counts them): 1x1 - 3x3 - 1x1 convs with batch norm, plus a shortcut, then a ReLU.

        main(x)     = BN3(conv3(ReLU(BN2(conv2(ReLU(BN1(conv1(x))))))))
                      conv1: 1x1 to F channels, stride `stride` (the paper's place for it); conv2: 3x3, pad 1;
                      conv3: 1x1 to 4F channels
        shortcut(x) = x                                   when 'Ws' is not in params (stride 1 and C == 4F)
                    = BNs(convs(x))                        otherwise (a 1x1 projection to 4F, stride `stride`)
        out         = ReLU(main(x) + shortcut(x))

    The 1x1 convs shrink the channels the 3x3 works on by 4 and restore them: a 256-channel block costs about
    what a 64-channel basic block costs. The convolutions have no bias; use conv_forward_fast with zero biases
    and your spatial_batchnorm_forward, as in residual_block_forward.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - params: Dictionary of arrays:
      - 'W1': (F, C, 1, 1), 'gamma1', 'beta1': (F,)
      - 'W2': (F, F, 3, 3), 'gamma2', 'beta2': (F,)
      - 'W3': (4F, F, 1, 1), 'gamma3', 'beta3': (4F,)
      - 'Ws': (4F, C, 1, 1), 'gammas', 'betas': (4F,), present only for a projection shortcut
    - bn_params: List of bn_param dictionaries for BN1, BN2, BN3 and, with a projection, BNs; updated in place
    - stride: 1, or 2 to halve the spatial size (H' = 1 + (H - 1) // stride)

    Returns a tuple of:
    - out: Output data, of shape (N, 4F, H', W')
    - cache: Values needed for the backward pass (your choice)
    """
    out, cache = None, None
    ###########################################################################
    # TODO: Implement the forward pass of the bottleneck block.               #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    caches = []
    h = x
    for i, (conv_param, last) in enumerate([({"stride": stride, "pad": 0}, False), ({"stride": 1, "pad": 1}, False),
                                            ({"stride": 1, "pad": 0}, True)], 1):
        W = params[f"W{i}"]
        a, conv = conv_forward_fast(h, W, np.zeros(W.shape[0], dtype=x.dtype), conv_param)
        h, bn = spatial_batchnorm_forward(a, params[f"gamma{i}"], params[f"beta{i}"], bn_params[i - 1])
        gate = None
        if not last:
            h, gate = relu_forward(h)
        caches.append((conv, bn, gate))
    shortcut, short_caches = x, None
    if "Ws" in params:
        Ws = params["Ws"]
        s, convs = conv_forward_fast(x, Ws, np.zeros(Ws.shape[0], dtype=x.dtype), {"stride": stride, "pad": 0})
        shortcut, bns = spatial_batchnorm_forward(s, params["gammas"], params["betas"], bn_params[3])
        short_caches = (convs, bns)
    out, relu_out = relu_forward(h + shortcut)
    cache = (caches, short_caches, relu_out)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return out, cache


def bottleneck_block_backward(dout, cache):
    """Backward pass of the bottleneck block.

    Inputs:
    - dout: Upstream derivatives, of shape (N, 4F, H', W')
    - cache: Values from bottleneck_block_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W): the main path's plus the shortcut's
    - grads: Dictionary with the same keys as params, each gradient of the shape of its parameter
    """
    dx, grads = None, {}
    ###########################################################################
    # TODO: Implement the backward pass of the bottleneck block.              #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    caches, short_caches, relu_out = cache
    dsum = relu_backward(dout, relu_out)
    dh = dsum
    for i in (3, 2, 1):
        conv, bn, gate = caches[i - 1]
        if gate is not None:
            dh = relu_backward(dh, gate)
        da, grads[f"gamma{i}"], grads[f"beta{i}"] = spatial_batchnorm_backward(dh, bn)
        dh, grads[f"W{i}"], _ = conv_backward_fast(da, conv)
    if short_caches is None:
        dx = dh + dsum
    else:
        convs, bns = short_caches
        ds, grads["gammas"], grads["betas"] = spatial_batchnorm_backward(dsum, bns)
        dxs, grads["Ws"], _ = conv_backward_fast(ds, convs)
        dx = dh + dxs
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return dx, grads
