"""The worker: the only grader code that runs in the student's process.

UNTRUSTED SIDE. This module imports numpy, the standard library and the protocol module, nothing else from the
grader, and never holds an expected output: it receives a job (which function to call, on which inputs), calls
the student's code, and answers with raw outputs as plain arrays (``protocol``'s framed format) plus a small JSON
status. The trusted parent decodes them itself and alone decides every score; nothing sent from here is believed
beyond being data.

The same step interpreter (``run_steps``) is used by the trusted parent on the reference solutions, so that the
student and the reference are called in exactly the same way.

Jobs arrive on stdin and answers leave on the original stdout, both framed as ``protocol`` says; before any
student code runs, the worker points file descriptor 1 at stderr, so that whatever the student prints goes to the
parent's bounded capture and never into the answers' stream, confines itself (``confine``: Landlock, seccomp) and
says so in its first message, ``ready`` with the layers it applied: a worker that never says it failed to start,
which is the grader's failure, never the student's.
"""
from __future__ import annotations

import importlib
import io
import json
import os
import sys
import traceback

if __package__:  # imported by the trusted parent, which runs the reference through run_steps too
    from . import confine, protocol
    PACKAGE_VIEWS: list[str] = []
else:  # run as the sandbox's script (or the zygote's): protocol and confine lie beside it; argv[2:] name the view
    import convkit_confine as confine  # of the packages student code may import (numpy, matplotlib, ...)
    import convkit_protocol as protocol
    PACKAGE_VIEWS = list(sys.argv[2:])
    sys.path[:0] = PACKAGE_VIEWS

import numpy as np  # noqa: E402

PACKAGE = protocol.PACKAGE
OPEN_FILES = 256  # descriptors a worker process may hold (RLIMIT_NOFILE): numpy and matplotlib need a few dozen
# Enough numpy to rebuild a documented cache when the student's forward fails (e.g. sigmoid's cache is its output).
NUMPY_FUNCTIONS = {"tanh", "exp", "negative", "add", "reciprocal", "maximum", "multiply", "matmul"}


class StepError(Exception):
    """A step could not run; ``step`` is the index, ``exc`` the student's exception."""

    def __init__(self, step, exc):
        super().__init__(f"step {step}: {type(exc).__name__}: {exc}")
        self.step = step
        self.exc = exc


# --------------------------------------------------------------------------------------------------------------
# The step interpreter
# --------------------------------------------------------------------------------------------------------------
# An argument spec is a small JSON value, built by the parent with protocol's constructors:
#   input_array("x")     the input array named x (the very array sent, so that in-place changes can be seen)
#   literal(3)           a literal (ints, floats, strings, lists, dicts), copied for every use
#   slot("cache")        a slot bound by an earlier step
#   tuple_of(spec, ...)  a tuple;   dict_of(k=spec)  a dict;   as_float64(spec)  a float64 array of the value
#   flattened(spec)      the array reshaped to (N, -1);   numpy_call("add", spec, spec)  one of NUMPY_FUNCTIONS
# A step is one of
#   {"call": "layers.conv_forward_naive", "args": [...], "kwargs": {...}, "bind": ["out", "cache"],
#    "fallback": {"cache": spec}, "fallback_steps": [...]}
#        (if the call fails or returns None, the fallback steps run and the fallback slots are bound instead:
#         this is the cache the docstring documents, so that a broken forward costs only its own points)
#   {"new": "classifiers.cnn.ThreeLayerConvNet", "kwargs": {...}, "bind": "model"}
#   {"method": "model.loss", "args": [...], "bind": ["loss", "grads"]}
#   {"set": "model.params", "value": spec}
#   {"let": "cache", "value": spec}


