"""What is graded and how each graded function is called: the public half of the grader's knowledge.

Each ``Graded`` entry says which module holds the function, how a job calls it (steps for the worker's
interpreter), which outputs are compared, and which cache its docstring documents (used when the student's own
forward fails, so that a broken forward costs only its own points). Inputs and expected values are not here:
hidden inputs come from ``grader.cases`` (instructor side), public ones from the released public tests.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from .compare import ATOL, RTOL
from .sandbox import protocol
from .sandbox.protocol import (as_float64, case_param, dict_of, flattened, input_array, literal, numpy_call,
                               optional_case_param, param_arrays, slot, tuple_of)


@dataclasses.dataclass(frozen=True)
class Graded:
    """One graded function (or class).

    Attributes:
        name: Function or class name, as in CS231n.
        module: Module path inside the package (``layers``, ``classifiers.cnn``).
        kind: ``forward``, ``backward``, ``loss``, ``value``, ``optim`` or ``classifier``.
        outputs: Compared outputs, in order (``("dx", "dw", "db")``).
        cases: The case maker that draws its hidden inputs (``grader.instructor.cases``: ``@case_maker("conv")``);
            a forward and its backwards share one.
        optional: An optional exercise (reported, not part of the required total).
        forward: For a backward, the name of its forward.
        fallback: For a backward, builds the documented cache from the inputs (argument spec), with
            ``fallback_steps`` run before it.
        value_outputs: Outputs that are plain values (ints, lists), not arrays.
        setup: Steps run before the forward (in a forward's job and in its backwards' jobs): e.g. binding the
            ``bn_param`` dict that the forward updates in place, so that its running averages can be read back.
        after: Steps run after the forward in a forward's job (outputs derived from ``out`` with numpy).
        paths: ``(output, slot path)`` pairs for outputs not stored under their own name
            (``("running_mean", "bn_param.running_mean")``, ``("grads", "grads*")``).
        own_mask: For a random forward (dropout): in train mode, ``out`` drawn with a mask of the student's own
            (another function, order or seeding than the docstring's) is right when it is a valid draw for the
            case's p (``scoring.own_mask_out``), as CS231n's notebook checks dropout by its statistics.
        own_forward: For the backward of a random forward (dropout): dx is judged against the student's own
            forward on the same case (``scoring.own_forward_dx``), whose ``out`` the job sends back as
            ``forward_out``; no numeric gradient of the reference's forward is taken.
        conventions: Other shapes the course's docstrings gave an input over the years, as ``(input, shape
            spec)`` pairs (``("gamma", "C")``: gamma as (C,) where this kit documents (1, C, 1, 1)). A function
            that fails is run again with every such input reshaped; the better of the two gradings stands.
        returns: For a value judged by a property, the names its returned tuple is bound to and sent back.
        judge: A property the trusted parent checks on the ``returns`` (``scoring.PROPERTY_JUDGES``) instead of
            comparing them with the reference's, for a result the contract leaves open (perceptron_train: any
            separating hyperplane is right, whichever order the examples were visited in).
    """

    name: str
    module: str
    kind: str
    outputs: tuple[str, ...]
    cases: str = dataclasses.field(kw_only=True)
    optional: bool = False
    forward: str = ""
    fallback: dict | None = None
    fallback_steps: tuple = ()
    value_outputs: tuple[str, ...] = ()
    setup: tuple = ()
    after: tuple = ()
    paths: tuple = ()
    own_mask: bool = False
    own_forward: bool = False
    conventions: tuple = ()
    returns: tuple = ()
    judge: str = ""

    def output_paths(self) -> dict:
        """Output name -> the slot path the worker reads it from."""
        paths = dict(self.paths)
        return {o: paths.get(o, o) for o in self.outputs}


def _pair(name, module, args, fallback, grads, *, cases, fallback_steps=(), optional=False, outputs=("out",),
          setup=(), after=(), paths=(), grad_paths=()):
    fwd = Graded(f"{name}_forward", module, "forward", tuple(outputs), cases=cases, optional=optional,
                 setup=tuple(setup), after=tuple(after), paths=tuple(paths))
    bwd = Graded(f"{name}_backward", module, "backward", grads, cases=cases, optional=optional,
                 forward=f"{name}_forward", fallback=fallback, fallback_steps=tuple(fallback_steps),
                 paths=tuple(grad_paths))
    FORWARD_ARGS[fwd.name] = args
    return [fwd, bwd]


# Positional argument specs of every forward (names of inputs / params in a case).
FORWARD_ARGS: dict[str, list[dict]] = {}

# The specs most forwards take: the input arrays x, w, b and the case's parameters.
_X, _W, _B = input_array("x"), input_array("w"), input_array("b")
_CONV = [_X, _W, _B, case_param("conv_param")]


def _build() -> list[Graded]:
    g: list[Graded] = []
    alpha, pool_param = case_param("alpha"), case_param("pool_param")
    g += _pair("affine", "layers", [_X, _W, _B], tuple_of(_X, _W, _B), ("dx", "dw", "db"), cases="affine")
    g += _pair("relu", "layers", [_X], _X, ("dx",), cases="activation")
    g += _pair("leaky_relu", "layers", [_X, alpha], tuple_of(_X, alpha), ("dx",), cases="leaky_relu")
    sigmoid = numpy_call("reciprocal", numpy_call("add", literal(1.0), numpy_call("exp", numpy_call("negative", _X))))
    g += _pair("sigmoid", "layers", [_X], sigmoid, ("dx",), cases="sigmoid")
    g += _pair("tanh", "layers", [_X], numpy_call("tanh", _X), ("dx",), cases="activation")
    g += _pair("elu", "layers", [_X, alpha], tuple_of(_X, alpha), ("dx",), cases="elu")
    g += _pair("maxout", "layers", [_X, _W, _B], tuple_of(_X, _W, _B), ("dx", "dw", "db"), cases="maxout")
    g.append(Graded("softmax_loss", "layers", "loss", ("loss", "dx"), cases="softmax"))
    # A value computed from arrays: the job passes these arguments instead of the case's literal args.
    g.append(Graded("top_k_accuracy", "layers", "value", ("accuracy",), cases="top_k"))
    FORWARD_ARGS["top_k_accuracy"] = [input_array("scores"), input_array("y"), case_param("k")]
    # The perceptron (notebook 00): one step compared with the reference; training judged by what it must reach.
    g.append(Graded("perceptron_step", "perceptron", "value", ("w_new", "b_new"), cases="perceptron_step"))
    FORWARD_ARGS["perceptron_step"] = [input_array("w"), case_param("b"), input_array("x"), case_param("y"),
                                       case_param("lr")]
    g.append(Graded("perceptron_train", "perceptron", "value", ("separates",), cases="perceptron_train",
                    returns=("w", "b"), judge="separates"))
    FORWARD_ARGS["perceptron_train"] = [input_array("X"), input_array("y"), case_param("lr"),
                                        case_param("max_epochs")]
    g += _pair("conv", "layers", _CONV, tuple_of(*_CONV), ("dx", "dw", "db"), cases="conv")
    g += _pair("max_pool", "layers", [_X, pool_param], tuple_of(_X, pool_param), ("dx",), cases="pool")
    g += _pair("avg_pool", "layers", [_X, pool_param], tuple_of(_X, pool_param), ("dx",), cases="pool")
    # The naive conv and pools keep CS231n's names: conv_forward_naive, not conv_naive_forward.
    renames = {"conv_forward": "conv_forward_naive", "conv_backward": "conv_backward_naive",
               "max_pool_forward": "max_pool_forward_naive", "max_pool_backward": "max_pool_backward_naive",
               "avg_pool_forward": "avg_pool_forward_naive", "avg_pool_backward": "avg_pool_backward_naive"}
    g = [dataclasses.replace(f, name=renames.get(f.name, f.name), forward=renames.get(f.forward, f.forward))
         for f in g]
    for old, new in renames.items():
        if old in FORWARD_ARGS:
            FORWARD_ARGS[new] = FORWARD_ARGS.pop(old)

    # Sandwich layers: the documented caches are built with the kit's fast layers and numpy.
    fast_conv = {"call": "fast_layers.conv_forward_fast", "args": _CONV, "bind": ["__a", "__conv_cache"]}
    relu = numpy_call("maximum", slot("__a"), literal(0.0))
    affine_out = numpy_call("add", numpy_call("matmul", flattened(_X), _W), _B)
    g += _pair("affine_relu", "layer_utils", [_X, _W, _B], tuple_of(tuple_of(_X, _W, _B), affine_out),
               ("dx", "dw", "db"), cases="affine")
    g += _pair("conv_relu", "layer_utils", _CONV, tuple_of(slot("__conv_cache"), slot("__a")), ("dx", "dw", "db"),
               cases="conv_relu", fallback_steps=[fast_conv])
    g += _pair("conv_relu_pool", "layer_utils", _CONV + [pool_param],
               tuple_of(slot("__conv_cache"), slot("__a"), slot("__pool_cache")), ("dx", "dw", "db"),
               cases="conv_relu_pool", fallback_steps=[fast_conv,
                               {"call": "fast_layers.max_pool_forward_fast", "args": [relu, pool_param],
                                "bind": ["__p", "__pool_cache"]}])
    value = ("value",)
    for name in ("conv_output_size", "pool_output_size", "conv_param_count", "network_summary",
                 "network_param_count", "network_flops", "receptive_field"):
        g.append(Graded(name, "conv_arithmetic", "value", value, cases="arithmetic", value_outputs=value))

    for name in ("sgd", "sgd_momentum", "rmsprop", "adam"):
        g.append(Graded(name, "optim", "optim", ("next_w", "next_w_step2"), cases="optim"))

    classifier = ("params", "scores", "loss", "grads")
    g.append(Graded("ThreeLayerConvNet", "classifiers.cnn", "classifier", classifier, cases="classifier"))
    g.append(Graded("LeNet5", "classifiers.cnn", "classifier", classifier, cases="classifier"))

    conv_fb = tuple_of(*_CONV)
    g += _pair("dilated_conv", "conv_variants", _CONV, conv_fb, ("dx", "dw", "db"), cases="dilated_conv",
               optional=True)
    g += _pair("grouped_conv", "conv_variants", _CONV, conv_fb, ("dx", "dw", "db"), cases="grouped_conv",
               optional=True)
    separable = [_X, input_array("w_depth"), input_array("w_point"), _B, case_param("conv_param")]
    g += _pair("depthwise_separable_conv", "conv_variants", separable, tuple_of(*separable),
               ("dx", "dw_depth", "dw_point", "db"), cases="depthwise_separable_conv", optional=True)
    g += _pair("conv_transpose", "conv_variants", _CONV, conv_fb, ("dx", "dw", "db"), cases="conv_transpose",
               optional=True)
    return g + _normalisation_and_residual()


def _bn_param_setup(name="bn_param"):
    """Bind a fresh bn_param dict whose running averages are copies of the case's arrays (np.add(a, 0.0) makes
    the copy), so that the forward may update them in place and they can be read back afterwards."""
    return {"let": name, "value": dict_of(mode=case_param("mode"), eps=optional_case_param("eps"),
                                          momentum=optional_case_param("momentum"),
                                          running_mean=numpy_call("add", input_array("running_mean"), literal(0.0)),
                                          running_var=numpy_call("add", input_array("running_var"), literal(0.0)))}


def _normalisation_and_residual() -> list[Graded]:
    """Dropout, the normalisations, global average pooling, the residual block and LRN (issue 13).

    Their caches are the student's own choice (as in CS231n), so a backward has no documented cache: when the
    student's forward fails, its backward gets ``None`` and fails too.
    """
    g: list[Graded] = []
    no_cache = literal(None)  # a literal None: nothing to rebuild
    # Dropout is graded with the seed in dropout_param (CS231n's np.random.seed convention: the same seed gives
    # the reference's mask), or, for a mask drawn another way, as a valid draw (scoring.own_mask_out: CS231n's own
    # contract leaves the draw open), and, whatever the mask, by a property: every output is 0 or x / p, so that
    # out * (out - x / p) is zero (np.asarray(None, float) is NaN: a missing out cannot pass by accident). It is
    # divided by 1 + (x / p) ** 2 and scaled by ATOL / RTOL, so that it holds to out's own tolerance: an out kept
    # as x times a float32 mask (1 / p to 7 digits, a real file) is 0 or x / p as surely as it matches the
    # reference, where the bare product of two terms of size x / p, compared with 0, failed it (issue 19, set L).
    out = as_float64(slot("out"))
    minus_x_over_p = numpy_call("multiply", _X, case_param("neg_inv_p"))
    scale = numpy_call("multiply", literal(ATOL / RTOL), numpy_call("reciprocal", numpy_call(
        "add", literal(1.0), numpy_call("multiply", minus_x_over_p, minus_x_over_p))))
    property_step = {"let": "out_0_or_x_over_p",
                     "value": numpy_call("multiply", scale,
                                         numpy_call("multiply", out, numpy_call("add", out, minus_x_over_p)))}
    # Its backward is judged against the student's own forward (scoring.own_forward_dx): another valid draw of
    # the mask is no mistake. Its documented cache is (dropout_param, mask), the mask the seed gives (sent with
    # the backward's cases), for a forward that fails (one written for 2-D input only, say).
    g += _pair("dropout", "layers", [_X, case_param("dropout_param")],
               tuple_of(case_param("dropout_param"), input_array("mask")), ("dx",), cases="dropout",
               outputs=("out", "out_0_or_x_over_p"), after=[property_step])
    g[-2:] = [dataclasses.replace(g[-2], own_mask=True), dataclasses.replace(g[-1], own_forward=True)]
    norm = ("dx", "dgamma", "dbeta")
    running = ("out", "running_mean", "running_var")
    running_paths = [("running_mean", "bn_param.running_mean"), ("running_var", "bn_param.running_var")]
    gamma, beta = input_array("gamma"), input_array("beta")
    bn_args = [_X, gamma, beta, slot("bn_param")]
    # A train mode that keeps its running averages as (1, D) or (1, C, 1, 1) (keepdims=True) gets them back in that
    # shape in its test mode, as CS231n's notebooks run it (grader.grading.convention_cases).
    keep_1d = (("running_mean", "1D"), ("running_var", "1D"))
    keep_1c11 = (("running_mean", "1C11"), ("running_var", "1C11"))
    g += [dataclasses.replace(f, conventions=keep_1d) if f.kind == "forward" else f
          for f in _pair("batchnorm", "layers", bn_args, no_cache, norm, cases="batchnorm", outputs=running,
                         setup=[_bn_param_setup()], paths=running_paths)]
    g.append(Graded("batchnorm_backward_alt", "layers", "backward", norm, cases="batchnorm",
                    forward="batchnorm_forward", fallback=no_cache))
    g += _pair("layernorm", "layers", [_X, gamma, beta, case_param("ln_param")], no_cache, norm, cases="layernorm")
    g += [dataclasses.replace(f, conventions=keep_1c11) if f.kind == "forward" else f
          for f in _pair("spatial_batchnorm", "layers", bn_args, no_cache, norm, cases="spatial_batchnorm",
                         outputs=running, setup=[_bn_param_setup()], paths=running_paths)]
    # gamma and beta are (1, C, 1, 1) in this kit's docstring (CS231n 2019 on) and (C,) in other years': a file
    # written for either earns full marks (grader.grading.convention_cases).
    g += [dataclasses.replace(f, conventions=(("gamma", "C"), ("beta", "C")))
          for f in _pair("spatial_groupnorm", "layers", [_X, gamma, beta, case_param("G"), case_param("gn_param")],
                         no_cache, norm, cases="groupnorm")]
    g += _pair("global_avg_pool", "layers", [_X], case_param("x_shape"), ("dx",),  # its cache is x.shape
               cases="global_avg_pool")
    # The residual block takes its parameters as a dict of arrays; which arrays (with or without a projection
    # shortcut) depends on the case: param_arrays(name) expands to that dict (see bind_params).
    g += _pair("residual_block", "layer_utils",
               [_X, param_arrays("param_names"), case_param("bn_params"), case_param("stride")],
               no_cache, ("dx", "grads"), cases="residual_block", grad_paths=[("grads", "grads*")])
    g += _pair("bottleneck_block", "layer_utils",
               [_X, param_arrays("param_names"), case_param("bn_params"), case_param("stride")],
               no_cache, ("dx", "grads"), cases="bottleneck_block", grad_paths=[("grads", "grads*")], optional=True)
    g += _pair("lrn", "layers", [_X, case_param("lrn_param")], no_cache, ("dx",), cases="lrn", optional=True)
    g.append(Graded("SmallResNet", "classifiers.cnn", "classifier", ("params", "scores", "loss", "grads"),
                    cases="small_resnet"))
    return g


GRADED: list[Graded] = _build()
BY_NAME: dict[str, Graded] = {f.name: f for f in GRADED}


def select(names: list[str] | None, lang: str | list[str] = "en") -> list[Graded]:
    """The graded functions ``names`` asks for (``--functions a b`` or ``--functions a,b``), all when it is empty.

    Raises:
        ValueError: naming each unknown name and the closest graded names, in ``lang``.
    """
    import difflib
    from .i18n import translate
    if not names:
        return GRADED
    lang = lang if isinstance(lang, str) else lang[0]   # "zh,en": the message in the first
    wanted = [n.strip() for name in names for n in name.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        near = sorted({m for n in unknown for m in difflib.get_close_matches(n, BY_NAME, n=3, cutoff=0.6)})
        raise ValueError(translate("unknown_functions", lang, names=", ".join(unknown),
                                   near=", ".join(near) or translate("unknown_functions_none", lang)))
    return [BY_NAME[n] for n in dict.fromkeys(wanted)]


def _left_out(value, params: dict) -> bool:
    """Is ``value`` an optional case parameter the case does not have (its dict entry then left out)?"""
    return isinstance(value, dict) and value.get(protocol.OPTIONAL) is True and value[protocol.CASE_PARAM] not in params


def bind_params(spec: Any, params: dict) -> Any:
    """Replace every ``case_param(name)`` in an argument spec or step list by ``literal(params[name])``, and every
    ``param_arrays(name)`` by ``dict_of`` the input arrays that ``params[name]`` names."""
    if isinstance(spec, dict):
        if set(spec) in ({protocol.CASE_PARAM}, {protocol.CASE_PARAM, protocol.OPTIONAL}):
            return literal(params[spec[protocol.CASE_PARAM]])
        if set(spec) == {protocol.PARAM_ARRAYS}:  # a dict of the case's input arrays named in params[name]
            return dict_of({n: input_array(n) for n in params[spec[protocol.PARAM_ARRAYS]]})
        return {k: bind_params(v, params) for k, v in spec.items() if not _left_out(v, params)}
    if isinstance(spec, (list, tuple)):
        return [bind_params(v, params) for v in spec]
    return spec


@dataclasses.dataclass
class Case:
    """One set of inputs for one graded function.

    Attributes:
        arrays: Input arrays by name (float64 unless labels).
        params: Literal parameters (conv_param, alpha, optimizer config, constructor kwargs, call args).
        label: A student-visible description with shapes only, never values (``x (2, 3, 7, 9), stride 2``).
        variant: For classifiers ``init``, ``scores`` or ``loss``; '' otherwise.
    """

    arrays: dict
    params: dict
    label: str
    variant: str = ""


def param_of(case: Case, name: str):
    """A case's parameter, wherever it is kept: the case's own, or in its ln_param's or gn_param's dict (eps, G);
    batch norm's default where its bn_param lacks eps or momentum; None where it has none."""
    for holder in (case.params, case.params.get("ln_param") or {}, case.params.get("gn_param") or {}):
        if name in holder:
            return holder[name]
    if "mode" in case.params and name in BN_DEFAULTS:
        return BN_DEFAULTS[name]  # a bn_param handed without it: the docstring's default applies
    return None


