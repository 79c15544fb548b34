"""A wrapper's own plumbing read with recorders in place of its failing root (grader.plumbing, issue 19, sets H and
I): a spatial batch norm on ``x.reshape(-1, C)`` with no transpose or on per-channel slices, a group norm on layer
norm per channel, a way back that does not undo the way in, and a name never defined are named beside "fails because
X does"; a right wrapper under a wrong root keeps that line alone; nothing of it changes a score."""
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from grader.functions import BY_NAME, Case
from grader.i18n import english, translate
from grader.instructor.grading import grade
from grader.instructor.realistic import SUITE, build
from grader.layer_patterns import keys_of
from grader.plumbing import (back_reading, gamma_reading, handed_reading, plumbing_reading, recorder_case,
                             recorder_job)
from tests.test_real_norm_mistakes import _fixed

ROOT = Path(__file__).resolve().parents[1]
WRAPPERS = ("spatial_batchnorm_forward", "spatial_batchnorm_backward", "spatial_groupnorm_forward",
            "spatial_groupnorm_backward")


def _x(shape=(2, 3, 4, 5)):
    return (np.random.default_rng(0).permutation(int(np.prod(shape))) + 1.0).reshape(shape)


def _call(root, handed):
    return {"root": root, "a0": np.asarray(handed, dtype=np.float64)}


# -- the reading, from arrays alone --------------------------------------------------------------------------------

def test_the_textbook_layouts_read_as_right():
    """Are the textbook hand-offs (columns = channels for spatial batch norm; rows = (sample, group) on layer norm,
    columns = (sample, group) on batch norm for group norm) read as right, rows in any order?"""
    x = _x()
    N, C, H, W = x.shape
    flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
    assert handed_reading("spatial_batchnorm_forward", "batchnorm_forward", [_call("batchnorm_forward", flat)],
                          x, 1) == ""
    assert handed_reading("spatial_batchnorm_forward", "batchnorm_forward",
                          [_call("batchnorm_forward", x.transpose(2, 3, 0, 1).reshape(-1, C))], x, 1) == ""
    x = _x((2, 4, 3, 2))
    assert handed_reading("spatial_groupnorm_forward", "layernorm_forward",
                          [_call("layernorm_forward", x.reshape(2 * 2, -1))], x, 2) == ""
    assert handed_reading("spatial_groupnorm_forward", "batchnorm_forward",
                          [_call("batchnorm_forward", x.reshape(2 * 2, -1).T)], x, 2) == ""
    assert back_reading("spatial_batchnorm_forward", x.copy(), x) == ""


def test_the_known_wrong_layouts_are_named():
    """No transpose mixes channels; per-channel (N, H * W) slices and instance norm where groups belong hand on only
    part of a unit, with the axes it varies along; groups along the wrong axis mix samples."""
    x = _x()
    N, C, H, W = x.shape
    got = handed_reading("spatial_batchnorm_forward", "batchnorm_forward",
                         [_call("batchnorm_forward", x.reshape(-1, C))], x, 1)
    assert got.key == "plumb_handed_mixed"
    slices = [_call("batchnorm_forward", x[:, c].reshape(N, -1)) for c in range(C)]
    got = handed_reading("spatial_batchnorm_forward", "batchnorm_forward", slices, x, 1)
    assert got.key == "plumb_handed_part" and got.fields["along"] == "N"
    assert "3 arrays of shape (2, 20)" in english(got)
    x = _x((2, 4, 3, 2))
    got = handed_reading("spatial_groupnorm_forward", "layernorm_forward",
                         [_call("layernorm_forward", x.reshape(2 * 4, -1))], x, 2)
    assert got.key == "plumb_handed_part" and got.fields["along"] == "H, W"
    wrong_axis = x.reshape(2, 2, 2, 3, 2).transpose(2, 1, 0, 3, 4).reshape(2 * 2, -1)  # samples where groups go
    got = handed_reading("spatial_groupnorm_forward", "layernorm_forward", [_call("layernorm_forward", wrong_axis)],
                         x, 2)
    assert got.key == "plumb_handed_mixed"