def build_arg(spec, arrays, slots):
    """The value an argument spec stands for (``protocol``'s constructors say what each spec means)."""
    if protocol.INPUT_ARRAY in spec:
        # The very array the parent sent (not a copy): whatever the student does to it in place is sent back
        # under __input__ and compared with the original by the parent.
        return arrays[spec[protocol.INPUT_ARRAY]]
    if protocol.LITERAL in spec:
        return _copy_literal(spec[protocol.LITERAL])
    if protocol.SLOT in spec:
        return slots.get(spec[protocol.SLOT])
    if protocol.TUPLE_OF in spec:
        return tuple(build_arg(s, arrays, slots) for s in spec[protocol.TUPLE_OF])
    if protocol.DICT_OF in spec:
        return {k: build_arg(s, arrays, slots) for k, s in spec[protocol.DICT_OF].items()}
    if protocol.AS_FLOAT64 in spec:
        return np.asarray(build_arg(spec[protocol.AS_FLOAT64], arrays, slots), dtype=np.float64)
    if protocol.FLATTENED in spec:
        array = build_arg(spec[protocol.FLATTENED], arrays, slots)
        return np.reshape(array, (array.shape[0], -1))
    if protocol.NUMPY_CALL in spec and spec[protocol.NUMPY_CALL] in NUMPY_FUNCTIONS:
        args = (build_arg(a, arrays, slots) for a in spec.get(protocol.NUMPY_ARGS, []))
        return getattr(np, spec[protocol.NUMPY_CALL])(*args)
    raise ValueError(f"unknown argument spec {spec!r}")


def _copy_literal(value):
    return json.loads(json.dumps(value))


def _bind(bind, result, slots):
    if bind is None:
        return
    if isinstance(bind, str):
        slots[bind] = result
        return
    if result is None:
        for name in bind:
            slots[name] = None
        return
    if len(bind) == 1:
        slots[bind[0]] = result
        return
    if not isinstance(result, (tuple, list)) or len(result) != len(bind):
        raise TypeError(f"expected a tuple of {len(bind)} values ({', '.join(bind)}), got "
                        f"{type(result).__name__}")
    for name, value in zip(bind, result):
        slots[name] = value


def run_steps(steps, arrays, resolve, slots=None):
    """Run a job's steps.

    Args:
        steps: The step list (see the module docstring).
        arrays: Input arrays by name.
        resolve: ``resolve("layers") -> module``: where code is looked up (the student's or the reference's).
        slots: Optional dict of already bound values.

    Returns:
        (slots, events): the bound values, and per step a dict ``{"raised": "ValueError: ..."}`` or ``{}``.
    """
    slots = {} if slots is None else slots
    events = []
    for index, step in enumerate(steps):
        event = {}
        try:
            if "let" in step:
                slots[step["let"]] = build_arg(step["value"], arrays, slots)
            elif "set" in step:
                owner, attr = step["set"].split(".", 1)
                setattr(slots[owner], attr, build_arg(step["value"], arrays, slots))
            else:
                if "call" in step or "new" in step:
                    target = step.get("call") or step.get("new")
                    module_name, _, func_name = target.rpartition(".")
                    func = getattr(resolve(module_name), func_name)
                else:
                    owner, method = step["method"].split(".", 1)
                    if slots.get(owner) is None:
                        raise RuntimeError(f"{owner} could not be constructed")
                    func = getattr(slots[owner], method)
                args = [build_arg(a, arrays, slots) for a in step.get("args", [])]
                kwargs = {k: build_arg(a, arrays, slots) for k, a in step.get("kwargs", {}).items()}
                if step.get("recorders") and "call" in step:
                    result = _call_recorded(func, args, kwargs, resolve(module_name), step["recorders"],
                                            slots.setdefault("recorded", []))
                else:
                    result = func(*args, **kwargs)
                _bind(step.get("bind"), result, slots)
                if "fallback" in step and any(slots.get(name) is None for name in step["fallback"]):
                    _run_fallback(step, arrays, resolve, slots)
        except Exception as exc:  # the student's exception is data for the report
            event["raised"] = f"{type(exc).__name__}: {_short(exc)}{ABSENT.note(exc)}"
            event["type"] = type(exc).__name__
            event["traceback"] = _student_traceback(exc)
            for name in _bind_names(step.get("bind")):
                slots.setdefault(name, None)
            if "fallback" in step:
                _run_fallback(step, arrays, resolve, slots)
        events.append(event)
    return slots, events


# --------------------------------------------------------------------------------------------------------------
# Recorders: stand-ins for the graded functions a wrapper calls (issue 19)
# --------------------------------------------------------------------------------------------------------------
# A call step may carry "recorders": {"batchnorm_forward": "forward", "batchnorm_backward": "backward"}: for that
# call only, those names in the called function's module are replaced by a recorder, which keeps a copy of what it
# is handed (a bounded number of calls and elements) in slots["recorded"] and gives back something trivially known:
# a forward its x unchanged and a token as cache, a backward its dout unchanged as dx and zeros as the parameters'
# gradients. Our own trivial code, no formula of any layer: the parent reads, from the copies alone, how the
# student's wrapper reshaped what it handed on and whether its way back undoes its way in.
MAX_RECORDED_CALLS = protocol.MAX_RECORDED_CALLS
MAX_RECORDED_SLOTS = protocol.MAX_RECORDED_SLOTS
MAX_RECORDED_ELEMENTS = 100_000


