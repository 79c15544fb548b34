"""The result model every report writer reads: one CheckResult per check, one Report per submission."""
from __future__ import annotations

import collections
import dataclasses
import functools
from fractions import Fraction
from typing import Any, Iterable

PASSED = "passed"
FAILED = "failed"
NOT_IMPLEMENTED = "not implemented"
ERROR = "error"          # the student's code raised, crashed, timed out or returned garbage
INFO = "info"            # reported, worth no points (e.g. the numeric gradient check)

STATUSES = (PASSED, FAILED, NOT_IMPLEMENTED, ERROR, INFO)

# Points are shares of a function's points (a third of 1 point for each of dx, dw, db; 7 of 9 cases): rationals
# with small denominators. Sums are taken over the exact fractions and rounded once, at the end, so three thirds are
# a full mark everywhere (report, gradebook, summary) and no total depends on the order of its terms.
POINTS_DENOMINATOR = 10**6
POINTS_DECIMALS = 4


@functools.lru_cache(maxsize=4096)
def exact_points(value: float) -> Fraction:
    """The fraction a float of points stands for (``1/3`` for 0.333..., exact for a decimal of 6 places or less).
    Kept per value: a report's hundreds of checks hold a few dozen distinct ones, summed again by every writer."""
    return Fraction(value).limit_denominator(POINTS_DENOMINATOR)


def sum_points(values: Iterable[float]) -> float:
    """The exact sum of points, rounded once to POINTS_DECIMALS places (each distinct value times its count: the
    same exact sum)."""
    counts = collections.Counter(values)
    return round(float(sum((exact_points(v) * n for v, n in counts.items()), Fraction(0))), POINTS_DECIMALS)


@dataclasses.dataclass
class CheckResult:
    """The outcome of one check of one graded function.

    Attributes:
        function: The graded function (or class) name, e.g. ``conv_backward_naive``.
        name: What was checked, e.g. ``dx matches the reference``. The test's full name is
            ``f"{function}: {name}"``.
        score: Points earned; computed by the trusted parent only.
        max_score: Points available (0 for informational checks).
        status: One of STATUSES.
        message: Feedback for the student, numpy.testing style (shape first, tolerance, largest error): a Text
            (grader.i18n: a message key and its fields) the writers word in each language, or a plain string.
        hint: A diagnosis (a known mistake or a localisation of the error), shown before the numbers (a Text too).
        numbers: Machine-readable figures (max errors, cases passed, ...) for report.json.
        visibility: Gradescope visibility: ``visible``, ``hidden``, ``after_due_date`` or ``after_published``.
        tags: Free tags, e.g. the module name and ``optional``.
        optional: True for the optional exercises (not counted in the required total).
    """

    function: str
    name: str
    score: float
    max_score: float
    status: str
    message: Any = ""   # str | grader.i18n.Text | grader.i18n.Joined
    hint: Any = ""
    numbers: dict[str, Any] = dataclasses.field(default_factory=dict)
    visibility: str = "visible"
    tags: list[str] = dataclasses.field(default_factory=list)
    optional: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.function}: {self.name}"

    @property
    def passed(self) -> bool:
        return self.status in (PASSED, INFO) and self.score >= self.max_score


