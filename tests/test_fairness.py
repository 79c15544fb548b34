"""Correct students never lose points on dropout and the normalisations, written the ways real CS231n files write
them (issue 19): another valid dropout mask, a forward for 2-D input only, group norm's gamma as (C,) or
(1, C, 1, 1), keepdims=True outputs; and a 2016-style dropout (p = probability of dropping) is told exactly why."""

import pytest

from grader.instructor.grading import grade
from tests.worded import worded
from grader.scoring import SIZE_ONE_NOTE
from tests.reference_copy import submission

grade = worded(grade)  # the report as a student reads it: worded in its language


def scores(report):
    return report.function_scores()


def test_a_dropout_backward_of_another_valid_mask_earns_every_point(tmp_path):
    """Is a backward that is exactly dout * mask of the student's own forward, whose mask is another valid draw
    (np.random.binomial), given full marks (judged against its own forward, not the reference's mask)?"""
    sub = submission(tmp_path, "binomial", ("mask = (np.random.rand(*x.shape) < p) / p",
                                            "mask = np.random.binomial(1, p, size=x.shape) / p"))
    report = grade(sub, seed=3, functions=["dropout_forward", "dropout_backward"])
    got, top = scores(report)["dropout_backward"]
    assert got == top > 0
    assert not [c for c in report.checks if c.function == "dropout_backward" and "numeric" in c.name]


def test_a_dropout_backward_that_redraws_its_mask_still_loses(tmp_path):
    """Does a backward that draws a new mask (not its forward's) still lose its points?"""
    sub = submission(tmp_path, "redrawn", ("dx = dout * mask",
                                           'dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) '
                                           '/ dropout_param["p"]'))
    report = grade(sub, seed=3, functions=["dropout_backward"])
    got, top = scores(report)["dropout_backward"]
    assert got < top


def test_a_dropout_backward_whose_forward_handles_only_2d_gets_the_documented_cache(tmp_path):
    """A forward written for (N, D) input raises on 4-D x: does its (correct) backward still earn every point on
    every case, with the documented cache (dropout_param, mask) where the forward raised?"""
    sub = submission(tmp_path, "two_d", ("        mask = (np.random.rand(*x.shape) < p) / p",
                                         "        N, D = x.shape\n        mask = (np.random.rand(N, D) < p) / p"))
    report = grade(sub, seed=3, functions=["dropout_forward", "dropout_backward"])
    s = scores(report)
    assert s["dropout_forward"][0] < s["dropout_forward"][1]
    assert s["dropout_backward"][0] == s["dropout_backward"][1]


GN_FOR_C = [("    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, std, G)",
             "    out = gamma[None, :, None, None] * x_hat + beta[None, :, None, None]\n"
             "    cache = (x_hat, gamma, std, G)"),
            ("    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n"
             "    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)\n"
             "    dxg_hat = (dout * gamma).reshape(N, G, -1)",
             "    dbeta = dout.sum(axis=(0, 2, 3))\n    dgamma = (dout * x_hat).sum(axis=(0, 2, 3))\n"
             "    dxg_hat = (dout * gamma[None, :, None, None]).reshape(N, G, -1)")]


@pytest.mark.parametrize("changes", [GN_FOR_C, []], ids=["gamma (C,)", "gamma (1, C, 1, 1)"])
def test_group_norm_written_for_either_documented_gamma_shape_earns_full_marks(tmp_path, changes):
    """CS231n documented group norm's gamma and beta as (C,) in some years and (1, C, 1, 1) in others: does a file
    written for either shape earn every point of the forward and the backward (dgamma / dbeta up to the reshape)?"""
    sub = submission(tmp_path, "gn", *changes)
    report = grade(sub, seed=5, functions=["spatial_groupnorm_forward", "spatial_groupnorm_backward"])
    for function, (got, top) in scores(report).items():
        assert got == top > 0, function


