"""What a student's function refers to, read from its own source (grader.dependants): once per source text."""
import ast

import pytest

from grader import dependants
from grader.functions import BY_NAME
from grader.parsed import Memo

SPATIAL = BY_NAME["spatial_batchnorm_backward"]
CALLS_IT = ("def spatial_batchnorm_backward(dout, cache):\n"
            "    return batchnorm_backward(dout.reshape(-1, 3), cache)\n")
OWN = ("def spatial_batchnorm_backward(dout, cache):\n"
       "    x = dout.sum(axis=0)\n    return x, x, x\n")


def _module(folder, source):
    (folder / "layers.py").write_text(source)
    return folder


def test_a_source_shared_by_submissions_is_parsed_once(tmp_path, monkeypatch):
    """Two submissions whose module has the same text: is it parsed once, and do both get the same callees?"""
    parses = []
    real_parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda source, *a, **k: parses.append(1) or real_parse(source, *a, **k))
    monkeypatch.setattr(dependants, "_REFERRED", Memo(kept=64))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _module(tmp_path / "a", CALLS_IT), _module(tmp_path / "b", CALLS_IT)
    assert dependants.callees(first, SPATIAL) == dependants.callees(second, SPATIAL) == {"batchnorm_backward"}
    assert len(parses) == 1


def test_a_changed_source_is_read_again(tmp_path, monkeypatch):
    """Does a submission whose function is written from scratch get its own reading (no callee), never the
    reading kept for another text, and is the number of texts kept bounded?"""
    monkeypatch.setattr(dependants, "_REFERRED", Memo(kept=64))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert dependants.callees(_module(tmp_path / "a", CALLS_IT), SPATIAL) == {"batchnorm_backward"}
    assert dependants.callees(_module(tmp_path / "b", OWN), SPATIAL) == set()
    for i in range(dependants._REFERRED.kept + 5):
        dependants._referred_names(OWN + f"# {i}\n")
    assert len(dependants._REFERRED) == dependants._REFERRED.kept


def test_a_module_that_does_not_parse_refers_to_nothing(tmp_path):
    """Is a module with a syntax error (or a NUL byte) read as defining nothing, without raising?"""
    for source in ("def spatial_batchnorm_backward(:\n", "x = 1\0\n"):
        assert dependants.callees(_module(tmp_path, source), SPATIAL) == set()


def test_a_right_dropout_backward_under_a_forward_that_keeps_every_unit_is_told_its_root(tmp_path):
    """Set I: a forward whose mask keeps every unit (rand < p / p) and the reference's backward: the backward,
    judged against the reference since its forward drew no mask, was told "check the formula itself". Is it told
    it depends on dropout_forward, and is a backward with its own mistake under a right forward still told its own?"""
    from grader.i18n import translate
    from grader.instructor.grading import grade
    from tests.reference_copy import submission
    keep_all = submission(tmp_path, "keep_all", ("        mask = (np.random.rand(*x.shape) < p) / p\n",
                                                 "        mask = np.random.rand(*x.shape) < p / p\n"))
    own = submission(tmp_path, "own", ("        dx = dout * mask\n", "        dx = dout * (mask > 0)\n"))
    for sub, depends in ((keep_all, True), (own, False)):
        report = grade(sub, seed=3, functions=["dropout_forward", "dropout_backward"]).worded()
        backward = [c for c in report.checks if c.function == "dropout_backward" and c.score < c.max_score]
        assert backward, sub
        said = translate("depends_on", function="dropout_backward", root="dropout_forward")
        assert all((said in str(c.hint)) == depends for c in backward), [c.hint for c in backward]
        # dropout is never read as a mirror of its forward (its backward is judged against that forward already)
        assert not any("exact gradient" in str(c.hint) for c in backward), [c.hint for c in backward]


# -- a dependant's own reading under a failing forward (issue 19, eighth round: sets G, H and I) --------------------

def _realistic(tmp_path, name):
    from pathlib import Path
    from grader.instructor.realistic import build
    return build(name, Path(__file__).resolve().parents[1] / "solutions", tmp_path / name)


