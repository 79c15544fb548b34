"""What a student's exception means: rules that name a mistake from what the code raised and the student's own line.

Shipped with the student's check and used by the instructor's diagnosis alike (no reference needed: a rule reads
only the exception, the traceback's frames and the student's source). A real student's code rarely matches a
catalog mutation character for character, but ``x_pad[:, :, pad:-pad, pad:-pad] = x`` at pad 0, ``xrange``, a
``/`` that gives float sizes and NumPy's removed aliases raise the same way wherever they sit.

Every hint ends with the student's file:line and the line itself.
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import functools
import io
import re
import tokenize
from types import SimpleNamespace

from .i18n import MESSAGES, FirstSentence, Joined, Text, code_names, english, first_part, join, lines, text
from .layer_patterns import convention_reading, keys_of
from .parsed import parsed, quietly


@dataclasses.dataclass(frozen=True)
class ExceptionRule:
    """A mistake named from what a student's code raised, wherever it sits (a real student's code rarely matches
    a catalog mutation character for character).

    Attributes:
        name: Short identifier.
        raised: Regular expression searched in ``"Type: message"``.
        line: Regular expression the student's source line must match (when the line is known); '' for any.
        key: The hint's message in grader.i18n.MESSAGES (default ``rule_`` and the name).
        functions: Regular expression the graded function's name must match ('' for any): a window's shape
            means something in a conv or a pool only.
    """

    name: str
    raised: str
    line: str
    functions: str = ""  # a regular expression the graded function's name must match; '' for any
    key: str = ""

    def hint(self, function: str = "") -> Text:
        """The hint, a Text the writers word (a message with a {function} field names the graded function)."""
        key = self.key or "rule_" + self.name
        return text(key, function=function or "?") if "{function}" in MESSAGES[key]["en"] else text(key)

    @property
    def en(self) -> str:
        return self.hint().render("en")

    @property
    def zh(self) -> str:
        return self.hint().render("zh")


def _pair(key: str) -> tuple[str, str]:
    """(en, zh) of a hint, as the catalog and the tests quote it."""
    return MESSAGES[key]["en"], MESSAGES[key]["zh"]


PAD_SLICE = _pair("rule_pad_slice_at_pad_0")
XRANGE = _pair("rule_xrange")
FLOAT_SIZE = _pair("rule_float_size")
NP_ALIAS = _pair("rule_numpy_alias")
NP_LIB_PAD = _pair("rule_np_lib_pad")
UNRAVEL_SHAPE = _pair("rule_unravel_shape")
WINDOW_SHAPE = _pair("rule_window_shape")
NONE_ASTYPE = _pair("rule_none_astype")
DROPOUT_MASK_SHAPE = _pair("rule_dropout_mask_shape")
NORM_BROADCAST = _pair("rule_norm_broadcast")
NORM_RESHAPE = _pair("rule_norm_reshape")
NORM_CACHE = _pair("rule_norm_cache_unpacking")
NORM_PARAM_KEYS = _pair("rule_norm_param_keys")


CONV_POOL = r"conv|pool"  # the layers with windows, loops and padding
NORM_OR_DROPOUT = r"norm|dropout"

RULES = [
    ExceptionRule("none_astype", r"AttributeError: 'NoneType' object has no attribute 'astype'", r"astype"),
    ExceptionRule("dropout_mask_shape", r"ValueError: (operands could not be broadcast together|non-broadcastable)",
                  "", functions=r"^dropout"),
    # learnM's pool (zzz0069): np.random.rand(x.shape), the shape as one tuple where rand takes each size alone
    ExceptionRule("rand_shape_tuple", r"TypeError: 'tuple' object cannot be interpreted as an integer",
                  r"random\.randn?\(\s*[\w.]+\.shape\s*\)"),
    # statistics of shape (C, H, W) (a mean over axis 0 of the 4-D x) meeting a (C,) one (issue 19, set F)
    ExceptionRule("sbn_stats_per_position", r"ValueError: operands could not be broadcast together with shapes "
                  r"(.*\((\d+),\) .*\((1,)?\2,\d+,\d+\)|.*\((1,)?(\d+),\d+,\d+\) .*\(\5,\))",
                  "", functions=r"^spatial_batchnorm_forward$"),
    # a 1-D statistic of another length than C meeting bn_param's (C,) running average: the array averaged was not
    # (N * H * W, C) (a per-channel loop over (N, H * W) slices, a reshape that keeps H and W; issue 19, set L)
    ExceptionRule("sbn_columns_not_channels", r"ValueError: operands could not be broadcast together with shapes "
                  r"\((\d+),\) \((?!\1,\))\d+,\)", r"running_(mean|var)", functions=r"^spatial_batchnorm_forward$"),
    ExceptionRule("norm_broadcast", r"ValueError: (operands could not be broadcast together|non-broadcastable)",
                  "", functions=r"norm"),
    ExceptionRule("norm_reshape", r"ValueError: cannot reshape array of size", "",
                  functions=r"norm"),
    # "N, D = x.shape" in a dropout: written for 2-D input, whatever else the cases show (issue 19, set F)
    ExceptionRule("dropout_2d_only", r"ValueError: too many values to unpack \(expected 2", r"=\s*\w+\.shape\b",
                  functions=r"^dropout_forward$", key="pattern_4d_only"),
    # a sum over an axis of the 4-D x on an array reshaped to 2-D (or the other way round)
    ExceptionRule("norm_axis_out_of_bounds", r"AxisError: axis -?\d+ is out of bounds for array of dimension \d+", "",
                  functions=r"norm"),
    # not on a line that unpacks a .shape: "N, D = x.shape" on 4-D input is the 2-D-only layer the cases name
    ExceptionRule("norm_cache_unpacking", r"ValueError: (not enough|too many) values to unpack", r"^(?!.*\.shape\b)",
                  functions=NORM_OR_DROPOUT),
    ExceptionRule("norm_param_keys", r"KeyError: '\w+'", r"(?i)param",
                  functions=NORM_OR_DROPOUT),
    # set M: a forward that never stores its cache (the starter's `cache = None` left) passes its own checks, and its
    # backward raised this at the line that unpacks it
    ExceptionRule("cache_none", r"TypeError: cannot unpack non-iterable NoneType object", r"\bcache\b",
                  functions=r"_backward"),
    ExceptionRule("pad_slice_at_pad_0", r"ValueError: could not broadcast input array from shape .*into shape "
                  r"\((\d+, ?)*0\b", r":\s*-\s*\w*pad", functions=CONV_POOL),
    ExceptionRule("pad_slice_at_pad_0_any", r"ValueError: could not broadcast input array from shape .*into shape "
                  r"\((\d+, ?)*0\b", "", key='rule_pad_slice_at_pad_0', functions=CONV_POOL),
    ExceptionRule("xrange", r"NameError: name 'xrange' is not defined", ""),
    ExceptionRule("float_size", r"TypeError: 'float' object cannot be interpreted as an integer|TypeError: slice "
                  r"indices must be integers|IndexError: only integers, slices|TypeError: 'float' object is not "
                  r"subscriptable|must be integers|integer argument expected, got float|Cannot cast array data from "
                  r"dtype\('float64'\) to dtype\('int64'\)", ""),
    ExceptionRule("numpy_alias", r"AttributeError: module 'numpy' has no attribute '(int|float|bool|object|complex|"
                  r"str|long|unicode)'", ""),
    ExceptionRule("numpy2_removed", r"AttributeError: module 'numpy' has no attribute '(product|cumproduct|alltrue|"
                  r"sometrue|asscalar)'", "", key="numpy2_removed"),
    ExceptionRule("np_lib_pad", r"AttributeError: module 'numpy.lib' has no attribute 'pad'", ""),
    # np.reshape(a=x, newshape=s): NumPy 2.1 deprecated newshape (now removed) and made a positional-only (set J)
    ExceptionRule("reshape_keywords", r"TypeError: reshape\(\) got (an unexpected keyword argument 'newshape'|some "
                  r"positional-only arguments passed as keyword arguments: 'a')", r"\breshape\("),
    ExceptionRule("unravel_shape", r"ValueError: index \d+ is out of bounds for array with size \d+",
                  r"unravel_index", functions=CONV_POOL),
    ExceptionRule("window_shape", r"ValueError: (operands could not be broadcast together with shapes|"
                  r"non-broadcastable output operand with shape)",
                  r"\*|\+=", functions=CONV_POOL),
    ExceptionRule("np_pad_width", r"ValueError: (operands could not be broadcast together with remapped shapes|"
                  r"Unable to create correctly shaped tuple)", r"\bpad\(", functions=CONV_POOL),
    ExceptionRule("array_to_scalar", r"TypeError: only (0-dimensional|length-1|size-1) arrays can be converted to "
                  r"Python scalars", ""),
    # NumPy 2 refuses what NumPy 1 took: a (1,)- or (1, 1)-array stored into one element (a held-out backward's
    # dgamma[i] = ..., right otherwise)
    ExceptionRule("array_into_element", r"ValueError: setting an array element with a sequence", r"\]\s*[-+*/]?=(?!=)"),
    ExceptionRule("python2_iteritems", r"AttributeError: 'dict' object has no attribute '(iteritems|has_key|"
                  r"itervalues|iterkeys)'", ""),
    ExceptionRule("empty_window", r"ValueError: zero-size array to reduction operation", "", functions=CONV_POOL),
    # any library but numpy and the course's own package and modules (cs231n.*, `from layers import *`: those are
    # missing_module's)
    ExceptionRule("sandbox_numpy_only", r"ModuleNotFoundError: No module named '(?!(?:cs231n|submission|assignment|"
                  r"numpy|layers|layer_utils|fast_layers|im2col|im2col_cython|classifiers|solver|optim|"
                  r"gradient_check|data_utils)\b)\w", "", key="sandbox_numpy_only"),
    # a private numpy path CS231n-era files import (numpy.lib.arraypad's pad), gone from NumPy 2.0's numpy.lib
    ExceptionRule("numpy_private_module", r"ModuleNotFoundError: No module named 'numpy\.[\w.]+'", ""),
    ExceptionRule("missing_module", r"ModuleNotFoundError: No module named '[\w.]+'", ""),
    ExceptionRule("param_keys", r"KeyError: '\w+'", r"(?i)param", functions=CONV_POOL),
    ExceptionRule("cache_unpacking", r"ValueError: (not enough|too many) values to unpack", r"cache", functions=CONV_POOL),
]


GENERIC_RULES = {"window_shape", "pad_slice_at_pad_0_any"}  # they say where to look, not what the mistake is
PYTHON2_RULES = {"xrange", "float_size", "numpy_alias", "numpy2_removed", "np_lib_pad", "python2_iteritems",
                 "array_into_element", "reshape_keywords"}
# Lines a Python 3 / NumPy 2 run has not reached yet but will fail on too. A / inside int(...) is fine.
LEFTOVERS = [(r"\bxrange\s*\(", "xrange"), (r"(?<!/)/\s*\(?\s*stride\b|(?<!/)/\s*(S|s)\b", "/"),
             (r"\bnp\.(int|float|bool|object)\b(?!\w)", "np.int/np.float"),
             (r"\bnp\.(product|cumproduct|alltrue|sometrue|asscalar)\b", "np.product"),
             (r"\bnp\.lib\.pad\b", "np.lib.pad"),
             (r"\breshape\([^()]*(\([^()]*\)[^()]*)*\b(newshape|a)\s*=", "np.reshape(a=..., newshape=...)")]


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


@functools.lru_cache(maxsize=16)
def _code_only(source: str) -> dict[int, str]:
    """Line number -> the line's code with its strings and comments blanked (a docstring's "H' = ... / stride" is
    no leftover); where the tokenizer cannot read the source, the lines less anything after a #. Tokenized once per
    source text (keyed by the text itself, so never another student's): each failing function of a module asks
    again. Read only."""
    raw = source.splitlines()
    try:
        with quietly():  # Python 3.12's tokenizer warns of invalid escapes as its compiler does
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


@functools.lru_cache(maxsize=16)
def _function_nodes(source: str) -> dict[str, ast.FunctionDef]:
    """The first ``def`` of each name in ``source`` (in ``ast.walk``'s order), parsed once per source text (keyed by
    the text itself): every failing function of a module reads the same file. Read only."""
    found: dict[str, ast.FunctionDef] = {}
    for node in ast.walk(parsed(source)):
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, node)
    return found


def _student_function(graded, context):
    """(the source of the student's module, the ``def`` node of ``graded``'s function), or None when unreadable."""
    path = context.package_dir / (graded.module.replace(".", "/") + ".py")
    try:
        source = path.read_text(encoding="utf-8")
        node = _function_nodes(source)[graded.name]
    except (OSError, SyntaxError, ValueError, KeyError, MemoryError, RecursionError):
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
    code_lines = _code_only(source)
    for lineno in range(node.lineno, node.end_lineno + 1):
        code = code_lines.get(lineno, "")
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


def frame(where: str):
    """A traceback frame ``layers.py:12 in batchnorm_forward`` worded in each language (zh keeps no English "in")."""
    match = re.fullmatch(r"(.+?:\d+) in (\S+)", where)
    return text("diag_frame", place=match.group(1), function=match.group(2)) if match else where


def code_span(code: str) -> str:
    """The student's line as a code span, fenced by more backticks than it holds in a row (its own backticks, or an
    English comment on it, never read as the hint's prose)."""
    runs = [len(r) for r in re.findall(r"`+", code)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def with_location(hint, verdict, graded, context):
    """``hint`` and, on its own line, where the student's code raised and that line."""
    where, code = location(verdict.numbers.get("traceback", []), graded, context)
    if not where:
        return hint
    return lines(hint, text("diag_at", where=frame(where), code=code_span(code) if code else "?"))


def exception_hint(graded, raised: str, traceback: list[str], context, generic: bool = True):
    """The rule that names ``raised`` (with the student's line), or ''. ``generic=False`` skips the rules that
    only say where to look (a probe's pattern names such a mistake better)."""
    _, code = location(traceback, graded, context)
    for rule in RULES:
        if not generic and rule.name in GENERIC_RULES or rule.functions and not re.search(rule.functions,
                                                                                            graded.name):
            continue
        if re.search(rule.raised, raised) and (not rule.line or (code and re.search(rule.line, code))):
            return rule.hint(graded.name)
    return ""


def named_exception(graded, verdict, context, probe=lambda: "", *, case=None):
    """What ``verdict``'s exception means, or '': a rule that names the mistake, else the pattern of the probes
    (``probe()``), else a rule that says where to look. The grader's diagnosis and the student's check alike;
    ``case``, the case that raised, where its sizes tell what a shape is (a group norm's N * G)."""
    raised, traceback = verdict.numbers.get("raised", ""), verdict.numbers.get("traceback", [])
    hint = (exception_hint(graded, raised, traceback, context, generic=False)
            or name_error_reading(graded, raised, traceback, context) or probe()
            or exception_hint(graded, raised, traceback, context))
    # the shapes are read as x's (N, D) only in the layers whose x is (N, D): in a spatial or group norm an (M, K)
    # array is a reshaped view whose rows need not be samples (set J: `x.reshape(N * G, -1).T` is (C // G * H * W,
    # N * G), and "keep them as (40, 1)" kept the wrong axis)
    if hint and "norm" in graded.name and not graded.name.startswith("spatial_") \
            and "rule_norm_broadcast" in keys_of(hint):
        shapes = broadcast_reading(raised)
        # a reduction on (or feeding) the raising line that dropped its axes, where the shapes say nothing else
        kept = "" if shapes else keepdims_reading(graded, raised, traceback, context)
        hint = kept or (lines(hint, shapes) if shapes else hint)
    elif hint and "norm" in graded.name and "rule_norm_broadcast" in keys_of(hint):
        # a reversed layout says nothing of what N or D are, so it holds in a spatial or group norm too (set K: a
        # group-norm std kept (N, G, 1) against x_hat.reshape(N, G, -1).T, (K, G, N))
        # learnG: a group norm's own line, read against the raising case's N and G (not a function it calls, whose
        # arrays need not be the group norm's views)
        names = _raising_names(graded, traceback, context) if graded.name.startswith("spatial_groupnorm") else None
        shapes = (group_layout_reading(raised, case, gamma_there=any("gamma" in n or "beta" in n for n in names))
                  if names is not None else "") or reversed_layout_reading(raised)
        kept = "" if shapes else keepdims_reading(graded, raised, traceback, context)
        hint = kept or (lines(hint, shapes) if shapes else hint)
    elif hint and "rule_sbn_columns_not_channels" in keys_of(hint):
        # learnM's pool (kiluazen): the statistic has N * H * W values, read against the raising case's x: the array
        # handed to batch norm was (C, N * H * W), its columns the positions
        hint = sbn_transposed_reading(raised, case) or hint
    elif hint and graded.name.startswith("spatial_") and "rule_norm_reshape" in keys_of(hint):
        # set K: a group-norm backward's ivar kept (N, G, 1, 1, 1) against a transposed (C // G * H * W, N * G) view
        # broadcasts without an error into an array with both's axes; only the reshape back to x's shape raises
        grown = multiplied_out_reading(raised, case)
        hint = lines(hint, grown) if grown else hint
    # a group norm written for gamma of shape (C,) raises on (1, C, 1, 1): what else it does wrong, run with (C,)
    other = convention_reading(graded, context) if hint and "norm" in graded.name else ""
    return lines(hint, other) if other and english(other) not in english(hint) else hint


# Names a normalisation or dropout reads from its parameter dict (the docstring's keys; epsilon for eps)
PARAM_KEYS = {"eps": "eps", "epsilon": "eps", "momentum": "momentum", "mode": "mode", "running_mean": "running_mean",
              "running_var": "running_var", "p": "p"}
SHAPE_LETTERS = {"N", "D", "C", "H", "W"}


def _np():
    import numpy  # only where a NameError is read
    return numpy


def _numpy_alias(path) -> str:
    """The name the module imports numpy as at its top level (``import numpy as np``), or ''."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, MemoryError, RecursionError, UnicodeDecodeError):
        return ""
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name == "numpy":
                    return alias.asname or "numpy"
    return ""


def _called(node, name: str) -> bool:
    """Is ``name`` called bare (``name(...)``) in the function ``node``?"""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name for n in ast.walk(node))


def name_error_reading(graded, raised: str, traceback: list[str], context):
    """A NameError in a normalisation or dropout, read from the function that raised it (the deepest frame in the
    student's module): the name is never assigned there, and it is a key of the function's parameter dict, a size of
    its input, or a near spelling of a name it does assign. '' for anything else."""
    found = re.search(r"NameError: name '(\w+)' is not defined", raised)
    if not found or not re.search(NORM_OR_DROPOUT, graded.name) or context is None or found.group(1) == "xrange":
        return ""
    where, _ = location(traceback, graded, context)
    in_function = re.search(r" in (\w+)$", where)
    path = context.package_dir / (graded.module.replace(".", "/") + ".py")
    try:
        nodes = _function_nodes(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, MemoryError, RecursionError, UnicodeDecodeError):
        return ""
    node = nodes.get(in_function.group(1)) if in_function else None
    if node is None:
        return ""
    name, function = found.group(1), node.name
    params = [a.arg for a in node.args.args]
    assigned = set(params) | {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    if name in assigned:
        return ""  # assigned somewhere after all (a nested scope, a global): nothing sure to say
    own = next((p for p in params if p.endswith("_param")), None)
    if name in PARAM_KEYS and own:
        return text("name_error_param_key", name=name, function=function, own=own, entry=PARAM_KEYS[name])
    if name == "D" and function.startswith("spatial_groupnorm"):
        # set M: a group-norm backward adapted from a layer norm's, its count D never defined: D is no size of x here
        return text("name_error_group_count", name=name, function=function)
    if name in SHAPE_LETTERS and params:
        return text("name_error_shape", name=name, function=function, array=params[0])
    if name == "dout" and not function.endswith("_backward") and params:
        # set S: a dropout's test mode `out = dout * mask` was told "a name close to it is `out`" (a fix still
        # wrong: test mode passes x through); dout is a backward's input, and a forward has none
        return join(" ", text("name_error_dout_in_forward", name=name, function=function, array=params[0]),
                    text("name_error_dout_dropout_test", array=params[0]) if function.startswith("dropout") else "")
    numpy = _numpy_alias(path)
    if numpy and _called(node, name) and callable(getattr(_np(), name, None)):
        # set M: `sqrt(var + eps)` with numpy imported as np (a name that numpy's namespace holds, called bare)
        return text("name_error_numpy", name=name, function=function, np=numpy)
    forward = nodes.get(getattr(graded, "forward", "") or "") if function.endswith("_backward") else None
    if forward is not None and forward is not node and name in {
            n.id for n in ast.walk(forward) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}:
        # set K: a backward reading `x1`, a value only its forward computed (it was told "a name close to it is
        # `x`": a numbered name is no typo of the input's)
        mine = _unpacked_as(forward, node, name)
        if mine:
            # set L (Achuthankrishna): the forward stores x1 as cache['xhat'], which this backward reads as xhat:
            # "store x1 in the cache" would send the student to store it twice
            return text("name_error_forward_cached", name=name, function=function, forward=forward.name, mine=mine)
        return text("name_error_forward_only", name=name, function=function, forward=forward.name)
    import difflib  # only where a NameError is read

    def numbered(one: str, other: str) -> bool:  # x1 and x, dx2 and dx: another value, not a typo of it
        return bool(re.fullmatch(re.escape(other) + r"_?\d+", one) or re.fullmatch(re.escape(one) + r"_?\d+", other))
    near = [n for n in difflib.get_close_matches(name, sorted(assigned | set(nodes)), n=3, cutoff=0.6)
            if not numbered(name, n)][:2]
    if len(near) == 1 or (near and difflib.SequenceMatcher(None, name, near[0]).ratio()
                          > difflib.SequenceMatcher(None, name, near[1]).ratio()):
        return text("name_error_near", name=name, function=function, near=near[0])
    return text("name_error_never", name=name, function=function)


def broadcast_reading(raised: str):
    """What the two shapes of NumPy's "could not be broadcast together" say in a 2-D normalisation, read from the
    message alone: beside x's (N, D) (both above 1), a (D, 1) is per-feature values stood as a column, a (1, N)
    per-sample values laid as a row, an (N,) per-sample values without keepdims=True; two 2-D shapes with the same
    sizes swapped, one array in the transposed layout of the other. '' for anything else."""
    found = re.search(r"broadcast together with shapes \(([\d,]*)\) \(([\d,]*)\)", raised)
    if not found:
        return ""
    a, b = (tuple(int(n) for n in part.split(",") if n) for part in found.groups())
    if len(a) == 2 and b == a[::-1] and a[0] != a[1]:
        # the same two sizes in swapped order (set K: x_hat (N, D) against a transposed dx_hat (D, N))
        return text("bc_transposed", a=f"({a[0]}, {a[1]})", b=f"({b[0]}, {b[1]})")
    for full, other in ((a, b), (b, a)):
        if len(full) != 2 or min(full) < 2 or full[0] == full[1]:
            continue
        N, D = full
        if other == (D, 1):
            return text("bc_per_feature_column", N=N, D=D)
        if other == (1, N):
            return text("bc_per_sample_row", N=N, D=D)
        if other == (N,):
            return text("bc_per_sample_flat", N=N, D=D)
    return ""


def reversed_layout_reading(raised: str):
    """Two shapes of NumPy's "could not be broadcast together" of three axes or more, one of which would broadcast
    with the other's axes in reverse order (what ``.T`` does to every axis): one array in the transposed layout of the
    other. '' for anything else (two axes: ``broadcast_reading``'s swapped sizes)."""
    import numpy as np  # only where an exception is read
    found = re.search(r"broadcast together with shapes \(([\d,]*)\) \(([\d,]*)\)", raised)
    if not found:
        return ""
    a, b = (tuple(int(n) for n in part.split(",") if n) for part in found.groups())
    if len(a) != len(b) or len(a) < 3:
        return ""
    for one, other in ((a, b), (b, a)):
        flipped = other[::-1]
        if flipped == other:
            continue
        try:
            np.broadcast_shapes(one, flipped)
        except ValueError:
            continue
        return text("bc_reversed", a=_shape(one), b=_shape(other), flipped=_shape(flipped))
    return ""


def _raising_names(graded, traceback: list[str], context):
    """The names the statement that raised reads, where it is a line of ``graded``'s own function; None elsewhere."""
    if context is None:
        return None
    where, _ = location(traceback, graded, context)
    own = graded.module.rsplit(".", 1)[-1] + ".py"
    match = re.match(rf"^{re.escape(own)}:(\d+) in {re.escape(graded.name)}\b", where)
    found_function = _student_function(graded, context) if match else None
    if found_function is None:
        return None
    line = int(match.group(1))
    statement = next((n for n in ast.walk(found_function[1]) if isinstance(n, ast.stmt) and not isinstance(
        n, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.FunctionDef)) and n.lineno <= line <= n.end_lineno),
        None)
    return None if statement is None else {n.id for n in ast.walk(statement) if isinstance(n, ast.Name)}


def sbn_transposed_reading(raised: str, case):
    """A spatial batch norm's running average (C,) meeting a statistic of N * H * W values, the raising case's x
    (N, C, H, W): batch norm was handed (C, N * H * W), one column per position. '' for any other length, and where
    N * H * W is C."""
    found = re.search(r"broadcast together with shapes \((\d+),\) \((\d+),\)", raised)
    x = (getattr(case, "arrays", None) or {}).get("x")
    if not found or getattr(x, "ndim", 0) != 4:
        return ""
    N, C, H, W = x.shape
    if N * H * W == C or sorted(int(n) for n in found.groups()) != sorted((C, N * H * W)):
        return ""
    return text("rule_sbn_transposed", function="spatial_batchnorm_forward", c=C, nhw=N * H * W)


def group_layout_reading(raised: str, case, gamma_there: bool = True):
    """Two shapes of NumPy's "could not be broadcast together" in a group norm, read against the raising case's x
    (N, C, H, W) and G: the (N, C, H, W) layout against one value per sample and group (a statistic used on the array
    it was not taken on); or a 2-D grouped view (x.reshape(N * G, -1), or its transpose) against values that do not
    run along its groups. '' for anything else, and wherever N * G could be read as another size: the view's other
    side, or C on a line that reads gamma or beta (``gamma_there``; a (1, C) gamma would read the same)."""
    found = re.search(r"broadcast together with shapes \(([\d,]*)\) \(([\d,]*)\)", raised)
    x = (getattr(case, "arrays", None) or {}).get("x")
    G = (getattr(case, "params", None) or {}).get("G")
    if not found or getattr(x, "ndim", 0) != 4 or not isinstance(G, int) or G < 1:
        return ""
    a, b = (tuple(int(n) for n in part.split(",") if n) for part in found.groups())
    N, C, H, W = x.shape
    NG, K = N * G, C // G * H * W
    if C % G or NG < 2 or NG == K:
        return ""
    per_group = {(N, G, 1, 1, 1), (N, G, 1)} | ({(NG, 1), (NG,), (1, NG)} if NG != C or not gamma_there else set())
    for one, other in ((a, b), (b, a)):
        if one == (1, C, 1, 1) and other == (N, H, W, C) != (N, C, H, W):
            # the named repositories' sweep (a 2018 file): x_hat moved to channels-last, then scaled by the
            # (1, C, 1, 1) gamma
            return text("bc_gamma_channels_last", a=_tuple(one), b=_tuple(other))
        if one == (N, C, H, W) and other in per_group:
            # the named repositories' sweep: `(x - x_mean)` with x_mean from x.reshape(N, G, ...) (Yuunii/cs231n-assignment),
            # `(x - mean)` in a backward that reshaped dout but not the cached x (Htet-ThuAung/cs231n-assignments)
            return text("bc_group_stat_on_4d", a=_tuple(one), b=_tuple(other), ng=NG)
        if NG == C and gamma_there:  # a (1, C) gamma would read the same
            continue
        if one == (NG, K) and other == (1, NG):
            # hust-nj/cs231n: a per-group mean without keepdims, put back with [np.newaxis] in front
            return text("bc_group_rows_as_row", a=_tuple(one), b=_tuple(other), ng=NG)
        if one == (K, NG) and other == (K,):
            # chenperry/CS231n: x.reshape(N * G, -1).T, its statistics taken along axis 1, across the samples and groups
            return text("bc_group_columns_per_row", a=_tuple(one), b=_tuple(other), ng=NG)
    return ""


def multiplied_out_reading(raised: str, case=None):
    """NumPy's "cannot reshape array of size S into shape T" in a spatial or group norm where T has x's four (or
    group norm's five) axes, so x's size, and S is a whole multiple of it: an array grew past every input's size,
    which in a normalisation only broadcasting two layouts against each other does. '' for anything else (a smaller
    array, an uneven ratio: a shape typed wrong, the rule's own words)."""
    found = re.search(r"cannot reshape array of size (\d+) into shape \(([\d, ]*)\)", raised)
    if not found:
        return ""
    size, target = int(found.group(1)), tuple(int(n) for n in found.group(2).replace(" ", "").split(",") if n)
    want = 1
    for n in target:
        want *= n
    if len(target) not in (4, 5) or not want or size % want or size // want < 2:
        return ""
    # the target must be x's size (learnM's pool, EVA012: a statistic reshaped to (N, G, 1, 1, 1) after a squeeze()
    # that dropped G = 1 had met an (N, G) one; its 2 values were told "the 2 of x")
    x = (getattr(case, "arrays", None) or {}).get("x")
    if x is not None and getattr(x, "size", want) != want:
        return ""
    return text("reshape_multiplied_out", size=size, target=_shape(target), want=want, times=size // want)


# numpy reductions whose axis argument drops axes (unless keepdims=True): read by the keepdims reading and by the
# static reading of a cached array's number of axes
REDUCTIONS = {"mean", "var", "std", "sum", "max", "min"}


def _reduced_axes(call: ast.Call) -> int:
    """How many axes a reduction call with an explicit axis and no keepdims=True drops (0 where it keeps them, or
    reduces everything, or its axis is not a literal)."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in REDUCTIONS:
        return 0
    if any(k.arg == "keepdims" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
           for k in call.keywords):
        return 0
    axis = next((k.value for k in call.keywords if k.arg == "axis"), None)
    if axis is None:  # np.mean(a, 1) or a.mean(1): the axis is the first argument of a method, the second of np's
        at = 1 if isinstance(call.func.value, ast.Name) and call.func.value.id in ("np", "numpy") else 0
        axis = call.args[at] if len(call.args) > at else None
    if isinstance(axis, ast.Constant) and isinstance(axis.value, int) and not isinstance(axis.value, bool):
        return 1
    if isinstance(axis, ast.Tuple) and axis.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, int)
                                                         for e in axis.elts):
        return len(axis.elts)
    return 0


def keepdims_reading(graded, raised: str, traceback: list[str], context):
    """The sweep's group norms: NumPy's "could not be broadcast together" between an array and one with fewer axes,
    where a reduction with an explicit axis and no keepdims=True, on the raising statement or assigned to a name that
    statement reads, drops exactly the missing number of axes: a Text naming it, or ''."""
    found = re.search(r"broadcast together with shapes \(([\d,]*)\) \(([\d,]*)\)", raised)
    if not found or context is None:
        return ""
    a, b = (tuple(int(n) for n in part.split(",") if n) for part in found.groups())
    small, big = (a, b) if len(a) < len(b) else (b, a)
    if len(small) >= len(big) or not small:
        return ""
    where, _ = location(traceback, graded, context)
    own = graded.module.rsplit(".", 1)[-1] + ".py"
    match = re.match(rf"^{re.escape(own)}:(\d+) in {re.escape(graded.name)}\b", where)
    found_function = _student_function(graded, context) if match else None
    if found_function is None:
        return ""
    _, function = found_function
    line = int(match.group(1))
    statement = next((n for n in ast.walk(function) if isinstance(n, ast.stmt) and not isinstance(
        n, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.FunctionDef)) and n.lineno <= line <= n.end_lineno),
        None)
    if statement is None:
        return ""
    dropped = len(big) - len(small)

    def in_order(node):
        return sorted((n for n in ast.walk(node) if isinstance(n, (ast.Call, ast.Name))),
                      key=lambda n: (n.lineno, n.col_offset))
    # in the order they are written: the statement's own reductions and the names it reads (each assigned once)
    candidates, assigned = [], _assigned(function)
    for n in in_order(statement):
        if isinstance(n, ast.Call):
            candidates.append(n)
        elif isinstance(n.ctx, ast.Load) and len(assigned.get(n.id, [])) == 1:
            candidates += [m for m in in_order(assigned[n.id][0]) if isinstance(m, ast.Call)]
    def transposed(node) -> bool:  # a view with its axes moved: keepdims would not make its statistic right
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        return any(isinstance(n, ast.Attribute) and n.attr in MOVES_AXES or isinstance(n, ast.Call) and getattr(
            n.func, "attr", getattr(n.func, "id", "")) in MOVES_AXES for v in [node] + [
            assigned[name][0] for name in names if len(assigned.get(name, [])) == 1] for n in ast.walk(v))

    said, seen = [], set()
    for call in candidates:
        if _reduced_axes(call) != dropped or ast.unparse(call) in seen:
            continue
        operand = call.func.value if not (isinstance(call.func.value, ast.Name) and call.func.value.id in (
            "np", "numpy")) else (call.args[0] if call.args else call.func.value)
        if transposed(operand):
            # set J: np.mean(x.reshape(N * G, -1).T, axis=1) averages over the wrong axis; (40, 1) would only
            # broadcast it, so the generic paragraph stays
            return ""
        seen.add(ast.unparse(call))
        kept = copy.deepcopy(call)
        kept.keywords = [k for k in kept.keywords if k.arg != "keepdims"] + [
            ast.keyword(arg="keepdims", value=ast.Constant(True))]
        said.append(text("bc_keepdims_dropped", call=ast.unparse(call), small=_shape(small), big=_shape(big),
                         count=dropped, fixed=ast.unparse(kept)) if not said else
                    text("bc_keepdims_dropped_too", call=ast.unparse(call), fixed=ast.unparse(kept)))
    return join(" ", *said) if said else ""


def _shape(sizes) -> str:
    return "(" + ", ".join(str(n) for n in sizes) + ")"


def _tuple(sizes) -> str:
    """A shape as Python writes it, (6,) for one axis."""
    return str(tuple(sizes))


def with_leftovers(hint, graded, verdict, context, stopped: bool = False):
    """A Python 2 / old NumPy hint, with the other such lines of the same function the run has not reached yet,
    and, where the function ``stopped`` there on every case, that what follows is not checked yet: the mistakes
    the source shows are named beside it (``with_source_hints``), the others can only be announced."""
    if not any(rule.name in PYTHON2_RULES and english(hint).startswith(english(rule.hint())) for rule in RULES):
        return hint
    where, _ = location(verdict.numbers.get("traceback", []), graded, context)
    line = int(where.split(":")[1].split(" ")[0]) if where.count(":") else 0
    others = python2_leftovers(graded, context, skip_line=line)
    if others:
        hint = lines(hint, text("diag_leftovers", function=graded.name, lines=", ".join(others[:6])))
    if stopped:
        hint = lines(hint, text("diag_not_run_after", function=graded.name))
    return hint


def stopped_everywhere(verdicts: dict) -> bool:
    """Did the function raise on every case it failed (so none of its later lines ran where it was wrong)?"""
    failed = [v for v in verdicts.values() if not v.missing and not v.ok]
    return bool(failed) and all(v.errored for v in failed)


_P = r"(\bp\b|dropout_param\[['\"]p['\"]\])"  # a dropout's p, as a name or read from its dict

# Mistakes read from the student's source, whatever the run raised: named beside another mistake's hint (a
# pad:-pad and loop bounds from the wrong array are two mistakes, both to be named).
SOURCE_PATTERNS = [
    # (key, functions, pattern the function must contain, pattern that must also be there ('' for none))
    ("src_dout_shape_as_input", r"conv_backward", r"^\s*\w+\s*,\s*\w+\s*,\s*H\s*,\s*W\s*=\s*dout\.shape",
     r"\bH\s*\+\s*2\s*\*\s*pad\b|\bpad\s*\+\s*H\b|\(\s*N\s*,\s*C\s*,\s*H\s*,\s*W\s*\)"),
    ("src_range_input_stride", r"conv|pool", r"range\(\s*0\s*,\s*(H|W)(_?pad\w*)?\s*,\s*stride\s*\)", ""),
    # issue 19: dropout and the normalisations as real students write them
    # (not where it is compared as randn >= p: that keeps the units above p, src_dropout_randn_ge)
    ("src_dropout_randn", r"^dropout_forward$", r"\brandom\.randn\s*\((?!(?:[^()]|\([^()]*\))*\)\s*>)", ""),
    # rohitgeo/AI-Saturdays: (np.random.randn(*x.shape) >= p) / (1 - p), CS231n 2016's p on a normal draw: it keeps
    # about 0.24 of the units at p = 0.7, neither p nor the 1 - p its outputs' scale would suggest
    ("src_dropout_randn_ge", r"^dropout_forward$",
     r"\brandom\.randn\s*\((?:[^()]|\([^()]*\))*\)\s*>=?\s*" + _P + r"(?!\s*[-+*/])", ""),
    ("src_eps_hardcoded", r"norm", r"sqrt\([^#]*\+\s*(\d+(\.\d*)?[eE]-?\d+|0\.0+\d+)\b|"
                                    r"\+\s*(\d+(\.\d*)?[eE]-?\d+|0\.0+\d+)\s*\)\s*\*\*\s*\(?\s*-?\s*(0?\.5|1\.5|1\s*/\s*2)",
     ""),
    # learnB's sweep: the method form, dout.sum(), too; np.sum(dout, 0) has its axis (no comma: none given)
    ("src_sum_without_axis", r"^(batchnorm|layernorm)_backward",
     r"=\s*np\.sum\((?![^#]*axis)[^,#]*\)\s*$|=\s*[^#=]*\.sum\(\s*\)\s*$", ""),
    ("src_momentum_hardcoded", r"batchnorm_forward", r"running_(mean|var)\w*\s*\*\s*0?\.\d+\b|"
                                                       r"\b0?\.\d+\s*\*\s*\(?\s*running_(mean|var)", ""),
    # issue 19, third round: a dropout's mask read from the source where the run never reached it (an xrange
    # before it): kept with probability 1 - p (unless p itself was redefined as 1 - p), one draw per sample
    ("dropout_keeps_1_minus_p", r"^dropout_forward$",
     r"rand(?!n\s*\()\w*\((?:[^()]|\([^()]*\))*\)\s*>=?\s*" + _P + r"(?!\s*[-+*/])|"
     r"rand(?!n\s*\()\w*\((?:[^()]|\([^()]*\))*\)\s*<=?\s*\(?\s*1(\.0*)?\s*-\s*" + _P + r"|"
     r"binomial\(\s*1\s*,\s*\(?\s*1(\.0*)?\s*-\s*" + _P,
     r"^(?![\s\S]*\bp\s*=\s*\(?\s*1(\.0*)?\s*-)"),
    # set H: the (N * H * W, C) rows put back as (N, C, H, W) and then transposed, where (N, H, W, C) comes first
    ("src_sbn_reshape_before_transpose", r"^spatial_batchnorm_(forward|backward)$",
     r"\.reshape\(\s*(\w+\.shape|\(?\s*N\s*,\s*C\s*,\s*H\s*,\s*W\s*\)?)\s*\)\s*\.transpose\(\s*\(?\s*0\s*,\s*3\s*,"
     r"\s*1\s*,\s*2\s*\)?\s*\)", ""),
    # set H: batch norm run per channel on a (N * H * W, 1) column, with the shared (C,) bn_param
    ("src_sbn_column_per_channel", r"^spatial_batchnorm_forward$",
     r"\.reshape\(\s*-1\s*,\s*1\s*\)|\.reshape\(\s*N\s*\*\s*H\s*\*\s*W\s*,\s*1\s*\)",
     r"\bfor\s+\w+\s+in\s+x?range\(\s*C\s*\)[\s\S]*batchnorm_forward\("),
    # set O: batch norm run on x.reshape(N, -1), one row per sample: each (c, h, w) position normalised over N alone
    # (the whole x: a channel's slice, x[:, c].reshape(N, -1), is another mistake, rule_sbn_columns_not_channels)
    ("src_sbn_rows_per_sample", r"^spatial_batchnorm_forward$",
     r"(?<![\w.])x\.reshape\(\s*\(?\s*(N|x\.shape\[0\])\s*,\s*(-1|C\s*\*\s*H\s*\*\s*W)\s*\)?\s*\)",
     r"\bbatchnorm_forward\("),
    # set H: eps = 1e-5 set in the function itself (most often a backward whose forward did not cache eps)
    ("src_eps_assigned", r"norm", r"^\s*eps\s*=\s*(\d+(\.\d*)?[eE]-?\d+|0\.0+\d+)\s*$", ""),
    # set O: eps read right, then scaled or shifted by a number (eps = eps * 1.0001): below the tolerance at 1e-5
    ("src_eps_changed", r"norm", r"^\s*(\w*eps\w*)\s*(=\s*\(?\s*\1\s*\)?\s*[-+*/]|[-+*/]=)\s*"
                                  r"(\d+(\.\d*)?([eE]-?\d+)?|\.\d+([eE]-?\d+)?)\s*$", ""),
    # set H: test mode scaled by 1 - p, which the graded test case (p = 0.5) cannot tell from p
    ("src_dropout_test_1_minus_p", r"^dropout_forward$",
     r"\bout\s*=\s*\w+\s*\*\s*\(\s*1(\.0*)?\s*-\s*" + _P + r"\s*\)\s*$",
     ""),
    # eps read with another key (bn_param.get('epsilon', 1e-8)): the default is used whatever the dict holds
    ("src_eps_key", r"norm", r"(bn|ln|gn)_param(\.get\(\s*|\[\s*)['\"](?!eps['\"])(e\w*|esp\w*)['\"]", ""),
    # eps added after the square root, as a name or read from the dict on the same line
    ("mistake_bn_eps_outside_sqrt", r"norm", r"\bsqrt\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\s*\)?\s*\+\s*"
                                              r"(eps\b|epsilon\b|\w+\.get\(\s*['\"]e)", ""),
    ("dropout_mask_per_sample", r"^dropout_forward$",
     r"random\.(rand|random|random_sample|uniform)\(\s*(N|\w+\.shape\[0\]|len\(\s*\w+\s*\))\s*(,\s*1\s*)?\)|"
     r"random\.(rand|random|random_sample)\(\s*\)",
     r"^(?=[\s\S]*\bfor\s+\w+\s+in\s+x?range\(\s*(N|\w+\.shape\[0\]|len\(\s*\w+\s*\))\s*\))"
     r"(?![\s\S]*\bfor\b[\s\S]*\bfor\b)|"
     r"random\.(rand|random|random_sample|uniform)\(\s*(N|\w+\.shape\[0\]|len\(\s*\w+\s*\))\s*(,\s*1\s*)?\)"),
]
# patterns that look inside string literals (blanked for the others)
READ_WITH_STRINGS = {"src_eps_key", "mistake_bn_eps_outside_sqrt"}
# A source mistake that makes another hint's sentence untrue: eps hard-coded as 1e-5 fails the large-eps case as eps
# outside the square root would, but it is inside.
# An eps that is not the dict's (typed in, assigned, changed, read with another key) makes a test mode with eps in its
# root look like one without (1e-5 and 0 both fit its output beside a variance of about 1): "eps is missing" is
# untrue there, and a test root truly without eps is read from the source (src_test_root_without_eps, after these).
SUPERSEDES = {"src_eps_hardcoded": ("pattern_eps_large", "pattern_eps_not_read", "bn_test_without_eps"),
              "src_eps_assigned": ("pattern_eps_large", "pattern_eps_large_backward", "pattern_eps_not_read",
                                   "bn_test_without_eps"),
              "src_eps_changed": ("pattern_eps_large", "pattern_eps_large_backward", "pattern_eps_not_read",
                                  "bn_test_without_eps"),
              "src_eps_key": ("bn_test_without_eps",),
              "src_sbn_rows_per_sample": ("rule_sbn_columns_not_channels",),
              "src_dropout_test_1_minus_p": ("mistake_dropout_scaled_at_test", "dropout_test_scaled"),
              # a normal draw compared as >= p keeps about 0.24 at p = 0.7: not the 1 - p its scale suggests
              "src_dropout_randn_ge": ("dropout_keeps_1_minus_p",),
              # held-out set R (GiangHLe): dx all zeros from `mask == 1`, not from code that never ran
              "src_dropout_mask_eq_one": ("diag_zeros",),
              "src_sbn_column_per_channel": ("rule_norm_reshape", "where_everywhere_norm", "where_everywhere_formula"),
              # learnN: a dx made without dout does not sum to zero for no reason of the mean's path or its count
              "src_dx_without_dout": ("pattern_norm_backward_not_centred",),
              # held-out set Q (drafly): a running average updated from the other is what its check's elements show
              "src_running_from_other": ("where_everywhere", "where_everywhere_formula", "where_everywhere_norm")}
# A source mistake that a reading of the outputs has already named in its own words (said once).
SAID_AS = {"mistake_bn_eps_outside_sqrt": ("form_eps_outside_sqrt", "mistake_bn_test_eps_outside_sqrt",
                                           "src_eps_outside_own_root"),
           # learnS: the same slip read from the source by the catalog's mistake, or from the outputs
           "src_eps_outside_own_root": ("mistake_bn_eps_outside_sqrt", "form_eps_outside_sqrt"),
           "src_dx_hat_from_x_hat": ("dx_change_gamma_xhat",), "src_test_root_without_eps": ("bn_test_without_eps",),
           "src_test_var_without_root": ("pattern_test_without_sqrt", "pattern_test_without_sqrt_no_eps"),
           "src_dx_constant_stats": ("mistake_bn_backward_constant_stats",),
           "src_dx_without_gamma": ("dx_change_gamma_missing", "pattern_norm_backward_diagonal_no_gamma"),
           # learnM (Dickey007s): beside an exception, the formula's reading of the cases that ran says it already
           "src_no_parentheses": ("form_no_parentheses",),
           "src_dx_no_sums": ("pattern_norm_backward_diagonal", "pattern_norm_backward_diagonal_no_gamma",
                              "mistake_bn_backward_constant_stats")}


def _statement_spans(physical: dict[int, str]) -> dict[int, range]:
    """First line -> the lines of each line of code continued inside brackets or after a backslash (a call whose
    ``axis=1`` is on its second line is read whole), from ``physical`` (line -> code, strings blanked)."""
    spans, numbers = {}, sorted(physical)
    k = 0
    while k < len(numbers):
        start, depth, end = numbers[k], 0, k
        while True:
            code = physical[numbers[end]]
            depth += sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
            if (depth <= 0 and not code.rstrip().endswith("\\")) or end + 1 >= len(numbers):
                break
            end += 1
        spans[start] = range(start, numbers[end] + 1)
        k = end + 1
    return spans


# A count read from an array's first axis is the number of samples only where that array still has them as rows
# (set J: `np.random.rand(flat.shape[0])` with flat = np.reshape(x, (-1,)) draws one value per element).
COUNTS_OF_SAMPLES = {"dropout_mask_per_sample"}
_FLATTENING = re.compile(r"\.(ravel|flatten)\(\s*\)|\.flat\b|\.reshape\(\s*\(?\s*-1\s*,?\s*\)?\s*\)|"
                         r"\b(np|numpy)\.(reshape\([^,()]+,|ravel\()\s*\(?\s*-1\s*,?\s*\)?\s*\)|\b(np|numpy)\.ravel\(")


def _count_of_flattened(key: str, code: str, function: ast.FunctionDef) -> bool:
    """Does ``code`` (a line a COUNTS_OF_SAMPLES pattern matched) count the first axis of an array that ``function``
    assigned only from a flattening (``.ravel()``, ``.reshape(-1)``, ``np.reshape(x, (-1,))``)? Then it counts
    elements, not samples, and the pattern's claim would be untrue."""
    if key not in COUNTS_OF_SAMPLES:
        return False
    names = set(re.findall(r"\b(\w+)\.shape\[0\]", code))
    if not names:
        return False
    flattened = {}
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and n.targets[0].id in names:
            flattened.setdefault(n.targets[0].id, []).append(bool(_FLATTENING.search(ast.unparse(n.value))))
    return any(flattened.get(name) and any(flattened[name]) for name in names)


def source_hints(graded, context, keyed: bool = False, raised: bool = False) -> list:
    """Hints for the mistakes SOURCE_PATTERNS finds in the student's function, and those its syntax tree shows
    (``syntax_readings``; some only where it ``raised``), each with its line (``keyed``: as (key, hint) pairs)."""
    if context is None:
        return []
    found_function = _student_function(graded, context)
    if found_function is None:
        return []
    source, node = found_function
    code_lines = _code_only(source)
    physical = {k: code_lines.get(k, "") for k in range(node.lineno, node.end_lineno + 1)}
    whole = "\n".join(physical.values())
    raw = source.splitlines()
    spans = _statement_spans(physical)
    body = {k: " ".join(physical[j].strip() for j in span) for k, span in spans.items()}
    found = []
    for key, functions, pattern, also in SOURCE_PATTERNS:
        if not re.search(functions, graded.name) or (also and not re.search(also, whole)):
            continue
        # a pattern about a string (a dict's key) reads the line with its strings, where code is there at all
        lines_read = {k: " ".join(raw[j - 1].strip() for j in spans[k]) if code.strip() else ""
                      for k, code in body.items()} if key in READ_WITH_STRINGS else body
        where = next((k for k, code in lines_read.items() if re.search(pattern, code)
                      and not _count_of_flattened(key, code, node)), None)
        if where is not None:
            module_file = graded.module.rpartition(".")[2] + ".py"
            found_hint = lines(text(key), text("diag_at", where=f"{module_file}:{where}",
                                                code=code_span(" ".join(raw[j - 1].strip() for j in spans[where]))))
            found.append((key, found_hint) if keyed else found_hint)
    module_file = graded.module.rpartition(".")[2] + ".py"
    for key, said, where in syntax_readings(graded, context, raised):
        span = next((spans[k] for k in spans if where in spans[k]), range(where, where + 1))
        found_hint = lines(said, text("diag_at", where=f"{module_file}:{span[0]}",
                                      code=code_span(" ".join(raw[j - 1].strip() for j in span))))
        found.append((key, found_hint) if keyed else found_hint)
    return found


# Read from the source's syntax tree (issue 19, set I: several mistakes of which only the first raised was named):
# a normalisation forward's statistics over axes of its own x that are not its layer's, a group norm that never reads
# G, a root with no eps anywhere in the function, a parameter dict handed to a layer that reads another. Each only
# where the source leaves no doubt; the first and the third only where the function raised (where it ran, its
# outputs are read instead, in their own words).
STATS_AXES = {"batchnorm_forward": (2, {0}), "layernorm_forward": (2, {1}), "spatial_batchnorm_forward": (4, {0, 2, 3})}
STATS_CALLS = {"mean", "var", "std"}
# a backward's dbeta summed from its own dout alone: over every axis but the channels'
DOUT_AXES = {"batchnorm_backward": (2, {0}), "batchnorm_backward_alt": (2, {0}), "layernorm_backward": (2, {0}),
             "spatial_batchnorm_backward": (4, {0, 2, 3}), "spatial_groupnorm_backward": (4, {0, 2, 3})}
PARAM_DICTS = {"bn_param": ("batchnorm_forward", "spatial_batchnorm_forward"), "ln_param": ("layernorm_forward",),
               "gn_param": ("spatial_groupnorm_forward",)}
NORM_FORWARDS = ("batchnorm_forward", "layernorm_forward", "spatial_batchnorm_forward", "spatial_groupnorm_forward")


def _unwrapped(node):
    """``node`` without the indexing, reshapes and transposes around it."""
    while True:
        if isinstance(node, ast.Subscript) or (isinstance(node, ast.Attribute) and node.attr == "T"):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("reshape", "transpose"):
            owner = node.func.value
            node = node.args[0] if isinstance(owner, ast.Name) and owner.id in ("np", "numpy") and node.args \
                else owner
        else:
            return node


def _refers(node, names: set) -> str:
    """The name of ``names`` that ``node`` is, or indexes, reshapes or transposes ('' where it is none of them)."""
    node = _unwrapped(node)
    return node.id if isinstance(node, ast.Name) and node.id in names else ""


def _assigned(function: ast.FunctionDef) -> dict:
    """name -> the values of every plain assignment of it in ``function``."""
    assigned: dict[str, list] = {}
    for n in ast.walk(function):
        if isinstance(n, ast.Assign):
            for target in n.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(n.value)
    return assigned


def _is_sqrt(node) -> bool:
    """Is ``node`` a call of a square root (``np.sqrt(...)``, ``sqrt(...)``)?"""
    return isinstance(node, ast.Call) and "sqrt" in (getattr(node.func, "attr", ""), getattr(node.func, "id", ""))


def _takes_root(node) -> bool:
    return any(_is_sqrt(c) for c in ast.walk(node))


def _normalised_names(forward: ast.FunctionDef) -> set:
    """The names a forward assigns its normalised x: every assignment of the name a division of a difference by a
    square root or by a name every assignment of which takes one ((x - mean) / np.sqrt(var + eps), (x - mu) / std),
    possibly reshaped or transposed, or a reshape or transpose of such a name."""
    assigned = _assigned(forward)
    roots = {name for name, values in assigned.items() if all(_takes_root(v) for v in values)}

    def normalises(value, found):
        inner = _unwrapped(value)
        if isinstance(inner, ast.Name):
            return inner is not value and inner.id in found
        return isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Div) and isinstance(inner.left, ast.BinOp) \
            and isinstance(inner.left.op, ast.Sub) and (_takes_root(inner.right) or bool(_refers(inner.right, roots)))

    found: set = set()
    while True:
        more = {name for name, values in assigned.items() if name not in found
                and all(normalises(v, found) for v in values)}
        if not more:
            return found
        found |= more


def _dx_hat_from_x_hat(graded, source, backward: ast.FunctionDef):
    """(line, gamma, x_hat) where a normalisation backward multiplies the gamma its forward stored by the normalised
    x its forward stored, in a statement that never reads dout, and uses the product later (the gradient reaching
    x_hat built from x_hat where dout belongs); None where its source does not show that."""
    forward = _function_nodes(source).get(getattr(graded, "forward", ""))
    params = [a.arg for a in backward.args.args]
    if forward is None or len(forward.args.args) < 2 or not params:
        return None
    normalised, gamma_param = _normalised_names(forward), forward.args.args[1].arg
    packed, read = _cache_tuples(forward, backward=False), _cache_tuples(backward, backward=True)
    if len(packed) != 1 or len(read) != 1 or len(packed[0][1]) != len(read[0][1]):
        return None
    pairs = list(zip(packed[0][1], read[0][1]))
    gammas = {mine for stored, mine in pairs if stored == gamma_param}
    x_hats = {mine for stored, mine in pairs if stored in normalised}
    returned = {e.id for n in ast.walk(backward) if isinstance(n, ast.Return) and isinstance(n.value, ast.Tuple)
                for e in n.value.elts if isinstance(e, ast.Name)}
    for n in ast.walk(backward):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)) \
                or n.targets[0].id in returned or _refers_anywhere(n.value, params[0]):
            continue
        for product in ast.walk(n.value):
            if not (isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult)):
                continue
            sides = (product.left, product.right)
            for a, b in (sides, sides[::-1]):
                if _refers(a, gammas) and _refers(b, x_hats) and _loaded_after(backward, n) \
                        and not _multiplied_by(backward, n.targets[0].id, params[0]):
                    return n.lineno, _refers(a, gammas), _refers(b, x_hats)
    return None


