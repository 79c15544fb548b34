"""Name a mistake once, at its root: a failing function that calls another failing graded function (a wrong
``batchnorm_backward`` under ``spatial_batchnorm_backward``, the residual block and SmallResNet), or runs on the cache
of its own failing forward, gets one line ("fails because batchnorm_backward does; fix that first") in place of its
own diffs and hints. Its points are unchanged, and report.json keeps its own message and hint (``own_message``,
``own_hint``) and the root (``depends_on``).

TRUSTED SIDE, shipped with the student's check: what a function calls is read from the student's own source (the
graded names its body refers to), so a spatial batch norm written from scratch is never said to depend on
``batchnorm_forward``.
"""
from __future__ import annotations

import ast
import dataclasses
import math
import re
from pathlib import Path

from .functions import BY_NAME, Graded
from .i18n import FirstSentence, Joined, english, join, lines, text
from .layer_patterns import family
from .model import ERROR, FAILED, NOT_IMPLEMENTED
from .parsed import Memo, parsed
from .sandbox.protocol import literal


# a module's source -> its top-level definitions' names (a batch's submissions share most of their modules' sources)
_REFERRED = Memo(kept=64)


def _module(source: str) -> ast.Module:
    """``source`` parsed, or an empty module where it cannot be (a syntax error, code too deep for the parser)."""
    try:
        return parsed(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return ast.Module(body=[], type_ignores=[])


def _referred_names(source: str) -> dict[str, frozenset]:
    """Per top-level function or class of ``source``: every name and attribute its body refers to. Parsed and
    walked once per source text (in one pass), then kept: a batch's copies of a module cost nothing more."""
    held = _REFERRED.get(source)
    if held is not None:
        return held
    tree = _module(source)
    referred = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names = set()
            for child in ast.walk(node):
                if isinstance(child, ast.Name):
                    names.add(child.id)
                elif isinstance(child, ast.Attribute):
                    names.add(child.attr)
            referred[node.name] = frozenset(names)
    return _REFERRED.put(source, referred)


def _definitions(package_dir: Path, module: str) -> dict[str, frozenset]:
    path = Path(package_dir) / (module.replace(".", "/") + ".py")
    try:
        source = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return _referred_names(source)


def callees(package_dir: Path, graded: Graded, cache: dict | None = None) -> set[str]:
    """The graded functions the student's ``graded`` refers to in its own body (calls, or names passed on)."""
    cache = {} if cache is None else cache
    if graded.module not in cache:
        cache[graded.module] = _definitions(package_dir, graded.module)
    names = cache[graded.module].get(graded.name, frozenset())
    return {n for n in names if n in BY_NAME and n != graded.name}


def _runs_on_own_cache(graded: Graded) -> bool:
    """A backward whose cache is the student's own choice (no documented cache to fall back on)."""
    return graded.kind == "backward" and graded.fallback == literal(None)


def failing_roots(checks: list, package_dir: Path) -> dict[str, str]:
    """``{function: root}`` for every function that loses points and depends on a failing graded function (the
    root ``mark_dependants`` names): what ``grader.plumbing`` runs its recorder job for."""
    by_function, lost, deps, root = _roots(checks, package_dir)
    return {f: root(f) for f in by_function if lost.get(f) and root(f)}


def alone_wrappers(checks: list, package_dir: Path) -> dict[str, str]:
    """``{function: root}`` for every wrapper that loses points while no graded function it depends on does, and
    that calls a root it wraps which passes (set K: ``x.reshape(C, -1).T`` handed to a right batchnorm_forward, told
    only "check the formula itself"), told nothing more specific: its plumbing is then read with the recorder too."""
    from .plumbing import WRAPPERS
    by_function, lost, deps, root = _roots(checks, package_dir)
    found = {}
    for function, checks_of in by_function.items():
        if function not in WRAPPERS or not lost.get(function) or root(function) or \
                all(c.status == NOT_IMPLEMENTED for c in checks_of) or \
                not all(_generic(c.hint, beside_source=True, plumbed=True) for c in checks_of if c.score < c.max_score):
            continue  # a hint that names something already: no recorder job (its reading would not be shown)
        passing = [r for r in WRAPPERS[function] if r in deps.get(function, []) and not lost.get(r)]
        if passing:
            found[function] = passing[0]
    return found


# a wrapper's hint that says nothing its plumbing reading does not say better (it is then replaced, not added to)
GENERIC_HINTS = {"where_everywhere", "where_everywhere_formula", "where_everywhere_norm"}
# a wrapper's hint that names only a kind of mistake, at a line (set K: a group norm handing layer norm a tiled
# (1, C, 1, 1) gamma, told only that two shapes do not broadcast): the plumbing reading goes first, the hint stays
ADDED_TO = {"rule_norm_broadcast"}
POSITION = {"diag_at", "diag_frame"}  # the line a rule's hint points at
# a wrapper's hint that names a kind of mistake its plumbing reading names exactly (gamma meeting other channels'
# values: the reading says which gamma was handed in which order): read with the recorder, and replaced where it reads
PLUMBED_BETTER = {"pattern_affine_other_channels"}


def _generic(hint, beside_source: bool = False, plumbed: bool = False) -> bool:
    """Does ``hint`` name nothing (``beside_source``: nothing but what the source shows; ``plumbed``: nothing a
    plumbing reading does not name better)?"""
    from .layer_patterns import keys_of
    hint = _plumbed_away(hint) if plumbed and hint else hint
    said = keys_of(hint) - _source_keys(hint) if beside_source and hint else keys_of(hint) if hint else set()
    return not hint or said <= GENERIC_HINTS | ADDED_TO | POSITION


def _plumbed_away(hint):
    """``hint`` without what the plumbing reading in its place names better (``PLUMBED_BETTER``, however framed)."""
    from .exception_rules import _without
    return _without(hint, tuple(PLUMBED_BETTER))


def _source_keys(hint) -> set:
    """The keys of the mistakes the source shows in ``hint`` (``exception_rules.with_source_hints``: "Also, in your
    code: ...", or first where all else was a position). They leave a wrapper's hint generic (set K: a group norm told
    only where it raised, and from its source its np.tile, still has its plumbing read, and keeps them after it)."""
    from .layer_patterns import keys_of
    return {k for k in keys_of(hint) if k.startswith("src_") or k == "diag_also_source"} if hint else set()


def _roots(checks: list, package_dir: Path):
    by_function: dict[str, list] = {}
    for check in checks:
        by_function.setdefault(check.function, []).append(check)
    lost = {f: bool(_losing(cs)) for f, cs in by_function.items()}
    sources: dict = {}
    deps: dict[str, list[str]] = {}
    for function in by_function:
        graded = BY_NAME.get(function)
        if graded is None:
            continue
        calls = callees(package_dir, graded, sources)  # once: read per function, not per pair
        found = [f for f in by_function if f in calls]
        # on the student's own cache: a backward with no documented cache, or dropout's, judged against its own
        # forward's mask (a forward that draws no mask, out = x, leaves its backward nothing right to match)
        own_cache = _runs_on_own_cache(graded) or graded.own_forward
        if own_cache and graded.forward in by_function and graded.forward not in found:
            # only where the forward's out fails on a case the backward runs too (a forward wrong in test mode
            # alone hands its backward, graded in train mode, a right cache)
            first = by_function[graded.forward][0]
            mine = {f.get("case") for c in by_function[function] for f in c.numbers.get("failures", [])}
            theirs = {f.get("case") for f in first.numbers.get("failures", [])}
            # a backward judged against its own forward's output (dropout's) meets that forward on its own x: the
            # forward failing in the same mode on another case of its own is the same forward (seed 3: a ReLU
            # before the mask showed on the forward's larger case alone, and on the backward's small one)
            shared = mine & theirs or graded.own_forward and _modes(mine) & _modes(theirs)
            if first.max_score > 0 and first.score < first.max_score and shared:
                found.append(graded.forward)
        deps[function] = found

    # the modes each function fails in (held-out set R, UraniumSlashBroomer: a spatial backward, run in train mode
    # alone, was sent through its forward to a batchnorm_forward wrong in test mode alone, as the own-forward path
    # above would not): a root is followed only where it fails in a mode its dependant fails in, carried down
    failing_modes = {f: _modes({x.get("case") for c in _losing(cs)
                                for x in c.numbers.get("failures", [])}) for f, cs in by_function.items()}

    def root(function: str, seen: frozenset = frozenset(), modes: frozenset | None = None) -> str:
        modes = failing_modes.get(function, set()) if modes is None else modes
        for dep in deps.get(function, []):
            if lost.get(dep) and dep not in seen:
                theirs = failing_modes.get(dep, set())
                if modes and theirs and not modes & theirs:
                    continue  # it fails only in modes this one never fails in: not what makes this one fail
                if _shape_only(by_function[dep]) and _passes_some(by_function.get(function, [])):
                    continue  # its wrong shape never reached this one, right on some cases (see _shape_only)
                return root(dep, seen | {function}, modes & theirs if modes and theirs else modes) or dep
        return ""

    return by_function, lost, deps, root


def _shape_only(checks: list) -> bool:
    """Does a function lose points only by the shape of its outputs (every failing case ran, and its every output
    is of another shape than documented)? Learnt from held-out set R's pool (akashgupta97): an alt ending in
    `dx = dx.T`, meant for the layer norm that calls it on transposed arrays, wrong only for batch norm's own call."""
    failures = [f for c in _losing(checks) for f in c.numbers.get("failures", [])]

    def shape_alone(failure) -> bool:  # nothing raised, and every output read is of another shape
        outputs = [v for v in failure.values() if isinstance(v, dict)]
        return "raised" not in failure and bool(outputs) and all(
            "actual_shape" in v and v.get("actual_shape") != v.get("desired_shape") for v in outputs)
    return bool(failures) and all(shape_alone(f) for f in failures)


def _passes_some(checks: list) -> bool:
    """Does every losing check of a function pass some of its cases (a callee failing on all of them by its shape
    cannot be what breaks it, where that shape never reaches its outputs)?"""
    losing = _losing(checks)
    return bool(losing) and all(0 < c.numbers.get("passed", 0) < c.numbers.get("cases", 0) for c in losing)


def _losing(checks: list) -> list:
    """The checks that lost points (a scored check below its maximum)."""
    return [c for c in checks if c.max_score > 0 and c.score < c.max_score]


def _modes(labels) -> set:
    """The modes (``mode train``, ``mode test``) the case labels name."""
    return {mode for label in labels for mode in ("mode train", "mode test") if mode in (label or "")}


def mark_dependants(checks: list, package_dir: Path, plumbing: dict | None = None) -> list:
    """``checks`` with every losing check of a dependant of a failing function reduced to one line naming the root.

    A function depends on a graded function its body refers to, and a backward without a documented cache on its
    forward's first output (``out``). The root is followed down: SmallResNet -> residual_block_forward ->
    spatial_batchnorm_forward -> batchnorm_forward names batchnorm_forward.

    A normalisation backward whose root is its own forward says more where its hint's own-forward reading
    (``grader.layer_patterns.with_own_forward``) tells: a mistake of its own (``_own_mistake_too``) or a mirror of
    that forward, the exact gradient of it, which repeats its mistake (``_mirrors``).

    Args:
        plumbing: ``{function: reading}`` from ``grader.plumbing.read_plumbing``: a wrapper whose reading names a
            mistake of its own plumbing gets it beside the root's line ('' confirms the root's line alone).
    """
    by_function, lost, deps, root = _roots(checks, package_dir)
    plumbing = plumbing or {}
    marked = []
    for check in checks:
        cause = root(check.function) if lost.get(check.function) else ""
        failing = check.score < check.max_score if check.max_score > 0 else check.status in (FAILED, ERROR)
        if not cause and failing and check.status != NOT_IMPLEMENTED and plumbing.get(check.function) and \
                _generic(check.hint, beside_source=True, plumbed=True):
            # a wrapper whose roots pass, told nothing or only "check the formula itself": its own plumbing, read
            # with recorders, in its place (set K); a generic rule's line stays after it; a hint that names
            # something keeps it alone
            from .layer_patterns import keys_of
            own = plumbing[check.function]
            kept = _plumbed_away(check.hint)
            hint = lines(own, kept) if keys_of(kept) & ADDED_TO or _source_keys(kept) else own
            marked.append(dataclasses.replace(check, hint=hint,
                                              numbers=dict(check.numbers, plumbing="own", own_hint=check.hint)))
            continue
        if not cause or not failing or check.status == NOT_IMPLEMENTED or _same_exception(check, by_function[cause]):
            marked.append(check)
            continue
        line = text("depends_on", function=check.function, root=cause)
        own_too = _own_mistake_too(check, cause, deps, lost, by_function)
        if own_too == "where_right":
            # wrong for its own forward too (read numerically on the student's forward), and calling no other failing
            # function that could make it so: its own hint stays
            own = check.hint.fields
            line = lines(line, join("", text("depends_also_own", function=check.function, forward=own["forward"]),
                                    _without_forward_scale(own["own"], by_function[cause])))
        elif own_too == "beyond_cache":
            # its forward is wrong on every case, and its dx is neither that forward's gradient nor what the textbook
            # computes from that forward's statistics: the departures of its own, read term by term
            own = check.hint.fields
            frame = "depends_also_cache_dropout" if family(check.function) == "dropout" else "depends_also_own_cache"
            line = lines(line, join("", text(frame, function=check.function, forward=own["forward"]),
                                    own["beyond_cache"]))
        elif _forward_free(check):
            # set I: dgamma summing dout * gamma * dout, wrong whatever its forward computes
            line = lines(line, join("", text("depends_also_forward_free", function=check.function),
                                    _forward_free(check)))
        elif plumbing.get(check.function):
            line = lines(line, plumbing[check.function])  # its own plumbing, read with recorders for its root
            if getattr(plumbing[check.function], "key", "") == "plumb_raises":
                # a name it never defined (set K's `x1`): its own hint says which and what else its source shows
                # (not again that it raised, nor that dgamma raised as dx did: the plumbing line says so)
                from .exception_rules import _without
                own = _without(check.hint, ("diag_raised", "diag_same_cause"))
                line = lines(line, own) if not _generic(own) else line
        elif _mirrors(check, cause, deps, lost, by_function):
            # the exact gradient of its own wrong forward: it carries that forward's mistake, said as the forward's
            # own hint reads it where that hint names one, and will need the same change (a dropout's: and what it
            # did on the documented cache, where its forward raised)
            reading, own = _forward_reading(by_function[cause]), _mirror_own(check.hint)
            if _follows_cache(reading or own, package_dir, BY_NAME[check.function]):
                # set O: its std (and x_hat) read from the forward's cache, no square root of its own: the forward's
                # fix mends it, and "change it the same way" would send the student to change a right backward
                mirror = text("depends_mirror_cache", function=check.function, forward=cause)
            elif reading:
                mirror = text("depends_mirror", function=check.function, forward=cause, what=reading)
            elif not own:  # the forward's hint names no reading to quote (held-out set P: "reads it: see it there.")
                mirror = text("depends_mirror_unread", function=check.function, forward=cause)
            else:
                # the forward's hint names only a mistake of its test mode or of x changed in place (set M): what
                # the backward mirrors is said as its own reading reads it, not pointed at a hint about another thing
                mirror = text("depends_mirror_own", function=check.function, forward=cause, what=own)
            line = lines(line, join(" ", mirror, check.hint.fields.get("also", "")))
        elif _params_shape(check, cause, deps, lost, by_function):
            # set N: a dgamma or dbeta of another size than one value per channel, whatever the forward caches (or
            # whatever a root that passes its own check of that output is handed)
            line = lines(line, _params_shape(check, cause, deps, lost, by_function))
        elif _own_source(check.hint, _untrue_sources(lost)):
            # a mistake of its own its source shows (it raised: nothing numeric to read), with its line
            line = lines(line, join("", text("depends_also_source", function=check.function),
                                    _own_source(check.hint, _untrue_sources(lost))))
        arguments = _root_call_arguments(check)
        if arguments and english(arguments) not in english(line):
            line = lines(line, arguments)
        numbers = dict(check.numbers, depends_on=cause, own_hint=check.hint, own_message=check.message)
        if check.function in plumbing:
            numbers["plumbing"] = "own" if plumbing[check.function] else "right"
        marked.append(dataclasses.replace(check, hint=line, message="", numbers=numbers))
    return marked


# A call of a graded function with arguments it does not take: wrong whatever that function computes (the plumbing's
# recorders take any arguments, so they do not show it)
_ARGUMENTS = re.compile(r"^TypeError: (\w+)\(\) (missing \d+ required positional arguments?|takes \d+ positional "
                        r"arguments? but \d+ (were|was) given|got an unexpected keyword argument)")


def _root_call_arguments(check):
    """The wrapper's own call of a graded function with arguments that function does not take (learnI's sweep:
    batchnorm_backward(dout_reshape) with no cache, its own hint in the dependant's ``own_hint`` only): the exception
    and its line, framed as a mistake of its own, or ''. Only where the line is in the wrapper itself."""
    found = _raised_at(check.hint)
    if found is None:
        return ""
    raised, at = found
    match = _ARGUMENTS.match(raised)
    frame = at.fields.get("where") if at is not None else None
    if not match or match.group(1) not in BY_NAME or match.group(1) == check.function or \
            getattr(frame, "key", "") != "diag_frame" or frame.fields.get("function") != check.function:
        return ""
    return lines(text("depends_also_call_arguments", function=check.function, root=match.group(1), raised=raised),
                 at)


def _raised_at(hint):
    """(the exception text, its diag_at Text or None) of the first diag_raised in ``hint`` (a pointer to the first
    output's hint included), or None."""
    if isinstance(hint, FirstSentence):
        return _raised_at(hint.value)
    if getattr(hint, "key", "") == "diag_same_cause":
        return _raised_at(hint.fields.get("short"))
    if isinstance(hint, Joined):
        parts = list(hint.parts)
        for i, part in enumerate(parts):
            if getattr(part, "key", "") == "diag_raised":
                after = parts[i + 1] if i + 1 < len(parts) and getattr(parts[i + 1], "key", "") == "diag_at" else None
                return str(part.fields.get("raised", "")), after
            found = _raised_at(part)
            if found is not None:
                return found
    return None


def _own_mistake_too(check, cause: str, deps: dict, lost: dict, by_function: dict) -> str:
    """Has this dependant a mistake of its own beside its root's? Its hint says its dx is not the gradient of the
    student's own forward (``grader.layer_patterns.with_own_forward``), the root is that forward, and it calls no other
    failing function. Then ``"where_right"`` where it also fails on a case where the forward's out is right (there its
    cache is right too: a right backward fed a wrong forward's cache is not the gradient of that forward either, and
    depends on it), ``"beyond_cache"`` where its dx, read term by term, departs from the textbook's in a way no cache of
    that forward explains (the statistics behind its x_hat checked on that forward's own output), else ''."""
    if getattr(check.hint, "key", "") != "own_forward_marked" or cause != check.hint.fields["forward"]:
        return ""
    if any(d != cause and lost.get(d) for d in deps.get(check.function, [])):
        return ""
    forward_out = by_function[cause][0]
    forward_failed = {f.get("case") for f in forward_out.numbers.get("failures", [])}
    if {f.get("case") for f in check.numbers.get("failures", [])} - forward_failed:
        return "where_right"
    return "beyond_cache" if check.hint.fields.get("beyond_cache") else ""


def _mirrors(check, cause: str, deps: dict, lost: dict, by_function: dict) -> bool:
    """Is this dependant's dx (and dgamma, dbeta under their own checks) the exact gradient of the student's own
    forward, the root, with no other failing function it calls (``grader.layer_patterns.with_own_forward``)? A
    dropout's, read on the cases where its forward drew a mask (``mirrored``), repeats a mistake only where that
    forward's out fails on one of them, and its forward's hint says what that out computes."""
    if getattr(check.hint, "key", "") != "own_forward_mirror" or cause != check.hint.fields["forward"]:
        return False
    mirrored = check.hint.fields.get("mirrored")
    if mirrored is not None:
        forward_failed = {f.get("case") for c in by_function[cause][:1] for f in c.numbers.get("failures", [])}
        if not set(mirrored) & forward_failed or not _forward_reading(by_function[cause]):
            return False
    return not any(d != cause and lost.get(d) for d in deps.get(check.function, []))


# What a forward's reading says of eps alone (missing, not read, added twice or outside the square root): a mistake
# of the denominator, which a backward repeats only where it takes that square root itself
EPS_READINGS = {"probe_norm_constant_feature", "pattern_eps_missing", "pattern_eps_not_read", "pattern_eps_twice"}
EPS_FORMS = {"form_eps_outside_sqrt", "form_eps_added_to_std"}
# what computes a denominator of its own in a backward: a square root, a variance or standard deviation, a power
ROOT_CALLS = {"sqrt", "std", "var", "power", "float_power", "rsqrt"}
_OWN_ROOT = Memo(kept=64)


def _eps_only(reading) -> bool:
    """Does ``reading`` (a forward's, or a mirror's own) name only a mistake of eps in the denominator?"""
    key = getattr(reading, "key", "")
    if key == "pattern_norm_form":
        said = {getattr(p, "key", "") for p in _parts(reading.fields.get("what"))} - {""}
        return bool(said) and said <= EPS_FORMS
    return key in EPS_READINGS


def _takes_root(source: str) -> frozenset:
    """The top-level functions of ``source`` that compute a denominator of their own: call sqrt, var, std or power,
    raise to a power that is not an integer constant (`** 0.5`, `** -1.5`, `** k`), or name eps."""
    held = _OWN_ROOT.get(source)
    if held is not None:
        return held
    tree = _module(source)
    found = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Call) and (getattr(child.func, "attr", None) or getattr(child.func, "id", None)) \
                    in ROOT_CALLS:
                found.add(node.name)
            elif isinstance(child, ast.BinOp) and isinstance(child.op, ast.Pow):
                exponent = child.right.operand if isinstance(child.right, ast.UnaryOp) else child.right
                if not (isinstance(exponent, ast.Constant) and isinstance(exponent.value, int)):
                    found.add(node.name)
            elif (isinstance(child, ast.Name) and child.id == "eps") or \
                    (isinstance(child, ast.Constant) and child.value == "eps"):
                found.add(node.name)
    return _OWN_ROOT.put(source, frozenset(found))