def _both_sides(sub, functions, lang):
    """The graded report's and the student's local check's reports."""
    from grader.instructor.api import check
    from grader.instructor.grading import grade
    return (grade(sub, seed=7, functions=functions, lang=lang).worded(),
            check(sub, functions=functions, lang=lang).worded())


def _hints(report, function, output=""):
    """The worded hints of ``function``'s losing checks (of ``output``'s alone if given)."""
    return "\n".join(str(c.hint) for c in report.checks
                     if c.function == function and c.max_score > 0 and c.score < c.max_score
                     and (not output or c.name.startswith(output + " ")))

# What only depends_mirror_unread (no reading of the forward to quote) and depends_mirror_own say: their longest
# fixed part is the tail all mirror sentences share
UNREAD = {"en": "mistake (see", "zh": "错误（见"}
MIRROR_OWN = {"en": "which its hint does not name", "zh": "它的提示没有指出的错误"}


def _fixed(key, lang):
    """The longest part of a message that its fields do not change."""
    import re
    from grader.i18n import MESSAGES
    return max(re.split(r"\{[^}]*\}", MESSAGES[key][lang]), key=len)


OWN_LINES = ("depends_mirror", "depends_also_own", "depends_also_own_cache")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_is_told_it_repeats_its_forwards_mistake_on_both_sides(tmp_path, lang):
    """Sets G, H, I: a layer-norm backward summing over the batch axis like its forward, a group-norm backward whose
    means run over the batch like its forward's statistics. Each is the exact gradient of its own forward: is it told,
    beside its root, that it repeats that forward's mistake, with the forward's own reading quoted (dx; dgamma where
    it is that forward's gradient too), in the graded report and the local check, and never that it has a mistake of
    its own? A spatial batch norm flattening with reshape(-1, C) in both directions: its dx is told so, its dgamma (of
    gamma applied in the flattened layout, which (out - beta) / gamma per channel does not show) only its root."""
    from tests.no_english import english_sentences
    sub = _realistic(tmp_path, "norm_mirror")
    pairs = {"layernorm_backward": ("mistake_ln_wrong_axis", True),
             "spatial_groupnorm_backward": ("mistake_gn_stats_over_batch", True),
             "spatial_batchnorm_backward": ("pattern_sbn_reshape_without_transpose", False)}
    functions = [f"{name}_{kind}" for name in ("layernorm", "spatial_groupnorm", "spatial_batchnorm")
                 for kind in ("forward", "backward")]
    for report in _both_sides(sub, functions, lang):
        for function, (reading, params) in pairs.items():
            for output in ("dx", "dgamma"):
                hint = _hints(report, function, output)
                said = output == "dx" or params
                assert _fixed("depends_on", lang) in hint, hint
                assert (_fixed("depends_mirror", lang) in hint) == said, hint
                assert (_fixed(reading, lang) in hint) == said, hint
                assert _fixed("depends_also_own", lang) not in hint, hint
                if lang == "zh":
                    assert not english_sentences(hint), hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_right_backward_under_a_wrong_forward_hears_only_its_root(tmp_path, lang):
    """The silent sides: the textbook's layer-norm and group-norm backwards on the cache of a forward over the batch,
    a batch-norm backward that raises under a forward over the features, the textbook layer-norm backward under a
    forward with eps outside the square root. Is each told only that it depends on its forward, on both sides?"""
    cases = {"norm_cache_silent": ["layernorm", "spatial_groupnorm", "batchnorm"], "norm_eps_dependant": ["layernorm"]}
    for name, families in cases.items():
        sub = _realistic(tmp_path, name)
        functions = [f"{fam}_{kind}" for fam in families for kind in ("forward", "backward")]
        for report in _both_sides(sub, functions, lang):
            for fam in families:
                hint = _hints(report, f"{fam}_backward")
                assert _fixed("depends_on", lang) in hint, (name, fam, hint)
                assert not any(_fixed(key, lang) in hint for key in OWN_LINES), (name, fam, hint)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backwards_own_mistake_under_a_forward_wrong_everywhere_is_named(tmp_path, lang):
    """Sets G, H, I: group-norm backwards with slips of their own (batch norm's sums; 1 / var and N; gamma left out;
    dx built from x_hat) under a forward wrong on every case. Is each told, beside its root, that it has a mistake no cache of its forward
    explains, and which, on both sides (never the sentence for a backward failing where its forward is right)?"""
    from tests.no_english import english_sentences
    expected = {"norm_own_cache_bn": ["dx_change_axes"],
                "norm_own_cache_terms": ["dx_change_scale_outer", "dx_change_count"],
                "norm_own_cache_scratch": ["dx_change_gamma_missing"],
                "norm_own_cache_xhat": ["dx_change_gamma_xhat"]}
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for name, keys in expected.items():
        sub = _realistic(tmp_path, name)
        for report in _both_sides(sub, functions, lang):
            forward = [c for c in report.checks
                       if c.function == "spatial_groupnorm_forward" and c.name.startswith("out ")]
            assert forward and all(c.score == 0 for c in forward), name  # wrong on every case
            hint = _hints(report, "spatial_groupnorm_backward", "dx")
            assert _fixed("depends_on", lang) in hint and _fixed("depends_also_own_cache", lang) in hint, hint
            assert _fixed("depends_also_own", lang) not in hint and _fixed("depends_mirror", lang) not in hint, hint
            assert all(_fixed(key, lang) in hint for key in keys), (name, hint)
            if lang == "zh":
                assert not english_sentences(hint), hint