def _multiplied_by(function: ast.FunctionDef, name: str, dout: str) -> bool:
    """Is ``name`` multiplied anywhere in ``function`` by an expression that reads ``dout`` (gamma * x_hat kept for
    sum(dout * gamma * x_hat), a right term)?"""
    for n in ast.walk(function):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            for a, b in ((n.left, n.right), (n.right, n.left)):
                if _refers_anywhere(a, name) and _refers_anywhere(b, dout):
                    return True
    return False


def _refers_anywhere(node, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _loaded_after(function: ast.FunctionDef, assign: ast.Assign) -> bool:
    """Is the name ``assign`` sets read on a later line of ``function``?"""
    name = assign.targets[0].id
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) and n.lineno > assign.end_lineno
               for n in ast.walk(function))


def _stored(function: ast.FunctionDef, name: str) -> bool:
    """Is ``name`` assigned anywhere in ``function`` (so that a later read of it may be another value)?"""
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
               for n in ast.walk(function))


def _loaded(function: ast.FunctionDef, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(function))


def _literal_axes(call: ast.Call, positional: int):
    """The axes a mean/var/std call names, as a tuple of ints, None for no axis, or False where not a literal."""
    node = next((k.value for k in call.keywords if k.arg == "axis"), None)
    if node is None and len(call.args) > positional:
        node = call.args[positional]
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return False
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, tuple) and value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return value
    return False


