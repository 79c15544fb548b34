"""Turn decoded worker outputs into scored CheckResults. TRUSTED SIDE: the only place points are decided.

Every check compares one output (``out``, ``dx``, ``scores``...) over all cases of a function; it earns its
points in proportion to the cases that pass. A case passes only when the output has the right shape, is finite,
matches the reference within tolerance, and the inputs came back unmodified. A function whose outputs are all
``None`` (or that raised NotImplementedError) is "not implemented" and earns nothing.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .compare import ATOL, RTOL, Comparison, compare_arrays, compare_values
from .sandbox import WorkerOutput
from .functions import OTHER_OUT, Case, Graded
from .model import ERROR, FAILED, INFO, NOT_IMPLEMENTED, PASSED, CheckResult, exact_points
from .i18n import CaseLabel, code_names, join, lines, text
from .rubric import FunctionRubric

CHECK_NAMES = {
    "out": "out matches the reference",
    "loss": "loss matches the reference",
    "scores": "scores match the reference",
    "params": "parameters have the right shapes and initialisation",
    "grads": "gradients match the reference",
    "value": "returns the right values",
    "next_w": "next_w matches the reference after one step",
    "next_w_step2": "next_w matches after two steps (state kept in config)",
    "separates": "w and b separate the training examples",
}


def check_name(output: str) -> str:
    return CHECK_NAMES.get(output, f"{output} matches the reference")


@dataclasses.dataclass
class CaseVerdict:
    """One case of one check."""

    ok: bool
    missing: bool          # the student returned nothing (None / NotImplementedError)
    errored: bool          # the student's code raised or the worker died
    message: object        # a Text (grader.i18n), worded by the writers
    numbers: dict
    comparison: Comparison | None = None
    actual: object = None
    desired: object = None  # the reference's output (trusted side only: the diagnosis compares against it)

    @property
    def only_inputs_modified(self) -> bool:
        """It fails only because the student's code changed an input in place: every output it returned is right
        (the hints read what such a case shows as if it were wrong; set M: a right test mode that did
        ``x -= running_mean`` was told its statistics were over the wrong axis)."""
        return (not self.ok and not self.errored and not self.missing and bool(self.numbers.get("modified_inputs"))
                and self.comparison is not None and self.comparison.ok and not set(self.numbers) - _NOT_OUTPUTS)


_NOT_OUTPUTS = {"modified_inputs", "forward_raised", "size_one_axes"}  # what a verdict's numbers hold beside outputs


def _modified_inputs(case: Case, out: WorkerOutput, names: list[str]) -> list[str]:
    modified = []
    for name in names:
        if name not in case.arrays:
            continue
        after = out.inputs_after.get(name)
        original = np.asarray(case.arrays[name], dtype=np.float64)
        if after is None or after.shape != original.shape or not np.array_equal(after, original):
            modified.append(name)
    return modified


def _sub_outputs(output: str, expected: dict) -> list[str]:
    """Names under a dict-valued output (grads.W1, params.b2) or the output itself."""
    if output in expected:
        return [output]
    return sorted(k for k in expected if k.startswith(output + "."))


def _judge_init(actual: dict[str, np.ndarray], desired: dict, kwargs: dict) -> Comparison:
    """Parameters: the same names and shapes as the reference, zero biases, weights of the right scale."""
    problems = []
    for key, (_, ref) in desired.items():
        name = key.split(".", 1)[1]
        got = actual.get(key)
        if got is None:
            problems.append(text("init_missing", name=name))
        elif got.shape != ref.shape:
            problems.append(text("init_shape", name=name, got=got.shape, want=ref.shape))
        elif name.startswith("b") and np.any(got != 0):
            problems.append(text("init_bias", name=name))
        elif name.startswith("W") and kwargs.get("weight_scale") and got.size > 20:
            std, target = float(np.std(got)), float(kwargs["weight_scale"])
            if not 0.5 * target < std < 2 * target:
                problems.append(text("init_std", name=name, std=std, target=target))
    extra = sorted(set(actual) - set(desired))
    if extra:
        problems.append(text("init_extra", names=", ".join(k.split(".", 1)[1] for k in extra)))
    return Comparison(not problems, lines(*problems), {"problems": len(problems)})


def judge_case(graded: Graded, output: str, case: Case, expected: dict, out: WorkerOutput,
               show_values: bool) -> CaseVerdict:
    """Decide one case of one check (its message a Text, worded by the writers)."""
    t = text
    if out.problem:
        return CaseVerdict(False, False, True, t("unreadable_answer", problem=out.problem), {})
    if graded.kind == "forward" and output != "out" and "out" in expected and out.kinds.get("out", "none") == "none" \
            and out.raised_type() in ("", "NotImplementedError"):
        # A forward's side outputs (batch norm's running averages, dropout's property) mean nothing without out.
        return CaseVerdict(False, True, False, t("side_output_without_out", output=output), {})
    names = list(graded.returns) if graded.judge else _sub_outputs(output, expected)
    own = _own_event(graded, out)
    raised, raised_type = str(own.get("raised", "")), str(own.get("type", ""))
    if names and expected[names[0]][0] == "raised":
        want = expected[names[0]][1]
        ok = raised_type == want
        if not raised and all(out.kinds.get(n, "none") == "none" for n in names):
            return CaseVerdict(False, True, False, t("output_none", output=output), {})
        label = CaseLabel(case.label)
        got = (t("expected_raise_raised", want=want, label=label, raised=raised) if raised else
               t("expected_raise_returned", want=want, label=label,
                 value=repr(out.values.get(output, out.arrays.get(output)))))
        return CaseVerdict(ok, False, False, "" if ok else got, {})
    present = [n for n in names if n in out.arrays or n in out.values]
    if not present:
        missing = raised_type == "NotImplementedError" or not raised
        if raised and not missing:
            numbers = _raised_numbers(graded, out, own)
            first = (t("case_after_forward", forward=graded.forward, raised=numbers["forward_raised"])
                     if "forward_raised" in numbers else "")
            return CaseVerdict(False, False, True, join("", t("case_raised", raised=raised), _where(own), first),
                               numbers)
        kinds = {out.kinds.get(n, "none") for n in names} or {"none"}
        bad = next((k for k in kinds if k.startswith("bad")), "")
        if bad:
            return CaseVerdict(False, False, True, t("not_a_number_array", output=output, kind=bad[5:]), {})
        return CaseVerdict(False, True, False, t("output_none", output=output), {})

    if graded.judge:
        comparison = PROPERTY_JUDGES[graded.judge](case, out)
        modified = _modified_inputs(case, out, _checked_inputs(graded, case))
        message, numbers = comparison.message, dict(comparison.numbers)
        if modified:
            message = lines(t("modified_inputs" if len(modified) > 1 else "modified_input",
                              names=code_names(modified)), message)
            numbers["modified_inputs"] = modified
        return CaseVerdict(comparison.ok and not modified, False, False, message, numbers, comparison)
    if case.variant == "init":
        comparison = _judge_init({n: out.arrays[n] for n in out.arrays if n.startswith("params.")},
                                 {n: expected[n] for n in names}, case.params["kwargs"])
        return CaseVerdict(comparison.ok, False, False, comparison.message, comparison.numbers, comparison)

    messages, numbers, ok, first, fixed = [], {}, True, None, False
    for name in names:
        kind, desired = expected[name]
        if kind == "json":
            actual = out.values.get(name, out.arrays.get(name))
            if isinstance(actual, np.ndarray):
                actual = actual.tolist()
            comparison = compare_values(_normalise(graded, actual), _normalise(graded, desired), name)
        elif name in out.arrays or (np.size(desired) == 1 and isinstance(out.values.get(name), (int, float))
                                    and not isinstance(out.values.get(name), bool)):
            actual = out.arrays[name] if name in out.arrays else _plain_number(out.values[name], desired)
            if graded.own_forward and name == "dx":
                desired = own_forward_dx(case, out, desired)
            if graded.own_mask and name == "out":
                desired, fixed = own_mask_out(case, actual, desired, out.arrays.get(OTHER_OUT))
            not_a_draw = None
            if graded.own_mask and name == DROPOUT_PROPERTY:
                actual, not_a_draw = own_mask_property(case, out, actual, expected.get("out"))
            actual, reshaped = _up_to_size_one_axes(actual, desired)
            comparison = (Comparison(False, not_a_draw, {"not_a_draw": True}) if not_a_draw is not None
                          else compare_arrays(actual, desired, name, show_values=show_values))
            if graded.own_mask and name == "out" and fixed and not comparison.ok:
                comparison = Comparison(False, lines(t("dropout_fixed_mask"), comparison.message),
                                        dict(comparison.numbers, fixed_mask=True))
            if reshaped and comparison.ok:
                numbers.setdefault("size_one_axes", []).append(
                    {"output": name, "yours": list(reshaped), "documented": list(np.shape(desired))})
        else:
            actual = out.values.get(name)
            comparison = Comparison(False, t("expected_array", name=name, type=type(actual).__name__,
                                             kind=out.kinds.get(name, "missing")), {})
        first = first or comparison
        if not comparison.ok:
            ok = False
            messages.append(comparison.message)
            numbers[name] = comparison.numbers
    modified = _modified_inputs(case, out, _checked_inputs(graded, case))
    if modified:
        ok = False
        messages.insert(0, t("modified_inputs" if len(modified) > 1 else "modified_input", names=code_names(modified)))
        numbers["modified_inputs"] = modified
    if graded.kind == "backward" and out.events and out.events[0].get("raised"):
        numbers["forward_raised"] = str(out.events[0]["raised"])
    verdict = CaseVerdict(ok, False, False, lines(*messages), numbers, first,
                          out.arrays.get(names[0]) if names else None,
                          expected[names[0]][1] if names and expected[names[0]][0] == "array" else None)
    return verdict


def _plain_number(value: int | float, desired) -> np.ndarray:
    """A plain Python number the student's code returned (``float(loss)``, ``loss.item()``) as an array of the
    reference's shape: the reference's NumPy scalar travels as an array of one element. An int too large for a
    float (``10 ** 400``, which JSON carries) is an infinity, which the comparison refuses, never an OverflowError
    in the grader."""
    try:
        number = float(value)
    except OverflowError:
        number = float("inf") if value > 0 else float("-inf")
    return np.full(np.shape(desired), number, dtype=np.float64)


def _judge_separates(case: Case, out: WorkerOutput) -> Comparison:
    """perceptron_train: do the returned (w, b) put every example of the case on its side, y (X w + b) > 0?

    Computed here, from the case's own X and y and the numbers the worker sent back, so that any visiting order
    (each finds its own hyperplane) earns the points and no student code takes part in the judgement.
    """
    X, y = np.asarray(case.arrays["X"], dtype=np.float64), np.asarray(case.arrays["y"], dtype=np.float64)
    w = out.arrays.get("w")
    b = out.arrays.get("b", out.values.get("b"))
    if isinstance(b, np.ndarray) and b.size == 1:
        b = b.reshape(())
    if w is None or w.shape != (X.shape[1],) or not isinstance(b, (int, float, np.ndarray)) or \
            isinstance(b, bool) or np.ndim(b) != 0:
        shapes = (getattr(w, "shape", type(w).__name__), getattr(b, "shape", type(b).__name__))
        return Comparison(False, text("separates_shapes", w=shapes[0], b=shapes[1], D=X.shape[1]),
                          {"shapes": [str(s) for s in shapes]})
    margins = y * (X @ w.astype(np.float64) + float(b))
    if not np.all(np.isfinite(margins)):
        return Comparison(False, text("separates_not_finite"), {"not_finite": True})
    wrong = np.flatnonzero(margins <= 0)
    if wrong.size:
        return Comparison(False, text("separates_wrong_side", wrong=wrong.size, n=len(y),
                                      first=int(wrong[0])), {"wrong_side": int(wrong.size), "n": len(y)})
    return Comparison(True, "", {"smallest_margin": float(margins.min())})


# Properties the parent checks instead of a comparison with the reference (Graded.judge).
PROPERTY_JUDGES = {"separates": _judge_separates}


def _up_to_size_one_axes(actual: np.ndarray, desired) -> tuple[np.ndarray, tuple]:
    """``actual`` in ``desired``'s shape when the two differ only by axes of size 1 (a ``keepdims=True`` running mean
    of shape (1, D) for (D,), a dgamma of shape (C,) for (1, C, 1, 1)), as CS231n's own rel_error checks accept
    them; and the student's shape when it was changed (else ())."""
    shape = tuple(np.shape(desired))
    if actual.shape == shape or actual.size != int(np.prod(shape)) or \
            tuple(d for d in actual.shape if d != 1) != tuple(d for d in shape if d != 1):
        return actual, ()
    return actual.reshape(shape), tuple(actual.shape)


