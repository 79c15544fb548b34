"""Decode what the worker sent, trusting none of it.

TRUSTED SIDE. The worker's answer arrives as bytes the session read, up to its caps, from a pipe: its arrays are
checked whole against the protocol's fixed grammar (``protocol.parse_arrays``: whitelisted dtypes, declared sizes
that match the bytes, no truncation, nothing after the last array) before any is read, and each is copied into a
plain float64 ``ndarray``. The status JSON is size-capped, parsed with the standard library, and only
read as text and plain values.
"""
from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np

from ..i18n import Text, text
from . import protocol

# Elements of one answer, all its arrays together: each becomes a float64 copy in the parent (64 MB at most here,
# wherever the worker says it holds them). The reference's largest answer holds ~190,000.
MAX_ARRAY_ELEMENTS = 8_000_000


@dataclasses.dataclass
class WorkerOutput:
    """The decoded outputs of one job.

    Attributes:
        arrays: Output name -> float64 ndarray (plain, contiguous, a copy).
        values: Output name -> plain JSON value (numbers, strings, lists) for outputs that are not arrays.
        kinds: Output name -> what the worker said it returned ("array", "json", "none", "bad: ...").
        inputs_after: Input name -> the input as the student's code left it.
        events: Per step: {"raised": "ValueError: ...", "type": "ValueError", "traceback": [...]} or {}.
        problem: Why the answer could not be decoded at all, a sentence for the report ("" when it could).
    """

    arrays: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    kinds: dict[str, str] = dataclasses.field(default_factory=dict)
    inputs_after: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    events: list[dict] = dataclasses.field(default_factory=list)
    problem: Text | str = ""

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


def decode_arrays(payload: bytes) -> tuple[dict[str, np.ndarray], Text | str]:
    """Decode a worker's arrays safely (``protocol.parse_arrays``' grammar). Returns (arrays, problem).

    The grammar is checked whole before any array is read, and so is the answer's size once decoded (at most
    ``MAX_ARRAY_ELEMENTS`` elements in all its arrays together: a worker that sends a dozen arrays each just under
    a per-array cap would make the grader hold gigabytes); each array is then read with its whitelisted dtype
    from exactly the bytes its header declared, and copied into a plain float64 C-ordered ndarray of its own."""
    if not payload:
        return {}, text("answer_empty")
    if len(payload) > protocol.MAX_NPZ_BYTES:
        return {}, text("answer_too_large", size=len(payload))
    try:
        layout = protocol.parse_arrays(payload, MAX_ARRAY_ELEMENTS)
    except protocol.ProtocolError as exc:
        return {}, text("answer_malformed", detail=str(exc))
    elements = sum(math.prod(shape) for _, _, _, shape, _, _ in layout)
    if elements > MAX_ARRAY_ELEMENTS:  # many arrays, each under the cap: the parent would still copy them all
        return {}, text("answer_too_large", size=elements * 8)
    view = memoryview(payload)
    arrays = {}
    try:  # the grammar refuses what numpy cannot make; should numpy still refuse one, the answer is unreadable
        for name, dtype, order, shape, start, stop in layout:
            raw = np.frombuffer(view[start:stop], dtype=np.dtype(dtype))
            arrays[name] = np.array(raw.reshape(shape, order=order), dtype=np.float64, copy=True, order="C")
    except (ValueError, MemoryError) as exc:
        return {}, text("answer_malformed", detail=f"{type(exc).__name__}: {str(exc)[:120]}")
    return arrays, ""


def decode_status(raw: bytes) -> tuple[dict, Text | str]:
    """Parse a worker's status JSON (size-capped). Returns (status, problem)."""
    if len(raw) > protocol.MAX_STATUS_BYTES:
        return {}, text("status_too_large")
    try:
        status = json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return {}, text("status_not_json")
    if not isinstance(status, dict):
        return {}, text("status_not_object")
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
            else:
                result.arrays[short] = array
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
