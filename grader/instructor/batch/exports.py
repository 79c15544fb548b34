"""The batch's tables, as writers like the report writers: each reads the rows and writes one file.
INSTRUCTOR SIDE.

- gradebook.csv: one row per entry: id, original name, kind, total, max, one column per graded function, which
  file was graded and which were set aside, why nothing was gradable, the errors and the notes.
- gradebook_canvas.csv: what Canvas's gradebook import (``lib/gradebook_importer.rb``) reads: ``Student``,
  ``ID`` (Canvas's user id, the first number after the name in its export), ``SIS User ID``, ``SIS Login ID``
  (empty for an LMS's export, which never says it; a plain folder's name otherwise), ``Section``, then the assignment's column, and a ``Points Possible`` row.
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
from ...model import sum_points
from ...writers import atomic_write
from ...writers.spreadsheet import csv_text
from ..review.merge import written_summary
from .rows import DUPLICATE_ROW, GRADED_ROW

CANVAS_ASSIGNMENT = "convkit assignment"
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)", "Feedback comments"]


def _kind(row: dict) -> str:
    return row.get("kind", GRADED_ROW)


def write_gradebook(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> Path:
    """gradebook.csv (see the module's docstring; written answers graded on the review page get a column each and
    their totals). No cell starts like a spreadsheet formula."""
    functions = [g.name for g in GRADED]
    questions = list(dict.fromkeys(w["key"] for r in rows.values() for w in r.get("written") or []))
    lines = []
    for name, r in sorted(rows.items()):
        points, top, pending = written_summary(r)
        written = {w["key"]: w.get("points") for w in r.get("written") or []}
        lines.append([name, r.get("original", name), _kind(r), r["score"], r["max_score"], r["optional_score"],
                      *[r["functions"].get(f, 0.0) for f in functions],
                      *["" if written.get(q) is None else written[q] for q in questions],
                      *(["" if points is None else points, top, pending] if questions else []),
                      r.get("graded_file", ""), r.get("set_aside", ""), r.get("nothing_gradable", ""),
                      r["error"], r.get("notes", "")])
    extra = [f"written:{q}" for q in questions] + (["written_score", "written_max", "written_not_graded"]
                                                   if questions else [])
    path = Path(outdir) / "gradebook.csv"
    atomic_write(path, csv_text(["student", "original_name", "kind", "score", "max_score", "optional_score",
                                 *functions, *extra, "graded_file", "set_aside", "nothing_gradable", "error",
                                 "notes"], lines))
    return path


def _with_written(row: dict) -> tuple[float, float]:
    """The grade and its maximum for the LMS: the code's, plus the written answers' once all of them are graded
    (a partial written total would read as a final grade)."""
    points, top, pending = written_summary(row)
    if row.get("written") and not pending:
        return sum_points([row["score"], points or 0.0]), sum_points([row["max_score"], top])
    return row["score"], row["max_score"]


def _written_of(row: dict):
    """A student's written points once all of their answers are graded, else empty."""
    points, _, pending = written_summary(row)
    return points if row.get("written") and not pending and points is not None else ""


def _students(rows: dict[str, dict]) -> list[dict]:
    return [r for _, r in sorted(rows.items()) if _kind(r) != DUPLICATE_ROW]


def _grade_of(row: dict):
    return row["score"] if _kind(row) == GRADED_ROW else ""


def _top(rows: dict[str, dict]):
    return max((r["max_score"] for r in _students(rows) if _kind(r) == GRADED_ROW), default="")


def write_canvas(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> Path:
    """gradebook_canvas.csv (see the module's docstring)."""
    students = _students(rows)
    written = any(r.get("written") for r in students)
    written_top = max((written_summary(r)[1] for r in students), default="") if written else None
    lines = [["Points Possible", "", "", "", "", _top(rows)] + ([written_top] if written else [])]
    for r in students:
        lms = r.get("lms") or {}
        canvas = lms.get("lms") == "canvas"
        student = (lms.get("name") or (lms.get("anonymous_id") or lms.get("login") if canvas else "")
                   or r.get("original", r["student"]))
        login = "" if lms.get("lms") else r["student"]  # a plain folder name may be a login; an LMS's name is not
        lines.append([student, lms.get("user_id", "") if canvas else "", lms.get("sid", ""), login, "", _grade_of(r)]
                     + ([_written_of(r)] if written else []))
    path = Path(outdir) / "gradebook_canvas.csv"
    atomic_write(path, csv_text(CANVAS_COLUMNS + [assignment]
                                + ([f"{assignment} (written answers)"] if written else []), lines))
    return path


def _feedback(row: dict) -> str:
    if _kind(row) != GRADED_ROW:
        return f"convkit: not graded; {row['error']}"
    text = f"convkit: {row['score']:g} / {row['max_score']:g}"
    points, top, pending = written_summary(row)
    if row.get("written"):
        text += (f"; written answers {points or 0:g} / {top:g}" if not pending else
                 f"; written answers: {pending} not graded yet")
    return text + (f"; {row['error']}" if row["error"] else "")


def write_moodle(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> Path:
    """gradebook_moodle.csv (see the module's docstring)."""
    lines = []
    top = _top(rows)
    for r in _students(rows):
        lms = r.get("lms") or {}
        ident = f"Participant {lms['participant']}" if lms.get("participant") else ""
        grade, most = _with_written(r)
        lines.append([ident, lms.get("name") or r.get("original", r["student"]),
                      grade if _kind(r) == GRADED_ROW else "", most or top, r.get("graded_at", ""), _feedback(r)])
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
