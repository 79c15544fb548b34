"""End-to-end tests of the grader: the reference earns full marks, the stubs nothing, each known mistake loses
points on its own function only, and hostile submissions are graded honestly while the grader survives."""
import json
import zipfile

import numpy as np
from pathlib import Path

import pytest

from grader.instructor.grading import grade
from tests.worded import worded
from grader.model import ERROR, NOT_IMPLEMENTED
from grader.sandbox import BUBBLEWRAP, choose_tier
from grader.instructor.mistakes import BY_NAME, make_submission
from grader.instructor.reference import ROOT, copy_reference
from tests.hostile import HOSTILE_CONV, HOSTILE_PRELUDES, make_hostile

grade = worded(grade)  # the report as a student reads it: worded in its language

SEED = 12345
LAYERS = None
# Catalog mistakes of layers.py graded end to end here (the verify proves the whole catalog).
END_TO_END_MISTAKES = ["db_from_one_sample", "flipped_kernel", "forgotten_bias", "pad_minus_pad_slice",
                       "pool_assign_not_accumulate", "relu_modifies_input", "softmax_without_shift"]


@pytest.fixture(scope="module")
def layers_functions():
    from grader.functions import GRADED
    return [g.name for g in GRADED if g.module == "layers"]


@pytest.fixture(scope="module")
def reference_report():
    return grade(ROOT / "solutions", seed=SEED, diagnose=False)


def lost(report):
    """Functions that lost points."""
    return {f for f, (got, top) in report.function_scores().items() if got < top}


def test_reference_earns_exactly_full_marks(reference_report):
    """Does the reference earn every point, required and optional?"""
    assert reference_report.max_score > 0
    assert reference_report.score == reference_report.max_score
    assert reference_report.optional_score == reference_report.optional_max_score > 0
    assert not reference_report.errors


def test_stubs_earn_nothing():
    """Do the generated stubs earn zero, every function reported as not implemented?"""
    report = grade(ROOT / "assignment", seed=SEED, diagnose=False)
    assert report.score == 0 and report.optional_score == 0
    assert all(c.status == NOT_IMPLEMENTED for c in report.checks), \
        [(c.full_name, c.status, c.message) for c in report.checks if c.status != NOT_IMPLEMENTED]


@pytest.mark.parametrize("name", END_TO_END_MISTAKES)
def test_each_known_mistake_loses_points_on_its_own_function_only(tmp_path, name, layers_functions):
    """Does each buggy implementation lose points exactly on the function it breaks?"""
    function = BY_NAME[name].function
    report = grade(make_submission(name, tmp_path / name), seed=SEED, diagnose=False, functions=layers_functions)
    assert lost(report) == {function}


def test_modified_input_is_named_in_the_feedback(tmp_path):
    """Is an input modified in place reported as such?"""
    report = grade(make_submission("relu_modifies_input", tmp_path / "s"), seed=SEED, diagnose=False,
                   functions=["relu_forward"])
    assert "modified its input `x` in place" in report.checks[0].message


def test_a_module_level_import_error_is_placed_at_the_student_s_line(tmp_path):
    """A layers.py whose first line imports a name its module lacks (a real file's `from matplotlib.cm import
    scale`): the message says where, layers.py:1, and not Python's own import machinery (`<frozen
    importlib._bootstrap>:241 in _call_with_frames_removed` was shown beside it), and in zh holds no English."""
    from grader.i18n import render
    from tests.no_english import english_sentences
    sub = copy_reference(tmp_path / "s")
    layers = sub / "layers.py"
    layers.write_text("from matplotlib.cm import scale\n" + layers.read_text())
    report = grade(sub, seed=SEED, functions=["relu_forward"], lang="zh")
    message = render(report.checks[0].message, "zh")
    assert "layers.py:1 in <module>" in message and "<frozen" not in message, message
    assert not english_sentences(message), english_sentences(message)


@pytest.mark.parametrize("name", sorted(HOSTILE_CONV))
def test_hostile_conv_forward_costs_only_its_own_points(tmp_path, name, layers_functions):
    """Does a hostile conv_forward_naive earn nothing there while every other function keeps its points?"""
    from grader.sandbox import Limits
    # The backward's job calls the student's own forward first (its cache): the memory bomb allocates about 1 GB
    # per case before it fails there too, which takes more than 3 s on a busy machine.
    report = grade(make_hostile(name, tmp_path / name), seed=SEED, diagnose=False, functions=layers_functions,
                   limits=Limits(timeout=3 if name != "memory_bomb" else 15, memory_mb=1024))
    scores = report.function_scores()
    assert scores["conv_forward_naive"][0] == 0
    assert lost(report) == {"conv_forward_naive"}, lost(report)


