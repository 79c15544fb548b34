"""The grading engine: run a submission's functions in the sandbox and score them against expected outputs.

TRUSTED SIDE, shipped to students. It knows no expected value of its own: the caller hands it a case source, a
hint maker and extra checks (``check`` the public tests; the instructor's ``grade`` hidden cases, the catalog's
diagnosis and the numeric gradient check).
"""
from __future__ import annotations

import dataclasses
import functools
import os
import platform
import time
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__
from .dependants import alone_wrappers, failing_roots, mark_dependants
from .fastcheck import fast_layer_message
from .functions import GRADED, BY_NAME, Case, Graded, build_job
from .i18n import join, lines, parse_langs, text
from .model import ERROR, Report
from .parsed import Memo, parsed, quiet_parse
from .returns import partly_returned
from .rubric import load_rubric
from .sandbox import RLIMITS, Limits, WorkerSession, decode_job, fastguard
from .sandbox.tiers import confinement_text, tier_text
from .sandbox.session import QUOTA_WALK_ENTRIES, TOO_MANY_FILES
from .sandbox.tiers import is_root
from .scoring import SIZE_ONE_NOTE, check_name, score_function
from .submission import PreparedSubmission, SubmissionError, prepare_submission

# Where expected values come from: graded function -> (cases, expected outputs per case).
CaseSource = Callable[[Graded], tuple[list[Case], list[dict]]]


def _versions() -> dict[str, str]:
    return {"convkit": __version__, "python": platform.python_version(), "numpy": np.__version__}


def _failed_checks(graded: Graded, message) -> list:
    rubric = load_rubric()[graded.name]
    from .model import CheckResult
    return [CheckResult(function=graded.name, name=check_name(o), score=0.0, max_score=rubric.points_for(o),
                        status=ERROR, message=message, visibility=rubric.visibility,
                        tags=[graded.module] + (["optional"] if graded.optional else []), optional=graded.optional)
            for o in rubric.weights]


# The sandbox's reasons for stopping a worker that broke the protocol -> their message keys (others are quoted).
PROTOCOL_DETAILS = {"more output than any answer may hold": "protocol_overflow",
                    "an unexpected message": "protocol_unexpected"}


def _job_failure(outcome, graded: Graded, rubric_timeout: float, home_mb: int = 0):
    module_file = graded.module.replace(".", "/") + ".py"
    if outcome.state == "timeout":
        return text("timeout_msg", function=graded.name, seconds=rubric_timeout)
    if outcome.state == "import timeout":
        return text("import_timeout_msg", module=module_file)
    if outcome.state == "import crashed":
        return text("import_crash_msg", module=module_file, code=outcome.exit_code)
    if outcome.state == "disk full" and outcome.detail == TOO_MANY_FILES:
        return text("disk_full_files_msg", function=graded.name, count=f"{QUOTA_WALK_ENTRIES:,}")
    if outcome.state == "disk full":
        return text("disk_full_msg", function=graded.name, mb=home_mb)
    if outcome.detail:
        what = text(PROTOCOL_DETAILS.get(outcome.detail, "protocol_malformed"), detail=outcome.detail)
        return text("protocol_msg", function=graded.name, what=what)
    code = outcome.exit_code
    why = (text("crash_signal", number=-code) if code is not None and code < 0
           else text("crash_exit", code=code))
    return text("crash_msg", function=graded.name, why=why)


class DiagnosisContext:
    """What a diagnosis may consult besides the outputs: the student's source (``source_line``) and a few extra
    inputs run in the same sandboxed worker (``probe``). Handed only to a hint maker that asks for it."""

    PROBE_BASE = 100_000  # probe job numbers, apart from the graded ones

    def __init__(self, package_dir: Path, session: WorkerSession, limits: Limits):
        self.package_dir, self._session, self._limits, self._probes = Path(package_dir), session, limits, 0

    def source_line(self, filename: str, lineno: int) -> str:
        """The student's line ``lineno`` of the module file called ``filename`` (a base name), or ''."""
        for path in sorted(self.package_dir.rglob(filename)):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            return lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
        return ""

    def probe(self, graded: Graded, cases: list[Case], max_jobs: int = 12):
        """The student's decoded outputs on ``cases`` (None when the job failed or the probe budget is spent)."""
        if self._probes >= max_jobs:
            return None
        self._probes += 1
        job, arrays = build_job(graded, cases)
        outcome = self._session.run(self.PROBE_BASE + self._probes, job, arrays, timeout=self._limits.timeout)
        return decode_job(outcome.status, outcome.npz, len(cases)) if outcome.state == "done" else None


