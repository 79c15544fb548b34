"""Real hand-ins: each LMS's export as that LMS's own code writes it, what a student handed in (shared by the batch,
`grade` and Gradescope), the latest hand-in winning, no silent zero, grader failures as "not graded" rows that a
re-run grades, and a batch whose pool dies with it."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from grader.instructor.batch import (DUPLICATE_ROW, GRADED_ROW, NOT_GRADED_ROW, STUDENTS_DIR, batch, canonical_id,
                                     discover, parse_lms_name)
from grader.instructor.batch.running import POOL_RECORD, reap_killed_run, start_time
from grader.instructor.reference import ROOT, copy_reference

PYTHON = sys.executable
LAYERS = ROOT / "solutions" / "layers.py"
CNN = ROOT / "solutions" / "classifiers" / "cnn.py"


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def book_of(out):
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


def stamp(path: Path, when: float):
    os.utime(path, (when, when))


def zipped(target: Path, files: dict[str, Path]):
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as zf:
        for name, source in files.items():
            zf.write(source, name)
    return target


def notebook(target: Path, source: Path):
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source.read_text()), nbformat.v4.new_code_cell("print('experiment')")]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    return target


def canvas_login(sortable_name: str) -> str:
    """What instructure/canvas-lms lib/content_zipper.rb makes of a sortable name (sanitize_user_name, then
    sanitize_file_name keeps only [[:word:]]: letters, marks and digits)."""
    import re
    name = re.sub(r"_(\d+)_", r"\1", sortable_name).lower()
    return "".join(ch for ch in name if ch.isalnum() or unicodedata.category(ch).startswith("M"))


# -- the LMS table -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sortable, expected_key", [
    ("Lee, Kim", "leekim"), ("王, 芳", "王芳"), ("O'Brien-Smith, Mary Ann", "obriensmithmaryann"),
    (unicodedata.normalize("NFD", "Núñez, José"), unicodedata.normalize("NFD", "núñezjosé")),
])
def test_canvas_names_are_read_as_content_zipper_writes_them(sortable, expected_key):
    """instructure/canvas-lms lib/content_zipper.rb (get_filename, add_upload_submission, add_text_or_url):
    is ``login[_LATE]_userid_attachmentid_file`` read with the user id first, a text entry's one number read as
    the user id, and an anonymous name (``anon_<id>``) read as one student?"""
    login = canvas_login(sortable)
    assert login == expected_key
    upload = parse_lms_name(f"{login}_LATE_12352_800001_layers.py")
    assert (upload["lms"], upload["key"], upload["user_id"], upload["attachment_id"], upload["late"],
            upload["file"]) == ("canvas", login, "12352", "800001", True, "layers.py")
    text = parse_lms_name(f"{login}_12352_text.html")
    assert text["user_id"] == "12352" and text["attachment_id"] == "" and text["entry"] == "text"
    anonymous = parse_lms_name("anon_k3Xq9_800001_layers.py")
    assert (anonymous["key"], anonymous["user_id"], anonymous["attachment_id"]) == ("anon_k3Xq9", "", "800001")
    assert parse_lms_name("anon_k3Xq9_800002_cnn.py")["key"] == anonymous["key"]


@pytest.mark.parametrize("name, version, key, file", [
    ("Maria Garcia_1002_assignsubmission_file", "4.1+", "Maria Garcia_1002", ""),
    ("李 娜_1003_assignsubmission_file_", "3.x", "李 娜_1003", ""),
    ("Seán O'Neil-Ng_1004_assignsubmission_file_hw2.zip", "", "Seán O'Neil-Ng_1004", "hw2.zip"),
    ("Participant_1005_assignsubmission_file", "4.1+", "Participant_1005", ""),
])
def test_moodle_names_of_both_versions_are_read(name, version, key, file):
    """moodle/moodle mod/assign/classes/downloader.php (4.1+: ``prefix_assignsubmission_file`` folders) and
    mod/assign/locallib.php (3.x: a trailing ``_``): is each read as its participant, whatever the name holds
    (spaces, a Chinese name, an apostrophe and a hyphen, blind marking's ``Participant``)?"""
    parsed = parse_lms_name(name)
    assert (parsed["lms"], parsed["version"], parsed["key"], parsed["file"]) == ("moodle", version, key, file)
    assert parsed["participant"] == key.rsplit("_", 1)[1]


# -- a Moodle and Canvas class, graded ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lms_class(tmp_path_factory):
    """A class exported as Moodle and Canvas write it (files cited in the tests that read it)."""
    root = tmp_path_factory.mktemp("lms")
    # Moodle 3.x (locallib.php): a folder per participant, with a trailing "_"; one holds a zip and a PDF
    from grader.submission import exercise_modules
    zipped(root / "李 娜_1003_assignsubmission_file_" / "hw2.zip",
           {f"hw2/{m}": ROOT / "solutions" / m for m in exercise_modules()})
    (root / "李 娜_1003_assignsubmission_file_" / "report.pdf").write_bytes(b"%PDF-1.4\n")
    # Moodle 4.1+ (downloader.php): no trailing "_"; one holds a notebook, one the modules
    notebook(root / (unicodedata.normalize("NFD", "José Núñez") + "_1001_assignsubmission_file") / "hw2.ipynb",
             LAYERS)
    (root / "Maria Garcia_1002_assignsubmission_file").mkdir()
    copy_reference(root / "Maria Garcia_1002_assignsubmission_file" / "hw2")
    (root / "Maria Garcia_1002_assignsubmission_onlinetext").mkdir()
    (root / "Maria Garcia_1002_assignsubmission_onlinetext" / "onlinetext.html").write_text("<p>hi</p>")
    # Canvas (content_zipper.rb): a student with .py files and a PDF and a notes.txt beside them
    login = canvas_login("O'Brien-Smith, Mary Ann")
    for attachment, (name, source) in enumerate([("layers.py", LAYERS), ("cnn.py", CNN)], start=800001):
        (root / f"{login}_LATE_12350_{attachment}_{name}").write_bytes(source.read_bytes())
    (root / f"{login}_LATE_12350_800003_writeup.pdf").write_bytes(b"%PDF-1.4\n")
    (root / f"{login}_LATE_12350_800004_notes.txt").write_text("notes")
    # anonymous grading; a text entry only; a resubmission (a later attachment id wins)
    (root / "anon_k3Xq9_800010_layers.py").write_bytes(LAYERS.read_bytes())
    (root / "anon_k3Xq9_800011_cnn.py").write_bytes(CNN.read_bytes())
    (root / "kimlee_12352_text.html").write_text("<p>my code is on github</p>")
    stub = ROOT / "assignment" / "layers.py"
    zipped(root / "王芳_12353_800020_hw2.zip", {"layers.py": stub})
    zipped(root / "王芳_12353_800021_hw2-1.zip", {"layers.py": LAYERS})
    return root


@pytest.fixture(scope="module")
def lms_graded(lms_class, tmp_path_factory):
    out = tmp_path_factory.mktemp("lms_out")
    return batch(lms_class, out, workers=2, seed=9, progress=False), out


def test_moodle_folders_holding_a_zip_or_a_notebook_are_graded(lms_graded):
    """moodle/moodle mod/assign/locallib.php and classes/downloader.php: is a participant's folder holding a zip
    (3.x) or a notebook (4.1+, NFD name) graded from it, with the file graded and what was set aside named?"""
    from tests.test_batch import required_points
    result, out = lms_graded
    book = book_of(out)
    li = book["李_娜_1003"]
    assert float(li["score"]) == required_points()
    assert li["graded_file"] == "hw2.zip" and li["set_aside"] == "report.pdf" and li["nothing_gradable"] == ""
    jose = book[canonical_id(unicodedata.normalize("NFD", "José Núñez") + "_1001")]
    assert float(jose["conv_forward_naive"]) == 10 and jose["graded_file"] == "hw2.ipynb"
    assert float(book["maria_garcia_1002"]["score"]) == required_points()


def test_the_moodle_worksheet_holds_what_moodles_import_requires(lms_graded):
    """moodle/moodle mod/assign/feedback/offline/importgradeslib.php refuses a worksheet without the columns
    ``Identifier``, ``Grade`` and ``Last modified (grade)``, and reads the participant from ``Participant N``:
    does every Moodle student (4.1+ and 3.x) have such a row, with a time strtotime reads?"""
    from datetime import datetime
    result, out = lms_graded
    header, *rows = read_csv(out / "gradebook_moodle.csv")
    assert {"Identifier", "Grade", "Last modified (grade)"} <= set(header)
    by_id = {r[header.index("Identifier")]: dict(zip(header, r)) for r in rows}
    for participant in ("1001", "1002", "1003"):
        row = by_id[f"Participant {participant}"]
        assert float(row["Grade"]) > 0
        datetime.fromisoformat(row["Last modified (grade)"])


def test_canvas_uploads_with_notes_beside_them_anonymous_and_resubmitted_are_graded(lms_graded):
    """instructure/canvas-lms lib/content_zipper.rb: are a student's .py files graded together although a PDF and
    notes.txt were uploaded beside them (no ``~dup`` rows), an anonymous student's files graded as one, a
    resubmission graded from the later attachment, and a text entry alone a row that says nothing was
    gradable?"""
    from tests.test_batch import required_points
    result, out = lms_graded
    book = book_of(out)
    mary = book["obriensmithmaryann"]
    assert float(mary["score"]) > required_points("layers") and float(mary["conv_forward_naive"]) == 10
    assert float(mary["ThreeLayerConvNet"]) > 0 and mary["kind"] == GRADED_ROW  # cnn.py was graded with layers.py
    assert "writeup.pdf" in mary["set_aside"] and "notes.txt" in mary["set_aside"]
    assert not [s for s in book if "~dup" in s]
    assert float(book["anon_k3xq9"]["ThreeLayerConvNet"]) > 0
    wang = book["王芳"]
    assert float(wang["conv_forward_naive"]) == 10 and wang["graded_file"] == "hw2-1.zip"  # the later attachment
    kim = book["kimlee"]
    assert kim["kind"] == GRADED_ROW and float(kim["score"]) == 0 and "nothing gradable" in kim["nothing_gradable"]
    assert "kimlee" in {r["student"] for r in result.problems}


def test_the_canvas_csv_is_what_canvas_gradebook_import_reads(lms_graded):
    """instructure/canvas-lms lib/gradebook_importer.rb: the header must start ``Student``, ``ID``, then ``SIS User
    ID``, ``SIS Login ID`` and ``Section`` before the assignment; a student is matched by ``ID`` (the user id).
    Is ``ID`` the user id for uploads and for a text entry, and is ``SIS Login ID`` never a made-up login?"""
    result, out = lms_graded
    header, *rows = read_csv(out / "gradebook_canvas.csv")
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] and len(header) == 6
    assert rows[0][0] == "Points Possible"
    by_id = {r[1]: r for r in rows[1:] if r[1]}
    assert set(by_id) == {"12350", "12352", "12353"}
    assert all(r[3] == "" for r in by_id.values())  # never the sortable name Canvas's export starts with
    assert float(by_id["12353"][5]) > 0


