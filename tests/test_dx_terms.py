"""A normalisation backward's dx read term by term against the textbook's (grader.dx_terms, issue 19, sixth round):
which part of the formula departs, from the student's own numbers, with no pattern per mistake; silent on a right
dx and on a dx no variant explains; the same in the graded report and the student's local check, en and zh."""
from types import SimpleNamespace

import numpy as np
import pytest

from grader.dx_terms import SETS, _view, dx_terms_hint, params_terms_hint
from grader.functions import param_of as _param  # batch norm's default where its bn_param lacks eps or momentum
from grader.i18n import Joined, Text, english, render, translate
from grader.layer_patterns import keys_of, norm_backward_hint
from tests.no_english import english_sentences

AXES = {name: sets[0][2] for name, sets in SETS.items()}


def _dx(name, case, scale=None, axes=None, count=None, b=1.0, c=1.0, gamma="inside", t3=("x_hat", "x_hat"),
        recompute=False, stats="textbook", staged=False, t3_scales=None):
    """A dx written from the textbook's formula with the given departures (our own, for the test): its means over
    ``axes``, its x_hat and std from statistics over the textbook's axes, ``axes`` ("same") or the whole array;
    ``t3_scales``: the scales of the variance's term's two x_hat (None: x_hat's own)."""
    x, dout = case.arrays["x"], case.arrays["dout"]
    eps = _param(case, "eps")
    eps = 1e-5 if eps is None else eps
    G = _param(case, "G") if name == "spatial_groupnorm_backward" else None
    g = np.broadcast_to(np.ravel(case.arrays["beta" if gamma == "beta" else "gamma"])
                        .reshape((1, -1) + (1,) * (x.ndim - 2)), x.shape)
    if gamma == "tiled":  # gamma repeated along the flattened array: element k takes gamma[k % C]
        g = np.resize(np.ravel(case.arrays["gamma"]), x.size).reshape(x.shape)
    xv, dv, gv = (_view(name, a, G) for a in (x, dout, g))
    axes = axes or AXES[name]
    M = int(np.prod([xv.shape[a] for a in axes]))
    Mc = count(x) if count else M
    c = c(x) if callable(c) else c
    over = {"textbook": AXES[name], "same": axes, "whole": None}[stats]
    mean, var = (np.broadcast_to(f(xv, axis=over, keepdims=True), xv.shape) for f in (np.mean, np.var))
    s = scale(var, eps) if scale else 1 / np.sqrt(var + eps)
    x_hat = (xv - mean) * (s if recompute else 1 / np.sqrt(var + eps))
    forms = {"x_hat": x_hat, "centred": xv - mean, "one": np.ones_like(xv),
             "mean_hat": mean * (s if recompute else 1 / np.sqrt(var + eps))}
    if t3_scales:
        t3 = ("t3a", "t3b")
        forms.update({k: (xv - mean) * (f(var, eps) if f else 1 / np.sqrt(var + eps))
                      for k, f in zip(t3, t3_scales)})
    inner = x_hat * gv if gamma == "xhat" else dv * gv if gamma in ("inside", "beta", "tiled") else dv
    outer = gv if gamma == "outside" else 1.0
    dx = outer * s * (inner - b * inner.sum(axis=axes, keepdims=True) / Mc
                      - c * forms[t3[0]] * (inner * forms[t3[1]]).sum(axis=axes, keepdims=True) / Mc)
    if staged:  # the path of d var through d mean, which a staged backward keeps where x - mean does not average to 0
        dx = dx + s * x_hat.mean(axis=axes, keepdims=True) * (inner * x_hat).mean(axis=axes, keepdims=True)
    return dx.reshape(x.shape)


def _read(name, **departures):
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})
    outputs = [SimpleNamespace(problem="", arrays={"dx": _dx(name, case, **departures)}) for case in cases]
    return graded, cases, outputs


def _keys(hint) -> set:
    """Every message key of a hint, those of its fields too (a term named inside a change)."""
    if isinstance(hint, Text):
        return {hint.key}.union(*(_keys(v) for v in hint.fields.values()))
    if isinstance(hint, Joined):
        return set().union(*(_keys(p) for p in hint.parts))
    return set()


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_right_dx_reads_as_no_departure(name):
    assert dx_terms_hint(*_read(name)) == ""


NO_EPS = lambda v, e: 1 / np.sqrt(v)  # noqa: E731