def _with_context(hint_for, context: DiagnosisContext):
    """``hint_for`` (or ``extra_checks``) with the context bound when it asks for one (``wants_context``); the
    localisation does not."""
    if hint_for is not None and getattr(getattr(hint_for, "func", hint_for), "wants_context", False):
        return functools.partial(hint_for, context=context)
    return hint_for


def _quiet_floats(function):
    """``function`` under ``np.errstate(all="ignore")``: an overflow or a NaN in what student code sent back is
    judged by the checks that read it, never a RuntimeWarning on the grader's terminal (dozens per submission), and
    never, under ``-W error``, the grader's failure (a NaN in one answer stopped the whole grading)."""
    @functools.wraps(function)
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)
    return quiet


@_quiet_floats
def run_graded(prepared: PreparedSubmission, source: CaseSource, functions: list[Graded], *,
               limits: Limits | None = None, tier: str | None = None, show_values: bool = False,
               hint_for=None, extra_checks=None) -> tuple[list, str, str, int]:
    """Run and score ``functions`` of one prepared submission.

    Args:
        prepared: The submission, made ready for the worker.
        source: Where cases and expected values come from: ``source(graded) -> (cases, expected)``.
        functions: What to grade, in order.
        limits, tier: The sandbox's limits and tier.
        show_values: Whether messages may show values (public tests only).
        hint_for: The hint maker: ``hint_for(graded, output, cases, verdicts, outputs) -> Text``.
        extra_checks: ``extra_checks(graded, cases, outputs, scored) -> [CheckResult]``, informational checks
            after a function is scored (the instructor's numeric gradient check).

    Judging words nothing: messages and hints are Texts (grader.i18n), worded by the writers in each language.

    Returns:
        (checks, the sandbox tier, tail of what the student's code printed, how many bytes it printed, what the
        clean-up could not do as Texts, (the layers that confined it, {layer: why} for those missing)).

    The naive exercises run first, in a worker without the given fast layers (``sandbox.fastguard``); the others
    after it, with them. The checks come back in the order of ``functions``.

    Raises:
        SandboxUnavailable: The worker never started (the grader's failure: nothing may be scored).
    """
    rubric = load_rubric()
    checks = []
    limits = limits or Limits()
    broken_modules: dict[str, object] = {}
    failed_forwards: set[str] = set()  # forwards that hung or crashed: their backwards get the documented cache
    for rel, problem in prepared.module_errors.items():
        broken_modules[rel[:-3].replace("/", ".")] = problem
    naive = [f for f in functions if _is_naive(f)]
    order = naive + [f for f in functions if not _is_naive(f)]
    by_function: dict[str, list] = {}
    cases_of: dict[str, list] = {}
    with WorkerSession(prepared.package_dir, limits, tier=tier, guard_fast_layers=bool(naive)) as session:
        context = DiagnosisContext(prepared.package_dir, session, limits)
        diagnose, extras = _with_context(hint_for, context), _with_context(extra_checks, context)
        for graded in order:
            k = functions.index(graded)
            checks = by_function.setdefault(graded.name, [])
            if not _is_naive(graded):
                session.allow_fast_layers()
            if graded.module in broken_modules:
                checks += _failed_checks(graded, broken_modules[graded.module])
                continue
            cases, expected = source(graded)
            cases_of[graded.name] = cases
            job, arrays = build_job(graded, cases, documented_cache=graded.forward in failed_forwards)
            timeout = limits.timeout or rubric[graded.name].timeout  # --timeout overrides the rubric
            outcome = session.run(k, job, arrays, timeout=timeout)
            if outcome.state == "done":
                outputs = decode_job(outcome.status, outcome.npz, len(cases))
                failure = ""
            else:
                outputs, failure = None, _job_failure(outcome, graded, timeout, limits.home_mb)
                failed_forwards.add(graded.name)
                if outcome.state.startswith("import"):
                    broken_modules[outcome.module or graded.module] = failure
            scored = score_function(graded, rubric[graded.name], cases, expected, outputs, failure,
                                    show_values=show_values, hint_for=diagnose)
            if graded.conventions and outputs is not None and _lost_points(scored):
                scored, outputs, cases = _other_convention(session, k, graded, cases, expected, scored, outputs,
                                                           rubric, limits, show_values, diagnose)
            scored = _forbid_fast_layers(scored, prepared.package_dir, graded, job, outputs)
            scored = partly_returned(scored, graded, prepared.package_dir)
            checks += scored
            if extra_checks is not None and outputs is not None:
                checks += extras(graded, cases, outputs, scored)
        # a failing wrapper whose root fails: its own plumbing read with recorders in place of the root (hints only)
        ordered = [c for graded in functions for c in by_function.get(graded.name, [])]  # as mark_dependants reads
        roots = failing_roots(ordered, prepared.package_dir)
        alone = alone_wrappers(ordered, prepared.package_dir)  # a failing wrapper whose roots pass: read the same way
        if roots or alone:
            from .plumbing import read_plumbing  # only where a wrapper fails
        plumbing = read_plumbing({**roots, **alone}, cases_of, session, limits, set(alone)) if roots or alone else {}
        printed, printed_total, tier = session.printed(), session.printed_total, session.tier
        layers = (session.confinement, session.confinement_missing) if session.starts else ([], {})
    checks = [c for graded in functions for c in by_function.get(graded.name, [])]
    checks = mark_dependants(checks, prepared.package_dir, plumbing)  # the mistake named once, at its root
    return checks, tier, printed, printed_total, session.notes, layers


