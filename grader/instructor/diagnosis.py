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
import functools
import re
import warnings

import numpy as np

from ..exception_rules import (code_span, exception_hint, frame, location, named_exception, raised_earlier,
                               stopped_everywhere, with_leftovers, with_location, with_source_hints)
from ..functions import build_case_job
from ..i18n import CaseLabel, FirstSentence, english, join, lines, text
from ..layer_patterns import (also_where_it_ran, beside_modified, case_pattern_hint, dropout_hint, in_place,
                              layout_shape_hint, readings, variance_path_hint, with_own_forward, zeros_hint)
from ..localise import localise_failure
from ..public_tests import reproduces
from .mistakes import CATALOG, mutated_module
from ..probing import PROBE_SEED, probe_cases, probe_hint
from .reference import expected_outputs, resolve_reference
from ..sandbox.worker import collect_outputs, run_steps, to_plain



@functools.lru_cache(maxsize=None)
def _reference_probes(name: str):
    from ..functions import BY_NAME
    graded = BY_NAME[name]
    cases, features = probe_cases(graded, np.random.default_rng(PROBE_SEED))
    return cases, features, [expected_outputs(graded, c) for c in cases]


def reference_probes(graded):
    """The probes of ``graded`` with the reference's answers (computed once per process: a batch reuses them)."""
    return _reference_probes(graded.name)


def _t(key: str, **fields):
    return text("diag_" + key, **fields)  # the sentences live in grader.i18n.MESSAGES




def _same_exception(a: str, b: str) -> bool:
    """Same type and message, up to the numbers in it (shapes differ with the student's intermediate arrays)."""
    return bool(a) and bool(b) and re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)


def _mistake_run(mistake, graded, case) -> tuple[dict, str, set]:
    """The mistake's outputs on ``case`` ({name: (kind, value)}), the exception of the graded step ('' if none), and
    the names of the inputs it changed in place."""
    def resolve(module):
        return mutated_module(mistake.name) if module == mistake.module else resolve_reference(module)
    job = build_case_job(graded, case)
    arrays = {k: np.array(v, copy=True) for k, v in case.arrays.items()}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        slots, events = run_steps(copy.deepcopy(job["steps"]), arrays, resolve)
    own = events[-1] if graded.kind == "backward" and events else next((e for e in events if e.get("raised")), {})
    changed = {k for k, v in arrays.items() if not np.array_equal(v, case.arrays[k], equal_nan=True)}
    if own.get("raised"):
        return {}, str(own["raised"]), changed
    return {name: to_plain(value) for name, value in collect_outputs(job["outputs"], slots).items()}, "", changed


def _mistake_outputs(mistake, graded, case) -> dict:
    """The mistake's outputs on ``case`` ({name: (kind, value)}); raises where the mistake raises (the public tests
    store the numbers of the mistakes that return some)."""
    outputs, raised, _ = _mistake_run(mistake, graded, case)
    if raised:
        raise RuntimeError(f"the mistake {mistake.name} raised {raised}")
    return {name: (kind, np.asarray(value, dtype=np.float64) if kind == "array" else value)
            for name, (kind, value) in outputs.items()}


def _explains(mistake, graded, output, case, verdict, out) -> bool:
    outputs, raised, changed = _mistake_run(mistake, graded, case)
    if verdict.errored:
        return _same_exception(verdict.numbers.get("raised", ""), raised)
    if raised or output not in outputs:
        return False
    if verdict.only_inputs_modified and not changed >= set(verdict.numbers["modified_inputs"]):
        return False  # right outputs, inputs changed: only a mistake that changes them too explains it
    kind, value = outputs[output]
    return reproduces(out, output, (kind, np.asarray(value, dtype=np.float64) if kind == "array" else value))


def _failing(verdicts, outputs, output) -> list[int]:
    return [i for i, v in verdicts.items() if not v.ok and not v.missing and outputs
            and (v.errored and v.numbers.get("raised") or output in outputs[i].arrays or output in outputs[i].values)]


