"""Batch grading: the gradebook of a mixed batch, names that cannot collide or escape, LMS exports, class
archives, resuming, Ctrl-C and a killed worker, exact points, permissions, notes, the terminal summary."""
import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from grader.instructor.batch import (DUPLICATE_ROW, FAILED_ROW, GRADED_ROW, NOT_GRADED_ROW, REFUSED_ROW, STUDENTS_DIR,
                          batch, canonical_id, duplicate_id, grade_one, parse_lms_name, spreadsheet_safe, terminal_summary)
from grader.instructor.mistakes import make_submission
from grader.instructor.reference import ROOT, copy_reference
from grader.instructor.similarity import similarity_pairs
from tests.hostile import make_hostile

HERE = Path(__file__).parent
PYTHON = sys.executable
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def required_points(module: str | None = None) -> float:
    """The rubric's required total (or one module's share of it): derived, never hard-coded."""
    from grader.functions import GRADED
    from grader.rubric import load_rubric
    rubric = load_rubric()
    return sum(rubric[g.name].points for g in GRADED if not g.optional and (module is None or g.module == module))


def read_gradebook(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


def cells(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A class: correct, buggy, stub, hostile, a broken zip, a non-submission and a duplicate name."""
    root = tmp_path_factory.mktemp("class")
    copy_reference(root / "alice")
    make_submission("forgotten_bias", root / "bob")
    shutil.copytree(ROOT / "assignment", root / "carol")
    make_hostile("os_exit_at_import", root / "dave")
    (root / "erin.zip").write_bytes(b"this is not a zip")
    (root / "frank.txt").write_text("hello")
    shutil.copy(ROOT / "solutions" / "layers.py", root / "alice.py")  # a second 'alice', older: set aside
    _age(root / "alice.py")
    return root


def _age(path: Path):
    """Make a hand-in older than the others, whatever their files' times (copy_reference keeps the checkout's):
    of two hand-ins of one student, the latest is graded."""
    stamp = 1_000_000_000  # 2001
    os.utime(path, (stamp, stamp))


@pytest.fixture(scope="module")
def graded(classroom, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return batch(classroom, out, workers=2, seed=11, progress=False), out


def test_mixed_batch_gives_the_right_gradebook(graded):
    """Does every student get one row, with the right totals and clear errors for what cannot be graded?"""
    from grader.rubric import load_rubric
    conv_points = load_rubric()["conv_forward_naive"].points
    result, out = graded
    book = read_gradebook(out / "gradebook.csv")
    second_alice = duplicate_id("alice", "alice.py")
    assert set(book) == {"alice", second_alice, "bob", "carol", "dave", "erin", "frank"}
    assert float(book["alice"]["score"]) == float(book["alice"]["max_score"]) == required_points()
    assert float(book["bob"]["conv_forward_naive"]) == 0 and float(book["bob"]["score"]) == required_points() - conv_points
    assert float(book["carol"]["score"]) == 0
    # layers.py dies at import (and so do layer_utils and cnn, which import it); conv_arithmetic, optim and
    # perceptron (numpy only) earn
    assert float(book["dave"]["score"]) == \
        required_points("conv_arithmetic") + required_points("optim") + required_points("perceptron")
    assert "not a valid zip" in book["erin"]["error"] and "not a submission" in book["frank"]["error"]
    assert book["frank"]["kind"] == REFUSED_ROW
    assert "second entry for student alice" in book[second_alice]["error"]
    assert book[second_alice]["kind"] == DUPLICATE_ROW and book[second_alice]["original_name"] == "alice.py"
    for name in ("alice", "bob", "carol", "dave"):
        assert (out / STUDENTS_DIR / name / "results.json").exists()
        assert (out / STUDENTS_DIR / name / "report.html").exists()
    assert (out / "summary.md").exists() and (out / "score_histogram.png").stat().st_size > 1000


def test_killed_batch_resumes_and_grades_each_submission_once(classroom, graded, tmp_path):
    """After a kill (rows missing, a half-written folder left behind), does a re-run grade only what is missing
    and end with the same gradebook as the uninterrupted run?"""
    _, full_out = graded
    out = tmp_path / "out"
    shutil.copytree(full_out, out)
    students = out / STUDENTS_DIR
    shutil.rmtree(students / "bob")
    shutil.rmtree(students / "carol")
    (students / ".carol.partial").mkdir()
    (students / ".carol.partial" / "results.json").write_text("{")
    again = batch(classroom, out, workers=2, progress=False)
    assert sorted(again.graded_now) == ["bob", "carol"]
    assert not list(students.glob(".*.partial"))
    assert (out / "gradebook.csv").read_bytes() == (full_out / "gradebook.csv").read_bytes()
    assert batch(classroom, out, workers=1, progress=False).graded_now == []


def test_dask_cluster_gives_the_same_gradebook(classroom, graded, tmp_path):
    """Does the Dask path (a LocalCluster on loopback) produce the same gradebook as local workers?"""
    from dask.distributed import LocalCluster
    _, local_out = graded
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        batch(classroom, tmp_path / "dask", scheduler=cluster.scheduler_address, seed=11, progress=False)
    assert read_gradebook(tmp_path / "dask" / "gradebook.csv") == read_gradebook(local_out / "gradebook.csv")


def test_a_zip_of_submissions_as_an_lms_exports_it(classroom, tmp_path):
    """Is one zip holding the class's submissions unpacked and graded?"""
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (classroom / "alice").rglob("*.py"):
            zf.write(path, Path("export/alice") / path.relative_to(classroom / "alice"))
        zf.write(classroom / "alice.py", "export/zoe.py")
    result = batch(archive, tmp_path / "out", workers=1, seed=11, progress=False)
    book = read_gradebook(result.gradebook)
    assert float(book["alice"]["score"]) == required_points() and float(book["zoe"]["conv_forward_naive"]) == 10


def test_similarity_flags_a_renamed_reformatted_copy_but_not_independent_work(tmp_path):
    """Are two submissions that differ only in names and formatting flagged, and independent ones not?"""
    import re
    ref = copy_reference(tmp_path / "alice")
    text = (ref / "layers.py").read_text()
    for old, new in [("x_pad", "padded"), ("H_out", "out_h"), ("W_out", "out_w"), ("window", "patch"),
                     ("dout", "upstream")]:
        text = re.sub(rf"\b{old}\b", new, text)
    (tmp_path / "carol.py").write_text(text.replace("    ", "  "))
    shutil.copy(HERE / "data" / "independent_layers.py", tmp_path / "zoe.py")
    pairs = {(p["a"], p["b"]): p for p in similarity_pairs({"alice": ref, "carol": tmp_path / "carol.py",
                                                            "zoe": tmp_path / "zoe.py"})}
    assert pairs[("alice", "carol")]["flagged"]
    assert not pairs[("alice", "zoe")]["flagged"], pairs[("alice", "zoe")]


def test_grade_one_never_raises(tmp_path):
    """Does grading a path that does not exist give an error row instead of an exception?"""
    row = grade_one("ghost", str(tmp_path / "nothing"), str(tmp_path), 1)
    assert row["score"] == 0 and "no such file" in row["error"]


# -- names -----------------------------------------------------------------------------------------------------

def test_canonical_ids_fold_case_and_unicode_and_keep_long_or_odd_names_apart():
    """Do Alice/alice/NFD names share one id, while long names sharing a prefix and non-UTF-8 names stay apart?"""
    assert canonical_id("Alice") == canonical_id("alice") == canonical_id("ALICE") == "alice"
    nfd = unicodedata.normalize("NFD", "José")
    assert canonical_id(nfd) == canonical_id("José") == "josé"
    long_a, long_b = "a" * 120 + "1", "a" * 120 + "2"
    assert canonical_id(long_a) != canonical_id(long_b) and len(canonical_id(long_a)) <= 64
    latin1_a, latin1_b = os.fsdecode(b"caf\xe9"), os.fsdecode(b"caf\xe8")
    assert canonical_id(latin1_a) != canonical_id(latin1_b)
    assert canonical_id(latin1_a).encode("utf-8")  # a valid UTF-8 id, no surrogate left
    assert canonical_id("..x") == "x" and canonical_id("+1+1") == "1+1" and canonical_id("@SUM") == "sum"
    # a duplicate's id cannot be any name's own id, whatever that name is
    assert canonical_id(duplicate_id("dup", "dup.zip")) != duplicate_id("dup", "dup.zip")


@pytest.mark.parametrize("name, expected", [
    ("smithjohn_12345_67890_layers.py", {"lms": "canvas", "login": "smithjohn", "user_id": "12345",
                                         "attachment_id": "67890", "late": False, "file": "layers.py"}),
    ("smithjohn_LATE_12345_67890_cnn-1.py", {"lms": "canvas", "login": "smithjohn", "late": True,
                                              "file": "cnn-1.py"}),
    ("doejane_4321_submission.zip", {"lms": "canvas", "login": "doejane", "user_id": "4321", "attachment_id": "",
                                     "file": "submission.zip"}),
    ("Jane Doe_123456_assignsubmission_file_", {"lms": "moodle", "name": "Jane Doe", "participant": "123456",
                                                "file": ""}),
    ("Jane Doe_123456_assignsubmission_file_layers.py", {"lms": "moodle", "file": "layers.py"}),
    ("Assignment 2_jdoe_attempt_2024-03-01-12-30-45_layers.py", {"lms": "blackboard", "login": "jdoe",
                                                                 "attempt": "2024-03-01-12-30-45",
                                                                 "file": "layers.py"}),
    ("Assignment 2_jdoe_attempt_2024-03-01-12-30-45.txt", {"lms": "blackboard", "metadata": True}),
    ("dup__2", None), ("alice", None), ("+1+1", None),
])
def test_lms_export_names_are_parsed(name, expected):
    """Are Canvas, Moodle and Blackboard export names read as the student they belong to, and plain names not?"""
    parsed = parse_lms_name(name)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None and {k: parsed[k] for k in expected} == expected


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell):
    """Is a cell a spreadsheet would run as a formula turned into text?"""
    assert spreadsheet_safe(cell) == "'" + cell and spreadsheet_safe(3.5) == 3.5 and spreadsheet_safe("bob") == "bob"