def test_a_way_back_in_another_order_is_named_and_values_not_x_tell_nothing():
    """Is an output holding x's values in another order named, and one holding other values (or nothing) left
    unread (None), never guessed at?"""
    x = _x()
    N, C, H, W = x.shape
    back = x.transpose(0, 2, 3, 1).reshape(N, C, H, W)
    assert back_reading("spatial_batchnorm_forward", back, x).key == "plumb_back_order"
    assert back_reading("spatial_batchnorm_forward", x * 2, x) is None
    assert back_reading("spatial_batchnorm_forward", None, x) is None
    assert handed_reading("spatial_batchnorm_forward", "batchnorm_forward", [_call("batchnorm_forward", x * 2)],
                          x, 1) is None


def _output(calls, out, events=None):
    values = {f"rec{i}.root": c["root"] for i, c in enumerate(calls)}
    arrays = {f"rec{i}.a0": c["a0"] for i, c in enumerate(calls)}
    arrays["out"] = out
    return SimpleNamespace(problem="", values=values, arrays=arrays, events=events or [{}])


def test_the_reading_joins_both_and_tells_a_name_never_defined():
    """Are the hand-off and the way back read together, a NameError of the wrapper's own call named, and a run whose
    recorder saw nothing read as nothing?"""
    graded = BY_NAME["spatial_batchnorm_forward"]
    x = _x()
    C = x.shape[1]
    case = Case({"x": x}, {}, "x")
    right = [_call("batchnorm_forward", x.transpose(0, 2, 3, 1).reshape(-1, C))]
    assert plumbing_reading(graded.name, case, _output(right, x)) == ""
    wrong = [_call("batchnorm_forward", x.reshape(-1, C))]
    both = plumbing_reading(graded.name, case, _output(wrong, x.transpose(0, 2, 3, 1).reshape(x.shape)))
    assert keys_of(both) == {"plumb_handed_mixed", "plumb_back_order"}
    raised = [{}, {"raised": "NameError: name 'bn_param' is not defined", "type": "NameError"}]
    assert plumbing_reading(graded.name, case, _output([], None, raised)).key == "plumb_raises"
    assert plumbing_reading(graded.name, case, _output([], x)) is None


def test_a_way_back_that_undoes_the_textbook_way_in_is_not_told_wrong():
    """d-a-p/cs231_18_deep-learning: x.reshape(C, -1).T handed on, and the result put back as the textbook way in
    needs (transpose, reshape to (C, N, H, W), channels back in place). Is only the way in named, alone or beside a
    failing root, forward or backward, while a way back that undoes neither is still named?"""
    x = _x()
    N, C, H, W = x.shape
    case = Case({"x": x, "dout": x}, {}, "x")
    handed = x.reshape(C, -1).T
    textbook_back = handed.T.reshape(C, N, H, W).transpose(1, 0, 2, 3)
    for function, root in (("spatial_batchnorm_forward", "batchnorm_forward"),
                           ("spatial_batchnorm_backward", "batchnorm_backward")):
        output = _output([_call(root, handed)], textbook_back)
        output.arrays["dx"] = textbook_back
        for alone in ("", root):
            assert keys_of(plumbing_reading(function, case, output, alone=alone)) == {"plumb_handed_mixed"}
        output.arrays["out"] = output.arrays["dx"] = handed.reshape(N, C, H, W)
        assert keys_of(plumbing_reading(function, case, output)) == {"plumb_handed_mixed", "plumb_back_order"}


def _suite_named(report, name, lang) -> dict:
    """Check ``report`` against SUITE[name]: a function expected correct keeps every point, and each losing check of
    the others names every key expected of it. Returns the buggy functions' hints."""
    found = {}
    for function, keys in SUITE[name].items():
        checks = [c for c in report.checks if c.function == function]
        if keys == ["correct"]:
            assert checks and all(c.score == c.max_score for c in checks), checks
            continue
        hints = [c.hint for c in checks if c.score < c.max_score]
        assert hints, (function, checks)
        for key in keys:
            assert all(_fixed(key, lang) in h for h in hints), (function, key, hints)
        found[function] = hints
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_only_the_wrong_half_of_a_wrappers_plumbing_is_named_on_both_sides(tmp_path, lang):
    """norm_plumb_way_in_only: is its forward told its way in and not its way back, and its backward (right way in,
    wrong way back) its way back and not its way in, in the graded report and the local check alike?"""
    name = "norm_plumb_way_in_only"
    sub = build(name, ROOT / "solutions", tmp_path / name)
    never = {"spatial_batchnorm_forward": "plumb_back_order", "spatial_batchnorm_backward": "plumb_handed_mixed"}
    for report in _both_sides(sub, list(SUITE[name]), lang):
        for function, hints in _suite_named(report, name, lang).items():
            assert not any(_fixed(never[function], lang) in h for h in hints), (function, hints)


