"""Batch grading: a class's submissions into per-student reports, a gradebook and a summary.

INSTRUCTOR SIDE. The steps: find the entries (``discover``: one canonical student id per submission, LMS
prefixes parsed, duplicates and odd entries given rows of their own), grade them in a pool of local worker
processes or on a Dask cluster (``grade_one``: the same ``grade`` and sandbox as a single submission), then write
the gradebook, its LMS exports and the summary.

Layout of OUT (the batch's own files are never inside a student's folder, so no upload can be named like them)::

    OUT/batch.json                    the batch's seed (a resumed batch grades on the same hidden inputs)
    OUT/gradebook.csv                 one row per entry: id, original name, points, errors, notes
    OUT/gradebook_canvas.csv          Canvas's gradebook import columns
    OUT/gradebook_moodle.csv          Moodle's grading worksheet import columns
    OUT/summary.md (+ two PNGs)       score histogram, full marks per function, the entries with problems
    OUT/similarity.csv / .html        with ``similarity=True``
    OUT/inline_answers.md             every student's Inline Question answers, for manual grading
    OUT/students/<id>/                one student's reports; row.json is written last, atomically
    OUT/.work/                        the unpacked class archive and grouped flat uploads

A killed or interrupted batch resumes where it stopped and never grades a submission twice. Ctrl-C stops the
pool at once (queued submissions cancelled, workers terminated); a worker that dies (out of memory, SIGKILL)
costs its submissions one retry, alone in a fresh worker, then an error row: never the batch.

Class archives (one zip of the whole class) have their own limits, CLASS_MAX_BYTES and CLASS_MAX_FILES; each
student's entry in it is held to a single submission's limits (``grader.submission.MAX_ZIP_BYTES`` and
``MAX_ZIP_FILES``) and an entry over them gets its own error row.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import signal
import sys
import time
import unicodedata
import zipfile
from collections import deque
from datetime import datetime, timezone
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path, PurePosixPath

from ..functions import GRADED
from ..model import sum_points
from ..sandbox import UID, choose_tier
from ..sandbox.tiers import protect_from_sandbox
from ..writers import atomic_write
from .answers import ANSWERS_FILE, answers_from_json, answers_index, collect_answers
from .cluster import add_cluster_notes, run_on_cluster

ROW_FILE = "row.json"
STATE_FILE = "batch.json"
STUDENTS_DIR = "students"
WORK_DIR = ".work"
PID_FILE = "worker.pid"
SUBMISSION_SUFFIXES = (".zip", ".py", ".ipynb")
CLASS_MAX_BYTES = 8 * 1024**3       # a class archive unpacks to at most 8 GB ...
CLASS_MAX_FILES = 500_000           # ... and holds at most this many files
ID_MAX = 64                         # longer names keep a prefix and a hash of the whole name
RETRIES = 1                         # a submission whose worker died is retried once, alone
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX", ".git", ".ipynb_checkpoints", "__pycache__"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
CANVAS_ASSIGNMENT = "convkit assignment"

# Kinds of gradebook rows: a graded submission, an entry that could not be graded (not a submission, a symlink,
# over the limits), a second entry for a student already graded, a submission the batch failed to grade.
GRADED_ROW, REFUSED_ROW, DUPLICATE_ROW, FAILED_ROW = "graded", "refused", "duplicate", "failed"

_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.*)$", re.S)
_BLACKBOARD = re.compile(r"^(?P<assignment>.*?)_(?P<user>[^_]+)_attempt_"
                         r"(?P<stamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?P<rest>.*)$", re.S)
_CANVAS = re.compile(r"^(?P<login>[^\W_]+)(?P<late>_late)?_(?P<uid>\d+)(?:_(?P<subid>\d+))?_(?P<file>.+)$",
                     re.S | re.I)


@dataclasses.dataclass
class BatchResult:
    """What a batch produced.

    Attributes:
        outdir: The output folder.
        rows: One row per entry (student, original, kind, score, max_score, per-function scores, error, notes).
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
        """Rows with an error (notes are not problems)."""
        return [r for r in self.rows if r["error"]]


@dataclasses.dataclass
class Entry:
    """One thing found in the class folder, as the gradebook will show it.

    Attributes:
        student: The canonical student id (the folder under OUT/students/ and the gradebook's key).
        original: The name(s) as uploaded, readable (non-UTF-8 bytes shown as U+FFFD).
        path: What to grade (None for an entry that gets an error row only).
        error: Why the entry is not graded ("" when it is).
        kind: GRADED_ROW, REFUSED_ROW or DUPLICATE_ROW.
        lms: What the LMS prefix said (``lms``, ``login``, ``user_id``, ``name``, ``participant``...).
        note: Something the staff should know that is not a problem (earlier attempts left out).
    """

    student: str
    original: str
    path: Path | None
    error: str = ""
    kind: str = GRADED_ROW
    lms: dict = dataclasses.field(default_factory=dict)
    note: str = ""


