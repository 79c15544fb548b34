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
