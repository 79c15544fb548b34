"""Convolution arithmetic: output sizes, parameter counts and receptive fields.

Plain Python on integers: no arrays here. The formulas, for one spatial dimension of size N:

    conv:  N' = (N - F_eff + 2P) / S + 1, with F_eff = D * (F - 1) + 1 for a dilation D (D = 1: no gaps)
    pool:  N' = (N - F) / S + 1
    params of a conv layer with K filters of size F x F over C channels:  F * F * C * K + K
    params of a fully connected layer from D inputs to M outputs:        D * M + M

A layer whose filter does not tile its input evenly (the division above leaves a remainder) is an error in
this course, as in the lecture's 7x7 input / 3x3 filter / stride 3 example, and so is an output smaller than 1.

Networks are lists of layer dicts:

    {'type': 'conv', 'num_filters': K, 'filter_size': F, 'stride': 1, 'pad': 0, 'dilation': 1}
        ('stride', 'pad' and 'dilation' are optional, with these defaults; 'filter_size' may be F or (HH, WW))
    {'type': 'pool', 'pool_size': 2, 'stride': 2}      ('stride' defaults to 'pool_size')
    {'type': 'relu'}, {'type': 'tanh'}, {'type': 'sigmoid'}        (no parameters, shape unchanged)
    {'type': 'flatten'}                                            (C, H, W) -> (C * H * W,)
    {'type': 'fc', 'out_features': M}                  (flattens a (C, H, W) input first)

and shapes are tuples (C, H, W) or (D,). LENET5_LAYERS, at the end of this module, is the classic LeNet-5 on a
1x32x32 input in this notation; with C3 connected to all six S2 maps (instead of LeCun's partial connection
table) it has 61,706 parameters in total.
"""


def conv_output_size(input_size, filter_size, stride=1, pad=0, dilation=1):
    """Spatial output size of a convolution along one dimension.

    N' = (N - F_eff + 2P) / S + 1, where F_eff = dilation * (F - 1) + 1 is the span of a dilated filter.

    Inputs:
    - input_size: N, the input height (or width)
    - filter_size: F, the filter height (or width)
    - stride: S, the step between adjacent receptive fields
    - pad: P, the number of zeros added on each side
    - dilation: D, the step between adjacent filter taps (1 for an ordinary convolution)

    Returns:
    - size: N', an int

    Raises:
    - ValueError, with a message saying why, when the output would be smaller than 1 (the filter does not
      fit the padded input) or when (N - F_eff + 2P) is not a multiple of S (the filter does not fit evenly).

    >>> conv_output_size(7, 3)
    5
    >>> conv_output_size(7, 3, stride=2)
    3
    >>> conv_output_size(32, 5, stride=1, pad=2)
    32
    >>> conv_output_size(7, 3, dilation=2)  # a 3x3 filter with dilation 2 spans 5 pixels
    3
    >>> conv_output_size(7, 3, stride=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ValueError: (N - F + 2P) / S + 1 = (7 - 3 + 2*0) / 3 + 1 is not an integer: ...
    """
    size = None
    ###########################################################################
    # TODO: Compute the output size. Raise a ValueError saying why when the   #
    # output would be smaller than 1 or the stride does not divide N-F+2P.    #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return size


def pool_output_size(input_size, pool_size, stride):
    """Spatial output size of a pooling layer along one dimension (no padding).

    N' = (N - F) / S + 1

    Inputs:
    - input_size: N
    - pool_size: F, the height (or width) of a pooling window
    - stride: S

    Returns:
    - size: N', an int

    Raises:
    - ValueError when the window is larger than the input or the windows do not tile it evenly.

    >>> pool_output_size(224, 2, 2)
    112
    >>> pool_output_size(7, 3, 2)
    3
    """
    size = None
    ###########################################################################
    # TODO: Compute the pooling output size, with the same rules as for a     #
    # convolution.                                                            #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return size


def conv_param_count(filter_size, in_channels, num_filters, bias=True):
    """Number of learnable parameters of a convolutional layer.

    F * F * C * K weights (each of the K filters spans all C input channels) plus K biases.

    Inputs:
    - filter_size: F for square filters, or a pair (HH, WW)
    - in_channels: C
    - num_filters: K
    - bias: whether the layer has one bias per filter

    Returns:
    - count: an int

    >>> conv_param_count(5, 3, 10)  # 10 filters of 5x5x3: 75 weights + 1 bias each
    760
    >>> conv_param_count((3, 5), 2, 4, bias=False)
    120
    """
    count = None
    ###########################################################################
    # TODO: Count the weights and the biases.                                 #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return count


