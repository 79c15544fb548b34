"""The written questions of the assignment, with the instructor's half: points, reference answer, rubric items.

INSTRUCTOR SIDE. Read from the notebook sources (``notebooks/source/NN_name.txt``), where each Inline Question is
followed by its answer cell and an ``@@ rubric`` block in TOML (see ``notebooks.build``)::

    points = 3                      # the question's worth
    reference.en = '''...'''        # the reference answer, in both languages
    reference.zh = '''...'''
    [[items]]                       # rubric items, applied by a click or a key (1-9) on the review page
    points = 1                      # may be 0 (e.g. "not answered") or negative (a deduction)
    en = "(a) 28 x 28 x 6 and 456 parameters"
    zh = "(a) ..."

An answer's score is the sum of the points of the items applied to it, between 0 and the question's points. The
release never holds this text: the sources stay with the instructor, and the builder leaves rubric blocks out of
the notebooks.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KIT_ROOT = Path(__file__).resolve().parents[3]
SOURCE_DIR = KIT_ROOT / "notebooks" / "source"
MAX_ITEMS = 9  # keys 1-9 apply them


class RubricError(ValueError):
    """A rubric block that does not say what a question is worth or how to grade it (the message names file:line)."""


@dataclasses.dataclass(frozen=True)
class Item:
    """One rubric item: ``key`` is stable across edits of the text (``<question>/<position>``)."""

    key: str
    position: int
    points: float
    en: str
    zh: str


@dataclasses.dataclass(frozen=True)
class Question:
    """An Inline Question: ``key`` is ``<notebook stem>/<number>``, e.g. ``01_convolution/2``."""

    key: str
    notebook: str
    number: int
    text_en: str
    text_zh: str
    points: float
    reference_en: str
    reference_zh: str
    items: tuple[Item, ...]

    def label(self, lang: str = "en") -> str:
        return f"{self.notebook} · {'课堂问题' if lang == 'zh' else 'Inline Question'} {self.number}"


def question_key(notebook: str, number: int) -> str:
    """The key of a question from a notebook's file name or path and the question's number."""
    stem = Path(str(notebook).replace("\\", "/")).stem
    return f"{stem}/{int(number)}"


def _parse(text: str, where: str, key: str) -> tuple[float, str, str, tuple[Item, ...]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{where}: the rubric is not valid TOML: {exc}") from None
    points = data.get("points")
    reference = data.get("reference", {})
    items = data.get("items", [])
    if not isinstance(points, (int, float)) or points <= 0:
        raise RubricError(f"{where}: `points` must be a positive number")
    if not (isinstance(reference, dict) and all(isinstance(reference.get(k), str) and reference[k].strip()
                                                for k in ("en", "zh"))):
        raise RubricError(f"{where}: `reference.en` and `reference.zh` must both be given")
    if not items or len(items) > MAX_ITEMS:
        raise RubricError(f"{where}: a rubric needs 1 to {MAX_ITEMS} [[items]]")
    parsed = []
    for position, item in enumerate(items, 1):
        if not (isinstance(item.get("points"), (int, float)) and all(isinstance(item.get(k), str) and item[k].strip()
                                                                     for k in ("en", "zh"))):
            raise RubricError(f"{where}: item {position} needs `points`, `en` and `zh`")
        parsed.append(Item(f"{key}/{position}", position, float(item["points"]), item["en"].strip(),
                           item["zh"].strip()))
    if sum(i.points for i in parsed if i.points > 0) < points:
        raise RubricError(f"{where}: the items' positive points add up to less than the question's {points:g}")
    return float(points), reference["en"].strip(), reference["zh"].strip(), tuple(parsed)


def load_questions(source_dir: Path = SOURCE_DIR) -> list[Question]:
    """Every Inline Question of the sources, in notebook order.

    Raises:
        RubricError: a question without a rubric block, or a block that is not complete.
    """
    from notebooks.build import QUESTION, cell_role, parse_source
    questions = []
    for source in sorted(Path(source_dir).glob("*.txt")):
        for cell in parse_source(source):
            if cell["type"] != "markdown" or cell_role(cell["en"], "en") != "inline-question":
                continue
            number = int(QUESTION.match(cell["en"].lstrip()).group(1))
            key = question_key(source.stem, number)
            if "rubric" not in cell:
                raise RubricError(f"{source}:{cell['line']}: Inline Question {number} has no @@ rubric block")
            where = f"{source}:{cell['rubric']['line']}"
            points, ref_en, ref_zh, items = _parse(cell["rubric"]["text"], where, key)
            strip = lambda text: QUESTION.sub("", text.lstrip(), count=1).strip()  # noqa: E731
            questions.append(Question(key, source.stem, number, strip(cell["en"]), strip(cell["zh"]), points,
                                      ref_en, ref_zh, items))
    return questions
