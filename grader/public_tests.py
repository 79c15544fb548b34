"""Public tests: fixed inputs with their expected outputs, for the student's local check, and what each known
mistake outputs on them, so that the student side can name a mistake without holding any solution code.

The instructor side (``grader.instructor.release``) computes them from the reference and the catalog of mistakes
with a fixed public seed and stores them (a plain .npz of arrays plus a JSON index) into the student bundle; the
student's check reads them here. The public inputs are drawn from their own seed, independent of any grading
run's hidden seed. Only numbers and hint texts are stored: never code.

Layout of the index::

    {"seed": 231,
     "functions": {name: [{"params", "label", "variant", "inputs", "outputs",
                           "mistakes": {mistake: {output: [kind, value-or-null]}}}, ...]},
     "mistakes": {function: [{"name", "key", "fields", "en", "zh"}, ...]},   # catalog order: the first that explains wins;
                                                                    # key: the hint in grader.i18n.MESSAGES
     "probes": {function: [{"params", "label", "inputs", "outputs", "features"}, ...]}}   # grader.probing

Arrays live in the .npz under ``{function}/{case}/in/{input}``, ``.../out/{output}`` and
``.../mistake/{mistake}/{output}``; the probes' under ``probe/{function}/{probe}/in/...`` and ``.../out/...``.
A mistake's output is stored for a case only where it differs from the reference's: where it is absent, the
mistake cannot explain a failure of that case.
"""
from __future__ import annotations

import dataclasses
import os
import functools
import json
from pathlib import Path

import numpy as np

from .exception_rules import (named_exception, raised_earlier, stopped_everywhere, with_leftovers, with_location,
                              with_source_hints)
from .functions import Case, Graded
from .i18n import MESSAGES, FirstSentence, Worded, english, join, lines, text
from .layer_patterns import (also_where_it_ran, beside_modified, case_pattern_hint, dropout_hint, in_place,
                             layout_shape_hint, readings, variance_path_hint, with_own_forward, zeros_hint)
from .localise import localise_failure
from .probing import probe_hint

PUBLIC_SEED = 231
DATA_DIR = Path(__file__).with_name("public")
ARRAYS_FILE = "public_tests.npz"
INDEX_FILE = "public_tests.json"
# A mistake explains an output it reproduces to this precision (here and in the instructor's diagnosis).
SAME_RTOL, SAME_ATOL = 1e-5, 1e-7

PROBE_PREFIX = "probe/"  # arrays of the probes (grader.probing), apart from the cases'


def _same_array(actual, stored) -> bool:
    actual = np.asarray(actual, dtype=np.float64)
    stored = np.asarray(stored, dtype=np.float64)
    return actual.shape == stored.shape and bool(np.allclose(actual, stored, rtol=SAME_RTOL, atol=SAME_ATOL,
                                                             equal_nan=True))


def reproduces(out, output: str, candidate) -> bool:
    """Does the student's decoded ``output`` equal a known mistake's ``(kind, value)`` output?"""
    kind, value = candidate
    if kind == "array":
        return output in out.arrays and _same_array(out.arrays[output], value)
    if kind == "json":
        actual = out.values.get(output, out.arrays.get(output))
        actual = actual.tolist() if isinstance(actual, np.ndarray) else actual
        return actual == value
    return False


