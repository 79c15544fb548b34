"""What a student handed in: the one thing to grade in a hand-in folder, and what is set aside.

TRUSTED SIDE, shipped with the grader. One answer for every place that meets a hand-in: ``prepare_submission``
(so ``grade``, the student's ``check`` and Gradescope's ``run_autograder``, which grades the uploaded folder) and
the instructor's batch (which shows the answer in the gradebook). Only names, sizes and times are read here.

A folder that holds an exercise module (``layers.py``, ``cnn.py``, at any depth) is graded as it is. Otherwise
the folder is what an LMS made of an upload: the newest ``.zip`` in it is graded (a zip left unextracted), else
the newest notebook or ``.py`` file; everything else (PDFs, notes, older zips) is set aside, and said so.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path, PurePosixPath

from .trees import walk

JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX", ".git", ".ipynb_checkpoints", "__pycache__"}
ARCHIVES = (".zip",)
SOURCES = (".ipynb", ".py")
MAX_SCAN = 5000                   # entries looked at in one hand-in (a submission's file limit)


def is_junk(name: str) -> bool:
    """Files an operating system or editor leaves (``.DS_Store``, ``._x``, ``~$x``): never a hand-in."""
    return name in JUNK or name.startswith("._") or name.startswith("~$")


@dataclasses.dataclass
class Handin:
    """The answer to "what did this student hand in".

    Attributes:
        path: What to grade (the folder itself, or one file in it).
        set_aside: Files in the folder that were not graded (posix paths relative to the folder).
        chosen: True when ``path`` is one file picked out of a folder.
    """

    path: Path
    set_aside: list[str] = dataclasses.field(default_factory=list)
    chosen: bool = False


def _files(folder: Path) -> list[tuple[str, float]]:
    """Regular files below ``folder`` (no symlinks followed, junk left out) with their modification times."""
    found, seen = [], 0
    for dirpath, dirnames, filenames in walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not is_junk(d)
                             and not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            seen += 1
            if seen > MAX_SCAN:
                return found
            full = os.path.join(dirpath, name)
            if is_junk(name) or os.path.islink(full):
                continue
            try:
                mtime = os.lstat(full).st_mtime
            except OSError:
                continue
            found.append((Path(full).relative_to(folder).as_posix(), mtime))
    return found


def locate_handin(path: str | os.PathLike, module_names: set[str]) -> Handin:
    """What to grade in ``path`` (see the module's docstring).

    Args:
        path: A hand-in: a folder, or a file (then it is its own answer).
        module_names: File names of the exercise modules (``layers.py``, ``cnn.py``, ...).

    Returns:
        A Handin; for a folder holding nothing gradable, ``path`` is the folder itself and every file is set aside
        (grading it then says no exercise module was found).
    """
    path = Path(path)
    if not path.is_dir() or path.is_symlink():
        return Handin(path)
    files = _files(path)
    if any(PurePosixPath(rel).name in module_names for rel, _ in files):
        return Handin(path, [rel for rel, _ in files if not rel.lower().endswith(SOURCES)])
    for kinds in (ARCHIVES, SOURCES):
        candidates = [(mtime, rel) for rel, mtime in files if rel.lower().endswith(kinds)]
        if candidates:
            _, newest = max(candidates)  # the latest upload wins; equal times: the last name
            return Handin(path / newest, sorted(rel for rel, _ in files if rel != newest), chosen=True)
    return Handin(path, sorted(rel for rel, _ in files))
