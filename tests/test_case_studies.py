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


def googlenet_rows():
    """Table 1's rows: (weights without biases / 1024, multiply-adds / 1e6) computed by the kit."""
    layers = GOOGLENET_LAYERS
    summary = network_summary(layers, IMAGENET)
    flops = dict(arithmetic.network_flops(layers, IMAGENET))
    weights = {name: _weights_without_biases(layer, params) for layer, (name, _, params) in zip(layers, summary)}
    return {row: (sum(weights[n] for n in names) / 1024, sum(flops[n] for n in names) / 1e6)
            for row, (names, _, _) in arithmetic.GOOGLENET_TABLE1.items()}


# Where Table 1's params column differs from its own branch widths: the computed weights / 1024, exactly.
GOOGLENET_PARAMS_DIFFER = {"conv1": 9.1875, "inception (3b)": 379.0, "inception (4a)": 366.75,
                           "inception (4b)": 438.0, "inception (4c)": 497.5, "inception (4d)": 590.5,
                           "inception (4e)": 847.0, "inception (5a)": 1018.0, "inception (5b)": 1409.0}
# Where its ops column differs (beyond the table's 1 M): the computed multiply-adds, exactly.
GOOGLENET_OPS_DIFFER = {"conv1": 118_013_952, "inception (5a)": 51_079_168}


def test_googlenet_table_1_row_by_row():
    """Is every row of GoogLeNet's Table 1 either what the arithmetic gives (params to within the table's rounding,
    0.5K; ops to within its 1 M) or a known difference of the paper, pinned to the exact computed value (conv1's
    2.7K is 9,408 weights, 4c's 463K is 497.5K, 5a's 1072K is 1018K; ops differ only for conv1 and 5a)?"""
    rows = googlenet_rows()
    for row, (_, table_k, table_ops) in arithmetic.GOOGLENET_TABLE1.items():
        k, ops = rows[row]
        if row in GOOGLENET_PARAMS_DIFFER:
            assert k == GOOGLENET_PARAMS_DIFFER[row] and abs(k - table_k) > 0.5, row
        else:
            assert abs(k - table_k) <= 0.5, row
        if row in GOOGLENET_OPS_DIFFER:
            assert ops * 1e6 == GOOGLENET_OPS_DIFFER[row] and abs(ops - table_ops) > 1, row
        else:
            assert abs(ops - table_ops) <= 1, row
    assert set(rows) - set(GOOGLENET_PARAMS_DIFFER) == {"conv2", "inception (3a)", "linear"}
    assert network_summary(GOOGLENET_LAYERS, IMAGENET)[0][2] == 7 * 7 * 3 * 64 + 64 == 9_472


def test_googlenets_4m_5m_and_12x():
    """Where do the decks' "4M", "only 5 million" and "12x fewer than AlexNet" stand against the arithmetic: the
    kit's 6,998,552 (Table 1's column sums to 6,797.7K, about 6.96 M), 60,965,224 / 12 = 5.08 M, and AlexNet over
    GoogLeNet 8.7x (10.2x without GoogLeNet's final linear layer)?"""
    total = network_param_count(GOOGLENET_LAYERS, IMAGENET)
    assert total == 6_998_552
    assert sum(k for _, k, _ in arithmetic.GOOGLENET_TABLE1.values()) == pytest.approx(6797.7)
    alexnet = network_param_count(ALEXNET_PAPER_LAYERS, (3, 227, 227))
    assert round(alexnet / 12 / 1e5) == 51
    assert round(alexnet / total, 1) == 8.7
    assert round(alexnet / (total - 1_025_000), 1) == 10.2


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


def total_flops(layers, shape):
    return sum(m for _, m in arithmetic.network_flops(layers, shape))