class RecordedCache:
    """What a forward recorder returns as its cache: the shape of the gamma it was given, for its backward."""

    def __init__(self, gamma_shape):
        self.gamma_shape = gamma_shape


class Recorder:
    def __init__(self, name, backward, calls):
        self.name, self.backward, self.calls = name, backward, calls

    def __call__(self, *args, **kwargs):
        same_kind = sum(1 for call in self.calls if call.get("backward") is self.backward)
        if same_kind < MAX_RECORDED_CALLS and len(self.calls) < MAX_RECORDED_SLOTS:
            entry = {"root": self.name, "backward": self.backward}
            for key, value in [(f"a{i}", v) for i, v in enumerate(args)] + [(f"kw.{k}", v) for k, v in kwargs.items()]:
                if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" and value.size <= MAX_RECORDED_ELEMENTS:
                    entry[key] = np.array(value, dtype=np.float64, copy=True)
                elif isinstance(value, dict):
                    for k, v in list(value.items())[:16]:
                        if isinstance(v, (bool, int, float, str)):
                            entry[f"{key}.{k}"] = v
                elif isinstance(value, (bool, int, float)):
                    entry[key] = value
            self.calls.append(entry)
        first = args[0] if args else kwargs.get("dout" if self.backward else "x")
        given = np.array(first, dtype=np.float64, copy=True)
        if not self.backward:
            gamma = args[1] if len(args) > 1 else kwargs.get("gamma")
            return given, RecordedCache(np.shape(gamma) if gamma is not None else given.shape[1:2])
        cache = args[1] if len(args) > 1 else kwargs.get("cache")
        shape = cache.gamma_shape if isinstance(cache, RecordedCache) else given.shape[1:2]
        return given, np.zeros(shape), np.zeros(shape)


_UNSET = object()


def _python2_range(name, calls, caller):
    """Python 2's xrange for a recorded call, which notes that ``caller``'s call used it (once) and is range."""
    def python2_range(*args):
        if not any(call.get("root") == name and call.get("in") == caller for call in calls) and \
                len(calls) < MAX_RECORDED_SLOTS:
            calls.append({"root": name, "in": caller})
        return range(*args)
    return python2_range


def _call_recorded(func, args, kwargs, module, recorders, calls):
    """``func(*args, **kwargs)`` with ``recorders``' names in ``module`` replaced by recorders, put back after."""
    saved = {name: module.__dict__.get(name, _UNSET) for name in recorders}
    try:
        for name, kind in recorders.items():
            if kind == "python2_range":  # only where the module lacks it: the wrapper's plumbing is read past it
                if saved[name] is _UNSET:
                    setattr(module, name, _python2_range(name, calls, getattr(func, "__name__", "")))
                continue
            setattr(module, name, Recorder(name, kind == "backward", calls))
        return func(*args, **kwargs)
    finally:
        for name, value in saved.items():
            if value is _UNSET:
                module.__dict__.pop(name, None)
            else:
                setattr(module, name, value)


def _run_fallback(step, arrays, resolve, slots):
    try:
        run_steps(step.get("fallback_steps", []), arrays, resolve, slots)
        for name, spec in step["fallback"].items():
            slots[name] = build_arg(spec, arrays, slots)
    except Exception:  # a fallback only rebuilds a documented cache; if even that fails, the cache is None
        for name in step["fallback"]:
            slots[name] = None


def _bind_names(bind):
    if bind is None:
        return []
    return [bind] if isinstance(bind, str) else list(bind)


def _short(exc, limit=300):
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + "..."


def _student_traceback(exc, limit=4):
    frames = traceback.extract_tb(exc.__traceback__)
    keep = [f for f in frames if "/grader/" not in f.filename and "worker" not in os.path.basename(f.filename)]
    lines = [f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}" for f in keep[-limit:]]
    return lines


# --------------------------------------------------------------------------------------------------------------
# Turning outputs into plain data
# --------------------------------------------------------------------------------------------------------------
# An output spec maps an output name to a slot path: "out", "grads.W1", "config.m", "params*" (every array
# under params, as params.W1, ...), or "len:params".

