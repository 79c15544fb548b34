"""A module's source parsed once per text, for every reader of it in one grading process.

TRUSTED SIDE (the parent reads the student's source; nothing runs). Several checks read the same module of the same
submission (which functions it calls, whether a naive function calls the fast layers, where a failing function's
lines are): each gets the one tree. Keyed by the text itself, so a tree is never another source's. Read only.
"""
from __future__ import annotations

import ast
import functools


@functools.lru_cache(maxsize=8)
def parsed(source: str) -> ast.Module:
    """``ast.parse(source)``, shared (never change the tree). Raises as ``ast.parse`` does (nothing is kept then)."""
    return ast.parse(source)
