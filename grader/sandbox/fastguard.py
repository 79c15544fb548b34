"""The fast-layer ban, held where the code runs: the naive exercises' jobs run in a worker whose package has no
fast layers at all.

TRUSTED SIDE. ``install`` replaces the package copy's ``fast_layers.py`` by a guard module: the same names (every
function, every alias such as ``conv_forward_fast = conv_forward_im2col``, the same imports), each a function that
raises ``GivenFastLayerCalled``. However student code reaches a fast layer (by name, through an alias with no
``def``, a lambda, ``functools.partial``, a class's ``__call__``, ``importlib``, ``getattr``, ``exec`` of the
module's source read from its file), it reaches a guard: the real code is not in that process, nor in any folder it
can read. The session lays the real module out only after that worker and every process of its uid are gone
(``WorkerSession.allow_fast_layers``). The parent recognises the guard's exception in the events of the graded call
(``called_fast_layer``) and the function earns nothing, with the static check's message (``grader.fastcheck``).
"""
from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

MODULE = "fast_layers.py"
EXCEPTION = "GivenFastLayerCalled"


def given_names(source: str) -> tuple[list[str], list[str]]:
    """(every name the module binds at its top level by def, class or assignment; its import statements)."""
    tree = ast.parse(source)
    names, imports = [], []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name) and t.id != "__all__"]
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and not (isinstance(node, ast.ImportFrom)
                                                                     and node.level):
            imports.append(ast.unparse(node))
    return list(dict.fromkeys(names)), imports


def imported_names(imports: list[str]) -> list[str]:
    """The names the import statements bind (``np``, ``as_strided``): ``import *`` of the guard gives them too."""
    found = []
    for node in ast.parse("\n".join(imports)).body:
        found += [(alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*"]
    return found


@functools.lru_cache(maxsize=8)
def guard_source(source: str) -> str:
    """The guard module for the fast-layer module ``source`` (made once per source text in a grading process: every
    submission of a batch hands in the same given fast layers)."""
    names, imports = given_names(source)
    public = [n for n in [*imported_names(imports), *names] if not n.startswith("_")]
    lines = ['"""The given fast layers are not available while a naive exercise is graded: write the loops '
             'yourself."""', *imports, "", "",
             f"class {EXCEPTION}(RuntimeError):",
             '    """A naive exercise called a given fast layer."""', "", "",
             "def _guard(name):",
             "    def guard(*args, **kwargs):",
             f"        raise {EXCEPTION}(name)",
             "    guard.__name__ = guard.__qualname__ = name",
             "    return guard", "", ""]
    lines += [f"{name} = _guard({name!r})" for name in names]
    lines += ["", f"__all__ = {public!r}", ""]
    return "\n".join(lines)


def install(package: Path) -> bool:
    """Replace ``package``'s fast-layer module by its guard (the parent's own copy: nothing of the student's is
    read). Returns whether there was one."""
    path = Path(package) / MODULE
    if not path.is_file() or path.is_symlink():
        return False
    path.write_text(guard_source(path.read_text(encoding="utf-8")), encoding="utf-8")
    return True


def called_fast_layer(events: list, graded_call: int | None, module_file: str) -> tuple[str, int] | None:
    """(fast layer's name, line of the student's call) when the graded call's event is the guard's exception.

    Args:
        events: One case's events (one per step; see the worker's ``run_steps``).
        graded_call: Index of the step that calls the graded function (None: no such step).
        module_file: The graded module's file name (``layers.py``), to find the line of the call.
    """
    if graded_call is None or graded_call >= len(events):
        return None
    event = events[graded_call] or {}
    if event.get("type") != EXCEPTION:
        return None
    raised = str(event.get("raised", ""))
    name = raised.partition(": ")[2].strip()
    name = name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,60}", name or "") else "fast_layers"
    line = 0
    for frame in event.get("traceback", []) or []:
        where = str(frame).partition(" in ")[0]
        file, _, number = where.rpartition(":")
        if file == module_file and number.isdigit():
            line = int(number)
    return name, line
