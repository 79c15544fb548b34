"""The student bundle: no solution line, no hidden test or instructor tool inside, and the local check works
from it without solutions/."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.release import build_release

ROOT = Path(__file__).resolve().parents[1]


def solution_lines():
    """Every non-trivial line between BEGIN/END SOLUTION in solutions/ that the given code (complete in both
    trees, e.g. the fast layers) does not also contain."""
    given = "\n".join(p.read_text() for p in (ROOT / "assignment").rglob("*.py"))
    lines = set()
    for path in (ROOT / "solutions").rglob("*.py"):
        inside = False
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                inside = True
            elif stripped.startswith("# END SOLUTION"):
                inside = False
            elif inside and len(stripped) > 12 and not stripped.startswith("#"):
                lines.add(stripped)
    return {line for line in lines if line not in given}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    result = build_release(tmp / "student.zip")
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(tmp / "unpacked")
    return result, tmp / "unpacked" / "convkit"


def test_no_solution_line_is_in_any_file_of_the_bundle(bundle):
    """Is every non-trivial solution line absent from every file of the zip?"""
    result, _ = bundle
    lines = solution_lines()
    assert len(lines) > 100
    with zipfile.ZipFile(result.path) as zf:
        for name in zf.namelist():
            text = zf.read(name).decode("utf-8", "replace")
            leaked = [line for line in lines if line in text]
            assert not leaked, f"{name} holds solution code: {leaked[:3]}"


def test_no_solutions_hidden_tests_or_instructor_tools(bundle):
    """Does the bundle leave out solutions/, the hidden case generator, the reference and the mistakes catalog?"""
    result, _ = bundle
    names = set(result.names)
    assert not any(n.startswith("convkit/solutions/") for n in names)
    for forbidden in ("cases.py", "reference.py", "release.py", "stubs.py", "diagnosis.py", "mistakes.py"):
        assert f"convkit/grader/{forbidden}" not in names
    assert "convkit/assignment/layers.py" in names and "convkit/grader/public/public_tests.npz" in names
    assert "convkit/.github/workflows/check.yml" in names


def _check(bundle_dir, *args):
    return subprocess.run([sys.executable, "-m", "grader", "check", "assignment", *args], cwd=bundle_dir,
                          capture_output=True, text=True, timeout=300)


def _pytest(bundle_dir):
    """The bundle's own pytest run: one test per public check."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=bundle_dir,
                          capture_output=True, text=True, timeout=300)


def test_local_check_runs_from_the_bundle_on_the_stubs_and_on_the_reference(bundle, tmp_path):
    """Do `python -m grader check` and the bundle's pytest run work without solutions/: 0 and failures for the
    stubs, full marks and all passed for the reference copied in, and --min-score failing below?"""
    _, bundle_dir = bundle
    from grader.functions import GRADED
    from grader.rubric import load_rubric
    total = f"{sum(load_rubric()[g.name].points for g in GRADED if not g.optional):g}"  # from the rubric
    stub = _check(bundle_dir, "-o", str(tmp_path / "stub"), "--min-score", "1")
    assert stub.returncode == 1, stub.stdout + stub.stderr
    assert f"0 / {total}" in stub.stdout
    stub_pytest = _pytest(bundle_dir)
    assert stub_pytest.returncode == 1 and "failed" in stub_pytest.stdout
    for path in (ROOT / "solutions").rglob("*.py"):
        target = bundle_dir / "assignment" / path.relative_to(ROOT / "solutions")
        target.write_text(path.read_text())
    full = _check(bundle_dir, "--min-score", total, "--junit", str(tmp_path / "junit.xml"))
    assert full.returncode == 0, full.stdout + full.stderr
    assert f"{total} / {total}" in full.stdout
    assert (tmp_path / "junit.xml").exists()
    full_pytest = _pytest(bundle_dir)
    assert full_pytest.returncode == 0, full_pytest.stdout[-2000:]
    assert " passed" in full_pytest.stdout and "failed" not in full_pytest.stdout
