"""The scores on a terminal (rich; plain text when there is no terminal).

Read from the top: the total, then the first thing to fix with its hint; then one row per function that is
wrong, with the functions that pass and those not started yet folded into one line each; then, for every
failing check, its hint and its full message (numpy.testing's words: shapes, tolerance, largest error, where).
"""
from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape as _escape_markup
from rich.table import Table

from ..dependants import depends_on
from ..i18n import check_label, translate
from ..model import ERROR, FAILED, NOT_IMPLEMENTED, PASSED, CheckResult, Report
from .problem import function_file, function_location, what_is_wrong

_SEVERITY = {ERROR: 0, FAILED: 1, NOT_IMPLEMENTED: 2}
# Control characters (but the newline and the tab) and the bidirectional overrides: a student's exception message or
# source line that holds them would drive the grader's terminal (escape sequences that move the cursor, rewrite a
# line, set the title or the clipboard) or reorder what it shows. They are printed as visible escapes instead.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """``text`` made safe for the terminal: no control character reaches it, and no rich markup is read in it."""
    return _escape_markup(_UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text))


def _is_failing(check: CheckResult) -> bool:
    """A check that costs points, or an informational check that failed."""
    if check.max_score > 0:
        return check.score < check.max_score
    return check.status in (FAILED, ERROR)


def group_functions(report: Report) -> dict[str, list[CheckResult]]:
    """The checks of each function, in rubric order."""
    by_function: dict[str, list[CheckResult]] = {}
    for check in report.checks:
        by_function.setdefault(check.function, []).append(check)
    return by_function


def function_state(checks: list[CheckResult]) -> str:
    """PASSED, NOT_IMPLEMENTED (nothing returned at all), or the worst status of its failing checks."""
    failing = [c for c in checks if _is_failing(c)]
    if not failing:
        return PASSED
    scored = [c for c in checks if c.max_score > 0]
    if scored and all(c.status == NOT_IMPLEMENTED for c in scored):
        return NOT_IMPLEMENTED
    return min((c.status for c in failing), key=lambda s: _SEVERITY.get(s, 1))


def first_to_fix(report: Report) -> CheckResult | None:
    """The check to fix first: required before optional; a wrong result before one not implemented yet; then
    rubric order (the order of the assignment)."""
    candidates = [c for c in report.checks if c.max_score > 0 and c.score < c.max_score]
    if not candidates:
        return None
    order = {id(c): k for k, c in enumerate(report.checks)}
    return min(candidates, key=lambda c: (c.optional, c.status == NOT_IMPLEMENTED, order[id(c)]))


def summary_lines(report: Report) -> list[tuple[str, str]]:
    """(style, text) lines of the summary on top: the total and the first thing to fix with its hint."""
    report = report.worded()
    t = lambda key, **kw: translate(key, report.lang, **kw)  # noqa: E731
    total = f"{t('total')}: {report.score:g} / {report.max_score:g}"
    if report.optional_max_score:
        total += f"    {t('optional_total')}: {report.optional_score:g} / {report.optional_max_score:g}"
    lines = [("bold", total)]
    first = first_to_fix(report)
    if first is None:
        lines.append(("green", t("all_required_passed")))
        return lines
    lines.append(("bold yellow", f"{t('first_to_fix')}: {first.function} ({function_location(first, report)}): "
                                 f"{what_is_wrong(first, report.lang)}"))
    if first.status == NOT_IMPLEMENTED:
        lines.append(("", "  " + t("start_with", function=first.function, file=function_file(first))))
    else:
        text = first.hint or (first.message.splitlines()[-1] if first.message else "")
        for line in text.splitlines():
            lines.append(("", "  " + line))
    return lines


def render_table(report: Report, console: Console | None = None):
    """Print the check's result on ``console`` (a new one on stdout by default), in every language of the report,
    the first (Chinese for ``--lang zh,en``) first: one grading, worded once per language."""
    if console is None:
        console = Console()
        # Piped into a file or a CI log, a line stays whole: no wrapping mid-phrase at a guessed 80 columns.
        console.soft_wrap = not console.is_terminal
    for k, lang in enumerate(report.languages):
        if k:
            console.rule()
            console.print(escape(translate("in_other_language", lang)), highlight=False)
        _render_table(report.worded(lang), console)