def _lost_points(checks: list) -> bool:
    return any(c.score < c.max_score for c in checks)


CONVENTION_BASE = 200_000  # job numbers of the runs under another convention, apart from the graded ones


# The other shapes an input takes: "C" the channel vector (C,) of a (1, C, 1, 1) gamma or beta; "1C11" and "1D" the
# running averages as a keepdims=True train mode stores them ((1, C, 1, 1), (1, D)), which CS231n's notebooks
# hand back to the student's own test mode.
CONVENTION_SHAPES = {"C": (-1,), "1C11": (1, -1, 1, 1), "1D": (1, -1)}


def convention_cases(graded: Graded, cases: list[Case]) -> list[Case]:
    """``cases`` with the inputs ``graded.conventions`` names reshaped to the other shape (CONVENTION_SHAPES)."""
    other = []
    for case in cases:
        arrays = dict(case.arrays)
        for name, shape in graded.conventions:
            if name in arrays:
                arrays[name] = np.asarray(arrays[name]).reshape(CONVENTION_SHAPES[shape])
        other.append(dataclasses.replace(case, arrays=arrays))
    return other


def _other_convention(session, k, graded, cases, expected, scored, outputs, rubric, limits, show_values, diagnose):
    """Grade ``graded`` again with its inputs in the other shape the course documented (spatial group norm's
    gamma and beta as (C,) rather than (1, C, 1, 1)); the better grading stands, so a file written for either
    docstring earns full marks. Its gradients are compared up to axes of size 1 (dgamma (C,) for (1, C, 1, 1))."""
    other = convention_cases(graded, cases)
    job, arrays = build_job(graded, other)
    outcome = session.run(CONVENTION_BASE + k, job, arrays, timeout=limits.timeout or rubric[graded.name].timeout)
    if outcome.state != "done":
        return scored, outputs, cases
    other_outputs = decode_job(outcome.status, outcome.npz, len(other))
    rescored = score_function(graded, rubric[graded.name], other, expected, other_outputs, "",
                              show_values=show_values, hint_for=diagnose)
    if sum(c.score for c in rescored) > sum(c.score for c in scored):
        for check in rescored:
            check.numbers["convention"] = dict(graded.conventions)
        return rescored, other_outputs, other
    return scored, outputs, cases


def _is_naive(graded: Graded) -> bool:
    return graded.name.endswith("_naive")


def _runtime_fast_layer(graded: Graded, job: dict, outputs):
    """The static check's message when the graded call itself ran into a fast-layer guard, else ''."""
    if not _is_naive(graded) or not outputs:
        return ""
    target = f"{graded.module}.{graded.name}"
    module_file = graded.module.rpartition(".")[2] + ".py"
    for case, output in zip(job["cases"], outputs):
        steps = [i for i, step in enumerate(case["steps"]) if step.get("call") == target]
        found = fastguard.called_fast_layer(output.events, steps[0] if steps else None, module_file)
        if found:
            name, line = found
            return text("fast_layers", function=graded.name, names=name, line=line or "?", s="")
    return ""


def _forbid_fast_layers(checks: list, package_dir: Path, graded: Graded, job: dict | None = None,
                        outputs=None) -> list:
    """A naive exercise that calls the given fast layers earns nothing, and is told why: read in its source
    (``fastcheck``, the friendly early message), or seen where it ran (its call hit a guard)."""
    from .model import FAILED
    why = fast_layer_message(package_dir, graded) or (job and _runtime_fast_layer(graded, job, outputs))
    if not why:
        return checks
    return [dataclasses.replace(c, score=0.0, status=FAILED, message=lines(why, c.message), hint=why,
                                numbers=dict(c.numbers, calls_fast_layers=True)) for c in checks]


