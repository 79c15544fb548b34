"""The notebooks: generated in two languages from one source each, teaching enough, with Inline Questions, checks
that are `make check`'s and never compare a value with itself; run headless on the reference (figures kept, no
FAIL) and stopping politely on the stubs (one line naming the file and the function)."""
import ast
import base64
import contextlib
import io
import re
import sys
from pathlib import Path

import nbformat
import pytest

from grader.instructor.api import run_notebooks
from grader.notebook_runner import notebook_names
from notebooks.build import LANGS, build, cell_role, parse_source

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks" / "source").glob("*.txt"))
NAMES = [p.stem + ".ipynb" for p in SOURCES]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Calls whose second and third arguments are an (actual, desired) pair, and np.* comparisons of their first two.
PAIR_CALLS = {"check_value": (1, 2), "check_close": (1, 2), "rel_error": (0, 1), "allclose": (0, 1),
              "assert_allclose": (0, 1), "array_equal": (0, 1), "isclose": (0, 1)}


def read(lang, name):
    return nbformat.read(ROOT / "notebooks" / lang / name, as_version=4)


def code_cells(nb):
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_the_six_notebooks_are_numbered_in_lecture_order_in_both_languages():
    """Are there the six notebooks, numbered in lecture order, in English and in Chinese, and nothing else?"""
    assert NAMES == ["01_convolution.ipynb", "02_pooling_and_activations.ipynb", "03_networks_and_training.ipynb",
                     "04_what_the_network_learned.ipynb", "05_convolution_variants.ipynb",
                     "06_normalization_dropout_and_case_studies.ipynb"]
    for lang in LANGS:
        assert sorted(p.name for p in (ROOT / "notebooks" / lang).glob("*.ipynb")) == NAMES
    assert not list((ROOT / "notebooks").glob("*.ipynb")), "the old unnumbered notebooks must be gone"


def test_generated_notebooks_are_in_sync_with_their_sources():
    """Does `python -m notebooks.build --check` find every committed notebook identical to what its source gives?"""
    assert build(check=True) == [], "run `python -m notebooks.build`"


def test_build_check_detects_drift(tmp_path):
    """Is a hand edit of a generated notebook reported as drift (so the sync test can fail)?"""
    out = tmp_path / "nb"
    build(source_dir=ROOT / "notebooks" / "source", out_dir=out)
    assert build(check=True, source_dir=ROOT / "notebooks" / "source", out_dir=out) == []
    path = out / "zh" / NAMES[0]
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source += "\nedited by hand"
    nbformat.write(nb, path)
    assert build(check=True, source_dir=ROOT / "notebooks" / "source", out_dir=out) == [f"zh/{NAMES[0]}"]


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_share_their_code_cells(name):
    """Do the English and Chinese notebooks hold the same code cells, and different (translated) markdown?"""
    en, zh = read("en", name), read("zh", name)
    assert code_cells(en) == code_cells(zh) and code_cells(en)
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in zh.cells]
    md = [(a.source, b.source) for a, b in zip(en.cells, zh.cells) if a.cell_type == "markdown"]
    assert all(a != b for a, b in md), "a markdown cell is not translated"
    assert all(re.search(r"[\u4e00-\u9fff]", b) for _, b in md if not b.startswith("**Inline Question")), \
        "a Chinese markdown cell holds no Chinese"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_valid_and_stripped(name):
    """Is each notebook valid nbformat, with no outputs or execution counts committed?"""
    for lang in LANGS:
        nb = read(lang, name)
        nbformat.validate(nb)
        assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")


def test_teaching_text_is_at_least_40000_characters_per_language():
    """Do the notebooks carry at least 40,000 characters of markdown (teaching text) in each language?"""
    for lang in LANGS:
        total = sum(len(c.source) for name in NAMES for c in read(lang, name).cells if c.cell_type == "markdown")
        assert total >= 40000, (lang, total)