@pytest.fixture(scope="module")
def odd_class(tmp_path_factory):
    """A class holding every name case: duplicates, case and Unicode variants, an LMS-like name clash, names of
    the batch's own files, symlinks, a dotted name, formula names, a non-UTF-8 name, two long names sharing a
    prefix, and a notebook (graded with a note, not a problem)."""
    import nbformat
    root = tmp_path_factory.mktemp("odd")
    layers = ROOT / "solutions" / "layers.py"

    def folder(name):
        (root / name).mkdir()
        shutil.copy(layers, root / name / "layers.py")

    def zipped(name):
        with zipfile.ZipFile(root / name, "w") as zf:
            zf.write(layers, "layers.py")
    folder("dup")
    zipped("dup.zip")
    _age(root / "dup.zip")  # older than dup/: dup/ is graded, dup.zip is a duplicate row
    folder("dup__2")
    folder("Alice")
    zipped("alice.zip")
    _age(root / "alice.zip")
    shutil.copy(layers, root / (unicodedata.normalize("NFD", "José") + ".py"))
    shutil.copy(layers, root / "..x.py")
    for name in ("gradebook.csv.zip", "summary.md.zip", "batch.json.zip", "students.zip"):
        zipped(name)
    shutil.copy(layers, root / "+1+1.py")
    shutil.copy(layers, root / "@SUM.py")
    shutil.copy(layers, root / "=cmd.py")
    shutil.copy(layers, os.fsencode(root) + b"/caf\xe9.py")
    shutil.copy(layers, root / ("a" * 120 + "1.py"))
    shutil.copy(layers, root / ("a" * 120 + "2.py"))
    (root / "eve").symlink_to(ROOT / "solutions", target_is_directory=True)
    (root / "mallory.py").symlink_to(layers)
    folder("trudy")
    (root / "trudy" / "cnn.py").symlink_to(ROOT / "solutions" / "classifiers" / "cnn.py")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(layers.read_text()), nbformat.v4.new_code_cell("print('experiment')")]
    nbformat.write(nb, str(root / "nina.ipynb"))
    (root / ".DS_Store").write_bytes(b"\0\0")
    return root