# How far the share of kept units may stray from p before a mask of the student's own counts as a wrong draw: in
# binomial standard deviations (a right draw strays further once in ~16,000 cases), plus one unit.
OWN_MASK_SIGMAS = 4.0


def own_mask_out(case: Case, actual: np.ndarray, desired, other=None) -> tuple:
    """A random forward's out (dropout, train mode) judged as a draw of the student's own: the reference's out
    unless ``actual`` is a valid inverted-dropout output for the case's p, every element 0 or x / p (to the
    comparison's tolerance) with a share of kept units a keep probability of p gives (within ``OWN_MASK_SIGMAS``)
    and no axis along which every unit shares one draw; then that output itself. The docstring's seeded ``rand < p`` is one valid draw among many, and CS231n's notebook
    checks dropout by its statistics: a mask drawn with ``np.random.binomial``, ``choice`` or before the seeding is
    no mistake. Keeping with probability 1 - p (CS231n 2016's p) fails the share on the large cases; scaling by
    1 / (1 - p) fails the values. A mask that is the same on the same x under another seed (``other``: the
    forward's out for ``OTHER_SEED_PARAM``), where two draws would agree less often than once in 10,000, is a fixed
    pattern, not a draw (``np.arange(x.size) % 10 < 7``; a hard-coded np.random.seed(0)): judged against the
    reference's out, and said (True second).

    Returns:
        (the out to compare with, whether the mask was refused as the same under two seeds).
    """
    params = case.params.get("dropout_param") or {}
    x = case.arrays.get("x")
    if params.get("mode") != "train" or x is None or actual.shape != np.shape(x) or not np.all(np.isfinite(actual)):
        return desired, False
    x, p = np.asarray(x, dtype=np.float64), float(params["p"])
    live = x != 0
    kept = live & (actual != 0)
    own = np.where(kept, x / p, 0.0)
    if not compare_arrays(actual, own, "out", show_values=False).ok:
        return desired, False
    n, k = int(live.sum()), int(kept.sum())
    if not _share_fits(n, k, p) or _shared_along_an_axis(kept, p):
        return desired, False
    if other is not None and np.shape(other) == actual.shape and np.array_equal(kept, live & (other != 0)) \
            and n * np.log(p ** 2 + (1 - p) ** 2) < np.log(1e-4):
        return desired, True
    return own, False


