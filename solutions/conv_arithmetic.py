"""Convolution arithmetic: output sizes, parameter counts and receptive fields.

Plain Python on integers: no arrays here. The formulas, for one spatial dimension of size N:

    conv:  N' = (N - F_eff + 2P) / S + 1, with F_eff = D * (F - 1) + 1 for a dilation D (D = 1: no gaps)
    pool:  N' = (N - F) / S + 1
    params of a conv layer with K filters of size F x F over C channels:  F * F * C * K + K
    params of a fully connected layer from D inputs to M outputs:        D * M + M

A layer whose filter does not tile its input evenly (the division above leaves a remainder) is an error in
this course by default ("doesn't fit", as in the lecture's 7x7 input / 3x3 filter / stride 3 example), and so is
an output smaller than 1. Real networks round down instead (PyTorch's rule, which GoogLeNet's and ResNet's tables
need: a 7x7 / 2 conv with pad 3 takes 224 to 112): ask for it explicitly with rounding='floor'.

Networks are lists of layer dicts ('rounding' is 'strict' unless a layer says 'floor'):

    {'type': 'conv', 'num_filters': K, 'filter_size': F, 'stride': 1, 'pad': 0, 'dilation': 1}
        ('stride', 'pad' and 'dilation' are optional, with these defaults; 'filter_size' may be F or (HH, WW));
        optional too: 'bias' (True), 'groups' (1: each filter sees C / groups channels, AlexNet's two GPUs),
        'connections' (a list of K lists of input channels: which maps each filter sees, LeNet-5's C3 table)
    {'type': 'pool', 'pool_size': 2, 'stride': 2, 'pad': 0}  ('stride' defaults to 'pool_size'; max or mean)
    {'type': 'subsample', 'pool_size': 2, 'stride': 2}   LeNet-5's S layers: a pool with a trainable coefficient
                                                          and bias per map (2 * C parameters)
    {'type': 'global_avg_pool'}                          (C, H, W) -> (C,)
    {'type': 'relu'}, {'type': 'tanh'}, {'type': 'sigmoid'}, {'type': 'dropout', 'p': 0.5},
    {'type': 'lrn', 'depth': 5}                          (no parameters, shape unchanged)
    {'type': 'batchnorm'}                                a scale and a shift per channel (or feature): 2 * C
                                                          (the running averages are statistics, not parameters)
    {'type': 'flatten'}                                  (C, H, W) -> (C * H * W,)
    {'type': 'fc', 'out_features': M}                    (flattens a (C, H, W) input first; 'bias': True)
    {'type': 'rbf', 'out_features': M}                   LeNet-5's output: M Euclidean RBF units, D * M
                                                          parameters (their centres), no bias
    {'type': 'inception', '1x1': a, '3x3_reduce': b, '3x3': c, '5x5_reduce': d, '5x5': e, 'pool_proj': f}
        GoogLeNet's module: four branches on the same input, concatenated along the channels (a + c + e + f
        channels, same H x W): a 1x1 conv; a 1x1 conv to b channels then a 3x3 conv (pad 1); a 1x1 conv to d
        channels then a 5x5 conv (pad 2); a 3x3 / 1 max pool (pad 1) then a 1x1 conv. Every conv has a bias.
    {'type': 'residual', 'num_filters': F, 'stride': 1}
        ResNet's basic block: 3x3 conv (stride, pad 1) - batch norm - ReLU - 3x3 conv (pad 1) - batch norm, plus
        the shortcut, then ReLU. The convs have no bias. The shortcut is the identity when stride == 1 and F == C,
        else a 1x1 conv (stride, no bias) and a batch norm. Sizes round down: H' = (H + 2 - 3) // stride + 1.
    {'type': 'bottleneck', 'num_filters': F, 'stride': 1}
        ResNet-50/101/152's block (He et al., 2016, Fig. 5 right): 1x1 conv to F channels (with the stride, as in
        the paper) - BN - ReLU - 3x3 conv F -> F (pad 1) - BN - ReLU - 1x1 conv to 4F channels - BN, plus the
        shortcut, then ReLU: 4F output channels. No conv has a bias. The shortcut is the identity when
        stride == 1 and C == 4F, else a 1x1 conv to 4F (stride, no bias) and a batch norm. H' = (H - 1) // stride + 1.

and shapes are tuples (C, H, W) or (D,). The case studies of the lectures, at the end of this module, are written
in this notation: LENET5_LAYERS (C3 fully connected: 61,706 parameters), LENET5_PAPER_LAYERS (LeCun's C3
connection table, trainable subsampling and RBF outputs: 60,840), ALEXNET_LAYERS, ZFNET_LAYERS,
vgg_layers('A' ... 'E'), GOOGLENET_LAYERS, resnet_layers(18, 34, 50, 101 or 152) and ALPHAGO_POLICY_LAYERS.

Compute (network_flops) is counted in multiply-adds, the convention of the papers' "FLOPs" (He et al., 2016,
Table 1; Szegedy et al., 2015: "1.5 billion multiply-adds"): a conv layer makes HH * WW * (C / groups)
multiply-adds for each of its K * H' * W' outputs, a fully connected layer D * M. Biases, batch norm,
activations, pools, LRN and the shortcuts' additions are not counted (they are a few percent at most).
"""

