"""Every command a reader is told to type exists where that reader types it: the `make X` targets and the
`python -m grader X` / `python -m grader.instructor X` verbs named in the notebooks (students, in the bundle), in
the bundle's README.md / README.en.md (students) and in the repository's README.md and docs/ (instructors and
contributors, in the kit). Commands are taken from code (backtick spans, fenced and indented blocks), never from prose such as
"make faster progress"."""
import importlib.util
import re
from pathlib import Path

import pytest

from grader.cli import build_parser as student_parser
from grader.instructor.cli import build_parser as instructor_parser

ROOT = Path(__file__).resolve().parents[1]
STUDENT_FILES = ROOT / "grader" / "instructor" / "student_files"
# One command at the start of a piece of code: `make X`, `python -m grader[.instructor] X`, `python -m module`.
COMMAND = re.compile(r"^!?(?:\.venv[/\\](?:bin|Scripts)[/\\])?(?:"
                     r"make\s+(?P<target>[\w-]+)"
                     r"|python3?\s+-m\s+(?P<module>[\w.]+)(?:\s+(?P<verb>[a-z][\w-]*))?)")


def code_pieces(markdown: str) -> list[str]:
    """The code a markdown text shows: the lines of its fenced and indented blocks, and its backtick spans."""
    pieces, prose = [], []
    fenced = False
    previous_blank = True
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            prose.append("")
            continue
        if fenced or (line.startswith("    ") and line.strip() and previous_blank):
            pieces.append(line.strip())
            prose.append("")
        else:
            previous_blank = not line.strip()
            prose.append(line)
    # a span may wrap onto the next line of its paragraph, never past a blank line
    spans = re.findall(r"`((?:[^`\n]|\n(?![ \t]*\n))+)`", "\n".join(prose))
    return pieces + [" ".join(span.split()) for span in spans]


def commands(markdown: str) -> list[tuple]:
    """(kind, name) for each command in the code of ``markdown``: ("make", target), ("grader", verb),
    ("grader.instructor", verb), ("module", dotted name)."""
    found = []
    for piece in code_pieces(markdown):
        for part in re.split(r"\s*(?:&&|;|\|\|)\s*", piece):
            match = COMMAND.match(part.strip())
            if not match:
                continue
            if match["target"]:
                found.append(("make", match["target"]))
            elif match["module"] in ("grader", "grader.instructor"):
                if match["verb"]:
                    found.append((match["module"], match["verb"]))
            else:
                found.append(("module", match["module"]))
    return found


def make_targets(makefile: Path) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^([\w-]+)\s*:(?!=)", makefile.read_text(), re.MULTILINE)}


def verbs(parser) -> set[str]:
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(subparsers.choices)


def module_exists(name: str) -> bool:
    """A module of the kit (datasets.download), or one installed with it (pip, jupyter)."""
    path = ROOT.joinpath(*name.split("."))
    return (path.with_suffix(".py").is_file() or (path / "__main__.py").is_file()
            or importlib.util.find_spec(name) is not None)


def missing(texts: dict[str, str], makefiles: list[Path], allowed_modules: dict[str, set[str]]) -> list[str]:
    """The commands of ``texts`` that do not exist for their audience (in none of ``makefiles``, or not a verb)."""
    targets = set().union(*(make_targets(m) for m in makefiles))
    wrong = []
    for where, text in texts.items():
        for kind, name in commands(text):
            if kind == "make":
                ok = name in targets
            elif kind == "module":
                ok = module_exists(name)
            else:
                ok = name in allowed_modules.get(kind, set())
            if not ok:
                wrong.append(f"{where}: `{'make' if kind == 'make' else 'python -m ' + kind} {name}`")
    return wrong


def student_texts() -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "notebooks" / "source").glob("*.txt"))}
    for name in ("README.md", "README.en.md"):
        texts[f"bundle {name}"] = (STUDENT_FILES / name).read_text(encoding="utf-8")
    return texts


def test_the_extraction_finds_commands_in_code_and_not_in_prose():
    """Are `make X` and `python -m grader X` found in backticks, fences and indented blocks, and prose ignored?"""
    text = ("Run `make check` and `make run-notebooks TARGET=assignment`; they make faster progress.\n\n"
            "    python -m grader check assignment\n    .venv\\Scripts\\python -m grader submit -o s.zip\n\n"
            "```\nmake lab && python -m datasets.download\n```\n`!python -m grader.instructor grade x`\n")
    assert sorted(commands(text)) == sorted([("make", "check"), ("make", "run-notebooks"), ("grader", "check"),
                                             ("grader", "submit"), ("make", "lab"), ("module", "datasets.download"),
                                             ("grader.instructor", "grade")])


def test_a_missing_target_or_verb_is_reported():
    """Would a notebook naming `make datasets` without such a target (issue 21), or an instructor verb, fail?"""
    makefile_without = STUDENT_FILES / "Makefile"
    fake = {"03": "the real MNIST files when `make nosuchtarget` has downloaded them; `python -m grader grade x`"}
    wrong = missing(fake, [makefile_without], {"grader": verbs(student_parser()[0])})
    assert wrong == ["03: `make nosuchtarget`", "03: `python -m grader grade`"]


@pytest.mark.parametrize("audience", ["student", "kit"])
def test_every_named_command_exists_for_its_audience(audience):
    """Does every `make X` / `python -m grader X` a student reads (notebooks, the bundle's READMEs) exist in the
    bundle's Makefile and CLI, and every one in the repository's README and docs/ in the kit's Makefile and CLIs
    (or, where they describe the bundle, in the bundle's Makefile)?"""
    student_verbs = verbs(student_parser()[0])
    if audience == "student":
        texts, makefiles = student_texts(), [STUDENT_FILES / "Makefile"]
        allowed = {"grader": student_verbs}
    else:
        texts = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
        texts.update({f"docs/{p.name}": p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))})
        makefiles = [ROOT / "Makefile", STUDENT_FILES / "Makefile"]
        allowed = {"grader": student_verbs, "grader.instructor": verbs(instructor_parser())}
    found = [c for text in texts.values() for c in commands(text)]
    assert len(found) >= 10, found  # the extraction really sees the commands
    assert missing(texts, makefiles, allowed) == []