# A group norm's grouped views of x, as real files write them (N, C, H, W read from x.shape, G its argument): the
# shape's code with those letters -> (the view's number of axes, the axes along which one sample's group lies)
GROUPED_VIEWS = {"(N,G,C//G,H,W)": (5, {2, 3, 4}), "(N,G,-1,H,W)": (5, {2, 3, 4}), "(N,G,-1)": (3, {2}),
                 "(N,G,C//G*H*W)": (3, {2}), "(N*G,-1)": (2, {1})}


def _grouped_views(function: ast.FunctionDef, x: str, G: str) -> dict:
    """name -> (line, code, ndim, right axes) of every ``name = x.reshape(...)`` whose shape is one of
    GROUPED_VIEWS (``N, C, H, W = x.shape`` read first; x, G, those letters and the name never assigned again)."""
    letters = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple) \
                and len(node.targets[0].elts) == 4 and all(isinstance(e, ast.Name) for e in node.targets[0].elts) \
                and isinstance(node.value, ast.Attribute) and node.value.attr == "shape" \
                and isinstance(node.value.value, ast.Name) and node.value.value.id == x:
            letters = {e.id: letter for e, letter in zip(node.targets[0].elts, "NCHW")}
    if not letters or _stored(function, x) or _stored(function, G) or any(_count_stored(function, n) != 1
                                                                          for n in letters):
        return {}
    letters[G] = "G"
    views = {}
    for node in ast.walk(function):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute)
                and node.value.func.attr == "reshape" and isinstance(node.value.func.value, ast.Name)
                and node.value.func.value.id == x):
            continue
        args = node.value.args
        elts = args[0].elts if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)) else args
        if any(isinstance(n, ast.Name) and n.id not in letters for e in elts for n in ast.walk(e)):
            continue
        code = "(" + ",".join(_renamed(e, letters) for e in elts) + ")"
        name = node.targets[0].id
        if code in GROUPED_VIEWS and _count_stored(function, name) == 1:
            ndim, right = GROUPED_VIEWS[code]
            views[name] = (node.lineno, ast.unparse(node), ndim, right)
    return views


def _renamed(node, letters) -> str:
    """``node`` as code, its names put as the letters they stand for, without spaces."""
    tree = ast.parse(ast.unparse(node), mode="eval")
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            n.id = letters.get(n.id, n.id)
    return ast.unparse(tree).replace(" ", "")


def _count_stored(function: ast.FunctionDef, name: str) -> int:
    return sum(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
               for n in ast.walk(function))


def _axes_of_call_on(call: ast.Call, name: str):
    """The axes (``_literal_axes``) of a reduction taken of the array ``name``, as ``name.mean(axis=...)`` or
    ``np.mean(name, axis=...)``; False where the call is on something else or its axes are not a literal."""
    owner = call.func.value
    if isinstance(owner, ast.Name) and owner.id == name:
        return _literal_axes(call, 0)
    if isinstance(owner, ast.Name) and owner.id in ("np", "numpy") and call.args \
            and isinstance(call.args[0], ast.Name) and call.args[0].id == name:
        return _literal_axes(call, 1)
    return False


def _stats_of_x(function: ast.FunctionDef, x: str, assigned_once: bool = False):
    """(line, axes) of every mean, var or std taken straight of the parameter ``x`` (np.mean(x, axis=...) or
    x.mean(axis=...)), ``x`` never reassigned (``assigned_once``: a view, assigned once); axes a tuple, None for the
    whole array."""
    if _count_stored(function, x) > (1 if assigned_once else 0):
        return []
    reduced_again = set()  # a mean of a mean (x.mean(axis=0).mean(axis=(1, 2))) is read as neither
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in STATS_CALLS | {"sum"}:
            reduced_again.update(id(n) for n in [node.func.value] + list(node.args))
    found = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) \
                or node.func.attr not in STATS_CALLS or id(node) in reduced_again:
            continue
        axes = _axes_of_call_on(node, x)
        if axes is not False:
            found.append((node.lineno, axes))
    return found


def _dbeta_sums(function: ast.FunctionDef, dout: str):
    """(line, axes) of every ``dbeta = np.sum(dout, axis=...)`` (or ``dout.sum(...)``, reshaped or not) in
    ``function``, ``dout`` never reassigned: a sum of dout alone assigned to a name with beta in it."""
    if _stored(function, dout):
        return []
    found = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign) or not any(isinstance(t, ast.Name) and "beta" in t.id.lower()
                                                       for t in node.targets):
            continue
        value = node.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "reshape":
            value = value.func.value
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute) or value.func.attr != "sum":
            continue
        axes = _axes_of_call_on(value, dout)
        if axes is not False:
            found.append((node.lineno, axes))
    return found


def _filled(function: ast.FunctionDef, name: str) -> bool:
    """Does ``function`` put anything into the dict ``name`` (``name['mode'] = ...``, ``name.update(...)``)?"""
    for node in ast.walk(function):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == name:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "update", "setdefault", "__setitem__") and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == name:
            return True
    return False


def _has_eps(function: ast.FunctionDef) -> bool:
    """Does anything in ``function`` look like eps: a name, attribute or string with eps in it, a small number, or a
    call of a normalisation layer (which has its own)?"""
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and ("eps" in node.id.lower() or "epsilon" in node.id.lower()):
            return True
        if isinstance(node, ast.Attribute) and "eps" in node.attr.lower():
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "eps" in node.value.lower():
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool) and 0 < node.value < 1e-2:
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.right, ast.UnaryOp) \
                and isinstance(node.right.op, ast.USub):
            return True  # 10 ** -5
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _small_number(node.value):
            return True  # float('1e-5')
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)) and \
                (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) in NORM_FORWARDS + (
                    "batchnorm_backward", "layernorm_backward"):
            return True
    return False


def _small_number(value: str) -> bool:
    try:
        return 0 < float(value) < 1e-2
    except ValueError:
        return False


def _mode_value(test) -> str:
    """'test' or 'train' where ``test`` compares something with that string by ==, else ''."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        for side in (test.left, test.comparators[0]):
            if isinstance(side, ast.Constant) and side.value in ("test", "train"):
                return side.value
    return ""


def _test_branches(function: ast.FunctionDef) -> list:
    """The statements of the test-mode branches of ``function``: the body of `if mode == 'test'`, the else of
    `if mode == 'train'` (not an elif of it)."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.If):
            mode = _mode_value(node.test)
            if mode == "test":
                found.append(node.body)
            elif mode == "train" and node.orelse and not (len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If)):
                found.append(node.orelse)
    return found