@pytest.mark.parametrize("name", NAMES)
def test_inline_questions_have_tagged_answer_cells(name):
    """Does each notebook ask at least one Inline Question, each followed by a tagged answer cell, numbered 1..n?"""
    for lang in LANGS:
        cells = read(lang, name).cells
        questions = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and "inline-question" in
                     c.metadata.get("tags", [])]
        assert questions, name
        numbers = [int(re.match(r"\*\*Inline Question (\d+)\*\*", cells[i].source).group(1)) for i in questions]
        assert numbers == list(range(1, len(numbers) + 1))
        for i in questions:
            assert "inline-answer" in cells[i + 1].metadata.get("tags", []), (lang, name, i)


@pytest.mark.parametrize("stem", ["01_convolution", "02_pooling_and_activations"])
def test_the_notebooks_state_the_tiling_contract_in_both_languages(stem):
    """Students read in the notebook, not only in the docstring, that every graded case fits and that asserting it
    costs nothing (issue 11)."""
    said = {"en": ("every graded case fits", "assert", "never scored"), "zh": ("所有评分用例都能整除", "assert", "永远不计分")}
    for lang, phrases in said.items():
        nb = read(lang, f"{stem}.ipynb")
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert all(p in text for p in phrases), f"{lang}/{stem}: the tiling contract is not stated ({phrases})"


def test_source_parser_rejects_a_cell_without_its_translation(tmp_path):
    """Does the builder refuse an English cell with no Chinese text after it, naming file:line?"""
    bad = tmp_path / "99_bad.txt"
    bad.write_text("@@ en\n# Title\n@@ code\nx = 1\n")
    with pytest.raises(ValueError, match="99_bad.txt:1"):
        parse_source(bad)
    assert cell_role("**Your answer:** x", "en") == "inline-answer"


def _pairs(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in PAIR_CALLS:
                i, j = PAIR_CALLS[name]
                if len(node.args) > j:
                    yield name, node.args[i], node.args[j]


def test_no_check_compares_a_value_with_itself():
    """Does no check in the notebooks or nbutils compare an expression with itself (the old `check(out, out)`)?"""
    sources = [c["source"] for p in SOURCES for c in parse_source(p) if c["type"] == "code"]
    sources.append((ROOT / "notebooks" / "nbutils.py").read_text())
    seen = 0
    for source in sources:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.startswith("%")))
        for name, a, b in _pairs(tree):
            seen += 1
            assert ast.dump(a) != ast.dump(b), f"{name}({ast.unparse(a)}, {ast.unparse(b)}) compares a value with itself"
    assert seen > 30  # the scan really sees the checks
    # and the scan would catch the old mistake
    assert any(ast.dump(a) == ast.dump(b) for _, a, b in _pairs(ast.parse("check_value('x', out, out)")))


def test_notebook_checks_name_graded_functions():
    """Does every `check("...")` in the notebooks name a function `make check` grades?"""
    from grader.functions import BY_NAME
    names = set()
    for source in SOURCES:
        for cell in parse_source(source):
            if cell["type"] == "code":
                names |= set(re.findall(r'(?<![\w.])check\(([^)]*)\)', cell["source"].replace("\n", " ")))
    functions = {f for group in names for f in re.findall(r'"(\w+)"', group)}
    assert functions and functions <= set(BY_NAME), functions - set(BY_NAME)
    assert {"conv_forward_naive", "conv_backward_naive", "max_pool_backward_naive", "softmax_loss"} <= functions
    assert {"dropout_forward", "batchnorm_backward_alt", "spatial_groupnorm_backward", "residual_block_backward",
            "network_summary"} <= functions, "issue 13's layers have their notebook section (06)"


@pytest.fixture
def kit_public_tests(monkeypatch):
    """The kit's public tests where a notebook's kernel finds them (as the kit's notebook runner sets it up)."""
    from grader.instructor.api import public_tests_folder
    from grader.public_tests import PUBLIC_TESTS_ENV
    monkeypatch.setenv(PUBLIC_TESTS_ENV, str(public_tests_folder()))