def diagnose(graded, output: str, cases, verdicts, outputs):
    """The hint of the first catalog mistake that reproduces the student's ``output`` (or exception) on every
    failing case."""
    failing = _failing(verdicts, outputs, output)
    if not failing:
        return ""
    if any((verdicts[i].numbers.get(output) or {}).get("not_a_draw") for i in failing):
        # dropout's property failed as no draw of the mask (learnL's pool: a ReLU before it): its value holds, so
        # every catalog mistake with a right train mode "reproduces" it (one of test mode was told)
        return ""
    for mistake in CATALOG:
        if mistake.function != graded.name:
            continue
        try:
            if all(_explains(mistake, graded, output, cases[i], verdicts[i], outputs[i]) for i in failing):
                return mistake.hint()
        except Exception:  # a mistake that cannot run on this case simply does not explain it
            continue
    return ""


def _on_cache(verdict, graded, context) -> bool:
    """Did this backward case fail only because the student's own forward raised (the backward then ran on the
    documented cache, and unpacks or indexes a different one)?"""
    raised = verdict.numbers.get("raised", "")
    _, code = location(verdict.numbers.get("traceback", []), graded, context)
    return verdict.errored and "forward_raised" in verdict.numbers and (
        "values to unpack" in raised or bool(re.search(r"\bcache\b", code)))


def _root_cause_text(first, graded, context):
    """Fix the forward first: what it raised, named, and where."""
    raised = first.numbers["forward_raised"]
    hint = _t("forward_first", forward=graded.forward, raised=raised.split(":")[0])
    named = exception_hint(graded, raised, first.numbers.get("forward_traceback", []), context)
    hint = join(" ", hint, named)
    where, code = location(first.numbers.get("forward_traceback", []), graded, context)
    return lines(hint, _t("at", where=frame(where), code=code_span(code) if code else "?") if where else "")


def _root_cause(graded, output, failing, verdicts, context):
    """A backward that fails only because the student's own forward raised: say so once (on the first output).

    The backward then ran on the documented cache, so a right backward passes; it can fail "only because" of the
    forward when it relies on what the student's forward stores (it unpacks or indexes a different cache).
    """
    if graded.kind != "backward" or not failing:
        return ""
    if not all(_on_cache(verdicts[i], graded, context) for i in failing):
        return ""
    return _root_cause_text(verdicts[failing[0]], graded, context)


def _first_sentence(hint) -> FirstSentence:
    return FirstSentence(hint)


def hint_for(graded, output, cases, verdicts, outputs, context=None):
    """The grader's hook: see the module docstring for the order.

    A backward whose forward raised on some cases and that fails on others for its own reasons gets both: the
    forward to fix first, then what is wrong with the backward itself (its own exception or numbers).
    """
    failing = _failing(verdicts, outputs, output)
    if graded.kind == "backward":
        cached = [i for i in failing if _on_cache(verdicts[i], graded, context)]
        if cached and len(cached) < len(failing):
            root = _root_cause_text(verdicts[cached[0]], graded, context)
            if output != graded.outputs[0]:
                return _t("same_cause", first=graded.outputs[0], short=_first_sentence(root))
            own = _hint(graded, output, cases, {i: v for i, v in verdicts.items() if i not in cached}, outputs,
                        context)
            return lines(root, join("", _t("also_own"), own) if own else "")
        if graded.own_forward and failing and all("forward_raised" in verdicts[i].numbers for i in failing) and \
                not any("forward_raised" in v.numbers for v in verdicts.values() if v.ok):
            # dropout: it fails exactly where its forward raised and it ran on the documented cache, whose mask
            # (already divided by p) may not be the one its own forward stores: one root cause
            # (marked, for the dependants' pass, where it mirrors that forward: its own way of dropping, not the
            # mask it is handed)
            root = _root_cause_text(verdicts[failing[0]], graded, context)
            return with_own_forward(root, graded, output, cases, outputs, context) if output == graded.outputs[0] \
                else _t("same_cause", first=graded.outputs[0], short=_first_sentence(root))
    return with_own_forward(_hint(graded, output, cases, verdicts, outputs, context), graded, output, cases,
                            outputs, context)


def _hint(graded, output, cases, verdicts, outputs, context):
    earlier = raised_earlier(graded, output, _failing(verdicts, outputs, output), outputs, context, cases)
    if earlier:
        return earlier
    hint = _own_hint(graded, output, cases, verdicts, outputs, context)
    if graded.kind == "backward" and output != graded.outputs[0] and hint:
        return hint  # the source's mistakes are named once, under the first output
    raised = any(verdicts[i].errored for i in _failing(verdicts, outputs, output))
    return with_source_hints(hint, graded, context, raised=raised, output=output)