def _with_eps_names(function: ast.FunctionDef) -> set:
    """The names ``function`` assigns from something that holds eps (`var = running_var + eps`), followed through
    later assignments (`std = np.sqrt(var)`)."""
    held, grown = set(), True
    while grown:
        grown = False
        for node in ast.walk(function):
            if isinstance(node, (ast.Assign, ast.AugAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {t.id for t in targets if isinstance(t, ast.Name)} - held
                value = ast.Module(body=[ast.Expr(node.value)], type_ignores=[])
                if names and (_has_eps(value) or any(isinstance(n, ast.Name) and n.id in held
                                                     for n in ast.walk(node.value))):
                    held |= names
                    grown = True
    return held


def _test_root_without_eps(function: ast.FunctionDef):
    """(line, code) of a square root in a batch norm's test-mode branch with no eps in its statement (nor a name
    assigned from one), where the function has eps elsewhere (no eps anywhere is ``src_eps_nowhere``'s), or None. A
    root whose statement, or a later use of the name it is stored in, adds eps (`np.sqrt(var) + eps`: outside the
    root, which the outputs' reading names) is not said to lack it."""
    if not _has_eps(function):
        return None
    held = _with_eps_names(function)

    def eps_in(node) -> bool:
        return _has_eps(ast.Module(body=[ast.Expr(node)], type_ignores=[])) or \
            any(isinstance(n, ast.Name) and n.id in held for n in ast.walk(node))

    for body in _test_branches(function):
        statements = [n for statement in body for n in ast.walk(statement)
                      if isinstance(n, (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)) and n.value is not None]
        for statement in statements:
            roots = [n for n in ast.walk(statement.value) if isinstance(n, ast.Call) and len(n.args) == 1
                     and getattr(n.func, "attr", getattr(n.func, "id", "")) == "sqrt"]
            if not roots or eps_in(statement.value):
                continue
            stored = {t.id for t in getattr(statement, "targets", [getattr(statement, "target", None)])
                      if isinstance(t, ast.Name)}
            if any(other is not statement and eps_in(other.value) and
                   any(isinstance(n, ast.Name) and n.id in stored for n in ast.walk(other.value))
                   for other in statements):
                continue  # eps added to the root where it is used
            return roots[0].lineno, ast.unparse(roots[0])
    return None


def _test_variance_without_root(function: ast.FunctionDef):
    """(line, code) of a division in a batch norm's test-mode branch by running_var (a name with running_var in it,
    or bn_param['running_var']) with no square root nor power anywhere in its divisor (`(x - running_mean) /
    (running_var + eps)`, `1 / running_var`), or None. A divisor that is a name of its own (`/ std`) is not read."""
    def running_var(node) -> bool:
        return isinstance(node, ast.Name) and "running_var" in node.id.lower() or isinstance(node, ast.Subscript) \
            and isinstance(node.slice, ast.Constant) and node.slice.value == "running_var"

    def rooted(node) -> bool:
        return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) or isinstance(n, ast.Call) and any(
            word in ast.unparse(n.func) for word in ("sqrt", "power", "pow", "std")) for n in ast.walk(node))

    for body in _test_branches(function):
        for division in sorted((n for statement in body for n in ast.walk(statement)
                                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)),
                               key=lambda n: (n.lineno, n.col_offset)):
            if any(running_var(n) for n in ast.walk(division.right)) and not rooted(division.right):
                return division.lineno, ast.unparse(division)
    return None


def _running_from_other(function: ast.FunctionDef):
    """(line, code, target, read) of a momentum update of one running average (``running_var``, indexed or not, or
    bn_param's key) that reads the other (``running_mean``) and not itself (``running_var[k] = running_mean[k] *
    momentum + (1 - momentum) * var[k]``), or None."""
    def which(node) -> str:
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and node.slice.value in ("running_mean", "running_var"):
            return node.slice.value
        if isinstance(node, ast.Subscript):
            node = node.value
        if isinstance(node, ast.Name):
            return next((w for w in ("running_mean", "running_var") if node.id.lower() == w), "")
        return ""

    for n in ast.walk(function):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1):
            continue
        target = which(n.targets[0])
        if not target or not any(isinstance(m, ast.Name) and "momentum" in m.id.lower() for m in ast.walk(n.value)):
            continue
        read = {which(m) for m in ast.walk(n.value)} - {""}
        if read == {"running_mean", "running_var"} - {target}:
            return n.lineno, ast.unparse(n), target, read.pop()
    return None


def _root_line(function: ast.FunctionDef):
    """The line of the first square root in ``function`` (np.sqrt(...), ``** 0.5``, ``** (1 / 2)``), or None."""
    for node in sorted(ast.walk(function), key=lambda n: getattr(n, "lineno", 0)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "sqrt":
            return node.lineno
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            try:
                power = ast.literal_eval(node.right)
            except (ValueError, SyntaxError, TypeError):
                continue
            if isinstance(power, float) and abs(abs(power) - 0.5) < 1e-12:
                return node.lineno
    return None


def _g_overwritten(function: ast.FunctionDef, G: str):
    """(line, code) of an assignment that gives the argument ``G`` another value (set G: `G = C // G`), where no
    later line divides by G again (which would give the groups back), or None. ``G = int(G)`` keeps it."""
    for node in ast.walk(function):
        if not isinstance(node, (ast.Assign, ast.AugAssign)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not any(isinstance(t, ast.Name) and t.id == G for t in targets):
            continue
        value = node.value
        if isinstance(node, ast.Assign) and isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id in ("int", "float") and len(value.args) == 1 \
                and isinstance(value.args[0], ast.Name) and value.args[0].id == G:
            continue
        divides_again = any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.FloorDiv, ast.Div))
                            and isinstance(n.right, ast.Name) and n.right.id == G and n.lineno > node.lineno
                            for n in ast.walk(function))
        if divides_again:
            return None
        return node.lineno, ast.unparse(node)
    return None


def _axes_set(axes, ndim):
    """The axes a call names, as a set of non-negative axes of an ``ndim``-axis array; None for the whole array."""
    return None if axes is None else {a % ndim for a in axes if -ndim <= a < ndim}


def _axes_code(axes, ndim):
    if axes is None:
        return text("src_no_axis")
    return f"axis={axes[0]}" if len(axes) == 1 else f"axis={tuple(a % ndim for a in axes)}"


def syntax_readings(graded, context, raised: bool) -> list[tuple[str, object, int]]:
    """(key, Text, line) of the mistakes ``graded``'s source shows in its syntax tree (see above)."""
    found_function = _student_function(graded, context) if context is not None else None
    if found_function is None:
        return []
    source, node = found_function
    params = [a.arg for a in node.args.args]
    found = []
    if raised and graded.name in STATS_AXES and params:
        ndim, right = STATS_AXES[graded.name]
        for lineno, axes in _stats_of_x(node, params[0]):
            if _axes_set(axes, ndim) != right:
                found.append(("src_stats_axes", text("src_stats_axes", function=graded.name, x=params[0],
                                                     got=_axes_code(axes, ndim),
                                                     want=text("norm_want_" + graded.name)), lineno))
                break
    if raised and graded.name == "spatial_groupnorm_forward" and len(params) >= 4:
        for view, (_, code, ndim, right) in _grouped_views(node, params[0], params[3]).items():
            wrong = [(lineno, axes) for lineno, axes in _stats_of_x(node, view, assigned_once=True)
                     if _axes_set(axes, ndim) != right]
            if wrong:
                lineno, axes = wrong[0]
                found.append(("src_stats_axes_view", text("src_stats_axes_view", function=graded.name, code=code,
                                                          got=_axes_code(axes, ndim),
                                                          want=_axes_code(tuple(sorted(right)), ndim)), lineno))
                break
    if graded.name == "spatial_groupnorm_forward" and len(params) >= 4 and not _loaded(node, params[3]):
        found.append(("src_g_unused", text("src_g_unused", function=graded.name, G=params[3]), node.lineno))
    if graded.name == "spatial_groupnorm_forward" and len(params) >= 4 and _loaded(node, params[3]):
        overwritten = _g_overwritten(node, params[3])
        if overwritten is not None:
            lineno, code = overwritten
            found.append(("src_g_overwritten", text("src_g_overwritten", function=graded.name, G=params[3],
                                                    code=code), lineno))
    if raised and graded.name in NORM_FORWARDS and not _has_eps(node):
        root = _root_line(node)
        if root is not None:
            found.append(("src_eps_nowhere", text("src_eps_nowhere", function=graded.name), root))
    if raised and graded.name in DOUT_AXES and not _has_eps(node):
        # set K: a backward recomputing std as np.sqrt(var), named only after the cache it unpacks wrongly
        root = _root_line(node)
        if root is not None:
            found.append(("src_eps_nowhere_backward", text("src_eps_nowhere_backward", function=graded.name), root))
    if raised and graded.name in DOUT_AXES and params:
        ndim, right = DOUT_AXES[graded.name]
        for lineno, axes in _dbeta_sums(node, params[0]):
            if _axes_set(axes, ndim) != right:
                found.append(("src_dout_sum_axes", text("src_dout_sum_axes", function=graded.name, dout=params[0],
                                                        got=_axes_code(axes, ndim),
                                                        want=_axes_code(tuple(sorted(right)), ndim)), lineno))
                break
    if raised and graded.name in DOUT_AXES and params:
        built = _dx_hat_from_x_hat(graded, source, node)
        if built is not None:
            lineno, gamma, x_hat = built
            found.append(("src_dx_hat_from_x_hat", text("src_dx_hat_from_x_hat", function=graded.name, gamma=gamma,
                                                        x_hat=x_hat, forward=graded.forward, dout=params[0]),
                          lineno))
    if graded.name in ("batchnorm_forward", "spatial_batchnorm_forward"):
        found.extend(_running_lost(graded, node, params))
    if graded.name == "dropout_backward":
        # held-out set R (GiangHLe): `dout * (mask == 1)`, all zeros under a mask scaled by 1 / p ("the code that
        # fills it never ran" was untrue: it ran, and the comparison is never true)
        tested = _mask_tested_against_one(node)
        if tested is not None:
            found.append(("src_dropout_mask_eq_one", text("src_dropout_mask_eq_one", function=graded.name,
                                                          code=tested[1]), tested[0]))
    if graded.name == "dropout_forward":
        # held-out set R (GiangHLe): a forward that fails beside a backward testing `mask == 1`, right only for an
        # unscaled 0/1 mask: once this forward scales its mask, that backward's dx is all zeros (said here, where
        # the student is sent first; the backward itself keeps its points)
        backward = _function_nodes(source).get("dropout_backward")
        tested = _mask_tested_against_one(backward) if backward is not None else None
        if tested is not None:
            found.append(("src_dropout_backward_mask_eq_one", text("src_dropout_backward_mask_eq_one",
                                                                   code=tested[1]), tested[0]))
        # learnW's pool (bhaveshtangirala786): a backward dividing by 1 - p itself, right for this forward's drop
        # convention and full marks by the own-forward rule; once this forward keeps with p, it breaks
        own_scale = _divided_by_one_minus_p(backward) if backward is not None else None
        if own_scale is not None:
            found.append(("src_dropout_backward_one_minus_p", text("src_dropout_backward_one_minus_p",
                                                                   code=own_scale[1]), own_scale[0]))
    if raised and graded.name in COUNTS and params:
        # set K: a group-norm backward's `1. / N` (N, the batch size, from its input's shape) beside a NameError
        batch = _batch_size_name(node, params)
        divided = _divided_by(node, batch) if batch else None
        if divided is not None:
            found.append(("src_count_batch", text("src_count_batch", function=graded.name, N=batch,
                                                  want=text("count_want_" + graded.name)), divided))
    if graded.name == "batchnorm_forward":
        # set O: test mode's np.sqrt(sample_var) with no eps, where train mode has it: its output cannot tell (a
        # variance of about 1 hides 1e-5) while another mistake of test mode fails it, so it is read from the source
        bare = _test_root_without_eps(node)
        if bare is not None:
            lineno, code = bare
            found.append(("src_test_root_without_eps", text("src_test_root_without_eps", function=graded.name,
                                                            code=code), lineno))
    if graded.name in ("batchnorm_forward", "spatial_batchnorm_forward"):
        # held-out set Q (drafly): a loop's running_var[k] = running_mean[k] * momentum + ..., told "check the formula"
        crossed = _running_from_other(node)
        if crossed is not None:
            lineno, _, target, read = crossed
            found.append(("src_running_from_other", text("src_running_from_other", function=graded.name,
                                                         target=target, read=read), lineno))
    if graded.name in ("batchnorm_forward", "spatial_batchnorm_forward"):
        # held-out set Q (whgusdn321): test mode's `(x - running_mean) * (1 / running_var + eps)`, no root of the
        # variance, beside a train mode feeding running_var the std (only that one's reading was said)
        unrooted = _test_variance_without_root(node)
        if unrooted is not None:
            lineno, code = unrooted
            found.append(("src_test_var_without_root", text("src_test_var_without_root", function=graded.name,
                                                            code=code), lineno))
    if raised and graded.name in NORM_FORWARDS:
        # set N: a batch norm's `var += eps` before np.sqrt(var + eps), behind an UnboundLocalError
        twice = _eps_added_twice(node)
        if twice is not None:
            lineno, first, code = twice
            found.append(("src_eps_twice", text("src_eps_twice", function=graded.name, first=first, code=code),
                          lineno))
    if raised and graded.name in NORM_FORWARDS:
        # learnS's pool (LinZhuoChen): train mode's (x - mu) / (np.sqrt(var) + eps) behind a TypeError on its cache
        outside = _eps_outside_own_root(node, running=False)
        if outside is not None:
            found.append(("src_eps_outside_own_root", text("src_eps_outside_own_root", function=graded.name,
                                                           code=outside[1], root=outside[2]), outside[0]))
    if raised and graded.name in NORM_FORWARDS:
        # set N: a layer norm's np.sqrt(var ** 2 + eps) behind a TypeError
        squared = _variance_squared(node)
        if squared is not None:
            lineno, code, var = squared
            found.append(("src_var_squared", text("src_var_squared", function=graded.name, code=code, var=var),
                          lineno))
    if raised and graded.name in ("batchnorm_forward", "spatial_batchnorm_forward"):
        # set N: the running averages updated before the mode is looked at, behind an UnboundLocalError
        outside = _running_outside_mode(node)
        if outside is not None:
            lineno, code = outside
            found.append(("src_running_every_mode", text("src_running_every_mode", function=graded.name,
                                                         code=code), lineno))
    if raised and graded.name in NORM_FORWARDS:
        # set N: a layer norm that leaves the starter's cache = None, behind a TypeError
        returned = _cache_left_none(node)
        if returned is not None:
            found.append(("src_cache_left_none", text("src_cache_left_none", function=graded.name,
                                                      backward=graded.name.replace("_forward", "_backward")),
                          returned))
    if raised and graded.name in NORM_FORWARDS:
        # set N: a layer norm's `x - mean / std` behind a TypeError (its output, where it runs, is read instead)
        unbracketed = _mean_divided_alone(node)
        if unbracketed is not None:
            lineno, code = unbracketed
            found.append(("src_no_parentheses", text("src_no_parentheses", function=graded.name, code=code), lineno))
    if raised and graded.name.endswith("_backward") and graded.name in DOUT_AXES:
        doubled = _twice_the_mean(graded, source, node)
        if doubled is not None:
            lineno, mean = doubled
            found.append(("src_twice_the_mean", text("src_twice_the_mean", function=graded.name, mean=mean),
                          lineno))
    if raised and graded.name.startswith("spatial_groupnorm"):
        # set M: a backward half adapted from a layer norm, (1, C, 1, 1) gamma on dout.reshape(N * G, -1)
        flat = _gamma_on_flat_view(graded, source, node)
        if flat is not None:
            lineno, gamma, view, code, ndim = flat
            found.append(("src_gamma_on_flat_view", text("src_gamma_on_flat_view", function=graded.name,
                                                         gamma=gamma, view=view, code=code, ndim=ndim,
                                                         dout=params[0]), lineno))
    if raised and graded.name.endswith("_backward") and re.search(NORM_OR_DROPOUT, graded.name):
        layout = cache_layout_readings(graded, source, node)
        if layout:
            said = lines(text("src_cache_layout", function=graded.name, forward=graded.forward),
                         *(reading for _, reading in layout))
            found.append(("src_cache_layout", said, layout[0][0]))
    if raised and re.search(NORM_OR_DROPOUT, graded.name):
        unassigned = _never_assigned(source, node)
        if unassigned is not None:
            name, lineno = unassigned
            key = "src_name_undefined_d" if name == "D" and graded.name.startswith("spatial_groupnorm") \
                else "src_name_undefined"
            found.append((key, text(key, function=graded.name, name=name), lineno))
    if raised and graded.name.endswith("_backward") and graded.forward in PER_CHANNEL_PARAMS:
        # set K: the backward of a forward that tiled gamma gathers dgamma back in np.tile's order
        untiled = _untiled(graded, source, node)
        if untiled is not None:
            lineno, code, fix = untiled
            found.append(("src_untile_mirror", text("src_untile_mirror", function=graded.name, code=code, fix=fix,
                                                    forward=graded.forward), lineno))
    if graded.name in PER_CHANNEL_PARAMS and len(params) >= 3:
        # set K: a group norm as layer norm per group chunk, its gamma laid out per column with np.tile(gamma[...])
        found += _per_channel_layouts(graded.name, node, params)
    own = next((p for p in params if p in PARAM_DICTS), None)
    if own is not None and not _stored(node, own) and not _filled(node, own):
        for call in ast.walk(node):
            callee = call.func.id if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) else ""
            reader = next((d for d, layers in PARAM_DICTS.items() if callee in layers), None)
            if reader != "bn_param" or reader == own or not any(isinstance(a, ast.Name) and a.id == own
                                                           for a in list(call.args) + [k.value for k in call.keywords]):
                continue
            said = text("src_param_dict_callee", function=graded.name, own=own, callee=callee, reads=reader)
            if callee in ("batchnorm_forward", "spatial_batchnorm_forward") and call.args \
                    and isinstance(call.args[0], ast.Name) and params and call.args[0].id == params[0] \
                    and not _stored(node, params[0]) and graded.name != callee \
                    and graded.name in ("layernorm_forward", "spatial_groupnorm_forward"):
                said = join(" ", said, text("src_callee_batch_axes", callee=callee, x=params[0],
                                            want=text("norm_want_" + graded.name)))
            found.append(("src_param_dict_callee", said, call.lineno))
            break
    if raised and re.search(NORM_OR_DROPOUT, graded.name):
        # set N: `np.sum(dxhat, axix=0)`, a TypeError of the function's own whatever it is handed (its forward's
        # failing cache stopped the run before that line)
        unknown = _unknown_keyword(node)
        if unknown is not None:
            lineno, callee, keyword, near = unknown
            found.append(("src_unknown_keyword", text(
                "src_unknown_keyword", function=graded.name, callee=callee, keyword=keyword,
                near=text("src_unknown_keyword_near", name=near) if near else ""), lineno))
    if raised and graded.name in DOUT_AXES and params:
        found += _dx_hat_slips(graded, node, params[0])
    if raised and graded.name == "spatial_groupnorm_backward":
        # set N: dgamma and dbeta taken from layer norm's backward on the (N * G, ...) rows: sums per column,
        # every group's channels at one position added together
        from_rows = _params_from_layernorm_backward(node)
        if from_rows is not None:
            lineno, names = from_rows
            found.append(("src_gn_params_from_ln", text("src_gn_params_from_ln", function=graded.name,
                                                        names=names), lineno))
    return found


# numpy functions whose keywords a call is checked against (set N's `np.sum(dxhat, axix=0)`); the method form
# (`x.sum(axix=0)`) takes the same keywords but the array
_KEYWORD_CHECKED = ("sum", "mean", "var", "std", "max", "min", "amax", "amin", "prod", "cumsum", "argmax", "argmin",
                    "expand_dims", "squeeze", "repeat", "tile", "concatenate", "stack", "zeros", "ones", "zeros_like",
                    "ones_like", "full", "transpose", "swapaxes", "moveaxis", "pad", "dot", "matmul", "einsum")
_METHOD_CHECKED = ("sum", "mean", "var", "std", "max", "min", "prod", "cumsum", "argmax", "argmin")


@functools.lru_cache(maxsize=None)
def _keywords_of(name: str):
    """The keyword names numpy's ``name`` takes (this numpy's own signature), or None where it cannot be read."""
    import inspect
    try:
        parameters = inspect.signature(getattr(_np(), name)).parameters.values()
    except (AttributeError, TypeError, ValueError):
        return None
    if any(p.kind == p.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def _unknown_keyword(function: ast.FunctionDef):
    """(line, callee, keyword, nearest keyword or '') of the first call of a numpy function with a keyword argument
    that function does not take (a TypeError wherever the line runs), or of a reduction method (``x.sum(...)``) with
    one close to a keyword it takes (its owner is then surely an array); None where there is none."""
    import difflib
    calls = sorted((n for n in ast.walk(function) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)),
                   key=lambda n: (n.lineno, n.col_offset))
    for call in calls:
        name, owner = call.func.attr, call.func.value
        if isinstance(owner, ast.Name) and owner.id in ("np", "numpy") and name in _KEYWORD_CHECKED:
            callee = f"{owner.id}.{name}"
        elif name in _METHOD_CHECKED and not (isinstance(owner, ast.Name) and owner.id in ("np", "numpy", "math")):
            callee = f".{name}()"
        else:
            continue
        known = _keywords_of(name)
        if not known:
            continue
        for keyword in call.keywords:
            if keyword.arg is not None and keyword.arg not in known:
                near = difflib.get_close_matches(keyword.arg, sorted(known), n=1, cutoff=0.6)
                if near or callee.startswith(("np.", "numpy.")):  # a method's owner may be no array: a slip only
                    return call.lineno, callee, keyword.arg, near[0] if near else ""
    return None