def test_the_recorder_job_records_in_the_students_module_only_around_its_calls():
    """Does the job ask for recorders on the wrapper's calls alone, with x and dout of distinct exact values and
    gamma 1, beta 0, on a group norm case with 1 < G < C?"""
    from grader.instructor.cases import CASE_MAKERS
    graded = BY_NAME["spatial_groupnorm_backward"]
    cases = CASE_MAKERS["groupnorm"](np.random.default_rng(0), graded, True, None)
    case = recorder_case(graded, cases)
    C = case.arrays["x"].shape[1]
    assert 1 < case.params["G"] < C
    for name in ("x", "dout"):
        assert np.unique(case.arrays[name]).size == case.arrays[name].size
    assert np.all(case.arrays["gamma"] == 1) and np.all(case.arrays["beta"] == 0)
    job, arrays = recorder_job(graded, case)
    calls = [s for s in job["cases"][0]["steps"] if "call" in s]
    assert len(calls) == 2 and all("layernorm_forward" in s["recorders"] for s in calls)
    assert set(arrays) == {f"c0/{n}" for n in case.arrays}


# -- graded end to end, both sides, both languages -------------------------------------------------------------------

def _both_sides(sub, functions, lang):
    from grader.instructor.api import check
    return (grade(sub, seed=7, functions=functions, lang=lang).worded(),
            check(sub, functions=functions, lang=lang).worded())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["norm_plumb_no_transpose", "norm_plumb_per_channel", "norm_plumb_gn_instance",
                                  "norm_plumb_right", "norm_plumb_mirrored", "norm_plumb_gamma"])
def test_a_wrappers_plumbing_is_named_beside_its_root(tmp_path, name, lang):
    """Is each fixture's wrapper told "fails because X does" and, where its own plumbing is wrong, what it is, in the
    graded report and the local check alike; and a right wrapper that line alone?"""
    sub = build(name, ROOT / "solutions", tmp_path / name)
    functions = list(SUITE[name])
    for report in _both_sides(sub, functions, lang):
        for function, keys in SUITE[name].items():
            if function not in WRAPPERS or "depends_on" not in keys:  # a wrapper read on its own: not ours
                continue
            hints = [c.hint for c in report.checks if c.function == function and c.score < c.max_score]
            assert hints, (function, report.checks)
            for key in keys:
                assert all(_fixed(key, lang) in h for h in hints), (function, key, hints)
            if "rule_xrange" not in keys:  # said only of the function whose own call used it
                assert not any(_fixed("rule_xrange", lang) in h for h in hints), (function, hints)
            if keys == ["depends_on"]:
                for key in ("plumb_handed_mixed", "plumb_handed_part", "plumb_back_order", "plumb_raises",
                            "plumb_gamma_shape"):
                    assert not any(_fixed(key, lang) in h for h in hints), (function, key, hints)


def test_the_plumbing_reading_changes_no_score(tmp_path, monkeypatch):
    """Are the scores the same with and without the recorder jobs, and is the reading kept in report.json's numbers
    ("own" or "right")?"""
    import grader.plumbing
    sub = build("norm_plumb_no_transpose", ROOT / "solutions", tmp_path / "s")
    functions = list(SUITE["norm_plumb_no_transpose"])
    with_reading = grade(sub, seed=7, functions=functions)
    assert {c.numbers.get("plumbing") for c in with_reading.checks if c.function == "spatial_batchnorm_forward"
            and c.score < c.max_score} == {"own"}
    monkeypatch.setattr(grader.plumbing, "read_plumbing", lambda *a, **k: {})
    without = grade(sub, seed=7, functions=functions)
    assert [(c.function, c.name, c.score) for c in with_reading.checks] == \
        [(c.function, c.name, c.score) for c in without.checks]


