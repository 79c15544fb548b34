"""The student bundle: no solution line, no hidden test or instructor tool inside, and the local check works
from it without solutions/."""
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.functions import GRADED
from grader.instructor.release import build_release
from grader.rubric import load_rubric

TOTAL = f"{sum(load_rubric()[g.name].points for g in GRADED if not g.optional):g}"  # from the rubric, never written

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
    """Does the bundle hold the shipped grader whole and nothing of grader/instructor/ (hidden cases, the
    reference, the catalog, the tools) or solutions/?"""
    result, _ = bundle
    names = set(result.names)
    assert not any(n.startswith(("convkit/solutions/", "convkit/grader/instructor/")) for n in names)
    shipped = {f"convkit/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "grader").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and "instructor" not in p.parts
               and "public" not in p.parts}
    assert shipped <= names, sorted(shipped - names)
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


INSTRUCTOR_VERBS = {"stubs", "public-tests", "release", "demo", "verify", "gradescope", "batch", "grade"}


def _fresh(bundle, where: Path) -> Path:
    """A fresh unpacking of the bundle's zip (the module's shared one gets the reference copied in)."""
    result, _ = bundle
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(where)
    return where / "convkit"


def _run(bundle_dir, *args, timeout=300):
    """Run the bundle's Python with English feedback unless --lang says otherwise (LANG may be Chinese here)."""
    env = {**os.environ, "CONVKIT_LANG": "en"}
    return subprocess.run([sys.executable, *args], cwd=bundle_dir, capture_output=True, text=True, timeout=timeout,
                          env=env)


def _listed_verbs(help_text: str) -> set[str]:
    import re
    return set(re.search(r"\{([a-z,-]+)\}", help_text).group(1).split(","))


def _notebooks_ran(run) -> bool:
    """Every notebook was announced as it started and ran; on the stubs each stops at its first check with a
    one-line 'not implemented yet' (尚未实现 in the Chinese notebooks)."""
    lines = run.stdout.splitlines()
    started = [line for line in lines if line.endswith(": running ...")]
    ended = [line for line in lines if ": ran in " in line or ": stopped after " in line]
    return (bool(ended) and len(started) == len(ended)
            and all(": ran in " in line or "not implemented yet" in line or "尚未实现" in line for line in ended))


# How each student verb is run from a fresh bundle, and what says it worked.
VERB_RUNS = {
    "check": (["check", "assignment", "-o", "out/check"],
              lambda run, d: run.returncode == 0 and f"Total: 0 / {TOTAL}" in run.stdout
              and (d / "out/check/report.html").exists()),
    "notebooks": (["notebooks", "--timeout", "120", "--lang", "en"], lambda run, d: run.returncode in (0, 1) and _notebooks_ran(run)),
    "submit": (["submit", "-o", "submission.zip"],
               lambda run, d: run.returncode == 0 and zipfile.is_zipfile(d / "submission.zip")),
}


def test_bundle_cli_lists_only_verbs_that_work_there(bundle, tmp_path):
    """Does `python -m grader --help` in a fresh bundle list no instructor verb, and does every verb it lists
    run there (each has a run below: a new student verb without one fails this test)?"""
    bundle_dir = _fresh(bundle, tmp_path)
    help_run = _run(bundle_dir, "-m", "grader", "--help")
    assert help_run.returncode == 0, help_run.stderr
    listed = _listed_verbs(help_run.stdout)
    assert not listed & INSTRUCTOR_VERBS
    assert listed == set(VERB_RUNS), f"verbs without a run in this test: {listed ^ set(VERB_RUNS)}"
    for verb in sorted(listed):
        args, worked = VERB_RUNS[verb]
        run = _run(bundle_dir, "-m", "grader", *args)
        assert "Traceback" not in run.stderr and worked(run, bundle_dir), \
            f"{verb}: exit {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"


def test_kit_cli_adds_the_instructor_verbs_on_top():
    """Does the kit's CLI list the student verbs and the instructor ones?"""
    from grader.instructor.cli import build_parser
    from grader.cli import STUDENT_VERBS
    listed = _listed_verbs(build_parser().format_help())
    assert set(STUDENT_VERBS) | INSTRUCTOR_VERBS <= listed