# What batch norm's forward reads where bn_param lacks the key (its docstring's, and the given code's .get)
BN_DEFAULTS = {"eps": 1e-5, "momentum": 0.9}


# Dropout's forward is called a second time on a train-mode case's x, with this case parameter (dropout_param under
# another seed): its ``out_other`` tells a draw from a fixed pattern (scoring.own_mask_out). Scored by nothing else.
OTHER_SEED_PARAM, OTHER_OUT = "dropout_param_other", "out_other"


def _forward_step(graded: Graded) -> dict:
    return {"call": f"{graded.module}.{graded.name}", "args": FORWARD_ARGS[graded.name], "bind": ["out", "cache"]}


def _jsonable_steps(steps) -> list:
    return [dict(step) for step in steps]


def build_case_job(graded: Graded, case: Case, documented_cache: bool = False) -> dict:
    """The worker's instructions for one case: steps, output slot paths, inputs to send back.

    With ``documented_cache`` a backward does not call the student's forward at all (it hung or crashed in its
    own job) and gets the cache its docstring documents.
    """
    kind, qualified = graded.kind, f"{graded.module}.{graded.name}"
    array_names = sorted(case.arrays)
    if kind == "forward":
        steps = _jsonable_steps(graded.setup) + [_forward_step(graded)] + _jsonable_steps(graded.after)
        # A case may compare only some outputs ("compared"): the running averages and dropout's property mean
        # something in train mode only (in test mode, running averages left alone would earn a stub points).
        outputs = {o: path for o, path in graded.output_paths().items()
                   if o in case.params.get("compared", graded.outputs)}
        if graded.own_mask and OTHER_SEED_PARAM in case.params:
            steps.append({"call": qualified, "args": [_X, case_param(OTHER_SEED_PARAM)],
                          "bind": [OTHER_OUT, "cache_other"]})
            outputs[OTHER_OUT] = OTHER_OUT
        job = {"steps": steps, "outputs": outputs, "check_unmodified": array_names}
    elif kind == "backward":
        forward = BY_NAME[graded.forward]
        step = dict(_forward_step(forward), fallback={"cache": graded.fallback},
                    fallback_steps=list(graded.fallback_steps))
        steps = [step] if not documented_cache else \
            list(graded.fallback_steps) + [{"let": "cache", "value": graded.fallback}]
        back = {"call": qualified, "args": [input_array("dout"), slot("cache")], "bind": list(graded.outputs)}
        outputs = graded.output_paths()
        if graded.own_forward and not documented_cache:
            outputs["forward_out"] = "out"  # the student's own forward output, to judge dx against
        job = {"steps": _jsonable_steps(forward.setup) + steps + [back], "outputs": outputs,
               "check_unmodified": ["dout"]}
    elif kind == "loss":
        job = {"steps": [{"call": qualified, "args": [_X, input_array("y")], "bind": ["loss", "dx"]}],
               "outputs": {"loss": "loss", "dx": "dx"}, "check_unmodified": ["x", "y"]}
    elif kind == "value":
        if graded.name in FORWARD_ARGS:  # computed from the case's arrays (top_k_accuracy, the perceptron)
            args, kwargs = FORWARD_ARGS[graded.name], {}
        else:
            args = [literal(a) for a in case.params.get("args", [])]
            kwargs = {k: literal(v) for k, v in case.params.get("kwargs", {}).items()}
        bound = list(graded.returns or graded.outputs)  # one name binds the whole value, several a tuple
        job = {"steps": [{"call": qualified, "args": args, "kwargs": kwargs, "bind": bound}],
               "outputs": {name: name for name in bound}, "check_unmodified": array_names}
    elif kind == "optim":
        job = {"steps": [{"call": qualified, "args": [_W, input_array("dw"), case_param("config")],
                          "bind": ["next_w", "config"]},
                         {"call": qualified, "args": [slot("next_w"), input_array("dw2"), slot("config")],
                          "bind": ["next_w_step2", "config2"]}],
               "outputs": {"next_w": "next_w", "next_w_step2": "next_w_step2"}, "check_unmodified": ["dw"]}
    elif kind == "classifier":
        kwargs = {k: literal(v) for k, v in case.params["kwargs"].items()}
        steps = [{"new": qualified, "kwargs": kwargs, "bind": "model"}]
        if case.variant == "init":
            outputs = {"params": "model.params*"}
        else:
            names = sorted(n for n in case.arrays if n not in ("X", "y"))
            steps.append({"set": "model.params", "value": dict_of({n: input_array(n) for n in names})})
            if case.variant == "scores":
                steps.append({"method": "model.loss", "args": [input_array("X")], "bind": "scores"})
                outputs = {"scores": "scores"}
            else:
                steps.append({"method": "model.loss", "args": [input_array("X"), input_array("y")],
                              "bind": ["loss", "grads"]})
                outputs = {"loss": "loss", "grads": "grads*"}
        job = {"steps": steps, "outputs": outputs}
    else:  # pragma: no cover - a new kind must be taught here first
        raise ValueError(f"unknown kind {kind}")
    return bind_params(job, case.params)


_JOBS: dict[tuple[str, bool], tuple[list, tuple[dict, dict]]] = {}  # the latest job of each function, by its cases


def build_job(graded: Graded, cases: list[Case], documented_cache: bool = False) -> tuple[dict, dict]:
    """One job for all cases of a function: (job, arrays keyed 'c<i>/<name>'). Read only: the same list of cases
    (a batch worker's hidden cases, shared by all its submissions) gets the same job again, built once."""
    held = _JOBS.get((graded.name, documented_cache))
    if held is not None and held[0] is cases:
        return held[1]
    job = {"function": graded.name, "cases": [build_case_job(graded, c, documented_cache) for c in cases]}
    arrays = {f"c{i}/{name}": array for i, c in enumerate(cases) for name, array in c.arrays.items()}
    _JOBS[(graded.name, documented_cache)] = (cases, (job, arrays))
    return job, arrays