# -- names -----------------------------------------------------------------------------------------------------

def readable(text: str) -> str:
    """``text`` as valid UTF-8: bytes of a non-UTF-8 file name (surrogate escapes) become U+FFFD."""
    try:
        data = text.encode("utf-8", "surrogateescape")  # the file name's own bytes back
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return data.decode("utf-8", "replace")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def canonical_id(name: str) -> str:
    """The student id of a name: NFC-normalised, case-folded, reduced to letters, digits and ``_ . @ + -``.

    ``Alice``, ``alice`` and an NFD ``ALICE`` are one student; ``José`` keeps its accent. A name that cannot be
    kept whole (not UTF-8, longer than ID_MAX) keeps a readable prefix and ``~h`` plus a hash of the whole name, so
    two such names never collide; ``~`` is never part of a name's own id.
    """
    lossy = any("\udc80" <= ch <= "\udcff" for ch in name)
    text = unicodedata.normalize("NFC", readable(name)).casefold()
    text = re.sub(r"[^\w.@+-]+", "_", text).lstrip("._+@-").rstrip("._") or "student"
    if lossy or len(text) > ID_MAX:
        text = f"{text[:ID_MAX - 11].rstrip('._')}~h{_digest(name)}"
    return text


def duplicate_id(student: str, original: str) -> str:
    """The id of a second entry for ``student``: stable (derived from its original name) and unlike any name's."""
    return f"{student}~dup-{_digest(original)}"


def parse_lms_name(name: str) -> dict | None:
    """What an LMS export's file or folder name says, or None for a plain name.

    Canvas: ``login_userid_subid_file`` or ``login_LATE_userid_subid_file`` (``login_subid_file`` when the export
    has one number: the submission's);
    Moodle: ``Full Name_123456_assignsubmission_file_`` (a folder; or that prefix then the file name);
    Blackboard: ``Assignment_user_attempt_2024-01-31-23-59-59_file`` (and a ``.txt`` of metadata per attempt).

    Returns:
        A dict with ``lms``, ``key`` (the student, as that LMS names them), ``file`` (the file name after the
        prefix, "" for a folder) and what else the name holds; None when no LMS pattern matches.
    """
    match = _MOODLE.match(name)
    if match:
        return {"lms": "moodle", "key": f"{match['name']}_{match['pid']}", "name": match["name"],
                "participant": match["pid"], "plugin": match["plugin"], "file": match["file"]}
    match = _BLACKBOARD.match(name)
    if match:
        rest = match["rest"]
        return {"lms": "blackboard", "key": match["user"], "login": match["user"], "attempt": match["stamp"],
                "file": rest[1:] if rest.startswith("_") else "", "metadata": rest.lower() == ".txt"}
    match = _CANVAS.match(name)
    if match:
        user, sub = (match["uid"], match["subid"]) if match["subid"] else ("", match["uid"])
        return {"lms": "canvas", "key": match["login"], "login": match["login"], "user_id": user,
                "submission_id": sub, "late": bool(match["late"]), "file": match["file"]}
    return None