SLIPS = [
    ("batchnorm_backward_alt", dict(scale=lambda v, e: 1 / v), {"dx_change_scale"}),
    ("layernorm_backward", dict(scale=lambda v, e: 1 / v), {"dx_change_scale"}),
    ("batchnorm_backward", dict(c=0.0), {"dx_change_missing", "dx_term_var"}),
    ("batchnorm_backward", dict(t3=("centred", "centred")), {"dx_change_t3"}),
    ("layernorm_backward", dict(t3=("x_hat", "centred")), {"dx_change_t3"}),
    ("layernorm_backward", dict(count=lambda x: x.shape[0]), {"dx_change_count", "dx_term_both"}),
    ("layernorm_backward", dict(scale=lambda v, e: 1 / np.sqrt(v + 1e-5), recompute=True), {"dx_change_eps_typed"}),
    ("layernorm_backward", dict(axes=(0,)), {"dx_change_axes"}),
    ("layernorm_backward", dict(gamma="outside"), {"dx_change_gamma_outside"}),
    ("spatial_batchnorm_backward", dict(gamma="missing"), {"dx_change_gamma_missing"}),
    # set G: dx built from x_hat where dout belongs
    ("layernorm_backward", dict(gamma="xhat"), {"dx_change_gamma_xhat"}),
    ("spatial_groupnorm_backward", dict(gamma="xhat"), {"dx_change_gamma_xhat"}),
    ("spatial_batchnorm_backward", dict(b=-1.0), {"dx_change_sign", "dx_term_mean"}),
    ("spatial_batchnorm_backward", dict(scale=lambda v, e: 1 / (np.sqrt(v) + e), recompute=True),
     {"dx_change_scale_everywhere"}),
    ("spatial_groupnorm_backward", dict(scale=lambda v, e: 1 / v, count=lambda x: x.shape[0]),
     {"dx_change_scale", "dx_change_count", "dx_term_both"}),
    ("spatial_groupnorm_backward", dict(axes=(0, 2, 3, 4)), {"dx_change_axes"}),
    ("layernorm_backward", dict(axes=(0,), stats="same"), {"dx_change_axes", "dx_change_stats"}),
    # set G: a batch-norm backward under a layer norm whose statistics take no axis (a dependant with its own slip)
    ("layernorm_backward", dict(axes=(0,), stats="whole"), {"dx_change_axes", "dx_change_stats"}),
    ("layernorm_backward", dict(axes=(0,), stats="whole", staged=True), {"dx_change_axes", "dx_change_stats"}),
    ("spatial_groupnorm_backward", dict(stats="whole", scale=lambda v, e: 1 / v),
     {"dx_change_stats", "dx_change_scale_outer"}),
    # set H: gamma and beta swapped in the cache's unpacking; a variance term without its outer x_hat, kept at 2 / N
    ("batchnorm_backward_alt", dict(gamma="beta"), {"dx_change_gamma_beta"}),
    # set I: a staged backward using the cached mean where x - mean belongs, in d var's sum or in dx's term
    ("batchnorm_backward", dict(t3=("x_hat", "mean_hat")), {"dx_change_t3_mean"}),
    ("layernorm_backward", dict(t3=("mean_hat", "x_hat")), {"dx_change_t3_mean"}),
    ("spatial_groupnorm_backward", dict(t3=("x_hat", "mean_hat")), {"dx_change_t3_mean"}),
    ("batchnorm_backward_alt", dict(t3=("one", "x_hat"), c=lambda x: 2.0 / x.shape[0]),
     {"dx_change_t3", "dx_change_factor", "dx_term_var"}),
    # set I: eps added twice (to a cached var that already held it), in x_hat too or not
    ("layernorm_backward", dict(scale=lambda v, e: 1 / np.sqrt(v + 2 * e)), {"dx_change_scale"}),
    ("batchnorm_backward", dict(scale=lambda v, e: 1 / np.sqrt(v + 2 * e), recompute=True),
     {"dx_change_scale_everywhere"}),
    # a staged backward whose d var lost its -0.5
    ("spatial_batchnorm_backward", dict(c=-2.0), {"dx_change_factor", "dx_term_var"}),
    # set J: gamma repeated per row of a reshape that is not x's layout (element k takes gamma[k % C])
    ("spatial_groupnorm_backward", dict(gamma="tiled"), {"dx_change_gamma_tiled"}),
    ("spatial_batchnorm_backward", dict(gamma="tiled"), {"dx_change_gamma_tiled"}),
    # set J: eps left out of the variance's term alone, in both its x_hat ((x - mean) / var) or in one (d std / d var)
    ("batchnorm_backward_alt", dict(t3_scales=(NO_EPS, NO_EPS)), {"dx_change_scale_t3_both"}),
    ("layernorm_backward", dict(t3_scales=(NO_EPS, NO_EPS)), {"dx_change_scale_t3_both"}),
    ("batchnorm_backward", dict(t3_scales=(NO_EPS, None)), {"dx_change_scale_t3_one"}),
    ("spatial_batchnorm_backward", dict(t3_scales=(None, NO_EPS)), {"dx_change_scale_t3_one"}),
]


