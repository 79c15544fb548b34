"""``make submit``: the student's code, notebooks (as .ipynb and rendered to HTML) and Inline Question answers in one
zip to upload.

For each notebook the executed copy is taken when there is one: the newest executed version among
``notebooks/<lang>/`` (run in Jupyter) and ``out/notebooks/assignment/<lang>/`` (``make run-notebooks
TARGET=assignment``). The answers to the Inline Questions (a markdown cell starting ``**Inline Question N**``, then
one starting ``**Your answer:**`` / ``**你的回答：**``) go into ``inline_answers.md`` and ``inline_answers.json``.
Warns when a notebook has not been run in either language, stopped on an error, or has unanswered questions. Takes
nothing from solutions/.
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


def _executed(nb) -> bool:
    return any(c.get("outputs") or c.get("execution_count") is not None for c in nb.cells if c.cell_type == "code")


def _error(nb):
    return next((o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                 if o.get("output_type") == "error"), None)


def extract_inline_answers(nb, notebook: str) -> list[InlineAnswer]:
    """The Inline Questions of a notebook with the answer cell under each (an empty answer when it is missing)."""
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    answers = []
    for index, cell in enumerate(cells):
        match = QUESTION.match(cell.source)
        if not match:
            continue
        answer = ""
        following = cells[index + 1].source.strip() if index + 1 < len(cells) else ""
        marker = next((m for m in ANSWER_MARKERS if following.startswith(m)), None)
        if marker:
            answer = following[len(marker):].strip()
        question = cell.source[match.end():].strip()
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


def _pick(paths: list[Path], lang: str = "en"):
    """The newest executed copy if any was run, else the working copy; with the copies that could not be read."""
    import nbformat
    read, bad = [], []
    for path in paths:
        try:
            read.append((path, nbformat.read(path, as_version=4)))
        except Exception as exc:  # an unreadable copy is reported, the others still count
            bad.append(translate("submit_invalid_notebook", lang, name=path.name, error=type(exc).__name__))
    executed = [(p, nb) for p, nb in read if _executed(nb)]
    pool = executed or read
    if not pool:
        return None, None, bad
    path, nb = max(pool, key=lambda item: item[0].stat().st_mtime)
    return path, nb, bad


def collect_submission(out_zip: str | Path = "submission.zip", root: str | Path = ".",
                       execute: bool = False, verbose: bool = True, lang: str = "en") -> SubmissionZipResult:
    """Write the submission zip.

    Args:
        out_zip: Where to write it.
        root: The student's copy of the kit (holding assignment/ and notebooks/).
        execute: Run the notebooks on assignment/ first (into out/notebooks/assignment) and pack those copies.
        verbose: Print what was written and the warnings.
        lang: Language of what is printed and of the warnings (``en`` or ``zh``).

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
    for name, paths in _candidates(root).items():
        path, nb, bad = _pick(paths, lang)
        warnings += [translate("submit_left_out", lang, name=name, why=b) for b in bad] if nb is None else []
        if nb is not None:
            chosen[name] = nb
    # A notebook exists in two languages and a student runs one: warn only when neither was run.
    by_stem: dict[str, list[str]] = {}
    for name in chosen:
        by_stem.setdefault(Path(name).name, []).append(name)
    for stem, names in sorted(by_stem.items()):
        run = [n for n in names if _executed(chosen[n])]
        if not run:
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
