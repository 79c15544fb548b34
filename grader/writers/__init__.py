"""Report writers: each observes a Report and writes one file. A dict from file name to writer is all the
machinery there is."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from ..model import Report
from .gradescope import write_results_json
from .html import write_html
from .junit import write_junit
from .report_json import write_report_json

WRITERS: dict[str, Callable[[Report, Path], None]] = {
    "results.json": write_results_json,
    "report.json": write_report_json,
    "report.html": write_html,
    "junit.xml": write_junit,
}


def atomic_write(path: Path, text: str):
    """Write ``text`` beside ``path`` and rename it into place, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, prefix=f".{path.name}.",
                                     encoding="utf-8") as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)


def write_all(report: Report, outdir: Path) -> list[Path]:
    """Write every format into ``outdir``; returns the paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, writer in WRITERS.items():
        writer(report, outdir / name)
        paths.append(outdir / name)
    return paths
