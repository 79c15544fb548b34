"""Generate the student stubs in assignment/ from the reference in solutions/.

Line-based, like nbgrader's solution stripper: every region from a ``# BEGIN SOLUTION`` line to the next
``# END SOLUTION`` line (both included) becomes a single ``pass`` at the BEGIN line's indentation. The course's
TODO banner and ``START/END OF YOUR CODE`` lines sit outside the region, so they stay in the student file.

Everything is generated in memory and checked (markers well formed, no marker left, every file compiles)
before a single byte is written, so bad input never leaves a half-generated tree behind.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from ..writers import atomic_write

BEGIN_MARKER = "# BEGIN SOLUTION"
END_MARKER = "# END SOLUTION"
_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


class MarkerError(ValueError):
    """A solution marker is nested, orphaned or never closed.

    Attributes:
        path: The file holding the bad marker.
        line: 1-based line number of the offending marker.
    """

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


@dataclasses.dataclass
class StubReport:
    """What generate_stubs did (or, with check=True, would do)."""

    written: list[str]
    removed: list[str]
    drifted: list[str]

    @property
    def in_sync(self) -> bool:
        return not (self.drifted or self.removed)


def _marker_kind(line: str) -> str | None:
    stripped = line.strip()
    if stripped.startswith(BEGIN_MARKER):
        return "begin"
    if stripped.startswith(END_MARKER):
        return "end"
    return None


def strip_solutions(text: str, path: str = "<string>") -> str:
    """Replace every solution region of one file by ``pass``.

    Args:
        text: The reference source.
        path: Name used in error messages.

    Returns:
        The student version of the source.

    Raises:
        MarkerError: on a nested BEGIN, an END without BEGIN, or a BEGIN without END.
    """
    out: list[str] = []
    open_line = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        kind = _marker_kind(line)
        if kind == "begin":
            if open_line:
                raise MarkerError(path, number, f"nested BEGIN SOLUTION (the region opened at line {open_line} "
                                                "is still open)")
            open_line = number
            indent = line[: len(line) - len(line.lstrip())]
            newline = "\r\n" if line.endswith("\r\n") else "\n"
            out.append(f"{indent}pass{newline}")
        elif kind == "end":
            if not open_line:
                raise MarkerError(path, number, "END SOLUTION without a BEGIN SOLUTION")
            open_line = 0
        elif not open_line:
            out.append(line)
    if open_line:
        raise MarkerError(path, open_line, "BEGIN SOLUTION is never closed by an END SOLUTION")
    return "".join(out)


def _source_files(src: Path) -> list[Path]:
    files = []
    for path in sorted(src.rglob("*")):
        if path.is_file() and not _SKIPPED_PARTS.intersection(path.relative_to(src).parts) \
                and path.suffix not in {".pyc", ".pyo"}:
            files.append(path)
    return files


def render_stubs(src_dir: str | os.PathLike) -> dict[str, bytes]:
    """Render the whole student tree in memory.

    Args:
        src_dir: The solutions folder.

    Returns:
        A map from relative path (posix) to the bytes of the student file.

    Raises:
        MarkerError: on malformed markers, or a marker left in a generated file.
        SyntaxError: when a generated file does not compile.
    """
    src = Path(src_dir)
    rendered: dict[str, bytes] = {}
    for path in _source_files(src):
        rel = path.relative_to(src).as_posix()
        data = path.read_bytes()
        if path.suffix == ".py":
            text = strip_solutions(data.decode("utf-8"), str(path))
            for number, line in enumerate(text.splitlines(), start=1):
                if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                    raise MarkerError(str(path), number, "a solution marker is left in the generated stub")
            compile(text, f"assignment/{rel}", "exec", dont_inherit=True)
            data = text.encode("utf-8")
        rendered[rel] = data
    return rendered


def _existing_files(dst: Path) -> dict[str, Path]:
    if not dst.exists():
        return {}
    return {p.relative_to(dst).as_posix(): p for p in _source_files(dst)}


def generate_stubs(src_dir: str | os.PathLike, dst_dir: str | os.PathLike, *, check: bool = False) -> StubReport:
    """Regenerate ``dst_dir`` from ``src_dir`` (or, with ``check``, only report drift).

    Args:
        src_dir: The solutions folder (single source of truth).
        dst_dir: The assignment folder to (re)generate.
        check: Write nothing; report which files differ from what would be generated.

    Returns:
        A StubReport. With ``check``, ``drifted`` and ``removed`` list what is out of date.

    Raises:
        MarkerError, SyntaxError: before anything is written.
    """
    rendered = render_stubs(src_dir)
    dst = Path(dst_dir)
    existing = _existing_files(dst)
    drifted = sorted(rel for rel, data in rendered.items()
                     if rel not in existing or existing[rel].read_bytes() != data)
    stale = sorted(set(existing) - set(rendered))
    if check:
        return StubReport(written=[], removed=stale, drifted=drifted)
    for rel in drifted:
        # beside the target and renamed (an interrupted run never leaves a truncated stub), with a plain file's mode
        atomic_write(dst / rel, rendered[rel])
    for rel in stale:
        existing[rel].unlink()
    return StubReport(written=drifted, removed=stale, drifted=[])
