"""`make verify-grader` as part of `make test`: reference full, stubs zero, every example mistake caught on its
own function and diagnosed."""
import re
from grader.instructor.verify import main


def test_grader_verifies_itself(capsys):
    """Does the grader catch and diagnose 100% of the example mistakes?"""
    assert main(seed=3) == 0
    out = capsys.readouterr().out
    assert "catch rate: 100%" in out and "correct diagnoses: 100%" in out
    kept = re.search(r"(\d+)/(\d+) correct functions kept every point", out)
    assert "realistic submissions: mistake named for 100%" in out and kept and kept[1] == kept[2], out


def test_realistic_naming_needs_the_named_hint():
    """Does the realistic suite's check fail when a function's hint does not name the annotated mistake, and does
    every annotation resolve to a hint?"""
    from grader.model import CheckResult, Report
    from grader.instructor.realistic import SUITE
    from grader.instructor.verify import expected_hint, names_mistake
    for functions in SUITE.values():
        for names in functions.values():
            for name in names:
                if name != "correct":
                    assert expected_hint(name) and expected_hint(name, "zh")
    hint = expected_hint("xrange")
    report = Report("x", checks=[CheckResult("conv_forward_naive", "out matches", 0.0, 1.0, "failed", hint=hint)])
    assert names_mistake(report, "conv_forward_naive", ["xrange"])
    assert not names_mistake(report, "conv_forward_naive", ["np_lib_pad"])
    assert not names_mistake(report, "conv_backward_naive", ["xrange"])


def test_cli_exit_codes(tmp_path):
    """Does `grade` exit 0 whatever the score, and `check --min-score` exit 1 below it?"""
    from grader.instructor.cli import main as cli
    assert cli(["grade", "assignment", "-o", str(tmp_path / "g"), "--functions", "relu_forward"]) == 0
    assert (tmp_path / "g" / "results.json").exists()
    assert cli(["check", "assignment", "--functions", "relu_forward", "--min-score", "1"]) == 1
    assert cli(["check", "solutions", "--functions", "relu_forward", "--min-score", "2"]) == 0
