"""``make submit``: the student's code, notebooks (as .ipynb and rendered to HTML) and Inline Question answers in one
zip to upload.

For each notebook the newest saved copy counts, among ``notebooks/<lang>/`` (the one a student edits in Jupyter)
and ``out/notebooks/assignment/<lang>/`` (``make run-notebooks``, which runs copies of the former): what the student
wrote last is never dropped for an older executed copy. When the newest copy has not been executed since it was saved
(answers typed after ``make run-notebooks``), an older executed copy whose code cells are the same lends it its
outputs (the answers are the newest, the outputs belong to that very code); otherwise the newest copy is packed as
it is, and ``make submit`` says so and offers to run it (on a terminal it asks; elsewhere it says what to run).
The answers to the Inline Questions (a markdown cell starting ``**Inline Question N**``, then one starting
``**Your answer:**`` / ``**你的回答：**``) go into ``inline_answers.md`` and ``inline_answers.json``. Warns when a
notebook has not been run in either language, stopped on an error, or has unanswered questions. Takes nothing from
solutions/.
"""
from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from pathlib import Path

from .i18n import translate

QUESTION = re.compile(r"^\s*\*\*Inline Question (\d+)\*\*")
ANSWER_MARKERS = ("**Your answer:**", "**你的回答：**", "**你的回答:**")
PLACEHOLDERS = {"", "*fill this in*", "*在此作答*", "fill this in", "在此作答"}


@dataclasses.dataclass
class InlineAnswer:
    """One Inline Question of one notebook and the student's answer to it."""

    notebook: str
    number: int
    question: str
    answer: str

    @property
    def answered(self) -> bool:
        return self.answer.strip() not in PLACEHOLDERS


@dataclasses.dataclass
class SubmissionZipResult:
    """The zip written, what it holds, the Inline Question answers and the warnings about the notebooks."""

    path: Path
    files: list[str]
    warnings: list[str]
    answers: list[InlineAnswer] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return True  # warnings never stop a submission: the student decides


