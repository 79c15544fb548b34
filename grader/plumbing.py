"""A wrapper's plumbing read with a recorder in place of its root (issue 19, sets H and I): a spatial batch norm or
group norm that fails because the batch norm or layer norm it calls fails may have a mistake of its own in how it
feeds that root (``x.reshape(-1, C)`` with no transpose, per-channel ``(N, H * W)`` slices, instance norm where
groups belong) or in how it puts the root's output back. Told only "fails because batchnorm_forward does", its
student fixes the root and still fails.

A backward whose root is its own forward and that calls a batch or layer norm itself (mirroring its forward's
plumbing) is read the same way. Where the module lacks Python 2's ``xrange``, it is ``range`` in that run, so that
the plumbing behind it is read too, and its use is said.

One extra job per such dependant reads it, with no reference code: the worker runs the student's wrapper with the
roots it may call replaced, in the student's own module, by recorders (``grader.sandbox.worker.Recorder``: a
forward gives back its x unchanged, a backward its dout as dx), on inputs whose values are all different. From the
copies the recorders kept, the parent reads which of x's values the wrapper handed the root to normalise together
(each root normalises known sets: batch norm a column, layer norm a row, spatial batch norm a channel), and whether
the wrapper's output, with an identity root and gamma 1, beta 0, is its input again in the same layout.

TRUSTED SIDE, shipped with the student's check. The job runs in the sandbox like every other; its result is used in
hints only, never in a score: a student's code that finds or replaces the recorders spoils nothing but its own hint.
"""
from __future__ import annotations

import copy
import re

import numpy as np

from .functions import BY_NAME, Case, build_case_job
from .i18n import lines, text
from .sandbox.protocol import MAX_RECORDED_SLOTS

FORWARD_ROOTS = ("batchnorm_forward", "layernorm_forward", "spatial_batchnorm_forward")
BACKWARD_ROOTS = ("batchnorm_backward", "batchnorm_backward_alt", "layernorm_backward", "spatial_batchnorm_backward")
# wrapper -> the roots replaced by recorders in its job (its own family's functions are the student's own)
WRAPPERS = {
    "spatial_batchnorm_forward": ("batchnorm_forward", "layernorm_forward"),
    "spatial_batchnorm_backward": ("batchnorm_forward", "layernorm_forward", "batchnorm_backward",
                                   "batchnorm_backward_alt", "layernorm_backward"),
    "spatial_groupnorm_forward": FORWARD_ROOTS,
    "spatial_groupnorm_backward": FORWARD_ROOTS + BACKWARD_ROOTS,
}
RECORDER_SEED = 20261204
JOB_BASE = 300_000  # job numbers of the recorder runs, apart from the graded ones and the probes
LABELLED_BASE = 1_000  # added to a recorder run's number for its second run, gamma numbered by channel


PYTHON2_RANGE = "xrange"  # given as range in the recorder's run where the module lacks it, and said as such


def wants_recorder(function: str, root: str) -> bool:
    """Is ``function``, failing because ``root`` fails, a wrapper whose plumbing a recorder can read? Its root is a
    function it calls, or (a backward mirroring its forward) its own forward."""
    return function in WRAPPERS and (root in WRAPPERS[function] or root == BY_NAME[function].forward)


def _chosen_case(graded, cases: list[Case]) -> Case | None:
    """The graded case to read on: train mode, N > 1, and for group norm 1 < G < C (at G = 1 or G = C a group is a
    sample's or a channel's values, and per-channel plumbing would be right)."""
    def fit(case):
        x = case.arrays.get("x")
        if x is None or np.ndim(x) != 4:
            return -1
        N, C = x.shape[:2]
        G = case.params.get("G", 0)
        return (case.params.get("mode", "train") == "train") + (N > 1) + (2 * (1 < G < C) if G else 0)
    usable = [c for c in cases if fit(c) >= 0 and "gamma" in c.arrays]
    return max(usable, key=fit) if usable else None