@pytest.fixture(scope="module")
def odd_graded(odd_class, tmp_path_factory):
    out = tmp_path_factory.mktemp("odd_out")
    old = os.umask(0o022)
    try:
        result = batch(odd_class, out, workers=2, seed=5, progress=False)
    finally:
        os.umask(old)
    return result, out


def test_every_name_case_grades_each_real_student_once_under_a_stable_id(odd_graded):
    """Does a class holding every odd name grade each real student exactly once, under its own id, with one
    clear row per bad entry?"""
    result, out = odd_graded
    book = read_gradebook(out / "gradebook.csv")
    graded = {s for s, r in book.items() if r["kind"] == GRADED_ROW}
    assert graded == {"dup", "dup__2", "alice", "josé", "x", "gradebook.csv", "summary.md", "batch.json",
                      "students", "1+1", "sum", "cmd", canonical_id(os.fsdecode(b"caf\xe9")),
                      canonical_id("a" * 120 + "1"), canonical_id("a" * 120 + "2"), "nina"}
    lone = float(book["dup"]["score"])
    assert lone > 0 and all(float(book[s]["score"]) == lone for s in graded if s != "nina")
    assert float(book["dup__2"]["score"]) == lone  # the real dup__2 is graded, not taken by dup's duplicate
    duplicates = {s: r for s, r in book.items() if r["kind"] == DUPLICATE_ROW}
    assert set(duplicates) == {duplicate_id("dup", "dup.zip"), duplicate_id("alice", "alice.zip")}
    assert book["alice"]["original_name"] == "Alice"
    assert "symbolic link" in book["eve"]["error"] and "symbolic link" in book["mallory"]["error"]
    assert "symbolic link" in book["trudy"]["error"] and float(book["trudy"]["score"]) == 0
    assert book[canonical_id(os.fsdecode(b"caf\xe9"))]["original_name"] == "caf\ufffd.py"
    for name in ("gradebook.csv", "summary.md", "batch.json"):
        assert (out / STUDENTS_DIR / name / "report.json").exists() and (out / name).is_file()
    assert ".ds_store" not in book and "ds_store" not in book