HOSTILE = '''
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mu = x.mean(axis=0)
    out = (x - mu) / (x.var(axis=0) + 1e-5) * gamma + beta
    return out, (x, gamma)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    global batchnorm_forward
    root = batchnorm_forward
    if hasattr(root, "calls"):  # found the recorder: lie in it, break it for good, and try to keep it in place
        root.calls.append({"root": "batchnorm_forward", "a0": np.zeros((1, 1))})
        type(root).__call__ = lambda self, *a, **k: (_ for _ in ()).throw(RuntimeError("no"))
        batchnorm_forward = lambda *a, **k: (np.full(x.shape, 7.0), None)
        return np.full(x.shape, 7.0), None
    N, C, H, W = x.shape
    out, cache = root(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param)
    return out.reshape(N, H, W, C).transpose(0, 3, 1, 2), cache
'''


def test_a_student_who_finds_the_recorder_changes_no_score_and_the_root_is_put_back(tmp_path, monkeypatch):
    """A wrapper that finds the recorder, writes a lie into it, breaks its class and rebinds the root's name: are
    the scores those of a grading without the recorder job, and is nothing read from its lie?"""
    import grader.plumbing
    from grader.instructor.realistic import overlay
    sub = tmp_path / "hostile"
    build("norm_plumb_right", ROOT / "solutions", sub)
    (sub / "layers.py").write_text(overlay((ROOT / "solutions" / "layers.py").read_text(), HOSTILE))
    functions = ["batchnorm_forward", "spatial_batchnorm_forward", "spatial_batchnorm_backward"]
    graded = grade(sub, seed=7, functions=functions)
    hints = [english(c.hint) for c in graded.checks if c.function == "spatial_batchnorm_forward"
             and c.score < c.max_score]
    assert hints and not any("(1, 1)" in h for h in hints), hints
    monkeypatch.setattr(grader.plumbing, "read_plumbing", lambda *a, **k: {})
    plain = grade(sub, seed=7, functions=functions)
    assert [(c.function, c.name, c.score) for c in graded.checks] == \
        [(c.function, c.name, c.score) for c in plain.checks]


def test_the_worker_puts_the_root_back_whatever_the_wrapper_did():
    """Run in this process (the worker's step interpreter on a module of our own): after a recorded call, is the
    module's function its own again, even when the wrapper raised, and are the copies bounded in number?"""
    import types
    from grader.sandbox import worker
    module = types.ModuleType("fake_layers")

    def root(x, gamma, beta, param):
        return x * 0, None

    def wrapper(x, gamma, beta, param):
        for c in range(x.shape[1]):
            module.root(x[:, c:c + 1], gamma, beta, param)
        raise ValueError("after the calls")
    module.root, module.wrapper = root, wrapper
    calls = []
    with pytest.raises(ValueError):
        worker._call_recorded(wrapper, [np.ones((2, 20)), np.ones(20), np.zeros(20), {"eps": 0.1}], {}, module,
                              {"root": "forward"}, calls)
    assert module.root is root
    assert len(calls) == worker.MAX_RECORDED_CALLS and calls[0]["a3.eps"] == 0.1
    out, cache = worker.Recorder("r", False, []).__call__(np.arange(6.0).reshape(2, 3), np.ones(3), np.zeros(3), {})
    dx, dgamma, dbeta = worker.Recorder("r", True, [])(out * 2, cache)
    assert np.array_equal(out, np.arange(6.0).reshape(2, 3)) and np.array_equal(dx, out * 2)
    assert dgamma.shape == (3,) and not dgamma.any() and not dbeta.any()


def test_python2_range_is_range_in_the_recorders_run_and_noted_for_its_caller():
    """Where the module lacks xrange, is it range for the recorded call, noted once for the function whose call used
    it, and gone afterwards; and is a module's own xrange left alone?"""
    import types
    from grader.sandbox import worker
    module = types.ModuleType("fake_layers")

    def wrapper(n):
        return [i for i in module.xrange(n)] + [i for i in module.xrange(n)]
    calls = []
    assert worker._call_recorded(wrapper, [2], {}, module, {"xrange": "python2_range"}, calls) == [0, 1, 0, 1]
    assert calls == [{"root": "xrange", "in": "wrapper"}] and not hasattr(module, "xrange")
    own = object()
    module.xrange = own
    worker._call_recorded(lambda: None, [], {}, module, {"xrange": "python2_range"}, [])
    assert module.xrange is own


