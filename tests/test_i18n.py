"""Words in two languages: is every message in the one table in both languages, does a zh report hold no English
sentence for a spread of submissions, and do the representative messages still read as pinned (golden files)?

Golden files live in tests/golden/<lang>/<name>.txt. After an intended change of wording, refresh them with
``CONVKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_i18n.py`` and review the diff before committing.
"""
from __future__ import annotations

import html
import json
import os
import re
import string
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from grader.compare import compare_arrays
from grader.i18n import MESSAGES, render, translate
from grader.instructor.reference import ROOT, copy_reference
from tests.hostile import make_hostile
from grader.instructor.grading import grade
from grader.instructor.mistakes import CATALOG, mutated_source
from grader.sandbox import Limits, describe
from grader.writers.gradescope import results_json
from grader.writers.html import render_html
from grader.writers.report_json import write_report_json
from tests.no_english import english_sentences

SEED = 4242
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CONVKIT_UPDATE_GOLDEN") == "1"
FUNCTIONS = ["relu_forward", "conv_forward_naive", "conv_backward_naive", "softmax_loss", "sgd"]
MISTAKE = next(m for m in CATALOG if m.name == "forgotten_bias")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_fields():
    """Does each message of the table have an en and a zh text, the zh one asking for no field the en one lacks?
    (Chinese may leave one out: an English plural's ``{s}``, or a detail the sentence does without.)"""
    for key, entry in MESSAGES.items():
        assert entry.get("en") and entry.get("zh"), key
        assert _fields(entry["zh"]) <= _fields(entry["en"]), key


# ---------------------------------------------------------------------------------------------------------------
# The spread of submissions, each graded in both languages (in parallel: the timeout alone takes its full time).

def _mistake(dest: Path) -> Path:
    copy_reference(dest)
    (dest / MISTAKE.file).write_text(mutated_source(MISTAKE))
    return dest


def _missing_file(dest: Path) -> Path:
    copy_reference(dest)
    (dest / "optim.py").unlink()
    return dest


def _prints(dest: Path) -> Path:
    copy_reference(dest)
    path = dest / "layers.py"
    path.write_text(path.read_text().replace("    out = np.maximum(0, x)", "    print('x' * 3_000_000)\n"
                                             "    out = np.maximum(0, x)", 1))
    return dest


def _notebook(dest: Path) -> Path:
    source = (ROOT / "solutions" / "layers.py").read_text()
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None,
              "id": "one"},
             {"cell_type": "code", "metadata": {}, "source": "def broken(:\n    pass", "outputs": [],
              "execution_count": None, "id": "two"}]
    dest.parent.mkdir(parents=True, exist_ok=True)
    path = dest.with_suffix(".ipynb")
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def _zip_with_symlink(dest: Path) -> Path:
    path = dest.with_suffix(".zip")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for file in sorted((ROOT / "solutions").rglob("*.py")):
            rel = file.relative_to(ROOT / "solutions").as_posix()
            if rel == "optim.py":
                link = zipfile.ZipInfo(rel)
                link.external_attr = 0o120777 << 16
                zf.writestr(link, "/etc/passwd")
            else:
                zf.write(file, rel)
    return path


def _folder_with_symlink(dest: Path) -> Path:
    copy_reference(dest)
    (dest / "optim.py").unlink()
    (dest / "optim.py").symlink_to(ROOT / "solutions" / "optim.py")
    return dest


SUBMISSIONS = {
    "stubs": lambda dest: ROOT / "assignment",
    "reference": lambda dest: ROOT / "solutions",
    "mistake": _mistake,
    "syntax_error": lambda dest: make_hostile("syntax_error", dest),
    "raises": lambda dest: make_hostile("raises", dest),
    "returns_nan": lambda dest: make_hostile("returns_nan", dest),
    "returns_list": lambda dest: make_hostile("returns_list", dest),
    "missing_file": _missing_file,
    "prints": _prints,
    "infinite_loop": lambda dest: make_hostile("infinite_loop", dest),
    "notebook": _notebook,
    "zip_with_symlink": _zip_with_symlink,
    "folder_with_symlink": _folder_with_symlink,
}


def _grade(args):
    name, path, lang = args
    return name, lang, grade(path, seed=SEED, functions=FUNCTIONS, lang=lang,
                             limits=Limits(timeout=3, printed_kb=64))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """(submission, lang) -> its Report worded in ``lang``, for every submission of the spread in en and zh: one
    grading per submission (``--lang zh,en``), worded once per language."""
    base = tmp_path_factory.mktemp("i18n")
    paths = {name: make(base / name) for name, make in SUBMISSIONS.items()}
    jobs = [(name, str(path), "zh,en") for name, path in paths.items()]
    with ProcessPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
        unworded = {name: report for name, _, report in pool.map(_grade, jobs)}
    graded = {(name, lang): report.worded(lang) for name, report in unworded.items() for lang in ("en", "zh")}
    graded.update({(name, "zh,en"): report for name, report in unworded.items()})  # the grading itself
    for report in graded.values():  # the temporary folder's name is no part of what is pinned
        report.submission = Path(report.submission).name
    return graded