@pytest.mark.parametrize("depth, total", [(50, 25_557_032), (101, 44_549_160), (152, 60_192_808)])
def test_deep_resnets_have_torchvisions_parameter_counts(depth, total):
    """Do ResNet-50/101/152 with bottleneck blocks have torchvision's 25,557,032 / 44,549,160 / 60,192,808
    parameters (the convention the kit already matches for 18 and 34: weights, biases, batch norm's scale and
    shift), with Table 1's stage sizes and 2048 channels before the pool?"""
    layers = resnet_layers(depth)
    assert network_param_count(layers, IMAGENET) == total
    summary = network_summary(layers, IMAGENET)
    stages = sorted({row[1] for row in summary if row[0].startswith("bottleneck")}, key=lambda s: -s[1])
    assert stages == [(256, 56, 56), (512, 28, 28), (1024, 14, 14), (2048, 7, 7)]
    assert sum(row[0].startswith("bottleneck") for row in summary) == sum(arithmetic.RESNET_BLOCKS[depth])
    assert summary[-1] == ("fc1", (1000,), 2048 * 1000 + 1000)


def test_a_bottleneck_block_counts_1x1_3x3_1x1_and_its_projection():
    """Does a bottleneck block count 1x1 (C -> F), 3x3 (F -> F) and 1x1 (F -> 4F) convs without bias and 2 batch-norm
    parameters per channel, adding the 1x1 projection only when the stride or the width changes?"""
    inner = 256 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256)
    identity = network_summary([{"type": "bottleneck", "num_filters": 64}], (256, 56, 56))
    assert identity == [("bottleneck1", (256, 56, 56), inner)]
    first = network_summary([{"type": "bottleneck", "num_filters": 64}], (64, 56, 56))
    assert first == [("bottleneck1", (256, 56, 56), inner - 256 * 64 + 64 * 64 + 64 * 256 + 2 * 256)]
    down = network_summary([{"type": "bottleneck", "num_filters": 128, "stride": 2}], (256, 56, 56))
    assert down[0][1] == (512, 28, 28)


# He et al., 2016, Table 1, "FLOPs" (multiply-adds): 1.8, 3.6, 3.8, 7.6, 11.3 x 10^9. The table prints ResNet-34's
# 3.66 as 3.6 and ResNet-50's 3.86 as 3.8, so the paper's figures are held to 0.07 G and the counts exactly.
RESNET_FLOPS = {18: (1.8, 1_814_073_344), 34: (3.6, 3_663_761_408), 50: (3.8, 3_857_973_248),
                101: (7.6, 7_570_194_432), 152: (11.3, 11_282_415_616)}


@pytest.mark.parametrize("depth", sorted(RESNET_FLOPS))
def test_resnet_multiply_adds_follow_table_1(depth):
    """Does network_flops give ResNet-18/34/50/101/152 the multiply-adds of He et al.'s Table 1 (1.8, 3.6, 3.8,
    7.6, 11.3 G; convs and the fc layer, the stride of a bottleneck in its first 1x1 as in the paper)?"""
    paper, exact = RESNET_FLOPS[depth]
    computed = total_flops(resnet_layers(depth), IMAGENET)
    assert computed == exact
    assert abs(computed / 1e9 - paper) <= 0.07


def test_the_other_case_studies_compute_what_the_decks_say():
    """VGG-16 ~15.5 G multiply-adds (Simonyan and Zisserman's 15.3 G with 224x224 crops; 15.47 counting the fc layers),
    AlexNet ~0.7 G (the paper's two-GPU net; 1.1 G as one GPU), GoogLeNet ~1.5 G (the paper's "1.5 billion
    multiply-adds"; 1.58 counted here) and LeNet-5 416,520 with C3 fully connected?"""
    assert round(total_flops(vgg_layers("D"), IMAGENET) / 1e8) == 155
    assert round(total_flops(ALEXNET_PAPER_LAYERS, (3, 227, 227)) / 1e8) == 7
    assert round(total_flops(ALEXNET_LAYERS, (3, 227, 227)) / 1e8) == 11
    assert 1.5e9 <= total_flops(GOOGLENET_LAYERS, IMAGENET) < 1.6e9
    # LeNet-5: C1 6*28*28*25, C3 16*10*10*150, F5 400*120, F6 120*84, output 84*10.
    assert total_flops(LENET5_LAYERS, (1, 32, 32)) == 117_600 + 240_000 + 48_000 + 10_080 + 840 == 416_520


