"""Real students' dropout and normalisation mistakes named (issue 19, second round): what the first round's
held-out files showed (a randn mask, a layer-norm backward summing over the batch without gamma, a spatial
batch-norm backward counting N), the probes at momentum 0 and 1 and on a constant feature, and eps or momentum
typed in as numbers; each in the graded report and the student's local check alike."""
from types import SimpleNamespace

import numpy as np
import pytest

from grader.functions import param_of
from grader.i18n import MESSAGES, english, render, translate
from grader.instructor.grading import grade
from grader.layer_patterns import norm_backward_hint, norm_probe_cases, norm_probe_reading
from tests.no_english import english_sentences
from tests.reference_copy import submission


def _hints(report, function):
    return [c.hint for c in report.checks if c.function == function and c.score < c.max_score and c.max_score > 0]


def _both_sides(sub, functions, lang):
    """The graded report's and the student's local check's reports."""
    from grader.instructor.api import check
    return (grade(sub, seed=7, functions=functions, lang=lang).worded(),
            check(sub, functions=functions, lang=lang).worded())

# The reference layer-norm backward's dx, as solutions/layers.py writes it (the line the layer-norm fixtures change)
LN_DX = ("    dx = (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)\n"
         "          - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True)) / (D * std)\n")

# What only depends_mirror_unread (no reading of the forward to quote) and depends_mirror_own say: their longest
# fixed part is the tail all mirror sentences share
UNREAD = {"en": "mistake (see", "zh": "错误（见"}
MIRROR_OWN = {"en": "which its hint does not name", "zh": "它的提示没有指出的错误"}


def _fixed(key, lang):
    """The longest part of a message that its fields do not change."""
    import re
    return max(re.split(r"\{[^}]*\}", MESSAGES[key][lang]), key=len)


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
    x, dout, eps = case.arrays["x"], case.arrays["dout"], param_of(case, "eps")
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
    sides name the missing term (read term by term from dx, grader.dx_terms)?"""
    sub = submission(tmp_path, "ln", ("    dx = (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)\n",
                                      "    dx = (D * dx_hat - 0.0 * dx_hat.sum(axis=1, keepdims=True)\n"))
    for report in _both_sides(sub, ["layernorm_backward"], lang):
        hint = _hints(report, "layernorm_backward")[0]
        assert translate("dx_change_missing", lang, term=translate("dx_term_mean", lang)) in hint, hint
        assert _fixed("pattern_norm_backward_not_centred", lang) not in hint, hint


# -- the first round's held-out misses, named in the catalog and from the source --------------------------------

@pytest.mark.parametrize("mistake, function", [("dropout_mask_randn", "dropout_forward"),
                                               ("dropout_mask_randn_2016", "dropout_forward"),
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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_normal_draw_compared_as_at_least_p_is_never_told_it_keeps_1_minus_p(tmp_path, lang):
    """(randn >= p) / (1 - p) keeps about 0.24 of the units at p = 0.7 (rohitgeo/AI-Saturdays): its outputs' scale and,
    at p = 0.8, its kept share look like CS231n 2016's 1 - p. Is it told the normal draw compared as >= p, never "keeps
    with probability 1 - p" nor randn < p's 0.76; and are rand >= p and randn < p still told their own?"""
    from grader.instructor.mistakes import BY_NAME, make_submission
    told = {"dropout_mask_randn_2016": ("src_dropout_randn_ge", ("dropout_keeps_1_minus_p", "src_dropout_randn")),
            "dropout_drops_with_p": ("dropout_keeps_1_minus_p", ("src_dropout_randn_ge", "src_dropout_randn")),
            "dropout_mask_randn": ("src_dropout_randn", ("src_dropout_randn_ge", "dropout_keeps_1_minus_p"))}
    for mistake, (key, untold) in told.items():
        sub = make_submission(mistake, tmp_path / mistake)
        for report in _both_sides(sub, ["dropout_forward"], lang):
            hint = "\n".join(_hints(report, "dropout_forward"))
            assert translate(key, lang) in hint, (mistake, hint)
            for other in untold:
                assert translate(other, lang) not in hint, (mistake, other, hint)


GN_GROUPING = "    xg = x.reshape(N, G, C // G, H, W)\n    mu = xg.mean(axis=(2, 3, 4), keepdims=True)\n" \
              "    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_groups_of_g_channels_normalised_per_position_are_told_both_on_both_sides(tmp_path, lang):
    """C // G groups of G channels, each (h, w) position normalised over its group (LHaoRax/cs231n_homework_1718spring):
    where G = C // G it is a per-position normalisation of the right groups, elsewhere none of the axes readings.
    Do both sides say both (the groups and the axis), never the per-position reading alone; and is the right groups'
    per-position normalisation still told its own?"""
    from grader.instructor.mistakes import BY_NAME, make_submission
    sub = submission(tmp_path, "swapped", (GN_GROUPING, GN_GROUPING.replace("G, C // G, H", "C // G, G, H")
                                           .replace("(2, 3, 4)", "2")))
    from grader.instructor.api import check
    within = _fixed("norm_over_group_channels", lang)
    # seed 0: its cases' values let the per-position reading fit where G = C // G (at seed 7 they do not)
    for report in (grade(sub, seed=0, functions=["spatial_groupnorm_forward"], lang=lang).worded(),
                   check(sub, functions=["spatial_groupnorm_forward"], lang=lang).worded()):
        hint = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert translate("form_groups_swapped", lang) in hint and within not in hint, hint
    right_groups = make_submission("gn_stats_per_position", tmp_path / "per_position")
    for report in _both_sides(right_groups, ["spatial_groupnorm_forward"], lang):
        hint = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert BY_NAME["gn_stats_per_position"].hint().render(lang) in hint, hint
        assert translate("form_groups_swapped", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backwards_name_error_is_told_in_full_once_on_both_sides(tmp_path, lang):
    """A layer-norm backward raising a NameError before any output is made: dgamma and dbeta fail on the same
    exception as dx. Does the local check, as the graded report, tell it in full under dx alone and point to it
    under dgamma and dbeta?"""
    from grader.instructor.api import check
    sub = submission(tmp_path, "name", ("    D = dout.shape[1]\n    dbeta = dout.sum(axis=0)\n",
                                        "    D = dout.shape[1]\n    dbeta = dout.sum(axis=O)\n"))
    graded = grade(sub, seed=7, functions=["layernorm_backward"], lang=lang).worded()
    local = check(sub, functions=["layernorm_backward"], lang=lang).worded()
    pointer = _fixed("diag_same_cause", lang)
    for report in (graded, local):
        hints = {c.name.split()[0]: c.hint for c in report.checks if c.function == "layernorm_backward"}
        assert pointer not in hints["dx"] and "O" in hints["dx"], hints
        for output in ("dgamma", "dbeta"):
            assert pointer in hints[output] and len(hints[output]) < len(hints["dx"]), hints
    assert [c.hint for c in graded.checks if c.name.split()[0] != "dx"] == \
        [c.hint for c in local.checks if c.name.split()[0] != "dx"]


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
            eps = param_of(case, "eps")
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
            bare.append(SimpleNamespace(problem="", arrays={"out": (x - mean) / np.sqrt(var + param_of(case, "eps"))}))
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
    # set J: one spatial axis alone (axis=2 was told "H and W alone": a finer normalisation fits the coarser too)
    ("spatial_batchnorm_forward", (0, 2, 3), (2,), "norm_over_h_only"),
    ("spatial_batchnorm_forward", (0, 2, 3), (3,), "norm_over_w_only"),
    ("spatial_batchnorm_forward", (0, 2, 3), (2, 3), "norm_over_hw"),
    ("spatial_groupnorm_forward", (2, 3, 4), (2,), "norm_over_group_channels"),
    ("spatial_groupnorm_forward", (2, 3, 4), (0, 2, 3, 4), "norm_over_gn_batch"),
    # finer than the right axes (set L: each channel over N, H and W in a group norm): the finest that fits is named
    ("spatial_groupnorm_forward", (2, 3, 4), (0, 3, 4), "norm_over_channel_batch"),
    ("spatial_groupnorm_forward", (2, 3, 4), (3, 4), "norm_over_channel_hw"),
    # set I: axis 0 of x.reshape(N * G, -1), across samples and groups (told "layer norm" before)
    ("spatial_groupnorm_forward", (2, 3, 4), (0, 1), "norm_over_gn_rows")])
def test_the_axes_a_forward_normalised_over_are_read_from_its_output(name, right, wrong, key):
    """Read with no reference: is an output normalised over the wrong axes named with those axes, and the right
    axes (in train mode; test mode is left alone here) never read as wrong?"""
    from grader.layer_patterns import axes_hint
    grouped = name == "spatial_groupnorm_forward"
    for axes, want in ((right, ""), (wrong, key)):
        graded, cases, outputs = _forward_outputs(name, lambda c: _normalised(c, axes, grouped))
        got = axes_hint(graded, cases, outputs)
        assert (english(got) == "" if not want else translate(want) in english(got)), (axes, english(got))


def test_a_normalisation_finer_than_every_reading_is_not_told_a_coarser_one():
    """Set J: a group norm normalising each channel over H alone (axis=3 of the grouped view) fits "H and W" too,
    as a finer normalisation does; no candidate says H alone, so is it told nothing rather than something untrue?"""
    from grader.layer_patterns import axes_hint
    graded, cases, outputs = _forward_outputs("spatial_groupnorm_forward", lambda c: _normalised(c, (3,), True))
    assert english(axes_hint(graded, cases, outputs)) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_set_j_untrue_sentences_are_gone_and_the_true_ones_stay_on_both_sides(tmp_path, lang):
    """Set J: a mask drawn per element of a flat copy (its count read from the copy's first axis) told "one value
    per sample"; statistics over one spatial axis told "H and W"; a transposed group view told "keep them as (40,
    1)", the wrong axis. Are the true readings there and the untrue ones gone, in the graded report and the local
    check alike?"""
    sub = _realistic(tmp_path, "norm_set_j_truths")
    functions = ["dropout_forward", "spatial_batchnorm_forward", "spatial_groupnorm_forward"]
    for report in _both_sides(sub, functions, lang):
        drop = "\n".join(str(h) for h in _hints(report, "dropout_forward"))
        assert translate("dropout_keeps_1_minus_p", lang) in drop, drop
        assert translate("dropout_mask_per_sample", lang) not in drop, drop
        sbn = "\n".join(str(h) for h in _hints(report, "spatial_batchnorm_forward"))
        assert translate("norm_over_w_only", lang) in sbn and translate("norm_over_hw", lang) not in sbn, sbn
        gn = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_forward"))
        assert _fixed("rule_norm_broadcast", lang) in gn, gn
        assert all(_fixed(k, lang) not in gn for k in ("bc_per_sample_flat", "bc_per_sample_row",
                                                        "bc_per_feature_column")), gn


def test_a_count_from_a_flattened_array_is_no_count_of_samples():
    """The per-sample mask's source reading, silenced only where the counted array was flattened: a reshape that
    keeps the samples as rows (x.reshape(N, -1)) still counts samples."""
    import ast
    from grader.exception_rules import _count_of_flattened
    line = "keep = np.random.rand(flat.shape[0]) < p"
    for assigned, flattened in (("flat = x.ravel()", True), ("flat = np.reshape(x, (-1,))", True),
                                ("flat = x.reshape(-1)", True), ("flat = x.reshape(N, -1)", False),
                                ("flat = x.reshape(x.shape[0], -1)", False), ("flat = x", False)):
        function = ast.parse(f"def dropout_forward(x, p):\n    {assigned}\n    {line}\n").body[0]
        assert _count_of_flattened("dropout_mask_per_sample", line, function) is flattened, assigned
    function = ast.parse(f"def f(x):\n    flat = x.ravel()\n    {line}\n").body[0]
    assert not _count_of_flattened("another_key", line, function)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_np_reshape_with_newshape_is_told_what_numpy_2_wants_on_both_sides(tmp_path, lang):
    """Set J: np.reshape(x, newshape=...) raises under NumPy 2 and the hint only repeated the exception. Is it told
    that NumPy 2 wants the shape positionally, with the line and the function's other such line, in the graded
    report and the local check alike, and does the same code with the shapes passed positionally earn every point
    with no hint?"""
    from pathlib import Path
    from grader.instructor.realistic import HERE, numpy_refuses_newshape, overlay
    if not numpy_refuses_newshape():  # NumPy 2.2 (Python 3.10's newest) only warns: the code is right there
        pytest.skip(f"NumPy {np.__version__} still takes newshape=")
    sub = _realistic(tmp_path, "norm_reshape_keywords")
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_forward"))
        assert translate("rule_reshape_keywords", lang) in hint and "newshape=(N, G, C // G, H, W)" in hint, hint
        assert _fixed("diag_leftovers", lang) in hint and "np.reshape(a=..., newshape=...)" in hint, hint
    positional = tmp_path / "positional"
    import shutil
    shutil.copytree(Path(__file__).resolve().parents[1] / "solutions", positional)
    student = (HERE / "norm_reshape_keywords.py").read_text().replace(", newshape=", ", ")
    (positional / "layers.py").write_text(overlay((positional / "layers.py").read_text(), student))
    report = grade(positional, seed=7, functions=functions, lang=lang).worded()
    assert all(got == top for got, top in report.function_scores().values()), report.function_scores()
    assert not any(_hints(report, f) for f in functions)


def test_the_reshape_keyword_rule_reads_only_its_own_errors():
    """Both NumPy 2 messages (newshape=, and a= passed by keyword) read; another reshape TypeError not."""
    from grader.exception_rules import RULES
    rule = next(r for r in RULES if r.name == "reshape_keywords")
    import re
    for raised, fires in (("TypeError: reshape() got an unexpected keyword argument 'newshape'", True),
                          ("TypeError: reshape() got some positional-only arguments passed as keyword arguments: 'a'",
                           True),
                          ("TypeError: reshape() got an unexpected keyword argument 'shape'", False),
                          ("TypeError: 'tuple' object cannot be interpreted as an integer", False)):
        assert bool(re.search(rule.raised, raised)) is fires, raised


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
        assert _fixed("pattern_test_without_sqrt_no_eps", lang) in hint, hint
        assert "running_var + eps，" not in hint and "running_var + eps," not in hint, hint  # it wrote no eps


# -- held-out set G's misses: the formula a forward computed, slips in simplified backwards (issue 19) -------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, functions", [
    ("norm_whole", {"batchnorm_forward": ["form_axes_none"], "layernorm_forward": ["form_axes_none"],
                    "spatial_groupnorm_forward": ["form_axes_grouped", "form_no_parentheses"]}),
    ("norm_eps_root", {"spatial_groupnorm_forward": ["form_eps_outside_sqrt"]}),
    ("norm_gn_layout", {"spatial_groupnorm_forward": ["form_transposed_not_back"]}),
    ("norm_simplified", {"batchnorm_forward": [], "batchnorm_backward_alt": ["pattern_norm_backward_x_minus_var"],
                         "layernorm_forward": [], "layernorm_backward": ["pattern_norm_backward_gamma_outside_sums"]})])
def test_set_g_formulas_are_named_on_both_sides(tmp_path, lang, name, functions):
    """Statistics with no axis, a wrong axis pair of the grouped array with `x - mean / std`, eps outside the
    square root with no loop, transposed groups not transposed back, `x - var` in a simplified backward, layer
    norm's gamma outside its sums: is each named in the graded report and the local check alike (and never sent to
    "the loop over F or C"), while the right forwards beside them keep every point?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, list(functions), lang):
        for function, keys in functions.items():
            hint = "\n".join(_hints(report, function))
            if not keys:
                assert not hint, (function, hint)
                continue
            for key in keys:
                assert _fixed(key, lang) in hint, (function, key, hint)
            assert _fixed("where_some_channels", lang) not in hint, hint
            if function == "spatial_groupnorm_forward" and "eps" in name:
                assert hint.count("np.sqrt(var) + eps") == 1, hint  # its source's line says it too: said once


def _gn_out(case, view, axes, form):
    x = case.arrays["x"]
    N, C, H, W = x.shape
    G = case.params["G"]
    eps = case.params["gn_param"]["eps"]
    if view == "transposed":
        xs = x.reshape(N * G, -1).T
    else:
        xs = x.reshape(N, G, C // G, H, W) if view == "G" else x.reshape(N, C // G, G, H, W)
    mean, var = xs.mean(axis=axes, keepdims=True), xs.var(axis=axes, keepdims=True)
    x_hat = {"right": (xs - mean) / np.sqrt(var + eps), "paren": xs - mean / np.sqrt(var + eps),
             "eps": (xs - mean) / (np.sqrt(var) + eps)}[form].reshape(x.shape)
    return case.arrays["gamma"] * x_hat + case.arrays["beta"]


@pytest.mark.parametrize("view, axes, form, keys", [
    ("G", (2, 3, 4), "right", []),
    ("G", (2, 3, 4), "eps", ["form_eps_outside_sqrt"]),
    ("G", (0, 1), "paren", ["form_axes_grouped", "form_no_parentheses"]),
    ("G", (0, 1, 2, 3, 4), "right", ["form_axes_none"]),
    ("C // G", (2, 3, 4), "right", ["form_groups_swapped"]),
    ("transposed", (0,), "right", ["form_transposed_not_back"])])
def test_the_formula_a_group_norm_computed_is_read_from_its_output(view, axes, form, keys):
    """Read with no reference: does each formula get exactly its own words, and the right one none?"""
    from grader.exception_rules import _said
    from grader.layer_patterns import form_hint, keys_of
    graded, cases, outputs = _forward_outputs("spatial_groupnorm_forward", lambda c: _gn_out(c, view, axes, form))
    hint = form_hint(graded, cases, outputs)
    if not keys:
        assert hint == "", english(hint)
        return
    assert keys_of(hint) == {"pattern_norm_form"}, english(hint)
    forms = {"form_axes_none", "form_axes_grouped", "form_groups_swapped", "form_transposed_not_back",
             "form_no_parentheses", "form_eps_outside_sqrt"}
    assert _said(hint) & forms == set(keys), english(hint)


@pytest.mark.parametrize("name", ["batchnorm_forward", "layernorm_forward", "spatial_batchnorm_forward"])
def test_statistics_with_no_axis_are_named_and_right_ones_are_not(name):
    """x.mean() and x.var() with no axis: named as the whole array; the layer's own axes: nothing."""
    from grader.layer_patterns import FORWARD_AXES, form_hint
    for axes, want in ((FORWARD_AXES[name], ""), (None, "form_axes_none")):
        graded, cases, outputs = _forward_outputs(name, lambda c: _normalised(c, axes))
        got = english(form_hint(graded, cases, outputs))
        assert (got == "") if not want else translate(want) in got, (axes, got)


@pytest.mark.parametrize("name", ["batchnorm_backward", "batchnorm_backward_alt", "layernorm_backward"])
def test_a_right_simplified_dx_is_never_read_as_a_slip(name):
    """The reference's own dx (its forward's cache) gets no simplified-formula reading; `x - var` in its place
    does."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.instructor.reference import expected_outputs
    from grader.functions import param_of as _param
    from grader.layer_patterns import SIMPLIFIED, _simplified_dx, _simplified_variant
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})
    right = [SimpleNamespace(problem="", arrays={"dx": np.asarray(expected_outputs(graded, c)["dx"][1])})
             for c in cases]
    assert _simplified_variant(graded, cases, right) == ""
    slipped = [SimpleNamespace(problem="", arrays={"dx": _simplified_dx(
        c.arrays["x"], c.arrays["dout"], c.arrays["gamma"], _param(c, "eps"), SIMPLIFIED[name], "x_var_outside")})
        for c in cases]
    assert _simplified_variant(graded, cases, slipped) == "pattern_norm_backward_x_minus_var"


def test_a_normalisation_wrong_on_some_channels_is_not_sent_to_a_loop():
    """Set G: a group norm with no loop was told "check the loop over F or C". A normalisation's some-channels
    hint names the formula's parts; a conv keeps its loop."""
    from grader.localise import localise_failure
    mismatch = np.zeros((2, 4, 3, 3), dtype=bool)
    mismatch[:, 1] = True
    verdict = SimpleNamespace(ok=False, comparison=SimpleNamespace(mismatch=mismatch))
    for name, key in (("spatial_groupnorm_forward", "where_some_channels_norm"),
                      ("conv_forward_naive", "where_some_channels")):
        hint = localise_failure(SimpleNamespace(name=name, kind="forward"), "out", [], {0: verdict}, [])
        assert hint.key == key, (name, hint)
    assert "loop" not in translate("where_some_channels_norm", which="1") and "循环" not in \
        translate("where_some_channels_norm", "zh", which="1")


def test_a_traceback_frame_is_worded_in_chinese_without_english_in():
    """The zh position line kept "layers.py:12 in batchnorm_forward" from the traceback; it is worded now."""
    from grader.exception_rules import frame
    from grader.i18n import render, text
    at = text("diag_at", where=frame("layers.py:12 in batchnorm_forward"), code="x = 1")
    assert english(at) == "At layers.py:12 in batchnorm_forward: x = 1", english(at)
    assert " in " not in render(at, "zh") and "batchnorm_forward" in render(at, "zh"), render(at, "zh")



def test_the_position_line_shows_the_students_line_as_code_in_both_languages():
    """Set H: three zh hints quoted the student's line after "：" bare, one ending in an English comment that read as
    the hint's own prose. The line is a code span now, fenced past any backticks it holds."""
    from grader.exception_rules import code_span
    from grader.i18n import render, text
    from tests.no_english import english_sentences
    line = "mean = x.mean(axis=0)  # take the mean over the batch"
    zh = render(text("diag_at", where="layers.py:12", code=code_span(line)), "zh")
    assert zh == f"位置 layers.py:12：`{line}`" and not english_sentences(zh), zh
    assert code_span("s = `x`") == "`` s = `x` ``", code_span("s = `x`")  # a fence longer than its own backticks

# -- a dependant judged against its own forward (set G: 8 of 16 misses were told only "fails because X does") ------

_LN_OVER_BATCH = '''
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    mean = x.mean(axis=0)
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mean) / std
    return gamma * x_hat + beta, (x_hat, std, gamma)


def layernorm_backward(dout, cache):
    x_hat, std, gamma = cache
    N = x_hat.shape[0]
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (N * std)
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''


_LN_WHOLE_RIGHT_BACKWARD = '''
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get('eps', 1e-5)
    std = np.sqrt(x.var() + eps)
    x_hat = (x - x.mean()) / std
    return gamma * x_hat + beta, (x_hat, std, gamma)


def layernorm_backward(dout, cache):
    x_hat, std, gamma = cache
    D = x_hat.shape[1]
    g = dout * gamma
    dx = (D * g - g.sum(axis=1, keepdims=True) - x_hat * (g * x_hat).sum(axis=1, keepdims=True)) / (D * std)
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''


def _overlaid(tmp_path, name, student):
    import shutil
    from pathlib import Path
    from grader.instructor.realistic import overlay
    target = tmp_path / name
    shutil.copytree(Path(__file__).resolve().parents[1] / "solutions", target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (target / "layers.py").write_text(overlay((target / "layers.py").read_text(), student))
    return target


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_wrong_for_its_own_forward_keeps_its_own_hint_and_a_mirror_does_not(tmp_path, lang):
    """A batch-norm backward under a layer norm whose statistics take no axis is wrong for its own forward: is it
    told so beside "fails because layernorm_forward does", on both sides? A backward that mirrors its forward's
    axes (the gradient of the student's own forward) is told only that it depends on the forward."""
    sub = _realistic(tmp_path, "norm_own_backward")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        hint = "\n".join(_hints(report, "layernorm_backward"))
        assert _fixed("depends_on", lang) in hint and _fixed("depends_also_own", lang) in hint, hint
    # a mirror of its forward, and a right backward fed its wrong forward's cache (right where the forward is)
    for name, student in (("mirror", _LN_OVER_BATCH), ("right", _LN_WHOLE_RIGHT_BACKWARD)):
        sub = _overlaid(tmp_path, name, student)
        for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
            hint = "\n".join(_hints(report, "layernorm_backward"))
            assert _fixed("depends_on", lang) in hint and _fixed("depends_also_own", lang) not in hint, (name, hint)


def test_the_own_forward_reading_compares_with_the_students_own_forward():
    """Read with no reference: dx equal to the numeric gradient of the forward the probes ran is right for it,
    dx of another formula is not, and a context that cannot probe says nothing."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import wrong_for_own_forward
    graded = BY_NAME["layernorm_backward"]
    cases = make_cases(graded, np.random.default_rng(0), {})

    def over_batch(x, gamma, beta, eps):
        return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta

    class Context:
        def probe(self, forward, probes):
            assert forward.name == "layernorm_forward"
            return [SimpleNamespace(problem="", arrays={"out": over_batch(c.arrays["x"], c.arrays["gamma"],
                                                                       c.arrays["beta"], 1e-5)}) for c in probes]

    def dx_over(axis, case):
        x, dout, gamma = case.arrays["x"], case.arrays["dout"], case.arrays["gamma"]
        n, std = x.shape[axis], np.sqrt(x.var(axis=axis, keepdims=True) + 1e-5)
        x_hat, dx_hat = (x - x.mean(axis=axis, keepdims=True)) / std, dout * gamma
        return (n * dx_hat - dx_hat.sum(axis=axis, keepdims=True)
                - x_hat * (dx_hat * x_hat).sum(axis=axis, keepdims=True)) / (n * std)
    usable = [c for c in cases if c.arrays["x"].shape[0] > 1]
    for axis, wrong in ((0, False), (1, True)):
        outputs = [SimpleNamespace(problem="", arrays={"dx": dx_over(axis, c)}) for c in usable]
        assert wrong_for_own_forward(graded, usable, outputs, Context()) is wrong, axis
    assert wrong_for_own_forward(graded, usable, outputs, None) is False


# -- held-out set H: what the dependants' design, the cache's order and the backwards' readings got wrong ------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_right_backward_under_eps_outside_the_root_has_no_mistake_of_its_own(tmp_path, lang):
    """Set H: a layer norm whose forward writes np.sqrt(var) + eps, with the textbook backward fed that forward's
    cache. Its dx is off its forward's gradient only by what eps explains (on the case with a large eps): is it told
    only that it depends on its forward, on both sides, never that it has a mistake of its own?"""
    sub = _realistic(tmp_path, "norm_eps_dependant")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        forward = "\n".join(_hints(report, "layernorm_forward"))
        assert translate("mistake_bn_eps_outside_sqrt", lang) in forward, forward
        hint = "\n".join(_hints(report, "layernorm_backward"))
        assert _fixed("depends_on", lang) in hint and _fixed("depends_also_own", lang) not in hint, hint


def test_the_own_forward_reading_allows_what_eps_explains_and_nothing_more():
    """Read with no reference, on every case (the one with eps = 0.5 included): the textbook dx under a forward with
    eps outside the square root is not wrong for it; a batch-norm dx under that forward still is."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.functions import param_of as _param
    from grader.layer_patterns import wrong_for_own_forward
    graded = BY_NAME["layernorm_backward"]
    cases = make_cases(graded, np.random.default_rng(0), {})
    assert any(_param(c, "eps") >= 0.1 for c in cases)  # the eps-sensitive case is among them

    def std_of(x, axis, eps):
        return np.sqrt(x.var(axis=axis, keepdims=True)) + eps

    class Context:
        def probe(self, forward, probes):
            return [SimpleNamespace(problem="", arrays={"out": c.arrays["gamma"] * (c.arrays["x"] - c.arrays["x"].mean(
                axis=1, keepdims=True)) / std_of(c.arrays["x"], 1, _param(c, "eps")) + c.arrays["beta"]})
                for c in probes]

    def dx_over(axis, case):
        x, dout, gamma, eps = case.arrays["x"], case.arrays["dout"], case.arrays["gamma"], _param(case, "eps")
        n, std = x.shape[axis], std_of(x, axis, eps)
        x_hat, dx_hat = (x - x.mean(axis=axis, keepdims=True)) / std, dout * gamma
        return (n * dx_hat - dx_hat.sum(axis=axis, keepdims=True)
                - x_hat * (dx_hat * x_hat).sum(axis=axis, keepdims=True)) / (n * std)
    usable = [c for c in cases if c.arrays["x"].shape[0] > 1]
    for axis, wrong in ((1, False), (0, True)):
        outputs = [SimpleNamespace(problem="", arrays={"dx": dx_over(axis, c)}) for c in usable]
        assert wrong_for_own_forward(graded, usable, outputs, Context()) is wrong, axis


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cache_unpacked_in_another_order_is_named_on_both_sides(tmp_path, lang):
    """Set H: a simplified batch-norm backward reading gamma as the mean, a layer-norm backward reading beta as
    gamma (the forward's names, two swapped: nothing raises). Is each told which name receives what, with its line,
    in place of "check the formula itself", on both sides, while the forwards and the long backward keep every
    point?"""
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt", "layernorm_forward",
                 "layernorm_backward"]
    sub = _realistic(tmp_path, "norm_cache_order")
    for report in _both_sides(sub, functions, lang):
        for function, swapped in (("batchnorm_backward_alt", "sample_mean <- gamma, gamma <- sample_mean"),
                                  ("layernorm_backward", "beta <- gamma, gamma <- beta")):
            hint = "\n".join(_hints(report, function))
            assert _fixed("src_cache_order", lang) in hint and swapped in hint and "= cache" in hint, hint
            assert _fixed("where_everywhere_norm", lang) not in hint, hint
        for function in ("batchnorm_forward", "batchnorm_backward", "layernorm_forward"):
            got, top = report.function_scores()[function]
            assert got == top > 0, (function, got, top)


def test_the_cache_order_reading_needs_the_same_names_in_another_order(tmp_path):
    """Read from the source alone: the same order, other names, or a forward that packs no tuple of names say
    nothing; a swap names both names; names renamed with a shared one moved name the shared one's pairs."""
    from grader.exception_rules import cache_order_hint
    from grader.functions import BY_NAME
    graded = BY_NAME["layernorm_backward"]
    forward = "def layernorm_forward(x, gamma, beta, ln_param):\n    cache = {packed}\n    return x, cache\n\n\n"
    backward = "def layernorm_backward(dout, cache):\n    {read} = cache\n    return dout, dout, dout\n"
    for packed, read, want in (("(x_hat, gamma, std)", "x_hat, gamma, std", ""),
                               ("(x_hat, gamma, std)", "x_hat, g, std", ""),
                               ("x_hat, gamma, std", "x_hat, std, gamma", "std <- gamma, gamma <- std"),
                               ("(x_hat, gamma, std)", "std, x_hat, gamma", "std <- x_hat, x_hat <- gamma, gamma <- std"),
                               ("make(x_hat, gamma, std)", "x_hat, std, gamma", ""),
                               # some names renamed and a shared one moved (set H): the shared name's pairs
                               ("(x, norm, mean, var, gamma, eps)", "x, x_norm, gamma, mu, v, std",
                                "gamma <- mean, v <- gamma"),
                               ("(x, x_hat, mean, var, gamma, beta, eps)", "x, xn, mean, var, beta, gamma, eps",
                                "beta <- gamma, gamma <- beta"),
                               # renamed only, every shared name in its place: right, nothing to say
                               ("(x, norm, mean, var, gamma, eps)", "x, xn, mu, v, gamma, e", "")):
        (tmp_path / "layers.py").write_text(forward.format(packed=packed) + backward.format(read=read))
        got = english(cache_order_hint(graded, SimpleNamespace(package_dir=tmp_path)))
        assert (want in got and got.startswith("Your layernorm_backward unpacks the cache in another order")
                if want else got == ""), (packed, read, got)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_set_h_backward_slips_are_named_and_nothing_untrue_is_said(tmp_path, lang):
    """Set H: a simplified dx scaled by 1 / var (told "check the formula itself"), and a layer-norm backward with
    eps typed in as 1e-5 in `(var + 1e-5) ** (-0.5)` whose sums put `axis = 1` on their second line (told eps sits
    outside the square root and np.sum has no axis, both untrue): is each named, on both sides, and the untrue
    sentences gone, while the forwards keep every point?"""
    functions = ["batchnorm_forward", "batchnorm_backward_alt", "layernorm_forward", "layernorm_backward"]
    sub = _realistic(tmp_path, "norm_backward_slips")
    for report in _both_sides(sub, functions, lang):
        alt = "\n".join(_hints(report, "batchnorm_backward_alt"))
        assert _fixed("pattern_norm_backward_var_for_std", lang) in alt, alt
        ln = "\n".join(_hints(report, "layernorm_backward"))
        assert translate("src_eps_hardcoded", lang) in ln and "(var + 1e-5) ** (-1.5) , axis = 1" in ln, ln
        for untrue in ("pattern_eps_large", "src_sum_without_axis"):
            assert _fixed(untrue, lang) not in ln, (untrue, ln)
        for function in ("batchnorm_forward", "layernorm_forward"):
            got, top = report.function_scores()[function]
            assert got == top > 0, (function, got, top)


@pytest.mark.parametrize("variant, key", [("var_for_std", "pattern_norm_backward_var_for_std"),
                                          ("var_eps_for_std", "pattern_norm_backward_var_for_std"),
                                          ("var_term_outer_uncentred", "pattern_norm_backward_var_term_uncentred"),
                                          ("var_term_inner_uncentred", "pattern_norm_backward_var_term_uncentred")])
@pytest.mark.parametrize("name", ["batchnorm_backward_alt", "layernorm_backward"])
def test_set_h_simplified_slips_are_read_from_dx(name, variant, key):
    """Read with no reference: a simplified dx scaled by 1 / var, or with its variance term missing an x_hat, gets
    its own sentence (never "the path through the mean"); the right dx none."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.functions import param_of as _param
    from grader.layer_patterns import SIMPLIFIED, _simplified_dx, _simplified_variant
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})
    slipped = [SimpleNamespace(problem="", arrays={"dx": _simplified_dx(
        c.arrays["x"], c.arrays["dout"], c.arrays["gamma"], _param(c, "eps"), SIMPLIFIED[name], variant)})
        for c in cases]
    assert _simplified_variant(graded, cases, slipped) == key
    right = [SimpleNamespace(problem="", arrays={"dx": _simplified_dx(
        c.arrays["x"], c.arrays["dout"], c.arrays["gamma"], _param(c, "eps"), SIMPLIFIED[name], "none")})
        for c in cases]
    assert _simplified_variant(graded, cases, right) == ""


def test_a_call_over_two_lines_is_read_whole():
    """The source reading joins a line continued inside brackets: `np.sum(...` with `axis=1)` on the next line has
    an axis; a one-line np.sum without one has none."""
    from grader.exception_rules import _statement_spans
    physical = {1: "    a = np.sum(x * y", 2: "               , axis = 1)", 3: "    b = np.sum(x)", 4: "    c = 1 + \\",
                5: "        2"}
    assert {k: list(v) for k, v in _statement_spans(physical).items()} == {1: [1, 2], 3: [3], 4: [4, 5]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_backward_that_is_batch_norms_formula_is_named_on_both_sides(tmp_path, lang):
    """Set H: a layer-norm backward copied from batch norm's simplified form (sums over axis 0, count N) under a
    right forward: is it told it is batch norm's formula, not only that its rows do not sum to zero?"""
    sub = _realistic(tmp_path, "norm_ln_batch_formula")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        hint = "\n".join(_hints(report, "layernorm_backward"))
        assert translate("pattern_ln_backward_batch_formula", lang, function="layernorm_backward") in hint, hint
        assert _fixed("pattern_norm_backward_not_centred", lang) not in hint, hint
        assert not _hints(report, "layernorm_forward")


