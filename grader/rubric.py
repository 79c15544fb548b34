"""Points per check, read from rubric.toml (the one place they live)."""
from __future__ import annotations

import dataclasses
import sys
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from .functions import GRADED, Graded
from .sandbox.session import DEFAULT_TIMEOUT

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 (Ubuntu 22.04, Gradescope's default image): the same parser, from PyPI
    import tomli as tomllib

RUBRIC_PATH = Path(__file__).with_name("rubric.toml")


@dataclasses.dataclass(frozen=True)
class FunctionRubric:
    """Points of one graded function, split over its compared outputs."""

    points: float
    weights: dict
    visibility: str
    timeout: float

    def points_for(self, output: str) -> float:
        """Points of one output: its share of the function's points, unrounded (``model.sum_points`` adds the
        shares exactly and rounds once, so three thirds make a full mark)."""
        total = sum(self.weights.values())
        if not total:
            return 0.0
        return float(Fraction(self.points) * Fraction(self.weights.get(output, 0)) / Fraction(total))


@lru_cache(maxsize=4)
def load_rubric(path: str | None = None) -> dict[str, FunctionRubric]:
    """Map every graded function to its FunctionRubric.

    Raises:
        KeyError: when a graded function has no points in the rubric (a new function must be given points).
    """
    data = tomllib.loads(Path(path or RUBRIC_PATH).read_text())
    defaults = data.get("defaults", {})
    flat = {}
    for section, entries in data.items():
        if section == "defaults":
            continue
        flat.update(entries)
    rubric = {}
    for graded in GRADED:
        if graded.name not in flat:
            raise KeyError(f"rubric.toml gives no points to {graded.name}")
        entry = flat[graded.name]
        if not isinstance(entry, dict):
            entry = {"points": entry}
        weights = entry.get("weights") or {o: 1 for o in _weighted_outputs(graded)}
        rubric[graded.name] = FunctionRubric(float(entry["points"]), dict(weights),
                                             entry.get("visibility", defaults.get("visibility", "visible")),
                                             float(entry.get("timeout", defaults.get("timeout", DEFAULT_TIMEOUT))))
    return rubric


def _weighted_outputs(graded: Graded) -> tuple[str, ...]:
    if graded.kind == "optim":
        return ("next_w", "next_w_step2")
    return graded.outputs
