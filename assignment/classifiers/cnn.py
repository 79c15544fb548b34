"""Convolutional networks built from the layers: CS231n's ThreeLayerConvNet, LeNet-5 and a small ResNet."""
import numpy as np

from ..fast_layers import conv_backward_fast, conv_forward_fast
from ..layer_utils import (affine_relu_backward, affine_relu_forward, conv_relu_pool_backward, conv_relu_pool_forward,
                           residual_block_backward, residual_block_forward)
from ..layers import (affine_backward, affine_forward, global_avg_pool_backward, global_avg_pool_forward,
                      relu_backward, relu_forward, softmax_loss, spatial_batchnorm_backward,
                      spatial_batchnorm_forward)


class ThreeLayerConvNet(object):
    """A three-layer convolutional network with the following architecture:

    conv - relu - 2x2 max pool - affine - relu - affine - softmax

    The network operates on minibatches of data that have shape (N, C, H, W) consisting of N images, each with
    height H and width W and with C input channels. The convolution keeps the spatial size (stride 1,
    pad (filter_size - 1) // 2); the pool halves it.

    Parameters (self.params):
    - W1: (F, C, HH, WW) conv weights, b1: (F,)
    - W2: (F * H/2 * W/2, hidden_dim) affine weights, b2: (hidden_dim,)
    - W3: (hidden_dim, num_classes), b3: (num_classes,)
    """

    def __init__(self, input_dim=(3, 32, 32), num_filters=32, filter_size=7, hidden_dim=100, num_classes=10,
                 weight_scale=1e-3, reg=0.0, dtype=np.float32):
        """Initialize a new network.

        Inputs:
        - input_dim: Tuple (C, H, W) giving size of input data
        - num_filters: Number of filters to use in the convolutional layer
        - filter_size: Width/height of filters to use in the convolutional layer
        - hidden_dim: Number of units to use in the fully-connected hidden layer
        - num_classes: Number of scores to produce from the final affine layer.
        - weight_scale: Scalar giving standard deviation for random initialization of weights.
        - reg: Scalar giving L2 regularization strength
        - dtype: numpy datatype to use for computation.
        """
        self.params = {}
        self.reg = reg
        self.dtype = dtype
        ############################################################################
        # TODO: Initialize weights ~ N(0, weight_scale**2) and biases to zero; store them in self.params.#
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        """Evaluate loss and gradient for the three-layer convolutional network.

        Input / output: Same API as CS231n's TwoLayerNet: scores (N, num_classes) when y is None, else
        (loss, grads) with grads a dict of the same keys as self.params.
        """
        W1, b1 = self.params.get("W1"), self.params.get("b1")
        filter_size = W1.shape[2] if W1 is not None else 0
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}

        scores = None
        ############################################################################
        # TODO: Forward pass: compute the class scores for X into `scores`.        #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        if y is None:
            return scores

        loss, grads = None, {}
        ############################################################################
        # TODO: Backward pass: loss (with 0.5 * reg * sum(W**2)) and grads.        #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        return loss, grads


class LeNet5(object):
    """LeNet-5 (LeCun et al., 1998) with ReLUs and max pooling:

    | layer | operation                         | output (28x28 input) | parameters      |
    |-------|-----------------------------------|----------------------|-----------------|
    | C1    | conv 6 @ 5x5, stride 1, pad 2     | 6 x 28 x 28          | 6*5*5*1 + 6     |
    | S2    | relu, max pool 2x2 / 2            | 6 x 14 x 14          | 0               |
    | C3    | conv 16 @ 5x5, pad 0              | 16 x 10 x 10         | 16*5*5*6 + 16   |
    | S4    | relu, max pool 2x2 / 2            | 16 x 5 x 5           | 0               |
    | F5    | affine 400 -> 120, relu           | 120                  | 400*120 + 120   |
    | F6    | affine 120 -> 84, relu            | 84                   | 120*84 + 84     |
    | out   | affine 84 -> num_classes, softmax | 10                   | 84*10 + 10      |

    Parameters W1..W5, b1..b5. The flattened size after S4 is computed from input_dim (a 32x32 input gives
    16 x 6 x 6 = 576). C3 is connected to all six S2 maps, not through LeCun's connection table (see
    conv_arithmetic.LENET5_PAPER_LAYERS: 60,840 parameters as LeCun built it on 32x32, against 61,706 for this
    layout with tanh, plain pools and a 5x5 C3 on 32x32, conv_arithmetic.LENET5_LAYERS).
    """

    def __init__(self, input_dim=(1, 28, 28), num_classes=10, weight_scale=None, reg=0.0, dtype=np.float32):
        """Inputs:
        - input_dim: (C, H, W)
        - num_classes: number of scores
        - weight_scale: std of the weights; None for He initialisation (std = sqrt(2 / fan_in))
        - reg: L2 regularization strength
        - dtype: numpy datatype of the parameters
        """
        self.params = {}
        self.reg = reg
        self.dtype = dtype
        ############################################################################
        # TODO: Initialize W1..W5 (see the table) and zero biases b1..b5.          #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        """Scores (N, num_classes) when y is None, else (loss, grads); same API as ThreeLayerConvNet."""
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
        scores = None
        ############################################################################
        # TODO: Forward pass of LeNet-5 into `scores`.                             #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        if y is None:
            return scores

        loss, grads = None, {}
        ############################################################################
        # TODO: Backward pass: loss with L2 on W1..W5, and grads.                  #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        return loss, grads