def _with_mistake(bundle_dir: Path, name: str):
    """Copy the reference into the bundle's assignment/ with one catalog mistake applied."""
    from grader.instructor.mistakes import CATALOG, mutated_source
    mistake = next(m for m in CATALOG if m.name == name)
    for path in (ROOT / "solutions").rglob("*.py"):
        target = bundle_dir / "assignment" / path.relative_to(ROOT / "solutions")
        target.write_text(mutated_source(mistake) if path == ROOT / "solutions" / mistake.file else path.read_text())
    return mistake


@pytest.mark.parametrize("name", ["pad_minus_pad_slice", "window_ignores_stride", "mean_instead_of_max",
                                  "adam_without_bias_correction", "output_size_without_plus_one"])
def test_bundle_check_names_the_mistake_from_stored_outputs(bundle, tmp_path, name):
    """Does `python -m grader check` in the bundle (no catalog, no solutions) name a catalog mistake with its own
    hint, in English and in Chinese, on top of the output?"""
    bundle_dir = _fresh(bundle, tmp_path)
    assert not (bundle_dir / "grader" / "mistakes.py").exists()
    mistake = _with_mistake(bundle_dir, name)
    for lang, hint in (("en", mistake.en), ("zh", mistake.zh)):
        run = _run(bundle_dir, "-m", "grader", "check", "--functions", mistake.function, "--lang", lang)
        flat = " ".join(run.stdout.split())
        assert run.returncode == 0 and " ".join(hint.split()) in flat, run.stdout
        top = " ".join("\n".join(run.stdout.splitlines()[:6]).split())
        assert " ".join(hint.split())[:30] in top


def test_bundle_check_names_a_real_students_exception_with_the_line(bundle, tmp_path):
    """Exception rules ship: a Python 2 conv backward written in its own style (no catalog mutation reproduces it)
    is named in the bundle, with the student's file:line and line, in en and zh, and its other leftovers listed."""
    from grader.exception_rules import XRANGE
    from grader.instructor.realistic import overlay
    bundle_dir = _fresh(bundle, tmp_path)
    for path in (ROOT / "solutions").rglob("*.py"):
        (bundle_dir / "assignment" / path.relative_to(ROOT / "solutions")).write_text(path.read_text())
    layers = bundle_dir / "assignment" / "layers.py"
    layers.write_text(overlay(layers.read_text(), (ROOT / "grader/instructor/realistic/py2_leftovers.py").read_text()))
    for lang, hint in (("en", XRANGE[0]), ("zh", XRANGE[1])):
        run = _run(bundle_dir, "-m", "grader", "check", "--functions", "conv_backward_naive", "--lang", lang)
        flat = " ".join(run.stdout.split())
        assert run.returncode == 0 and hint in flat, run.stdout
        assert re.search(r"layers\.py:\d+ in conv_backward_naive", flat) and "xrange(" in flat, run.stdout


def test_bundle_check_probes_a_failing_pool_like_the_grader(bundle, tmp_path):
    """The bundle stores the probes and the reference's answers to them (numbers only), so the student's check
    words the same pattern as the grader: pool_height where pool_width belongs shows only on non-square windows."""
    from grader.instructor.realistic import overlay
    from grader.probing import TEXT
    bundle_dir = _fresh(bundle, tmp_path)
    for path in (ROOT / "solutions").rglob("*.py"):
        (bundle_dir / "assignment" / path.relative_to(ROOT / "solutions")).write_text(path.read_text())
    layers = bundle_dir / "assignment" / "layers.py"
    layers.write_text(overlay(layers.read_text(), (ROOT / "grader/instructor/realistic/square_inputs.py").read_text()))
    for lang in ("en", "zh"):
        run = _run(bundle_dir, "-m", "grader", "check", "--functions", "max_pool_forward_naive", "--lang", lang)
        assert "".join(TEXT["height_for_width_window"][lang].split()) in "".join(run.stdout.split()), run.stdout