def collect_outputs(output_specs, slots):
    """Resolve output names to values: arrays, JSON-able values or None (missing)."""
    values = {}
    for name, path in output_specs.items():
        if path.endswith("*"):
            container = _lookup(slots, path[:-1])
            if isinstance(container, dict):
                for key, value in container.items():
                    values[f"{name}.{key}"] = value
            continue
        values[name] = _lookup(slots, path)
    return values


def _lookup(slots, path):
    head, *rest = path.split(".")
    value = slots.get(head)
    for key in rest:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, (tuple, list)):
            value = value[int(key)] if key.isdigit() and int(key) < len(value) else None
        else:
            value = getattr(value, key, None)
    return value


def to_plain(value):
    """Return ("array", ndarray) | ("json", value) | ("none", None) | ("bad", reason)."""
    if value is None:
        return "none", None
    if isinstance(value, (bool, int, float, str)) and not isinstance(value, np.generic):
        return "json", value
    if isinstance(value, (list, tuple)) and _jsonable(value):
        return "json", json.loads(json.dumps(value))
    try:
        # A plain base-class copy: a subclass's overridden methods never reach the file.
        array = np.array(value, copy=True, subok=False)
    except Exception as exc:
        return "bad", f"could not convert {type(value).__name__} to an array: {_short(exc, 120)}"
    if array.dtype.kind not in "biuf":
        return "bad", f"not numeric: dtype {array.dtype} ({type(value).__name__})"
    return "array", np.ascontiguousarray(array)


def _jsonable(value, depth=0):
    if depth > 6:
        return False
    if isinstance(value, np.generic):
        return False
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return len(value) <= 1000 and all(_jsonable(v, depth + 1) for v in value)
    return False


# --------------------------------------------------------------------------------------------------------------
# The server loop (runs in the sandboxed child)
# --------------------------------------------------------------------------------------------------------------

class AbsentModules:
    """A finder, last on ``sys.meta_path``, for what the student's package imports and the sandbox does not have
    (IPython, traitlets, torch, CS231n's cs231n.im2col, numpy.lib.arraypad, ...): such an import succeeds with an
    empty module, and *using* a name from it raises the ModuleNotFoundError the import would have raised.

    Real CS231n files carry unused imports of the student's own environment at module level; in the course they
    cost nothing, and here they would fail the whole module, every function with it. A function that does use one
    fails alone, with the hint for that library. Imports made by anything else (numpy's optional imports, say)
    fail as usual. Untrusted side: the student can change this as they like, and it decides nothing.
    """

    def __init__(self, packages):
        self.packages = tuple(packages)
        self.star_imported: list[str] = []  # `from absent import *` imported nothing: told with a NameError

    def _by_student(self) -> bool:
        frame = sys._getframe(2)
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if not (name.startswith("importlib") or frame.f_code.co_filename.startswith("<frozen")):
                return name in self.packages or name.startswith(tuple(p + "." for p in self.packages))
            frame = frame.f_back
        return False

    # Names of the kit itself, never given: an import of the grader or the reference fails as it always did, so a
    # stub probing for them learns nothing, and nothing reads as if it had found them.
    KIT = ("grader", "solutions", "convkit", "tests")

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.KIT or not self._by_student():
            return None
        import importlib.machinery
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        return _AbsentModule(spec.name, self)

    def exec_module(self, module):
        module.__path__ = []

    def note(self, exc) -> str:
        """What to add to a NameError's message when a star import from an absent module may explain it."""
        if isinstance(exc, NameError) and self.star_imported:
            names = ", ".join(self.star_imported)
            return f" (`from ... import *` of {names} imported nothing: ModuleNotFoundError: No module named " \
                   f"'{self.star_imported[0]}')"
        return ""


class _AbsentModule(type(sys)):
    def __init__(self, name, finder):
        super().__init__(name)
        self.__dict__["_absent_finder"] = finder

    def __getattr__(self, attr):
        if attr == "__all__":  # a star import asks for it first
            self._absent_finder.star_imported.append(self.__name__)
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Absent(self.__name__)


class _Absent:
    """A name imported from an absent module: any use raises that module's ModuleNotFoundError."""

    def __init__(self, module):
        object.__setattr__(self, "_module", module)

    def _raise(self, *args, **kwargs):
        module = object.__getattribute__(self, "_module")
        raise ModuleNotFoundError(f"No module named '{module}'", name=module)

    __call__ = __getitem__ = __iter__ = __len__ = __bool__ = __index__ = __float__ = __int__ = _raise
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __matmul__ = _raise
    __array__ = __array_ufunc__ = _raise

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        self._raise()


