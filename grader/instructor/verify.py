"""``make verify-grader``: the grader proves itself. The reference earns full marks, the stubs nothing, and every
mistake of the catalog loses points on its own function (and on the functions that call it, nowhere else) and is
diagnosed with its own hint. INSTRUCTOR SIDE."""
from __future__ import annotations

import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from ..exception_rules import RULES
from ..fastcheck import WHY as FAST_WHY
from ..i18n import MESSAGES, render
from ..layer_patterns import family
from ..probing import TEXT as PROBE_TEXT
from .grading import grade
from .mistakes import CATALOG, DEPENDENTS, make_submission
from .realistic import APPLIES, SUITE, build
from .reference import ROOT


def _verify_mistake(index: int, folder: str, seed: int, lang: str) -> tuple[bool, bool, str, str]:
    """Grade the catalog's mistake ``index`` as a whole submission: (caught, diagnosed, failure or '', its line)."""
    mistake = CATALOG[index]
    report = grade(make_submission(mistake, Path(folder) / mistake.name), seed=seed, lang=lang).worded()
    lost = {f for f, (got, top) in report.function_scores().items() if got < top}
    allowed = {mistake.function} | DEPENDENTS.get(mistake.function, set())
    is_caught = mistake.function in lost and lost <= allowed
    hints = [c.hint for c in report.checks if c.function == mistake.function and c.score < c.max_score]
    is_diagnosed = any(mistake.hint().render(lang) in h for h in hints)  # an exception's hint adds its line
    failure = "" if is_caught and is_diagnosed else f"{mistake.name}: lost {sorted(lost)}, hints {hints[:1]}"
    line = (f"  {mistake.function:26s} {mistake.name:28s} {'caught' if is_caught else 'MISSED':7s} "
            f"{'diagnosed' if is_diagnosed else 'NOT DIAGNOSED'}")
    return is_caught, is_diagnosed, failure, line


def verify(seed: int = 0, lang: str = "en", verbose: bool = True, workers: int | None = None) -> dict:
    """Run the proof; returns the figures (catch rate, diagnosis rate, failures). The catalog's submissions are
    graded by ``workers`` processes (default: one per core, at most 4), each a whole grading as the batch does."""
    say = print if verbose else (lambda *a, **k: None)
    reference = grade(ROOT / "solutions", seed=seed)
    stubs = grade(ROOT / "assignment", seed=seed)
    say(f"reference: {reference.score:g} / {reference.max_score:g}  "
        f"(optional {reference.optional_score:g} / {reference.optional_max_score:g})")
    say(f"stubs:     {stubs.score:g} / {stubs.max_score:g}  (optional {stubs.optional_score:g})")
    failures = []
    if reference.score != reference.max_score or reference.optional_score != reference.optional_max_score:
        failures.append("the reference does not earn full marks")
    if stubs.score or stubs.optional_score:
        failures.append("the stubs earn points")
    caught = diagnosed = 0
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(max_workers=workers) as pool:
        indices = range(len(CATALOG))
        for is_caught, is_diagnosed, failure, line in pool.map(_verify_mistake, indices, [tmp] * len(CATALOG),
                                                               [seed] * len(CATALOG), [lang] * len(CATALOG)):
            caught += is_caught
            diagnosed += is_diagnosed
            failures += [failure] if failure else []
            say(line)
    total = len(CATALOG)
    realistic = verify_realistic(seed, lang, say)
    failures += realistic["failures"]
    say(f"catch rate: {100 * caught / total:.0f}% ({caught}/{total}); "
        f"correct diagnoses: {100 * diagnosed / total:.0f}% ({diagnosed}/{total})")
    say(f"realistic submissions: mistake named for {100 * realistic['named'] / max(realistic['buggy'], 1):.0f}% "
        f"({realistic['named']}/{realistic['buggy']}) of buggy functions; "
        f"{realistic['correct_kept']}/{realistic['correct']} correct functions kept every point")
    for failure in failures:
        say(f"FAILED: {failure}")
    return {"caught": caught, "diagnosed": diagnosed, "total": total, "failures": failures,
            "realistic": realistic}


def expected_hint(name: str, lang: str = "en") -> str:
    """The text a hint must contain to name ``name`` (a catalog mistake, a rule, probe:<pattern>, fast_layers)."""
    if name.startswith("probe:"):
        return PROBE_TEXT[name[6:]][lang]
    if name == "fast_layers":
        return FAST_WHY[lang]
    for entry in list(CATALOG) + list(RULES):
        if entry.name == name:
            return entry.hint().render(lang)
    if name in MESSAGES:  # a message with fields: its longest fixed part
        text = MESSAGES[name].get(lang) or MESSAGES[name]["en"]
        return max(re.split(r"\{\w+\}", text), key=len)
    raise KeyError(f"no mistake, rule or pattern called {name!r}")


def names_mistake(report, function: str, names: list[str], lang: str = "en") -> bool:
    """Does some failing check of ``function`` carry each expected mistake's hint?"""
    hints = [render(c.hint, lang) for c in report.checks if c.function == function and c.score < c.max_score]
    return all(any(expected_hint(n, lang) in h for h in hints) for n in names)


def verify_realistic(seed: int = 0, lang: str = "en", say=print) -> dict:
    """Grade the realistic submissions (grader/realistic): how many buggy functions get their mistake named, and
    do the correct functions keep every point?"""
    buggy = named = correct = kept = 0
    failures = []
    families: dict[str, list[int]] = {}  # family -> [named, buggy]
    with tempfile.TemporaryDirectory() as tmp:
        for name, functions in SUITE.items():
            if name in APPLIES and not APPLIES[name]():
                say(f"  realistic {name:14s} skipped: its mistake is none under this NumPy {np.__version__}")
                continue
            sub = build(name, ROOT / "solutions", Path(tmp) / name)
            report = grade(sub, seed=seed, lang=lang, functions=list(functions))
            scores = report.function_scores()
            for function, expected in functions.items():
                got, top = scores.get(function, (0.0, 0.0))
                if expected == ["correct"]:
                    correct += 1
                    kept += got == top
                    verdict = "correct, full marks" if got == top else f"CORRECT BUT LOST POINTS ({got:g}/{top:g})"
                    if got != top:
                        failures.append(f"realistic {name}: the correct {function} lost points")
                else:
                    buggy += 1
                    ok = got < top and names_mistake(report, function, expected, lang)
                    named += ok
                    tally = families.setdefault(family(function) or "conv/pool", [0, 0])
                    tally[0] += ok
                    tally[1] += 1
                    verdict = f"{'named' if ok else 'NOT NAMED'} {', '.join(expected)}"
                say(f"  realistic {name:14s} {function:24s} {verdict}")
    for name, (hit, total) in families.items():
        say(f"  realistic, {name}: mistake named for {hit}/{total} buggy functions")
    return {"buggy": buggy, "named": named, "correct": correct, "correct_kept": kept, "failures": failures,
            "families": families}


def main(seed: int = 0) -> int:
    return 0 if not verify(seed)["failures"] else 1
