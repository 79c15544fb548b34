"""Gradescope's results.json: top-level score, execution_time, output, visibility and one entry per check.

The top-level ``score`` is the required total, and the tests' ``max_score`` add up to exactly that total: an
optional exercise is listed as a test worth 0 (its points earned and available are in its name and output), so it
never inflates the assignment's total. The top-level output, what a student reads first, starts with the score and
the first thing to fix.

A test's ``name`` is its stable English id (``conv_forward_naive: out matches the reference``): Gradescope's
statistics and regrades key on it, so it never changes with the language. What the student reads is worded in the
report's language: the first line of each test's output is the check's translated label. With two languages
(``--lang zh,en``, one grading), every output holds both, the first (Chinese, for a course taught in Chinese) first,
and a line in the second language between them.
"""
from __future__ import annotations

from pathlib import Path

from ..i18n import check_label, translate
from ..model import FAILED, INFO, PASSED, Report
from .problem import function_location, what_is_wrong
from .terminal import first_to_fix  # the same first thing to fix as on the terminal and in report.html


def results_json(report: Report) -> dict:
    """Gradescope's results in every language of the report, the first first."""
    langs = report.languages
    worded = [_results_json(report.worded(lang)) for lang in langs]
    results = worded[0]
    for lang, other in zip(langs[1:], worded[1:]):
        between = translate("in_other_language", lang)
        results["output"] += f"\n\n{between}\n{other['output']}"
        for test, same in zip(results["tests"], other["tests"]):
            if same["output"] and same["output"] != test["output"]:
                test["output"] = f"{test['output']}\n\n{between}\n{same['output']}" if test["output"] else same["output"]
    return results


def _results_json(report: Report) -> dict:
    t = lambda key, **f: translate(key, report.lang, **f)  # noqa: E731
    summary = [f"{t('score')}: {report.score:g} / {report.max_score:g}"]
    fix = first_to_fix(report)
    if fix is not None:
        summary.append(f"{t('fix_first')}: {fix.function} ({function_location(fix, report)}): "
                       f"{what_is_wrong(fix, report.lang)}")
        summary += [f"  {line}" for line in fix.hint.strip().splitlines()]
    if report.optional_max_score:
        summary.append(f"{t('optional_total')}: {report.optional_score:g} / {report.optional_max_score:g} "
                       f"({t('not_in_score')})")
    summary += report.errors
    summary += report.notes
    if report.sandbox:
        summary.append(report.sandbox)
    tests = []
    for check in report.checks:
        label = check_label(check.name, report.lang, failed=check.status == FAILED)
        # Gradescope shows the test's name (English) above its output: a heading in the report's language, if other
        heading = f"{check.function}: {label}" if check_label(check.name, report.lang) != check.name else ""
        output = "\n\n".join(part for part in (heading, check.hint, check.message) if part)
        name = check.full_name
        if check.optional:
            name += f" [{t('optional')}: {check.score:g} / {check.max_score:g}]"
        tests.append({
            "name": name,
            "score": 0.0 if check.optional else check.score,
            "max_score": 0.0 if check.optional else check.max_score,
            "status": "passed" if check.status in (PASSED, INFO) and check.score >= check.max_score else "failed",
            "output": output,
            "visibility": check.visibility,
            "tags": list(check.tags),
        })
    written_points = 0.0
    for w in report.written:
        label = w.get("label_zh") if report.lang == "zh" and w.get("label_zh") else w.get("label", w["key"])
        graded = w.get("points") is not None
        written_points += w["points"] if graded else 0.0
        tests.append({
            "name": f"{t('written_answers')}: {label}",
            "score": w["points"] if graded else 0.0,
            "max_score": w["max"] if graded else 0.0,
            "status": "passed" if graded and w["points"] >= w["max"] else ("failed" if graded else "passed"),
            "output": w.get("comment", "") if graded else t("not_graded_yet"),
            "visibility": "visible",
            "tags": ["written"],
        })
    return {"score": report.score + written_points, "execution_time": int(round(report.execution_time)),
            "output": "\n".join(summary), "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def write_results_json(report: Report, path: Path):
    from . import atomic_write
    from .jsontext import json_lines
    atomic_write(Path(path), json_lines(results_json(report), ensure_ascii=False))  # one test per line
