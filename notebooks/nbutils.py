"""Small helpers for the notebooks (given code): the public checks of `make check`, known-value checks, plots.

The notebooks live in ``notebooks/en`` and ``notebooks/zh`` and share their code cells; the language of the
messages printed here is the name of the folder the notebook runs from. In a Chinese notebook, importing this
module points matplotlib at a Chinese font (``use_cjk_font``), so that Chinese titles and labels are drawn.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

KIT_ROOT = Path(__file__).resolve().parent.parent
LANG = "zh" if Path.cwd().name == "zh" else "en"

_WORDS = {
    "not_implemented": {
        "en": "{function} is not implemented yet: fill in the TODO block of {function} in {file}",
        "zh": "{function} 尚未实现：请完成 {file} 中 {function} 的 TODO 部分",
    },
    "value_not_implemented": {"en": "{name}: not implemented yet", "zh": "{name}：尚未实现"},
    "needs_not_implemented": {
        "en": "this cell uses your {function}, which is not implemented yet: fill in the TODO block of {function} "
              "in {file}, then run the cell again",
        "zh": "这个单元格要用到你的 {function}，但它尚未实现：请先完成 {file} 中 {function} 的 TODO 部分，再重新运行这个单元格",
    },
    "needs_failing": {
        "en": "note: this cell uses your {functions}, which do not pass their public checks yet, so what it shows may "
              "come from a mistake of yours (check({quoted}) says which)",
        "zh": "注意：这个单元格要用到你的 {functions}，它们还没有通过公开检查，所以下面的结果可能来自你的错误"
              "（运行 check({quoted}) 可以看到是哪里错了）",
    },
    "PASS": {"en": "PASS", "zh": "通过"},
    "FAIL": {"en": "FAIL", "zh": "未通过"},
    "claim": {"en": "{claim} -- {verdict}", "zh": "{claim} -- {verdict}"},
    "no_cjk_font": {
        "en": "note: no Chinese font found; Chinese text in figures will show as boxes",
        "zh": "提示：没有找到中文字体，图中的汉字会显示成方框。请安装一种中文字体（Windows：微软雅黑或黑体；"
              "macOS：苹方；Linux：sudo apt install fonts-noto-cjk），然后重启 kernel。",
    },
    "where": {"en": "in your code: {file}:{line}, in {function}", "zh": "出错位置（你的代码）：{file}:{line}，在 {function} 中"},
    "hint": {"en": "hint", "zh": "提示"},
    "points": {"en": "points", "zh": "分"},
    "summary": {"en": "{passed}/{total} public checks passed", "zh": "公开检查通过 {passed}/{total} 项"},
    "shape": {"en": "{name}: shape {actual}, expected {desired} -- FAIL",
              "zh": "{name}：形状为 {actual}，应为 {desired} -- 未通过"},
    "difference": {"en": "{name}: relative error {error:.2e} -- {verdict}",
                   "zh": "{name}：相对误差 {error:.2e} -- {verdict}"},
    "abs_difference": {"en": "{name}: largest absolute difference {error:.2e} -- {verdict}",
                       "zh": "{name}：最大绝对误差 {error:.2e} -- {verdict}"},
}


def _say(key: str, **kw) -> str:
    return _WORDS[key][LANG].format(**kw)


def verdict(ok: bool) -> str:
    """``PASS`` or ``FAIL`` in the notebook's language (通过 / 未通过)."""
    return _say("PASS" if ok else "FAIL")


# Chinese fonts, most common first: Windows, macOS, then Linux (Debian's fonts-noto-cjk, WenQuanYi), then Adobe's.
CJK_FONTS = ("Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Hiragino Sans GB", "Noto Sans CJK SC",
             "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK JP")
# File names of those fonts, for a font installed after matplotlib built its font cache.
_CJK_FILE = re.compile(r"msyh|simhei|pingfang|stheiti|hiragino|notosans.*cjk|notosanssc|sourcehansans|wqy",
                       re.IGNORECASE)


def use_cjk_font(quiet: bool = False) -> str | None:
    """Point matplotlib at the first Chinese font this machine has (see ``CJK_FONTS``).

    Args:
        quiet: Print nothing when no font is found (otherwise one line says what to install).

    Returns:
        The font's name, or None when the machine has none (Chinese text would then be drawn as boxes).
    """
    import matplotlib
    from matplotlib import font_manager

    def present():
        names = {font.name for font in font_manager.fontManager.ttflist}
        return [name for name in CJK_FONTS if name in names]

    found = present()
    if not found:  # installed after matplotlib cached its list of fonts: add the files themselves
        for path in font_manager.findSystemFonts():
            if _CJK_FILE.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = present()
    if not found:
        if not quiet:
            print(_say("no_cjk_font"))
        return None
    sans = [name for name in matplotlib.rcParams["font.sans-serif"] if name not in found]
    matplotlib.rcParams["font.sans-serif"] = found + sans
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the minus sign U+2212
    return found[0]


