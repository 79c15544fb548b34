"""The folder is the classification: what ships to students (grader/ but for grader/instructor/) never imports the
instructor's code or the reference, so that the release can copy the folder whole."""
import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("grader.instructor", "solutions")


def forbidden_imports(grader_dir: Path) -> list[str]:
    """Every import of instructor code or solutions/ in the shipped modules under ``grader_dir``, as file:line."""
    found = []
    for path in sorted(grader_dir.rglob("*.py")):
        rel = path.relative_to(grader_dir)
        if rel.parts[0] == "instructor":
            continue
        package = ["grader", *rel.parts[:-1]]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                names = [module] + [f"{module}.{alias.name}" for alias in node.names]
            else:
                continue
            if any(n == f or n.startswith(f + ".") for n in names for f in FORBIDDEN):
                found.append(f"{rel}:{node.lineno}")
    return sorted(set(found))


def test_no_shipped_module_imports_instructor_code_or_solutions():
    """Does no module of the shipped grader import grader.instructor or solutions, at any depth?"""
    assert forbidden_imports(ROOT / "grader") == []


def test_the_guard_catches_a_shipped_module_that_imports_instructor_code(tmp_path):
    """On a throwaway copy: do an absolute, a relative and a nested import of instructor code each get caught?"""
    copy = tmp_path / "grader"
    shutil.copytree(ROOT / "grader", copy, ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "scoring.py", "a") as fh:
        fh.write("\nfrom .instructor.mistakes import CATALOG  # noqa\n")
    with open(copy / "sandbox" / "decode.py", "a") as fh:
        fh.write("\ndef f():\n    from ..instructor import reference  # noqa\n")
    with open(copy / "writers" / "html.py", "a") as fh:
        fh.write("\nimport solutions.layers  # noqa\n")
    assert [f.split(":")[0] for f in forbidden_imports(copy)] == ["sandbox/decode.py", "scoring.py",
                                                                  "writers/html.py"]
