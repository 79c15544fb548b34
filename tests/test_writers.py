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
                                  message="Not equal to tolerance " + nasty, hint="HINT-FIRST",
                                  numbers={"cases": 4, "passed": 2, "failures": [
                                      {"case": "x (2, 3, 5, 5), w (4, 3, 3, 3), stride 1, pad 1",
                                       "dx": {"mismatched": 37, "total": 60, "shape": [2, 3, 5, 5]}}]},
                                  tags=["layers"]),
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


def test_first_thing_to_fix_says_what_is_wrong_everywhere(tmp_path):
    """Does the first thing to fix say what is wrong (which output, in how many elements, on which case) and where
    the function is (file:line), in the terminal, report.html, results.json and the CI summary, in both languages,
    and never the check's own name, which reads like a pass?"""
    import io
    from rich.console import Console
    from grader.writers.terminal import render_table
    from grader.writers.markdown import append_markdown
    for lang, wrong, passing_name in (
            ("en", "dx differs from the expected values in 37 of 60 elements on x (2, 3, 5, 5)",
             "dx matches the reference"),
            ("zh", "dx 的 60 个元素中有 37 个与期望值不同（用例 x (2, 3, 5, 5)", "dx 与参考实现一致")):
        report = sample_report(lang)
        report.definitions = {"conv_backward_naive": 412}
        write_all(report, tmp_path / lang)
        console = Console(file=io.StringIO(), width=400)
        render_table(report, console)
        terminal = console.file.getvalue()
        append_markdown(report, tmp_path / lang / "summary.md")
        first = {
            "terminal": next(line for line in terminal.splitlines() if line.startswith(("First thing", "首先要改"))),
            "results.json": json.loads((tmp_path / lang / "results.json").read_text())["output"].splitlines()[1],
            "report.html": (tmp_path / lang / "report.html").read_text().split("id='first-to-fix'>")[1]
                           .split("</div>")[0],
            "summary.md": next(line for line in (tmp_path / lang / "summary.md").read_text().splitlines()
                               if "conv_backward_naive" in line and "**" in line),
        }
        for where, line in first.items():
            assert wrong in line, (where, line)
            assert "assignment/layers.py:412" in line, (where, line)
            assert passing_name not in line, (where, line)


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


def _terminal_text(report, width=200):
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
    assert "总分: 13 / 19" in text and "首先要改" in text and "dx 与参考实现不一致" in text
    assert "Total" not in text and "First thing" not in text


def test_a_failing_check_is_not_said_to_match():
    """Does a failing comparison read "dx does not match the reference ... failed" in the terminal and on the HTML
    page, never "dx matches the reference ... failed", and its Chinese heading in Gradescope's output too?"""
    from grader.writers.gradescope import results_json
    report = sample_report()
    for text in (_terminal_text(report), render_html(report)):
        assert "dx does not match the reference" in text and "dx matches the reference" not in text
    output = next(t["output"] for t in results_json(sample_report("zh"))["tests"] if "conv_backward_naive" in t["name"])
    assert output.startswith("conv_backward_naive: dx 与参考实现不一致"), output


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
        "The worst elements (2 of the 2 that differ):",
        "  index  yours  expected",
        "  (3,)   10     8",
        "  (2,)   3.5    3"]


