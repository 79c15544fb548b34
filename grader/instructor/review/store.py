"""Where the review's clicks are kept: one SQLite file in the batch's output folder, safe for several TAs at once.

INSTRUCTOR SIDE. ``OUT/review.sqlite`` in WAL mode (readers never wait for a writer, a writer waits up to a few
seconds for another), every change one short transaction that sets a state (an item applied or not, a comment's
text, an item's points) rather than toggling it, so two TAs clicking at once lose nothing; every change is also
appended to ``history`` with who made it and when. Answers are copied in from the batch's
``students/<id>/inline_answers.json`` each time the page starts, so a re-run batch shows new answers.

Scores are never stored: an answer's score is computed from the items applied to it and the items' current
points, so changing an item's points re-scores every answer it was applied to.
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
from pathlib import Path

from ...submission_zip import PLACEHOLDERS
from .rubric import Question, question_key

DB_FILE = "review.sqlite"
MAX_ANSWER_CHARS = 200_000  # what the page shows of one answer (a 1 MB answer is cut, with a note)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (student TEXT, question TEXT, answer TEXT, present INTEGER,
                                    PRIMARY KEY (student, question));
CREATE TABLE IF NOT EXISTS students (student TEXT PRIMARY KEY, name TEXT, position INTEGER);
CREATE TABLE IF NOT EXISTS item_points (item TEXT PRIMARY KEY, points REAL, grader TEXT, at REAL);
CREATE TABLE IF NOT EXISTS applied (student TEXT, question TEXT, item TEXT, applied INTEGER, grader TEXT, at REAL,
                                    PRIMARY KEY (student, question, item));
CREATE TABLE IF NOT EXISTS comments (student TEXT, question TEXT, text TEXT, grader TEXT, at REAL,
                                     PRIMARY KEY (student, question));
CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL, grader TEXT, student TEXT,
                                    question TEXT, action TEXT, detail TEXT);
"""


@dataclasses.dataclass
class Mark:
    """One student's answer to one question, with what the TAs gave it (``score`` None: not graded yet)."""

    student: str
    question: str
    answer: str
    present: bool
    applied: list[str]
    comment: str
    score: float | None
    graders: list[str]


