"""What a student's exception means: rules that name a mistake from what the code raised and the student's own line.

Shipped with the student's check and used by the instructor's diagnosis alike (no reference needed: a rule reads
only the exception, the traceback's frames and the student's source). A real student's code rarely matches a
catalog mutation character for character, but ``x_pad[:, :, pad:-pad, pad:-pad] = x`` at pad 0, ``xrange``, a
``/`` that gives float sizes and NumPy's removed aliases raise the same way wherever they sit.

Every hint ends with the student's file:line and the line itself.
"""
from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize

from .i18n import MESSAGES, translate


@dataclasses.dataclass(frozen=True)
class ExceptionRule:
    """A mistake named from what a student's code raised, wherever it sits (a real student's code rarely matches
    a catalog mutation character for character).

    Attributes:
        name: Short identifier.
        raised: Regular expression searched in ``"Type: message"``.
        line: Regular expression the student's source line must match (when the line is known); '' for any.
        en, zh: The hint.
        functions: Regular expression the graded function's name must match ('' for any): a window's shape
            means something in a conv or a pool only.
    """

    name: str
    raised: str
    line: str
    en: str
    zh: str
    functions: str = ""  # a regular expression the graded function's name must match; '' for any

    def hint(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


PAD_SLICE = ("The slice pad:-pad is empty when pad = 0 (-0 is 0, so x_pad[:, :, 0:0] has no rows) and the "
             "assignment cannot broadcast. Use np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))), or slice "
             "pad:pad + H, pad:pad + W.",
             "当 pad = 0 时切片 pad:-pad 是空的（-0 就是 0，x_pad[:, :, 0:0] 没有任何行），赋值无法广播。"
             "请用 np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))，或切片 pad:pad + H、pad:pad + W。")
XRANGE = ("xrange is Python 2: in Python 3 write range (it is lazy too).",
          "xrange 是 Python 2 的写法：Python 3 中请用 range（它同样是惰性的）。")
FLOAT_SIZE = ("A size or an index is a float: in Python 3, / always gives a float, even for 8 / 2. Compute H' and "
              "W' (and every index) with // or int(...).",
              "尺寸或下标是浮点数：在 Python 3 中 / 总是得到浮点数（即使是 8 / 2）。请用 // 或 int(...) 计算 H'、W' 和"
              "所有下标。")
NP_ALIAS = ("np.int, np.float, np.bool and np.object were removed from NumPy (1.24): write int, float, bool, "
            "object, or np.int64 / np.float64 / np.bool_ for a dtype.",
            "NumPy 1.24 起删除了 np.int、np.float、np.bool、np.object：请写 int、float、bool、object，作为 dtype 时用 "
            "np.int64 / np.float64 / np.bool_。")
NP_LIB_PAD = ("np.lib.pad is gone from NumPy 2: call np.pad with the same arguments.",
              "NumPy 2 中已没有 np.lib.pad：请用参数相同的 np.pad。")
UNRAVEL_SHAPE = ("np.unravel_index is given the wrong shape: unravel the argmax with the window's own shape "
                 "(pool_height, pool_width), i.e. window.shape, not (pool_height, pool_height).",
                 "np.unravel_index 用错了形状：请用窗口自己的形状 (pool_height, pool_width)（即 window.shape）展开 "
                 "argmax，而不是 (pool_height, pool_height)。")
WINDOW_SHAPE = ("A window you cut has not the kernel's shape (HH, WW): check that the slice runs over the padded "
                "input (x_pad, not x), that the width uses WW and j * stride, and the height HH and i * stride.",
                "你切出的窗口形状不是卷积核的 (HH, WW)：请检查切片是否取自填充后的输入（x_pad 而不是 x），宽度是否用 WW "
                "和 j * stride，高度是否用 HH 和 i * stride。")

CONV_POOL = r"conv|pool"  # the layers with windows, loops and padding
NORM_OR_DROPOUT = r"norm|dropout"
NONE_ASTYPE = ("out is still None when it reaches out.astype(...): the TODO block above it has not assigned out "
               "yet (in every mode, train and test).",
               "执行到 out.astype(...) 时 out 仍是 None：上面的 TODO 部分还没有给 out 赋值（训练和测试两种模式都要赋值）。")
DROPOUT_MASK_SHAPE = ("The mask's shape is not x's: dropout takes x of any shape (the docstring: \"x: Input data, of "
                      "any shape\"), and 4-D x is graded too. Draw the mask with np.random.rand(*x.shape) < p.",
                      "掩码的形状与 x 不同：dropout 的输入 x 可以是任意形状（文档字符串：“x: Input data, of any shape”），"
                      "评分也用四维的 x。请用 np.random.rand(*x.shape) < p 生成掩码。")
NORM_BROADCAST = ("Two arrays whose shapes do not broadcast meet on this line. The statistics are per feature (D,) in "
                  "batch norm, per sample (N, 1) in layer norm (keepdims=True), per sample and group (N, G, 1, 1, 1) "
                  "in group norm, applied to x.reshape(N, G, C // G, H, W), not to x; gamma and beta are (D,), or "
                  "(1, C, 1, 1) in group norm (some years' docstrings say (C,): gamma.reshape(1, C, 1, 1) handles "
                  "both). Check the axes of each mean and sum, and keep their dims where they broadcast back.",
                  "这一行上两个数组的形状无法广播。统计量在批归一化中按特征，形状 (D,)；在层归一化中按样本，形状 (N, 1)"
                  "（keepdims=True）；在组归一化中按样本和组，形状 (N, G, 1, 1, 1)，作用于 x.reshape(N, G, C // G, H, W) "
                  "而不是 x；gamma 和 beta 的形状是 (D,)，组归一化中是 (1, C, 1, 1)（有些年份的文档写作 (C,)："
                  "gamma.reshape(1, C, 1, 1) 两种都能处理）。请检查每个均值和求和所用的轴，需要广播回去的地方保留维度。")
NORM_RESHAPE = ("A reshape does not fit the array's size: check the shape you reshape to (x.reshape(N, G, C // G, H, "
                "W) for group norm; the group statistics have N * G elements, not N * C) and that a squeeze() or a "
                "sum has not dropped an axis of size 1 (G = 1, N = 1) before it.",
                "reshape 的目标形状与数组大小不符：请检查目标形状（组归一化为 x.reshape(N, G, C // G, H, W)；组统计量有 "
                "N * G 个元素，不是 N * C 个），以及之前是否有 squeeze() 或求和丢掉了长度为 1 的轴（G = 1、N = 1 时）。")
NORM_CACHE = ("The backward unpacks the cache differently from what your forward stores: unpack exactly the items "
              "your forward puts into cache, in the same order (its cache is your own choice; the two must agree).",
              "反向传播解包 cache 的方式与你的前向传播存放的内容不符：请按前向传播放入 cache 的内容和顺序原样解包"
              "（cache 的内容由你决定，但前后两者必须一致）。")
NORM_PARAM_KEYS = ("A key of the parameter dict is missing or misspelt: bn_param holds 'mode' and may lack 'eps', "
                   "'momentum', 'running_mean' and 'running_var' (read them with bn_param.get('eps', 1e-5), as the "
                   "given code does); dropout_param holds 'p' and 'mode', and 'seed' only sometimes; ln_param and "
                   "gn_param hold 'eps'.",
                   "参数字典中的键缺失或拼错：bn_param 一定有 'mode'，但可能没有 'eps'、'momentum'、'running_mean'、"
                   "'running_var'（请像给定代码那样用 bn_param.get('eps', 1e-5) 读取）；dropout_param 有 'p' 和 'mode'，"
                   "'seed' 只是有时才有；ln_param 和 gn_param 有 'eps'。")

RULES = [
    ExceptionRule("none_astype", r"AttributeError: 'NoneType' object has no attribute 'astype'", r"astype",
                  *NONE_ASTYPE),
    ExceptionRule("dropout_mask_shape", r"ValueError: (operands could not be broadcast together|non-broadcastable)",
                  "", *DROPOUT_MASK_SHAPE, functions=r"^dropout"),
    ExceptionRule("norm_broadcast", r"ValueError: (operands could not be broadcast together|non-broadcastable)",
                  "", *NORM_BROADCAST, functions=r"norm"),
    ExceptionRule("norm_reshape", r"ValueError: cannot reshape array of size", "", *NORM_RESHAPE,
                  functions=r"norm"),
    # not on a line that unpacks a .shape: "N, D = x.shape" on 4-D input is the 2-D-only layer the cases name
    ExceptionRule("norm_cache_unpacking", r"ValueError: (not enough|too many) values to unpack", r"^(?!.*\.shape\b)",
                  *NORM_CACHE, functions=NORM_OR_DROPOUT),
    ExceptionRule("norm_param_keys", r"KeyError: '\w+'", r"(?i)param", *NORM_PARAM_KEYS,
                  functions=NORM_OR_DROPOUT),
    ExceptionRule("pad_slice_at_pad_0", r"ValueError: could not broadcast input array from shape .*into shape "
                  r"\((\d+, ?)*0\b", r":\s*-\s*\w*pad", *PAD_SLICE, functions=CONV_POOL),
    ExceptionRule("pad_slice_at_pad_0_any", r"ValueError: could not broadcast input array from shape .*into shape "
                  r"\((\d+, ?)*0\b", "", *PAD_SLICE, functions=CONV_POOL),
    ExceptionRule("xrange", r"NameError: name 'xrange' is not defined", "", *XRANGE),
    ExceptionRule("float_size", r"TypeError: 'float' object cannot be interpreted as an integer|TypeError: slice "
                  r"indices must be integers|IndexError: only integers, slices|TypeError: 'float' object is not "
                  r"subscriptable|must be integers|integer argument expected, got float|Cannot cast array data from "
                  r"dtype\('float64'\) to dtype\('int64'\)", "", *FLOAT_SIZE),
    ExceptionRule("numpy_alias", r"AttributeError: module 'numpy' has no attribute '(int|float|bool|object|complex|"
                  r"str|long|unicode)'", "", *NP_ALIAS),
    ExceptionRule("numpy2_removed", r"AttributeError: module 'numpy' has no attribute '(product|cumproduct|alltrue|"
                  r"sometrue|asscalar)'", "", MESSAGES["numpy2_removed"]["en"], MESSAGES["numpy2_removed"]["zh"]),
    ExceptionRule("np_lib_pad", r"AttributeError: module 'numpy.lib' has no attribute 'pad'", "", *NP_LIB_PAD),
    ExceptionRule("unravel_shape", r"ValueError: index \d+ is out of bounds for array with size \d+",
                  r"unravel_index", *UNRAVEL_SHAPE, functions=CONV_POOL),
    ExceptionRule("window_shape", r"ValueError: (operands could not be broadcast together with shapes|"
                  r"non-broadcastable output operand with shape)",
                  r"\*|\+=", *WINDOW_SHAPE, functions=CONV_POOL),
    ExceptionRule("np_pad_width", r"ValueError: (operands could not be broadcast together with remapped shapes|"
                  r"Unable to create correctly shaped tuple)", r"\bpad\(",
                  "np.pad needs one (before, after) pair per axis of x: for (N, C, H, W) that is "
                  "((0, 0), (0, 0), (pad, pad), (pad, pad)); only H and W are padded.",
                  "np.pad 需要为 x 的每个轴给出一对 (前, 后)：对 (N, C, H, W) 来说是 "
                  "((0, 0), (0, 0), (pad, pad), (pad, pad))；只填充 H 和 W。", functions=CONV_POOL),
    ExceptionRule("array_to_scalar", r"TypeError: only (0-dimensional|length-1|size-1) arrays can be converted to "
                  r"Python scalars", "",
                  "int() or float() of an array: NumPy 2 converts only 0-dimensional arrays. np.where gives arrays "
                  "(take [0]); to find a window's maximum use np.unravel_index(np.argmax(window), window.shape).",
                  "对数组调用了 int() 或 float()：NumPy 2 只转换 0 维数组。np.where 返回的是数组（请取 [0]）；要找窗口的"
                  "最大值位置，请用 np.unravel_index(np.argmax(window), window.shape)。"),
    ExceptionRule("python2_iteritems", r"AttributeError: 'dict' object has no attribute '(iteritems|has_key|"
                  r"itervalues|iterkeys)'", "",
                  "dict.iteritems / has_key are Python 2: use items() and `key in d`.",
                  "dict.iteritems / has_key 是 Python 2 的写法：请用 items() 和 `key in d`。"),
    ExceptionRule("empty_window", r"ValueError: zero-size array to reduction operation", "",
                  "A window you cut is empty: it starts past the edge of the input. Check the number of windows "
                  "(H' = 1 + (H + 2 * pad - HH) // stride for the conv, 1 + (H - pool_height) // stride for "
                  "pooling; likewise W') and that window (i, j) starts at (i * stride, j * stride).",
                  "你切出的窗口是空的：它的起点超出了输入的边界。请检查窗口的个数（卷积为 "
                  "H' = 1 + (H + 2 * pad - HH) // stride，池化为 1 + (H - pool_height) // stride；W' 同理），"
                  "以及第 (i, j) 个窗口是否从 (i * stride, j * stride) 开始。", functions=CONV_POOL),
    ExceptionRule("sandbox_numpy_only", r"ModuleNotFoundError: No module named '(matplotlib|IPython|scipy|pandas|"
                  r"torch|sklearn|PIL|imageio|tqdm)\b", "", MESSAGES["sandbox_numpy_only"]["en"],
                  MESSAGES["sandbox_numpy_only"]["zh"]),
    ExceptionRule("missing_module", r"ModuleNotFoundError: No module named '[\w.]+'", "",
                  "Your code imports a module this kit does not have (CS231n's cs231n.* package and its im2col "
                  "helpers are not part of it): the package here is assignment/, and the naive layers need only "
                  "numpy. Remove the import, or import from the package relatively (from .fast_layers import ...).",
                  "你的代码导入了本作业中不存在的模块（CS231n 的 cs231n.* 包及其 im2col 辅助函数不在其中）："
                  "这里的包是 assignment/，朴素实现只需要 numpy。请删除该导入，或用相对导入（from .fast_layers import ...）。"),
    ExceptionRule("param_keys", r"KeyError: '\w+'", r"(?i)param",
                  "A key of the parameter dict is misspelt: conv_param holds 'stride' and 'pad'; pool_param holds "
                  "'pool_height', 'pool_width' and 'stride' (CS231n's keys, spelt exactly so).",
                  "参数字典的键写错了：conv_param 的键是 'stride' 和 'pad'；pool_param 的键是 'pool_height'、"
                  "'pool_width' 和 'stride'（与 CS231n 完全一致）。", functions=CONV_POOL),
    ExceptionRule("cache_unpacking", r"ValueError: (not enough|too many) values to unpack", r"cache",
                  "The backward unpacks the cache differently from what it holds: keep the documented cache "
                  "((x, w, b, conv_param) for the conv, (x, pool_param) for pooling), or unpack what your forward "
                  "stores.",
                  "反向传播解包 cache 的方式与其内容不符：请保持文档规定的 cache（卷积为 (x, w, b, conv_param)，池化为 "
                  "(x, pool_param)），或按你的前向传播存放的内容解包。", functions=CONV_POOL),
]


GENERIC_RULES = {"window_shape", "pad_slice_at_pad_0_any"}  # they say where to look, not what the mistake is
PYTHON2_RULES = {"xrange", "float_size", "numpy_alias", "numpy2_removed", "np_lib_pad", "python2_iteritems"}
# Lines a Python 3 / NumPy 2 run has not reached yet but will fail on too. A / inside int(...) is fine.
LEFTOVERS = [(r"\bxrange\s*\(", "xrange"), (r"(?<!/)/\s*\(?\s*stride\b|(?<!/)/\s*(S|s)\b", "/"),
             (r"\bnp\.(int|float|bool|object)\b(?!\w)", "np.int/np.float"),
             (r"\bnp\.(product|cumproduct|alltrue|sometrue|asscalar)\b", "np.product"),
             (r"\bnp\.lib\.pad\b", "np.lib.pad")]


def _inside_int(code: str, at: int) -> bool:
    """Is position ``at`` of ``code`` inside the parentheses of an ``int(...)`` call?"""
    depth_of_int = []
    depth = 0
    for k, ch in enumerate(code[:at]):
        if ch == "(":
            depth += 1
            if re.search(r"\bint\s*$", code[:k]):
                depth_of_int.append(depth)
        elif ch == ")":
            if depth_of_int and depth_of_int[-1] == depth:
                depth_of_int.pop()
            depth -= 1
    return bool(depth_of_int)


def _code_only(source: str) -> dict[int, str]:
    """Line number -> the line's code with its strings and comments blanked (a docstring's "H' = ... / stride" is
    no leftover); where the tokenizer cannot read the source, the lines less anything after a #."""
    raw = source.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return {k + 1: line.split("#", 1)[0] for k, line in enumerate(raw)}
    lines = {k + 1: line for k, line in enumerate(raw)}
    for tok in tokens:
        if tok.type in (tokenize.STRING, tokenize.COMMENT):
            (r0, c0), (r1, c1) = tok.start, tok.end
            for row in range(r0, r1 + 1):
                start, end = (c0 if row == r0 else 0), (c1 if row == r1 else len(raw[row - 1]))
                lines[row] = lines[row][:start] + " " * (end - start) + lines[row][end:]
    return lines


def _student_function(graded, context):
    """(the source of the student's module, the ``def`` node of ``graded``'s function), or None when unreadable."""
    path = context.package_dir / (graded.module.replace(".", "/") + ".py")
    try:
        source = path.read_text(encoding="utf-8")
        node = next(n for n in ast.walk(ast.parse(source))
                    if isinstance(n, ast.FunctionDef) and n.name == graded.name)
    except (OSError, SyntaxError, ValueError, StopIteration):
        return None
    return source, node


def python2_leftovers(graded, context, skip_line: int = 0) -> list[str]:
    """"line (what)" for every Python 2 / removed-NumPy construct in the student's function, but ``skip_line``."""
    if context is None:
        return []
    found_function = _student_function(graded, context)
    if found_function is None:
        return []
    source, node = found_function
    found = []
    lines = _code_only(source)
    for lineno in range(node.lineno, node.end_lineno + 1):
        code = lines.get(lineno, "")
        for pattern, what in LEFTOVERS:
            match = re.search(pattern, code)
            if lineno != skip_line and match and not (what == "/" and _inside_int(code, match.start())):
                found.append(f"{lineno} ({what})")
    return found


def location(traceback: list[str], graded, context) -> tuple[str, str]:
    """(file:line in func, the student's line) of the deepest frame in the student's package."""
    frames = [f for f in traceback if re.match(r"^[\w.]+\.py:\d+ in ", f)]
    for frame in reversed(frames):
        filename, rest = frame.split(":", 1)
        lineno = int(rest.split(" ", 1)[0])
        code = context.source_line(filename, lineno) if context is not None else ""
        if code:
            return frame, code
    own = graded.module.rsplit(".", 1)[-1] + ".py"
    mine = [f for f in frames if f.startswith(own + ":")]
    return (mine[-1] if mine else (frames[-1] if frames else "")), ""


def with_location(hint: str, verdict, graded, context, lang: str) -> str:
    """``hint`` and, on its own line, where the student's code raised and that line."""
    where, code = location(verdict.numbers.get("traceback", []), graded, context)
    if not where:
        return hint
    return hint + "\n" + translate("diag_at", lang, where=where, code=code or "?")


def exception_hint(graded, raised: str, traceback: list[str], context, lang: str = "en",
                   generic: bool = True) -> str:
    """The rule that names ``raised`` (with the student's line), or ''. ``generic=False`` skips the rules that
    only say where to look (a probe's pattern names such a mistake better)."""
    _, code = location(traceback, graded, context)
    for rule in RULES:
        if not generic and rule.name in GENERIC_RULES or rule.functions and not re.search(rule.functions,
                                                                                            graded.name):
            continue
        if re.search(rule.raised, raised) and (not rule.line or (code and re.search(rule.line, code))):
            return rule.hint(lang)
    return ""


def named_exception(graded, verdict, context, lang: str = "en", probe=lambda: "") -> str:
    """What ``verdict``'s exception means, or '': a rule that names the mistake, else the pattern of the probes
    (``probe()``), else a rule that says where to look. The grader's diagnosis and the student's check alike."""
    raised, traceback = verdict.numbers.get("raised", ""), verdict.numbers.get("traceback", [])
    return (exception_hint(graded, raised, traceback, context, lang, generic=False) or probe()
            or exception_hint(graded, raised, traceback, context, lang))


def with_leftovers(hint: str, graded, verdict, context, lang: str) -> str:
    """A Python 2 / old NumPy hint, with the other such lines of the same function the run has not reached yet."""
    if not any(rule.name in PYTHON2_RULES and hint.startswith(rule.hint(lang)) for rule in RULES):
        return hint
    where, _ = location(verdict.numbers.get("traceback", []), graded, context)
    line = int(where.split(":")[1].split(" ")[0]) if where.count(":") else 0
    others = python2_leftovers(graded, context, skip_line=line)
    if others:
        hint += "\n" + translate("diag_leftovers", lang, function=graded.name, lines=", ".join(others[:6]))
    return hint


# Mistakes read from the student's source, whatever the run raised: named beside another mistake's hint (a
# pad:-pad and loop bounds from the wrong array are two mistakes, both to be named).
SOURCE_PATTERNS = [
    # (key, functions, pattern the function must contain, pattern that must also be there ('' for none))
    ("src_dout_shape_as_input", r"conv_backward", r"^\s*\w+\s*,\s*\w+\s*,\s*H\s*,\s*W\s*=\s*dout\.shape",
     r"\bH\s*\+\s*2\s*\*\s*pad\b|\bpad\s*\+\s*H\b|\(\s*N\s*,\s*C\s*,\s*H\s*,\s*W\s*\)"),
    ("src_range_input_stride", r"conv|pool", r"range\(\s*0\s*,\s*(H|W)(_?pad\w*)?\s*,\s*stride\s*\)", ""),
    # issue 19: dropout and the normalisations as real students write them
    ("src_dropout_randn", r"^dropout_forward$", r"\brandom\.randn\s*\(", ""),
    ("src_eps_hardcoded", r"norm", r"sqrt\([^#]*\+\s*(\d+(\.\d*)?[eE]-?\d+|0\.0+\d+)\b", ""),
    ("src_sum_without_axis", r"^(batchnorm|layernorm)_backward", r"=\s*np\.sum\((?![^#]*axis)[^#]*\)\s*$", ""),
    ("src_momentum_hardcoded", r"batchnorm_forward", r"running_(mean|var)\w*\s*\*\s*0?\.\d+\b|"
                                                       r"\b0?\.\d+\s*\*\s*\(?\s*running_(mean|var)", ""),
]
# A source mistake that makes another hint's sentence untrue: eps hard-coded as 1e-5 fails the large-eps case as eps
# outside the square root would, but it is inside.
SUPERSEDES = {"src_eps_hardcoded": "pattern_eps_large"}


def source_hints(graded, context, lang: str = "en", keyed: bool = False) -> list:
    """Hints for the mistakes SOURCE_PATTERNS finds in the student's function, each with its line (``keyed``:
    as (key, hint) pairs)."""
    if context is None:
        return []
    found_function = _student_function(graded, context)
    if found_function is None:
        return []
    source, node = found_function
    lines = _code_only(source)
    body = {k: lines.get(k, "") for k in range(node.lineno, node.end_lineno + 1)}
    text = "\n".join(body.values())
    found = []
    for key, functions, pattern, also in SOURCE_PATTERNS:
        if not re.search(functions, graded.name) or (also and not re.search(also, text)):
            continue
        where = next((k for k, code in body.items() if re.search(pattern, code)), None)
        if where is not None:
            module_file = graded.module.rpartition(".")[2] + ".py"
            text = translate(key, lang) + "\n" + translate("diag_at", lang, where=f"{module_file}:{where}",
                                                            code=source.splitlines()[where - 1].strip())
            found.append((key, text) if keyed else text)
    return found


def with_source_hints(hint: str, graded, context, lang: str = "en") -> str:
    """``hint`` and every source mistake it does not name yet, on lines of their own (in place of a sentence the
    source shows untrue, ``SUPERSEDES``)."""
    for key, extra in source_hints(graded, context, lang, keyed=True):
        untrue = translate(SUPERSEDES[key], lang, function=graded.name) if key in SUPERSEDES else ""
        if untrue and untrue in hint:
            hint = hint.replace(untrue, "").strip()
        first = extra.split("\n", 1)[0]
        if first not in hint:
            hint = (hint + "\n" + translate("diag_also_source", lang) + extra) if hint else extra
    return hint