def test_no_gradebook_cell_runs_as_a_formula(odd_graded):
    """Do gradebook.csv and the LMS exports open in a spreadsheet with no formula cell?"""
    result, out = odd_graded
    for name in ("gradebook.csv", "gradebook_canvas.csv", "gradebook_moodle.csv"):
        found = cells(out / name)
        assert not [c for c in found if c.startswith(FORMULA)], name
    assert "'+1+1.py" in cells(out / "gradebook.csv") and "'=cmd.py" in cells(out / "gradebook.csv")


def test_a_rerun_gives_the_identical_gradebook(odd_class, odd_graded):
    """Does running the same batch again grade nothing and write the same gradebook, byte for byte?"""
    result, out = odd_graded
    before = {n: (out / n).read_bytes() for n in ("gradebook.csv", "gradebook_canvas.csv", "gradebook_moodle.csv")}
    again = batch(odd_class, out, workers=2, progress=False)
    assert again.graded_now == []
    assert {n: (out / n).read_bytes() for n in before} == before


def test_files_are_written_with_the_permissions_the_umask_allows(odd_graded, tmp_path):
    """Can the rest of the staff read the gradebook and the reports (0644 under umask 022, 0640 under 027)?"""
    from grader.writers import atomic_write
    result, out = odd_graded
    for path in (out / "gradebook.csv", out / "summary.md", out / "gradebook_canvas.csv",
                 out / STUDENTS_DIR / "dup" / "report.html", out / STUDENTS_DIR / "dup" / "row.json",
                 out / STUDENTS_DIR / "eve" / "row.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "x.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.txt").stat().st_mode) == 0o640


def test_notes_are_not_problems(odd_graded):
    """Is a notebook's "only the definitions were kept" a note, apart from the errors and not counted as a
    problem?"""
    result, out = odd_graded
    nina = read_gradebook(out / "gradebook.csv")["nina"]
    assert "only the notebook's" in nina["notes"] and nina["error"] == ""
    assert float(nina["conv_forward_naive"]) == 10
    assert "nina" not in {r["student"] for r in result.problems}
    report = json.loads((out / STUDENTS_DIR / "nina" / "report.json").read_text())
    assert report["notes"] and not report["errors"]


def test_the_terminal_summary_names_the_problems_and_the_files(odd_graded):
    """Does the terminal summary name every submission with a problem and point to the gradebook, the summary
    and the LMS exports?"""
    result, out = odd_graded
    text = terminal_summary(result, 1.0)
    for row in result.problems:
        assert row["student"] in text
    assert {"eve", "mallory", "trudy"} <= {r["student"] for r in result.problems}
    assert str(out / "gradebook.csv") in text and str(out / "summary.md") in text
    assert "gradebook_canvas.csv" in text and "gradebook_moodle.csv" in text


# -- LMS exports and class archives ----------------------------------------------------------------------------

def test_canvas_flat_and_moodle_exports_are_graded_per_student(tmp_path):
    """Is a Canvas flat export (one file per upload) grouped into one submission per student, a Moodle folder
    read as its student, and do the LMS gradebooks carry the ids those LMSs import?"""
    root = tmp_path / "export"
    root.mkdir()
    shutil.copy(ROOT / "solutions" / "layers.py", root / "smithjohn_123_456_layers.py")
    shutil.copy(ROOT / "solutions" / "classifiers" / "cnn.py", root / "smithjohn_123_456_cnn.py")
    shutil.copy(ROOT / "solutions" / "layers.py", root / "doejane_LATE_789_1011_layers-1.py")
    moodle = root / "Wang Fang_4242_assignsubmission_file_"
    moodle.mkdir()
    shutil.copy(ROOT / "solutions" / "layers.py", moodle / "layers.py")
    (root / "Wang Fang_4242_assignsubmission_onlinetext_").mkdir()
    result = batch(root, tmp_path / "out", workers=2, seed=3, progress=False)
    book = read_gradebook(result.gradebook)
    assert set(book) == {"smithjohn", "doejane", "wang_fang_4242"}
    assert float(book["smithjohn"]["ThreeLayerConvNet"]) > 0 and float(book["smithjohn"]["conv_forward_naive"]) == 10
    assert float(book["doejane"]["conv_forward_naive"]) == 10 and float(book["doejane"]["ThreeLayerConvNet"]) == 0
    canvas = {r["ID"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out" / "gradebook_canvas.csv")
                                                            .read_text()))}
    assert float(canvas["123"]["convkit assignment"]) == float(book["smithjohn"]["score"])
    assert canvas["123"]["SIS Login ID"] == ""  # Canvas's export never says the login: not the sortable name
    moodle_rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "gradebook_moodle.csv").read_text())))
    wang = next(r for r in moodle_rows if r["Identifier"] == "Participant 4242")
    assert wang["Full name"] == "Wang Fang" and float(wang["Grade"]) == float(book["wang_fang_4242"]["score"])
    assert wang["Last modified (grade)"].startswith("20")  # Moodle's worksheet import refuses a file without it