ABSENT = AbsentModules((PACKAGE, "cs231n", "assignment"))


def _resolver(announce):
    """``resolve(module) -> the student's module``, importing it once: a module that failed to import fails again
    with the same exception, without running its code again for every graded function."""
    failed = {}

    def resolve(module_name):
        full = f"{PACKAGE}.{module_name}"
        if full in sys.modules:
            return sys.modules[full]
        if module_name in failed:
            raise failed[module_name]
        announce(f"import {module_name}")
        try:
            module = importlib.import_module(full)
        except Exception as exc:
            failed[module_name] = exc
            raise
        finally:
            announce(f"imported {module_name}")
        return module
    return resolve


def _case_result(case, slots, events, arrays, plain_arrays, prefix):
    status = {"events": events, "outputs": {}, "values": {}}
    for name, value in collect_outputs(case["outputs"], slots).items():
        kind, data = to_plain(value)
        status["outputs"][name] = kind if kind != "bad" else f"bad: {data}"
        if kind == "array":
            plain_arrays[prefix + name] = data
        elif kind == "json":
            status["values"][name] = data
    # The inputs as the student's code left them, so the parent can see whether they were modified in place.
    for name in case.get("check_unmodified", []):
        if name in arrays:
            plain_arrays[prefix + protocol.INPUT_MARK + name] = np.asarray(arrays[name])
    return status


def run_job(job, all_arrays, resolve):
    """Run every case of a job; returns (plain arrays keyed 'c<i>/<name>', per-case status dicts)."""
    plain_arrays, statuses = {}, []
    for index, case in enumerate(job["cases"]):
        prefix = protocol.case_prefix(index)
        arrays = {k[len(prefix):]: v for k, v in all_arrays.items() if k.startswith(prefix)}
        slots, events = run_steps(case["steps"], arrays, resolve)
        statuses.append(_case_result(case, slots, events, arrays, plain_arrays, prefix))
    return plain_arrays, statuses


def _read_exactly(stream, n):
    data = stream.read(n)
    if data is None or len(data) != n:
        raise EOFError("the parent closed the job stream")
    return data


def _status_json(statuses):
    text = json.dumps({"cases": statuses}, default=str)
    if len(text) > protocol.MAX_JSON_CHARS:
        text = json.dumps({"cases": [{"events": [{"raised": str(e.get("raised", ""))[:200]} for e in st["events"]],
                                      "outputs": st["outputs"], "values": {}} for st in statuses],
                           "truncated": True}, default=str)
    return text.encode("utf-8")


def serve(jobs, answers):
    """Answer jobs until the parent closes ``jobs``.

    Args:
        jobs: Binary stream of job frames (the worker's original stdin).
        answers: Binary stream for import notices and result frames (the worker's original stdout).
    """
    def announce(line):
        answers.write(line.encode("utf-8", "replace") + b"\n")
        answers.flush()

    resolve = _resolver(announce)
    while True:
        line = jobs.readline(protocol.MAX_HEADER_BYTES)
        if not line:
            return
        try:
            k, n_json, n_arrays = protocol.payload_sizes(protocol.parse_header(line.strip()), "job",
                                                         1 << 30, 1 << 31)
            job = json.loads(_read_exactly(jobs, n_json))
            arrays = decode_inputs(_read_exactly(jobs, n_arrays))
        except (protocol.ProtocolError, EOFError, ValueError):
            return
        plain_arrays, statuses = run_job(job, arrays, resolve)
        answers.write(protocol.frame("result", k, _status_json(statuses), encode_outputs(plain_arrays)))
        answers.flush()


def decode_inputs(payload: bytes) -> dict:
    """A job's input arrays (``protocol.parse_arrays``), each a writable array that owns its data, as np.load
    gave them: the student's code may change them in place, and the parent looks."""
    view = memoryview(payload)
    return {name: np.frombuffer(view[start:stop], dtype=np.dtype(dtype)).reshape(shape, order=order).copy(order="K")
            for name, dtype, order, shape, start, stop in protocol.parse_arrays(payload, 1 << 62)}


