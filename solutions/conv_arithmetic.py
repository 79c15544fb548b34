"""Convolution arithmetic: output sizes, parameter counts and receptive fields (graded).

Layers of a network are described as dicts:
    {'type': 'conv', 'num_filters': K, 'filter_size': F, 'stride': 1, 'pad': 0, 'dilation': 1}
    {'type': 'pool', 'pool_size': 2, 'stride': 2}
    {'type': 'relu'} (also 'tanh', 'sigmoid'), {'type': 'flatten'}, {'type': 'fc', 'out_features': M}
"""


def conv_output_size(input_size, filter_size, stride=1, pad=0, dilation=1):
    """Spatial output size of a convolution: (N - F_eff + 2P) / S + 1, with F_eff = dilation * (F - 1) + 1.

    >>> conv_output_size(7, 3, stride=2)
    3

    Raises:
        ValueError: when the filter does not fit the input evenly ((N - F_eff + 2P) % S != 0) or at all.
    """
    size = None
    ###########################################################################
    # TODO: Compute the output size; raise ValueError when it does not fit.         #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    effective = dilation * (filter_size - 1) + 1
    span = input_size - effective + 2 * pad
    if span < 0:
        raise ValueError(f"a filter of effective size {effective} does not fit an input of size {input_size} "
                         f"with pad {pad}")
    if span % stride:
        raise ValueError(f"(N - F + 2P) / S + 1 = ({input_size} - {effective} + 2*{pad}) / {stride} + 1 is not "
                         "an integer: the filter does not tile the input with this stride")
    size = span // stride + 1
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return size


def pool_output_size(input_size, pool_size, stride):
    """Spatial output size of a pooling layer: (N - F) / S + 1 (no padding).

    Raises:
        ValueError: when the windows do not tile the input evenly, or the window is larger than the input.
    """
    size = None
    ###########################################################################
    # TODO: Compute the pooling output size.                                        #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    size = conv_output_size(input_size, pool_size, stride=stride, pad=0)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return size


def conv_param_count(filter_size, in_channels, num_filters, bias=True):
    """Number of parameters of a conv layer: F * F * C * K weights + K biases.

    filter_size may be an int F or a pair (HH, WW).

    >>> conv_param_count(5, 3, 10)
    760
    """
    count = None
    ###########################################################################
    # TODO: Count weights and biases.                                               #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    HH, WW = (filter_size, filter_size) if isinstance(filter_size, int) else tuple(filter_size)
    count = HH * WW * in_channels * num_filters + (num_filters if bias else 0)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return count


def network_summary(layers, input_shape):
    """Output shape and parameter count of every layer of a network.

    Inputs:
    - layers: list of layer dicts (see the module docstring)
    - input_shape: (C, H, W)

    Returns:
    - a list of (name, output_shape, num_params), one per layer, with names like 'conv1', 'pool1', 'fc1'
      and output_shape a tuple (C, H, W) or (D,)
    """
    summary = None
    ###########################################################################
    # TODO: Walk through the layers, tracking the shape and counting params.        #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    summary, counts = [], {}
    shape = tuple(input_shape)
    for layer in layers:
        kind = layer["type"]
        counts[kind] = counts.get(kind, 0) + 1
        params = 0
        if kind == "conv":
            C, H, W = shape
            F, stride = layer["filter_size"], layer.get("stride", 1)
            pad, dilation = layer.get("pad", 0), layer.get("dilation", 1)
            K = layer["num_filters"]
            shape = (K, conv_output_size(H, F, stride, pad, dilation), conv_output_size(W, F, stride, pad, dilation))
            params = conv_param_count(F, C, K)
        elif kind == "pool":
            C, H, W = shape
            size, stride = layer["pool_size"], layer.get("stride", layer["pool_size"])
            shape = (C, pool_output_size(H, size, stride), pool_output_size(W, size, stride))
        elif kind == "flatten":
            total = 1
            for d in shape:
                total *= d
            shape = (total,)
        elif kind == "fc":
            total = 1
            for d in shape:
                total *= d
            params = total * layer["out_features"] + layer["out_features"]
            shape = (layer["out_features"],)
        summary.append((f"{kind}{counts[kind]}", shape, params))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return summary


def network_param_count(layers, input_shape):
    """Total number of parameters of a network (the sum over network_summary)."""
    total = None
    ###########################################################################
    # TODO: Add up the parameters of every layer.                                   #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    total = sum(params for _, _, params in network_summary(layers, input_shape))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return total


def receptive_field(layers):
    """Receptive field, in input pixels, of one unit of the last layer of a stack of conv/pool layers.

    r = 1, j = 1; for each layer with (effective) kernel k and stride s: r += (k - 1) * j; j *= s.

    >>> receptive_field([{'type': 'conv', 'filter_size': 3, 'num_filters': 1}] * 3)
    7
    """
    field = None
    ###########################################################################
    # TODO: Accumulate the receptive field and the jump between units.              #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    field, jump = 1, 1
    for layer in layers:
        if layer["type"] == "conv":
            k = layer.get("dilation", 1) * (layer["filter_size"] - 1) + 1
            stride = layer.get("stride", 1)
        elif layer["type"] == "pool":
            k, stride = layer["pool_size"], layer.get("stride", layer["pool_size"])
        else:
            continue
        field += (k - 1) * jump
        jump *= stride
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return field


# LeNet-5 (LeCun et al., 1998) on a 1x32x32 input, with C3 fully connected to S2 and C5 as a dense layer:
# 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters.
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