def spreadsheet_safe(cell):
    """A CSV cell a spreadsheet shows as text: a string starting with = + - @ TAB CR LF gets a leading ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


# -- the class archive -----------------------------------------------------------------------------------------

def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as the uploader's system wrote it: UTF-8 when it is, else the raw bytes kept as escapes."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return os.fsdecode(raw)


def extract_class_archive(archive: Path, dest: Path) -> dict[str, str]:
    """Unpack a class archive into ``dest``, holding each top-level entry to a single submission's limits.

    The archive as a whole is held to CLASS_MAX_BYTES and CLASS_MAX_FILES. One wrapping folder (``export/``) is
    looked through. Symlinks, absolute paths and ``..`` are never written.

    Returns:
        Top-level entry name -> why it was not unpacked (over a submission's limits); its files are skipped.

    Raises:
        ValueError: when the archive is not a zip or is over the class limits.
    """
    from ..submission import MAX_ZIP_BYTES, MAX_ZIP_FILES
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError(f"{archive.name}: not a valid zip of submissions ({exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > CLASS_MAX_FILES:
            raise ValueError(f"{archive.name} holds {len(infos)} files (a class archive holds at most "
                             f"{CLASS_MAX_FILES}; see grader.batch.CLASS_MAX_FILES)")
        if sum(i.file_size for i in infos) > CLASS_MAX_BYTES:
            raise ValueError(f"{archive.name} unpacks to more than {CLASS_MAX_BYTES >> 30} GB (see "
                             f"grader.batch.CLASS_MAX_BYTES)")
        members = []
        for info in infos:
            parts = PurePosixPath(_member_name(info).replace("\\", "/")).parts
            if (not parts or parts[0] in ("/", "__MACOSX") or ".." in parts or info.is_dir()
                    or (info.external_attr >> 16) & 0o170000 == 0o120000):
                continue
            members.append((parts, info))
        tops = {parts[0] for parts, _ in members}
        if len(tops) == 1 and all(len(parts) > 1 for parts, _ in members):
            members = [(parts[1:], info) for parts, info in members]  # one wrapping folder: look through it
        totals: dict[str, list[int]] = {}
        for parts, info in members:
            total = totals.setdefault(parts[0], [0, 0])
            total[0] += info.file_size
            total[1] += 1
        over = {}
        for top, (size, count) in totals.items():
            if count > MAX_ZIP_FILES:
                over[top] = f"{readable(top)}: {count} files (a submission holds at most {MAX_ZIP_FILES})"
            elif size > MAX_ZIP_BYTES:
                over[top] = f"{readable(top)}: unpacks to more than {MAX_ZIP_BYTES >> 20} MB (a submission's limit)"
        for parts, info in members:
            if parts[0] in over:
                continue
            target = dest.joinpath(*parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
                over[parts[0]] = f"{readable(parts[0])}: could not be unpacked ({type(exc).__name__}: {exc})"
    return over


# -- discovery -------------------------------------------------------------------------------------------------

def _folder_problem(folder: Path) -> str:
    """Why a student's folder cannot be graded (a symlink inside, over a submission's limits), or ""."""
    from ..submission import MAX_ZIP_BYTES, MAX_ZIP_FILES
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            if os.path.islink(os.path.join(dirpath, name)):
                rel = os.path.relpath(os.path.join(dirpath, name), folder)
                return f"holds a symbolic link ({readable(rel)}): refused; hand in the files themselves"
        for name in filenames:
            files += 1
            try:
                size += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
        if files > MAX_ZIP_FILES:
            return f"holds more than {MAX_ZIP_FILES} files (a submission's limit)"
        if size > MAX_ZIP_BYTES:
            return f"holds more than {MAX_ZIP_BYTES >> 20} MB (a submission's limit)"
    return ""


def _is_junk(name: str) -> bool:
    return name in JUNK or name.startswith("._") or name.startswith("~$")


def _group_flat_uploads(student: str, paths: list[tuple[Path, str]], workdir: Path) -> Path:
    """A Canvas-style flat export's files of one student (``login_1_2_layers.py``, ``login_1_2_cnn.py``) as one
    submission folder, each file at its module's place (``classifiers/cnn.py``)."""
    from ..submission import exercise_modules
    by_name = {PurePosixPath(m).name: m for m in exercise_modules()}
    folder = workdir / "grouped" / student
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path, file in paths:
        name = re.sub(r"-\d+(\.py)$", r"\1", file) if file not in by_name else file  # Canvas's "layers-1.py"
        target = folder / by_name.get(name, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder


def discover(submissions: Path, workdir: Path) -> list[Entry]:
    """Every entry of a class, each with its canonical student id (see ``canonical_id`` and ``parse_lms_name``).

    ``submissions`` is a folder of per-student folders, zips, .py or .ipynb files (plain names or an LMS export,
    flat or not), or one zip of those, unpacked into ``workdir`` first. Each student is graded once; a second entry
    for the same student, a symlink, something that is not a submission, or an entry over a submission's limits
    gets a row of its own with the reason.

    Raises:
        FileNotFoundError: when ``submissions`` does not exist.
        ValueError: when it is neither a folder nor a zip, or a class archive over the class limits.
    """
    submissions = Path(submissions)
    if not submissions.exists():
        raise FileNotFoundError(f"{submissions}: no such file or folder")
    over_limits: dict[str, str] = {}
    if submissions.is_file():
        if submissions.suffix.lower() != ".zip":
            raise ValueError(f"{submissions}: expected a folder of submissions or a zip of them")
        unpacked = workdir / "unpacked"
        shutil.rmtree(unpacked, ignore_errors=True)
        unpacked.mkdir(parents=True)
        over_limits = extract_class_archive(submissions, unpacked)
        submissions = unpacked
    names = sorted(set(os.listdir(submissions)) | set(over_limits), key=lambda n: n.encode("utf-8", "surrogatepass"))

    groups: dict[tuple, list] = {}
    for name in names:
        if _is_junk(name):
            continue
        path = submissions / name
        lms = parse_lms_name(name)
        if lms and (lms.get("metadata") or lms.get("plugin", "file") not in ("file",)):
            continue  # Blackboard's attempt metadata, Moodle's online text: not code
        if lms:
            key, student = (lms["lms"], lms["key"]), canonical_id(lms["key"])
        else:
            is_dir = path.is_dir() and not path.is_symlink()
            stem = name[:-len(Path(name).suffix)] if not is_dir and Path(name).suffix else name
            student = canonical_id(stem)
            key = ("", student)
        groups.setdefault(key, []).append((name, path, lms, student))

    entries: list[Entry] = []
    for key, members in groups.items():
        student, note = members[0][3], ""
        if key[0] == "blackboard":  # every attempt is exported: grade the latest
            latest = max(m[2]["attempt"] for m in members)
            if any(m[2]["attempt"] != latest for m in members):
                note = f"earlier attempts left out; graded attempt {latest}"
            members = [m for m in members if m[2]["attempt"] == latest]
        lms_info = {k: v for k, v in (members[0][2] or {}).items() if k not in ("file", "key", "metadata")}
        flat = [m for m in members if m[2] and m[2]["file"] and m[1].is_file() and not m[1].is_symlink()
                and m[2]["file"].lower().endswith(".py")]
        if key[0] and len(members) > 1 and len(flat) == len(members):
            folder = _group_flat_uploads(student, [(m[1], m[2]["file"]) for m in flat], workdir)
            entries.append(Entry(student, "; ".join(readable(m[0]) for m in members), folder, lms=lms_info,
                                 note=note))
            continue
        graded = None
        for name, path, lms, _ in members:
            original = readable(name)
            error = _entry_problem(name, path, over_limits)
            if error:
                entries.append(Entry(student, original, None, error, REFUSED_ROW, lms_info))
            elif graded is None:
                graded = Entry(student, original, path, lms=lms_info, note=note)
                entries.append(graded)
            else:
                entries.append(Entry(duplicate_id(student, name), original, None,
                                     f"a second entry for student {student} (graded from {graded.original}): "
                                     "not graded; keep one upload per student", DUPLICATE_ROW, lms_info))
    # A refused entry and a graded one for the same student: the graded one keeps the id.
    final, taken = [], {e.student for e in entries if e.kind == GRADED_ROW}
    seen: set[str] = set()
    for entry in entries:
        if entry.kind == REFUSED_ROW and (entry.student in taken or entry.student in seen):
            entry = dataclasses.replace(entry, student=duplicate_id(entry.student, entry.original),
                                        kind=DUPLICATE_ROW)
        seen.add(entry.student)
        final.append(entry)
    return sorted(final, key=lambda e: e.student)


def _entry_problem(name: str, path: Path, over_limits: dict[str, str]) -> str:
    if name in over_limits:
        return over_limits[name]
    shown = readable(name)
    if path.is_symlink():
        return f"{shown} is a symbolic link: refused (a submission is files, not a link to them)"
    if path.is_dir():
        problem = _folder_problem(path)
        return f"{shown}: {problem}" if problem else ""
    if not path.is_file():
        return f"{shown}: not a regular file"
    if path.suffix.lower() not in SUBMISSION_SUFFIXES:
        return f"{shown}: not a submission (expected a folder, .zip, .py or .ipynb)"
    return ""


# -- grading one -----------------------------------------------------------------------------------------------

def _row(entry_or_name, report=None, error: str = "", kind: str | None = None) -> dict:
    if isinstance(entry_or_name, Entry):
        entry = entry_or_name
        base = {"student": entry.student, "original": entry.original, "kind": kind or entry.kind,
                "lms": entry.lms}
        error, notes = error or entry.error, [entry.note] if entry.note else []
    else:
        base = {"student": entry_or_name, "original": entry_or_name, "kind": kind or GRADED_ROW, "lms": {}}
        notes = []
    row = {**base, "score": 0.0, "max_score": 0.0, "optional_score": 0.0, "error": error[:500],
           "notes": "; ".join(notes)[:500], "functions": {}}
    if report is not None:
        row.update(score=report.score, max_score=report.max_score, optional_score=report.optional_score,
                   functions={f: got for f, (got, _) in report.function_scores().items()},
                   error=readable("; ".join(report.errors))[:500],
                   notes=readable("; ".join(notes + report.notes))[:500],
                   seed=report.seed, graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return row


def _readable_report(report):
    """Every text of a report as valid UTF-8 (a non-UTF-8 file name may reach a message)."""
    report.errors = [readable(e) for e in report.errors]
    report.notes = [readable(n) for n in report.notes]
    for check in report.checks:
        check.message, check.hint = readable(check.message), readable(check.hint)
    return report


_IN_POOL = False


def _pool_worker_init(temporary: str):
    """In each pool worker: temporary files go to the pool's own folder (removed by the parent whatever happens to
    the worker); SIGTERM (the parent stopping the pool) unwinds the stack, so the sandbox in use is cleaned up;
    SIGINT is the parent's to handle (it stops the pool)."""
    import tempfile
    global _IN_POOL
    _IN_POOL = True
    tempfile.tempdir = temporary
    os.environ["TMPDIR"] = temporary
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop)
    sys.unraisablehook = _unraisable


def _unraisable(hook_args):
    """A stop that lands where Python cannot raise (an at-fork hook while the sandbox starts) is dropped quietly:
    the parent sends SIGTERM again to a worker still alive."""
    if not isinstance(hook_args.exc_value, SystemExit):
        sys.__unraisablehook__(hook_args)


def grade_one(name: str, path: str, outdir: str, seed: int, lang: str = "en", entry: Entry | None = None) -> dict:
    """Grade one submission into ``outdir/name`` (atomically) and return its gradebook row.

    Runs in a pool worker or on a Dask worker; never raises for a bad submission. While it runs,
    ``outdir/.name.partial/worker.pid`` names the process grading it.
    """
    from .api import grade, write_reports
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
            row = _row(entry, report)
        except Exception as exc:  # the grader's own failure on one submission must not stop the batch
            row = _row(entry, error=f"the grader could not grade this submission: {type(exc).__name__}: "
                                    f"{readable(str(exc))}", kind=FAILED_ROW)
        (staging / PID_FILE).unlink()
        atomic_write(staging / ROW_FILE, json.dumps(row, ensure_ascii=False))
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
        return row
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if not (_IN_POOL and isinstance(exc, SystemExit)):
            raise
    # Stopped by the parent (SIGTERM). Out of the except block the traceback is gone, so whatever the unwinding
    # left half-built (a sandbox or a prepared submission whose constructor was cut short) is collected now and its
    # temporary folder removed; then leave without taking another job.
    import gc
    gc.collect()
    os._exit(1)


def _error_row(students: Path, entry: Entry, message: str = "", kind: str | None = None) -> dict:
    shutil.rmtree(students / f".{entry.student}.partial", ignore_errors=True)  # a dead worker's, if any
    row = _row(entry, error=message, kind=kind)
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


# -- outputs ---------------------------------------------------------------------------------------------------

def _csv_text(header: list, rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(c) for c in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(c) for c in row])
    return buffer.getvalue()


