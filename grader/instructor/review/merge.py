"""The written answers' points and comments, merged into everything the batch wrote.

INSTRUCTOR SIDE. From ``OUT/review.sqlite``: each student's ``row.json`` gets ``written`` (per question: its
points or None while not graded yet, its maximum, the comment), their ``report.json``, ``results.json`` and
``report.html`` are rewritten with the same list (``Report.written``), and ``OUT/written_answers.csv`` lists every
answer's points, comment and graders. The batch's gradebook and LMS files read the rows. An answer not graded yet
is never a 0: it is ``None`` here, "not graded yet" in the reports, an empty cell in the CSV, and a student's
written points reach the LMS files only once all of their answers are graded.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ...model import Report, sum_points
from ...writers import atomic_write
from .rubric import Question, load_questions
from .store import DB_FILE, Store

STUDENTS_DIR, ROW_FILE, REPORT_FILE = "students", "row.json", "report.json"


@dataclasses.dataclass
class MergeResult:
    students: int
    graded: int
    pending: int
    csv: Path


def written_summary(row: dict) -> tuple[float | None, float, int]:
    """(points of the graded written answers or None when none is graded, their total maximum, answers pending)."""
    written = row.get("written") or []
    graded = [w["points"] for w in written if w.get("points") is not None]
    pending = len(written) - len(graded)
    return (sum_points(graded) if graded else None), sum_points(w["max"] for w in written), pending


def written_for(student: str, marks_by_student: dict, questions: list[Question]) -> list[dict]:
    marks = {m.question: m for m in marks_by_student.get(student, [])}
    return [{"key": q.key, "label": q.label("en"), "label_zh": q.label("zh"), "max": q.points,
             "points": marks[q.key].score if q.key in marks else None,
             "comment": marks[q.key].comment if q.key in marks else ""} for q in questions]


def merge(outdir: str | Path, questions: list[Question] | None = None) -> MergeResult | None:
    """Merge the review's grades into the batch's outputs (None when no review was started in ``outdir``)."""
    from ..api import write_reports
    outdir = Path(outdir)
    if not (outdir / DB_FILE).exists():
        return None
    questions = questions or load_questions()
    store = Store(outdir, questions)
    by_student: dict[str, list] = {}
    for mark in store.marks():
        by_student.setdefault(mark.student, []).append(mark)
    students = sorted(by_student)
    graded = pending = 0
    csv_rows = []
    for student in students:
        folder = outdir / STUDENTS_DIR / student
        written = written_for(student, by_student, questions)
        graded += sum(w["points"] is not None for w in written)
        pending += sum(w["points"] is None for w in written)
        for w, mark in zip(written, sorted(by_student[student], key=lambda m: [q.key for q in questions]
                                           .index(m.question))):
            csv_rows.append([student, w["key"], "" if w["points"] is None else w["points"], w["max"], w["comment"],
                             " ".join(mark.graders)])
        row_file = folder / ROW_FILE
        if row_file.is_file():
            row = json.loads(row_file.read_text(encoding="utf-8"))
            row["written"] = written
            atomic_write(row_file, json.dumps(row, ensure_ascii=False))
        report_file = folder / REPORT_FILE
        if report_file.is_file():
            report = Report.from_dict(json.loads(report_file.read_text(encoding="utf-8")))
            report.written = written
            write_reports(report, folder)
    from ..batch import _csv_text
    path = outdir / "written_answers.csv"
    atomic_write(path, _csv_text(["student", "question", "points", "max_points", "comment", "graded_by"], csv_rows))
    return MergeResult(len(students), graded, pending, path)