def definition_lines(path, prepared: PreparedSubmission, functions: list[Graded]) -> dict[str, int]:
    """The line of each graded function's ``def`` (or ``class``) in the student's own module, where the student
    wrote a module (a folder, a zip or a .py: a notebook's cells have no line of a file to name)."""
    if Path(path).suffix.lower() == ".ipynb":
        return {}
    lines: dict[str, int] = {}
    modules: dict[str, dict[str, int]] = {}
    for graded in functions:
        rel = graded.module.replace(".", "/") + ".py"
        if rel not in prepared.provided:
            continue
        if rel not in modules:
            try:
                modules[rel] = _top_level_lines((prepared.package_dir / rel).read_bytes())
            except OSError:
                modules[rel] = {}
        if graded.name in modules[rel]:
            lines[graded.name] = modules[rel][graded.name]
    return lines


# a module's source -> the line of each top-level def or class (a batch's submissions share most sources)
_DEFINED = Memo(kept=256)


def _top_level_lines(source: bytes) -> dict[str, int]:
    """The line of each top-level ``def`` or ``class`` of ``source`` (the last definition of a name wins, as at
    import); parsed once per source text in a grading process."""
    import ast
    held = _DEFINED.get(source)
    if held is not None:
        return held
    try:
        text = source.decode("utf-8")  # the text the other readers parse (``parsed``): one tree for them all
    except UnicodeDecodeError:
        text = None
    try:
        tree = parsed(text) if text is not None and not text.startswith("\ufeff") else quiet_parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        tree = ast.Module(body=[], type_ignores=[])
    found = {node.name: node.lineno for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    return _DEFINED.put(source, found)


def _report_for_error(path, mode, seed, langs, message, functions) -> Report:
    report = Report(submission=str(path), seed=seed, mode=mode, errors=[message], versions=_versions(),
                    lang=langs[0], langs=langs)
    for graded in functions:
        report.checks += _failed_checks(graded, message)
    return report


def grade_with_source(path, source: CaseSource, *, mode: str, seed: int | None, functions=None,
                      limits: Limits | None = None, tier: str | None = None, show_values: bool = False,
                      hint_for=None, extra_checks=None, lang: str | list[str] = "en",
                      kit_root: Path | None = None) -> Report:
    """Grade one submission with cases and expected values from ``source``: the pipeline every verb shares.

    Steps: prepare the submission (read, never run), run each function's cases in the sandbox, decode the answers,
    judge them against ``source``'s expected values, diagnose failures (``hint_for``); the writers word the
    feedback in each of ``lang``'s languages (``zh,en``: both, from this one grading). ``check`` passes the public
    tests; the instructor's ``grade`` passes hidden cases, the catalog's diagnosis and the numeric gradient check."""
    functions = functions or GRADED
    langs = parse_langs(lang)
    start = time.monotonic()
    try:
        prepared = prepare_submission(path, kit_root)
    except SubmissionError as exc:
        report = _report_for_error(path, mode, seed, langs, exc.text, functions)
        report.execution_time = round(time.monotonic() - start, 3)
        return report
    try:
        definitions = definition_lines(path, prepared, functions)
        checks, tier, printed, printed_total, cleanup_notes, (layers, missing) = run_graded(
            prepared, source, functions, limits=limits,
                                                          tier=tier, show_values=show_values,
                                                          hint_for=hint_for, extra_checks=extra_checks)
    finally:
        prepared.cleanup()
    errors = list(prepared.module_errors.values())
    if printed_total > (limits or Limits()).printed_kb * 1024:  # a problem, so in the error column
        errors.append(text("printed_msg", mb=printed_total / 2**20, kb=(limits or Limits()).printed_kb))
    notes = [*prepared.notes, *cleanup_notes]
    notes += [c.message for c in checks if c.name == SIZE_ONE_NOTE]  # information a student should see
    # Student code as root with rlimits only: the instructor forced it (--insecure, --tier rlimits); said loudly.
    insecure = mode == "grade" and tier == RLIMITS and is_root()
    sandbox = join(" ", text("insecure_msg") if insecure else "", tier_text(tier) if tier else "",
                   confinement_text(layers, missing))
    report = Report(submission=str(path), checks=checks, seed=seed, mode=mode, sandbox=sandbox, tier=tier,
                    confinement=layers, confinement_missing=missing, insecure=insecure, errors=errors, notes=notes,
                    execution_time=round(time.monotonic() - start, 3), versions=_versions(), lang=langs[0],
                    langs=langs, definitions=definitions)
    report.versions["printed_tail"] = printed[-1000:]
    return report