@pytest.mark.parametrize("variant", ["batch_formula", "batch_formula_gamma_outside"])
def test_batch_norms_formula_in_a_layer_norm_backward_is_read_from_dx(variant):
    """Read with no reference: batch norm's sums and count on layer norm's x_hat (gamma inside or outside the sums)
    are named; on batch norm's own backward the same dx is no slip (it is not looked for there)."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.functions import param_of as _param
    from grader.layer_patterns import _simplified_dx, _simplified_variant
    for name, want in (("layernorm_backward", "pattern_ln_backward_batch_formula"), ("batchnorm_backward_alt", "")):
        graded = BY_NAME[name]
        cases = make_cases(graded, np.random.default_rng(0), {})
        outputs = [SimpleNamespace(problem="", arrays={"dx": _simplified_dx(
            c.arrays["x"], c.arrays["dout"], c.arrays["gamma"], _param(c, "eps"), 1, variant)}) for c in cases]
        assert _simplified_variant(graded, cases, outputs) == want, name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_scaled_by_1_minus_p_is_told_so_on_both_sides(tmp_path, lang):
    """Set H: a test mode returning x * (1 - p) was told "scaled by p" (the graded test case's p = 0.5 cannot tell
    the two apart): is it told what it wrote, with its line, on both sides, and x * p still told p?"""
    sub = submission(tmp_path, "one_minus_p", ("        out = x.copy()\n", "        out = x * (1 - p)\n"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert translate("src_dropout_test_1_minus_p", lang) in hint and "out = x * (1 - p)" in hint, hint
        assert translate("mistake_dropout_scaled_at_test", lang) not in hint, hint
    sub = submission(tmp_path, "p", ("        out = x.copy()\n", "        out = x * p\n"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert translate("mistake_dropout_scaled_at_test", lang) in hint, hint
        assert translate("src_dropout_test_1_minus_p", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, function, keys, untrue", [
    ("norm_sbn_order", "spatial_batchnorm_forward", ["src_sbn_reshape_before_transpose"], []),
    ("norm_sbn_columns", "spatial_batchnorm_forward", ["src_sbn_column_per_channel"],
     ["rule_norm_reshape", "where_everywhere_norm"]),
    ("norm_three_slips", "batchnorm_forward", ["pattern_running_var_with_eps", "bn_test_without_eps",
                                              "pattern_test_minus_beta"], [])])
def test_set_h_forwards_are_named_on_both_sides(tmp_path, lang, name, function, keys, untrue):
    """Set H: a spatial batch norm reshaped to (N, C, H, W) before its transpose (told only its shape), one run per
    channel on (N * H * W, 1) columns with the shared bn_param (told group norm's reshape), a batch norm with three
    mistakes (one named): is each mistake named, on both sides, and the untrue sentences gone?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, [function], lang):
        hint = "\n".join(_hints(report, function))
        for key in keys:
            assert _fixed(key, lang) in hint, (key, hint)
        for key in untrue:
            assert _fixed(key, lang) not in hint, (key, hint)


def test_a_test_mode_read_right_is_not_told_minus_beta_or_without_eps():
    """Read with no reference: the right test mode, and test modes with beta subtracted or eps left out, each get
    exactly their own words."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.functions import param_of as _param
    from grader.layer_patterns import keys_of, test_affine_hint
    graded = BY_NAME["batchnorm_forward"]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {}) if c.params.get("mode") == "test"]
    assert cases

    def outputs(eps_of, sign):
        return [SimpleNamespace(problem="", arrays={"out": c.arrays["gamma"] * (c.arrays["x"] - c.arrays[
            "running_mean"]) / np.sqrt(c.arrays["running_var"] + eps_of(c)) + sign * c.arrays["beta"]}) for c in cases]
    case_eps = lambda c: _param(c, "eps") or 1e-5  # noqa: E731
    for eps_of, sign, want in ((case_eps, 1, set()), (case_eps, -1, {"pattern_test_minus_beta"}),
                               (lambda c: 0.0, 1, {"bn_test_without_eps"}),
                               (lambda c: 0.0, -1, {"pattern_test_minus_beta", "bn_test_without_eps"})):
        assert keys_of(test_affine_hint(graded, cases, outputs(eps_of, sign))) == want, want


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_setting_eps_itself_is_told_so_not_eps_outside_the_root(tmp_path, lang):
    """Set H: a group-norm backward with `eps = 1e-5` (its forward cached no eps) was told eps sits outside the
    square root: is it told it sets eps itself, with its line, on both sides, while its forward keeps every point?
    Without that line to read, a backward right at 1e-5 only is not told eps is outside the root either."""
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    sub = _realistic(tmp_path, "norm_eps_typed_backward")
    for report in _both_sides(sub, functions, lang):
        hint = "\n".join(_hints(report, "spatial_groupnorm_backward"))
        assert translate("src_eps_assigned", lang) in hint and "eps = 1e-5" in hint, hint
        assert _fixed("pattern_eps_large", lang) not in hint, hint
        assert not _hints(report, "spatial_groupnorm_forward")
    from grader.instructor.realistic import HERE
    hidden = (HERE / "norm_eps_typed_backward.py").read_text().replace("    eps = 1e-5\n", "").replace(
        "(M * np.sqrt(var + eps))", "(M * np.sqrt(var + float('1e-5')))")  # a number the source reading misses
    sub = _overlaid(tmp_path, "hidden", hidden)
    for report in _both_sides(sub, functions, lang):
        hint = "\n".join(_hints(report, "spatial_groupnorm_backward"))
        # read from dx's own numbers (grader.dx_terms): eps typed in, not "eps outside the root"
        assert translate("dx_change_eps_typed", lang, typed="1e-5") in hint, hint
        assert _fixed("pattern_eps_large", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_group_norm_parameters_summed_per_group_are_named_on_both_sides(tmp_path, lang):
    """Set H: a group-norm backward whose dgamma and dbeta are (1, G, 1, 1, 1) sums of the grouped array (its dx
    right) lost points with no hint at all: is it told they hold one value per group where gamma has one per
    channel, on both sides, while its forward keeps every point?"""
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    sub = _realistic(tmp_path, "norm_gn_per_group")
    for report in _both_sides(sub, functions, lang):
        hints = _hints(report, "spatial_groupnorm_backward")
        assert hints and all(_fixed("pattern_gn_params_per_group", lang) in h for h in hints), hints
        assert not _hints(report, "spatial_groupnorm_forward")


# -- set I: dropout's scale and a mask read back from out ---------------------------------------------------------

MASK_AND_OUT = "        mask = (np.random.rand(*x.shape) < p) / p\n        out = x * mask\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_dividing_twice_and_a_mask_read_back_from_out_are_named_on_both_sides(tmp_path, lang):
    """Set I: a forward dividing by p twice was told "check the formula itself"; a forward keeping `out > 0` as its
    mask, whose backward then drops kept units with x < 0 and their 1 / p, gave its backward no hint. Is each named
    in the graded report and the local check, while the right pair and a right backward keep their points?"""
    twice = submission(tmp_path, "twice", ("        out = x * mask\n", "        out = x * mask / p\n"))
    out_mask = submission(tmp_path, "out_mask", (MASK_AND_OUT, "        out = x * (np.random.rand(*x.shape) < p) / p\n"
                                                               "        mask = out > 0\n"))
    for report in _both_sides(twice, ["dropout_forward"], lang):
        assert any(_fixed("dropout_scaled_twice", lang) in str(h) for h in _hints(report, "dropout_forward")), \
            _hints(report, "dropout_forward")
    for report in _both_sides(out_mask, ["dropout_forward", "dropout_backward"], lang):
        scores = {c.function: c for c in report.checks if c.max_score > 0}
        assert scores["dropout_forward"].score == scores["dropout_forward"].max_score
        hints = " ".join(str(h) for h in _hints(report, "dropout_backward"))
        assert _fixed("dropout_backward_out_mask", lang) in hints and _fixed("dropout_backward_unscaled", lang) in hints


def test_the_dropout_backward_reading_is_silent_on_a_right_backward_and_on_a_wrong_forward():
    """The reading of dx against the forward's own out: nothing for a right backward (dout * out / x), nothing when
    the forward is not an inverted-dropout draw (its own hint speaks), and the unscaled reading alone for dout * (out
    != 0)."""
    from grader.functions import BY_NAME
    from grader.layer_patterns import dropout_hint
    rng = np.random.default_rng(0)
    x, dout, p = rng.standard_normal((6, 8)), rng.standard_normal((6, 8)), 0.6
    own = x * ((rng.random((6, 8)) < p) / p)
    case = SimpleNamespace(params={"dropout_param": {"mode": "train", "p": p}}, arrays={"x": x, "dout": dout})

    def said(dx, forward=own):
        out = SimpleNamespace(problem="", arrays={"dx": dx, "forward_out": forward})
        return dropout_hint(BY_NAME["dropout_backward"], [case], [out])
    assert said(dout * own / x) == ""
    assert said(dout * (x * 3 != 0), forward=x * 3) == ""
    assert {p.key for p in getattr(said(dout * (own != 0)), "parts", [said(dout * (own != 0))])} == \
        {"dropout_backward_unscaled"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_var_averaging_np_std_is_told_without_eps(tmp_path, lang):
    """Set I: running_var fed np.std (no eps) was told it averages "the standard deviation (with eps in it)". Is
    it told without eps on both sides, where a case with a large eps tells the two apart, and does the catalog's std
    with eps keep its own words?"""
    old = "running_var = momentum * running_var + (1 - momentum) * var"
    plain = submission(tmp_path, "plain", (old, "running_var = momentum * running_var + (1 - momentum) * np.std(x, "
                                                "axis=0)"))
    for report in _both_sides(plain, ["batchnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "batchnorm_forward"))
        assert translate("pattern_running_var_from_std_no_eps", lang) in hint, hint
        assert translate("mistake_bn_running_var_from_std", lang) not in hint, hint


TEST_MODE = "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_no_named_form_fits_is_shown_as_the_students_own_formula(tmp_path, lang):
    """Set I: a test mode dividing by running_var ** 2, and one also dropping beta, were told only to check the test
    branch. Is each shown its own formula, read from the test cases, on both sides; and a test mode that a named
    reading already says (no square root) keeps that reading alone?"""
    squared = submission(tmp_path, "squared", (TEST_MODE, TEST_MODE.replace("np.sqrt(running_var + eps)",
                                                                            "running_var ** 2")))
    no_beta = submission(tmp_path, "no_beta", (TEST_MODE, TEST_MODE.replace("np.sqrt(running_var + eps) + beta",
                                                                            "running_var ** 2")))
    named = submission(tmp_path, "named", (TEST_MODE, TEST_MODE.replace("np.sqrt(running_var + eps)",
                                                                        "(running_var + eps)")))
    for sub, formula in ((squared, "gamma * (x - running_mean) / (running_var ** 2) + beta"),
                         (no_beta, "gamma * (x - running_mean) / (running_var ** 2)"), (named, None)):
        for report in _both_sides(sub, ["batchnorm_forward"], lang):
            hint = "\n".join(str(h) for h in _hints(report, "batchnorm_forward"))
            if formula:
                assert translate("pattern_test_form", lang, function="batchnorm_forward", formula=formula) in hint, hint
            else:
                assert _fixed("pattern_test_form", lang) not in hint and hint, hint


LN_STATS = "    mu = x.mean(axis=1, keepdims=True)\n"
LN_AFFINE = "    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, std)\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_broadcast_error_in_a_layer_norm_says_what_its_shapes_are(tmp_path, lang):
    """Set I: gamma and beta reshaped into columns, and a per-sample mean made a row with [np.newaxis], heard only
    the general broadcast rule. Does each hear what its shapes are (and a mean without keepdims too), on both
    sides, from NumPy's message alone?"""
    cases = [("cols", (LN_AFFINE, LN_AFFINE.replace("gamma * x_hat + beta", "gamma.reshape(-1, 1) * x_hat + "
                                                                                "beta.reshape(-1, 1)")),
              "bc_per_feature_column"),
             ("row", (LN_STATS, "    mu = x.mean(axis=1)[np.newaxis]\n"), "bc_per_sample_row"),
             ("flat", (LN_STATS, "    mu = x.mean(axis=1)\n"), "bc_per_sample_flat")]
    for name, change, key in cases:
        for report in _both_sides(submission(tmp_path, name, change), ["layernorm_forward"], lang):
            hint = "\n".join(str(h) for h in _hints(report, "layernorm_forward"))
            assert _fixed(key, lang) in hint and _fixed("rule_norm_broadcast", lang) in hint, (name, hint)


def test_the_broadcast_reading_says_nothing_it_cannot_tell():
    """Square x (N = D), 4-D shapes, or two shapes of no known kind: nothing."""
    from grader.exception_rules import broadcast_reading
    said = "ValueError: operands could not be broadcast together with shapes "
    assert broadcast_reading(said + "(5,5) (5,1) ") == ""
    assert broadcast_reading(said + "(2,3,4,4) (3,1) ") == ""
    assert broadcast_reading(said + "(4,6) (3,) ") == ""
    assert broadcast_reading(said + "(4,6) (6,1) ").key == "bc_per_feature_column"


# -- set I's learning: what the source shows beyond the first exception; readings that say the cause ---------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, functions, untrue", [
    ("norm_raised_more", {"layernorm_forward": ["name_error_param_key", "src_stats_axes"],
                          "spatial_batchnorm_forward": ["name_error_param_key", "src_eps_nowhere"]},
     ["src_g_unused", "src_param_dict_callee"]),
    ("norm_gn_as_sbn", {"spatial_groupnorm_forward": ["rule_norm_param_keys", "src_param_dict_callee",
                                                      "src_callee_batch_axes", "src_g_unused"]}, ["src_eps_nowhere"]),
    ("norm_gn_no_g", {"spatial_groupnorm_forward": ["src_g_unused"]}, ["src_param_dict_callee", "src_eps_nowhere"]),
    ("norm_gn_rows", {"spatial_groupnorm_forward": ["norm_over_gn_rows"]},
     ["norm_over_channel_batch", "src_g_unused", "norm_want_layernorm_forward"]),
    ("norm_staged_params", {"batchnorm_backward": ["dx_change_t3_mean"],
                            "batchnorm_backward_alt": ["pattern_norm_backward_var_for_std",
                                                       "params_change_product_dgamma"]},
     ["dx_change_missing", "pattern_norm_backward_variance_path"]),
    ("norm_params_axes", {"layernorm_backward": ["params_change_axes"],
                          "spatial_groupnorm_backward": ["src_dout_sum_axes"]}, ["params_change_mean"])])
def test_set_i_causes_are_named_beyond_the_first_exception_on_both_sides(tmp_path, lang, name, functions, untrue):
    """A layer norm whose NameError hid statistics over the batch axis, a spatial batch norm whose NameError hid a root
    with no eps, a group norm handing gn_param to spatial batch norm (only the KeyError was told), a group norm that
    never reads G, one averaging down axis 0 of x.reshape(N * G, -1), a staged backward typing the mean for x - mean
    and a dgamma summing dout * gamma * dout: is each named in the graded report and the local check alike, and
    nothing the source does not show?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, list(functions), lang):
        for function, keys in functions.items():
            hint = "\n".join(_hints(report, function))
            for key in keys:
                assert _fixed(key, lang) in hint, (function, key, hint)
            for key in untrue:
                assert _fixed(key, lang) not in hint, (function, key, hint)
    if "norm_staged_params" == name:  # under dgamma, dgamma's reading alone: dx's is dx's
        report = grade(sub, seed=7, functions=["batchnorm_backward_alt"], lang=lang).worded()
        dgamma = [c.hint for c in report.checks if c.function == "batchnorm_backward_alt" and c.name.startswith("dgamma")]
        assert dgamma and _fixed("params_change_product_dgamma", lang) in dgamma[0], dgamma
        assert _fixed("pattern_norm_backward_var_for_std", lang) not in dgamma[0], dgamma


SILENT_SOURCES = [
    # right statistics (axis=-1, np.var(x, axis=1)) in a layer norm raising on an undefined eps name
    (("    mu = x.mean(axis=1, keepdims=True)\n    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
      "    mu = x.mean(axis=-1, keepdims=True)\n    std = np.sqrt(np.var(x, axis=1, keepdims=True) + epsilon)\n"),),
    # eps read under another name, and a typo raising elsewhere
    (("    eps = ln_param.get(\"eps\", 1e-5)\n", "    e = ln_param[\"eps\"]\n    N, D = x.shapes\n"),
     ("std = np.sqrt(x.var(axis=1, keepdims=True) + eps)", "std = np.sqrt(x.var(axis=1, keepdims=True) + e)")),
]


@pytest.mark.parametrize("changes", SILENT_SOURCES)
def test_the_source_readings_stay_silent_where_the_source_is_right(tmp_path, changes):
    """A layer norm raising with its statistics over the right axis, or with eps under another name: is neither the
    axes nor the missing eps said (the exception is)?"""
    from grader.instructor.api import check
    sub = submission(tmp_path, "silent", *changes)
    for report in (grade(sub, seed=7, functions=["layernorm_forward"]).worded(),
                   check(sub, functions=["layernorm_forward"]).worded()):
        checks = [c for c in report.checks if c.function == "layernorm_forward" and c.max_score > 0]
        assert checks and all(c.score < c.max_score for c in checks)  # it raises
        said = "\n".join(str(english(c.hint)) + c.message for c in checks)
        assert "Error" in said, said
        for key in ("src_stats_axes", "src_eps_nowhere", "src_param_dict_callee"):
            assert _fixed(key, "en") not in said, (key, said)


def test_the_syntax_readings_are_silent_on_the_reference_and_on_right_plumbing(tmp_path):
    """The reference's forwards (spatial batch norm handing bn_param to batch norm on a transposed x, group norm
    reading G), read as if they had raised: is nothing said?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    sub = submission(tmp_path, "reference")
    context = SimpleNamespace(package_dir=sub)
    for name in ("batchnorm_forward", "layernorm_forward", "spatial_batchnorm_forward", "spatial_groupnorm_forward",
                 "spatial_batchnorm_backward", "layernorm_backward", "spatial_groupnorm_backward",
                 "batchnorm_backward", "batchnorm_backward_alt"):
        assert syntax_readings(BY_NAME[name], context, raised=True) == [], name


def test_a_dict_built_for_the_callee_and_statistics_of_a_transposed_x_are_not_read_as_mistakes(tmp_path):
    """A layer norm handing batch norm a bn_param it builds from ln_param, on x.T: no dict reading, no axes reading;
    the same layer norm handing ln_param itself is read, unless it put a mode into it first."""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    body = ("    eps = ln_param.get('eps', 1e-5)\n"
            "    out, cache = batchnorm_forward(x.T, gamma[:, None], beta[:, None], {DICT})\n"
            "    mu = np.mean(x.T, axis=0)\n"
            "    return out.T, cache\n")
    for k, (filled, built, keys) in enumerate((("", "{'mode': 'train', 'eps': eps}", []),
                                               ("", "ln_param", ["src_param_dict_callee"]),
                                               ("    ln_param['mode'] = 'train'\n", "ln_param", []),
                                               ("    ln_param.update(mode='train')\n", "ln_param", []))):
        sub = tmp_path / f"sub{k}"
        sub.mkdir()
        (sub / "layers.py").write_text("import numpy as np\n\n\ndef layernorm_forward(x, gamma, beta, ln_param):\n"
                                       + filled + body.replace("{DICT}", built))
        found = syntax_readings(BY_NAME["layernorm_forward"], SimpleNamespace(package_dir=sub), raised=True)
        assert [key for key, _, _ in found] == keys, found


@pytest.mark.parametrize("lines, keys", [
    (["G = C // 2", "xg = x.reshape(N, G, -1)"], ["src_g_overwritten"]),
    (["groups = 2", "xg = x.reshape(N, groups, -1)"], ["src_g_unused"]),
    (["G = C // G", "xg = x.reshape(N, C // G, G, H, W)"], []),  # the groups given back: right, nothing said
    (["G = int(G)", "xg = x.reshape(N, G, -1)"], []),
    (["xg = x.reshape(N, G, -1)"], [])])
def test_a_group_count_that_is_not_g_is_read_from_the_source_only_where_certain(tmp_path, lines, keys):
    """A group norm that never reads G, or overwrites it for good: is it said, and silent where G survives (cast,
    or overwritten and divided back)?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    body = "".join(f"    {line}\n" for line in ["N, C, H, W = x.shape"] + lines + ["return xg, None"])
    (tmp_path / "layers.py").write_text("import numpy as np\n\n\ndef spatial_groupnorm_forward(x, gamma, beta, G, "
                                        "gn_param):\n" + body)
    found = syntax_readings(BY_NAME["spatial_groupnorm_forward"], SimpleNamespace(package_dir=tmp_path), raised=False)
    assert [key for key, _, _ in found] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("line, keys", [
    ("mu = x.mean(axis=0)", ["src_stats_axes"]),
    ("mu = np.var(x)", ["src_stats_axes"]),
    ("mu = x.mean(axis=(0, -2, -1))", []),
    ("mu = x.mean(axis=0).mean(axis=(1, 2))", []),  # a mean of a mean: right, nothing said
    ("mu = np.mean(np.mean(x, axis=0), axis=(1, 2))", [])])
def test_statistics_of_x_are_read_from_the_source_only_where_certain(tmp_path, line, keys):
    """A spatial batch norm that raised: are statistics of x over axes not (0, 2, 3) said, and a right set of axes,
    written with negative axes or as a mean of a mean, not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text("import numpy as np\n\n\ndef spatial_batchnorm_forward(x, gamma, beta, "
                                        f"bn_param):\n    eps = bn_param['eps']\n    {line}\n    return mu, None\n")
    context = SimpleNamespace(package_dir=tmp_path)
    found = syntax_readings(BY_NAME["spatial_batchnorm_forward"], context, raised=True)
    assert [key for key, _, _ in found] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")
    assert syntax_readings(BY_NAME["spatial_batchnorm_forward"], context, raised=False) == []  # its outputs speak


@pytest.mark.parametrize("root, keys", [
    ("np.sqrt(var)", ["src_eps_nowhere"]),
    ("var ** 0.5", ["src_eps_nowhere"]),
    ("np.sqrt(var + 10 ** -5)", []),
    ("np.sqrt(var + float('1e-8'))", []),
    ("np.sqrt(var + EPS)", []),
    ("np.sqrt(var + np.finfo(float).eps)", [])])
def test_a_root_with_no_eps_is_read_only_where_no_eps_is_anywhere(tmp_path, root, keys):
    """A layer norm that raised: is a root with no eps in the whole function said, and eps written as 10 ** -5, a
    string, a constant's name or NumPy's machine epsilon not mistaken for none?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text("import numpy as np\n\n\ndef layernorm_forward(x, gamma, beta, ln_param):\n"
                                        f"    var = x.var(axis=1, keepdims=True)\n    std = {root}\n"
                                        "    return (x - x.mean(axis=1, keepdims=True)) / std, None\n")
    found = syntax_readings(BY_NAME["layernorm_forward"], SimpleNamespace(package_dir=tmp_path), raised=True)
    # its stand-in for the raise is a name nothing assigns, said by src_name_undefined: not what this test reads
    assert [key for key, _, _ in found if not key.startswith("src_name_undefined")] == keys, found


@pytest.mark.parametrize("name, line, keys", [
    ("layernorm_backward", "dbeta = dout.sum(axis=1)", ["src_dout_sum_axes"]),
    ("layernorm_backward", "dbeta = np.sum(dout, axis=0)", []),
    ("layernorm_backward", "dsum = np.sum(dout, axis=1)", []),  # not dbeta: a term of dx, read from its numbers
    ("spatial_batchnorm_backward", "dbeta = np.sum(dout, axis=(0, 2)).reshape(-1)", ["src_dout_sum_axes"]),
    ("spatial_groupnorm_backward", "dbeta = dout.sum(axis=(0, -2, -1), keepdims=True)", [])])
def test_a_dbeta_summed_over_other_axes_is_read_from_the_source_where_the_backward_raised(tmp_path, name, line, keys):
    """A backward that raised before its dbeta was judged: is a dbeta summing dout over the wrong axes said, and a
    right one, or a sum of dout that is not dbeta, not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text(f"import numpy as np\n\n\ndef {name}(dout, cache):\n    {line}\n"
                                        "    return undefined, None, None\n")
    found = syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=True)
    # its stand-in for the raise is a name nothing assigns, said by src_name_undefined: not what this test reads
    assert [key for key, _, _ in found if not key.startswith("src_name_undefined")] == keys, found
    assert syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=False) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_slips_behind_a_backwards_name_error_are_said_beside_it_on_both_sides(tmp_path, lang):
    """Set K: a group-norm backward under a failing forward, stopped by a name only its forward had, that counts the
    batch N where the group's count belongs and multiplies 2 by the mean; a layer-norm backward stopped by a misspelt
    name that counts N where D belongs. Does each hint keep its own NameError reading (beside the plumbing line where
    there is one) and say the slips behind it, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_backward_raised_more")
    functions = ["layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "layernorm_forward")
        ln = "\n".join(str(h) for h in _hints(report, "layernorm_backward"))
        assert _fixed("name_error_near", lang) in ln and _fixed("src_count_batch", lang) in ln, ln
        assert _fixed("src_twice_the_mean", lang) not in ln, ln
        gn = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_backward"))
        for key in ("depends_on", "plumb_raises", "name_error_near", "src_count_batch", "src_twice_the_mean"):
            assert _fixed(key, lang) in gn, (key, gn)
        assert "`rows_hat`" in gn and "`(2 * mean * dvar)" not in gn, gn
        # the name that stopped the run is said once, by its NameError reading, not again as one not reached yet
        assert _fixed("src_name_undefined", lang) not in gn + ln, (gn, ln)
    # a backward stopped by an UnboundLocalError under a failing forward: the plumbing line says it raised, its own
    # hint adds what else the source shows (a name nothing assigns), without saying again that it raised
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward", "spatial_batchnorm_forward",
                                    "spatial_batchnorm_backward"], lang):
        sbn = [str(c.hint) for c in report.checks if c.function == "spatial_batchnorm_backward"
               and c.score < c.max_score]
        assert sbn and all(_fixed("plumb_raises", lang) in h and _fixed("diag_raised", lang) not in h for h in sbn)
        assert any(_fixed("src_name_undefined", lang) in h and "`scale`" in h for h in sbn), sbn
        if lang == "zh":
            assert not english_sentences(ln) and not english_sentences(gn), (ln, gn)


@pytest.mark.parametrize("name, lines, keys", [
    ("spatial_groupnorm_backward", ["N, C, H, W = dout.shape", "dx = dx_hat / N"], ["src_count_batch"]),
    ("spatial_groupnorm_backward", ["N = dout.shape[0]", "dx = (1. / N) * dx_hat"], ["src_count_batch"]),
    ("layernorm_backward", ["N, D = dout.shape", "dx = dx_hat / N"], ["src_count_batch"]),
    ("layernorm_backward", ["N, D = dout.shape", "dx = dx_hat / D"], []),  # the layer's own count
    ("layernorm_backward", ["D, N = dout.T.shape", "dx = dx_hat / N"], []),  # not a size of the input as it came
    ("layernorm_backward", ["N, D = dout.shape", "N = D", "dx = dx_hat / N"], []),  # renamed: not the batch any more
    ("batchnorm_backward", ["N, D = dout.shape", "dx = dx_hat / N"], []),  # batch norm's count is N
    ("spatial_groupnorm_backward", ["mean = np.mean(x_hat, axis=1)", "dx = 2 * mean * dvar"], ["src_twice_the_mean"]),
    ("spatial_groupnorm_backward", ["mean = np.mean(x_hat, axis=1)", "dx = 2 * (x_hat - mean) * dvar"], []),
    ("layernorm_backward", ["mean = x_hat.mean(axis=1)", "dx = dvar * mean * 2.0"], ["src_twice_the_mean"]),
    ("layernorm_backward", ["mean = x_hat - x_hat.mean(axis=1)", "dx = 2 * mean * dvar"], [])])  # a deviation
def test_a_backwards_count_and_its_variance_term_are_read_from_the_source_only_where_certain(tmp_path, name, lines,
                                                                                              keys):
    """A backward that raised: is a division by the batch size where the layer counts per sample said, and 2 times
    the mean itself; and the layer's own count, a size renamed, batch norm's N, or 2 * (x - mean), not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    body = "".join(f"    {line}\n" for line in ["x_hat, dvar, dx_hat = cache"] + lines)
    (tmp_path / "layers.py").write_text(f"import numpy as np\n\n\ndef {name}(dout, cache):\n" + body
                                        + "    return undefined, None, None\n")
    found = syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=True)
    assert [key for key, _, _ in found if key in ("src_count_batch", "src_twice_the_mean")] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")
    assert syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=False) == []


@pytest.mark.parametrize("name, lines, keys", [
    ("spatial_groupnorm_forward", ["g = np.tile(gamma[i * s:(i + 1) * s], H * W)"],
     ["src_tile_per_channel", "src_param_slice_first_axis"]),  # set K: both
    ("spatial_groupnorm_forward", ["g = np.tile(gamma.reshape(-1)[i * s:(i + 1) * s], H * W)"],
     ["src_tile_per_channel"]),  # the slice taken right, the order still tile's
    ("spatial_groupnorm_forward", ["g = np.repeat(gamma.reshape(-1)[i * s:(i + 1) * s], H * W)"], []),
    ("spatial_groupnorm_forward", ["xt = x.transpose(0, 2, 3, 1)", "g = np.tile(gamma.reshape(-1), H * W)"], []),
    ("spatial_batchnorm_forward", ["g = np.tile(gamma, (N * H * W, 1))"], []),  # rows of channel-last columns
    ("spatial_batchnorm_forward", ["g = np.tile(gamma, H * W)"], ["src_tile_per_channel"]),
    ("spatial_batchnorm_forward", ["g = gamma[0:C]"], []),  # spatial batch norm's gamma is (C,): a slice is right
    ("spatial_groupnorm_forward", ["gamma = gamma.reshape(-1)", "g = np.tile(gamma[0:2], H * W)"], [])])  # renamed
def test_a_per_channel_layout_is_read_from_the_source_only_where_certain(tmp_path, name, lines, keys):
    """A spatial norm laying gamma out with np.tile along a flattened axis while x keeps its channels before H and
    W, and a group norm slicing its (1, C, 1, 1) gamma as if (C,): are both said, and np.repeat, a transposed x,
    tiled rows, spatial batch norm's (C,) slice or a gamma reassigned first, not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    params = "x, gamma, beta, G, gn_param" if "group" in name else "x, gamma, beta, bn_param"
    body = "".join(f"    {line}\n" for line in ["N, C, H, W = x.shape", "i, s = 0, 2"] + lines)
    (tmp_path / "layers.py").write_text(f"import numpy as np\n\n\ndef {name}({params}):\n" + body
                                        + "    return g * x, None\n")
    found = syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=False)
    assert [key for key, _, _ in found if key.startswith(("src_tile", "src_param_slice"))] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_tiling_gamma_hears_its_plumbing_and_which_layout_on_both_sides(tmp_path, lang):
    """Set K: a group norm as layer norm per group chunk, gamma sliced as if (C,) and tiled where np.repeat belongs,
    over a right layer norm. Is it told what it hands layer norm (the plumbing line, not lost behind the source's
    readings) and which of its lines lay gamma out wrong, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_gn_tiled")
    for report in _both_sides(sub, ["layernorm_forward", "spatial_groupnorm_forward"], lang):
        assert not _hints(report, "layernorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_forward"))
        for key in ("plumb_open_alone", "plumb_gamma_shape", "src_tile_per_channel", "src_param_slice_first_axis"):
            assert _fixed(key, lang) in hint, (key, hint)
        assert hint.index(_fixed("plumb_gamma_shape", lang)) < hint.index(_fixed("src_tile_per_channel", lang))
        assert "`np.repeat(gamma[g * size:(g + 1) * size], H * W)`" in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_tiled_group_norms_mirrored_backward_hears_what_it_mirrors_on_both_sides(tmp_path, lang):
    """Set K: the backward of a group norm that tiles gamma where np.repeat belongs, gathering dgamma back in
    np.tile's order. Is it told, beside its root, what it mirrors (the forward's np.tile, in the forward's own
    reading) rather than "see it there", in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_gn_tiled_mirror")
    functions = ["layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "layernorm_forward") and not _hints(report, "layernorm_backward")
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_backward"))
        for key in ("depends_on", "depends_mirror", "src_tile_per_channel"):
            assert _fixed(key, lang) in hint, (key, hint)
        assert UNREAD[lang] not in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("layout, gathered, keys", [
    ("np.tile", "dg.reshape(-1, size).sum(axis=0)", ["src_untile_mirror"]),
    ("np.tile", "dg.reshape(size, -1).sum(axis=1)", []),  # np.repeat's order gathered: not a mirror of the tile
    ("np.repeat", "dg.reshape(-1, size).sum(axis=0)", [])])  # no tile in the forward: nothing mirrored
def test_a_gradient_gathered_back_in_tiles_order_is_read_only_under_a_tiling_forward(tmp_path, layout, gathered, keys):
    """A group-norm backward that raised: is dgamma summed back as np.tile laid gamma out said only where its
    forward tiles gamma?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text(
        "import numpy as np\n\n\ndef spatial_groupnorm_forward(x, gamma, beta, G, gn_param):\n"
        "    N, C, H, W = x.shape\n    size = C // G\n"
        f"    g = {layout}(gamma.reshape(-1)[:size], H * W)\n    return g, None\n\n\n"
        "def spatial_groupnorm_backward(dout, cache):\n    size, dg = cache\n"
        f"    dgamma = {gathered}\n    return undefined, dgamma, None\n")
    found = syntax_readings(BY_NAME["spatial_groupnorm_backward"], SimpleNamespace(package_dir=tmp_path), raised=True)
    assert [key for key, _, _ in found if key == "src_untile_mirror"] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_of_a_forward_over_few_values_is_told_what_it_mirrors_on_both_sides(tmp_path, lang):
    """Set I: a from-scratch group-norm backward, the exact gradient of its forward over axis 0 of
    x.reshape(N * G, -1), whose numeric gradient on the two-row case (N = 1, G = 2) is 2e-6 off. Is it told what it
    mirrors, not only its root, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_gn_rows_mirror")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        hints = [str(h) for h in _hints(report, "spatial_groupnorm_backward")]
        assert hints and any(_fixed("depends_mirror", lang) in h and _fixed("norm_over_gn_rows", lang) in h
                             for h in hints), hints
        if lang == "zh":
            assert not any(english_sentences(h) for h in hints), hints


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dgamma_wrong_whatever_the_forward_is_told_beside_its_root_on_both_sides(tmp_path, lang):
    """Set I: dgamma summing dout * gamma * dout, under a forward with eps outside the square root. Is the dgamma
    check told its own mistake beside the root's line (no forward makes that sum right), and the dx check, right
    for that forward's cache, not claimed to have one, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_dgamma_forward_free")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        checks = [c for c in report.checks if c.function == "batchnorm_backward" and c.score < c.max_score]
        dgamma = [str(c.hint) for c in checks if c.name.startswith("dgamma")]
        dx = [str(c.hint) for c in checks if c.name.startswith("dx")]
        assert dgamma and all(_fixed("depends_also_forward_free", lang) in h and "`dout * gamma * dout`" in h
                              for h in dgamma), dgamma
        assert dx and not any(_fixed("depends_also_forward_free", lang) in h for h in dx), dx
        if lang == "zh":
            assert not any(english_sentences(h) for h in dgamma), dgamma


