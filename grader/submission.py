"""Turn what a student handed in into a package the worker can import, without running any of it.

A submission can be a folder shaped like ``assignment/``, a CS231n-style tree (``cs231n/layers.py``), a ``.zip``
of either, or a single ``.py`` or ``.ipynb`` file. The package that reaches the worker always holds the kit's own
given modules (fast layers, gradient check, solver, ``__init__``) and the student's versions of the exercise
modules; an exercise module the student did not hand in is the stub, so its functions earn nothing.

Only reading, parsing and compiling happen here (compiling does not execute code).
"""
from __future__ import annotations

import ast
import dataclasses
import os
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from .functions import GRADED
from .handin import locate_handin
from .i18n import Text, text
from .parsed import Memo, quiet_compile, quiet_parse
from .sandbox.cleanup import remove_tree
from .sandbox.scratch import private_folder
from .submission_zip import notebook_cells
from .trees import walk

KIT_ROOT = Path(__file__).resolve().parents[1]
STUDENT_MARKER = "*****START OF YOUR CODE"
MAX_ZIP_BYTES = 64 * 1024 * 1024
MAX_ZIP_FILES = 5000
MAX_SOURCE_BYTES = 2 * 1024 * 1024
PACKAGE_ALIASES = ("cs231n", "assignment", "submission")


class SubmissionError(Exception):
    """The submission as a whole cannot be read (missing, not a zip, not a notebook, no code at all).

    ``text`` is the reason, worded later in the student's language; ``str()`` is its English wording."""

    def __init__(self, reason: Text):
        super().__init__(str(reason))
        self.text = reason


@dataclasses.dataclass
class PreparedSubmission:
    """A submission made ready for the worker.

    Attributes:
        package_dir: Folder holding the package (given modules + student modules) to copy into the sandbox.
        provided: Exercise modules the student handed in (``layers.py``, ``classifiers/cnn.py``).
        module_errors: Module path -> why it cannot be imported (syntax error, not UTF-8, too large), as a Text
            worded in the student's language by the report.
        notes: Things worth telling the student (a module missing, a notebook's cells dropped), as Texts.
    """

    package_dir: Path
    provided: list[str]
    module_errors: dict[str, Text]
    notes: list[Text]
    _work: Path | None = None

    def cleanup(self):
        if self._work is not None:
            remove_tree(self._work)  # what a class archive held: removed as a hostile tree, never raising
            self._work = None


def exercise_modules(kit_assignment: Path | None = None) -> list[str]:
    """Module paths (posix, relative) of the exercise modules: those with a student region in assignment/."""
    root = kit_assignment or KIT_ROOT / "assignment"
    found = []
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" not in path.parts and STUDENT_MARKER in path.read_text(encoding="utf-8"):
            found.append(path.relative_to(root).as_posix())
    return found


def module_of(relpath: str) -> str:
    """``classifiers/cnn.py`` -> ``classifiers.cnn``."""
    return relpath[:-3].replace("/", ".")


def _safe_extract(archive: Path, dest: Path) -> list[str]:
    """Unpack ``archive`` into ``dest``; returns the names of the symlinks it held (never followed, left out)."""
    symlinks = []
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_FILES:
                raise SubmissionError(text("zip_too_many_files", name=archive.name, count=len(infos),
                                           limit=MAX_ZIP_FILES))
            if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
                raise SubmissionError(text("zip_too_large", name=archive.name, mb=MAX_ZIP_BYTES >> 20))
            for info in infos:
                name = PurePosixPath(info.filename.replace("\\", "/"))
                if info.is_dir() or name.is_absolute() or ".." in name.parts or name.parts[:1] == ("__MACOSX",):
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symlink: never followed
                    symlinks.append(name.as_posix())
                    continue
                target = dest.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(text("zip_invalid", name=archive.name, why=str(exc))) from None
    except (OSError, RuntimeError, NotImplementedError) as exc:  # encrypted or unsupported members
        raise SubmissionError(text("zip_unpack_failed", name=archive.name, why=str(exc))) from None
    return symlinks


def _find_root(folder: Path, modules: list[str]) -> Path | None:
    """The shallowest folder below ``folder`` that holds at least one exercise module."""
    names = {PurePosixPath(m).name for m in modules}
    best = None
    for dirpath, dirnames, filenames in walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "__MACOSX", ".git", ".venv"))
        depth = len(Path(dirpath).relative_to(folder).parts)
        hits = names.intersection(filenames)
        if hits and (best is None or depth < best[0] or (depth == best[0] and len(hits) > best[1])):
            best = (depth, len(hits), Path(dirpath))
    return best[2] if best else None