def test_class_archive_limits_apply_to_each_student(tmp_path):
    """In a class archive, does one upload over a submission's limits (a folder or a nested zip over 64 MB, a
    broken zip) get its own error row while the others are graded?"""
    from grader.submission import MAX_ZIP_BYTES
    inner = tmp_path / "huge.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(ROOT / "solutions" / "layers.py", "layers.py")
        zf.writestr("weights.bin", b"\0" * (MAX_ZIP_BYTES + 1))
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(ROOT / "solutions" / "layers.py", "class/ok/layers.py")
        zf.write(ROOT / "solutions" / "layers.py", "class/big/layers.py")
        zf.writestr("class/big/weights.bin", b"\0" * (MAX_ZIP_BYTES + 1))
        zf.write(inner, "class/huge.zip")
        zf.writestr("class/broken.zip", b"not a zip")
    result = batch(archive, tmp_path / "out", workers=2, seed=3, progress=False)
    book = read_gradebook(result.gradebook)
    assert float(book["ok"]["conv_forward_naive"]) == 10 and not book["ok"]["error"]
    assert "64 MB" in book["big"]["error"] and book["big"]["kind"] == REFUSED_ROW
    assert not (tmp_path / "out" / ".work" / "unpacked" / "big").exists()  # never written to disk
    assert "64 MB" in book["huge"]["error"] and "not a valid zip" in book["broken"]["error"]


# -- exact points ----------------------------------------------------------------------------------------------

def test_points_split_in_thirds_add_up_to_a_full_mark():
    """Do three thirds of a point make exactly one point, in the function's score and in the totals?"""
    from grader.model import CheckResult, Report, sum_points
    from grader.rubric import FunctionRubric
    rubric = FunctionRubric(1.0, {"dx": 1, "dw": 1, "db": 1}, "visible", 20.0)
    thirds = [rubric.points_for(o) for o in ("dx", "dw", "db")]
    assert sum_points(thirds) == 1.0
    report = Report("s", checks=[CheckResult("affine_relu_backward", o, p, p, "passed")
                                 for o, p in zip("abc", thirds)])
    assert report.function_scores()["affine_relu_backward"] == (1.0, 1.0) and report.score == 1.0
    assert sum_points([7 / 9 * 10 / 3] * 9 + [2 / 9 * 10 / 3] * 9) == 30.0


# -- interrupts ------------------------------------------------------------------------------------------------

def _reference_class(root: Path, names) -> Path:
    for name in names:
        copy_reference(root / name)
    return root


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in fh)
    except OSError:
        return False