# -- a wrapper that fails over roots that pass (set K) ---------------------------------------------------------------

def test_a_wrapper_alone_is_read_without_too_and_never_raises_through_the_reading():
    """Read alone (its roots pass), does the hand-off say so and not "too", a way back wrong on its own say it
    first, and a name the wrapper never defined stay with its own hint (None here)?"""
    graded = BY_NAME["spatial_batchnorm_forward"]
    x = _x()
    N, C, H, W = x.shape
    case = Case({"x": x}, {}, "x")
    wrong = [_call("batchnorm_forward", x.reshape(C, -1).T)]
    both = plumbing_reading(graded.name, case, _output(wrong, x.reshape(C, -1).T.reshape(x.shape)), alone="batchnorm_forward")
    assert keys_of(both) == {"plumb_handed_mixed", "plumb_back_order"}
    assert english(both).startswith("Your batchnorm_forward passes its own tests, but spatial_batchnorm_forward's ")
    assert " too:" not in english(both).split("\n")[0]
    right = [_call("batchnorm_forward", x.transpose(0, 2, 3, 1).reshape(-1, C))]
    back = plumbing_reading(graded.name, case, _output(right, x.transpose(0, 2, 3, 1).reshape(x.shape)), alone="batchnorm_forward")
    assert back.key == "plumb_back_order" and "too" not in english(back).split(":")[0]
    assert plumbing_reading(graded.name, case, _output(right, x), alone="batchnorm_forward") == ""
    raised = [{}, {"raised": "NameError: name 'bn_param' is not defined", "type": "NameError"}]
    assert plumbing_reading(graded.name, case, _output([], None, raised), alone="batchnorm_forward") is None
    assert plumbing_reading(graded.name, case, _output(wrong, x), alone="layernorm_forward") is None


RIGHT_PLUMBING_WRONG_SCALE = '''
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out, cache = batchnorm_forward(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param)
    return 2 * out.reshape(N, H, W, C).transpose(0, 3, 1, 2), cache
'''


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["norm_plumb_alone", "norm_gn_tiled"])
def test_a_wrapper_over_passing_roots_has_its_plumbing_named_and_a_right_one_is_not(tmp_path, name, lang):
    """norm_plumb_alone, norm_gn_tiled: each wrapper (its roots pass) is told what it hands its root (the layout,
    the gamma) and, where so, its way back, in the graded report and the local check alike (a broadcast rule's line
    kept after it), and its roots lose nothing; a wrapper with right plumbing that fails for another reason, and one
    whose hint already names its mistake (norm_plumb_mirrored), hear none of it."""
    from grader.instructor.realistic import overlay
    sub = build(name, ROOT / "solutions", tmp_path / name)
    opening = _fixed("plumb_open_alone", lang)
    for report in _both_sides(sub, list(SUITE[name]), lang):
        _suite_named(report, name, lang)
    silent = tmp_path / "silent"
    build("norm_plumb_right", ROOT / "solutions", silent)
    (silent / "layers.py").write_text(overlay((ROOT / "solutions" / "layers.py").read_text(),
                                              RIGHT_PLUMBING_WRONG_SCALE))
    mirrored = build("norm_plumb_mirrored", ROOT / "solutions", tmp_path / "mirrored")
    for folder in (silent, mirrored):
        for report in _both_sides(folder, ["batchnorm_forward", "spatial_batchnorm_forward"], lang):
            hints = [c.hint for c in report.checks if c.function == "spatial_batchnorm_forward"
                     and c.score < c.max_score]
            assert hints, report.checks
            assert not any(opening in h or _fixed("plumb_back_alone", lang) in h for h in hints), hints


