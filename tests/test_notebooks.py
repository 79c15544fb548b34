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
from notebooks.build import LANGS, WORDS, build, cell_role, localise, parse_source
from tests.no_english import english_sentences

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


def test_the_seven_notebooks_are_numbered_in_lecture_order_in_both_languages():
    """Are there the seven notebooks (00, before CNNs, then 01 to 06), numbered in lecture order, in English and in
    Chinese, and nothing else?"""
    assert NAMES == ["00_before_cnns.ipynb", "01_convolution.ipynb", "02_pooling_and_activations.ipynb", "03_networks_and_training.ipynb",
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


def code_shape(source: str) -> str:
    """A code cell's syntax tree with the words a student reads (string constants) blanked out."""
    class Blank(ast.NodeTransformer):
        def visit_Constant(self, node):
            return ast.Constant("") if isinstance(node.value, str) else node

        def visit_JoinedStr(self, node):  # an f-string: keep the expressions it formats, in a fixed order
            values = sorted((self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)), key=ast.dump)
            return ast.JoinedStr(values)
    return ast.dump(Blank().visit(ast.parse(without_magics(source))))


def without_magics(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.startswith("%"))


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_share_their_code_cells(name):
    """Do the English and Chinese notebooks hold the same code cells but for the words a student reads (each
    notebook its half of «English»«中文»), and different (translated) markdown?"""
    en, zh = read("en", name), read("zh", name)
    assert code_cells(en) and len(code_cells(en)) == len(code_cells(zh))
    assert [code_shape(a) for a in code_cells(en)] == [code_shape(b) for b in code_cells(zh)]
    assert not any("«" in c or "»" in c for c in code_cells(en) + code_cells(zh))
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in zh.cells]
    md = [(a.source, b.source) for a, b in zip(en.cells, zh.cells) if a.cell_type == "markdown"]
    assert all(a != b for a, b in md), "a markdown cell is not translated"
    assert all(re.search(r"[\u4e00-\u9fff]", b) for _, b in md if not b.startswith("**Inline Question")), \
        "a Chinese markdown cell holds no Chinese"


def test_code_words_are_split_per_language_and_a_lone_guillemet_is_refused(tmp_path):
    """Does «English»«中文» give each notebook its own half, and is a « without its pair refused with file:line?"""
    code = 'print("«loss»«损失»", x)  # «a»«b» twice on a line'
    assert localise(code, "en") == 'print("loss", x)  # a twice on a line'
    assert localise(code, "zh") == 'print("损失", x)  # b twice on a line'
    bad = tmp_path / "98_bad.txt"
    bad.write_text('@@ code\nx = 1\nprint("«loss»")\n')
    with pytest.raises(ValueError, match="98_bad.txt:3"):
        parse_source(bad)


# Calls and keywords whose strings a student sees in a figure or a printed line.
SHOWN_CALLS = {"print", "check_value", "check_claim", "set_title", "title", "suptitle", "xlabel", "ylabel",
               "set_xlabel", "set_ylabel", "set_yticklabels", "text", "show_grid", "plot", "semilogx", "legend"}
SHOWN_KEYWORDS = {"label", "title", "xlabel", "ylabel"}


def shown_strings(source: str) -> list[str]:
    """The literal text of the strings a code cell shows: arguments of print, the checks, titles, labels, legends,
    the grids' titles, and the keys of dicts whose names become titles (e.g. the kernels of notebook 01)."""
    tree = ast.parse(without_magics(source))
    nodes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SHOWN_CALLS:
                nodes += node.args
            nodes += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        elif isinstance(node, ast.Dict):  # keys that read as names ("box blur"), not parameters ("stride")
            nodes += [k for k in node.keys if not (isinstance(k, ast.Constant) and str(k.value).isidentifier())]
        elif isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[0], (ast.Constant, ast.JoinedStr)):
            nodes.append(node.elts[0])  # ("name", value) pairs that become labels
    texts = []

    def collect(node):  # the strings of an argument, not those it passes on to other calls (np.einsum's spec)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
        elif isinstance(node, (ast.JoinedStr, ast.List, ast.Tuple, ast.BinOp, ast.IfExp, ast.ListComp,
                               ast.FormattedValue)):
            for child in ast.iter_child_nodes(node):
                collect(child)
    for node in nodes:
        collect(node)
    return texts


# Names and symbols a Chinese figure keeps in Latin letters (layers, networks, functions of the course).
LATIN_NAMES = {"Sobel", "ReLU", "relu", "sigmoid", "tanh", "alpha", "gamma", "beta", "onehot", "LeNet", "AlexNet",
               "GoogLeNet", "ResNet", "conv", "pool", "dscores", "maxout", "softmax", "epoch"}