def _default_sigint():
    """Ctrl-C as at a terminal: a test run started in the background by a shell (`make test &`) inherits SIGINT
    ignored, and a batch that ignores it rightly keeps grading."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("to_group", [False, True], ids=["to-the-batch", "to-its-process-group"])
def test_ctrl_c_stops_promptly_and_the_rerun_completes_the_class(tmp_path, to_group):
    """Does a real SIGINT (to the batch alone, or to its process group as a terminal's Ctrl-C) stop a batch within
    seconds (exit 130, no worker and no temporary folder left), and does the re-run grade only what was missing,
    ending with every student's full marks and a summary at 100% on every function?"""
    names = [f"s{i}" for i in range(8)]
    root = _reference_class(tmp_path / "class", names)
    out, temporary = tmp_path / "out", tmp_path / "tmp"  # the batch's own temporary folder, to see what is left
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary)}
    proc = subprocess.Popen([PYTHON, "-m", "grader.instructor", "batch", str(root), "-o", str(out), "--workers", "2",
                             "--seed", "4"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=to_group, preexec_fn=_default_sigint)
    pids, deadline = set(), time.monotonic() + 120
    students = out / STUDENTS_DIR
    while time.monotonic() < deadline:
        for pid_file in students.glob(".*.partial/worker.pid") if students.exists() else []:
            try:
                pids.add(int(pid_file.read_text()))
            except (OSError, ValueError):
                pass
        if len(list(students.glob("*/row.json"))) >= 1 and pids:
            break
        time.sleep(0.02)
    if to_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    stopped = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - stopped < 15
    assert proc.returncode == 130, err.decode()
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert pids and not [p for p in pids if _alive(p)]
    assert not list(temporary.iterdir())  # the stopped workers removed their sandboxes and prepared copies
    # a grading the Ctrl-C cut short leaves a "not graded" row (the grader's failure, graded again), not a grade
    before = {p.parent.name for p in students.glob("*/row.json")
              if json.loads(p.read_text()).get("kind") != NOT_GRADED_ROW}
    assert 1 <= len(before) < len(names)
    again = batch(root, out, workers=2, progress=False)
    assert sorted(again.graded_now) == sorted(set(names) - before)
    book = read_gradebook(out / "gradebook.csv")
    assert set(book) == set(names) and all(float(r["score"]) == required_points() for r in book.values())
    table = (out / "summary.md").read_text().split("| function | full marks |")[1]
    rates = [line.rsplit("|", 2)[1].strip() for line in table.strip().splitlines()[1:] if line.startswith("| ")]
    assert rates and set(rates) == {"100%"}, table
    assert "| affine_relu_backward | 100% |" in table


def _killer(students: Path, victims: dict[str, int], stop: threading.Event, killed: dict[str, int]):
    """SIGKILL the pool worker grading each victim, up to the victim's count of times."""
    seen = set()
    while not stop.is_set():
        for name, times in victims.items():
            pid_file = students / f".{name}.partial" / "worker.pid"
            try:
                pid = int(pid_file.read_text())
            except (OSError, ValueError):
                continue
            if pid not in seen and killed.get(name, 0) < times:
                seen.add(pid)
                os.kill(pid, signal.SIGKILL)
                killed[name] = killed.get(name, 0) + 1
        time.sleep(0.005)


def test_a_killed_worker_costs_one_retry_then_an_error_row_never_the_batch(tmp_path, monkeypatch):
    """When a pool worker is SIGKILLed, is its submission retried once (and graded when the retry lives), given an
    error row when it dies again, does everyone else get graded, and is nothing the killed workers held left in
    the temporary folder?"""
    import tempfile
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    # lucky first and victim last, so that neither is in flight when the other's worker is killed: a broken pool
    # takes down every submission in flight, and a victim that died that way once was killed only once by _killer
    names = ["lucky", "a1", "a2", "a3", "a4", "victim"]
    root = _reference_class(tmp_path / "class", names)
    out = tmp_path / "out"
    stop, killed = threading.Event(), {}
    watcher = threading.Thread(target=_killer, args=(out / STUDENTS_DIR, {"lucky": 1, "victim": 2}, stop, killed),
                               daemon=True)
    watcher.start()
    try:
        result = batch(root, out, workers=2, seed=4, progress=False)
    finally:
        stop.set()
        watcher.join()
    # the victim dies twice: by _killer both times, or (under load, when lucky's kill breaks the pool with the
    # victim in flight) once by the broken pool and once by _killer; either way its row says it died twice below
    assert killed.get("lucky") == 1 and killed.get("victim") in (1, 2), killed
    book = read_gradebook(result.gradebook)
    assert set(book) == set(names)
    assert book["victim"]["kind"] == FAILED_ROW and "died twice" in book["victim"]["error"]
    assert all(float(book[n]["score"]) == required_points() and not book[n]["error"] for n in names if n != "victim")
    assert not list((out / STUDENTS_DIR).glob(".*.partial"))
    assert not list(temporary.iterdir())


def test_inline_answers_are_listed_per_student(tmp_path):
    """Are the Inline Question answers of a `make submit` zip and of a folder holding a notebook listed per
    student in OUT/inline_answers.md, unanswered questions marked, and nothing for a student who has none?"""
    import nbformat
    subs = tmp_path / "subs"
    subs.mkdir()
    answers = [{"notebook": "zh/01_convolution.ipynb", "number": 1, "question": "为什么?", "answer": "因为权值共享。"},
               {"notebook": "zh/01_convolution.ipynb", "number": 2, "question": "Why 7?", "answer": "*fill this in*"}]
    ref = copy_reference(tmp_path / "ref")
    with zipfile.ZipFile(subs / "amy.zip", "w") as zf:
        for path in ref.rglob("*.py"):
            zf.write(path, Path("assignment") / path.relative_to(ref))
        zf.writestr("inline_answers.json", json.dumps(answers, ensure_ascii=False))
    ben = copy_reference(subs / "ben")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("**Inline Question 3**\nWhat does a 1x1 conv do?"),
                nbformat.v4.new_markdown_cell("**Your answer:** it mixes channels")]
    nbformat.write(nb, str(ben / "05_variants.ipynb"))
    copy_reference(subs / "cat")
    batch(subs, tmp_path / "out", workers=1, progress=False)
    text = (tmp_path / "out" / "inline_answers.md").read_text()
    assert "## amy" in text and "因为权值共享。" in text and "1 / 2 answered" in text and "not answered" in text
    assert "## ben" in text and "it mixes channels" in text
    assert "## cat" not in text


def test_a_folder_deeper_than_pythons_recursion_limit_stops_no_batch(tmp_path):
    """A student's folder holding a 1,200-deep nest of folders (beyond Python 3.11's recursion limit, which its
    os.walk and rglob use): does the batch still list the class, grade that student as their code deserves (the
    reference: every point) and a classmate too, and write the gradebook? (The batch stopped before grading anyone.)"""
    from grader.sandbox.cleanup import remove_tree
    from grader.trees import walk
    from tests.test_cleanup import DEPTH, _nest
    subs = tmp_path / "subs"
    subs.mkdir()
    _nest(copy_reference(subs / "deep") / "nest", DEPTH)
    copy_reference(subs / "plain")
    try:
        assert sum(1 for _ in walk(subs / "deep" / "nest")) == DEPTH + 1
        from grader.instructor.grading import grade
        report = grade(subs / "deep", seed=1, functions=["relu_forward"])  # `grade` alone, as Gradescope runs it
        assert report.score == report.max_score > 0 and not report.errors
        result = batch(subs, tmp_path / "out", workers=1, progress=False)
        book = read_gradebook(result.gradebook)
        for name in ("deep", "plain"):
            assert book[name]["kind"] == GRADED_ROW and float(book[name]["score"]) == required_points(), book[name]
    finally:
        remove_tree(subs / "deep")