def test_bundle_gitignore_keeps_the_venv_and_outputs_out_of_git(bundle, tmp_path):
    """After `git add .` in a fresh bundle holding a .venv, outputs and a submission, is none of them staged?"""
    bundle_dir = _fresh(bundle, tmp_path)
    for rel in (".venv/bin/python", "out/check/report.html", "submission.zip", "grader/__pycache__/api.pyc",
                "notebooks/.ipynb_checkpoints/x.ipynb", "reports/junit.xml"):
        (bundle_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (bundle_dir / rel).write_text("x")
    git = lambda *a: subprocess.run(["git", *a], cwd=bundle_dir, capture_output=True, text=True)  # noqa: E731
    assert git("init", "-q").returncode == 0
    git("add", ".")
    staged = git("diff", "--cached", "--name-only").stdout.split()
    assert "assignment/layers.py" in staged and ".gitignore" in staged
    assert not [s for s in staged if s.startswith((".venv/", "out/", "reports/")) or s.endswith((".pyc", ".zip"))
                or ".ipynb_checkpoints" in s], staged


def test_python_version_check_runs_before_install_and_explains(bundle, tmp_path, monkeypatch, capsys):
    """Does `make setup` check the Python version before creating .venv, and does the check accept 3.10-3.13 and
    refuse others with a message naming the version in both languages?"""
    import importlib.util
    bundle_dir = _fresh(bundle, tmp_path)
    plan = subprocess.run(["make", "-n", "setup"], cwd=bundle_dir, capture_output=True, text=True).stdout
    assert plan.index("check_python.py") < plan.index("-m venv") < plan.index("pip install")
    assert "--quiet" not in plan  # the first install shows its progress
    spec = importlib.util.spec_from_file_location("check_python", bundle_dir / "tools" / "check_python.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SUPPORTED == ((3, 10), (3, 13))
    assert module.main() == (0 if (3, 10) <= sys.version_info[:2] <= (3, 13) else 1)
    monkeypatch.setattr(module, "SUPPORTED", ((3, 99), (3, 100)))
    assert module.main() == 1
    said = capsys.readouterr().out
    assert "needs Python 3.99" in said and "需要 Python" in said and "%d.%d" % sys.version_info[:2] in said


def test_bundle_files_for_a_laptop(bundle, tmp_path):
    """Does the bundle carry what a laptop needs: tomli for 3.10 and a Jupyter front end in the requirements, a
    `make lab` target, the CI workflow with the job summary and pip cache, a README in Chinese first and in
    English, a documented `python -m grader check` path for Windows, and the Colab set-up?"""
    bundle_dir = _fresh(bundle, tmp_path)
    requirements = (bundle_dir / "requirements.txt").read_text()
    check_requirements = (bundle_dir / "requirements-check.txt").read_text()
    assert 'tomli>=2; python_version < "3.11"' in check_requirements and "jupyterlab" in requirements
    plan = subprocess.run(["make", "-n", "lab"], cwd=bundle_dir, capture_output=True, text=True).stdout
    assert "-m jupyter lab notebooks" in plan
    workflow = (bundle_dir / ".github/workflows/check.yml").read_text()
    assert "cache: pip" in workflow and '--summary "$GITHUB_STEP_SUMMARY"' in workflow
    readme_zh, readme_en = (bundle_dir / "README.md").read_text(), (bundle_dir / "README.en.md").read_text()
    assert "卷积" in readme_zh.splitlines()[0] and "README.en.md" in readme_zh
    for readme in (readme_zh, readme_en):
        assert ".venv\\Scripts\\python -m grader check assignment" in readme and "colab_setup.py" in readme
    assert (bundle_dir / "colab_setup.py").exists()


def test_bundle_check_writes_the_ci_summary(bundle, tmp_path):
    """Does `check --summary FILE` append the total and the first thing to fix, as the workflow asks?"""
    bundle_dir = _fresh(bundle, tmp_path)
    summary = tmp_path / "step_summary.md"
    run = _run(bundle_dir, "-m", "grader", "check", "--summary", str(summary), "--lang", "en")
    assert run.returncode == 0, run.stderr
    text = summary.read_text()
    assert f"**Total: 0 / {TOTAL}**" in text and "First thing to fix" in text


def test_bundle_check_runs_without_the_resource_module(bundle, tmp_path):
    """Does the local check run where `resource` does not exist (Windows), with what limits the platform offers?"""
    bundle_dir = _fresh(bundle, tmp_path)
    run = _run(bundle_dir, "-c", "import sys; sys.modules['resource'] = None; from grader.cli import main; "
                                 "sys.exit(main(['check', 'assignment']))")
    assert run.returncode == 0 and f"Total: 0 / {TOTAL}" in run.stdout, run.stderr[-2000:]


def test_bundle_python_parses_as_python_3_10(bundle):
    """Does every Python file of the bundle parse as Python 3.10 (the oldest version the bundle supports), with
    tomllib (3.11+) imported only behind a version check?"""
    import ast
    _, bundle_dir = bundle
    files = list(bundle_dir.rglob("*.py"))
    assert len(files) > 20
    for path in files:
        tree = ast.parse(path.read_text(), feature_version=(3, 10))
        for stmt in tree.body:  # an import under `if sys.version_info ...` is not at the top level
            imported = [a.name for a in stmt.names] if isinstance(stmt, (ast.Import, ast.ImportFrom)) else []
            imported += [stmt.module] if isinstance(stmt, ast.ImportFrom) and stmt.module else []
            assert "tomllib" not in imported, f"{path}: import tomllib without a version check"


def test_kit_check_names_the_same_mistake_as_the_bundle(tmp_path):
    """Does the kit's check (public tests computed in memory, no stored files) name the mistake from the same
    stored-outputs logic as the bundle?"""
    from grader.instructor.api import check
    from grader.instructor.mistakes import BY_NAME, make_submission
    mistake = BY_NAME["pad_minus_pad_slice"]
    submission = make_submission(mistake, tmp_path / "sub")
    report = check(submission, functions=[mistake.function], lang="zh").worded()
    dx = next(c for c in report.checks if c.name == "dx matches the reference")
    assert dx.status == "failed" and dx.hint == mistake.zh
    numeric = next(c for c in report.checks if c.name == "dx passes a numeric gradient check")
    assert numeric.status == "failed" and "pad 0" in numeric.message  # checked on the case dx fails


def test_bundle_check_runs_as_on_windows(bundle, tmp_path):
    """Does the local check run from a fresh bundle as on Windows (tests/windows_like.py: os.name "nt", no
    resource, fcntl, geteuid or fchmod, symlinks refused, os.kill(pid, 0) forbidden since it sends CTRL_C_EVENT
    there): the score, report.html and friends written, and a stale scratch folder of a dead grader swept through
    the Windows process query, not os.kill?"""
    bundle_dir = _fresh(bundle, tmp_path)
    private_tmp = tmp_path / "tmp"
    stale = private_tmp / "convkit-sandbox-999999999-dead"  # no such pid
    stale.mkdir(parents=True)
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "windows_like.py"), str(bundle_dir), "-m", "grader",
                          "check", "assignment", "-o", "out/check"], cwd=bundle_dir, capture_output=True,
                         text=True, timeout=300, env={**os.environ, "CONVKIT_LANG": "en", "TMPDIR": str(private_tmp)})
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"Total: 0 / {TOTAL}" in run.stdout and "as your own user" in run.stdout
    assert (bundle_dir / "out/check/report.html").exists() and (bundle_dir / "out/check/results.json").exists()
    assert "OpenProcess" in run.stderr and not stale.exists()


