"""Diagnosis: name the known mistake a student's output (or exception) reproduces, or say where the error lives.

INSTRUCTOR SIDE (not shipped). Runs in the trusted parent, in this order:

1. one root cause: a backward that fails only because the student's own forward raised is told so, once;
2. the catalog (grader.mistakes): each mistake of the failing function is run on the same inputs through the same
   steps as the reference; it explains a case when it returns the student's output, or raises the student's
   exception (same type, same message up to the numbers in it);
3. exception rules: what the student's code raised, and the student's own source line, name the mistake
   (``pad:-pad`` at pad 0, ``xrange``, ``/`` giving float sizes, NumPy's removed aliases ...);
4. an input modified in place;
5. probing (grader.probing): a few extra inputs in the sandbox, for the conv and pool functions;
6. the localisation of the wrong elements.

Every exception's hint ends with the student's file:line and the line itself.
"""
from __future__ import annotations

import copy
import re
import warnings

import numpy as np

from ..functions import build_case_job
from ..i18n import messages_with_prefix
from ..localise import localise_failure
from ..public_tests import reproduces
from .mistakes import CATALOG, RULES, mutated_module
from .probing import probe_hint
from .reference import resolve_reference
from ..sandbox.worker import collect_outputs, run_steps, to_plain

GENERIC_RULES = {"window_shape", "pad_slice_at_pad_0_any"}
PYTHON2_RULES = {"xrange", "float_size", "numpy_alias", "np_lib_pad", "python2_iteritems"}
# Lines a Python 3 / NumPy 2 run has not reached yet but will fail on too.
LEFTOVERS = [(r"\bxrange\s*\(", "xrange"), (r"(?<!/)/\s*\(?\s*stride\b|(?<!/)/\s*(S|s)\b", "/"),
             (r"\bnp\.(int|float|bool|object)\b(?!\w)", "np.int/np.float"), (r"\bnp\.lib\.pad\b", "np.lib.pad")]


def python2_leftovers(graded, context, skip_line: int = 0) -> list[str]:
    """"line (what)" for every Python 2 / removed-NumPy construct in the student's function, but ``skip_line``."""
    if context is None:
        return []
    import ast
    path = context.package_dir / (graded.module.replace(".", "/") + ".py")
    try:
        source = path.read_text(encoding="utf-8")
        node = next(n for n in ast.walk(ast.parse(source))
                    if isinstance(n, ast.FunctionDef) and n.name == graded.name)
    except (OSError, SyntaxError, ValueError, StopIteration):
        return []
    found = []
    for lineno in range(node.lineno, node.end_lineno + 1):
        code = source.splitlines()[lineno - 1].split("#", 1)[0]
        for pattern, what in LEFTOVERS:
            if lineno != skip_line and re.search(pattern, code):
                found.append(f"{lineno} ({what})")
    return found

TEXT = messages_with_prefix("diag_")  # the sentences live in grader.i18n.MESSAGES


def _t(key: str, lang: str, **fields) -> str:
    entry = TEXT[key]
    return (entry.get(lang) or entry["en"]).format(**fields)




def _same_exception(a: str, b: str) -> bool:
    """Same type and message, up to the numbers in it (shapes differ with the student's intermediate arrays)."""
    return bool(a) and bool(b) and re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)


def _mistake_run(mistake, graded, case) -> tuple[dict, str]:
    """The mistake's outputs on ``case`` ({name: (kind, value)}) and the exception of the graded step ('' if none)."""
    def resolve(module):
        return mutated_module(mistake.name) if module == mistake.module else resolve_reference(module)
    job = build_case_job(graded, case)
    arrays = {k: np.array(v, copy=True) for k, v in case.arrays.items()}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        slots, events = run_steps(copy.deepcopy(job["steps"]), arrays, resolve)
    own = events[-1] if graded.kind == "backward" and events else next((e for e in events if e.get("raised")), {})
    if own.get("raised"):
        return {}, str(own["raised"])
    return {name: to_plain(value) for name, value in collect_outputs(job["outputs"], slots).items()}, ""


def _mistake_outputs(mistake, graded, case) -> dict:
    """The mistake's outputs on ``case`` ({name: (kind, value)}); raises where the mistake raises (the public tests
    store the numbers of the mistakes that return some)."""
    outputs, raised = _mistake_run(mistake, graded, case)
    if raised:
        raise RuntimeError(f"the mistake {mistake.name} raised {raised}")
    return {name: (kind, np.asarray(value, dtype=np.float64) if kind == "array" else value)
            for name, (kind, value) in outputs.items()}


def _explains(mistake, graded, output, case, verdict, out) -> bool:
    outputs, raised = _mistake_run(mistake, graded, case)
    if verdict.errored:
        return _same_exception(verdict.numbers.get("raised", ""), raised)
    if raised or output not in outputs:
        return False
    kind, value = outputs[output]
    return reproduces(out, output, (kind, np.asarray(value, dtype=np.float64) if kind == "array" else value))


def _failing(verdicts, outputs, output) -> list[int]:
    return [i for i, v in verdicts.items() if not v.ok and not v.missing and outputs
            and (v.errored and v.numbers.get("raised") or output in outputs[i].arrays or output in outputs[i].values)]