def _share_fits(n: int, k: int, q: float) -> bool:
    """Is ``k`` kept units of ``n`` a share that a keep probability of q gives (within ``OWN_MASK_SIGMAS``)?"""
    return abs(k - n * q) <= OWN_MASK_SIGMAS * np.sqrt(n * q * (1 - q)) + 1


def _shared_along_an_axis(kept: np.ndarray, p: float, chance: float = 1e-4) -> bool:
    """Is the mask the same along some axis (one draw per feature shared by every sample, one per channel shared by
    every position), where independent draws, one per unit, would be so alike less often than ``chance``?"""
    for axis, size in enumerate(kept.shape):
        if size < 2 or not np.all(kept == kept.take([0], axis=axis)):
            continue
        fibres = kept.size // size
        if fibres * np.log(p ** size + (1 - p) ** size) < np.log(chance):
            return True
    return False


def _a_draw(live: np.ndarray, kept: np.ndarray, p: float, chance: float = 1e-3) -> bool:
    """Could ``kept`` (of the ``live`` units) be a dropout mask drawn for keep probability p, or for 1 - p (CS231n
    2016's p, whose backward is still its forward's): a share of kept units within ``OWN_MASK_SIGMAS`` of one of
    them, and not every unit kept (or every one dropped) where a draw would do that less often than ``chance``? An
    out equal to x keeps every unit: then ``dout`` alone would pass for the backward of one's own forward."""
    n, k = int(live.sum()), int((kept & live).sum())
    for q in (p, 1.0 - p):
        if not _share_fits(n, k, q):
            continue
        if (k == n and q ** n < chance) or (k == 0 and (1 - q) ** n < chance):
            continue
        return True
    return False