def _follows_cache(reading, package_dir: Path, graded: Graded) -> bool:
    """Is ``graded`` a mirror of a forward whose mistake is only eps in the denominator, that computes no
    denominator of its own (it reads std, or x_hat, from its forward's cache), nor does any graded function it calls
    but that forward? Its dx is then right as soon as the forward is: it follows the cache (set O's backward, told
    "change it the same way", which was untrue). Where its source cannot be read, no."""
    if not _eps_only(reading):
        return False
    path = Path(package_dir) / (graded.module.replace(".", "/") + ".py")
    try:
        source = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    defined = _referred_names(source)
    if graded.name not in defined:
        return False
    # itself and every function of the module it calls, helpers of its own included, but the forward it follows
    called, todo = set(), [graded.name]
    while todo:
        name = todo.pop()
        if name in called or name == graded.forward:
            continue
        called.add(name)
        todo.extend(n for n in defined.get(name, ()) if n in defined)
    if any(n in BY_NAME and n not in defined and n != graded.forward for n in defined[graded.name]):
        return False  # a graded function of another module: not read here
    return not called & _takes_root(source)


# The forward's hints that say what its train-mode output computes (its formula read from its output, the axes it
# normalised over, a known mistake that reproduced it): what a mirror of that forward repeats. A known mistake of its
# test mode or running averages is not what a backward run in train mode mirrors.
FORWARD_READINGS = ("pattern_norm_form", "pattern_norm_axes", "pattern_sbn_reshape_without_transpose",
                    "pattern_sbn_per_sample", "pattern_eps_twice", "pattern_eps_missing", "pattern_eps_not_read",
                    "src_sbn_reshape_before_transpose", "src_sbn_column_per_channel", "src_tile_per_channel",
                    # set N: a train-mode probe's reading (no eps in the denominator) names the forward's mistake too
                    "probe_norm_constant_feature",
                    # held-out set R (Fitz1003Miao): the statistics as plain sums where means belong
                    "pattern_norm_stats_summed", "pattern_norm_mean_summed", "pattern_norm_var_summed",
                    # what a dropout's train-mode out shows of its mask (grader.layer_patterns._dropout_mask_hint)
                    "dropout_keeps_1_minus_p", "dropout_keeps_all", "dropout_not_scaled", "dropout_scaled_twice",
                    "dropout_scaled_by", "dropout_mask_per_sample", "dropout_mask_per_feature")


