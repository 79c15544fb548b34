"""The perceptron of notebook 00: the reference's rule and training, and a grading that is fair to any visiting
order (perceptron_train is judged by the property its docstring fixes, not by the reference's hyperplane)."""
import re

import numpy as np
import pytest

from grader.functions import BY_NAME
from grader.instructor.api import grade
from grader.instructor.cases import case_rng, make_cases
from grader.instructor.reference import SOLUTIONS, copy_reference
from tests.worded import worded
from solutions.perceptron import perceptron_step, perceptron_train

grade = worded(grade)  # the report as a student reads it: worded in its language

FUNCTIONS = ["perceptron_step", "perceptron_train"]


def test_one_step_follows_rosenblatts_rule_and_a_zero_score_is_a_mistake():
    """Does a step move w by lr * y * x and b by lr * y exactly when y (w . x + b) <= 0 (a score of 0 included),
    change nothing otherwise, and leave the caller's w untouched?"""
    w, x = np.array([1.0, -2.0, 0.5]), np.array([0.5, 1.0, 2.0])  # w . x = 0.5 - 2 + 1 = -0.5
    for y, b, lr in [(1, 0.0, 1.0), (-1, 0.0, 0.5), (1, 0.5, 0.1), (-1, 2.0, 1.0)]:
        before = w.copy()
        w_new, b_new = perceptron_step(w, b, x, y, lr)
        score = -0.5 + b
        if y * score <= 0:
            assert np.array_equal(w_new, before + lr * y * x) and b_new == b + lr * y
        else:
            assert np.array_equal(w_new, before) and b_new == b
        assert np.array_equal(w, before) and w_new is not w
    w_new, b_new = perceptron_step(np.zeros(3), 0.0, x, -1, 1.0)  # training's first step: score 0
    assert np.array_equal(w_new, -x) and b_new == -1.0


def test_training_separates_separable_data_and_stops_at_max_epochs():
    """On separable data, do the returned w, b put every example on its side; on data no line separates (XOR), does
    training stop after max_epochs with a hyperplane that gets some example wrong?"""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 3)) + 1.0
    y = np.where(X @ np.array([1.0, -2.0, 0.5]) - 0.3 > 0, 1, -1)
    keep = np.abs(X @ np.array([1.0, -2.0, 0.5]) - 0.3) > 0.3
    X, y = X[keep], y[keep]
    w, b = perceptron_train(X, y, lr=0.5, max_epochs=1000)
    assert np.all(y * (X @ w + b) > 0)
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    w, b = perceptron_train(xor, np.array([-1, -1, 1, 1]), max_epochs=7)
    assert np.any(np.array([-1, -1, 1, 1]) * (xor @ w + b) <= 0)


def test_the_hidden_cases_hold_what_their_makers_promise():
    """Does perceptron_step get a mistake of each label, a correct example and an exact zero score; and is every
    perceptron_train case separable with Novikoff's bound under its max_epochs, whatever the seed?"""
    for seed in range(5):
        steps = make_cases(BY_NAME["perceptron_step"], case_rng(seed, "perceptron_step"))
        scores = [c.params["y"] * (c.arrays["w"] @ c.arrays["x"] + c.params["b"]) for c in steps]
        assert sum(s < 0 for s in scores) >= 2 and sum(s > 0 for s in scores) >= 2 and 0.0 in scores
        for case in make_cases(BY_NAME["perceptron_train"], case_rng(seed, "perceptron_train")):
            X, y = case.arrays["X"], case.arrays["y"]
            assert set(np.unique(y)) <= {-1, 1} and y.dtype.kind == "i"
            w, b = perceptron_train(X, y, case.params["lr"], case.params["max_epochs"])
            assert np.all(y * (X @ w + b) > 0)


def _submission(tmp_path, name, replacements):
    package = copy_reference(tmp_path / name)
    path = package / "perceptron.py"
    source = path.read_text()
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    path.write_text(source)
    return package


def _scores(report):
    scores = {}
    for check in report.checks:
        if check.function in FUNCTIONS:
            scores[check.function] = scores.get(check.function, 0.0) + check.score
    return scores


TRAIN_BODY = re.compile(r"(    # BEGIN SOLUTION\n    w, b = np.zeros.*?)(    # END SOLUTION)", re.S)


def test_any_visiting_order_earns_full_marks_and_what_the_contract_fixes_is_judged(tmp_path):
    """Does a perceptron_train that visits the examples in a random order each epoch (another hyperplane than the
    reference's) earn every point; do a training that stops after one epoch and a step that changes the caller's
    w in place lose theirs, each with a message that says why; and do the reference and the stubs earn 2 + 1
    and 0?"""
    shuffled = ("    rng = np.random.default_rng(7)\n    w, b = np.zeros(X.shape[1]), 0.0\n"
                "    for _ in range(max_epochs):\n        before = (w.copy(), b)\n"
                "        for i in rng.permutation(len(X)):\n"
                "            w, b = perceptron_step(w, b, X[i], y[i], lr)\n"
                "        if np.array_equal(before[0], w) and before[1] == b:\n            break\n")
    old_body = TRAIN_BODY.search((SOLUTIONS / "perceptron.py").read_text()).group(1)
    fair = _submission(tmp_path, "fair", [(old_body, shuffled)])
    unfair = _submission(tmp_path, "unfair", [
        ("for _ in range(max_epochs):", "for _ in range(1):"),
        ("w_new, b_new = w + lr * y * x, float(b + lr * y)", "w += lr * y * x\n        w_new, b_new = w, float(b + lr * y)"),
        ("w, b = perceptron_step(w, b, x_i, y_i, lr)", "w, b = perceptron_step(w.copy(), b, x_i, y_i, lr)")])
    fair_report = grade(str(fair), seed=5, functions=FUNCTIONS)
    assert _scores(fair_report) == {"perceptron_step": 1.0, "perceptron_train": 2.0}
    unfair_report = grade(str(unfair), seed=5, functions=FUNCTIONS)
    scores = _scores(unfair_report)
    assert scores["perceptron_step"] < 1.0 and scores["perceptron_train"] < 2.0
    # perceptron_train calls the failing step: its own message is kept beside the "fix that first" line
    messages = "\n".join(c.message + c.numbers.get("own_message", "") for c in unfair_report.checks
                         if c.function in FUNCTIONS)
    assert "modified its input `w` in place" in messages
    assert "not on their side of the returned hyperplane" in messages
    assert _scores(grade("solutions", seed=5, functions=FUNCTIONS)) == {"perceptron_step": 1.0,
                                                                         "perceptron_train": 2.0}
    assert _scores(grade("assignment", seed=5, functions=FUNCTIONS)) == {"perceptron_step": 0.0,
                                                                          "perceptron_train": 0.0}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_hyperplane_is_explained_in_the_students_language(tmp_path, lang):
    """Does a training that returns w = 0 (every example on the plane) fail with the wrong-side message in the
    report's language, naming how many examples are wrong?"""
    package = _submission(tmp_path, "zero", [("        if mistakes == 0:\n            break\n",
                                              "        w, b = np.zeros(X.shape[1]), 0.0\n")])
    report = grade(str(package), seed=2, functions=["perceptron_train"], lang=lang)
    (check,) = [c for c in report.checks if c.function == "perceptron_train"]
    assert check.score == 0.0
    said = {"en": "of the 20 training examples are not on their side", "zh": "20 个训练样本中有 20 个不在"}[lang]
    assert said in check.message, check.message