# -- Gradescope ---------------------------------------------------------------------------------------------------

GRADESCOPE_METADATA = """\
submission_90001:
  :submitters:
  - :name: 张伟
    :sid: '2024001'
    :email: zhangwei@example.edu
  :created_at: 2024-04-01 23:10:05.000000000 +08:00
  :score: 0.0
  :status: processed
submission_90002:
  :submitters:
  - :name: Anne-Marie O'Connor
    :sid: '2024002'
    :email: amoconnor@example.edu
  - :name: Ravi Kumar
    :sid: '2024003'
    :email: ravi@example.edu
  :created_at: 2024-04-02 09:00:00.000000000 +08:00
"""


def test_a_gradescope_export_is_keyed_by_sid_with_group_members(tmp_path):
    """Gradescope's "Export Submissions" (``assignment_<id>_export/`` holding ``submission_<id>/`` folders and a
    ``submission_metadata.yml`` whose keys are Ruby symbols ``:submitters``, ``:name``, ``:sid``, ``:email``):
    is each submission keyed by its submitter's sid, does a group submission give every member a row with the
    group's score, and is the metadata file not a student?"""
    export = tmp_path / "assignment_555_export"
    notebook(export / "submission_90001" / "hw2.ipynb", LAYERS)
    copy_reference(export / "submission_90002")
    (export / "submission_metadata.yml").write_text(GRADESCOPE_METADATA, encoding="utf-8")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in export.rglob("*"):
            if path.is_file():
                zf.write(path, path.relative_to(tmp_path).as_posix())
    result = batch(archive, tmp_path / "out", workers=2, seed=2, progress=False)
    book = book_of(tmp_path / "out")
    assert set(book) == {"2024001", "2024002", "2024003"}
    assert float(book["2024001"]["conv_forward_naive"]) == 10 and book["2024001"]["graded_file"] == "hw2.ipynb"
    assert float(book["2024003"]["score"]) == float(book["2024002"]["score"]) > 0
    row = json.loads((tmp_path / "out" / STUDENTS_DIR / "2024003" / "row.json").read_text())
    assert row["lms"]["name"] == "Ravi Kumar" and row["lms"]["group"] == ["2024002"]
    assert "group" in book["2024003"]["notes"]


