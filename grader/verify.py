"""``make verify-grader``: the grader proves itself. The reference earns full marks, the stubs nothing, and every
example mistake loses points on its own function only and is diagnosed with a hint. INSTRUCTOR SIDE."""
from __future__ import annotations

import tempfile
from pathlib import Path

from .examples import BUGGY, ROOT, make_buggy
from .grading import grade


def main(seed: int = 0) -> int:
    ok = True
    reference = grade(ROOT / "solutions", seed=seed)
    stubs = grade(ROOT / "assignment", seed=seed)
    print(f"reference: {reference.score:g} / {reference.max_score:g}  "
          f"(optional {reference.optional_score:g} / {reference.optional_max_score:g})")
    print(f"stubs:     {stubs.score:g} / {stubs.max_score:g}  (optional {stubs.optional_score:g})")
    ok &= reference.score == reference.max_score and reference.optional_score == reference.optional_max_score
    ok &= stubs.score == 0 and stubs.optional_score == 0
    caught = diagnosed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (function, *_rest) in sorted(BUGGY.items()):
            report = grade(make_buggy(name, Path(tmp) / name), seed=seed)
            lost = {f for f, (got, top) in report.function_scores().items() if got < top}
            hints = [c.hint for c in report.checks if c.function == function and c.score < c.max_score and c.hint]
            is_caught, is_diagnosed = lost == {function}, bool(hints)
            caught += is_caught
            diagnosed += is_diagnosed
            print(f"  {name:30s} {'caught' if is_caught else 'MISSED: lost ' + str(sorted(lost)):40s} "
                  f"{'hint: ' + hints[0][:60] if hints else 'no hint'}")
    total = len(BUGGY)
    print(f"catch rate: {100 * caught / total:.0f}% ({caught}/{total}); "
          f"diagnosed: {100 * diagnosed / total:.0f}% ({diagnosed}/{total})")
    ok &= caught == total
    return 0 if ok else 1