def test_a_mirror_quotes_its_forwards_reading_only_where_the_forwards_hint_names_one():
    """The mirror's line says what the forward computes only from a hint that reads the forward's output (a formula,
    its axes, a known mistake of its train mode); a generic hint, or a known mistake of the test mode, leaves "see it
    there"."""
    from types import SimpleNamespace

    from grader.i18n import lines, text
    def forward(hint):
        return [SimpleNamespace(max_score=3, score=0, hint=hint)]
    axes = text("pattern_norm_axes", function="layernorm_forward", got="x", want="y")
    assert dependants._forward_reading(forward(lines(axes, "at layers.py:3"))) is axes
    assert dependants._forward_reading(forward(text("mistake_ln_wrong_axis"))).key == "mistake_ln_wrong_axis"
    flattened = text("pattern_sbn_reshape_without_transpose", function="spatial_batchnorm_forward")
    assert dependants._forward_reading(forward(flattened)) is flattened
    for generic in (text("where_everywhere_norm"), text("mistake_bn_test_without_gamma_beta"), ""):
        assert dependants._forward_reading(forward(generic)) == "", generic
    assert dependants._forward_reading([SimpleNamespace(max_score=3, score=3, hint=axes)]) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_of_a_forward_changing_x_in_place_hears_what_its_forward_shows(tmp_path, lang):
    """Set M: a batch norm with no eps anywhere whose test mode also changes x in place; its hint named the in-place
    change alone, and its two backwards (each the exact gradient of it) were told "see it there". Since set N the
    forward's hint also reads the cases that left x as it was (no eps, from the constant-feature probe): do both
    backwards quote that reading, not the in-place line nor a reading of their own, in the graded report and the
    local check? And does a mirror whose forward's hint reads its output (set G's layer norm over the wrong axis)
    still quote that reading?"""
    from tests.no_english import english_sentences
    sub = _realistic(tmp_path, "norm_mirror_in_place")
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(sub, functions, lang):
        forward = _hints(report, "batchnorm_forward")
        assert _fixed("diag_modified", lang) in forward and _fixed("probe_norm_constant_feature", lang) in forward
        for function in ("batchnorm_backward", "batchnorm_backward_alt"):
            for output in ("dx", "dgamma"):
                hint = _hints(report, function, output)
                assert _fixed("depends_on", lang) in hint, hint
                assert _fixed("depends_mirror", lang) in hint, hint
                assert _fixed("probe_norm_constant_feature", lang) in hint, hint
                assert MIRROR_OWN[lang] not in hint, hint
                assert UNREAD[lang] not in hint, hint
                assert _fixed("diag_modified", lang) not in hint, hint
                if lang == "zh":
                    assert not english_sentences(hint), hint
    mirror = _realistic(tmp_path, "norm_mirror")
    for report in _both_sides(mirror, ["layernorm_forward", "layernorm_backward"], lang):
        hint = _hints(report, "layernorm_backward", "dx")
        assert _fixed("depends_mirror", lang) in hint and _fixed("mistake_ln_wrong_axis", lang) in hint, hint
        assert MIRROR_OWN[lang] not in hint, hint


