"""Grading the written answers: a page TAs use, one question at a time across the class, merged into the gradebook.

INSTRUCTOR SIDE. ``python -m grader.instructor review OUT`` serves a batch's output folder on 127.0.0.1 (a random
free port, a one-time token in the printed address): each Inline Question in turn, every student's answer rendered
as in the notebook (anonymised until a TA asks for names), the question and its reference answer, and the rubric
from the notebook source (``rubric``), applied with a click or the keys 1-9. Clicks go to ``OUT/review.sqlite``
(``store``: several TAs at once, every change kept with who and when). ``review OUT --export`` (and every re-run of
``batch`` on OUT) merges the points and comments into the students' reports, the gradebook and the LMS files
(``merge``).

The steps: ``load_class`` (the batch's answers and names) -> ``Store`` -> ``ReviewServer``; ``merge`` at the end.
"""
from __future__ import annotations

import json
from pathlib import Path

from .merge import MergeResult, merge
from .rubric import Question, RubricError, load_questions
from .server import ReviewServer
from .store import DB_FILE, Store

__all__ = ["review", "refresh", "merge", "load_class", "MergeResult", "ReviewError", "RubricError"]


class ReviewError(Exception):
    """The folder is not something the review can open (the message says what to do)."""


def load_class(outdir: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """The answers of every student the batch graded, and their names: ({id: answers}, {id: name}).

    A student whose submission held no answers (no notebook, answer cells deleted) is listed with none, so each of
    their questions shows as not answered rather than missing from the page."""
    from ..answers import ANSWERS_FILE
    students = Path(outdir) / "students"
    answers: dict[str, list[dict]] = {}
    names: dict[str, str] = {}
    for row_file in sorted(students.glob("*/row.json")):
        try:
            row = json.loads(row_file.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        if row.get("kind") == "duplicate":
            continue
        student = row.get("student") or row_file.parent.name
        names[student] = (row.get("lms") or {}).get("name") or row.get("original") or student
        answers[student] = []
        answer_file = row_file.parent / ANSWERS_FILE
        if answer_file.is_file():
            try:
                items = json.loads(answer_file.read_text(encoding="utf-8"))
                answers[student] = [a for a in items if isinstance(a, dict)] if isinstance(items, list) else []
            except (ValueError, OSError):
                pass
    return answers, names


def open_store(outdir: str | Path, questions: list[Question] | None = None) -> Store:
    outdir = Path(outdir)
    if not (outdir / "students").is_dir():
        raise ReviewError(f"{outdir} is not a batch's output folder (it has no students/): run "
                          "`python -m grader.instructor batch CLASS -o OUT` first")
    questions = questions or load_questions()
    answers, names = load_class(outdir)
    if not answers:
        raise ReviewError(f"{outdir}/students holds no graded student: nothing to review")
    store = Store(outdir, questions)
    store.load_answers(answers, names)
    return store


def refresh(outdir: str | Path) -> MergeResult | None:
    """After a batch re-run: the review's answers from the new submissions, then the merge (None without a review)."""
    outdir = Path(outdir)
    if not (outdir / DB_FILE).exists():
        return None
    open_store(outdir)
    return merge(outdir)


def review(outdir: str | Path, *, host: str = "127.0.0.1", port: int = 0, lang: str = "en",
           token: str | None = None) -> ReviewServer:
    """A review server over ``outdir``, bound but not yet serving (call ``serve_forever``; ``url`` to open).

    Raises:
        ReviewError: ``outdir`` is no batch output, or holds no student.
        RubricError: a question of the notebook sources has no complete rubric.
    """
    questions = load_questions()
    store = open_store(outdir, questions)
    server = ReviewServer(store, questions, host=host, port=port, token=token)
    server.lang = lang
    return server