def recorder_case(graded, cases: list[Case], labelled: bool = False) -> Case | None:
    """The chosen case with x (and dout) of distinct exact values, gamma 1 and beta 0 in the case's own shapes
    (``labelled``: gamma holds each channel's number plus one instead, to read where its values were put)."""
    case = _chosen_case(graded, cases)
    if case is None:
        return None
    rng = np.random.default_rng(RECORDER_SEED)
    arrays = dict(case.arrays)
    x = np.asarray(arrays["x"])
    arrays["x"] = (rng.permutation(x.size) + 1.0).reshape(x.shape) * 0.25
    if "dout" in arrays:
        arrays["dout"] = (rng.permutation(x.size) + 1.0).reshape(x.shape) * 0.125
    shape = np.shape(arrays["gamma"])
    arrays["gamma"] = np.arange(1.0, x.shape[1] + 1).reshape(shape) if labelled and np.size(arrays["gamma"]) == \
        x.shape[1] else np.ones(shape)
    arrays["beta"] = np.zeros(np.shape(arrays["beta"]))
    return Case(arrays, dict(case.params), case.label)


def recorder_job(graded, case: Case) -> tuple[dict, dict]:
    """The worker's job: the graded job for ``case``, its calls made with recorders in place of the roots, and the
    recorders' copies sent back as ``rec<i>.<argument>``."""
    kinds = {root: ("backward" if root in BACKWARD_ROOTS else "forward") for root in WRAPPERS[graded.name]}
    kinds[PYTHON2_RANGE] = "python2_range"
    one = copy.deepcopy(build_case_job(graded, case))
    for step in one["steps"]:
        if "call" in step:
            step["recorders"] = dict(kinds)
    one["outputs"].update({f"rec{i}": f"recorded.{i}*" for i in range(MAX_RECORDED_SLOTS)})
    one["check_unmodified"] = []
    return {"function": graded.name, "cases": [one]}, {f"c0/{name}": a for name, a in case.arrays.items()}


def run_recorder(graded, cases: list[Case], session, limits, number: int, labelled: bool = False):
    """Run the recorder job in the student's sandbox: (the case, its decoded output), or None (``labelled``: see
    ``recorder_case``)."""
    from .sandbox import decode_job
    case = recorder_case(graded, cases, labelled)
    if case is None:
        return None
    job, arrays = recorder_job(graded, case)
    from .rubric import load_rubric
    timeout = limits.timeout or load_rubric()[graded.name].timeout
    outcome = session.run(JOB_BASE + number, job, arrays, timeout=timeout)
    if outcome.state != "done":
        return None
    return case, decode_job(outcome.status, outcome.npz, 1)[0]


# -- the reading: parent side, from the decoded arrays alone ----------------------------------------------------

def _calls(output) -> list[dict]:
    """The recorded calls, in order: {"root": name, "a0": array, ...}."""
    found = []
    for i in range(MAX_RECORDED_SLOTS):
        root = output.values.get(f"rec{i}.root")
        if not isinstance(root, str):
            break
        prefix = f"rec{i}."
        call = {"root": root}
        call.update({k[len(prefix):]: v for k, v in output.values.items() if k.startswith(prefix)})
        call.update({k[len(prefix):]: v for k, v in output.arrays.items() if k.startswith(prefix)})
        found.append({k: v for k, v in call.items() if _as_recorded(k, v)})
    return found


_HANDED = re.compile(r"(?:a\d+|kw\.[^.]+)")  # an argument itself (a0, kw.x), not a dict's item (a3.mode)


def _as_recorded(key: str, value) -> bool:
    """Is ``value`` of a kind the recorder writes under ``key``: an argument an array or a number, anything else a
    plain value? The copies come back through the worker's channel, where code that writes its own answer can put
    any JSON (a dict for x stopped the grading with a TypeError)."""
    if isinstance(value, np.ndarray):
        return bool(_HANDED.fullmatch(key))
    if isinstance(value, str):
        return not _HANDED.fullmatch(key)
    return isinstance(value, (bool, int, float))


