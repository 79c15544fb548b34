"""A Markdown summary of a report (CI job summaries: GitHub's $GITHUB_STEP_SUMMARY): the total and the first
thing to fix on top, then the functions that are wrong; passed and unstarted functions counted on one line."""
from __future__ import annotations

from pathlib import Path

from ..i18n import translate
from ..model import NOT_IMPLEMENTED, PASSED, Report
from .problem import function_file, function_location, what_is_wrong
from .terminal import first_to_fix, function_state, group_functions


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    """The summary in every language of the report, the first (Chinese for ``--lang zh,en``) first."""
    return "\n".join(_render_markdown(report.worded(lang)) for lang in report.languages)


def _render_markdown(report: Report) -> str:
    t = lambda key, **kw: translate(key, report.lang, **kw)  # noqa: E731
    lines = [f"## {t('check_title') if report.mode == 'check' else t('title')}", "",
             f"**{t('total')}: {report.score:g} / {report.max_score:g}**"]
    if report.optional_max_score:
        lines[-1] += f" · {t('optional_total')}: {report.optional_score:g} / {report.optional_max_score:g}"
    lines += [f"- {_cell(e)}" for e in report.errors]
    first = first_to_fix(report)
    if first is None:
        lines += ["", t("all_required_passed")]
    else:
        lines += ["", f"**{t('first_to_fix')}:** `{first.function}` (`{function_location(first, report)}`): "
                      f"{_cell(what_is_wrong(first, report.lang))}"]
        text = (t("start_with", function=first.function, file=function_file(first))
                if first.status == NOT_IMPLEMENTED else first.hint or first.message.splitlines()[-1])
        lines += ["", "> " + _cell(text)]
    groups = group_functions(report)
    states = {f: function_state(c) for f, c in groups.items()}
    wrong = [f for f, s in states.items() if s not in (PASSED, NOT_IMPLEMENTED)]
    if wrong:
        lines += ["", f"| {t('function')} | {t('score')} | {t('status')} | {t('details')} |", "|---|---|---|---|"]
        for function in wrong:
            checks = groups[function]
            got, top = sum(c.score for c in checks), sum(c.max_score for c in checks)
            failing = next(c for c in checks if c.max_score > 0 and c.score < c.max_score)
            detail = failing.hint or (failing.message.splitlines()[0] if failing.message else "")
            lines.append(f"| `{function}` | {got:g} / {top:g} | {t(states[function])} | {_cell(detail)} |")
    passed = [f for f, s in states.items() if s == PASSED]
    not_started = [f for f, s in states.items() if s == NOT_IMPLEMENTED]
    lines.append("")
    if passed:
        lines.append("- " + t("passed_functions", count=len(passed), names=", ".join(passed)))
    if not_started:
        lines.append("- " + t("not_implemented_functions", count=len(not_started), names=", ".join(not_started)))
    return "\n".join(lines) + "\n"


def append_markdown(report: Report, path: Path):
    """Append the summary to ``path`` (GitHub collects every step's additions to $GITHUB_STEP_SUMMARY)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(render_markdown(report))