def untranslated(text: str) -> bool:
    """Is this string, meant for a Chinese reader, English: a sentence, or an English word with no Chinese?"""
    text = re.sub(r"\{[^{}]*\}|\b[A-Z]\w*Error\b", " ", text)  # f-string fields, exception names
    if english_sentences(text):
        return True
    words = [w for w in re.findall(r"[A-Za-z]{4,}", text) if w not in LATIN_NAMES]
    return bool(words) and not re.search(r"[\u4e00-\u9fff]", text)


@pytest.mark.parametrize("name", NAMES)
def test_what_the_chinese_code_cells_show_is_chinese(name):
    """Do the zh notebooks' titles, axis labels, legends and printed lines hold no English sentence, and the en
    ones no Chinese (the figures and PASS/FAIL lines of issue 21, item 8)?"""
    seen = 0
    for name in [name]:
        for lang in LANGS:
            for source in code_cells(read(lang, name)):
                for text in shown_strings(source):
                    seen += 1
                    if lang == "zh":
                        assert not untranslated(text), (name, text)
                    else:
                        assert not re.search(r"[\u4e00-\u9fff]", text), (name, text)
    assert seen > 10  # the scan sees the strings
    assert untranslated("weight initialisation scale (std)") and untranslated("accuracy"), "the scan catches English"
    assert not untranslated("{name} 与数值梯度") and not untranslated("sigmoid'(0) = 1/4")


def test_chinese_text_uses_one_word_for_stride_and_full_width_brackets():
    """Is the stride 步长 everywhere in the zh notebooks (never 步幅), is "能整除" gone (a filter does not
    divide), and are the zh markdown's parentheses full-width next to Chinese text?"""
    cjk = r"[\u4e00-\u9fff，。：；？！“”]"
    for source in SOURCES:
        for cell in parse_source(source):
            if cell["type"] != "markdown":
                continue
            text = cell["zh"]
            assert "步幅" not in text and "能整除" not in text, (source.name, text[:80])
            prose = re.sub(r"`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", "", text, flags=re.S)
            assert not re.search(rf"(?<={cjk})[(),;:?!]|[(),;:?!](?={cjk})", prose), (source.name, cell["line"])


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
    said = {"en": ("every graded case fits", "assert", "never scored"), "zh": ("所有评分用例都恰好铺满", "assert", "永远不计分")}
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
    sources = [localise(c["source"], "en") for p in SOURCES for c in parse_source(p) if c["type"] == "code"]
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
    assert {"perceptron_step", "perceptron_train"} <= functions, "the perceptron has its notebook (00)"


def test_a_chinese_figure_draws_every_glyph_of_the_zh_notebooks():
    """With the font nbutils picks, does a figure holding every title, label and printed word of the zh notebooks
    draw without matplotlib's "Glyph ... missing" warning (boxes instead of characters)? And without a Chinese font,
    does the same figure warn (so that this test can fail)?"""
    import warnings

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import nbutils
    finally:
        sys.path.remove(str(ROOT / "notebooks"))
    words = sorted({t for name in NAMES for source in code_cells(read("zh", name)) for t in shown_strings(source)
                    if re.search(r"[\u4e00-\u9fff]", t)})
    words += [nbutils._WORDS[key]["zh"] for key in ("PASS", "FAIL", "difference", "abs_difference", "hint")]
    assert len(words) > 100

    def missing_glyphs():
        fig = Figure(figsize=(8, len(words) * 0.12))
        ax = fig.subplots()
        ax.set_title(words[0]); ax.set_xlabel(words[1]); ax.set_ylabel(words[2])
        for i, text in enumerate(words):
            ax.text(0, i, text)
        ax.set_ylim(0, len(words))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            FigureCanvasAgg(fig).draw()
        return [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]

    with matplotlib.rc_context():
        font = nbutils.use_cjk_font(quiet=True)
        assert font, "no Chinese font on this machine: `make setup` installs fonts-noto-cjk where apt can"
        assert missing_glyphs() == [], font
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        assert missing_glyphs(), "without a Chinese font the figure must warn"


