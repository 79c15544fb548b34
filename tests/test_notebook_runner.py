"""The notebook runner where symbolic links are refused (Windows without Developer Mode)."""
import os

from grader import notebook_runner
from grader.notebook_runner import link_or_copy


def test_a_refused_symlink_becomes_a_copy(tmp_path, monkeypatch):
    """Where os.symlink fails as on Windows (WinError 1314), does the runner's folder get a copy of the package
    instead, so that `python -m grader notebooks` still imports it; and a link where links work?"""
    package = tmp_path / "assignment"
    (package / "classifiers").mkdir(parents=True)
    (package / "layers.py").write_text("X = 1\n")
    (package / "classifiers" / "cnn.py").write_text("Y = 2\n")
    link_or_copy(package, tmp_path / "linked")
    assert (tmp_path / "linked").is_symlink() and (tmp_path / "linked" / "layers.py").read_text() == "X = 1\n"

    def refused(*args, **kwargs):
        raise OSError(1314, "A required privilege is not held by the client")
    monkeypatch.setattr(os, "symlink", refused)
    link_or_copy(package, tmp_path / "copied")
    assert not (tmp_path / "copied").is_symlink()
    assert (tmp_path / "copied" / "classifiers" / "cnn.py").read_text() == "Y = 2\n"


def test_the_runner_lays_out_its_folder_through_link_or_copy():
    """Does run_notebooks lay out assignment, datasets and grader through link_or_copy (never os.symlink alone)?"""
    import inspect
    source = inspect.getsource(notebook_runner.run_notebooks)
    assert "os.symlink" not in source and source.count("link_or_copy(") == 2
