"""`make verify-grader` as part of `make test`: reference full, stubs zero, every example mistake caught on its
own function and diagnosed."""
from grader.verify import main


def test_grader_verifies_itself(capsys):
    """Does the grader catch and diagnose 100% of the example mistakes?"""
    assert main(seed=3) == 0
    out = capsys.readouterr().out
    assert "catch rate: 100%" in out and "correct diagnoses: 100%" in out


def test_cli_exit_codes(tmp_path):
    """Does `grade` exit 0 whatever the score, and `check --min-score` exit 1 below it?"""
    from grader.cli import main as cli
    assert cli(["grade", "assignment", "-o", str(tmp_path / "g"), "--functions", "relu_forward"]) == 0
    assert (tmp_path / "g" / "results.json").exists()
    assert cli(["check", "assignment", "--functions", "relu_forward", "--min-score", "1"]) == 1
    assert cli(["check", "solutions", "--functions", "relu_forward", "--min-score", "2"]) == 0