def test_the_new_source_readings_are_silent_on_every_right_function_we_keep(tmp_path):
    """The reference's dropout and normalisations and every one of them the realistic suite marks correct, read as if
    they had raised: is none of set K's and M's source readings said?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    from grader.instructor.realistic import SUITE
    subs = [submission(tmp_path, "reference")]
    subs += [_realistic(tmp_path, name) for name, functions in SUITE.items()
             if any(f in BY_NAME and codes == ["correct"] for f, codes in functions.items())]
    read = 0
    new = ("src_count_batch", "src_twice_the_mean", "src_gamma_on_flat_view", "src_name_undefined",
           "src_name_undefined_d", "src_tile_per_channel", "src_param_slice_first_axis", "src_untile_mirror",
           "src_no_parentheses", "src_running_misspelt", "src_running_overwritten", "src_eps_twice", "src_var_squared",
           "src_unknown_keyword", "src_dx_hat_over_var", "src_gn_params_from_ln", "src_running_every_mode",
           "src_cache_left_none")
    for sub in subs:
        for name in ("batchnorm_backward", "batchnorm_backward_alt", "layernorm_backward",
                     "spatial_batchnorm_backward", "spatial_groupnorm_backward", "batchnorm_forward",
                     "layernorm_forward", "spatial_batchnorm_forward", "spatial_groupnorm_forward",
                     "dropout_forward", "dropout_backward"):
            if sub.name != "reference" and SUITE[sub.name].get(name) != ["correct"]:
                continue
            found = syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=sub), raised=True)
            read += 1
            assert not [k for k, _, _ in found if k in new], (sub, name, found)
    assert read > 10


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_backward_half_adapted_from_layer_norm_is_told_what_d_and_gamma_need_on_both_sides(tmp_path,
                                                                                                       lang):
    """Set M: a group-norm backward multiplying its (1, C, 1, 1) gamma into dout.reshape(N * G, -1) and counting
    with D, never defined. Is it told what D stands for in a group norm (not "take it from dout.shape": D is no size
    of x) and what the gamma needs, in the graded report and the local check, with its right forward earning every
    point?"""
    sub = _realistic(tmp_path, "norm_gn_half_adapted")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_backward"))
        for key in ("name_error_group_count", "src_gamma_on_flat_view"):
            assert _fixed(key, lang) in hint, (key, hint)
        assert _fixed("name_error_shape", lang) not in hint and "C // G * H * W" in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("name, lines, keys", [
    ("spatial_groupnorm_backward", ["d2 = dout.reshape(N * G, -1)", "g = d2 * gamma"], ["src_gamma_on_flat_view"]),
    ("spatial_groupnorm_backward", ["d2 = np.reshape(dout, (N * G, -1))", "d3 = d2", "g = gamma * 2 * d3"],
     ["src_gamma_on_flat_view"]),  # through a copy, in a chain of products
    ("spatial_groupnorm_backward", ["g = (dout * gamma).reshape(N * G, -1)"], []),  # the right order
    ("spatial_groupnorm_backward", ["d5 = dout.reshape(N, G, C // G, H, W)", "g = d5 * gamma"], []),  # not 2-D/3-D
    ("spatial_groupnorm_backward", ["d2 = dout.reshape(N * G, -1)", "g = d2 * scale"], []),  # not the forward's gamma
    ("spatial_groupnorm_backward", ["gamma = gamma.reshape(1, -1)", "d2 = dout.reshape(N * G, -1)", "g = d2 * gamma"],
     []),  # gamma reshaped first: not the (1, C, 1, 1) it came as
    ("spatial_groupnorm_forward", ["x2 = x.reshape(N * G, -1)", "g = gamma * x2"], ["src_gamma_on_flat_view"])])
def test_gamma_on_a_flat_view_is_read_from_the_source_only_where_certain(tmp_path, name, lines, keys):
    """A group norm that raised: is its (1, C, 1, 1) gamma multiplied into a two- or three-axis reshape of dout or x
    said, and gamma applied before the reshape, a five-axis view, another scale or a gamma reshaped first, not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    forward = ("def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):\n"
               + ("".join(f"    {line}\n" for line in ["N, C, H, W = x.shape"] + lines) + "    return g, None\n"
                  if name.endswith("_forward") else "    cache = (x, gamma, G)\n    return x, cache\n"))
    backward = ("def spatial_groupnorm_backward(dout, cache):\n    x, gamma, G = cache\n    scale = 2.0\n"
                + "".join(f"    {line}\n" for line in ["N, C, H, W = dout.shape"] + lines) + "    return g, g, g\n")
    (tmp_path / "layers.py").write_text("import numpy as np\n\n\n" + forward + "\n\n" + backward)
    found = syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=True)
    assert [key for key, _, _ in found if key == "src_gamma_on_flat_view"] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("name, head, line, keys", [
    ("spatial_groupnorm_backward", "", "dx = dout / D", ["src_name_undefined_d"]),  # set M: group norm's count
    ("layernorm_backward", "", "dx = dout / D", ["src_name_undefined"]),
    ("layernorm_backward", "D = 4\n", "dx = dout / D", []),  # a module-level constant
    ("layernorm_backward", "from math import sqrt\n", "dx = dout / sqrt(2)", []),  # an import
    ("layernorm_backward", "", "dx = dout / len(cache)", []),  # a builtin
    ("layernorm_backward", "", "dx = sum(v for v in cache)", []),  # a name bound by the function
    ("layernorm_backward", "def helper():\n    scale = 2\n", "dx = dout * scale", ["src_name_undefined"]),  # another's
    ("layernorm_backward", "def helper():\n    return 2\n", "dx = dout * helper()", []),  # a module function
    ("layernorm_backward", "from numpy import *\n", "dx = dout * sqrt(2)", [])])  # a star import: cannot tell
def test_a_name_nothing_assigns_is_read_from_the_source_only_where_certain(tmp_path, name, head, line, keys):
    """A normalisation that raised: is a name it reads that nothing binds said (with group norm's D read as its
    count), and a module constant, an import, a builtin, its own binding or a module function not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text(f"import numpy as np\n{head}\n\ndef {name}(dout, cache):\n    {line}\n"
                                        "    return dx, None, None\n")
    found = syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=True)
    assert [key for key, _, _ in found if key.startswith("src_name_undefined")] == keys, found
    assert syntax_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), raised=False) == []
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("view, stats, keys", [
    ("x.reshape(N, G, C // G, H, W)", "xg.mean(axis=(0, 2, 3, 4), keepdims=True)", ["src_stats_axes_view"]),
    ("x.reshape(N, G, C // G, H, W)", "xg.mean(axis=(2, 3, 4), keepdims=True)", []),
    ("x.reshape(N, G, -1)", "np.var(xg, axis=-1, keepdims=True)", []),
    ("x.reshape(N * G, -1)", "np.mean(xg, axis=0)", ["src_stats_axes_view"]),  # set I's axis 0
    ("x.reshape(N * G, -1)", "np.mean(xg, axis=1, keepdims=True)", []),
    ("x.reshape(N, C // G, G, H, W)", "xg.mean(axis=(0, 1))", [])])  # a view not known: nothing said
def test_statistics_of_a_grouped_view_are_read_from_the_source_where_a_group_norm_raised(tmp_path, view, stats, keys):
    """A group norm that raised (an undefined name): are statistics over the wrong axes of its grouped view said,
    and right ones, or an unknown view's, not?"""
    from grader.exception_rules import syntax_readings
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text(
        "import numpy as np\n\n\ndef spatial_groupnorm_forward(x, gamma, beta, G, gn_param):\n"
        f"    N, C, H, W = x.shape\n    xg = {view}\n    mu = {stats}\n    return undefined, None\n")
    found = syntax_readings(BY_NAME["spatial_groupnorm_forward"], SimpleNamespace(package_dir=tmp_path), raised=True)
    # its stand-in for the raise is a name nothing assigns, said by src_name_undefined: not what this test reads
    assert [key for key, _, _ in found if not key.startswith("src_name_undefined")] == keys, found
    for _, said, _ in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("function, line, raised, key", [
    ("layernorm_forward", "out = x / np.sqrt(x.var() + epsilon)", "epsilon", "name_error_param_key"),
    ("batchnorm_forward", "out = x * momentum", "momentum", "name_error_param_key"),
    ("layernorm_forward", "out = x.reshape(N, D)", "N", "name_error_shape"),
    ("layernorm_forward", "std = 1.0\n    out = x / sd", "sd", "name_error_near"),
    ("layernorm_forward", "out = x * undefined_thing", "undefined_thing", "name_error_never"),
    ("layernorm_forward", "out = x1 * gamma", "x1", "name_error_never"),  # set K: x1 is no typo of x
    ("layernorm_forward", "x_hat2 = x\n    out = x_hat * gamma", "x_hat", "name_error_never"),  # nor x_hat of x_hat2
    ("layernorm_forward", "out = x / sqrt(x.var() + 1e-5)", "sqrt", "name_error_numpy"),  # set M
    ("layernorm_forward", "out = x / sqrt", "sqrt", "name_error_never"),  # not called: no function meant
    ("layernorm_forward", "out = x / sqrtt(x.var() + 1e-5)", "sqrtt", "name_error_never"),  # numpy has none
    ("layernorm_forward", "out = x * xrange", "xrange", ""),  # the Python 2 rule's
    ("conv_forward_naive", "out = x * epsilon", "epsilon", ""),  # not a normalisation
    ("layernorm_forward", "epsilon = 1e-5\n    out = x * epsilon", "epsilon", "")])  # assigned: nothing sure
def test_a_name_error_is_read_from_the_function_that_raised_it(tmp_path, function, line, raised, key):
    """A NameError in a normalisation: is it told as a key of the parameter dict, a size of x, a near spelling of a
    name the function assigns, or a name never assigned, in both languages; and silent outside the family or
    where the name is assigned after all?"""
    from grader.exception_rules import name_error_reading
    from grader.functions import BY_NAME
    params = {"layernorm_forward": "x, gamma, beta, ln_param", "batchnorm_forward": "x, gamma, beta, bn_param",
              "conv_forward_naive": "x, w, b, conv_param"}[function]
    (tmp_path / "layers.py").write_text(f"import numpy as np\n\n\ndef {function}({params}):\n    {line}\n"
                                        "    return out, None\n")
    context = SimpleNamespace(package_dir=tmp_path, source_line=lambda f, n: "")
    said = name_error_reading(BY_NAME[function], f"NameError: name '{raised}' is not defined",
                              [f"layers.py:5 in {function}"], context)
    assert (_said_keys(said) == {key}) if key else said == "", english(said)
    if key:
        assert f"`{raised}`" in english(said) and not english_sentences(render(said, "zh")), render(said, "zh")
        assert (f"`np.{raised}`" in english(said)) == (key == "name_error_numpy"), english(said)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_reading_a_name_of_its_forward_is_told_so_on_both_sides(tmp_path, lang):
    """Set K: a group-norm backward reading `x1`, the grouped x only its forward computed, was told "a name close to
    it is `x`" (the input): is it told the name is its forward's, to be stored in the cache, in the graded report and
    the local check, and its right forward keep every point?"""
    sub = _realistic(tmp_path, "norm_gn_backward_forward_name")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        hint = _hints(report, "spatial_groupnorm_backward")[0]
        assert _fixed("name_error_forward_only", lang) in hint and "`x1`" in hint, hint
        assert _fixed("name_error_near", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dgamma_without_eps_is_told_the_same_true_sentence_cached_or_recomputed(tmp_path, lang):
    """A dgamma made with an x_hat without eps was told its x_hat was "recomputed", untrue where the backward reads
    it from the cache: is the one sentence, true of both, said of a recomputed and of a cached x_hat alike, on both
    sides, and do their forwards keep every point?"""
    for name in ("norm_recomputed", "norm_dgamma_cached_no_eps"):
        sub = _realistic(tmp_path, name)
        for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
            assert not _hints(report, "batchnorm_forward")
            hint = "\n".join(_hints(report, "batchnorm_backward"))
            assert translate("pattern_dgamma_eps_missing", lang).split("{")[0] in hint, hint
            assert _fixed("pattern_dgamma_eps_missing", lang) in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_slips_of_the_formula_are_both_named_on_both_sides(tmp_path, lang):
    """The sweep's pairs: x not centred beside a variance without its root, the unbiased variance beside eps outside
    the root, told "check the formula itself": are both slips named, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_form_pairs")
    for report in _both_sides(sub, ["layernorm_forward", "spatial_groupnorm_forward"], lang):
        ln = _hints(report, "layernorm_forward")[0]
        assert translate("form_not_centred", lang) in ln and translate("form_no_sqrt", lang) in ln, ln
        gn = _hints(report, "spatial_groupnorm_forward")[0]
        assert translate("form_var_unbiased", lang) in gn and translate("form_eps_outside_sqrt", lang) in gn, gn


def test_a_paired_formula_is_no_reading_of_a_single_slip():
    """Is a single slip still read as itself (the pair's two changes count as two), and the right formula as right?"""
    from grader.layer_patterns import form_hint
    from grader.functions import BY_NAME
    from grader.instructor.reference import expected_outputs
    graded = BY_NAME["layernorm_forward"]
    rng = np.random.default_rng(3)
    from grader.functions import Case
    cases = [Case({"x": rng.normal(size=(4, 6)), "gamma": rng.normal(size=6), "beta": rng.normal(size=6)},
                  {"ln_param": {"eps": 1e-5}}, "x (4, 6)") for _ in range(2)]
    def said(make):
        outputs = [SimpleNamespace(problem="", arrays={"out": make(c.arrays["x"]) * c.arrays["gamma"]
                                                       + c.arrays["beta"]}) for c in cases]
        return english(form_hint(graded, cases, outputs))
    single = said(lambda x: x / np.sqrt(x.var(axis=1, keepdims=True) + 1e-5))
    assert english(translate("form_not_centred", "en")) in single and "square root:" not in single, single
    assert said(lambda x: (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bare_numpy_call_is_told_on_both_sides(tmp_path, lang):
    """Set M: a layer norm calling sqrt(...) with numpy imported as np. Is it told numpy's np.sqrt, in the graded
    report and the local check, its right backward only its root, and no point moved for that backward's own code?"""
    from tests.no_english import english_sentences
    sub = _realistic(tmp_path, "norm_name_numpy")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "layernorm_forward"))
        assert _fixed("name_error_numpy", lang) in hint and "`np.sqrt`" in hint, hint
        assert _fixed("name_error_never", lang) not in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_std_against_its_reversed_layout_is_told_so_on_both_sides(tmp_path, lang):
    """Set K: a group-norm backward on x_hat.reshape(N, G, -1).T, (K, G, N), dividing by its std kept (N, G, 1).
    Is it told, beside the broadcast paragraph, that one array is in the reversed layout of the other, in the graded
    report and the local check, with its right forward earning every point?"""
    from tests.no_english import english_sentences
    sub = _realistic(tmp_path, "norm_gn_reversed")
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_backward"))
        assert _fixed("rule_norm_broadcast", lang) in hint and _fixed("bc_reversed", lang) in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("a, b, said", [
    ((40, 3, 2), (2, 3, 1), True), ((2, 3, 1), (40, 3, 2), True),  # set K: (K, G, N) against (N, G, 1)
    ((24, 1, 2), (2, 1, 1), True),  # the same with G = 1
    ((6, 4), (4, 6), False),  # two axes: broadcast_reading's swapped sizes
    ((2, 3, 4), (2, 5, 4), False),  # a size of the wrong group count, not a reversed layout
    ((2, 6, 4, 5), (1, 3, 1, 1), False),  # gamma of the wrong channel count
    ((2, 6, 20), (2, 3, 1), False)])  # a statistic of another group count
def test_a_reversed_layout_is_read_only_where_reversing_one_shape_makes_the_two_broadcast(a, b, said):
    """Is the reversed layout named exactly where one shape, its axes reversed, broadcasts with the other?"""
    from grader.exception_rules import reversed_layout_reading
    raised = ("ValueError: operands could not be broadcast together with shapes "
              f"({','.join(map(str, a))}) ({','.join(map(str, b))}) ")
    reading = reversed_layout_reading(raised)
    assert (getattr(reading, "key", "") == "bc_reversed") == said, english(reading)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_statistic_multiplied_out_against_a_transposed_view_is_told_so_on_both_sides(tmp_path, lang):
    """Set K: a group-norm backward multiplying its (N, G, 1, 1, 1) inverse std into a transposed (K, N * G) view,
    which broadcasts without an error and raises only at the reshape back. Is it told, beside the reshape rule, that
    the array holds N * G times x's values because two layouts were broadcast together, in the graded report and the
    local check, with its right forward earning every point?"""
    sub = _realistic(tmp_path, "norm_gn_multiplied")
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_backward"))
        assert _fixed("rule_norm_reshape", lang) in hint and _fixed("reshape_multiplied_out", lang) in hint, hint
        assert "(2, 6, 4, 5)" in hint and "1440" in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("raised, said", [
    ("ValueError: cannot reshape array of size 1440 into shape (2,6,4,5)", True),  # N * G = 6 times x's size
    ("ValueError: cannot reshape array of size 2880 into shape (2,3,2,4,5)", True),  # the grouped five axes
    ("ValueError: cannot reshape array of size 120 into shape (2,6,4,5)", False),  # smaller: a statistic, a slice
    ("ValueError: cannot reshape array of size 300 into shape (2,6,4,5)", False),  # not a whole multiple
    ("ValueError: cannot reshape array of size 480 into shape (2,240)", False),  # two axes: not x's shape
    ("ValueError: cannot reshape array of size 1440 into shape (6,newaxis)", False)])  # -1: no size to compare
def test_a_reshape_is_read_as_multiplied_out_only_where_the_array_is_a_whole_multiple_of_x(raised, said):
    """Is "two layouts broadcast together" said only where an array reshaped to x's four (or five) axes holds a
    whole multiple (two or more) of x's values?"""
    from grader.exception_rules import multiplied_out_reading
    reading = multiplied_out_reading(raised)
    assert (getattr(reading, "key", "") == "reshape_multiplied_out") == said, english(reading)


def _said_keys(hint):
    from grader.exception_rules import _said
    return _said(hint)
# -- the own-forward reading, tri-state (issue 19, eighth round): wrong, right (a mirror), or cannot tell -----------

def _ln_reading(dx_axis, forward_axis, eps_outside=False, keep=None, raised=()):
    """The own-forward reading of a layer-norm backward whose dx is the textbook's formula over ``dx_axis``, under
    our own forward over ``forward_axis`` (eps outside the square root if asked), on the cases ``keep`` picks; the
    backward's output on the cases ``raised`` is an exception."""
    from grader.functions import BY_NAME
    from grader.functions import param_of as _param
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import own_forward_reading
    graded = BY_NAME["layernorm_backward"]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {})
             if c.arrays["x"].shape[0] > 1 and (keep is None or keep(c))]

    def std_of(x, axis, eps):
        return np.sqrt(x.var(axis=axis, keepdims=True)) + eps if eps_outside else \
            np.sqrt(x.var(axis=axis, keepdims=True) + eps)

    class Context:
        def probe(self, forward, probes):
            return [SimpleNamespace(problem="", arrays={"out": c.arrays["gamma"] * (c.arrays["x"] - c.arrays["x"].mean(
                axis=forward_axis, keepdims=True)) / std_of(c.arrays["x"], forward_axis, _param(c, "eps"))
                + c.arrays["beta"]}) for c in probes]

    def dx_over(case):
        x, dout, gamma, eps = case.arrays["x"], case.arrays["dout"], case.arrays["gamma"], _param(case, "eps")
        n, std = x.shape[dx_axis], std_of(x, dx_axis, eps)
        x_hat, dx_hat = (x - x.mean(axis=dx_axis, keepdims=True)) / std, dout * gamma
        return (n * dx_hat - dx_hat.sum(axis=dx_axis, keepdims=True)
                - x_hat * (dx_hat * x_hat).sum(axis=dx_axis, keepdims=True)) / (n * std)
    outputs = [SimpleNamespace(problem="ValueError" if i in raised else "", arrays={} if i in raised else
                               {"dx": dx_over(c)}) for i, c in enumerate(cases)]
    return own_forward_reading(graded, cases, outputs, Context())


def test_the_own_forward_reading_tells_a_mirror_a_mistake_and_what_it_cannot_tell():
    """Read with no reference: a backward over the batch axis under a forward over the batch axis is its forward's
    gradient ("right"); a backward over the other axis is "wrong"; the textbook backward under a forward with eps
    outside the square root is neither (a gap eps explains), nor is a mirror read on no case where eps's placement
    shows, nor one that raised on a case."""
    assert _ln_reading(0, 0) == "right"
    assert _ln_reading(1, 0) == "wrong" and _ln_reading(0, 1) == "wrong"
    assert _ln_reading(1, 1, eps_outside=True) == ""
    assert _ln_reading(0, 0, keep=lambda c: c.params["ln_param"]["eps"] < 0.01) == ""
    assert _ln_reading(0, 0, raised=(0,)) == ""


# -- set J: a dropout backward that mirrors its forward's own way of dropping, a forward caching out -------------

DROPOUT = ["dropout_forward", "dropout_backward"]
REFERENCE_DRAW = "        mask = (np.random.rand(*x.shape) < p) / p\n        out = x * mask\n"
# a forward for 2-D input only that draws the units it DROPS with probability p (CS231n 2016's p) and caches them
DROPS_2D = (REFERENCE_DRAW, "        N, D = x.shape\n        dropped = np.random.rand(N, D) < p\n"
                            "        out = np.where(dropped, 0.0, x) / (1 - p)\n        mask = dropped\n")
# backwards that rebuild that forward's way of dropping: exact for it, not for the mask a right forward stores
REBUILT = {"raises": ("        dx = dout * mask\n", "        dx = dout / (1 - dropout_param[\"p\"])\n"
                                                 "        dx[mask] = 0.0\n"),
           "wrong": ("        dx = dout * mask\n",
                     "        dx = np.where(mask, 0.0, dout) / (1 - dropout_param[\"p\"])\n")}


def _dropout_backward_hint(report):
    return "\n".join(_hints(report, "dropout_backward"))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("backward", ["raises", "wrong"])
def test_a_dropout_backward_mirroring_its_forwards_drop_mask_is_told_so_on_both_sides(tmp_path, lang, backward):
    """A dropout_backward exact for its own forward (which keeps with 1 - p and raises on 4-D input) and wrong on the
    documented mask where that forward raised (set J): beside "depends on dropout_forward", is it told that it
    repeats the forward's mistake, quoted from the forward's hint, and what it did on the documented cache?"""
    sub = submission(tmp_path, backward, DROPS_2D, REBUILT[backward])
    for report in _both_sides(sub, DROPOUT, lang):
        hint = _dropout_backward_hint(report)
        assert translate("depends_on", lang, function="dropout_backward", root="dropout_forward") in hint
        for key in ("depends_mirror", "dropout_backward_mirror_cache"):
            assert _fixed(key, lang) in hint, (key, hint)
        assert translate("dropout_keeps_1_minus_p", lang) in hint  # what the forward's own hint reads
        how = translate("dropout_mirror_raised", lang, raised="IndexError") if backward == "raises" else \
            translate("dropout_mirror_wrong", lang)
        assert how in hint
        assert lang == "en" or not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_textbook_dropout_backward_under_that_forward_stays_silent(tmp_path, lang):
    """The same forward (2-D only, keeps with 1 - p) with the textbook backward, dout times the cached mask: the
    backward is right for that forward and right on the documented mask, so it loses nothing and hears nothing,
    and the reference loses nothing either."""
    float_mask = (REFERENCE_DRAW, "        N, D = x.shape\n        mask = (np.random.rand(N, D) > p) / (1 - p)\n"
                                  "        out = x * mask\n")
    for sub in (submission(tmp_path, "textbook", float_mask), submission(tmp_path, "reference")):
        for report in _both_sides(sub, DROPOUT, lang):
            backward = [c for c in report.checks if c.function == "dropout_backward"]
            assert backward and all(c.score == c.max_score and not c.hint for c in backward), backward