def _mirror_own(hint):
    """A mirror's own reading (``own_forward_mirror``'s ``own``) where it names something, or '' where it only says
    that dx is its forward's gradient or is a generic "check the formula itself"."""
    own = hint.fields.get("own", "") if getattr(hint, "key", "") == "own_forward_mirror" else ""
    return "" if getattr(own, "key", "") == "own_forward_is_gradient" or _generic(own) else own


def _forward_reading(forward_checks: list):
    """The first sentence of the forward's failing out check's hint that names what its output computes, or ''."""
    for check in forward_checks:
        if check.max_score <= 0 or check.score >= check.max_score:
            continue
        for part in _parts(check.hint):
            key = getattr(part, "key", "")
            if key in FORWARD_READINGS or (key.startswith("mistake_") and "test" not in key
                                           and "running" not in key and "momentum" not in key):
                return part
        return ""
    return ""


# What a dependant's own source shows of a mistake of its own, which no fix of its root mends (the reading and its line
# stay beside the root's line).
OWN_SOURCE_READINGS = ("src_dx_hat_from_x_hat", "src_untile_mirror",
                       # set N: a keyword numpy does not take (`axix=0`), dout * gamma over var + eps, a group norm's
                       # dgamma and dbeta from layer norm's per-column sums
                       "src_unknown_keyword", "src_dx_hat_over_var", "src_gn_params_from_ln",
                       # set L: the variance's sum closed before x - mean; dx of dout and the cache's values alone
                       "src_dvar_summed_alone", "src_dx_constant_stats",
                       # learnK: dx made without the gamma it unpacks; learnL: dout times 1 + gamma
                       "src_dx_without_gamma", "src_dx_hat_one_plus_gamma",
                       "src_dvar_unsummed", "src_mean_term_unscaled", "src_dx_no_sums",
                       "src_dout_squared", "src_dx_without_dout",
                       # held-out set Q (gv22ga): dx over (N * H * W * sqrt_var + eps), a stray eps
                       "src_eps_beside_scaled_std",
                       # held-out set Q (syangav): dout's axes moved otherwise than the forward moves x's
                       "src_dout_moved_otherwise",
                       # learnR's pool (iam_peekay): a name the backward never assigns (NameError), which no fix of
                       # its forward makes exist; it was told only that it depends on that forward
                       "name_error_never", "name_error_near", "name_error_numpy", "name_error_shape",
                       "name_error_param_key", "name_error_group_count", "name_error_forward_only",
                       "name_error_forward_cached",
                       # learnS's pool (lamgary): eps outside a square root the backward takes itself, eps added twice
                       "src_eps_outside_own_root", "src_eps_twice",
                       # held-out set R (7xxogre): eps subtracted under the root where it must be added
                       "src_eps_subtracted")


