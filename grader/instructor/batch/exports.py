"""The batch's tables, as writers like the report writers: each reads the rows and writes one file.
INSTRUCTOR SIDE.

- gradebook.csv: one row per entry: id, original name, kind, total, max, one column per graded function, which
  file was graded and which were set aside, why nothing was gradable, the errors and the notes.
- gradebook_canvas.csv: what Canvas's gradebook import (``lib/gradebook_importer.rb``) reads: ``Student``,
  ``ID`` (Canvas's user id, the first number after the name in its export), ``SIS User ID``, ``SIS Login ID``
  (left empty: the export never says it), ``Section``, then the assignment's column, and a ``Points Possible`` row.
- gradebook_moodle.csv: what Moodle's grading worksheet import (``mod/assign/feedback/offline/
  importgradeslib.php``) needs: ``Identifier`` (``Participant N``), ``Grade`` and ``Last modified (grade)``, with
  ``Full name``, ``Maximum Grade`` and ``Feedback comments``.

A row that was not graded (the grader failed, a refused entry) has an empty grade in the LMS exports, so the
LMS keeps what it had instead of a zero nobody decided; duplicates are left out.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ...functions import GRADED
from ...writers import atomic_write
from ...writers.spreadsheet import csv_text
from .rows import DUPLICATE_ROW, GRADED_ROW

CANVAS_ASSIGNMENT = "convkit assignment"
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)", "Feedback comments"]


def _kind(row: dict) -> str:
    return row.get("kind", GRADED_ROW)


def write_gradebook(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> Path:
    """gradebook.csv (see the module's docstring). No cell starts like a spreadsheet formula."""
    functions = [g.name for g in GRADED]
    lines = [[name, r.get("original", name), _kind(r), r["score"], r["max_score"], r["optional_score"],
              *[r["functions"].get(f, 0.0) for f in functions], r.get("graded_file", ""), r.get("set_aside", ""),
              r.get("nothing_gradable", ""), r["error"], r.get("notes", "")]
             for name, r in sorted(rows.items())]
    path = Path(outdir) / "gradebook.csv"
    atomic_write(path, csv_text(["student", "original_name", "kind", "score", "max_score", "optional_score",
                                 *functions, "graded_file", "set_aside", "nothing_gradable", "error", "notes"], lines))
    return path


def _students(rows: dict[str, dict]) -> list[dict]:
    return [r for _, r in sorted(rows.items()) if _kind(r) != DUPLICATE_ROW]


def _grade_of(row: dict):
    return row["score"] if _kind(row) == GRADED_ROW else ""


def _top(rows: dict[str, dict]):
    return max((r["max_score"] for r in _students(rows) if _kind(r) == GRADED_ROW), default="")


def write_canvas(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> Path:
    """gradebook_canvas.csv (see the module's docstring)."""
    lines = [["Points Possible", "", "", "", "", _top(rows)]]
    for r in _students(rows):
        lms = r.get("lms") or {}
        canvas = lms.get("lms") == "canvas"
        student = (lms.get("name") or (lms.get("anonymous_id") or lms.get("login") if canvas else "")
                   or r.get("original", r["student"]))
        lines.append([student, lms.get("user_id", "") if canvas else "", lms.get("sid", ""), "", "", _grade_of(r)])
    path = Path(outdir) / "gradebook_canvas.csv"
    atomic_write(path, csv_text(CANVAS_COLUMNS + [assignment], lines))
    return path


def _feedback(row: dict) -> str:
    if _kind(row) != GRADED_ROW:
        return f"convkit: not graded; {row['error']}"
    text = f"convkit: {row['score']:g} / {row['max_score']:g}"
    return text + (f"; {row['error']}" if row["error"] else "")


def write_moodle(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> Path:
    """gradebook_moodle.csv (see the module's docstring)."""
    lines = []
    top = _top(rows)
    for r in _students(rows):
        lms = r.get("lms") or {}
        ident = f"Participant {lms['participant']}" if lms.get("participant") else ""
        lines.append([ident, lms.get("name") or r.get("original", r["student"]), _grade_of(r),
                      r["max_score"] or top, r.get("graded_at", ""), _feedback(r)])
    path = Path(outdir) / "gradebook_moodle.csv"
    atomic_write(path, csv_text(MOODLE_COLUMNS, lines))
    return path


GRADEBOOK_WRITER = write_gradebook
LMS_WRITERS: dict[str, Callable[[Path, dict, str], Path]] = {
    "gradebook_canvas.csv": write_canvas,
    "gradebook_moodle.csv": write_moodle,
}


def write_lms_exports(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> list[Path]:
    """Every LMS export (LMS_WRITERS)."""
    return [writer(Path(outdir), rows, assignment) for writer in LMS_WRITERS.values()]
