"""report.html: a self-contained feedback page.

From the top: the score, then the first thing to fix with its hint; then each function that is wrong, its
failing checks open (the hint first, then the numbers) and its passing checks folded; then, folded, the
functions not started yet and those that pass.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from ..dependants import depends_on
from ..i18n import check_label, translate
from ..model import FAILED, ERROR, INFO, NOT_IMPLEMENTED, PASSED, CheckResult, Report
from .problem import function_file, function_location, what_is_wrong
from .terminal import first_to_fix, function_state, group_functions

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .bar{background:#eee;border-radius:4px;height:1rem}
.bar span{display:block;height:1rem;border-radius:4px;background:#2a7}
section{border-top:1px solid #ddd;padding:.6rem 0} .fn{display:flex;justify-content:space-between}
.badge{border-radius:3px;padding:0 .4rem;font-size:.85rem;color:#fff}
.badge.passed,.badge.info{background:#2a7} .badge.failed{background:#c62} .badge.error{background:#b22}
.badge.not-implemented{background:#888} details.folded>summary{font-weight:600;padding:.3rem 0}
.hint{background:#fff6d6;border-left:4px solid #e0a800;padding:.4rem .6rem;margin:.3rem 0}
.first{border:2px solid #e0a800;border-radius:6px;padding:.5rem .8rem;margin:1rem 0}
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;font-size:.85rem} .errors{color:#b22}
details{margin:.4rem 0} summary{cursor:pointer}
"""

NUMERIC_GRADIENT = "dx passes a numeric gradient check"
DX_CHECK = "dx matches the reference"


def _failing(check: CheckResult) -> bool:
    return check.score < check.max_score if check.max_score > 0 else check.status in (FAILED, ERROR)


def _contradicts(check: CheckResult, checks: list[CheckResult]) -> bool:
    """A passed numeric gradient check beside a failing dx (it checked a case dx passes): hidden, not shown."""
    return (check.name == NUMERIC_GRADIENT and check.status in (PASSED, INFO)
            and any(c.name == DX_CHECK and _failing(c) for c in checks))


def _lines(text: str) -> str:
    """``text`` escaped, its line breaks kept (a hint's second line names the student's file:line)."""
    return "<br>".join(escape(line) for line in text.splitlines())


def _check_html(check: CheckResult, lang: str, open_details: bool, where: str = "") -> list[str]:
    t = lambda key: escape(translate(key, lang))  # noqa: E731
    css = check.status.replace(" ", "-")
    label = check_label(check.name, lang, failed=check.status == FAILED)
    parts = [f"<div><span class='badge {css}'>{t(check.status)}</span> {escape(label)}"
             f" <small>{check.score:g} / {check.max_score:g}</small>"]
    if open_details:
        if check.hint:
            label = escape(translate("hint_at", lang, where=where)) if where else t("hint")
            parts.append(f"<div class='hint'><b>{label}:</b> {_lines(check.hint)}</div>")
        if check.message:
            parts.append(f"<pre>{escape(check.message)}</pre>")
    parts.append("</div>")
    return parts