def _terminal_text(report) -> str:
    from rich.console import Console
    from grader.writers.terminal import render_table
    console = Console(record=True, width=400, file=open(os.devnull, "w"))
    render_table(report, console)
    return console.export_text()


def _html_text(report) -> str:
    page = re.sub(r"<style>.*?</style>", "", render_html(report), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def _report_json_text(report, tmp_path) -> str:
    write_report_json(report, tmp_path / "report.json")
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    words = list(data["errors"]) + list(data["notes"]) + [data["sandbox"]]
    for check in data["checks"]:
        words += [check["label"], check["status_label"], check["message"], check["hint"]]
    return "\n".join(words)


def _results_json_text(report) -> str:
    data = results_json(report)
    return "\n".join([data["output"]] + [test["output"] for test in data["tests"]])


def zh_report_texts(report, tmp_path) -> dict[str, str]:
    """What a student reads of a report, per format: the terminal, report.html, report.json's words and
    results.json's outputs."""
    return {"terminal": _terminal_text(report), "report.html": _html_text(report),
            "report.json": _report_json_text(report, tmp_path), "results.json": _results_json_text(report)}


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_a_zh_report_holds_no_english_sentence(reports, name, tmp_path):
    """Does every format of the zh report of this submission read without an English sentence?"""
    report = reports[name, "zh"]
    assert report.checks
    for fmt, text in zh_report_texts(report, tmp_path).items():
        assert english_sentences(text) == [], f"{fmt} of {name}"


def test_the_scan_finds_an_english_message_left_in_zh(monkeypatch, tmp_path):
    """Would a zh message put back in English be caught (the scan is not blind)?"""
    desired = np.arange(12.0).reshape(3, 4)
    assert english_sentences(render(compare_arrays(desired + 1, desired, "dx").message, "zh")) == []
    monkeypatch.setitem(MESSAGES["cmp_mismatched"], "zh", MESSAGES["cmp_mismatched"]["en"])
    assert english_sentences(render(compare_arrays(desired + 1, desired, "dx").message, "zh"))
    assert english_sentences("conv_forward_naive 未在 20 秒内完成, it was stopped")
    assert english_sentences("提示：the bias is missing")
    assert not english_sentences("位置 layers.py:394 in conv_forward_naive：raise ValueError(\"oops \" + str(x))")
    # a frame in numpy's compiled code is a frame too; an English word after it is still English
    assert not english_sentences("位置 _common.pyx:654 in numpy.random._common.cont <- mtrand.pyx:1200 in numpy.random.mtrand.RandomState.randn")
    assert english_sentences("位置 mtrand.pyx:1200 in randn，the shape is wrong")
    # every zh message's code stays in backticks (set O: `from .fast_layers import ...` in bare parentheses)
    assert not english_sentences(MESSAGES["rule_missing_module"]["zh"])


def test_the_scan_reads_the_spread_in_english_as_english(reports, tmp_path):
    """Is the same scan, run over the en report of a failing submission, full of English (as it should be)?"""
    assert len(english_sentences(zh_report_texts(reports["mistake", "en"], tmp_path)["terminal"])) > 3


# ---------------------------------------------------------------------------------------------------------------
# Golden files: representative messages, rendered in both languages.

def _placeholders(text: str) -> str:
    """Line numbers of the kit's own files move with every edit of solutions/: they are not what is pinned."""
    text = re.sub(r"(\w+\.py):\d+", r"\1:<line>", text)
    text = re.sub(r"line \d+|第 \d+ 行", lambda m: "line <n>" if m.group(0).startswith("line") else "第 <n> 行", text)
    return text


def _check(report, function: str, failing: bool = True):
    return next(c for c in report.checks if c.function == function and (c.score < c.max_score or not failing))


def _golden_texts(reports, lang: str) -> dict[str, str]:
    def both(check):
        return "\n".join(part for part in (check.hint, check.message) if part)
    desired = np.random.default_rng(0).standard_normal((2, 3))
    actual = desired.copy()
    actual[1, 2] += 0.5
    return {
        "failing_comparison": render(compare_arrays(actual, desired, "dx").message, lang),
        "hidden_failing_comparison": _check(reports["mistake", lang], "conv_forward_naive").message,
        "mistake_hint": _check(reports["mistake", lang], "conv_forward_naive").hint,
        "exception": both(_check(reports["raises", lang], "conv_forward_naive")),
        "not_finite": _check(reports["returns_nan", lang], "conv_forward_naive").message,
        "timeout": _check(reports["infinite_loop", lang], "conv_forward_naive").message,
        "not_implemented": _check(reports["stubs", lang], "conv_forward_naive").message,
        "syntax_error": "\n".join(reports["syntax_error", lang].errors),
        "tiers": "\n".join(describe(tier, lang) for tier in ("bubblewrap", "uid", "rlimits")),
        "notes_missing_file": "\n".join(reports["missing_file", lang].notes),
        "notes_notebook": "\n".join(reports["notebook", lang].notes),
        "notes_symlinks": "\n".join(reports["zip_with_symlink", lang].notes
                                    + reports["folder_with_symlink", lang].errors),
        "printed": "\n".join(reports["prints", lang].errors),
        "results_json_summary": results_json(reports["mistake", lang])["output"].replace(
            reports["mistake", lang].sandbox, "<the sandbox tier of this machine>"),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_messages(reports, lang):
    """Do the representative messages read, in each language, exactly as pinned in tests/golden/?"""
    folder = GOLDEN / lang
    rendered = {name: _placeholders(text).rstrip() + "\n" for name, text in _golden_texts(reports, lang).items()}
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in rendered.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    missing = [name for name in rendered if not (folder / f"{name}.txt").exists()]
    assert not missing, f"no golden file for {missing}: run with CONVKIT_UPDATE_GOLDEN=1 and review the diff"
    for name, text in rendered.items():
        assert text == (folder / f"{name}.txt").read_text(encoding="utf-8"), (
            f"{lang}/{name}.txt differs (after an intended change: CONVKIT_UPDATE_GOLDEN=1, then review the diff)")
    assert {p.stem for p in folder.glob("*.txt")} == set(rendered), "a golden file no test renders"


# ---------------------------------------------------------------------------------------------------------------
# --lang zh,en: one grading, both languages.

def _graded_by_cli(monkeypatch, capsys, submission, outdir, lang: str) -> tuple[int, str]:
    """(jobs sent to the sandboxed worker, what the terminal showed) for ``grade SUBMISSION --lang LANG``."""
    from grader.instructor.cli import main
    from grader.sandbox import WorkerSession
    jobs = []
    real_run = WorkerSession.run

    def counting_run(self, number, *args, **kwargs):
        jobs.append(number)
        return real_run(self, number, *args, **kwargs)

    monkeypatch.setattr(WorkerSession, "run", counting_run)
    assert main(["grade", str(submission), "-o", str(outdir), "--seed", "3", "--lang", lang,
                 "--functions", "conv_forward_naive", "relu_forward"]) == 0
    return len(jobs), capsys.readouterr().out


def test_both_languages_come_from_one_grading(monkeypatch, capsys, tmp_path):
    """Does `grade --lang zh,en` send the worker exactly the jobs of a one-language grading, and still show the
    terminal, results.json and report.html in both languages, Chinese first?"""
    from grader.instructor.mistakes import BY_NAME, make_submission
    submission = make_submission(BY_NAME["forgotten_bias"], tmp_path / "bias")
    one, _ = _graded_by_cli(monkeypatch, capsys, submission, tmp_path / "en", "en")
    both, shown = _graded_by_cli(monkeypatch, capsys, submission, tmp_path / "both", "zh,en")
    assert one > 0 and both == one
    zh_hint, en_hint = BY_NAME["forgotten_bias"].zh, BY_NAME["forgotten_bias"].en
    assert 0 <= shown.index(zh_hint) < shown.index(en_hint)
    results = json.loads((tmp_path / "both" / "results.json").read_text(encoding="utf-8"))
    assert 0 <= results["output"].index(zh_hint) < results["output"].index(en_hint)
    failing = next(t for t in results["tests"] if t["name"] == "conv_forward_naive: out matches the reference")
    assert 0 <= failing["output"].index(zh_hint) < failing["output"].index(en_hint)
    zh_page = (tmp_path / "both" / "report.html").read_text(encoding="utf-8")
    en_page = (tmp_path / "both" / "report.en.html").read_text(encoding="utf-8")
    assert zh_hint in zh_page and en_hint not in zh_page and "report.en.html" in zh_page
    assert en_hint in en_page and zh_hint not in en_page and "href='report.html'" in en_page
    assert english_sentences(html.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"<style>.*?</style>", "", zh_page,
                                                                             flags=re.S)))) == []


