"""Decode what the worker sent, trusting none of it.

TRUSTED SIDE. The worker's answer arrives as bytes the session read, up to its caps, from a pipe: the ``.npz`` is
opened from memory with ``allow_pickle=False`` after checking every member's declared size, and each array is
coerced to a plain float64 ``ndarray``. The status JSON is size-capped, parsed with the standard library, and only
read as text and plain values.
"""
from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from typing import Any

import numpy as np

from . import protocol

MAX_ARRAY_ELEMENTS = 20_000_000


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


def decode_arrays(npz: bytes) -> tuple[dict[str, np.ndarray], str]:
    """Decode a worker's .npz bytes safely. Returns (arrays, problem)."""
    if not npz:
        return {}, "the worker sent no outputs"
    if len(npz) > protocol.MAX_NPZ_BYTES:
        return {}, f"the outputs are too large ({len(npz)} bytes)"
    try:
        with zipfile.ZipFile(io.BytesIO(npz)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > protocol.MAX_NPZ_BYTES:
                return {}, "the outputs unpack to too many bytes"
            for info in infos:
                if not info.filename.endswith(".npy"):
                    return {}, f"the outputs hold a member that is not an array ({info.filename[:80]!r})"
        arrays = {}
        with np.load(io.BytesIO(npz), allow_pickle=False) as data:
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
        return {}, f"the outputs could not be read ({type(exc).__name__})"


def decode_status(raw: bytes) -> tuple[dict, str]:
    """Parse a worker's status JSON (size-capped). Returns (status, problem)."""
    if len(raw) > protocol.MAX_STATUS_BYTES:
        return {}, "the status is too large"
    try:
        status = json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return {}, "the status is not valid JSON"
    if not isinstance(status, dict):
        return {}, "the status is not a JSON object"
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


def decode_job(status_bytes: bytes, npz_bytes: bytes, num_cases: int) -> list[WorkerOutput]:
    """Decode one job's answer into one WorkerOutput per case (never raises).

    Whatever is missing or malformed shows up as a ``problem`` or as missing outputs; the parent decides.
    """
    arrays, problem = decode_arrays(npz_bytes)
    status, status_problem = decode_status(status_bytes)
    bad = arrays.pop("__bad__", {}) if isinstance(arrays.get("__bad__"), dict) else {}
    case_statuses = status.get("cases") if isinstance(status.get("cases"), list) else []
    results = []
    for index in range(num_cases):
        result = WorkerOutput(problem=problem or status_problem)
        prefix = protocol.case_prefix(index)
        for name, array in arrays.items():
            if not name.startswith(prefix):
                continue
            short = name[len(prefix):]
            if short.startswith(protocol.INPUT_MARK):
                result.inputs_after[short[len(protocol.INPUT_MARK):]] = array
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