def render_html(report: Report, lang: str | None = None, others: dict[str, str] | None = None) -> str:
    """The page in ``lang`` (default: the report's first language); ``others``: {language: file name} of the same
    report in the other languages asked (``--lang zh,en``), linked at the top."""
    report = report.worded(lang)
    lang = report.lang
    t = lambda key, **kw: escape(translate(key, lang, **kw))  # noqa: E731
    pct = 100.0 * report.score / report.max_score if report.max_score else 0.0
    parts = [f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>",
             f"<title>{t('title')}</title><style>{_CSS}</style></head><body>",
             f"<h1>{t('title')}</h1><p>{escape(report.submission)}</p>",
             *[f"<p class='other-lang'><a href='{escape(name)}' hreflang='{escape(other)}'>"
               f"{t('report_in_' + other)}</a></p>" for other, name in (others or {}).items()],
             f"<p id='score'><b>{t('score')}: {report.score:g} / {report.max_score:g}</b></p>",
             f"<div class='bar'><span style='width:{pct:.1f}%'></span></div>"]
    if report.optional_max_score:
        parts.append(f"<p>{t('optional_total')}: {report.optional_score:g} / {report.optional_max_score:g}</p>")
    first = first_to_fix(report)
    if first is None:
        parts.append(f"<div class='first' id='first-to-fix'>{t('all_required_passed')}</div>")
    else:
        parts.append(f"<div class='first' id='first-to-fix'><b>{t('first_to_fix')}:</b> "
                     f"<code>{escape(first.function)}</code> (<code>{escape(function_location(first, report))}</code>): "
                     f"{escape(what_is_wrong(first, lang))}")
        if first.status == NOT_IMPLEMENTED:
            parts.append(f"<div class='hint'>{t('start_with', function=first.function, file=function_file(first))}"
                         "</div>")
        elif first.hint:
            parts.append(f"<div class='hint'><b>{t('hint')}:</b> {_lines(first.hint)}</div>")
        parts.append("</div>")
    if report.errors:
        parts.append(f"<div class='errors'><h3>{t('errors')}</h3><ul>" +
                     "".join(f"<li>{escape(e)}</li>" for e in report.errors) + "</ul></div>")
    if report.notes:
        parts.append(f"<div class='notes'><h3>{t('notes')}</h3><ul>" +
                     "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul></div>")

    groups = group_functions(report)
    states = {f: function_state(c) for f, c in groups.items()}
    for function, checks in groups.items():
        if states[function] in (PASSED, NOT_IMPLEMENTED):
            continue
        parts += _function_html(function, checks, lang, expanded=True, report=report)
    for key, state in (("not_implemented_group", NOT_IMPLEMENTED), ("passed_group", PASSED)):
        names = [f for f, s in states.items() if s == state]
        if not names:
            continue
        summary = t(key, count=len(names))
        parts.append(f"<details class='folded {state.replace(' ', '-')}'><summary>{summary}</summary>")
        for function in names:
            parts += _function_html(function, groups[function], lang, expanded=False)
        parts.append("</details>")
    parts += _written_html(report.written, lang)
    if report.sandbox:
        parts.append(f"<p><small>{t('sandbox')}: {escape(report.sandbox)}</small></p>")
    if report.seed is not None:
        parts.append(f"<p><small>{t('seed')}: {report.seed}</small></p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _written_html(written: list[dict], lang: str) -> list[str]:
    """The written answers' points and the TAs' comments (a question not graded yet says so: never a 0)."""
    if not written:
        return []
    t = lambda key, **kw: escape(translate(key, lang, **kw))  # noqa: E731
    graded = [w["points"] for w in written if w.get("points") is not None]
    total = f"{sum(graded):g} / {sum(w['max'] for w in written if w.get('points') is not None):g}" if graded else ""
    parts = [f"<section id='written'><div class='fn'><h3>{t('written_answers')}</h3><span>{escape(total)}</span></div>"
             "<ul>"]
    for w in written:
        label = w.get("label_zh") if lang == "zh" and w.get("label_zh") else w.get("label", w["key"])
        score = t("not_graded_yet") if w.get("points") is None else f"{w['points']:g} / {w['max']:g}"
        comment = f"<div class='hint'>{escape(w['comment'])}</div>" if w.get("comment") else ""
        parts.append(f"<li>{escape(label)}: <b>{score}</b>{comment}</li>")
    parts.append("</ul></section>")
    return parts


def _function_html(function: str, checks: list[CheckResult], lang: str, expanded: bool,
                   report: Report | None = None) -> list[str]:
    t = lambda key, **kw: escape(translate(key, lang, **kw))  # noqa: E731
    got, top = sum(c.score for c in checks), sum(c.max_score for c in checks)
    optional = f" <small>({t('optional')})</small>" if checks[0].optional else ""
    parts = [f"<section id='fn-{escape(function)}'><div class='fn'><h3><code>{escape(function)}</code>{optional}"
             f"</h3><span>{got:g} / {top:g}</span></div>"]
    root = depends_on(checks) if expanded else ""
    if root:  # one line: the mistake is named once, under the function it depends on
        line = next(c.hint for c in checks if c.numbers.get("depends_on"))
        parts.append(f"<div class='hint depends'>{escape(line)}</div></section>")
        return parts
    shown = [c for c in checks if not _contradicts(c, checks)]
    failing = [c for c in shown if _failing(c)] if expanded else []
    passing = [c for c in shown if c not in failing]
    for check in failing:
        parts += _check_html(check, lang, open_details=True,
                             where=function_location(check, report) if report is not None else "")
    if passing and failing:
        parts.append(f"<details><summary>{t('passed_checks', count=len(passing))}</summary>")
        for check in passing:
            parts += _check_html(check, lang, open_details=False)
        parts.append("</details>")
    else:
        for check in passing:
            parts += _check_html(check, lang, open_details=False)
    if len(shown) < len(checks):
        parts.append(f"<p><small>{t('numeric_gradient_hidden')}</small></p>")
    parts.append("</section>")
    return parts


def html_names(report: Report, path: Path) -> dict[str, Path]:
    """{language: file} of the pages: ``report.html`` in the first language, ``report.en.html`` (and so on) for the
    others. One page per language: a student reads one language, and a page in two would be twice as long."""
    path = Path(path)
    langs = report.languages
    return {lang: path if k == 0 else path.with_name(f"{path.stem}.{lang}{path.suffix}") for k, lang in enumerate(langs)}


def write_html(report: Report, path: Path):
    from . import atomic_write
    names = html_names(report, path)
    for lang, target in names.items():
        others = {other: p.name for other, p in names.items() if other != lang}
        atomic_write(target, render_html(report, lang, others))