FORWARD_CACHES_OUT = ("    cache = (dropout_param, mask)\n", "    cache = (dropout_param, out)\n")
KEEPS_1_MINUS_P = ("        mask = (np.random.rand(*x.shape) < p) / p\n",
                   "        mask = (np.random.random(x.shape) > p) / (1 - p)\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_forward_caching_out_is_named_beside_its_keep_probability(tmp_path, lang):
    """A forward that keeps with 1 - p and caches out where the mask belongs, with the textbook backward (set J): is
    the backward told, beside "depends on dropout_forward", that fixing the draw will not mend it, because its
    forward stores out in the mask's place (the forward's line quoted)?"""
    sub = submission(tmp_path, "caches_out", KEEPS_1_MINUS_P, FORWARD_CACHES_OUT)
    for report in _both_sides(sub, DROPOUT, lang):
        hint = _dropout_backward_hint(report)
        assert translate("depends_on", lang, function="dropout_backward", root="dropout_forward") in hint
        assert translate("depends_also_cache_dropout", lang, function="dropout_backward",
                         forward="dropout_forward") in hint
        assert translate("src_cache_holds_out", lang, function="dropout_backward", forward="dropout_forward",
                         out="out", read="mask") in hint
        assert "cache = (dropout_param, out)" in hint
        assert _fixed("depends_mirror", lang) not in hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_right_draw_caching_out_hears_the_cache_where_it_heard_check_the_formula(tmp_path, lang):
    """With the draw right and out still cached, the backward fails on its own: is the cache named in place of
    "check the formula itself", and does the same draw caching the mask leave the backward silent?"""
    sub = submission(tmp_path, "right_draw_caches_out", FORWARD_CACHES_OUT)
    for report in _both_sides(sub, DROPOUT, lang):
        hint = _dropout_backward_hint(report)
        assert translate("src_cache_holds_out", lang, function="dropout_backward", forward="dropout_forward",
                         out="out", read="mask") in hint
        assert translate("depends_on", lang, function="dropout_backward", root="dropout_forward") not in hint
        assert translate("where_everywhere_formula", lang) not in hint
    for report in _both_sides(submission(tmp_path, "keeps_1_minus_p", KEEPS_1_MINUS_P), DROPOUT, lang):
        assert translate("src_cache_holds_out", lang, function="dropout_backward", forward="dropout_forward",
                         out="out", read="mask") not in _dropout_backward_hint(report)


# -- set J: a group-norm backward building dx_hat from x_hat where dout belongs, under a raise --------------------

GROUPNORM = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
FORWARD_TYPO = ("    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)\n",
                "    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + epsilon)\n")  # raises NameError
DX_HAT_FROM_X_HAT = ("    dxg_hat = (dout * gamma).reshape(N, G, -1)\n", "    dxg_hat = (x_hat * gamma).reshape(N, G, -1)\n")
COUNT_RAISES = ("    M = xg_hat.shape[2]\n", "    M = xg_hat.shape[3]\n")  # IndexError on the (N, G, -1) view


def _gn_backward_hint(report):
    return "\n".join(_hints(report, "spatial_groupnorm_backward"))


def _x_hat_reading(lang):
    return translate("src_dx_hat_from_x_hat", lang, function="spatial_groupnorm_backward", gamma="gamma",
                     x_hat="x_hat", forward="spatial_groupnorm_forward", dout="dout")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dependant_building_dx_hat_from_x_hat_hears_it_beside_its_root(tmp_path, lang):
    """A group-norm backward multiplying gamma by the cached x_hat where dout belongs, under a forward that raises
    (set J: told only "depends on spatial_groupnorm_forward"): is its own mistake, read from its code, said beside
    the root's line with its line quoted? The reference backward under the same forward hears the root alone."""
    sub = submission(tmp_path, "x_hat_dependant", FORWARD_TYPO, DX_HAT_FROM_X_HAT)
    for report in _both_sides(sub, GROUPNORM, lang):
        hint = _gn_backward_hint(report)
        assert translate("depends_on", lang, function="spatial_groupnorm_backward",
                         root="spatial_groupnorm_forward") in hint
        assert translate("depends_also_source", lang, function="spatial_groupnorm_backward") in hint
        assert _x_hat_reading(lang) in hint and "dxg_hat = (x_hat * gamma).reshape(N, G, -1)" in hint
    for report in _both_sides(submission(tmp_path, "root_alone", FORWARD_TYPO), GROUPNORM, lang):
        hint = _gn_backward_hint(report)
        assert translate("depends_on", lang, function="spatial_groupnorm_backward",
                         root="spatial_groupnorm_forward") in hint
        assert translate("depends_also_source", lang, function="spatial_groupnorm_backward") not in hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dx_hat_from_x_hat_is_read_from_the_code_where_the_backward_raised_and_from_dx_where_it_ran(tmp_path, lang):
    """Under a right forward: a backward that raises (an axis too many) hears the x_hat reading from its code beside
    where it raised; one that runs hears it once, from its dx read term by term; the reference hears nothing."""
    for report in _both_sides(submission(tmp_path, "raises", DX_HAT_FROM_X_HAT, COUNT_RAISES), GROUPNORM, lang):
        hint = _gn_backward_hint(report)
        assert _x_hat_reading(lang) in hint
        assert translate("depends_on", lang, function="spatial_groupnorm_backward",
                         root="spatial_groupnorm_forward") not in hint
    for report in _both_sides(submission(tmp_path, "runs", DX_HAT_FROM_X_HAT), GROUPNORM, lang):
        hint = _gn_backward_hint(report)
        assert translate("dx_change_gamma_xhat", lang) in hint and _x_hat_reading(lang) not in hint
    for report in _both_sides(submission(tmp_path, "reference"), GROUPNORM, lang):
        assert not _gn_backward_hint(report)


def test_the_x_hat_reading_stays_silent_where_gamma_times_x_hat_meets_dout_later():
    """gamma * x_hat kept for sum(dout * gamma * x_hat) is a right term, and dout * gamma the right dx_hat: the source
    reading names neither; x_hat * gamma in dx_hat's place it names, with its line and names."""
    from grader.exception_rules import _dx_hat_from_x_hat, _function_nodes
    from tests.reference_copy import ROOT
    source = (ROOT / "solutions" / "layers.py").read_text()
    graded = SimpleNamespace(name="spatial_groupnorm_backward", forward="spatial_groupnorm_forward")
    kept = source.replace(DX_HAT_FROM_X_HAT[0], DX_HAT_FROM_X_HAT[0] + "    gx = gamma * x_hat\n"
                                                                      "    check = np.sum(dout * gx)\n")
    wrong = source.replace(*DX_HAT_FROM_X_HAT)
    for text_, want in ((source, None), (kept, None), (wrong, ("gamma", "x_hat"))):
        found = _dx_hat_from_x_hat(graded, text_, _function_nodes(text_)["spatial_groupnorm_backward"])
        assert (found[1:] if found else None) == want, found


def test_test_mode_hints_name_the_departure_without_spelling_out_the_branch():
    """Set M: the test-mode readings printed the whole right test-time line, `gamma * (x - running_mean) /
    np.sqrt(running_var + eps) + beta`, the answer to the TODO. They now say what stands in for what."""
    from grader.i18n import translate
    for lang in ("en", "zh"):
        for key, fields in (("pattern_test_form", {"function": "batchnorm_forward", "formula": "x - running_mean"}),
                            ("pattern_test_only", {"function": "batchnorm_forward"})):
            said = translate(key, lang, **fields)
            assert "running_mean" in said and "running_var" in said, said
            assert "np.sqrt(running_var + eps) + beta" not in said and "/ np.sqrt(running_var" not in said, said


def test_a_group_of_one_sample_reads_as_one_group_in_chinese():
    """Set M: zh "来自 x 的不止一个样本中的组" read as "groups of more than one sample"; the English says more than one
    group of one sample, which is what the plumbing reading found."""
    from grader.i18n import translate
    said = translate("plumb_handed_mixed", "zh", opening=translate("plumb_open_too", "zh"), root="layernorm_forward",
                     function="spatial_groupnorm_forward", arrays="(8, 12)", set="行", a="x",
                     unit=translate("unit_group", "zh"), want="…")
    assert "不止一个组" in said and "不止一个样本" not in said, said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_that_never_stores_its_cache_is_named_at_its_backward(tmp_path, lang):
    """Set M: a batch-norm forward left the starter's `cache = None` (its out right, its checks passed), and its
    backward was told only "cannot unpack non-iterable NoneType object". Is the None cache named on both sides, and
    is the forward's own check left whole?"""
    sub = submission(tmp_path, "no_cache", ("        cache = (x_hat, gamma, std)\n", ""))
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        hint = "\n".join(render(h, lang) for h in _hints(report, "batchnorm_backward"))
        assert render(translate("rule_cache_none", lang), lang) in hint, hint
        assert not _hints(report, "batchnorm_forward"), _hints(report, "batchnorm_forward")
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_set_k_untrue_sentences_are_gone_and_the_true_ones_stay_on_both_sides(tmp_path, lang):
    """Set K: a batch norm updating running_var but not running_mean told "and the same for the variance"; a
    layer-norm backward dividing its right bracket by x_hat where std belongs told that the mean's path is missing.
    Is each now told what it does, the passing running_var told nothing, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_set_k_truths")
    functions = ["batchnorm_forward", "layernorm_forward", "layernorm_backward"]
    for report in _both_sides(sub, functions, lang):
        checks = {c.name: c for c in report.checks if c.function == "batchnorm_forward"}
        mean, var = (next(c for n, c in checks.items() if n.startswith(k)) for k in ("running_mean", "running_var"))
        assert translate("mistake_bn_running_not_updated", lang) in str(mean.hint), mean.hint
        assert not any(untrue in str(mean.hint) for untrue in ("same for the variance", "方差同理")), mean.hint
        assert var.score == var.max_score and not var.hint, var.hint
        assert not _hints(report, "layernorm_forward")
        ln = "\n".join(str(h) for h in _hints(report, "layernorm_backward"))
        assert _fixed("pattern_norm_backward_divided_by_x_hat", lang) in ln, ln
        assert _fixed("pattern_norm_backward_not_centred", lang) not in ln, ln


def test_the_x_hat_division_reading_stays_silent_on_a_right_dx_and_a_wrong_count():
    """The reading needs dx * x_hat to be the right dx times std on every case (here batch norm's, the reading
    being generic): a right dx, and a dx counting one value too many (a neighbouring mistake), are not read as
    divided by x_hat; the division is."""
    from grader.dx_terms import divided_by_x_hat_hint

    def std(case):
        x = case.arrays["x"]
        return np.sqrt(x.var(axis=0, keepdims=True) + param_of(case, "eps"))

    def divided(case):
        x = case.arrays["x"]
        return _reference_dx(case) * std(case) ** 2 / (x - x.mean(axis=0, keepdims=True))
    for dx_of, want in ((_reference_dx, ""), (lambda c: _reference_dx(c, count=c.arrays["x"].shape[0] + 1), ""),
                        (divided, translate("pattern_norm_backward_divided_by_x_hat", function="batchnorm_backward"))):
        graded, cases, outputs = _backward_outputs("batchnorm_backward", dx_of)
        assert english(divided_by_x_hat_hint(graded, cases, outputs)) == want


@pytest.mark.parametrize("name", ["norm_ln_var_count", "norm_ln_var_count_rows"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_variance_counting_n_is_named_on_both_sides(tmp_path, name, lang):
    """Set K: a layer norm dividing each sample's sum of squares by N where D belongs, on x.T and on x, told only
    "check the formula itself": is the count named, N for D, in the graded report and the local check?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, ["layernorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "layernorm_forward"))
        assert translate("form_var_other_count", lang, other="N", count="D") in hint, hint
        assert _fixed("form_wrong_axes", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_whose_statistics_are_sums_hears_where_its_nan_comes_from(tmp_path, lang):
    """Set K: mean and variance both np.sum(x, axis=1), NaN on the samples summing below -eps and no hint: is the
    negative variance under the square root named, and the sum for the mean, on both sides?"""
    sub = _realistic(tmp_path, "norm_ln_sum_stats")
    for report in _both_sides(sub, ["layernorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "layernorm_forward"))
        assert translate("pattern_norm_nonfinite_variance", lang, function="layernorm_forward",
                         var="np.sum(x, axis=1)", axes="axis=1") in hint, hint
        assert translate("pattern_norm_mean_as_sum", lang, axes="axis=1") in hint, hint


def test_the_count_and_nan_readings_stay_silent_on_right_and_neighbouring_forwards():
    """A right layer norm, one whose variance is not squared but finite (np.var of x over the batch) and one with a
    NaN from a zero variance without eps are read as neither a wrong count nor a negative variance."""
    from grader.layer_patterns import form_hint, nonfinite_stats_hint

    named = translate("form_var_other_count", other="N", count="D")

    def layer(case, count=None, eps=None, var_of=None):
        x = case.arrays["x"]
        eps = (case.params.get("ln_param") or {}).get("eps", 1e-5) if eps is None else eps
        var = x.var(axis=1, keepdims=True) if var_of is None else var_of(x)
        if count:
            var = var * x.shape[1] / count
        with np.errstate(all="ignore"):
            x_hat = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(var + eps)
        return case.arrays["gamma"] * x_hat + case.arrays["beta"]

    right = _forward_outputs("layernorm_forward", layer)
    counted = _forward_outputs("layernorm_forward", lambda c: layer(c, count=c.arrays["x"].shape[0]))
    batch_var = _forward_outputs("layernorm_forward", lambda c: layer(c, var_of=lambda x: x.var(axis=0)))
    zero = _forward_outputs("layernorm_forward", lambda c: layer(c, eps=0.0, var_of=lambda x: 0 * x[:, :1]))
    for graded, cases, outputs in (right, batch_var, zero):
        assert english(nonfinite_stats_hint(graded, cases, outputs)) == ""
        assert named not in english(form_hint(graded, cases, outputs))
    assert named in english(form_hint(*counted))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_backward_mixing_layouts_is_told_so_on_both_sides(tmp_path, lang):
    """Set K: x_hat kept (N, D) against a transposed dx_hat (D, N), told only the generic broadcast rule: are the
    swapped shapes read as one array in the other's transposed layout, on both sides?"""
    sub = _realistic(tmp_path, "norm_ln_backward_transposed")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        assert not _hints(report, "layernorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "layernorm_backward"))
        assert _fixed("bc_transposed", lang) in hint, hint


@pytest.mark.parametrize("raised, key", [
    ("operands could not be broadcast together with shapes (6,4) (4,6) ", "bc_transposed"),
    ("operands could not be broadcast together with shapes (4,4) (4,4,1) ", ""),
    ("operands could not be broadcast together with shapes (4,6) (4,) ", "bc_per_sample_flat"),
    ("operands could not be broadcast together with shapes (4,6) (6,4,1) ", "")])
def test_swapped_shapes_alone_are_read_as_a_transposed_layout(raised, key):
    """Only two 2-D shapes with their sizes swapped (and different) are read as a transposed layout; a per-sample
    (N,) keeps its own reading, and a 3-D shape or equal sizes say nothing of a transpose."""
    from grader.exception_rules import broadcast_reading
    from grader.layer_patterns import keys_of
    assert keys_of(broadcast_reading("ValueError: " + raised)) == ({key} if key else set())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_simplified_dx_times_var_and_a_dgamma_of_the_mean_are_named_on_both_sides(tmp_path, lang):
    """Set K: a simplified batch-norm dx multiplied by var where 1 / std belongs, and a dgamma summing dout * mean /
    std (x minus a cached x - mean), both told only "check the formula itself": named now, on both sides, with
    the passing outputs (dgamma and dbeta; dx) told nothing?"""
    for name, key, passing, failing in (
            ("norm_bn_alt_var_scale", "dx_change_scale", ("dgamma", "dbeta"), "dx"),
            ("norm_bn_alt_dgamma_mean", "params_change_product_dgamma_mean", ("dx", "dbeta"), "dgamma")):
        sub = _realistic(tmp_path, name)
        for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward_alt"], lang):
            assert not _hints(report, "batchnorm_forward")
            checks = {c.name.split()[0]: c for c in report.checks if c.function == "batchnorm_backward_alt"}
            assert all(checks[o].score == checks[o].max_score for o in passing), checks
            hint = str(checks[failing].hint)
            want = translate(key, lang, got="var" if failing == "dx" else "dout * mean / std")
            assert want in hint, hint


def test_the_var_scale_and_mean_product_stay_silent_on_a_right_backward_and_a_neighbour():
    """A right dx and a dx divided by var (the scale "1 / var", a neighbour) are not read as multiplied by var; a
    right dgamma and one summing dout * x (another product) are not read as dout * mean / std."""
    from grader.dx_terms import dx_terms_hint, params_terms_hint
    named = translate("dx_change_scale", got="var")

    def scaled(case, by):
        x = case.arrays["x"]
        return _reference_dx(case) * np.sqrt(x.var(axis=0) + param_of(case, "eps")) * by(x.var(axis=0))
    for dx_of, want in ((_reference_dx, False), (lambda c: scaled(c, lambda v: 1 / v), False),
                        (lambda c: scaled(c, lambda v: v), True)):
        graded, cases, outputs = _backward_outputs("batchnorm_backward_alt", dx_of)
        assert (named in english(dx_terms_hint(graded, cases, outputs))) == want

    def with_dgamma(product):
        graded, cases, outputs = _backward_outputs("batchnorm_backward_alt", _reference_dx)
        for case, out in zip(cases, outputs):
            x, dout = case.arrays["x"], case.arrays["dout"]
            mean, std = x.mean(axis=0), np.sqrt(x.var(axis=0) + param_of(case, "eps"))
            out.arrays.update(dgamma=(dout * product(x, mean, std)).sum(axis=0), dbeta=dout.sum(axis=0))
        return english(params_terms_hint(graded, cases, outputs, failing=("dgamma",)))
    named = _fixed("params_change_product_dgamma_mean", "en")
    assert named in with_dgamma(lambda x, mean, std: mean / std + 0 * x)
    assert named not in with_dgamma(lambda x, mean, std: (x - mean) / std)
    assert named not in with_dgamma(lambda x, mean, std: x)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_unpacking_its_cache_wrongly_hears_its_root_without_eps_on_both_sides(tmp_path, lang):
    """Set K: a cache unpacked with five names for six items was named, np.sqrt(var) with no eps in the same
    backward was not: are both named now, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_alt_cache_no_eps")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward_alt"], lang):
        assert not _hints(report, "batchnorm_forward")
        hint = _hints(report, "batchnorm_backward_alt")[0]
        assert _fixed("rule_norm_cache_unpacking", lang) in hint, hint
        assert translate("src_eps_nowhere_backward", lang, function="batchnorm_backward_alt") in hint, hint


def test_the_backward_root_reading_needs_a_root_with_no_eps_anywhere(tmp_path):
    """Silent where the backward's root has eps in it, or where it takes no root (the std from the cache), though
    the cache is unpacked wrongly all the same (the neighbouring mistake alone)."""
    from grader.instructor.realistic import HERE, overlay
    source = (HERE / "norm_bn_alt_cache_no_eps.py").read_text()
    for name, change in (("with_eps", ("s = np.sqrt(v)", "s = np.sqrt(v + 1e-5)")),
                         ("no_root", ("s = np.sqrt(v)", "s = v"))):
        assert source.count(change[0]) == 1
        sub = submission(tmp_path, name)
        layers = sub / "layers.py"
        layers.write_text(overlay(layers.read_text(), source.replace(*change)))
        for report in _both_sides(sub, ["batchnorm_backward_alt"], "en"):
            hint = _hints(report, "batchnorm_backward_alt")[0]
            assert _fixed("rule_norm_cache_unpacking", "en") in hint, hint
            assert _fixed("src_eps_nowhere_backward", "en") not in hint, hint


# -- set K: x scaled and shifted, never normalised -------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_that_scales_x_itself_is_named_on_both_sides(tmp_path, lang):
    """norm_unnormalised: a layer norm and a group norm that compute x_hat and return gamma * x + beta: is each told
    so in the graded report and the local check alike, and never "check the formula itself"?"""
    sub = _realistic(tmp_path, "norm_unnormalised")
    functions = ["layernorm_forward", "spatial_groupnorm_forward"]
    for report in _both_sides(sub, functions, lang):
        for function in functions:
            hint = "\n".join(_hints(report, function))
            assert _fixed("pattern_norm_not_normalised", lang) in hint, (function, hint)
            assert _fixed("where_everywhere_norm", lang) not in hint, hint


@pytest.mark.parametrize("name", ["batchnorm_forward", "layernorm_forward", "spatial_batchnorm_forward",
                                  "spatial_groupnorm_forward"])
def test_gamma_x_plus_beta_is_read_from_the_output_and_nothing_else_is(name):
    """Read with no reference: gamma * x + beta is named; the right output, one over wrong axes and one scaled by
    another gamma (not x's own scale and shift) are not."""
    from grader.layer_patterns import FORWARD_AXES, unnormalised_hint

    def plain(case, scale=1.0):
        x = case.arrays["x"]
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        return scale * np.ravel(case.arrays["gamma"]).reshape(shape) * x + np.ravel(case.arrays["beta"]).reshape(shape)
    grouped = name == "spatial_groupnorm_forward"
    graded, cases, outputs = _forward_outputs(name, plain)
    assert unnormalised_hint(graded, cases, outputs).key == "pattern_norm_not_normalised"
    for out_of in (lambda c: _normalised(c, FORWARD_AXES[name], grouped), lambda c: _normalised(c, (0, 1), grouped),
                   lambda c: plain(c, 2.0)):
        graded, cases, outputs = _forward_outputs(name, out_of)
        assert unnormalised_hint(graded, cases, outputs) == ""


# -- set M: an input changed in place beside a second mistake -------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_input_changed_in_place_does_not_hide_a_missing_eps_on_both_sides(tmp_path, lang):
    """Set M: a batch norm whose test mode does `x -= running_mean` and which has no eps anywhere was told only of
    the in-place change: does the hint now also read the cases that left x as it was, in the graded report and the
    local check alike?"""
    sub = _realistic(tmp_path, "norm_bn_no_eps_in_place")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = _hints(report, "batchnorm_forward")[0]
        assert _fixed("diag_modified", lang) in hint, hint
        assert translate("diag_also_unmodified", lang, names="`x`") in hint, hint
        assert _fixed("probe_norm_constant_feature", lang) in hint, hint


def test_inputs_changed_in_place_are_named_as_code_in_chinese():
    """The in-place line names the inputs as code: bare `gamma, beta` in a zh sentence reads as two English words
    (the English scan flags them), in backticks it does not; the graded report and the local check share it."""
    from grader.layer_patterns import in_place
    said = render(in_place(["gamma", "beta"], ""), "zh")
    assert "`gamma`, `beta`" in said and not english_sentences(said), said
    assert english_sentences(translate("diag_modified", "zh", names="gamma, beta"))  # the scan sees bare names


def test_an_input_changed_in_place_alone_is_told_only_that(tmp_path):
    """The same file with eps where it belongs: only the in-place change is wrong, and only it is said."""
    from grader.instructor.realistic import HERE, overlay
    source = (HERE / "norm_bn_no_eps_in_place.py").read_text()
    for old, new in (("np.sqrt(sample_var)", "np.sqrt(sample_var + eps)"),
                     ("np.sqrt(running_var)", "np.sqrt(running_var + eps)")):
        assert source.count(old) == 1
        source = source.replace(old, new)
    sub = submission(tmp_path, "in_place_only")
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), source))
    for report in _both_sides(sub, ["batchnorm_forward"], "en"):
        hint = _hints(report, "batchnorm_forward")[0]
        assert _fixed("diag_modified", "en") in hint, hint
        assert _fixed("diag_also_unmodified", "en") not in hint, hint


# -- set K: running averages lost on the way back into bn_param ----------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, key", [("norm_bn_running_misspelt", "src_running_misspelt"),
                                       ("norm_bn_running_overwritten", "src_running_overwritten")])
def test_why_the_running_averages_stay_as_given_is_read_from_the_source(tmp_path, name, key, lang):
    """Set K: an update into `ruuning_mean`, and bn_param's running averages stored by the student and then again by
    the starter's last lines from locals never updated, were told only "not updated": is the cause named, with its
    line, in the graded report and the local check alike?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed(key, lang) in hint, hint
        assert "`ruuning_mean" in hint if key == "src_running_misspelt" else "`bn_param['running_var'] = running_var`" in hint


def test_the_running_average_readings_stay_silent_where_nothing_is_lost():
    """Read from the source alone: the reference, a store of the updated local after the student's own store, and a
    near name that is read again say nothing."""
    import ast
    from grader.exception_rules import _running_lost
    from grader.functions import BY_NAME
    from grader.instructor.realistic import HERE
    graded = BY_NAME["batchnorm_forward"]

    def lost(source):
        node = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))
        return [key for key, _, _ in _running_lost(graded, node, [a.arg for a in node.args.args])]
    overwritten = (HERE / "norm_bn_running_overwritten.py").read_text()
    misspelt = (HERE / "norm_bn_running_misspelt.py").read_text()
    assert lost(overwritten) == ["src_running_overwritten"] * 2 and lost(misspelt) == ["src_running_misspelt"]
    from pathlib import Path
    reference = (Path(__file__).resolve().parents[1] / "solutions" / "layers.py").read_text()
    assert not lost(reference[reference.index("def batchnorm_forward"):reference.index("def batchnorm_backward")])
    updated = overwritten.replace("    elif mode == 'test':", "        running_mean = bn_param['running_mean']\n"
                                  "        running_var = bn_param['running_var']\n    elif mode == 'test':")
    assert not lost(updated)
    read_again = misspelt.replace("    bn_param['running_mean'] = running_mean", "    bn_param['running_mean'] = ruuning_mean")
    assert read_again != misspelt and not lost(read_again)


# -- learnB's mutation sweep (our own mutants of the reference, not held out): formulas form_hint did not know ------

@pytest.mark.parametrize("name, function, key, fields", [
    ("norm_form_stats_axes", "layernorm_forward", "form_mean_axes", {"got": "form_axes"}),
    ("norm_form_stats_axes", "spatial_groupnorm_forward", "form_var_axes", {"got": "form_axes_grouped"}),
    ("norm_form_std_uncentred", "layernorm_forward", "form_not_centred", {}),
    ("norm_form_std_uncentred", "spatial_groupnorm_forward", "form_std_for_var", {}),
    ("norm_form_counts", "layernorm_forward", "form_var_unbiased", {}),
    ("norm_form_counts", "batchnorm_forward", "form_mean_other_count", {"other": "D", "count": "N"})])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_formula_off_by_one_statistic_is_named_on_both_sides(tmp_path, name, function, key, fields, lang):
    """The sweep's forwards told only "check the formula itself": one statistic over the wrong axes, np.std under
    the square root, x not centred, ddof=1, a mean divided by D: is the change named in the graded report and the
    local check, and no other axes reading beside it?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, [function], lang):
        hint = "\n".join(str(h) for h in _hints(report, function))
        assert _fixed(key, lang) in hint, hint
        if "other" in fields:
            assert translate(key, lang, **fields) in hint, hint
        assert _fixed("form_wrong_axes", lang) not in hint, hint
        assert _fixed("where_everywhere_norm", lang) not in hint, hint


@pytest.mark.parametrize("name", ["layernorm_forward", "spatial_groupnorm_forward", "batchnorm_forward"])
def test_the_new_forms_stay_silent_on_a_right_forward_and_on_both_statistics_astray(name):
    """A right forward reads as nothing; one whose mean and variance both run over the wrong axes is read as that
    (form_wrong_axes or an axes reading), never as one statistic astray or as a new form."""
    from grader.layer_patterns import FORWARD_AXES, form_hint
    grouped = name == "spatial_groupnorm_forward"
    new = ("form_mean_axes", "form_var_axes", "form_std_for_var", "form_not_centred", "form_var_unbiased",
           "form_mean_other_count")
    assert form_hint(*_forward_outputs(name, lambda c: _normalised(c, FORWARD_AXES[name], grouped))) == ""
    wrong = {"layernorm_forward": (0,), "spatial_groupnorm_forward": (3, 4), "batchnorm_forward": (0, 1)}[name]
    hint = form_hint(*_forward_outputs(name, lambda c: _normalised(c, wrong, grouped)))
    assert hint and not {k for k in new if _fixed(k, "en") in english(hint)}, english(hint)


@pytest.mark.parametrize("name", ["norm_sbn_places", "norm_sbn_places_order"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_spatial_norm_with_right_values_in_wrong_places_is_told_so_on_both_sides(tmp_path, name, lang):
    """The sweep's spatial batch norms, right statistics and a way back that does not undo the way in, told only
    "check the formula itself": is the layout named (values right, places not), on both sides?"""
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "spatial_batchnorm_forward"))
        assert translate("pattern_norm_places", lang, function="spatial_batchnorm_forward",
                         way=translate("places_way_sbn", lang)) in hint, hint
        assert _fixed("where_everywhere_norm", lang) not in hint, hint


@pytest.mark.parametrize("name", ["spatial_batchnorm_forward", "spatial_groupnorm_forward"])
def test_the_places_reading_stays_silent_on_right_and_renormalised_outputs(name):
    """A right spatial norm, one over other axes (other values) and one whose output is shuffled across channels
    are not read as right values in wrong places; one whose H and W are swapped back is."""
    from grader.layer_patterns import FORWARD_AXES, places_hint
    grouped = name == "spatial_groupnorm_forward"
    assert places_hint(*_forward_outputs(name, lambda c: _normalised(c, FORWARD_AXES[name], grouped))) == ""
    assert places_hint(*_forward_outputs(name, lambda c: _normalised(c, (0, 1), grouped))) == ""
    rolled = _forward_outputs(name, lambda c: np.roll(_normalised(c, FORWARD_AXES[name], grouped), 1, axis=1))
    assert places_hint(*rolled) == ""

    def swapped(c):
        out = _normalised(c, FORWARD_AXES[name], grouped)
        N, C, H, W = out.shape
        return out.transpose(0, 1, 3, 2).reshape(N, C, H, W)
    assert places_hint(*_forward_outputs(name, swapped)).key == "pattern_norm_places"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_spatial_norm_backward_wrong_at_some_positions_is_not_sent_to_the_padding(tmp_path, lang):
    """The sweep's spatial batch-norm backward transposing back as (0, 3, 2, 1), told "only the border is wrong:
    look at the padding": is its dx read as the right values in the wrong places, on both sides, and the padding no
    more?"""
    sub = _realistic(tmp_path, "norm_sbn_backward_positions")
    for report in _both_sides(sub, ["spatial_batchnorm_forward", "spatial_batchnorm_backward"], lang):
        assert not _hints(report, "spatial_batchnorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "spatial_batchnorm_backward"))
        assert translate("pattern_norm_backward_places", lang, function="spatial_batchnorm_backward",
                         way=translate("dx_places_way_sbn", lang)) in hint, hint
        assert _fixed("where_border", lang) not in hint, hint


@pytest.mark.parametrize("name", ["spatial_batchnorm_backward", "spatial_groupnorm_backward"])
def test_the_dx_places_reading_names_moved_gradients_and_nothing_else(name):
    """A right spatial norm backward's dx is read as nothing, one whose H and W are swapped back as right values in
    the wrong places, and one shuffled across channels or scaled is not."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import _dx_places_hint, _right_spatial_dx
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})

    def read(change):
        outputs = [SimpleNamespace(problem="", arrays={"dx": change(_right_spatial_dx(graded, c))}) for c in cases]
        return _dx_places_hint(graded, cases, outputs)
    assert read(lambda dx: dx) == ""
    assert read(lambda dx: dx.transpose(0, 1, 3, 2).reshape(dx.shape)).key == "pattern_norm_backward_places"
    assert read(lambda dx: np.roll(dx, 1, axis=1)) == ""
    assert read(lambda dx: 2.0 * dx) == ""


def test_conv_and_pool_keep_the_border_reading():
    """Only the normalisations lose the border and stride readings: a conv's wrong border is still the padding."""
    from grader.localise import localise_failure
    mask = np.zeros((2, 3, 5, 5), dtype=bool)
    mask[:, :, 0, :] = True
    verdict = SimpleNamespace(ok=False, comparison=SimpleNamespace(mismatch=mask))
    conv = SimpleNamespace(name="conv_forward_naive", kind="forward")
    norm = SimpleNamespace(name="spatial_batchnorm_backward", kind="backward")
    assert localise_failure(conv, None, [], {0: verdict}, []).key == "where_border"
    assert localise_failure(norm, None, [], {0: verdict}, []).key == "where_positions_norm"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_whose_variance_term_sums_other_axes_is_not_told_only_of_the_mean(tmp_path, lang):
    """The sweep's layer-norm backward summing its variance term over the batch, told only "the path through the
    mean is missing, or its count is wrong" (neither is): is a sum over other axes said too, on both sides?"""
    sub = _realistic(tmp_path, "norm_ln_backward_var_axis")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        assert not _hints(report, "layernorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, "layernorm_backward"))
        assert translate("pattern_norm_backward_not_centred", lang, function="layernorm_backward",
                         axes="dx.sum(axis=1)") in hint, hint
        assert {"en": "the variance's term too", "zh": "包括方差那一项"}[lang] in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sum_method_without_axis_is_named_and_a_positional_axis_is_not(tmp_path, lang):
    """The sweep's layer-norm backward with dbeta = dout.sum(), given no hint: is the sum without axis named, in
    words true of dbeta (one value per feature, over the batch), on both sides? And a simplified batch-norm backward
    writing np.sum(dout, 0), wrong elsewhere, is not told its sums have no axis?"""
    sub = _realistic(tmp_path, "norm_sum_methods")
    functions = ["layernorm_forward", "layernorm_backward", "batchnorm_forward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        ln = "\n".join(_hints(report, "layernorm_backward"))
        assert translate("src_sum_without_axis", lang) in ln and "dout.sum()" in ln, ln
        alt = "\n".join(_hints(report, "batchnorm_backward_alt"))
        assert alt and translate("src_sum_without_axis", lang) not in alt, alt


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_leaving_gamma_or_beta_out_is_named_on_both_sides(tmp_path, lang):
    """The sweep's layer norm returning x_hat + beta, and a group norm over each channel's H and W returning
    gamma * x_hat, told "check the formula itself": is the missing gamma (beta) named, beside the axes where they
    are wrong too, on both sides?"""
    sub = _realistic(tmp_path, "norm_form_affine")
    for report in _both_sides(sub, ["layernorm_forward", "spatial_groupnorm_forward"], lang):
        ln = "\n".join(_hints(report, "layernorm_forward"))
        assert translate("form_gamma_missing", lang) in ln and _fixed("form_wrong_axes", lang) not in ln, ln
        gn = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert translate("form_beta_missing", lang) in gn and _fixed("form_wrong_axes", lang) in gn, gn
        assert translate("form_gamma_missing", lang) not in gn, gn


def test_the_affine_readings_stay_silent_where_gamma_and_beta_are_there():
    """A right layer norm, and one over the batch with gamma and beta both applied, are never told gamma or beta is
    left out."""
    from grader.layer_patterns import form_hint
    assert form_hint(*_forward_outputs("layernorm_forward", lambda c: _normalised(c, (1,)))) == ""
    hint = english(form_hint(*_forward_outputs("layernorm_forward", lambda c: _normalised(c, (0,)))))
    assert hint and "leaves gamma out" not in hint and "leaves beta out" not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_variance_divided_by_another_count_is_named_on_both_sides(tmp_path, lang):
    """The sweep's group norm dividing each group's sum of squares by H * W, told "check the formula itself": is
    the count named, H * W where C // G * H * W belongs, on both sides?"""
    sub = _realistic(tmp_path, "norm_gn_var_divided")
    for report in _both_sides(sub, ["spatial_groupnorm_forward"], lang):
        hint = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert translate("form_var_divided", lang, written="H * W", count="C // G * H * W") in hint, hint


def test_the_divided_variance_stays_silent_on_right_forwards_and_keeps_the_other_axes_reading():
    """A right group norm and layer norm are read as nothing; a layer norm's variance over N (its other axis) keeps
    form_var_other_count, never the new reading."""
    from grader.layer_patterns import form_hint
    assert form_hint(*_forward_outputs("spatial_groupnorm_forward", lambda c: _normalised(c, (2, 3, 4), True))) == ""
    assert form_hint(*_forward_outputs("layernorm_forward", lambda c: _normalised(c, (1,)))) == ""

    def counted_by_n(case):
        x = case.arrays["x"]
        var = x.var(axis=1, keepdims=True) * x.shape[1] / x.shape[0]
        return case.arrays["gamma"] * (x - x.mean(axis=1, keepdims=True)) / np.sqrt(var + 1e-5) + case.arrays["beta"]
    hint = english(form_hint(*_forward_outputs("layernorm_forward", counted_by_n)))
    assert translate("form_var_other_count", other="N", count="D") in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eps_added_again_to_the_standard_deviation_is_named_on_both_sides(tmp_path, lang):
    """The sweep's layer norm and batch norm dividing by np.sqrt(var + eps) + eps, told nothing at all (the layer
    norm) or only which mode fails: is eps added twice named, on both sides?"""
    sub = _realistic(tmp_path, "norm_eps_added")
    for report in _both_sides(sub, ["layernorm_forward", "batchnorm_forward"], lang):
        for function in ("layernorm_forward", "batchnorm_forward"):
            hint = "\n".join(_hints(report, function))
            assert translate("pattern_norm_form", lang, function=function,
                             what=translate("form_eps_added_to_std", lang)) in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_failing_on_a_cache_without_eps_hears_of_the_cache(tmp_path, lang):
    """The sweep's layer norm caching np.sqrt(var) beside an x_hat with eps: the right backward fails only with a
    large eps and was told only of its own eps; is the forward's cache said too, while the forward keeps its
    points?"""
    sub = _realistic(tmp_path, "norm_eps_cache")
    report = grade(sub, seed=7, functions=["layernorm_forward", "layernorm_backward"], lang=lang).worded()
    assert not _hints(report, "layernorm_forward")
    hint = "\n".join(_hints(report, "layernorm_backward"))
    # the case pattern (right at eps 1e-5, wrong at 0.5) or, where a reading of dx fits, its scale: both say the cache
    assert translate("pattern_eps_large_backward", lang, function="layernorm_backward") in hint \
        or translate("dx_change_root_without_eps", lang) in hint, hint
    assert {"en": "standard deviation its forward cached without eps", "zh": "前向传播缓存的标准差不含 eps"}[lang] \
        in hint or translate("pattern_eps_large_backward", lang, function="layernorm_backward") in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_not_centred_or_with_swapped_averages_is_shown_on_both_sides(tmp_path, lang):
    """The sweep's test modes, x never centred and the running averages swapped, told only "right in train mode and
    wrong in test mode": is each one's formula shown, on both sides?"""
    sub = _realistic(tmp_path, "norm_test_forms")
    wants = {"batchnorm_forward": "gamma * x / np.sqrt(running_var + eps) + beta",
             "spatial_batchnorm_forward": "gamma * (x - running_var) / np.sqrt(running_mean + eps) + beta"}
    for report in _both_sides(sub, list(wants), lang):
        for function, formula in wants.items():
            hint = "\n".join(_hints(report, function))
            assert translate("pattern_test_form", lang, function=function, formula=formula) in hint, hint


def test_the_test_mode_centres_stay_silent_on_a_right_test_mode():
    """A right test mode reads as nothing, and a test mode right but for its missing square root keeps its running_mean
    in the formula shown."""
    from grader.layer_patterns import _test_mode_form
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME["batchnorm_forward"]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {}) if c.params.get("mode") == "test"]
    assert cases

    def read(divide):
        outputs = []
        for c in cases:
            a = c.arrays
            eps = c.params.get("eps", 1e-5)
            outputs.append(SimpleNamespace(problem="", arrays={
                "out": a["gamma"] * (a["x"] - a["running_mean"]) / divide(a["running_var"] + eps) + a["beta"]}))
        return english(_test_mode_form(graded, cases, outputs))
    assert read(np.sqrt) == ""
    assert "(x - running_mean) / (running_var + eps)" in read(lambda v: v)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_spatial_backward_flattening_dout_in_another_layout_is_named_on_both_sides(tmp_path, lang):
    """The sweep's spatial batch-norm backward flattening dout with reshape(-1, C) (its forward transposed x first),
    told "check the formula itself": is dout's layout named, under dx, dgamma and dbeta, on both sides?"""
    sub = _realistic(tmp_path, "norm_sbn_dout_layout")
    for report in _both_sides(sub, ["spatial_batchnorm_forward", "spatial_batchnorm_backward"], lang):
        assert not _hints(report, "spatial_batchnorm_forward")
        hints = _hints(report, "spatial_batchnorm_backward")
        want = translate("pattern_sbn_backward_dout_layout", lang, function="spatial_batchnorm_backward",
                         code="dout.reshape(-1, C)")
        assert len(hints) == 3 and all(want in str(h) for h in hints), hints


def test_the_dout_layout_reading_stays_silent_on_right_and_moved_gradients():
    """A right spatial batch-norm dx, and one with its values moved within each channel, are not read as dout
    flattened in another layout."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import _dout_layout_hint, _right_spatial_dx
    graded = BY_NAME["spatial_batchnorm_backward"]
    cases = make_cases(graded, np.random.default_rng(0), {})

    def read(change):
        outputs = [SimpleNamespace(problem="", arrays={"dx": change(_right_spatial_dx(graded, c))}) for c in cases]
        return _dout_layout_hint(graded, cases, outputs)
    assert read(lambda dx: dx) == ""
    assert read(lambda dx: dx.transpose(0, 1, 3, 2).reshape(dx.shape)) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_average_fed_the_whole_array_is_named_on_both_sides(tmp_path, lang):
    """The sweep's batch norms averaging np.mean(x) into running_mean and x.var() into running_var, told "check the
    formula itself": is the one number for the whole array named, for the right average, on both sides?"""
    sub = _realistic(tmp_path, "norm_running_whole")
    wants = {"batchnorm_forward": ("running_mean", "x.mean()", "axis=0"),
             "spatial_batchnorm_forward": ("running_var", "x.var()", "axis=(0, 2, 3)")}
    for report in _both_sides(sub, list(wants), lang):
        for function, (name, stat, axes) in wants.items():
            hint = "\n".join(_hints(report, function))
            assert translate("pattern_running_fed_whole", lang, function=function, name=name, stat=stat,
                             axes=axes) in hint, hint
            other = "running_var" if name == "running_mean" else "running_mean"
            assert f"{other}:" not in hint and f"{other}：" not in hint, hint


def test_the_whole_array_reading_stays_silent_on_right_running_averages():
    """A right batch norm's running averages are not read as fed the whole array."""
    from grader.layer_patterns import _running_whole_hint
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME["batchnorm_forward"]
    cases = make_cases(graded, np.random.default_rng(0), {})
    outputs = []
    for c in cases:
        m = c.params.get("momentum", 0.9)
        x = c.arrays["x"]
        outputs.append(SimpleNamespace(problem="", arrays={
            "running_mean": m * c.arrays["running_mean"] + (1 - m) * x.mean(axis=0),
            "running_var": m * c.arrays["running_var"] + (1 - m) * x.var(axis=0)}))
    assert _running_whole_hint(graded, cases, outputs) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_spatial_norm_output_in_another_layout_is_named_on_both_sides(tmp_path, lang):
    """The sweep's group norm returned in its grouped (N, G, C // G, H, W) layout, and a spatial batch-norm backward
    going back with the forward's transpose again, told only the shapes (the forward) or nothing (the backward): is
    the layout said, on both sides, while the right forward keeps its points?"""
    sub = _realistic(tmp_path, "norm_layout_shapes")
    functions = ["spatial_groupnorm_forward", "spatial_batchnorm_forward", "spatial_batchnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "spatial_batchnorm_forward")
        assert translate("shape_gn_still_grouped", lang) in "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert translate("shape_axes_permuted", lang) in "\n".join(_hints(report, "spatial_batchnorm_backward"))


def test_the_layout_shape_reading_says_nothing_of_other_shapes():
    """Shapes that are not the input's axes reordered, or a layer that is not spatial, are not read as a layout (a
    batch or layer norm's (N, D) returned as its transpose is its own reading, learnS's ``shape_transposed_2d``)."""
    from grader.functions import BY_NAME
    from grader.layer_patterns import layout_shape_hint
    case = SimpleNamespace(params={"G": 3})

    def read(name, actual, desired=(2, 6, 4, 5)):
        verdict = SimpleNamespace(ok=False, actual=np.zeros(actual), desired=np.zeros(desired))
        return layout_shape_hint(BY_NAME[name], [case], {0: verdict})
    assert read("spatial_groupnorm_forward", (2, 3, 2, 4, 5)).key == "shape_gn_still_grouped"
    assert read("spatial_batchnorm_backward", (2, 4, 5, 6)).key == "shape_axes_permuted"
    assert read("spatial_batchnorm_backward", (2, 6, 4, 4)) == ""
    assert read("spatial_groupnorm_forward", (2, 6, 20)) == ""
    assert read("layernorm_forward", (4, 6), (6, 4)).key == "shape_transposed_2d"
    assert read("layernorm_forward", (4, 7), (6, 4)) == ""
    assert read("dropout_forward", (4, 6), (6, 4)) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_dividing_by_the_root_of_std_is_named_on_both_sides(tmp_path, lang):
    """The sweep's simplified batch-norm backward taking np.sqrt of the cached standard deviation, told "check the
    formula itself": is the scale named, 1 / np.sqrt(std) for 1 / np.sqrt(var + eps), on both sides?"""
    sub = _realistic(tmp_path, "norm_bn_alt_root_of_std")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward_alt"], lang):
        assert not _hints(report, "batchnorm_forward")
        hint = "\n".join(_hints(report, "batchnorm_backward_alt"))
        assert translate("dx_change_scale", lang, got="1 / np.sqrt(std)") in hint, hint


# -- set N: a mirror of a forward whose only reading is the constant-feature probe ------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_of_a_forward_with_no_eps_quotes_the_probe_on_both_sides(tmp_path, lang):
    """Set N: a staged backward that is the exact gradient of a batch norm with no eps anywhere was told that its
    forward's hint does not name the mistake, though the constant-feature probe does: does it now quote that reading,
    in the graded report (the local check has no dependants' pass: it hears its own numbers)?"""
    sub = _realistic(tmp_path, "norm_bn_mirror_no_eps")
    report = grade(sub, seed=7, functions=["batchnorm_forward", "batchnorm_backward"], lang=lang).worded()
    hint = _hints(report, "batchnorm_backward")[0]
    assert _fixed("probe_norm_constant_feature", lang) in hint, hint
    assert MIRROR_OWN[lang] not in hint, hint


def test_a_test_mode_scaled_at_p_one_half_is_not_told_which_scale():
    """Set N: the only test-mode cases have p = 0.5, where x * p and x * (1 - p) are one output; a student who wrote
    x * (1 - p) was told "x times p" beside a source line saying 1 - p. Read with no reference: at p = 0.5 both are
    said; where a case tells them apart, the one that fits."""
    from grader.layer_patterns import dropout_hint
    from grader.instructor.cases import make_cases
    from grader.functions import BY_NAME
    graded = BY_NAME["dropout_forward"]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {})]
    test_cases = [c for c in cases if c.params["dropout_param"]["mode"] == "test"]
    assert test_cases and all(c.params["dropout_param"]["p"] == 0.5 for c in test_cases)

    from grader.instructor.reference import expected_outputs

    def said(scale, p_test=None):
        """dropout_hint on a right train mode and a test mode returning x * scale(p) (p_test: the test cases' p)."""
        judged, outputs = [], []
        for c in cases:
            param = dict(c.params["dropout_param"])
            if param["mode"] == "test" and p_test:
                param["p"] = p_test
            case = type(c)(c.arrays, dict(c.params, dropout_param=param), c.label)
            out = c.arrays["x"] * scale(param["p"]) if param["mode"] == "test" else expected_outputs(graded, case)["out"][1]
            judged.append(case)
            outputs.append(SimpleNamespace(problem="", arrays={"out": out}))
        return english(dropout_hint(graded, judged, outputs, "out"))
    half = said(lambda p: 1 - p)
    assert english(translate("dropout_how_half", "en")) in half, half
    assert "1 - p" in said(lambda p: 1 - p, p_test=0.3) and "0.5 (p or" not in said(lambda p: 1 - p, p_test=0.3)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_raising_hears_its_count_and_its_parentheses_on_both_sides(tmp_path, lang):
    """Set N: a layer norm raising a TypeError (np.power with no exponent) that also divides its sum by N and writes
    x - mean / std was told only the TypeError: are both slips said beside it, in the graded report and the local
    check alike?"""
    sub = _realistic(tmp_path, "norm_ln_raised_more")
    for report in _both_sides(sub, ["layernorm_forward"], lang):
        hint = _hints(report, "layernorm_forward")[0]
        assert _fixed("src_count_batch", lang) in hint and _fixed("src_no_parentheses", lang) in hint, hint
        assert "`x_norm = x - mean / std`" in hint, hint
        assert _fixed("src_var_squared", lang) in hint and "`np.sqrt(var ** 2 + eps)`" in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_norm_raising_hears_its_eps_added_twice_on_both_sides(tmp_path, lang):
    """Set N: `batch_var += eps` and then np.sqrt(batch_var + eps), behind an UnboundLocalError: is the second eps
    said, with its line, in the graded report and the local check alike?"""
    sub = _realistic(tmp_path, "norm_bn_raised_eps_twice")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("src_eps_twice", lang) in hint and "`np.sqrt(batch_var + eps)`" in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_norm_raising_hears_its_exception_first_and_its_running_averages_on_both_sides(tmp_path, lang):
    """Set N: an UnboundLocalError beside running averages updated before the mode is read and eps added twice: does
    the local check, as the graded report, say the exception first (it said "check the formula itself", and "not
    updated in train mode" under the running averages), then both slips with their lines?"""
    sub = _realistic(tmp_path, "norm_bn_raised_running_test")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hints = _hints(report, "batchnorm_forward")
        assert hints[0].startswith(_fixed("diag_raised", lang).strip()[:6]) and "UnboundLocalError" in hints[0], hints
        assert _fixed("src_running_every_mode", lang) in hints[0] and _fixed("src_eps_twice", lang) in hints[0], hints
        assert "`running_mean = momentum * running_mean + (1 - momentum) * mu`" in hints[0], hints[0]
        assert all(_fixed("diag_same_cause", lang) in h for h in hints[1:]) and len(hints) == 3, hints
        assert not any(_fixed("mistake_bn_running_not_updated", lang) in h for h in hints), hints


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_raising_hears_its_exception_its_squared_variance_and_its_cache_on_both_sides(tmp_path, lang):
    """Set N: np.power(var) ** 2 (the TypeError) under the root, a sum divided by N, x - mean / std and the starter's
    cache = None: is the exception said first in the local check as in the graded report (the check had no hint line
    for it), and every slip beside it?"""
    sub = _realistic(tmp_path, "norm_ln_raised_cache_none")
    for report in _both_sides(sub, ["layernorm_forward"], lang):
        hint = _hints(report, "layernorm_forward")[0]
        assert hint.startswith(_fixed("diag_raised", lang).strip()[:6]) and "TypeError" in hint, hint
        for key in ("src_count_batch", "src_var_squared", "src_cache_left_none", "src_no_parentheses"):
            assert _fixed(key, lang) in hint, (key, hint)
        assert "`np.sqrt(np.power(row_var) ** 2 + eps)`" in hint and "`return out, cache`" in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_of_two_axes_is_named_first_in_the_local_check_too(tmp_path, lang):
    """Set N: `N, M = x.shape` (a ValueError on 4-D input) beside an unscaled mask: does the local check, as the
    graded report, name the two axes first (a stored mistake, "not scaled", was matched on the cases that raised)?"""
    sub = _realistic(tmp_path, "norm_dropout_two_axes")
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = _hints(report, "dropout_forward")[0]
        assert hint.startswith(_fixed("pattern_4d_only", lang)[:12]) or _fixed("pattern_4d_only", lang) in \
            hint.split("\n")[0], hint
        assert "`rows, cols = x.shape`" in hint and _fixed("dropout_not_scaled", lang) in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norms_gamma_in_another_order_than_its_rows_is_told_both_orders(tmp_path, lang):
    """Set N: gamma repeated to the rows' (N * G, K * H * W) shape in (c, h, w) order, against rows in (h, w, c)
    order, was told gamma's shape and a fix but not the order: are both orders said, on both sides, and does the same
    wrapper with gamma in the rows' order keep every point?"""
    sub = _realistic(tmp_path, "norm_gn_gamma_order")
    for report in _both_sides(sub, ["layernorm_forward", "spatial_groupnorm_forward"], lang):
        hint = _hints(report, "spatial_groupnorm_forward")[0]
        assert _fixed("plumb_gamma_order", lang) in hint, hint
        assert hint.index("(h, w, c)") < hint.index("(c, h, w)"), hint
        assert _fixed("plumb_gamma_shape", lang) not in hint, hint
    right = _realistic(tmp_path, "norm_gn_gamma_order_right")
    for report in _both_sides(right, ["layernorm_forward", "spatial_groupnorm_forward"], lang):
        assert report.score == report.max_score, [(c.name, c.score) for c in report.checks]


def test_a_gamma_in_the_rows_order_is_not_told_an_order():
    """Is a gamma repeated to the rows' shape in their own order read as right ('', no sentence), one in another
    order as both orders, and an order that is neither layout left unsaid (None)?"""
    from grader.plumbing import gamma_order_reading
    N, C, H, W, G = 2, 4, 2, 3, 2
    K = C // G
    source = np.arange(N * C * H * W, dtype=float).reshape(N, C, H, W) + 1
    rows = source.reshape(N, G, K, H, W).transpose(0, 1, 3, 4, 2).reshape(N * G, -1)
    channel = np.arange(1.0, C + 1).reshape(G, K)
    own = np.tile(np.tile(channel, (N, 1)), (1, H * W))
    chw = np.repeat(np.tile(channel, (N, 1)), H * W, axis=1)
    def read(gamma):
        return gamma_order_reading("spatial_groupnorm_forward", "layernorm_forward",
                                   [{"root": "layernorm_forward", "a0": rows, "a1": gamma}], source, "")
    assert read(own) == ""
    said = english(read(chw))
    assert "(h, w, c) order while gamma's are in (c, h, w)" in said, said
    assert read(own[:, ::-1]) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_without_keepdims_is_named_on_both_sides(tmp_path, lang):
    """The sweep's group norms: statistics of the grouped view, and a backward's sum, taken without keepdims=True
    were told the generic broadcast paragraph: is each dropping reduction named, with keepdims=True put back, in
    the graded report and the local check alike?"""
    sub = _realistic(tmp_path, "norm_gn_keepdims")
    for report in _both_sides(sub, ["spatial_groupnorm_forward"], lang):
        hint = _hints(report, "spatial_groupnorm_forward")[0]
        assert _fixed("bc_keepdims_dropped", lang) in hint and _fixed("rule_norm_broadcast", lang) not in hint, hint
        assert "`grouped.mean(axis=(2, 3, 4), keepdims=True)`" in hint, hint
        assert "`grouped.var(axis=(2, 3, 4), keepdims=True)`" in hint, hint
    sub = _realistic(tmp_path, "norm_gn_keepdims_backward")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        hint = _hints(report, "spatial_groupnorm_backward")[0]
        assert "`dxg_hat.sum(axis=2, keepdims=True)`" in hint and "(2, 3, 40)" in hint, hint
        assert not _hints(report, "spatial_groupnorm_forward")


def test_keepdims_is_said_only_of_a_reduction_that_drops_the_missing_axes(tmp_path):
    """Is a reduction named only where it drops exactly as many axes as the smaller shape lacks, and never one that
    keeps them (keepdims=True) or reduces without an axis?"""
    import ast as python_ast
    from grader.exception_rules import _reduced_axes
    def dropped(code):
        return _reduced_axes(python_ast.parse(code, mode="eval").body)
    assert dropped("x.mean(axis=(2, 3, 4))") == 3 and dropped("x.sum(axis=2)") == 1 and dropped("np.var(x, 1)") == 1
    assert dropped("x.mean(1)") == 1 and dropped("x.mean(axis=1, keepdims=True)") == 0
    assert dropped("x.sum()") == 0 and dropped("np.sum(x)") == 0 and dropped("x.mean(axis=a)") == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_whose_test_mode_is_a_relu_is_named_on_both_sides(tmp_path, lang):
    """Set N: a test mode returning np.maximum(0, x) was told only to return x unchanged: is the ReLU named, in the
    graded report and the local check alike, and not said of a test mode that scales x?"""
    sub = _realistic(tmp_path, "norm_dropout_test_relu")
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert translate("dropout_test_relu", lang) in hint, hint
    from grader.instructor.realistic import HERE, overlay
    scaled = submission(tmp_path, "scaled")
    source = (HERE / "norm_dropout_test_relu.py").read_text()
    assert source.count("out = np.maximum(0, x)") == 1
    (scaled / "layers.py").write_text(overlay((scaled / "layers.py").read_text(),
                                              source.replace("out = np.maximum(0, x)", "out = x * p")))
    for report in _both_sides(scaled, ["dropout_forward"], "en"):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert hint and translate("dropout_test_relu", "en") not in hint, hint


def test_eps_added_twice_is_not_said_of_a_name_given_another_value_in_between():
    """Read from the source alone: `var += eps` in train mode, then `var = running_var` and np.sqrt(var + eps) in test
    mode, is one eps per branch: nothing is said; the set-N form is."""
    import ast
    from grader.exception_rules import _eps_added_twice

    def twice(body):
        return _eps_added_twice(ast.parse("def f(x, eps, running_var):\n" + body).body[0])
    assert twice("    var = x.var(axis=0)\n    var += eps\n    std = np.sqrt(var + eps)\n") is not None
    assert twice("    var = x.var(axis=0)\n    var += eps\n    var = running_var\n"
                 "    std = np.sqrt(var + eps)\n") is None
    assert twice("    var = x.var(axis=0)\n    std = np.sqrt(var + eps)\n") is None


# -- set N's dependants with mistakes of their own under a failing root (learnC) ------------------------------------

def _backward_hints(report, function, output):
    return [str(c.hint) for c in report.checks if c.function == function and c.name.startswith(output + " ")
            and c.score < c.max_score]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_with_slips_of_its_own_under_a_forward_with_no_cache_hears_them_on_both_sides(tmp_path, lang):
    """Set N: a batch-norm forward that raises (no cache), and a backward stopped where it unpacks that cache, which
    also spells axis `axix` and divides dout * gamma by var + eps. Is its dx told its root and, read from its code,
    both mistakes of its own, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_backward_own_slips")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        dx = _backward_hints(report, "batchnorm_backward", "dx")
        assert dx and all(_fixed("depends_on", lang) in h and _fixed("depends_also_source", lang) in h
                          and "`axix`" in h and _fixed("src_dx_hat_over_var", lang) in h for h in dx), dx
        if lang == "zh":
            assert not any(english_sentences(h) for h in dx), dx


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_backward_taking_dgamma_from_layer_norm_is_told_beside_its_root_on_both_sides(tmp_path, lang):
    """Set N: a group norm through layer norm on tiled rows, its backward building dgamma and dbeta from
    layernorm_backward's per-column sums. Is that told beside the root's line on both sides, with the right layer
    norm it calls keeping every point?"""
    sub = _realistic(tmp_path, "norm_gn_backward_via_ln")
    functions = ["layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        dx = _backward_hints(report, "spatial_groupnorm_backward", "dx")
        assert dx and all(_fixed("depends_on", lang) in h and _fixed("src_gn_params_from_ln", lang) in h
                          for h in dx), dx
        assert all(c.score == c.max_score for c in report.checks if c.function.startswith("layernorm"))
        if lang == "zh":
            assert not any(english_sentences(h) for h in dx), dx


def test_the_names_taken_from_layer_norm_s_sums_are_code_in_chinese():
    """A real file's `dx, dgamma, dbeta = layernorm_backward(...)` on (N * G, ...) rows: its names are quoted as
    code, since bare `dgamma, dbeta` in the zh sentence read as two English words (the local check's zh sweep of
    every named real file flagged it)."""
    import ast
    from grader.exception_rules import _params_from_layernorm_backward
    source = ("def spatial_groupnorm_backward(dout, cache):\n"
              "    N, C, H, W = dout.shape\n"
              "    G = cache[-1]\n"
              "    dx, dgamma, dbeta = layernorm_backward(dout.reshape(N * G, -1), cache[0])\n"
              "    return dx.reshape(N, C, H, W), dgamma.reshape(1, C, 1, 1), dbeta.reshape(1, C, 1, 1)\n")
    lineno, names = _params_from_layernorm_backward(ast.parse(source).body[0])
    assert (lineno, names) == (4, "`dgamma`, `dbeta`")
    said = translate("src_gn_params_from_ln", "zh", function="spatial_groupnorm_backward", names=names)
    assert not english_sentences(said), said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dgamma_of_another_size_than_gamma_is_told_beside_its_root_on_both_sides(tmp_path, lang):
    """Set N: a group-norm backward summing dgamma and dbeta per group row (shape (N * G,)) under a forward with eps
    outside the square root, its dx that forward's gradient. Are dgamma and dbeta told their shape beside the root's
    line, and dx, right for its forward, not said to have that mistake?"""
    sub = _realistic(tmp_path, "norm_gn_backward_group_rows")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        for output in ("dgamma", "dbeta"):
            hints = _backward_hints(report, "spatial_groupnorm_backward", output)
            assert hints and all(_fixed("depends_on", lang) in h and _fixed("depends_also_params_shape", lang) in h
                                 for h in hints), hints
            if lang == "zh":
                assert not any(english_sentences(h) for h in hints), hints
        dx = _backward_hints(report, "spatial_groupnorm_backward", "dx")
        assert dx and not any(_fixed("depends_also_params_shape", lang) in h for h in dx), dx


@pytest.mark.parametrize("name, functions", [
    ("norm_eps_dependant", ["layernorm_forward", "layernorm_backward"]),
    ("norm_cache_silent", ["layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward",
                           "spatial_groupnorm_backward", "batchnorm_forward", "batchnorm_backward"]),
    ("norm_own_cache_xhat", ["spatial_groupnorm_forward", "spatial_groupnorm_backward"])])
def test_a_right_backward_under_a_failing_forward_hears_no_new_mistake_of_its_own(tmp_path, name, functions):
    """Right backwards (or ones whose dgamma and dbeta are right) under failing forwards: is none of set N's own
    readings (a keyword numpy does not take, var + eps where std belongs, dgamma from layer norm, a dgamma of
    another size) said of them?"""
    sub = _realistic(tmp_path, name)
    new = ("src_unknown_keyword", "src_dx_hat_over_var", "src_gn_params_from_ln", "depends_also_params_shape")
    for report in _both_sides(sub, functions, "en"):
        hints = "\n".join(str(c.hint) for c in report.checks)
        assert not [k for k in new if _fixed(k, "en") in hints], hints


def _function_node(code):
    import ast
    return ast.parse(code).body[0]


@pytest.mark.parametrize("code, found", [
    ("def f(x):\n    return np.sum(x, axix=0)", ("np.sum", "axix", "axis")),
    ("def f(x):\n    return x.mean(axes=(0, 2, 3))", (".mean()", "axes", "axis")),
    ("def f(x):\n    return np.sum(x, axis=0, keepdims=True) + x.var(axis=0, ddof=0) + x.mean(0)", None),
    ("def f(x):\n    return np.reshape(x, newshape=(2, -1)) + obj.sum(anything=1)", None)])
def test_a_keyword_numpy_does_not_take_is_read_and_right_keywords_are_not(code, found):
    """Is `np.sum(x, axix=0)` (and a reduction method's misspelt keyword) read with the keyword meant, and are right
    keywords, and calls the reading does not check, left alone?"""
    from grader.exception_rules import _unknown_keyword
    read = _unknown_keyword(_function_node(code))
    assert (read[1:] if read else None) == found


@pytest.mark.parametrize("code, found", [
    ("def b(dout, cache):\n    gamma, var, eps = cache\n    d = dout * gamma\n    return d / (var + eps)", True),
    ("def b(dout, cache):\n    gamma, var, eps = cache\n    return dout * gamma / (var + eps)", True),
    ("def b(dout, cache):\n    gamma, var, eps = cache\n    d = dout * gamma\n    return d / np.sqrt(var + eps)",
     False),
    ("def b(dout, cache):\n    gamma, xmu, var, eps = cache\n    d = dout * gamma\n"
     "    return d - xmu * np.sum(d * xmu, axis=0) / (var + eps)", False),
    ("def b(dout, cache):\n    gamma, v, eps = cache\n    var = np.sqrt(v + eps)\n    d = dout * gamma\n"
     "    return d / (var + eps)", False),
    ("def b(dout, cache):\n    gamma, std, eps = cache\n    d = dout * gamma\n    return d / (std + eps)", False)])
def test_dout_times_gamma_over_var_plus_eps_is_read_and_right_forms_are_not(code, found):
    """Is dout * gamma divided by var + eps read, and a division by the standard deviation, the compact form's
    term over var + eps, and a name holding a square root, not?"""
    from grader.exception_rules import _dx_hat_over_variance
    assert (_dx_hat_over_variance(_function_node(code), "dout") is not None) == found


@pytest.mark.parametrize("code, found", [
    ("def b(dout, cache):\n    G, c = cache\n    d = dout.reshape(N * G, -1)\n"
     "    dx, dg, db = layernorm_backward(d, c)\n    return dx, dg.sum(), db.sum()", True),
    ("def b(dout, cache):\n    G, c = cache\n    dx, dg, db = layernorm_backward(dout.reshape((N * G, -1)), c)\n"
     "    return dx, dg.sum(), db.sum()", True),
    ("def b(dout, cache):\n    G, c = cache\n    d = dout.reshape(N * G, -1)\n"
     "    dx, _, _ = layernorm_backward(d, c)\n    return dx, 1, 2", False),
    ("def b(dout, cache):\n    G, c = cache\n    d = dout.reshape(N * G, -1)\n"
     "    dx, dg, db = layernorm_backward(d, c)\n    return dx, 1, 2", False),
    ("def b(dout, cache):\n    for g in range(G):\n        piece = dout[:, g].transpose(0, 2, 3, 1).reshape(N * H * W, k)\n"
     "        dx, dg, db = layernorm_backward(piece, cache[g])\n        out[g] = dg, db\n    return dx, out, 2", False)])
def test_dgamma_from_layer_norm_is_read_only_where_it_is_used_on_group_rows(code, found):
    """Is a group-norm backward read as building dgamma and dbeta from layernorm_backward's only where it hands it
    (N * G, ...) rows and reads them after the call (dx alone taken from it is right; layer norm run per group on
    (N * H * W, C // G) rows sums per channel, right too)?"""
    from grader.exception_rules import _params_from_layernorm_backward
    assert (_params_from_layernorm_backward(_function_node(code)) is not None) == found


def test_dgamma_from_layer_norm_is_not_said_where_the_layer_norm_backward_itself_is_wrong(tmp_path):
    """The group norm above, its layernorm_backward summing dgamma and dbeta per row (as set N's ducido does) and
    returning no dx (the group norm then raises on every case, where its source is read): is the reading about layer
    norm's per-column sums, untrue of that layer norm, left unsaid beside the root's line?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_gn_backward_via_ln")
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def layernorm_backward(dout, cache):\n"
        "    x_hat, gamma, std = cache[0], cache[1], cache[2]\n"
        "    dx, dgamma, dbeta = None, np.sum(dout * x_hat, axis=1), np.sum(dout, axis=1)\n"
        "    return dx, dgamma, dbeta\n")))
    functions = ["layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    report = grade(sub, seed=7, functions=functions, lang="en").worded()
    assert any(c.score < c.max_score for c in report.checks if c.function == "layernorm_backward")
    hints = "\n".join(str(c.hint) for c in report.checks if c.function == "spatial_groupnorm_backward")
    assert _fixed("depends_on", "en") in hints and _fixed("src_gn_params_from_ln", "en") not in hints, hints


# -- set O: test mode's square root with no eps, read from the source -------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_with_three_mistakes_is_told_all_three_on_both_sides(tmp_path, lang):
    """Set O: running averages updated in test mode only, test mode normalising with the batch's own statistics,
    and there np.sqrt(var) with no eps. The hint named the first two; its output cannot show the third (1e-5 beside a
    variance of about 1). Are all three named, with the line, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_test_three")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "batchnorm_forward"))
        for key in ("probe_norm_not_updated", "pattern_test_batch_stats", "src_test_root_without_eps"):
            assert _fixed(key, lang) in hint, (key, hint)
        assert "np.sqrt(batch_var)" in hint, hint
        if lang == "zh":
            assert not english_sentences(hint.replace("np.sqrt(batch_var)", "")), hint


FORWARD = """import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    if mode == 'train':
        mu, var = x.mean(axis=0), x.var(axis=0)
        out = gamma * (x - mu) / np.sqrt(var + eps) + beta
    {test}
        out = gamma * (x - bn_param['running_mean']) / {root} + beta
    return out, None
"""


@pytest.mark.parametrize("test, root, said", [
    ("elif mode == 'test':", "np.sqrt(bn_param['running_var'])", True),
    ("else:", "np.sqrt(bn_param['running_var'])", True),
    ("elif mode == 'test':", "np.sqrt(bn_param['running_var'] + eps)", False),
    ("elif mode == 'test':", "np.sqrt(bn_param['running_var'] + 1e-5)", False),
    # eps added to the variance on an earlier line: the root's argument holds it
    ("elif 'test' == mode:\n        v = bn_param['running_var'] + eps", "np.sqrt(v)", False),
    ("elif mode == 'test':\n        v = bn_param['running_var'] + eps\n        w = v", "np.sqrt(w)", False),
])
def test_a_test_mode_root_without_eps_is_read_only_where_no_eps_reaches_it(test, root, said):
    """Is a square root in the test branch said to lack eps only where neither its argument nor a name assigned
    from something holding eps brings it one (and nothing where the function has no eps at all, which
    src_eps_nowhere says)? And is the reference's forward silent?"""
    import ast
    from pathlib import Path

    from grader.exception_rules import _test_root_without_eps
    source = FORWARD.format(test=test, root=root)
    node = ast.parse(source).body[1]
    found = _test_root_without_eps(node)
    assert (found is not None) == said, (source, found)
    if said:
        assert found[1] == root
    bare = ast.parse(source.replace("eps = bn_param.get('eps', 1e-5)", "pass").replace(" + eps", "")).body[1]
    assert _test_root_without_eps(bare) is None
    reference = ast.parse((Path(__file__).resolve().parents[1] / "solutions" / "layers.py").read_text())
    right = next(n for n in reference.body if getattr(n, "name", "") == "batchnorm_forward")
    assert _test_root_without_eps(right) is None


@pytest.mark.parametrize("test, root", [
    ("elif mode == 'test':", "(np.sqrt(bn_param['running_var']) + eps)"),
    ("elif mode == 'test':\n        s = np.sqrt(bn_param['running_var'])", "(s + eps)"),
])
def test_a_test_mode_root_with_eps_outside_is_not_said_to_lack_eps(test, root):
    """Set O's other side: `np.sqrt(running_var) + eps` (O's thomasren681 and afcarl) has eps, outside the root,
    which the reading of its output names: is it never told that eps is missing?"""
    import ast

    from grader.exception_rules import _test_root_without_eps
    assert _test_root_without_eps(ast.parse(FORWARD.format(test=test, root=root)).body[1]) is None


# -- held-out set O: a backward written for a cache layout its forward does not store (issue 19) -----------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("swapped", [False, True])
def test_a_backward_expecting_a_layout_its_forward_does_not_cache_is_named(tmp_path, lang, swapped):
    """Set O (thomasren681): a group-norm backward unpacking `N, G, Cg, H, W = rows.shape` from a cache whose forward
    stored x.reshape(N * G, -1).T raised "expected 5, got 2", and once its cache order was mended the hint only
    repeated the ValueError. Is the layout it expects named, with the forward's line, on both sides; and where the
    cache is also unpacked in another order, are both said? Does the right forward beside it keep every point?"""
    sub = _realistic(tmp_path, "norm_gn_cache_layout")
    if swapped:
        layers = sub / "layers.py"
        layers.write_text(layers.read_text().replace("    rows, x_norm, mu, sigma2, gamma, eps = cache\n",
                                                     "    rows, x_norm, sigma2, mu, gamma, eps = cache\n"))
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    source = (sub / "layers.py").read_text().splitlines()
    reshaped = next(k + 1 for k, line in enumerate(source) if line.strip().startswith("rows = x.reshape"))
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        hint = _hints(report, "spatial_groupnorm_backward")[0]
        assert _fixed("src_cache_layout", lang) in hint, hint
        assert translate("src_cache_layout_array", lang, name="rows", read=5, cached=2,
                         read_code="`N, G, Cg, H, W = rows.shape`", cached_code="`rows = x.reshape(N * G, -1).T`",
                         where=f"layers.py:{reshaped}") in hint, hint
        assert ("sigma2 <- mu, mu <- sigma2" in hint) == swapped, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("forward, backward, found", [
    # the forward's 2-D rows and 1-D statistics, read as 5-D
    ("x2 = x.reshape(N * G, -1).T\n    m = np.mean(x2, axis=0)\n    cache = (x2, m)",
     "x2, m = cache\n    N, G, Cg, H, W = x2.shape\n    m = m.transpose(2, 3, 4, 0, 1)", [("x2", 5, 2), ("m", 5, 1)]),
    # a grouped x and keepdims statistics, read as they are cached
    ("x5 = x.reshape(N, G, C // G, H, W)\n    m = x5.mean(axis=(2, 3, 4), keepdims=True)\n    cache = (x5, m)",
     "x5, m = cache\n    N, G, Cg, H, W = x5.shape\n    m = m.transpose(2, 3, 4, 0, 1)", []),
    # the input itself (4-D) unpacked as such; a reshape to a size of unknown length is not guessed
    ("cache = (x, G)", "x, G = cache\n    N, C, H, W = x.shape", []),
    ("x2 = x.reshape(shape)\n    cache = (x2, G)", "x2, G = cache\n    N, G, Cg, H, W = x2.shape", [])])
def test_the_axes_a_backward_reads_are_compared_with_those_its_forward_caches(forward, backward, found):
    """Read from both functions' source: the backward's `.shape` unpacking or transpose against the forward's
    reshape, transpose or reduction of the same name. Is each mismatch found, and layouts that agree (or cannot be
    known) left alone?"""
    import ast
    from types import SimpleNamespace as NS
    from grader.exception_rules import cache_layout_readings
    source = (f"def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):\n    N, C, H, W = x.shape\n    {forward}\n"
              f"    return x, cache\n\n\ndef spatial_groupnorm_backward(dout, cache):\n    {backward}\n"
              f"    return dout, 1, 2\n")
    graded = NS(name="spatial_groupnorm_backward", forward="spatial_groupnorm_forward", module="layers")
    node = next(n for n in ast.parse(source).body if n.name == "spatial_groupnorm_backward")
    got = [(t.fields["name"], t.fields["read"], t.fields["cached"])
           for _, t in cache_layout_readings(graded, source, node)]
    assert got == found, got


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_eps_scaled_after_it_is_read_is_pointed_at(tmp_path, lang):
    """Set O (kethoo): a group-norm backward multiplying its forward's eps by 1.0001, right at 1e-5 and wrong with
    the graded large eps, was told "the eps it uses is not its forward's" with no line. Is its line named, in place of
    that guess, on both sides; do the right forward and the backward's other outputs keep every point?"""
    sub = _realistic(tmp_path, "norm_gn_eps_scaled")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        checks = {c.name.split(" ")[0]: c for c in report.checks if c.function == "spatial_groupnorm_backward"}
        assert checks["dgamma"].score == checks["dgamma"].max_score and checks["dbeta"].score == checks["dbeta"].max_score
        hint = "\n".join(_hints(report, "spatial_groupnorm_backward"))
        assert translate("src_eps_changed", lang) in hint and "`eps = eps * 1.0001`" in hint, hint
        assert _fixed("pattern_eps_large_backward", lang) not in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("line, found", [
    ("eps = eps * 1.0001", True), ("    eps_mine = eps_mine * 1.0001", True), ("eps *= 1.01", True),
    ("epsilon = epsilon + 1e-8", True), ("eps = (eps) * .5", True),
    ("eps = gn_param.get('eps', 1e-5)", False), ("eps = 1e-5", False), ("var_eps = var + eps", False),
    ("eps2 = eps * 2", False), ("eps = eps * scale", False)])
def test_an_eps_changed_by_a_number_is_read_and_others_are_not(line, found):
    """Is eps set to itself times (or plus) a number read, and eps read from the dict, typed in (another reading's),
    a sum with var, another name, or a product with a name, not?"""
    import re
    from grader.exception_rules import SOURCE_PATTERNS
    pattern = next(p for key, _, p, _ in SOURCE_PATTERNS if key == "src_eps_changed")
    assert bool(re.search(pattern, line)) == found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_batch_norm_on_one_row_per_sample_is_named_as_that(tmp_path, lang):
    """Set O (BetterCourses): a spatial batch norm running batch norm on x.reshape(N, -1) raised on the running mean
    and was given two readings ("a slice per channel, or a reshape that keeps H and W apart"). Is the reshape it
    wrote read from its line and said (one row per sample, each position over N alone), under out and in the
    running averages' pointers, on both sides, while the right batchnorm_forward keeps every point?"""
    sub = _realistic(tmp_path, "norm_sbn_rows_per_sample")
    for report in _both_sides(sub, ["batchnorm_forward", "spatial_batchnorm_forward"], lang):
        assert not _hints(report, "batchnorm_forward")
        hints = _hints(report, "spatial_batchnorm_forward")
        assert len(hints) == 3, hints
        for hint in hints:
            assert _fixed("src_sbn_rows_per_sample", lang)[:40] in hint, hint
            # said once: the running averages' pointer quotes it, and the local check added it again beside it
            assert hint.count(_fixed("src_sbn_rows_per_sample", lang)[:40]) == 1, hint
            assert _fixed("rule_sbn_columns_not_channels", lang) not in hint, hint
            if lang == "zh":
                assert not english_sentences(hint), hint
        assert "`flat, cache = batchnorm_forward(x.reshape(N, C * H * W), g, b, bn_param)`" in hints[0], hints[0]


@pytest.mark.parametrize("line, found", [
    ("out, cache = batchnorm_forward(x.reshape(N, -1), g, b, bn_param)", True),
    ("flat = x.reshape((x.shape[0], -1))", True), ("flat = x.reshape(N, C * H * W)", True),
    ("flat = x.transpose(0, 2, 3, 1).reshape(-1, C)", False), ("flat = x.reshape(N * H * W, C)", False),
    ("flat = x.reshape(N, C, -1)", False), ("part = x[:, c].reshape(N, -1)", False), ("y = xx.reshape(N, -1)", False)])
def test_one_row_per_sample_is_read_and_the_channel_columns_are_not(line, found):
    """Is a reshape of x to (N, -1) or (N, C * H * W) read, and (N * H * W, C) rows, (N, C, H * W), a channel's slice
    (another mistake, with its own words) or another array, not?"""
    import re
    from grader.exception_rules import SOURCE_PATTERNS
    pattern = next(p for key, _, p, _ in SOURCE_PATTERNS if key == "src_sbn_rows_per_sample")
    assert bool(re.search(pattern, line)) == found


# -- the tenth round's sweep of every named real file ----------------------------------------------------------------

HALF_WRITTEN_GN_BACKWARD = """
def spatial_groupnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    x_hat = cache[0]
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dx = np.zeros_like(dout)
    return dx, dgamma, dbeta
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_left_as_zeros_is_told_so_on_both_sides(tmp_path, lang):
    """A half-written group-norm backward (dx = np.zeros_like(dout), dgamma and dbeta written): the graded report
    said "dx is all zeros", the local check "check the formula itself" (arnawldo/cs231n). Both say zeros now, and
    dgamma and dbeta, right, keep their points."""
    from grader.instructor.realistic import overlay
    sub = submission(tmp_path, "half_written")
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), HALF_WRITTEN_GN_BACKWARD))  # the reference caches x_hat first
    for report in _both_sides(sub, ["spatial_groupnorm_backward"], lang):
        dx = _backward_hints(report, "spatial_groupnorm_backward", "dx")
        assert dx and translate("diag_zeros", lang, output="dx") in dx[0], dx
        assert all(c.score == c.max_score for c in report.checks if c.name.split()[0] in ("dgamma", "dbeta"))


BN_ALT_ROOT_WITHOUT_EPS = """
def batchnorm_forward(x, gamma, beta, bn_param):
    mode, eps, momentum = bn_param["mode"], bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    running_mean = bn_param.get("running_mean", np.zeros(x.shape[1]))
    running_var = bn_param.get("running_var", np.zeros(x.shape[1]))
    cache = None
    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, var, eps)
    else:
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, var, eps = cache
    N = dout.shape[0]
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx = gamma * (N * dout - dbeta - x_hat * dgamma) / (N * np.sqrt(var))
    return dx, dgamma, dbeta
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_root_without_eps_is_read_where_1e_8_cannot_be_told_from_nothing(tmp_path, lang):
    """A simplified batch-norm backward dividing by np.sqrt(var) (edinler/cs231n): on the local check's cases no
    variance is tiny, so `var + 1e-8` fitted as well as `var` and the two readings left the check with no hint at
    all. The typed 1e-8 is no reading of its own there: both sides now say the root lacks eps."""
    from grader.instructor.realistic import overlay
    sub = submission(tmp_path, "alt_root_without_eps")
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), BN_ALT_ROOT_WITHOUT_EPS))
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward_alt"], lang):
        assert all(c.score == c.max_score for c in report.checks if c.function == "batchnorm_forward")
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and "`1 / np.sqrt(var)`" in dx[0] and "1e-8" not in dx[0], dx


