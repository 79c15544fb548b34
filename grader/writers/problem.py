"""What is wrong with a failing check, in one sentence, and where the student's function is: the "first thing to fix"
of every writer (terminal, report.html, results.json).

A check's name says what it tests ("out matches the reference") and reads like a pass; the first thing to fix says
what went wrong instead ("out differs from the expected values in 37 of 60 elements"). It is worded here, at the
end, from the numbers the judging kept (``CheckResult.numbers``: the first failing cases' comparison figures, the
exception raised, the inputs modified), never from the English message.
"""
from __future__ import annotations

from ..i18n import case_label, code_names, translate
from ..model import NOT_IMPLEMENTED, CheckResult, Report

OUTPUT_PREFIX = " matches"  # scoring's check names start with the output they compare


def function_file(check: CheckResult) -> str:
    """The student's file holding ``check``'s function (its first tag is the module), e.g. assignment/layers.py."""
    module = check.tags[0] if check.tags else "layers"
    return "assignment/" + module.replace(".", "/") + ".py"


def function_location(check: CheckResult, report: Report) -> str:
    """``assignment/layers.py:412`` (the line of the function's ``def`` in the student's file), or the file alone
    where the line is not known (a notebook, a module not handed in)."""
    line = (report.definitions or {}).get(check.function)
    return f"{function_file(check)}:{line}" if line else function_file(check)


def _failure_detail(failure: dict, lang: str) -> str:
    """One failing case's figures as a sentence (the first output that is wrong)."""
    t = lambda key, **fields: translate(key, lang, **fields)  # noqa: E731
    if failure.get("modified_inputs"):
        return t("problem_modified", names=code_names(failure["modified_inputs"]))
    if failure.get("raised"):
        return t("problem_raised", raised=str(failure["raised"]).splitlines()[0][:200])
    for output, figures in failure.items():
        if not isinstance(figures, dict):
            continue
        if "actual_shape" in figures:
            return t("problem_shape", output=output, actual=tuple(figures["actual_shape"]),
                     desired=tuple(figures["desired_shape"]))
        if "nonfinite" in figures:
            return t("problem_nonfinite", output=output, count=figures["nonfinite"], total=figures["total"])
        if "mismatched" in figures:
            return t("problem_mismatched", output=output, count=figures["mismatched"], total=figures["total"])
        if "desired" in figures and "actual" in figures:
            return t("problem_values", output=output, desired=figures["desired"], actual=figures["actual"])
        if "problems" in figures:
            return t("problem_parameters")
    return ""


def what_is_wrong(check: CheckResult, lang: str = "en") -> str:
    """What is wrong with a check that lost points, in one sentence (never the check's own name)."""
    t = lambda key, **fields: translate(key, lang, **fields)  # noqa: E731
    if check.status == NOT_IMPLEMENTED:
        return t("problem_not_implemented")
    numbers = check.numbers or {}
    failures = numbers.get("failures") or []
    detail = _failure_detail(failures[0], lang) if failures else ""
    if not detail:
        # A failure of the whole job (a timeout, a crash) or a message of its own: its first line.
        lines = [line.strip() for line in (check.message or "").splitlines() if line.strip()]
        return lines[0] if lines else t(check.status)
    case = case_label(str(failures[0].get("case", "")), lang)
    return detail + t("problem_where", case=case, passed=numbers.get("passed", 0), total=numbers.get("cases", 0))