class SmallResNet(object):
    """A small residual network (He et al., 2016) with the following architecture:

    conv 3x3 - spatial batch norm - relu - [residual block] x len(num_filters) - global average pool - affine
    - softmax

    | layer      | operation                                           | output (1x28x28 input, (16, 32, 64)) |
    |------------|-----------------------------------------------------|--------------------------------------|
    | stem       | conv F0 @ 3x3, pad 1, no bias; batch norm; relu     | 16 x 28 x 28                         |
    | res1       | residual block, F0 filters, stride 1                | 16 x 28 x 28                         |
    | res2, ...  | residual block, F_i filters, stride 2 (projection)  | 32 x 14 x 14, 64 x 7 x 7             |
    | pool       | global average pooling                              | 64                                   |
    | out        | affine F_last -> num_classes                        | 10                                   |

    The first block keeps the stem's size (identity shortcut); each later block has stride 2 and a 1x1 projection
    shortcut. Sizes round down as in ResNet: H' = 1 + (H - 1) // 2.

    Parameters (self.params):
    - W_stem: (F0, C, 3, 3), gamma_stem, beta_stem: (F0,)
    - res{i}_W1, res{i}_gamma1, res{i}_beta1, res{i}_W2, res{i}_gamma2, res{i}_beta2 and, for i > 1,
      res{i}_Ws, res{i}_gammas, res{i}_betas: block i's params (see residual_block_forward), i = 1, 2, ...
    - W_out: (F_last, num_classes), b_out: (num_classes,)

    self.bn_params holds one bn_param per batch norm, in order (stem, then each block's BN1, BN2[, BNs]), each
    starting as {'mode': 'train', 'running_mean': zeros, 'running_var': ones} of the layer's width.
    """

    def __init__(self, input_dim=(1, 28, 28), num_filters=(16, 32, 64), num_classes=10, weight_scale=None,
                 reg=0.0, dtype=np.float32):
        """Inputs:
        - input_dim: (C, H, W)
        - num_filters: filters of the stem and the first block, then of each further block
        - num_classes: number of scores
        - weight_scale: std of the conv and affine weights; None for He initialisation (std = sqrt(2 / fan_in))
        - reg: L2 regularization strength (on the weights W*, not on gammas, betas or biases)
        - dtype: numpy datatype of the parameters

        Batch norm scales (gamma*) start at 1, shifts (beta*) and b_out at 0.
        """
        self.params = {}
        self.bn_params = []
        self.reg = reg
        self.dtype = dtype
        self.num_blocks = len(num_filters)
        ############################################################################
        # TODO: Initialize the parameters (see the table) and self.bn_params.     #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)
        for bn_param in self.bn_params:
            for k in ("running_mean", "running_var"):
                if k in bn_param:
                    bn_param[k] = np.asarray(bn_param[k]).astype(dtype)

    def _block_params(self, i):
        prefix = f"res{i}_"
        return {k[len(prefix):]: v for k, v in self.params.items() if k.startswith(prefix)}

    def loss(self, X, y=None):
        """Scores (N, num_classes) when y is None (batch norms in test mode: running averages), else
        (loss, grads) in train mode (batch statistics; the running averages are updated); same API as
        ThreeLayerConvNet. The loss includes 0.5 * reg * sum(W ** 2) over every W* parameter."""
        mode = "test" if y is None else "train"
        for bn_param in self.bn_params:
            bn_param["mode"] = mode

        scores = None
        ############################################################################
        # TODO: Forward pass of the residual network into `scores`. Use           #
        # conv_forward_fast, spatial_batchnorm_forward, residual_block_forward    #
        # (stride 1 for the first block, 2 after) and global_avg_pool_forward.    #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        if y is None:
            return scores

        loss, grads = None, {}
        ############################################################################
        # TODO: Backward pass: loss (with L2 on every W*) and grads.              #
        ############################################################################
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
        pass
        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        return loss, grads