class Verdict:
    """What a check returns: true when it passed. As the last line of a cell it shows nothing (the check has
    printed its result already), where a bool would add a bare ``True`` and a Report a page of fields.

    Attributes:
        ok: Whether the check passed.
        report: The grader's Report, for ``check``; None otherwise.
    """

    def __init__(self, ok, report=None):
        self.ok, self.report = bool(ok), report

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return verdict(self.ok)

    def _ipython_display_(self):
        pass


class NotImplementedYet(NotImplementedError):
    """Raised when a check meets a function that still returns None (the message names its file)."""


def _file_of(function: str) -> str:
    from grader.functions import BY_NAME
    return "assignment/" + BY_NAME[function].module.replace(".", "/") + ".py"


def check(*functions: str, path: str | os.PathLike | None = None):
    """Run the public checks of ``make check`` for these graded functions and print every result.

    The same cases, messages and hints as ``make check`` (``grader.api.check``): pad 0, non-square inputs and
    overlapping windows included. Stops the notebook with a one-line message when a function is not written yet.

    Args:
        functions: Graded function names, e.g. ``"conv_forward_naive"``.
        path: The package to check (default: the kit's ``assignment``, i.e. your code).

    Returns:
        A Verdict, true when every check passed; its ``report`` is the grader's Report.

    Raises:
        NotImplementedYet: A function returned None (the message names the file and the function).
    """
    from grader.api import check as public_check
    from grader.i18n import check_label
    from grader.model import NOT_IMPLEMENTED

    report = public_check(str(path or KIT_ROOT / "assignment"), functions=list(functions), lang=LANG).worded()
    for function in functions:
        if any(c.function == function and c.status == NOT_IMPLEMENTED for c in report.checks):
            raise NotImplementedYet(_say("not_implemented", function=function, file=_file_of(function)))
    for c in report.checks:
        ok = c.passed
        points = f" [{c.score:g}/{c.max_score:g} {_say('points')}]" if c.max_score else ""
        print(f"{verdict(ok)}  {c.function}: {check_label(c.name, LANG)}{points}")  # the check's words in LANG
        if not ok and c.hint:
            print(f"      {_say('hint')}: " + c.hint.replace("\n", "\n      "))
        if c.message and (not ok or c.max_score == 0):
            print("      " + c.message.replace("\n", "\n      "))
    for error in report.errors:
        print(f"{verdict(False)}  {error}")
    return Verdict(all(c.passed for c in report.checks) and not report.errors, report)


def needs(*functions: str, path: str | os.PathLike | None = None) -> Verdict:
    """Before a cell that calls graded functions another section (or notebook) asks you to write: stop the notebook
    with one line when one of them is not written yet, and say so when one fails its public checks.

    Without it, a function that still returns None surfaces much later as an error that names neither the function
    nor its file ("unsupported operand type(s) for *: 'float' and 'NoneType'").

    Args:
        functions: Graded function names, e.g. ``"adam"``.
        path: The package to check (default: the kit's ``assignment``, i.e. your code).

    Returns:
        A Verdict, true when every one of them passes its public checks (nothing is printed then).

    Raises:
        NotImplementedYet: One of them returns None (the message names the file and the function).
    """
    from grader.api import check as public_check
    from grader.model import NOT_IMPLEMENTED

    report = public_check(str(path or KIT_ROOT / "assignment"), functions=list(functions), lang=LANG).worded()
    for function in functions:
        if any(c.function == function and c.status == NOT_IMPLEMENTED for c in report.checks):
            raise NotImplementedYet(_say("needs_not_implemented", function=function, file=_file_of(function)))
    failing = [f for f in functions if any(c.function == f and not c.passed for c in report.checks)]
    if failing:
        print(_say("needs_failing", functions=", ".join(failing),
                   quoted=", ".join(f'"{f}"' for f in failing)))
    return Verdict(not failing and not report.errors, report)


