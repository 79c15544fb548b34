"""The notebooks: valid, stripped in the repository, run headless top to bottom on the reference, and stop
politely (a short "not implemented" message) on the stubs."""
import re
from pathlib import Path

import nbformat
import pytest

from grader.notebook_runner import run_notebooks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_there_are_the_five_guided_notebooks():
    """Are the five notebooks of the course there?"""
    assert NOTEBOOKS == ["ConvNetOnDigits.ipynb", "ConvolutionVariants.ipynb", "ConvolutionalLayers.ipynb",
                         "PoolingAndActivations.ipynb", "WhatTheNetworkLearned.ipynb"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_valid_and_stripped(name):
    """Is each notebook valid nbformat, with no outputs or execution counts committed?"""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    return run_notebooks("solutions", root=ROOT, output_dir=tmp_path_factory.mktemp("ref"), timeout=300)


def test_every_notebook_runs_on_the_reference_and_every_check_passes(reference_run):
    """Does every notebook run top to bottom on the reference, with no FAIL printed by its checks?"""
    assert [r.name for r in reference_run] == NOTEBOOKS
    for result in reference_run:
        assert result.ok, f"{result.name}: {result.error}"
        nb = nbformat.read(result.output_path, as_version=4)
        text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        assert "PASS" in text and "FAIL" not in text, result.name


def test_notebooks_stop_politely_on_the_stubs(tmp_path):
    """On the stubs, does each notebook stop at its first check with a short 'not implemented yet' message?"""
    results = run_notebooks("assignment", root=ROOT, output_dir=tmp_path, timeout=300)
    for result in results:
        assert not result.ok and "not implemented yet" in result.error, (result.name, result.error)
        nb = nbformat.read(result.output_path, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert len(errors) == 1
        traceback = ANSI.sub("", "\n".join(errors[0].traceback))
        assert len(traceback.splitlines()) <= 3, traceback
