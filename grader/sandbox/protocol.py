"""The wire protocol between the trusted parent and the untrusted worker: one module owns every frame and key.

Shared by both sides: the parent imports it as ``grader.sandbox.protocol``; a copy travels into the sandbox
beside the worker (as ``convkit_protocol``), so it imports the standard library only.

Nothing travels through files. The worker's stdin carries jobs, its stdout carries answers, and what the student's
code prints goes to the worker's stderr, which the parent drains into a bounded buffer. The parent never opens a
path inside the worker's folder, so nothing planted there (a symlink, a FIFO, /dev/zero) can reach it.

Frames are one ASCII header line, optionally followed by payloads whose lengths the header gives::

    ready LAYER... -LAYER:WHY...   worker -> parent, first and once: started, confined by the LAYERs (e.g.
                                   landlock-v7 seccomp), without those it names with a minus and why
    job K JSON_BYTES NPZ_BYTES     parent -> worker: job K (a JSON job and an .npz of its input arrays)
    import MODULE                  worker -> parent: importing a student module (the parent allows import time)
    imported MODULE                worker -> parent: done importing it
    result K JSON_BYTES NPZ_BYTES  worker -> parent: job K's status (JSON) and outputs (.npz of plain arrays)

Arrays of case ``i`` are named ``c<i>/<name>``; an input sent back to check that the student's code left it alone
is ``c<i>/__input__.<name>``.

A job's steps pass their arguments as argument specs: small JSON values that say what the worker builds (an input
array, a literal, a slot bound by an earlier step, a tuple, ...). The parent writes them with the constructors
below and the worker reads them with the same key constants, so each key is written once.
"""
from __future__ import annotations

WORKER_MODULE = "convkit_worker"      # file names of the modules inside the sandbox
PROTOCOL_MODULE = "convkit_protocol"
CONFINE_MODULE = "convkit_confine"
ZYGOTE_MODULE = "convkit_zygote"      # the process that forks workers (``zygote``), beside them
READY = "ready"
PACKAGE = "submission"                # the student's package, as the worker imports it

MAX_HEADER_BYTES = 256
MAX_STATUS_BYTES = 64 * 1024
MAX_NPZ_BYTES = 256 * 1024 * 1024
MAX_JSON_CHARS = 60000                # the worker shortens its status below MAX_STATUS_BYTES

INPUT_MARK = "__input__."

# Keys of the argument specs (see the constructors below). CASE_PARAM and PARAM_ARRAYS never reach the worker: the
# parent replaces them by the case's values before sending a job (grader.functions.bind_params).
INPUT_ARRAY = "a"
LITERAL = "v"
SLOT = "s"
CASE_PARAM = "p"
PARAM_ARRAYS = "pd"
FLATTENED = "flat"
TUPLE_OF = "t"
DICT_OF = "d"
AS_FLOAT64 = "f64"
NUMPY_CALL = "np"
NUMPY_ARGS = "args"


def case_prefix(index: int) -> str:
    """Prefix of case ``index``'s arrays in a job's or a result's .npz."""
    return f"c{index}/"


def returned_input(index: int, name: str) -> str:
    """Name under which case ``index``'s input ``name`` comes back, as the student's code left it."""
    return f"{case_prefix(index)}{INPUT_MARK}{name}"


def header(kind: str, *fields) -> bytes:
    """One header line."""
    line = " ".join([kind, *(str(f) for f in fields)]) + "\n"
    return line.encode("ascii")


def frame(kind: str, k: int, json_bytes: bytes, npz_bytes: bytes) -> bytes:
    """A ``job`` or ``result`` frame: header plus its two payloads."""
    return header(kind, k, len(json_bytes), len(npz_bytes)) + json_bytes + npz_bytes


class ProtocolError(Exception):
    """The other side broke the protocol (garbage, an oversized frame): for the parent, a crash of the worker."""


def parse_header(line: bytes) -> list[str]:
    """Split a header line into words; ``ProtocolError`` when it is not printable ASCII."""
    try:
        text = line.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError("a header that is not ASCII") from None
    if not text.isprintable():
        raise ProtocolError("a header with control characters")
    return text.split()


def payload_sizes(words: list[str], kind: str, max_json: int, max_npz: int) -> tuple[int, int, int]:
    """(k, json_bytes, npz_bytes) of a ``kind`` header, checked against the caps."""
    if len(words) != 4 or words[0] != kind or not all(w.isdigit() for w in words[1:]):
        raise ProtocolError(f"a malformed {kind} header")
    k, n_json, n_npz = (int(w) for w in words[1:])
    if n_json > max_json or n_npz > max_npz:
        raise ProtocolError(f"a {kind} frame over the size limit ({n_json} + {n_npz} bytes)")
    return k, n_json, n_npz


# --------------------------------------------------------------------------------------------------------------
# Argument specs
# --------------------------------------------------------------------------------------------------------------

def input_array(name: str) -> dict:
    """The case's input array ``name`` (the very array sent, so that an in-place change can be seen)."""
    return {INPUT_ARRAY: name}


def literal(value) -> dict:
    """A JSON value (number, string, list, dict, None), given to the call as a fresh copy."""
    return {LITERAL: value}


def slot(name: str) -> dict:
    """The value an earlier step bound to ``name`` (None when that step failed)."""
    return {SLOT: name}


def case_param(name: str) -> dict:
    """The case's parameter ``name`` (a dict such as conv_param, or a number); the parent makes it a literal."""
    return {CASE_PARAM: name}


def param_arrays(name: str) -> dict:
    """A dict of the case's input arrays whose names are the case's parameter ``name`` (a list of names); the
    parent expands it into ``dict_of`` those arrays."""
    return {PARAM_ARRAYS: name}


def flattened(spec: dict) -> dict:
    """The array ``spec`` reshaped to (N, -1)."""
    return {FLATTENED: spec}


def tuple_of(*specs: dict) -> dict:
    """A tuple of the values of ``specs``."""
    return {TUPLE_OF: list(specs)}


def dict_of(mapping: dict | None = None, /, **specs: dict) -> dict:
    """A dict of the values of ``specs`` (keyword arguments, or a mapping for keys that are not identifiers)."""
    return {DICT_OF: {**(mapping or {}), **specs}}


def as_float64(spec: dict) -> dict:
    """The value of ``spec`` as a float64 array (None becomes NaN)."""
    return {AS_FLOAT64: spec}


def numpy_call(func: str, *args: dict) -> dict:
    """``numpy.<func>(*args)``, for one of the few numpy functions the worker allows (``worker.NUMPY_FUNCTIONS``)."""
    return {NUMPY_CALL: func, NUMPY_ARGS: list(args)}
