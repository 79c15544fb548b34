"""Batch grading: a class's submissions into per-student reports, a gradebook and a summary.

INSTRUCTOR SIDE. Each submission is graded by ``grade`` (same sandbox, same isolation) in a pool of local worker
processes, or on a Dask cluster with ``scheduler``. Every finished submission is written atomically
(``OUTDIR/<student>/`` with ``row.json`` written last), so a killed batch resumes where it stopped and never
grades a submission twice; the gradebook is rebuilt from those rows after each one, so it is always consistent
with them. A submission that cannot be read gets a row with its error and score 0; the batch goes on.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from .functions import GRADED

ROW_FILE = "row.json"
SUBMISSION_SUFFIXES = (".zip", ".py", ".ipynb")


@dataclasses.dataclass
class BatchResult:
    """What a batch produced.

    Attributes:
        outdir: The output folder.
        rows: One row per student (name, score, max_score, per-function scores, error).
        graded_now: Students graded by this run (the others were already done).
        gradebook: Path of gradebook.csv.
    """

    outdir: Path
    rows: list[dict]
    graded_now: list[str]
    gradebook: Path


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.@+-]+", "_", name).strip("._") or "student"
    return cleaned[:100]


def discover(submissions: Path, workdir: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """Find the submissions: (student, path) pairs and (student, error) pairs for what is not a submission.

    ``submissions`` is a folder of per-student folders, zips, .py or .ipynb files, or one zip of those (as LMSs
    export); a zip is unpacked into ``workdir`` first.
    """
    from .submission import SubmissionError, _safe_extract
    submissions = Path(submissions)
    if not submissions.exists():
        raise FileNotFoundError(f"{submissions}: no such file or folder")
    if submissions.is_file():
        if submissions.suffix.lower() != ".zip":
            raise ValueError(f"{submissions}: expected a folder of submissions or a zip of them")
        unpacked = workdir / "unpacked"
        shutil.rmtree(unpacked, ignore_errors=True)
        unpacked.mkdir(parents=True)
        try:
            _safe_extract(submissions, unpacked)
        except SubmissionError as exc:
            raise ValueError(str(exc)) from None
        entries = [p for p in unpacked.iterdir() if p.name != "__MACOSX"]
        if len(entries) == 1 and entries[0].is_dir():  # the zip holds one folder of submissions
            unpacked = entries[0]
        submissions = unpacked
    found, errors, seen = [], [], {}
    for path in sorted(submissions.iterdir()):
        if path.name.startswith(".") or path.name == "__MACOSX":
            continue
        stem = path.stem if path.is_file() else path.name
        name = _safe_name(stem)
        if name in seen:
            seen[name] += 1
            errors.append((f"{name}__{seen[name]}", f"duplicate student name {stem!r} ({path.name}): "
                                                    "graded once only, under the first file"))
            continue
        seen[name] = 1
        if path.is_dir() or path.suffix.lower() in SUBMISSION_SUFFIXES:
            found.append((name, path))
        else:
            errors.append((name, f"{path.name}: not a submission (expected a folder, .zip, .py or .ipynb)"))
    return found, errors


def _row(name: str, report=None, error: str = "") -> dict:
    row = {"student": name, "score": 0.0, "max_score": 0.0, "optional_score": 0.0, "error": error,
           "functions": {}}
    if report is not None:
        row.update(score=report.score, max_score=report.max_score, optional_score=report.optional_score,
                   functions={f: got for f, (got, _) in report.function_scores().items()},
                   error="; ".join(report.errors)[:500], seed=report.seed)
    return row


def _write_atomic(path: Path, text: str):
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, prefix=f".{path.name}.") as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)


def grade_one(name: str, path: str, outdir: str, seed: int, lang: str = "en") -> dict:
    """Grade one submission into ``outdir/name`` (atomically) and return its gradebook row.

    Runs in a pool worker or on a Dask worker; never raises for a bad submission.
    """
    from .api import grade, write_reports
    final = Path(outdir) / name
    staging = Path(outdir) / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        report = grade(path, seed=seed, lang=lang)
        report.submission = name
        write_reports(report, staging)
        row = _row(name, report)
    except Exception as exc:  # the grader's own failure on one submission must not stop the batch
        staging.mkdir(parents=True, exist_ok=True)
        row = _row(name, error=f"the grader could not grade this submission: {type(exc).__name__}: {exc}")
    (staging / ROW_FILE).write_text(json.dumps(row))
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)
    return row


def _error_row(outdir: Path, name: str, message: str) -> dict:
    target = outdir / name
    target.mkdir(parents=True, exist_ok=True)
    row = _row(name, error=message)
    _write_atomic(target / ROW_FILE, json.dumps(row))
    return row


def load_rows(outdir: Path) -> dict[str, dict]:
    rows = {}
    for row_file in sorted(Path(outdir).glob(f"*/{ROW_FILE}")):
        try:
            row = json.loads(row_file.read_text())
        except ValueError:
            continue  # a row is written atomically; an unreadable one is simply graded again
        rows[row["student"]] = row
    return rows


def write_gradebook(outdir: Path, rows: dict[str, dict]) -> Path:
    """gradebook.csv: one row per student, total, max and one column per graded function."""
    functions = [g.name for g in GRADED]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student", "score", "max_score", "optional_score", *functions, "error"])
    for name in sorted(rows):
        row = rows[name]
        writer.writerow([name, row["score"], row["max_score"], row["optional_score"],
                         *[row["functions"].get(f, 0.0) for f in functions], row["error"]])
    path = Path(outdir) / "gradebook.csv"
    _write_atomic(path, buffer.getvalue())
    return path


def write_summary(outdir: Path, rows: dict[str, dict]) -> Path:
    """summary.md with a score histogram and per-function pass rates as PNG plots."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .rubric import load_rubric
    rubric = load_rubric()
    scores = [r["score"] for r in rows.values()]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(scores, bins=20)
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    fig.tight_layout()
    fig.savefig(outdir / "score_histogram.png")
    plt.close(fig)
    names = [g.name for g in GRADED if not g.optional]
    rates = [sum(r["functions"].get(n, 0) >= rubric[n].points - 1e-9 for r in rows.values()) / max(1, len(rows))
             for n in names]
    fig, ax = plt.subplots(figsize=(6, 8))
    ax.barh(names, rates)
    ax.set_xlim(0, 1)
    ax.set_xlabel("fraction of students with full marks")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(outdir / "pass_rates.png")
    plt.close(fig)
    lines = ["# Batch summary", "", f"{len(rows)} submissions; "
             f"mean score {sum(scores) / max(1, len(scores)):.1f}; "
             f"{sum(1 for r in rows.values() if r['error'])} with problems.", "",
             "![score histogram](score_histogram.png)", "", "![pass rates](pass_rates.png)", "",
             "| function | full marks |", "|---|---|"]
    lines += [f"| {n} | {100 * r:.0f}% |" for n, r in zip(names, rates)]
    path = outdir / "summary.md"
    _write_atomic(path, "\n".join(lines) + "\n")
    return path