def write_gradebook(outdir: Path, rows: dict[str, dict]) -> Path:
    """gradebook.csv: one row per entry: id, original name, kind, total, max, one column per graded function,
    the errors and the notes. No cell starts like a spreadsheet formula."""
    from .review.merge import written_summary
    functions = [g.name for g in GRADED]
    questions = list(dict.fromkeys(w["key"] for r in rows.values() for w in r.get("written") or []))
    lines = []
    for name, r in sorted(rows.items()):
        points, top, pending = written_summary(r)
        written = {w["key"]: w.get("points") for w in r.get("written") or []}
        lines.append([name, r.get("original", name), r.get("kind", GRADED_ROW), r["score"], r["max_score"],
                      r["optional_score"], *[r["functions"].get(f, 0.0) for f in functions],
                      *["" if written.get(q) is None else written[q] for q in questions],
                      *(["" if points is None else points, top, pending] if questions else []),
                      r["error"], r.get("notes", "")])
    extra = [f"written:{q}" for q in questions] + (["written_score", "written_max", "written_not_graded"]
                                                   if questions else [])
    path = Path(outdir) / "gradebook.csv"
    atomic_write(path, _csv_text(["student", "original_name", "kind", "score", "max_score", "optional_score",
                                  *functions, *extra, "error", "notes"], lines))
    return path