def test_gradescope_run_autograder_grades_a_notebook_or_an_unextracted_zip(tmp_path):
    """Gradescope's run_autograder grades /autograder/submission with `grade`: does the shared discovery grade a
    folder holding only a notebook, or only a zip left unextracted, instead of 0?"""
    from grader.instructor.gradescope_bundle import RUN_AUTOGRADER
    assert "grade \"$ROOT/submission\"" in RUN_AUTOGRADER
    for kind in ("notebook", "zip"):
        submission = tmp_path / kind / "submission"
        if kind == "notebook":
            notebook(submission / "assignment2.ipynb", LAYERS)
        else:
            zipped(submission / "hw2.zip", {"cs231n/layers.py": LAYERS})
        out = tmp_path / kind / "results"
        proc = subprocess.run([PYTHON, "-m", "grader.instructor", "grade", str(submission), "-o", str(out),
                               "--seed", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        results = json.loads((out / "results.json").read_text())
        conv = [t for t in results["tests"] if t["name"].startswith("conv_forward_naive")]
        assert conv and sum(t["score"] for t in conv) == 10


# -- the latest hand-in ------------------------------------------------------------------------------------------

def test_the_latest_hand_in_wins_and_the_row_says_what_was_set_aside(tmp_path):
    """Of ``Alice.zip`` and ``alice/`` (no LMS attempt numbers), is the newer graded whichever comes first by
    name, and does the row name the one set aside?"""
    for newer in ("zip", "folder"):
        root = tmp_path / newer
        copy_reference(root / "alice")
        zipped(root / "Alice.zip", {"layers.py": ROOT / "assignment" / "layers.py"})
        old, new = (root / "alice", root / "Alice.zip") if newer == "zip" else (root / "Alice.zip", root / "alice")
        for path in [old, *old.rglob("*")]:
            stamp(path, time.time() - 7200)
        for path in [new, *new.rglob("*")]:  # copytree kept the reference's own times, however old the checkout
            stamp(path, time.time())
        entries = {e.student: e for e in discover(root, tmp_path / f"work-{newer}")}
        graded = entries["alice"]
        assert graded.path == new and graded.set_aside == [old.name]
        duplicate, = [e for e in entries.values() if e.kind == DUPLICATE_ROW]
        assert duplicate.original == old.name and "older" in duplicate.error


# -- no silent zero ------------------------------------------------------------------------------------------------

def test_a_grader_failure_is_not_graded_never_zero_and_a_rerun_grades_exactly_those(tmp_path, monkeypatch):
    """When `grade` raises (the sandbox could not start), is the row "not graded" (no grade in the Canvas and
    Moodle exports, counted under problems, the CLI exiting 2), and does the next run grade exactly those rows?"""
    import argparse
    from grader.instructor import api
    from grader.instructor.batch import main
    from tests.test_batch import required_points
    root = tmp_path / "class"
    for name in ("ana", "bo"):
        copy_reference(root / name)
    real = api.grade

    def broken(path, **kwargs):
        if Path(path).name == "bo":
            raise RuntimeError("the sandbox could not start")
        return real(path, **kwargs)
    monkeypatch.setattr(api, "grade", broken)
    out = tmp_path / "out"
    args = argparse.Namespace(submissions=str(root), output=str(out), workers=1, seed=3, lang="en")
    assert main(args) == 2
    book = book_of(out)
    assert book["bo"]["kind"] == NOT_GRADED_ROW and "the sandbox could not start" in book["bo"]["error"]
    assert book["ana"]["kind"] == GRADED_ROW
    canvas = {r[0]: r for r in read_csv(out / "gradebook_canvas.csv")}
    assert canvas["bo"][5] == "" and float(canvas["ana"][5]) == required_points()
    header, *moodle = read_csv(out / "gradebook_moodle.csv")
    assert [r[header.index("Grade")] for r in moodle if r[1] == "bo"] == [""]
    assert "1 not graded" in (out / "summary.md").read_text()
    monkeypatch.setattr(api, "grade", real)
    again = batch(root, out, workers=1, progress=False)
    assert again.graded_now == ["bo"] and not again.not_graded
    assert float(book_of(out)["bo"]["score"]) == required_points()


def test_nothing_gradable_is_said_in_its_own_column_and_counted(tmp_path):
    """Is a hand-in holding only a PDF a 0 whose ``nothing_gradable`` column says why, counted among the
    summary's problems?"""
    root = tmp_path / "class"
    (root / "pia").mkdir(parents=True)
    (root / "pia" / "hw2.pdf").write_bytes(b"%PDF-1.4\n")
    result = batch(root, tmp_path / "out", workers=1, seed=1, progress=False)
    row = book_of(tmp_path / "out")["pia"]
    assert float(row["score"]) == 0 and "hw2.pdf" in row["nothing_gradable"]
    assert [r["student"] for r in result.problems] == ["pia"]
    assert "1 with nothing gradable" in (tmp_path / "out" / "summary.md").read_text()


# -- the pool dies with the batch ------------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in fh)
    except OSError:
        return False


def test_kill_9_of_a_real_batch_takes_its_pool_with_it_and_the_rerun_completes(tmp_path):
    """After ``kill -9`` of a running ``python -m grader.instructor batch``, are its pool workers gone within
    seconds, and does the next run (reaping what is left, removing the killed run's temporary folder) finish
    the class?"""
    names = [f"s{i}" for i in range(6)]
    root = tmp_path / "class"
    for name in names:
        copy_reference(root / name)
    out, temporary = tmp_path / "out", tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary)}
    proc = subprocess.Popen([PYTHON, "-m", "grader.instructor", "batch", str(root), "-o", str(out), "--workers", "2",
                             "--seed", "4"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    record, deadline = out / ".work" / POOL_RECORD, time.monotonic() + 120
    pids: set[int] = set()
    while time.monotonic() < deadline and len(pids) < 2:
        try:
            pids = {pid for processes in json.loads(record.read_text())["pools"].values() for pid, _ in processes}
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)]
    result = batch(root, out, workers=2, progress=False)
    assert {r["student"] for r in result.rows if r["kind"] == GRADED_ROW} == set(names)
    assert not record.exists() and not [p for p in temporary.iterdir() if p.name.startswith("convkit-batch-")]