def test_keepdims_outputs_are_accepted_with_a_note(tmp_path):
    """running_mean kept as (1, D) and dgamma / dbeta as (1, D) (keepdims=True): full marks, and an information
    note worth no points that says which shapes differed?"""
    sub = submission(tmp_path, "keepdims",
                     ("        mu = x.mean(axis=0)\n        var = x.var(axis=0)",
                      "        mu = x.mean(axis=0, keepdims=True)\n        var = x.var(axis=0, keepdims=True)"),
                     ("    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx = gamma / (N",
                      "    dbeta = dout.sum(axis=0, keepdims=True)\n"
                      "    dgamma = (dout * x_hat).sum(axis=0, keepdims=True)\n    dx = gamma / (N"))
    report = grade(sub, seed=2, functions=["batchnorm_forward", "batchnorm_backward_alt"])
    for function, (got, top) in scores(report).items():
        assert got == top > 0, function
    notes = [c for c in report.checks if c.name == SIZE_ONE_NOTE]
    assert {c.function for c in notes} == {"batchnorm_forward", "batchnorm_backward_alt"}
    assert all(c.max_score == 0 and "(1, " in c.message for c in notes)


def test_a_wrong_shape_that_is_not_only_size_one_axes_still_fails(tmp_path):
    """Is an output of shape (D, 1) compared as (D,) (only a size-1 axis differs) but one of shape (N, D) for
    (D,) still a failure?"""
    sub = submission(tmp_path, "no_sum", ("    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n"
                                          "    dx = gamma / (N",
                                          "    dbeta = dout\n    dgamma = (dout * x_hat).sum(axis=0)\n"
                                          "    dx = gamma / (N"))
    report = grade(sub, seed=2, functions=["batchnorm_backward_alt"], diagnose=False)
    dbeta = next(c for c in report.checks if c.name.startswith("dbeta"))
    assert dbeta.score == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_2016_dropout_is_told_that_p_is_the_keep_probability(tmp_path, lang):
    """A dropout that keeps with probability 1 - p (CS231n 2016's p): is the hint the one that quotes the
    docstring's line "We keep each neuron output with probability p", in both languages?"""
    sub = submission(tmp_path, "p2016", ("mask = (np.random.rand(*x.shape) < p) / p",
                                         "mask = (np.random.rand(*x.shape) >= p) / (1 - p)"))
    report = grade(sub, seed=3, functions=["dropout_forward"], lang=lang)
    hints = [c.hint for c in report.checks if c.score < c.max_score]
    assert hints and all("We keep each neuron output with probability p" in h for h in hints)
    assert all(("1 - p" in h) for h in hints)


def test_dependants_of_a_failing_batchnorm_backward_get_one_line_everywhere(tmp_path):
    """A wrong batchnorm_backward: do spatial_batchnorm_backward, the residual block and SmallResNet each say, in
    one line and without diffs, that they fail because of it (report.html, results.json, the terminal), while
    report.json keeps their own message and hint, and their points are unchanged?"""
    import io
    import json

    from rich.console import Console

    from grader.instructor.mistakes import make_submission
    from grader.writers import write_all
    from grader.writers.terminal import render_table

    sub = make_submission("bn_backward_constant_stats", tmp_path / "sub")
    report = grade(sub, seed=1, functions=["batchnorm_backward", "spatial_batchnorm_backward",
                                           "residual_block_backward", "SmallResNet"])
    dependants = {"spatial_batchnorm_backward", "residual_block_backward", "SmallResNet"}
    losing = [c for c in report.checks if c.score < c.max_score]
    assert {c.function for c in losing} == dependants | {"batchnorm_backward"}
    for check in losing:
        if check.function in dependants:
            assert check.numbers["depends_on"] == "batchnorm_backward"
            assert check.message == "" and "batchnorm_backward" in check.hint and "\n" not in check.hint
            assert check.numbers["own_message"]
        else:
            assert "depends_on" not in check.numbers and check.message
    write_all(report, tmp_path / "out")
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert all(c["numbers"].get("own_message") for c in saved["checks"]
               if c["function"] in dependants and c["score"] < c["max_score"])
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    for test in results["tests"]:
        if test["name"].split(":")[0] in dependants and test["status"] == "failed":
            assert test["output"].count("\n") == 0 and "batchnorm_backward" in test["output"]
    html = (tmp_path / "out" / "report.html").read_text()
    for function in dependants:
        section = html.split(f"id='fn-{function}'")[1].split("</section>")[0]
        assert "<pre>" not in section and "batchnorm_backward" in section
    console = Console(file=io.StringIO(), width=200)
    render_table(report, console)
    text = console.file.getvalue()
    details = text.split("What is wrong")[1]
    for function in dependants:
        lines = [line for line in details.splitlines() if line.startswith(function + ":")]
        assert len(lines) == 1 and "batchnorm_backward" in lines[0]
    assert "Mismatched" in details.split("spatial_batchnorm_backward:")[0]