def notebook_cells(nb) -> list[tuple[str, str]] | None:
    """A notebook's cells as (cell type, source text), or None when they are not what a notebook holds (cells that
    are not a list of objects, a source that is neither text nor a list of texts: JSON nbformat's reader passes
    on). Every reader of a student's notebook goes through it, so that a hand-made notebook is the student's
    problem (not a notebook), never an exception of the grader's."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return None
    found = []
    for cell in cells:
        if not isinstance(cell, dict):
            return None
        kind, source = cell.get("cell_type"), cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(kind, str) or not isinstance(source, str):
            return None
        found.append((kind, source))
    return found


def _executed(nb) -> bool:
    return any(c.get("outputs") or c.get("execution_count") is not None for c in nb.cells if c.cell_type == "code")


def _error(nb):
    return next((o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                 if o.get("output_type") == "error"), None)


def extract_inline_answers(nb, notebook: str) -> list[InlineAnswer]:
    """The Inline Questions of a notebook with the answer cell under each (an empty answer when it is missing)."""
    cells = [source for kind, source in notebook_cells(nb) or [] if kind == "markdown"]
    answers = []
    for index, source in enumerate(cells):
        match = QUESTION.match(source)
        if not match:
            continue
        answer = ""
        following = cells[index + 1].strip() if index + 1 < len(cells) else ""
        marker = next((m for m in ANSWER_MARKERS if following.startswith(m)), None)
        if marker:
            answer = following[len(marker):].strip()
        question = source[match.end():].strip()
        answers.append(InlineAnswer(notebook, int(match.group(1)), question, answer))
    return answers


def answers_markdown(answers: list[InlineAnswer]) -> str:
    """``inline_answers.md``: every question and answer, grouped by notebook, unanswered ones marked."""
    lines = ["# Inline Questions / 课堂问题", ""]
    current = None
    for a in answers:
        if a.notebook != current:
            current = a.notebook
            lines += [f"## {a.notebook}", ""]
        lines += [f"### Inline Question {a.number}", "", a.question, "",
                  "**Answer / 回答:**", "", a.answer if a.answered else "*(not answered / 未作答)*", ""]
    return "\n".join(lines)


def _candidates(root: Path) -> dict[str, list[Path]]:
    """Every notebook name (``en/01_convolution.ipynb``) -> its copies: the working one, then the executed one."""
    found: dict[str, list[Path]] = {}
    for base in (root / "notebooks", root / "out" / "notebooks" / "assignment"):
        for path in sorted(base.rglob("*.ipynb")) if base.is_dir() else []:
            if ".ipynb_checkpoints" not in path.parts:
                found.setdefault(path.relative_to(base).as_posix(), []).append(path)
    working = {p.relative_to(root / "notebooks").as_posix() for p in (root / "notebooks").rglob("*.ipynb")} \
        if (root / "notebooks").is_dir() else set()
    return {name: paths for name, paths in found.items() if name in working}


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


@dataclasses.dataclass
class Picked:
    """The copy of one notebook to pack: the newest saved one, and how it relates to the last run.

    Attributes:
        path: The newest saved copy (where the answers come from).
        nb: What is packed: that copy, with the outputs of ``lent_by`` when they were lent.
        lent_by: An older executed copy with the same code cells, whose outputs the newest copy took.
        stale: The newest copy was saved after the last run, with code of its own: packed without outputs.
    """

    path: Path
    nb: object
    lent_by: Path | None = None
    stale: bool = False


def _pick(paths: list[Path], lang: str = "en"):
    """The newest saved copy (see Picked), or None when no copy can be read; with the copies that could not be."""
    import nbformat
    read, bad = [], []
    for path in paths:
        try:
            read.append((path, nbformat.read(path, as_version=4)))
        except Exception as exc:  # an unreadable copy is reported, the others still count
            bad.append(translate("submit_invalid_notebook", lang, name=path.name, error=type(exc).__name__))
    if not read:
        return None, bad
    path, nb = max(read, key=lambda item: item[0].stat().st_mtime)
    if _executed(nb):
        return Picked(path, nb), bad
    executed = [(p, old) for p, old in read if p != path and _executed(old)]
    if not executed:
        return Picked(path, nb), bad  # never run anywhere: the "not run" warning says so
    same = [(p, old) for p, old in executed if _code(old) == _code(nb)]
    if same:
        donor_path, donor = max(same, key=lambda item: item[0].stat().st_mtime)
        return Picked(path, _with_outputs(nb, donor), lent_by=donor_path), bad
    return Picked(path, nb, stale=True), bad


def _with_outputs(nb, donor):
    """A copy of ``nb`` whose code cells carry ``donor``'s outputs (the same code, cell for cell)."""
    import copy
    merged = copy.deepcopy(nb)
    donors = iter([c for c in donor.cells if c.cell_type == "code"])
    for cell in merged.cells:
        if cell.cell_type == "code":
            source = next(donors)
            cell.outputs = copy.deepcopy(source.get("outputs", []))
            cell.execution_count = source.get("execution_count")
    return merged


def _interactive() -> bool:
    import sys
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def ask_on_terminal(question: str) -> bool:
    """Ask a yes/no question on the terminal (yes by default); False when nobody can answer."""
    if not _interactive():
        return False
    try:
        reply = input(question + " [Y/n] ").strip().lower()
    except EOFError:
        return False
    return reply in ("", "y", "yes", "是", "好")


def _pick_all(root: Path, lang: str, warnings: list[str]) -> dict[str, Picked]:
    """Every notebook's Picked copy; unreadable copies are added to ``warnings``."""
    picked = {}
    for name, paths in _candidates(root).items():
        p, bad = _pick(paths, lang)
        warnings += [translate("submit_left_out", lang, name=name, why=b) for b in bad] if p is None else []
        if p is not None:
            picked[name] = p
    return picked