def test_a_mirrors_own_reading_is_taken_only_where_it_names_something():
    """``_mirror_own`` gives the reading a mirror's hint carries, and nothing where that hint only says dx is its
    forward's gradient, or is not a mirror's."""
    from grader.i18n import text
    own = text("pattern_dgamma_eps_missing", function="batchnorm_backward")
    assert dependants._mirror_own(text("own_forward_mirror", forward="batchnorm_forward", own=own)) is own
    bare = text("own_forward_is_gradient", forward="batchnorm_forward")
    assert dependants._mirror_own(text("own_forward_mirror", forward="batchnorm_forward", own=bare)) == ""
    assert dependants._mirror_own(text("own_forward_marked", forward="batchnorm_forward", own=own)) == ""
    assert dependants._mirror_own("") == ""
    generic = text("where_everywhere_formula")
    assert dependants._mirror_own(text("own_forward_mirror", forward="batchnorm_forward", own=generic)) == ""


# -- set O: a mirror that reads its std from the cache follows its forward ---------------------------------------------

SAME_WAY = {"en": "the same way", "zh": "用同样的方式"}  # the mirror's "change it the same way" (depends_mirror's end)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_reading_its_std_from_the_cache_is_told_it_follows_its_forward(tmp_path, lang):
    """Set O: a batch norm with no eps whose two backwards take x_hat and the std from the cache (no square root of
    their own) were told "change it the same way, or it will still fail", though the forward's fix mends them. Is
    each told, beside its root, that it follows the cache, never to change it, on both sides? And does the same file
    with eps in the forward keep every point?"""
    from tests.no_english import english_sentences
    functions = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"]
    for report in _both_sides(_realistic(tmp_path, "norm_bn_cache_std_mirror"), functions, lang):
        for function in functions[1:]:
            hint = _hints(report, function, "dx")
            assert _fixed("depends_on", lang) in hint, hint
            assert _fixed("depends_mirror_cache", lang) in hint, hint
            assert SAME_WAY[lang] not in hint, hint
            if lang == "zh":
                assert not english_sentences(hint), hint
    for report in _both_sides(_realistic(tmp_path, "norm_bn_cache_std_right"), functions, lang):
        assert all(c.score == c.max_score for c in report.checks), [(c.name, c.hint) for c in report.checks]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_taking_its_own_root_is_still_told_to_change_the_same_way(tmp_path, lang):
    """The other side: set N's staged backward computes np.sqrt(var) itself from a cached variance, so the forward's
    fix leaves it wrong. Is it still told to change the same way, and never that it follows the cache?"""
    sub = _realistic(tmp_path, "norm_bn_mirror_no_eps")
    for report in _both_sides(sub, ["batchnorm_forward", "batchnorm_backward"], lang):
        hint = _hints(report, "batchnorm_backward", "dx")
        assert _fixed("depends_on", lang) in hint and SAME_WAY[lang] in hint, hint
        assert _fixed("depends_mirror_cache", lang) not in hint, hint


BACKWARD_HEAD = "import numpy as np\n\n\ndef batchnorm_backward(dout, cache):\n    x_hat, std, gamma = cache\n"