def test_vgg_compute_sits_in_its_convs_and_its_parameters_in_fc6():
    """Does VGG-16 spend over 99 % of its multiply-adds in its convs while over 70 % of its parameters sit in fc6,
    the contrast notebook 06 explains (a conv's weights are reused at every position, an fc weight once)?"""
    layers = vgg_layers("D")
    flops = arithmetic.network_flops(layers, IMAGENET)
    summary = network_summary(layers, IMAGENET)
    conv_flops = sum(m for name, m in flops if name.startswith("conv"))
    assert conv_flops / total_flops(layers, IMAGENET) > 0.99
    fc6 = next(row for row in summary if row[0] == "fc1")
    assert fc6[2] / network_param_count(layers, IMAGENET) > 0.7
    assert [name for name, _ in flops] == [row[0] for row in summary]


def test_network_flops_counts_grouped_and_connection_table_convs():
    """Does a grouped conv cost 1/groups of the dense one, and LeCun's C3 table 60 connections of 25 taps per
    position (10 x 10 x 1,500 = 150,000) instead of 240,000?"""
    dense = {"type": "conv", "num_filters": 8, "filter_size": 3, "pad": 1}
    assert total_flops([dict(dense, groups=2)], (4, 5, 5)) * 2 == total_flops([dense], (4, 5, 5)) == 8 * 25 * 36
    c3 = dict(arithmetic.network_flops(LENET5_PAPER_LAYERS, (1, 32, 32)))["conv2"]
    assert c3 == 10 * 10 * 60 * 25


def test_zfnet_is_alexnet_with_a_7x7_stride_2_conv1_and_wider_conv3_to_5():
    """Does ZFNet go 224 -> 110 (96 maps, conv1 7x7 stride 2) -> 55 -> 26 -> 13 -> 6 as in Zeiler and Fergus's
    Fig. 3, with conv3-5 of 512, 1024 and 512 filters (the decks' change from AlexNet's 384, 384, 256), and
    107,627,624 parameters (fc6 now sees 6 x 6 x 512)?"""
    convs = rows_of(arithmetic.ZFNET_LAYERS, IMAGENET, "conv")
    assert [row[1] for row in convs] == [(96, 110, 110), (256, 26, 26), (512, 13, 13), (1024, 13, 13),
                                         (512, 13, 13)]
    pools = rows_of(arithmetic.ZFNET_LAYERS, IMAGENET, "pool")
    assert [row[1] for row in pools] == [(96, 55, 55), (256, 13, 13), (512, 6, 6)]
    assert convs[0][2] == 7 * 7 * 3 * 96 + 96
    assert rows_of(arithmetic.ZFNET_LAYERS, IMAGENET, "fc")[0][2] == 6 * 6 * 512 * 4096 + 4096
    assert network_param_count(arithmetic.ZFNET_LAYERS, IMAGENET) == 107_627_624


def test_alphago_policy_network_has_3882433_parameters():
    """Does AlphaGo's policy network (Silver et al., 2016: 48 planes of 19x19, a 5x5 conv of 192, eleven 3x3 convs
    of 192, a 1x1 conv to one map) keep the board's 19x19 and count 230,592 + 11 x 331,968 + 193 = 3,882,433
    parameters, one bias in the last layer (the paper's per-position biases would add 360)?"""
    summary = network_summary(arithmetic.ALPHAGO_POLICY_LAYERS, (48, 19, 19))
    convs = [row for row in summary if row[0].startswith("conv")]
    assert len(convs) == 13 and all(row[1][1:] == (19, 19) for row in convs)
    assert [row[2] for row in convs] == [5 * 5 * 48 * 192 + 192] + [9 * 192 * 192 + 192] * 11 + [192 + 1]
    assert network_param_count(arithmetic.ALPHAGO_POLICY_LAYERS, (48, 19, 19)) == 3_882_433
    assert summary[-1][1] == (1, 19, 19)


def test_the_new_case_studies_are_graded():
    """Do network_param_count's and network_flops's hidden cases include ResNet-50, ZFNet and AlphaGo's policy
    network (issue 22)?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    for function in ("network_param_count", "network_flops"):
        labels = [case.label for case in make_cases(BY_NAME[function], np.random.default_rng(0))]
        for name in ("resnet_layers(50)", "ZFNET_LAYERS", "ALPHAGO_POLICY_LAYERS", "ALEXNET_PAPER_LAYERS"):
            assert any(name in label for label in labels), (function, name)