# An own-source reading that speaks of a graded function the student wrote too, true only where that one is right
# (a group norm's dgamma from layer norm's per-column sums: a layernorm_backward summing per row makes others)
SOURCE_READING_CALLEES = {"src_gn_params_from_ln": "layernorm_backward"}


def _untrue_sources(lost: dict) -> frozenset:
    """The own-source readings whose callee loses points here (not to be said)."""
    return frozenset(k for k, callee in SOURCE_READING_CALLEES.items() if lost.get(callee))


def _own_source(hint, skipped: frozenset = frozenset()):
    """The parts of ``hint`` that are one of ``OWN_SOURCE_READINGS`` (but ``skipped``) with its line (each on a line
    of its own), or ''."""
    found = list(_own_sources(hint, skipped))
    return lines(*found) if len(found) > 1 else found[0] if found else ""


def _own_sources(hint, skipped: frozenset):
    if getattr(hint, "key", "") == "own_forward_marked":
        # a backward that ran, marked as not its forward's gradient: its own hint (and the source lines added to
        # it) is the field it carries
        yield from _own_sources(hint.fields.get("own"), skipped)
        return
    if isinstance(hint, Joined):
        first = hint.parts[0] if hint.parts else None
        if getattr(first, "key", "") in OWN_SOURCE_READINGS:
            if first.key not in skipped:
                yield hint
            return
        for part in hint.parts:
            yield from _own_sources(part, skipped)