@pytest.mark.parametrize("body, follows", [
    ("    dx = dout * gamma / std * std ** 2 / std ** -3\n    return dx, None, None\n", True),
    ("    dx = dout * gamma / np.sqrt(std)\n    return dx, None, None\n", False),
    ("    dx = dout * gamma * std ** -0.5\n    return dx, None, None\n", False),
    ("    dx = dout * gamma / (std + eps)\n    return dx, None, None\n", False),
    ("    dx = dout * gamma / x_hat.std(axis=0)\n    return dx, None, None\n", False),
    ("    dx = _scale(dout * gamma, std)\n    return dx, None, None\n\n\ndef _scale(a, s):\n    return a / np.sqrt(s)\n",
     False),
])
def test_a_backward_follows_its_cache_only_where_it_takes_no_root_of_its_own(tmp_path, body, follows):
    """Is a backward said to follow its forward's cache only where neither it nor a helper it calls takes a square
    root, a variance, a power that is not an integer, or eps of its own, and only for a forward whose mistake is eps
    alone (a reading of its axes is not)?"""
    from grader.i18n import text
    (tmp_path / "layers.py").write_text(BACKWARD_HEAD + body)
    graded = BY_NAME["batchnorm_backward"]
    probe = text("probe_norm_constant_feature")
    assert dependants._follows_cache(probe, tmp_path, graded) == follows
    assert dependants._follows_cache(text("pattern_eps_missing", function="batchnorm_forward"), tmp_path,
                                     graded) == follows
    axes = text("pattern_norm_axes", function="batchnorm_forward", got="x", want="y")
    assert not dependants._follows_cache(axes, tmp_path, graded)


# -- held-out set P: a mirror that takes its layout from the cache ---------------------------------------------------

GN_SWAPPED_GROUPS_FOLLOWING_BACKWARD = """
def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    eps = gn_param.get("eps", 1e-5)
    N, C, H, W = x.shape
    xs = x.reshape(N, C // G, G, H, W)
    mu = xs.mean(axis=(2, 3, 4), keepdims=True)
    std = np.sqrt(xs.var(axis=(2, 3, 4), keepdims=True) + eps)
    x_hat = (xs - mu) / std
    g = np.reshape(gamma, (1, C, 1, 1))
    out = g * x_hat.reshape(N, C, H, W) + np.reshape(beta, (1, C, 1, 1))
    return out, (x_hat, std, g)


def spatial_groupnorm_backward(dout, cache):
    x_hat, std, g = cache
    M = x_hat[0, 0].size
    dx_hat = (g * dout).reshape(x_hat.shape)
    dx = (dx_hat - dx_hat.mean(axis=(2, 3, 4), keepdims=True)
          - x_hat * (dx_hat * x_hat).mean(axis=(2, 3, 4), keepdims=True)) / std
    dgamma = (dout * x_hat.reshape(dout.shape)).sum(axis=(0, 2, 3), keepdims=True)
    return dx.reshape(dout.shape), dgamma, dout.sum(axis=(0, 2, 3), keepdims=True)
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mirror_is_told_to_change_only_what_it_computes_itself(tmp_path, lang):
    """Held-out set P: a group norm with C // G groups of G channels, and a backward that takes every shape from its
    forward's cache (right as soon as the forward is). It was told "change it the same way, or it will still fail"
    (untrue) after "As the forward's hint reads it: see it there." Is the change now asked only where the backward
    computes the step itself, and the forward's hint pointed at in a sentence of its own, on both sides?"""
    from grader.instructor.realistic import overlay
    from tests.no_english import english_sentences
    from tests.reference_copy import submission
    sub = submission(tmp_path, "gn_mirror_cache_layout")
    layers = sub / "layers.py"
    layers.write_text(overlay(layers.read_text(), GN_SWAPPED_GROUPS_FOLLOWING_BACKWARD))
    functions = ["spatial_groupnorm_forward", "spatial_groupnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        assert _hints(report, "spatial_groupnorm_forward", "out")
        hint = _hints(report, "spatial_groupnorm_backward", "dx")
        assert _fixed("depends_on", lang) in hint, hint
        assert {"en": "where it computes that step itself", "zh": "自己计算这一步的地方"}[lang] in hint, hint
        assert {"en": "see it there", "zh": "请看那里"}[lang] not in hint, hint
        if lang == "zh":
            assert not english_sentences(hint), hint
    fixed = GN_SWAPPED_GROUPS_FOLLOWING_BACKWARD.replace("x.reshape(N, C // G, G, H, W)",
                                                         "x.reshape(N, G, C // G, H, W)")
    layers.write_text(overlay(layers.read_text(), fixed))  # the forward's fix alone mends the backward
    from grader.instructor.grading import grade
    report = grade(sub, seed=7, functions=functions)
    assert all(c.score == c.max_score for c in report.checks), [(c.name, c.hint) for c in report.checks]