def _escapes(path: Path, top: Path) -> bool:
    """Does ``path``, a file the submission seems to hold, resolve (through symlinks) to a place outside ``top``?
    A folder from a git checkout can hold symlinks to anywhere, the reference included; zips never do."""
    if not os.path.lexists(path):
        return False
    real, real_top = os.path.realpath(path), os.path.realpath(top)
    return os.path.commonpath([real, real_top]) != real_top


def _read_source(path: Path) -> tuple[str | None, Text | None]:
    if path.stat().st_size > MAX_SOURCE_BYTES:
        return None, text("source_too_large", name=path.name, mb=MAX_SOURCE_BYTES >> 20)
    try:
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, text("source_not_utf8", name=path.name, byte=exc.start)


_IPYTHON_HELP = re.compile(r"^\s*\?{0,2}[\w.]+\?{1,2}\s*$|^\s*\?{1,2}[\w.]+\s*$")


def _is_ipython_only(line: str) -> bool:
    """A line only IPython understands: a %magic, a !shell command, or help (``np.sum?``, ``?np.sum``)."""
    return line.lstrip().startswith(("%", "!")) or bool(_IPYTHON_HELP.match(line))


def _notebook_source(path: Path) -> tuple[str, list[Text]]:
    """The notebook's code cells as one source, and a note for each cell that does not parse (left out)."""
    import nbformat
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # nbformat raises several kinds for broken JSON / schema
        raise SubmissionError(text("notebook_invalid", name=path.name,
                                   why=f"{type(exc).__name__}: {str(exc)[:200]}")) from None
    cells = notebook_cells(nb)
    if cells is None:
        raise SubmissionError(text("notebook_invalid", name=path.name, why="cells that are not a notebook's"))
    chunks, notes = [], []
    for number, (kind, source) in enumerate(cells, start=1):
        if kind != "code":
            continue
        code = "\n".join(ln for ln in source.splitlines() if not _is_ipython_only(ln))
        try:
            ast.unparse(quiet_parse(code))  # the definitions kept are unparsed later: a cell too deep is left out
        except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
            notes.append(text("cell_not_parsed", name=path.name, number=number,
                              error=_error_text(exc, getattr(exc, "lineno", None))))
            continue
        chunks.append(code)
    return "\n\n".join(chunks), notes


def _definitions_only(source: str, name: str) -> str:
    """Keep a notebook's imports, defs, classes and assignments; drop the statements that run experiments."""
    tree = quiet_parse(source, name)
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            roots = [a.name.split(".")[0] for a in node.names] if isinstance(node, ast.Import) \
                else [(node.module or "").split(".")[0]]
            if node.__class__ is ast.ImportFrom and node.level:
                continue
            if any(r in PACKAGE_ALIASES for r in roots):
                continue  # the notebook's imports of the kit itself: the module provides those names already
            keep.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)):
            keep.append(node)
    return ast.unparse(ast.Module(body=keep, type_ignores=[]))


def _defined_names(source: str) -> set[str]:
    tree = quiet_parse(source)
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def _error_text(exc: BaseException, line: int | None) -> Text:
    """A compiler error as data: its type, its line (if known) and Python's own message, quoted as it is."""
    message = str(getattr(exc, "msg", exc))
    if line:
        return text("compile_error_at", error=type(exc).__name__, line=line, msg=message)
    return text("compile_error", error=type(exc).__name__, msg=message)


def _single_file_modules(path: Path, modules: list[str]) -> tuple[dict[str, str], list[Text]]:
    """Map a lone .py/.ipynb onto the exercise modules whose graded names it defines."""
    notes = []
    if path.suffix == ".ipynb":
        source, cell_notes = _notebook_source(path)
        source = _definitions_only(source, path.name)
        notes += cell_notes
        notes.append(text("notebook_definitions_kept", name=path.name))
    else:
        source, problem = _read_source(path)
        if source is None:
            raise SubmissionError(problem)
        direct = [m for m in modules if PurePosixPath(m).name == path.name]
        if direct:
            return {direct[0]: source}, notes
    try:
        names = _defined_names(source)
    except SyntaxError:
        # Name it as the main module, so the syntax error is reported against the functions it holds.
        return {"layers.py": source}, notes
    by_module = {}
    for graded in GRADED:
        rel = graded.module.replace(".", "/") + ".py"
        if graded.name in names:
            by_module.setdefault(rel, []).append(graded.name)
    if not by_module:
        raise SubmissionError(text("defines_no_graded_function", name=path.name))
    files = {"_single.py": source}
    for rel, found in by_module.items():
        dots = "." * (rel.count("/") + 1)
        files[rel] = f"\nfrom {dots}_single import {', '.join(sorted(found))}  # noqa: F401\n"
    return files, notes


