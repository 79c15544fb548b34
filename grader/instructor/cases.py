"""Hidden test inputs: for each graded function, the cases drawn from a per-run seed.

INSTRUCTOR SIDE: not shipped to students (the student bundle carries public tests with fixed inputs instead).
Shapes cover what the course cares about: N = 1, C = 1, non-square inputs, rectangular kernels, stride 1/2/3,
pad 0/1/2, overlapping / rectangular / non-overlapping pools, logits around 1e3. Every graded conv and pool case
tiles exactly ((H + 2 * pad - HH) % stride == 0, likewise for W and for pooling): the CS231n contract and the
lectures' rule ("doesn't fit" otherwise); students who assert it, or slice as if it held, lose nothing. Inputs are continuous random
numbers, so pooling windows have no tied maxima (correct implementations may route ties differently).

Each graded function's registry entry names its case maker (``Graded.cases``); a maker joins the table with
``@case_maker(name)``, and every function draws from its own stream, ``case_rng(seed, name)``.
"""
from __future__ import annotations

import hashlib
import json
from typing import Callable

import numpy as np

from ..functions import GRADED, OTHER_SEED_PARAM, Case, Graded
from ..i18n import translate

# A case maker draws one graded function's cases: maker(rng, graded, backward, reference_params), where
# ``reference_params(name)(kwargs)`` gives a reference model's parameter shapes (classifiers only).
CaseMaker = Callable[..., "list[Case]"]
CASE_MAKERS: dict[str, CaseMaker] = {}


def case_maker(name: str) -> Callable[[CaseMaker], CaseMaker]:
    """Register the decorated function as the case maker ``name``, the ``cases`` of a Graded entry."""
    def register(maker: CaseMaker) -> CaseMaker:
        if name in CASE_MAKERS:
            raise ValueError(f"two case makers named {name}")
        CASE_MAKERS[name] = maker
        return maker
    return register