@dataclasses.dataclass
class PublicTests:
    """The public cases, their expected outputs and the known mistakes' outputs on them.

    Attributes:
        index: The JSON index (see the module docstring).
        arrays: Every array of the index, by its key.
    """

    index: dict
    arrays: dict[str, np.ndarray]

    @property
    def seed(self) -> int:
        return self.index["seed"]

    def source(self, graded: Graded) -> tuple[list[Case], list[dict]]:
        """The grading engine's case source: (cases, expected outputs per case) of ``graded``."""
        entries = self.index["functions"][graded.name]
        pairs = [self._case(f"{graded.name}/{i}", entry) for i, entry in enumerate(entries)]
        return [c for c, _ in pairs], [e for _, e in pairs]

    def probes(self, graded: Graded):
        """(cases, features, expected outputs per case) of the probes of ``graded`` (grader.probing), or None."""
        entries = self.index.get("probes", {}).get(graded.name)
        if not entries:
            return None
        pairs = [self._case(f"{PROBE_PREFIX}{graded.name}/{i}", entry) for i, entry in enumerate(entries)]
        return [c for c, _ in pairs], [entry["features"] for entry in entries], [e for _, e in pairs]

    def _case(self, prefix: str, entry: dict) -> tuple[Case, dict]:
        inputs = {n: self.arrays[f"{prefix}/in/{n}"] for n in entry["inputs"]}
        expected = {name: ("array", self.arrays[f"{prefix}/out/{name}"]) if kind == "array" else (kind, value)
                    for name, (kind, value) in entry["outputs"].items()}
        return Case(inputs, entry["params"], entry["label"], entry.get("variant", "")), expected

    def _mistake_output(self, function: str, case: int, mistake: str, output: str):
        """(kind, value) of ``mistake``'s ``output`` on public case ``case``, or None where it is the reference's."""
        stored = self.index["functions"][function][case].get("mistakes", {}).get(mistake, {}).get(output)
        if stored is None:
            return None
        kind, value = stored
        if kind == "array":
            return kind, self.arrays[f"{function}/{case}/mistake/{mistake}/{output}"]
        return kind, value

    def known_mistake(self, graded: Graded, output: str, verdicts: dict, outputs):
        """The hint of the first known mistake that reproduces the student's ``output`` on every failing case."""
        failing = [i for i, v in verdicts.items() if not v.ok and not v.missing and outputs
                   and (output in outputs[i].arrays or output in outputs[i].values)]
        if not failing:
            return ""
        for mistake in self.index.get("mistakes", {}).get(graded.name, []):
            if all(self._reproduces(outputs[i], graded.name, i, mistake["name"], output) for i in failing):
                if mistake.get("key") in MESSAGES:
                    return text(mistake["key"], **mistake.get("fields", {}))
                return Worded(tuple((lang, mistake[lang]) for lang in ("en", "zh") if mistake.get(lang)))
        return ""

    def _reproduces(self, out, function: str, case: int, mistake: str, output: str) -> bool:
        candidate = self._mistake_output(function, case, mistake, output)
        return candidate is not None and reproduces(out, output, candidate)

    def hint_for(self, graded: Graded, output: str, cases, verdicts, outputs, context=None):
        """The check's hint hook (see ``_hint``), with the mistakes read from the student's source it does not
        name yet (loop bounds from the wrong array beside a pad:-pad)."""
        raised = any(not v.ok and not v.missing and v.errored for v in verdicts.values())
        hint = self._hint(graded, output, cases, verdicts, outputs, context)
        if getattr(hint, "key", "") != "diag_same_cause":  # as the graded report: a pointer to the first output's
            # hint, which says the source there
            hint = with_source_hints(hint, graded, context, raised=raised, output=output)
        return with_own_forward(hint, graded, output, cases, outputs, context)

    hint_for.wants_context = True  # the engine hands in the student's source (grader.grading.DiagnosisContext)

    def _hint(self, graded: Graded, output: str, cases, verdicts, outputs, context=None):
        """The check's hint hook: a known mistake's hint, else what the student's exception means (with their own
        file:line), else an input modified in place, else a localisation."""
        aside = {i for i, v in verdicts.items() if v.only_inputs_modified}
        if aside:  # as the graded report: the change in place, then what the cases with right outputs do not show
            kept = {i: v for i, v in verdicts.items() if i not in aside}
            also = self._hint(graded, output, cases, kept, outputs, context) \
                if any(not v.ok and not v.missing for v in kept.values()) else ""
            return in_place(verdicts[min(aside)].numbers["modified_inputs"], also)
        failing = [i for i, v in verdicts.items() if not v.ok and not v.missing]
        errored = [verdicts[i] for i in sorted(verdicts) if not verdicts[i].ok and verdicts[i].errored]
        # a stored mistake returns outputs (none that raise is stored): it cannot explain a case that raised
        earlier = raised_earlier(graded, output, failing, outputs, context, cases)
        if earlier:  # before the stored mistakes, as in the graded report: a later output of a run that raised
            return earlier
        hint = "" if errored else self.known_mistake(graded, output, verdicts, outputs)
        if hint:
            return hint
        if errored:
            # as the graded report: what the exception means, or the exception itself where no rule names it (set
            # N: an UnboundLocalError was told "check the formula itself" here, and a TypeError nothing at all)
            first = min(i for i, v in verdicts.items() if not v.ok and v.errored)
            named = named_exception(graded, errored[0], context,
                                    probe=lambda: (probe_hint(graded, context, self.probes)
                                                   or case_pattern_hint(graded, cases, verdicts)),
                                    case=cases[first]) \
                or text("diag_raised", raised=errored[0].numbers.get("raised", "").split("\n")[0][:200].rstrip("."))
            hint = with_location(named, errored[0], graded, context)
            wrong = {i: v for i, v in verdicts.items() if not v.ok and not v.errored and not v.missing}
            if wrong:  # as the graded report: a stored mistake the cases that did not raise show, else their reading
                also = self.known_mistake(graded, output, wrong, outputs)
                hint = lines(hint, join("", text("diag_also"), also)) if also and english(also) not in english(hint) \
                    else also_where_it_ran(hint, graded, cases, outputs)
            hint = with_leftovers(hint, graded, errored[0], context, stopped=stopped_everywhere(verdicts))
            if graded.kind == "backward" and output != graded.outputs[0] and not wrong:
                # as the graded report: dx, dgamma and dbeta fail on one exception, told in full under the first
                # output; here, a pointer to it (a NameError's whole hint was repeated under dgamma and dbeta)
                return text("diag_same_cause", first=graded.outputs[0], short=FirstSentence(hint))
            return hint
        modified = next((v.numbers["modified_inputs"] for v in verdicts.values()
                         if v.numbers.get("modified_inputs")), None)
        if modified:  # as the graded report: what the readings that need no reference say beside it
            also = beside_modified(graded, output, cases, verdicts, outputs, probe_hint(graded, context, self.probes))
            return in_place(modified, also)
        zeros = zeros_hint(output, [v for v in verdicts.values() if not v.ok and not v.errored and not v.missing])
        if zeros:  # as the graded report (arnawldo/cs231n: a dx left as np.zeros_like was "the formula" here)
            return zeros
        return (readings(probe_hint(graded, context, self.probes), dropout_hint(graded, cases, outputs, output))
                or case_pattern_hint(graded, cases, verdicts)
                or layout_shape_hint(graded, cases, verdicts)
                or variance_path_hint(graded, output, cases, outputs)
                or localise_failure(graded, output, cases, verdicts, outputs))

    def hint_maker(self):
        """``hint_for``, as the grading engine calls it (its hints are Texts, worded by the writers)."""
        return self.hint_for

    def save(self, dest: Path) -> Path:
        """Store the tests into ``dest`` (a folder): the .npz of arrays and the JSON index."""
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(dest / ARRAYS_FILE, **self.arrays)
        (dest / INDEX_FILE).write_text(json.dumps(self.index, indent=1, ensure_ascii=False), encoding="utf-8")
        return dest


