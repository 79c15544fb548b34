"""A module's source parsed once per text, for every reader of it in one grading process; and the one way the
trusted side compiles or parses a student's text: quietly.

TRUSTED SIDE (the parent reads the student's source; nothing runs). Several checks read the same module of the
same submission (which functions it calls, whether a naive function calls the fast layers, where a failing
function's lines are): each gets the one tree. Keyed by the text itself, so a tree is never another source's. Read
only.

Python's compiler warns about what it reads (``x is 1``, ``assert (x, "why")``, an invalid escape): a warning
names the file and line, and Python's warning printer writes that line of the file to the grader's stderr as it
stands, terminal escape sequences included (a comment holding ``ESC]52;...`` set the grader's clipboard, ``ESC[2J``
cleared the screen under a fake score line). Nothing the grader's compiler says about a student's text is for the
grader's terminal (the worker compiles the code again and reports what matters), so every compile and parse of a
student's text goes through ``quietly``.
"""
from __future__ import annotations

import ast
import contextlib
import functools
import threading
import warnings

# ``warnings.catch_warnings`` swaps the process's filters: two threads inside it at once could leave the other's
# "ignore" in place for good. One at a time.
_QUIET = threading.RLock()


@contextlib.contextmanager
def quietly():
    """Every warning ignored (none printed, none raised as an error by ``-W error``) while the block runs."""
    with _QUIET, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def quiet_compile(source, filename: str, mode: str = "exec", **kwargs):
    """``compile(source, filename, mode, dont_inherit=True, **kwargs)``, quietly."""
    with quietly():
        return compile(source, filename, mode, dont_inherit=True, **kwargs)


def quiet_parse(source, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(source, filename)``, quietly."""
    with quietly():
        return ast.parse(source, filename=filename)


@functools.lru_cache(maxsize=8)
def parsed(source: str) -> ast.Module:
    """``ast.parse(source)``, shared (never change the tree), quietly. Raises as ``ast.parse`` does (nothing is kept
    then)."""
    return quiet_parse(source)


_MISSING = object()


class Memo:
    """What a grading process derives from a text (a module's source, a job's payloads), kept for the next
    submission that brings the same text, at most ``kept`` entries, the oldest forgotten first. Safe for threads: a
    Dask worker grades with several threads in one process (two trimming the same plain dict at once raised KeyError
    or "dictionary changed size", and the row said the grader failed)."""

    def __init__(self, kept: int = 256):
        self.kept, self._held, self._lock = kept, {}, threading.Lock()

    def get(self, key, default=None):
        return self._held.get(key, default)

    def __contains__(self, key) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def put(self, key, value):
        """Keep ``value`` under ``key`` and return it."""
        with self._lock:
            while len(self._held) >= self.kept:
                del self._held[next(iter(self._held))]  # the oldest
            self._held[key] = value
        return value

    def __len__(self) -> int:
        return len(self._held)

