"""The lectures' case studies, held against the papers: solutions.conv_arithmetic's network_summary on AlexNet,
VGG A-E, GoogLeNet, ResNet-18/34 and both LeNet-5s, and the graded exercises that ask for them."""
import numpy as np
import pytest

from solutions import conv_arithmetic as arithmetic
from solutions.conv_arithmetic import (ALEXNET_LAYERS, ALEXNET_PAPER_LAYERS, GOOGLENET_LAYERS, LENET5_C3_TABLE,
                                       LENET5_LAYERS, LENET5_PAPER_LAYERS, network_param_count, network_summary,
                                       resnet_layers, vgg_layers)

IMAGENET = (3, 224, 224)


def rows_of(layers, shape, kind):
    return [row for layer, row in zip(layers, network_summary(layers, shape)) if layer["type"] == kind]


@pytest.mark.parametrize("config, millions", [("A", 133), ("A-LRN", 133), ("B", 133), ("C", 134), ("D", 138),
                                              ("E", 144)])
def test_vgg_configurations_have_the_papers_parameter_counts(config, millions):
    """Do VGG's configurations A to E have the 133/133/133/134/138/144 million parameters of the paper's Table 2?"""
    assert round(network_param_count(vgg_layers(config), IMAGENET) / 1e6) == millions


def test_vgg16_has_138357544_parameters_and_ends_on_7x7x512():
    """Does VGG-16 (configuration D) have exactly 138,357,544 parameters, with 7x7x512 before the first fc?"""
    assert network_param_count(vgg_layers("D"), IMAGENET) == 138_357_544
    pools = rows_of(vgg_layers("D"), IMAGENET, "pool")
    assert [row[1] for row in pools] == [(64, 112, 112), (128, 56, 56), (256, 28, 28), (512, 14, 14), (512, 7, 7)]
    assert rows_of(vgg_layers("D"), IMAGENET, "fc")[0][2] == 7 * 7 * 512 * 4096 + 4096


def test_alexnet_shapes_and_totals():
    """Does AlexNet on 227x227x3 go 55, 27, 27, 13, 13, 13, 13, 6 as in the lecture, with 62,378,344 parameters on
    one GPU and 60,965,224 (the paper's "60 million") with conv2, conv4 and conv5 split over two?"""
    convs = rows_of(ALEXNET_LAYERS, (3, 227, 227), "conv")
    assert [row[1] for row in convs] == [(96, 55, 55), (256, 27, 27), (384, 13, 13), (384, 13, 13), (256, 13, 13)]
    assert [row[2] for row in convs] == [34_944, 614_656, 885_120, 1_327_488, 884_992]
    assert [row[1] for row in rows_of(ALEXNET_LAYERS, (3, 227, 227), "pool")] == [(96, 27, 27), (256, 13, 13),
                                                                                  (256, 6, 6)]
    assert network_param_count(ALEXNET_LAYERS, (3, 227, 227)) == 62_378_344
    assert network_param_count(ALEXNET_PAPER_LAYERS, (3, 227, 227)) == 60_965_224


def test_lenet5_with_lecuns_c3_table_has_60840_parameters():
    """Does LeNet-5 as LeCun built it (C3 connection table, trainable subsampling, RBF outputs) count
    156 + 12 + 1,516 + 32 + 48,120 + 10,164 + 840 = 60,840, the homework deck's figure?"""
    counts = [row[2] for row in network_summary(LENET5_PAPER_LAYERS, (1, 32, 32)) if row[2]]
    assert counts == [156, 12, 1_516, 32, 48_120, 10_164, 840]
    assert network_param_count(LENET5_PAPER_LAYERS, (1, 32, 32)) == 60_840
    assert sum(len(maps) for maps in LENET5_C3_TABLE) == 60 and len(LENET5_C3_TABLE) == 16
    assert all(len(set(maps)) == len(maps) and set(maps) <= set(range(6)) for maps in LENET5_C3_TABLE)


def test_the_fully_connected_c3_variant_stays_61706_and_the_texts_say_which_is_which():
    """Is the fully connected C3 variant still 61,706, and does the module docstring name both totals?"""
    assert network_param_count(LENET5_LAYERS, (1, 32, 32)) == 61_706
    assert "61,706" in arithmetic.__doc__ and "60,840" in arithmetic.__doc__
    assert "connection table" in arithmetic.__doc__


# GoogLeNet's Table 1: output sizes, and the params column (weights without biases, in units of 1024).
GOOGLENET_TABLE = {
    "conv1": ((64, 112, 112), None), "pool1": ((64, 56, 56), None), "conv3": ((192, 56, 56), None),
    "pool2": ((192, 28, 28), None), "inception1": ((256, 28, 28), 159), "inception2": ((480, 28, 28), 380),
    "pool3": ((480, 14, 14), None), "inception3": ((512, 14, 14), 364), "inception4": ((512, 14, 14), 437),
    "inception5": ((512, 14, 14), 463), "inception6": ((528, 14, 14), 580), "inception7": ((832, 14, 14), 840),
    "pool4": ((832, 7, 7), None), "inception8": ((832, 7, 7), 1072), "inception9": ((1024, 7, 7), 1388),
    "global_avg_pool1": ((1024,), None), "fc1": ((1000,), 1000),
}


