"""report.html: a self-contained feedback page; for each check the hint comes first, then the numbers."""
from __future__ import annotations

from html import escape
from pathlib import Path

from ..i18n import translate
from ..model import PASSED, Report

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .bar{background:#eee;border-radius:4px;height:1rem}
.bar span{display:block;height:1rem;border-radius:4px;background:#2a7}
section{border-top:1px solid #ddd;padding:.6rem 0} .fn{display:flex;justify-content:space-between}
.badge{border-radius:3px;padding:0 .4rem;font-size:.85rem;color:#fff}
.passed,.info{background:#2a7} .failed{background:#c62} .error{background:#b22} .not-implemented{background:#888}
.hint{background:#fff6d6;border-left:4px solid #e0a800;padding:.4rem .6rem;margin:.3rem 0}
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;font-size:.85rem} .errors{color:#b22}
"""


def render_html(report: Report) -> str:
    t = lambda key: escape(translate(key, report.lang))  # noqa: E731
    pct = 100.0 * report.score / report.max_score if report.max_score else 0.0
    parts = [f"<!DOCTYPE html><html lang='{escape(report.lang)}'><head><meta charset='utf-8'>",
             f"<title>{t('title')}</title><style>{_CSS}</style></head><body>",
             f"<h1>{t('title')}</h1><p>{escape(report.submission)}</p>",
             f"<p><b>{t('score')}: {report.score:g} / {report.max_score:g}</b></p>",
             f"<div class='bar'><span style='width:{pct:.1f}%'></span></div>"]
    if report.optional_max_score:
        parts.append(f"<p>{t('optional_total')}: {report.optional_score:g} / {report.optional_max_score:g}</p>")
    if report.errors:
        parts.append(f"<div class='errors'><h3>{t('errors')}</h3><ul>" +
                     "".join(f"<li>{escape(e)}</li>" for e in report.errors) + "</ul></div>")
    if report.notes:
        parts.append(f"<div class='notes'><h3>{t('notes')}</h3><ul>" +
                     "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul></div>")
    if report.sandbox:
        parts.append(f"<p><small>{t('sandbox')}: {escape(report.sandbox)}</small></p>")
    by_function: dict[str, list] = {}
    for check in report.checks:
        by_function.setdefault(check.function, []).append(check)
    for function, checks in by_function.items():
        got, top = sum(c.score for c in checks), sum(c.max_score for c in checks)
        optional = f" <small>({t('optional')})</small>" if checks[0].optional else ""
        parts.append(f"<section><div class='fn'><h3><code>{escape(function)}</code>{optional}</h3>"
                     f"<span>{got:g} / {top:g}</span></div>")
        for check in checks:
            css = check.status.replace(" ", "-")
            parts.append(f"<div><span class='badge {css}'>{t(check.status)}</span> {escape(check.name)}")
            if check.status != PASSED:
                if check.hint:
                    parts.append(f"<div class='hint'><b>{t('hint')}:</b> {escape(check.hint)}</div>")
                if check.message:
                    parts.append(f"<pre>{escape(check.message)}</pre>")
            parts.append("</div>")
        parts.append("</section>")
    if report.seed is not None:
        parts.append(f"<p><small>{t('seed')}: {report.seed}</small></p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(report: Report, path: Path):
    from . import atomic_write
    atomic_write(Path(path), render_html(report))