def diagnose(graded, output: str, cases, verdicts, outputs, lang: str = "en") -> str:
    """The hint of the first catalog mistake that reproduces the student's ``output`` (or exception) on every
    failing case."""
    failing = _failing(verdicts, outputs, output)
    if not failing:
        return ""
    for mistake in CATALOG:
        if mistake.function != graded.name:
            continue
        try:
            if all(_explains(mistake, graded, output, cases[i], verdicts[i], outputs[i]) for i in failing):
                return mistake.hint(lang)
        except Exception:  # a mistake that cannot run on this case simply does not explain it
            continue
    return ""


def _location(traceback: list[str], graded, context) -> tuple[str, str]:
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


def _with_location(hint: str, verdict, graded, context, lang: str) -> str:
    where, code = _location(verdict.numbers.get("traceback", []), graded, context)
    if not where:
        return hint
    return hint + "\n" + _t("at", lang, where=where, code=code or "?")


def exception_hint(graded, raised: str, traceback: list[str], context, lang: str = "en",
                   generic: bool = True) -> str:
    """The rule that names ``raised`` (with the student's line), or ''. ``generic=False`` skips the rules that
    only say where to look (a probe's pattern names such a mistake better)."""
    _, code = _location(traceback, graded, context)
    for rule in RULES:
        if not generic and rule.name in GENERIC_RULES:
            continue
        if re.search(rule.raised, raised) and (not rule.line or (code and re.search(rule.line, code))):
            return rule.hint(lang)
    return ""


def _root_cause(graded, output, failing, verdicts, lang, context) -> str:
    """A backward that fails only because the student's own forward raised: say so once (on the first output).

    The backward then ran on the documented cache, so a right backward passes; it can fail "only because" of the
    forward when it relies on what the student's forward stores (it unpacks or indexes a different cache).
    """
    if graded.kind != "backward" or not failing:
        return ""
    def on_cache(verdict) -> bool:
        raised = verdict.numbers.get("raised", "")
        _, code = _location(verdict.numbers.get("traceback", []), graded, context)
        return verdict.errored and "forward_raised" in verdict.numbers and (
            "values to unpack" in raised or bool(re.search(r"\bcache\b", code)))
    if not all(on_cache(verdicts[i]) for i in failing):
        return ""
    first = verdicts[failing[0]]
    raised = first.numbers["forward_raised"]
    hint = _t("forward_first", lang, forward=graded.forward, raised=raised.split(":")[0])
    named = exception_hint(graded, raised, first.numbers.get("forward_traceback", []), context, lang)
    hint = hint + (" " + named if named else "")
    where, code = _location(first.numbers.get("forward_traceback", []), graded, context)
    return hint + ("\n" + _t("at", lang, where=where, code=code or "?") if where else "")


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=\.)\s+|(?<=。)", text.split("\n")[0], maxsplit=1)[0]


def hint_for(graded, output, cases, verdicts, outputs, lang: str = "en", context=None) -> str:
    """The grader's hook: see the module docstring for the order."""
    failing = _failing(verdicts, outputs, output)
    errored = [i for i in failing if verdicts[i].errored]
    wrong = [i for i in failing if not verdicts[i].errored]
    later_output = graded.kind == "backward" and output != graded.outputs[0] and errored and not wrong

    hint = _root_cause(graded, output, failing, verdicts, lang, context)
    if not hint:
        hint = diagnose(graded, output, cases, verdicts, outputs, lang=lang)
        if hint and errored:
            hint = _with_location(hint, verdicts[errored[0]], graded, context, lang)
    if not hint and errored:
        verdict = verdicts[errored[0]]
        raised = verdict.numbers.get("raised", "")
        traceback = verdict.numbers.get("traceback", [])
        named = (exception_hint(graded, raised, traceback, context, lang, generic=False)
                 or probe_hint(graded, context, lang) or exception_hint(graded, raised, traceback, context, lang))
        hint = _with_location(named or _t("raised", lang, raised=raised.split("\n")[0][:200]), verdict, graded,
                              context, lang)
        if wrong:  # the cases that did not raise may show a second mistake
            also = diagnose(graded, output, cases, {i: verdicts[i] for i in wrong}, outputs, lang=lang)
            if also and also not in hint:
                hint += "\n" + _t("also", lang) + also
    if hint and errored and any(rule.name in PYTHON2_RULES and hint.startswith(rule.hint(lang)) for rule in RULES):
        where, _ = _location(verdicts[errored[0]].numbers.get("traceback", []), graded, context)
        line = int(where.split(":")[1].split(" ")[0]) if where.count(":") else 0
        others = python2_leftovers(graded, context, skip_line=line)
        if others:
            hint += "\n" + _t("leftovers", lang, function=graded.name, lines=", ".join(others[:6]))
    if hint and later_output:
        # dx, dw and db fail on one exception: the full hint is under the first output; here, a pointer to it.
        return _t("same_cause", lang, first=graded.outputs[0], short=_first_sentence(hint))
    if hint:
        return hint
    modified = next((v.numbers["modified_inputs"] for v in verdicts.values() if v.numbers.get("modified_inputs")),
                    None)
    if modified:
        return _t("modified", lang, names=", ".join(modified))
    if wrong and all(verdicts[i].actual is not None and not np.any(verdicts[i].actual) for i in wrong):
        return _t("zeros", lang, output=output)
    return probe_hint(graded, context, lang) or localise_failure(graded, output, cases, verdicts, outputs, lang)


hint_for.wants_context = True