# -- learnG: a group norm's broadcast error read against the raising case's N and G ---------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, function, key", [
    ("norm_gn_stat_on_x", "spatial_groupnorm_backward", "bc_group_stat_on_4d"),
    ("norm_gn_row_stats", "spatial_groupnorm_forward", "bc_group_rows_as_row"),
    ("norm_gn_column_stats", "spatial_groupnorm_forward", "bc_group_columns_per_row"),
    ("norm_gn_channels_last", "spatial_groupnorm_forward", "bc_gamma_channels_last")])
def test_a_group_norm_broadcast_between_layouts_is_told_which_on_both_sides(tmp_path, name, function, key, lang):
    """The named repositories' sweep: a group-norm backward centring the cached 4-D x on an (N * G, 1) mean, a
    forward's (N * G,) mean put back as a row, a transposed view's statistics taken along its rows, a (1, C, 1, 1)
    gamma against x_hat moved to channels-last. Is each told, beside
    the broadcast paragraph, which layouts met, in the graded report and the local check, with the right forward of
    the first earning every point?"""
    sub = _realistic(tmp_path, name)
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        if function == "spatial_groupnorm_backward":
            assert not _hints(report, "spatial_groupnorm_forward")
        hint = "\n".join(str(h) for h in _hints(report, function))
        assert _fixed("rule_norm_broadcast", lang) in hint and _fixed(key, lang) in hint, hint
        others = {"bc_group_stat_on_4d", "bc_group_rows_as_row", "bc_group_columns_per_row",
                  "bc_gamma_channels_last"} - {key}
        assert not any(_fixed(other, lang) in hint for other in others), hint
        if lang == "zh":
            assert not english_sentences(hint), hint


