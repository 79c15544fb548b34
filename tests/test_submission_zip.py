"""`make submit`: the student's code and notebooks, rendered to HTML, with warnings; never solutions."""
import shutil
import zipfile
from pathlib import Path

import nbformat

from grader.submission_zip import collect_submission

ROOT = Path(__file__).resolve().parents[1]


def make_kit(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "assignment", kit / "assignment")
    (kit / "notebooks").mkdir()
    ran = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)", execution_count=1, outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="1\n")])])
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0", execution_count=1, outputs=[
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])])])
    fresh = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    for name, nb in [("Ran.ipynb", ran), ("Broken.ipynb", broken), ("Fresh.ipynb", fresh)]:
        nbformat.write(nb, kit / "notebooks" / name)
    (kit / "solutions").mkdir()
    (kit / "solutions" / "layers.py").write_text("SECRET = 1\n")
    return kit


def test_submission_zip_holds_code_and_rendered_notebooks_and_warns(tmp_path):
    """Does the zip hold assignment/ and each notebook as .ipynb and .html, warn about unrun and failing
    notebooks, and leave solutions/ out?"""
    kit = make_kit(tmp_path)
    result = collect_submission(tmp_path / "submission.zip", root=kit, verbose=False)
    names = zipfile.ZipFile(result.path).namelist()
    assert "assignment/layers.py" in names and "notebooks/Ran.html" in names and "notebooks/Fresh.ipynb" in names
    assert not any("solutions" in n for n in names)
    assert any("Fresh.ipynb has not been run" in w for w in result.warnings)
    assert any("Broken.ipynb stopped on an error: ZeroDivisionError" in w for w in result.warnings)
    assert not any("Ran.ipynb" in w for w in result.warnings)
    html = zipfile.ZipFile(result.path).read("notebooks/Ran.html").decode()
    assert "<html" in html.lower() and "print" in html and "<pre>1" in html
