"""Similarity: what counts as shared (not the stubs, not random identifiers), which direction is reported, and a
cost bounded per submission."""
import random
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
