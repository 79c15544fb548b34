"""Each graded function is declared once: its registry entry (grader/functions.py) names its case maker
(grader/instructor/cases.py), and rubric.toml gives it points."""
import numpy as np
import pytest

from grader.functions import GRADED
from grader.instructor.cases import CASE_MAKERS, all_cases, case_rng, make_cases
from grader.instructor.grading import hidden_source
from grader.instructor.reference import reference_param_shapes
from grader.rubric import RUBRIC_PATH, tomllib


def test_every_graded_function_names_an_existing_case_maker():
    """Does every registry entry name a case maker that exists?"""
    missing = {g.name: g.cases for g in GRADED if g.cases not in CASE_MAKERS}
    assert not missing


def test_every_case_maker_is_used():
    """Is every registered case maker named by some registry entry (no dead maker)?"""
    assert set(CASE_MAKERS) == {g.cases for g in GRADED}


def test_every_graded_function_has_one_rubric_line_and_no_line_is_stray():
    """Does rubric.toml give points to every graded function, and only to graded functions?"""
    data = tomllib.loads(RUBRIC_PATH.read_text())
    lines = [name for section, entries in data.items() if section != "defaults" for name in entries]
    assert len(lines) == len(set(lines))
    assert set(lines) == {g.name for g in GRADED}


@pytest.mark.parametrize("graded", GRADED, ids=[g.name for g in GRADED])
def test_every_case_maker_gives_cases(graded):
    """Does every graded function get cases from its maker, a backward's with an upstream gradient?"""
    cases = make_cases(graded, case_rng(0, graded.name), reference_param_shapes)
    assert cases
    if graded.kind == "backward":
        assert all("dout" in case.arrays for case in cases)


def test_all_cases_and_the_hidden_grading_draw_from_one_stream_per_name():
    """Do all_cases and the hidden grading draw a function's cases from the same stream, keyed by its name?"""
    seed = 31
    everything = all_cases(seed, reference_param_shapes)
    source = hidden_source(seed)
    for graded in GRADED[:6]:
        hidden, _ = source(graded)
        assert [c.label for c in hidden] == [c.label for c in everything[graded.name]]
        for mine, theirs in zip(hidden, everything[graded.name]):
            assert mine.arrays.keys() == theirs.arrays.keys()
            assert all(np.array_equal(mine.arrays[k], theirs.arrays[k]) for k in mine.arrays)
    first = case_rng(seed, "relu_forward").standard_normal(3)
    assert np.array_equal(first, case_rng(seed, "relu_forward").standard_normal(3))
    assert not np.array_equal(first, case_rng(seed, "tanh_forward").standard_normal(3))