DROPOUT_PROPERTY = "out_0_or_x_over_p"  # dropout's property output (grader.functions: every output 0 or x / p)


def own_mask_property(case: Case, out: WorkerOutput, sent, reference=None):
    """Dropout's property, decided here: (its value, computed from the student's ``out`` as the worker's step
    computes the reference's; a Text when that out is no dropout draw, else None). An out of zeros alone (every
    unit dropped: a stub's ``np.zeros_like(x)``) or x / p everywhere (every unit kept) holds "every output is 0 or
    x / p" and does none of dropout's work: it earned the property's point. Which units a draw keeps is
    ``_a_draw``'s question, as for the backward; an out equal to the reference's (``reference``: (kind, value)) is
    the seeded draw whatever it keeps. The worker's own value (``sent``) is kept only where there is no out to
    compute it from (it is then NaN, or the student's process's word on a case that fails anyway)."""
    params = case.params.get("dropout_param") or {}
    x, got = case.arrays.get("x"), out.arrays.get("out")
    if x is None or got is None or np.shape(got) != np.shape(x) or "p" not in params:
        return sent, None
    x, got, p = np.asarray(x, dtype=np.float64), np.asarray(got, dtype=np.float64), float(params["p"])
    with np.errstate(all="ignore"):
        minus_x_over_p = x * (-1.0 / p)
        scale = (ATOL / RTOL) * np.reciprocal(1.0 + minus_x_over_p * minus_x_over_p)
        value = scale * (got * (got + minus_x_over_p))
    if params.get("mode") == "train" and np.all(np.isfinite(got)):
        live = x != 0
        same = reference is not None and reference[0] == "array" and np.shape(reference[1]) == got.shape and \
            compare_arrays(got, reference[1], "out", show_values=False).ok
        if not same and not _a_draw(live, got != 0, p):
            return value, text("dropout_not_a_draw", kept=int((live & (got != 0)).sum()), n=int(live.sum()), p=p)
    return value, None


