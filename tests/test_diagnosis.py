"""Tests of the diagnosis: fair cases, exceptions named with the student's line, probing, one root cause."""
import numpy as np

from grader.instructor.cases import CONV_SHAPES, POOL_SHAPES, make_cases
from grader.functions import BY_NAME


def test_every_graded_conv_and_pool_case_tiles():
    """Does every graded conv and pool case fit exactly (no stride that leaves pixels over)?"""
    for (N, C, H, W), (F, HH, WW), stride, pad in CONV_SHAPES:
        assert (H + 2 * pad - HH) % stride == 0 and (W + 2 * pad - WW) % stride == 0, (H, W, HH, WW, stride, pad)
    for (N, C, H, W), ph, pw, stride in POOL_SHAPES:
        assert (H - ph) % stride == 0 and (W - pw) % stride == 0, (H, W, ph, pw, stride)
    for case in make_cases(BY_NAME["conv_relu_pool_forward"], np.random.default_rng(0)):
        H, W = case.arrays["x"].shape[2:]
        conv = case.params["conv_param"]
        HH, WW = case.arrays["w"].shape[2:]
        Hc = 1 + (H + 2 * conv["pad"] - HH) // conv["stride"]
        Wc = 1 + (W + 2 * conv["pad"] - WW) // conv["stride"]
        assert (H + 2 * conv["pad"] - HH) % conv["stride"] == 0 and Hc % 2 == 0 and Wc % 2 == 0


def test_case_shapes_keep_their_coverage():
    """Do the tiling cases still cover N = 1, C = 1, non-square inputs, rectangular kernels, strides 1-3, pads 0-2
    and overlapping, rectangular pools?"""
    assert {s for *_, s, _ in CONV_SHAPES} >= {1, 2, 3} and {p for *_, p in CONV_SHAPES} >= {0, 1, 2}
    assert any(x[0] == 1 and x[1] == 1 and x[2] != x[3] for x, *_ in CONV_SHAPES)
    assert any(k[1] != k[2] for _, k, *_ in CONV_SHAPES)
    assert any(s < max(ph, pw) for _, ph, pw, s in POOL_SHAPES) and any(ph != pw for _, ph, pw, _ in POOL_SHAPES)
    assert any(s > min(ph, pw) or s == ph == pw for _, ph, pw, s in POOL_SHAPES)
    assert BY_NAME["conv_forward_naive"].kind == "forward"


# --- helpers --------------------------------------------------------------------------------------------------
import shutil
import textwrap
from pathlib import Path

import pytest

from grader.instructor.grading import grade
from tests.worded import worded
from grader.instructor.realistic import overlay

grade = worded(grade)  # the report as a student reads it: worded in its language

ROOT = Path(__file__).resolve().parents[1]


def _submission(tmp_path, student: str) -> Path:
    """A copy of the reference with the student's functions (given as source) in layers.py."""
    sub = tmp_path / "sub"
    shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    (sub / "layers.py").write_text(overlay((sub / "layers.py").read_text(), textwrap.dedent(student)))
    return sub


def _checks(report, function):
    return {c.name.split(" ")[0]: c for c in report.checks if c.function == function and c.max_score}


XRANGE_FORWARD = """
    import numpy as np


    def conv_forward_naive(x, w, b, conv_param):
        stride, pad = conv_param['stride'], conv_param['pad']
        N, C, H, W = x.shape
        F, _, HH, WW = w.shape
        Ho, Wo = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
        xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
        out = np.zeros((N, F, Ho, Wo))
        for n in xrange(N):
            for f in range(F):
                for i in range(Ho):
                    for j in range(Wo):
                        out[n, f, i, j] = np.sum(xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW] * w[f]) + b[f]
        return out, (x, w, b, conv_param)
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exception_named_with_the_students_line(tmp_path, lang):
    """Is an exception named (xrange is Python 2) with the student's file:line and the line itself, in both
    languages, and kept in report.json's hint?"""
    from grader.exception_rules import XRANGE
    report = grade(_submission(tmp_path, XRANGE_FORWARD), seed=1, lang=lang, functions=["conv_forward_naive"])
    check = _checks(report, "conv_forward_naive")["out"]
    assert check.score == 0
    assert XRANGE[0 if lang == "en" else 1] in check.hint
    assert "layers.py:" in check.hint and "for n in xrange(N):" in check.hint
    assert report.to_dict()["checks"][0]["hint"] == check.hint


