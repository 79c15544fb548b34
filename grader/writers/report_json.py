"""report.json: everything the grader knows about one run (seed, versions, per-check numbers).

Keys, a check's ``name`` and ``status`` are stable English ids for machines; each check also carries ``label`` and
``status_label``, its name and status worded in the report's language, beside the worded ``message`` and ``hint``
and their ``codes`` (message key and fields, grader.i18n.to_code: ``Report.from_dict`` words them in any
language). The report's own ``errors``, ``notes`` and ``sandbox`` have theirs under the top-level ``codes``."""
from __future__ import annotations

import math
from pathlib import Path

from ..i18n import check_label, translate
from ..model import Report
from .jsontext import json_lines

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
    data = {"schema_version": SCHEMA_VERSION, **report.to_dict()}
    for check in data["checks"]:
        check["label"] = check_label(check["name"], report.lang)
        check["status_label"] = translate(check["status"], report.lang)
    try:  # one check per line
        text = json_lines(data, ensure_ascii=False, allow_nan=False, default=str)
    except ValueError:  # a number that is not finite: written as its text, as JSON has none
        text = json_lines(_finite(data), ensure_ascii=False, allow_nan=False, default=str)
    atomic_write(Path(path), text)