def _render_table(report: Report, console: Console):
    """The table in the worded report's one language, then how the student's code was confined."""
    _table(report, console)
    if report.sandbox:
        console.print(escape(report.sandbox), highlight=False)


def _table(report: Report, console: Console):
    t = lambda key, **kw: translate(key, report.lang, **kw)  # noqa: E731
    console.print(f"[bold]{escape(t('check_title') if report.mode == 'check' else t('title'))}[/bold]: "
                  f"{escape(str(report.submission))}", highlight=False)
    summary = summary_lines(report)
    for k, (style, text) in enumerate(summary):
        console.print(f"[{style}]{escape(text)}[/{style}]" if style else escape(text), highlight=False)
        if k == 0:  # problems with the submission as a whole come right after the total
            for error in report.errors:
                console.print(f"[red]{escape(error)}[/red]", highlight=False)
            for note in report.notes:  # not problems: plain, after them
                console.print(escape(note), highlight=False)

    groups = group_functions(report)
    states = {f: function_state(checks) for f, checks in groups.items()}
    wrong = [f for f, s in states.items() if s not in (PASSED, NOT_IMPLEMENTED)]
    if wrong:
        table = Table(show_edge=False, pad_edge=False)
        table.add_column(t("function"))
        table.add_column(t("score"), justify="right")
        table.add_column(t("status"))
        for function in wrong:
            checks = groups[function]
            got, top = sum(c.score for c in checks), sum(c.max_score for c in checks)
            name = function + (f" ({t('optional')})" if checks[0].optional else "")
            style = "yellow" if got else "red"
            table.add_row(escape(name), f"{got:g} / {top:g}", f"[{style}]{escape(t(states[function]))}[/{style}]")
        console.print(table)
    _folded_line(console, "green", t, "passed_functions", [f for f, s in states.items() if s == PASSED])
    not_started = [f for f, s in states.items() if s == NOT_IMPLEMENTED]
    _folded_line(console, "dim", t, "not_implemented_functions",
                 [f + (f" ({t('optional')})" if groups[f][0].optional else "") for f in not_started])

    if wrong:
        console.print()
        console.print(f"[bold]{escape(t('what_is_wrong'))}[/bold]", highlight=False)
    for function in wrong:
        root = depends_on(groups[function])
        if root:  # one line: the mistake is named once, under the function it depends on
            checks = groups[function]
            got, top = sum(c.score for c in checks), sum(c.max_score for c in checks)
            line = next(c.hint for c in checks if c.numbers.get("depends_on"))
            console.print(f"\n[bold]{escape(function)}[/bold]: {got:g} / {top:g}  {escape(line)}", highlight=False)
            continue
        for check in groups[function]:
            if not _is_failing(check):
                continue
            label = check_label(check.name, report.lang, failed=check.status == FAILED)
            console.print(f"\n[bold]{escape(function)}[/bold]: {escape(label)}  "
                          f"{check.score:g} / {check.max_score:g}  {escape(t(check.status))}", highlight=False)
            if check.hint:
                label = t("hint_at", where=function_location(check, report))
                console.print(f"  [yellow]{escape(label)}:[/yellow] {escape(check.hint)}", highlight=False)
            for line in check.message.splitlines():
                console.print("  " + escape(line), highlight=False)


FOLDED_NAMES = 10


def _folded_line(console: Console, style: str, t, key: str, names: list[str]):
    """One line for a group of functions: its size and its first names (the rest are counted, not listed)."""
    if names:
        shown = ", ".join(names[:FOLDED_NAMES])
        if len(names) > FOLDED_NAMES:
            shown += " " + t("and_more", count=len(names) - FOLDED_NAMES)
        console.print(f"[{style}]{escape(t(key, count=len(names), names=shown))}[/{style}]", highlight=False)