def _batch_seed(outdir: Path, seed: int | None, force: bool) -> int:
    """One seed per batch, kept in batch.json so that a resumed batch grades on the same hidden inputs."""
    import secrets
    state = outdir / "batch.json"
    if state.exists() and not force:
        stored = json.loads(state.read_text())["seed"]
        if seed is not None and seed != stored:
            raise ValueError(f"{outdir} was graded with seed {stored}; use --force to re-grade with {seed}")
        return stored
    seed = secrets.randbelow(2**31) if seed is None else seed
    _write_atomic(state, json.dumps({"seed": seed}))
    return seed


def batch(submissions: str | os.PathLike, outdir: str | os.PathLike, *, workers: int | None = None,
          scheduler: str | None = None, force: bool = False, similarity: bool = False, seed: int | None = None,
          lang: str = "en", progress: bool = True) -> BatchResult:
    """Grade a whole class.

    Args:
        submissions: A folder of per-student folders/zips/.py/.ipynb, or one zip of those.
        outdir: Where per-student reports, gradebook.csv and the summary go.
        workers: Local worker processes (default: the number of cores).
        scheduler: A Dask scheduler address (``tcp://host:port``): the same jobs go to that cluster.
        force: Re-grade submissions already graded.
        similarity: Also write similarity.csv / similarity.html.
        seed: Seed of the hidden inputs (default: random, kept for resumes).
        lang: Feedback language.
        progress: Show a progress bar with ETA on a terminal.

    Returns:
        A BatchResult.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for partial in outdir.glob(".*.partial"):  # left by a killed run: never half-counted
        shutil.rmtree(partial, ignore_errors=True)
    seed = _batch_seed(outdir, seed, force)
    found, errors = discover(Path(submissions), outdir / ".work")
    done = {} if force else load_rows(outdir)
    for name, message in errors:
        if name not in done:
            done[name] = _error_row(outdir, name, message)
    todo = [(n, p) for n, p in found if n not in done]
    write_gradebook(outdir, done)
    graded_now = []
    for row in _run(todo, outdir, seed, lang, workers, scheduler, progress):
        done[row["student"]] = row
        graded_now.append(row["student"])
        write_gradebook(outdir, done)
    rows = load_rows(outdir)
    gradebook = write_gradebook(outdir, rows)
    write_summary(outdir, rows)
    if similarity:
        from .similarity import similarity_report
        similarity_report({n: p for n, p in found}, outdir)
    return BatchResult(outdir, [rows[k] for k in sorted(rows)], graded_now, gradebook)


def _run(todo, outdir, seed, lang, workers, scheduler, progress):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    bar = Progress(TextColumn("grading"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   TimeElapsedColumn(), TimeRemainingColumn(), disable=not progress)
    with bar:
        task = bar.add_task("grading", total=len(todo))
        if scheduler:
            from dask.distributed import Client, as_completed
            with Client(scheduler) as client:
                futures = [client.submit(grade_one, n, str(p), str(outdir), seed, lang, key=f"grade-{n}-{seed}",
                                         pure=False) for n, p in todo]
                for future in as_completed(futures):
                    bar.advance(task)
                    yield future.result()
            return
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            pending = {pool.submit(grade_one, n, str(p), str(outdir), seed, lang) for n, p in todo}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    bar.advance(task)
                    yield future.result()


def main(args) -> int:
    """The CLI's ``batch`` verb."""
    start = time.monotonic()
    from .i18n import detect_lang
    result = batch(args.submissions, args.output, workers=args.workers, scheduler=args.scheduler, force=args.force,
                   similarity=args.similarity, seed=args.seed, lang=detect_lang(args.lang),
                   progress=os.isatty(1))
    print(f"{len(result.rows)} submissions in the gradebook ({len(result.graded_now)} graded now) in "
          f"{time.monotonic() - start:.1f} s: {result.gradebook}")
    return 0
