"""The wire protocol between the trusted parent and the untrusted worker: one module owns every frame and key.

Shared by both sides: the parent imports it as ``grader.sandbox.protocol``; a copy travels into the sandbox
beside the worker (as ``convkit_protocol``), so it imports the standard library only.

Nothing travels through files. The worker's stdin carries jobs, its stdout carries answers, and what the student's
code prints goes to the worker's stderr, which the parent drains into a bounded buffer. The parent never opens a
path inside the worker's folder, so nothing planted there (a symlink, a FIFO, /dev/zero) can reach it.

Frames are one ASCII header line, optionally followed by payloads whose lengths the header gives::

    ready LAYER... -LAYER:WHY...   worker -> parent, first and once: started, confined by the LAYERs (e.g.
                                   landlock-v7 seccomp), without those it names with a minus and why
    job K JSON_BYTES ARRAY_BYTES     parent -> worker: job K (a JSON job and its input arrays)
    import MODULE                    worker -> parent: importing a student module (the parent allows import time)
    imported MODULE                  worker -> parent: done importing it
    result K JSON_BYTES ARRAY_BYTES  worker -> parent: job K's status (JSON) and outputs (plain arrays)

Arrays travel in a framed raw format of a fixed grammar (``encode_arrays``, ``parse_arrays``): no zip, no pickle,
no header evaluated as Python. The payload is the line ``convkit-arrays 1 COUNT``, then per array (COUNT of them)
one header line and its bytes::

    NAME DTYPE ORDER SHAPE\n      NAME percent-quoted (no space), DTYPE one of ARRAY_DTYPES (e.g. <f8, |u1),
    <raw bytes>                   ORDER C or F, SHAPE the sizes joined by commas (- for a 0-d array); then exactly
                                  prod(SHAPE) * itemsize bytes

Arrays of case ``i`` are named ``c<i>/<name>``; an input sent back to check that the student's code left it alone
is ``c<i>/__input__.<name>``.

A job's steps pass their arguments as argument specs: small JSON values that say what the worker builds (an input
array, a literal, a slot bound by an earlier step, a tuple, ...). The parent writes them with the constructors
below and the worker reads them with the same key constants, so each key is written once.
"""
from __future__ import annotations

from urllib.parse import quote, unquote

WORKER_MODULE = "convkit_worker"      # file names of the modules inside the sandbox
PROTOCOL_MODULE = "convkit_protocol"
CONFINE_MODULE = "convkit_confine"
CLEANUP_MODULE = "convkit_cleanup"    # the zygote empties a kept bubblewrap's home with it (``cleanup``)
ZYGOTE_MODULE = "convkit_zygote"      # the process that forks workers (``zygote``), beside them
READY = "ready"
PACKAGE = "submission"                # the student's package, as the worker imports it

MAX_HEADER_BYTES = 256
MAX_STATUS_BYTES = 64 * 1024
# The arrays of one answer (the name is older than the format): the largest a correct submission sends is ~1.5 MB
# (the reference, every function); the parent holds at most this much of a hostile worker's answer.
MAX_NPZ_BYTES = 64 * 1024 * 1024
MAX_JSON_CHARS = 60000                # the worker shortens its status below MAX_STATUS_BYTES

INPUT_MARK = "__input__."

# Keys of the argument specs (see the constructors below). CASE_PARAM and PARAM_ARRAYS never reach the worker: the
# parent replaces them by the case's values before sending a job (grader.functions.bind_params).
INPUT_ARRAY = "a"
LITERAL = "v"
SLOT = "s"
CASE_PARAM = "p"
OPTIONAL = "optional"
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
# Arrays
# --------------------------------------------------------------------------------------------------------------

ARRAYS_MAGIC = b"convkit-arrays 1 "  # then the number of arrays and a newline
# The only dtypes that travel: booleans, integers and floats of a fixed size, in either byte order (numpy reads an
# explicit byte order exactly). No object, void, structured, complex, string or datetime dtype has a name here.
ARRAY_DTYPES = frozenset({"|b1", "|i1", "|u1"} | {f"{order}{kind}{size}" for order in "<>" for kind in "iu"
                                                   for size in (2, 4, 8)}
                         | {f"{order}f{size}" for order in "<>" for size in (2, 4, 8)})
# A recorder (worker.Recorder, grader.plumbing) keeps at most this many calls of forward roots and as many of backward
# roots (a backward's job runs its forward first: a forward looping per position would use up a shared budget, set
# K), and Python 2's range one per caller; each is sent back as "recorded.<i>"
MAX_RECORDED_CALLS = 8
MAX_RECORDED_SLOTS = 2 * MAX_RECORDED_CALLS + 2
MAX_ARRAY_NAME = 4096    # characters of a quoted name (an output is named after the student's dict keys)
MAX_ARRAY_DIMS = 32
MAX_ARRAY_LINE = MAX_ARRAY_NAME + MAX_ARRAY_DIMS * 13 + 16
_NAME_SAFE = "/._-"


