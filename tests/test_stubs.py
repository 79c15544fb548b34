"""Tests of grader.instructor.stubs, the generator of assignment/ from solutions/."""
from pathlib import Path

import pytest

from grader.instructor.stubs import MarkerError, generate_stubs, render_stubs, strip_solutions

ROOT = Path(__file__).resolve().parents[1]

REGION = """\
def f(x):
    out = None
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    # BEGIN SOLUTION
    out = x + 1
    # END SOLUTION
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return out
"""


def test_region_becomes_pass_at_begin_indentation():
    """Is a solution region replaced by one `pass` at the BEGIN line's indentation, banner kept?"""
    stub = strip_solutions(REGION)
    assert "out = x + 1" not in stub
    assert "    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****\n    pass\n" \
           "    # *****END OF YOUR CODE" in stub
    namespace = {}
    exec(compile(stub, "stub", "exec"), namespace)
    assert namespace["f"](1) is None


def test_nested_begin_is_rejected_with_file_and_line():
    """Is a nested BEGIN SOLUTION rejected, naming file:line?"""
    text = "x = 1\n# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n"
    with pytest.raises(MarkerError, match=r"^mod\.py:3: nested BEGIN SOLUTION"):
        strip_solutions(text, "mod.py")


def test_orphan_end_is_rejected():
    """Is an END SOLUTION without a BEGIN rejected at its line?"""
    with pytest.raises(MarkerError, match=r"mod\.py:2: END SOLUTION without"):
        strip_solutions("x = 1\n# END SOLUTION\n", "mod.py")


def test_missing_end_is_rejected_at_the_begin_line():
    """Is a BEGIN SOLUTION that is never closed reported at the line that opened it?"""
    with pytest.raises(MarkerError, match=r"mod\.py:2: BEGIN SOLUTION is never closed"):
        strip_solutions("x = 1\n    # BEGIN SOLUTION\n    y = 2\n", "mod.py")


def test_bad_input_writes_nothing(tmp_path):
    """Does a bad marker in one file leave the destination untouched, even for the good files?"""
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    (src / "a_good.py").write_text(REGION)
    (src / "b_bad.py").write_text("# BEGIN SOLUTION\n")
    with pytest.raises(MarkerError, match="b_bad.py:1"):
        generate_stubs(src, dst)
    assert not dst.exists()


def test_stub_that_does_not_compile_is_rejected(tmp_path):
    """Is a region whose removal leaves invalid Python rejected before writing?"""
    src = tmp_path / "src"
    src.mkdir()
    (src / "m.py").write_text("if True:\n    x = 1\n# BEGIN SOLUTION\n  y = 2\n# END SOLUTION\n    z = 3\n")
    with pytest.raises(SyntaxError):
        generate_stubs(src, tmp_path / "dst")
    assert not (tmp_path / "dst").exists()


def test_generation_is_idempotent_and_removes_stale_files(tmp_path):
    """Does a second run write nothing, and does a file gone from the source disappear from the stubs?"""
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "m.py").write_text(REGION)
    first = generate_stubs(src, dst)
    assert first.written == ["pkg/m.py"]
    assert generate_stubs(src, dst).written == []
    (dst / "old.py").write_text("x = 1\n")
    assert generate_stubs(src, dst, check=True).removed == ["old.py"]
    generate_stubs(src, dst)
    assert not (dst / "old.py").exists()


def test_assignment_is_byte_identical_to_a_fresh_generation(tmp_path):
    """Is assignment/ exactly what the generator makes of solutions/ today (no drift, no hand edits)?"""
    fresh = tmp_path / "assignment"
    generate_stubs(ROOT / "solutions", fresh)
    report = generate_stubs(ROOT / "solutions", ROOT / "assignment", check=True)
    assert report.in_sync, f"assignment/ drifted from solutions/: {report.drifted + report.removed}; run `make stubs`"
    for rel, data in render_stubs(ROOT / "solutions").items():
        assert (fresh / rel).read_bytes() == data == (ROOT / "assignment" / rel).read_bytes(), rel


def test_a_new_stub_gets_a_plain_files_mode(tmp_path):
    """Is a newly generated stub readable as `open(path, "w")` would make it (0666 less the umask), not a private
    temporary file's 0600 that the uid tier's sandbox user cannot read?"""
    import os
    old = os.umask(0o022)
    try:
        generate_stubs(Path(__file__).resolve().parents[1] / "solutions", tmp_path / "assignment")
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "assignment").rglob("*.py")}
    assert modes and set(modes.values()) == {0o644}, modes
