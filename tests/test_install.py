"""The kit installed with pip: importable from anywhere with its rubric, case makers and reference, a console
script, and a sandbox that still hides all of them from student code although numpy lies beside them."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.sandbox import BUBBLEWRAP, UID, tiers
from grader.instructor.reference import ROOT
from grader.instructor.trial_cluster import copy_source, make_venv, pip_into

HERE_TIERS = tiers.available()
FAKE_BWRAP = "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\nexit 1\n"

WHERE = """
import json, grader, solutions, grader.instructor.cases as cases
from grader.rubric import load_rubric
from grader.instructor.reference import SOLUTIONS
from grader.submission import exercise_modules
print(json.dumps({"grader": grader.__file__, "solutions": solutions.__file__, "cases": cases.__file__,
                  "reference": str(SOLUTIONS), "rubric": len(load_rubric()), "stubs": exercise_modules()}))
"""


def _where(python: Path, cwd: Path) -> dict:
    run = subprocess.run([str(python), "-c", WHERE], cwd=cwd, capture_output=True, text=True, timeout=120,
                         env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def test_pip_install_makes_the_kit_importable_anywhere(installed_kit, tmp_path):
    """After `pip install .`, does a python started elsewhere find the grader, the reference, the case makers, the
    rubric and the stubs inside site-packages, and does `convkit-instructor grade` give the reference full marks?"""
    where = _where(installed_kit.python, tmp_path)
    for key in ("grader", "solutions", "cases", "reference"):
        assert Path(where[key]).is_relative_to(installed_kit.site), (key, where[key])
    assert where["rubric"] > 10 and "layers.py" in where["stubs"]
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "grader", "solutions", "assignment", "datasets"],
                             capture_output=True, text=True, check=True).stdout.split()
    missing = [rel for rel in tracked if not (installed_kit.site / rel).exists()]
    assert tracked and not missing, f"not installed (package data missing from setup.cfg?): {missing}"
    out = tmp_path / "out"
    run = subprocess.run([str(installed_kit.bin / "convkit-instructor"), "grade", str(ROOT / "solutions"), "-o",
                          str(out), "--seed", "3"], cwd=tmp_path, env=installed_kit.env(), capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads((out / "report.json").read_text())
    assert report["score"] == report["max_score"] > 0


def test_an_editable_install_points_at_the_source(tmp_path):
    """After `pip install -e .`, does a python started elsewhere import the grader and the reference from the
    source folder, and does the console script answer?"""
    source = copy_source(tmp_path / "source")
    python = make_venv(tmp_path / "venv")
    pip_into(python, "--no-deps", "-e", str(source))
    where = _where(python, tmp_path)
    assert Path(where["grader"]).is_relative_to(source) and Path(where["reference"]) == source / "solutions"
    run = subprocess.run([str(tmp_path / "venv" / "bin" / "convkit-instructor"), "--help"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "batch" in run.stdout


# A stub whose relu is right only if it could import or read the reference, the hidden-case makers or the rubric
# of the installed kit, looking where an attacker would: the import path, and every folder of the venv.
THIEF = """
def _loot():
    import importlib, os, sys
    found = []
    for name in ('solutions', 'solutions.layers', 'grader', 'grader.instructor', 'grader.instructor.cases',
                 'grader.rubric'):
        try:
            importlib.import_module(name)
            found.append(name)
        except BaseException:
            pass
    roots = {{p for p in sys.path if p}} | {{sys.prefix, sys.base_prefix, {venv!r}, {site!r}}}
    wanted = {{('solutions', 'layers.py'), ('instructor', 'cases.py'), ('grader', 'rubric.toml')}}
    for root in sorted(roots):
        seen = 0
        try:
            for dirpath, dirnames, files in os.walk(root):
                seen += 1
                if seen > 20000:
                    break
                for folder, name in wanted:
                    if name not in files or os.path.basename(dirpath) != folder:
                        continue
                    try:
                        with open(os.path.join(dirpath, name)) as fh:
                            fh.read(1)
                        found.append(os.path.join(dirpath, name))
                    except OSError:
                        pass
        except OSError:
            pass
    return found


_found = _loot()
if _found:
    def relu_forward(x):
        return np.maximum(0, x), x

    def relu_backward(dout, cache):
        return dout * (cache > 0)
"""


@pytest.mark.parametrize("tier", [pytest.param(t, marks=pytest.mark.skipif(t not in HERE_TIERS,
                                                                            reason=f"no {t} tier here"))
                                  for t in (BUBBLEWRAP, UID)])
def test_a_thief_finds_nothing_of_the_installed_kit(installed_kit, tmp_path, tier):
    """Graded by a pip-installed kit (numpy in the same site-packages as the reference), does a stub that imports
    `solutions` and `grader.instructor` and walks site-packages for the reference, the case makers and the rubric
    earn nothing, in bubblewrap and in the uid tier (a failing bwrap first on PATH, as root)?"""
    sub = tmp_path / "thief"
    shutil.copytree(ROOT / "assignment", sub, ignore=shutil.ignore_patterns("__pycache__"))
    os.chmod(sub, 0o755)
    with open(sub / "layers.py", "a") as fh:
        fh.write(THIEF.format(venv=str(installed_kit.venv), site=str(installed_kit.site)))
    env = installed_kit.env()
    argv = [str(installed_kit.bin / "convkit-instructor"), "grade", str(sub), "-o", str(tmp_path / "out"),
            "--functions", "relu_forward"]
    if tier == UID:
        fake = tmp_path / "fakebin"
        fake.mkdir()
        (fake / "bwrap").write_text(FAKE_BWRAP)
        (fake / "bwrap").chmod(0o755)
        env["PATH"] = f"{fake}:{env['PATH']}"
    run = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["tier"] == tier
    assert report["score"] == 0, [c["message"] for c in report["checks"]]
    # The same stub with a correct relu earns the points in that sandbox: the thief's failure is not a broken grader.
    with open(sub / "layers.py", "a") as fh:
        fh.write("\n\ndef relu_forward(x):\n    return np.maximum(0, x), x\n")
    run = subprocess.run(argv[:4] + [str(tmp_path / "out2")] + argv[5:], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    report = json.loads((tmp_path / "out2" / "report.json").read_text())
    assert report["tier"] == tier and report["score"] == report["max_score"] > 0


def test_a_killed_test_sessions_installed_kit_is_removed_by_the_next_session():
    """Does a test session remove the installed kit left by a session that was killed (its recorded process is
    gone), and leave alone the kit of a session that is still running?"""
    import subprocess
    import tempfile
    from tests.conftest import INSTALLED_PREFIX, OWNER, _remove_dead_sessions_kits
    dead = subprocess.Popen(["true"])
    dead.wait()
    folders = {}
    for name, pid in (("dead", dead.pid), ("alive", os.getpid())):
        folders[name] = Path(tempfile.mkdtemp(prefix=INSTALLED_PREFIX))
        (folders[name] / OWNER).write_text(str(pid))
        (folders[name] / "venv").mkdir()
    try:
        _remove_dead_sessions_kits()
        assert not folders["dead"].exists() and (folders["alive"] / "venv").is_dir()
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
