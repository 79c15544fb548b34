"""The Gradescope autograder bundle, run in /autograder-shaped trees: with this interpreter by default, and (slow)
set up from scratch by its own setup.sh under every Python 3.10 to 3.13 found here, with a bwrap that fails first
on PATH as it does inside Docker."""
import glob
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.instructor.gradescope_bundle import build_autograder
from grader.instructor.mistakes import make_submission
from grader.sandbox.tiers import _open_to_others

ROOT = Path(__file__).resolve().parents[1]
FAKE_BWRAP = "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\nexit 1\n"


def _tree(tmp_path: Path, lang: str = "en") -> Path:
    """An /autograder-shaped tree: source/ from the bundle, an empty results/, a fakebin/ with a failing bwrap."""
    bundle = build_autograder(tmp_path / "autograder.zip", lang=lang)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
        assert {"run_autograder", "setup.sh", "requirements.txt"} <= set(zf.namelist())
    for script in ("run_autograder", "setup.sh"):
        (root / "source" / script).chmod(0o755)
    (root / "fakebin").mkdir()
    (root / "fakebin" / "bwrap").write_text(FAKE_BWRAP)
    (root / "fakebin" / "bwrap").chmod(0o755)
    os.chmod(tmp_path, 0o755)
    os.chmod(root, 0o755)
    return root


def _run_autograder(root: Path, submission: Path, python: str) -> dict:
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    shutil.copytree(submission, root / "submission", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), CONVKIT_PYTHON=python,
               PATH=f"{root / 'fakebin'}:{os.environ['PATH']}")
    subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, check=True, timeout=600)
    return json.loads((root / "results" / "results.json").read_text())


def test_run_autograder_writes_valid_consistent_results_json(tmp_path):
    """Does run_autograder grade /autograder/submission into a results.json Gradescope accepts, whose tests'
    max_score add up to the required total (optional exercises worth 0 there), leading with the score?"""
    root = _tree(tmp_path)
    results = _run_autograder(root, make_submission("forgotten_bias", tmp_path / "sub"), sys.executable)
    report = json.loads((root / "results" / "convkit" / "report.json").read_text())
    conv = sum(c["max_score"] for c in report["checks"] if c["function"] == "conv_forward_naive")
    assert results["score"] == report["score"] == report["max_score"] - conv
    assert {"score", "execution_time", "output", "tests"} <= set(results)
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(report["max_score"])
    assert results["output"].startswith(f"Score: {results['score']:g} / {report['max_score']:g}")
    assert "Fix first: conv_forward_naive" in results["output"].splitlines()[1]
    optional = [t for t in results["tests"] if "optional" in t["tags"]]
    assert optional and all(t["max_score"] == 0 and "[optional:" in t["name"] for t in optional)
    names = [t["name"] for t in results["tests"]]
    assert "conv_forward_naive: out matches the reference" in names
    assert all(t["status"] in ("passed", "failed") for t in results["tests"])


def test_bundle_feedback_in_chinese(tmp_path):
    """Does a bundle built with --lang zh give the student Chinese feedback?"""
    root = _tree(tmp_path, lang="zh")
    results = _run_autograder(root, make_submission("forgotten_bias", tmp_path / "sub"), sys.executable)
    assert results["output"].startswith("得分")
    assert "首先修正" in results["output"]


def test_bundle_feedback_in_both_languages_chinese_first(tmp_path):
    """Does a bundle built with --lang zh,en show the student both languages from one grading, Chinese first, in
    the top-level output and in each failing test's, with the tests' names still their stable English ids?"""
    root = _tree(tmp_path, lang="zh,en")
    assert "--lang zh,en" in (root / "source" / "run_autograder").read_text()
    results = _run_autograder(root, make_submission("forgotten_bias", tmp_path / "sub"), sys.executable)
    assert results["output"].startswith("得分")
    assert 0 < results["output"].index("首先修正") < results["output"].index("Fix first: conv_forward_naive")
    failing = next(t for t in results["tests"] if t["name"] == "conv_forward_naive: out matches the reference")
    assert 0 <= failing["output"].index("输出恰好差了偏置") < failing["output"].index("The output is off by exactly")
    report = json.loads((root / "results" / "convkit" / "report.json").read_text())
    assert report["langs"] == ["zh", "en"]


def test_bundle_refuses_an_unknown_language(tmp_path):
    """Is a language other than en and zh refused when the bundle is built (not when a student submits)?"""
    with pytest.raises(ValueError, match="fr"):
        build_autograder(tmp_path / "autograder.zip", lang="zh,fr")


