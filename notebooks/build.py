"""Build the English and Chinese notebooks from one source each: ``python -m notebooks.build [--check]``.

A source file ``notebooks/source/NN_name.txt`` is a list of blocks, each opened by a line ``@@ en``, ``@@ zh`` or
``@@ code``. An ``@@ en`` block and the ``@@ zh`` block right after it are one markdown cell in two languages;
an ``@@ code`` block is one code cell, shared by both notebooks so that their code cannot drift. The builder
writes ``notebooks/en/NN_name.ipynb`` and ``notebooks/zh/NN_name.ipynb`` (outputs empty, ids stable);
``--check`` writes nothing and exits 1 when a committed notebook differs from what its source gives.

An ``@@ rubric`` block (TOML) after an Inline Question's answer cell holds the instructor's half of that question:
its points, the reference answer in both languages and the rubric items TAs apply on the review page
(``python -m grader.instructor review``). It never reaches a notebook: the sources stay with the instructor.

Inline Questions are markdown cells whose first line starts with ``**Inline Question N**``; the cell after each
starts with ``**Your answer:**`` (``**你的回答：**``). The builder tags both (``inline-question``,
``inline-answer``) so that ``make submit`` can collect the answers.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

NOTEBOOKS_DIR = Path(__file__).resolve().parent
SOURCE_DIR = NOTEBOOKS_DIR / "source"
LANGS = ("en", "zh")
ANSWER_MARKERS = {"en": "**Your answer:**", "zh": "**你的回答：**"}
QUESTION = re.compile(r"^\*\*Inline Question (\d+)\*\*")
_BLOCK = re.compile(r"^@@ (en|zh|code|rubric)\s*$")


class SourceError(ValueError):
    """A source file that does not follow the en/zh/code block format (the message names file:line)."""


def parse_source(path: Path) -> list[dict]:
    """Read a source file into cells: ``{"type": "markdown", "en": ..., "zh": ...}`` or ``{"type": "code", ...}``.

    Raises:
        SourceError: An ``@@ en`` without its ``@@ zh``, a ``@@ zh`` alone, an empty block, text before the
            first block, or question/answer cells that do not match between the languages.
    """
    blocks: list[tuple[str, int, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _BLOCK.match(line)
        if match:
            blocks.append((match.group(1), number, []))
        elif blocks:
            blocks[-1][2].append(line)
        elif line.strip():
            raise SourceError(f"{path}:{number}: text before the first @@ block")
    cells: list[dict] = []
    pending_en = None
    for kind, number, lines in blocks:
        text = "\n".join(lines).strip("\n")
        if not text.strip():
            raise SourceError(f"{path}:{number}: empty @@ {kind} block")
        if kind == "rubric":
            if pending_en is not None:
                raise SourceError(f"{path}:{pending_en[0]}: @@ en without its @@ zh")
            question = _last_question(cells)
            if question is None or "rubric" in question:
                raise SourceError(f"{path}:{number}: @@ rubric must follow an Inline Question and its answer cell, "
                                  "once")
            question["rubric"] = {"text": text, "line": number}
            continue
        if kind == "en":
            if pending_en is not None:
                raise SourceError(f"{path}:{pending_en[0]}: @@ en without its @@ zh")
            pending_en = (number, text)
        elif kind == "zh":
            if pending_en is None:
                raise SourceError(f"{path}:{number}: @@ zh without an @@ en before it")
            cells.append({"type": "markdown", "en": pending_en[1], "zh": text, "line": pending_en[0]})
            pending_en = None
        else:
            if pending_en is not None:
                raise SourceError(f"{path}:{pending_en[0]}: @@ en without its @@ zh")
            cells.append({"type": "code", "source": text, "line": number})
    if pending_en is not None:
        raise SourceError(f"{path}:{pending_en[0]}: @@ en without its @@ zh")
    for cell in cells:
        if cell["type"] == "markdown":
            kinds = {lang: cell_role(cell[lang], lang) for lang in LANGS}
            if kinds["en"] != kinds["zh"]:
                raise SourceError(f"{path}:{cell['line']}: the languages disagree on the cell's role: {kinds}")
    return cells


def _last_question(cells: list[dict]) -> dict | None:
    """The Inline Question cell that the last cells (question, then its answer) make, or None."""
    if len(cells) < 2 or cells[-1]["type"] != "markdown" or cells[-2]["type"] != "markdown":
        return None
    if cell_role(cells[-1]["en"], "en") != "inline-answer" or cell_role(cells[-2]["en"], "en") != "inline-question":
        return None
    return cells[-2]


def cell_role(text: str, lang: str) -> str | None:
    """``inline-question``, ``inline-answer`` or None for a markdown cell's text."""
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if QUESTION.match(first):
        return "inline-question"
    if first.startswith(ANSWER_MARKERS[lang]):
        return "inline-answer"
    return None


def render(cells: list[dict], lang: str) -> nbformat.NotebookNode:
    """One language's notebook from parsed cells: outputs empty, cell ids stable (``cell-NNN``)."""
    nb_cells = []
    for index, cell in enumerate(cells):
        cell_id = f"cell-{index:03d}"
        if cell["type"] == "code":
            new = nbformat.v4.new_code_cell(cell["source"], id=cell_id)
        else:
            new = nbformat.v4.new_markdown_cell(cell[lang], id=cell_id)
            role = cell_role(cell[lang], lang)
            if role:
                new.metadata["tags"] = [role]
        nb_cells.append(new)
    nb = nbformat.v4.new_notebook(cells=nb_cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "convkit": {"lang": lang, "generated_from": "notebooks/source (python -m notebooks.build)"},
    })
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def expected_files(source_dir: Path = SOURCE_DIR, out_dir: Path = NOTEBOOKS_DIR) -> dict[Path, str]:
    """Every notebook the sources give: path -> its JSON text."""
    files = {}
    for source in sorted(source_dir.glob("*.txt")):
        cells = parse_source(source)
        for lang in LANGS:
            files[out_dir / lang / f"{source.stem}.ipynb"] = nbformat.writes(render(cells, lang)) + "\n"
    return files


def build(check: bool = False, source_dir: Path = SOURCE_DIR, out_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """Write the notebooks (or, with ``check``, list those that drifted from their sources).

    Returns:
        The notebooks written, or with ``check`` the drifted ones (changed, missing, or without a source).
    """
    files = expected_files(source_dir, out_dir)
    existing = {p for lang in LANGS for p in (out_dir / lang).glob("*.ipynb")}
    changed = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    orphans = sorted(existing - set(files))
    if check:
        return [str(p.relative_to(out_dir)) for p in changed + orphans]
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    for path in orphans:
        path.unlink()
    return [str(p.relative_to(out_dir)) for p in changed]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notebooks.build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook drifted")
    args = parser.parse_args(argv)
    try:
        paths = build(check=args.check)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        for path in paths:
            print(f"drifted: notebooks/{path}")
        if paths:
            print("run `python -m notebooks.build` to regenerate the notebooks from notebooks/source/")
            return 1
        print("notebooks/en and notebooks/zh are in sync with notebooks/source")
        return 0
    for path in paths:
        print(f"wrote notebooks/{path}")
    if not paths:
        print("notebooks already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