def prepare_submission(path: str | os.PathLike, kit_root: Path | None = None) -> PreparedSubmission:
    """Build the package the worker will import for this submission.

    Args:
        path: The submission (folder, zip, .py or .ipynb).
        kit_root: The kit (holding ``assignment/``); default: the one this grader belongs to.

    Returns:
        A PreparedSubmission (call ``cleanup()`` when done).

    Raises:
        SubmissionError: when nothing gradable can be read.
    """
    kit = kit_root or KIT_ROOT
    assignment = kit / "assignment"
    modules = exercise_modules(assignment)
    source = Path(path)
    if not source.exists():
        raise SubmissionError(text("no_such_path", path=str(source)))
    work = private_folder("submission")
    try:
        package = work / "package"
        shutil.copytree(assignment, package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        notes: list[Text] = []
        student: dict[str, str] = {}
        errors: dict[str, Text] = {}
        single = None
        names = {PurePosixPath(m).name for m in modules}
        handin = locate_handin(source, names)  # a folder holding a zip, a notebook, .py files, PDFs beside them
        if handin.chosen:
            notes.append(text("handin_chosen", graded=handin.path.relative_to(source).as_posix(),
                              aside=", ".join(handin.set_aside) or "-"))
            source = handin.path
        elif source.is_dir() and handin.set_aside and _find_root(source, modules) is None:
            raise SubmissionError(text("nothing_gradable", name=source.name, files=", ".join(handin.set_aside[:10])))
        if source.is_file() and source.suffix.lower() == ".zip":
            unpacked = work / "unpacked"
            unpacked.mkdir()
            notes += [text("zip_symlink_skipped", name=link) for link in _safe_extract(source, unpacked)]
            source_dir = unpacked
            inner = locate_handin(unpacked, names)
            if inner.chosen and inner.path.suffix.lower() in (".py", ".ipynb"):
                single = inner.path
        elif source.is_file() and source.suffix.lower() in (".py", ".ipynb"):
            single = source
        elif source.is_dir():
            source_dir = source
        else:
            raise SubmissionError(text("wrong_kind_of_submission", name=source.name))

        if single is not None:
            files, single_notes = _single_file_modules(single, modules)
            notes += single_notes
            for rel, code in files.items():
                student[rel] = code
        else:
            root = _find_root(source_dir, modules)
            if root is None:
                raise SubmissionError(text("no_exercise_module", name=source.name,
                                           names=", ".join(PurePosixPath(m).name for m in modules)))
            for rel in modules:
                candidate = root / rel
                if _escapes(candidate, source_dir):
                    errors[rel] = text("symlink_refused", file=rel)
                    continue
                if not candidate.is_file():
                    notes.append(text("not_handed_in", file=rel))
                    continue
                code, problem = _read_source(candidate)
                if code is None:
                    errors[rel] = problem
                    continue
                student[rel] = code

        for rel, code in student.items():
            exc = compile_error(code)
            if isinstance(exc, SyntaxError):
                errors[rel] = text("syntax_error_in", file=rel, line=exc.lineno, msg=exc.msg)
            elif exc is not None:  # null bytes; code too deep for the compiler
                errors[rel] = text("cannot_compile", file=rel, error=_error_text(exc, None))
            target = package / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in errors:
                continue  # the stub stays; the functions of this module are reported with the error
            target.write_text(code if not rel.startswith("_single") and not code.startswith("\nfrom .")
                              else _merge_reexport(package / rel, code), encoding="utf-8")
        provided = sorted(r for r in student if r in modules)
        if not provided and not errors:
            raise SubmissionError(text("no_module_readable", name=source.name))
        return PreparedSubmission(package, provided, errors, notes, work)
    except BaseException:
        remove_tree(work)
        raise


# a module's source -> why it does not compile (None: it does); a batch's submissions share most sources
_COMPILED = Memo(kept=256)
_UNSEEN = object()


def compile_error(source: str) -> BaseException | None:
    """Why ``source`` does not compile (a SyntaxError, or ValueError, MemoryError, RecursionError: null bytes,
    code too deep for the compiler), or None. Compiled once per source text in a grading process; no code runs."""
    held = _COMPILED.get(source, _UNSEEN)
    if held is not _UNSEEN:
        return held
    error = None
    try:
        quiet_compile(source, "<submission>")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        error = exc.with_traceback(None)
    return _COMPILED.put(source, error)


def _merge_reexport(stub_path: Path, reexport: str) -> str:
    """A lone file's functions replace the stub's versions; the stub's other functions stay unimplemented."""
    if stub_path.name == "_single.py" or not stub_path.exists():
        return reexport
    return stub_path.read_text(encoding="utf-8") + reexport