PAD_SLICE_FORWARD_AND_CACHE = """
    import numpy as np


    def conv_forward_naive(x, w, b, conv_param):
        stride, pad = conv_param['stride'], conv_param['pad']
        N, C, H, W = x.shape
        F, _, HH, WW = w.shape
        Ho, Wo = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
        xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
        xp[:, :, pad:-pad, pad:-pad] = x
        out = np.zeros((N, F, Ho, Wo))
        for i in range(Ho):
            for j in range(Wo):
                out[:, :, i, j] = np.tensordot(xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW], w,
                                               axes=([1, 2, 3], [1, 2, 3])) + b
        return out, (x, w, b, conv_param, xp)


    def conv_backward_naive(dout, cache):
        x, w, b, conv_param, xp = cache
        stride, pad = conv_param['stride'], conv_param['pad']
        N, C, H, W = x.shape
        F, _, HH, WW = w.shape
        dxp, dw = np.zeros_like(xp), np.zeros_like(w)
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                hs, ws = i * stride, j * stride
                dw += np.tensordot(dout[:, :, i, j], xp[:, :, hs:hs + HH, ws:ws + WW], axes=(0, 0))
                dxp[:, :, hs:hs + HH, ws:ws + WW] += np.tensordot(dout[:, :, i, j], w, axes=(1, 0))
        return dxp[:, :, pad:pad + H, pad:pad + W], dw, dout.sum(axis=(0, 2, 3))
"""


def test_forward_root_cause_shown_once(tmp_path):
    """When the backward fails only because the student's own forward raised (pad:-pad at pad 0, and a backward
    that needs the forward's extra cache entry), is that said once, under dx, with dw and db pointing to it?"""
    from grader.exception_rules import PAD_SLICE
    report = grade(_submission(tmp_path, PAD_SLICE_FORWARD_AND_CACHE), seed=1,
                   functions=["conv_forward_naive", "conv_backward_naive"])
    forward = _checks(report, "conv_forward_naive")["out"]
    assert PAD_SLICE[0] in forward.hint and "xp[:, :, pad:-pad, pad:-pad] = x" in forward.hint
    back = _checks(report, "conv_backward_naive")
    assert all(0 < c.score < c.max_score for c in back.values())
    assert back["dx"].hint.startswith("One root cause: your conv_forward_naive raised ValueError")
    assert PAD_SLICE[0] in back["dx"].hint
    # the forward's line, as code: a bare `xp[...] = x` (or `from matplotlib.cm import scale`) in a zh sentence
    # reads as English prose
    assert "`xp[:, :, pad:-pad, pad:-pad] = x`" in str(back["dx"].hint).splitlines()[-1], back["dx"].hint
    for name in ("dw", "db"):
        assert back[name].hint.startswith("The same exception as under dx") and PAD_SLICE[0] not in back[name].hint
    assert "after conv_forward_naive raised" in back["dx"].message


SQUARE_POOL = """
    import numpy as np


    def max_pool_forward_naive(x, pool_param):
        N, C, H, W = x.shape
        size, S = pool_param['pool_height'], pool_param['stride']
        Ho, Wo = (H - size) // S + 1, (W - size) // S + 1
        out = np.zeros((N, C, Ho, Wo))
        for i in range(Ho):
            for j in range(Wo):
                out[:, :, i, j] = x[:, :, i * S:i * S + size, j * S:j * S + size].max(axis=(2, 3))
        return out, (x, pool_param)
"""


def test_probing_names_a_square_window_assumption(tmp_path):
    """Does probing find that a pool is right exactly when its window is square, and say so?"""
    from grader.probing import TEXT
    report = grade(_submission(tmp_path, SQUARE_POOL), seed=1, functions=["max_pool_forward_naive"])
    check = _checks(report, "max_pool_forward_naive")["out"]
    assert 0 < check.score < check.max_score
    assert TEXT["height_for_width_window"]["en"] in check.hint