def _weights_without_biases(layer, params):
    if layer["type"] == "inception":
        return params - sum(layer[k] for k in ("1x1", "3x3_reduce", "3x3", "5x5_reduce", "5x5", "pool_proj"))
    return params - layer.get("num_filters", layer.get("out_features", 0))


def test_googlenet_output_sizes_follow_table_1():
    """Does every GoogLeNet row have Table 1's output size (224 -> 112 -> 56 -> 28 -> 14 -> 7 -> 1)?"""
    summary = {name: shape for name, shape, _ in network_summary(GOOGLENET_LAYERS, IMAGENET)}
    for name, (shape, _) in GOOGLENET_TABLE.items():
        assert summary[name] == shape, name


def test_googlenet_parameters_against_table_1_and_its_slips():
    """Do the computed counts reproduce Table 1's params column (weights without biases, K = 1024) where the table
    is consistent with its own branch widths (3a, 3b, 4b, the 1x1 + 3x3 conv2 and the linear layer to within
    1.5K; every inception within 8 %), and is the first conv's "2.7K" the slip it is (9,472 computed)?"""
    layers = GOOGLENET_LAYERS
    rows = {name: (layer, params) for layer, (name, _, params) in zip(layers, network_summary(layers, IMAGENET))}
    for name in ("inception1", "inception2", "inception4", "fc1"):
        layer, params = rows[name]
        assert abs(_weights_without_biases(layer, params) / 1024 - GOOGLENET_TABLE[name][1]) <= 1.5, name
    conv2 = sum(_weights_without_biases(*rows[n]) for n in ("conv2", "conv3")) / 1024
    assert conv2 == 112
    for name, (_, table_k) in GOOGLENET_TABLE.items():
        if name.startswith("inception"):
            computed = _weights_without_biases(*rows[name]) / 1024
            assert abs(computed - table_k) <= 0.08 * table_k, name
    assert rows["conv1"][1] == 7 * 7 * 3 * 64 + 64 == 9_472
    assert abs(rows["conv1"][1] / 1024 - 2.7) > 5


@pytest.mark.parametrize("depth, total", [(18, 11_689_512), (34, 21_797_672)])
def test_resnet_totals_and_stage_sizes(depth, total):
    """Do ResNet-18 and ResNet-34 have 11,689,512 and 21,797,672 parameters (the counts of the reference
    implementation torchvision ships; the paper gives FLOPs, 1.8e9 and 3.6e9), with Table 1's stage sizes
    conv1 112, conv2_x 56, conv3_x 28, conv4_x 14, conv5_x 7?"""
    layers = resnet_layers(depth)
    assert network_param_count(layers, IMAGENET) == total
    summary = network_summary(layers, IMAGENET)
    assert summary[0][1] == (64, 112, 112) and summary[3][1] == (64, 56, 56)
    stages = sorted({row[1] for row in summary if row[0].startswith("residual")}, key=lambda s: -s[1])
    assert stages == [(64, 56, 56), (128, 28, 28), (256, 14, 14), (512, 7, 7)]
    assert summary[-1] == ("fc1", (1000,), 512 * 1000 + 1000)


def test_a_residual_block_counts_its_projection_only_when_the_shape_changes():
    """Does a basic block count 3x3 convs without bias and 2 parameters per batch-norm channel, adding the 1x1
    projection (and its batch norm) only when the stride or the width changes?"""
    identity = network_summary([{"type": "residual", "num_filters": 64}], (64, 56, 56))
    assert identity == [("residual1", (64, 56, 56), 2 * (9 * 64 * 64 + 2 * 64))]
    down = network_summary([{"type": "residual", "num_filters": 128, "stride": 2}], (64, 56, 56))
    assert down == [("residual1", (128, 28, 28), 9 * 64 * 128 + 9 * 128 * 128 + 64 * 128 + 3 * 2 * 128)]


def test_graded_exercises_ask_for_the_case_studies():
    """Do the hidden cases of network_summary and network_param_count include the case studies, with labels
    that name the given layer lists instead of printing them?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    labels = [case.label for case in make_cases(BY_NAME["network_param_count"], np.random.default_rng(0))]
    for name in ("ALEXNET_LAYERS", "vgg_layers('D')", "GOOGLENET_LAYERS", "resnet_layers(18)", "resnet_layers(34)",
                 "LENET5_PAPER_LAYERS"):
        assert any(name in label for label in labels), name
    assert all(len(label) < 120 for label in labels if "_LAYERS" in label or "_layers(" in label)
    summaries = [case.label for case in make_cases(BY_NAME["network_summary"], np.random.default_rng(0))]
    assert any("GOOGLENET_LAYERS" in label for label in summaries)