def _pythons() -> list[str]:
    """Every CPython 3.10 to 3.13 on this machine (system or pyenv), one per minor version."""
    found = {}
    for minor in (10, 11, 12, 13):
        candidates = [f"/usr/bin/python3.{minor}", f"/usr/local/bin/python3.{minor}",
                      *sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/3.{minor}.*/bin/python3.{minor}")))]
        found.update({minor: c for c in reversed(candidates) if os.path.exists(c)})  # the first one found wins
    return [found[m] for m in sorted(found)]


@pytest.fixture
def open_tmp():
    """A temporary folder the sandbox uid can traverse, as Gradescope's /autograder is (pytest's own lies under
    a 0700 folder, which setup.sh rightly refuses)."""
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="convkit-gradescope-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("python", _pythons())
def test_bundle_sets_up_and_grades_under_each_python(open_tmp, python):
    """Built, set up by its own setup.sh (pinned requirements) and run under this Python with bubblewrap failing,
    does the bundle give the reference full marks and the stubs 0, in the uid tier wherever that interpreter is
    readable by the sandbox uid?"""
    tmp_path = open_tmp
    root = _tree(tmp_path)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), CONVKIT_BASE_PYTHON=python, CONVKIT_SKIP_APT="1")
    if os.geteuid() == 0 and not _open_to_others(python):
        pytest.skip(f"{python} is not readable by the sandbox uid: setup.sh refuses it (tested below)")
    subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, check=True, timeout=900)
    venv_python = str(root / "venv" / "bin" / "python")
    reference = _run_autograder(root, ROOT / "solutions", venv_python)
    report = json.loads((root / "results" / "convkit" / "report.json").read_text())
    assert reference["score"] == report["max_score"] > 0, reference["output"]
    if python.startswith("/usr/") and os.geteuid() == 0:
        assert report["tier"] == "uid"
    stubs = _run_autograder(root, ROOT / "assignment", venv_python)
    assert stubs["score"] == 0
    # a correct layers.py with the imports of real students' files (unused) grades as on the kit's own machine
    importing = tmp_path / "importing"
    shutil.copytree(ROOT / "solutions", importing, ignore=shutil.ignore_patterns("__pycache__"))
    layers = importing / "layers.py"
    layers.write_text("from matplotlib.pyplot import axis\nfrom scipy.ndimage import convolve\n" + layers.read_text())
    assert _run_autograder(root, importing, venv_python)["score"] == report["max_score"]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_setup_refuses_an_interpreter_the_sandbox_uid_cannot_run(tmp_path):
    """Given an interpreter the sandbox uid cannot run (under a 0700 folder, as a pyenv under /root), does setup.sh
    stop before making a venv, saying which interpreter and what to set instead?"""
    hidden = tmp_path / "private"
    hidden.mkdir(mode=0o700)
    shutil.copy(os.path.realpath(sys.executable), hidden / "python3-copy")
    root = _tree(tmp_path)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), CONVKIT_BASE_PYTHON=str(hidden / "python3-copy"),
               CONVKIT_SKIP_APT="1")
    os.chmod(tmp_path, 0o755)
    run = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0 and "cannot be run by the sandbox uid" in run.stderr, run.stderr
    assert "CONVKIT_BASE_PYTHON" in run.stderr and not (root / "venv").exists()


# Imports the kit's own code may make on Gradescope: the standard library, what requirements.txt installs, the kit.
BUNDLE_GUARD = r"""
import importlib.abc, os, runpy, sys
KIT = os.path.realpath({kit!r})
ALLOWED = set(sys.stdlib_module_names) | {{"numpy", "rich", "nbformat", "tomli", "matplotlib", "scipy", "grader",
                                           "solutions", "assignment", "_distutils_hack"}}
class OnlyTheBundles(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in ALLOWED:
            return None
        frame = sys._getframe(1)
        while frame and "importlib" in frame.f_code.co_filename:
            frame = frame.f_back
        if frame and os.path.realpath(frame.f_code.co_filename).startswith(os.path.join(KIT, "grader") + os.sep):
            raise ImportError(f"{{top}} is not installed on Gradescope (imported by {{frame.f_code.co_filename}})")
        return None
sys.meta_path.insert(0, OnlyTheBundles())
sys.path.insert(0, KIT)  # as `python -m` from the bundle's folder puts it
sys.argv = ["grader.instructor", *sys.argv[1:]]
runpy.run_module("grader.instructor", run_name="__main__", alter_sys=True)
"""


def test_the_grade_command_needs_only_what_the_bundle_installs(tmp_path):
    """Does `python -m grader.instructor grade`, as run_autograder runs it, import nothing from the kit's code
    beyond the standard library and the bundle's requirements.txt (the review page's mistune, imported when the
    command line was built, made every Gradescope grading fail)?"""
    from grader.instructor.gradescope_bundle import REQUIREMENTS
    assert {line.split("==")[0] for line in REQUIREMENTS.split()} >= {"numpy", "rich", "nbformat", "matplotlib",
                                                                      "scipy"}
    guard = tmp_path / "guard.py"
    guard.write_text(BUNDLE_GUARD.format(kit=str(ROOT)))
    run = subprocess.run([sys.executable, str(guard), "grade", str(ROOT / "assignment"), "-o", str(tmp_path / "out"),
                          "--functions", "relu_forward"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads((tmp_path / "out" / "results.json").read_text())["score"] == 0