def collect_submission(out_zip: str | Path = "submission.zip", root: str | Path = ".",
                       execute: bool = False, verbose: bool = True, lang: str = "en",
                       ask=ask_on_terminal) -> SubmissionZipResult:
    """Write the submission zip.

    Args:
        out_zip: Where to write it.
        root: The student's copy of the kit (holding assignment/ and notebooks/).
        execute: Run the notebooks on assignment/ first (into out/notebooks/assignment) and pack those copies.
        verbose: Print what was written and the warnings.
        lang: Language of what is printed and of the warnings (``en`` or ``zh``).
        ask: ``ask(question) -> bool``: whether to run the notebooks saved since their last run before packing
            them (default: asks on a terminal; elsewhere no, and the warning says what to run).

    Returns:
        A SubmissionZipResult.
    """
    import nbformat
    from nbconvert import HTMLExporter

    root = Path(root).resolve()
    if execute and (root / "notebooks").is_dir():
        from .notebook_runner import run_notebooks
        run_notebooks("assignment", root=root, output_dir=root / "out" / "notebooks" / "assignment")
    chosen, warnings, files, answers = {}, [], [], []
    picked = _pick_all(root, lang, warnings)
    stale = sorted(name for name, p in picked.items() if p.stale)
    if stale and not execute and (root / "notebooks").is_dir() and ask(
            translate("submit_ask_run", lang, names=", ".join(stale))):
        from .notebook_runner import run_notebooks
        run_notebooks("assignment", root=root, notebooks=stale, output_dir=root / "out" / "notebooks" / "assignment")
        warnings.clear()
        picked = _pick_all(root, lang, warnings)
    for name, p in picked.items():
        chosen[name] = p.nb
        if p.stale:
            warnings.append(translate("submit_saved_after_run", lang, name=name))
        elif p.lent_by is not None:
            warnings.append(translate("submit_outputs_lent", lang, name=name,
                                      run=p.lent_by.relative_to(root).as_posix()))
    # A notebook exists in two languages and a student runs one: warn only when neither was run.
    by_stem: dict[str, list[str]] = {}
    for name in chosen:
        by_stem.setdefault(Path(name).name, []).append(name)
    for stem, names in sorted(by_stem.items()):
        run = [n for n in names if _executed(chosen[n])]
        if not run and not any(picked[n].stale for n in names):  # a stale copy has its own warning
            warnings.append(translate("submit_not_run", lang, name=stem))
        for n in run:
            error = _error(chosen[n])
            if error:
                warnings.append(translate("submit_stopped", lang, name=n,
                                          error=f"{error.get('ename')}: {str(error.get('evalue'))[:120]}"))
    for name, nb in chosen.items():
        answers += extract_inline_answers(nb, name)
    # Per question, keep the answered language versions (or one unanswered entry when none is answered).
    kept: list[InlineAnswer] = []
    for stem in sorted(by_stem):
        for number in sorted({a.number for a in answers if Path(a.notebook).name == stem}):
            versions = [a for a in answers if Path(a.notebook).name == stem and a.number == number]
            answered = [a for a in versions if a.answered]
            kept += answered or versions[:1]
    unanswered = [a for a in kept if not a.answered]
    if unanswered:
        warnings.append(translate("submit_unanswered", lang, missing=len(unanswered), total=len(kept),
                                  which=", ".join(f"{Path(a.notebook).stem} Q{a.number}" for a in unanswered[:6])
                                  + (" ..." if len(unanswered) > 6 else "")))
    exporter = HTMLExporter()
    out_zip = Path(out_zip)
    part = out_zip.with_name(out_zip.name + ".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((root / "assignment").rglob("*.py")):
            if "__pycache__" not in path.parts:
                arcname = path.relative_to(root).as_posix()
                zf.write(path, arcname)
                files.append(arcname)
        for name, nb in sorted(chosen.items()):
            zf.writestr(f"notebooks/{name}", nbformat.writes(nb))
            html, _ = exporter.from_notebook_node(nb)
            html_name = f"notebooks/{name[:-len('.ipynb')]}.html"
            zf.writestr(html_name, html)
            files += [f"notebooks/{name}", html_name]
        zf.writestr("inline_answers.md", answers_markdown(kept))
        zf.writestr("inline_answers.json", json.dumps(
            [dict(dataclasses.asdict(a), answered=a.answered) for a in kept], ensure_ascii=False, indent=2))
        files += ["inline_answers.md", "inline_answers.json"]
    part.replace(out_zip)
    if verbose:
        print(translate("submit_wrote", lang, path=out_zip, files=len(files), answered=len(kept) - len(unanswered),
                        total=len(kept)))
        for warning in warnings:
            print(translate("submit_warning", lang, warning=warning))
    return SubmissionZipResult(out_zip, files, warnings, kept)