def _positions(values: np.ndarray, source: np.ndarray) -> np.ndarray | None:
    """Where each of ``values`` lies in ``source`` (flat indices), or None if any is not one of source's values."""
    flat = np.ravel(source)
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    wanted = np.ravel(values)
    at = np.clip(np.searchsorted(ordered, wanted), 0, flat.size - 1)
    if wanted.size == 0 or not np.array_equal(ordered[at], wanted):
        return None
    return order[at].reshape(np.shape(values))


def _sets(root: str, handed: np.ndarray) -> list[np.ndarray] | None:
    """The sets of positions a root normalises together: a column for batch norm, a row for layer norm, a channel
    for spatial batch norm."""
    if root.startswith("spatial_batchnorm"):
        return [handed[:, c].ravel() for c in range(handed.shape[1])] if handed.ndim == 4 else None
    if handed.ndim != 2:
        return None
    return [handed[:, j] for j in range(handed.shape[1])] if root.startswith("batchnorm") else list(handed)


def _units(function: str, shape, G: int) -> np.ndarray:
    """Per position of x: the unit the wrapper must normalise it with (a channel, or a sample's group)."""
    sample, channel = np.indices(shape)[:2]
    if function.startswith("spatial_batchnorm"):
        return channel.ravel()
    per_group = max(shape[1] // max(G, 1), 1)
    return (sample * G + channel // per_group).ravel()


AXES = "NCHW"


def handed_reading(function: str, root: str, calls: list[dict], source: np.ndarray, G: int, alone: bool = False):
    """What the wrapper handed ``root``, against its units: '' when each set the root normalises is exactly one
    unit, a Text naming what it is otherwise, None when the copies cannot be read (values not x's). ``alone``: the
    root passes its own tests (the sentence then says so, and no "too")."""
    units = _units(function, source.shape, G)
    counts = np.bincount(units)
    sets, seen = [], []
    for call in calls:
        handed = call.get("a0", call.get("kw.x", call.get("kw.dout")))
        if handed is None:
            return None
        at = _positions(handed, source)
        if at is None:
            return None
        for s in _sets(root, at) or [None]:
            if s is None:
                return None
            sets.append(s)
        seen.append(tuple(np.shape(handed)))
    if not sets:
        return None
    unit = "unit_channel" if function.startswith("spatial_batchnorm") else "unit_group"
    distinct = list(dict.fromkeys(seen))
    shapes = ", ".join(str(s) for s in distinct[:3]) + (", ..." if len(distinct) > 3 else "")
    a = "dout" if function.endswith("_backward") else "x"
    count = text("plumb_arrays_one", shape=shapes) if len(calls) == 1 else \
        text("plumb_arrays_many", count=len(calls), shapes=shapes)
    opening = text("plumb_open_alone", root=root, function=function) if alone else text("plumb_open_too")
    fields = dict(function=function, root=root, arrays=count, opening=opening, unit=text(unit), a=a,
                  set=text(f"set_{_set_word(root)}"), want=text(f"plumb_want_{unit}_{_set_word(root)}", a=a))
    if any(len(set(units[s].tolist())) > 1 for s in sets):
        return text("plumb_handed_mixed", **fields)
    if all(s.size == counts[units[s[0]]] for s in sets):
        return ""
    varying = set()
    for s in sets:
        idx = np.unravel_index(s, source.shape)
        varying |= {AXES[a] for a in range(4) if len(set(idx[a].tolist())) > 1}
    along = ", ".join(a for a in AXES if a in varying) or "-"
    return text("plumb_handed_part", along=along, **fields)


def _set_word(root: str) -> str:
    return "channel" if root.startswith("spatial_batchnorm") else "column" if root.startswith("batchnorm") else "row"


def back_reading(function: str, given: np.ndarray | None, source: np.ndarray, opening=None):
    """Is the wrapper's output, with an identity root (gamma 1, beta 0), its input again in its layout? '' when it
    is, a Text when it holds the input's values in another order or shape, None when it cannot tell. ``opening``:
    the sentence's first words (default "Its way back is wrong too:")."""
    if given is None:
        return None
    if np.shape(given) == np.shape(source) and np.array_equal(given, source):
        return ""
    if np.size(given) != np.size(source) or _positions(given, source) is None:
        return None
    return text("plumb_back_order", opening=opening or text("plumb_back_too"), function=function,
                a="dout" if function.endswith("_backward") else "x",
                shape=str(tuple(np.shape(given))), want=str(tuple(np.shape(source))))


def undoes_columns(root: str, calls: list[dict], given: np.ndarray | None, source: np.ndarray) -> bool:
    """Does a spatial batch norm's way back put a batch norm's (N * H * W, C) array back in x's layout, whatever it
    handed on (``given.reshape(N, H, W, C).transpose(0, 3, 1, 2)`` of the array the identity root gave back)? Then
    the way back is right for the textbook way in, and only the way in is wrong: d-a-p/cs231_18_deep-learning's
    ``x.reshape((C, -1)).T`` on the way in, undone as ``y.T.reshape((C, N, H, W))`` transposed back, was told its
    way back was wrong as well. Reshapes and transposes move positions, not values: one array of distinct values
    shows the whole way back."""
    if not root.startswith("batchnorm") or len(calls) != 1 or given is None or np.ndim(source) != 4:
        return False
    N, C, H, W = np.shape(source)
    handed = calls[0].get("a0", calls[0].get("kw.x", calls[0].get("kw.dout")))
    if handed is None or np.shape(handed) != (N * H * W, C) or np.shape(given) != np.shape(source):
        return False
    return bool(np.array_equal(given, np.asarray(handed).reshape(N, H, W, C).transpose(0, 3, 1, 2)))


def handed_x(call: dict):
    """The x a recorded forward call was handed (positional or keyword), or None."""
    return call.get("a0", call.get("kw.x"))


def handed_gamma(call: dict):
    """The gamma a recorded forward call was handed (positional or keyword), or None."""
    return call.get("a1", call.get("kw.gamma"))


def elementwise_gamma(calls: list[dict]) -> bool:
    """Was a batch or layer norm handed a gamma of the very shape of the 2-D array it normalises (one value per
    element, which its ``gamma * x_hat`` takes as it is)?"""
    return any(c["root"] in ("batchnorm_forward", "layernorm_forward") and np.ndim(handed_x(c)) == 2
               and handed_gamma(c) is not None
               and np.shape(handed_gamma(c)) == np.shape(handed_x(c)) for c in calls)


def _order(channels: np.ndarray, HW: int) -> str:
    """The layout a row's channel numbers show: 'chw' where each channel's values sit H * W in a row, 'hwc' where
    the channel changes from one value to the next (and comes back every C // G), '' otherwise."""
    if channels.size < 2 or len(set(channels.tolist())) < 2:
        return ""
    run = int(np.argmax(channels != channels[0]))
    per = len(set(channels.tolist()))
    pattern = np.arange(channels.size)
    if run == HW and np.array_equal(channels, channels[pattern // HW * HW]):
        return "chw"
    if run == 1 and channels.size == per * HW and np.array_equal(channels, np.tile(channels[:per], HW)):
        return "hwc"
    return ""


def gamma_order_reading(function: str, root: str, labelled: list[dict], source: np.ndarray, opening):
    """Set N: a gamma repeated to the handed array's own shape, read from the run where gamma holds each channel's
    number: '' where every value meets its own channel's gamma (right, whatever the shape), a Text naming both
    orders where a row's values and its gamma are each in a layout of their own ((h, w, c) against (c, h, w)), None
    where the run says neither."""
    for call in labelled:
        handed, given = handed_x(call), handed_gamma(call)
        if root not in ("batchnorm_forward", "layernorm_forward") or handed is None or given is None \
                or np.shape(given) != np.shape(handed) or np.ndim(handed) != 2:
            continue
        at = _positions(handed, source)
        if at is None:
            return None
        own = np.unravel_index(at, source.shape)[1]
        theirs = np.asarray(given) - 1
        if np.array_equal(own, theirs):
            return ""
        HW = source.shape[2] * source.shape[3]
        rows, gammas = _order(own[0], HW), _order(theirs[0], HW)
        if not rows or not gammas or rows == gammas:
            return None
        D = np.shape(handed)[1]
        return text("plumb_gamma_order", opening=opening, function=function, root=root,
                    shape=str(tuple(np.shape(handed))), rows=text("layout_" + rows), gammas=text("layout_" + gammas),
                    fix=text("plumb_gamma_order_fix_" + rows, D=D))
    return None


def _one_channel(handed, source) -> bool:
    """Do all of ``handed``'s values come from one channel (axis 1) of the 4-D ``source``?"""
    at = _positions(handed, source) if np.ndim(source) == 4 else None
    return at is not None and np.unique(np.unravel_index(np.ravel(at), source.shape)[1]).size == 1


def gamma_reading(function: str, root: str, calls: list[dict], opening, labelled=None, source=None):
    """A forward root handed a 2-D array with a gamma or beta that is not one value per column, (D,) or (1, D)
    (set K: a group norm handing layer norm its (1, C, 1, 1) gamma with x.reshape(N * G, -1)): a Text, or ''.
    ``labelled``: the calls of the run where gamma held each channel's number (set N: a gamma repeated to the
    array's shape in another order than its rows is told both orders)."""
    if root not in ("batchnorm_forward", "layernorm_forward"):
        return ""
    if labelled and source is not None:
        ordered = gamma_order_reading(function, root, labelled, source, opening)
        if ordered is not None:
            return ordered
    for call in calls:
        handed = handed_x(call)
        if handed is None or np.ndim(handed) != 2:
            continue
        D = np.shape(handed)[1]
        for name, at in (("gamma", "a1"), ("beta", "a2")):
            given = call.get(at, call.get(f"kw.{name}"))
            if given is None or np.shape(given) in ((D,), (1, D)):
                continue
            if np.size(given) == 1 and source is not None and _one_channel(handed, source):
                continue  # learnM's pool (AgainstEntropy): one channel's slice and its one gamma, right together
            return text("plumb_gamma_shape", opening=opening, function=function, root=root, name=name,
                        shape=str(tuple(np.shape(given))), handed=str(tuple(np.shape(handed))), D=D,
                        fix=text("plumb_gamma_fix_group" if function.startswith("spatial_groupnorm")
                                 else "plumb_gamma_fix", D=D))
    return ""


def dout_gamma_reading(function: str, labelled, source: np.ndarray | None):
    """Held-out set S (mikolez): a group-norm backward multiplying dout by gamma itself through
    ``dout.reshape(N * H * W, C)`` with no transpose, then handing the product to a layer norm backward told nothing
    of gamma. In the run where gamma holds each channel's number, the identity root gives back what it was handed:
    dx / dout is then the gamma each value met. A Text where every value met a gamma and some another channel's
    than its own, '' otherwise (gamma left to the root, or each value its own channel's)."""
    if labelled is None or labelled.problem or source is None or np.ndim(source) != 4:
        return ""
    given = labelled.arrays.get("dx")
    if given is None or np.shape(given) != np.shape(source):
        return ""
    with np.errstate(all="ignore"):
        met = np.asarray(given, dtype=np.float64) / source
    C = source.shape[1]
    own = np.broadcast_to(np.arange(1.0, C + 1).reshape(1, C, 1, 1), source.shape)
    if not np.all(np.isfinite(met)) or not np.allclose(met, np.round(met), rtol=0, atol=1e-9) \
            or np.allclose(met, own) or np.allclose(met, 1.0):
        return ""
    # each channel's gamma met exactly as many values as the channel has (gamma moved, not squared nor summed)
    if not np.array_equal(np.sort(np.round(met).ravel()), np.sort(own.ravel())):
        return ""
    return text("plumb_dout_gamma_channels", function=function)


RAISES_OWN = ("NameError", "UnboundLocalError")


def plumbing_reading(function: str, case: Case, output, alone: str = "", labelled=None):
    """The hint line of a wrapper's own plumbing: a Text when it has a mistake of its own, '' when its plumbing is
    right (its "depends on" line is confirmed), None when the recorder's run tells nothing. ``alone``: the root that
    passes its own tests, where the wrapper fails while the roots it calls pass (read only if that root is the one
    it called: the words say it passes; its own hint names what it raised, if it did). ``labelled``: the decoded
    output of the run where gamma held each channel's number (``recorder_case``), where one was made."""
    if output is None or output.problem:
        return None
    backward = function.endswith("_backward")
    last = output.events[-1] if output.events else {}  # the wrapper's own call (a backward's forward runs before)
    if last.get("type") in RAISES_OWN:
        if alone:
            return None  # not the recorders' doing: a name the wrapper never defined
        return text("plumb_raises", function=function, raised=last.get("raised", ""))
    calls = _calls(output)
    python2 = text("rule_xrange") if any(c["root"] == PYTHON2_RANGE and c.get("in") == function for c in calls) \
        else ""  # used in its own call (a backward's forward runs before it)
    roots = BACKWARD_ROOTS if backward else FORWARD_ROOTS
    mine = [c for c in calls if c["root"] in roots]
    if not mine or len({c["root"] for c in mine}) != 1:
        return python2 or None
    root = mine[0]["root"]
    if alone and root != alone:
        return python2 or None  # it called another root, not graded here: "passes its own tests" unsaid
    source = np.asarray(case.arrays["dout" if backward else "x"], dtype=np.float64)
    handed = handed_reading(function, root, mine, source, int(case.params.get("G", 1) or 1), bool(alone))
    opening = text("plumb_back_alone", root=root, function=function) if alone and not handed else None
    given = output.arrays.get("dx" if backward else "out")
    back = back_reading(function, given, source, opening)
    if back and function.startswith("spatial_batchnorm") and undoes_columns(root, mine, given, source):
        back = ""  # its way back undoes the textbook way in: the way in alone is wrong
    first = alone and not handed and not back  # nothing said before it: its own opening
    marked = [c for c in _calls(labelled) if c["root"] == root] if labelled is not None and not labelled.problem \
        else None
    params = dout_gamma_reading(function, labelled, source) if backward else gamma_reading(
        function, root, mine, text("plumb_open_alone", root=root, function=function) if first else text("plumb_open_too"),
        labelled=marked, source=source)
    if handed is None and back is None and not params:
        return python2 or None
    found = [r for r in (python2, handed, back, params) if r]
    return lines(*found) if found else ""


def read_plumbing(dependants: dict, cases_of: dict, session, limits, alone=()) -> dict:
    """``{function: reading}`` for every failing wrapper whose root fails (``dependants``: function -> root), one
    recorder job each; ``alone``: those of them whose roots pass (``alone_wrappers``), read with words that say so."""
    readings = {}
    for number, (function, root) in enumerate(sorted(dependants.items())):
        if not wants_recorder(function, root) or function not in cases_of:
            continue
        ran = run_recorder(BY_NAME[function], cases_of[function], session, limits, number)
        if ran is None:
            continue
        labelled = None
        # a backward: a second run, gamma numbered by channel, reads which gamma each value of dout met (set S)
        if function.endswith("_backward") or elementwise_gamma(_calls(ran[1])):
            # a gamma repeated to the rows' shape: a second run, gamma numbered by channel, reads its order
            again = run_recorder(BY_NAME[function], cases_of[function], session, limits, LABELLED_BASE + number,
                                 labelled=True)
            labelled = again[1] if again is not None else None
        reading = plumbing_reading(function, *ran, alone=root if function in alone else "", labelled=labelled)
        if reading is not None:
            readings[function] = reading
    return readings