def _feedback(row: dict) -> str:
    from .review.merge import written_summary
    text = f"convkit: {row['score']:g} / {row['max_score']:g}"
    points, top, pending = written_summary(row)
    if row.get("written"):
        text += (f"; written answers {points or 0:g} / {top:g}" if not pending else
                 f"; written answers: {pending} not graded yet")
    return text + (f"; {row['error']}" if row["error"] else "")


def _with_written(row: dict) -> tuple[float, float]:
    """The grade and its maximum for the LMS: the code's, plus the written answers' once all of them are graded
    (a partial written total would read as a final grade)."""
    from .review.merge import written_summary
    points, top, pending = written_summary(row)
    if row.get("written") and not pending:
        return sum_points([row["score"], points or 0.0]), sum_points([row["max_score"], top])
    return row["score"], row["max_score"]


def write_lms_exports(outdir: Path, rows: dict[str, dict], assignment: str = CANVAS_ASSIGNMENT) -> list[Path]:
    """gradebook_canvas.csv and gradebook_moodle.csv: the columns those LMSs import.

    Canvas (Grades > Import): Student, ID, SIS User ID, SIS Login ID, Section, then one column named like the
    assignment (rename it to the assignment's name in Canvas, e.g. ``Assignment 2 (1234)``). Moodle (the
    assignment's "Upload grading worksheet", which needs Identifier, Grade and Last modified (grade)): Identifier
    (``Participant N``), Full name, Grade, Maximum Grade, Last modified (grade) (when it was graded), Feedback
    comments. Duplicates are left out; an entry that was not graded has an empty grade, so the LMS
    keeps what it had instead of a zero nobody decided. Written answers graded on the review page: Canvas gets a
    second column (``<assignment> (written answers)``), Moodle's grade adds them; both only once every answer of
    that student is graded (a partial written total would read as a final grade).
    """
    outdir = Path(outdir)
    students = [r for _, r in sorted(rows.items()) if r.get("kind", GRADED_ROW) != DUPLICATE_ROW]
    from .review.merge import written_summary
    top = max((r["max_score"] for r in students if r.get("kind", GRADED_ROW) == GRADED_ROW), default="")
    written = any(r.get("written") for r in students)

    def grade_of(row):
        return row["score"] if row.get("kind", GRADED_ROW) == GRADED_ROW else ""

    def written_of(row):  # a student's written points once all of their answers are graded, else empty
        points, _, pending = written_summary(row)
        return points if row.get("written") and not pending and points is not None else ""
    written_top = max((written_summary(r)[1] for r in students), default="") if written else None
    canvas_rows = [["Points Possible", "", "", "", "", top] + ([written_top] if written else [])]
    for r in students:
        lms = r.get("lms") or {}
        login = lms.get("login") if lms.get("lms") == "canvas" else ""
        canvas_rows.append([lms.get("name") or login or r.get("original", r["student"]),
                            lms.get("user_id", "") if lms.get("lms") == "canvas" else "", "",
                            login or r["student"], "", grade_of(r)] + ([written_of(r)] if written else []))
    canvas = outdir / "gradebook_canvas.csv"
    atomic_write(canvas, _csv_text(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment]
                                   + ([f"{assignment} (written answers)"] if written else []), canvas_rows))
    moodle_rows = []
    for r in students:
        lms = r.get("lms") or {}
        ident = f"Participant {lms['participant']}" if lms.get("participant") else ""
        grade, most = _with_written(r)
        moodle_rows.append([ident, lms.get("name") or r.get("original", r["student"]),
                            grade if r.get("kind", GRADED_ROW) == GRADED_ROW else "", most or top, r.get("graded_at", ""), _feedback(r)])
    moodle = outdir / "gradebook_moodle.csv"
    atomic_write(moodle, _csv_text(["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)",
                                    "Feedback comments"],
                                   moodle_rows))
    return [canvas, moodle]