def own_forward_dx(case: Case, out: WorkerOutput, desired):
    """A random forward's dx judged against the student's own forward (dropout): ``dout * out / x`` for the
    ``out`` their forward gave on the same case (``forward_out``), where x != 0; the reference's dx where their
    forward gave nothing usable (the backward then ran on the documented cache, the reference's mask) or an out
    that no dropout draws (``_a_draw``: out = x, say, whose "backward" would be dout itself)."""
    own = out.arrays.get("forward_out")
    x, dout = case.arrays.get("x"), case.arrays.get("dout")
    if (case.params.get("dropout_param") or {}).get("mode") != "train":  # test mode passes dout through
        return desired
    if own is None or x is None or dout is None or own.shape != np.shape(x) or not np.all(np.isfinite(own)):
        return desired
    x = np.asarray(x, dtype=np.float64)
    if not _a_draw(x != 0, own != 0, float(case.params["dropout_param"]["p"])):
        return desired
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x != 0, np.asarray(dout, dtype=np.float64) * own / np.where(x != 0, x, 1.0), desired)


def _checked_inputs(graded: Graded, case: Case) -> list[str]:
    if graded.kind == "forward":
        return sorted(case.arrays)
    if graded.kind == "backward":
        return ["dout"]
    if graded.kind == "loss":
        return ["x", "y"]
    if graded.kind == "optim":
        return ["dw"]
    if graded.kind == "value":
        return sorted(case.arrays)  # top_k_accuracy's scores and labels; none for the arithmetic
    return []


def _own_event(graded: Graded, out: WorkerOutput) -> dict:
    """The event of the graded function's own step: a backward's last step, not its forward's (which the
    documented cache replaces when it raises); for the others the first step that raised."""
    if graded.kind == "backward" and out.events:
        return out.events[-1]
    return next((e for e in out.events if e.get("raised")), {})


def _raised_numbers(graded: Graded, out: WorkerOutput, own: dict) -> dict:
    """What the diagnosis needs of an exception: the text, the student's frames ("file:line in func") and, for a
    backward, whether the student's own forward raised first on the same case (one root cause, shown once)."""
    numbers = {"raised": str(own.get("raised", "")), "traceback": list(own.get("traceback") or [])}
    if graded.kind == "backward" and len(out.events) > 1 and out.events[0].get("raised"):
        numbers["forward_raised"] = str(out.events[0]["raised"])
        numbers["forward_traceback"] = list(out.events[0].get("traceback") or [])
    return numbers


def _where(event: dict):
    # Python's own import machinery (<frozen importlib._bootstrap>) is no place of the student's: a module-level
    # ImportError is at its line of layers.py
    frames = [f for f in event.get("traceback") or [] if not f.startswith("<frozen ")]
    return text("case_raised_at", frames=" <- ".join(reversed(frames[-2:]))) if frames else ""