def _gn_case(shape, G):
    from grader.functions import Case
    return Case({"x": np.zeros(shape)}, {"G": G, "gn_param": {"eps": 1e-5}}, "x")


@pytest.mark.parametrize("a, b, shape, G, gamma_there, key", [
    ((2, 6, 4, 5), (2, 3, 1, 1, 1), (2, 6, 4, 5), 3, True, "bc_group_stat_on_4d"),  # x - (N, G, 1, 1, 1)
    ((2, 6, 4, 5), (6, 1), (2, 6, 4, 5), 3, False, "bc_group_stat_on_4d"),  # x - (N * G, 1), no gamma on the line
    ((2, 6, 4, 5), (6, 1), (2, 6, 4, 5), 3, True, ""),  # N * G = C beside gamma: a (C, 1) gamma reads the same
    ((1, 4, 3, 3), (2, 1), (1, 4, 3, 3), 2, True, "bc_group_stat_on_4d"),  # N * G = 2, C = 4: no doubt
    ((2, 6, 4, 5), (6,), (2, 6, 4, 5), 3, True, ""),  # a (C,) gamma against x
    ((6, 40), (1, 6), (2, 6, 4, 5), 3, False, "bc_group_rows_as_row"),
    ((6, 40), (1, 6), (2, 6, 4, 5), 3, True, ""),  # gamma.reshape(1, C) against the rows
    ((40, 6), (40,), (2, 6, 4, 5), 3, False, "bc_group_columns_per_row"),
    ((40, 6), (6, 40), (2, 6, 4, 5), 3, False, ""),  # the swapped sizes: bc_transposed's words, not these
    ((2, 6, 4, 5), (1, 3, 1, 1), (2, 6, 4, 5), 3, False, ""),  # gamma of another channel count
    ((2, 6, 4, 5), (2, 2, 1, 1, 1), (2, 6, 4, 5), 3, False, ""),  # a statistic of another group count
    ((1, 6, 1, 1), (2, 4, 5, 6), (2, 6, 4, 5), 3, True, "bc_gamma_channels_last"),  # gamma * x_hat.transpose(0, 2, 3, 1)
    ((1, 4, 1, 1), (2, 4, 5, 6), (2, 6, 4, 5), 3, True, "")])  # gamma of another channel count
def test_a_group_layout_is_read_only_where_the_case_says_what_each_shape_is(a, b, shape, G, gamma_there, key):
    """Is the group norm's layout named exactly where the raising case's N, C and G say what each shape is, and
    never where N * G could be C on a line that reads gamma?"""
    from grader.exception_rules import group_layout_reading
    raised = ("ValueError: operands could not be broadcast together with shapes "
              f"({','.join(map(str, a))}) ({','.join(map(str, b))}) ")
    reading = group_layout_reading(raised, _gn_case(shape, G), gamma_there=gamma_there)
    assert getattr(reading, "key", "") == key, english(reading)
    assert group_layout_reading(raised, None) == ""


def test_a_group_norm_gamma_against_its_rows_is_not_read_as_a_statistic(tmp_path):
    """A group norm scaling its (N * G, -1) rows by gamma.reshape(1, C) (N * G = C on the first case): not told its
    statistics run along the columns."""
    sub = submission(tmp_path, "gn_gamma_rows", (
        "    x_hat = ((xg - mu) / std).reshape(N, C, H, W)\n",
        "    x_hat = ((xg - mu) / std).reshape(N, C, H, W)\n"
        "    x_hat = (gamma.reshape(1, C) * x_hat.reshape(N * G, -1)).reshape(N, C, H, W)\n"))
    hint = "\n".join(english(h) for h in _hints(grade(sub, seed=7, functions=["spatial_groupnorm_forward"]),
                                                 "spatial_groupnorm_forward"))
    assert english(translate("rule_norm_broadcast", "en"))[:60] in hint, hint
    assert all(_fixed(k, "en") not in hint for k in ("bc_group_rows_as_row", "bc_group_stat_on_4d")), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mean_unpacked_as_the_centred_x_is_named_beside_the_open_reading_on_both_sides(tmp_path, lang):
    """Set L: a staged batch-norm backward that unpacks its forward's batch mean under a name for the centred x and
    doubles it (told only that the variance's term is missing), and a layer-norm backward doing the same with
    1. / N (told only that dx does not sum to zero). Does each hear the mean doubled, and the layer norm its count N,
    in the graded report and the local check, while both right forwards keep every point?"""
    sub = _realistic(tmp_path, "norm_mean_as_centred")
    functions = ["batchnorm_forward", "batchnorm_backward", "layernorm_forward", "layernorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_forward") and not _hints(report, "layernorm_forward")
        bn = _hints(report, "batchnorm_backward")[0]
        assert translate("dx_change_missing", lang, term=translate("dx_term_var", lang)) in bn, bn
        assert _fixed("src_twice_the_mean", lang) in bn and "`d_centred = g * inv_sd + 2 * centred" in bn, bn
        assert _fixed("src_count_batch", lang) not in bn, bn  # batch norm's count is N
        ln = _hints(report, "layernorm_backward")[0]
        for key in ("pattern_norm_backward_not_centred", "src_twice_the_mean", "src_count_batch"):
            assert _fixed(key, lang) in ln, (key, ln)
        if lang == "zh":
            assert not english_sentences(bn) and not english_sentences(ln), (bn, ln)


@pytest.mark.parametrize("name, lines, beside, keys", [
    ("layernorm_backward", ["mean = x_hat.mean(axis=1)", "dx = dvar * mean * 2.0"], "not_centred",
     ["src_twice_the_mean"]),
    ("batchnorm_backward", ["x_hat, centred, dvar, dx_hat = cache", "dx = 2. / 6 * centred * dvar"], "missing",
     []),  # a name from the cache that no forward is read for: not known to be the mean
    ("layernorm_backward", ["mean = x_hat.mean(axis=1)", "dx = 2 * x_hat * dvar - 2 * mean * dvar"], "not_centred",
     []),  # the mean is subtracted: the derivative of E[x ** 2] - mean ** 2, not the mean doubled
    ("layernorm_backward", ["mean = x_hat.mean(axis=1)", "dx = dvar * mean * 2.0"], "other", []),
    ("layernorm_backward", ["N, D = dout.shape", "dx = dx_hat / N"], "not_centred", ["src_count_batch"]),
    ("layernorm_backward", ["N, D = dout.shape", "dx = dx_hat / N"], "missing", []),  # the count was read as right
    ("layernorm_backward", ["N, D = dout.shape", "dx = dx_hat / D"], "not_centred", []),
    ("batchnorm_backward", ["N, D = dout.shape", "dx = dx_hat / N"], "not_centred", [])])
def test_the_source_is_read_beside_an_open_reading_of_a_backward_that_ran(tmp_path, name, lines, beside, keys):
    """A backward that did not raise: is 2 times the mean itself said, and a layer norm's division by the batch
    size, only beside a reading of dx that leaves them open; and a mean it subtracts, the layer's own count, batch
    norm's N, or a reading that names something else, not?"""
    from grader.exception_rules import open_readings
    from grader.functions import BY_NAME
    from grader.i18n import text
    body = "".join(f"    {line}\n" for line in ["x_hat, dvar, dx_hat = cache"] + lines)
    (tmp_path / "layers.py").write_text(f"import numpy as np\n\n\ndef {name}(dout, cache):\n" + body
                                        + "    return dx, None, None\n")
    hint = {"not_centred": text("pattern_norm_backward_not_centred", function=name, axes="dx.sum(axis=1)"),
            "missing": text("dx_change_missing", term=text("dx_term_var")),
            "other": text("pattern_norm_backward_divided_by_x_hat", function=name)}[beside]
    found = open_readings(BY_NAME[name], SimpleNamespace(package_dir=tmp_path), hint)
    assert [key for key, _ in found] == keys, found
    for _, said in found:
        assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_variance_summed_before_its_deviation_is_named_on_both_sides(tmp_path, lang):
    """Set L (Hira63S/CS231n): a staged batch-norm backward whose variance gradient is np.sum(dx_hat) times
    x - mean, and which divides dx_hat by var + eps (told only that its mean's path is there). Does it hear both
    lines, in the graded report and the local check, while its right forward keeps every point?"""
    sub = _realistic(tmp_path, "norm_bn_dvar_summed_alone")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        assert not _hints(report, "batchnorm_forward")
        dx = _hints(report, "batchnorm_backward")[0]
        assert _fixed("src_dvar_summed_alone", lang) in dx and "`d_var = g.sum(axis=0) * (x - mu)" in dx, dx
        assert _fixed("src_dx_hat_over_var", lang) in dx and "`dxc = g / (var + eps)" in dx, dx
        if lang == "zh":
            assert not english_sentences(dx), dx


@pytest.mark.parametrize("line, found", [
    ("dvar = np.sum(dxhat, axis=0) * (x - mu) * -0.5 * (var + eps) ** -1.5", True),
    ("dvar = dxhat.sum(axis=0) * xmu * -0.5 * (var + eps) ** -1.5", True),  # xmu = x - mu
    ("dvar = np.sum(dxhat * (x - mu), axis=0) * -0.5 * (var + eps) ** -1.5", False),  # the product summed: right
    ("dvar = np.sum(dxhat, axis=0) * mu * -0.5", False),  # no deviation beside the sum
    ("dmu = np.sum(dxhat, axis=0) * (x - mu)", False),  # not the variance's gradient
    ("dvar = np.sum(dout, axis=0) * (x - mu)", False)])  # dout, not the gradient reaching x_hat
def test_a_variance_sum_closed_early_is_read_and_the_summed_product_is_not(line, found):
    """Is the variance's gradient as a sum of dx_hat alone times x - mean read, and the sum of the product, a sum
    beside no deviation, another gradient's name, or a sum of dout, not?"""
    from grader.exception_rules import _summed_before_centring
    code = ("def f(dout, cache):\n    x, mu, var, gamma, eps = cache\n    dxhat = dout * gamma\n"
            f"    xmu = x - mu\n    {line}\n    return dvar\n")
    assert (_summed_before_centring(_function_node(code), "dout") is not None) == found


def test_the_source_readings_of_a_backward_that_ran_wait_for_no_term_reading(tmp_path):
    """The variance summed alone and dx_hat over var + eps: said where dx was not read term by term, and not where
    it was (that reading names the scale in its own words)?"""
    from grader.exception_rules import open_readings
    from grader.functions import BY_NAME
    from grader.i18n import text
    (tmp_path / "layers.py").write_text(
        "import numpy as np\n\n\ndef batchnorm_backward(dout, cache):\n    x, mu, var, gamma, eps = cache\n"
        "    dxhat = dout * gamma\n    dvar = np.sum(dxhat, axis=0) * (x - mu) * -0.5 * (var + eps) ** -1.5\n"
        "    dx = dxhat / (var + eps) + dvar * 2 * (x - mu) / x.shape[0]\n    return dx, None, None\n")
    graded, context = BY_NAME["batchnorm_backward"], SimpleNamespace(package_dir=tmp_path)
    generic = text("pattern_norm_backward_variance_path", function="batchnorm_backward")
    assert [key for key, _ in open_readings(graded, context, generic)] == ["src_dvar_summed_alone",
                                                                          "src_dx_hat_over_var"]
    from grader.i18n import lines
    read = lines(text("dx_terms_intro", function="batchnorm_backward", count="N", axes="axis=0"), generic)
    assert open_readings(graded, context, read) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_of_constant_statistics_under_a_failing_forward_hears_it_on_both_sides(tmp_path, lang):
    """Set L (ryanbai2008/CS231n-assignments): dx = dout * gamma / std under a forward that normalises its train mode
    with the running averages (told only its root). Is dx told it treats the batch's statistics as constants, read
    from its code beside the root's line, in the graded report and the local check, and said under dx alone?"""
    sub = _realistic(tmp_path, "norm_bn_backward_constant_dependant")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        dx = _backward_hints(report, "batchnorm_backward", "dx")
        assert dx and all(_fixed("depends_on", lang) in h and _fixed("depends_also_source", lang) in h
                          and _fixed("src_dx_constant_stats", lang) in h and "`dx = gamma * dout / std`" in h
                          for h in dx), dx
        dgamma = _backward_hints(report, "batchnorm_backward", "dgamma")
        assert dgamma and not any(_fixed("src_dx_constant_stats", lang) in h for h in dgamma), dgamma
        if lang == "zh":
            assert not any(english_sentences(h) for h in dx), dx


@pytest.mark.parametrize("body, found", [
    ("dx = dout * (gamma / std)", True),
    ("g = dout * gamma\n    dx = g / np.sqrt(var + eps)", True),
    ("g = dout * gamma\n    dx = g / np.sqrt(var + eps) - g.mean(axis=0) / np.sqrt(var + eps)", False),  # a mean
    ("dx = np.zeros_like(x)", False),  # no dout in it: nothing written yet, its own reading
    ("dvdx = (x - mu) / N\n    dx = dout * gamma * dvdx", False),  # something subtracted: not constants alone
    ("dx = dout * gamma / std\n    for i in range(3):\n        dx = dx * 1", False)])
def test_a_dx_of_constant_statistics_is_read_and_others_are_not(body, found):
    """Is dx made of dout and cached values by products and roots alone read, and one with a mean, with no dout,
    with a difference in it, or in a loop, not?"""
    from grader.exception_rules import _dx_of_constant_statistics
    code = f"def f(dout, cache):\n    x, mu, var, std, gamma, eps, N = cache\n    {body}\n    return dx, None, None\n"
    assert (_dx_of_constant_statistics(_function_node(code), "dout") is not None) == found


@pytest.mark.parametrize("forward_cache, backward_read, key, mine", [
    ("cache = {'xhat': x1, 'gamma': gamma}", "xhat = cache['xhat']", "name_error_forward_cached", "xhat"),
    ("cache = (x1, gamma)", "xg, g = cache", "name_error_forward_cached", "xg"),
    ("cache = (x, gamma)", "xg, g = cache", "name_error_forward_only", ""),  # x1 not stored: store it
    ("cache = {'xhat': x1}", "xhat = cache['x_hat']", "name_error_forward_only", "")])  # another key: not read
def test_a_backward_reading_its_forwards_name_is_told_where_the_cache_already_holds_it(tmp_path, forward_cache,
                                                                                     backward_read, key, mine):
    """Set L (Achuthankrishna/ENPM809K-Fully-Connected-Networks): a group-norm backward reading `x1`, which its
    forward does store in its cache (as cache['xhat']), was told to store x1 in the cache. Is it told instead the
    name it unpacks that value as, and told to store it only where the forward does not?"""
    from grader.exception_rules import name_error_reading
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text(
        "import numpy as np\n\n\ndef spatial_groupnorm_forward(x, gamma, beta, G, gn_param):\n    x1 = x * 2\n"
        f"    {forward_cache}\n    return x1, cache\n\n\ndef spatial_groupnorm_backward(dout, cache):\n"
        f"    {backward_read}\n    dgamma = np.sum(dout * x1, axis=(0, 2, 3))\n    return dout, dgamma, dgamma\n")
    context = SimpleNamespace(package_dir=tmp_path, source_line=lambda f, n: "")
    said = name_error_reading(BY_NAME["spatial_groupnorm_backward"], "NameError: name 'x1' is not defined",
                              ["layers.py:12 in spatial_groupnorm_backward"], context)
    assert _said_keys(said) == {key}, english(said)
    assert (f"`{mine}`" in english(said)) if mine else _fixed("name_error_forward_only", "en") in english(said)
    assert not english_sentences(render(said, "zh")), render(said, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_reading_a_cached_name_of_its_forward_is_told_its_own_name_on_both_sides(tmp_path, lang):
    """Set L: a group-norm backward reading `x1`, which its right forward stores as cache['x_norm'] and the
    backward unpacks as `x_norm`: is it told that name, not to store x1, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_gn_backward_cached_name")
    for report in _both_sides(sub, ["spatial_groupnorm_forward", "spatial_groupnorm_backward"], lang):
        assert not _hints(report, "spatial_groupnorm_forward")
        hint = _hints(report, "spatial_groupnorm_backward")[0]
        assert _fixed("name_error_forward_cached", lang) in hint and "`x_norm`" in hint, hint
        assert _fixed("name_error_forward_only", lang) not in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_under_a_forward_adding_eps_twice_hears_its_own_slips_not_the_forwards_scale(tmp_path, lang):
    """Set L (Hira63S/CS231n): a forward adding eps twice, and a backward with a variance summed before x - mean and
    dx_hat over var + eps. It was told, as its own mistake, only that its dgamma's x_hat uses var + 2 * eps (the
    x_hat its forward cached). Is it told its two slips as its own, without the forward's scale, on both sides?"""
    sub = _realistic(tmp_path, "norm_bn_dvar_eps_twice")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        assert _fixed("pattern_eps_twice", lang) in _hints(report, "batchnorm_forward")[0]
        dx = _backward_hints(report, "batchnorm_backward", "dx")
        assert len(dx) == 1, dx
        for key in ("depends_on", "depends_also_own", "src_dvar_summed_alone", "src_dx_hat_over_var"):
            assert _fixed(key, lang) in dx[0], (key, dx[0])
        assert _fixed("params_terms_intro", lang) not in dx[0] and "2 * eps" not in dx[0], dx[0]
        if lang == "zh":
            assert not english_sentences(dx[0]), dx[0]


# -- learnI's sweep of the named files: a train mode on the running averages, a running variance of one number ------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_train_mode_on_its_running_averages_is_named_on_both_sides(tmp_path, lang):
    """ryanbai2008/CS231n-assignments: a batch norm normalising its batch with the running averages it has just
    updated, its running variance one sum of squares with no axis, was told "check the train branch" and "check the
    formula itself". Are both named on both sides, and a spatial batch norm normalising right (its running variance
    one number too) not told the train-mode reading?"""
    sub = _realistic(tmp_path, "norm_bn_train_running")
    for report in _both_sides(sub, ["batchnorm_forward", "spatial_batchnorm_forward"], lang):
        bn, sbn = "\n".join(_hints(report, "batchnorm_forward")), "\n".join(_hints(report, "spatial_batchnorm_forward"))
        assert translate("pattern_train_uses_running", lang, function="batchnorm_forward") in bn, bn
        assert translate("pattern_running_fed_one", lang, function="batchnorm_forward", name="running_var",
                         axes="axis=0") in bn, bn
        assert translate("pattern_running_fed_one", lang, function="spatial_batchnorm_forward", name="running_var",
                         axes="axis=(0, 2, 3)") in sbn, sbn
        assert _fixed("pattern_train_uses_running", lang) not in sbn, sbn
        assert "running_mean (" not in bn + sbn and "running_mean（" not in bn + sbn  # its running mean is right


def test_the_train_running_and_one_number_readings_stay_silent_where_they_do_not_fit():
    """A right batch norm (its train mode on the batch's statistics, the running averages per feature), one whose
    running variance is x.var() (the whole-array reading's), and one normalising with running averages equal to the
    batch's (momentum 0: the right formula fits too) are not read as either."""
    from grader.layer_patterns import _running_whole_hint, train_running_hint
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME["batchnorm_forward"]
    cases = make_cases(graded, np.random.default_rng(0), {})

    def outputs(var_of, normalise_with_running=False, momentum=None):
        outs = []
        for c in cases:
            m = c.params.get("momentum", 0.9) if momentum is None else momentum
            x, eps = c.arrays["x"], c.params.get("eps", 1e-5)
            mean = m * c.arrays["running_mean"] + (1 - m) * x.mean(axis=0)
            var = m * c.arrays["running_var"] + (1 - m) * var_of(x)
            mu, v = (mean, var) if normalise_with_running else (x.mean(axis=0), x.var(axis=0))
            outs.append(SimpleNamespace(problem="", arrays={
                "out": c.arrays["gamma"] * (x - mu) / np.sqrt(v + eps) + c.arrays["beta"],
                "running_mean": mean, "running_var": var}))
        return outs
    right = outputs(lambda x: x.var(axis=0))
    assert train_running_hint(graded, cases, right) == "" and _running_whole_hint(graded, cases, right) == ""
    assert keys_of_hint(train_running_hint(graded, cases, outputs(lambda x: x.var(axis=0), True))) == \
        {"pattern_train_uses_running"}
    assert keys_of_hint(_running_whole_hint(graded, cases, outputs(lambda x: x.var()))) == {"pattern_running_fed_whole"}
    summed = outputs(lambda x: np.sum((x - x.mean(axis=0)) ** 2) / len(x))
    assert keys_of_hint(_running_whole_hint(graded, cases, summed)) == {"pattern_running_fed_one"}
    # a case at momentum 0 alone: its running averages are the batch's, and the right formula fits as well
    at_0 = [c for c in cases if (c.params.get("mode") or "train") == "train"][:1]
    if at_0:
        saved = cases[:]
        cases[:] = at_0
        assert train_running_hint(graded, cases, outputs(lambda x: x.var(axis=0), True, momentum=0.0)) == ""
        cases[:] = saved