def encode_arrays(arrays: dict) -> bytes:
    """The payload of ``arrays`` (name -> numpy array whose ``dtype.str`` is one of ARRAY_DTYPES), in order.

    Only the arrays' own attributes are used (``dtype.str``, ``shape``, ``flags``, ``tobytes``), so that this module
    needs no numpy. ValueError for a dtype that may not travel."""
    parts = [ARRAYS_MAGIC + f"{len(arrays)}\n".encode("ascii")]
    for name, array in arrays.items():
        dtype = array.dtype.str
        if dtype not in ARRAY_DTYPES:
            raise ValueError(f"an array of dtype {dtype} cannot travel ({name})")
        order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
        shape = ",".join(str(int(d)) for d in array.shape) or "-"
        quoted = quote(str(name), safe=_NAME_SAFE, errors="backslashreplace")
        parts.append(f"{quoted} {dtype} {order} {shape}\n".encode("ascii"))
        parts.append(array.tobytes(order=order))
    return b"".join(parts)


def parse_arrays(data, max_elements: int) -> list[tuple[str, str, str, tuple[int, ...], int, int]]:
    """Check a payload against the grammar and say where each array lies, without reading any array.

    Args:
        data: The payload (bytes or bytearray; anything else is copied into bytes first).
        max_elements: Most elements one array may declare.

    Returns:
        Per array (name, dtype, order, shape, start, end): its bytes are ``data[start:end]``, exactly
        prod(shape) * itemsize of them.

    Raises:
        ProtocolError: Anything else: a missing magic line, a header line that is over-long, not ASCII or not of
            the grammar, a dtype outside ARRAY_DTYPES, a name given twice, an array of more than
            ``max_elements`` elements (or, its empty axes aside, of a shape that would hold more), fewer arrays
            or bytes than declared (truncation) or bytes after the last array.
    """
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(data)
    size = len(data)
    first = bytes(data[:len(ARRAYS_MAGIC) + 11])
    end = first.find(b"\n")
    count_text = first[len(ARRAYS_MAGIC):end]
    if end < 0 or not first.startswith(ARRAYS_MAGIC) or not 0 < len(count_text) <= 9 or not count_text.isdigit():
        raise ProtocolError("the arrays do not start with their magic line")
    found, names, pos = [], set(), end + 1
    for _ in range(int(count_text)):
        if pos >= size:
            raise ProtocolError("the arrays are cut short")
        end = data.find(b"\n", pos, pos + MAX_ARRAY_LINE + 1) - pos
        if end < 0:
            raise ProtocolError("an array header that is over-long or cut short")
        line = bytes(data[pos:pos + end])
        words = parse_header(line)
        if len(words) != 4 or line.count(b" ") != 3:
            raise ProtocolError("a malformed array header")
        quoted, dtype, order, shape_text = words
        if len(quoted) > MAX_ARRAY_NAME or dtype not in ARRAY_DTYPES or order not in ("C", "F"):
            raise ProtocolError(f"an array header with a name, dtype or order that may not travel ({dtype[:8]!r})")
        shape = _parse_shape(shape_text)
        name = unquote(quoted, errors="replace")
        if name in names:
            raise ProtocolError("an array name given twice")
        names.add(name)
        count = spread = 1
        for dim in shape:
            count *= dim
            spread *= max(dim, 1)
        if count > max_elements:
            raise ProtocolError(f"output {name[:80]} is too large ({count} elements)")
        if spread > max_elements:  # no element, but axes numpy cannot hold: (0, 10**12, 10**12, 10**12)
            raise ProtocolError(f"output {name[:80]} has an empty shape too large to hold")
        start = pos + end + 1
        stop = start + count * int(dtype[2:])
        if stop > size:
            raise ProtocolError("the arrays are cut short")
        found.append((name, dtype, order, shape, start, stop))
        pos = stop
    if pos != size:
        raise ProtocolError("bytes after the last array")
    return found


def _parse_shape(text: str) -> tuple[int, ...]:
    if text == "-":
        return ()
    dims = text.split(",")
    if len(dims) > MAX_ARRAY_DIMS or not all(0 < len(d) <= 12 and d.isdigit() and d.isascii() for d in dims):
        raise ProtocolError("a malformed array shape")
    return tuple(int(d) for d in dims)


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


def optional_case_param(name: str) -> dict:
    """The case's parameter ``name`` where the case has one; a dict's entry holding it is left out where it has not
    (a bn_param without eps and momentum, as the course's notebook hands it)."""
    return {CASE_PARAM: name, OPTIONAL: True}


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