def _hints(report, function):
    return [c.hint for c in report.checks if c.function == function and c.score < c.max_score and c.max_score > 0]


def _both_sides(sub, functions, lang):
    """The graded report's and the student's local check's reports."""
    from grader.instructor.api import check
    return grade(sub, seed=7, functions=functions, lang=lang), check(sub, functions=functions, lang=lang).worded()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_mask_for_2d_input_is_named_not_as_a_conv_window(tmp_path, lang):
    """A dropout mask drawn as rand(x.shape[0], x.shape[1]) breaks on 4-D x: is the hint the dropout mask's (in
    the graded report and the local check, in both languages), never the conv's "window you cut"?"""
    from grader.exception_rules import DROPOUT_MASK_SHAPE, WINDOW_SHAPE
    sub = submission(tmp_path, "mask2d", ("mask = (np.random.rand(*x.shape) < p) / p",
                                          "mask = (np.random.rand(x.shape[0], x.shape[1]) < p) / p"))
    want = DROPOUT_MASK_SHAPE[1 if lang == "zh" else 0]
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hints = _hints(report, "dropout_forward")
        assert hints and any(want in h for h in hints)
        assert not any(WINDOW_SHAPE[0][:30] in h or WINDOW_SHAPE[1][:15] in h for h in hints)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dropout_read_from_its_outputs_names_p_scale_and_test_mode(tmp_path, lang):
    """A 2016 non-inverted dropout drawn another way (binomial with 1 - p, no scaling, x * p at test): does the
    hint, read from the outputs alone, name the kept share, the missing scaling and the test-mode scaling?"""
    from grader.i18n import translate
    sub = submission(tmp_path, "old", ("mask = (np.random.rand(*x.shape) < p) / p",
                                       "mask = np.random.binomial(1, 1 - p, size=x.shape)"),
                     ("out = x.copy()", "out = x * p"))
    for report in _both_sides(sub, ["dropout_forward"], lang):
        hint = _hints(report, "dropout_forward")[0]
        for key in ("dropout_keeps_1_minus_p", "dropout_not_scaled"):
            assert translate(key, lang) in hint
        # every test-mode case has p = 0.5, where x * p and x * (1 - p) are one output: both are said (set N)
        from grader.i18n import render, text
        assert render(text("dropout_test_scaled", how=text("dropout_how_half")), lang) in hint, hint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_which_cases_fail_names_a_group_norm_wrong_at_g_1(tmp_path, lang):
    """A group norm wrong at G = 1 only: does the hint say that G = 1 breaks, on both sides?"""
    from grader.exception_rules import NORM_RESHAPE
    from grader.i18n import MESSAGES
    sub = submission(tmp_path, "g1", ("    xg = x.reshape(N, G, C // G, H, W)\n",
                                      "    xg = x.reshape(N, G, C // G, H, W) if G > 1 else x.reshape(N, C, 1, H, W)\n"))
    key = "pattern_g_is_1"
    fixed = max(MESSAGES[key][lang].split("{function}"), key=len)
    for report in _both_sides(sub, ["spatial_groupnorm_forward"], lang):
        hints = _hints(report, "spatial_groupnorm_forward")
        assert hints and (fixed in hints[0] or NORM_RESHAPE[1 if lang == "zh" else 0] in hints[0]), hints


