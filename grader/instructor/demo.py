"""``make demo``: grade a small example batch (the reference, the stubs, a submission with typical mistakes)
and print the scores table. INSTRUCTOR SIDE."""
from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .api import grade, write_reports
from .mistakes import make_submission
from .reference import ROOT, copy_reference

# Three classics at once: a forgotten conv bias, pad:-pad in the conv backward, = instead of += in pooling.
TYPICAL_MISTAKES = ("forgotten_bias", "pad_minus_pad_slice", "pool_assign_not_accumulate")


def run_demo(outdir: str | Path = "out/demo", seed: int = 2024) -> int:
    console = Console()
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        batch = {"reference": copy_reference(tmp / "reference"), "stubs": ROOT / "assignment",
                 "typical_mistakes": make_submission(TYPICAL_MISTAKES, tmp / "typical_mistakes")}
        reports = {}
        for name, path in batch.items():
            report = grade(path, seed=seed)
            report.submission = name
            write_reports(report, outdir / name)
            reports[name] = report
    table = Table(title=f"convkit demo: 3 submissions graded on hidden inputs (seed {seed})")
    table.add_column("submission")
    table.add_column("score", justify="right")
    table.add_column("optional", justify="right")
    table.add_column("functions that lost points", overflow="fold")
    table.add_column("time", justify="right")
    for name, report in reports.items():
        lost = [f for f, (got, top) in report.function_scores().items() if got < top]
        shown = ", ".join(lost) if len(lost) <= 4 else f"{len(lost)} functions (all not implemented)"
        table.add_row(name, f"{report.score:g} / {report.max_score:g}",
                      f"{report.optional_score:g} / {report.optional_max_score:g}", shown or "-",
                      f"{report.execution_time:.2f} s")
    console.print(table)
    mistakes = reports["typical_mistakes"].worded()
    for check in mistakes.checks:
        if check.score < check.max_score:
            console.print(f"[bold]{escape(check.full_name)}[/bold]: "
                          f"{escape(check.hint or check.message.splitlines()[0])}", highlight=False)
    console.print(f"reports (results.json, report.json, report.html, junit.xml) in {outdir}/<submission>/")
    console.print(f"sandbox: {mistakes.sandbox}")
    return 0