def _params_shape(check, cause: str, deps: dict, lost: dict, by_function: dict | None = None):
    """A dgamma or dbeta check with a failure listed whose output has another size than gamma's (one value per
    channel: set N's group norm summing per group row), where the root is the function's own forward and it calls
    no other failing function: ``depends_also_params_shape`` with the shapes, or ''. Its size follows from the axes
    the backward sums dout over, not from what a forward caches."""
    output = check.name.split(" ")[0]
    graded = BY_NAME.get(check.function)
    failures = check.numbers.get("failures", [])
    # learnL (eleventh round): a layer norm handing batch norm's backward its transposed arrays gets back dgamma and
    # dbeta per sample; where the root it calls is another backward whose own check of that output passes, that
    # root's output is right for whatever it is handed, and the size is the dependant's own
    callee = graded is not None and cause != getattr(graded, "forward", "") and cause in deps.get(check.function, []) \
        and _passes((by_function or {}).get(cause, []), output)
    if output not in ("dgamma", "dbeta") or graded is None or not (cause == getattr(graded, "forward", "") or callee) \
            or not failures or any(d != cause and lost.get(d) for d in deps.get(check.function, [])):
        return ""
    # one case's is enough: no forward makes a dgamma of another size right (on a case where N * G happens to
    # equal C the sizes agree and only the values show it)
    compared = [f.get(output) for f in failures if isinstance(f.get(output), dict)]
    shapes = [(tuple(c["actual_shape"]), tuple(c["desired_shape"])) for c in compared
              if c.get("actual_shape") and c.get("desired_shape")]
    got, want = next(((a, d) for a, d in shapes if math.prod(a) != math.prod(d)), ((), ()))
    if not want:
        return ""
    if callee:
        return text("depends_also_params_shape_callee", function=check.function, output=output, root=cause,
                    got=_shape_code(got), want=_shape_code(want), param=output[1:])
    return text("depends_also_params_shape", function=check.function, output=output, got=_shape_code(got),
                want=_shape_code(want), param=output[1:])


