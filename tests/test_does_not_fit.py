"""A layer that does not fit is never scored, only described (issue 11): asserting the contract costs nothing."""
import shutil
from pathlib import Path

import pytest

from grader.instructor.grading import DOES_NOT_FIT, grade
from tests.worded import worded

grade = worded(grade)  # the report as a student reads it: worded in its language

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ["conv_forward_naive", "max_pool_forward_naive"]


def _submission(tmp_path, old, new):
    dest = tmp_path / "sub"
    shutil.copytree(ROOT / "solutions", dest, ignore=shutil.ignore_patterns("__pycache__"))
    layers = dest / "layers.py"
    text = layers.read_text()
    assert old in text
    layers.write_text(text.replace(old, new, 1))
    return dest


def _info(report, function):
    return next(c for c in report.checks if c.function == function and c.name == DOES_NOT_FIT)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_assert_that_the_layer_fits_costs_nothing_and_is_described(tmp_path, lang):
    line = "    H_out = 1 + (H + 2 * pad - HH) // stride\n"
    sub = _submission(tmp_path, line, "    assert (W + 2 * pad - WW) % stride == 0, 'width'\n" + line)
    report = grade(sub, seed=3, functions=FUNCTIONS, lang=lang)
    assert report.score == report.max_score > 0
    info = _info(report, "conv_forward_naive")
    assert (info.status, info.score, info.max_score) == ("info", 0.0, 0.0)
    assert "AssertionError: width" in info.message
    assert ("raised" if lang == "en" else "抛出了") in info.message
    # The reference rounds down on the pool that does not fit: told so, still nothing scored.
    pool = _info(report, "max_pool_forward_naive")
    assert ("rounds down" if lang == "en" else "向下取整") in pool.message and pool.max_score == 0.0


def test_a_wrong_shape_on_a_layer_that_does_not_fit_is_described_not_scored(tmp_path):
    # Dropping the last column where the layer does not fit: graded cases fit, so the points stay; the information
    # says what came back.
    line = "    cache = (x, w, b, conv_param)\n"
    sub = _submission(tmp_path, line, "    if (W + 2 * pad - WW) % stride:\n        out = out[..., :-1]\n" + line)
    report = grade(sub, seed=3, functions=["conv_forward_naive"])
    info = _info(report, "conv_forward_naive")
    assert report.score == report.max_score
    assert "returned output of shape" in info.message and info.score == 0.0
