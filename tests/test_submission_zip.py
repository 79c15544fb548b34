"""`make submit`: the student's code, the executed notebooks (newest run), rendered to HTML, and the Inline
Question answers in one zip, with warnings; never solutions."""
import json
import os
import shutil
import zipfile
from pathlib import Path

import nbformat

from grader.submission_zip import collect_submission, extract_inline_answers

ROOT = Path(__file__).resolve().parents[1]
new_code, new_md, new_output = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell, nbformat.v4.new_output


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def ran(text="1\n"):
    return new_code("print(1)", execution_count=1, outputs=[new_output("stream", name="stdout", text=text)])


def questions(answer_en="*fill this in*", answer_zh="*在此作答*"):
    en = [new_md("**Inline Question 1**\n\nWhy 7?"), new_md(f"**Your answer:** {answer_en}"),
          new_md("**Inline Question 2**\n\nWhy 760?"), new_md("**Your answer:** *fill this in*")]
    zh = [new_md("**Inline Question 1**\n\n为什么是 7？"), new_md(f"**你的回答：** {answer_zh}"),
          new_md("**Inline Question 2**\n\n为什么是 760？"), new_md("**你的回答：** *在此作答*")]
    return en, zh


def write(kit, rel, nb, mtime=None):
    path = kit / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def make_kit(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "assignment", kit / "assignment", ignore=shutil.ignore_patterns("__pycache__"))
    en, zh = questions(answer_zh="因为三个 3x3 卷积的感受野是 7。")
    write(kit, "notebooks/en/01_conv.ipynb", notebook(new_code("x = 1"), *en), mtime=1_000)
    write(kit, "notebooks/zh/01_conv.ipynb", notebook(ran(), *zh), mtime=2_000)       # run and answered in Jupyter
    write(kit, "notebooks/en/02_pool.ipynb", notebook(new_code("1/0", execution_count=1, outputs=[
        new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])])))
    write(kit, "notebooks/zh/02_pool.ipynb", notebook(new_code("1/0")))
    write(kit, "notebooks/en/03_fresh.ipynb", notebook(new_code("x = 1")))
    write(kit, "notebooks/zh/03_fresh.ipynb", notebook(new_code("x = 1")))
    (kit / "solutions").mkdir()
    (kit / "solutions" / "layers.py").write_text("SECRET = 1\n")
    return kit


def test_submission_zip_holds_code_rendered_notebooks_and_answers_and_warns(tmp_path):
    """Does the zip hold assignment/, each notebook as .ipynb and .html, the inline answers, warn about a notebook
    run in neither language and one that failed, and leave solutions/ out?"""
    kit = make_kit(tmp_path)
    result = collect_submission(tmp_path / "submission.zip", root=kit, verbose=False)
    names = zipfile.ZipFile(result.path).namelist()
    assert "assignment/layers.py" in names and "notebooks/zh/01_conv.html" in names
    assert "notebooks/en/03_fresh.ipynb" in names and "inline_answers.md" in names and "inline_answers.json" in names
    assert not any("solutions" in n for n in names)
    assert any("03_fresh.ipynb has not been run" in w for w in result.warnings)
    assert not any("01_conv.ipynb has not been run" in w for w in result.warnings), "zh was run: no warning"
    assert any("en/02_pool.ipynb stopped on an error: ZeroDivisionError" in w for w in result.warnings)
    assert not any("--execute" in w for w in result.warnings), "make cannot pass --execute"
    html = zipfile.ZipFile(result.path).read("notebooks/zh/01_conv.html").decode()
    assert "<html" in html.lower() and "<pre>1" in html


def test_make_submit_speaks_chinese_to_a_chinese_student(tmp_path, capsys):
    """With lang zh, what make submit prints (the zip written, notebooks not run or stopped, unanswered questions)
    holds no English sentence; the same warnings exist in English."""
    from tests.no_english import english_sentences
    kit = make_kit(tmp_path)
    zh = collect_submission(tmp_path / "zh.zip", root=kit, lang="zh")
    printed = capsys.readouterr().out
    assert "已写出" in printed and len(zh.warnings) >= 2
    assert english_sentences(printed) == [], printed
    en = collect_submission(tmp_path / "en.zip", root=kit, verbose=False)
    assert len(en.warnings) == len(zh.warnings)


def test_inline_answers_are_collected_from_whichever_language_was_answered(tmp_path):
    """Are the answers extracted into inline_answers.json and .md: the Chinese answer kept, the unanswered
    question marked and warned about?"""
    kit = make_kit(tmp_path)
    result = collect_submission(tmp_path / "submission.zip", root=kit, verbose=False)
    data = json.loads(zipfile.ZipFile(result.path).read("inline_answers.json"))
    by_question = {(Path(a["notebook"]).stem, a["number"]): a for a in data}
    assert by_question[("01_conv", 1)]["answer"] == "因为三个 3x3 卷积的感受野是 7。"
    assert by_question[("01_conv", 1)]["answered"] is True
    assert by_question[("01_conv", 2)]["answered"] is False
    md = zipfile.ZipFile(result.path).read("inline_answers.md").decode()
    assert "因为三个 3x3 卷积的感受野是 7。" in md and "not answered" in md
    assert any("1 of 2 Inline Questions have no answer" in w for w in result.warnings)


