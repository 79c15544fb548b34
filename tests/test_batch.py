"""Batch grading: the gradebook of a mixed batch, resuming a killed batch, the Dask path, similarity."""
import csv
import shutil
import zipfile
from pathlib import Path

import pytest

from grader.batch import batch, grade_one
from grader.examples import ROOT, copy_reference, make_buggy, make_hostile
from grader.similarity import similarity_pairs

HERE = Path(__file__).parent


def required_points(module: str | None = None) -> float:
    """The rubric's required total (or one module's share of it): derived, never hard-coded."""
    from grader.functions import GRADED
    from grader.rubric import load_rubric
    rubric = load_rubric()
    return sum(rubric[g.name].points for g in GRADED if not g.optional and (module is None or g.module == module))


def read_gradebook(path):
    with open(path) as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A class: correct, buggy, stub, hostile, a broken zip, a non-submission and a duplicate name."""
    root = tmp_path_factory.mktemp("class")
    copy_reference(root / "alice")
    make_buggy("forgotten_bias", root / "bob")
    shutil.copytree(ROOT / "assignment", root / "carol")
    make_hostile("os_exit_at_import", root / "dave")
    (root / "erin.zip").write_bytes(b"this is not a zip")
    (root / "frank.txt").write_text("hello")
    shutil.copy(ROOT / "solutions" / "layers.py", root / "alice.py")  # a second 'alice'
    return root


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
    assert set(book) == {"alice", "alice__2", "bob", "carol", "dave", "erin", "frank"}
    assert float(book["alice"]["score"]) == float(book["alice"]["max_score"]) == required_points()
    assert float(book["bob"]["conv_forward_naive"]) == 0 and float(book["bob"]["score"]) == required_points() - conv_points
    assert float(book["carol"]["score"]) == 0
    # layers.py dies at import (and so do layer_utils and cnn, which import it); conv_arithmetic and optim earn
    assert float(book["dave"]["score"]) == required_points("conv_arithmetic") + required_points("optim")
    assert "not a valid zip" in book["erin"]["error"] and "not a submission" in book["frank"]["error"]
    assert "duplicate student name" in book["alice__2"]["error"]
    for name in ("alice", "bob", "carol", "dave"):
        assert (out / name / "results.json").exists() and (out / name / "report.html").exists()
    assert (out / "summary.md").exists() and (out / "score_histogram.png").stat().st_size > 1000


def test_killed_batch_resumes_and_grades_each_submission_once(classroom, graded, tmp_path):
    """After a kill (rows missing, a half-written folder left behind), does a re-run grade only what is missing
    and end with the same gradebook as the uninterrupted run?"""
    _, full_out = graded
    out = tmp_path / "out"
    shutil.copytree(full_out, out)
    shutil.rmtree(out / "bob")
    shutil.rmtree(out / "carol")
    (out / ".carol.partial").mkdir()
    (out / ".carol.partial" / "results.json").write_text("{")
    again = batch(classroom, out, workers=2, progress=False)
    assert sorted(again.graded_now) == ["bob", "carol"]
    assert not list(out.glob(".*.partial"))
    assert read_gradebook(out / "gradebook.csv") == read_gradebook(full_out / "gradebook.csv")
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
