"""Batch grading: a class's hand-ins into per-student reports, a gradebook, LMS exports and a summary.

INSTRUCTOR SIDE. The package's modules are the batch's jobs: ``lms`` (what each LMS's export looks like: one
table of small parsers), ``discovery`` (the students and what each handed in, with ``grader.handin``, shared
with ``grade`` and Gradescope), ``rows`` (the kinds of row and grading one submission), ``running`` (a local
pool whose workers die with it, or Dask), ``exports`` (gradebook.csv and the Canvas and Moodle imports, as
writers) and ``summary``. ``batch`` composes them.

Layout of OUT (the batch's own files are never inside a student's folder, so no upload can be named like them)::

    OUT/batch.json                    the batch's seed (a resumed batch grades on the same hidden inputs)
    OUT/gradebook.csv                 one row per entry (see ``exports``)
    OUT/gradebook_canvas.csv          Canvas's gradebook import columns
    OUT/gradebook_moodle.csv          Moodle's grading worksheet import columns
    OUT/summary.md (+ two PNGs)       score histogram, full marks per function, the entries with problems
    OUT/similarity.csv / .html        with ``similarity=True``
    OUT/inline_answers.md             every student's Inline Question answers, for manual grading
    OUT/students/<id>/                one student's reports; row.json is written last, atomically
    OUT/.work/                        the unpacked class archive, grouped flat uploads, the pool's record

A killed or interrupted batch resumes where it stopped and never grades a submission twice; rows the grader
failed on (``not graded``) are graded again by the next run. Ctrl-C stops the pool at once; a worker that dies
costs its submissions one retry, alone, then a ``not graded`` row: never the batch. ``kill -9`` of the batch
takes its workers with it, and the next run reaps anything left.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
from pathlib import Path

from ...sandbox import UID, choose_tier
from ...sandbox.tiers import protect_from_sandbox
from ...writers import atomic_write
from ...writers.spreadsheet import spreadsheet_safe
from .discovery import CLASS_MAX_BYTES, CLASS_MAX_FILES, discover, extract_class_archive
from .exports import CANVAS_ASSIGNMENT, write_gradebook, write_lms_exports
from .lms import parse_lms_name
from .names import canonical_id, duplicate_id, readable
from .rows import (DUPLICATE_ROW, FAILED_ROW, GRADED_ROW, NOT_GRADED_ROW, REFUSED_ROW, Entry, error_row,
                   fingerprint, grade_one, load_rows, member_row)
from ..cluster import add_cluster_notes, run_on_cluster
from .running import default_workers, reap_killed_run, run_local
from .summary import STUDENTS_DIR, is_problem, terminal_summary, write_answers_index, write_summary

__all__ = ["batch", "main", "BatchResult", "Entry", "discover", "grade_one", "canonical_id", "duplicate_id",
           "parse_lms_name", "spreadsheet_safe", "terminal_summary", "extract_class_archive", "readable",
           "GRADED_ROW", "REFUSED_ROW", "DUPLICATE_ROW", "NOT_GRADED_ROW", "FAILED_ROW", "STUDENTS_DIR",
           "CLASS_MAX_BYTES", "CLASS_MAX_FILES"]

STATE_FILE = "batch.json"
WORK_DIR = ".work"
EXIT_NOT_GRADED = 2
# Seconds between two writes of gradebook.csv while a batch grades (and once at the end, or when it is stopped):
# written after every row, its rows cost the parent O(n) each, O(n^2) a batch.
GRADEBOOK_EVERY = 2.0


@dataclasses.dataclass
class BatchResult:
    """What a batch produced.

    Attributes:
        outdir: The output folder.
        rows: One row per entry (student, original, kind, score, max_score, per-function scores, graded_file,
            set_aside, nothing_gradable, error, notes).
        graded_now: Students graded by this run (the others were already done).
        gradebook: Path of gradebook.csv.
        summary: Path of summary.md.
        exports: Paths of the LMS exports (Canvas, Moodle).
        similarity: Path of similarity.html (None when not asked for).
    """

    outdir: Path
    rows: list[dict]
    graded_now: list[str]
    gradebook: Path
    summary: Path | None = None
    exports: list[Path] = dataclasses.field(default_factory=list)
    similarity: Path | None = None

    @property
    def problems(self) -> list[dict]:
        """Rows with an error, with nothing gradable, or not graded (notes are not problems)."""
        return [r for r in self.rows if is_problem(r)]

    @property
    def not_graded(self) -> list[dict]:
        """Rows the grader failed on (a re-run grades exactly these)."""
        return [r for r in self.rows if r.get("kind") == NOT_GRADED_ROW]


def _batch_seed(outdir: Path, seed: int | None, force: bool) -> int:
    """One seed per batch, kept in batch.json so that a resumed batch grades on the same hidden inputs."""
    import secrets
    state = outdir / STATE_FILE
    if state.exists() and not force:
        stored = json.loads(state.read_text())["seed"]
        if seed is not None and seed != stored:
            raise ValueError(f"{outdir} was graded with seed {stored}; use --force to re-grade with {seed}")
        return stored
    seed = secrets.randbelow(2**31) if seed is None else seed
    atomic_write(state, json.dumps({"seed": seed}))
    return seed


def _is_done(stored: dict | None, entry: Entry) -> bool:
    """Is a stored row this entry's, graded (a row the grader failed on is graded again), from the same files (a
    hand-in whose name stayed while its files changed, a Moodle folder in a newer export, is graded again)?"""
    return (stored is not None and stored.get("original") == entry.original
            and stored.get("kind", GRADED_ROW) != NOT_GRADED_ROW
            and bool(entry.fingerprint) and stored.get("fingerprint") == entry.fingerprint)


def batch(submissions: str | os.PathLike, outdir: str | os.PathLike, *, workers: int | None = None,
          scheduler: str | None = None, cluster: str | None = None, jobs: int | None = None,
          allow_weaker_tier: bool = False, force: bool = False, similarity: bool = False, seed: int | None = None,
          lang: str = "en", progress: bool = True, assignment: str = CANVAS_ASSIGNMENT) -> BatchResult:
    """Grade a whole class.

    Args:
        submissions: A folder of per-student hand-ins (plain names or an LMS export), or one zip of those.
        outdir: Where the gradebook, its LMS exports, the summary and ``students/<id>/`` go.
        workers: Local worker processes (default: ``running.default_workers()``: one per core this process may
            use, its CPU affinity).
        scheduler: A Dask scheduler address (``tcp://host:port``) or cluster object: the same jobs go to that
            cluster, after its workers are checked (``cluster.preflight``).
        cluster: ``"slurm"``: start a dask-jobqueue SLURMCluster of ``jobs`` jobs and grade there.
        jobs: SLURM jobs to ask for.
        allow_weaker_tier: Let Dask workers grade in a weaker sandbox tier than this machine's (noted in the
            summary) instead of stopping the batch.
        force: Re-grade submissions already graded.
        similarity: Also write similarity.csv / similarity.html.
        seed: Seed of the hidden inputs (default: random, kept for resumes).
        lang: Feedback language.
        progress: Show a progress bar with ETA on a terminal.
        assignment: The grade column's name in gradebook_canvas.csv (Canvas matches it to an assignment).

    Returns:
        A BatchResult (``not_graded`` lists the rows the grader failed on).

    Raises:
        KeyboardInterrupt: on Ctrl-C, after the pool is stopped and the gradebook holds what was finished (the
            same call resumes).
        RuntimeError: when another batch is grading into ``outdir``.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    reap_killed_run(outdir / WORK_DIR)
    if choose_tier() == UID:
        # The sandbox uid reads whatever is world-readable: the class's code and what the batch unpacks must not
        # be, or a student could run another student's functions for points.
        for folder in (Path(submissions), outdir):
            protect_from_sandbox(folder)
    students = outdir / STUDENTS_DIR
    students.mkdir(parents=True, exist_ok=True)
    for partial in students.glob(".*.partial"):  # left by a killed run: never half-counted
        shutil.rmtree(partial, ignore_errors=True)
    seed = _batch_seed(outdir, seed, force)
    entries = discover(Path(submissions), outdir / WORK_DIR)
    stored = {} if force else load_rows(students)
    done: dict[str, dict] = {}
    todo, members = [], []
    for entry in entries:
        if entry.kind != GRADED_ROW:
            done[entry.student] = error_row(students, entry)  # cheap, and always from today's entries
        elif entry.group_of:
            members.append(entry)
        else:
            entry.fingerprint = fingerprint(entry.path)
            if _is_done(stored.get(entry.student), entry):
                done[entry.student] = stored[entry.student]
            else:
                todo.append(entry)
    write_gradebook(outdir, done)
    graded_now, cluster_notes = [], []
    try:
        rows = (run_on_cluster(todo, students, seed, lang, scheduler, cluster=cluster, jobs=jobs,
                               allow_weaker_tier=allow_weaker_tier, notes=cluster_notes) if scheduler or cluster
                else run_local(todo, students, seed, lang, workers or default_workers(), outdir / WORK_DIR))
        written = time.monotonic()
        for row in _with_progress(rows, len(todo), progress):
            done[row["student"]] = row
            graded_now.append(row["student"])
            if time.monotonic() - written >= GRADEBOOK_EVERY:  # every row's own row.json is written at once
                write_gradebook(outdir, done)
                written = time.monotonic()
    finally:
        for member in members:
            if member.group_of in done:
                done[member.student] = member_row(students, member, done[member.group_of])
        write_gradebook(outdir, done)
    from ..review import refresh
    if refresh(outdir):  # TAs have graded written answers here: a re-run keeps their points in every output
        done.update({k: v for k, v in load_rows(students).items() if k in done})
    gradebook = write_gradebook(outdir, done)
    exports = write_lms_exports(outdir, done, assignment)
    summary = write_summary(outdir, done)
    add_cluster_notes(summary, cluster_notes)
    write_answers_index(outdir)
    similarity_path = None
    if similarity:
        from ..similarity import similarity_report
        similarity_report({e.student: e.path for e in entries if e.kind == GRADED_ROW and not e.group_of}, outdir)
        similarity_path = outdir / "similarity.html"
    return BatchResult(outdir, [done[k] for k in sorted(done)], graded_now, gradebook, summary, exports,
                       similarity_path)


def _with_progress(rows, total: int, progress: bool):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    bar = Progress(TextColumn("grading"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   TimeElapsedColumn(), TimeRemainingColumn(), disable=not progress)
    with bar:
        task = bar.add_task("grading", total=total)
        for row in rows:
            bar.advance(task)
            yield row


def main(args) -> int:
    """The CLI's ``batch`` verb: 0 when every row was graded, 2 when some were not (the grader failed on them:
    the same command grades exactly those again), 130 on Ctrl-C."""
    from ...cli import lang_of
    start = time.monotonic()
    options = {k: getattr(args, k) for k in batch.__kwdefaults__ if hasattr(args, k) and k not in ("lang", "progress")}
    try:
        result = batch(args.submissions, args.output, lang=lang_of(args.lang), progress=os.isatty(1), **options)
    except KeyboardInterrupt:
        print(f"interrupted: the workers are stopped; what was finished is in {Path(args.output) / 'gradebook.csv'}"
              "; run the same command again to grade the rest", file=sys.stderr)
        return 130
    except (RuntimeError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(terminal_summary(result, time.monotonic() - start))
    return EXIT_NOT_GRADED if result.not_graded else 0