def test_a_backwards_recorded_calls_are_kept_after_its_forwards_used_up_their_budget():
    """Set K: a backward's job runs its forward first, and a forward looping per position makes more root calls than
    a recorder keeps. Are the backward's own calls still recorded (each kind keeps its own budget), in order after
    the forward's?"""
    import types
    from grader.sandbox import worker
    module = types.ModuleType("fake_layers")

    def forward_root(x, gamma, beta, param):
        return x, None

    def backward_root(dout, cache):
        return dout, None, None

    def forward(x):
        return [module.forward_root(x[:, :, i], None, None, {})[0] for i in range(x.shape[2])]

    def backward(dout):
        return [module.backward_root(dout[:, :, i], None)[0] for i in range(dout.shape[2])]
    module.forward_root, module.backward_root = forward_root, backward_root
    calls = []
    recorders = {"forward_root": "forward", "backward_root": "backward"}
    worker._call_recorded(forward, [np.ones((2, 3, 20))], {}, module, recorders, calls)
    worker._call_recorded(backward, [np.ones((2, 3, 20))], {}, module, recorders, calls)
    roots = [call["root"] for call in calls]
    assert roots == ["forward_root"] * worker.MAX_RECORDED_CALLS + ["backward_root"] * worker.MAX_RECORDED_CALLS
    assert len(calls) <= worker.MAX_RECORDED_SLOTS


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_per_position_backward_under_a_failing_root_hears_its_plumbing_on_both_sides(tmp_path, lang):
    """Set K: a spatial batch-norm backward looping per position over batchnorm_backward_alt, its forward looping the
    same way, under a batch norm with no eps. Is the backward told what it hands its root (part of a channel per
    column), not only that batchnorm_forward fails, in the graded report and the local check?"""
    sub = build("norm_sbn_positions_mirror", ROOT / "solutions", tmp_path / "s")
    for report in _both_sides(sub, list(SUITE["norm_sbn_positions_mirror"]), lang):
        hints = [c.hint for c in report.checks if c.function == "spatial_batchnorm_backward" and c.score < c.max_score]
        assert hints and all(_fixed("depends_on", lang) in h and _fixed("plumb_handed_part", lang) in h
                             for h in hints), hints
        assert all("batchnorm_backward_alt" in h and "dout.transpose(0, 2, 3, 1)" in h for h in hints), hints


def test_the_reading_of_a_wrapper_alone_changes_no_score(tmp_path, monkeypatch):
    """Are norm_plumb_alone's scores the same with and without the recorder jobs, and the reading kept in
    report.json's numbers ("own", with the hint it replaced)?"""
    import grader.plumbing
    sub = build("norm_plumb_alone", ROOT / "solutions", tmp_path / "s")
    functions = list(SUITE["norm_plumb_alone"])
    with_reading = grade(sub, seed=7, functions=functions)
    losing = [c for c in with_reading.checks if c.function == "spatial_batchnorm_forward" and c.score < c.max_score]
    assert losing and {c.numbers.get("plumbing") for c in losing} == {"own"}
    assert all("own_hint" in c.numbers for c in losing)
    monkeypatch.setattr(grader.plumbing, "read_plumbing", lambda *a, **k: {})
    without = grade(sub, seed=7, functions=functions)
    assert [(c.function, c.name, c.score) for c in with_reading.checks] == \
        [(c.function, c.name, c.score) for c in without.checks]


def test_a_gamma_not_one_per_column_of_the_handed_array_is_named_and_one_per_column_is_not():
    """A group norm handing layer norm its (1, C, 1, 1) gamma (or beta) with x.reshape(N * G, -1) is named with the
    shapes; gamma of shape (D,) or (1, D), a spatial batch norm's (C,) on (N * H * W, C) and a backward root are
    not read."""
    x = _x((2, 4, 3, 2))
    N, C, H, W = x.shape
    rows = x.reshape(N * 2, -1)
    D = rows.shape[1]
    opening = translate("plumb_open_too")

    def call(gamma, beta, root="layernorm_forward", handed=rows):
        return [{"root": root, "a0": handed, "a1": np.ones(gamma), "a2": np.zeros(beta)}]
    got = gamma_reading("spatial_groupnorm_forward", "layernorm_forward", call((1, C, 1, 1), (1, C, 1, 1)), opening)
    assert got.key == "plumb_gamma_shape" and got.fields["shape"] == "(1, 4, 1, 1)" and got.fields["D"] == D
    assert f"np.ones({D})" in english(got)
    got = gamma_reading("spatial_groupnorm_forward", "layernorm_forward", call((D,), (C,)), opening)
    assert got.key == "plumb_gamma_shape" and got.fields["name"] == "beta"
    for gamma in ((D,), (1, D)):
        assert gamma_reading("spatial_groupnorm_forward", "layernorm_forward", call(gamma, gamma), opening) == ""
    flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
    assert gamma_reading("spatial_batchnorm_forward", "batchnorm_forward",
                         call((C,), (C,), "batchnorm_forward", flat), opening) == ""
    assert gamma_reading("spatial_groupnorm_backward", "layernorm_backward",
                         call((1, C, 1, 1), (1, C, 1, 1), "layernorm_backward"), opening) == ""