def _eps_term(node) -> bool:
    """Is ``node`` eps (a name with eps in it, or read from a parameter dict with a key starting with e)?"""
    if isinstance(node, ast.Name):
        return "eps" in node.id.lower()
    return isinstance(node, (ast.Call, ast.Subscript)) and bool(re.search(r"['\"]e", ast.unparse(node)))


def _dout_times_gamma(dout: str):
    """A test of a node: is it ``dout * gamma`` (either order; gamma any name or call with "gamma" in it)?"""
    def dout_times(value) -> bool:
        return isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult) and any(
            isinstance(side, ast.Name) and side.id == dout for side in (value.left, value.right)) and any(
            isinstance(side, ast.Name) and "gamma" in side.id.lower() or
            isinstance(side, ast.Call) and "gamma" in ast.unparse(side).lower() for side in (value.left, value.right))
    return dout_times


def _dx_hat_over_variance(function: ast.FunctionDef, dout: str):
    """(line, dx_hat, var) where a backward divides the gradient reaching x_hat (a name every assignment of which
    is ``dout * gamma``, or that product itself) by ``(var + eps)`` with no square root, var a name with "var" in it
    that this function never assigns from a square root; None elsewhere."""
    assigned = _assigned(function)
    dout_times = _dout_times_gamma(dout)
    dx_hats = {name for name, values in assigned.items() if values and all(dout_times(v) for v in values)}
    for n in sorted((n for n in ast.walk(function) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)),
                    key=lambda n: (n.lineno, n.col_offset)):
        left, right = n.left, n.right
        if not (isinstance(left, ast.Name) and left.id in dx_hats or dout_times(left)):
            continue
        if not (isinstance(right, ast.BinOp) and isinstance(right.op, ast.Add)):
            continue
        for var, eps in ((right.left, right.right), (right.right, right.left)):
            if isinstance(var, ast.Name) and "var" in var.id.lower() and _eps_term(eps) \
                    and not any(_takes_root(v) for v in assigned.get(var.id, [])):
                return n.lineno, ast.unparse(left), var.id
    return None


def _count_like(node) -> bool:
    """Is ``node`` a count of values: a number of 1 or more, a size's name (``N``, ``m``, ``num_samples``,
    ``batch_size``), a shape's entry, ``len(...)``, a conversion of one (``float(N)``) or a product of such?"""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _count_like(node.left) and _count_like(node.right)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool) and node.value >= 1
    if isinstance(node, ast.Name):
        return node.id in ("N", "M", "D", "C", "H", "W", "n", "m", "HW") or bool(
            re.search(r"^(num|count|batch|size|n_|N_)|_size$|^len", node.id))
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Attribute) and node.value.attr == "shape"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return node.func.id == "len" or node.func.id in ("float", "int") and _count_like(node.args[0])
    return False


def _eps_beside_scaled_std(function: ast.FunctionDef):
    """(line, denominator, count, std) where a backward divides by a count times the standard deviation plus eps
    (``(N * sqrt_var + eps)``): std a square root, or a name with std, sqrt or sigma in it (not an inverse) or every
    assignment of which here takes one; None elsewhere."""
    assigned = _assigned(function)

    def std_like(node) -> bool:
        if isinstance(node, ast.Call):
            return _is_sqrt(node)
        if not isinstance(node, ast.Name) or "inv" in node.id.lower() or "var" == node.id.lower():
            return False
        values = assigned.get(node.id, [])
        return bool(re.search(r"std|sqrt|sigma", node.id.lower())) or bool(values) and all(
            _takes_root(v) for v in values)

    for n in sorted((n for n in ast.walk(function) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)),
                    key=lambda n: (n.lineno, n.col_offset)):
        right = n.right
        if not (isinstance(right, ast.BinOp) and isinstance(right.op, ast.Add)):
            continue
        for product, eps in ((right.left, right.right), (right.right, right.left)):
            if not (_eps_term(eps) and isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult)):
                continue
            factors = _factors(product)
            stds = [f for f in factors if std_like(f)]
            counts = [f for f in factors if _count_like(f)]
            if len(stds) == 1 and counts and len(stds) + len(counts) == len(factors):
                count = " * ".join(ast.unparse(c) for c in counts)
                return n.lineno, ast.unparse(right), count, ast.unparse(stds[0]), ast.unparse(product)
    return None


def _first_permutation(function: ast.FunctionDef, name: str):
    """(line, code, axes) of the first transpose of ``name`` in ``function`` with its axes written out
    (``name.transpose(0, 2, 3, 1)``, ``name.transpose((0, 2, 3, 1))``, ``np.transpose(name, (0, 2, 3, 1))``), or
    None."""
    def literal(args):
        if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
            args = args[0].elts
        values = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, int)]
        return tuple(values) if len(values) == len(args) and len(values) > 1 else None

    for call in sorted((n for n in ast.walk(function) if isinstance(n, ast.Call)
                        and isinstance(n.func, ast.Attribute) and n.func.attr == "transpose"),
                       key=lambda n: (n.lineno, n.col_offset)):
        owner = call.func.value
        if isinstance(owner, ast.Name) and owner.id in ("np", "numpy"):
            if call.args and isinstance(call.args[0], ast.Name) and call.args[0].id == name:
                axes = literal(call.args[1:])
                if axes:
                    return call.lineno, ast.unparse(call), axes
        elif isinstance(owner, ast.Name) and owner.id == name:
            axes = literal(call.args)
            if axes:
                return call.lineno, ast.unparse(call), axes
    return None


def _dout_moved_otherwise(graded, source, backward: ast.FunctionDef, dout: str):
    """(line, code, forward's code, fix) where a spatial batch norm's backward first moves dout's axes in another
    order than its forward first moves x's (``dout.transpose(0, 3, 2, 1)`` beside ``x.transpose(0, 2, 3, 1)``),
    both written out, and moves nothing else in the backward's order (a backward moving the x it recomputes from the
    same way is consistent); None elsewhere. dout comes laid out as x: the same move lines each up with x_hat."""
    forward = _function_nodes(source).get(getattr(graded, "forward", ""))
    params = [a.arg for a in forward.args.args] if forward is not None else []
    if not params:
        return None
    moved_x, moved_dout = _first_permutation(forward, params[0]), _first_permutation(backward, dout)
    if moved_x is None or moved_dout is None or moved_x[2] == moved_dout[2] or len(moved_x[2]) != 4 \
            or sorted(moved_dout[2]) != [0, 1, 2, 3]:
        return None
    others = {n.id for n in ast.walk(backward) if isinstance(n, ast.Name)} - {dout, "np", "numpy"}
    if any(_first_permutation(backward, other) is not None
           and _first_permutation(backward, other)[2] == moved_dout[2] for other in others):
        return None
    fix = moved_dout[1].replace(str(moved_dout[2]), str(moved_x[2])).replace(
        ", ".join(map(str, moved_dout[2])), ", ".join(map(str, moved_x[2])))
    return moved_dout[0], moved_dout[1], moved_x[1], fix


def _summed_before_centring(function: ast.FunctionDef, dout: str):
    """(line, dx_hat, centred) where a backward's variance gradient (a name with "var" in it, assigned once) is a
    product of a sum of the gradient reaching x_hat alone (``np.sum(dxhat, axis=0)``, dxhat a name every assignment
    of which is ``dout * gamma``) and x - mean outside that sum (``(x - mean)``, or a name every assignment of which
    is such a difference); None elsewhere."""
    assigned = _assigned(function)
    dout_times = _dout_times_gamma(dout)
    dx_hats = {name for name, values in assigned.items() if values and all(dout_times(v) for v in values)}

    def summed_alone(node) -> bool:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "sum"):
            return False
        owner = node.func.value
        array = node.args[0] if isinstance(owner, ast.Name) and owner.id in ("np", "numpy") and node.args else owner
        return isinstance(array, ast.Name) and array.id in dx_hats

    def centred(node) -> bool:
        if isinstance(node, ast.Name):
            values = assigned.get(node.id, [])
            return bool(values) and all(centred(v) for v in values)
        return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub)

    for n in ast.walk(function):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
                and "var" in n.targets[0].id.lower() and len(assigned.get(n.targets[0].id, [])) == 1):
            continue
        factors = _factors(n.value)
        total = next((f for f in factors if summed_alone(f)), None)
        deviation = next((f for f in factors if centred(f)), None)
        if total is not None and deviation is not None:
            array = total.args[0] if isinstance(total.func.value, ast.Name) and total.func.value.id in (
                "np", "numpy") else total.func.value
            return n.lineno, ast.unparse(array), ast.unparse(deviation)
    return None


DX_THROUGH_GAMMA = ("batchnorm_backward", "batchnorm_backward_alt", "layernorm_backward")