def _passes(root_checks: list, output: str) -> bool:
    """Does the root's own check of ``output`` (dgamma, say) earn every point (and is there one)?"""
    mine = [c for c in root_checks if c.name.split(" ")[0] == output and c.max_score > 0]
    return bool(mine) and all(c.score >= c.max_score for c in mine)


def _shape_code(shape: tuple) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


# What a dgamma or dbeta may sum that is made of the backward's own inputs alone (dout, and the gamma and beta the
# forward was handed): no forward, right or wrong, makes such a sum right (grader.dx_terms.PRODUCTS)
FORWARD_FREE_PRODUCTS = {"dout", "dout * dout", "dout * gamma * dout", "dout * gamma", "dout * beta"}


def _forward_free(check):
    """The reading of a dgamma or dbeta check's own output (``params_terms_intro`` and its line) as the sum of a
    product of the backward's own inputs alone, or '' (a reading of dx, or of another output, is not quoted: dx read
    on a wrong forward's cache may differ because of that forward)."""
    output = check.name.split(" ")[0]
    if output not in ("dgamma", "dbeta"):
        return ""
    for block in _blocks(check.hint):
        first = block.parts[0] if block.parts else None
        if getattr(first, "key", "") == "params_terms_intro" and first.fields.get("output") == output and any(
                getattr(part, "key", "") == "params_change_product_" + output
                and part.fields.get("got") in FORWARD_FREE_PRODUCTS for part in _parts(block)):
            return block
    return ""


