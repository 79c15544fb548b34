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
    checks = _branch_without_out(checks, graded, package_dir)
    if not missing or len(missing) == sum(c.max_score > 0 for c in checks):
        return checks
    returned = [o for o in outputs_of(graded) if o not in {_output(c, graded) for c in missing}]
    names = _returned_names(package_dir, graded)
    first = graded.outputs[0] if graded.outputs else ""
    unset = any(_output(c, graded) == first and c.status == FAILED and "output_none" in _keys(c.message)
                for c in checks)
    marked = []
    for check in checks:
        if check.status != NOT_IMPLEMENTED:
            marked.append(check)
            continue
        output = _output(check, graded)
        if graded.kind == "forward" and unset and output != first:
            # learnM's pool (srjit/dl101): out None in train mode, the running averages right: they are not
            # judged without out ("returns None for running_mean, while it returns out" was the other way round)
            said = text("partly_returned_side", function=graded.name, output=output, first=first)
            marked.append(dataclasses.replace(check, status=FAILED, message=said, hint="",
                                              numbers=dict(check.numbers, failures=[], partly_returned=True)))
            continue
        said = text("partly_returned", function=graded.name, output=output, returned=code_names(returned))
        hint = _why(names, graded, output)
        marked.append(dataclasses.replace(check, status=FAILED, message=lines(said, hint) if hint else said,
                                          hint=hint, numbers=dict(check.numbers, failures=[], partly_returned=True)))
    return marked


def _keys(message) -> set:
    from .layer_patterns import keys_of  # only where an output is None
    return keys_of(message)


MODES = ("train", "test")


def _branch_without_out(checks: list, graded: Graded, package_dir: Path) -> list:
    """A forward whose out is None in some cases (not all): where its source has an ``if mode == 'train'`` (or
    'test') branch that never assigns the name it returns as out, and nothing after the branch assigns it, the out
    check's hint says so first (learnM's pool, srjit/dl101: a train branch that computes x_hat and stops)."""
    first = graded.outputs[0] if graded.outputs else ""
    at = next((i for i, c in enumerate(checks) if _output(c, graded) == first and c.status == FAILED
               and "output_none" in _keys(c.message)), None)
    if graded.kind != "forward" or at is None:
        return checks
    body = _function_body(package_dir, graded)
    returns = [n for n in ast.walk(body) if isinstance(n, ast.Return) and n.value is not None] if body else []
    value = returns[-1].value if returns else None
    value = value.elts[0] if isinstance(value, ast.Tuple) and value.elts else value
    if not isinstance(value, ast.Name):
        return checks
    name = value.id  # what it returns first: out
    for index, node in enumerate(body.body):
        branches = _mode_branches(node)
        if not branches:
            continue
        if any(_assigns(later, name) for later in body.body[index + 1:]):
            return checks
        empty = [mode for mode, stmts in branches.items() if stmts and not any(_assigns(s, name) for s in stmts)
                 and not all(isinstance(s, (ast.Pass, ast.Expr)) for s in stmts)]
        if len(empty) != 1 or len(branches) < 2:
            return checks
        said = text("out_unset_in_branch", function=graded.name, mode=empty[0], name=name)
        check = checks[at]
        hint = lines(said, check.hint) if check.hint else said
        return checks[:at] + [dataclasses.replace(check, hint=hint)] + checks[at + 1:]
    return checks


def _function_body(package_dir: Path, graded: Graded):
    path = package_dir / (graded.module.replace(".", "/") + ".py")
    try:
        tree = parsed(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == graded.name]
    return defs[-1] if defs else None


def _mode_of(test) -> str:
    """'train' or 'test' where ``test`` is ``mode == 'train'`` (either side), else ''."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        sides = [test.left, test.comparators[0]]
        if any(isinstance(s, ast.Name) and s.id == "mode" for s in sides):
            value = next((s.value for s in sides if isinstance(s, ast.Constant)), None)
            return value if value in MODES else ""
    return ""


def _mode_branches(node) -> dict:
    """mode -> the statements of its branch, for an ``if mode == ...: ... elif mode == ...: ...`` chain."""
    found = {}
    while isinstance(node, ast.If):
        mode = _mode_of(node.test)
        if not mode:
            return {}
        found[mode] = node.body
        node = node.orelse[0] if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If) else None
    return found


def _assigns(node, name: str) -> bool:
    """Does ``node`` (a statement) assign ``name`` anywhere inside it?"""
    for n in ast.walk(node):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(
            n, (ast.AugAssign, ast.AnnAssign, ast.For)) else []
        if any(isinstance(m, ast.Name) and m.id == name for t in targets for m in ast.walk(t)):
            return True
    return False


def outputs_of(graded: Graded) -> tuple:
    """The names of what the function returns, in order (``dx, dgamma, dbeta``)."""
    return tuple(graded.returns or graded.outputs)


def _output(check, graded: Graded) -> str:
    """The output a check judges (``dbeta`` of "dbeta matches the reference")."""
    return next((o for o in outputs_of(graded) if check.name.split(" ", 1)[0] == o), check.name.split(" ", 1)[0])


def _returned_names(package_dir: Path, graded: Graded) -> tuple[dict, set, set] | None:
    """(output -> the name the student's last ``return a, b, c`` gives it, names assigned, names set to None only)
    of the student's function, or None where its source cannot be read that way."""
    body = _function_body(package_dir, graded)
    if body is None:
        return None
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
