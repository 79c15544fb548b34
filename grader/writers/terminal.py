"""The scores table on a terminal (rich; plain text when there is no terminal)."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..i18n import translate
from ..model import PASSED, Report


def render_table(report: Report, console: Console | None = None):
    console = console or Console()
    t = lambda key: translate(key, report.lang)  # noqa: E731
    table = Table(title=escape(str(report.submission)))
    table.add_column(t("function"))
    table.add_column(t("score"), justify="right")
    table.add_column(t("status"))
    table.add_column(t("details"), overflow="fold")
    by_function: dict[str, list] = {}
    for check in report.checks:
        by_function.setdefault(check.function, []).append(check)
    for function, checks in by_function.items():
        got, top = sum(c.score for c in checks), sum(c.max_score for c in checks)
        failing = next((c for c in checks if c.status != PASSED and c.score < c.max_score), None)
        status = t(failing.status) if failing else t("passed")
        detail = ""
        if failing:
            text = failing.hint or failing.message
            detail = text.splitlines()[0][:100] if text else ""
        name = function + (f" ({t('optional')})" if checks[0].optional else "")
        style = "green" if not failing else ("yellow" if got else "red")
        table.add_row(escape(name), f"{got:g} / {top:g}", f"[{style}]{escape(status)}[/{style}]", escape(detail))
    table.add_section()
    table.add_row(t("total"), f"{report.score:g} / {report.max_score:g}", "", "")
    console.print(table)
    for error in report.errors:
        console.print(f"[red]{escape(error)}[/red]", highlight=False)
    for note in report.notes:
        console.print(escape(note), highlight=False)