def _blocks(value):
    """Every Joined in a hint, outermost first."""
    if isinstance(value, Joined):
        yield value
        for part in value.parts:
            yield from _blocks(part)


# The x_hat scale a dgamma read from the cache shows where its forward made x_hat with this mistake (set L's 049,
# Hira63S/CS231n: `var += eps` then np.sqrt(var + eps)): the forward's mistake, not one of the backward's own
FORWARD_SCALES = {"pattern_eps_twice": "1 / np.sqrt(var + 2 * eps)",
                  "form_eps_outside_sqrt": "1 / (np.sqrt(var) + eps)"}


def _without_forward_scale(own, forward_checks: list):
    """``own`` (a dependant's own hint, lines) without a dgamma reading whose every change is an x_hat scale its
    root forward's hint names (``FORWARD_SCALES``); a source line left first loses its "Also". ``own`` elsewhere."""
    said = {part.key for check in forward_checks if check.max_score > 0 and check.score < check.max_score
            for part in _parts(check.hint)}
    scales = {FORWARD_SCALES[key] for key in said if key in FORWARD_SCALES}
    if not scales or not isinstance(own, Joined) or own.sep != "\n":
        return own
    kept, parts, k = [], list(own.parts), 0
    while k < len(parts):
        part = parts[k]
        if getattr(part, "key", "") == "params_terms_intro":
            changes = []
            while k + 1 < len(parts) and any(t.key.startswith("params_change_") for t in _parts(parts[k + 1])):
                k += 1
                changes.append(parts[k])
            if changes and all(t.key == "params_change_scale" and t.fields.get("got") in scales
                               for change in changes for t in _parts(change) if t.key.startswith("params_change_")):
                k += 1
                continue  # the forward's scale, read through its cache
            kept += [part, *changes]
            k += 1
            continue
        kept.append(part)
        k += 1
    if not kept:
        return own
    first = kept[0]
    if isinstance(first, Joined) and first.parts and getattr(first.parts[0], "key", "") == "diag_also_source":
        kept[0] = join(first.sep, *first.parts[1:])
    return lines(*kept)


def _parts(value):
    """The Texts of a hint, depth first (a dropout's readings inside the frame that holds them too)."""
    if isinstance(value, Joined):
        for part in value.parts:
            yield from _parts(part)
    elif getattr(value, "key", ""):
        yield value
        if value.key == "dropout_found":
            yield from _parts(value.fields.get("what"))


def _same_exception(check, root_checks: list) -> bool:
    """Did ``check`` fail on the very exception its root raised (a module that does not import: its own hint
    names it already)?"""
    raised = {f.get("raised") for f in check.numbers.get("failures", []) if f.get("raised")}
    root = {f.get("raised") for c in root_checks for f in c.numbers.get("failures", []) if f.get("raised")}
    return bool(raised & root)


def depends_on(checks: list) -> str:
    """The root every losing check of one function names, or '' (some fail for their own reasons)."""
    losing = _losing(checks)
    roots = {c.numbers.get("depends_on", "") for c in losing}
    return roots.pop() if losing and len(roots) == 1 else ""
