"""The public checks as pytest tests: one test per check, so IDEs and CI see them natively."""
from pathlib import Path

import pytest

from grader.api import check
from grader.functions import GRADED
from grader.rubric import load_rubric
from grader.scoring import check_name

ROOT = Path(__file__).resolve().parents[1]
CHECKS = [(g.name, check_name(output)) for g in GRADED for output in load_rubric()[g.name].weights]


@pytest.fixture(scope="session")
def report():
    return check(ROOT / "assignment").worded()


@pytest.mark.parametrize("function, name", CHECKS, ids=[f"{f}: {n}" for f, n in CHECKS])
def test_public_check(report, function, name):
    result = next(c for c in report.checks if c.function == function and c.name == name)
    if result.optional and result.status == "not implemented":
        pytest.skip("optional exercise, not attempted")
    assert result.score == result.max_score, "\n\n".join(p for p in (result.hint, result.message) if p)
