"""Gradescope's results.json: top-level score, execution_time, output, visibility and one entry per check.

The top-level ``score`` is the required total; optional exercises are listed as tests worth their points but
are not added to it (Gradescope shows them, the gradebook keeps them apart as extra credit).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..model import INFO, PASSED, Report


def results_json(report: Report) -> dict:
    summary = [f"Score: {report.score:g} / {report.max_score:g}"]
    if report.optional_max_score:
        summary.append(f"Optional exercises (not in the score): {report.optional_score:g} / "
                       f"{report.optional_max_score:g}")
    summary += report.errors
    summary += report.notes
    if report.sandbox:
        summary.append(f"Sandbox: {report.sandbox}")
    tests = []
    for check in report.checks:
        output = "\n\n".join(part for part in (check.hint, check.message) if part)
        tests.append({
            "name": check.full_name,
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.status in (PASSED, INFO) and check.score >= check.max_score else "failed",
            "output": output,
            "visibility": check.visibility,
            "tags": list(check.tags),
        })
    return {"score": report.score, "execution_time": int(round(report.execution_time)),
            "output": "\n".join(summary), "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def write_results_json(report: Report, path: Path):
    from . import atomic_write
    atomic_write(Path(path), json.dumps(results_json(report), indent=2, ensure_ascii=False))