def test_the_newest_executed_copy_is_taken(tmp_path):
    """When `make run-notebooks TARGET=assignment` ran a notebook after it was saved unexecuted, is the executed
    copy from out/ packed; and is a newer run in Jupyter preferred to an older one in out/?"""
    kit = make_kit(tmp_path)
    os.utime(kit / "notebooks/en/03_fresh.ipynb", (4_000, 4_000))
    write(kit, "out/notebooks/assignment/en/03_fresh.ipynb", notebook(ran("from out\n")), mtime=5_000)
    write(kit, "out/notebooks/assignment/zh/01_conv.ipynb", notebook(ran("older run\n")), mtime=1_500)
    result = collect_submission(tmp_path / "submission.zip", root=kit, verbose=False)
    zf = zipfile.ZipFile(result.path)
    assert "from out" in zf.read("notebooks/en/03_fresh.ipynb").decode()
    assert "older run" not in zf.read("notebooks/zh/01_conv.ipynb").decode()
    assert not any("03_fresh.ipynb has not been run" in w for w in result.warnings)


def test_extract_inline_answers_reads_the_kits_notebooks():
    """Does the extractor find every Inline Question of the kit's own notebooks, all unanswered as shipped?"""
    total = 0
    for lang in ("en", "zh"):
        for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
            answers = extract_inline_answers(nbformat.read(path, as_version=4), f"{lang}/{path.name}")
            assert answers and all(not a.answered and a.question for a in answers), path
            total += len(answers)
    assert total >= 20


def test_an_answer_typed_after_the_last_run_is_never_dropped(tmp_path):
    """The student's scenario, from an unpacked bundle: `make run-notebooks` ran notebook 01, then the student typed
    an answer in Jupyter, saved, did not re-run, and ran `make submit` (not on a terminal, so nobody is asked). Is
    the answer in the zip (inline_answers.md and the notebook), with the run's outputs where the code is the same;
    once a code cell changed too, is the notebook packed as saved and does submit say so and what to run; and when
    the student says yes to the offer, is the notebook run and packed with its outputs and the answer?"""
    import subprocess
    import sys
    from grader.instructor.release import build_release
    from grader.notebook_runner import run_notebooks
    with zipfile.ZipFile(build_release(tmp_path / "student.zip").path) as zf:
        zf.extractall(tmp_path / "unpacked")
    bundle = tmp_path / "unpacked" / "convkit"
    name = "en/01_convolution.ipynb"
    for other in (bundle / "notebooks").glob("*/*.ipynb"):  # one notebook is the scenario; the rest only cost time
        if other.name != "01_convolution.ipynb":
            other.unlink()
    [result] = run_notebooks("assignment", root=bundle, notebooks=[name],
                             output_dir=bundle / "out" / "notebooks" / "assignment")
    assert result.output_path.exists()
    working = bundle / "notebooks" / name
    answer = "Each output sees a 7 x 7 window: three stacked 3 x 3 convolutions."

    def type_and_save(nb_edit):
        nb = nbformat.read(working, as_version=4)
        nb_edit(nb)
        nbformat.write(nb, working)
        later = result.output_path.stat().st_mtime + 60
        os.utime(working, (later, later))  # saved after the run, as in Jupyter

    def answer_q3(nb):
        cell = next(c for k, c in enumerate(nb.cells) if k and nb.cells[k - 1].source.startswith(
            "**Inline Question 3**"))
        cell.source = f"**Your answer:** {answer}"

    def submit():
        run = subprocess.run([sys.executable, "-m", "grader", "submit", "-o", "submission.zip", "--lang", "en"],
                             cwd=bundle, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        zf = zipfile.ZipFile(bundle / "submission.zip")
        return run.stdout, zf.read("inline_answers.md").decode(), nbformat.reads(zf.read(f"notebooks/{name}").decode(),
                                                                                as_version=4)

    type_and_save(answer_q3)
    printed, answers_md, packed = submit()
    assert answer in answers_md and "(1 of 3 Inline Questions answered)" in printed.replace("; ", " (")
    assert any(answer in c.source for c in packed.cells)
    assert any(c.get("outputs") for c in packed.cells if c.cell_type == "code"), "the run's outputs were lent"
    assert "outputs from the run in out/notebooks/assignment/en/01_convolution.ipynb" in printed

    type_and_save(lambda nb: nb.cells.insert(2, nbformat.v4.new_code_cell("print('my own experiment')")))
    printed, answers_md, packed = submit()
    assert answer in answers_md and any(answer in c.source for c in packed.cells)
    assert f"{name} was saved after its last run" in printed and "`make run-notebooks`" in printed
    assert not any(c.get("outputs") for c in packed.cells if c.cell_type == "code")

    asked = []
    result = collect_submission(tmp_path / "yes.zip", root=bundle, verbose=False,
                                ask=lambda question: asked.append(question) or True)
    assert asked and name in asked[0]
    packed = nbformat.reads(zipfile.ZipFile(result.path).read(f"notebooks/{name}").decode(), as_version=4)
    assert any(answer in c.source for c in packed.cells)
    experiment = next(c for c in packed.cells if c.cell_type == "code" and "my own experiment" in c.source)
    assert experiment.execution_count is not None and "my own experiment" in str(experiment.outputs)
    assert not any("saved after its last run" in w for w in result.warnings)