def _dx_without_gamma(function: ast.FunctionDef, dout: str):
    """(line, name) where a normalisation backward binds a name holding gamma (``gamma``, ``gamma_``: unpacked from
    its cache) and its dx, assigned once, is made of ``dout`` and of names none of which is, or is made of, that
    name or any other name or key with gamma in it; None elsewhere (a loop or an augmented assignment anywhere, or a
    dx assigned more than once: not read)."""
    if any(isinstance(n, (ast.For, ast.While, ast.AugAssign)) for n in ast.walk(function)):
        return None
    assigned = _assigned(function)
    bound = [m.id for n in ast.walk(function) if isinstance(n, ast.Assign) for t in n.targets for m in ast.walk(t)
             if isinstance(m, ast.Name) and isinstance(m.ctx, ast.Store) and "gamma" in m.id.lower()
             and not m.id.lower().startswith("d")]
    if not bound or len(assigned.get("dx", [])) != 1:
        return None
    seen, todo = set(), ["dx"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for value in assigned.get(name, []):
            if any(isinstance(m, ast.Constant) and "gamma" in str(m.value).lower() for m in ast.walk(value)):
                return None
            todo += [m.id for m in ast.walk(value) if isinstance(m, ast.Name)]
    if dout not in seen or any("gamma" in name.lower() for name in seen):
        return None
    line = next(n for n in ast.walk(function) if isinstance(n, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "dx" for t in n.targets))
    return line.lineno, bound[0]


def _one_plus_gamma(function: ast.FunctionDef, dout: str):
    """(line, code) where a normalisation backward multiplies ``dout`` by 1 plus gamma (``dout * (1 + gamma)``, or a
    name assigned once as ``np.ones((N, D)) + gamma`` and multiplied by dout): d out / d x_hat taken as 1 + gamma
    where the output gamma * x_hat + beta gives gamma alone; the line is the product's, the code the sum (with the
    name it is assigned to); None elsewhere."""
    def one(node) -> bool:
        if isinstance(node, ast.Constant):
            return node.value == 1 and not isinstance(node.value, bool)
        return isinstance(node, ast.Call) and (getattr(node.func, "attr", "") or getattr(node.func, "id", "")) in (
            "ones", "ones_like")

    def gamma(node) -> bool:
        return isinstance(node, ast.Name) and "gamma" in node.id.lower() and not node.id.lower().startswith("d")

    def plus_gamma(node) -> bool:
        return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (
            one(node.left) and gamma(node.right) or gamma(node.left) and one(node.right))

    assigned = _assigned(function)
    names = {name: values[0] for name, values in assigned.items() if len(values) == 1 and plus_gamma(values[0])}
    for n in ast.walk(function):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            sides = (n.left, n.right)
            if not any(isinstance(m, ast.Name) and m.id == dout for m in sides):
                continue
            for m in sides:
                if plus_gamma(m):
                    return n.lineno, ast.unparse(m)
                if isinstance(m, ast.Name) and m.id in names:
                    return n.lineno, f"{m.id} = {ast.unparse(names[m.id])}"
    return None


def _unsummed_variance_term(function: ast.FunctionDef, dout: str):
    """(line, centred, term) where a normalisation backward's dx, assigned once (no loop, no augmented assignment), has
    a term, outside every call (no sum or mean around it), whose factors are ``dout`` itself and a difference of two
    names that is not dout's (``x - mean``): the variance's path taken value by value, where d var is one sum over the
    values each variance covers; None elsewhere."""
    if any(isinstance(n, (ast.For, ast.While, ast.AugAssign)) for n in ast.walk(function)):
        return None
    assigned = _assigned(function).get("dx", [])
    if len(assigned) != 1:
        return None

    def terms(node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            return terms(node.left) + terms(node.right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return terms(node.operand)
        return [node]

    def factors(node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            return factors(node.left) + factors(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return factors(node.left)  # a numerator's factors (what it is divided by is not one)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return factors(node.operand)
        return [node]

    def centred(node) -> bool:
        return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and all(
            isinstance(m, ast.Name) and m.id != dout for m in (node.left, node.right))

    todo = [assigned[0]]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Call):
            continue  # a sum, a mean, anything a call makes: not value by value
        for term in terms(node):
            parts = factors(term)
            if any(isinstance(m, ast.Name) and m.id == dout for m in parts):
                found = next((m for m in parts if centred(m)), None)
                if found is not None:
                    return term.lineno, ast.unparse(found), ast.unparse(term)
            # a bracket inside a product (gamma / std * (dout - ... - term)): its own terms
            todo += [m for m in parts if isinstance(m, ast.BinOp) and isinstance(m.op, (ast.Add, ast.Sub))
                     and not centred(m)]
    return None


def _mean_term_unscaled(function: ast.FunctionDef, dout: str):
    """(line, term) where a normalisation backward's dx, assigned once (no loop, no augmented assignment), has among
    its outermost terms (added or subtracted, no factor around them) a sum or mean of dout alone, by a count at most
    (``np.sum(dout / N, axis=0)``, ``dout.mean(axis=0)``): the path through the mean left undivided by std; None
    elsewhere. A count is a name made from a ``.shape`` (``rows = x.shape[0]``, ``N, D = dout.shape``) or a number."""
    if any(isinstance(n, (ast.For, ast.While, ast.AugAssign)) for n in ast.walk(function)):
        return None
    assigned = _assigned(function).get("dx", [])
    if len(assigned) != 1:
        return None
    counts = set()
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and any(isinstance(m, ast.Attribute) and m.attr == "shape"
                                             for m in ast.walk(n.value)):
            counts |= {m.id for t in n.targets for m in ast.walk(t) if isinstance(m, ast.Name)}

    def terms(node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            return terms(node.left) + terms(node.right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return terms(node.operand)
        return [node]

    def summed(node) -> bool:
        return isinstance(node, ast.Call) and (getattr(node.func, "attr", "") or getattr(node.func, "id", "")) in (
            "sum", "mean")

    for term in terms(assigned[0]):
        names = {m.id for m in ast.walk(term) if isinstance(m, ast.Name)} - {"np", "numpy"}
        calls = [m for m in ast.walk(term) if isinstance(m, ast.Call)]
        if dout in names and names - {dout} <= counts and calls and all(summed(c) for c in calls):
            return term.lineno, ast.unparse(term)
    return None


def _dx_of_constant_statistics(function: ast.FunctionDef, dout: str):
    """(line, code) where a batch-norm backward's dx, assigned once, is made of ``dout`` and the cache's values by
    products, quotients, powers and square roots alone, every name it is made of assigned once the same way (no sum
    or mean anywhere, nothing subtracted, a sum only with eps): dout * gamma / std, the batch's statistics taken as
    constants; None elsewhere (a loop or an augmented assignment anywhere: not read)."""
    if any(isinstance(n, (ast.For, ast.While, ast.AugAssign)) for n in ast.walk(function)):
        return None
    assigned = _assigned(function)
    if len(assigned.get("dx", [])) != 1:
        return None

    def plain(node) -> bool:
        if isinstance(node, (ast.Name, ast.Constant)):
            return True
        if isinstance(node, ast.UnaryOp):
            return plain(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div, ast.Pow)):
            return plain(node.left) and plain(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return plain(node.left) and plain(node.right) and (_eps_term(node.left) or _eps_term(node.right))
        return isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "sqrt" \
            and len(node.args) == 1 and not node.keywords and plain(node.args[0])

    return _dx_made_of(function, assigned, dout, plain)


def _dx_made_of(function: ast.FunctionDef, assigned: dict, dout: str, plain, free=None):
    """(line, code) of dx's one assignment where every name dx is made of (through the names assigned before it)
    is assigned once, by a value ``plain`` accepts, and ``dout``'s values reach dx; ``free``: which names assigned
    nowhere in the function may stand in it (None: any). None elsewhere."""
    seen, todo, reaches_dout = set(), ["dx"], False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        reaches_dout |= name == dout
        values = assigned.get(name, [])
        if len(values) > 1 or values and not plain(values[0]) or not values and free is not None and not free(name):
            return None
        for value in values:
            todo += _value_names(value)
    if not reaches_dout:
        return None
    line = next(n for n in ast.walk(function) if isinstance(n, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "dx" for t in n.targets))
    return line.lineno, ast.unparse(line.value)


def _value_names(node) -> list[str]:
    """The names whose values ``node`` is made of: not those it reads a size of (``dout.shape``, ``len(dout)``,
    ``np.zeros_like(dout)``: a half-written backward's placeholder dx is made of no dout)."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute) and node.attr in SIZE_ONLY_ATTRIBUTES or isinstance(node, ast.Call) and \
            (getattr(node.func, "attr", "") or getattr(node.func, "id", "")) in SIZE_ONLY_CALLS | {"zeros", "ones"}:
        return []
    return [name for child in ast.iter_child_nodes(node) for name in _value_names(child)]


def _dx_without_sums(function: ast.FunctionDef, dout: str, params: list):
    """(line, code) where a normalisation backward's dx, assigned once (no loop, no augmented assignment), is made of
    ``dout`` by arithmetic alone, value by value: every name it is made of assigned once by +, -, *, /, ** and square
    roots (np.ones, np.zeros and shapes for arrays of counts), or a parameter, or unpacked from one (``x, mean, var =
    cache``, ``N, D = dout.shape``); no sum, mean, product of matrices or other call anywhere in its making. Each dx
    then sees its own dout alone, where the paths through the mean and the variance carry sums over the values each
    mean covers. None elsewhere."""
    if any(isinstance(n, (ast.For, ast.While, ast.AugAssign)) for n in ast.walk(function)):
        return None
    assigned = _assigned(function)
    if len(assigned.get("dx", [])) != 1:
        return None
    unpacked = set()  # names unpacked from a parameter (a cache) or from a shape
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and any(isinstance(t, (ast.Tuple, ast.List)) for t in n.targets):
            source = n.value.value if isinstance(n.value, ast.Subscript) else n.value
            if isinstance(source, ast.Name) and source.id in params or \
                    isinstance(n.value, ast.Attribute) and n.value.attr == "shape":
                unpacked |= {m.id for t in n.targets for m in ast.walk(t) if isinstance(m, ast.Name)}

    def shape(node) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "shape" or isinstance(node, ast.Subscript) and \
            shape(node.value)

    def plain(node) -> bool:
        if isinstance(node, (ast.Name, ast.Constant)) or shape(node):
            return True
        if isinstance(node, ast.UnaryOp):
            return plain(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            return plain(node.left) and plain(node.right)
        if isinstance(node, ast.Subscript):  # an item of a parameter (cache['x'], cache[0])
            return isinstance(node.value, ast.Name) and node.value.id in params and isinstance(node.slice, ast.Constant)
        if not isinstance(node, ast.Call) or node.keywords:
            return False
        called = getattr(node.func, "attr", "") or getattr(node.func, "id", "")
        if called == "sqrt":
            return len(node.args) == 1 and plain(node.args[0])
        return called in ("ones", "zeros", "ones_like", "zeros_like") and all(
            shape(a) or isinstance(a, (ast.Name, ast.Constant, ast.Tuple)) for a in node.args)

    # a name bound some other way (a helper's result, a loop variable) is not read
    return _dx_made_of(function, assigned, dout, plain,
                       free=lambda name: name in params or name in unpacked or name in ("np", "numpy"))


# What carries only the size of an array, never its values: x.shape, np.ones_like(dout), len(dout)
SIZE_ONLY_ATTRIBUTES = {"shape", "size", "ndim", "dtype"}
SIZE_ONLY_CALLS = {"ones_like", "zeros_like", "empty_like", "len", "shape"}


def _carries(node, carrying: set) -> bool:
    """Does ``node`` read the values of a name in ``carrying`` (not only its size: ``dout.shape``,
    ``np.ones_like(dout)``)?"""
    if isinstance(node, ast.Name):
        return node.id in carrying
    if isinstance(node, ast.Attribute) and node.attr in SIZE_ONLY_ATTRIBUTES:
        return False
    if isinstance(node, ast.Call) and (getattr(node.func, "attr", "") or getattr(node.func, "id", "")) in \
            SIZE_ONLY_CALLS:
        return False
    return any(_carries(child, carrying) for child in ast.iter_child_nodes(node))


def _dout_squared(function: ast.FunctionDef, dout: str):
    """(line, code) of a product of two factors that both carry ``dout``'s values (directly or through names assigned
    from it before that line), in a normalisation backward of straight-line code (no loop, branch or try): such a dx
    is quadratic in dout, where a gradient is linear in it (``dx = dx_norm * dx_local`` with dx_local made of
    dx_norm). Read statement by statement, a name assigned again carrying what its last assignment carries. What
    carries only a size (``dout.shape``, ``np.ones_like(dout)``) does not count. None elsewhere."""
    if any(isinstance(n, (ast.For, ast.While, ast.If, ast.Try, ast.With, ast.IfExp, ast.comprehension))
           for n in ast.walk(function)):
        return None
    carrying = {dout}

    def carries(node) -> bool:
        return _carries(node, carrying)

    # the statements dx is made of, read backwards from its last assignment (a name assigned again: its last one)
    needed, making = {"dx"}, set()
    for statement in reversed(function.body):
        if isinstance(statement, (ast.Assign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = {m.id for t in targets for m in ast.walk(t) if isinstance(m, ast.Name)}
            if names & needed:
                making.add(id(statement))
                if isinstance(statement, ast.Assign):
                    needed -= names
                needed |= {m.id for m in ast.walk(statement.value) if isinstance(m, ast.Name)}
    for statement in function.body:
        if not isinstance(statement, (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)):
            continue
        value = statement.value
        if value is None:
            continue
        for m in ast.walk(value) if id(statement) in making else ():
            if isinstance(m, ast.BinOp) and isinstance(m.op, ast.Mult) and carries(m.left) and carries(m.right):
                return statement.lineno, ast.unparse(m)
        if isinstance(statement, ast.AugAssign):
            if isinstance(statement.op, ast.Mult) and carries(statement.target) and carries(value) and \
                    id(statement) in making:
                return statement.lineno, ast.unparse(statement)
            targets = [statement.target] if carries(value) else []
        elif isinstance(statement, ast.Assign):
            names = {m.id for t in statement.targets for m in ast.walk(t) if isinstance(m, ast.Name)}
            carrying -= names
            targets = statement.targets if carries(value) else []
        else:
            targets = []
        carrying |= {m.id for t in targets for m in ast.walk(t) if isinstance(m, ast.Name)}
    return None


def _dx_without_dout(function: ast.FunctionDef, dout: str):
    """(line, code) of the last assignment of the dx a normalisation backward of straight-line code (no loop, branch
    or try) returns, where nothing it is made of carries ``dout``'s values (directly or through names assigned from
    it before; what carries only a size, ``dout.shape``, does not count), while dout's values are read elsewhere in
    it (dgamma, dbeta): such a dx is the same whatever dout is, a local derivative of the output never multiplied
    by the gradient that reaches it (learnN's sweep: nasretdinovr/cs231's alt, dx = gamma * (...) / den ** 2). None
    elsewhere, and where dx is never assigned a value of its own or the function returns it under another name."""
    if any(isinstance(n, (ast.For, ast.While, ast.If, ast.Try, ast.With, ast.IfExp, ast.comprehension, ast.Lambda))
           for n in ast.walk(function)):
        return None
    returned = next((n.value for n in function.body if isinstance(n, ast.Return)), None)
    first = returned.elts[0] if isinstance(returned, ast.Tuple) and returned.elts else None
    if not (isinstance(first, ast.Name) and first.id == "dx"):
        return None
    carrying, last = {dout}, None

    def carries(node) -> bool:
        return _carries(node, carrying)

    for statement in function.body:
        if isinstance(statement, ast.Return):
            break
        if isinstance(statement, ast.AugAssign):
            names = {m.id for m in ast.walk(statement.target) if isinstance(m, ast.Name)}
            if carries(statement.value):
                carrying |= names
            if "dx" in names:
                last = statement
        elif isinstance(statement, ast.Assign):
            names = {m.id for t in statement.targets for m in ast.walk(t) if isinstance(m, ast.Name)}
            # the value is read before its names are bound anew (dx = dx.T keeps what dx carries), and only a name
            # bound whole loses what it carried (dx[mask] = 0 keeps the rest of dx)
            value_carries = carries(statement.value)
            carrying -= {m.id for t in statement.targets for m in (t.elts if isinstance(t, (ast.Tuple, ast.List))
                                                                   else [t]) if isinstance(m, ast.Name)}
            if value_carries:
                carrying |= names
            if any(isinstance(t, ast.Name) and t.id == "dx" for t in statement.targets):
                last = statement
            elif "dx" in names:
                last = None  # unpacked with others (dx, dgamma, dbeta = None, None, None): no value of its own
    dx_carries = "dx" in carrying
    carrying = {dout}  # dout's values read somewhere (dgamma, dbeta), a size of it does not count
    placeholder = isinstance(getattr(last, "value", None), ast.Constant) or not _value_names(last.value) \
        if isinstance(last, ast.Assign) else False  # dx = None, np.zeros_like(dout): not written yet ("all zeros")
    if last is None or dx_carries or placeholder \
            or not any(carries(n.value) for n in function.body if isinstance(n, (ast.Assign, ast.AugAssign,
                                                                                  ast.Return)) and n.value):
        return None
    return last.lineno, ast.unparse(last.value if isinstance(last, ast.Assign) else last)


def _group_rows(node, assigned: dict) -> bool:
    """Is ``node`` (or the name it is, every assignment of it) a reshape to (N * G, ...) rows, one per sample and
    group (a factor named G or ...group...), as a group norm hands layer norm?"""
    if isinstance(node, ast.Name):
        values = assigned.get(node.id, [])
        return bool(values) and all(_group_rows(v, {}) for v in values)
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "reshape"
            and node.args):
        return False
    first = node.args[0].elts[0] if isinstance(node.args[0], ast.Tuple) and node.args[0].elts else node.args[0]
    factors = [f for f in (getattr(first, "left", None), getattr(first, "right", None)) if isinstance(f, ast.Name)]
    return isinstance(first, ast.BinOp) and isinstance(first.op, ast.Mult) and len(factors) == 2 \
        and any(f.id == "G" or "group" in f.id.lower() for f in factors)


def _params_from_layernorm_backward(function: ast.FunctionDef):
    """(line, names) where a group-norm backward hands ``layernorm_backward`` dout as (N * G, ...) rows, unpacks
    what it returns into three names and reads the second or third of them later (its dgamma or dbeta built from
    layer norm's per-column sums, every group's channels at one position added together); None elsewhere (layer norm
    run per group on (N * H * W, C // G) rows sums per channel: right)."""
    assigned = _assigned(function)
    for n in ast.walk(function):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Tuple)
                and len(n.targets[0].elts) == 3 and isinstance(n.value, ast.Call)
                and getattr(n.value.func, "id", getattr(n.value.func, "attr", "")) == "layernorm_backward"
                and n.value.args and _group_rows(n.value.args[0], assigned)):
            continue
        names = [e.id for e in n.targets[0].elts[1:] if isinstance(e, ast.Name) and e.id != "_"]
        used = [name for name in names if any(isinstance(m, ast.Name) and m.id == name and isinstance(m.ctx, ast.Load)
                                              and m.lineno > n.end_lineno for m in ast.walk(function))]
        if used:
            return n.lineno, code_names(used)  # as code: bare `dgamma, dbeta` reads as English in zh
    return None


RUNNING = ("running_mean", "running_var")


def _running_lost(graded, node: ast.FunctionDef, params: list[str]) -> list[tuple[str, object, int]]:
    """Set K: why a batch norm's running averages come back as they were given, where its source says so: an
    update assigned to a misspelt name nothing reads (``ruuning_mean = ...``), or a store into bn_param that a later
    store of a local the code never updated overwrites (the starter's last lines after ``bn_param['running_mean'] =
    ...``)."""
    import difflib  # only for a batch norm's running averages
    holder = params[3] if len(params) >= 4 else "bn_param"
    stored, loaded = {}, set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Store):
                stored.setdefault(n.id, []).append(n.lineno)
            else:
                loaded.add(n.id)
    found = []
    for name, lines_of in sorted(stored.items(), key=lambda item: min(item[1])):
        near = difflib.get_close_matches(name, RUNNING, n=1, cutoff=0.8)
        if name not in RUNNING and name not in loaded and near:
            found.append(("src_running_misspelt", text("src_running_misspelt", function=graded.name, name=name,
                                                       right=near[0]), min(lines_of)))
    # learnM's pool (ethen8181): running_mean fed the centred x (x_mu = x - mu), an (N, D) array
    x_name = params[0] if params else "x"
    centred = {}
    for n in ast.walk(node):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.BinOp) and isinstance(n.value.op, ast.Sub) \
                and isinstance(n.value.left, ast.Name) and n.value.left.id == x_name:
            centred.setdefault(n.targets[0].id, []).append(n)
    for n in sorted((n for n in ast.walk(node) if isinstance(n, ast.Assign)), key=lambda n: n.lineno):
        target = n.targets[0] if len(n.targets) == 1 else None
        key = target.id if isinstance(target, ast.Name) else target.slice.value if isinstance(
            target, ast.Subscript) and isinstance(target.slice, ast.Constant) else None
        if key != "running_mean":
            continue
        fed = [m.id for m in ast.walk(n.value) if isinstance(m, ast.Name) and m.id in centred
               and len(stored.get(m.id, [])) == len(centred[m.id])]  # assigned only as x minus something
        if fed:
            found.append(("src_running_fed_centred", text("src_running_fed_centred", function=graded.name,
                                                          name=fed[0], x=x_name), n.lineno))
            break
    # learnM's pool (elirex): bn_param['running_maen'] = running_mean, a key nothing reads
    for n in sorted((n for n in ast.walk(node) if isinstance(n, ast.Assign)), key=lambda n: n.lineno):
        for t in n.targets:
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == holder \
                    and isinstance(t.slice, ast.Constant) and isinstance(t.slice.value, str) \
                    and t.slice.value not in RUNNING:
                near = difflib.get_close_matches(t.slice.value, RUNNING, n=1, cutoff=0.8)
                right_stored = near and any(
                    isinstance(m, ast.Subscript) and isinstance(m.ctx, ast.Store) and isinstance(m.value, ast.Name)
                    and m.value.id == holder and isinstance(m.slice, ast.Constant) and m.slice.value == near[0]
                    for m in ast.walk(node))
                if near and not right_stored:
                    found.append(("src_running_key_misspelt", text(
                        "src_running_key_misspelt", function=graded.name, holder=holder, stored=t.slice.value,
                        right=near[0]), n.lineno))
    for key in RUNNING:
        stores = sorted((n.lineno, n.value) for n in ast.walk(node) if isinstance(n, ast.Assign)
                        for t in n.targets if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
                        and t.value.id == holder and isinstance(t.slice, ast.Constant) and t.slice.value == key)
        if len(stores) < 2 or not isinstance(stores[-1][1], ast.Name):
            continue
        last, value = stores[-1]
        # a store of the same local before it puts in what the last one puts back (AgainstEntropy: the updated
        # local stored in train mode, then again by the starter's last lines): nothing is lost there
        other = [line for line, v in stores[:-1] if not (isinstance(v, ast.Name) and v.id == value.id)]
        if not other:
            continue
        first = other[0]
        if not any(first <= line < last for line in stored.get(value.id, [])):
            found.append(("src_running_overwritten", text("src_running_overwritten", function=graded.name,
                                                          holder=holder, item=key, name=value.id, line=first), last))
    return found


def _gamma_names(graded, source, function: ast.FunctionDef) -> set:
    """The names that hold the gamma the forward was handed: a forward's own argument, or what a backward unpacks
    from the cache where its forward stored that argument (by tuple position or dict key); never reassigned."""
    params = [a.arg for a in function.args.args]
    if graded.name.endswith("_forward"):
        names = {params[1]} if len(params) > 1 else set()
    else:
        forward = _function_nodes(source).get(getattr(graded, "forward", ""))
        if forward is None or len(forward.args.args) < 2:
            return set()
        gamma = forward.args.args[1].arg
        packed, read = _cache_tuples(forward, backward=False), _cache_tuples(function, backward=True)
        names = {mine for stored, mine in zip(packed[0][1], read[0][1]) if stored == gamma} \
            if len(packed) == 1 and len(read) == 1 and len(packed[0][1]) == len(read[0][1]) else set()
        keys = _cache_keys(forward, backward=False)
        names |= {mine for key, mine in _cache_keys(function, backward=True).items() if keys.get(key) == gamma}
    return {n for n in names if _count_stored(function, n) <= (0 if graded.name.endswith("_forward") else 1)}


def _flat_views(function: ast.FunctionDef, sources: set) -> dict:
    """name -> (its reshape's code, its number of axes) for every name assigned once a reshape of one of ``sources``
    to two or three axes (``dout.reshape(N * G, -1)``, ``np.reshape(dout, (N * G, -1))``), or a plain copy of one."""
    views: dict = {}
    while True:
        more = {}
        for n in ast.walk(function):
            if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)) \
                    or n.targets[0].id in views or _count_stored(function, n.targets[0].id) != 1:
                continue
            value = n.value
            if isinstance(value, ast.Name) and value.id in views:
                more[n.targets[0].id] = views[value.id]
                continue
            if not (isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "reshape"):
                continue
            owner = value.func.value
            if isinstance(owner, ast.Name) and owner.id in ("np", "numpy"):
                array, shape = (value.args[0], value.args[1:]) if value.args else (None, [])
            else:
                array, shape = owner, value.args
            if not (isinstance(array, ast.Name) and array.id in sources):
                continue
            elts = shape[0].elts if len(shape) == 1 and isinstance(shape[0], (ast.Tuple, ast.List)) else shape
            if 2 <= len(elts) <= 3:
                more[n.targets[0].id] = (ast.unparse(value), len(elts))
        if not more:
            return views
        views.update(more)


def _gamma_on_flat_view(graded, source, function: ast.FunctionDef):
    """(line, gamma, view, code, axes) where a group norm multiplies its (1, C, 1, 1) gamma by a reshape of x or dout
    to two or three axes: NumPy lines up their last axes, and the product holds every channel's gamma times every
    value (no error: a (1, C, A, B) array); None elsewhere."""
    params = [a.arg for a in function.args.args]
    gammas = _gamma_names(graded, source, function)
    sources = {params[0]} - {n for n in params[:1] if _stored(function, n)}
    views = _flat_views(function, sources) if gammas and sources else {}
    for n in ast.walk(function):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            factors = _factors(n)
            gamma = next((f.id for f in factors if isinstance(f, ast.Name) and f.id in gammas), None)
            view = next((f.id for f in factors if isinstance(f, ast.Name) and f.id in views), None)
            if gamma and view:
                return n.lineno, gamma, view, *views[view]
    return None


def _never_assigned(source, function: ast.FunctionDef):
    """(name, line) of the first name ``function`` reads that nothing binds: not its arguments, not its own
    assignments, loops, imports or handlers, not the module's top level, not a builtin (a NameError its run did not
    reach). None where it has none, or uses ``global``, ``nonlocal``, a star import, ``exec`` or ``eval``."""
    import builtins  # only where a function raised
    tree = parsed(source)
    if any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(function)) or \
            any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree)) or \
            any(isinstance(n, ast.Name) and n.id in ("exec", "eval", "locals", "globals", "vars")
                for n in ast.walk(function)):
        return None
    bound = set(dir(builtins)) | {a.arg for a in ast.walk(function) if isinstance(a, ast.arg)}
    # the function's own bindings, and the module's top level (a def or class there binds its name only)
    nodes = list(ast.walk(function)) + [n for stmt in tree.body for n in (
        [stmt] if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else ast.walk(stmt))]
    for n in nodes:
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            bound.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(n.name)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            bound.add(n.name)
    from .functions import BY_NAME  # a graded function missing from the module is said where it is graded
    loads = sorted((n.lineno, n.col_offset, n.id) for n in ast.walk(function)
                   if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in bound
                   and n.id not in BY_NAME)
    return (loads[0][2], loads[0][0]) if loads else None


# forwards whose gamma and beta hold one value per channel, and the shape they come in (the cases' and the docstring's)
PER_CHANNEL_PARAMS = {"spatial_batchnorm_forward": "(C,)", "spatial_groupnorm_forward": "(1, C, 1, 1)"}
MOVES_AXES = {"T", "transpose", "swapaxes", "moveaxis", "rollaxis"}


def _per_channel_layouts(function_name: str, function: ast.FunctionDef, params: list) -> list:
    """(key, Text, line) where a spatial norm lays gamma or beta (its per-channel values) out along a flattened axis
    with np.tile, though x's channels stay before H and W (nothing in the function moves an axis), so that a
    flattened slice holds each channel's H * W values side by side (np.repeat's order); and where a group norm slices
    its (1, C, 1, 1) gamma or beta as if it were (C,) (the slice runs over the first axis, of size 1)."""
    per_channel = set(params[1:3]) - {n for n in params[1:3] if _stored(function, n)}
    moved = any((isinstance(n, ast.Attribute) and n.attr in MOVES_AXES) or (isinstance(n, ast.Name)
                                                                            and n.id in MOVES_AXES)
                for n in ast.walk(function))
    found = []
    for call in ast.walk(function):
        if moved or not (isinstance(call, ast.Call) and getattr(call.func, "attr", getattr(call.func, "id", ""))
                         == "tile" and len(call.args) == 2 and not call.keywords):
            continue
        vector, reps = call.args
        param = _refers(vector, per_channel)
        if param and not isinstance(reps, (ast.Tuple, ast.List)):
            found.append(("src_tile_per_channel", text("src_tile_per_channel", function=function_name, param=param,
                                                       code=ast.unparse(call),
                                                       fix=f"np.repeat({ast.unparse(vector)}, {ast.unparse(reps)})",
                                                       x=params[0]), call.lineno))
            break
    if PER_CHANNEL_PARAMS[function_name] != "(1, C, 1, 1)":
        return found
    for sub in ast.walk(function):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id in per_channel \
                and isinstance(sub.slice, ast.Slice) and isinstance(sub.ctx, ast.Load):
            found.append(("src_param_slice_first_axis",
                          text("src_param_slice_first_axis", function=function_name, param=sub.value.id,
                               code=ast.unparse(sub), shape=PER_CHANNEL_PARAMS[function_name]), sub.lineno))
            break
    return found


def _untiled(graded, source, backward: ast.FunctionDef):
    """(line, code, fix) where the backward of a forward that lays gamma out with np.tile (``_per_channel_layouts``)
    sums a per-column gradient back per channel as np.tile laid it, ``g.reshape(-1, k).sum(axis=0)`` (every k-th
    column); None elsewhere."""
    forward = _function_nodes(source).get(graded.forward)
    params = [a.arg for a in forward.args.args] if forward is not None else []
    if len(params) < 3 or not any(key == "src_tile_per_channel"
                                  for key, _, _ in _per_channel_layouts(graded.forward, forward, params)):
        return None
    for call in ast.walk(backward):
        if not (isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "sum" and not call.args
                and [(k.arg, getattr(k.value, "value", None)) for k in call.keywords] == [("axis", 0)]):
            continue
        inner = call.func.value
        if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "reshape" and len(inner.args) == 2 \
                and isinstance(inner.args[0], ast.UnaryOp) and isinstance(inner.args[0].op, ast.USub) \
                and getattr(inner.args[0].operand, "value", None) == 1:
            array, k = ast.unparse(inner.func.value), ast.unparse(inner.args[1])
            return call.lineno, ast.unparse(call), f"{array}.reshape({k}, -1).sum(axis=1)"
    return None


# backwards whose statistics are per sample: a count of the batch size in them is the batch norm's count (set K)
COUNTS = ("layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward", "spatial_groupnorm_backward")


def _batch_size_name(function: ast.FunctionDef, params: list) -> str:
    """The name ``function`` binds, once, to the first size of one of its own arguments that it never reassigns
    (the first name of a tuple unpacked from its .shape, or its .shape[0]), or ''."""
    for n in ast.walk(function):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1):
            continue
        target, value = n.targets[0], n.value
        if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name):
            name, shape = target.elts[0].id, value
        elif isinstance(target, ast.Name) and isinstance(value, ast.Subscript) \
                and isinstance(value.slice, ast.Constant) and value.slice.value == 0:
            name, shape = target.id, value.value
        else:
            continue
        if isinstance(shape, ast.Attribute) and shape.attr == "shape" and isinstance(shape.value, ast.Name) \
                and shape.value.id in params and not _stored(function, shape.value.id) \
                and _count_stored(function, name) == 1:
            return name
    return ""


def _divided_by(function: ast.FunctionDef, name: str):
    """The line of the first division of ``function`` by ``name`` itself (``1. / N``, ``x / N``), or None."""
    lines_found = [n.lineno for n in ast.walk(function) if isinstance(n, (ast.BinOp, ast.AugAssign))
                   and isinstance(n.op, ast.Div) and isinstance(getattr(n, "right", getattr(n, "value", None)),
                                                                 ast.Name)
                   and getattr(n, "right", getattr(n, "value", None)).id == name]
    return min(lines_found) if lines_found else None


