"""Gradebook rows: the kinds of row, one submission graded into its row, and the rows kept on disk. INSTRUCTOR SIDE.

Kinds of row:
- ``graded``: the submission was graded; its score is the student's. When nothing gradable was found in it (a
  PDF alone, a broken zip), the score is 0 and ``nothing_gradable`` says why: a problem to look at.
- ``not graded``: the grader failed on it (the sandbox could not start, the process grading it died twice, a Dask
  worker died or could not import the kit): no score, never 0; a re-run grades exactly these rows.
- ``refused``: an entry that is not a submission (a symlink, over a submission's limits).
- ``duplicate``: another hand-in of a student already graded (an older one; the latest is graded).
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from ...writers import atomic_write
from ..answers import ANSWERS_FILE, collect_answers
from .names import readable

ROW_FILE = "row.json"
PID_FILE = "worker.pid"
GRADED_ROW, REFUSED_ROW, DUPLICATE_ROW, NOT_GRADED_ROW = "graded", "refused", "duplicate", "not graded"
FAILED_ROW = NOT_GRADED_ROW     # the name this kind had before it was told apart from a student's zero

IN_POOL = False                 # set in a local pool's workers (a stop from the parent leaves without a row)


@dataclasses.dataclass
class Entry:
    """One thing found in the class folder, as the gradebook will show it.

    Attributes:
        student: The canonical student id (the folder under OUT/students/ and the gradebook's key).
        original: The name(s) as uploaded, readable (non-UTF-8 bytes shown as U+FFFD).
        path: What to grade (None for an entry that gets an error row only).
        error: Why the entry is not graded ("" when it is).
        kind: GRADED_ROW, REFUSED_ROW or DUPLICATE_ROW.
        lms: What the LMS said of the student (``lms``, ``login``, ``user_id``, ``name``, ``participant``...).
        note: Something the staff should know that is not a problem (earlier attempts left out).
        graded_file: Which file of the hand-in is graded ("" when the whole entry is).
        set_aside: Files of the hand-in (and older hand-ins) that were not graded.
        group_of: For a group member: the student whose row this member's copies.
        fingerprint: What the hand-in held when it was found (``fingerprint``): a re-run keeps a row only for the
            same files.
    """

    student: str
    original: str
    path: Path | None
    error: str = ""
    kind: str = GRADED_ROW
    lms: dict = dataclasses.field(default_factory=dict)
    note: str = ""
    graded_file: str = ""
    set_aside: list[str] = dataclasses.field(default_factory=list)
    group_of: str = ""
    fingerprint: str = ""


def fingerprint(path: Path | None) -> str:
    """A digest of what ``path`` holds (a file, or a folder's files by their paths inside it, symlinks not
    followed): two hand-ins with one name (a Moodle folder, a plain folder a late upload replaced) differ in it."""
    import hashlib
    from ...trees import walk
    digest = hashlib.sha256()
    if path is None:
        return ""
    path = Path(path)
    try:
        if path.is_file() and not path.is_symlink():
            files = [(path.name, path)]
        else:
            files = sorted(((os.path.relpath(os.path.join(d, f), path), Path(d) / f) for d, _, fs in walk(path)
                            for f in fs), key=lambda item: item[0].encode("utf-8", "surrogatepass"))
        for rel, file in files:
            digest.update(rel.encode("utf-8", "surrogatepass") + b"\0")
            if file.is_symlink() or not file.is_file():
                digest.update(b"-\0")
                continue
            with open(file, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            digest.update(b"\0")
    except OSError:
        return ""  # unreadable now: never taken for the same hand-in
    return digest.hexdigest()[:32]


def make_row(entry_or_name, report=None, error: str = "", kind: str | None = None) -> dict:
    """The gradebook row of an entry, from its report when it was graded."""
    if isinstance(entry_or_name, Entry):
        entry = entry_or_name
        base = {"student": entry.student, "original": entry.original, "kind": kind or entry.kind,
                "lms": entry.lms, "graded_file": entry.graded_file, "set_aside": "; ".join(entry.set_aside)[:500],
                "fingerprint": entry.fingerprint}
        error, notes = error or entry.error, [entry.note] if entry.note else []
    else:
        base = {"student": entry_or_name, "original": entry_or_name, "kind": kind or GRADED_ROW, "lms": {},
                "graded_file": "", "set_aside": ""}
        notes = []
    row = {**base, "score": 0.0, "max_score": 0.0, "optional_score": 0.0, "error": error[:500],
           "notes": "; ".join(notes)[:500], "functions": {}, "nothing_gradable": ""}
    if report is not None:
        report = report.worded()  # the gradebook's columns in the first language
        row.update(score=report.score, max_score=report.max_score, optional_score=report.optional_score,
                   functions={f: got for f, (got, _) in report.function_scores().items()},
                   error=readable("; ".join(report.errors))[:500],
                   notes=readable("; ".join(notes + report.notes))[:500],
                   seed=report.seed, graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        if not report.tier and report.errors:  # nothing ran: the hand-in held nothing to grade
            row["nothing_gradable"] = readable(report.errors[0])[:300]
    return row


def _readable_report(report):
    """Every text of a report as valid UTF-8 (a non-UTF-8 file name may reach a message)."""
    from ...i18n import map_strings
    report.errors = [map_strings(e, readable) for e in report.errors]
    report.notes = [map_strings(n, readable) for n in report.notes]
    report.sandbox = map_strings(report.sandbox, readable)
    for check in report.checks:
        check.message, check.hint = map_strings(check.message, readable), map_strings(check.hint, readable)
    return report


def grader_failure(exc: BaseException) -> str:
    """The error column of a row the grader (not the student) failed on."""
    return (f"not graded: the grader failed on this submission ({type(exc).__name__}: {readable(str(exc))[:300]}); "
            "it is not the student's zero: fix the cause and run the same command again")


def grade_one(name: str, path: str, outdir: str, seed: int, lang: str = "en", entry: Entry | None = None) -> dict:
    """Grade one submission into ``outdir/name`` (atomically) and return its gradebook row.

    Runs in a pool worker or on a Dask worker; never raises for a bad submission, and any exception from the
    grading itself (the sandbox could not start, ...) is the grader's failure: a ``not graded`` row, never a 0.
    While it runs, ``outdir/.name.partial/worker.pid`` names the process grading it.
    """
    from ..api import grade, write_reports
    entry = entry or Entry(name, name, Path(path))
    final = Path(outdir) / name
    staging = Path(outdir) / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        (staging / PID_FILE).write_text(str(os.getpid()))
        try:
            report = _readable_report(grade(path, seed=seed, lang=lang))
            report.submission = name
            write_reports(report, staging)
            answers = collect_answers(path)
            if answers:  # for manual grading: OUT/inline_answers.md lists them per student
                atomic_write(staging / ANSWERS_FILE, json.dumps([dataclasses.asdict(a) for a in answers],
                                                                ensure_ascii=False, indent=1))
            row = make_row(entry, report)
        except Exception as exc:  # the grader's own failure on one submission must not stop the batch
            for leftover in staging.iterdir():
                if leftover.name != PID_FILE:
                    shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
            row = make_row(entry, error=grader_failure(exc), kind=NOT_GRADED_ROW)
        (staging / PID_FILE).unlink()
        atomic_write(staging / ROW_FILE, json.dumps(row, ensure_ascii=False))
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
        return row
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if not (IN_POOL and isinstance(exc, SystemExit)):
            raise
    # Stopped by the parent (SIGTERM). Out of the except block the traceback is gone, so whatever the unwinding
    # left half-built (a sandbox or a prepared submission whose constructor was cut short) is collected now and its
    # temporary folder removed; then leave without taking another job.
    import gc
    gc.collect()
    os._exit(1)


def error_row(students: Path, entry: Entry, message: str = "", kind: str | None = None) -> dict:
    """Write and return the row of an entry that is not graded (refused, duplicate, or the grader failed)."""
    shutil.rmtree(students / f".{entry.student}.partial", ignore_errors=True)  # a dead worker's, if any
    row = make_row(entry, error=message, kind=kind)
    atomic_write(students / entry.student / ROW_FILE, json.dumps(row, ensure_ascii=False))
    return row


def member_row(students: Path, entry: Entry, leader: dict) -> dict:
    """The row of a group member: the group's submission's row, under the member's own id."""
    row = {**leader, "student": entry.student, "original": entry.original, "lms": entry.lms,
           "notes": "; ".join(n for n in (entry.note, leader.get("notes", "")) if n)[:500]}
    atomic_write(students / entry.student / ROW_FILE, json.dumps(row, ensure_ascii=False))
    return row


def load_rows(students: Path) -> dict[str, dict]:
    """The rows written so far, by student id."""
    rows = {}
    for row_file in sorted(Path(students).glob(f"*/{ROW_FILE}")):
        try:
            row = json.loads(row_file.read_text(encoding="utf-8"))
            rows[row["student"]] = row
        except (ValueError, KeyError, TypeError):
            continue  # a row is written atomically; an unreadable one is simply graded again
    return rows