# Layer types by what they need and do (network_summary's vocabulary).
SPATIAL_LAYERS = ("conv", "pool", "subsample", "inception", "residual", "bottleneck",   # need (C, H, W)
                  "global_avg_pool")
SHAPE_PRESERVING_LAYERS = ("relu", "tanh", "sigmoid", "dropout", "lrn", "batchnorm")
FLAT_LAYERS = ("flatten", "fc", "rbf")


def conv_output_size(input_size, filter_size, stride=1, pad=0, dilation=1, rounding="strict"):
    """Spatial output size of a convolution along one dimension.

    N' = (N - F_eff + 2P) / S + 1, where F_eff = dilation * (F - 1) + 1 is the span of a dilated filter.

    Inputs:
    - input_size: N, the input height (or width)
    - filter_size: F, the filter height (or width)
    - stride: S, the step between adjacent receptive fields
    - pad: P, the number of zeros added on each side
    - dilation: D, the step between adjacent filter taps (1 for an ordinary convolution)
    - rounding: 'strict' (the default: a filter that does not fit evenly is an error) or 'floor' (round the
      division down, as PyTorch and the GoogLeNet and ResNet papers do: the last pixels are never covered)

    Returns:
    - size: N', an int

    Raises:
    - ValueError, with a message saying why, when the output would be smaller than 1 (the filter does not
      fit the padded input), when rounding is 'strict' and (N - F_eff + 2P) is not a multiple of S (the filter
      does not fit evenly), or when rounding is neither 'strict' nor 'floor'.

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
    >>> conv_output_size(7, 3, stride=3, rounding='floor')  # the last column is never covered
    2
    >>> conv_output_size(224, 7, stride=2, pad=3, rounding='floor')  # GoogLeNet's and ResNet's first conv
    112
    """
    size = None
    ###########################################################################
    # TODO: Compute the output size. Raise a ValueError saying why when the   #
    # output would be smaller than 1, or when the stride does not divide      #
    # N-F+2P and rounding is 'strict'. With rounding 'floor', round down.     #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    if rounding not in ("strict", "floor"):
        raise ValueError(f"rounding must be 'strict' or 'floor', got {rounding!r}")
    if stride < 1 or dilation < 1 or filter_size < 1 or pad < 0:
        raise ValueError(f"stride, dilation and filter size must be >= 1 and pad >= 0, got stride {stride}, "
                         f"dilation {dilation}, filter size {filter_size}, pad {pad}")
    effective = dilation * (filter_size - 1) + 1
    span = input_size - effective + 2 * pad
    if span < 0:
        raise ValueError(f"the output would be smaller than 1: a filter spanning {effective} pixels does not "
                         f"fit an input of size {input_size} padded by {pad} on each side")
    if span % stride and rounding == "strict":
        raise ValueError(f"(N - F + 2P) / S + 1 = ({input_size} - {effective} + 2*{pad}) / {stride} + 1 is not an "
                         f"integer: the filter does not fit the input evenly with stride {stride} "
                         "(pass rounding='floor' to round down)")
    size = span // stride + 1
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return size