@pytest.mark.parametrize("name", sorted(set(HOSTILE_PRELUDES) - {"fake_json_stdout", "patched_numpy",
                                                                  "writes_everywhere", "reads_reference",
                                                                  "kills_parent"}))
def test_hostile_import_time_code_costs_the_module_and_nothing_more(tmp_path, name):
    """Does code that exits, crashes, loops or fails to parse at import cost the module's points, and only those?"""
    from grader.sandbox import Limits
    report = grade(make_hostile(name, tmp_path / name), seed=SEED, diagnose=False,
                   functions=["relu_forward", "conv_forward_naive", "sgd", "conv_output_size"],
                   limits=Limits(timeout=3, import_timeout=3))
    scores = report.function_scores()
    assert scores["relu_forward"][0] == scores["conv_forward_naive"][0] == 0
    assert scores["sgd"][0] == scores["sgd"][1] and scores["conv_output_size"][0] == scores["conv_output_size"][1]
    assert {c.status for c in report.checks if c.function == "relu_forward"} == {ERROR}


NEEDS_BWRAP = pytest.mark.skipif(choose_tier() != BUBBLEWRAP, reason="bubblewrap is not available here: without it the "
                                 "worker can see the file system and signal its parent (the report says so)")


@pytest.mark.parametrize("name", ["fake_json_stdout", "patched_numpy", "writes_everywhere",
                                  pytest.param("reads_reference", marks=NEEDS_BWRAP),
                                  pytest.param("kills_parent", marks=NEEDS_BWRAP)])
def test_harmless_looking_hostility_changes_nothing(tmp_path, name, layers_functions):
    """Do fake output, patched numpy, stray result files, snooping for the reference and signalling the parent
    leave the (correct) submission's score exactly what its code earns?"""
    report = grade(make_hostile(name, tmp_path / name), seed=SEED, diagnose=False, functions=layers_functions)
    assert report.score == report.max_score, [c.message for c in report.checks if c.score < c.max_score]


def test_patched_numpy_does_not_help_a_wrong_answer(tmp_path):
    """Does patching numpy's comparisons in the student's process leave a wrong answer wrong?"""
    dest = make_submission("forgotten_bias", tmp_path / "s")
    path = dest / "layers.py"
    text = path.read_text()
    path.write_text(text.replace("import numpy as np\n", "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                 "np.testing.assert_allclose = lambda *a, **k: None\n", 1))
    report = grade(dest, seed=SEED, diagnose=False, functions=["conv_forward_naive"])
    assert report.score == 0


def test_a_cs231n_tree_is_graded(tmp_path):
    """Is a CS231n-style tree (cs231n/layers.py, with CS231n's star imports) found and graded?"""
    pkg = tmp_path / "assignment2" / "cs231n"
    pkg.mkdir(parents=True)
    text = (ROOT / "solutions" / "layers.py").read_text()
    (pkg / "layers.py").write_text(text)
    (pkg / "layer_utils.py").write_text("from cs231n.layers import *\nfrom cs231n.fast_layers import *\n" +
                                       (ROOT / "solutions" / "layer_utils.py").read_text().split('"""', 2)[2])
    report = grade(tmp_path / "assignment2", seed=SEED, diagnose=False,
                   functions=["conv_forward_naive", "conv_relu_forward", "sgd"])
    scores = report.function_scores()
    assert scores["conv_forward_naive"][0] == scores["conv_forward_naive"][1]
    assert scores["conv_relu_forward"][0] == scores["conv_relu_forward"][1]
    assert scores["sgd"][0] == 0  # optim.py was not handed in
    assert any("optim.py was not handed in" in n for n in report.notes) and not report.errors


def test_zip_and_single_file_and_notebook_submissions(tmp_path):
    """Are a .zip, a lone layers.py and a notebook defining the functions graded like the folder?"""
    ref = copy_reference(tmp_path / "ref")
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in ref.rglob("*.py"):
            zf.write(path, Path("my_work") / path.relative_to(ref))
    functions = ["conv_forward_naive", "relu_backward"]
    for path in (archive, ref / "layers.py"):
        report = grade(path, seed=SEED, diagnose=False, functions=functions)
        assert report.score == report.max_score, (path, report.errors)
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np"),
                nbformat.v4.new_code_cell((ROOT / "solutions" / "layers.py").read_text()),
                nbformat.v4.new_code_cell("print(relu_forward(np.ones(3)))\nraise SystemExit")]
    nbformat.write(nb, str(tmp_path / "work.ipynb"))
    report = grade(tmp_path / "work.ipynb", seed=SEED, diagnose=False, functions=functions + ["sgd"])
    scores = report.function_scores()
    assert scores["conv_forward_naive"][0] == scores["conv_forward_naive"][1]
    assert scores["sgd"][0] == 0


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.zip", "no such file"),
    (lambda p: (p / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip") and p / "broken.zip", "not a valid zip"),
    (lambda p: (p / "nb.ipynb").write_text("{not json") and p / "nb.ipynb", "not a valid Jupyter notebook"),
    # valid JSON that nbformat's reader passes on, with cells no notebook holds: the student's error, not a crash
    (lambda p: (p / "nb.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": 5, "outputs": []}]})) and p / "nb.ipynb",
     "not a valid Jupyter notebook"),
    (lambda p: (p / "nb.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"metadata": {}, "source": "def relu_forward(x):\n    return x, x\n"}]})) and p / "nb.ipynb",
     "not a valid Jupyter notebook"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "no exercise module found"),
])
def test_unreadable_submissions_get_a_clear_error_and_zero(tmp_path, make, message):
    """Does a broken zip, a missing file, an invalid notebook or an empty folder give a clear error, not a crash?"""
    report = grade(make(tmp_path), seed=SEED, diagnose=False, functions=["relu_forward"])
    assert report.score == 0
    assert any(message in e for e in report.errors), report.errors


