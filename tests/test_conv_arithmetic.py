"""Tests of solutions.conv_arithmetic: output sizes, parameter counts, network summaries, receptive fields."""
import doctest
import itertools
import random

import pytest

from solutions import conv_arithmetic
from solutions.conv_arithmetic import (LENET5_LAYERS, conv_output_size, conv_param_count, network_param_count,
                                       network_summary, pool_output_size, receptive_field)


def conv(num_filters, filter_size, **kwargs):
    return dict(type="conv", num_filters=num_filters, filter_size=filter_size, **kwargs)


def pool(size=2, stride=2):
    return {"type": "pool", "pool_size": size, "stride": stride}


def test_docstring_examples():
    """Do the worked examples in the docstrings (doctests) give what they show?"""
    result = doctest.testmod(conv_arithmetic, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


@pytest.mark.parametrize("stride, expected", [(1, 5), (2, 3)])
def test_lecture_7x7_input_3x3_filter(stride, expected):
    """Does a 3x3 filter on a 7x7 input give 5x5 at stride 1 and 3x3 at stride 2, as in the lecture?"""
    assert conv_output_size(7, 3, stride=stride) == expected


def test_stride_that_does_not_fit_raises():
    """Is a 3x3 filter at stride 3 on a 7x7 input rejected, with a message saying the fit is not even?"""
    with pytest.raises(ValueError, match=r"\(7 - 3 \+ 2\*0\) / 3 \+ 1 is not an integer.*stride 3"):
        conv_output_size(7, 3, stride=3)


@pytest.mark.parametrize("args, kwargs", [((5, 7), {}), ((3, 5, 2, 0, 1), {}), ((7, 3), {"dilation": 4})])
def test_filter_larger_than_input_raises(args, kwargs):
    """Is a filter that does not fit the (padded) input at all rejected, saying the output would be < 1?"""
    with pytest.raises(ValueError, match="smaller than 1"):
        conv_output_size(*args, **kwargs)


def test_filter_that_just_fits_gives_one():
    """Does a filter as large as the input give a single output (and padding make it fit)?"""
    assert conv_output_size(5, 5) == 1
    assert conv_output_size(5, 7, pad=1) == 1


@pytest.mark.parametrize("kwargs", [{"stride": 0}, {"dilation": 0}, {"pad": -1}])
def test_nonsense_hyperparameters_raise(kwargs):
    """Are a zero stride, a zero dilation and a negative pad rejected instead of dividing by zero?"""
    with pytest.raises(ValueError, match="must be"):
        conv_output_size(7, 3, **kwargs)


def test_same_padding_32x32x3_with_ten_5x5_filters():
    """Do ten 5x5 filters at stride 1, pad 2 keep a 32x32x3 input 32x32, with 760 parameters?"""
    assert conv_output_size(32, 5, stride=1, pad=2) == 32
    assert conv_param_count(5, 3, 10) == 760


def test_alexnet_conv1():
    """Does AlexNet's first layer (96 11x11 filters, stride 4 on 227x227x3) give 55x55 and 34,944 parameters?"""
    assert conv_output_size(227, 11, stride=4) == 55
    assert conv_param_count(11, 3, 96) == 34944


@pytest.mark.parametrize("N, F, S, P, D, expected", [(10, 3, 1, 0, 2, 6), (7, 3, 1, 0, 2, 3), (9, 3, 2, 1, 2, 4),
                                                     (32, 3, 1, 2, 2, 32), (15, 2, 1, 0, 7, 8)])
def test_dilated_filter_spans_d_times_f_minus_one_plus_one(N, F, S, P, D, expected):
    """Does a dilated filter count as one of size D * (F - 1) + 1?"""
    assert conv_output_size(N, F, stride=S, pad=P, dilation=D) == expected
    assert conv_output_size(N, D * (F - 1) + 1, stride=S, pad=P) == expected


def test_output_size_matches_counting_windows():
    """Does the formula agree with counting, by brute force, the window positions that fit?"""
    for N, F, S, P, D in itertools.product(range(1, 12), range(1, 6), range(1, 4), range(3), range(1, 3)):
        span = D * (F - 1) + 1
        starts = list(range(0, N + 2 * P - span + 1, S))
        fits = bool(starts) and starts[-1] + span == N + 2 * P
        if fits:
            assert conv_output_size(N, F, S, P, D) == len(starts), (N, F, S, P, D)
        else:
            with pytest.raises(ValueError):
                conv_output_size(N, F, S, P, D)


@pytest.mark.parametrize("N, F, S, expected", [(224, 2, 2, 112), (7, 3, 2, 3), (6, 3, 3, 2), (28, 2, 2, 14),
                                               (5, 5, 1, 1)])
def test_pool_output_size(N, F, S, expected):
    """Does pooling follow (N - F) / S + 1 without padding?"""
    assert pool_output_size(N, F, S) == expected


@pytest.mark.parametrize("N, F, S, message", [(7, 2, 2, "not an integer"), (3, 4, 1, "smaller than 1")])
def test_pool_that_does_not_fit_raises(N, F, S, message):
    """Is a pooling window that does not tile the input, or is larger than it, rejected with the reason?"""
    with pytest.raises(ValueError, match=message):
        pool_output_size(N, F, S)


@pytest.mark.parametrize("args, kwargs, expected", [
    ((3, 64, 128), {}, 73856),
    ((1, 256, 64), {}, 16448),
    (((3, 5), 2, 4), {}, 124),
    (([3, 5], 2, 4), {}, 124),
    ((3, 64, 128), {"bias": False}, 73728),
])
def test_conv_param_count(args, kwargs, expected):
    """Is F * F * C * K + K counted for square and (HH, WW) filters, and K dropped without bias?"""
    assert conv_param_count(*args, **kwargs) == expected


LENET5_TABLE = [
    ("conv1", (6, 28, 28), 5 * 5 * 1 * 6 + 6),
    ("tanh1", (6, 28, 28), 0),
    ("pool1", (6, 14, 14), 0),
    ("conv2", (16, 10, 10), 5 * 5 * 6 * 16 + 16),
    ("tanh2", (16, 10, 10), 0),
    ("pool2", (16, 5, 5), 0),
    ("fc1", (120,), 400 * 120 + 120),
    ("tanh3", (120,), 0),
    ("fc2", (84,), 120 * 84 + 84),
    ("tanh4", (84,), 0),
    ("fc3", (10,), 84 * 10 + 10),
]


def test_lenet5_table_per_layer():
    """Does LeNet-5 with a fully connected C3 (not LeCun's connection table) have the right shape and parameter
    count in every row?"""
    assert network_summary(LENET5_LAYERS, (1, 32, 32)) == LENET5_TABLE


def test_lenet5_total_is_61706():
    """Does LeNet-5 on 1x32x32 have 61,706 parameters, the total the module docstring states?"""
    assert sum(row[2] for row in LENET5_TABLE) == 61706
    assert network_param_count(LENET5_LAYERS, (1, 32, 32)) == 61706
    assert "61,706" in conv_arithmetic.__doc__


def test_lenet5_on_28x28_shrinks_the_first_fc_layer():
    """On a 28x28 input, does only the first fc layer change (16 * 4 * 4 = 256 inputs)?"""
    summary = network_summary(LENET5_LAYERS, [1, 28, 28])
    assert summary[5] == ("pool2", (16, 4, 4), 0)
    assert summary[6] == ("fc1", (120,), 256 * 120 + 120)
    assert network_param_count(LENET5_LAYERS, [1, 28, 28]) == 61706 - 144 * 120


def test_fc_flattens_implicitly_like_an_explicit_flatten():
    """Does an fc layer on a (C, H, W) input count the same as flatten followed by fc?"""
    implicit = [conv(10, 5, pad=2), pool(), {"type": "fc", "out_features": 7}]
    explicit = implicit[:2] + [{"type": "flatten"}] + implicit[2:]
    rows = network_summary(explicit, (3, 32, 32))
    assert rows[2] == ("flatten1", (2560,), 0)
    assert network_summary(implicit, (3, 32, 32))[2] == ("fc1", (7,), 2560 * 7 + 7)
    assert network_param_count(implicit, (3, 32, 32)) == network_param_count(explicit, (3, 32, 32)) == 760 + 17927


def test_summary_uses_stride_pad_dilation_and_rectangular_filters():
    """Are a conv's stride, pad, dilation and (HH, WW) filter size all taken into account?"""
    layers = [conv(8, 3, stride=2, pad=1), {"type": "sigmoid"}, conv(4, 3, dilation=2), conv(2, (1, 2))]
    assert network_summary(layers, (3, 9, 11)) == [
        ("conv1", (8, 5, 6), 3 * 3 * 3 * 8 + 8),
        ("sigmoid1", (8, 5, 6), 0),
        ("conv2", (4, 1, 2), 3 * 3 * 8 * 4 + 4),
        ("conv3", (2, 1, 1), 1 * 2 * 4 * 2 + 2),
    ]
    with pytest.raises(ValueError, match="smaller than 1"):
        network_summary(layers, (3, 9, 9))


def test_summary_uses_the_pool_stride_and_defaults_it_to_the_pool_size():
    """Does AlexNet's overlapping 3x3 / 2 pooling give 27x27, and a pool without 'stride' step by its size?"""
    alexnet = [conv(96, 11, stride=4), {"type": "relu"}, pool(3, 2), {"type": "pool", "pool_size": 3}]
    assert network_summary(alexnet, (3, 227, 227)) == [
        ("conv1", (96, 55, 55), 34944),
        ("relu1", (96, 55, 55), 0),
        ("pool1", (96, 27, 27), 0),
        ("pool2", (96, 9, 9), 0),
    ]


def test_summary_of_rectangular_filter():
    """Does a (1, 3) filter shrink only the width, with 1 * 3 * C * K + K parameters?"""
    assert network_summary([conv(2, (1, 3))], (4, 5, 6)) == [("conv1", (2, 5, 4), 1 * 3 * 4 * 2 + 2)]


def test_summary_raises_for_a_layer_that_does_not_fit():
    """Is a network whose pooling does not tile its input rejected rather than silently rounded?"""
    with pytest.raises(ValueError, match="not an integer"):
        network_summary([conv(6, 5), pool()], (1, 31, 31))


def test_summary_rejects_unknown_layer_types():
    """Is a misspelt layer type an error naming the type, not a layer with 0 parameters?"""
    with pytest.raises(ValueError, match="'batchnrom'"):  # batchnorm itself is a layer since issue 13
        network_summary([{"type": "batchnrom"}], (3, 8, 8))


def test_summary_rejects_conv_after_flatten():
    """Is a conv on a flat (D,) input rejected with a message, not a tuple-unpacking crash?"""
    with pytest.raises(ValueError, match=r"\(C, H, W\)"):
        network_summary([{"type": "flatten"}, conv(2, 1)], (3, 4, 4))


def test_empty_network():
    """Does an empty network have no rows and 0 parameters?"""
    assert network_summary([], (3, 4, 4)) == []
    assert network_param_count([], (3, 4, 4)) == 0


@pytest.mark.parametrize("layers, expected", [
    ([conv(8, 3)], 3),
    ([conv(8, 3)] * 2, 5),
    ([conv(8, 3)] * 3, 7),
    ([conv(8, 5)], 5),
    ([conv(8, 3, stride=2), pool(), conv(8, 3)], 13),
    ([conv(4, 3, dilation=2), conv(4, 3, dilation=4)], 13),
    ([conv(4, 3, dilation=1), conv(4, 3, dilation=2), conv(4, 3, dilation=4)], 15),
    ([conv(6, 5), {"type": "relu"}, pool(), conv(16, 5), {"type": "relu"}, pool()], 16),
    ([conv(64, 7, stride=2, pad=3), pool(3, 2)], 11),
    ([], 1),
])
def test_receptive_field(layers, expected):
    """Is the receptive field of the last layer's unit right for stacked, strided, pooled and dilated layers?"""
    assert receptive_field(layers) == expected


def _support_of_one_unit(layers):
    """Brute force: the input pixels that one output unit depends on, by walking the connections back."""
    pixels = {0}
    for layer in reversed(layers):
        if layer["type"] == "conv":
            taps = [t * layer.get("dilation", 1) for t in range(layer["filter_size"])]
            stride = layer.get("stride", 1)
        else:
            taps, stride = list(range(layer["pool_size"])), layer["stride"]
        pixels = {i * stride + t for i in pixels for t in taps}
    return max(pixels) - min(pixels) + 1


def test_receptive_field_matches_brute_force():
    """Does the r += (k - 1) * j recurrence agree with tracing the connections back on random stacks?"""
    rng = random.Random(0)
    for _ in range(200):
        layers = []
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.3:
                layers.append(pool(rng.randint(2, 3), rng.randint(1, 3)))
            else:
                layers.append(conv(1, rng.randint(1, 5), stride=rng.randint(1, 3), dilation=rng.randint(1, 3)))
        assert receptive_field(layers) == _support_of_one_unit(layers), layers


@pytest.mark.parametrize("args, kwargs, expected", [
    ((7, 3), {"stride": 3}, 2), ((224, 7), {"stride": 2, "pad": 3}, 112), ((56, 1), {"stride": 2}, 28),
    ((56, 3), {"stride": 2, "pad": 1}, 28), ((7, 3), {"stride": 2}, 3)])
def test_floor_rounding_is_asked_for_explicitly(args, kwargs, expected):
    """Does rounding='floor' round (N - F + 2P) / S down, while the default stays strict where it does not tile?"""
    assert conv_output_size(*args, rounding="floor", **kwargs) == expected
    N, F = args
    span = N - F + 2 * kwargs.get("pad", 0)
    if span % kwargs["stride"]:
        with pytest.raises(ValueError, match="rounding='floor'"):
            conv_output_size(*args, **kwargs)
    else:
        assert conv_output_size(*args, **kwargs) == expected


def test_floor_rounding_still_rejects_a_filter_larger_than_the_input():
    """Does floor rounding keep the "output smaller than 1" error, and is an unknown rounding rule rejected?"""
    with pytest.raises(ValueError, match="smaller than 1"):
        conv_output_size(5, 7, rounding="floor")
    with pytest.raises(ValueError, match="rounding must be"):
        conv_output_size(7, 3, rounding="ceil")


@pytest.mark.parametrize("N, F, S, P, expected", [(112, 3, 2, 1, 56), (7, 2, 2, 0, 3), (13, 3, 2, 1, 7)])
def test_pool_output_size_with_pad_and_floor(N, F, S, P, expected):
    """Does a padded pool round down with rounding='floor' (ResNet's 3x3 / 2 max pool takes 112 to 56)?"""
    assert pool_output_size(N, F, S, pad=P, rounding="floor") == expected
    assert pool_output_size(N, F, S, P, "floor") == expected