def pool_output_size(input_size, pool_size, stride, pad=0, rounding="strict"):
    """Spatial output size of a pooling layer along one dimension.

    N' = (N - F + 2P) / S + 1   (P = 0 in the course's pools; GoogLeNet's and ResNet's 3x3 / 2 pools pad 1)

    Inputs:
    - input_size: N
    - pool_size: F, the height (or width) of a pooling window
    - stride: S
    - pad: P, padding on each side
    - rounding: 'strict' (default) or 'floor', as in conv_output_size

    Returns:
    - size: N', an int

    Raises:
    - ValueError when the window is larger than the (padded) input, or the windows do not tile it evenly and
      rounding is 'strict'.

    >>> pool_output_size(224, 2, 2)
    112
    >>> pool_output_size(7, 3, 2)
    3
    >>> pool_output_size(112, 3, 2, pad=1, rounding='floor')  # ResNet's max pool
    56
    """
    size = None
    ###########################################################################
    # TODO: Compute the pooling output size, with the same rules as for a     #
    # convolution.                                                            #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    size = conv_output_size(input_size, pool_size, stride=stride, pad=pad, rounding=rounding)
    # END SOLUTION
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
    # BEGIN SOLUTION
    HH, WW = tuple(filter_size) if isinstance(filter_size, (tuple, list)) else (filter_size, filter_size)
    count = HH * WW * in_channels * num_filters + (num_filters if bias else 0)
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return count