def test_the_rerun_reaps_only_the_processes_the_killed_run_recorded(tmp_path):
    """Given a record left by a killed run, is a process whose pid and start time match killed, one whose start
    time differs (a pid reused by someone else) left alone, and the recorded temporary folder removed?"""
    ours = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(60)"])
    stranger = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(60)"])
    try:
        folder = tmp_path / "convkit-batch-leftover"
        folder.mkdir()
        work = tmp_path / ".work"
        work.mkdir()
        (work / POOL_RECORD).write_text(json.dumps({
            "batch": [2**22 + 1, 1],
            "pools": {str(folder): [[ours.pid, start_time(ours.pid)], [stranger.pid, start_time(stranger.pid) + 1]]}}))
        assert reap_killed_run(work) == [ours.pid]
        assert ours.wait(10) == -signal.SIGKILL and stranger.poll() is None
        assert not folder.exists() and not (work / POOL_RECORD).exists()
    finally:
        for p in (ours, stranger):
            p.kill()
            p.wait()


def test_similarity_and_the_batch_form_no_import_circle():
    """Does similarity.py import nothing of the batch (the batch alone imports similarity)?"""
    import ast
    import grader.instructor.similarity as similarity
    tree = ast.parse(Path(similarity.__file__).read_text())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert imported and not [m for m in imported if "batch" in m]
