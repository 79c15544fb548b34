"""report.json: everything the grader knows about one run (seed, versions, per-check numbers)."""
from __future__ import annotations

import json
import math
from pathlib import Path

from ..model import Report

SCHEMA_VERSION = 1


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write_report_json(report: Report, path: Path):
    from . import atomic_write
    data = _finite({"schema_version": SCHEMA_VERSION, **report.to_dict()})
    atomic_write(Path(path), json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False, default=str))