def test_pattern_hint_picks_the_hypothesis_that_predicts_the_pattern():
    """Is the stride-equals-pool-size pattern told apart from the overlap pattern and from H/W swaps?"""
    from grader.functions import BY_NAME
    from grader.probing import TEXT, pattern_hint, probe_cases
    _, features = probe_cases(BY_NAME["max_pool_backward_naive"], np.random.default_rng(0))
    stride_is_pool = [f["stride_is_pool"] for f in features]
    no_overlap = [not f["overlap"] for f in features]
    from grader.i18n import render
    assert render(pattern_hint(stride_is_pool, features)) == TEXT["stride_is_pool_size"]["en"]
    assert render(pattern_hint(no_overlap, features)) == TEXT["overlap"]["en"]
    assert pattern_hint([True] * len(features), features) == ""
    assert pattern_hint([False] * len(features), features) == ""
    # A forward never accumulates: right except where windows overlap is not "use +=" there (a real student's
    # output size (H + 1) // stride fits only non-overlapping windows).
    _, forward = probe_cases(BY_NAME["max_pool_forward_naive"], np.random.default_rng(0))
    assert pattern_hint([not f["overlap"] for f in forward], forward) != TEXT["overlap"]["en"]


FAST_FORWARD = """
    import numpy as np
    from .fast_layers import conv_forward_fast


    def conv_forward_naive(x, w, b, conv_param):
        out, _ = conv_forward_fast(x, w, b, conv_param)
        return out, (x, w, b, conv_param)
"""


def test_naive_exercise_calling_fast_layers_earns_nothing(tmp_path):
    """Does a conv_forward_naive that calls conv_forward_fast earn nothing, with a message saying why, while the
    sandwich layers (which must call the fast layers) keep their points?"""
    from grader.fastcheck import WHY
    report = grade(_submission(tmp_path, FAST_FORWARD), seed=1, functions=["conv_forward_naive", "conv_relu_forward"])
    scores = report.function_scores()
    assert scores["conv_forward_naive"][0] == 0 and WHY["en"] in _checks(report, "conv_forward_naive")["out"].message
    assert scores["conv_relu_forward"][0] == scores["conv_relu_forward"][1] > 0


def test_fast_layer_calls_found_by_name_or_module():
    """Are calls found whether by name or through the module, and only inside the named function?"""
    from grader.fastcheck import fast_layer_calls
    source = textwrap.dedent("""
        def conv_forward_naive(x, w, b, p):
            return fast_layers.conv_forward_im2col(x, w, b, p)
        def max_pool_forward_naive(x, p):
            return max_pool_forward_fast(x, p)
        def relu_forward(x):
            return x
    """)
    assert fast_layer_calls(source, "conv_forward_naive") == [("conv_forward_im2col", 3)]
    assert fast_layer_calls(source, "max_pool_forward_naive") == [("max_pool_forward_fast", 5)]
    assert fast_layer_calls(source, "relu_forward") == []


def test_the_students_own_im2col_is_not_a_fast_layer():
    """Is a helper the student wrote (a nested or module-level im2col) left alone, while the kit's is caught?"""
    from grader.fastcheck import fast_layer_calls
    source = textwrap.dedent("""
        from .fast_layers import col2im
        def im2col(x):
            return x
        def conv_forward_naive(x, w, b, p):
            def col2im_mine(c):
                return c
            return col2im_mine(im2col(x))
        def max_pool_forward_naive(x, p):
            return col2im(x)
    """)
    assert fast_layer_calls(source, "conv_forward_naive") == []
    assert fast_layer_calls(source, "max_pool_forward_naive") == [("col2im", 10)]


