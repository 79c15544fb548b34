"""``make verify-grader``: the grader proves itself. The reference earns full marks, the stubs nothing, and every
mistake of the catalog loses points on its own function (and on the functions that call it, nowhere else) and is
diagnosed with its own hint. INSTRUCTOR SIDE."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .grading import grade
from .mistakes import CATALOG, DEPENDENTS, mutated_source

ROOT = Path(__file__).resolve().parents[1]


def verify(seed: int = 0, lang: str = "en", verbose: bool = True) -> dict:
    """Run the proof; returns the figures (catch rate, diagnosis rate, failures)."""
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
    with tempfile.TemporaryDirectory() as tmp:
        for mistake in CATALOG:
            sub = Path(tmp) / mistake.name
            shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
            (sub / mistake.file).write_text(mutated_source(mistake))
            report = grade(sub, seed=seed, lang=lang)
            lost = {f for f, (got, top) in report.function_scores().items() if got < top}
            allowed = {mistake.function} | DEPENDENTS.get(mistake.function, set())
            is_caught = mistake.function in lost and lost <= allowed
            hints = [c.hint for c in report.checks if c.function == mistake.function and c.score < c.max_score]
            is_diagnosed = mistake.hint(lang) in hints
            caught += is_caught
            diagnosed += is_diagnosed
            if not (is_caught and is_diagnosed):
                failures.append(f"{mistake.name}: lost {sorted(lost)}, hints {hints[:1]}")
            say(f"  {mistake.function:26s} {mistake.name:28s} {'caught' if is_caught else 'MISSED':7s} "
                f"{'diagnosed' if is_diagnosed else 'NOT DIAGNOSED'}")
    total = len(CATALOG)
    say(f"catch rate: {100 * caught / total:.0f}% ({caught}/{total}); "
        f"correct diagnoses: {100 * diagnosed / total:.0f}% ({diagnosed}/{total})")
    for failure in failures:
        say(f"FAILED: {failure}")
    return {"caught": caught, "diagnosed": diagnosed, "total": total, "failures": failures}


def main(seed: int = 0) -> int:
    return 0 if not verify(seed)["failures"] else 1