def load_public_tests(src: Path = DATA_DIR) -> PublicTests:
    """The stored public tests (the student bundle's ``grader/public``).

    Raises:
        FileNotFoundError: when ``src`` holds none.
    """
    src = Path(src)
    if not (src / INDEX_FILE).exists():
        raise FileNotFoundError(f"no public tests in {src} (the student bundle ships them in grader/public/)")
    index = json.loads((src / INDEX_FILE).read_text(encoding="utf-8"))
    with np.load(src / ARRAYS_FILE, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    return PublicTests(index, arrays)


def stored_public_source(src: Path = DATA_DIR):
    """A case source reading stored public tests (the student bundle's)."""
    return load_public_tests(src).source


PUBLIC_TESTS_ENV = "CONVKIT_PUBLIC_TESTS"


def default_public_tests() -> PublicTests:
    """The public tests ``check`` uses when none are passed: those in ``$CONVKIT_PUBLIC_TESTS`` (the kit's notebook
    runner points its kernels there), else the bundle's ``grader/public/``.

    Raises:
        FileNotFoundError: where there are none (the kit stores none: its ``python -m grader.instructor check``
            computes them from the reference).
    """
    src = Path(os.environ.get(PUBLIC_TESTS_ENV) or DATA_DIR)
    if not (src / INDEX_FILE).exists():
        raise FileNotFoundError(f"no public tests in {src}: the student bundle ships them in grader/public/; in the "
                                "kit, run `python -m grader.instructor check`")
    return load_public_tests(src)