def test_eps_outside_the_square_root_is_caught_and_named(tmp_path):
    """eps outside the square root differs by less than the tolerance at eps = 1e-5: does the large-eps case
    catch it, and does the hint say where eps goes?"""
    sub = submission(tmp_path, "eps", ("std = np.sqrt(x.var(axis=1, keepdims=True) + eps)",
                                       "std = np.sqrt(x.var(axis=1, keepdims=True)) + eps"))
    report = grade(sub, seed=7, functions=["layernorm_forward"])
    got, top = scores(report)["layernorm_forward"]
    assert got < top
    assert any("inside the square root" in h for h in _hints(report, "layernorm_forward"))


def test_no_loop_hint_on_a_layer_without_loops(tmp_path):
    """A batch norm wrong everywhere: is the localisation's hint free of "before the loops"?"""
    sub = submission(tmp_path, "wrong", ("        out = gamma * x_hat + beta\n        running_mean",
                                         "        out = gamma * x_hat * 2 + beta\n        running_mean"))
    report = grade(sub, seed=7, functions=["batchnorm_forward"])
    hints = _hints(report, "batchnorm_forward")
    assert hints and not any("loops" in h for h in hints)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_loop_bounds_from_dout_are_named_beside_pad_minus_pad(tmp_path, lang):
    """A conv backward taking H and W from dout.shape (used as the input's size) and slicing pad:-pad: are both
    mistakes named, with the dout.shape line, in the graded report and the local check?"""
    from grader.i18n import translate
    sub = submission(tmp_path, "bounds",
                     ("    N, C, H, W = x.shape\n    F, _, HH, WW = w.shape\n    _, _, H_out, W_out = dout.shape\n"
                      "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode=\"constant\")\n"
                      "    dx_pad = np.zeros_like(x_pad, dtype=np.result_type(x, dout))",
                      "    F, _, HH, WW = w.shape\n    N, F, H, W = dout.shape\n    C = x.shape[1]\n"
                      "    H_out, W_out = H, W\n"
                      "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode=\"constant\")\n"
                      "    dx_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad))"),
                     ("    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]\n", "    dx = dx_pad[:, :, pad:-pad, pad:-pad]\n"))
    for report in _both_sides(sub, ["conv_backward_naive"], lang):
        hint = _hints(report, "conv_backward_naive")[0]
        assert translate("src_dout_shape_as_input", lang) in hint and "N, F, H, W = dout.shape" in hint
        assert "pad:-pad" in hint


def test_running_averages_kept_2d_reach_their_own_test_mode(tmp_path):
    """A train mode storing (1, D) running averages and a test mode written for them (it raises on (D,)): full
    marks, since CS231n's notebook hands the student's own averages back?"""
    sub = submission(tmp_path, "keep",
                     ("        mu = x.mean(axis=0)\n        var = x.var(axis=0)",
                      "        mu = x.mean(axis=0, keepdims=True)\n        var = x.var(axis=0, keepdims=True)"),
                     ("        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
                      "        assert running_mean.ndim == 2\n"
                      "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta"))
    report = grade(sub, seed=7, functions=["batchnorm_forward"])
    got, top = scores(report)["batchnorm_forward"]
    assert got == top > 0


def test_a_dropout_that_drops_nothing_does_not_make_dout_a_backward(tmp_path):
    """A forward that returns x unchanged (no unit dropped) and a backward that returns dout: the backward is
    "dout * out / x" of that forward, but no dropout for p draws such a mask. Does it earn nothing, while a
    2016-style dropout (keeping with probability 1 - p) keeps its backward's points, judged against its own
    forward?"""
    sub = submission(tmp_path, "identity", ("dx = dout * mask", "dx = dout.copy()"),
                     ("        mask = (np.random.rand(*x.shape) < p) / p", "        mask = np.ones_like(x)"))
    report = grade(sub, seed=3, functions=["dropout_forward", "dropout_backward"])
    assert scores(report)["dropout_backward"][0] == 0
    sub = submission(tmp_path, "p2016", ("mask = (np.random.rand(*x.shape) < p) / p",
                                         "mask = (np.random.rand(*x.shape) >= p) / (1 - p)"))
    report = grade(sub, seed=3, functions=["dropout_forward", "dropout_backward"])
    got, top = scores(report)["dropout_backward"]
    assert got == top > 0
