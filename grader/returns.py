"""A function that returns some of its outputs and None for the others is not "not implemented yet": it is told which
output is None, and, read from its own source, why (a name assigned in its place: a typo; or the ``None`` it starts
with, never assigned again).

TRUSTED SIDE (the parent reads the student's source; nothing runs); ships with the student's check.
"""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from .functions import Graded
from .i18n import code_names, lines, text
from .model import FAILED, NOT_IMPLEMENTED
from .parsed import parsed


def partly_returned(checks: list, graded: Graded, package_dir: Path) -> list:
    """``checks`` of one function, its None outputs told as that where another output of it is not None."""
    missing = [c for c in checks if c.status == NOT_IMPLEMENTED]
    if not missing or len(missing) == sum(c.max_score > 0 for c in checks):
        return checks
    returned = [o for o in outputs_of(graded) if o not in {_output(c, graded) for c in missing}]
    names = _returned_names(package_dir, graded)
    marked = []
    for check in checks:
        if check.status != NOT_IMPLEMENTED:
            marked.append(check)
            continue
        output = _output(check, graded)
        said = text("partly_returned", function=graded.name, output=output, returned=code_names(returned))
        hint = _why(names, graded, output)
        marked.append(dataclasses.replace(check, status=FAILED, message=lines(said, hint) if hint else said,
                                          hint=hint, numbers=dict(check.numbers, failures=[], partly_returned=True)))
    return marked


def outputs_of(graded: Graded) -> tuple:
    """The names of what the function returns, in order (``dx, dgamma, dbeta``)."""
    return tuple(graded.returns or graded.outputs)


def _output(check, graded: Graded) -> str:
    """The output a check judges (``dbeta`` of "dbeta matches the reference")."""
    return next((o for o in outputs_of(graded) if check.name.split(" ", 1)[0] == o), check.name.split(" ", 1)[0])


def _returned_names(package_dir: Path, graded: Graded) -> tuple[dict, set, set] | None:
    """(output -> the name the student's last ``return a, b, c`` gives it, names assigned, names set to None only)
    of the student's function, or None where its source cannot be read that way."""
    path = package_dir / (graded.module.replace(".", "/") + ".py")
    try:
        tree = parsed(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == graded.name]
    if not defs:
        return None
    body = defs[-1]
    returns = [n for n in ast.walk(body) if isinstance(n, ast.Return) and isinstance(n.value, ast.Tuple)]
    if not returns or len(returns[-1].value.elts) != len(outputs_of(graded)):
        return None
    by_output = {o: e.id for o, e in zip(outputs_of(graded), returns[-1].value.elts) if isinstance(e, ast.Name)}
    assigned, to_value = set(), set()
    for node in ast.walk(body):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.With)):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [getattr(node, "target", None)] + [i.optional_vars for i in getattr(node, "items", [])]
            value = getattr(node, "value", None)
            for target in filter(None, targets):
                for name in (n.id for n in ast.walk(target) if isinstance(n, ast.Name)):
                    assigned.add(name)
                    if not (isinstance(value, ast.Constant) and value.value is None) and not (
                            isinstance(value, ast.Tuple) and all(isinstance(e, ast.Constant) and e.value is None
                                                                 for e in value.elts)):
                        to_value.add(name)
    return by_output, assigned, to_value


def _why(names, graded: Graded, output: str):
    """The reason the source shows for ``output`` being None, or ''."""
    if names is None or output not in names[0]:
        return ""
    by_output, assigned, to_value = names
    name = by_output[output]
    if name in to_value:
        return ""  # given a value somewhere (on a path not taken, say): nothing sure to say
    import difflib  # only where an output is left None
    others = set(by_output.values())
    near = difflib.get_close_matches(name, sorted(to_value - others), n=1, cutoff=0.75)
    if near:
        return text("partly_returned_typo", function=graded.name, assigned=near[0], returned=name)
    return text("partly_returned_never", function=graded.name, name=name)