@dataclasses.dataclass
class Report:
    """Everything the grader learned about one submission.

    Attributes:
        submission: Path or name of what was graded.
        checks: Every check result, in rubric order.
        seed: Seed of this run's hidden inputs (None for the public check).
        mode: ``grade`` (hidden tests against the reference) or ``check`` (public tests).
        sandbox: How student code was isolated, in words for the student.
        tier: Which sandbox tier ran: ``bubblewrap``, ``uid`` or ``rlimits`` ('' when nothing ran).
        confinement: Every layer that held the student's code, the worker's own then the tier's, e.g.
            ``["landlock-v7", "seccomp", "uid", "rlimits"]`` (empty when nothing ran).
        confinement_missing: The layers this machine did not give, and why (``{"seccomp": "EPERM"}``: a
            container's seccomp profile refused it; ``ENOSYS``: the kernel has no such call).
        insecure: Student code ran as root with nothing but rlimits (``grade --insecure``, or ``--tier rlimits``
            forced as root): said on the terminal and in every report.
        errors: Problems with the submission as a whole (unreadable zip, syntax error, ...).
        notes: Things worth telling the student that are not problems (a module not handed in, only a
            notebook's definitions kept): shown apart from ``errors`` and never counted as problems.
        execution_time: Wall time of grading, in seconds.
        versions: Versions of the grader, Python and numpy.
        lang: Language of student-facing messages (``en`` or ``zh``): the first of ``langs``.
        langs: Every language the reports are written in, in order (``["zh", "en"]`` for ``--lang zh,en``): one
            grading, worded once per language by the writers (``worded``).
        definitions: The line of each graded function's ``def`` in the student's module (where known), so that
            the feedback names file:line.
    """

    submission: str
    checks: list[CheckResult] = dataclasses.field(default_factory=list)
    seed: int | None = None
    mode: str = "grade"
    sandbox: Any = ""
    tier: str = ""
    confinement: list[str] = dataclasses.field(default_factory=list)
    confinement_missing: dict[str, str] = dataclasses.field(default_factory=dict)
    insecure: bool = False
    errors: list[Any] = dataclasses.field(default_factory=list)   # str or Text, like a check's message
    notes: list[Any] = dataclasses.field(default_factory=list)
    execution_time: float = 0.0
    versions: dict[str, str] = dataclasses.field(default_factory=dict)
    lang: str = "en"
    langs: list[str] = dataclasses.field(default_factory=list)
    definitions: dict[str, int] = dataclasses.field(default_factory=dict)
    # The written (Inline Question) answers, once TAs have graded them on the review page: per question its key,
    # labels, max, points (None while not graded yet) and comment. Not part of score: the autograder's total
    # stays what the code earned, and the written points are shown beside it.
    written: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def score(self) -> float:
        return sum_points(c.score for c in self.checks if not c.optional)

    @property
    def max_score(self) -> float:
        return sum_points(c.max_score for c in self.checks if not c.optional)

    @property
    def optional_score(self) -> float:
        return sum_points(c.score for c in self.checks if c.optional)

    @property
    def optional_max_score(self) -> float:
        return sum_points(c.max_score for c in self.checks if c.optional)

    def function_scores(self) -> dict[str, tuple[float, float]]:
        """Score and maximum per graded function, in rubric order."""
        by_function: dict[str, list[CheckResult]] = {}
        for check in self.checks:
            by_function.setdefault(check.function, []).append(check)
        return {function: (sum_points(c.score for c in checks), sum_points(c.max_score for c in checks))
                for function, checks in by_function.items()}

    @property
    def languages(self) -> list[str]:
        """The languages to write, in order (``langs``, or ``lang`` alone)."""
        return list(self.langs) or [self.lang]

    def worded(self, lang: str | None = None) -> "Report":
        """A copy with every sentence worded in ``lang`` (default: ``lang``) as plain strings, in that one language:
        what a writer reads."""
        from .i18n import render
        lang = lang or self.lang
        checks = [dataclasses.replace(c, message=render(c.message, lang), hint=render(c.hint, lang),
                                      numbers=_worded(c.numbers, lang)) for c in self.checks]
        return dataclasses.replace(self, checks=checks, lang=lang, langs=[lang], sandbox=render(self.sandbox, lang),
                                   errors=[render(e, lang) for e in self.errors],
                                   notes=[render(n, lang) for n in self.notes])

    def to_dict(self) -> dict[str, Any]:
        """report.json's content: every sentence worded in ``lang`` (as before), and beside it its ``codes``
        (message key and fields, grader.i18n.to_code) so that a report read back is worded in any language."""
        from .i18n import to_code
        data = dataclasses.asdict(self.worded())
        data.update(score=self.score, max_score=self.max_score, optional_score=self.optional_score,
                    optional_max_score=self.optional_max_score, langs=self.languages)
        for check, original in zip(data["checks"], self.checks):
            check["codes"] = {k: to_code(v) for k, v in (("message", original.message), ("hint", original.hint),
                                                          ("own_message", original.numbers.get("own_message")),
                                                          ("own_hint", original.numbers.get("own_hint")))
                              if v is not None}
        data["codes"] = {"errors": to_code(list(self.errors)), "notes": to_code(list(self.notes)),
                         "sandbox": to_code(self.sandbox)}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        """The Report of a report.json; its sentences are Texts again where the file keeps their codes."""
        from .i18n import from_code
        fields = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in fields}
        codes = data.get("codes") or {}
        for name in ("errors", "notes", "sandbox"):
            if name in codes:
                kwargs[name] = from_code(codes[name])
        check_fields = {f.name for f in dataclasses.fields(CheckResult)}  # report.json adds display labels
        kwargs["checks"] = []
        for c in data.get("checks", []):
            check = CheckResult(**{k: v for k, v in c.items() if k in check_fields})
            own = c.get("codes") or {}
            if "message" in own:
                check.message = from_code(own["message"])
            if "hint" in own:
                check.hint = from_code(own["hint"])
            for name in ("own_message", "own_hint"):
                if name in own:
                    check.numbers = dict(check.numbers, **{name: from_code(own[name])})
            kwargs["checks"].append(check)
        return cls(**kwargs)


def _worded(value, lang: str):
    """``value`` (a check's numbers) with every Text in it worded in ``lang``."""
    from .i18n import WORDABLE, render
    if isinstance(value, WORDABLE):
        return render(value, lang)
    if isinstance(value, dict):
        return {k: _worded(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_worded(v, lang) for v in value]
    return value