def test_notebook_check_names_the_pad_minus_pad_mistake(tmp_path, capsys, kit_public_tests):
    """With conv_backward_naive's pad:-pad slice, does the notebook's check print FAIL and the catalog's hint
    ("dx is empty when pad = 0"), as `make check` does?"""
    from grader.instructor.mistakes import make_submission
    package = make_submission("pad_minus_pad_slice", tmp_path / "assignment")
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import nbutils
        nbutils.check("conv_backward_naive", path=package)
    finally:
        sys.path.remove(str(ROOT / "notebooks"))
    printed = capsys.readouterr().out
    assert "FAIL  conv_backward_naive: dx matches the reference" in printed
    assert "dx is empty when pad = 0" in printed


def test_notebook_check_stops_with_one_line_on_a_stub(kit_public_tests):
    """On the stubs, does the notebook's check raise NotImplementedYet naming the file and the function?"""
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import nbutils
        with pytest.raises(nbutils.NotImplementedYet, match=r"softmax_loss .*not implemented yet.*assignment/layers.py"):
            with contextlib.redirect_stdout(io.StringIO()):
                nbutils.check("softmax_loss", path=ROOT / "assignment")
        with pytest.raises(nbutils.NotImplementedYet, match=r"assignment/conv_variants.py"):
            nbutils.check("dilated_conv_forward", path=ROOT / "assignment")
    finally:
        sys.path.remove(str(ROOT / "notebooks"))


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    text = "".join(o.get("text", "") for o in outputs)
    images = [o.data["image/png"] for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    return text, images


def _assert_reference_run(results, names):
    assert [r.name for r in results] == names
    for result in results:
        assert result.ok, f"{result.name}: {result.error}"
        text, images = _outputs(result.output_path)
        assert "PASS" in text and "FAIL" not in text, result.name
        assert images, f"{result.name} kept no figure"
        assert base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"


# The default run skips the two notebooks that train a network (03, 04: about a minute together); the slow test
# below runs all twelve.
QUICK = [f"en/{n}" for n in NAMES if not n.startswith(("03", "04"))] + [f"zh/{NAMES[0]}"]
STOP_RUN = [f"en/{n}" for n in NAMES] + [f"zh/{NAMES[0]}"]


def test_notebooks_run_on_the_reference_with_figures_and_no_fail(tmp_path):
    """Do the English notebooks 01, 02, 05, 06 and the Chinese 01 run top to bottom on the reference, every check
    printing PASS and none FAIL, with their figures kept as image/png outputs?"""
    results = run_notebooks("solutions", root=ROOT, notebooks=QUICK, output_dir=tmp_path, timeout=300)
    _assert_reference_run(results, QUICK)
    zh_text, _ = _outputs(tmp_path / "zh" / NAMES[0])
    assert "相对误差" in zh_text, "the Chinese notebook prints its checks in Chinese"


@pytest.mark.slow
def test_all_notebooks_in_both_languages_run_on_the_reference(tmp_path):
    """Do all twelve notebooks (training included) run on the reference with no FAIL and with figures?"""
    results = run_notebooks("solutions", root=ROOT, output_dir=tmp_path, timeout=600)
    _assert_reference_run(results, notebook_names(ROOT))


def _assert_stops_politely(results):
    for result in results:
        assert not result.ok and "not implemented yet" in result.error, (result.name, result.error)
        assert "assignment/" in result.error, result.error
        nb = nbformat.read(result.output_path, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert len(errors) == 1
        traceback = ANSI.sub("", "\n".join(errors[0].traceback))
        assert len(traceback.splitlines()) <= 3, traceback


def test_notebooks_stop_politely_on_the_stubs(tmp_path):
    """On the stubs, does each English notebook (and the Chinese 01) stop at its first check with one short
    'not implemented yet' line naming the file to fill in?"""
    _assert_stops_politely(run_notebooks("assignment", root=ROOT, notebooks=STOP_RUN, output_dir=tmp_path,
                                         timeout=300))


@pytest.mark.slow
def test_all_notebooks_stop_politely_on_the_stubs(tmp_path):
    """The same on all twelve notebooks."""
    _assert_stops_politely(run_notebooks("assignment", root=ROOT, output_dir=tmp_path, timeout=300))
