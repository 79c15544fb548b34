"""The report writers: Gradescope's schema, JUnit that parses, escaped HTML with the hint first, zh labels."""
import json
import xml.etree.ElementTree as ET

from grader.model import CheckResult, Report
from grader.writers import write_all


def sample_report(lang="en"):
    nasty = "<script>alert(1)</script> ]]> \x00 \x1b[31m 卷积"
    return Report(submission="s", seed=7, lang=lang, sandbox="rlimits only", errors=["layers.py: " + nasty],
                  execution_time=1.4, checks=[
                      CheckResult("conv_forward_naive", "out matches the reference", 10, 10, "passed"),
                      CheckResult("conv_backward_naive", "dx matches the reference", 3, 6, "failed",
                                  message="Not equal to tolerance " + nasty, hint="HINT-FIRST"),
                      CheckResult("relu_forward", "out matches the reference", 0, 2, "not implemented"),
                      CheckResult("sgd", "next_w matches", 0, 1, "error", message="raised ValueError"),
                      CheckResult("grouped_conv_forward", "out matches the reference", 2, 2, "passed",
                                  optional=True, visibility="hidden", tags=["conv_variants", "optional"]),
                  ])


def test_results_json_follows_gradescope_schema(tmp_path):
    """Has results.json Gradescope's keys and types, the required total as score, names 'function: check'?"""
    write_all(sample_report(), tmp_path)
    data = json.loads((tmp_path / "results.json").read_text())
    assert {"score", "execution_time", "output", "tests"} <= set(data)
    assert data["score"] == 13 and isinstance(data["execution_time"], int)
    for test in data["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility", "tags"}
        assert test["status"] in ("passed", "failed") and ": " in test["name"]
    assert data["tests"][1]["output"].startswith("HINT-FIRST")
    assert data["tests"][4]["visibility"] == "hidden"


def test_junit_parses_with_the_right_counts(tmp_path):
    """Does junit.xml parse, with one testcase per check, failures and errors counted, bad characters gone?"""
    write_all(sample_report(), tmp_path)
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite.get("tests") == "5" and suite.get("failures") == "2" and suite.get("errors") == "1"
    assert len(suite.findall("testcase")) == 5
    assert "\x00" not in (tmp_path / "junit.xml").read_text()


def test_html_escapes_student_text_and_shows_the_hint_before_the_numbers(tmp_path):
    """Is student text escaped, and does the hint come before the numeric message?"""
    write_all(sample_report(), tmp_path)
    html = (tmp_path / "report.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.index("HINT-FIRST") < html.index("Not equal to tolerance")


def test_zh_labels_and_report_json_round_trip(tmp_path):
    """Are the labels Chinese with lang='zh', and does report.json round-trip into a Report?"""
    write_all(sample_report("zh"), tmp_path)
    assert "得分" in (tmp_path / "report.html").read_text()
    data = json.loads((tmp_path / "report.json").read_text())
    again = Report.from_dict(data)
    assert again.score == 13 and len(again.checks) == 5
    assert not list(tmp_path.glob(".*"))  # atomic writes leave no temp files


def test_terminal_table_shows_brackets_literally():
    """Does the terminal table print student text such as b[f] or [red] literally, not as rich markup?"""
    from rich.console import Console

    from grader.writers.terminal import render_table
    report = sample_report()
    report.checks[1].hint = "add b[f] to every output [red]"
    console = Console(record=True, width=200)
    render_table(report, console)
    text = console.export_text()
    assert "b[f]" in text and "[red]" in text