def rel_error(x, y):
    """Relative error: max |x - y| / max(1e-8, |x| + |y|)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def check_value(name: str, actual, desired, tol: float = 1e-7, atol: float | None = None) -> Verdict:
    """Compare a computed value with a known one (a worked example from the slides, a numeric gradient).

    Prints ``name: relative error 1.2e-09 -- PASS`` (in a Chinese notebook ``相对误差 ... -- 通过``; with ``atol``:
    the largest absolute difference, for values near 0 where a relative error means nothing); stops politely when
    ``actual`` is None.
    """
    if actual is None or (isinstance(actual, tuple) and all(a is None for a in actual)):
        raise NotImplementedYet(_say("value_not_implemented", name=name))
    actual, desired = np.asarray(actual, dtype=float), np.asarray(desired, dtype=float)
    if actual.shape != desired.shape:
        print(_say("shape", name=name, actual=actual.shape, desired=desired.shape))
        return Verdict(False)
    if atol is not None:
        error, tol, key = float(np.max(np.abs(actual - desired), initial=0.0)), atol, "abs_difference"
    else:
        error, key = rel_error(actual, desired), "difference"
    print(_say(key, name=name, error=error, verdict=verdict(error < tol)))
    return Verdict(error < tol)


def check_claim(claim: str, ok) -> Verdict:
    """Print ``claim -- PASS`` when ``ok`` holds (a property, e.g. "the loss goes down"), else ``-- FAIL``."""
    ok = bool(ok)
    print(_say("claim", claim=claim, verdict=verdict(ok)))
    return Verdict(ok)


def random_shifts(max_shift: int = 2, seed: int = 0):
    """Data augmentation for the Solver: shift each image by up to ``max_shift`` pixels along each axis.

    Zeros come in at the borders. Returns a function X_batch -> shifted X_batch.
    """
    rng = np.random.default_rng(seed)

    def augment(X):
        N, _, H, W = X.shape
        padded = np.pad(X, ((0, 0), (0, 0), (max_shift, max_shift), (max_shift, max_shift)))
        out = np.empty_like(X)
        for n, (dy, dx) in enumerate(rng.integers(0, 2 * max_shift + 1, size=(N, 2))):
            out[n] = padded[n, :, dy:dy + H, dx:dx + W]
        return out
    return augment


def show_grid(images, titles, cols=4, size=2.2, cmap="gray"):
    """Show (C, H, W) or (H, W) images in a grid."""
    import matplotlib.pyplot as plt
    rows = int(np.ceil(len(images) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * size, rows * size))
    for ax in np.ravel(axes):
        ax.axis("off")
    for ax, image, title in zip(np.ravel(axes), images, titles):
        image = np.asarray(image)
        if image.ndim == 3:
            image = image.transpose(1, 2, 0) if image.shape[0] == 3 else image[0]
        ax.imshow(image, cmap=None if image.ndim == 3 else cmap)
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def show_filters(weights, size=1.2):
    """Show first-layer filters (F, C, HH, WW) as images, each scaled to its own range."""
    w = np.asarray(weights)
    w = (w - w.min(axis=(1, 2, 3), keepdims=True)) / (np.ptp(w, axis=(1, 2, 3), keepdims=True) + 1e-12)
    return show_grid(list(w), [f"{i}" for i in range(len(w))], cols=min(len(w), 8), size=size)


def your_line(tb, package: Path | None = None) -> str | None:
    """Where an error left your code: ``in your code: assignment/layers.py:412, in conv_forward_naive`` and that
    line, for the deepest frame of the traceback ``tb`` inside ``package`` (default: the kit's ``assignment``); None
    when the error did not pass through it (a check's own message, a typo in the cell itself)."""
    import linecache
    import traceback

    home = os.path.realpath(package or KIT_ROOT / "assignment")
    found = None
    for frame in traceback.extract_tb(tb):
        path = os.path.realpath(frame.filename)
        if path.startswith(home + os.sep):
            found = frame, os.path.relpath(path, home).replace(os.sep, "/")
    if found is None:
        return None
    frame, relative = found
    where = _say("where", file=f"assignment/{relative}", line=frame.lineno, function=frame.name)
    code = linecache.getline(frame.filename, frame.lineno).strip()
    return where + (f"\n    {code}" if code else "")


def _short_tracebacks():
    """One-line errors in the notebook (IPython's Minimal mode), as ``%xmode Minimal`` gives but without its
    English "Exception reporting mode" line; above an error raised inside your code, the file, line and function
    where it left your code (``your_line``), which the one line alone would not say."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "InteractiveTB"):
        return
    shell.InteractiveTB.set_mode("Minimal")

    def show(self, etype, value, tb, tb_offset=None):
        where = your_line(tb)
        if where:
            print(where)
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((Exception,), show)


_short_tracebacks()
if LANG == "zh":
    use_cjk_font()
