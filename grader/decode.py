"""Decode what the worker wrote, trusting none of it.

TRUSTED SIDE. The worker's ``.npz`` is opened with ``allow_pickle=False`` after checking every member's declared
size, and each array is coerced to a plain float64 ``ndarray``. Its status JSON is size-capped, parsed with the
standard library, and only read as text and plain values.
"""
from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

MAX_NPZ_BYTES = 256 * 1024 * 1024
MAX_ARRAY_ELEMENTS = 20_000_000
MAX_STATUS_BYTES = 64 * 1024


@dataclasses.dataclass
class WorkerOutput:
    """The decoded outputs of one job.

    Attributes:
        arrays: Output name -> float64 ndarray (plain, contiguous, a copy).
        values: Output name -> plain JSON value (numbers, strings, lists) for outputs that are not arrays.
        kinds: Output name -> what the worker said it returned ("array", "json", "none", "bad: ...").
        inputs_after: Input name -> the input as the student's code left it.
        events: Per step: {"raised": "ValueError: ...", "type": "ValueError", "traceback": [...]} or {}.
        problem: Why the files could not be decoded at all ("" when they could).
    """

    arrays: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    kinds: dict[str, str] = dataclasses.field(default_factory=dict)
    inputs_after: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    events: list[dict] = dataclasses.field(default_factory=list)
    problem: str = ""

    def raised(self) -> str:
        """The first exception the student's code raised in this job, or ''."""
        for event in self.events:
            if event.get("raised"):
                return str(event["raised"])
        return ""

    def raised_type(self) -> str:
        for event in self.events:
            if event.get("type"):
                return str(event["type"])
        return ""


def _as_plain_float(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind not in "biuf" or array.dtype.fields is not None:
        raise ValueError(f"unsupported dtype {array.dtype}")
    return np.array(array, dtype=np.float64, copy=True, order="C")


def decode_arrays(path: Path) -> tuple[dict[str, np.ndarray], str]:
    """Read a worker .npz safely. Returns (arrays, problem)."""
    try:
        size = path.stat().st_size
    except OSError:
        return {}, "the worker wrote no output file"
    if size > MAX_NPZ_BYTES:
        return {}, f"the output file is too large ({size} bytes)"
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.file_size > MAX_NPZ_BYTES:
                    return {}, f"an output is too large ({info.file_size} bytes)"
        arrays = {}
        with np.load(path, allow_pickle=False) as data:
            for name in data.files:
                array = data[name]
                if array.size > MAX_ARRAY_ELEMENTS:
                    return {}, f"output {name} is too large ({array.size} elements)"
                try:
                    arrays[name] = _as_plain_float(array)
                except ValueError as exc:
                    arrays[name] = None
                    arrays.setdefault("__bad__", {})
                    arrays["__bad__"][name] = str(exc)
        return arrays, ""
    except Exception as exc:  # any malformed file is the student's problem, reported, never fatal
        return {}, f"the output file could not be read ({type(exc).__name__})"


def decode_status(path: Path) -> tuple[dict, str]:
    try:
        raw = path.read_bytes()[: MAX_STATUS_BYTES + 1]
    except OSError:
        return {}, "the worker wrote no status"
    if len(raw) > MAX_STATUS_BYTES:
        return {}, "the status file is too large"
    try:
        status = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        return {}, "the status file is not valid JSON"
    if not isinstance(status, dict):
        return {}, "the status file is not a JSON object"
    return status, ""


def _clean_events(events) -> list[dict]:
    clean = []
    if not isinstance(events, list):
        return clean
    for event in events[:50]:
        if not isinstance(event, dict):
            clean.append({})
            continue
        tb = event.get("traceback")
        clean.append({
            "raised": str(event.get("raised", ""))[:500],
            "type": str(event.get("type", ""))[:80],
            "traceback": [str(t)[:200] for t in tb[:6]] if isinstance(tb, list) else [],
        } if event.get("raised") else {})
    return clean


def decode_job(out_path: Path, status_path: Path, num_cases: int) -> list[WorkerOutput]:
    """Decode one job's files into one WorkerOutput per case (never raises).

    Whatever is missing or malformed shows up as a ``problem`` or as missing outputs; the parent decides.
    """
    arrays, problem = decode_arrays(out_path)
    status, status_problem = decode_status(status_path)
    bad = arrays.pop("__bad__", {}) if isinstance(arrays.get("__bad__"), dict) else {}
    case_statuses = status.get("cases") if isinstance(status.get("cases"), list) else []
    results = []
    for index in range(num_cases):
        result = WorkerOutput(problem=problem or status_problem)
        prefix = f"c{index}/"
        for name, array in arrays.items():
            if not name.startswith(prefix):
                continue
            short = name[len(prefix):]
            if short.startswith("__input__."):
                result.inputs_after[short[len("__input__."):]] = array
            elif array is not None:
                result.arrays[short] = array
        for name, reason in bad.items():
            if name.startswith(prefix):
                result.kinds[name[len(prefix):]] = f"bad: {reason}"
        case = case_statuses[index] if index < len(case_statuses) and isinstance(case_statuses[index], dict) else {}
        kinds = case.get("outputs", {})
        if isinstance(kinds, dict):
            for key, value in kinds.items():
                result.kinds.setdefault(str(key), str(value)[:300])
        values = case.get("values", {})
        if isinstance(values, dict):
            result.values = {str(k): v for k, v in values.items()}
        result.events = _clean_events(case.get("events"))
        results.append(result)
    return results