def _normalise(graded: Graded, value):
    """network_summary: layer names are free; compare (output shape, parameter count) per layer."""
    if graded.name == "network_summary" and isinstance(value, (list, tuple)):
        rows = []
        for row in value:
            if isinstance(row, (list, tuple)) and len(row) == 3:
                shape = list(row[1]) if isinstance(row[1], (list, tuple)) else row[1]
                rows.append([shape, row[2]])
            else:
                rows.append(row)
        return rows
    return value


def score_function(graded: Graded, rubric: FunctionRubric, cases: list[Case], expected: list[dict],
                   outputs: list[WorkerOutput] | None, failure: str = "", *, show_values: bool,
                   hint_for=None) -> list[CheckResult]:
    """Score every check of one graded function.

    Args:
        graded: The function.
        rubric: Its points.
        cases: Its cases (inputs), in order.
        expected: The reference's outputs per case.
        outputs: The decoded worker outputs per case; None when the job failed as a whole.
        failure: Why the job failed as a whole (timeout, crash, import error): every case fails with it.
        show_values: Whether ACTUAL/DESIRED excerpts may be shown (public tests only).
        hint_for: Optional ``hint_for(graded, output, cases, verdicts, outputs) -> Text`` (the diagnosis).

    Returns:
        One CheckResult per weighted output.
    """
    results = []
    all_verdicts = []
    tags = [graded.module] + (["optional"] if graded.optional else [])
    for output, weight in rubric.weights.items():
        points = rubric.points_for(output)
        relevant = [i for i, e in enumerate(expected) if graded.judge or _sub_outputs(output, e)]
        base = dict(function=graded.name, name=check_name(output), max_score=points, visibility=rubric.visibility,
                    tags=tags, optional=graded.optional)
        if outputs is None:
            results.append(CheckResult(score=0.0, status=ERROR, message=failure,
                                       numbers={"cases": len(relevant), "passed": 0}, **base))
            continue
        verdicts = {i: judge_case(graded, output, cases[i], expected[i], outputs[i], show_values)
                    for i in relevant}
        all_verdicts += verdicts.values()
        passed = sum(v.ok for v in verdicts.values())
        total = len(verdicts)
        numbers = {"cases": total, "passed": passed,
                   "failures": [{"case": cases[i].label, **v.numbers} for i, v in verdicts.items() if not v.ok][:5]}
        if total and all(v.missing for v in verdicts.values()):
            results.append(CheckResult(score=0.0, status=NOT_IMPLEMENTED, numbers=numbers,
                                       message=text("not_implemented_msg", function=graded.name,
                                                    output=", ".join(graded.returns) or output),
                                       **base))
            continue
        score = points if passed == total else float(exact_points(points) * passed / total) if total else 0.0
        if passed == total:
            status, message = PASSED, text("cases_passed", passed=passed, total=total)
        else:
            first = next(i for i, v in verdicts.items() if not v.ok)
            status = ERROR if all(v.errored for v in verdicts.values() if not v.ok) and passed == 0 else FAILED
            message = lines(join(" ", text("cases_passed", passed=passed, total=total),
                                 text("first_failing", label=CaseLabel(cases[first].label))),
                            verdicts[first].message)
        hint = ""
        if hint_for is not None and status != PASSED:
            try:
                hint = hint_for(graded, output, cases, verdicts, outputs) or ""
            except Exception as exc:  # a diagnosis bug must never cost a grade
                hint = ""
                numbers["diagnosis_error"] = f"{type(exc).__name__}: {exc}"
        results.append(CheckResult(score=score, status=status, message=message, hint=hint, numbers=numbers,
                                   **base))
    notes = [n for v in (all_verdicts or []) for n in v.numbers.get("size_one_axes", []) if v.ok]
    if notes:
        results.append(size_one_note(graded, notes))
    return results


SIZE_ONE_NOTE = "shapes accepted up to axes of size 1"


def size_one_note(graded: Graded, notes: list[dict]) -> CheckResult:
    """Information worth no points: outputs accepted although their shape differs from the docstring's by axes of
    size 1 (one line per output)."""
    seen = {}
    for note in notes:
        seen.setdefault(note["output"], note)
    message = lines(*(text("size_one_axes_note", function=graded.name, output=n["output"],
                           yours=tuple(n["yours"]), documented=tuple(n["documented"]))
                      for n in seen.values()))
    return CheckResult(function=graded.name, name=SIZE_ONE_NOTE, score=0.0, max_score=0.0, status=INFO,
                       message=message, numbers={"size_one_axes": list(seen.values())},
                       tags=[graded.module, "size-one-axes"], optional=graded.optional)