def _eps_like(node) -> bool:
    return (isinstance(node, ast.Name) and "eps" in node.id.lower()) or \
        (isinstance(node, ast.Attribute) and "eps" in node.attr.lower()) or \
        (isinstance(node, ast.Constant) and isinstance(node.value, float) and 0 < node.value < 1e-2)


def _eps_added_twice(function: ast.FunctionDef, from_any: bool = False):
    """(line, first, code): a name given eps (``var += eps``, ``var = var + eps``; with ``from_any``, also a name
    given any value plus eps, ``var = cache['var'] + eps``) on line ``first`` and then rooted with eps added again on a
    later line (``np.sqrt(var + eps)``), or None."""
    given = {}
    for n in ast.walk(function):
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and isinstance(n.target, ast.Name) \
                and _eps_like(n.value):
            given.setdefault(n.target.id, n.lineno)
        elif from_any and isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.BinOp) and isinstance(n.value.op, ast.Add) \
                and sum(_eps_like(side) for side in (n.value.left, n.value.right)) == 1 \
                and not any(_eps_like(m) for side in (n.value.left, n.value.right) if not _eps_like(side)
                            for m in ast.walk(side)):
            given.setdefault(n.targets[0].id, n.lineno)
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.BinOp) and isinstance(n.value.op, ast.Add) \
                and {type(n.value.left), type(n.value.right)} & {ast.Name} \
                and any(isinstance(side, ast.Name) and side.id == n.targets[0].id for side in (n.value.left,
                                                                                              n.value.right)) \
                and any(_eps_like(side) for side in (n.value.left, n.value.right)):
            given.setdefault(n.targets[0].id, n.lineno)
    for n in ast.walk(function):
        if isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", "")) == "sqrt" and n.args \
                and isinstance(n.args[0], ast.BinOp) and isinstance(n.args[0].op, ast.Add):
            sides = (n.args[0].left, n.args[0].right)
            name = next((side.id for side in sides if isinstance(side, ast.Name) and side.id in given), None)
            # not where the name was given another value in between (test mode's `var = running_var`)
            again = name and any(isinstance(m, ast.Name) and m.id == name and isinstance(m.ctx, ast.Store)
                                 and given[name] < m.lineno < n.lineno for m in ast.walk(function))
            if name and not again and any(_eps_like(side) for side in sides) and n.lineno > given[name]:
                return n.lineno, given[name], ast.unparse(n)
    return None


def _eps_outside_own_root(function: ast.FunctionDef, running: bool = True):
    """(line, code, root): eps added to a square root the function takes itself with no eps inside it
    (``np.sqrt(var) + eps``, or ``e + eps`` where every assignment of e is ``np.sqrt(var)``), or None. Without
    ``running``, not a root of a running average (a forward's test mode: its own reading says that one)."""
    assigned = _assigned(function)

    def bare_root(node) -> bool:
        return _is_sqrt(node) and len(node.args) == 1 and not any(_eps_like(m) for m in ast.walk(node.args[0])) \
            and (running or "running" not in ast.unparse(node.args[0]))

    for n in sorted((n for n in ast.walk(function) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)),
                    key=lambda n: (n.lineno, n.col_offset)):
        for root, eps in ((n.left, n.right), (n.right, n.left)):
            if not (isinstance(eps, ast.Name) and "eps" in eps.id.lower()):
                continue
            if bare_root(root):
                return n.lineno, ast.unparse(n), ast.unparse(root)
            values = assigned.get(root.id, []) if isinstance(root, ast.Name) else []
            if values and all(bare_root(v) for v in values):
                return n.lineno, ast.unparse(n), f"{root.id} = {ast.unparse(values[0])}"
    return None


def _divided_by_one_minus_p(function: ast.FunctionDef):
    """(line, code): a division in a dropout backward by 1 - p (``/ (1 - p)``, ``/ (1.0 - dropout_param['p'])``),
    its own scale for a forward that keeps with probability 1 - p, or None."""
    def is_p(node) -> bool:
        return isinstance(node, ast.Name) and node.id == "p" or isinstance(node, ast.Subscript) and \
            isinstance(node.slice, ast.Constant) and node.slice.value == "p"
    for n in sorted((n for n in ast.walk(function) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)),
                    key=lambda n: (n.lineno, n.col_offset)):
        right = n.right
        if isinstance(right, ast.BinOp) and isinstance(right.op, ast.Sub) and isinstance(right.left, ast.Constant) \
                and right.left.value == 1 and is_p(right.right):
            return n.lineno, ast.unparse(n)
    return None


def _mask_tested_against_one(function: ast.FunctionDef):
    """(line, code): a dropout backward's comparison of the mask it unpacks from its cache with 1 (``mask == 1``),
    which is never true of a mask scaled by 1 / p, or None."""
    masks = set()
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id == "cache":
            for target in n.targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                masks.update(t.id for t in names if isinstance(t, ast.Name) and "mask" in t.id.lower())
    masks = masks or {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and n.id.lower() == "mask"}
    for n in sorted((n for n in ast.walk(function) if isinstance(n, ast.Compare) and len(n.ops) == 1
                     and isinstance(n.ops[0], ast.Eq)), key=lambda n: (n.lineno, n.col_offset)):
        sides = (n.left, n.comparators[0])
        if any(isinstance(a, ast.Name) and a.id in masks for a in sides) \
                and any(isinstance(a, ast.Constant) and not isinstance(a.value, bool) and a.value == 1
                        for a in sides):
            return n.lineno, ast.unparse(n)
    return None


def _eps_subtracted(function: ast.FunctionDef):
    """(line, code): a square root of something minus eps (``np.sqrt(var - eps)``), or None."""
    for n in sorted((n for n in ast.walk(function) if _is_sqrt(n) and n.args),
                    key=lambda n: (n.lineno, n.col_offset)):
        arg = n.args[0]
        if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Sub) and _eps_like(arg.right) \
                and not any(_eps_like(m) for m in ast.walk(arg.left)):
            return n.lineno, ast.unparse(n)
    return None


def _variance_names(function: ast.FunctionDef) -> set:
    """The names every assignment of which is a variance: np.var / x.var, or a mean of squares (``np.mean((x -
    mean) ** 2)``, ``np.mean(np.square(...))``, ``np.mean(np.power(...))``)."""
    def is_variance(value):
        if not isinstance(value, ast.Call):
            return False
        name = getattr(value.func, "attr", getattr(value.func, "id", ""))
        if name == "var":
            return True
        return name == "mean" and any(
            (isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow)) or
            (isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", "")) in ("square", "power"))
            for arg in value.args for n in ast.walk(arg))
    return {name for name, values in _assigned(function).items() if values and all(is_variance(v) for v in values)}


def _variance_squared(function: ast.FunctionDef):
    """(line, code, var) of a square root of a variance squared (``np.sqrt(var ** 2 + eps)``; set N's real file wrote
    ``np.power(var) ** 2``, and ``np.square(var)`` or ``np.power(var, 2)`` square it alike), or None."""
    variances = _variance_names(function)

    def squared(inner) -> str:
        callee = getattr(inner.func, "attr", getattr(inner.func, "id", "")) if isinstance(inner, ast.Call) else ""
        if callee in ("square", "power") and inner.args and isinstance(inner.args[0], ast.Name) \
                and inner.args[0].id in variances and not inner.keywords and (
                    len(inner.args) == 1 or (len(inner.args) == 2 and isinstance(inner.args[1], ast.Constant)
                                             and inner.args[1].value == 2 and callee == "power")):
            return inner.args[0].id if callee == "square" or len(inner.args) == 2 else ""
        if isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Pow) \
                and isinstance(inner.right, ast.Constant) and inner.right.value == 2:
            left = inner.left
            if isinstance(left, ast.Name) and left.id in variances:
                return left.id
            # np.power(var) ** 2: power's missing exponent is the TypeError, the ** 2 squares the variance anyway
            if isinstance(left, ast.Call) and getattr(left.func, "attr", getattr(left.func, "id", "")) == "power" \
                    and len(left.args) == 1 and isinstance(left.args[0], ast.Name) and left.args[0].id in variances:
                return left.args[0].id
        return ""
    for n in ast.walk(function):
        if isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", "")) == "sqrt" and n.args:
            for inner in ast.walk(n.args[0]):
                var = squared(inner)
                if var:
                    return n.lineno, ast.unparse(n), var
    return None


def _mode_branches(function: ast.FunctionDef) -> list:
    """The ifs of ``function`` that compare the mode with 'train' or 'test'."""
    return [n for n in ast.walk(function) if isinstance(n, ast.If) and any(
        isinstance(c, ast.Constant) and c.value in ("train", "test") for c in ast.walk(n.test))]


def _running_key(node) -> str:
    """'running_mean' or 'running_var' where ``node`` is that name or a dict's item of that key, else ''."""
    if isinstance(node, ast.Name) and node.id in RUNNING:
        return node.id
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value in RUNNING:
        return node.slice.value
    return ""


def _running_outside_mode(function: ast.FunctionDef):
    """(line, code) of a running average's update (``running_mean = momentum * running_mean + ...``) outside every
    branch on the mode of a function that has one and returns from none (set N: the averages updated before the mode
    is looked at, so test mode moves them too), or None."""
    branches = _mode_branches(function)
    if not branches or any(isinstance(n, ast.Return) for b in branches for n in ast.walk(b)):
        return None
    inside = {id(n) for b in branches for n in ast.walk(b)}
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and id(n) not in inside and len(n.targets) == 1 \
                and isinstance(n.value, ast.BinOp):
            key = _running_key(n.targets[0])
            if key and any(_running_key(m) == key for m in ast.walk(n.value)):
                return n.lineno, ast.unparse(n)
    return None


def _cache_left_none(function: ast.FunctionDef):
    """The line of the return of a forward that returns ``cache`` where every value it gives cache is None (the
    starter's ``out, cache = None, None`` left as it was), or None."""
    given, returned = [], None
    for n in ast.walk(function):
        if isinstance(n, ast.Assign):
            for target in n.targets:
                if isinstance(target, ast.Name) and target.id == "cache":
                    given.append(n.value)
                elif isinstance(target, (ast.Tuple, ast.List)):
                    for i, e in enumerate(target.elts):
                        if isinstance(e, ast.Name) and e.id == "cache":
                            given.append(n.value.elts[i] if isinstance(n.value, (ast.Tuple, ast.List))
                                         and len(n.value.elts) == len(target.elts) else n.value)
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign)) and isinstance(n.target, ast.Name) \
                and n.target.id == "cache":
            return None
        elif isinstance(n, ast.Return) and n.value is not None and any(
                isinstance(m, ast.Name) and m.id == "cache" for m in ast.walk(n.value)):
            returned = n.lineno
        elif isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(getattr(n, "value", None), ast.Name) \
                and n.value.id == "cache" and isinstance(n.ctx, ast.Store):
            return None  # cache['x'] = x, filled in place
    if returned is None or not given or any(not (isinstance(v, ast.Constant) and v.value is None) for v in given):
        return None
    return returned


def _mean_divided_alone(function: ast.FunctionDef):
    """(line, code) of ``a - m / s`` in ``function`` where ``m`` is a name every assignment of which is a mean, or a
    sum divided by a count (the parentheses of ``(a - m) / s`` left out: / binds tighter than -), or None."""
    def summed(value):
        return isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div) and isinstance(value.left, ast.Call) \
            and "sum" in (getattr(value.left.func, "attr", ""), getattr(value.left.func, "id", ""))
    means = _mean_calls(function) | {name for name, values in _assigned(function).items()
                                     if values and all(summed(v) for v in values)}
    for n in ast.walk(function):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and isinstance(n.right, ast.BinOp) \
                and isinstance(n.right.op, ast.Div) and isinstance(n.right.left, ast.Name) \
                and n.right.left.id in means and isinstance(n.left, ast.Name) and n.left.id not in means:
            return n.lineno, ast.unparse(n)
    return None


def _mean_calls(function: ast.FunctionDef) -> set:
    """The names every assignment of which in ``function`` is a mean (``np.mean(...)``, ``x.mean(...)``)."""
    def is_mean(value):
        return isinstance(value, ast.Call) and "mean" in (getattr(value.func, "attr", ""),
                                                          getattr(value.func, "id", ""))
    return {name for name, values in _assigned(function).items() if all(is_mean(v) for v in values)}


def _unpacked_as(forward: ast.FunctionDef, backward: ast.FunctionDef, name: str) -> str:
    """The name ``backward`` gives to what ``forward`` stores in its cache as ``name`` (the same key of a dict
    cache, or the same place of a tuple of as many names), where that is another name; '' elsewhere."""
    stored, read = _cache_keys(forward, backward=False), _cache_keys(backward, backward=True)
    mine = next((read[key] for key, value in stored.items() if value == name and key in read), "")
    if not mine:
        packed, unpacked = _cache_tuples(forward, backward=False), _cache_tuples(backward, backward=True)
        if len(packed) == 1 and len(unpacked) == 1 and len(packed[0][1]) == len(unpacked[0][1]) \
                and packed[0][1].count(name) == 1:
            mine = unpacked[0][1][packed[0][1].index(name)]
    return mine if mine != name else ""


def _cache_keys(function: ast.FunctionDef, backward: bool) -> dict:
    """key -> name of a cache held as a dict: what a forward stores (``cache['mean'] = mean``, ``{'mean': mean}``)
    or what a backward reads (``mean = cache['mean']``), plain names and string keys only."""
    found = {}
    pairs = []
    for n in ast.walk(function):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1):
            continue
        if isinstance(n.targets[0], ast.Tuple) and isinstance(n.value, ast.Tuple) \
                and len(n.targets[0].elts) == len(n.value.elts):
            pairs += zip(n.targets[0].elts, n.value.elts)  # a, b = cache['a'], cache['b']
        else:
            pairs.append((n.targets[0], n.value))
    for target, value in pairs:
        if backward and isinstance(target, ast.Name) and isinstance(value, ast.Subscript) \
                and isinstance(value.slice, ast.Constant) and isinstance(value.slice.value, str):
            found[value.slice.value] = target.id
        elif not backward and isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) \
                and isinstance(target.slice.value, str) and isinstance(value, ast.Name):
            found[target.slice.value] = value.id
        elif not backward and isinstance(value, ast.Dict):
            found.update({k.value: v.id for k, v in zip(value.keys, value.values)
                          if isinstance(k, ast.Constant) and isinstance(k.value, str) and isinstance(v, ast.Name)})
    return found


def _twice_the_mean(graded, source, backward: ast.FunctionDef):
    """(line, name) where a normalisation backward multiplies 2 by the mean itself (a name its forward stored from a
    mean call, or one it takes itself), where the variance's derivative 2 * (x - mean) belongs; None elsewhere."""
    forward = _function_nodes(source).get(getattr(graded, "forward", ""))
    means = {name for name in _mean_calls(backward) if _count_stored(backward, name) == 1}
    if forward is not None:
        stored_means = _mean_calls(forward)
        packed, read = _cache_tuples(forward, backward=False), _cache_tuples(backward, backward=True)
        if len(packed) == 1 and len(read) == 1 and len(packed[0][1]) == len(read[0][1]):
            means |= {mine for stored, mine in zip(packed[0][1], read[0][1]) if stored in stored_means}
        keys = _cache_keys(forward, backward=False)
        means |= {mine for key, mine in _cache_keys(backward, backward=True).items()
                  if keys.get(key) in stored_means}
    means = {m for m in means if _count_stored(backward, m) == 1}
    for n in ast.walk(backward):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            factors = _factors(n)
            if any(_is_two(f) for f in factors):
                mean = next((f.id for f in factors if isinstance(f, ast.Name) and f.id in means), None)
                if mean is not None:
                    return n.lineno, mean
    return None


# Readings of the outputs that leave the mistake open (dx does not sum to zero: the mean's path or its count; a term
# read as missing), beside which the source may say what it is where nothing raised (set L's 063: the batch mean
# unpacked as `xmu` and doubled where 2 * (x - mean) belongs, and a layer norm's `1 / N`)
OPEN_READINGS = {"src_twice_the_mean": ("pattern_norm_backward_not_centred", "dx_change_missing"),
                 "src_count_batch": ("pattern_norm_backward_not_centred",)}
# Source mistakes of a backward that ran, said unless its dx was read term by term (that reading names a wrong scale
# itself); set L's 049 (Hira63S/CS231n), under a forward adding eps twice: dxhat / (var + eps) and
# np.sum(dxhat, axis=0) * (x - mean), told only a dgamma reading that was its forward's
UNLESS_READ = "dx_terms_intro"


def _subtracted(function: ast.FunctionDef, name: str) -> bool:
    """Is ``name`` an operand, however deep, of a subtraction in ``function`` (``x - mean``, ``2 * x - 2 * mu``)?"""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub)
               and any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(n)) for n in ast.walk(function))


def _dx_hat_slips(graded, node, dout: str) -> list:
    """(key, Text, line) of a staged backward's slips on dx_hat read from its code: `dxhat / (var + eps)` where the
    standard deviation belongs (set N), and `np.sum(dxhat, axis=0) * (x - mean)`, the variance's sum closed before
    the deviation it must hold (set L's 049). Read beside an exception and beside a reading of dx that leaves them
    open (``open_readings``)."""
    found = []
    over_var = _dx_hat_over_variance(node, dout)
    if over_var is not None:
        lineno, dx_hat, var = over_var
        found.append(("src_dx_hat_over_var", text("src_dx_hat_over_var", function=graded.name, dx_hat=dx_hat,
                                                  var=var), lineno))
    early = _summed_before_centring(node, dout)
    if early is not None:
        lineno, dx_hat, centred = early
        found.append(("src_dvar_summed_alone", text("src_dvar_summed_alone", function=graded.name, dx_hat=dx_hat,
                                                    centred=centred), lineno))
    return found


def squeeze_reading(graded, context, hint, raised: bool = False):
    """learnW's pool (Yxd-1): a group norm wrong at G = 1 (``pattern_g_is_1``) or raising on a shape or an index,
    whose own code squeezes with no axis named (``var.squeeze()``, ``np.squeeze(std)``): that line, which drops
    the batch's axis at N = 1 and the groups' at G = 1 along with the rest, said with its place; '' elsewhere (one
    such line only)."""
    if context is None or not graded.name.startswith("spatial_groupnorm") or not (
            "pattern_g_is_1" in _said(hint) or raised and re.search(r"dimension|indices|index|broadcast|reshape",
                                                                   english(hint))):
        return ""
    found_function = _student_function(graded, context)
    if found_function is None:
        return ""
    source, node = found_function
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(
        n.func, "id", "")) == "squeeze" and not n.keywords and len(n.args) <= (1 if isinstance(n.func, ast.Name) or
                                                                              _is_module(n.func.value) else 0)]
    if len({n.lineno for n in calls}) != 1:
        return ""
    lineno = calls[0].lineno
    module_file = graded.module.rpartition(".")[2] + ".py"
    return lines(text("src_squeeze_no_axis", function=graded.name, code=ast.unparse(calls[0])),
                 text("diag_at", where=f"{module_file}:{lineno}",
                      code=code_span(source.splitlines()[lineno - 1].strip())))


def _is_module(value) -> bool:
    """Is ``value`` a bare name of numpy's usual aliases (``np.squeeze(v)``, not ``v.squeeze()``)?"""
    return isinstance(value, ast.Name) and value.id in ("np", "numpy")