def test_files_the_grader_cannot_read_as_answers_never_make_a_row_the_graders_failure(tmp_path):
    """A submission holding an inline_answers.json nested 100,000 deep, or a notebook whose markdown cell's source
    is a number (JSON nbformat's reader passes on): is each graded as its code deserves (the reference: every
    point), never a 'not graded' row that says the grader failed on it, and does the batch exit cleanly?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    (copy_reference(subs / "deep") / "inline_answers.json").write_text("[" * 100_000 + "]" * 100_000)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": 5},
             {"cell_type": "markdown", "metadata": {}, "source": "**Inline Question 1**"}, {"metadata": {}}]
    (copy_reference(subs / "cells") / "answers.ipynb").write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    result = batch(subs, tmp_path / "out", workers=1, progress=False)
    book = read_gradebook(result.gradebook)
    for name in ("deep", "cells"):
        assert book[name]["kind"] == GRADED_ROW and not book[name]["error"], book[name]
        assert float(book[name]["score"]) == required_points()


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid tier needs root")
def test_in_the_uid_tier_a_student_cannot_run_a_classmates_code(tmp_path, monkeypatch):
    """With bubblewrap failing (as in Docker) and the grader root, does a student whose layers.py runs a
    classmate's layers.py from the class folder earn nothing, while the classmate keeps full marks?"""
    import tempfile
    from grader.sandbox import tiers
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "bwrap").write_text("#!/bin/sh\nexit 1\n")
    (fake / "bwrap").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    if tiers.choose_tier() != tiers.UID:
        pytest.skip("no uid tier here (the runtime is not readable by the sandbox uid)")
    course = Path(tempfile.mkdtemp(prefix="convkit-course-"))
    try:
        os.chmod(course, 0o755)
        subs = course / "subs"
        copy_reference(subs / "alice")
        shutil.copytree(ROOT / "assignment", subs / "mallory", ignore=shutil.ignore_patterns("__pycache__"))
        with open(subs / "mallory" / "layers.py", "a") as fh:
            fh.write(f"\ntry:\n    exec(open({str(subs / 'alice' / 'layers.py')!r}).read())\nexcept OSError:\n    pass\n")
        for path in [subs, *subs.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        batch(subs, course / "out", workers=1, progress=False, seed=1)
        book = read_gradebook(course / "out" / "gradebook.csv")
        assert float(book["alice"]["score"]) == required_points()
        assert float(book["mallory"]["score"]) == 0
    finally:
        shutil.rmtree(course, ignore_errors=True)


def test_reading_answers_imports_nbformat_only_for_a_notebook(tmp_path):
    """Does collecting a hand-in's Inline Question answers leave nbformat unimported when there is no notebook to
    read (a folder of modules, a `make submit` zip's inline_answers.json), and still read a notebook's answers? (It
    imported nbformat for every hand-in: about 1 CPU s in every batch worker, for nothing.)"""
    import nbformat
    plain = copy_reference(tmp_path / "plain")
    stored = copy_reference(tmp_path / "stored")
    (stored / "inline_answers.json").write_text(json.dumps([{"notebook": "a.ipynb", "number": 1, "question": "Q",
                                                              "answer": "A"}]))
    notebook = copy_reference(tmp_path / "notebook")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("**Inline Question 3**\nWhy?"),
                nbformat.v4.new_markdown_cell("**Your answer:** because")]
    nbformat.write(nb, str(notebook / "05_variants.ipynb"))
    script = ("import json, sys\nfrom grader.instructor.answers import collect_answers\n"
              "found = [len(collect_answers(p)) for p in sys.argv[1:]]\n"
              "print(json.dumps([found, 'nbformat' in sys.modules]))")
    for folders, imported in (([plain, stored], False), ([notebook], True)):
        run = subprocess.run([PYTHON, "-c", script, *map(str, folders)], cwd=ROOT, capture_output=True, text=True,
                             check=True)
        found, seen = json.loads(run.stdout)
        assert found == ([0, 1] if not imported else [1]) and seen == imported, (folders, run.stdout)