def case_rng(seed: int, name: str) -> np.random.Generator:
    """The random stream of one graded function's cases in the run with ``seed``.

    Keyed by a stable hash of the function's name, not by its place in the registry, so that adding a function
    changes no other function's cases.
    """
    return np.random.default_rng([seed, int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")])


# (N, C, H, W), (F, HH, WW), stride, pad
CONV_SHAPES = [
    ((2, 3, 7, 7), (4, 3, 3), 1, 1),
    ((1, 1, 6, 9), (2, 3, 2), 1, 0),      # N = 1, C = 1, non-square input, rectangular kernel, pad 0
    ((2, 2, 9, 7), (3, 3, 3), 2, 0),      # stride 2, pad 0
    ((2, 3, 8, 8), (2, 4, 4), 2, 2),      # pad 2
    ((1, 2, 10, 12), (3, 3, 5), 3, 1),    # stride 3, rectangular kernel
    ((3, 2, 5, 5), (2, 1, 1), 1, 0),      # 1x1 convolution
]
# (N, C, H, W), pool_height, pool_width, stride
POOL_SHAPES = [
    ((2, 3, 8, 8), 2, 2, 2),              # non-overlapping
    ((1, 1, 7, 9), 3, 3, 2),              # overlapping, N = 1, C = 1, non-square
    ((2, 2, 8, 9), 2, 3, 3),              # rectangular window, stride 3
    ((2, 3, 7, 7), 3, 2, 1),              # overlapping, rectangular, stride 1
]
ACT_SHAPES = [(4, 5), (2, 3, 4, 5), (1, 7)]


def _randn(rng, *shape, scale=1.0):
    return rng.standard_normal(shape) * scale


def _conv_output(H, W, HH, WW, stride, pad):
    return 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride


def _shape_label(**arrays) -> str:
    return ", ".join(f"{k} {tuple(v)}" for k, v in arrays.items())


@case_maker("conv")
def conv_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for (N, C, H, W), (F, HH, WW), stride, pad in CONV_SHAPES:
        Hp, Wp = _conv_output(H, W, HH, WW, stride, pad)
        arrays = {"x": _randn(rng, N, C, H, W), "w": _randn(rng, F, C, HH, WW), "b": _randn(rng, F)}
        if backward:
            arrays["dout"] = _randn(rng, N, F, Hp, Wp)
        cases.append(Case(arrays, {"conv_param": {"stride": stride, "pad": pad}},
                          _shape_label(x=(N, C, H, W), w=(F, C, HH, WW)) + f", stride {stride}, pad {pad}"))
    return cases


@case_maker("pool")
def pool_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for (N, C, H, W), ph, pw, stride in POOL_SHAPES:
        Hp, Wp = 1 + (H - ph) // stride, 1 + (W - pw) // stride
        arrays = {"x": _randn(rng, N, C, H, W)}
        if backward:
            arrays["dout"] = _randn(rng, N, C, Hp, Wp)
        params = {"pool_param": {"pool_height": ph, "pool_width": pw, "stride": stride}}
        cases.append(Case(arrays, params, _shape_label(x=(N, C, H, W)) + f", pool {ph}x{pw}, stride {stride}"))
    return cases


def _activation_cases(rng, backward: bool, params: dict | None = None, scale=1.0) -> list[Case]:
    cases = []
    for shape in ACT_SHAPES:
        arrays = {"x": _randn(rng, *shape, scale=scale)}
        if backward:
            arrays["dout"] = _randn(rng, *shape)
        cases.append(Case(arrays, dict(params or {}), _shape_label(x=shape)))
    return cases


@case_maker("activation")
def activation_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _activation_cases(rng, backward)


@case_maker("sigmoid")
def sigmoid_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """Wider inputs, and one case with |x| up to 1e3, where exp(-x) overflows."""
    return _activation_cases(rng, backward, scale=3.0) + [
        Case(dict({"x": np.array([[-1000.0, -30.0, 0.0, 30.0, 1000.0]])},
                  **({"dout": np.ones((1, 5))} if backward else {})), {}, "x (1, 5), |x| up to 1e3")]


@case_maker("leaky_relu")
def leaky_relu_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _activation_cases(rng, backward, {"alpha": 0.01}) + _activation_cases(rng, backward, {"alpha": 0.2})[:1]


@case_maker("elu")
def elu_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _activation_cases(rng, backward, {"alpha": 1.0}) + _activation_cases(rng, backward, {"alpha": 0.5})[:1]


@case_maker("affine")
def affine_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for xshape, M in [((2, 4, 5, 6), 3), ((1, 7), 5), ((3, 2, 3), 4)]:
        D = int(np.prod(xshape[1:]))
        arrays = {"x": _randn(rng, *xshape), "w": _randn(rng, D, M), "b": _randn(rng, M)}
        if backward:
            arrays["dout"] = _randn(rng, xshape[0], M)
        cases.append(Case(arrays, {}, _shape_label(x=xshape, w=(D, M))))
    return cases


@case_maker("maxout")
def maxout_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for N, D, M, K in [(3, 5, 4, 2), (1, 6, 3, 3), (4, 2, 5, 4)]:
        arrays = {"x": _randn(rng, N, D), "w": _randn(rng, D, M, K), "b": _randn(rng, M, K)}
        if backward:
            arrays["dout"] = _randn(rng, N, M)
        cases.append(Case(arrays, {}, _shape_label(x=(N, D), w=(D, M, K))))
    return cases


@case_maker("softmax")
def softmax_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for N, C, scale, offset in [(5, 10, 1.0, 0.0), (1, 3, 1.0, 0.0), (4, 6, 5.0, 1000.0)]:
        x = _randn(rng, N, C, scale=scale) + offset
        y = rng.integers(0, C, size=N)
        label = _shape_label(x=(N, C)) + (", logits around 1e3" if offset else "")
        cases.append(Case({"x": x, "y": y}, {}, label))
    return cases


@case_maker("top_k")
def top_k_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """Random scores (no ties: the contract leaves their order open) with k = 1, a middle k and k = C."""
    cases = []
    for N, C, k in [(20, 10, 1), (20, 10, 5), (7, 4, 2), (1, 3, 3), (50, 1000, 5)]:
        scores = _randn(rng, N, C)
        y = rng.integers(0, C, size=N)
        cases.append(Case({"scores": scores, "y": y}, {"k": k}, _shape_label(scores=(N, C)) + f", k {k}"))
    return cases


@case_maker("perceptron_step")
def perceptron_step_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """A mistake of either label, a correct example (nothing moves) and the boundary the docstring fixes: a score of
    exactly 0 (w = 0, b = 0, where training starts; and an x orthogonal to integer weights) counts as a mistake."""
    cases = []
    for D, kind, y, lr in [(5, "wrong", 1, 1.0), (5, "wrong", -1, 0.5), (4, "right", 1, 1.0),
                           (3, "right", -1, 0.1), (6, "zero_start", -1, 1.0), (3, "on_plane", 1, 0.5)]:
        if kind == "zero_start":
            w, b, x = np.zeros(D), 0.0, _randn(rng, D)
        elif kind == "on_plane":  # integer numbers, so that w . x + b is exactly 0
            w, x = rng.integers(-3, 4, size=D).astype(float), np.zeros(D)
            x[0], x[1] = w[1], -w[0]
            b = 0.0
        else:
            w, x = _randn(rng, D), _randn(rng, D)
            b = float(rng.standard_normal())
            score = float(w @ x + b)
            if (y * score > 0) != (kind == "right"):  # put the example on the side the case wants
                b -= 2 * score
        cases.append(Case({"w": w, "x": x}, {"b": b, "y": y, "lr": lr},
                          _shape_label(w=(D,), x=(D,)) + f", y {y:+d}, lr {lr:g}"))
    return cases


@case_maker("perceptron_train")
def perceptron_train_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """Linearly separable data (off the origin, so that the bias is needed) with a margin large enough that Novikoff's
    bound, (R / gamma)^2 mistakes with R and gamma measured on [x, 1], keeps any visiting order within max_epochs.
    Labels are the int array of -1 and +1 the docstring gives; one case has a single example."""
    cases = []
    for N, D, lr in [(20, 2, 1.0), (50, 5, 0.5), (40, 10, 1.0), (1, 3, 1.0), (30, 4, 0.1)]:
        u, c = _randn(rng, D), float(rng.standard_normal())
        scale = np.sqrt(u @ u + c * c)
        X = np.empty((0, D))
        while len(X) < N:  # keep the points whose distance to the hyperplane (u, c) in [x, 1] space is >= 0.4
            candidates = _randn(rng, 4 * N, D) + 0.5
            keep = np.abs(candidates @ u + c) / scale >= 0.4
            X = np.concatenate([X, candidates[keep]])[:N]
        y = np.where(X @ u + c > 0, 1, -1)
        R = np.sqrt((X ** 2).sum(axis=1) + 1).max()
        gamma = (np.abs(X @ u + c) / scale).min()
        max_epochs = 1000
        assert (R / gamma) ** 2 + 1 < max_epochs, (N, D, R, gamma)  # any order converges (Novikoff)
        cases.append(Case({"X": X, "y": y}, {"lr": lr, "max_epochs": max_epochs},
                          _shape_label(X=(N, D)) + f", lr {lr:g}, max_epochs {max_epochs}"))
    return cases


@case_maker("conv_relu")
def conv_relu_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _sandwich_cases(rng, backward, pool=False)


@case_maker("conv_relu_pool")
def conv_relu_pool_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _sandwich_cases(rng, backward, pool=True)


def _sandwich_cases(rng, backward: bool, pool: bool) -> list[Case]:
    cases = []
    shapes = [((2, 3, 8, 8), (3, 3, 3), 1, 1), ((1, 2, 6, 10), (2, 3, 3), 1, 1)]
    for (N, C, H, W), (F, HH, WW), stride, pad in shapes:
        Hp, Wp = _conv_output(H, W, HH, WW, stride, pad)
        arrays = {"x": _randn(rng, N, C, H, W), "w": _randn(rng, F, C, HH, WW), "b": _randn(rng, F)}
        params = {"conv_param": {"stride": stride, "pad": pad}}
        if pool:
            params["pool_param"] = {"pool_height": 2, "pool_width": 2, "stride": 2}
            Hp, Wp = Hp // 2, Wp // 2
        if backward:
            arrays["dout"] = _randn(rng, N, F, Hp, Wp)
        cases.append(Case(arrays, params, _shape_label(x=(N, C, H, W), w=(F, C, HH, WW))))
    return cases


@case_maker("arithmetic")
def arithmetic_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    name = graded.name

    def c(*args, **kwargs):
        return Case({}, {"args": list(args), "kwargs": kwargs},
                    f"{name}({', '.join([repr(a) for a in args] + [f'{k}={v!r}' for k, v in kwargs.items()])})")
    lenet = [{"type": "conv", "num_filters": 6, "filter_size": 5}, {"type": "relu"},
             {"type": "pool", "pool_size": 2, "stride": 2},
             {"type": "conv", "num_filters": 16, "filter_size": 5}, {"type": "relu"},
             {"type": "pool", "pool_size": 2, "stride": 2}, {"type": "flatten"},
             {"type": "fc", "out_features": 120}, {"type": "relu"}, {"type": "fc", "out_features": 84},
             {"type": "relu"}, {"type": "fc", "out_features": 10}]
    small = [{"type": "conv", "num_filters": 10, "filter_size": 5, "stride": 1, "pad": 2},
             {"type": "pool", "pool_size": 2, "stride": 2}, {"type": "fc", "out_features": 7}]
    stacks = {
        "three_3x3": [{"type": "conv", "num_filters": 8, "filter_size": 3}] * 3,
        "strided": [{"type": "conv", "num_filters": 8, "filter_size": 3, "stride": 2},
                    {"type": "pool", "pool_size": 2, "stride": 2},
                    {"type": "conv", "num_filters": 8, "filter_size": 3}],
        "dilated": [{"type": "conv", "num_filters": 4, "filter_size": 3, "dilation": 2},
                    {"type": "conv", "num_filters": 4, "filter_size": 3, "dilation": 4}],
    }
    table = {
        "conv_output_size": [c(7, 3), c(7, 3, stride=2), c(32, 5, stride=1, pad=2), c(227, 11, stride=4),
                             c(7, 3, stride=3), c(10, 3, stride=1, pad=0, dilation=2), c(5, 7),
                             # floor rounding, asked for explicitly (issue 11): GoogLeNet's and ResNet's sizes
                             c(7, 3, stride=3, rounding="floor"), c(224, 7, stride=2, pad=3, rounding="floor"),
                             c(56, 1, stride=2, rounding="floor"), c(5, 7, rounding="floor"),
                             c(7, 3, stride=2, rounding="floor")],
        "pool_output_size": [c(224, 2, 2), c(7, 3, 2), c(6, 3, 3), c(7, 2, 2),
                             c(7, 2, 2, rounding="floor"), c(112, 3, 2, pad=1, rounding="floor"),
                             c(13, 3, 2, pad=1)],
        "conv_param_count": [c(5, 3, 10), c(3, 64, 128), c(1, 256, 64), c([3, 5], 2, 4)],
        "network_summary": [c(lenet, [1, 32, 32]), c(small, [3, 32, 32])] + case_study_cases(c, "network_summary"),
        "network_param_count": [c(lenet, [1, 32, 32]), c(small, [3, 32, 32]), c(lenet, [1, 28, 28])] +
                               case_study_cases(c, "network_param_count"),
        "network_flops": [c(lenet, [1, 32, 32]), c(small, [3, 32, 32]), c(stacks["strided"], [3, 33, 33])] +
                         case_study_cases(c, "network_flops"),
        "receptive_field": [c(stacks["three_3x3"]), c(stacks["strided"]), c(stacks["dilated"])],
    }
    return table[name]


@case_maker("optim")
def optim_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    configs = {
        "sgd": [{"learning_rate": 1e-2}, {"learning_rate": 0.5}],
        "sgd_momentum": [{"learning_rate": 1e-2, "momentum": 0.9}, {"learning_rate": 0.1, "momentum": 0.5}],
        "rmsprop": [{"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
                    {"learning_rate": 1e-3, "decay_rate": 0.9, "epsilon": 1e-8}],
        "adam": [{"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
                 {"learning_rate": 1e-2, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8}],
    }[graded.name]
    cases = []
    for config, shape in zip(configs, [(5, 4), (3,)]):
        arrays = {"w": _randn(rng, *shape), "dw": _randn(rng, *shape), "dw2": _randn(rng, *shape)}
        cases.append(Case(arrays, {"config": config}, _shape_label(w=shape) + f", config {config}"))
    return cases


@case_maker("classifier")
def classifier_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """Init, scores and loss cases; ``reference_params(name)(kwargs)`` gives the reference model's parameter shapes."""
    if graded.name == "ThreeLayerConvNet":
        kwargs = {"input_dim": [3, 10, 12], "num_filters": 4, "filter_size": 3, "hidden_dim": 7,
                  "num_classes": 5, "weight_scale": 1e-2, "dtype": "float64"}
    else:
        kwargs = {"input_dim": [1, 28, 28], "num_classes": 10, "weight_scale": 5e-2, "dtype": "float64"}
    shapes = reference_params(graded.name)(kwargs)
    C, H, W = kwargs["input_dim"]
    cases = [Case({}, {"kwargs": dict(kwargs, reg=0.0)}, f"{graded.name}(**{kwargs})", "init")]
    for N, reg, variant in [(2, 0.0, "scores"), (3, 0.1, "loss"), (2, 0.0, "loss")]:
        arrays = {name: _randn(rng, *shape, scale=0.1) for name, shape in shapes.items()}
        arrays["X"] = _randn(rng, N, C, H, W)
        if variant == "loss":
            arrays["y"] = rng.integers(0, kwargs["num_classes"], size=N)
        cases.append(Case(arrays, {"kwargs": dict(kwargs, reg=reg)},
                          f"X ({N}, {C}, {H}, {W}), reg {reg}", variant))
    return cases


@case_maker("depthwise_separable_conv")
def depthwise_separable_conv_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for (N, C, H, W), F, (HH, WW), stride, pad in [((2, 3, 7, 7), 4, (3, 3), 1, 1), ((1, 2, 8, 6), 3, (3, 2), 2, 0)]:
        Hp, Wp = _conv_output(H, W, HH, WW, stride, pad)
        arrays = {"x": _randn(rng, N, C, H, W), "w_depth": _randn(rng, C, 1, HH, WW),
                  "w_point": _randn(rng, F, C, 1, 1), "b": _randn(rng, F)}
        if backward:
            arrays["dout"] = _randn(rng, N, F, Hp, Wp)
        cases.append(Case(arrays, {"conv_param": {"stride": stride, "pad": pad}},
                          _shape_label(x=(N, C, H, W)) + f", stride {stride}, pad {pad}"))
    return cases


@case_maker("dilated_conv")
def dilated_conv_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _conv_variant_cases(rng, backward, "dilated_conv")


@case_maker("grouped_conv")
def grouped_conv_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _conv_variant_cases(rng, backward, "grouped_conv")


@case_maker("conv_transpose")
def conv_transpose_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _conv_variant_cases(rng, backward, "conv_transpose")


def _conv_variant_cases(rng, backward: bool, base: str) -> list[Case]:
    cases = []
    for (N, C, H, W), (F, HH, WW), stride, pad, extra in [
            ((2, 4, 7, 7), (4, 3, 3), 1, 1, 2), ((1, 2, 9, 8), (2, 3, 2), 2, 0, 1), ((2, 2, 11, 10), (4, 3, 3), 1, 2, 3)]:
        conv_param = {"stride": stride, "pad": pad}
        if base == "dilated_conv":
            conv_param["dilation"] = extra
            Hp, Wp = _conv_output(H, W, extra * (HH - 1) + 1, extra * (WW - 1) + 1, stride, pad)
            wshape = (F, C, HH, WW)
        elif base == "grouped_conv":
            groups = 2 if extra != 1 else 1
            conv_param["groups"] = groups
            Hp, Wp = _conv_output(H, W, HH, WW, stride, pad)
            wshape = (F, C // groups, HH, WW)
        else:  # conv_transpose: w is (C, F, HH, WW)
            pad = min(pad, HH - 1, WW - 1)
            conv_param["pad"] = pad
            Hp, Wp = (H - 1) * stride - 2 * pad + HH, (W - 1) * stride - 2 * pad + WW
            wshape = (C, F, HH, WW)
        arrays = {"x": _randn(rng, N, C, H, W), "w": _randn(rng, *wshape), "b": _randn(rng, F)}
        if backward:
            arrays["dout"] = _randn(rng, N, F, Hp, Wp)
        cases.append(Case(arrays, {"conv_param": conv_param},
                          _shape_label(x=(N, C, H, W), w=wshape) + ", " +
                          ", ".join(f"{k} {v}" for k, v in conv_param.items())))
    return cases


def make_cases(graded: Graded, rng: np.random.Generator, reference_params=None) -> list[Case]:
    """The cases of one graded function, drawn from ``rng`` by the case maker its registry entry names."""
    return CASE_MAKERS[graded.cases](rng, graded, graded.kind == "backward", reference_params)


def all_cases(seed: int, reference_params) -> dict[str, list[Case]]:
    """Every graded function's cases for one run, each drawn from its own stream (``case_rng``)."""
    return {g.name: make_cases(g, case_rng(seed, g.name), reference_params) for g in GRADED}


# --------------------------------------------------------------------------------------------------------------
# Dropout, the normalisations, global average pooling, the residual block and LRN (issue 13)
# --------------------------------------------------------------------------------------------------------------

@case_maker("dropout")
def dropout_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for shape, p, mode in [((4, 5), 0.7, "train"), ((2, 3, 4, 5), 0.4, "train"), ((40, 50), 0.8, "train"),
                           ((3, 6), 0.5, "test")]:
        if backward and mode == "test":  # the test-mode backward is given code (dx = dout): nothing to grade
            continue
        arrays = {"x": _randn(rng, *shape)}
        if backward:
            arrays["dout"] = _randn(rng, *shape)
        seed = int(rng.integers(0, 2**31))
        if backward:  # the documented cache's mask: CS231n's draw after np.random.seed(seed)
            arrays["mask"] = (np.random.RandomState(seed).rand(*shape) < p) / p
        params = {"dropout_param": {"p": p, "mode": mode, "seed": seed}, "neg_inv_p": -1.0 / p}
        if mode == "train" and not backward:  # the same x under another seed: a draw differs, a fixed pattern not
            params[OTHER_SEED_PARAM] = {"p": p, "mode": mode, "seed": (seed + 1) % 2**31}
        if mode == "test":
            params["compared"] = ["out"]
        cases.append(Case(arrays, params, _shape_label(x=shape) + f", p {p}, mode {mode}, with a seed"))
    return cases


def _bn_arrays(rng, shape, channels, mode, scale, shift):
    arrays = {"x": _randn(rng, *shape, scale=scale) + shift, "gamma": 1.0 + _randn(rng, channels, scale=0.3),
              "beta": _randn(rng, channels)}
    if mode == "test":
        arrays["running_mean"] = _randn(rng, channels, scale=2.0) + shift
        arrays["running_var"] = rng.uniform(0.5, 3.0, size=channels) * scale ** 2
    else:
        arrays["running_mean"] = _randn(rng, channels, scale=0.5)
        arrays["running_var"] = rng.uniform(0.5, 2.0, size=channels)
    return arrays


@case_maker("batchnorm")
def batchnorm_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _batchnorm_cases(rng, backward, spatial=False)


@case_maker("spatial_batchnorm")
def spatial_batchnorm_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    return _batchnorm_cases(rng, backward, spatial=True)


def _batchnorm_cases(rng, backward: bool, spatial: bool) -> list[Case]:
    # A large eps (0.5) shows where eps goes (inside the square root or not): at 1e-5 the two differ by less than
    # the tolerance.
    # The last row hands bn_param without eps and momentum, as the course's notebook does ({'mode': 'train'}): the
    # docstring's defaults, 1e-5 and 0.9, apply (held-out set U, koanho: defaults of momentum 0 and eps 1e-4 in the
    # given .get lines kept every point, since every case passed both)
    if spatial:
        table = [((2, 3, 4, 5), "train", 0.9, 1.0, 0.0, 1e-5), ((4, 2, 3, 3), "train", 0.8, 3.0, 5.0, 0.5),
                 ((1, 4, 5, 6), "train", 0.9, 1.0, 0.0, 1e-5), ((3, 3, 2, 4), "test", 0.9, 2.0, 1.0, 0.5),
                 ((2, 3, 3, 4), "train", None, 1.0, 0.0, None)]
    else:
        table = [((6, 4), "train", 0.9, 1.0, 0.0, 1e-5), ((10, 3), "train", 0.8, 3.0, 5.0, 1e-5),
                 ((3, 7), "train", 0.9, 1.0, 0.0, 1e-5), ((8, 3), "train", 0.9, 1.0, 0.0, 0.5),
                 ((5, 4), "test", 0.9, 2.0, 1.0, 0.5), ((7, 3), "train", None, 1.0, 0.0, None)]
    cases = []
    for shape, mode, momentum, scale, shift, eps in table:
        if backward and mode == "test":
            continue
        arrays = _bn_arrays(rng, shape, shape[1], mode, scale, shift)
        if backward:
            arrays["dout"] = _randn(rng, *shape)
        defaults = momentum is None and eps is None
        params = {"mode": mode} if defaults else {"mode": mode, "eps": eps, "momentum": momentum}
        if mode == "test":
            params["compared"] = ["out"]
        cases.append(Case(arrays, params, _shape_label(x=shape) + f", mode {mode}, " + (
            translate("label_bn_defaults") if defaults else f"momentum {momentum}" +
            (f", eps {eps}" if eps != 1e-5 else ""))))
    return cases


@case_maker("layernorm")
def layernorm_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for (N, D), scale, shift, eps in [((4, 6), 1.0, 0.0, 1e-5), ((3, 10), 3.0, 5.0, 1e-5), ((1, 5), 1.0, 0.0, 1e-5),
                                      ((5, 4), 1.0, 0.0, 0.5)]:
        arrays = {"x": _randn(rng, N, D, scale=scale) + shift, "gamma": 1.0 + _randn(rng, D, scale=0.3),
                  "beta": _randn(rng, D)}
        if backward:
            arrays["dout"] = _randn(rng, N, D)
        cases.append(Case(arrays, {"ln_param": {"eps": eps}},
                          _shape_label(x=(N, D)) + (f", eps {eps}" if eps != 1e-5 else "")))
    return cases


@case_maker("groupnorm")
def groupnorm_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for (N, C, H, W), G, eps in [((2, 6, 4, 5), 3, 1e-5), ((1, 4, 3, 3), 2, 1e-5), ((3, 6, 2, 3), 6, 1e-5),
                                 ((2, 4, 3, 2), 1, 1e-5), ((2, 4, 2, 2), 2, 0.5)]:
        arrays = {"x": _randn(rng, N, C, H, W, scale=2.0) + 1.0, "gamma": 1.0 + _randn(rng, 1, C, 1, 1, scale=0.3),
                  "beta": _randn(rng, 1, C, 1, 1)}
        if backward:
            arrays["dout"] = _randn(rng, N, C, H, W)
        cases.append(Case(arrays, {"G": G, "gn_param": {"eps": eps}},
                          _shape_label(x=(N, C, H, W)) + f", G {G}" + (f", eps {eps}" if eps != 1e-5 else "")))
    return cases


@case_maker("global_avg_pool")
def global_avg_pool_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for shape in [(2, 3, 4, 5), (1, 1, 3, 3), (3, 2, 7, 1)]:
        arrays = {"x": _randn(rng, *shape)}
        if backward:
            arrays["dout"] = _randn(rng, *shape[:2])
        cases.append(Case(arrays, {"x_shape": list(shape)}, _shape_label(x=shape)))
    return cases


@case_maker("residual_block")
def residual_block_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for (N, C, H, W), F, stride in [((2, 3, 5, 5), 3, 1), ((2, 3, 7, 7), 4, 2), ((1, 4, 6, 4), 4, 1),
                                    ((2, 2, 5, 7), 4, 1)]:
        projection = stride != 1 or F != C
        arrays = {"x": _randn(rng, N, C, H, W), "W1": _randn(rng, F, C, 3, 3, scale=0.5),
                  "gamma1": 1.0 + _randn(rng, F, scale=0.2), "beta1": _randn(rng, F, scale=0.5),
                  "W2": _randn(rng, F, F, 3, 3, scale=0.5), "gamma2": 1.0 + _randn(rng, F, scale=0.2),
                  "beta2": _randn(rng, F, scale=0.5)}
        if projection:
            arrays.update(Ws=_randn(rng, F, C, 1, 1), gammas=1.0 + _randn(rng, F, scale=0.2),
                          betas=_randn(rng, F, scale=0.5))
        names = sorted(k for k in arrays if k != "x")
        Hp, Wp = 1 + (H - 1) // stride, 1 + (W - 1) // stride
        if backward:
            arrays["dout"] = _randn(rng, N, F, Hp, Wp)
        params = {"param_names": names, "bn_params": [{"mode": "train"} for _ in range(3 if projection else 2)],
                  "stride": stride}
        cases.append(Case(arrays, params, _shape_label(x=(N, C, H, W), W1=(F, C, 3, 3)) + f", stride {stride}, " +
                          ("1x1 projection shortcut" if projection else "identity shortcut")))
    return cases


@case_maker("bottleneck_block")
def bottleneck_block_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """Identity shortcuts (C == 4F, stride 1) and projections (a width change, stride 2 on odd and even sizes)."""
    cases = []
    for (N, C, H, W), F, stride in [((2, 8, 4, 4), 2, 1), ((2, 3, 5, 5), 2, 2), ((1, 4, 6, 4), 2, 2),
                                    ((2, 4, 3, 5), 2, 1)]:
        projection = stride != 1 or 4 * F != C
        arrays = {"x": _randn(rng, N, C, H, W)}
        for i, (out_c, in_c, k) in enumerate([(F, C, 1), (F, F, 3), (4 * F, F, 1)], 1):
            arrays.update({f"W{i}": _randn(rng, out_c, in_c, k, k, scale=0.5),
                           f"gamma{i}": 1.0 + _randn(rng, out_c, scale=0.2), f"beta{i}": _randn(rng, out_c, scale=0.5)})
        if projection:
            arrays.update(Ws=_randn(rng, 4 * F, C, 1, 1), gammas=1.0 + _randn(rng, 4 * F, scale=0.2),
                          betas=_randn(rng, 4 * F, scale=0.5))
        names = sorted(k for k in arrays if k != "x")
        Hp, Wp = 1 + (H - 1) // stride, 1 + (W - 1) // stride
        if backward:
            arrays["dout"] = _randn(rng, N, 4 * F, Hp, Wp)
        params = {"param_names": names, "bn_params": [{"mode": "train"} for _ in range(4 if projection else 3)],
                  "stride": stride}
        cases.append(Case(arrays, params, _shape_label(x=(N, C, H, W), W1=(F, C, 1, 1)) + f", stride {stride}, " +
                          ("1x1 projection shortcut" if projection else "identity shortcut")))
    return cases


@case_maker("lrn")
def lrn_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    cases = []
    for shape, lrn_param in [((2, 7, 3, 3), {"depth": 5, "k": 2.0, "alpha": 0.1, "beta": 0.75}),
                             ((1, 3, 4, 2), {"depth": 3, "k": 1.0, "alpha": 0.5, "beta": 0.5}),
                             ((2, 6, 2, 3), {"depth": 5, "k": 2.0, "alpha": 1e-4, "beta": 0.75})]:
        arrays = {"x": _randn(rng, *shape, scale=2.0)}
        if backward:
            arrays["dout"] = _randn(rng, *shape)
        cases.append(Case(arrays, {"lrn_param": lrn_param}, _shape_label(x=shape) + f", lrn_param {lrn_param}"))
    return cases


@case_maker("small_resnet")
def small_resnet_cases(rng, graded: Graded, backward: bool, reference_params) -> list[Case]:
    """Init, scores (test mode: the running averages as initialised) and loss (train mode) cases."""
    kwargs = {"input_dim": [2, 7, 7], "num_filters": [3, 4], "num_classes": 5, "weight_scale": 5e-2,
              "dtype": "float64"}
    shapes = reference_params("SmallResNet")(kwargs)
    C, H, W = kwargs["input_dim"]
    cases = [Case({}, {"kwargs": dict(kwargs, reg=0.0)}, f"SmallResNet(**{kwargs})", "init")]
    for N, reg, variant in [(2, 0.0, "scores"), (3, 0.1, "loss"), (4, 0.0, "loss")]:
        arrays = {name: _randn(rng, *shape, scale=0.3) for name, shape in shapes.items()}
        arrays["X"] = _randn(rng, N, C, H, W)
        if variant == "loss":
            arrays["y"] = rng.integers(0, kwargs["num_classes"], size=N)
        cases.append(Case(arrays, {"kwargs": dict(kwargs, reg=reg)}, f"X ({N}, {C}, {H}, {W}), reg {reg}", variant))
    return cases


def case_study_cases(c, name: str) -> list[Case]:
    """The lectures' case studies as network_summary / network_param_count exercises (the layer lists are given
    to students in conv_arithmetic)."""
    from .reference import resolve_reference

    arithmetic = resolve_reference("conv_arithmetic")
    networks = [("ALEXNET_LAYERS", arithmetic.ALEXNET_LAYERS, [3, 227, 227]),
                ("vgg_layers('D')", arithmetic.vgg_layers("D"), [3, 224, 224]),
                ("GOOGLENET_LAYERS", arithmetic.GOOGLENET_LAYERS, [3, 224, 224]),
                ("resnet_layers(18)", arithmetic.resnet_layers(18), [3, 224, 224])]
    if name in ("network_param_count", "network_flops"):
        networks += [("resnet_layers(34)", arithmetic.resnet_layers(34), [3, 224, 224]),
                     ("resnet_layers(50)", arithmetic.resnet_layers(50), [3, 224, 224]),
                     ("LENET5_PAPER_LAYERS", arithmetic.LENET5_PAPER_LAYERS, [1, 32, 32]),
                     ("ALEXNET_PAPER_LAYERS", arithmetic.ALEXNET_PAPER_LAYERS, [3, 227, 227]),
                     ("ZFNET_LAYERS", arithmetic.ZFNET_LAYERS, [3, 224, 224]),
                     ("ALPHAGO_POLICY_LAYERS", arithmetic.ALPHAGO_POLICY_LAYERS, [48, 19, 19])]
    # Plain JSON copies (the layer lists share dicts); labels name the given list rather than print it.
    return [Case({}, {"args": [json.loads(json.dumps(layers)), shape], "kwargs": {}}, f"{name}({label}, {shape})")
            for label, layers, shape in networks]