def open_readings(graded, context, hint) -> list:
    """(key, Text) of the source mistakes of a backward that did not raise, said only beside a reading of its outputs
    that leaves them open (``OPEN_READINGS``): 2 times the mean itself where the mean is never subtracted from
    anything (no deviation is made of it: the variance's 2 * (x - mean) cannot be there), and a layer or group norm
    dividing by its input's first size; and unless dx was read term by term (``UNLESS_READ``), dout * gamma over
    var + eps and the variance's sum closed before x - mean. [] elsewhere."""
    said = _said(hint)
    backward = graded.name.endswith("_backward")  # the alt: only dx made without gamma (learnK) and learnL's read yet
    if context is None or graded.name not in DOUT_AXES or not (backward or graded.name in DX_THROUGH_GAMMA):
        return []
    found_function = _student_function(graded, context)
    if found_function is None:
        return []
    source, node = found_function
    params = [a.arg for a in node.args.args]
    module_file = graded.module.rpartition(".")[2] + ".py"
    found = []
    if backward and said & set(OPEN_READINGS["src_twice_the_mean"]):
        doubled = _twice_the_mean(graded, source, node)
        if doubled is not None and not _subtracted(node, doubled[1]):
            found.append(("src_twice_the_mean", text("src_twice_the_mean", function=graded.name, mean=doubled[1]),
                          doubled[0]))
    if backward and said & set(OPEN_READINGS["src_count_batch"]) and graded.name in COUNTS and params:
        batch = _batch_size_name(node, params)
        divided = _divided_by(node, batch) if batch else None
        if divided is not None:
            found.append(("src_count_batch", text("src_count_batch", function=graded.name, N=batch,
                                                  want=text("count_want_" + graded.name)), divided))
    # held-out set Q (gv22ga): dx over (N * sqrt_var + eps), eps added beside a count times the standard deviation
    stray = _eps_beside_scaled_std(node) if params else None
    if stray is not None:
        found.append(("src_eps_beside_scaled_std", text("src_eps_beside_scaled_std", function=graded.name,
                                                        code=stray[1], count=stray[2], std=stray[3],
                                                        product=stray[4]), stray[0]))
    # learnS's pool (lamgary): a backward's own `e = np.sqrt(var)` ... `a / (e + eps)`, and its own
    # `var = cache['var'] + eps` ... `np.sqrt(var + eps)`: mistakes of its own, still there once its forward is fixed
    outside = _eps_outside_own_root(node) if params else None
    if outside is not None:
        found.append(("src_eps_outside_own_root", text("src_eps_outside_own_root", function=graded.name,
                                                       code=outside[1], root=outside[2]), outside[0]))
    twice = _eps_added_twice(node, from_any=True) if params else None
    if twice is not None:
        found.append(("src_eps_twice", text("src_eps_twice", function=graded.name, first=twice[1], code=twice[2]),
                      twice[0]))
    # held-out set R (7xxogre): an alt dividing by np.sqrt(sample_var - eps), eps taken away where it is added
    subtracted = _eps_subtracted(node) if params else None
    if subtracted is not None:
        found.append(("src_eps_subtracted", text("src_eps_subtracted", function=graded.name, code=subtracted[1]),
                      subtracted[0]))
    # held-out set Q (syangav): dout's axes moved with (0, 3, 2, 1) where the forward moved x's with (0, 2, 3, 1)
    otherwise = _dout_moved_otherwise(graded, source, node, params[0]) \
        if params and graded.name == "spatial_batchnorm_backward" else None
    if otherwise is not None:
        found.append(("src_dout_moved_otherwise", text("src_dout_moved_otherwise", function=graded.name,
                                                       code=otherwise[1], forward=graded.forward,
                                                       forward_code=otherwise[2], fix=otherwise[3]), otherwise[0]))
    if UNLESS_READ not in said and params:
        found += _dx_hat_slips(graded, node, params[0]) if backward else []
        # set L (287): dx = dout * (gamma / sqrt_var), behind a forward normalising with its running averages
        constant = _dx_of_constant_statistics(node, params[0]) if backward and graded.name.startswith("batchnorm_") \
            else None
        if constant is not None:
            found.append(("src_dx_constant_stats", text("src_dx_constant_stats", function=graded.name,
                                                        code=constant[1]), constant[0]))
        # learnL (learnM's AdvaitKoparkar/CS231n-Assignment2 alt; dboyliao/cs231n's staged backward): dx value by
        # value, no sum over the batch in its making (the narrower constant statistics' reading says it first)
        no_sums = _dx_without_sums(node, params[0], params) if constant is None else None
        if no_sums is not None:
            found.append(("src_dx_no_sums", text("src_dx_no_sums", function=graded.name, code=no_sums[1]),
                          no_sums[0]))
        # learnL (AsadaYouko/My-cs231n-assignment-solutions): dx_norm * dx_local, dout multiplied in twice
        squared = _dout_squared(node, params[0])
        if squared is not None:
            found.append(("src_dout_squared", text("src_dout_squared", function=graded.name, code=squared[1]),
                          squared[0]))
        # learnL (WenboKou/assignments' alt): the variance's term (x - mean) * dout value by value, d var unsummed
        unsummed = _unsummed_variance_term(node, params[0])  # the alt too: DOUT_AXES' functions are all backwards
        if unsummed is not None:
            found.append(("src_dvar_unsummed", text("src_dvar_unsummed", function=graded.name, centred=unsummed[1],
                                                    term=unsummed[2]), unsummed[0]))
        unscaled = _mean_term_unscaled(node, params[0])
        if unscaled is not None:
            found.append(("src_mean_term_unscaled", text("src_mean_term_unscaled", function=graded.name,
                                                         term=unscaled[1]), unscaled[0]))
        # learnN (nasretdinovr/cs231's alt): dx made without dout, a local derivative never chained with it
        free = _dx_without_dout(node, params[0])
        if free is not None:
            found.append(("src_dx_without_dout", text("src_dx_without_dout", function=graded.name, code=free[1],
                                                      dout=params[0]), free[0]))
        # learnL (dboyliao/cs231n's staged backward): d out / d x_hat taken as 1 + gamma
        plus = _one_plus_gamma(node, params[0])
        if plus is not None:
            found.append(("src_dx_hat_one_plus_gamma", text("src_dx_hat_one_plus_gamma", function=graded.name,
                                                            code=plus[1]), plus[0]))
        # learnK (WenboKou/assignments' alt): gamma unpacked, dx made without it
        without = _dx_without_gamma(node, params[0]) if graded.name in DX_THROUGH_GAMMA else None
        if without is not None:
            found.append(("src_dx_without_gamma", text("src_dx_without_gamma", function=graded.name,
                                                       gamma=without[1]), without[0]))
    raw = source.splitlines()
    return [(key, lines(said_here, text("diag_at", where=f"{module_file}:{lineno}",
                                        code=code_span(raw[lineno - 1].strip()))))
            for key, said_here, lineno in sorted(found, key=lambda f: f[2])]


def _is_two(factor) -> bool:
    """Is ``factor`` 2 itself, or 2 over a count (``2. / N``)?"""
    if isinstance(factor, ast.BinOp) and isinstance(factor.op, ast.Div):
        factor = factor.left
    return isinstance(factor, ast.Constant) and factor.value == 2


def _factors(product) -> list:
    """The factors of a chain of multiplications (``dvar * mean * 2.0``: dvar, mean, 2.0)."""
    if isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult):
        return _factors(product.left) + _factors(product.right)
    return [product]


def _cache_tuples(function: ast.FunctionDef, backward: bool) -> list[tuple[int, tuple[str, ...]]]:
    """(line, names) of every tuple of plain names packed into ``cache`` (a forward) or unpacked from its cache
    argument (a backward) in ``function``."""
    if backward:
        args = function.args.args
        cache_name = args[1].arg if len(args) > 1 else "cache"
    found = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if backward:
            packed, holder = target, value
        else:
            packed, holder = value, target
        if not (isinstance(packed, (ast.Tuple, ast.List)) and packed.elts and isinstance(holder, ast.Name)
                and holder.id == (cache_name if backward else "cache")
                and all(isinstance(e, ast.Name) for e in packed.elts)):
            continue
        found.append((node.lineno, tuple(e.id for e in packed.elts)))
    return found


def _moved(stored, read) -> bool:
    """Does a name that the forward packs and the backward unpacks sit in another place in each (so that it
    receives another value, whatever the other names are called)?"""
    return len(set(read)) == len(read) and any(name in stored and stored.index(name) != k
                                               for k, name in enumerate(read))


def cache_order_hint(graded, context):
    """A backward unpacking its cache in another order than its forward packs it (the same names, some swapped, or
    some renamed and a shared name moved: nothing raises), read from both functions' source: which name receives
    what. '' where it does not."""
    from .sandbox.protocol import literal
    if context is None or graded.kind != "backward" or not getattr(graded, "forward", "") \
            or graded.fallback != literal(None):
        return ""  # a backward with a documented cache may be run on that cache, not on its forward's
    found_function = _student_function(graded, context)
    if found_function is None:
        return ""
    source, backward = found_function
    forward = _function_nodes(source).get(graded.forward)  # the module's one parse
    if forward is None:
        return ""
    packed = _cache_tuples(forward, backward=False)
    for lineno, read in _cache_tuples(backward, backward=True):
        stored = next((names for _, names in packed if len(names) == len(read) and set(names) == set(read)
                       and len(set(names)) == len(names)), None) or next(
            (names for _, names in packed if len(names) == len(read) and len(set(names)) == len(names)
             and _moved(names, read)), None)  # some names renamed, and a name both share in another place
        if stored is None or stored == read:
            continue
        common = set(stored) & set(read)
        pairs = ", ".join(f"{mine} <- {theirs}" for mine, theirs in zip(read, stored)
                          if mine != theirs and (mine in common or theirs in common))
        module_file = graded.module.rpartition(".")[2] + ".py"
        return lines(text("src_cache_order", function=graded.name, forward=graded.forward,
                          stored="(" + ", ".join(stored) + ")", read="(" + ", ".join(read) + ")", pairs=pairs),
                     text("diag_at", where=f"{module_file}:{lineno}",
                          code=code_span(source.splitlines()[lineno - 1].strip())))
    return ""


# set O: a group-norm backward written for a cache of 5-D grouped arrays ((N, G, C // G, H, W) x and (N, G, 1, 1, 1)
# statistics) beside a forward that caches x.reshape(N * G, -1).T and 1-D statistics: it raises on its
# `N, G, C_G, H, W = x.shape`, and only the two functions' source says why
def _last_assignment(function: ast.FunctionDef, name: str, before: int):
    """The last plain ``name = ...`` of ``function`` above line ``before`` (None where there is none, or where
    ``name`` is also bound some other way: a loop, a tuple, an augmented assignment)."""
    other = [n for n in ast.walk(function) if isinstance(n, (ast.For, ast.AugAssign, ast.With, ast.NamedExpr))
             or isinstance(n, ast.Assign) and any(not isinstance(t, ast.Name) for t in n.targets)]
    if any(isinstance(t, ast.Name) and t.id == name and isinstance(t.ctx, ast.Store)
           for n in other for t in ast.walk(n) if n.lineno < before):
        return None
    plain = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and n.lineno < before
             and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
    return max(plain, key=lambda n: n.lineno, default=None)


def _static_ndim(function: ast.FunctionDef, node, line: int, inputs: dict, depth: int = 0):
    """(axes, the assignment that fixed them) of ``node`` at line ``line`` of ``function``, where its source leaves
    no doubt: an input of known axes (``inputs``), a reshape to so many sizes, a transpose, a reduction over some
    axes. (None, None) elsewhere."""
    if depth > 20:
        return None, None
    if isinstance(node, ast.Name):
        assigned = _last_assignment(function, node.id, line)
        if assigned is None:
            if node.id in inputs and not any(isinstance(n, (ast.Name,)) and n.id == node.id
                                             and isinstance(n.ctx, ast.Store) for n in ast.walk(function)
                                             if getattr(n, "lineno", line) < line):
                return inputs[node.id], None
            return None, None
        ndim, fixed = _static_ndim(function, assigned.value, assigned.lineno, inputs, depth + 1)
        return ndim, fixed or assigned
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return _static_ndim(function, node.value, line, inputs, depth + 1)
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None, None
    method, owner, args = node.func.attr, node.func.value, node.args
    keywords = {k.arg: k.value for k in node.keywords}
    is_np = isinstance(owner, ast.Name) and owner.id in ("np", "numpy")
    array = (args[0] if args else None) if is_np else owner
    if method == "reshape":
        sizes = args[1:] if is_np else args
        if len(sizes) == 1 and isinstance(sizes[0], (ast.Tuple, ast.List)):
            sizes = sizes[0].elts
        elif len(sizes) == 1 and not (isinstance(sizes[0], ast.Constant) or isinstance(sizes[0], ast.UnaryOp)):
            return None, None  # reshape(shape): a size of unknown length
        if not sizes or any(isinstance(s, ast.Starred) for s in sizes) or node.keywords:
            return None, None
        return len(sizes), None
    if method == "transpose" and array is not None:
        return _static_ndim(function, array, line, inputs, depth + 1)
    if method in REDUCTIONS and array is not None:
        ndim, fixed = _static_ndim(function, array, line, inputs, depth + 1)
        axis = keywords.get("axis", args[1] if is_np and len(args) > 1 else args[0] if not is_np and args else None)
        keepdims = keywords.get("keepdims")
        if ndim is None or axis is None or keepdims is not None and not (
                isinstance(keepdims, ast.Constant) and keepdims.value is False):
            return (ndim, None) if ndim is not None and isinstance(keepdims, ast.Constant) \
                and keepdims.value is True else (None, None)
        if isinstance(axis, ast.Constant) and isinstance(axis.value, int):
            return ndim - 1, None  # the reduction's own line fixes its axes
        if isinstance(axis, ast.Tuple) and all(isinstance(a, ast.Constant) for a in axis.elts):
            return ndim - len({a.value for a in axis.elts}), None
    return None, None


def _read_ndim(function: ast.FunctionDef, name: str):
    """(axes, line, code) the backward ``function`` reads cached ``name`` with first: ``a, b, c = name.shape`` or
    ``name.transpose(2, 0, 1)``, above any assignment of its own to ``name``; None where it does neither."""
    stored = min((n.lineno for n in ast.walk(function) if isinstance(n, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)), default=None)
    reads = []
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Tuple) \
                and isinstance(n.value, ast.Attribute) and n.value.attr == "shape" \
                and isinstance(n.value.value, ast.Name) and n.value.value.id == name \
                and not any(isinstance(e, ast.Starred) for e in n.targets[0].elts):
            reads.append((n.lineno, len(n.targets[0].elts)))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "transpose" \
                and isinstance(n.func.value, ast.Name) and n.func.value.id == name and len(n.args) >= 2 \
                and all(isinstance(a, ast.Constant) and isinstance(a.value, int) for a in n.args):
            reads.append((n.lineno, len(n.args)))
    reads = [r for r in reads if stored is None or r[0] <= stored]
    return min(reads, default=None)


def cache_layout_readings(graded, source, function: ast.FunctionDef) -> list:
    """(line, Text) per array a backward reads from its cache with another number of axes than its forward caches
    it with (both read from the source: the backward's ``.shape`` unpacking or transpose, the forward's reshape,
    transpose or reduction), each the same name in both functions; [] where there is none."""
    forward = _function_nodes(source).get(getattr(graded, "forward", ""))
    if forward is None:
        return []
    packed = _cache_tuples(forward, backward=False)
    unpacked = _cache_tuples(function, backward=True)
    if len(packed) != 1 or not unpacked:
        return []
    pack_line, stored = packed[0]
    params = [a.arg for a in forward.args.args]
    inputs = {params[0]: 4 if graded.forward.startswith("spatial_") else 2} if params else {}
    module_file = graded.module.rpartition(".")[2] + ".py"
    raw, code = source.splitlines(), _code_only(source)

    def quoted(lineno):  # the line without its comment (its axes written out beside it are no code)
        return code_span(raw[lineno - 1][:len(code.get(lineno, "").rstrip()) or None].strip())

    found = []
    for name in unpacked[0][1]:
        read = _read_ndim(function, name) if name in stored else None
        if read is None:
            continue
        cached, fixed = _static_ndim(forward, ast.Name(id=name, ctx=ast.Load()), pack_line, inputs)
        if cached is None or fixed is None or cached == read[1]:
            continue
        found.append((read[0], text("src_cache_layout_array", name=name, read=read[1], cached=cached,
                                    read_code=quoted(read[0]), cached_code=quoted(fixed.lineno),
                                    where=f"{module_file}:{fixed.lineno}")))
    return found


def cache_holds_out(graded, context):
    """A backward whose forward packs its own first output (``out``) into its cache, read from the forward's
    source, where the backward unpacks a name in that place (the mask, say): the forward's line. '' where it does
    not (called only where dx is dout times that forward's out, read from the outputs)."""
    if context is None or graded.kind != "backward" or not getattr(graded, "forward", ""):
        return ""
    found_function = _student_function(graded, context)
    if found_function is None:
        return ""
    source, backward = found_function
    forward = _function_nodes(source).get(graded.forward)
    if forward is None:
        return ""
    returned = {node.value.elts[0].id for node in ast.walk(forward)
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and node.value.elts
                and isinstance(node.value.elts[0], ast.Name)}
    read = _cache_tuples(backward, backward=True)
    for lineno, stored in _cache_tuples(forward, backward=False):
        for k, name in enumerate(stored):
            mine = next((names[k] for _, names in read if len(names) == len(stored)), "")
            if name in returned and mine and mine != name:
                module_file = graded.module.rpartition(".")[2] + ".py"
                return lines(text("src_cache_holds_out", function=graded.name, forward=graded.forward, out=name,
                                  read=mine),
                             text("diag_at", where=f"{module_file}:{lineno}",
                                  code=code_span(source.splitlines()[lineno - 1].strip())))
    return ""


def _said(hint) -> set:
    """Every message key in ``hint``, its parts' and its fields' (a reading's sentences are fields of its frame)."""
    if isinstance(hint, Text):
        return {hint.key}.union(*(_said(v) for v in hint.fields.values()))
    if isinstance(hint, Joined):
        return set().union(*(_said(part) for part in hint.parts))
    return set()


def _names_said(hint) -> set:
    """The names a NameError reading in ``hint`` speaks of (``name_error_*``'s ``name``)."""
    if isinstance(hint, Text):
        own = {hint.fields.get("name")} if hint.key.startswith("name_error_") else set()
        return own.union(*(_names_said(v) for v in hint.fields.values()))
    if isinstance(hint, Joined):
        return set().union(*(_names_said(part) for part in hint.parts))
    return set()


def _first_fields(hint) -> dict:
    first = hint.parts[0] if isinstance(hint, Joined) and hint.parts else hint
    return first.fields if isinstance(first, Text) else {}


def _without(hint, untrue: tuple):
    """``hint`` with every part whose message is one of the keys ``untrue`` left out (parts of Joined hints,
    however nested)."""
    if isinstance(hint, Joined):
        return join(hint.sep, *(_without(part, untrue) for part in hint.parts))
    if isinstance(hint, Text) and hint.key in WRAPPING:  # a frame around readings: kept while one of them is
        field = WRAPPING[hint.key]
        inner = _without(hint.fields.get(field, ""), untrue)
        return text(hint.key, **dict(hint.fields, **{field: inner})) if inner else ""
    return "" if isinstance(hint, Text) and hint.key in untrue else hint


# Texts that frame other readings (the field that holds them): the mask's readings, worded as they are; "given gamma
# of shape (C,), it runs, and: ..."
WRAPPING = {"dropout_found": "what", "pattern_other_convention": "reading"}


# A source mistake of what a forward outputs alone (test mode's normalisation), not said under its running averages
OUT_ONLY = {"src_test_var_without_root"}
# A source mistake of one running average, said under that output alone (src_running_from_other: its target's)
UNDER_TARGET = {"src_running_from_other"}


def with_source_hints(hint, graded, context, raised: bool = False, output: str = ""):
    """``hint`` and every source mistake it does not name yet, on lines of their own (in place of a sentence the
    source shows untrue, ``SUPERSEDES``). A cache unpacked in another order than its forward packs it is said in
    place of every reading of the numbers: each of them follows from it."""
    order = cache_order_hint(graded, context)
    if order:
        hint = order
    for key, extra in source_hints(graded, context, keyed=True, raised=raised):
        if key in OUT_ONLY and output not in ("", graded.outputs[0]):
            continue
        if key in UNDER_TARGET and output and output != _first_fields(extra).get("target"):
            continue
        if key in SUPERSEDES:
            hint = _without(hint, SUPERSEDES[key])
        if key in SAID_AS and set(SAID_AS[key]) & _said(hint):
            continue
        if key.startswith("src_name_undefined") and _first_fields(extra).get("name") in _names_said(hint):
            continue  # the NameError that stopped the run: its own reading says it
        if english(first_part(extra)) in english(hint):
            continue
        if not hint or (_said(hint) and _said(hint) <= {"diag_at", "diag_frame"}):
            hint = lines(extra, hint)  # all that was left is where it raised: the mistake comes first
        else:
            hint = lines(hint, join("", text("diag_also_source"), extra))
    squeezed = squeeze_reading(graded, context, hint, raised)
    if squeezed and english(first_part(squeezed)) not in english(hint):
        hint = lines(hint, join("", text("diag_also_source"), squeezed))
    if not raised and output in ("", graded.outputs[0]):  # readings of dx, not of dgamma or dbeta
        for key, extra in open_readings(graded, context, hint):
            if key in SAID_AS and set(SAID_AS[key]) & _said(hint):
                continue
            if key in SUPERSEDES:
                hint = _without(hint, SUPERSEDES[key])
            if not hint:
                hint = extra
            elif english(first_part(extra)) not in english(hint):
                hint = lines(hint, join("", text("diag_also_source"), extra))
    return hint


def raised_earlier(graded, output, failing, outputs, context, cases=None):
    """A forward's later output (dropout's ``out_0_or_x_over_p``) that fails only where its first output raised:
    a pointer to the first output's hint, not a reading of the numbers a raising function never made."""
    if graded.kind != "forward" or output == graded.outputs[0] or not failing or not outputs:
        return ""
    events = [next((e for e in getattr(outputs[i], "events", None) or [] if e.get("raised")), None)
              for i in failing]
    if not all(events):
        return ""
    first = SimpleNamespace(numbers={"raised": str(events[0]["raised"]), "traceback": events[0].get("traceback", [])})
    case = cases[failing[0]] if cases is not None and failing[0] < len(cases) else None  # its sizes, as out's hint
    named = named_exception(graded, first, context, case=case) or \
        text("diag_raised", raised=first.numbers["raised"][:200])
    # the first output's hint says a source reading in place of the rule it shows untrue: the pointer says it too
    untrue = _said(named)
    named = next((extra for key, extra in source_hints(graded, context, keyed=True, raised=True)
                  if untrue & set(SUPERSEDES.get(key, ()))), named)
    return text("diag_same_cause", first=graded.outputs[0], short=FirstSentence(named))