def test_non_utf8_module_is_reported(tmp_path):
    """Is a layers.py that is not UTF-8 reported against its functions, the other modules still graded?"""
    ref = copy_reference(tmp_path / "s")
    (ref / "layers.py").write_bytes(b"# caf\xe9\n" + (ref / "layers.py").read_bytes())
    report = grade(ref, seed=SEED, diagnose=False, functions=["relu_forward", "sgd"])
    assert report.function_scores()["relu_forward"][0] == 0
    assert report.function_scores()["sgd"][0] == report.function_scores()["sgd"][1]
    assert any("not UTF-8" in e for e in report.errors)


@NEEDS_BWRAP
def test_the_sandbox_holds_nothing_of_the_project(tmp_path):
    """Inside bubblewrap, does the worker see no project tree, no solutions, no other processes, and run as an
    unprivileged uid?"""
    from grader.sandbox import WorkerSession
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "layers.py").write_text(
        "import os\nimport numpy as np\n"
        "def _processes():\n"
        "    try:\n"
        "        return len([p for p in os.listdir('/proc') if p.isdigit()])\n"
        "    except OSError:  # Landlock: not even /proc may be listed\n"
        "        return 0\n"
        "def relu_forward(x):\n"
        f"    seen = [os.path.exists({str(ROOT / 'solutions')!r}), os.path.exists({str(ROOT / 'grader')!r}),\n"
        "            _processes(), os.getuid()]\n"
        "    return np.array(seen, dtype=float), x\n")
    with WorkerSession(pkg) as session:
        job = {"cases": [{"steps": [{"call": "layers.relu_forward", "args": [{"a": "x"}], "bind": ["out", "cache"]}],
                          "outputs": {"out": "out"}}]}
        outcome = session.run(0, job, {"c0/x": np.zeros(2)})
        from grader.sandbox import decode_job
        seen = decode_job(outcome.status, outcome.npz, 1)[0].arrays["out"]
    assert seen[0] == 0 and seen[1] == 0, "the worker can see the project"
    assert seen[2] <= 3, f"the worker sees {seen[2]} processes"
    assert seen[3] != 0


def test_hidden_inputs_never_reach_student_visible_output(tmp_path):
    """Do the reports of a hidden-test run show shapes but no input or expected values?"""
    from grader.api import write_reports
    report = grade(make_submission("forgotten_bias", tmp_path / "s"), seed=SEED, diagnose=False,
                   functions=["conv_forward_naive"])
    write_reports(report, tmp_path / "out")
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    text = json.dumps(results)
    assert "yours" not in text and "expected  " not in text and "worst elements" not in text
    assert "x (2, 3, 7, 7)" in text or "x (" in text


def test_a_timeout_given_by_the_caller_overrides_the_rubrics(tmp_path):
    """--timeout (Limits.timeout) is the limit a job gets, and the message says so; without it, the rubric's."""
    from grader.rubric import load_rubric
    from grader.sandbox import Limits
    sub = make_hostile("infinite_loop", tmp_path / "loop")
    report = grade(sub, seed=SEED, diagnose=False, functions=["conv_forward_naive"], limits=Limits(timeout=2))
    message = next(c.message for c in report.checks if c.function == "conv_forward_naive")
    assert "2 s" in message or "2.0 s" in message, message
    assert load_rubric()["conv_forward_naive"].timeout != 2
