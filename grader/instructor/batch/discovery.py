"""Finding the students in a class folder or archive: one entry per hand-in, one canonical id per student.
INSTRUCTOR SIDE.

Names are read with the LMS table (``lms.FORMATS``); what each student handed in is decided by the same
``grader.handin.locate_handin`` that ``grade`` and Gradescope's ``run_autograder`` use, and shown in the row.
Of two hand-ins of one student the latest wins (the LMS's attempt or attachment order, else file times); the
older ones get a row of their own that says so.
"""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from ...sandbox.cleanup import remove_tree
from ...handin import is_junk, locate_handin
from ...trees import walk
from ...submission import MAX_ZIP_BYTES, MAX_ZIP_FILES, exercise_modules
from .lms import GRADESCOPE_METADATA, is_code_upload, parse_lms_name, read_gradescope_metadata
from .names import canonical_id, duplicate_id, readable
from .rows import DUPLICATE_ROW, GRADED_ROW, REFUSED_ROW, Entry

SUBMISSION_SUFFIXES = (".zip", ".py", ".ipynb")
CLASS_MAX_BYTES = 8 * 1024**3       # a class archive unpacks to at most 8 GB ...
CLASS_MAX_FILES = 500_000           # ... and holds at most this many files


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

    The archive as a whole is held to CLASS_MAX_BYTES and CLASS_MAX_FILES. One wrapping folder (``export/``,
    Gradescope's ``assignment_<id>_export/``) is looked through. Symlinks, absolute paths and ``..`` are never
    written.

    Returns:
        Top-level entry name -> why it was not unpacked (over a submission's limits); its files are skipped.

    Raises:
        ValueError: when the archive is not a zip or is over the class limits.
    """
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError(f"{archive.name}: not a valid zip of submissions ({exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > CLASS_MAX_FILES:
            raise ValueError(f"{archive.name} holds {len(infos)} files (a class archive holds at most "
                             f"{CLASS_MAX_FILES}; see grader.instructor.batch.CLASS_MAX_FILES)")
        if sum(i.file_size for i in infos) > CLASS_MAX_BYTES:
            raise ValueError(f"{archive.name} unpacks to more than {CLASS_MAX_BYTES >> 30} GB (see "
                             f"grader.instructor.batch.CLASS_MAX_BYTES)")
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
                stamp = _zip_time(info)
                if stamp is not None:  # the time the LMS wrote for the file: which hand-in is the latest
                    os.utime(target, (stamp, stamp))
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
                over[parts[0]] = f"{readable(parts[0])}: could not be unpacked ({type(exc).__name__}: {exc})"
    return over


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    import time
    try:
        return time.mktime(info.date_time + (0, 0, -1))
    except (OverflowError, ValueError):
        return None


def folder_problem(folder: Path) -> str:
    """Why a student's folder cannot be graded (a symlink inside, over a submission's limits), or ""."""
    files = size = 0
    for dirpath, dirnames, filenames in walk(folder):
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


def _entry_problem(name: str, path: Path, over_limits: dict[str, str]) -> str:
    if name in over_limits:
        return over_limits[name]
    shown = readable(name)
    if path.is_symlink():
        return f"{shown} is a symbolic link: refused (a submission is files, not a link to them)"
    if path.is_dir():
        problem = folder_problem(path)
        return f"{shown}: {problem}" if problem else ""
    if not path.is_file():
        return f"{shown}: not a regular file"
    if path.suffix.lower() not in SUBMISSION_SUFFIXES:
        return f"{shown}: not a submission (expected a folder, .zip, .py or .ipynb)"
    return ""


def _module_places() -> dict[str, str]:
    return {PurePosixPath(m).name: m for m in exercise_modules()}


def _group_flat_uploads(student: str, members: list[tuple[Path, dict]], workdir: Path) -> Path:
    """An LMS's flat files of one student (``login_1_2_layers.py``, ``login_1_3_report.pdf``) as one hand-in
    folder: each module at its place (``classifiers/cnn.py``), anything else (a zip, a notebook, a PDF) beside
    them, with file times in upload order (Canvas's attachment ids grow with each upload), so that the shared
    discovery picks the latest."""
    by_name = _module_places()
    folder = workdir / "grouped" / student
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ordered = sorted(members, key=lambda m: (int(m[1].get("attachment_id") or 0), _mtime(m[0])))
    base = max((_mtime(p) for p, _ in members), default=0.0)
    for rank, (path, lms) in enumerate(ordered):
        file = lms["file"]
        name = re.sub(r"-\d+(\.py)$", r"\1", file) if file not in by_name else file  # Canvas's "layers-1.py"
        target = folder / by_name.get(name, file)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        os.utime(target, (base + rank, base + rank))
    return folder


def _mtime(path: Path) -> float:
    """When a hand-in was made: a file's time, or the newest file's time in a folder."""
    try:
        if path.is_dir() and not path.is_symlink():
            times = [os.lstat(os.path.join(d, f)).st_mtime for d, _, fs in walk(path) for f in fs]
            return max(times, default=os.lstat(path).st_mtime)
        return os.lstat(path).st_mtime
    except OSError:
        return 0.0


def _located(entry: Entry) -> Entry:
    """``entry`` with what the shared discovery grades in it, and what it sets aside."""
    if entry.path is None or not entry.path.is_dir():
        return entry
    found = locate_handin(entry.path, set(_module_places()))
    if found.chosen:
        entry.graded_file = found.path.relative_to(entry.path).as_posix()
    entry.set_aside = list(found.set_aside) + entry.set_aside
    return entry


def _gradescope_entries(root: Path, metadata: dict[str, dict], names: list[str]) -> tuple[list[Entry], list[str]]:
    """Entries of a Gradescope export: one per submission, keyed by its first submitter's sid (else e-mail, else
    name); the other members of a group submission get rows that copy it. Returns the entries and the names
    that were not Gradescope submissions (read as plain entries)."""
    entries, rest = [], []
    for name in names:
        if name == GRADESCOPE_METADATA:
            continue
        record = metadata.get(name)
        if record is None:
            rest.append(name)
            continue
        submitters = record["submitters"] or [{"name": name, "sid": "", "email": ""}]
        ids = [canonical_id(s["sid"] or s["email"] or s["name"] or name) for s in submitters]
        info = [{"lms": "gradescope", "submission": name, "sid": s["sid"], "name": s["name"], "email": s["email"],
                 "group": [i for i in ids if i != ids[k]], "created_at": record["created_at"]}
                for k, s in enumerate(submitters)]
        path = root / name
        problem = _entry_problem(name, path, {})
        if problem:
            entries.append(Entry(ids[0], readable(name), None, problem, REFUSED_ROW, info[0]))
            continue
        entries.append(_located(Entry(ids[0], readable(name), path, lms=info[0])))
        for k in range(1, len(submitters)):
            entries.append(Entry(ids[k], readable(name), path, lms=info[k], group_of=ids[0],
                                 note=f"graded with the group's submission ({name}, under {ids[0]})"))
    return entries, rest


def discover(submissions: Path, workdir: Path) -> list[Entry]:
    """Every entry of a class, each with its canonical student id (see ``canonical_id`` and ``lms``).

    ``submissions`` is a folder of per-student folders, zips, .py or .ipynb files (plain names or an LMS export,
    flat or not; or Gradescope's export with its ``submission_metadata.yml``), or one zip of those, unpacked into
    ``workdir`` first. Each student is graded once, from their latest hand-in; an older hand-in, a symlink,
    something that is not a submission, or an entry over a submission's limits gets a row of its own with the
    reason.

    Raises:
        FileNotFoundError: when ``submissions`` does not exist.
        ValueError: when it is neither a folder nor a zip, a class archive over the class limits, or a broken
            Gradescope metadata file.
    """
    submissions = Path(submissions)
    if not submissions.exists():
        raise FileNotFoundError(f"{submissions}: no such file or folder")
    over_limits: dict[str, str] = {}
    if submissions.is_file():
        if submissions.suffix.lower() != ".zip":
            raise ValueError(f"{submissions}: expected a folder of submissions or a zip of them")
        unpacked = workdir / "unpacked"
        remove_tree(unpacked)  # what a class archive held: never trusted
        unpacked.mkdir(parents=True)
        over_limits = extract_class_archive(submissions, unpacked)
        submissions = unpacked
    names = sorted(set(os.listdir(submissions)) | set(over_limits), key=lambda n: n.encode("utf-8", "surrogatepass"))
    names = [n for n in names if not is_junk(n)]
    entries: list[Entry] = []
    metadata = read_gradescope_metadata(submissions)
    if metadata is not None:
        entries, names = _gradescope_entries(submissions, metadata, names)

    groups: dict[tuple, list] = {}
    for name in names:
        path = submissions / name
        lms = parse_lms_name(name)
        if lms and not is_code_upload(lms):
            continue  # Blackboard's attempt metadata, Moodle's online text: not code
        if lms:
            # Canvas's login is the sortable name, which two students share ("Wang, Wei"): its user id tells them
            # apart (the key of Canvas's gradebook import). Both are one key, or one student took the other's file.
            key, student = (lms["lms"], lms["key"], lms.get("user_id", "")), canonical_id(lms["key"])
        else:
            is_dir = path.is_dir() and not path.is_symlink()
            stem = name[:-len(Path(name).suffix)] if not is_dir and Path(name).suffix else name
            student = canonical_id(stem)
            key = ("", student, "")
        groups.setdefault(key, []).append((name, path, lms, student))
    shared = {}  # (lms, name) -> the user ids handed in under it
    for lms_name, name, user in groups:
        shared.setdefault((lms_name, name), set()).add(user)
    for (lms_name, name, user), members in groups.items():
        if lms_name and user and len(shared[(lms_name, name)]) > 1:  # one name, two students: the id says whose
            groups[(lms_name, name, user)] = [(*m[:3], canonical_id(f"{name}_{user}")) for m in members]

    for key, members in groups.items():
        student, note = members[0][3], ""
        if key[0] == "blackboard":  # every attempt is exported: grade the latest
            latest = max(m[2]["attempt"] for m in members)
            if any(m[2]["attempt"] != latest for m in members):
                note = f"earlier attempts left out; graded attempt {latest}"
            members = [m for m in members if m[2]["attempt"] == latest]
        lms_info = {k: v for k, v in (members[0][2] or {}).items()
                    if k not in ("file", "key", "metadata", "attachment_id", "entry")}
        flat = [m for m in members if m[2] and m[2]["file"] and m[1].is_file() and not m[1].is_symlink()]
        if key[0] and flat and len(flat) == len(members) and (len(members) > 1 or not _gradable_file(members[0])):
            folder = _group_flat_uploads(student, [(m[1], m[2]) for m in flat], workdir)
            if key[0] == "canvas":
                lms_info["late"] = any(m[2].get("late") for m in members)
            entries.append(_located(Entry(student, "; ".join(readable(m[0]) for m in members), folder,
                                          lms=lms_info, note=note)))
            continue
        good, bad = [], []
        for name, path, lms, _ in members:
            error = _entry_problem(name, path, over_limits)
            (bad if error else good).append((name, path, error))
        for name, path, error in bad:
            entries.append(Entry(student, readable(name), None, error, REFUSED_ROW, lms_info))
        if not good:
            continue
        good.sort(key=lambda m: (_mtime(m[1]), m[0].encode("utf-8", "surrogatepass")))
        latest = good[-1]
        older = good[:-1]
        graded = _located(Entry(student, readable(latest[0]), latest[1], lms=lms_info, note=note,
                                set_aside=[readable(m[0]) for m in older]))
        entries.append(graded)
        for name, _, _ in older:
            entries.append(Entry(duplicate_id(student, name), readable(name), None,
                                 f"a second entry for student {student}, older than the one graded "
                                 f"({graded.original}): not graded; keep one upload per student", DUPLICATE_ROW,
                                 lms_info))
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


def _gradable_file(member) -> bool:
    """A lone flat upload that is a submission by itself (a .zip, .py or .ipynb), graded as it is."""
    _, path, lms, _ = member
    return path.suffix.lower() in SUBMISSION_SUFFIXES and not lms.get("entry")
