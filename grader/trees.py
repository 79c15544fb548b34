"""Walking a student's folder in the grader's process: ``os.walk``'s contract, without recursion.

TRUSTED SIDE, on untrusted trees. Python 3.11's ``os.walk`` (and ``Path.rglob``) recurse once per folder level, so a
hand-in 1,000 folders deep raised RecursionError in the grader, which stopped a whole batch before it graded anyone
(found while listing the class) or made a row the grader's failure. ``walk`` keeps its own stack: any depth costs
memory, never the interpreter's stack.
"""
from __future__ import annotations

import os
from typing import Iterator


def walk(top: str | os.PathLike) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top)`` as the grader uses it: top-down, depth first in listing order, ``dirnames`` pruned in place
    by the caller, unreadable folders skipped, a symlink to a folder listed among ``dirnames`` but never entered."""
    stack = [os.fspath(top)]
    while stack:
        dirpath = stack.pop()
        try:
            with os.scandir(dirpath) as listing:
                entries = list(listing)
        except OSError:
            continue
        dirnames, filenames = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(entry.name)
        yield dirpath, dirnames, filenames
        for name in reversed(dirnames):
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                stack.append(path)