def test_no_chinese_font_gives_one_line_and_no_error(monkeypatch, capsys):
    """On a machine without any Chinese font, does nbutils say so in one line (in the zh notebook) and go on?"""
    from matplotlib import font_manager
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import nbutils
    finally:
        sys.path.remove(str(ROOT / "notebooks"))
    monkeypatch.setattr(nbutils, "LANG", "zh")
    monkeypatch.setattr(nbutils, "CJK_FONTS", ("No Such Font SC",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    assert nbutils.use_cjk_font() is None
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1 and "fonts-noto-cjk" in printed and "没有找到中文字体" in printed


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


def test_needs_says_when_a_function_another_section_teaches_is_wrong(tmp_path, capsys, kit_public_tests):
    """Before an experiment that calls a function another notebook teaches, does ``needs`` print one note naming
    the function when it fails its public checks, and nothing when it passes?"""
    from grader.instructor.mistakes import make_submission
    package = make_submission("pad_minus_pad_slice", tmp_path / "assignment")
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import nbutils
        wrong = nbutils.needs("conv_forward_naive", "conv_backward_naive", path=package)
        said_wrong = capsys.readouterr().out
        right = nbutils.needs("conv_forward_naive", path=package)
        said_right = capsys.readouterr().out
    finally:
        sys.path.remove(str(ROOT / "notebooks"))
    assert not wrong and right
    assert said_wrong.startswith("note: this cell uses your conv_backward_naive, which do not pass")
    assert "conv_forward_naive" not in said_wrong and 'check("conv_backward_naive")' in said_wrong
    assert said_right == ""


def test_an_experiment_on_a_function_not_written_yet_stops_with_its_name(tmp_path):
    """Notebook 06 trains with ``optim.adam`` (notebook 03's). With every layer right but ``adam`` still the stub,
    does it stop at that experiment with one line naming adam and assignment/optim.py (not a TypeError about
    'float' and 'NoneType'), in both languages, after every check above it printed PASS?"""
    import shutil
    package = tmp_path / "package"
    shutil.copytree(ROOT / "solutions", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "assignment" / "optim.py", package / "optim.py")
    names = [f"{lang}/06_normalization_dropout_and_case_studies.ipynb" for lang in LANGS]
    results = run_notebooks("assignment", root=ROOT, notebooks=names, output_dir=tmp_path / "out", timeout=300,
                            package_dir=package)
    for result in results:
        lang = result.name.split("/")[0]
        assert not result.ok and "adam" in result.error and "assignment/optim.py" in result.error, result.error
        assert {"en": "this cell uses your adam", "zh": "这个单元格要用到你的 adam"}[lang] in result.error
        text, _ = _outputs(result.output_path)
        assert VERDICTS[lang][0] in text and VERDICTS[lang][1] not in text


def test_an_error_inside_your_code_names_your_file_and_line_above_its_one_line(tmp_path):
    """Notebook errors are one line (IPython's Minimal mode). When the error was raised inside the student's own
    code, is the file, line and function where it left that code printed above it (with the line itself), in both
    languages, and does the notebook still stop there with a single error?"""
    import shutil
    package = tmp_path / "package"
    shutil.copytree(ROOT / "solutions", package, ignore=shutil.ignore_patterns("__pycache__"))
    layers = package / "layers.py"
    source = layers.read_text()
    layers.write_text(source.replace("    out = np.maximum(0, x)\n", "    width = x.shape[3]\n    out = np.maximum(0, x)\n", 1))
    line = layers.read_text().splitlines().index("    width = x.shape[3]") + 1
    names = [f"{lang}/06_normalization_dropout_and_case_studies.ipynb" for lang in LANGS]
    results = run_notebooks("assignment", root=ROOT, notebooks=names, output_dir=tmp_path / "out", timeout=300,
                            package_dir=package)
    said = {"en": f"in your code: assignment/layers.py:{line}, in relu_forward\n    width = x.shape[3]",
            "zh": f"出错位置（你的代码）：assignment/layers.py:{line}，在 relu_forward 中\n    width = x.shape[3]"}
    for result in results:
        lang = result.name.split("/")[0]
        assert not result.ok and result.error.startswith("IndexError"), result.error
        text, _ = _outputs(result.output_path)
        assert said[lang] in text, text[-600:]
        nb = nbformat.read(result.output_path, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert len(errors) == 1 and len(ANSI.sub("", "\n".join(errors[0].traceback)).splitlines()) <= 3


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
    text += "".join(o.data.get("text/plain", "") + "\n" for o in outputs if o.output_type == "execute_result")
    images = [o.data["image/png"] for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    return text, images


# What a passed and a failed check print, per language (nbutils.verdict).
VERDICTS = {"en": ("PASS", "FAIL"), "zh": ("通过", "未通过")}


def _assert_reference_run(results, names):
    assert [r.name for r in results] == names
    for result in results:
        assert result.ok, f"{result.name}: {result.error}"
        text, images = _outputs(result.output_path)
        lang = result.name.split("/")[0]
        passed, failed = VERDICTS[lang]
        assert failed not in text and "FAIL" not in text and passed in text, result.name
        if lang == "zh":
            assert "PASS" not in text and english_sentences(text) == [], (result.name, english_sentences(text))
        assert "Exception reporting mode" not in text and "Report(" not in text and "True" not in text.split()
        assert images, f"{result.name} kept no figure"
        assert base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"


# The default run skips the two notebooks that train a network (03, 04: about a minute together); the slow test
# below runs all fourteen. Chinese: 01 (the first with layers) and 00 (the new one, seconds).
FIRST, BEFORE = "01_convolution.ipynb", "00_before_cnns.ipynb"
QUICK = [f"en/{n}" for n in NAMES if not n.startswith(("03", "04"))] + [f"zh/{BEFORE}", f"zh/{FIRST}"]
STOP_RUN = [f"en/{n}" for n in NAMES] + [f"zh/{FIRST}"]


def test_notebooks_run_on_the_reference_with_figures_and_no_fail(tmp_path):
    """Do the English notebooks 00, 01, 02, 05, 06 and the Chinese 00 and 01 run top to bottom on the reference,
    every check printing PASS and none FAIL, with their figures kept as image/png outputs?"""
    results = run_notebooks("solutions", root=ROOT, notebooks=QUICK, output_dir=tmp_path, timeout=300)
    _assert_reference_run(results, QUICK)
    zh_text, _ = _outputs(tmp_path / "zh" / FIRST)
    assert "相对误差" in zh_text, "the Chinese notebook prints its checks in Chinese"
    en_text, _ = _outputs(tmp_path / "en" / FIRST)
    # notebook 01's worked backward example: the corners of YOUR dx, read off your numbers (issue 21, item 1)
    assert "dx, top left: 0 = w[0, 0]" in en_text and "dx, bottom right: 3 = w[1, 1]" in en_text
    assert "dx 的右下角：3 = w[1, 1]" in zh_text
    # issue 22's worked examples, checked where the kit teaches them by the student's own functions
    for name, said in [(BEFORE, "the deck's 320 x 240 -> 40 x 30 cells x 9 bins = 10,800 numbers: relative error"),
                       (BEFORE, "PASS  perceptron_train: w and b separate the training examples"),
                       (FIRST, "emboss, against numpy's sliding windows: relative error"),
                       ("02_pooling_and_activations.ipynb", "the deck's max pool: [[3, 5], [8, 4]]: relative error"),
                       ("02_pooling_and_activations.ipynb", "the deck's backward, dout [[-1, 4], [3, 2]]: relative error"),
                       ("02_pooling_and_activations.ipynb", "ReLU gate, w2 = -6: gradients: relative error")]:
        assert said in _outputs(tmp_path / "en" / name)[0], (name, said)
    assert "课件：320 x 240 -> 40 x 30 个单元格 x 9 个区间 = 10,800 个数：相对误差" in _outputs(tmp_path / "zh" / BEFORE)[0]


@pytest.mark.slow
def test_all_notebooks_in_both_languages_run_on_the_reference(tmp_path):
    """Do all fourteen notebooks (training included) run on the reference with no FAIL and with figures?"""
    results = run_notebooks("solutions", root=ROOT, output_dir=tmp_path, timeout=600)
    _assert_reference_run(results, notebook_names(ROOT))


NOT_YET = {"en": "not implemented yet", "zh": "尚未实现"}


def _assert_stops_politely(results):
    for result in results:
        said = NOT_YET[result.name.split("/")[0]]
        assert not result.ok and said in result.error, (result.name, result.error)
        assert "assignment/" in result.error, result.error
        nb = nbformat.read(result.output_path, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert len(errors) == 1
        traceback = ANSI.sub("", "\n".join(errors[0].traceback))
        assert len(traceback.splitlines()) <= 3, traceback


def test_notebooks_stop_politely_on_the_stubs(tmp_path, capfd):
    """On the stubs, does each English notebook (and the Chinese 01) stop at its first check with one short
    'not implemented yet' line naming the file to fill in? Does the runner report each notebook as it starts and
    as it ends, and do its kernels keep quiet about running "over TCP without encryption"?"""
    events = []
    results = run_notebooks("assignment", root=ROOT, notebooks=STOP_RUN, output_dir=tmp_path, timeout=300,
                            progress=lambda name, result: events.append((name, result is None)))
    _assert_stops_politely(results)
    assert events == [(name, started) for name in STOP_RUN for started in (True, False)]
    assert "without encryption" not in capfd.readouterr().err


@pytest.mark.slow
def test_all_notebooks_stop_politely_on_the_stubs(tmp_path):
    """The same on all fourteen notebooks."""
    _assert_stops_politely(run_notebooks("assignment", root=ROOT, output_dir=tmp_path, timeout=300))