def network_summary(layers, input_shape):
    """Output shape and number of parameters of every layer of a network.

    Inputs:
    - layers: a list of layer dicts (see the module docstring)
    - input_shape: (C, H, W), the shape of one input image

    Returns:
    - summary: a list with one tuple (name, output_shape, num_params) per layer, in order, where
      - name counts the layers of each type: 'conv1', 'relu1', 'pool1', 'conv2', ..., 'fc1', 'fc2'
      - output_shape is a tuple (C, H, W) for conv and pool layers, (D,) after a flatten or fc layer, and
        the input's shape for activations
      - num_params is an int (0 for pool, activation and flatten layers)

    Raises:
    - ValueError for a layer that does not fit its input (see conv_output_size) or an unknown layer type.

    >>> for row in network_summary([{'type': 'conv', 'num_filters': 10, 'filter_size': 5, 'pad': 2},
    ...                             {'type': 'relu'}, {'type': 'pool', 'pool_size': 2, 'stride': 2},
    ...                             {'type': 'fc', 'out_features': 7}], (3, 32, 32)):
    ...     print(row)
    ('conv1', (10, 32, 32), 760)
    ('relu1', (10, 32, 32), 0)
    ('pool1', (10, 16, 16), 0)
    ('fc1', (7,), 17927)
    """
    summary = None
    ###########################################################################
    # TODO: Walk through the layers, tracking the shape of the activations    #
    # and counting the parameters of each layer.                              #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return summary


def network_param_count(layers, input_shape):
    """Total number of learnable parameters of a network: the sum of the last column of network_summary.

    Inputs:
    - layers: a list of layer dicts (see the module docstring)
    - input_shape: (C, H, W)

    Returns:
    - total: an int

    >>> network_param_count(LENET5_LAYERS, (1, 32, 32))
    61706
    """
    total = None
    ###########################################################################
    # TODO: Add up the parameters of every layer.                             #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return total


def receptive_field(layers):
    """Receptive field, in input pixels along one dimension, of one unit of the last layer of a stack.

    Start with r = 1 (a pixel sees itself) and j = 1 (adjacent units are 1 input pixel apart). For each conv
    or pool layer, with effective kernel size k (k = D * (F - 1) + 1 for a conv with dilation D) and stride s:
        r += (k - 1) * j        (the kernel reaches k - 1 more units of the previous layer, j pixels apart)
        j *= s
    Padding does not change the receptive field, and activation layers are skipped.

    Inputs:
    - layers: a list of conv and pool layer dicts (see the module docstring)

    Returns:
    - field: r, an int

    >>> receptive_field([{'type': 'conv', 'num_filters': 8, 'filter_size': 3}] * 3)  # three 3x3 = one 7x7
    7
    >>> receptive_field([{'type': 'conv', 'num_filters': 8, 'filter_size': 3, 'stride': 2},
    ...                  {'type': 'pool', 'pool_size': 2, 'stride': 2},
    ...                  {'type': 'conv', 'num_filters': 8, 'filter_size': 3}])
    13
    """
    field = None
    ###########################################################################
    # TODO: Accumulate the receptive field r and the jump j between units.    #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return field


# LeNet-5 (LeCun et al., 1998) on a 1x32x32 input: C1 conv 6@5x5, S2 pool 2, C3 conv 16@5x5, S4 pool 2,
# C5 written as a fully connected layer to 120 units (a 5x5 conv on a 5x5 map is one), F6 fc 84, output fc 10.
# With C3 connected to all six S2 maps, network_param_count(LENET5_LAYERS, (1, 32, 32)) == 61,706.
LENET5_LAYERS = [
    {"type": "conv", "num_filters": 6, "filter_size": 5},
    {"type": "tanh"},
    {"type": "pool", "pool_size": 2, "stride": 2},
    {"type": "conv", "num_filters": 16, "filter_size": 5},
    {"type": "tanh"},
    {"type": "pool", "pool_size": 2, "stride": 2},
    {"type": "fc", "out_features": 120},
    {"type": "tanh"},
    {"type": "fc", "out_features": 84},
    {"type": "tanh"},
    {"type": "fc", "out_features": 10},
]
