"""Diagnosis: name the known mistake a student's output reproduces, or say where the error lives.

INSTRUCTOR SIDE (not shipped). Runs in the trusted parent: each catalog mistake of the failing function
(grader.mistakes) is evaluated on the same inputs through the same steps as the reference, and compared with
the student's decoded outputs.
"""
from __future__ import annotations

import warnings

import numpy as np

from .localise import localise_failure
from .mistakes import CATALOG, mutated_module
from .reference import expected_outputs, resolve_reference


def _same(actual, candidate) -> bool:
    actual = np.asarray(actual, dtype=np.float64)
    candidate = np.asarray(candidate, dtype=np.float64)
    return actual.shape == candidate.shape and bool(np.allclose(actual, candidate, rtol=1e-5, atol=1e-7,
                                                                equal_nan=True))


def _same_output(out, output: str, candidate) -> bool:
    kind, value = candidate
    if kind == "array":
        return output in out.arrays and _same(out.arrays[output], value)
    if kind == "json":
        actual = out.values.get(output, out.arrays.get(output))
        actual = actual.tolist() if isinstance(actual, np.ndarray) else actual
        return actual == value
    return False


def _mistake_outputs(mistake, graded, case):
    def resolve(module):
        return mutated_module(mistake.name) if module == mistake.module else resolve_reference(module)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return expected_outputs(graded, case, resolve=resolve)


def diagnose(graded, output: str, cases, verdicts, outputs, lang: str = "en") -> str:
    """The hint of the first catalog mistake that reproduces the student's ``output`` on every failing case."""
    failing = [i for i, v in verdicts.items() if not v.ok and not v.missing and outputs
               and (output in outputs[i].arrays or output in outputs[i].values)]
    if not failing:
        return ""
    for mistake in CATALOG:
        if mistake.function != graded.name:
            continue
        try:
            if all(_same_output(outputs[i], output, _mistake_outputs(mistake, graded, cases[i])[output])
                   for i in failing):
                return mistake.hint(lang)
        except Exception:  # a mistake that cannot run on this case simply does not explain it
            continue
    return ""


def hint_for(graded, output, cases, verdicts, outputs, lang: str = "en") -> str:
    """The grader's hook: a known mistake's hint, else an input modified in place, else a localisation."""
    hint = diagnose(graded, output, cases, verdicts, outputs, lang=lang)
    if hint:
        return hint
    modified = next((v.numbers["modified_inputs"] for v in verdicts.values() if v.numbers.get("modified_inputs")),
                    None)
    if modified:
        names = ", ".join(modified)
        return (f"你的代码原地修改了输入 {names}：请在副本上计算（例如 x.copy() 或 np.pad），不要改动输入。"
                if lang == "zh" else
                f"Your code changes its input {names} in place: work on a copy (x.copy(), np.pad) and leave the "
                "inputs as they were.")
    return localise_failure(graded, output, cases, verdicts, outputs, lang)