def encode_outputs(plain_arrays: dict) -> bytes:
    """The payload of a job's plain arrays (``protocol.encode_arrays``): a numeric dtype that may not travel (a long
    double) is sent as float64, which the parent makes of every output anyway."""
    return protocol.encode_arrays({name: array if array.dtype.str in protocol.ARRAY_DTYPES
                                   else array.astype(np.float64) for name, array in plain_arrays.items()})


def readable_runtime(package_root: str) -> list[str]:
    """What the worker reads once confined: the standard library (and its compiled modules), the interpreter and
    its shared library, the packages of its view (numpy's folders, matplotlib's, ...: each entry the session
    linked or bound there, never the rest of their site-packages), the worker's and the package's."""
    stdlib = os.path.dirname(os.__file__)
    paths = [stdlib, os.path.realpath(sys.executable), os.path.dirname(os.path.abspath(__file__)), package_root]
    paths += [p for p in sys.path if p.startswith(stdlib + os.sep)]  # lib-dynload, where it is apart
    numpy_dir = os.path.dirname(np.__file__)
    paths += [numpy_dir, numpy_dir + ".libs"]  # numpy.libs: the wheel's bundled OpenBLAS and gfortran
    for view in PACKAGE_VIEWS:  # the view itself (a folder of links: listing it again must work) and what it holds
        paths.append(view)
        try:
            paths += [os.path.realpath(entry.path) for entry in os.scandir(view)]
        except OSError:
            pass
    try:
        with open("/proc/self/maps") as maps:  # libpython, where the interpreter is linked against one
            paths += sorted({line.split()[-1] for line in maps if "/libpython" in line})
    except OSError:
        pass
    return paths


def limit_self(limits: dict) -> None:
    """The worker's process limits, applied to itself before any student code runs (by the fresh interpreter's
    ``preexec_fn``, after Popen set its uid, or by the zygote's child after it took its uid): no new privileges,
    the rlimits, and on Linux SIGKILL when the process that started it dies.

    Args:
        limits: ``memory_mb``, ``cpu_seconds``, ``file_mb``, ``processes`` (RLIMIT_NPROC, absolute) and
            ``die_with_parent`` (PR_SET_PDEATHSIG: not inside bubblewrap, which has its own). Descriptors are
            ``OPEN_FILES`` (RLIMIT_NOFILE) whatever the caller says.
    """
    if sys.platform.startswith("linux"):
        confine.no_new_privileges()
    try:
        import resource
    except ImportError:  # Windows: a local check without limits, never a grader
        return
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb, limits["memory_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_seconds"], limits["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_mb"] * mb, limits["file_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))
    # Descriptors: kernel memory no other limit counts hangs on them (a stream socketpair buffers ~200 KB, a pipe up
    # to 1 MB): 5,400 pairs held 1.2 GB under a 512 MB memory_mb, with the 20,000 descriptors a grader had.
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    files = OPEN_FILES if hard == resource.RLIM_INFINITY else min(OPEN_FILES, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
    if sys.platform.startswith("linux") and limits.get("die_with_parent"):
        import ctypes
        import signal
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def enter(root: str) -> None:
    """Serve the package under ``root``: from here on the process is the student's. Its streams are set apart,
    it confines itself and says ``ready``, then imports the package and answers jobs until stdin closes.

    The fresh interpreter (``main``) and the zygote's child (``convkit_zygote``) both come here, with fd 0 the job
    stream, fd 1 the answer stream and fd 2 the student's, the cwd the worker's home and its limits applied."""
    # The job and answer streams get private descriptors; fd 0 becomes /dev/null and fd 1 the student's output
    # (stderr), so neither print() nor input() in student code can touch the protocol by accident.
    jobs = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull)
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0), write_through=True, errors="replace")
    # Confined before anything of the submission is imported; the parent's session set the cwd to the home.
    applied, missing = confine.confine(read=readable_runtime(root), write=[os.getcwd()])
    answers.write(protocol.header(protocol.READY, *confine.ready_words(applied, missing)))
    answers.flush()
    sys.path.insert(0, root)
    # CS231n code imports its own package by name (`from cs231n.layers import *`): let those names mean the
    # submission too. The package's __init__ is the kit's own (empty), never the student's.
    package = importlib.import_module(PACKAGE)
    for alias in ("cs231n", "assignment"):
        sys.modules[alias] = package
    sys.meta_path.append(ABSENT)
    serve(jobs, answers)


def main():
    enter(sys.argv[1])


if __name__ == "__main__":
    main()
