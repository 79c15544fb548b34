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


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, so no other thread sees it change)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str | bytes):
    """Write ``text`` beside ``path`` and rename it into place, so readers never see half a file.

    The file gets the permissions a plain ``open(path, "w")`` would give it (0666 less the umask): a temporary
    file is private (0600), which would hide the gradebook and the feedback from the rest of the course staff.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, prefix=f".{path.name}.") as tmp:
        try:
            tmp.write(data)
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, where files get no Unix modes anyway
                os.fchmod(tmp.fileno(), 0o666 & ~current_umask())
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise
    os.replace(tmp.name, path)


def write_all(report: Report, outdir: Path) -> list[Path]:
    """Write every format into ``outdir``; returns the paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    # Every writer reads the report worded in a language; it is worded once per language here, not once per writer
    # (the report does not change while it is written, and no writer changes what it reads).
    worded: dict[str, Report] = {}
    word = report.worded

    def once(lang: str | None = None) -> Report:
        lang = lang or report.lang
        if lang not in worded:
            worded[lang] = word(lang)
        return worded[lang]
    report.worded = once
    try:
        for name, writer in WRITERS.items():
            writer(report, outdir / name)
            paths.append(outdir / name)
    finally:
        del report.worded
    return paths