def test_exceptions_match_up_to_their_numbers():
    """Do two broadcast errors with different shapes count as the same exception, and different types not?"""
    from grader.instructor.diagnosis import _same_exception
    a = "ValueError: could not broadcast input array from shape (2,3,6,9) into shape (2,3,0,0)"
    b = "ValueError: could not broadcast input array from shape (1,1,5,5) into shape (1,1,0,0)"
    assert _same_exception(a, b)
    assert not _same_exception(a, "TypeError: could not broadcast input array")
    assert not _same_exception("", "")


def test_every_exception_rule_has_both_languages():
    """Does every rule and every new catalog entry carry an English and a Chinese hint?"""
    from grader.exception_rules import RULES
    from grader.instructor.mistakes import CATALOG
    for entry in list(RULES) + list(CATALOG):
        assert entry.en and entry.zh and entry.en != entry.zh


def test_make_submission_applies_each_mistake_in_its_own_function(tmp_path):
    """Does a submission with several catalog mistakes differ from the reference by exactly one changed line per
    mistake, in its own module, and is an unknown name refused?"""
    import pytest
    from grader.instructor.mistakes import BY_NAME, make_submission
    from grader.instructor.reference import SOLUTIONS
    names = ["forgotten_bias", "pad_minus_pad_slice", "pool_assign_not_accumulate", "momentum_sign"]
    sub = make_submission(names, tmp_path / "sub")
    for path in SOLUTIONS.rglob("*.py"):
        rel = path.relative_to(SOLUTIONS)
        ours, theirs = path.read_text().splitlines(), (sub / rel).read_text().splitlines()
        changed = [b for a, b in zip(ours, theirs) if a != b]
        own = [BY_NAME[n] for n in names if BY_NAME[n].file == rel.as_posix()]
        assert len(ours) == len(theirs) and len(changed) == len(own), rel
        assert all(any(m.new in line for line in changed) for m in own), rel
    with pytest.raises(KeyError):
        make_submission("no_such_mistake", tmp_path / "other")


PY2_POOL = """
    import numpy as np


    def max_pool_forward_naive(x, pool_param):
        N, C, H, W = x.shape
        ph, pw, s = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
        Ho = 1 + (H - ph) / s
        Wo = 1 + (W - pw) / s
        out = np.zeros((N, C, Ho, Wo))
        for i in xrange(Ho):
            for j in xrange(Wo):
                out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
        return out, (x, pool_param)
"""


def test_python2_leftovers_listed_by_line(tmp_path):
    """Besides the first exception (a float size), are the other Python 2 lines the run never reached listed?"""
    from grader.exception_rules import FLOAT_SIZE
    report = grade(_submission(tmp_path, PY2_POOL), seed=1, functions=["max_pool_forward_naive"])
    hint = _checks(report, "max_pool_forward_naive")["out"].hint
    assert hint.startswith(FLOAT_SIZE[0]) and "out = np.zeros((N, C, Ho, Wo))" in hint
    listed = hint.split("to fix as well: ")[1]
    assert listed.count("(/)") == 2 and listed.count("(xrange)") == 2


UNFINISHED_BACKWARD = """
    import numpy as np


    def conv_backward_naive(dout, cache):
        x, w, b, conv_param = cache
        return np.zeros_like(x), np.zeros_like(w), dout.sum(axis=(0, 2, 3))
"""


def test_an_output_left_all_zeros_is_named(tmp_path):
    """Is a backward that never fills dx and dw told so (and db, which is right, kept)?"""
    report = grade(_submission(tmp_path, UNFINISHED_BACKWARD), seed=1, functions=["conv_backward_naive"])
    checks = _checks(report, "conv_backward_naive")
    assert checks["dx"].hint.startswith("dx is all zeros") and checks["dw"].hint.startswith("dw is all zeros")
    assert checks["db"].score == checks["db"].max_score