def _modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.lstat().st_mode for p in [folder, *folder.rglob("*")]}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="Colab runs the check as root")
def test_bundle_check_as_root_without_bubblewrap_changes_no_permission(bundle, tmp_path):
    """As on Colab (root, bubblewrap cannot run: a failing `bwrap` first on PATH), does the student's check run
    in a limited process as the student and leave every permission of the student's folder (a Drive folder there)
    as it was, never taking the uid tier that would chmod it 0700; and is `--tier uid` refused with a reason?"""
    bundle_dir = _fresh(bundle, tmp_path)
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "bwrap").write_text("#!/bin/sh\nexit 1\n")
    (fake / "bwrap").chmod(0o755)
    env = {**os.environ, "CONVKIT_LANG": "en", "PATH": f"{fake}:{os.environ['PATH']}"}
    before = _modes(bundle_dir)
    run = subprocess.run([sys.executable, "-m", "grader", "check", "assignment"], cwd=bundle_dir, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"Total: 0 / {TOTAL}" in run.stdout and "as your own user" in run.stdout
    assert _modes(bundle_dir) == before
    refused = subprocess.run([sys.executable, "-m", "grader", "check", "assignment", "--tier", "uid"],
                             cwd=bundle_dir, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "permissions of your files" in refused.stderr
    assert _modes(bundle_dir) == before
