"""The report writers: Gradescope's schema, JUnit that parses, escaped HTML with the hint first, zh labels."""
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.model import CheckResult, Report
from grader.writers import write_all
from grader.writers.html import render_html

ROOT = Path(__file__).resolve().parents[1]


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


def _terminal_text(report, width=120):
    from rich.console import Console

    from grader.writers.terminal import render_table
    console = Console(record=True, width=width)
    render_table(report, console)
    return console.export_text()


def test_terminal_puts_the_total_and_the_first_thing_to_fix_on_top():
    """Are the total and the first failing check (a wrong result before a missing one) the first lines, with its
    hint, before any table row?"""
    text = _terminal_text(sample_report())
    lines = text.splitlines()
    assert lines[1].startswith("Total: 13 / 19")
    first = next(k for k, line in enumerate(lines) if line.startswith("First thing to fix"))
    assert "conv_backward_naive" in lines[first] and "HINT-FIRST" in lines[first + 1]
    assert first < next(k for k, line in enumerate(lines) if line.startswith("Function"))
    assert text.index("HINT-FIRST") < text.index("Not equal to tolerance")


def test_terminal_folds_passed_functions_and_prints_every_line_of_a_failing_message():
    """Do passing functions share one line, and does a failing check show its hint and every message line?"""
    report = sample_report()
    report.checks[1].message = "line one\nline two: shapes (2, 3) (2, 4)\nline three: worst at (1, 2)"
    text = _terminal_text(report)
    assert "Passed (2): conv_forward_naive, grouped_conv_forward" in text
    assert "Not implemented yet (1): relu_forward" in text
    for line in ("line one", "line two: shapes (2, 3) (2, 4)", "line three: worst at (1, 2)", "HINT-FIRST"):
        assert line in text
    assert text.count("conv_forward_naive") == 1  # folded: no row of its own


def test_terminal_speaks_chinese_with_lang_zh():
    """Are the summary's words and the check names Chinese when the report's language is zh?"""
    text = _terminal_text(sample_report("zh"))
    assert "总分: 13 / 19" in text and "首先要改" in text and "dx 与参考实现一致" in text
    assert "Total" not in text and "First thing" not in text


def test_terminal_output_on_the_stubs_is_short(tmp_path):
    """Does the check of the unchanged stubs print a few lines (total and where to start on top), not a row per
    function?"""
    from grader.instructor.api import check
    text = _terminal_text(check(ROOT / "assignment"), width=100)
    lines = text.splitlines()
    assert len(lines) <= 12, text
    assert lines[1].startswith("Total: 0 / ") and "affine_forward" in lines[2]
    assert "Start with affine_forward in assignment/layers.py" in text


def test_html_puts_score_and_first_fix_on_top_and_folds_what_passes(tmp_path):
    """Does report.html show the score, then the first thing to fix, before any function; are passing functions
    inside a folded <details>, and failing ones outside?"""
    import re
    html = render_html(sample_report())
    assert html.index("id='score'") < html.index("id='first-to-fix'") < html.index("<section")
    first = html[html.index("id='first-to-fix'"):html.index("</div>", html.index("id='first-to-fix'"))]
    assert "conv_backward_naive" in first and "HINT-FIRST" in first
    folded = re.search(r"<details class='folded passed'>(.*?)</details>", html, re.S).group(1)
    assert "fn-conv_forward_naive" in folded and "fn-grouped_conv_forward" in folded
    assert "fn-conv_backward_naive" not in folded and "fn-conv_backward_naive" in html


def test_html_shows_no_passed_numeric_gradient_check_beside_a_failing_dx():
    """Is a passed numeric gradient check hidden beside a failing dx, and shown beside a passing one?"""
    failing = Report(submission="s", checks=[
        CheckResult("conv_backward_naive", "dx matches the reference", 3, 6, "failed", message="m"),
        CheckResult("conv_backward_naive", "dx passes a numeric gradient check", 0, 0, "passed")])
    html = render_html(failing)
    assert "dx passes a numeric gradient check" not in html and "numeric gradient check is not shown" in html
    passing = Report(submission="s", checks=[
        CheckResult("conv_backward_naive", "dx matches the reference", 6, 6, "passed"),
        CheckResult("conv_backward_naive", "dx passes a numeric gradient check", 0, 0, "passed")])
    assert "dx passes a numeric gradient check" in render_html(passing)


def test_markdown_summary_has_the_total_first_fix_and_a_row_per_wrong_function(tmp_path):
    """Does the CI summary start with the total, name the first thing to fix, and table the wrong functions
    only (appending, as $GITHUB_STEP_SUMMARY expects)?"""
    from grader.writers.markdown import append_markdown
    path = tmp_path / "summary.md"
    path.write_text("earlier step\n")
    append_markdown(sample_report(), path)
    text = path.read_text()
    assert text.startswith("earlier step\n## ")
    assert "**Total: 13 / 19**" in text and "`conv_backward_naive`" in text.split("|")[0]
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == ["conv_backward_naive", "sgd"]


def test_failure_numbers_are_numpys_and_cs231n_error_is_labelled():
    """Are the maxima those numpy.testing reports (among the violating elements), and CS231n's relative error on
    its own labelled line, on a golden case computed by hand?"""
    import numpy as np
    from grader.compare import compare_arrays
    actual = np.array([1.0, 2.0, 3.5, 10.0])
    desired = np.array([1.0, 2.0, 3.0, 8.0])
    comparison = compare_arrays(actual, desired, "out")
    assert comparison.message.splitlines()[1:] == [
        "Mismatched elements: 2 / 4 (50%)",
        "Max absolute difference among violations: 2 at index (3,)",
        "Max relative difference among violations: 0.25",  # 2 / 8 beats 0.5 / 3
        "CS231n relative error (max |a - d| / max(1e-8, |a| + |d|)): 0.111111",  # 2 / 18
        " ACTUAL: [ 1. ,  2. ,  3.5, 10. ]", " DESIRED: [1., 2., 3., 8.]"]