def test_the_default_pool_is_one_worker_per_usable_core(monkeypatch, tmp_path):
    """Without --workers, is the local pool one grading process per core the batch may use (its CPU affinity, not
    the machine's count), and does the batch use that rule, and an explicit number as given?"""
    from grader.instructor.batch import running
    monkeypatch.setattr(running.os, "sched_getaffinity", lambda pid: {0, 5, 6}, raising=False)
    assert running.usable_cores() == running.default_workers() == 3
    monkeypatch.setattr(running.os, "sched_getaffinity", lambda pid: set(), raising=False)
    assert running.default_workers() == 1
    asked = []
    import grader.instructor.batch as batch_package
    monkeypatch.setattr(batch_package, "run_local", lambda todo, students, seed, lang, workers, workdir:
                        asked.append(workers) or iter(()))
    monkeypatch.setattr(batch_package, "default_workers", lambda: 7)
    (tmp_path / "class").mkdir()
    for workers in (None, 3):
        batch(tmp_path / "class", tmp_path / f"out{workers}", workers=workers, progress=False)
    assert asked == [7, 3]


def test_two_canvas_students_of_one_name_are_two_students(tmp_path):
    """Canvas's export names an upload by the sortable name without its punctuation (``wangwei``), which two
    students of one class can share: are uploads of two user ids two students, each graded from their own file
    (they were one student: the later attachment, the other student's, overwrote the first's layers.py, and the
    second user id got no row and no grade in gradebook_canvas.csv), while one user's several uploads stay one?"""
    from grader.instructor.batch.discovery import discover
    root = tmp_path / "export"
    root.mkdir()
    shutil.copy(ROOT / "solutions" / "layers.py", root / "wangwei_1001_5001_layers.py")
    shutil.copy(ROOT / "solutions" / "classifiers" / "cnn.py", root / "wangwei_1001_5003_cnn.py")
    shutil.copy(ROOT / "assignment" / "layers.py", root / "wangwei_1002_5002_layers.py")
    shutil.copy(ROOT / "solutions" / "layers.py", root / "lichen_77_5004_layers.py")
    entries = {e.student: e for e in discover(root, tmp_path / "work")}
    assert set(entries) == {"wangwei_1001", "wangwei_1002", "lichen"}, sorted(entries)
    assert {k: e.lms["user_id"] for k, e in entries.items()} == {"wangwei_1001": "1001", "wangwei_1002": "1002",
                                                                 "lichen": "77"}
    first, second = entries["wangwei_1001"].path, entries["wangwei_1002"].path
    assert (first / "layers.py").read_bytes() == (ROOT / "solutions" / "layers.py").read_bytes()
    assert (first / "classifiers" / "cnn.py").is_file()
    assert second.name == "wangwei_1002_5002_layers.py"  # a lone upload is graded as it is
    assert second.read_bytes() == (ROOT / "assignment" / "layers.py").read_bytes()


def test_a_rerun_grades_a_hand_in_whose_files_changed_under_the_same_name(tmp_path):
    """Does the same command, run again after a hand-in's files changed but not its name (a Moodle folder in a
    newer export, a plain folder a late upload replaced), grade it again, while an unchanged one is kept? It kept
    the first grade (a row was 'done' by its name alone): the late work was never graded, and nothing said so."""
    root = tmp_path / "class"
    shutil.copytree(ROOT / "assignment", root / "alice", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "assignment", root / "bob", ignore=shutil.ignore_patterns("__pycache__"))
    first = batch(root, tmp_path / "out", workers=1, seed=3, progress=False)
    assert sorted(first.graded_now) == ["alice", "bob"]
    again = batch(root, tmp_path / "out", workers=1, seed=3, progress=False)
    assert again.graded_now == []
    shutil.copy(ROOT / "solutions" / "layers.py", root / "alice" / "layers.py")
    later = batch(root, tmp_path / "out", workers=1, seed=3, progress=False)
    assert later.graded_now == ["alice"]
    book = read_gradebook(later.gradebook)
    assert float(book["alice"]["conv_forward_naive"]) == 10 and float(book["bob"]["score"]) == 0


def test_one_students_answer_cannot_shape_the_class_answer_list():
    """Rendered as Markdown (raw HTML allowed, as most viewers do), does OUT/inline_answers.md show every student's
    answer under their own heading, whatever one answer holds: `<!--` (it hid every later student's answers), a
    heading `## bob` with a forged answer, a fence of its own, a notebook name with a line break and a heading?"""
    import mistune
    from grader.instructor.answers import answers_index
    from grader.submission_zip import InlineAnswer
    hostile = "<!--\n## bob\n\n1 / 1 answered\n\nforged\n~~~~~ text\n```\n$a$ \x1b]0;title\x07"
    text = answers_index({"alice": [InlineAnswer("nb.ipynb\n## bob", 1, "q", hostile)],
                          "bob": [InlineAnswer("nb.ipynb", 1, "q", "the real answer")]})
    page = mistune.create_markdown(escape=False)(text)
    assert page.count("<h2>bob</h2>") == 1 and page.count("<h2>") == 2, page
    bob = page.split("<h2>bob</h2>", 1)[1]
    assert "the real answer" in bob and "forged" not in bob, page
    assert "&lt;!--" in page and "<!--" not in page, page
    assert "\x1b" not in text and "\x07" not in text