@pytest.mark.parametrize("name, departures, keys", SLIPS)
def test_each_departure_is_named_and_nothing_else(name, departures, keys):
    """A dx with one or two departures from the textbook's terms: is each named, and no other?"""
    hint = dx_terms_hint(*_read(name, **departures))
    assert _keys(hint) == keys | {"dx_terms_intro"}, english(hint)
    assert not english_sentences(render(hint, "zh")), render(hint, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_factor_of_one_over_a_product_is_written_with_its_parentheses(lang):
    """A term 1 / (N * H * W) times the textbook's (Shixudan/CS231n's mean term divided by the count twice): is the
    factor written 1 / (N * H * W), never 1 / N * H * W (which reads as (1 / N) * H * W)?"""
    hint = render(dx_terms_hint(*_read("spatial_batchnorm_backward",
                                       c=lambda x: 1 / (x.shape[0] * x.shape[2] * x.shape[3]))), lang)
    assert translate("dx_change_factor", lang, term=translate("dx_term_var", lang), got="1 / (N * H * W)") in hint, hint
    assert "1 / N * H * W" not in hint


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_dx_no_variant_explains_is_left_to_the_other_readings(name):
    """A count no name explains (2 M), or a dx with noise: does the reading stay silent rather than guess?"""
    assert dx_terms_hint(*_read(name, count=lambda x: 2 * x.size // x.shape[1] + 1)) == ""
    graded, cases, outputs = _read(name)
    rng = np.random.default_rng(1)
    noisy = [SimpleNamespace(problem="", arrays={"dx": o.arrays["dx"] * (1 + 1e-3 * rng.standard_normal(
        o.arrays["dx"].shape))}) for o in outputs]
    assert dx_terms_hint(graded, cases, noisy) == ""


@pytest.mark.parametrize("name", ["batchnorm_backward", "layernorm_backward"])
def test_eps_left_out_everywhere_is_not_read_as_the_variance_terms_alone(name):
    """No eps anywhere (x_hat included) is not a slip of the variance's term: never told so (this dx cannot be told
    from eps typed as 1e-8, and the reading stays silent)."""
    hint = dx_terms_hint(*_read(name, scale=NO_EPS, recompute=True))
    assert not _keys(hint) & {"dx_change_scale_t3_both", "dx_change_scale_t3_one"}, english(hint)


def _diagonal(name, case):
    """dx from each value's own dout: the Jacobian's diagonal, s * dx_hat * (1 - 1 / M - x_hat ** 2 / M)."""
    x, dout = case.arrays["x"], case.arrays["dout"]
    eps = _param(case, "eps")
    eps = 1e-5 if eps is None else eps
    G = _param(case, "G") if name == "spatial_groupnorm_backward" else None
    g = np.ravel(case.arrays["gamma"]).reshape((1, -1) + (1,) * (x.ndim - 2))
    xv = _view(name, x, G)
    mean, var = (np.broadcast_to(f(xv, axis=AXES[name], keepdims=True), xv.shape).reshape(x.shape)
                 for f in (np.mean, np.var))
    M = int(np.prod([xv.shape[a] for a in AXES[name]]))
    x_hat = (x - mean) / np.sqrt(var + eps)
    return dout * g / np.sqrt(var + eps) * (1 - 1 / M - x_hat ** 2 / M)


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_diagonal_dx_without_gamma_is_named_with_gamma_left_out(name):
    """Held-out set P: a simplified dx that keeps only the Jacobian's diagonal and leaves gamma out was told only the
    generic sums-to-zero paragraph (the diagonal was read with dout * gamma alone). Is it told both, and the diagonal
    with gamma not told gamma is missing?"""
    from grader.dx_terms import diagonal_hint
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})

    def without_gamma(case):
        g = np.ravel(case.arrays["gamma"]).reshape((1, -1) + (1,) * (case.arrays["x"].ndim - 2))
        return _diagonal(name, case) / g

    outputs = [SimpleNamespace(problem="", arrays={"dx": without_gamma(case)}) for case in cases]
    assert keys_of(diagonal_hint(graded, cases, outputs)) == {"pattern_norm_backward_diagonal_no_gamma"}
    outputs = [SimpleNamespace(problem="", arrays={"dx": _diagonal(name, case)}) for case in cases]
    assert keys_of(diagonal_hint(graded, cases, outputs)) == {"pattern_norm_backward_diagonal"}


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_dx_from_each_values_own_dout_is_named_and_a_right_one_is_not(name):
    """Set J: a simplified dx that keeps only the Jacobian's diagonal was told only that the path through the mean
    is missing. Is it told what it is (in place of that), and a right dx, a wrong count or a missing term (each
    holding sums over the batch) not?"""
    from grader.dx_terms import diagonal_hint
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME[name]
    cases = make_cases(graded, np.random.default_rng(0), {})
    outputs = [SimpleNamespace(problem="", arrays={"dx": _diagonal(name, case)}) for case in cases]
    assert keys_of(diagonal_hint(graded, cases, outputs)) == {"pattern_norm_backward_diagonal"}
    assert keys_of(norm_backward_hint(graded, cases, outputs)) == {"pattern_norm_backward_diagonal"}
    for departures in ({}, {"count": lambda x: 2 * x.size // x.shape[1] + 1}, {"c": 0.0}, {"b": 0.0}):
        assert diagonal_hint(*_read(name, **departures)) == "", departures


def test_the_older_readings_keep_their_place():
    """A spatial dx counting N, a dx not transposed back: are they still told in their own words, not this one's?"""
    graded, cases, outputs = _read("spatial_batchnorm_backward", count=lambda x: x.shape[0])
    assert keys_of(norm_backward_hint(graded, cases, outputs)) == {"pattern_sbn_backward_count_n"}
    graded, cases, outputs = _read("spatial_batchnorm_backward")
    moved = [SimpleNamespace(problem="", arrays={"dx": np.ascontiguousarray(o.arrays["dx"].transpose(0, 2, 3, 1))
                                                 .reshape(o.arrays["dx"].shape)}) for o in outputs]
    assert "dx_terms_intro" not in keys_of(norm_backward_hint(graded, cases, moved))


def _hints(report, function):
    return [c.hint for c in report.checks if c.function == function and c.score < c.max_score and c.max_score > 0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_departures_are_named_in_the_report_and_the_local_check(tmp_path, lang):
    """The realistic fixture norm_terms (right forwards, backwards with slips no pattern names, and a cache whose
    names are renamed with one moved): does each side, in each language, name each departure, and keep every point
    of the forwards?"""
    from pathlib import Path

    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from grader.instructor.realistic import SUITE, build
    sub = build("norm_terms", Path(__file__).resolve().parents[1] / "solutions", tmp_path / "norm_terms")
    functions = list(SUITE["norm_terms"])
    want = {"layernorm_backward": [translate("dx_change_count", lang, term=translate("dx_term_both", lang),
                                             got="N", want="D"),
                                   translate("params_terms_intro", lang, function="layernorm_backward",
                                             output="dbeta"),
                                   translate("params_change_mean", lang, got="N")],
            "spatial_groupnorm_backward": [translate("dx_change_scale", lang, got="1 / var"),
                                           translate("dx_change_count", lang, term=translate("dx_term_both", lang),
                                                     got="N", want="C // G * H * W")],
            "spatial_batchnorm_backward": [translate("dx_change_gamma_missing", lang)],
            "batchnorm_backward": ["gamma <- batch_mean, var <- gamma", "x, x_norm, gamma, mu, var, eps = cache"],
            "batchnorm_backward_alt": [translate("dx_change_t3", lang, got="mean(dx_hat * x_hat)"),
                                       translate("dx_change_factor", lang, term=translate("dx_term_var", lang),
                                                 got="2 / N")]}
    for report in (grade(sub, seed=7, functions=functions, lang=lang).worded(),
                   check(sub, functions=functions, lang=lang).worded()):
        for function in functions:
            hints = "\n".join(_hints(report, function))
            if function.endswith("forward"):
                assert not hints, (function, hints)
                continue
            for sentence in want[function]:
                assert sentence in hints, (function, hints)
            if lang == "zh":  # the cache reading's second line quotes the student's line as it is
                said = hints.split("\n")[0] if function == "batchnorm_backward" else hints
                assert not english_sentences(said), said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_set_j_batch_norm_backwards_are_named_on_both_sides(tmp_path, lang):
    """Set J: eps left out of the variance's term alone (both its x_hat: no hint at all before; one: told only a
    region, with d var's formula) and a dx from each value's own dout (told half the story). Does each side, in each
    language, name each, keep every point of the right forward, and no longer give the region or the half?"""
    from pathlib import Path

    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from grader.instructor.realistic import SUITE, build
    want = {"batchnorm_backward": [translate("dx_change_scale_t3_one", lang, got="1 / np.sqrt(var)")],
            "batchnorm_backward_alt": [translate("dx_change_scale_t3_both", lang, got="1 / np.sqrt(var)")]}
    diagonal = {"batchnorm_backward_alt": translate("pattern_norm_backward_diagonal", lang,
                                                    function="batchnorm_backward_alt", axes="axis=0"),
                "layernorm_backward": translate("pattern_norm_backward_diagonal", lang,
                                                function="layernorm_backward", axes="axis=1")}
    for fixture, wanted in (("norm_bn_backward_eps", want), ("norm_bn_backward_diagonal", diagonal)):
        sub = build(fixture, Path(__file__).resolve().parents[1] / "solutions", tmp_path / fixture)
        functions = list(SUITE[fixture])
        for report in (grade(sub, seed=7, functions=functions, lang=lang).worded(),
                       check(sub, functions=functions, lang=lang).worded()):
            for function in functions:
                hints = "\n".join(str(h) for h in _hints(report, function))
                if function.endswith("forward"):
                    assert not hints, (function, hints)
                    continue
                for sentence in ([wanted[function]] if isinstance(wanted[function], str) else wanted[function]):
                    assert sentence in hints, (function, hints)
                assert "** -1.5" not in hints and _fixed("pattern_norm_backward_not_centred", lang) not in hints \
                    and _fixed("pattern_norm_backward_variance_path", lang) not in hints, hints
                if lang == "zh":
                    assert not english_sentences(hints), hints


def _fixed(key, lang):
    """The longest part of a message that its fields do not change."""
    import re

    from grader.i18n import MESSAGES
    return max(re.split(r"\{[^}]*\}", MESSAGES[key][lang]), key=len)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_norm_reshaped_with_no_transpose_is_named_on_both_sides(tmp_path, lang):
    """Set G: a group norm normalising the columns of x.reshape(C // G * H * W, N * G) (no transpose on the way
    in) was told "check the formula itself": is its layout named on both sides, and a right group norm, and one
    that forgets the transpose on the way back, not told this?"""
    from pathlib import Path

    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from grader.instructor.realistic import build
    from grader.layer_patterns import form_hint
    sub = build("norm_gn_reshaped", Path(__file__).resolve().parents[1] / "solutions", tmp_path / "reshaped")
    for report in (grade(sub, seed=7, functions=["spatial_groupnorm_forward"], lang=lang).worded(),
                   check(sub, functions=["spatial_groupnorm_forward"], lang=lang).worded()):
        hints = "\n".join(_hints(report, "spatial_groupnorm_forward"))
        assert translate("form_reshaped_not_transposed", lang) in hints, hints
        if lang == "zh":
            assert not english_sentences(hints), hints
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    graded = BY_NAME["spatial_groupnorm_forward"]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {}) if c.arrays["x"].ndim == 4]

    def outputs(layout):
        outs = []
        for case in cases:
            x, G = case.arrays["x"], case.params["G"]
            N, C, H, W = x.shape
            cols = x.reshape(N * G, -1).T
            x_hat = (cols - cols.mean(axis=0)) / np.sqrt(cols.var(axis=0) + _param(case, "eps"))
            x_hat = x_hat.T.reshape(x.shape) if layout == "right" else x_hat.reshape(x.shape)
            shape = (1, -1, 1, 1)
            out = np.ravel(case.arrays["gamma"]).reshape(shape) * x_hat + np.ravel(case.arrays["beta"]).reshape(shape)
            outs.append(SimpleNamespace(problem="", arrays={"out": out}))
        return outs
    assert form_hint(graded, cases, outputs("right")) == ""
    assert _keys(form_hint(graded, cases, outputs("not_back"))) >= {"form_transposed_not_back"}
    assert "form_reshaped_not_transposed" not in _keys(form_hint(graded, cases, outputs("not_back")))


def _params(name, case, mean=False, centred=False, eps=None, axes=None):
    """dgamma and dbeta from the textbook's sums with the given departures (our own, for the test)."""
    x, dout = case.arrays["x"], case.arrays["dout"]
    G = _param(case, "G") if name == "spatial_groupnorm_backward" else None
    xv, axes = _view(name, x, G), axes or AXES[name]
    mean_, var = xv.mean(axis=axes, keepdims=True), xv.var(axis=axes, keepdims=True)
    e = _param(case, "eps") if eps is None else eps
    x_hat = ((xv - mean_) if centred else (xv - mean_) / np.sqrt(var + (1e-5 if e is None else e))).reshape(x.shape)
    summed = (0,) if x.ndim == 2 else (0, 2, 3)
    k = x.size // x.shape[1] if mean else 1
    return {"dgamma": (dout * x_hat).sum(axis=summed) / k, "dbeta": dout.sum(axis=summed) / k}


def _read_params(name, **departures):
    graded, cases, outputs = _read(name)
    for case, out in zip(cases, outputs):
        out.arrays.update(_params(name, case, **departures))
    return graded, cases, outputs


@pytest.mark.parametrize("name", sorted(SETS))
def test_right_dgamma_and_dbeta_read_as_no_departure(name):
    assert params_terms_hint(*_read_params(name)) == ""


@pytest.mark.parametrize("name, departures, keys, outputs", [
    ("layernorm_backward", dict(mean=True), {"params_change_mean"}, ("dgamma", "dbeta")),
    ("spatial_groupnorm_backward", dict(centred=True), {"params_change_centred"}, ("dgamma",)),
    ("spatial_batchnorm_backward", dict(eps=1e-5), {"dx_change_eps_typed"}, ("dgamma",)),
    ("layernorm_backward", dict(axes=(0,)), {"dx_change_stats"}, ("dgamma",)),
])
def test_each_departure_of_dgamma_and_dbeta_is_named(name, departures, keys, outputs):
    """dgamma or dbeta with one departure (a mean, x - mean, eps typed in, x_hat over the other family's axes): is
    it named, for the outputs it touches alone, and silent where dx is right?"""
    hint = params_terms_hint(*_read_params(name, **departures))
    assert _keys(hint) == keys | {"params_terms_intro"}, english(hint)
    for output in ("dgamma", "dbeta"):
        assert (translate("params_terms_intro", function=name, output=output) in english(hint)) == \
            (output in outputs), english(hint)
    assert not english_sentences(render(hint, "zh")), render(hint, "zh")
    # beside a right dx, the backward's reading is this one alone; the older dgamma reading keeps its place
    assert _keys(norm_backward_hint(*_read_params(name, **departures))) == keys | {"params_terms_intro"}


def _products(name, case, dgamma=None, dbeta=None):
    """dgamma and dbeta summing another product over the textbook's axes (our own slips, for the test)."""
    x, dout = case.arrays["x"], case.arrays["dout"]
    shape = (1, -1) + (1,) * (x.ndim - 2)
    gamma = np.ravel(case.arrays["gamma"]).reshape(shape)
    summed = (0,) if x.ndim == 2 else (0, 2, 3)
    right = _params(name, case)
    made = {"dout * gamma * dout": lambda: (dout * gamma * dout).sum(axis=summed),
            "dout * x": lambda: (dout * x).sum(axis=summed), "dout": lambda: dout.sum(axis=summed),
            "dout * x_hat": lambda: right["dgamma"]}
    return {"dgamma": made[dgamma]() if dgamma else right["dgamma"],
            "dbeta": made[dbeta]() if dbeta else right["dbeta"]}


@pytest.mark.parametrize("name, slips", [
    ("batchnorm_backward_alt", dict(dgamma="dout * gamma * dout")),  # set I
    ("layernorm_backward", dict(dgamma="dout * x")),
    ("spatial_groupnorm_backward", dict(dgamma="dout", dbeta="dout * x_hat")),  # the two swapped
])
def test_dgamma_or_dbeta_summing_another_product_is_named_under_its_own_output(name, slips):
    """dgamma summing `dout * gamma * dout` (set I), `dout * x`, or dgamma and dbeta swapped: is the product named
    under the output that sums it and nowhere else, and is dx's reading kept out of dgamma's hint?"""
    graded, cases, outputs = _read(name, scale=lambda v, e: 1 / v)  # dx wrong too: its reading is dx's alone
    for case, out in zip(cases, outputs):
        out.arrays.update(_products(name, case, **slips))
    for output in ("dgamma", "dbeta"):
        hint = norm_backward_hint(graded, cases, outputs, output)
        if output not in slips:
            assert hint == "", english(hint)
            continue
        assert _keys(hint) == {"params_terms_intro", "params_change_product_" + output}, english(hint)
        assert f"`{slips[output]}`" in english(hint), english(hint)
        assert not english_sentences(render(hint, "zh")), render(hint, "zh")
    under_dx = _keys(norm_backward_hint(graded, cases, outputs, "dx"))
    assert under_dx & {"dx_change_scale", "pattern_norm_backward_var_for_std"}, under_dx  # dx's reading, under dx


def test_the_product_reading_is_silent_on_right_and_on_scaled_sums():
    """A right dgamma, and one that is a mean (the k-times reading's), get no product reading."""
    for mean, want in ((False, set()), (True, {"params_terms_intro", "params_change_mean"})):
        hint = norm_backward_hint(*_read_params("batchnorm_backward", mean=mean), "dgamma")
        assert _keys(hint) == want, english(hint)


@pytest.mark.parametrize("name", ["batchnorm_forward", "layernorm_forward", "spatial_groupnorm_forward"])
def test_a_forward_dividing_by_the_variance_is_named_and_a_right_one_is_not(name):
    """A train-mode forward dividing by var + eps (no square root): is it named by form_hint, alone, in en and zh,
    and a right forward, or one with eps outside the root, not told so?"""
    from grader.functions import BY_NAME
    from grader.instructor.cases import make_cases
    from grader.layer_patterns import FORWARD_AXES, form_hint
    graded = BY_NAME[name]
    cases = [c for c in make_cases(graded, np.random.default_rng(0), {}) if (c.params.get("mode") or "train") == "train"]

    def outputs(divide):
        outs = []
        for case in cases:
            x = case.arrays["x"]
            G = case.params.get("G")
            xv = x.reshape(x.shape[0], G, -1) if G else x
            axes = (2,) if G else FORWARD_AXES[name]
            mean, var = xv.mean(axis=axes, keepdims=True), xv.var(axis=axes, keepdims=True)
            x_hat = ((xv - mean) / divide(var, _param(case, "eps") or 1e-5)).reshape(x.shape)
            shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
            out = np.ravel(case.arrays["gamma"]).reshape(shape) * x_hat + np.ravel(case.arrays["beta"]).reshape(shape)
            outs.append(SimpleNamespace(problem="", arrays={"out": out}))
        return outs
    hint = form_hint(graded, cases, outputs(lambda v, e: v + e))
    assert _keys(hint) == {"pattern_norm_form", "form_no_sqrt"}, english(hint)
    assert not english_sentences(render(hint, "zh")), render(hint, "zh")
    assert form_hint(graded, cases, outputs(lambda v, e: np.sqrt(v + e))) == ""
    assert "form_no_sqrt" not in _keys(form_hint(graded, cases, outputs(lambda v, e: np.sqrt(v) + e)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_dividing_by_the_variance_is_named_on_both_sides(tmp_path, lang):
    """The realistic fixture norm_no_sqrt: does the graded report and the local check each name it, in each
    language?"""
    from pathlib import Path

    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from grader.instructor.realistic import build
    sub = build("norm_no_sqrt", Path(__file__).resolve().parents[1] / "solutions", tmp_path / "no_sqrt")
    for report in (grade(sub, seed=7, functions=["layernorm_forward"], lang=lang).worded(),
                   check(sub, functions=["layernorm_forward"], lang=lang).worded()):
        hints = "\n".join(_hints(report, "layernorm_forward"))
        assert translate("form_no_sqrt", lang) in hints, hints


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dependant_with_a_slip_of_its_own_hears_which_on_both_sides(tmp_path, lang):
    """Set G: a batch-norm backward (sums over axis 0) under a layer norm whose statistics take no axis was told it
    has a mistake of its own, but not which. Read against statistics over the whole array (its forward's, from the
    cache), is its own slip named beside its root, on both sides?"""
    from pathlib import Path

    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from grader.instructor.realistic import build
    sub = build("norm_own_backward", Path(__file__).resolve().parents[1] / "solutions", tmp_path / "own")
    functions = ["layernorm_forward", "layernorm_backward"]
    for report in (grade(sub, seed=7, functions=functions, lang=lang).worded(),
                   check(sub, functions=functions, lang=lang).worded()):
        hints = "\n".join(_hints(report, "layernorm_backward"))
        for sentence in (translate("dx_change_axes", lang, got="axis=0", want="axis=1"),
                         translate("dx_change_stats", lang, got="axis=None", want="axis=1")):
            assert sentence in hints, hints
        if lang == "zh":
            assert not english_sentences(hints), hints


@pytest.mark.parametrize("name, axes", [("layernorm_backward", (1,)), ("batchnorm_backward", (1,)),
                                        ("spatial_batchnorm_backward", (0,)),
                                        ("spatial_groupnorm_backward", (2, 3))])
def test_dgamma_and_dbeta_summed_over_other_axes_are_named_with_those_axes(name, axes):
    """dgamma and dbeta summed per sample (or per position): they fail on their shape and were told nothing; is
    the axes they were summed over named, under each output, and the right sums (any keepdims) left silent?"""
    graded, cases, outputs = _read(name)
    for case, out in zip(cases, outputs):
        out.arrays.update(_params(name, case))  # the right sums first: nothing to say
    for output in ("dgamma", "dbeta"):
        assert norm_backward_hint(graded, cases, outputs, output) == ""
    for case, out in zip(cases, outputs):
        x, dout = case.arrays["x"], case.arrays["dout"]
        G = _param(case, "G") if name == "spatial_groupnorm_backward" else None
        xv = _view(name, x, G)
        over = AXES[name]
        x_hat = ((xv - xv.mean(axis=over, keepdims=True)) /
                 np.sqrt(xv.var(axis=over, keepdims=True) + (_param(case, "eps") or 1e-5))).reshape(x.shape)
        out.arrays.update({"dgamma": (dout * x_hat).sum(axis=axes), "dbeta": dout.sum(axis=axes)})
    for output in ("dgamma", "dbeta"):
        hint = norm_backward_hint(graded, cases, outputs, output)
        assert _keys(hint) == {"params_terms_intro", "params_change_axes"}, english(hint)
        code = f"axis={axes[0]}" if len(axes) == 1 else f"axis={axes}"
        assert f"`{code}`" in english(hint), english(hint)
        assert not english_sentences(render(hint, "zh")), render(hint, "zh")
# -- a dependant's own mistake under a forward wrong on every case (issue 19, eighth round) ------------------------

def _forward_outs(name, cases, over):
    """Our own forward's outputs on the backward's cases: gamma * x_hat + beta, x_hat over the statistics ``over``
    ("textbook", "whole" or a tuple of axes of the view the means run over)."""
    outs = []
    for case in cases:
        x = case.arrays["x"]
        G = _param(case, "G") if name == "spatial_groupnorm_backward" else None
        eps = _param(case, "eps")
        xv = _view(name, x, G)
        axes = {"textbook": AXES[name], "whole": None}.get(over, over)
        x_hat = ((xv - xv.mean(axis=axes, keepdims=True)) / np.sqrt(xv.var(axis=axes, keepdims=True) + eps))
        shape = (1, -1) + (1,) * (x.ndim - 2)
        outs.append(np.ravel(case.arrays["gamma"]).reshape(shape) * x_hat.reshape(x.shape)
                    + np.ravel(case.arrays["beta"]).reshape(shape))
    return outs


BEYOND = [
    # a batch-norm backward (sums over axis 0) under a layer norm over the whole array: its own sums
    ("layernorm_backward", dict(axes=(0,), stats="whole"), "whole", {"dx_change_axes"}),
    # set H: 1 / var and N beside a forward over the whole array
    ("spatial_groupnorm_backward", dict(stats="whole", scale=lambda v, e: 1 / v, count=lambda x: x.shape[0]),
     "whole", {"dx_change_scale_outer", "dx_change_count"}),
    # set G: a group-norm backward building dx from x_hat, under a forward over the whole array
    ("spatial_groupnorm_backward", dict(stats="whole", gamma="xhat"), "whole", {"dx_change_gamma_xhat"}),
    # set I: gamma left out of a backward written for its forward's statistics
    ("layernorm_backward", dict(axes=(0,), stats="same", gamma="missing"), (0,), {"dx_change_gamma_missing"}),
]


@pytest.mark.parametrize("name, departures, over, keys", BEYOND)
def test_a_backwards_own_mistake_beyond_its_forwards_cache_is_read(name, departures, over, keys):
    """A dx with a slip of its own, on the cache of a forward whose statistics are wrong: is it read as the
    backward's own (each slip named), with the statistics behind x_hat checked on the forward's own output?"""
    from grader.dx_terms import beyond_cache
    graded, cases, outputs = _read(name, **departures)
    hint = beyond_cache(graded, cases, outputs, _forward_outs(name, cases, over))
    assert keys <= _keys(hint), english(hint)


CACHE_ONLY = [
    # the textbook's backward on the cache of a forward over the whole array, or over the batch axis
    ("layernorm_backward", dict(stats="whole"), "whole"),
    ("spatial_groupnorm_backward", dict(stats="whole"), "whole"),
    # a mirror of its forward's axes (the gradient of that forward), with nothing else of its own
    ("layernorm_backward", dict(axes=(0,), stats="same"), (0,)),
    # one scale for x_hat and std alike: the cache's std, not the backward's
    ("spatial_batchnorm_backward", dict(scale=lambda v, e: 1 / (np.sqrt(v) + e), recompute=True), "textbook"),
]


@pytest.mark.parametrize("name, departures, over", CACHE_ONLY)
def test_what_a_cache_explains_is_never_the_backwards_own(name, departures, over):
    """Is a dx that the textbook's backward computes from its forward's cache (wrong statistics, one scale for both)
    never read as a mistake of the backward's own?"""
    from grader.dx_terms import beyond_cache
    graded, cases, outputs = _read(name, **departures)
    assert beyond_cache(graded, cases, outputs, _forward_outs(name, cases, over)) == ""


def test_a_slip_is_not_the_backwards_own_unless_the_forward_shows_those_statistics():
    """A dx read as a batch-norm backward on statistics over the whole array, under a forward whose output is not
    normalised over the whole array (it is the right layer norm, or it did not run): nothing is said."""
    from grader.dx_terms import beyond_cache
    graded, cases, outputs = _read("layernorm_backward", axes=(0,), stats="whole")
    assert beyond_cache(graded, cases, outputs, _forward_outs("layernorm_backward", cases, "textbook")) == ""
    assert beyond_cache(graded, cases, outputs, [None] * len(cases)) == ""


def test_eps_added_twice_is_not_the_backwards_own_under_a_wrong_forward():
    """A backward whose scale is 1 / np.sqrt(var + 2 * eps) may be the textbook's on a cache holding var + eps under
    var's name: under a forward over the whole array, it is not read as a mistake of the backward's own."""
    from grader.dx_terms import beyond_cache
    name = "spatial_groupnorm_backward"
    graded, cases, outputs = _read(name, stats="whole", scale=lambda v, e: 1 / np.sqrt(v + 2 * e))
    assert beyond_cache(graded, cases, outputs, _forward_outs(name, cases, "whole")) == ""


# set J: a group-norm backward laying gamma out as rows of (N * H * W, C), reshaped like x (our own fixture)
GAMMA_TILED = ("    dxg_hat = (dout * gamma).reshape(N, G, -1)\n",
               "    rows = np.tile(gamma.reshape(1, C), (N * H * W, 1))\n"
               "    dxg_hat = dout.reshape(N, G, -1) * rows.reshape(N, G, -1)\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gamma_laid_out_along_the_flattened_array_is_named_on_both_sides(tmp_path, lang):
    """A group-norm backward whose dx_hat takes gamma tiled along the flattened array, not by channel (set J, where
    the hint said only "check the formula itself"): is the layout named in the graded report and the local check,
    with dgamma and dbeta untouched, and the reference's dx_hat silent?"""
    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from tests.reference_copy import submission
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for sub, named in ((submission(tmp_path, "tiled", GAMMA_TILED), True), (submission(tmp_path, "reference"), False)):
        for report in (grade(sub, seed=7, functions=functions, lang=lang).worded(),
                       check(sub, functions=functions, lang=lang).worded()):
            hints = "\n".join(_hints(report, "spatial_groupnorm_backward"))
            assert (translate("dx_change_gamma_tiled", lang) in hints) == named, hints
            assert translate("where_everywhere_norm", lang) not in hints
            assert all(c.score == c.max_score for c in report.checks if c.name.split()[0] in ("dgamma", "dbeta")
                       or c.function == "spatial_groupnorm_forward"), report.checks
            assert lang == "en" or not english_sentences(hints), hints


@pytest.mark.parametrize("small_eps_gap, large_eps_gap, want", [
    (3e-6, 1e-9, "right"),  # the numeric gradient's own error on a forward over few values: still its gradient
    (3e-5, 1e-9, ""),  # beyond that on a small-eps case: cannot tell
    (1e-9, 3e-6, "")])  # on the case that tells eps's placement, the strict tolerance stays
def test_the_own_forward_reading_allows_the_numeric_error_of_a_curved_forward_where_eps_tells_nothing(
        monkeypatch, small_eps_gap, large_eps_gap, want):
    """Set I: a mirrored group norm whose statistics run over two values at N = 1 differs from its forward's central
    difference by 2e-6 there. Is a gap under 1e-5 on a case whose eps is too small to tell its placement still read as
    the forward's gradient, while the large-eps case keeps the strict 1e-6?"""
    from types import SimpleNamespace
    import grader.layer_patterns as patterns
    from grader.functions import BY_NAME, Case
    graded = BY_NAME["layernorm_backward"]
    rng = np.random.default_rng(3)
    cases, outputs, directions, probed = [], [], [], []
    for eps, gap in ((1e-5, small_eps_gap), (0.5, large_eps_gap)):
        x, dout = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
        case = Case({"x": x, "dout": dout}, {"ln_param": {"eps": eps}}, f"eps {eps}")
        vs = [rng.normal(size=x.shape) for _ in range(patterns.OWN_FORWARD_DIRECTIONS)]
        dx = vs[0] * 1.0  # sum(dx * v) = |v|^2 for the first direction; the second is scaled the same way below
        for v in vs:
            target = float(np.sum(dx * v))
            numeric = target / (1 + gap)
            plus = dout * numeric / float(np.sum(dout * dout)) * 2 * patterns.OWN_FORWARD_STEP
            probed += [SimpleNamespace(problem="", arrays={"out": plus}),
                       SimpleNamespace(problem="", arrays={"out": np.zeros_like(x)})]
        cases.append(case)
        outputs.append(SimpleNamespace(problem="", arrays={"dx": dx}))
        directions.append(vs)
    monkeypatch.setattr(patterns, "own_forward_probed", lambda *a: ([0, 1], directions, probed))
    assert patterns._own_forward_tolerance(graded, cases[1]) >= 1e-2  # the large eps tells its placement
    assert patterns.own_forward_reading(graded, cases, outputs, None) == want


# -- set O: dgamma summing dout times a statistic of the forward's ------------------------------------------------

STAT_AXES = {"batchnorm_backward": 0, "batchnorm_backward_alt": 0, "layernorm_backward": 1}


@pytest.mark.parametrize("name", sorted(STAT_AXES))
@pytest.mark.parametrize("stat", ["var", "std", "mean"])
def test_dgamma_summing_dout_times_a_statistic_is_named_with_it(name, stat):
    """Set O: dgamma = np.sum(var * dout, axis=0) beside a right dx and dbeta was told only "check the formula
    itself". Is `dout * var` (or std, or mean) named under dgamma, in both languages, and nothing under dbeta?"""
    graded, cases, outputs = _read(name)
    for case, out in zip(cases, outputs):
        x, dout = case.arrays["x"], case.arrays["dout"]
        axis = STAT_AXES[name]
        mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, keepdims=True)
        made = {"var": var, "std": np.sqrt(var + _param(case, "eps")), "mean": mean}[stat]
        out.arrays["dgamma"] = (dout * made).sum(axis=0)
    hint = norm_backward_hint(graded, cases, outputs, "dgamma")
    assert _keys(hint) == {"params_terms_intro", "params_change_product_dgamma_stat"}, english(hint)
    assert f"`dout * {stat}`" in english(hint), english(hint)
    assert not english_sentences(render(hint, "zh")), render(hint, "zh")
    assert norm_backward_hint(graded, cases, outputs, "dbeta") == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dgamma_summing_a_statistic_is_named_on_both_sides(tmp_path, lang):
    """The realistic fixture norm_bn_dgamma_stat (a right forward; dgamma summing dout times the variance in the
    staged backward, times the std in the simplified one): is each named in the graded report and the local check,
    with the right forward keeping every point?"""
    from pathlib import Path

    from grader.instructor.api import check
    from grader.instructor.grading import grade
    from grader.instructor.realistic import SUITE, build
    sub = build("norm_bn_dgamma_stat", Path(__file__).resolve().parents[1] / "solutions", tmp_path / "sub")
    functions = list(SUITE["norm_bn_dgamma_stat"])
    for report in (grade(sub, seed=7, functions=functions, lang=lang).worded(),
                   check(sub, functions=functions, lang=lang).worded()):
        assert not _hints(report, "batchnorm_forward")
        for function, stat in (("batchnorm_backward", "var"), ("batchnorm_backward_alt", "std")):
            hints = "\n".join(_hints(report, function))
            assert translate("params_change_product_dgamma_stat", lang, got=f"dout * {stat}") in hints, hints
            if lang == "zh":
                assert not english_sentences(hints), hints