def test_rules_need_the_students_line_when_they_say_so():
    """Is a wrong np.pad width named from its message and line, and not named when the line is something else?"""
    import numpy as np
    from grader.exception_rules import exception_hint
    from grader.functions import BY_NAME
    try:
        np.pad(np.zeros((2, 3, 4, 4)), ((1, 1), (1, 1)))
    except ValueError as exc:
        raised = f"ValueError: {exc}"

    class Source:
        def __init__(self, line):
            self.line = line

        def source_line(self, filename, lineno):
            return self.line
    graded = BY_NAME["conv_forward_naive"]
    frames = ["layers.py:12 in conv_forward_naive"]
    assert exception_hint(graded, raised, frames, Source("x_pad = np.pad(x, ((1, 1), (1, 1)))")).startswith(
        "np.pad needs one (before, after) pair per axis")
    assert exception_hint(graded, raised, frames, Source("y = a + b")) == ""


def _raised(fn) -> str:
    """``Type: message`` of what ``fn`` raises on this machine's numpy (so the rules meet real messages)."""
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - any exception is the point
        return f"{type(exc).__name__}: {exc}"
    raise AssertionError("expected an exception")


@pytest.mark.parametrize("name, make, line", [
    # a float size carried into np.take through np.arange (a 2016 im2col-style conv)
    ("float_size", lambda: np.take(np.zeros(10), np.arange(0, 4 / 2)), "x_col = np.take(x_p, idx)"),
    # too many windows: the last one starts past the edge and np.max of an empty slice raises
    ("empty_window", lambda: np.max(np.zeros((2, 3, 0, 2)), axis=(2, 3)), "out[:, :, i, j] = np.max(win, axis=(2, 3))"),
    ("missing_module", lambda: __import__("cs231n.im2col"), "from cs231n.im2col import *"),
    # an unused import two held-out files carry: a path NumPy 2.0 made private (it cost a correct file its module)
    ("numpy_private_module", lambda: __import__("numpy.lib.arraypad"), "from numpy.lib.arraypad import pad"),
    ("param_keys", lambda: {"pool_height": 2}["poolWidth"], "pw = poolParam['poolWidth']"),
    # NumPy 2 refuses a (1,)-array stored into one element; a held-out backward right for its forward lost 3 points
    ("array_into_element", lambda: np.zeros(3).__setitem__(0, np.ones(1)),
     "dgamma[i] = np.sum(dout[:, i, :, :] * x_hat[:, i, :, :], axis=(0, 1, 2)).reshape(1)"),
])
def test_real_students_exceptions_are_named(name, make, line):
    """Exceptions seen in held-out real students' files: each is named by its rule, in en and zh."""
    from grader.exception_rules import RULES, exception_hint
    from grader.i18n import render
    from grader.functions import BY_NAME

    class Source:
        package_dir = None

        def source_line(self, filename, lineno):
            return line
    rule = next(r for r in RULES if r.name == name)
    raised = _raised(make)
    for lang in ("en", "zh"):
        hint = exception_hint(BY_NAME["max_pool_forward_naive"], raised, ["layers.py:9 in max_pool_forward_naive"],
                              Source())
        assert render(hint, lang) == rule.hint().render(lang), (raised, hint)


def test_a_division_inside_int_is_no_python2_leftover(tmp_path):
    """int(1 + (H - HH) / stride) is right in Python 3: only the bare / lines are listed."""
    from grader.exception_rules import python2_leftovers
    from grader.functions import BY_NAME
    (tmp_path / "layers.py").write_text(
        "def conv_forward_naive(x, w, b, conv_param):\n"
        "    H1 = int(1 + (H + 2 * pad - HH) / stride)\n"
        "    W1 = 1 + (W + 2 * pad - WW) / stride\n"
        "    out = np.zeros((N, F, H1, W1), dtype=np.float)\n")

    class Context:
        package_dir = tmp_path
    assert python2_leftovers(BY_NAME["conv_forward_naive"], Context()) == ["3 (/)", "4 (np.int/np.float)"]


WRONG_POOL_SIZE = """
    import numpy as np


    def max_pool_forward_naive(x, pool_param):
        ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
        N, C, H, W = x.shape
        Ho, Wo = (H + 1) // s, (W + 1) // s
        out = np.zeros((N, C, Ho, Wo))
        for i in range(Ho):
            for j in range(Wo):
                out[:, :, i, j] += np.max(x[:, :, i * s:i * s + ph, j * s:j * s + pw], axis=(2, 3))
        return out, (x, pool_param)
"""


