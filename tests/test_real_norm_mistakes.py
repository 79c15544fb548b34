"""Real students' dropout and normalisation mistakes named (issue 19, second round): what the first round's
held-out files showed (a randn mask, a layer-norm backward summing over the batch without gamma, a spatial
batch-norm backward counting N), the probes at momentum 0 and 1 and on a constant feature, and eps or momentum
typed in as numbers; each in the graded report and the student's local check alike."""
from types import SimpleNamespace

import numpy as np
import pytest

from grader.i18n import MESSAGES, english, translate
from grader.instructor.grading import grade
from grader.layer_patterns import norm_backward_hint, norm_probe_cases, norm_probe_reading
from tests.reference_copy import submission


def _hints(report, function):
    return [c.hint for c in report.checks if c.function == function and c.score < c.max_score and c.max_score > 0]


def _both_sides(sub, functions, lang):
    """The graded report's and the student's local check's reports."""
    from grader.instructor.api import check
    return (grade(sub, seed=7, functions=functions, lang=lang).worded(),
            check(sub, functions=functions, lang=lang).worded())


def _fixed(key, lang):
    """The longest part of a message that its fields do not change."""
    import re
    return max(re.split(r"\{\w+\}", MESSAGES[key][lang]), key=len)


# -- the probes of the running averages and of a constant feature, read with no reference ----------------------

def _outputs(cases, running_means, out_ok=True):
    """Outputs as the sandbox decodes them: out (finite or not) and the running mean each probe left."""
    outs = []
    for case, running_mean in zip(cases, running_means):
        out = np.zeros_like(case.arrays["x"]) if out_ok else np.full_like(case.arrays["x"], np.nan)
        outs.append(SimpleNamespace(problem="", arrays={"out": out, "running_mean": running_mean}))
    return outs