def keys_of_hint(hint):
    from grader.layer_patterns import keys_of
    return keys_of(hint)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eps_outside_the_root_in_test_mode_alone_is_said_to_be_in_test_mode(tmp_path, lang):
    """Seven named files (AdamStefan/DeepLearning, KwokhoTsui/cs231n, afcarl/Stanford-CS231n among them) write
    `np.sqrt(running_var) + eps` in the test branch alone and were told "(x - mean) / np.sqrt(var + eps)", the
    train-mode words: is the test branch named on both sides, and eps outside the root in train mode not?"""
    test_only = submission(tmp_path, "test_only", ("np.sqrt(running_var + eps) + beta",
                                                   "(np.sqrt(running_var) + eps) + beta"))
    train_only = submission(tmp_path, "train_only", ("std = np.sqrt(var + eps)", "std = np.sqrt(var) + eps"))
    for report in _both_sides(test_only, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert translate("mistake_bn_test_eps_outside_sqrt", lang) in hint, hint
        assert translate("mistake_bn_eps_outside_sqrt", lang) not in hint, hint
    for report in _both_sides(train_only, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("mistake_bn_test_eps_outside_sqrt", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_mean_averaged_in_as_the_variance_is_named_on_both_sides(tmp_path, lang):
    """File 124 of learnI's sweep computes its variance as np.mean(x, axis=0) and was told only that test mode has
    no eps: is the mean fed into running_var named on both sides, and never a right running variance?"""
    sub = submission(tmp_path, "var_mean", ("var = x.var(axis=0)", "var = x.mean(axis=0)"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert translate("pattern_running_var_fed_mean", lang, function="batchnorm_forward", axes="axis=0") in hint, \
            hint
    right = submission(tmp_path, "no_eps_test", ("np.sqrt(running_var + eps) + beta", "np.sqrt(running_var) + beta"))
    for report in _both_sides(right, ["batchnorm_forward"], lang):
        assert _fixed("pattern_running_var_fed_mean", lang) not in "\n".join(_hints(report, "batchnorm_forward"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_made_with_dgammas_x_hat_without_eps_is_told_so_on_both_sides(tmp_path, lang):
    """learnK (RobinsoGarcia/cs231n-Spring2017): an alt backward whose dx, too, used the x_hat without eps its dgamma
    used was told, under dx, dgamma's x_hat alone: is dx's use of it said, in the graded report and the local check,
    while a backward whose dx is right (dgamma alone without eps) still hears dgamma's sentence, and the correct
    forward and staged backward keep every point?"""
    sub = _realistic(tmp_path, "norm_alt_xhat_no_eps")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_forward") and not _hints(report, "batchnorm_backward")
        hints = _hints(report, "batchnorm_backward_alt")
        assert hints and all(_fixed("pattern_dx_dgamma_eps_missing", lang) in hint for hint in hints), hints
    for name in ("norm_recomputed", "norm_dgamma_cached_no_eps"):
        sub = _realistic(tmp_path, name)
        for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
            hint = "\n".join(_hints(report, "batchnorm_backward"))
            assert _fixed("pattern_dgamma_eps_missing", lang) in hint, hint
            assert _fixed("pattern_dx_dgamma_eps_missing", lang) not in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_made_without_the_gamma_it_unpacks_is_told_so_on_both_sides(tmp_path, lang):
    """learnK (WenboKou/assignments): an alt backward that unpacks gamma and makes dx without it, beside another
    slip, was told only that dx is not centred. Is the missing gamma said, with its line, in the graded report and
    the local check; is the same backward with gamma in dx (the other slip alone) not told it; and do the right
    forward and staged backward keep every point?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_alt_dx_without_gamma")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_forward") and not _hints(report, "batchnorm_backward")
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and all(_fixed("src_dx_without_gamma", lang) in h and "`gamma`" in h for h in dx), dx
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_backward_alt(dout, cache):\n"
        "    normed, gamma, spread = cache\n"
        "    m = normed.shape[0]\n"
        "    g = dout * gamma\n"
        "    dx = g / spread - g.sum(axis=0) / (m * spread) - normed * normed * g / (m * spread)\n"
        "    return dx, (dout * normed).sum(axis=0), dout.sum(axis=0)\n")))
    for report in _both_sides(sub, functions, lang):
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and not any(_fixed("src_dx_without_gamma", lang) in h for h in dx), dx


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_diagonal_without_gamma_is_told_both_on_both_sides(tmp_path, lang):
    """Held-out set P: a simplified backward from the Jacobian's diagonal alone, with gamma left out, told only that
    dx does not sum to zero. Is it told both, once each, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_alt_diagonal_no_gamma")
    for report in _both_sides(sub, ["batchnorm_backward_alt"], lang):
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and _fixed("pattern_norm_backward_diagonal_no_gamma", lang) in dx[0], dx
        assert _fixed("src_dx_without_gamma", lang) not in dx[0], dx  # gamma said once
        if lang == "zh":
            assert not english_sentences(dx[0]), dx[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mean_term_scaled_on_its_own_is_told_so_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; a real layer-norm backward): a d mean multiplied by std where it is divided by it,
    beside a d var written with var ** -1.5, and (WenboKou/assignments' alt, in part) a mean term not divided by std,
    were told only that dx does not sum to zero. Is each told, in the graded report and the local check, with no
    English left in zh; and is the scale of the rest of dx not said wrong where it is right?"""
    sub = _realistic(tmp_path, "norm_mean_term_scale")
    functions = ["layernorm_forward", "layernorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "layernorm_forward")
        ln = _backward_hints(report, "layernorm_backward", "dx")
        assert ln and _fixed("dx_change_scale_t2_std", lang) in ln[0] and "np.sqrt(var + eps)" in ln[0], ln
        assert _fixed("dx_change_scale_t3_all", lang) in ln[0] and "`1 / np.sqrt(var)`" in ln[0], ln
        alt = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert alt and _fixed("dx_change_scale_t2_none", lang) in alt[0], alt
        for key in ("dx_change_scale", "dx_change_scale_t3_all", "dx_change_scale_t2_std", "dx_change_missing"):
            assert _fixed(key, lang) not in alt[0], alt
        if lang == "zh":
            assert not english_sentences(ln[0]) and not english_sentences(alt[0]), (ln, alt)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dependants_own_params_size_beside_a_callee_that_gets_them_right_is_told_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; a real layer norm through batch norm's alt on the transposed arrays): its dgamma and
    dbeta, one value per sample, were told only that the alt fails, though the alt's own dgamma and dbeta pass. Is
    the size said as its own, in the graded report and the local check; and once the alt is right, does dx earn its
    points while dgamma still fails?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_ln_through_bn_params")
    functions = ["batchnorm_forward", "batchnorm_backward_alt", "layernorm_forward", "layernorm_backward"]
    for report in _both_sides(sub, functions, lang):
        for output in ("dgamma", "dbeta"):
            hints = _backward_hints(report, "layernorm_backward", output)
            assert hints and _fixed("depends_on", lang) in hints[0], hints
            assert _fixed("depends_also_params_shape_callee", lang) in hints[0] and "(6,)" in hints[0], hints
            if lang == "zh":
                assert not english_sentences(hints[0]), hints
        dx = _backward_hints(report, "layernorm_backward", "dx")
        assert dx and _fixed("depends_also_params_shape_callee", lang) not in dx[0], dx
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_backward_alt(dout, cache):\n"
        "    xn, g, sd = cache\n"
        "    k = dout.shape[0]\n"
        "    up = dout * g\n"
        "    dx = (up - up.sum(axis=0) / k - xn * (up * xn).sum(axis=0) / k) / sd\n"
        "    return dx, (dout * xn).sum(axis=0), dout.sum(axis=0)\n")))
    report = grade(sub, seed=7, functions=functions, lang=lang)
    assert not _backward_hints(report, "layernorm_backward", "dx")
    assert _backward_hints(report, "layernorm_backward", "dgamma")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dout_times_one_plus_gamma_is_told_alone_and_behind_a_failing_forward_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; dboyliao/cs231n's staged backward): dout multiplied by `np.ones(...) + gamma` was told,
    behind a forward with eps outside the root, only that forward's line. Is it said with its line, on a right
    forward and behind that failing one, in the graded report and the local check; and is a backward with dout * gamma
    not told it?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_one_plus_gamma")
    functions = ["batchnorm_forward", "batchnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        dx = _backward_hints(report, "batchnorm_backward", "dx")
        assert dx and _fixed("src_dx_hat_one_plus_gamma", lang) in dx[0] and "upstream = gamma_ + 1" in dx[0], dx
        if lang == "zh":
            assert not english_sentences(dx[0]), dx
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    eps = bn_param.get('eps', 1e-5)\n"
        "    mom = bn_param.get('momentum', 0.9)\n"
        "    rm = bn_param.get('running_mean', np.zeros(x.shape[1]))\n"
        "    rv = bn_param.get('running_var', np.zeros(x.shape[1]))\n"
        "    if bn_param['mode'] == 'train':\n"
        "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
        "        sd = np.sqrt(var) + eps\n"
        "        xh = (x - mu) / sd\n"
        "        bn_param['running_mean'] = mom * rm + (1 - mom) * mu\n"
        "        bn_param['running_var'] = mom * rv + (1 - mom) * var\n"
        "        return gamma * xh + beta, (xh, gamma, sd)\n"
        "    return gamma * (x - rm) / np.sqrt(rv + eps) + beta, None\n")))
    for report in _both_sides(sub, functions, lang):
        assert _hints(report, "batchnorm_forward")
        dx = _backward_hints(report, "batchnorm_backward", "dx")
        assert dx and _fixed("depends_on", lang) in dx[0], dx
        assert _fixed("src_dx_hat_one_plus_gamma", lang) in dx[0] and "upstream = gamma_ + 1" in dx[0], dx
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_backward(dout, cache):\n"
        "    xh, gamma_, sd = cache\n"
        "    upstream = gamma_\n"
        "    d_xh = dout * upstream\n"
        "    dx = (d_xh - d_xh.mean(axis=0) - xh * (d_xh * xh).mean(axis=0)) / sd\n"
        "    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)\n")))
    for report in _both_sides(sub, functions, lang):
        assert not any(_fixed("src_dx_hat_one_plus_gamma", lang) in h for h in _hints(report, "batchnorm_backward"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_alts_unsummed_variance_term_and_undivided_mean_term_are_told_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; WenboKou/assignments' alt): beside its missing gamma, a variance's term of
    (x - mean) * dout value by value and a mean's term np.sum(dout / N, axis=0) left undivided by std were not named.
    Are both said with their line, in the graded report and the local check; and once both are right (a one-line
    textbook dx of the same cache) is neither said and every point earned?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_alt_unsummed_terms")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_forward") and not _hints(report, "batchnorm_backward")
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and _fixed("src_dvar_unsummed", lang) in dx[0] and "`x - mu`" in dx[0], dx
        assert _fixed("src_mean_term_unscaled", lang) in dx[0] and "`np.mean(dout, axis=0)`" in dx[0], dx
        if lang == "zh":
            assert not english_sentences(dx[0]), dx
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_backward_alt(dout, cache):\n"
        "    x, mu, var, eps, gamma = cache\n"
        "    n = x.shape[0]\n"
        "    xh = (x - mu) / np.sqrt(var + eps)\n"
        "    dx = gamma * dout / np.sqrt(var + eps) - gamma * (x - mu) * np.sum(dout * (x - mu), axis=0) / "
        "(n * (var + eps) ** 1.5) - gamma * np.mean(dout, axis=0) / np.sqrt(var + eps)\n"
        "    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)\n")))
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_backward_alt"), _hints(report, "batchnorm_backward_alt")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_made_value_by_value_is_told_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; learnM's AdvaitKoparkar/CS231n-Assignment2 alt, and dboyliao/cs231n's staged backward):
    a dx built value by value, with no sum over the batch anywhere in its making and not the diagonal the diagonal
    reading knows, was told only that dx does not sum to zero. Is that said with its line, in the graded report and
    the local check; and is a backward whose dx sums over the batch (the staged one beside it) not told it?"""
    sub = _realistic(tmp_path, "norm_alt_value_by_value")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_forward") and not _hints(report, "batchnorm_backward")
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and _fixed("src_dx_no_sums", lang) in dx[0] and "dout * gamma * local" in dx[0], dx
        if lang == "zh":
            assert not english_sentences(dx[0]), dx
    sub = _realistic(tmp_path, "norm_alt_unsummed_terms")
    for report in _both_sides(sub, functions, lang):
        assert not any(_fixed("src_dx_no_sums", lang) in h for h in _hints(report, "batchnorm_backward_alt"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_missing_parentheses_beside_an_exception_are_said_once_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; learnM's Dickey007s/Deep-Learning-Assignment): a layer norm that raises where N != D
    and lacks the parentheses around x - mean heard the parentheses twice, from the cases that ran and from its code.
    Is it said once, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_ln_no_parentheses_raises")
    for report in _both_sides(sub, ["layernorm_forward"], lang):
        out = _backward_hints(report, "layernorm_forward", "out")
        assert out and _fixed("form_no_parentheses", lang) in out[0], out
        assert _fixed("src_no_parentheses", lang) not in out[0], out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_variance_for_x_minus_mean_and_a_dx_times_std_are_read_term_by_term_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; learnM's wanghao15536870732/StudyNotes and vivek2188/Study): a staged dx whose term
    through d var is `2 * var * dvar / m`, and a simplified dx multiplied by std where it is divided by it, were told
    only the generic paragraphs. Is each read term by term, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_var_for_centred")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt", "layernorm_forward",
                 "layernorm_backward"]
    for report in _both_sides(sub, functions, lang):
        for name in ("batchnorm_forward", "batchnorm_backward", "layernorm_forward"):
            assert not _hints(report, name), (name, _hints(report, name))
        alt = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert alt and _fixed("dx_change_t3_var", lang) in alt[0] and "var / std" in alt[0], alt
        ln = _backward_hints(report, "layernorm_backward", "dx")
        assert ln and _fixed("dx_change_scale", lang) in ln[0] and "`np.sqrt(var + eps)`" in ln[0], ln
        if lang == "zh":
            assert not english_sentences(alt[0]) and not english_sentences(ln[0]), (alt, ln)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_quadratic_in_dout_is_told_on_both_sides(tmp_path, lang):
    """learnL (eleventh round; AsadaYouko/My-cs231n-assignment-solutions): dx = dx_norm * dx_local, dx_local made of
    dx_norm, was told only that dx does not sum to zero. Is the product said with its line, in the graded report and
    the local check; and is a staged backward that reuses a name for two sums (a right one) not told it?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_dout_twice")
    for report in _both_sides(sub, ["batchnorm_backward"], lang):
        dx = _backward_hints(report, "batchnorm_backward", "dx")
        assert dx and _fixed("src_dout_squared", lang) in dx[0] and "`up * local`" in dx[0], dx
        if lang == "zh":
            assert not english_sentences(dx[0]), dx
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_backward(dout, cache):\n"
        "    xh, gamma, sd = cache\n"
        "    n = dout.shape[0]\n"
        "    up = dout * gamma\n"
        "    part = np.sum(up * xh, axis=0)\n"
        "    part = part * xh\n"
        "    dx = (up - np.sum(up, axis=0) / n - part / n) / sd\n"
        "    return dx, np.sum(dout * xh, axis=0) * np.ones_like(dout).mean(), np.sum(dout, axis=0)\n")))
    for report in _both_sides(sub, ["batchnorm_backward"], lang):
        assert not _hints(report, "batchnorm_backward"), _hints(report, "batchnorm_backward")
def test_a_running_average_stored_twice_from_the_same_updated_local_is_not_told_overwritten():
    """learnM (AgainstEntropy/CS231n-assignment2021): a train mode that updates its running_mean and running_var
    locals and stores them into bn_param, before the starter's last lines store the same locals again, was told
    (beside its real slip) that the later store puts back the running average it was given, a local "never
    updated": untrue, both stores hold the update. Silent there; the student's own store of an expression, put back
    by a local never updated, is still told."""
    import ast
    from grader.exception_rules import _running_lost
    from grader.functions import BY_NAME
    from grader.instructor.realistic import HERE
    graded = BY_NAME["batchnorm_forward"]

    def lost(source):
        node = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))
        return [key for key, _, _ in _running_lost(graded, node, [a.arg for a in node.args.args])]
    overwritten = (HERE / "norm_bn_running_overwritten.py").read_text()
    twice = overwritten
    for key in ("running_mean", "running_var"):
        line = next(l for l in twice.splitlines() if l.strip().startswith(f"bn_param['{key}'] = momentum"))
        twice = twice.replace(line, line.replace(f"bn_param['{key}']", key) + f"\n        bn_param['{key}'] = {key}")
    assert twice != overwritten and twice.count("bn_param['running_mean'] = running_mean") == 2
    assert lost(twice) == [] and lost(overwritten) == ["src_running_overwritten"] * 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_eps_read_with_another_key_is_not_told_missing_from_test_mode(tmp_path, lang):
    """learnM (aries-young/cs231n_Assignments): eps read with a misspelt key (its default always used) and a test
    mode with eps in its root was told, beside the key, "in test mode eps is missing": untrue (1e-5 and no eps both
    fit its test output). Is the key said and the untrue sentence gone, in the graded report and the local check;
    and is a test root truly without eps, in the same file, still said?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_bn_eps_key_test_folded")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("src_eps_key", lang) in hint and _fixed("bn_test_without_eps", lang) not in hint, hint
    layers = sub / "layers.py"
    source = layers.read_text()
    assert source.count("np.sqrt(running_var + eps)") == 1
    layers.write_text(source.replace("np.sqrt(running_var + eps)", "np.sqrt(running_var)"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("src_eps_key", lang) in hint, hint
        assert _fixed("bn_test_without_eps", lang) in hint or _fixed("src_test_root_without_eps", lang) in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_normalising_with_averages_it_just_updated_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (shahzaibqazi/Stanford-CS231n-Assignments): the running averages updated above the mode branch, so test
    mode too folds the test batch in before normalising with them, was told only "right in train mode, wrong in test
    mode". Is the update said, in the graded report and the local check; and is the same forward with the update
    moved into the train branch given every point?"""
    sub = _realistic(tmp_path, "norm_bn_test_updates_running")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("pattern_test_updates_running", lang) in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint
    layers = sub / "layers.py"
    source = layers.read_text()
    update = ("    running_mean = momentum * running_mean + (1 - momentum) * mu\n"
              "    running_var = momentum * running_var + (1 - momentum) * sigma2\n")
    assert source.count(update) == 1
    source = source.replace(update, "").replace("        cache = (x, xhat, mu, sigma2, gamma, eps)\n",
                                                "        cache = (x, xhat, mu, sigma2, gamma, eps)\n"
                                                + update.replace("    ", "        ", 2).replace("\n    r", "\n        r"))
    layers.write_text(source)
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        assert not _hints(report, "batchnorm_forward"), _hints(report, "batchnorm_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_spatial_batch_norm_handing_batch_norm_channels_as_rows_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (kiluazen/CS231_Computer_Vision): x moved to (C, N * H * W) and handed to batch norm raises where the
    N * H * W statistics meet the (C,) running average, and was told only that the array is not (N * H * W, C).
    Is the (C, N * H * W) layout said, with the case's sizes, under out and under the running averages alike, in
    the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_sbn_channels_as_rows")
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], lang):
        hints = _hints(report, "spatial_batchnorm_forward")
        assert len(hints) == 3 and _fixed("rule_sbn_transposed", lang) in hints[0], hints
        assert all("(C, N * H * W)" in h and "40" in h for h in hints), hints  # the pointers: its first sentence
        if lang == "zh":
            assert not english_sentences(hints[0]), hints[0]


def test_a_reshape_is_read_as_multiplied_out_only_where_its_target_is_the_raising_cases_x():
    """learnM (EVA012/assignment2): a group-norm backward's statistic reshaped to (N, G, 1, 1, 1) after a squeeze()
    that dropped G = 1 raised "cannot reshape array of size 4 into shape (2,1,1,1,1)" and was told its 2 values are
    "the 2 of x" (x held 48). Read against the raising case's x, is the multiplied-out reading silent there, and
    still said where the target holds x's values?"""
    from types import SimpleNamespace
    import numpy as np
    from grader.exception_rules import multiplied_out_reading
    case = SimpleNamespace(arrays={"x": np.zeros((2, 4, 3, 2))}, params={"G": 1})
    assert multiplied_out_reading("ValueError: cannot reshape array of size 4 into shape (2,1,1,1,1)", case) == ""
    grown = multiplied_out_reading("ValueError: cannot reshape array of size 96 into shape (2,4,3,2)", case)
    assert getattr(grown, "key", "") == "reshape_multiplied_out"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mask_drawn_with_rand_of_the_shape_tuple_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (zzz0069/CS231n): np.random.rand(x.shape) raises "'tuple' object cannot be interpreted as an integer"
    and was told only that. Is the star named, in the graded report and the local check, and is the same line with
    the star given every point?"""
    sub = _realistic(tmp_path, "norm_dropout_rand_tuple")
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hints = _hints(report, "dropout_forward")
        assert hints and _fixed("rule_rand_shape_tuple", lang) in hints[0], hints
    layers = sub / "layers.py"
    source = layers.read_text()
    assert source.count("np.random.rand(x.shape)") == 1
    layers.write_text(source.replace("np.random.rand(x.shape)", "np.random.rand(*x.shape)"))
    for report in _both_sides(sub, ["dropout_forward", "dropout_backward"], lang):
        assert not _hints(report, "dropout_forward") and not _hints(report, "dropout_backward")


def test_one_channels_slice_handed_with_its_one_gamma_is_not_told_a_gamma_shape():
    """learnM (AgainstEntropy/CS231n-assignment2021): a spatial batch norm looping over channels hands batch norm
    each channel's (N, H * W) slice with gamma[c], one number, and was told (beside the slice's real mistake) that
    batch norm takes one gamma value per column: untrue, every column there is channel c's. Silent where the
    handed values are one channel's, still said where they span channels."""
    import numpy as np
    from grader.i18n import text
    from grader.plumbing import gamma_reading
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 5))
    opening = text("plumb_open_too")
    one = [{"a0": x[:, 1].reshape(2, -1), "a1": np.float64(2.0), "a2": np.float64(0.5)}]
    assert gamma_reading("spatial_batchnorm_forward", "batchnorm_forward", one, opening, source=x) == ""
    every = [{"a0": x.transpose(0, 2, 3, 1).reshape(-1, 3), "a1": np.float64(2.0), "a2": np.zeros(3)}]
    got = gamma_reading("spatial_batchnorm_forward", "batchnorm_forward", every, opening, source=x)
    assert getattr(got, "key", "") == "plumb_gamma_shape", got


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_masking_a_relu_of_x_is_told_so_on_both_sides(tmp_path, lang):
    """learnL's pool (AryanRaj315/CS231n_Assignments): a right inverted mask applied to np.maximum(0, x) was told
    nothing under out, and under out_0_or_x_over_p that test mode scales by p (its test mode returns x: untrue, a
    catalog mistake of test mode "reproducing" a property that holds). Is the ReLU said under both, and the test
    mode not, in the graded report and the local check; and does the same mask on x earn every point?"""
    sub = _realistic(tmp_path, "norm_dropout_relu_first")
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hints = _hints(report, "dropout_forward")
        assert len(hints) == 2 and all(_fixed("dropout_train_relu", lang) in h for h in hints), hints
        assert not any(_fixed("mistake_dropout_scaled_at_test", lang) in h for h in hints), hints
        if lang == "zh":
            assert not english_sentences(hints[0]), hints[0]
    layers = sub / "layers.py"
    source = layers.read_text()
    assert source.count("np.maximum(x, 0) * mask") == 1
    layers.write_text(source.replace("np.maximum(x, 0) * mask", "x * mask"))
    for report in _both_sides(sub, ["dropout_forward", "dropout_backward"], lang):
        assert not _hints(report, "dropout_forward") and not _hints(report, "dropout_backward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_beta_added_before_the_normalisation_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (Al73r/CS231n): (x - mean + beta) / std * gamma, in train and test mode, was told only its other
    slips (no eps, a running std). Is beta's place said for train mode, and test mode's formula shown, in the graded
    report and the local check; and does the same forward with beta added last earn every point?"""
    sub = _realistic(tmp_path, "norm_bn_beta_inside")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("pattern_beta_inside", lang) in hint and "(x - running_mean + beta)" in hint, hint
        if lang == "zh":
            assert not english_sentences(hint.replace("`gamma * (x - running_mean + beta) / np.sqrt(running_var "
                                                      "+ eps)`", "")), hint
    layers = sub / "layers.py"
    source = layers.read_text()
    for old, new in (("x - avg + beta", "x - avg"), ("gamma * shifted / root", "gamma * shifted / root + beta"),
                     ("x - running_mean + beta", "x - running_mean"),
                     ("gamma * shifted / np.sqrt(running_var + eps)", "gamma * shifted / np.sqrt(running_var + eps) + beta")):
        assert source.count(old) == 1
        source = source.replace(old, new)
    layers.write_text(source)
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        assert not _hints(report, "batchnorm_forward"), _hints(report, "batchnorm_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_train_branch_that_never_assigns_out_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (srjit/dl101): a batch norm whose train branch computes x_hat and the running averages but never
    assigns out was told nothing of it under out, and under running_mean and running_var "returns None for
    running_mean, while it returns out" (the other way round: out is None there). Is the branch named under out,
    are the running averages told they are not judged without out, in the graded report and the local check; and
    does the same forward with out assigned earn every point?"""
    sub = _realistic(tmp_path, "norm_bn_train_out_unset")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        checks = {c.name.split(" ")[0]: c for c in report.checks if c.function == "batchnorm_forward"}
        assert _fixed("out_unset_in_branch", lang) in checks["out"].hint, checks["out"].hint
        for side in ("running_mean", "running_var"):
            assert _fixed("partly_returned_side", lang) in checks[side].message, checks[side].message
            assert _fixed("partly_returned", lang) not in checks[side].message, checks[side].message
        if lang == "zh":
            assert not english_sentences(checks["out"].hint), checks["out"].hint
    layers = sub / "layers.py"
    source = layers.read_text()
    marker = "        # the scaled and shifted output is never written here\n"
    assert source.count(marker) == 1
    layers.write_text(source.replace(marker, "        out = gamma * x_norm + beta\n"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        assert not _hints(report, "batchnorm_forward") and all(
            c.score == c.max_score for c in report.checks if c.function == "batchnorm_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_average_stored_under_a_misspelt_key_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (elirex/machine-learning): bn_param['running_maen'] = ... was told only that the running averages
    are not updated or not stored back. Is the key named, in the graded report and the local check; is it silent
    where the right key is stored too; and does the same forward with the key spelt right earn every point?"""
    import ast
    from grader.exception_rules import _running_lost
    from grader.functions import BY_NAME
    sub = _realistic(tmp_path, "norm_sbn_running_key_misspelt")
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "spatial_batchnorm_forward"))
        assert _fixed("src_running_key_misspelt", lang) in hint and "runing_mean" in hint, hint
    layers = sub / "layers.py"
    source = layers.read_text()
    assert source.count("bn_param['runing_mean']") == 1
    both = source.replace("        bn_param['running_var'] =", "        bn_param['running_mean'] = bn_param['runing_mean']\n"
                                                              "        bn_param['running_var'] =")
    node = next(n for n in ast.parse(both).body if isinstance(n, ast.FunctionDef)
                and n.name == "spatial_batchnorm_forward")
    assert not _running_lost(BY_NAME["spatial_batchnorm_forward"], node, [a.arg for a in node.args.args])
    layers.write_text(source.replace("bn_param['runing_mean']", "bn_param['running_mean']"))
    for report in _both_sides(sub, ["spatial_batchnorm_forward"], lang):
        assert not _hints(report, "spatial_batchnorm_forward"), _hints(report, "spatial_batchnorm_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_mean_fed_the_centred_x_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (ethen8181/programming): running_mean = momentum * running_mean + (1 - momentum) * x_mu, x_mu = x -
    mu, was told only that running_mean has shape (N, D). Is the centred x named, in the graded report and the
    local check; and does the same forward fed the mean earn every point?"""
    sub = _realistic(tmp_path, "norm_bn_running_fed_centred")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(_hints(report, "batchnorm_forward"))
        assert _fixed("src_running_fed_centred", lang) in hint and "`diff`" in hint, hint
    layers = sub / "layers.py"
    source = layers.read_text()
    assert source.count("(1 - momentum) * diff") == 1
    layers.write_text(source.replace("(1 - momentum) * diff", "(1 - momentum) * mean"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        assert not _hints(report, "batchnorm_forward"), _hints(report, "batchnorm_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statistics_over_the_whole_array_without_eps_are_told_both_on_both_sides(tmp_path, lang):
    """learnL's pool (ThaddeusHatcher/deep-learning-cs231n-assignments): np.mean(x) and np.var(x) with no axis and
    np.sqrt(var) with no eps were told, under out, only what the running averages are fed (no form with eps fits a
    case with a large eps). Is train mode's formula read with eps 0, both slips said, in the graded report and the
    local check?"""
    sub = _realistic(tmp_path, "norm_bn_whole_array_stats")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = _hints(report, "batchnorm_forward")[0]
        assert _fixed("form_axes_none", lang) in hint and _fixed("form_eps_missing", lang) in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_scaling_its_grouped_rows_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (AmirEstiri/DeepLearning-CS231): gamma * x_hat + beta on x_hat still (N * G, C // G * H * W) gives out
    a shape ending in those two axes, told only the shape (nothing on the local check). Is the layout said, in the
    graded report and the local check; and does the same forward with x_hat put back first earn every point?"""
    sub = _realistic(tmp_path, "norm_gn_out_on_rows")
    for report in _both_sides(sub, ["spatial_groupnorm_forward"], lang):
        hint = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert _fixed("shape_gn_rows_not_put_back", lang) in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint
    layers = sub / "layers.py"
    source = layers.read_text()
    old = "    out = gamma * x_hat + beta  # scaled while x_hat is still one row per sample and group\n"
    assert source.count(old) == 1
    layers.write_text(source.replace(old, "    out = gamma * x_hat.reshape(N, C, H, W) + beta\n"))
    for report in _both_sides(sub, ["spatial_groupnorm_forward"], lang):
        assert not _hints(report, "spatial_groupnorm_forward"), _hints(report, "spatial_groupnorm_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_masking_in_test_mode_is_told_so_on_both_sides(tmp_path, lang):
    """learnM (jacatral/CS231n-Assignments): a test mode drawing a mask again (each unit 0 or x) was told only
    "right in train mode, wrong in test mode". Is the mask said, in the graded report and the local check; and does
    the same forward returning x in test mode earn every point?"""
    sub = _realistic(tmp_path, "norm_dropout_test_masked")
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(_hints(report, "dropout_forward"))
        assert _fixed("dropout_test_masked", lang) in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint
    layers = sub / "layers.py"
    source = layers.read_text()
    old = "        out = np.where(keep, x, 0.0)\n"
    assert source.count(old) == 1
    layers.write_text(source.replace(old, "        out = x\n"))
    for report in _both_sides(sub, ["dropout_forward", "dropout_backward"], lang):
        assert not _hints(report, "dropout_forward") and not _hints(report, "dropout_backward")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, key", [("norm_bn_test_unbiased", "pattern_test_unbiased_running_var"),
                                       ("norm_bn_test_updates_running", "pattern_test_updates_running")])
def test_a_test_mode_with_an_unbiased_or_freshly_updated_running_var_is_told_on_both_sides(tmp_path, lang, name, key):
    """learnN (eleventh round; iff0/cs231n_assignments_2021 and ohs2033/cs231n_assignment): a batch norm whose test
    mode scales running_var by N / (N - 1), and one that updates the running averages with the test batch above its
    mode branch, were told only "right in train mode and wrong in test mode, check that branch". Is each told its own
    departure (and not the other's), in the graded report and the local check?"""
    other = {"pattern_test_unbiased_running_var": "pattern_test_updates_running",
             "pattern_test_updates_running": "pattern_test_unbiased_running_var"}[key]
    sub = _realistic(tmp_path, name)
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        out = _backward_hints(report, "batchnorm_forward", "out")
        assert out and _fixed(key, lang) in out[0], out
        assert _fixed(other, lang) not in out[0] and _fixed("pattern_test_only", lang) not in out[0], out
        if lang == "zh":
            assert not english_sentences(out[0]), out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dx_made_without_dout_is_told_on_both_sides(tmp_path, lang):
    """learnN (eleventh round; nasretdinovr/cs231): an alt whose dx is the output's derivative taken on paper, never
    multiplied by dout, was told only that dx does not sum to zero. Is it told that dx is made without dout, with its
    line, in place of the sum's reading, in the graded report and the local check; and is a right alt that reaches
    dout through a name assigned from it not told so?"""
    from grader.instructor.realistic import overlay
    sub = _realistic(tmp_path, "norm_alt_without_dout")
    functions = ["batchnorm_forward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_forward"), _hints(report, "batchnorm_forward")
        dx = _backward_hints(report, "batchnorm_backward_alt", "dx")
        assert dx and _fixed("src_dx_without_dout", lang) in dx[0] and "`dx = gamma * (keep / sd" in dx[0], dx
        assert _fixed("pattern_norm_backward_not_centred", lang) not in dx[0], dx
        if lang == "zh":
            assert not english_sentences(dx[0]), dx
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), (
        "def batchnorm_backward_alt(dout, cache):\n"
        "    xh, xc, sd, gamma = cache\n"
        "    m = float(xh.shape[0])\n"
        "    g = dout * gamma\n"
        "    dx = (g - g.mean(axis=0) - xh * (g * xh).mean(axis=0)) / sd\n"
        "    return dx, np.sum(dout * xh, axis=0), np.sum(dout, axis=0) * (m / m)\n")))
    for report in _both_sides(sub, functions, lang):
        assert not _hints(report, "batchnorm_backward_alt"), _hints(report, "batchnorm_backward_alt")


def test_the_reading_of_a_dx_made_without_dout_holds_only_where_nothing_carries_dout():
    """learnN: ``_dx_without_dout`` reads dx's making statement by statement; dout reaching dx through names, an
    augmented assignment or a helper's arguments counts, a size of dout does not."""
    import ast
    from grader.exception_rules import _dx_without_dout

    def read(body):
        return _dx_without_dout(ast.parse("def f(dout, cache):\n" + body).body[0], "dout")

    assert read("    a, s = cache\n    n = dout.shape[0]\n    dx = a / s * (1 - 1 / n)\n"
                "    return dx, dout.sum(0), dout.sum(0)\n")
    for right in ("    a, s = cache\n    g = dout * 2\n    dx = g / s\n    return dx, 0, 0\n",
                  "    a, s = cache\n    dx = a / s\n    dx *= dout\n    return dx, 0, 0\n",
                  "    a, s = cache\n    dx = helper(a, s, dout)\n    return dx, 0, 0\n",
                  "    dx, dg, db = None, None, None\n    return dx, dg, db\n",
                  "    a, s = cache\n    if s:\n        dx = a\n    else:\n        dx = dout\n    return dx, 0, 0\n"):
        assert read(right) is None, right


def test_a_dx_reshaped_into_itself_or_left_a_placeholder_is_not_told_it_is_made_without_dout_or_sums():
    """The merge's review (12 of 503 named files told an untrue "dx is made without dout"): a name bound anew from
    itself (`dx = dx.T`, `dout = dout.reshape(...)`) keeps what it carried, and a placeholder dx (np.zeros_like(dout),
    told "dx is all zeros") is made neither without dout nor value by value."""
    import ast
    from grader.exception_rules import _dx_without_dout, _dx_without_sums

    def parsed(body):
        return ast.parse("def f(dout, cache):\n" + body).body[0]

    for right in ("    x_hat, gamma, std = cache\n    g = dout * gamma\n    g = g.reshape(-1, 4)\n"
                  "    dx = (g - g.mean(0)) / std\n    dx = dx.T\n    return dx, dout.sum(0), dout.sum(0)\n",
                  "    x_hat, gamma, std = cache\n    dout = dout.reshape(-1, 4)\n    dx = dout * gamma / std\n"
                  "    dx[:, 0] = 0\n    return dx, (dout * x_hat).sum(0), dout.sum(0)\n",
                  "    x_hat, gamma, std = cache\n    dx = np.zeros_like(dout)\n"
                  "    return dx, (dout * x_hat).sum(0), dout.sum(0)\n"):
        assert _dx_without_dout(parsed(right), "dout") is None, right
    # the same dx, once a line really drops dout, is read again
    assert _dx_without_dout(parsed("    x_hat, gamma, std = cache\n    g = dout * gamma\n    g = x_hat.reshape(-1, 4)\n"
                                   "    dx = g / std\n    return dx, dout.sum(0), dout.sum(0)\n"), "dout")
    placeholder = parsed("    x_hat, gamma, std = cache\n    dx = np.zeros_like(dout)\n"
                         "    return dx, (dout * x_hat).sum(0), dout.sum(0)\n")
    assert _dx_without_sums(placeholder, "dout", ["dout", "cache"]) is None
    assert _dx_without_sums(parsed("    x_hat, gamma, std = cache\n    dx = dout * gamma / std\n"
                                   "    return dx, (dout * x_hat).sum(0), dout.sum(0)\n"), "dout", ["dout", "cache"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dgamma_never_summed_is_told_so_on_both_sides(tmp_path, lang):
    """Held-out set Q: an alt's dgamma = dout * x_hat, one value per value of x, had no hint at all. Is it told that it
    is not summed (with the axis that gives one value per channel), under dgamma alone, in the graded report and the
    local check?"""
    sub = _realistic(tmp_path, "norm_alt_dgamma_unsummed")
    for report in _both_sides(sub, ["batchnorm_backward_alt"], lang):
        by_name = {c.name.split(" ")[0]: c for c in report.checks if c.function == "batchnorm_backward_alt"}
        assert by_name["dx"].score == by_name["dx"].max_score and by_name["dbeta"].score == by_name["dbeta"].max_score
        hint = str(by_name["dgamma"].hint)
        assert _fixed("params_change_unsummed", lang) in hint and "`dout * x_hat`" in hint and "`axis=0`" in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eps_added_beside_a_count_times_the_std_is_told_in_the_alt_and_beside_a_dependants_root(tmp_path, lang):
    """Held-out set Q (gv22ga): dx over `(N * sqrt_var + eps)`, the std itself right. The alt had no hint at all, and
    the spatial backward (its forward fails) was told only its root. Is the stray eps said under the alt and beside
    the root, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_stray_eps_on_n_std")
    functions = ["batchnorm_backward_alt", "spatial_batchnorm_forward", "spatial_batchnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        alt = [str(h) for h in _hints(report, "batchnorm_backward_alt")]
        assert alt and _fixed("src_eps_beside_scaled_std", lang) in alt[0] and "`N * sqrt_var + eps`" in alt[0], alt
        spatial = [str(h) for h in _hints(report, "spatial_batchnorm_backward")]
        assert spatial and _fixed("depends_also_source", lang) in spatial[0], spatial
        assert _fixed("src_eps_beside_scaled_std", lang) in spatial[0] and "`N * H * W * sqrt_var`" in spatial[0]


def test_the_stray_eps_reading_holds_only_for_a_count_times_a_std_plus_eps():
    """The reading's pattern: eps beside a count times a standard deviation; eps inside the root, a variance, an
    inverse std or a product of two arrays is not read."""
    import ast
    from grader.exception_rules import _eps_beside_scaled_std

    def read(line):
        return _eps_beside_scaled_std(ast.parse("def f(dout, cache):\n    x_hat, gamma, std, eps = cache\n"
                                                f"    {line}\n    return dx, 0, 0\n").body[0])

    for wrong in ("dx = dout / (N * std + eps)", "dx = dout / (eps + std * x_hat.shape[0])",
                  "dx = dout / (float(N) * np.sqrt(v) + eps)", "dx = dout / ((N * H * W) * std + eps)"):
        assert read(wrong), wrong
    for right in ("dx = dout / (N * np.sqrt(var + eps))", "dx = dout / (N * var + eps)",
                  "dx = dout / (N * inv_std + eps)", "dx = dout / (x_hat * std + eps)", "dx = dout / (std + eps)"):
        assert read(right) is None, right


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_without_the_variances_root_is_told_beside_the_running_average(tmp_path, lang):
    """Held-out set Q (whgusdn321): test mode's `(x - running_mean) * (1 / running_var + eps)` beside a train mode
    feeding running_var the std, told only the running average's reading. Are both said under out (and only the
    running average's under running_var), in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_test_inverse_var_plus_eps")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        by_name = {c.name.split(" ")[0]: str(c.hint) for c in report.checks if c.function == "batchnorm_forward"}
        assert _fixed("src_test_var_without_root", lang) in by_name["out"] and "`1 / running_var`" in by_name["out"]
        assert "running_var" in by_name["running_var"]
        assert _fixed("src_test_var_without_root", lang) not in by_name["running_var"], by_name["running_var"]


def test_the_test_mode_root_reading_holds_only_where_running_var_is_divided_by_with_no_root():
    import ast
    from grader.exception_rules import _test_variance_without_root

    def read(line):
        return _test_variance_without_root(ast.parse(
            "def f(x, gamma, beta, bn_param):\n    if bn_param['mode'] == 'train':\n        out = x\n"
            f"    else:\n        {line}\n    return out, None\n").body[0])

    for wrong in ("out = (x - running_mean) / (running_var + eps)", "out = (x - rm) * (1 / running_var + eps)",
                  "out = (x - rm) / bn_param['running_var']"):
        assert read(wrong), wrong
    for right in ("out = (x - rm) / np.sqrt(running_var + eps)", "out = (x - rm) / (running_var + eps) ** 0.5",
                  "out = (x - rm) * (1 / np.sqrt(running_var + eps))", "out = (x - rm) / std",
                  "out = (x - rm) / np.power(running_var + eps, 0.5)"):
        assert read(right) is None, right


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_running_average_updated_from_the_other_is_told_under_its_check(tmp_path, lang):
    """Held-out set Q (drafly): a loop's `running_var[k] = running_mean[k] * momentum + (1 - momentum) * var[k]` was
    told only "check the formula". Is it told under running_var, in place of the generic, on both sides?"""
    sub = _realistic(tmp_path, "norm_bn_running_var_from_mean")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hints = [str(h) for h in _hints(report, "batchnorm_forward")]
        assert len(hints) == 1 and _fixed("src_running_from_other", lang) in hints[0], hints
        assert _fixed("where_everywhere_norm", lang) not in hints[0], hints


def test_the_running_update_reading_holds_only_where_one_average_reads_the_other_and_not_itself():
    import ast
    from grader.exception_rules import _running_from_other

    def read(line):
        return _running_from_other(ast.parse(f"def f(x, bn_param):\n    {line}\n").body[0])

    for wrong in ("running_var[k] = running_mean[k] * momentum + (1 - momentum) * var[k]",
                  "running_mean = momentum * running_var + (1 - momentum) * mu",
                  "bn_param['running_var'] = momentum * bn_param['running_mean'] + (1 - momentum) * var"):
        assert read(wrong), wrong
    for right in ("running_var = momentum * running_var + (1 - momentum) * var",
                  "running_var = np.zeros_like(running_mean)",
                  "running_var = bn_param.get('running_var', np.zeros_like(running_mean))"):
        assert read(right) is None, right


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dout_moved_otherwise_than_the_forward_moves_x_is_said_beside_the_root(tmp_path, lang):
    """Held-out set Q (syangav): a spatial backward moving dout with (0, 3, 2, 1) where its forward moves x with
    (0, 2, 3, 1), under a forward that fails, was told only its root. Is its own move said beside it, with the fix,
    in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_sbn_dout_transposed_otherwise")
    for report in _both_sides(sub, ["spatial_batchnorm_forward", "spatial_batchnorm_backward"], lang):
        hints = [str(h) for h in _hints(report, "spatial_batchnorm_backward")]
        assert hints and _fixed("depends_also_source", lang) in hints[0], hints
        assert _fixed("src_dout_moved_otherwise", lang) in hints[0] and "`np.transpose(dout, (0, 2, 3, 1))`" in hints[0]


def test_the_dout_move_reading_holds_only_where_dout_alone_is_moved_otherwise_than_x():
    import ast
    from types import SimpleNamespace
    from grader.exception_rules import _dout_moved_otherwise

    forward = "def spatial_batchnorm_forward(x, gamma, beta, bn_param):\n    a = x.transpose(0, 2, 3, 1)\n"

    def read(body):
        source = forward + "def spatial_batchnorm_backward(dout, cache):\n" + body
        backward = ast.parse(source).body[1]
        return _dout_moved_otherwise(SimpleNamespace(forward="spatial_batchnorm_forward"), source, backward, "dout")

    assert read("    d = dout.transpose(0, 3, 2, 1)\n    return d, 0, 0\n")
    for right in ("    d = dout.transpose(0, 2, 3, 1)\n    return d, 0, 0\n",
                  "    x, g = cache\n    a = x.transpose(0, 3, 2, 1)\n    d = dout.transpose(0, 3, 2, 1)\n"
                  "    return d, 0, 0\n",
                  "    d = dout.reshape(-1, 4)\n    return d, 0, 0\n"):
        assert read(right) is None, right


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_running_on_both_gamma_shapes_is_not_told_the_other_shape(tmp_path, lang):
    """learnR's pool (forestLoop): a group norm that flattens gamma to (C,) itself runs on this kit's (1, C, 1, 1)
    gamma as well; its C // G runs of G channels, each position normalised alone, were told after "given gamma and
    beta of shape (C,), it runs", as if the shape were what it trips on. Is the reading said bare on both sides, and
    still after that sentence where the function does trip on the shape (norm_positions slices gamma as (C,))?"""
    other = _fixed("pattern_other_convention", lang)
    within = _fixed("norm_over_group_channels", lang)
    for report in _both_sides(_realistic(tmp_path, "norm_gn_gamma_flattened"), ["spatial_groupnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_forward"))
        assert translate("form_groups_swapped", lang) in hint and other not in hint, hint
    for report in _both_sides(_realistic(tmp_path, "norm_positions"), ["spatial_groupnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_forward"))
        assert within in hint and other in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_backward_passing_dout_through_the_unscaled_mask_is_told_beside_its_root(tmp_path, lang):
    """learnR's pool (Ciroo): a forward keeping 1 - p and scaling by 1 / (1 - p), whose backward passes dout through
    the 0/1 mask alone, was told only that it depends on its forward; fixing the forward's draw leaves it wrong. Is
    its own missing scale said beside the root, on both sides?"""
    sub = _realistic(tmp_path, "norm_dropout_backward_unscaled_mask")
    for report in _both_sides(sub, ["dropout_forward", "dropout_backward"], lang):
        hints = [str(h) for h in _hints(report, "dropout_backward")]
        assert hints and _fixed("depends_also_cache_dropout", lang) in hints[0], hints
        assert _fixed("dropout_backward_unscaled_own", lang) in hints[0] and "3.333" in hints[0], hints


def test_the_unscaled_mask_reading_holds_only_where_the_forward_scales_otherwise_than_by_1_over_p():
    from grader.layer_patterns import _unscaled_scale
    rng = np.random.default_rng(1)
    x, dout, p = rng.standard_normal((6, 8)), rng.standard_normal((6, 8)), 0.7
    kept = rng.random((6, 8)) < 1 - p
    own = x * kept / (1 - p)
    assert abs(_unscaled_scale(dout * kept, dout, own, x, p) - 1 / (1 - p)) < 1e-9
    assert _unscaled_scale(dout * kept / (1 - p), dout, own, x, p) is None  # its forward's gradient
    right = x * kept / p
    assert _unscaled_scale(dout * kept, dout, right, x, p) is None  # a right forward: the older reading speaks
    assert _unscaled_scale(dout * kept, dout, x * kept, x, p) is None  # an unscaled forward: nothing to scale


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_name_a_dependant_never_assigns_is_told_beside_its_root(tmp_path, lang):
    """learnR's pool (iam_peekay): a half-done batch norm backward using a weight matrix it never assigns, under a
    forward that fails, was told only that it depends on that forward; fixing the forward leaves the NameError. Is
    the NameError said beside the root's line, with its line, on both sides?"""
    sub = _realistic(tmp_path, "norm_bn_backward_unassigned_name")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        hints = [str(h) for h in _hints(report, "batchnorm_backward")]
        assert hints and _fixed("depends_on", lang) in hints[0], hints
        assert _fixed("depends_also_source", lang) in hints[0] and "`weights`" in hints[0], hints


# -- learnS (twelfth round): a transposed dx, a backward's own eps outside its root, eps twice in an alt -----------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_alt_returning_dx_transposed_is_told_so(tmp_path, lang):
    """learnS's pool (akashgupta97): an alt whose `dx = dx.T`, meant for a layer norm that calls it on x.T, is left
    in for batch norm's own call: dx comes back (D, N). It had no hint at all. Is the transpose said, with both
    shapes, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_alt_dx_transposed")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward_alt"], lang):
        assert not _hints(report, "batchnorm_forward")
        alt = [str(h) for h in _hints(report, "batchnorm_backward_alt")]
        assert alt and _fixed("shape_transposed_2d", lang) in alt[0], alt
        assert "(4, 6)" in alt[0] and "(6, 4)" in alt[0], alt


def test_the_transposed_reading_holds_only_for_a_2d_output_read_backwards():
    """Only a batch or layer norm's (N, D) output returned as (D, N): another wrong shape, a square one, or a
    function of another family is not read."""
    from grader.layer_patterns import _transposed_2d

    def read(name, actual, desired):
        verdict = SimpleNamespace(ok=False, actual=np.zeros(actual), desired=np.zeros(desired))
        return _transposed_2d(SimpleNamespace(name=name), {0: verdict})

    assert read("batchnorm_backward_alt", (4, 6), (6, 4))
    assert read("layernorm_forward", (5, 3), (3, 5))
    assert not read("batchnorm_backward_alt", (6, 4), (6, 4))
    assert not read("batchnorm_backward_alt", (4, 7), (6, 4))
    assert not read("batchnorm_backward_alt", (24,), (6, 4))
    assert not read("dropout_forward", (4, 6), (6, 4))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backwards_own_eps_slips_are_said_beside_its_failing_forward(tmp_path, lang):
    """learnS's pool (lamgary): under a forward with eps outside the root, a staged backward taking `np.sqrt(v)`
    again itself with eps added outside it, and an alt adding eps to the cached variance and again inside its root.
    Both still fail once the forward is fixed, and both were told only their root. Is each one's own slip said beside
    the root's line, with its line, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_backward_own_eps_outside")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        backward = [str(h) for h in _hints(report, "batchnorm_backward")]
        assert backward and _fixed("depends_on", lang) in backward[0], backward
        assert _fixed("depends_also_source", lang) in backward[0], backward
        assert _fixed("src_eps_outside_own_root", lang) in backward[0] and "`s + eps`" in backward[0], backward
        alt = [str(h) for h in _hints(report, "batchnorm_backward_alt")]
        assert alt and _fixed("depends_also_source", lang) in alt[0], alt
        assert _fixed("src_eps_twice", lang) in alt[0] and "`np.sqrt(v + eps)`" in alt[0], alt


def test_the_own_root_readings_hold_only_for_eps_outside_or_added_twice():
    """eps outside a square root taken with no eps in it (directly or through a name every assignment of which is
    one); eps added to any value and then again inside the root of that name. eps inside the root, a root already
    holding eps, or a name given eps and then rooted without it is not read."""
    import ast
    from grader.exception_rules import _eps_added_twice, _eps_outside_own_root

    def body(*code):
        return ast.parse("def f(dout, cache):\n" + "".join(f"    {line}\n" for line in code)
                         + "    return dx, 0, 0\n").body[0]

    assert _eps_outside_own_root(body("dx = dout / (np.sqrt(v) + eps)"))
    assert _eps_outside_own_root(body("s = np.sqrt(v)", "dx = dout / (s + eps)"))
    assert _eps_outside_own_root(body("s = np.sqrt(v)", "dx = dout / (eps + s)"))
    assert _eps_outside_own_root(body("dx = dout / np.sqrt(v + eps)")) is None
    assert _eps_outside_own_root(body("s = np.sqrt(v + eps)", "dx = dout / (s + eps)")) is None
    assert _eps_outside_own_root(body("s = np.sqrt(v)", "s = v", "dx = dout / (s + eps)")) is None
    assert _eps_added_twice(body("v = cache[2] + eps", "dx = dout / np.sqrt(v + eps)"), from_any=True)
    assert _eps_added_twice(body("v = cache[2] + eps", "dx = dout / np.sqrt(v + eps)")) is None
    assert _eps_added_twice(body("v = cache[2] + eps", "dx = dout / np.sqrt(v)"), from_any=True) is None
    assert _eps_added_twice(body("v = cache[2] + 2", "dx = dout / np.sqrt(v + eps)"), from_any=True) is None
    assert _eps_added_twice(body("v = np.var(x) + eps", "v = cache[2]", "dx = dout / np.sqrt(v + eps)"),
                            from_any=True) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_raising_forwards_own_eps_outside_the_root_is_said(tmp_path, lang):
    """learnS's pool (LinZhuoChen): a forward raising on a cache left None, whose train mode (on the line before)
    and test mode both add eps outside the root: the hint gave the exception and test mode's eps only. Is train mode's
    said from the source, once, with its line, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_forward_raises_eps_outside")
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        forward = [str(h) for h in _hints(report, "batchnorm_forward")]
        assert forward and _fixed("src_eps_outside_own_root", lang) in forward[0], forward
        assert "`np.sqrt(spread) + eps`" in forward[0] and forward[0].count("np.sqrt(spread) + eps`") == 1, forward


def test_a_forwards_own_root_reading_leaves_test_modes_running_variance_to_its_own_reading():
    """In a forward, eps outside the root of a running average is test mode's slip, which its own reading says: the
    source reading does not take it."""
    import ast
    from grader.exception_rules import _eps_outside_own_root
    tree = ast.parse("def f(x):\n    out = x / (np.sqrt(running_var) + eps)\n    return out\n").body[0]
    assert _eps_outside_own_root(tree) and _eps_outside_own_root(tree, running=False) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eps_subtracted_under_the_alts_root_is_told(tmp_path, lang):
    """Held-out set R (7xxogre): an alt dividing by `np.sqrt(v - eps)`. Only a few elements leave the tolerance and it
    had no hint at all: is the subtracted eps said, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_alt_eps_subtracted")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward_alt"], lang):
        assert not _hints(report, "batchnorm_forward")
        alt = [str(h) for h in _hints(report, "batchnorm_backward_alt")]
        assert alt and _fixed("src_eps_subtracted", lang) in alt[0] and "`np.sqrt(v - eps)`" in alt[0], alt


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statistics_as_sums_are_told_and_the_backward_mirroring_them_says_so(tmp_path, lang):
    """Held-out set R (Fitz1003Miao): a layer norm whose mean and variance are sums over the features was told only
    "check the formula itself", and its backward (the exact gradient of it) its root and three possible causes. Are
    the sums said, and does the backward say it mirrors them, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_ln_stats_summed")
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        forward = [str(h) for h in _hints(report, "layernorm_forward")]
        assert forward and _fixed("pattern_norm_stats_summed", lang) in forward[0] and "axis=1" in forward[0], forward
        backward = [str(h) for h in _hints(report, "layernorm_backward")]
        assert backward and _fixed("depends_mirror", lang) in backward[0], backward
        assert _fixed("pattern_norm_stats_summed", lang) in backward[0], backward


def test_the_summed_statistics_reading_tells_which_is_a_sum_and_holds_only_for_sums():
    """Each form of sums is read as itself; a right output, and one normalised by a mean and np.var, are not read."""
    from grader.functions import Case
    from grader.layer_patterns import summed_stats_hint
    rng = np.random.default_rng(0)
    x, gamma, beta = rng.standard_normal((4, 5)), rng.standard_normal(5), rng.standard_normal(5)
    case = Case({"x": x, "gamma": gamma, "beta": beta}, {"ln_param": {"eps": 1e-5}}, "train")
    graded = SimpleNamespace(name="layernorm_forward")

    def read(mean, var):
        centred = x - mean
        out = gamma * centred / np.sqrt(var(centred) + 1e-5) + beta
        return getattr(summed_stats_hint(graded, [case], [SimpleNamespace(problem="", arrays={"out": out})]),
                       "key", "")

    total, mean = x.sum(axis=1, keepdims=True), x.mean(axis=1, keepdims=True)
    def squares(c):
        return (c ** 2).sum(axis=1, keepdims=True)

    def averaged(c):
        return (c ** 2).mean(axis=1, keepdims=True)

    assert read(total, squares) == "pattern_norm_stats_summed"
    assert read(total, averaged) == "pattern_norm_mean_summed"
    assert read(mean, squares) == "pattern_norm_var_summed"
    assert read(mean, averaged) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_test_mode_without_beta_alone_is_told(tmp_path, lang):
    """Held-out set R (wuwowuyi): test mode's `gamma * x_hat` with no `+ beta` was told only its formula and "compare
    the two term by term". Is beta's absence said, in the graded report and the local check?"""
    sub = _realistic(tmp_path, "norm_bn_test_without_beta")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "batchnorm_forward"))
        assert _fixed("pattern_test_without_beta", lang) in hint, hint
        assert _fixed("pattern_test_form", lang) not in hint, hint
        assert not _hints(report, "batchnorm_backward")


def test_a_test_mode_without_beta_is_read_as_itself_only():
    """Read with no reference: test mode without beta gets its own words; the right one, and one without gamma and
    beta, do not."""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.functions import param_of as _param
    from grader.layer_patterns import keys_of, test_affine_hint
    graded = BY_NAME["batchnorm_forward"]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {}) if c.params.get("mode") == "test"]

    def outputs(scale, shift):
        return [SimpleNamespace(problem="", arrays={"out": scale * c.arrays["gamma"] * (c.arrays["x"] - c.arrays[
            "running_mean"]) / np.sqrt(c.arrays["running_var"] + (_param(c, "eps") or 1e-5)) + shift * c.arrays[
            "beta"] + (1 - scale) * (c.arrays["x"] - c.arrays["running_mean"]) / np.sqrt(
            c.arrays["running_var"] + (_param(c, "eps") or 1e-5))}) for c in cases]
    assert keys_of(test_affine_hint(graded, cases, outputs(1, 0))) == {"pattern_test_without_beta"}
    assert keys_of(test_affine_hint(graded, cases, outputs(1, 1))) == set()
    assert "pattern_test_without_beta" not in keys_of(test_affine_hint(graded, cases, outputs(0, 0)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backward_testing_mask_equals_one_is_told_beside_its_forward_and_under_a_scaled_mask(tmp_path, lang):
    """Held-out set R (GiangHLe): `dout` kept where `mask == 1`. Under a forward that never scales its mask the
    backward keeps its points, and the forward's hint now says it will give zeros once the mask is scaled; under a
    forward that scales, dx is all zeros and is told so from the comparison, not "the code never ran"."""
    sub = _realistic(tmp_path, "norm_dropout_mask_eq_one")
    for report in _both_sides(sub, ["dropout_forward", "dropout_backward"], lang):
        forward = "\n".join(str(h) for h in _hints(report, "dropout_forward"))
        assert _fixed("src_dropout_backward_mask_eq_one", lang) in forward and "`mask == 1.0`" in forward, forward
        assert not _hints(report, "dropout_backward")
    scaled = _realistic(tmp_path, "norm_dropout_mask_eq_one_scaled")
    for report in _both_sides(scaled, ["dropout_forward", "dropout_backward"], lang):
        backward = "\n".join(str(h) for h in _hints(report, "dropout_backward"))
        assert _fixed("src_dropout_mask_eq_one", lang) in backward and "`mask == 1.0`" in backward, backward
        assert _fixed("diag_zeros", lang) not in backward, backward
        assert not _hints(report, "dropout_forward")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dependant_is_not_sent_to_a_root_failing_only_in_a_mode_it_never_fails_in(tmp_path, lang):
    """Held-out set R (UraniumSlashBroomer): a spatial backward, run in train mode alone, was told "Fails because
    batchnorm_forward does" through its own forward, where batchnorm_forward fails in test mode alone. Is it sent to
    its own forward (whose train mode fails), with its own reshaping read, while that forward keeps its root?"""
    sub = _realistic(tmp_path, "norm_sbn_root_wrong_in_test_only")
    functions = ["batchnorm_forward", "batchnorm_backward_alt", "spatial_batchnorm_forward",
                 "spatial_batchnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        backward = [str(h) for h in _hints(report, "spatial_batchnorm_backward")]
        assert backward and translate("depends_on", lang, function="spatial_batchnorm_backward",
                                      root="spatial_batchnorm_forward") in backward[0], backward
        assert "batchnorm_forward " not in backward[0].replace("spatial_batchnorm_forward", ""), backward
        forward = [str(h) for h in _hints(report, "spatial_batchnorm_forward")]
        assert forward and translate("depends_on", lang, function="spatial_batchnorm_forward",
                                     root="batchnorm_forward") in forward[0], forward


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_callee_wrong_only_by_its_shape_is_not_the_root_of_a_dependant_it_never_reaches(tmp_path, lang):
    """Learnt from held-out set R's pool (akashgupta97): a layer-norm backward calling the alt on `dout.T`, whose
    `dx = dx.T` is wrong for batch norm's own call alone, was told "Fails because batchnorm_backward_alt does" while
    it is right on every case but its forward's (eps never read from ln_param). Is it sent to layernorm_forward?"""
    sub = _realistic(tmp_path, "norm_ln_through_transposed_alt")
    functions = ["batchnorm_forward", "batchnorm_backward_alt", "layernorm_forward", "layernorm_backward"]
    for report in _both_sides(sub, functions, lang):
        backward = [str(h) for h in _hints(report, "layernorm_backward")]
        assert backward and translate("depends_on", lang, function="layernorm_backward",
                                      root="layernorm_forward") in backward[0], backward
        assert "batchnorm_backward_alt" not in backward[0], backward


def _gn_scrambled(case):
    """A group norm's right x_hat, computed as (C // G * H * W, N * G), put back with .reshape(H, W, C, N) and
    .transpose(3, 2, 0, 1): each sample's values have mean 0 and variance 1, in other places than layer norm's."""
    x = case.arrays["x"]
    N, C, H, W = x.shape
    flat = x.reshape(N * case.params["G"], -1).T
    eps = (case.params.get("gn_param") or {}).get("eps", 1e-5)
    x_hat = ((flat - flat.mean(axis=0)) / np.sqrt(flat.var(axis=0) + eps)).reshape(H, W, C, N).transpose(3, 2, 0, 1)
    return np.ravel(case.arrays["gamma"]).reshape(1, -1, 1, 1) * x_hat + np.ravel(case.arrays["beta"]).reshape(1, -1,
                                                                                                             1, 1)


def test_the_axes_readings_hold_only_where_the_values_are_that_normalisations():
    """Held-out set S (a group norm's x_hat scrambled on the way back) was told "each sample over all its channels,
    whatever G is: layer norm", ~4.3 away from layer norm's output: mean 0 and variance 1 over each sample are not
    layer norm. Is it told no axes, and a true layer norm over the grouped view still told so?"""
    from grader.layer_patterns import axes_hint
    graded, cases, outputs = _forward_outputs("spatial_groupnorm_forward", _gn_scrambled)
    assert translate("norm_over_sample_all") not in english(axes_hint(graded, cases, outputs))
    graded, cases, outputs = _forward_outputs("spatial_groupnorm_forward",
                                              lambda c: _normalised(c, (1, 2, 3, 4), True))
    assert translate("norm_over_sample_all") in english(axes_hint(graded, cases, outputs))


def test_the_transposed_reading_says_the_values_are_right_only_where_they_are():
    """Held-out set T (DeeDive): a layer norm with statistics over axis 0 returning `out.T` of an x it never
    transposed was told only "computed in the right layout and transposed once too often", as if its values were
    right. Is it told its values are wrong too, and over which axis, and a right output transposed still told it was
    computed in the right layout?"""
    from grader.layer_patterns import layout_shape_hint
    graded, cases, _ = _forward_outputs("layernorm_forward", lambda c: None)

    def read(axes):
        verdicts = {i: SimpleNamespace(ok=False, actual=_normalised(c, axes).T, desired=_normalised(c, (1,)))
                    for i, c in enumerate(cases)}
        return english(layout_shape_hint(graded, cases, verdicts))
    wrong = read((0,))
    assert translate("shape_transposed_2d_values", function="layernorm_forward", got="(6, 4)",
                     want="(4, 6)")[:40] in wrong and translate("norm_over_batch") in wrong, wrong
    assert "right layout" not in wrong, wrong
    assert "right layout" in read((1,))


def test_a_backwards_own_dout_times_gamma_on_other_channels_is_read_from_the_labelled_run():
    """Held-out set S (mikolez): a group-norm backward multiplying dout by gamma through dout.reshape(N * H * W, C)
    with no transpose, then calling a layer-norm backward that is told nothing of gamma, was told only "Fails because
    layernorm_backward does". With gamma numbered by channel and an identity root, dx / dout is the gamma each value
    met: is the misplaced gamma said, and gamma met in place, left to the root or squared not?"""
    from grader.plumbing import dout_gamma_reading
    N, C, H, W = 2, 6, 4, 5
    dout = (np.random.default_rng(0).permutation(N * C * H * W) + 1.0).reshape(N, C, H, W) * 0.125
    gamma = np.arange(1.0, C + 1)

    def read(dx):
        return dout_gamma_reading("spatial_groupnorm_backward", SimpleNamespace(problem="", arrays={"dx": dx}), dout)
    assert read((dout.reshape(N * H * W, C) * gamma).reshape(N, C, H, W)).key == "plumb_dout_gamma_channels"
    assert read(dout * gamma.reshape(1, C, 1, 1)) == ""
    assert read(dout) == ""
    assert read(dout * gamma.reshape(1, C, 1, 1) ** 2) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_reading_dout_is_told_a_forward_has_none(tmp_path, lang):
    """Set S: a dropout whose test mode is `out = dout * mask` (a backward's line) was told "a name close to it is
    `out`", a fix still wrong. Do both sides say that dout is a backward's input and that test mode returns x?"""
    sub = submission(tmp_path, "dout", ("        out = x.copy()\n", "        out = dout * mask\n"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hints = [c.hint for c in report.checks if c.function == "dropout_forward" and c.hint]
        assert hints, report.mode
        assert _fixed("name_error_dout_in_forward", lang) in hints[0]
        assert _fixed("name_error_dout_dropout_test", lang) in hints[0]
        assert _fixed("name_error_near", lang) not in hints[0]
        assert lang == "en" or not english_sentences(hints[0])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_var_plus_eps_is_said_beside_a_swapped_momentum(tmp_path, lang):
    """Set S: a batch norm whose momentum weighs the wrong term and whose running_var is fed var + eps was told only
    the momentum. Is the var + eps said too, on both sides, and is it not said where only momentum is swapped?"""
    swap = ("running_mean = momentum * running_mean + (1 - momentum) * mu",
            "running_mean = (1 - momentum) * running_mean + momentum * mu")
    both = submission(tmp_path, "both", swap, ("running_var = momentum * running_var + (1 - momentum) * var\n",
                                               "running_var = (1 - momentum) * running_var + momentum * (var + eps)\n"))
    alone = submission(tmp_path, "alone", swap, ("running_var = momentum * running_var + (1 - momentum) * var\n",
                                                 "running_var = (1 - momentum) * running_var + momentum * var\n"))
    fixed = _fixed("pattern_running_var_with_eps", lang)
    for sub, said in ((both, True), (alone, False)):
        for report in _both_sides(sub, ["batchnorm_forward"], lang):
            hints = " ".join(c.hint for c in report.checks if c.function == "batchnorm_forward" and c.hint)
            assert _fixed("mistake_bn_momentum_swapped", lang) in hints, report.mode
            assert (fixed in hints) == said, (report.mode, sub.name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gamma_through_a_flat_view_is_said_to_meet_other_channels(tmp_path, lang):
    """Set T: a group norm with the right x_hat whose gamma and beta are applied through `x_hat.reshape(N * H * W,
    C)` with no transpose first was told "check the formula". Do both sides say that gamma and beta meet other
    channels' values, and does the same affine in the right layout (a correct variant) keep every point?"""
    flat = submission(tmp_path, "flat", ("    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, std, G)\n",
                                         "    out = (x_hat.reshape(N * H * W, C) * gamma.reshape(1, C) + "
                                         "beta.reshape(1, C)).reshape(N, C, H, W)\n    cache = (x_hat, gamma, std, G)\n"))
    for report in _both_sides(flat, ["spatial_groupnorm_forward"], lang):
        hints = [c.hint for c in report.checks if c.function == "spatial_groupnorm_forward" and c.hint]
        assert hints and _fixed("pattern_affine_other_channels", lang) in hints[0], report.mode
        assert lang == "en" or not english_sentences(hints[0])
    moved = submission(tmp_path, "moved", ("    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, std, G)\n",
                                           "    last = x_hat.transpose(0, 2, 3, 1).reshape(N * H * W, C)\n"
                                           "    out = (last * gamma.reshape(1, C) + beta.reshape(1, C))"
                                           ".reshape(N, H, W, C).transpose(0, 3, 1, 2)\n"
                                           "    cache = (x_hat, gamma, std, G)\n"))
    report = grade(moved, seed=7, functions=["spatial_groupnorm_forward"], lang=lang)
    assert report.score == report.max_score


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dgamma_as_a_product_of_two_sums_is_named(tmp_path, lang):
    """An earlier round's miss: dgamma = np.sum(dout, axis=0) * np.sum(x_hat, axis=0), told "check the formula".
    Is the product of sums named on both sides for batch norm and layer norm, and is a dgamma of exact zeros not
    told it?"""
    old = "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n"
    cases = {"batchnorm_backward": old + "    x_mu", "layernorm_backward": old + "    dx = (D"}
    for function, anchor in cases.items():
        sub = submission(tmp_path, function, (anchor, anchor.replace("(dout * x_hat).sum(axis=0)",
                                                                     "dout.sum(axis=0) * x_hat.sum(axis=0)")))
        for report in _both_sides(sub, [function], lang):
            hints = " ".join(c.hint for c in report.checks if c.function == function and c.hint)
            assert _fixed("params_change_sums_product", lang) in hints, (function, report.mode)
    zeros = submission(tmp_path, "zeros", (cases["batchnorm_backward"], cases["batchnorm_backward"].replace(
        "(dout * x_hat).sum(axis=0)", "np.zeros_like(gamma)")))
    report = grade(zeros, seed=7, functions=["batchnorm_backward"], lang=lang).worded()
    assert report.score < report.max_score
    assert _fixed("params_change_sums_product", lang) not in " ".join(c.hint for c in report.checks)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_layer_norm_is_not_told_of_a_train_mode_it_does_not_have(tmp_path, lang):
    """A formula read from a forward's output spoke of its "train-mode output" for layer norm too, which has no
    modes. Is layer norm's said as its output, and batch norm's still as its train-mode output?"""
    from grader.i18n import TRAIN_OUTPUT
    root = ("std = np.sqrt(x.var(axis={}, keepdims=True) + eps)", "std = np.sqrt(x.std(axis={}, keepdims=True) + eps)")
    layer = submission(tmp_path, "layer", tuple(r.format(1) for r in root))
    batch = submission(tmp_path, "batch", ("        std = np.sqrt(var + eps)\n        x_hat = (x - mu) / std\n",
                                           "        std = np.sqrt(x.std(axis=0) + eps)\n        x_hat = (x - mu) / std\n"))
    modeful, modeless = TRAIN_OUTPUT[lang == "zh"]
    for sub, function, phrase in ((layer, "layernorm_forward", modeless), (batch, "batchnorm_forward", modeful)):
        report = grade(sub, seed=7, functions=[function], lang=lang).worded()
        hint = next(c.hint for c in report.checks if c.function == function and c.hint)
        assert f"{function} {phrase}" in hint or f"{function}'s {phrase}" in hint, hint
        assert lang == "zh" or modeful not in hint or function == "batchnorm_forward", hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_layer_norm_backward_whose_mean_term_alone_sums_over_the_batch_is_told(tmp_path, lang):
    """learnW's pool (a 2018 file): a layer-norm backward written from batch norm's simplified dx, gamma taken out
    of the sums and the mean's sum left on batch norm's axis 0 while the variance's runs over axis 1, was told only
    that dx does not sum to zero and three possible causes. Is the mean's term's own axis said, beside gamma outside
    the sums, in the graded report and the local check?"""
    sub = submission(tmp_path, "ln_t2_axis", (LN_DX,
        "    dx = gamma * (D * dout - dout.sum(axis=0)\n"
        "                  - x_hat * (dout * x_hat).sum(axis=1, keepdims=True)) / (D * std)\n"))
    for report in _both_sides(sub, ["layernorm_backward"], lang):
        hint = str(_hints(report, "layernorm_backward")[0])
        assert translate("dx_change_axes_t2", lang, got="axis=0", want="axis=1") in hint, hint
        assert translate("dx_change_gamma_outside", lang) in hint, hint


def test_the_mean_terms_own_axes_are_read_only_where_that_term_alone_departs():
    """The mean's term over another set is one reading among the variants: read where that term alone sums over
    batch norm's axis; a right dx, and one whose sums all run over axis 0, are not read as it."""
    from grader.dx_terms import best_fit
    from tests.test_dx_terms import _dx, _param

    def mean_term_over_batch(case):
        x, dout, gamma = (np.asarray(case.arrays[k], dtype=np.float64) for k in ("x", "dout", "gamma"))
        eps = _param(case, "eps")
        D, std = x.shape[1], np.sqrt(x.var(axis=1, keepdims=True) + eps)
        x_hat, dx_hat = (x - x.mean(axis=1, keepdims=True)) / std, dout * gamma
        return (dx_hat - dx_hat.sum(axis=0) / D - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True)) / std

    def read(dx_of):
        graded, cases, outputs = _backward_outputs("layernorm_backward", dx_of)
        variant = best_fit(graded, cases, outputs)[0]
        return variant[1][0], variant[-1] and variant[-1][0]
    assert read(mean_term_over_batch) == ("axis=1", "axis=0")
    assert read(lambda case: _dx("layernorm_backward", case)) == ("axis=1", None)
    assert read(lambda case: _dx("layernorm_backward", case, axes=(0,))) == ("axis=0", None)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_test_mode_subtracting_beta_beside_another_slip_says_both(tmp_path, lang):
    """learnW's pool: a test mode `(x - running_mean) / (np.sqrt(running_var) + eps)` times gamma, minus beta, was
    shown its formula and "compare the two term by term", the subtracted beta left for the student to spot. Is it
    said beside the formula, in the graded report and the local check?"""
    sub = submission(tmp_path, "bn_test_minus_beta", (
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        out = gamma * (x - running_mean) / (np.sqrt(running_var) + eps) - beta\n"))
    for report in _both_sides(sub, ["batchnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "batchnorm_forward"))
        assert _fixed("pattern_test_form", lang) in hint, hint
        assert translate("pattern_test_minus_beta", lang, function="batchnorm_forward") in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_drawing_its_scaled_mask_in_test_mode_is_told_so(tmp_path, lang):
    """learnW's pool (kvtoraman): a test mode drawing the train mode's mask, divided by p, again (each unit 0 or
    x / p) was told nothing of test mode. Is the scaled mask said, in the graded report and the local check, and is
    an unscaled one still told as before?"""
    sub = submission(tmp_path, "dropout_test_scaled_mask", (
        "        out = x.copy()\n", "        out = x * (np.random.rand(*x.shape) < p) / p\n"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "dropout_forward"))
        assert translate("dropout_test_masked_scaled", lang, scale="2") in hint, hint
        assert _fixed("dropout_test_masked", lang) not in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_over_samples_and_groups_is_told_in_its_own_view_too(tmp_path, lang):
    """learnV's regrade: two group norms reshaping (N, G, ...) with statistics across the samples and the groups were
    told "axis=0 of x.reshape(N * G, -1)", a reshape their code never does. Does the reading name the (N, G, C // G,
    H, W) view's axes as well, in the graded report and the local check?"""
    sub = submission(tmp_path, "gn_over_samples_and_groups", (
        "    mu = xg.mean(axis=(2, 3, 4), keepdims=True)\n"
        "    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)\n",
        "    mu = xg.mean(axis=(0, 1), keepdims=True)\n"
        "    std = np.sqrt(xg.var(axis=(0, 1), keepdims=True) + eps)\n"))
    for report in _both_sides(sub, ["spatial_groupnorm_forward"], lang):
        hint = "\n".join(str(h) for h in _hints(report, "spatial_groupnorm_forward"))
        assert translate("norm_over_gn_rows", lang) in hint, hint
        assert "axis=(0, 1) of x.reshape(N, G, C // G, H, W)" in translate("norm_over_gn_rows", "en")


def test_the_mean_terms_own_axes_are_not_read_without_the_variances_term():
    """The mean's term over another set is said beside the variance's term's sum over the right one: a dx without the
    variance's term is not read as it (its words would say the rest of dx sums over axis=1)."""
    from grader.dx_terms import best_fit
    from tests.test_dx_terms import _param

    def without_variance_term(case):
        x, dout, gamma = (np.asarray(case.arrays[k], dtype=np.float64) for k in ("x", "dout", "gamma"))
        std = np.sqrt(x.var(axis=1, keepdims=True) + _param(case, "eps"))
        dx_hat = dout * gamma
        return (dx_hat - dx_hat.sum(axis=0) / x.shape[1]) / std
    graded, cases, outputs = _backward_outputs("layernorm_backward", without_variance_term)
    fit = best_fit(graded, cases, outputs)
    assert fit is None or fit[0][-1] is None, fit and fit[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_squeezing_with_no_axis_is_shown_its_line(tmp_path, lang):
    """learnW's pool: a group-norm backward breaking at N = 1 and G = 1 through its own `std.squeeze()` was told
    only the exception. Do both sides quote the squeeze line, and does a squeeze that is reshaped back (right on
    every case) keep every point?"""
    old = ("    dxg = (M * dxg_hat - dxg_hat.sum(axis=2, keepdims=True)\n"
           "           - xg_hat * (dxg_hat * xg_hat).sum(axis=2, keepdims=True)) / (M * std.reshape(N, G, 1))\n")
    squeezed = old.replace("(M * std.reshape(N, G, 1))", "(M * s[:, :, None])")
    sub = submission(tmp_path, "squeezed", (old, "    s = std.squeeze()\n" + squeezed))
    for report in _both_sides(sub, ["spatial_groupnorm_backward"], lang):
        hints = [c.hint for c in report.checks if c.function == "spatial_groupnorm_backward" and c.hint]
        assert hints and _fixed("src_squeeze_no_axis", lang) in hints[0], report.mode
        assert "s = std.squeeze()" in hints[0]
        assert lang == "en" or not english_sentences(hints[0])
    back = submission(tmp_path, "back", (old, "    s = std.squeeze()\n" + old.replace("std.reshape", "s.reshape")))
    report = grade(back, seed=7, functions=["spatial_groupnorm_backward"], lang=lang)
    assert report.score == report.max_score


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_backward_scaling_by_one_minus_p_is_said_beside_its_forward(tmp_path, lang):
    """learnW's pool: a forward keeping with probability 1 - p beside a backward dividing by 1 - p itself (full
    marks: right for its own forward) was told nothing of the backward, which breaks once the forward is fixed. Do
    both sides say it under the forward, and not where the backward multiplies by the cached mask alone?"""
    forward = ("        mask = (np.random.rand(*x.shape) < p) / p\n",
               "        mask = (np.random.rand(*x.shape) >= p) / (1 - p)\n")
    sub = submission(tmp_path, "own_scale", forward,
                     ("        dx = dout * mask\n", "        dx = dout * (mask > 0) / (1 - dropout_param['p'])\n"))
    for report in _both_sides(sub, ["dropout_forward", "dropout_backward"], lang):
        hints = [c.hint for c in report.checks if c.function == "dropout_forward" and c.hint]
        assert hints and _fixed("src_dropout_backward_one_minus_p", lang) in hints[0], report.mode
        assert lang == "en" or not english_sentences(hints[0])
    plain = submission(tmp_path, "plain", forward)
    report = grade(plain, seed=7, functions=["dropout_forward"], lang=lang).worded()
    assert _fixed("src_dropout_backward_one_minus_p", lang) not in " ".join(c.hint for c in report.checks)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_keeping_with_p_but_dividing_by_one_minus_p_is_told_so(tmp_path, lang):
    """Held-out set U: `(rand <= p) / (1 - p)` keeps with probability p and divides by 1 - p, and was told "your
    code keeps a unit with probability 1 - p" (untrue). Do both sides say the scale alone, and is `(rand >= p) /
    (1 - p)` still told it keeps with 1 - p?"""
    old = "        mask = (np.random.rand(*x.shape) < p) / p\n"
    for name, new, want, not_want in (
            ("scale", "        mask = (np.random.rand(*x.shape) <= p) / (1 - p)\n", "dropout_scaled_one_minus_p",
             "dropout_keeps_1_minus_p"),
            ("keep", "        mask = (np.random.rand(*x.shape) >= p) / (1 - p)\n", "dropout_keeps_1_minus_p",
             "dropout_scaled_one_minus_p")):
        sub = submission(tmp_path, name, (old, new))
        for report in _both_sides(sub, ["dropout_forward"], lang):
            hints = " ".join(c.hint for c in report.checks if c.function == "dropout_forward" and c.hint)
            assert _fixed(want, lang) in hints, (name, report.mode)
            assert _fixed(not_want, lang) not in hints, (name, report.mode)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_norm_with_other_defaults_loses_points_on_a_bn_param_without_them(tmp_path, lang):
    """Held-out set U: a batch norm whose given .get lines default to momentum 0 and eps 1e-4 kept every point, since
    every case handed eps and momentum. Does a case without them (as the course's notebook calls it) take points,
    with a hint on both sides that says so?"""
    sub = submission(tmp_path, "defaults", ('    eps = bn_param.get("eps", 1e-5)\n    momentum = bn_param.get("momentum", 0.9)\n',
                                            '    eps = bn_param.get("eps", 1e-4)\n    momentum = bn_param.get("momentum", 0.0)\n'))
    graded, checked = _both_sides(sub, ["batchnorm_forward"], lang)
    assert graded.score < graded.max_score
    for report in (graded, checked):
        hints = [c.hint for c in report.checks if c.function == "batchnorm_forward" and c.hint]
        assert hints and _fixed("pattern_bn_defaults", lang) in hints[0], report.mode
        assert lang == "en" or not english_sentences(hints[0])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_variance_term_built_of_x_itself_is_read_term_by_term(tmp_path, lang):
    """Held-out set U: a layer-norm backward whose variance's term uses x where x - mean belongs (in d var's sum and
    in its factor) was told only that dx does not sum to zero, with three causes none of which it has. Do both sides
    read that term as built of x itself?"""
    sub = submission(tmp_path, "raw_x", (
        "    x_hat = (x - mu) / std\n    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, std)\n",
        "    x_hat = (x - mu) / std\n    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, std, x)\n"),
        ("    x_hat, gamma, std = cache\n    D = dout.shape[1]\n", "    x_hat, gamma, std, x = cache\n    D = dout.shape[1]\n"),
        (LN_DX,
         "    dvar = np.sum(dx_hat * x, axis=1, keepdims=True) * -0.5 * std ** -3\n"
         "    dmu = -np.sum(dx_hat, axis=1, keepdims=True) / std\n"
         "    dx = dx_hat / std + dvar * 2 * x / D + dmu / D\n"))
    for report in _both_sides(sub, ["layernorm_forward", "layernorm_backward"], lang):
        hints = [c.hint for c in report.checks if c.function == "layernorm_backward" and c.hint]
        assert hints and _fixed("dx_change_t3_raw", lang) in hints[0], report.mode
        assert "x / std * mean(dx_hat * x / std)" in hints[0]
        assert lang == "en" or not english_sentences(hints[0])