def test_a_forward_with_a_wrong_output_size_hears_the_formula_not_accumulate(tmp_path):
    """A real student's (H + 1) // stride fits non-overlapping windows only: the forward is told its output size
    and the formula, never the backward's "accumulate with +=" (its += on out is harmless)."""
    report = grade(_submission(tmp_path, WRONG_POOL_SIZE), seed=1, functions=["max_pool_forward_naive"])
    hint = _checks(report, "max_pool_forward_naive")["out"].hint
    assert "+=" not in hint.split("\n")[0] and "accumulate" not in hint
    assert "1 + (H - pool_height) // stride" in hint


FORWARD_RAISES_SOMETIMES = """
    import numpy as np


    def conv_forward_naive(x, w, b, conv_param):
        s, pad = conv_param["stride"], conv_param["pad"]
        N, C, H, W = x.shape
        F, _, HH, WW = w.shape
        Ho, Wo = 1 + (H + 2 * pad - HH) // s, 1 + (W + 2 * pad - WW) // s
        x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
        out = np.zeros((N, F, Ho, Wo))
        for n in range(N):
            for f in range(F):
                for i in range(Ho):
                    for j in range(Ho):  # Ho where Wo belongs: an IndexError when Ho > Wo
                        out[n, f, i, j] = np.sum(x_pad[n, :, i * s:i * s + HH, j * s:j * s + WW] * w[f]) + b[f]
        return out, (x, x_pad, w, b, conv_param)


    def conv_backward_naive(dout, cache):
        x, x_pad, w, b, conv_param = cache
        s, pad = conv_param["stride"], conv_param["pad"]
        F, _, HH, WW = w.shape
        dx_pad, dw = np.zeros_like(x_pad), np.zeros_like(w)
        for n in range(dout.shape[0]):
            for f in range(F):
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        window = x_pad[n, :, i * s:i * s + HH, j * s:j * s + WW]
                        dw[f] += window * dout[n, f, i, j]
                        dx_pad[n, :, i * s:i * s + HH, j * s:j * s + WW] += w[f] * dout[n, f, i, j]
        dx = np.empty_like(x)
        dx[:] = dx_pad[:, :, pad:-pad, pad:-pad]
        return dx, dw, dout.sum(axis=(0, 2, 3))
"""


def test_a_backward_whose_forward_raised_on_some_cases_hears_of_both_causes(tmp_path):
    """Where the forward raised, the backward got the documented 4-tuple and cannot unpack it (fix the forward
    first); where the forward ran, the backward's own pad:-pad fails at pad 0: both are said, the forward first."""
    from grader.exception_rules import PAD_SLICE
    report = grade(_submission(tmp_path, FORWARD_RAISES_SOMETIMES), seed=1,
                   functions=["conv_forward_naive", "conv_backward_naive"])
    dx = _checks(report, "conv_backward_naive")["dx"].hint
    assert dx.startswith("One root cause: your conv_forward_naive raised IndexError"), dx
    own = dx.split("Then, where your forward ran, the backward itself: ")[1]
    assert own.startswith(PAD_SLICE[0]) and "unpacks the cache differently" not in dx


def test_the_docstrings_formula_is_no_python2_leftover(tmp_path):
    """The reference's docstring writes H' = 1 + (H + 2 * pad - HH) / stride: a student who keeps it and writes
    one xrange is told of the xrange alone (strings and comments are not code)."""
    sub = tmp_path / "sub"
    shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    layers = sub / "layers.py"
    text = layers.read_text()
    old = "            for i in range(H_out):\n                for j in range(W_out):\n                    window = x_pad"
    assert old in text and "/ stride" in text
    layers.write_text(text.replace(old, old.replace("range(H_out)", "xrange(H_out)"), 1))
    report = grade(sub, seed=1, functions=["conv_forward_naive"])
    hint = _checks(report, "conv_forward_naive")["out"].hint
    assert hint.startswith("xrange is Python 2") and "to fix as well" not in hint, hint