def _own_hint(graded, output, cases, verdicts, outputs, context):
    aside = {i for i, v in verdicts.items() if v.only_inputs_modified}
    caught = diagnose(graded, output, cases, verdicts, outputs) if aside else ""
    if caught:
        return caught  # a catalog mistake that changes the inputs as the student's code does (relu's x[x < 0] = 0)
    if aside:  # cases whose outputs are right are not read for what they show: the change in place, then the rest
        kept = {i: v for i, v in verdicts.items() if i not in aside}
        also = _own_hint(graded, output, cases, kept, outputs, context) if _failing(kept, outputs, output) else ""
        return in_place(verdicts[min(aside)].numbers["modified_inputs"], also)
    failing = _failing(verdicts, outputs, output)
    errored = [i for i in failing if verdicts[i].errored]
    wrong = [i for i in failing if not verdicts[i].errored]
    later_output = graded.kind == "backward" and output != graded.outputs[0] and errored and not wrong

    hint = _root_cause(graded, output, failing, verdicts, context)
    if not hint:
        hint = diagnose(graded, output, cases, verdicts, outputs)
        if hint and errored:
            hint = with_location(hint, verdicts[errored[0]], graded, context)
    if not hint and errored:
        verdict = verdicts[errored[0]]
        raised = verdict.numbers.get("raised", "")
        named = named_exception(graded, verdict, context,
                                probe=lambda: (probe_hint(graded, context, reference_probes)
                                               or case_pattern_hint(graded, cases, verdicts)), case=cases[errored[0]])
        hint = with_location(named or _t("raised", raised=raised.split("\n")[0][:200].rstrip(".")), verdict,
                             graded, context)
        if wrong:  # the cases that did not raise may show a second mistake
            also = (diagnose(graded, output, cases, {i: verdicts[i] for i in wrong}, outputs)
                    or _shape_hint(graded, output, cases, verdicts, wrong))
            if also and english(also) not in english(hint):
                hint = lines(hint, join("", _t("also"), also))
            else:
                hint = also_where_it_ran(hint, graded, cases, outputs)
    if hint and errored:
        hint = with_leftovers(hint, graded, verdicts[errored[0]], context, stopped=stopped_everywhere(verdicts))
    if hint and later_output:
        # dx, dw and db fail on one exception: the full hint is under the first output; here, a pointer to it.
        return _t("same_cause", first=graded.outputs[0], short=_first_sentence(hint))
    if hint:
        return hint
    modified = next((v.numbers["modified_inputs"] for v in verdicts.values() if v.numbers.get("modified_inputs")),
                    None)
    if modified:
        # set M: a test mode that changes x in place beside a train mode with no eps: the readings that need no
        # reference (probes, the cases that left the inputs as they were) say what else is wrong
        also = beside_modified(graded, output, cases, verdicts, outputs, probe_hint(graded, context, reference_probes))
        return in_place(modified, also)
    zeros = zeros_hint(output, [verdicts[i] for i in wrong])
    if zeros:
        return zeros
    return (readings(probe_hint(graded, context, reference_probes), dropout_hint(graded, cases, outputs, output))
            or case_pattern_hint(graded, cases, verdicts)
            or _shape_hint(graded, output, cases, verdicts, wrong)
            or layout_shape_hint(graded, cases, verdicts)
            or variance_path_hint(graded, output, cases, outputs)
            or localise_failure(graded, output, cases, verdicts, outputs))


hint_for.wants_context = True

SIZE_FORMULA = {"conv_forward_naive": "size_conv", "max_pool_forward_naive": "size_pool",
                "avg_pool_forward_naive": "size_pool"}


def _shape_hint(graded, output, cases, verdicts, wrong):
    """A forward whose output has the wrong shape: the shapes, and for the conv and pools the size formula (a spatial
    norm's layout is read by layout_shape_hint, on both sides)."""
    if graded.kind != "forward" or not wrong:
        return ""
    i = wrong[0]
    actual, desired = np.shape(verdicts[i].actual), np.shape(verdicts[i].desired)
    if verdicts[i].actual is None or verdicts[i].desired is None or actual == desired:
        return ""
    hint = _t("out_shape", output=output, got=tuple(actual), want=tuple(desired), case=CaseLabel(cases[i].label))
    return join(" ", hint, layout_shape_hint(graded, cases, verdicts),
                _t(SIZE_FORMULA[graded.name]) if graded.name in SIZE_FORMULA else "")