def full_marks_rates(rows: dict[str, dict]) -> dict[str, float]:
    """Required function -> share of the students (duplicates left out) with its full points."""
    from ..rubric import load_rubric
    rubric = load_rubric()
    students = [r for r in rows.values() if r.get("kind", GRADED_ROW) != DUPLICATE_ROW]
    return {g.name: sum(sum_points([r["functions"].get(g.name, 0.0)]) >= sum_points([rubric[g.name].points])
                        for r in students) / max(1, len(students))
            for g in GRADED if not g.optional}


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def write_answers_index(outdir: Path) -> Path | None:
    """OUT/inline_answers.md: every student's Inline Question answers, for manual grading (None when none)."""
    by_student = {}
    for path in sorted((outdir / STUDENTS_DIR).glob(f"*/{ANSWERS_FILE}")):
        try:
            by_student[path.parent.name] = answers_from_json(path.read_bytes())
        except (ValueError, UnicodeDecodeError):
            continue
    if not by_student:
        return None
    target = outdir / "inline_answers.md"
    atomic_write(target, answers_index(by_student))
    return target


def write_summary(outdir: Path, rows: dict[str, dict]) -> Path:
    """summary.md with a score histogram, the share of full marks per function and the entries with problems."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    students = [r for r in rows.values() if r.get("kind", GRADED_ROW) != DUPLICATE_ROW]
    scores = [r["score"] for r in students]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(scores, bins=20)
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    fig.tight_layout()
    fig.savefig(outdir / "score_histogram.png")
    plt.close(fig)
    rates = full_marks_rates(rows)
    fig, ax = plt.subplots(figsize=(6, 8))
    ax.barh(list(rates), list(rates.values()))
    ax.set_xlim(0, 1)
    ax.set_xlabel("fraction of students with full marks")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(outdir / "pass_rates.png")
    plt.close(fig)
    problems = [r for _, r in sorted(rows.items()) if r["error"]]
    lines = ["# Batch summary", "", f"{len(students)} students; mean score "
             f"{sum(scores) / max(1, len(scores)):.1f}; {len(problems)} entries with problems "
             f"({sum(1 for r in rows.values() if r.get('kind') == DUPLICATE_ROW)} duplicates).", "",
             "![score histogram](score_histogram.png)", "", "![pass rates](pass_rates.png)", "",
             "| function | full marks |", "|---|---|"]
    lines += [f"| {n} | {100 * r:.0f}% |" for n, r in rates.items()]
    if problems:
        lines += ["", "## Entries with problems", "", "| student | uploaded as | problem |", "|---|---|---|"]
        lines += [f"| {_markdown_cell(r['student'])} | {_markdown_cell(r.get('original', ''))} | "
                  f"{_markdown_cell(r['error'])} |" for r in problems]
    path = outdir / "summary.md"
    atomic_write(path, "\n".join(lines) + "\n")
    return path


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


# -- the batch -------------------------------------------------------------------------------------------------

def batch(submissions: str | os.PathLike, outdir: str | os.PathLike, *, workers: int | None = None,
          scheduler: str | None = None, cluster: str | None = None, jobs: int | None = None,
          allow_weaker_tier: bool = False, force: bool = False, similarity: bool = False, seed: int | None = None,
          lang: str = "en", progress: bool = True, assignment: str = CANVAS_ASSIGNMENT) -> BatchResult:
    """Grade a whole class.

    Args:
        submissions: A folder of per-student folders/zips/.py/.ipynb (plain names or an LMS export), or one zip.
        outdir: Where the gradebook, its LMS exports, the summary and ``students/<id>/`` go.
        workers: Local worker processes (default: the number of cores).
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
        A BatchResult.

    Raises:
        KeyboardInterrupt: on Ctrl-C, after the pool is stopped and the gradebook holds what was finished (the
            same call resumes).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
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
    todo = []
    for entry in entries:
        if entry.kind != GRADED_ROW:
            done[entry.student] = _error_row(students, entry)  # cheap, and always from today's entries
        elif entry.student in stored and stored[entry.student].get("original") == entry.original:
            done[entry.student] = stored[entry.student]
        else:
            todo.append(entry)
    write_gradebook(outdir, done)
    graded_now, cluster_notes = [], []
    on_cluster = dict(cluster=cluster, jobs=jobs, allow_weaker_tier=allow_weaker_tier, notes=cluster_notes)
    try:
        for row in _run(todo, students, seed, lang, workers, scheduler, progress, on_cluster):
            done[row["student"]] = row
            graded_now.append(row["student"])
            write_gradebook(outdir, done)
    finally:
        write_gradebook(outdir, done)
    from .review import refresh
    if refresh(outdir):  # TAs have graded written answers here: a re-run keeps their points in every output
        done.update({k: v for k, v in load_rows(students).items() if k in done})
    gradebook = write_gradebook(outdir, done)
    exports = write_lms_exports(outdir, done, assignment)
    summary = write_summary(outdir, done)
    add_cluster_notes(summary, cluster_notes)
    write_answers_index(outdir)
    similarity_path = None
    if similarity:
        from .similarity import similarity_report
        similarity_report({e.student: e.path for e in entries if e.kind == GRADED_ROW}, outdir)
        similarity_path = outdir / "similarity.html"
    return BatchResult(outdir, [done[k] for k in sorted(done)], graded_now, gradebook, summary, exports,
                       similarity_path)