def test_report_json_keeps_the_codes_and_words_them_again(reports, tmp_path):
    """Does report.json keep each sentence's message key and fields beside its wording in the first language, so
    that a report read back is worded in either language exactly as the grading itself would be?"""
    from grader.model import Report
    original = reports["mistake", "zh,en"]
    path = tmp_path / "report.json"
    write_report_json(original, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["lang"] == "zh" and data["langs"] == ["zh", "en"]
    k, check = next((k, c) for k, c in enumerate(data["checks"])
                    if c["function"] == "conv_forward_naive" and c["score"] < c["max_score"])
    assert check["codes"]["hint"]["key"].startswith("mistake_")
    assert check["hint"] == reports["mistake", "zh"].checks[k].hint
    back = Report.from_dict(data)
    for lang in ("en", "zh"):
        again, fresh = back.worded(lang), original.worded(lang)
        assert [(c.message, c.hint) for c in again.checks] == [(c.message, c.hint) for c in fresh.checks]
        assert (again.errors, again.notes, again.sandbox) == (fresh.errors, fresh.notes, fresh.sandbox)


JUDGING = ["grader/scoring.py", "grader/compare.py", "grader/grading.py", "grader/dependants.py",
           "grader/exception_rules.py", "grader/layer_patterns.py", "grader/dx_terms.py", "grader/probing.py",
           "grader/localise.py",
           "grader/fastcheck.py", "grader/public_tests.py", "grader/instructor/diagnosis.py",
           "grader/instructor/grading.py", "grader/instructor/mistakes.py"]


@pytest.mark.parametrize("path", JUDGING)
def test_judging_words_nothing(path):
    """Does the judging code (and the catalog's and the exception rules' storage) hold no sentence of its own in
    Chinese and call no translate(), so that every sentence has its en and zh in MESSAGES alone and is worded by the
    writers, once per language?"""
    import ast
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    calls = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)
             and getattr(n.func, "id", getattr(n.func, "attr", "")) == "translate"]
    chinese = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and re.search(r"[\u4e00-\u9fff]", n.value)]
    assert calls == [] and chinese == [], f"{path}: translate() at {calls}, Chinese text at {chinese}"