@pytest.mark.parametrize("name", ["batchnorm_forward", "spatial_batchnorm_forward"])
def test_the_momentum_probes_tell_swapped_ignored_and_not_updated_from_right(name):
    """At momentum 0 the running mean becomes the batch mean, at momentum 1 it stays: does each way of getting it
    wrong get its own reading, and a right one none?"""
    graded = SimpleNamespace(name=name)
    cases = norm_probe_cases(graded)
    x, old = cases[0].arrays["x"], cases[0].arrays["running_mean"]
    mean = x.mean(axis=(0,) if x.ndim == 2 else (0, 2, 3))
    typed_in = 0.9 * old + 0.1 * mean
    readings = {"right": (mean, old, mean), "probe_norm_momentum_swapped": (old, mean, mean),
                "probe_norm_not_updated": (old, old, old),
                "probe_norm_momentum_ignored": (typed_in, typed_in, typed_in)}
    for want, running in readings.items():
        got = english(norm_probe_reading(graded, cases, _outputs(cases, running)))
        assert got == ("" if want == "right" else translate(want)), want
    keepdims = [r.reshape(1, -1) for r in readings["probe_norm_momentum_swapped"]]  # kept as (1, D): same reading
    assert english(norm_probe_reading(graded, cases, _outputs(cases, keepdims))) == translate("probe_norm_momentum_swapped")
    assert english(norm_probe_reading(graded, cases, _outputs(cases, (mean, old, mean), out_ok=False))) == \
        translate("probe_norm_constant_feature")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_momentum_typed_in_and_a_missing_eps_are_probed_on_both_sides(tmp_path, lang):
    """A batch norm with momentum written as 0.9 and no eps in train mode: do the graded report and the local check
    both name the ignored momentum and the missing eps (the probes), and point at the line with 0.9?"""
    sub = submission(tmp_path, "typed", ("        std = np.sqrt(var + eps)\n        x_hat = (x - mu) / std\n",
                                         "        std = np.sqrt(var)\n        x_hat = (x - mu) / std\n"),
                     ("running_mean = momentum * running_mean + (1 - momentum) * mu",
                      "running_mean = 0.9 * running_mean + 0.1 * mu"),
                     ("running_var = momentum * running_var + (1 - momentum) * var",
                      "running_var = 0.9 * running_var + 0.1 * var"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        for key in ("probe_norm_momentum_ignored", "probe_norm_constant_feature", "src_momentum_hardcoded"):
            assert translate(key, lang) in hint, (key, hint)
        assert "0.9 * running_mean" in hint


def test_a_probe_that_raised_says_nothing_of_the_running_averages():
    """A forward that raises leaves bn_param's averages as they were given: is that not read as "not updated"?"""
    graded = SimpleNamespace(name="batchnorm_forward")
    cases = norm_probe_cases(graded)
    raised = [SimpleNamespace(problem="", arrays={"running_mean": c.arrays["running_mean"]}) for c in cases]
    assert english(norm_probe_reading(graded, cases, raised)) == ""


# -- a normalisation backward's dx, read with no reference -------------------------------------------------------

def _backward_outputs(name, dx_of):
    """Cases of ``name`` in train mode and the outputs whose dx is ``dx_of(x, gamma, dout, eps)``."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})
    return graded, cases, [SimpleNamespace(problem="", arrays={"dx": dx_of(c)}) for c in cases]


def _reference_dx(case, count=None):
    """Batch norm's dx over the axes of x that a channel's mean covers, the count taken as ``count`` values."""
    x, dout, eps = case.arrays["x"], case.arrays["dout"], case.params["eps"]
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
    gamma = np.ravel(case.arrays["gamma"]).reshape(shape)
    M = count or x.size // x.shape[1]
    mean, std = x.mean(axis=axes, keepdims=True), np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat, dx_hat = (x - mean) / std, dout * gamma
    return (dx_hat - dx_hat.sum(axis=axes, keepdims=True) / M
            - x_hat * (dx_hat * x_hat).sum(axis=axes, keepdims=True) / M) / std


def test_a_right_dx_is_never_read_as_wrong():
    """A right batch-norm and spatial batch-norm dx: does the reading stay silent (it runs on failing functions
    only, but must never name a mistake a right dx does not have)?"""
    for name in ("batchnorm_backward", "spatial_batchnorm_backward"):
        graded, cases, outputs = _backward_outputs(name, _reference_dx)
        assert english(norm_backward_hint(graded, cases, outputs)) == ""


def test_a_spatial_dx_counting_n_is_named_and_another_wrong_count_is_not_centred():
    """dx with N where N * H * W belongs: is it named as such, and one with another wrong count only said not to
    sum to zero?"""
    graded, cases, outputs = _backward_outputs("spatial_batchnorm_backward",
                                               lambda c: _reference_dx(c, count=c.arrays["x"].shape[0]))
    assert english(norm_backward_hint(graded, cases, outputs)) == translate("pattern_sbn_backward_count_n",
                                                                   function=graded.name)
    graded, cases, outputs = _backward_outputs("spatial_batchnorm_backward",
                                               lambda c: _reference_dx(c, count=c.arrays["x"].shape[0] * 2))
    assert _fixed("pattern_norm_backward_not_centred", "en") in english(norm_backward_hint(graded, cases, outputs))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_backward_without_the_mean_path_is_named_on_both_sides(tmp_path, lang):
    """A layer-norm dx that leaves out the path through the mean (in a form no catalog mistake has): do both
    sides say its rows do not sum to zero?"""
    sub = submission(tmp_path, "ln", ("    dx = (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)\n",
                                      "    dx = (D * dx_hat - 0.0 * dx_hat.sum(axis=1, keepdims=True)\n"))
    for report in _both_sides(sub, ["layernorm_backward"], lang):
        hint = _hints(report, "layernorm_backward")[0]
        assert _fixed("pattern_norm_backward_not_centred", lang) in hint and "dx.sum(axis=1)" in hint


# -- the first round's held-out misses, named in the catalog and from the source --------------------------------

@pytest.mark.parametrize("mistake, function", [("dropout_mask_randn", "dropout_forward"),
                                               ("ln_backward_batch_axis_without_gamma", "layernorm_backward"),
                                               ("sbn_backward_count_n", "spatial_batchnorm_backward"),
                                               ("bn_test_without_eps", "batchnorm_forward")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_held_out_misses_are_named_on_both_sides(tmp_path, mistake, function, lang):
    """Each mistake the first round's held-out files showed and the grader did not name: is it named now, in the
    graded report and the local check?"""
    from grader.instructor.mistakes import BY_NAME, make_submission
    sub = make_submission(mistake, tmp_path / mistake)
    for report in _both_sides(sub, [function], lang):
        hints = _hints(report, function)
        assert hints and BY_NAME[mistake].hint().render(lang) in hints[0], hints


def test_eps_typed_in_replaces_the_eps_outside_sentence(tmp_path):
    """eps written as 1e-5 inside the square root fails the large-eps case as eps outside it would: is the hint
    the typed-in eps, with its line, and never the untrue "not np.sqrt(var) + eps"?"""
    sub = submission(tmp_path, "eps", ("std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
                                       "std = np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)"))
    for report in _both_sides(sub, ["layernorm_forward"], "en"):
        hint = "\n".join(_hints(report, "layernorm_forward"))
        assert translate("src_eps_hardcoded") in hint and "+ 1e-5)" in hint
        assert "not np.sqrt(var) + eps" not in hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mask_that_keeps_every_unit_is_named(tmp_path, lang):
    """rand <= p / p compares with 1 and keeps every unit: is that what both sides say, not "not scaled"?"""
    sub = submission(tmp_path, "all", ("mask = (np.random.rand(*x.shape) < p) / p",
                                       "mask = np.random.rand(*x.shape) <= p / p"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = _hints(report, "dropout_forward")[0]
        assert translate("dropout_keeps_all", lang) in hint
        assert translate("dropout_not_scaled", lang) not in hint


@pytest.mark.skipif(hasattr(np, "product"), reason="np.product exists before NumPy 2.0")
def test_a_numpy_function_removed_in_numpy_2_is_named(tmp_path):
    """np.product (removed in NumPy 2.0) in a spatial batch norm: does the hint say so and give np.prod?"""
    sub = submission(tmp_path, "product", ("flat = x.transpose(0, 2, 3, 1).reshape(-1, C)",
                                           "flat = x.transpose(0, 2, 3, 1).reshape(np.product(x.shape) // C, C)"))
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], "en"):
        hint = _hints(report, "spatial_batchnorm_forward")[0]
        assert translate("numpy2_removed") in hint and "np.product" in hint.split("\n")[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_unpacking_x_shape_into_n_d_is_told_about_4d_input_not_the_cache(tmp_path, lang):
    """"N, D = x.shape" raises "too many values to unpack" on 4-D x: is the hint the 2-D-only layer's (the
    docstring's "of any shape"), never "the backward unpacks the cache differently"?"""
    from grader.exception_rules import NORM_CACHE
    sub = submission(tmp_path, "nd", ("mask = (np.random.rand(*x.shape) < p) / p",
                                      "N, D = x.shape\n        mask = (np.random.rand(N, D) < p) / p"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert translate("pattern_4d_only", lang, function="dropout_forward") in hint
        assert NORM_CACHE[1 if lang == "zh" else 0] not in hint


def test_an_import_the_grader_does_not_offer_is_told_so_where_it_is_used(tmp_path):
    """An "import torch" (not in the sandbox; matplotlib and scipy, which the kit installs, import there:
    tests/test_student_imports.py) used by relu_forward: does the hint say that the library is not available to the
    grader, not that the kit lacks a module?"""
    sub = submission(tmp_path, "torch", ("import numpy as np\n", "import numpy as np\nimport torch\n"),
                     ("out = np.maximum(0, x)", "out = torch.relu(x)"))
    for report in _both_sides(sub, ["relu_forward"], "en"):
        hint = _hints(report, "relu_forward")[0]
        assert translate("sandbox_numpy_only") in hint and "torch" in hint


# -- which eps a forward normalised with, read from its own output (a further held-out set, E) -------------------

@pytest.mark.parametrize("change, key", [
    (("var = x.var(axis=0)\n        std = np.sqrt(var + eps)", "var = x.var(axis=0)\n        std = np.sqrt(var + 2 * eps)"),
     "pattern_eps_twice"),
    (("eps = bn_param.get(\"eps\", 1e-5)", "eps = bn_param.get(\"esp\", 1e-5)"), "pattern_eps_not_read")])
def test_the_eps_a_batch_norm_used_is_read_from_its_output(tmp_path, change, key):
    """eps added twice, or read with a misspelt key (so always 1e-5): is each named as such on both sides, never
    as eps outside the square root?"""
    sub = submission(tmp_path, key, change)
    for report in _both_sides(sub, ["batchnorm_forward"], "en"):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed(key, "en") in hint and "not np.sqrt(var) + eps" not in hint, hint


def test_a_right_forward_reads_as_its_own_eps():
    """The reference's train-mode outputs: is the eps read from them the case's own (so a right forward is never
    said to use another)?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.instructor.reference import expected_outputs
    from grader.layer_patterns import _eps_used, eps_hint
    for name in ("batchnorm_forward", "layernorm_forward", "spatial_batchnorm_forward", "spatial_groupnorm_forward"):
        graded = BY_NAME[name]
        cases = [c for c in make_cases(graded, np.random.default_rng(1), {}) if c.params.get("mode", "train") == "train"]
        outputs = [SimpleNamespace(problem="", arrays={"out": expected_outputs(graded, c)["out"][1]}) for c in cases]
        for case, out in zip(cases, outputs):
            eps = case.params.get("eps") or (case.params.get("ln_param") or case.params.get("gn_param"))["eps"]
            assert np.allclose(_eps_used(graded, case, out.arrays["out"]), eps, rtol=1e-3), name
        assert english(eps_hint(graded, cases, outputs)) == ""


def test_a_spatial_batch_norm_per_sample_is_named(tmp_path):
    """A spatial batch norm that runs batch norm on each sample alone (a real 2019 file): is it named instance norm,
    right only at N = 1?"""
    sub = submission(tmp_path, "per_sample", (
        "    out, cache = batchnorm_forward(flat, gamma, beta, bn_param)\n"
        "    out = out.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    out = np.empty_like(x)\n"
        "    for n in range(N):\n"
        "        one, cache = batchnorm_forward(x[n].reshape(C, -1).T, gamma, beta, bn_param)\n"
        "        out[n] = one.T.reshape(C, H, W)\n"))
    report = grade(sub, seed=7, functions=["spatial_batchnorm_forward"])
    assert any(_fixed("pattern_sbn_per_sample", "en") in h for h in _hints(report, "spatial_batchnorm_forward"))


def test_a_dropout_backward_failing_on_4d_input_names_its_forward():
    """A dropout_backward wrong exactly on 4-D input (its forward drew a 2-D mask): is it sent to its forward, not
    told how to draw a mask it does not draw?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import case_pattern_hint
    for name, want in (("dropout_backward", translate("depends_on", function="dropout_backward",
                                                      root="dropout_forward")),
                       ("dropout_forward", translate("pattern_4d_only", function="dropout_forward"))):
        graded = BY_NAME[name]
        cases = make_cases(graded, np.random.default_rng(0), {})
        verdicts = {i: SimpleNamespace(missing=False, ok=c.arrays["x"].ndim != 4) for i, c in enumerate(cases)}
        assert english(case_pattern_hint(graded, cases, verdicts)) == want


# -- several mistakes in one function, each heard (the second round's two held-out misses) ----------------------

PER_SAMPLE_MASK = ("        mask = (np.random.rand(*x.shape) < p) / p\n",
                   "        mask = np.zeros_like(x)\n"
                   "        for i in {loop}(x.shape[0]):\n"
                   "            if np.random.rand() > p:\n"
                   "                mask[i] = 1.0 / (1 - p)\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_stopped_by_xrange_hears_its_other_mistakes_on_both_sides(tmp_path, lang):
    """A dropout that loops with xrange, draws one mask value per sample and keeps with probability 1 - p (a real
    2016 file): do both sides name xrange, the two mask mistakes read from the source, and say that what follows
    the line that raised is not checked yet?"""
    old, new = PER_SAMPLE_MASK
    sub = submission(tmp_path, "xrange", (old, new.format(loop="xrange")))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        for key in ("rule_xrange", "dropout_keeps_1_minus_p", "dropout_mask_per_sample"):
            assert translate(key, lang) in hint, (key, hint)
        assert _fixed("diag_not_run_after", lang) in hint
        assert translate("where_everywhere_formula", lang) not in hint  # the property check points at out's hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mask_drawn_per_sample_is_read_from_the_outputs(tmp_path, lang):
    """The same dropout with range: its outputs keep or drop whole rows: is that named from the outputs, beside the
    1 - p it keeps with?"""
    old, new = PER_SAMPLE_MASK
    sub = submission(tmp_path, "rows", (old, new.format(loop="range")))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert translate("dropout_mask_per_sample", lang) in hint and \
            translate("dropout_keeps_1_minus_p", lang) in hint, hint
        assert _fixed("diag_not_run_after", lang) not in hint


def test_the_per_sample_reading_stays_silent_on_an_elementwise_mask():
    """A mask drawn per element (the reference's, and one keeping with 1 - p): is it never read as per sample?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import _dropout_mask_hint
    graded = BY_NAME["dropout_forward"]
    cases = make_cases(graded, np.random.default_rng(0), {})
    rng = np.random.default_rng(1)
    for keep in (lambda p: p, lambda p: 1 - p):
        outputs = []
        for case in cases:
            param, x = case.params["dropout_param"], case.arrays["x"]
            out = x * (rng.random(x.shape) < keep(param["p"])) / keep(param["p"]) if param["mode"] == "train" else x
            outputs.append(SimpleNamespace(problem="", arrays={"out": out}))
        assert translate("dropout_mask_per_sample") not in english(_dropout_mask_hint(graded, cases, outputs))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_spatial_batch_norm_with_several_mistakes_hears_each_on_both_sides(tmp_path, lang):
    """eps and momentum typed in and a test mode without gamma and beta (a real file): do both sides say the
    probes' reading (momentum ignored) and the test mode's (no gamma, beta), not the first alone?"""
    sub = submission(tmp_path, "several", (
        "    out, cache = batchnorm_forward(flat, gamma, beta, bn_param)\n",
        "    if bn_param['mode'] == 'train':\n"
        "        mu, var = flat.mean(axis=0), flat.var(axis=0)\n"
        "        out = gamma * (flat - mu) / np.sqrt(var + 1e-5) + beta\n"
        "        bn_param['running_mean'] = 0.9 * bn_param.get('running_mean', np.zeros(C)) + 0.1 * mu\n"
        "        bn_param['running_var'] = 0.9 * bn_param.get('running_var', np.zeros(C)) + 0.1 * var\n"
        "    else:\n"
        "        out = (flat - bn_param['running_mean']) / np.sqrt(bn_param['running_var'] + 1e-5)\n"
        "    cache = None\n"))
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], lang):
        hint = _hints(report, "spatial_batchnorm_forward")[0]
        assert translate("probe_norm_momentum_ignored", lang) in hint, hint
        assert translate("pattern_test_without_gamma_beta", lang, function="spatial_batchnorm_forward") in hint


def test_a_right_test_mode_is_never_read_as_without_gamma_and_beta():
    """The reference's test-mode outputs: is the gamma-and-beta reading silent, and does it name a bare one?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.instructor.reference import expected_outputs
    from grader.layer_patterns import test_affine_hint
    for name in ("batchnorm_forward", "spatial_batchnorm_forward"):
        graded = BY_NAME[name]
        cases = make_cases(graded, np.random.default_rng(2), {})
        right = [SimpleNamespace(problem="", arrays={"out": expected_outputs(graded, c)["out"][1]}) for c in cases]
        assert english(test_affine_hint(graded, cases, right)) == "", name
        bare = []
        for case, out in zip(cases, right):
            x = case.arrays["x"]
            shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
            mean, var = (case.arrays[k].reshape(shape) for k in ("running_mean", "running_var"))
            bare.append(SimpleNamespace(problem="", arrays={"out": (x - mean) / np.sqrt(var + case.params["eps"])}))
        assert english(test_affine_hint(graded, cases, bare)) == translate("pattern_test_without_gamma_beta",
                                                                            function=name)


# -- what the third held-out set (F) showed ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_variance_fed_var_plus_eps_is_named_not_eps_outside(tmp_path, lang):
    """var = x.var(axis=0) + eps, then the running average of that var (four real files): is it named on both sides,
    never as eps outside the square root (it is inside)?"""
    sub = submission(tmp_path, "rv", ("running_var = momentum * running_var + (1 - momentum) * var",
                                      "running_var = momentum * running_var + (1 - momentum) * (var + eps)"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert translate("pattern_running_var_with_eps", lang, function="batchnorm_forward") in hint, hint
        assert translate("mistake_bn_eps_outside_sqrt", lang) not in hint


def test_a_spatial_batch_norm_reshaped_without_transpose_is_named(tmp_path):
    """x.reshape(-1, C) and back with reshape alone (a real file): is out's hint the missing transpose?"""
    sub = submission(tmp_path, "reshape", ("flat = x.transpose(0, 2, 3, 1).reshape(-1, C)", "flat = x.reshape(-1, C)"),
                     ("out = out.reshape(N, H, W, C).transpose(0, 3, 1, 2)", "out = out.reshape(N, C, H, W)"))
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], "en"):
        hint = _hints(report, "spatial_batchnorm_forward")[0]
        assert translate("pattern_sbn_reshape_without_transpose", function="spatial_batchnorm_forward") in hint


_BN_UPDATE = ("        running_mean = momentum * running_mean + (1 - momentum) * mu\n"
              "        running_var = momentum * running_var + (1 - momentum) * var\n")
_BN_TEST = "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n"


@pytest.mark.parametrize("change, key", [
    ((_BN_UPDATE, _BN_UPDATE + _BN_UPDATE), "pattern_running_updated_twice"),
    ((_BN_UPDATE, "        running_mean = momentum * running_mean\n        running_var = momentum * running_var\n"),
     "pattern_running_batch_not_added"),
    ((_BN_TEST, "        out = gamma * (x - running_mean) / (running_var + eps) + beta\n"), "pattern_test_without_sqrt"),
    ((_BN_TEST, "        out = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5) + beta\n"),
     "pattern_test_batch_stats")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_running_averages_and_test_modes_are_read_from_the_outputs(tmp_path, change, key, lang):
    """Running averages updated twice or only shrunk, a test mode without the square root or on the batch's own
    statistics with eps typed in (set F's files): is each named on both sides, with momentum and eps typed in
    beside it so that no catalog mistake explains the function alone?"""
    sub = submission(tmp_path, key, change, ('momentum = bn_param.get("momentum", 0.9)\n\n    N, D',
                                             'momentum = bn_param.get("momentum", 0.9)\n    eps = 1e-5\n\n    N, D'))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert translate(key, lang, function="batchnorm_forward") in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_staged_backward_whose_variance_path_forgets_eps_gets_a_hint(tmp_path, lang):
    """-1 / var where 1 / std is differentiated (a real file's staged backward; its dx still sums to zero): does
    it get the variance path's hint on both sides, not an empty one?"""
    sub = submission(tmp_path, "staged", ("    dvar = np.sum(dx_hat * x_mu, axis=0) * -0.5 * std ** -3\n",
                                          "    dvar = np.sum(dx_hat * x_mu, axis=0) * -0.5 / std / (std ** 2 - 1e-5)\n"))
    for report in _both_sides(sub, ["batchnorm_backward"], lang):
        hints = _hints(report, "batchnorm_backward")
        assert any(translate("pattern_norm_backward_variance_path", lang, function="batchnorm_backward") in h
                   for h in hints), hints


def test_a_sum_over_an_axis_the_reshaped_array_lacks_is_explained(tmp_path):
    """A group norm summing its 2-D reshaped dout over the 4-D axes (AxisError, a real file): is the rule's
    sentence given with the student's line, on both sides?"""
    sub = submission(tmp_path, "axis", ("dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)",
                                        "dbeta = dout.reshape(N, -1).sum(axis=(0, 2, 3), keepdims=True)"))
    for report in _both_sides(sub, ["spatial_groupnorm_backward"], "en"):
        hint = _hints(report, "spatial_groupnorm_backward")[0]
        assert translate("rule_norm_axis_out_of_bounds") in hint and "dout.reshape(N, -1)" in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mask_shared_by_every_sample_is_named(tmp_path, lang):
    """One draw per feature, broadcast over the batch (a real file's uniform(size=D)): is it named on both sides?"""
    sub = submission(tmp_path, "shared", ("mask = (np.random.rand(*x.shape) < p) / p",
                                          "mask = (np.random.rand(*x.shape[1:]) < p) / p"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert translate("dropout_mask_per_feature", lang) in hint, hint


def test_eps_read_with_another_key_after_the_square_root_is_named(tmp_path):
    """ln_param.get('epsilon', 1e-8) added after the square root (a real file): are both the key and the place
    named from the source, with the line, on both sides?"""
    sub = submission(tmp_path, "epsilon", ("std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
                                           "std = np.sqrt(x.var(axis=1, keepdims=True)) + ln_param.get('epsilon', 1e-8)"))
    for report in _both_sides(sub, ["layernorm_forward"], "en"):
        hint = "\n".join(_hints(report, "layernorm_forward"))
        assert translate("src_eps_key") in hint and translate("mistake_bn_eps_outside_sqrt") in hint, hint
        assert "get('epsilon', 1e-8)" in hint


# -- issue 19, fourth round: statistics over the wrong values, a dx not transposed back (set F's misses) ----------

def _realistic(tmp_path, name):
    from pathlib import Path
    from grader.instructor.realistic import build
    return build(name, Path(__file__).resolve().parents[1] / "solutions", tmp_path / name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statistics_over_the_wrong_values_are_named_on_both_sides(tmp_path, lang):
    """A spatial batch norm averaging each (c, h, w) position over N (it raises on its running mean) and a group
    norm written for a (C,) gamma that averages each position over the group's channels: does each hint name the
    values the statistics were taken over, in the graded report and the local check alike?"""
    sub = _realistic(tmp_path, "norm_positions")
    for report in _both_sides(sub, ["spatial_batchnorm_forward", "spatial_groupnorm_forward"], lang):
        sbn = "\n".join(_hints(report, "spatial_batchnorm_forward"))
        assert _fixed("rule_sbn_stats_per_position", lang) in sbn and "sample_mean" in sbn, sbn
        gn = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert translate("norm_over_group_channels", lang) in gn and _fixed("pattern_other_convention", lang) in gn, gn


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_not_transposed_back_is_named_on_both_sides(tmp_path, lang):
    """A group-norm backward computed as (C // G * H * W, N * G) and reshaped without .T: is it told that dx holds
    the right values in the wrong places (not only that dx does not sum to zero), while its right forward keeps
    every point?"""
    sub = _realistic(tmp_path, "norm_transposed")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        hint = "\n".join(_hints(report, "spatial_groupnorm_backward"))
        assert _fixed("pattern_norm_backward_not_transposed_back", lang) in hint, hint
        assert not _hints(report, "spatial_groupnorm_forward")


def _forward_outputs(name, out_of):
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})
    return graded, cases, [SimpleNamespace(problem="", arrays={"out": out_of(c)}) for c in cases]


def _normalised(case, axes, grouped=False):
    x = case.arrays["x"]
    xs = x.reshape(x.shape[0], case.params["G"], -1, *x.shape[2:]) if grouped else x
    eps = case.params.get("eps") or (case.params.get("ln_param") or case.params.get("gn_param") or {}).get("eps", 1e-5)
    z = ((xs - xs.mean(axis=axes, keepdims=True)) / np.sqrt(xs.var(axis=axes, keepdims=True) + eps)).reshape(x.shape)
    shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
    return np.ravel(case.arrays["gamma"]).reshape(shape) * z + np.ravel(case.arrays["beta"]).reshape(shape)


@pytest.mark.parametrize("name, right, wrong, key", [
    ("batchnorm_forward", (0,), (1,), "norm_over_features"),
    ("layernorm_forward", (1,), (0,), "norm_over_batch"),
    ("spatial_batchnorm_forward", (0, 2, 3), (0,), "norm_over_n_only"),
    ("spatial_groupnorm_forward", (2, 3, 4), (2,), "norm_over_group_channels"),
    ("spatial_groupnorm_forward", (2, 3, 4), (0, 2, 3, 4), "norm_over_gn_batch"),
    # finer than the right axes (set L: each channel over N, H and W in a group norm): the finest that fits is named
    ("spatial_groupnorm_forward", (2, 3, 4), (0, 3, 4), "norm_over_channel_batch"),
    ("spatial_groupnorm_forward", (2, 3, 4), (3, 4), "norm_over_channel_hw")])
def test_the_axes_a_forward_normalised_over_are_read_from_its_output(name, right, wrong, key):
    """Read with no reference: is an output normalised over the wrong axes named with those axes, and the right
    axes (in train mode; test mode is left alone here) never read as wrong?"""
    from grader.layer_patterns import axes_hint
    grouped = name == "spatial_groupnorm_forward"
    for axes, want in ((right, ""), (wrong, key)):
        graded, cases, outputs = _forward_outputs(name, lambda c: _normalised(c, axes, grouped))
        got = axes_hint(graded, cases, outputs)
        assert (english(got) == "" if not want else translate(want) in english(got)), (axes, english(got))


def test_a_float32_mask_keeps_the_property_points(tmp_path):
    """A dropout whose mask is cast to float32 before dividing by p (a real file of set L: its out matches the
    reference to 7 digits): does it keep the "every output is 0 or x / p" points, as its out keeps its own?"""
    sub = submission(tmp_path, "float32", ("mask = (np.random.rand(*x.shape) < p) / p",
                                           "mask = (np.random.rand(*x.shape) < p).astype(np.float32) / p"))
    scores = grade(sub, seed=0, functions=["dropout_forward"], diagnose=False).function_scores()
    assert scores["dropout_forward"][0] == scores["dropout_forward"][1], scores


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_right_mask_drawn_another_way_earns_every_point_and_batch_norm_per_channel_is_named(tmp_path, lang):
    """Set L: a mask drawn with np.random.choice (right share, right scale, another draw than the docstring's) and
    a spatial batch norm calling batch norm on each channel's (N, H * W) slice (it raises on bn_param's (C,)
    running mean): does the first earn every point (CS231n leaves the draw open) and the second get told what it
    is, in the graded report and the local check alike, rather than "two arrays do not broadcast"?"""
    sub = _realistic(tmp_path, "norm_draws")
    for report in _both_sides(sub, ["dropout_forward", "spatial_batchnorm_forward"], lang):
        got, top = report.function_scores()["dropout_forward"]
        assert got == top > 0 and not _hints(report, "dropout_forward"), (got, top)
        sbn = "\n".join(_hints(report, "spatial_batchnorm_forward"))
        assert _fixed("rule_sbn_columns_not_channels", lang) in sbn, sbn
        assert _fixed("rule_norm_broadcast", lang) not in sbn, sbn


def test_a_right_draw_read_from_outputs_is_no_mistake_and_a_wrong_share_or_scale_is_named():
    """Read from outputs alone: does a mask that keeps p and scales by 1 / p (another draw) get no hint, while one
    that keeps 1 - p is told so and one that does not scale is told so?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import dropout_hint
    graded = BY_NAME["dropout_forward"]
    cases = make_cases(graded, np.random.default_rng(0), {})
    rng = np.random.default_rng(1)

    def outputs(keep, scale):
        outs = []
        for case in cases:
            x, param = case.arrays["x"], case.params["dropout_param"]
            if param["mode"] == "test":
                outs.append(SimpleNamespace(problem="", arrays={"out": x.copy()}))
                continue
            p = param["p"]
            mask = (rng.random(x.shape) < keep(p)) * scale(p)
            outs.append(SimpleNamespace(problem="", arrays={"out": x * mask}))
        return outs
    assert not dropout_hint(graded, cases, outputs(lambda p: p, lambda p: 1 / p))
    assert translate("dropout_keeps_1_minus_p") in english(dropout_hint(graded, cases, outputs(lambda p: 1 - p,
                                                                                                 lambda p: 1 / p)))
    assert translate("dropout_not_scaled") in english(dropout_hint(graded, cases, outputs(lambda p: p, lambda p: 1.0)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_var_averaging_the_std_is_named_beside_its_test_mode(tmp_path, lang):
    """Set L: running_var fed the standard deviation and a test mode dividing by it without a square root: are
    both named (the running average read from the outputs, with no catalog match) on both sides?"""
    sub = _realistic(tmp_path, "norm_std")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert translate("mistake_bn_running_var_from_std", lang) in hint, hint
        assert _fixed("pattern_test_without_sqrt", lang) in hint, hint