def _run(todo: list[Entry], students: Path, seed: int, lang: str, workers, scheduler, progress, on_cluster):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    bar = Progress(TextColumn("grading"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   TimeElapsedColumn(), TimeRemainingColumn(), disable=not progress)
    with bar:
        task = bar.add_task("grading", total=len(todo))
        rows = (run_on_cluster(todo, students, seed, lang, scheduler, **on_cluster) if scheduler or
                on_cluster["cluster"] else _run_local(todo, students, seed, lang, workers or os.cpu_count() or 1))
        for row in rows:
            bar.advance(task)
            yield row


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers keep their temporary files (prepared submissions, sandboxes) in one private folder, so
    that what a worker killed mid-job leaves behind is removed with the pool."""
    import tempfile
    temporary = tempfile.mkdtemp(prefix="convkit-batch-")
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_pool_worker_init, initargs=(temporary,))
    pool.convkit_temporary = temporary
    return pool


def _stop_pool(pool: ProcessPoolExecutor):
    """Stop a pool now: cancel what is queued, terminate the workers (they clean their sandboxes), kill what is
    left after a grace period, then remove the pool's temporary folder (what a killed worker could not)."""
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    again, deadline = time.monotonic() + 1.5, time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, again - time.monotonic()))
        if process.is_alive():  # the first stop landed where it could not raise
            process.terminate()
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)
    shutil.rmtree(pool.convkit_temporary, ignore_errors=True)