def test_every_catalog_and_rule_hint_is_a_message():
    """Is the hint of every catalog mistake and every exception rule a key of MESSAGES with both languages?"""
    from grader.exception_rules import RULES
    for entry in list(CATALOG) + list(RULES):
        key = entry.hint().key
        assert key in MESSAGES and MESSAGES[key]["en"] and MESSAGES[key]["zh"], entry.name


@pytest.mark.parametrize("why", ["cgroup v2 lacks pids+memory", "no cgroup v2", "cgroup v2 not readable", "EPERM",
                                 "no_new_privs_EPERM", "ENOSYS", "darwin", "no resource module",
                                 "not used by this grader yet"])
def test_a_missing_layers_reason_is_worded_in_chinese(why):
    """Does the sentence naming a layer this machine lacks say why in Chinese (the reason's code kept in
    backticks), not in the code's English ("cgroup v2 lacks pids+memory")?"""
    from grader.sandbox.tiers import describe_confinement
    zh = describe_confinement(["uid"], {"cgroup": why}, "zh")
    assert english_sentences(zh) == [], zh
    assert f"({why})" not in zh and f"(`{why}`)" not in zh, zh  # worded, not shown as the bare code


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_property_checks_name_is_said_in_words(lang):
    """dropout's property output has a machine name; the student reads what it checks, passed or failed."""
    from grader.i18n import check_label, translate
    name = "out_0_or_x_over_p matches the reference"
    passed, failed = check_label(name, lang), check_label(name, lang, failed=True)
    assert "out_0_or_x_over_p" not in passed + failed, (passed, failed)
    assert (passed, failed) == (translate("label_out_0_or_x_over_p", lang),
                                translate("label_out_0_or_x_over_p_failed", lang))
    assert check_label("out matches the reference", lang) == translate("matches_reference", lang, output="out")


SHAPE_WRONG_DROPOUT = '''
import numpy as np

def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    mask = None
    if mode == "train":
        mask = (np.random.rand(*x.shape) < p) / p
        out = (x * mask).sum(axis=-1)
    else:
        out = x
    return out, (dropout_param, mask)
'''


def test_a_shape_hints_case_is_worded_in_chinese(tmp_path):
    """The wrong-shape hint names its case; the case's phrases ("with a seed") are worded in zh as everywhere."""
    from grader.instructor.realistic import overlay
    folder = copy_reference(tmp_path / "sub")
    layers = folder / "layers.py"
    layers.write_text(overlay(layers.read_text(), SHAPE_WRONG_DROPOUT))
    report = grade(folder, seed=0, functions=["dropout_forward"], lang="zh")
    hints = [render(c.hint, "zh") for c in report.checks if c.status == "failed" and c.hint]
    shape = [h for h in hints if "(4, 5)" in h or "形状" in h]
    assert shape, hints
    assert all(english_sentences(h) == [] for h in shape), shape
    assert any(translate("label_with_seed", "zh") in h for h in shape), shape