def test_a_broadcast_rules_line_stays_after_the_plumbing_reading_and_a_named_mistake_is_left_alone(tmp_path):
    """mark_dependants on a wrapper whose root passes: a generic hint is replaced by the reading, the broadcast
    rule's hint (with its line) kept after it, a hint that names something kept alone, and no score moves."""
    from grader.dependants import mark_dependants
    from grader.i18n import join, lines, text
    from grader.model import CheckResult
    (tmp_path / "layers.py").write_text((ROOT / "solutions" / "layers.py").read_text())
    reading = text("plumb_gamma_shape", opening=text("plumb_open_too"), function="spatial_groupnorm_forward",
                   root="layernorm_forward", name="gamma", shape="(1, 6, 1, 20)", handed="(2, 40)", D=40,
                   fix=text("plumb_gamma_fix_group", D=40))
    rule = lines(text("rule_norm_broadcast"), text("diag_at", where="layers.py:9", code="`x`"))
    for hint, want in ((text("where_everywhere_norm"), {"plumb_gamma_shape"}),
                       (rule, {"plumb_gamma_shape", "rule_norm_broadcast", "diag_at"}),
                       (text("pattern_norm_not_normalised", function="spatial_groupnorm_forward"),
                        {"pattern_norm_not_normalised"})):
        checks = [CheckResult("layernorm_forward", "out matches", 3.0, 3.0, "passed"),
                  CheckResult("spatial_groupnorm_forward", "out matches", 0.0, 3.0, "failed", hint=hint)]
        marked = mark_dependants(checks, tmp_path, {"spatial_groupnorm_forward": reading})
        assert keys_of(marked[1].hint) == want, english(marked[1].hint)
        assert [c.score for c in marked] == [3.0, 0.0]
    assert english(marked[1].hint) == english(checks[1].hint)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrappers_call_of_its_root_without_the_arguments_it_takes_is_named_on_both_sides(tmp_path, lang):
    """norm_sbn_call_arguments (file 124 of learnI's sweep: batchnorm_backward(dout_reshape), no cache): the
    recorders take any arguments, so its call was named only in its own hint, behind "fails because batch norm
    does". Is it named beside that line, with its line, in the graded report and the local check alike, and a wrapper
    that calls its root right (norm_plumb_right) not told it?"""
    name = "norm_sbn_call_arguments"
    sub = build(name, ROOT / "solutions", tmp_path / name)
    functions = ["batchnorm_forward", "batchnorm_backward", "spatial_batchnorm_forward", "spatial_batchnorm_backward"]
    for report in _both_sides(sub, functions, lang):
        for function, keys in SUITE[name].items():
            hints = [c.hint for c in report.checks if c.function == function and c.score < c.max_score]
            assert hints, (function, report.checks)
            for key in keys:
                assert all(_fixed(key, lang) in h for h in hints), (function, key, hints)
        backward = [c.hint for c in report.checks if c.function == "spatial_batchnorm_backward"]
        assert all("batchnorm_backward(flat)" in h for h in backward), backward
        assert not any(_fixed("depends_also_call_arguments", lang) in c.hint for c in report.checks
                       if c.function == "spatial_batchnorm_forward"), report.checks
    right = build("norm_plumb_right", ROOT / "solutions", tmp_path / "right")
    for report in _both_sides(right, functions, lang):
        assert not any(_fixed("depends_also_call_arguments", lang) in c.hint for c in report.checks), report.checks