def test_excerpt_shows_the_worst_elements_with_their_indices_not_the_first_ones():
    """Does the excerpt show the elements that differ most, worst first, with their index, the student's value
    and the expected one, even when the first elements are all right; and does a shape mismatch say which shape
    is the student's?"""
    import numpy as np
    from grader.compare import WORST_SHOWN, compare_arrays
    desired = np.arange(60, dtype=float).reshape(3, 4, 5)
    actual = desired.copy()
    actual[2, 3, 4] += 9.0
    actual[1, 0, 2] -= 4.0
    actual[0, 0, 0] += 1.0
    for k in range(8):
        actual[2, 1, k % 5] += 0.001 * (k + 1) if k < 5 else 0
    lines = compare_arrays(actual, desired, "out").message.splitlines()
    start = lines.index("The worst elements (5 of the 8 that differ):")
    rows = [line.split() for line in lines[start + 2:]]
    assert len(rows) == WORST_SHOWN
    assert rows[0][:3] == ["(2,", "3,", "4)"] and rows[0][3:] == ["68", "59"]
    assert rows[1][:3] == ["(1,", "0,", "2)"] and rows[1][3:] == ["18", "22"]
    assert rows[2][:3] == ["(0,", "0,", "0)"]
    assert lines[start + 1].split() == ["index", "yours", "expected"]
    from grader.i18n import render
    zh = render(compare_arrays(actual, desired, "out").message, "zh")
    assert "你的值" in zh and "期望值" in zh
    shape = compare_arrays(np.zeros((1, 1, 0, 0)), np.zeros((1, 1, 6, 9)), "out").message
    assert shape.splitlines()[1] == "(shapes mismatch: yours (1, 1, 0, 0), expected (1, 1, 6, 9))"



def test_piped_check_keeps_lines_whole_and_names_the_def_line(tmp_path):
    """Run as a CI log or `make check > out.txt` runs it (stdout not a terminal): is no line wrapped mid-phrase
    at 80 columns, and do the first thing to fix and the hint name the student's file:line of the function's def?"""
    import subprocess
    import sys
    from grader.instructor.mistakes import CATALOG, make_submission
    mistake = next(m for m in CATALOG if m.name == "flipped_kernel")
    submission = make_submission(mistake, tmp_path / "s")
    def_line = next(k for k, line in enumerate((submission / "layers.py").read_text().splitlines(), 1)
                    if line.startswith("def conv_forward_naive("))
    run = subprocess.run([sys.executable, "-m", "grader.instructor", "check", str(submission), "--functions",
                          "conv_forward_naive", "--lang", "en"], capture_output=True, text=True, cwd=ROOT,
                         env={**__import__("os").environ, "COLUMNS": "", "TERM": "dumb"}, timeout=300)
    lines = run.stdout.splitlines()
    first = next(line for line in lines if line.startswith("First thing to fix"))
    assert f"(assignment/layers.py:{def_line}): out differs" in first and first.endswith("cases pass)"), first
    hint = next(line for line in lines if line.strip().startswith("Hint"))
    assert hint.strip().startswith(f"Hint (assignment/layers.py:{def_line}): ") and hint.endswith("as it is."), hint
    assert max(len(line) for line in lines) > 100  # lines were long, and kept whole


def test_report_json_and_results_json_hold_one_check_per_line_and_the_same_values(tmp_path):
    """Do report.json and results.json parse to exactly what the indented encoding held (a number that is not
    finite as its text), with each check and each Gradescope test on a line of its own, so a person can still
    read and diff them?"""
    import math

    from grader.writers.gradescope import results_json
    from grader.writers.report_json import SCHEMA_VERSION, _finite
    report = sample_report("zh")
    report.checks[1].numbers["largest_error"] = math.inf
    write_all(report, tmp_path)
    saved = (tmp_path / "report.json").read_text(encoding="utf-8")
    expected = _finite({"schema_version": SCHEMA_VERSION, **report.to_dict()})
    data = json.loads(saved)
    for check in data["checks"]:
        check.pop("label"), check.pop("status_label")
    assert data == json.loads(json.dumps(expected))
    assert data["checks"][1]["numbers"]["largest_error"] == "inf"
    lines = saved.splitlines()
    assert [json.loads(line.rstrip(","))["function"] for line in lines if line.startswith("  {")] == \
        [c.function for c in report.checks]
    results = (tmp_path / "results.json").read_text(encoding="utf-8")
    assert json.loads(results) == json.loads(json.dumps(results_json(report)))
    assert sum(line.startswith("  {") for line in results.splitlines()) == len(results_json(report)["tests"])
