"""Naive exercises must be naive: a ``*_naive`` function that calls the given fast layers earns nothing.

TRUSTED SIDE (the parent reads the student's source; nothing runs). The check parses the student's own function
body and looks for calls to the kit's fast layers (``conv_forward_fast``, the im2col helpers,
``max_pool_forward_fast`` ...), whether called by name or through a module (``fast_layers.conv_forward_fast``).
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

from .i18n import MESSAGES, text
from .parsed import parsed

FAST_NAMES = frozenset({
    "conv_forward_fast", "conv_backward_fast", "conv_forward_im2col", "conv_backward_im2col",
    "conv_forward_strides", "conv_backward_strides", "conv_forward_pytorch", "conv_backward_pytorch",
    "max_pool_forward_fast", "max_pool_backward_fast", "max_pool_forward_reshape", "max_pool_backward_reshape",
    "max_pool_forward_im2col", "max_pool_backward_im2col", "im2col", "col2im", "im2col_indices",
    "col2im_indices", "get_im2col_indices", "im2col_cython", "col2im_cython", "col2im_6d_cython",
})

# The sentence that names the mistake (verify looks for it), then the whole message.
WHY = MESSAGES["fast_layers_why"]  # the sentences live in grader.i18n.MESSAGES
TEXT = MESSAGES["fast_layers"]


@functools.lru_cache(maxsize=8)
def _functions(source: str) -> dict[str, list]:
    """The module's function definitions by name (nested ones too), parsed once per source: six naive functions
    ask about the same file."""
    try:
        tree = parsed(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):  # code too deep for the parser is no call
        return {}
    found: dict[str, list] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.setdefault(node.name, []).append(node)
    return found


def fast_layer_calls(source: str, function: str) -> list[tuple[str, int]]:
    """(name, line) of every call to a fast layer inside ``function``'s body in ``source``; [] when none."""
    return list(_fast_layer_calls(source, function))


@functools.lru_cache(maxsize=64)
def _fast_layer_calls(source: str, function: str) -> tuple[tuple[str, int], ...]:
    """``fast_layer_calls``, walked once per (source text, function): every submission of a batch is asked again."""
    # A helper the student wrote (an im2col of their own, nested or at module level) is their own loops: only
    # names that come from an import, or are reached through a module (fast_layers.im2col), are the given ones.
    functions = _functions(source)
    found = []
    for node in functions.get(function, []):
        for call in ast.walk(node):
            if isinstance(call, ast.Call):
                target = call.func
                if isinstance(target, ast.Name) and target.id in FAST_NAMES and target.id not in functions:
                    found.append((target.id, call.lineno))
                elif isinstance(target, ast.Attribute) and target.attr in FAST_NAMES and not (
                        isinstance(target.value, ast.Name) and target.value.id == "self"):
                    found.append((target.attr, call.lineno))
    return tuple(found)


def fast_layer_message(package_dir: Path, graded):
    """Why ``graded`` earns nothing (it is naive and calls a fast layer, a Text), or '' when it is fine."""
    if not graded.name.endswith("_naive"):
        return ""
    path = Path(package_dir) / (graded.module.replace(".", "/") + ".py")
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    calls = fast_layer_calls(source, graded.name)
    if not calls:
        return ""
    names = ", ".join(sorted({n for n, _ in calls}))
    return text("fast_layers", function=graded.name, names=names, line=calls[0][1],
                s="s" if len({n for n, _ in calls}) > 1 else "")
