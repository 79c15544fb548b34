"""The Inline Question answers of a class, for manual grading: read from each submission, listed per student.

INSTRUCTOR SIDE. ``make submit`` puts ``inline_answers.json`` in the zip; a submission without it (a folder, a
hand-made zip) has its answers read from the notebooks it holds. Only JSON is parsed, nothing is run; sizes are
capped, and a folder's symlinks are never followed.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path, PurePosixPath

from ..submission_zip import InlineAnswer, extract_inline_answers
from ..trees import walk

ANSWERS_FILE = "inline_answers.json"
MAX_BYTES = 4 * 1024 * 1024  # per file read (a notebook with its outputs, or the answers)


def _files(path: Path) -> dict[str, bytes]:
    """inline_answers.json and the notebooks of a submission, by their path inside it (capped, no symlinks)."""
    wanted = lambda name: name.endswith(".ipynb") or PurePosixPath(name).name == ANSWERS_FILE  # noqa: E731
    found: dict[str, bytes] = {}
    if path.is_file() and path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if wanted(info.filename) and not info.is_dir() and info.file_size <= MAX_BYTES \
                            and "__MACOSX" not in info.filename:
                        found[info.filename] = zf.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            return {}
    elif path.is_file() and path.suffix == ".ipynb" and not path.is_symlink():
        found[path.name] = path.read_bytes()[:MAX_BYTES + 1]
    elif path.is_dir() and not path.is_symlink():
        for dirpath, _, filenames in walk(path):
            for item in sorted(Path(dirpath) / name for name in filenames if wanted(name)):
                if item.is_file() and not item.is_symlink() and item.stat().st_size <= MAX_BYTES:
                    found[item.relative_to(path).as_posix()] = item.read_bytes()
    return {k: v for k, v in found.items() if len(v) <= MAX_BYTES}


def answers_from_json(data: bytes) -> list[InlineAnswer]:
    items = json.loads(data.decode("utf-8"))
    answers = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("number"), int):
            answers.append(InlineAnswer(str(item.get("notebook", ""))[:200], item["number"],
                                        str(item.get("question", ""))[:5000], str(item.get("answer", ""))[:20000]))
    return answers


def collect_answers(path: str | Path) -> list[InlineAnswer]:
    """The Inline Question answers a submission holds ([] when it holds none or they cannot be read). Never raises:
    the files are the student's (JSON nested 100,000 deep, a cell whose source is a number), and what cannot be
    read holds no answer; grading reports a broken notebook on its own. (It raised, and the batch's row said the
    grader had failed on that submission, whatever its code earned.)

    nbformat is imported only when a notebook must be read: importing it costs about 1 CPU s (its JSON schema
    validator builds grammars), paid by every batch worker for hand-ins that hold no notebook."""
    try:
        files = _files(Path(path))
    except (OSError, ValueError, RecursionError):
        return []
    stored = sorted((n for n in files if PurePosixPath(n).name == ANSWERS_FILE), key=lambda n: n.count("/"))
    if stored:
        try:
            return answers_from_json(files[stored[0]])
        except (ValueError, UnicodeDecodeError, RecursionError, MemoryError):
            pass
    answers = []
    notebooks = sorted(n for n in files if n.endswith(".ipynb"))
    if notebooks:
        import nbformat
    for name in notebooks:
        try:
            nb = nbformat.reads(files[name].decode("utf-8"), as_version=4)
            answers += extract_inline_answers(nb, name)
        except Exception:  # noqa: BLE001 - a broken notebook holds no answer we can read
            continue
    return answers


def answers_index(by_student: dict[str, list[InlineAnswer]]) -> str:
    """``inline_answers.md`` of a batch: per student, each question's answer (or that it is missing).

    One file holds every student's text, so no student's text may shape it: each answer is a fenced block longer
    than any run of backticks or tildes it holds (shown as written, Markdown and LaTeX unrendered: the review page
    draws them), and a notebook's name is one line of plain text. An answer as Markdown did shape it: ``<!--`` hid
    every later student's answers in a rendered view, and ``## bob`` with an answer under it forged bob's."""
    lines = ["# Inline Questions, per student / 课堂问题（按学生）", ""]
    for student in sorted(by_student):
        answers = by_student[student]
        answered = sum(a.answered for a in answers)
        lines += [f"## {student}", "", f"{answered} / {len(answers)} answered", ""]
        for a in answers:
            lines += [f"**{_plain(a.notebook)}, Inline Question {a.number}**", ""]
            lines += [*_fenced(a.answer), ""] if a.answered else ["*(not answered / 未作答)*", ""]
    return "\n".join(lines) + "\n"


def _fenced(text: str) -> list[str]:
    """``text`` as a fenced code block no line of it can close (CommonMark: a closing fence is at least as long as
    the opening one, of the same character), its control characters (a terminal's escapes, for whoever reads the
    file with cat) shown as U+FFFD."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "\ufffd", text)  # \r: a line end (splitlines)
    longest = max((len(run) for run in re.findall(r"~+", text)), default=0)
    fence = "~" * max(4, longest + 1)
    return [f"{fence} text", *text.splitlines(), fence]


def _plain(name: str) -> str:
    """A student-given name as one line of Markdown that means only its characters."""
    name = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", name)
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~-])", r"\\\1", name)