def _died_message(entry: Entry) -> str:
    return ("the process grading this submission died twice (killed by a signal, e.g. the out-of-memory killer "
            "or SIGKILL), the second time grading it alone: not graded; re-run with --force after checking it")


def _run_local(todo: list[Entry], students: Path, seed: int, lang: str, workers: int):
    """Grade ``todo`` in a pool, at most ``workers`` at a time (so a dead worker's submissions are known). A
    submission whose pool broke is retried alone in a fresh single-worker pool; if that dies too, an error row."""
    queue = deque(todo)
    suspects: deque[Entry] = deque()
    pool = _new_pool(workers)
    running: dict = {}

    def submit(p, entry):
        return p.submit(grade_one, entry.student, str(entry.path), str(students), seed, lang, entry)
    try:
        while queue or running or suspects:
            if suspects and not running:
                entry = suspects.popleft()
                alone = _new_pool(1)
                try:
                    yield submit(alone, entry).result()
                except BrokenProcessPool:
                    yield _error_row(students, entry, _died_message(entry), FAILED_ROW)
                finally:
                    _stop_pool(alone)
                continue
            while queue and len(running) < workers and not suspects:
                entry = queue.popleft()
                running[submit(pool, entry)] = entry
            if not running:
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                entry = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.append(entry)
                    shutil.rmtree(students / f".{entry.student}.partial", ignore_errors=True)
            if broken:  # every submission in flight shared the dead worker's pool: each is a suspect
                wait(running)
                for future, entry in list(running.items()):
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(entry)
                        shutil.rmtree(students / f".{entry.student}.partial", ignore_errors=True)
                running.clear()
                _stop_pool(pool)
                pool = _new_pool(workers)
    finally:
        _stop_pool(pool)


# -- the CLI verb ----------------------------------------------------------------------------------------------

def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def terminal_summary(result: BatchResult, seconds: float, limit: int = 20) -> str:
    """What the batch verb prints: the counts, the entries with problems (first ``limit``) and where the files are."""
    students = [r for r in result.rows if r.get("kind", GRADED_ROW) != DUPLICATE_ROW]
    scores = [r["score"] for r in students if r.get("kind", GRADED_ROW) == GRADED_ROW]
    top = max((r["max_score"] for r in students), default=0)
    lines = [f"{len(students)} students in the gradebook ({len(result.graded_now)} graded now, in {seconds:.1f} s); "
             f"mean score {sum(scores) / max(1, len(scores)):.1f} / {top:g}."]
    problems = result.problems
    if problems:
        lines.append(f"{len(problems)} with problems:")
        width = min(40, max(len(r["student"]) for r in problems))
        for row in problems[:limit]:
            lines.append(f"  {_printable(row['student']):{width}}  {_printable(row['error'])[:110]}")
        if len(problems) > limit:
            lines.append(f"  ... and {len(problems) - limit} more (the error column of the gradebook)")
    else:
        lines.append("No problems.")
    lines.append(f"gradebook:  {result.gradebook}")
    if result.exports:
        lines.append(f"for the LMS: {', '.join(str(p) for p in result.exports)}")
    if result.summary:
        lines.append(f"summary:    {result.summary}")
    if result.similarity:
        lines.append(f"similarity: {result.similarity}")
    lines.append(f"reports:    {result.outdir / STUDENTS_DIR}/<student>/report.html")
    return "\n".join(lines)


def main(args) -> int:
    """The CLI's ``batch`` verb."""
    from ..i18n import detect_lang
    start = time.monotonic()
    options = {k: getattr(args, k) for k in batch.__kwdefaults__ if hasattr(args, k) and k not in ("lang", "progress")}
    try:
        result = batch(args.submissions, args.output, lang=detect_lang(args.lang), progress=os.isatty(1), **options)
    except KeyboardInterrupt:
        print(f"interrupted: the workers are stopped; what was finished is in {Path(args.output) / 'gradebook.csv'}"
              "; run the same command again to grade the rest", file=sys.stderr)
        return 130
    print(terminal_summary(result, time.monotonic() - start))
    return 0