def network_summary(layers, input_shape):
    """Output shape and number of parameters of every layer of a network.

    Inputs:
    - layers: a list of layer dicts (see the module docstring)
    - input_shape: (C, H, W), the shape of one input image

    Returns:
    - summary: a list with one tuple (name, output_shape, num_params) per layer, in order, where
      - name counts the layers of each type: 'conv1', 'relu1', 'pool1', 'conv2', ..., 'fc1', 'fc2',
        'inception1', 'residual1', 'bottleneck1', 'global_avg_pool1'
      - output_shape is a tuple (C, H, W) for conv, pool, inception, residual and bottleneck layers, (D,) after a flatten,
        fc, rbf or global_avg_pool layer, and the input's shape for activations, dropout, lrn and batchnorm
      - num_params is an int (0 for pool, activation, dropout, lrn and flatten layers)

    Raises:
    - ValueError for a layer that does not fit its input (see conv_output_size) or an unknown layer type.

    Layer types are listed in the module docstring; SPATIAL_LAYERS, SHAPE_PRESERVING_LAYERS and FLAT_LAYERS below
    hold their names.

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
    # BEGIN SOLUTION
    summary, seen = [], {}
    shape = tuple(input_shape)
    for layer in layers:
        kind = layer["type"]
        seen[kind] = seen.get(kind, 0) + 1
        name = f"{kind}{seen[kind]}"
        rounding = layer.get("rounding", "strict")
        params = 0
        if kind in SPATIAL_LAYERS and len(shape) != 3:
            raise ValueError(f"layer {name} needs a (C, H, W) input, got shape {shape}")
        if kind == "conv":
            C, H, W = shape
            F, K = layer["filter_size"], layer["num_filters"]
            HH, WW = tuple(F) if isinstance(F, (tuple, list)) else (F, F)
            stride, pad, dilation = layer.get("stride", 1), layer.get("pad", 0), layer.get("dilation", 1)
            shape = (K, conv_output_size(H, HH, stride, pad, dilation, rounding),
                     conv_output_size(W, WW, stride, pad, dilation, rounding))
            bias = layer.get("bias", True)
            if layer.get("connections") is not None:
                params = HH * WW * sum(len(maps) for maps in layer["connections"]) + (K if bias else 0)
            else:
                params = conv_param_count((HH, WW), C // layer.get("groups", 1), K, bias)
        elif kind in ("pool", "subsample"):
            C, H, W = shape
            size = layer["pool_size"]
            stride, pad = layer.get("stride", size), layer.get("pad", 0)
            shape = (C, pool_output_size(H, size, stride, pad, rounding), pool_output_size(W, size, stride, pad, rounding))
            params = 2 * C if kind == "subsample" else 0
        elif kind == "global_avg_pool":
            shape = (shape[0],)
        elif kind == "batchnorm":
            params = 2 * shape[0]
        elif kind in ("flatten", "fc", "rbf"):
            D = 1
            for d in shape:
                D *= d
            shape = (D,)
            if kind != "flatten":
                M = layer["out_features"]
                params = D * M + (M if kind == "fc" and layer.get("bias", True) else 0)
                shape = (M,)
        elif kind == "inception":
            C, H, W = shape
            a, c, e, f = layer["1x1"], layer["3x3"], layer["5x5"], layer["pool_proj"]
            b, d = layer["3x3_reduce"], layer["5x5_reduce"]
            params = (conv_param_count(1, C, a) + conv_param_count(1, C, b) + conv_param_count(3, b, c) +
                      conv_param_count(1, C, d) + conv_param_count(5, d, e) + conv_param_count(1, C, f))
            shape = (a + c + e + f, H, W)
        elif kind == "residual":
            C, H, W = shape
            F, stride = layer["num_filters"], layer.get("stride", 1)
            params = conv_param_count(3, C, F, False) + 2 * F + conv_param_count(3, F, F, False) + 2 * F
            if stride != 1 or F != C:
                params += conv_param_count(1, C, F, False) + 2 * F
            shape = (F, conv_output_size(H, 3, stride, 1, rounding="floor"),
                     conv_output_size(W, 3, stride, 1, rounding="floor"))
        elif kind == "bottleneck":
            C, H, W = shape
            F, stride = layer["num_filters"], layer.get("stride", 1)
            params = (conv_param_count(1, C, F, False) + 2 * F + conv_param_count(3, F, F, False) + 2 * F +
                      conv_param_count(1, F, 4 * F, False) + 2 * 4 * F)
            if stride != 1 or 4 * F != C:
                params += conv_param_count(1, C, 4 * F, False) + 2 * 4 * F
            shape = (4 * F, conv_output_size(H, 1, stride, rounding="floor"),
                     conv_output_size(W, 1, stride, rounding="floor"))
        elif kind not in SHAPE_PRESERVING_LAYERS:
            raise ValueError(f"unknown layer type {kind!r}: expected one of "
                             f"{', '.join(sorted(SPATIAL_LAYERS + SHAPE_PRESERVING_LAYERS + FLAT_LAYERS))}")
        summary.append((name, shape, params))
    # END SOLUTION
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
    # BEGIN SOLUTION
    total = sum(params for _, _, params in network_summary(layers, input_shape))
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return total


def network_flops(layers, input_shape):
    """Compute of every layer of a network, in multiply-adds for one input image.

    A multiply-add is one product added to a running sum: the papers' "FLOPs" (He et al., 2016, Table 1 gives
    ResNet-18/34/50/101/152 1.8, 3.6, 3.8, 7.6 and 11.3 x 10^9; Szegedy et al., 2015: GoogLeNet 1.5 billion).
    Only the layers with weights are counted (biases, batch norm, activations, pools, LRN and additions are not):
    - conv: K * H' * W' outputs, each HH * WW * (C / groups) multiply-adds (with 'connections', each filter k
      sees len(connections[k]) maps instead of C / groups)
    - fc and rbf: D * M
    - inception: the six convs of its branches, each on the module's H x W
    - residual: its two 3x3 convs on the H' x W' output, plus the 1x1 projection when there is one
    - bottleneck: its 1x1, 3x3 and 1x1 convs on the H' x W' output (the stride is in the first 1x1, as in the
      paper), plus the 1x1 projection when there is one
    - every other layer: 0

    Inputs:
    - layers: a list of layer dicts (see the module docstring)
    - input_shape: (C, H, W), the shape of one input image

    Returns:
    - flops: a list with one tuple (name, multiply_adds) per layer, in order, with network_summary's names;
      the network's total is sum(m for _, m in flops)

    Raises:
    - ValueError as network_summary does.

    >>> for row in network_flops([{'type': 'conv', 'num_filters': 10, 'filter_size': 5, 'pad': 2},
    ...                           {'type': 'relu'}, {'type': 'pool', 'pool_size': 2, 'stride': 2},
    ...                           {'type': 'fc', 'out_features': 7}], (3, 32, 32)):
    ...     print(row)
    ('conv1', 768000)
    ('relu1', 0)
    ('pool1', 0)
    ('fc1', 17920)
    """
    flops = None
    ###########################################################################
    # TODO: For every layer, count the multiply-adds from its input shape and #
    # its output shape (network_summary gives both).                          #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    flops = []
    shape = tuple(input_shape)
    for layer, (name, out_shape, _) in zip(layers, network_summary(layers, input_shape)):
        kind, count = layer["type"], 0
        if kind == "conv":
            F = layer["filter_size"]
            HH, WW = tuple(F) if isinstance(F, (tuple, list)) else (F, F)
            K, Hp, Wp = out_shape
            if layer.get("connections") is not None:
                count = Hp * Wp * HH * WW * sum(len(maps) for maps in layer["connections"])
            else:
                count = K * Hp * Wp * HH * WW * (shape[0] // layer.get("groups", 1))
        elif kind in ("fc", "rbf"):
            D = 1
            for d in shape:
                D *= d
            count = D * layer["out_features"]
        elif kind == "inception":
            C, H, W = shape
            a, b, c, d, e, f = (layer[k] for k in ("1x1", "3x3_reduce", "3x3", "5x5_reduce", "5x5", "pool_proj"))
            count = H * W * (C * a + C * b + 9 * b * c + C * d + 25 * d * e + C * f)
        elif kind in ("residual", "bottleneck"):
            C = shape[0]
            Fo, Hp, Wp = out_shape
            F = layer["num_filters"]
            if kind == "residual":
                per_position = 9 * C * F + 9 * F * F
            else:
                per_position = C * F + 9 * F * F + F * Fo
            if layer.get("stride", 1) != 1 or Fo != C:
                per_position += C * Fo
            count = Hp * Wp * per_position
        flops.append((name, count))
        shape = out_shape
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return flops


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
    # BEGIN SOLUTION
    field, jump = 1, 1
    for layer in layers:
        if layer["type"] == "conv":
            kernel = layer.get("dilation", 1) * (layer["filter_size"] - 1) + 1
            stride = layer.get("stride", 1)
        elif layer["type"] == "pool":
            kernel = layer["pool_size"]
            stride = layer.get("stride", kernel)
        else:
            continue
        field += (kernel - 1) * jump
        jump *= stride
    # END SOLUTION
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


# --------------------------------------------------------------------------------------------------------------
# The lectures' case studies, in network_summary's notation (given code: the exercises ask for their summaries).
# --------------------------------------------------------------------------------------------------------------

# LeNet-5 as LeCun et al. (1998) built it: C3's sixteen maps each see only some of S2's six maps (Table I of the
# paper: six see 3 contiguous maps, six see 4 contiguous, three see 4 non-contiguous, one sees all six), the S
# layers are subsampling layers with a trainable coefficient and bias per map, C5 is a 5x5 conv on a 5x5 map, and
# the output layer is 10 Euclidean RBF units on F6's 84 outputs. network_param_count(LENET5_PAPER_LAYERS,
# (1, 32, 32)) == 60,840: 156 + 12 + 1,516 + 32 + 48,120 + 10,164 + 840, the homework deck's figure.
LENET5_C3_TABLE = [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 0], [5, 0, 1],
                   [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 0], [4, 5, 0, 1], [5, 0, 1, 2],
                   [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
                   [0, 1, 2, 3, 4, 5]]
LENET5_PAPER_LAYERS = [
    {"type": "conv", "num_filters": 6, "filter_size": 5},
    {"type": "tanh"},
    {"type": "subsample", "pool_size": 2, "stride": 2},
    {"type": "conv", "num_filters": 16, "filter_size": 5, "connections": LENET5_C3_TABLE},
    {"type": "tanh"},
    {"type": "subsample", "pool_size": 2, "stride": 2},
    {"type": "conv", "num_filters": 120, "filter_size": 5},
    {"type": "tanh"},
    {"type": "fc", "out_features": 84},
    {"type": "tanh"},
    {"type": "rbf", "out_features": 10},
]


def _alexnet(grouped):
    groups = 2 if grouped else 1
    return [
        {"type": "conv", "num_filters": 96, "filter_size": 11, "stride": 4},
        {"type": "relu"},
        {"type": "pool", "pool_size": 3, "stride": 2},
        {"type": "lrn", "depth": 5},
        {"type": "conv", "num_filters": 256, "filter_size": 5, "pad": 2, "groups": groups},
        {"type": "relu"},
        {"type": "pool", "pool_size": 3, "stride": 2},
        {"type": "lrn", "depth": 5},
        {"type": "conv", "num_filters": 384, "filter_size": 3, "pad": 1},
        {"type": "relu"},
        {"type": "conv", "num_filters": 384, "filter_size": 3, "pad": 1, "groups": groups},
        {"type": "relu"},
        {"type": "conv", "num_filters": 256, "filter_size": 3, "pad": 1, "groups": groups},
        {"type": "relu"},
        {"type": "pool", "pool_size": 3, "stride": 2},
        {"type": "dropout", "p": 0.5},
        {"type": "fc", "out_features": 4096},
        {"type": "relu"},
        {"type": "dropout", "p": 0.5},
        {"type": "fc", "out_features": 4096},
        {"type": "relu"},
        {"type": "fc", "out_features": 1000},
    ]


# AlexNet (Krizhevsky et al., 2012) on the lecture's 227x227x3 input, in the lecture's order (CONV1, MAX POOL1,
# NORM1, ...). ALEXNET_LAYERS is the one-GPU network of the slides (62,378,344 parameters);
# ALEXNET_PAPER_LAYERS splits conv2, conv4 and conv5 over the paper's two GPUs (groups=2): 60,965,224, the
# paper's "60 million".
ALEXNET_LAYERS = _alexnet(grouped=False)
ALEXNET_PAPER_LAYERS = _alexnet(grouped=True)

# ZFNet (Zeiler and Fergus, 2014, Fig. 3) on 224x224x3, as the decks give it: AlexNet with CONV1 changed from
# 11x11 stride 4 to 7x7 stride 2 (96 maps of 110x110) and CONV3, 4, 5 widened from 384, 384, 256 to 512, 1024, 512
# filters; ILSVRC 2013 top-5 error 14.8 % (AlexNet's entry: 15.4 %). The paper's pools round up (Caffe); a pad
# of 1 with rounding down gives its sizes: 110 -> 55, 26 -> 13. Smaller first filters and stride kept more
# detail in the first layers (the paper's visualisations showed AlexNet's aliasing and dead filters).
ZFNET_LAYERS = [
    {"type": "conv", "num_filters": 96, "filter_size": 7, "stride": 2, "pad": 1, "rounding": "floor"},
    {"type": "relu"},
    {"type": "pool", "pool_size": 3, "stride": 2, "pad": 1, "rounding": "floor"},
    {"type": "lrn", "depth": 5},
    {"type": "conv", "num_filters": 256, "filter_size": 5, "stride": 2},
    {"type": "relu"},
    {"type": "pool", "pool_size": 3, "stride": 2, "pad": 1, "rounding": "floor"},
    {"type": "lrn", "depth": 5},
    {"type": "conv", "num_filters": 512, "filter_size": 3, "pad": 1},
    {"type": "relu"},
    {"type": "conv", "num_filters": 1024, "filter_size": 3, "pad": 1},
    {"type": "relu"},
    {"type": "conv", "num_filters": 512, "filter_size": 3, "pad": 1},
    {"type": "relu"},
    {"type": "pool", "pool_size": 3, "stride": 2},
    {"type": "dropout", "p": 0.5},
    {"type": "fc", "out_features": 4096},
    {"type": "relu"},
    {"type": "dropout", "p": 0.5},
    {"type": "fc", "out_features": 4096},
    {"type": "relu"},
    {"type": "fc", "out_features": 1000},
]

# AlphaGo's policy network (Silver et al., 2016, Methods; lecture deck 001) on the 19x19 board's 48 feature planes:
# a 5x5 conv of 192 filters (pad 2), eleven 3x3 convs of 192 (pad 1), each with a ReLU, then a 1x1 conv to one map:
# a 19x19 policy (a softmax over the 361 points). network_param_count(ALPHAGO_POLICY_LAYERS, (48, 19, 19)) ==
# 3,882,433, the count with one bias in the last layer; the paper gives that layer "a different bias for each
# position", 360 more (3,882,793), which the kit's conv layer cannot express.
ALPHAGO_POLICY_LAYERS = ([{"type": "conv", "num_filters": 192, "filter_size": 5, "pad": 2}, {"type": "relu"}] +
                         [{"type": "conv", "num_filters": 192, "filter_size": 3, "pad": 1}, {"type": "relu"}] * 11 +
                         [{"type": "conv", "num_filters": 1, "filter_size": 1}])

# VGG (Simonyan and Zisserman, 2015), Table 1: numbers are 3x3 convs (stride 1, pad 1) with that many filters,
# "1x1-256" a 1x1 conv, "M" a 2x2 / 2 max pool, "LRN" a local response normalisation. Parameters (Table 2):
# A 133 M, A-LRN 133 M, B 133 M, C 134 M, D 138 M (VGG-16: 138,357,544), E 144 M.
VGG_CONFIGS = {
    "A": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "A-LRN": [64, "LRN", "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "C": [64, 64, "M", 128, 128, "M", 256, 256, "1x1-256", "M", 512, 512, "1x1-512", "M", 512, 512, "1x1-512", "M"],
    "D": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "E": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


def vgg_layers(config="D"):
    """The layers of VGG configuration 'A', 'A-LRN', 'B', 'C', 'D' (VGG-16) or 'E' (VGG-19) on 224x224x3."""
    layers = []
    for item in VGG_CONFIGS[config]:
        if item == "M":
            layers.append({"type": "pool", "pool_size": 2, "stride": 2})
        elif item == "LRN":
            layers.append({"type": "lrn", "depth": 5})
        elif isinstance(item, str):
            layers += [{"type": "conv", "num_filters": int(item.split("-")[1]), "filter_size": 1}, {"type": "relu"}]
        else:
            layers += [{"type": "conv", "num_filters": item, "filter_size": 3, "pad": 1}, {"type": "relu"}]
    for units in (4096, 4096):
        layers += [{"type": "fc", "out_features": units}, {"type": "relu"}, {"type": "dropout", "p": 0.5}]
    return layers + [{"type": "fc", "out_features": 1000}]


def _inception(a, b, c, d, e, f):
    return {"type": "inception", "1x1": a, "3x3_reduce": b, "3x3": c, "5x5_reduce": d, "5x5": e, "pool_proj": f}


_FLOOR_POOL = {"type": "pool", "pool_size": 3, "stride": 2, "pad": 1, "rounding": "floor"}

# GoogLeNet (Szegedy et al., 2015), Table 1, on 224x224x3. The paper's 3x3 / 2 pools round up (Caffe); a pad of 1
# with rounding down gives the same sizes (PyTorch's way). Table 1 lists the first conv as 2.7K parameters, but
# 7 * 7 * 3 * 64 + 64 = 9,472: the table slips there. The auxiliary classifiers (training only) are left out.
GOOGLENET_LAYERS = [
    {"type": "conv", "num_filters": 64, "filter_size": 7, "stride": 2, "pad": 3, "rounding": "floor"},
    {"type": "relu"},
    _FLOOR_POOL,
    {"type": "lrn", "depth": 5},
    {"type": "conv", "num_filters": 64, "filter_size": 1},
    {"type": "relu"},
    {"type": "conv", "num_filters": 192, "filter_size": 3, "pad": 1},
    {"type": "relu"},
    {"type": "lrn", "depth": 5},
    _FLOOR_POOL,
    _inception(64, 96, 128, 16, 32, 32),        # 3a
    _inception(128, 128, 192, 32, 96, 64),      # 3b
    _FLOOR_POOL,
    _inception(192, 96, 208, 16, 48, 64),       # 4a
    _inception(160, 112, 224, 24, 64, 64),      # 4b
    _inception(128, 128, 256, 24, 64, 64),      # 4c
    _inception(112, 144, 288, 32, 64, 64),      # 4d
    _inception(256, 160, 320, 32, 128, 128),    # 4e
    _FLOOR_POOL,
    _inception(256, 160, 320, 32, 128, 128),    # 5a
    _inception(384, 192, 384, 48, 128, 128),    # 5b
    {"type": "global_avg_pool"},                # the paper's 7x7 / 1 average pool
    {"type": "dropout", "p": 0.4},
    {"type": "fc", "out_features": 1000},
]

# GoogLeNet's Table 1 (Szegedy et al., 2015, p. 5) row by row: the network_summary rows each covers, then the
# table's "params" column (weights without biases, in K = 1024) and "ops" column (millions of multiply-adds).
# The paper's "conv 3x3" row holds the 1x1 reduction (conv2 here) and the 3x3 conv (conv3). Notebook 06 sets them
# beside the arithmetic: the ops column agrees with it, to the table's 1 M, on every row but conv1 and 5a; the
# params column on conv2, 3a and the linear layer only.
GOOGLENET_TABLE1 = {
    "conv1": (("conv1",), 2.7, 34),
    "conv2": (("conv2", "conv3"), 112, 360),
    "inception (3a)": (("inception1",), 159, 128),
    "inception (3b)": (("inception2",), 380, 304),
    "inception (4a)": (("inception3",), 364, 73),
    "inception (4b)": (("inception4",), 437, 88),
    "inception (4c)": (("inception5",), 463, 100),
    "inception (4d)": (("inception6",), 580, 119),
    "inception (4e)": (("inception7",), 840, 170),
    "inception (5a)": (("inception8",), 1072, 54),
    "inception (5b)": (("inception9",), 1388, 71),
    "linear": (("fc1",), 1000, 1),
}


# Blocks per stage (conv2_x ... conv5_x), He et al., 2016, Table 1.
RESNET_BLOCKS = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}


def resnet_layers(depth=18):
    """ResNet-18, 34, 50, 101 or 152 (He et al., 2016, Table 1) on 224x224x3.

    18 and 34 use basic residual blocks, 50, 101 and 152 bottleneck blocks (1x1 -> 3x3 -> 1x1, four times as many
    output channels as inner ones); 1x1 projection shortcuts where the size changes (option B). Parameters, as
    torchvision counts them (weights, biases and batch norm's scale and shift): 11,689,512, 21,797,672,
    25,557,032, 44,549,160 and 60,192,808. Multiply-adds (network_flops), Table 1's "FLOPs": 1.8, 3.6, 3.8, 7.6 and
    11.3 x 10^9. (torchvision puts the bottleneck's stride in its 3x3 conv, "ResNet v1.5", which gives 4.1, 7.8
    and 11.5 x 10^9 for the deep three; this module follows the paper and puts it in the first 1x1.)
    """
    layers = [{"type": "conv", "num_filters": 64, "filter_size": 7, "stride": 2, "pad": 3, "bias": False,
               "rounding": "floor"},
              {"type": "batchnorm"}, {"type": "relu"}, dict(_FLOOR_POOL)]
    block_type = "residual" if depth < 50 else "bottleneck"
    for stage, blocks in enumerate(RESNET_BLOCKS[depth]):
        for block in range(blocks):
            layers.append({"type": block_type, "num_filters": 64 * 2 ** stage,
                           "stride": 2 if stage > 0 and block == 0 else 1})
    return layers + [{"type": "global_avg_pool"}, {"type": "fc", "out_features": 1000}]

