"""Similarity: what counts as shared (not the stubs, not random identifiers), which direction is reported, and a
cost bounded per submission."""
import random
from pathlib import Path
import re
import shutil
import string
import time

from grader.instructor import similarity
from grader.instructor.reference import ROOT, copy_reference
from grader.instructor.similarity import MAX_CODE_BYTES, MIN_SHARED, similarity_pairs, similarity_report
from grader.submission import exercise_modules


def random_names_module(seed: int, lines: int = 300) -> str:
    """A 'relu_forward' of random identifiers: after identifiers become one token, every line looks the same."""
    rng = random.Random(seed)

    def name():
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(10))
    body = [f"    {name()} = {name()} + {name()} * {name()}" for _ in range(lines)]
    return "def relu_forward(x):\n" + "\n".join(body) + "\n    return x, None\n"


def test_random_identifiers_are_not_flagged_as_copies(tmp_path):
    """Are two unrelated files of random identifiers (alike once names are normalised) left unflagged?"""
    for seed in (1, 2):
        (tmp_path / f"r{seed}.py").write_text(random_names_module(seed))
    pair, = similarity_pairs({"r1": tmp_path / "r1.py", "r2": tmp_path / "r2.py"})
    assert not pair["flagged"], pair
    assert pair["shared"] < MIN_SHARED


def test_code_everyone_received_is_the_baseline(tmp_path):
    """Are two submissions that are the stubs' whole modules (markers removed, so nothing is cut away) left
    unflagged, since every student received that code?"""
    stub = (ROOT / "assignment" / "layers.py").read_text()
    stub = "\n".join(line for line in stub.splitlines() if "OF YOUR CODE" not in line)
    for name in ("s1", "s2"):
        (tmp_path / f"{name}.py").write_text(stub)
    pair, = similarity_pairs({"s1": tmp_path / "s1.py", "s2": tmp_path / "s2.py"})
    assert not pair["flagged"], pair
    assert pair["shared"] == 0


def test_the_larger_direction_is_reported_as_the_docstring_says(tmp_path):
    """When one student copied another's code and added much of their own, is the pair's similarity the share of
    the smaller body found in the other (the larger direction), as the docstring says?"""
    ref = copy_reference(tmp_path / "alice")
    extra = "\n\n".join(random_names_module(seed, 40).replace("relu_forward", f"helper_{seed}")
                        for seed in range(3, 30))
    (tmp_path / "bob.py").write_text((ref / "layers.py").read_text() + "\n\n" + extra)
    pair, = similarity_pairs({"alice": ref, "bob": tmp_path / "bob.py"})
    assert pair["flagged"] and pair["similarity"] > 0.9, pair
    doc = " ".join(similarity.similarity_pairs.__doc__.split())
    assert "larger of the two directions" in doc and "smaller of the two directions" not in doc


def test_cost_is_bounded_per_submission(tmp_path):
    """Does a submission of six ~1.9 MB modules cost at most MAX_CODE_BYTES of comparison (a note says so) and
    finish in seconds?"""
    big = tmp_path / "big"
    shutil.copytree(ROOT / "assignment", big, ignore=shutil.ignore_patterns("__pycache__"))
    chunk = random_names_module(7, 20)
    for rel in exercise_modules():
        text = "".join(chunk.replace("relu_forward", f"f{i}") for i in range(int(1.9e6) // len(chunk)))
        (big / rel).write_text(text)
    other = copy_reference(tmp_path / "alice")
    skipped = {}
    start = time.monotonic()
    pairs = similarity_pairs({"big": big, "alice": other}, skipped=skipped)
    assert time.monotonic() - start < 30
    assert "only the first" in skipped["big"] and str(MAX_CODE_BYTES >> 10) in skipped["big"]
    assert len(pairs) == 1


def test_the_report_files_are_spreadsheet_safe_and_name_what_was_cut(tmp_path, monkeypatch):
    """Does similarity.csv keep formula-like names as text, and does similarity.html say what was cut?"""
    monkeypatch.setattr(similarity, "MAX_CODE_BYTES", 2000)
    ref = copy_reference(tmp_path / "alice")
    text = (ref / "layers.py").read_text()
    (tmp_path / "copy.py").write_text(re.sub(r"\bx_pad\b", "padded", text))
    similarity_report({"=evil": ref, "+copy": tmp_path / "copy.py"}, tmp_path)
    csv_text = (tmp_path / "similarity.csv").read_text()
    assert "'=evil" in csv_text and "'+copy" in csv_text
    assert "only the first 1 KB" in (tmp_path / "similarity.html").read_text()


# -- measured on independent correct solutions -------------------------------------------------------------------

CONV_POOL = ["conv_forward_naive", "conv_backward_naive", "max_pool_forward_naive", "max_pool_backward_naive"]
KEPT_NAMES = {"np", "range", "max", "min", "divmod", "as_strided", "len", "abs", "sum", *CONV_POOL}


def _conv_pool_code(path) -> str:
    """The conv and pool functions of a file (and its helpers and imports), docstrings left out."""
    import ast
    tree = ast.parse(path.read_text())
    keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
            or (isinstance(n, ast.FunctionDef) and (n.name in CONV_POOL or n.name.startswith("_")))]
    for node in keep:
        if isinstance(node, ast.FunctionDef) and isinstance(node.body[0], ast.Expr) and \
                isinstance(node.body[0].value, ast.Constant):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(ast.Module(body=keep, type_ignores=[]))


def _renamed_reordered_copy(code: str) -> str:
    """A copy as a student hides it: every variable, argument and helper renamed, the functions in reverse order,
    the whole file reformatted."""
    import ast
    names: dict = {}

    def new(name):
        return name if name in KEPT_NAMES else names.setdefault(name, f"v{len(names)}_{name[::-1]}")

    class Rename(ast.NodeTransformer):
        def visit_Name(self, node):
            node.id = new(node.id)
            return node

        def visit_arg(self, node):
            node.arg = new(node.arg)
            return node

        def visit_FunctionDef(self, node):
            node.name = new(node.name)
            self.generic_visit(node)
            return node
    tree = Rename().visit(ast.parse(code))
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    tree.body = imports + [n for n in tree.body if n not in imports][::-1]
    return ast.unparse(tree)


def test_independent_correct_solutions_are_never_flagged_and_every_hidden_copy_is(tmp_path):
    """On six independently written correct conv/pool implementations (explicit loops, vectorised over the batch,
    tensordot over gathered windows, as_strided views, the reference, tests/data/independent_layers.py), each
    with a renamed, reordered and reformatted copy: is no independent pair flagged and every copy flagged, with
    the threshold between the two?"""
    from grader.instructor.similarity import THRESHOLD
    data = Path(__file__).parent / "data"
    sources = {p.stem: p for p in (data / "independent").glob("*.py")}
    sources.update(reference=ROOT / "solutions" / "layers.py", independent_layers=data / "independent_layers.py")
    files = {}
    for name, path in sorted(sources.items()):
        code = _conv_pool_code(path)
        for label, text in ((name, code), (f"{name}~copy", _renamed_reordered_copy(code))):
            files[label] = tmp_path / f"{label}.py"
            files[label].write_text(text)
    pairs = similarity_pairs(files)
    copies = [p for p in pairs if p["a"].split("~")[0] == p["b"].split("~")[0]]
    independent = [p for p in pairs if p not in copies]
    assert len(copies) == 6 and len(independent) == 60
    assert all(p["flagged"] for p in copies), copies
    assert not [p for p in independent if p["flagged"]]
    assert max(p["similarity"] for p in independent) < THRESHOLD <= min(p["similarity"] for p in copies)