class Store:
    """The review's state for one batch output folder."""

    def __init__(self, outdir: str | Path, questions: list[Question]):
        self.path = Path(outdir) / DB_FILE
        self.questions = {q.key: q for q in questions}
        self.items = {i.key: i for q in questions for i in q.items}
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA busy_timeout=10000")
        return db

    # -- answers ------------------------------------------------------------------------------------------------
    def load_answers(self, answers: dict[str, list[dict]], names: dict[str, str]) -> None:
        """Replace the stored answers with the batch's: ``{student: [{"notebook", "number", "answer"}, ...]}``.

        Every student gets a row for every question (``present`` 0 where the notebook or its answer cell is
        missing, or the answer is the placeholder), so that no question is silently skipped. Grades already given
        stay."""
        order = sorted(answers, key=lambda s: (len(s), s))
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM answers")
            for position, student in enumerate(order, 1):
                db.execute("INSERT OR REPLACE INTO students VALUES (?, ?, ?)",
                           (student, names.get(student, student), position))
                given = {}
                for item in answers[student]:
                    try:
                        given[question_key(item["notebook"], item["number"])] = str(item.get("answer", ""))
                    except (KeyError, TypeError, ValueError):
                        continue
                for key in self.questions:
                    text = given.get(key)
                    answered = text is not None and text.strip() not in PLACEHOLDERS  # a deleted cell gives ""
                    db.execute("INSERT INTO answers VALUES (?, ?, ?, ?)",
                               (student, key, (text or "")[:MAX_ANSWER_CHARS + 1] if answered else "", int(answered)))
            db.execute("COMMIT")

    def students(self) -> list[tuple[str, str, int]]:
        """(id, name, position) of every student with answers, in a stable order."""
        with self._connect() as db:
            return db.execute("SELECT s.student, s.name, s.position FROM students s WHERE s.student IN "
                              "(SELECT DISTINCT student FROM answers) ORDER BY s.position").fetchall()

    # -- changes ------------------------------------------------------------------------------------------------
    def _log(self, db, grader, student, question, action, detail):
        db.execute("INSERT INTO history (at, grader, student, question, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
                   (time.time(), grader, student, question, action, json.dumps(detail, ensure_ascii=False)))

    def apply(self, student: str, question: str, item: str, applied: bool, grader: str) -> None:
        """Set whether ``item`` is applied to ``student``'s answer to ``question``."""
        if question not in self.questions or not item.startswith(question + "/") or item not in self.items:
            raise KeyError(item)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO applied VALUES (?, ?, ?, ?, ?, ?)",
                       (student, question, item, int(applied), grader, time.time()))
            self._log(db, grader, student, question, "apply" if applied else "remove", {"item": item})
            db.execute("COMMIT")

    def comment(self, student: str, question: str, text: str, grader: str) -> None:
        if question not in self.questions:
            raise KeyError(question)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO comments VALUES (?, ?, ?, ?, ?)",
                       (student, question, text[:20_000], grader, time.time()))
            self._log(db, grader, student, question, "comment", {"text": text[:2000]})
            db.execute("COMMIT")

    def set_points(self, item: str, points: float, grader: str) -> None:
        """Change an item's points: every answer it is applied to is re-scored (scores are computed, not kept)."""
        if item not in self.items:
            raise KeyError(item)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO item_points VALUES (?, ?, ?, ?)", (item, float(points), grader,
                                                                                 time.time()))
            self._log(db, grader, "", item.rsplit("/", 1)[0], "points", {"item": item, "points": points})
            db.execute("COMMIT")

    # -- reading ------------------------------------------------------------------------------------------------
    def item_points(self) -> dict[str, float]:
        """Every item's current points: the source's, or a change made on the page."""
        points = {key: item.points for key, item in self.items.items()}
        with self._connect() as db:
            points.update({k: v for k, v in db.execute("SELECT item, points FROM item_points") if k in points})
        return points

    def score(self, question: str, applied: list[str], points: dict[str, float]) -> float | None:
        if not applied:
            return None
        total = sum(points[i] for i in applied)
        return min(max(total, 0.0), self.questions[question].points)

    def marks(self, question: str | None = None) -> list[Mark]:
        """Every answer (of one question, or all), with its applied items, comment and score."""
        points = self.item_points()
        where, args = ("WHERE a.question = ?", (question,)) if question else ("", ())
        with self._connect() as db:
            rows = db.execute(f"SELECT a.student, a.question, a.answer, a.present, s.position FROM answers a "
                              f"JOIN students s ON s.student = a.student {where} ORDER BY s.position",
                              args).fetchall()
            applied: dict[tuple, list] = {}
            graders: dict[tuple, set] = {}
            for student, q, item, grader in db.execute("SELECT student, question, item, grader FROM applied "
                                                       "WHERE applied = 1 ORDER BY item"):
                applied.setdefault((student, q), []).append(item)
                graders.setdefault((student, q), set()).add(grader)
            comments = {(s, q): t for s, q, t in db.execute("SELECT student, question, text FROM comments")}
        marks = []
        for student, q, answer, present, _ in rows:
            items = [i for i in applied.get((student, q), []) if i in points]
            marks.append(Mark(student, q, answer, bool(present), items, comments.get((student, q), ""),
                              self.score(q, items, points), sorted(graders.get((student, q), ()))))
        return marks

    def progress(self) -> dict:
        """Graded answers per question and per TA (an answer is graded once an item is applied to it)."""
        marks = self.marks()
        per_question = {key: [0, 0] for key in self.questions}
        per_grader: dict[str, int] = {}
        for mark in marks:
            per_question[mark.question][1] += 1
            if mark.score is not None:
                per_question[mark.question][0] += 1
                for grader in mark.graders:
                    per_grader[grader] = per_grader.get(grader, 0) + 1
        return {"questions": per_question, "graders": per_grader}

    def history(self) -> list[tuple]:
        with self._connect() as db:
            return db.execute("SELECT at, grader, student, question, action, detail FROM history ORDER BY id")\
                .fetchall()
