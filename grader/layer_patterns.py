"""What is wrong with a failing dropout or normalisation layer, read from which graded cases fail and from the
student's own outputs, with no reference code: the graded cases already vary what breaks these layers (train and
test mode, N = 1, D = 1, G = 1 and G = C, 2-D and 4-D input), a dropout's output says how its mask was drawn and
scaled, a forward's output which eps it used and over which values it normalised, and a backward's dx whether it
sums to zero over what each mean covers. The batch norms are also probed in the sandbox at momentum 0 and 1 and on a
constant feature (``norm_probe_hint``, run through ``grader.probing.probe_hint``).

TRUSTED SIDE, shipped with the student's check (grader.public_tests) and used by the instructor's diagnosis alike.
"""
from __future__ import annotations

import dataclasses
import itertools
from types import SimpleNamespace

import numpy as np

from .functions import param_of
from .i18n import Joined, Text, code_names, english, join, lines, text

FAMILIES = ("dropout", "batchnorm", "layernorm", "spatial_batchnorm", "spatial_groupnorm")


def family(name: str) -> str:
    """``batchnorm`` for batchnorm_forward, batchnorm_backward and batchnorm_backward_alt; '' outside the families."""
    for fam in sorted(FAMILIES, key=len, reverse=True):
        if name.startswith(fam + "_"):
            return fam
    return ""


def _features(case) -> dict:
    params = case.params
    x = case.arrays.get("x")
    shape = tuple(np.shape(x)) if x is not None else ()
    mode = params.get("mode") or (params.get("dropout_param") or {}).get("mode") or "train"
    eps = params.get("eps") or (params.get("ln_param") or params.get("gn_param") or {}).get("eps")
    features = {"test": mode == "test", "N1": bool(shape) and shape[0] == 1, "4d": len(shape) == 4,
                "D1": len(shape) == 2 and shape[1] == 1, "eps": eps is not None and eps >= 0.01}
    if "G" in params and len(shape) == 4:
        features.update(G1=params["G"] == 1, GC=params["G"] == shape[1])
    # a bn_param without eps and momentum (their defaults apply)
    features["defaults"] = "mode" in params and "eps" not in params and "momentum" not in params
    return features


# A pattern: the failing cases are exactly those with this feature (and some cases pass).
PATTERNS = [("defaults", "pattern_bn_defaults"), ("eps", "pattern_eps_large"), ("test", "pattern_test_only"), ("G1", "pattern_g_is_1"), ("GC", "pattern_g_is_c"),
            ("N1", "pattern_n_is_1"), ("D1", "pattern_d_is_1"), ("4d", "pattern_4d_only")]
NOT_PATTERNS = [("test", "pattern_train_only")]


def case_pattern_hint(graded, cases, verdicts: dict):
    """The hint when the failing cases of a dropout or normalisation function are exactly those of one kind."""
    if not family(graded.name):
        return ""
    judged = {i: v for i, v in verdicts.items() if not v.missing}
    failing = {i for i, v in judged.items() if not v.ok}
    if not failing or len(failing) == len(judged):
        return ""
    features = {i: _features(cases[i]) for i in judged}
    for feature, key in PATTERNS:
        if {i for i in judged if features[i].get(feature)} == failing:
            if key == "pattern_test_only" and family(graded.name) == "dropout":
                key = "pattern_test_only_dropout"
            if key == "pattern_eps_large" and graded.kind == "backward":
                key = "pattern_eps_large_backward"  # a backward's eps is most often typed in (set H), not misplaced
            if key == "pattern_4d_only" and graded.kind == "backward" and getattr(graded, "forward", ""):
                # a dropout_backward fails on 4-D input where its forward does: the forward draws the mask
                return text("depends_on", function=graded.name, root=graded.forward)
            return text(key, function=graded.name)
    for feature, key in NOT_PATTERNS:
        if family(graded.name) == "dropout":
            break  # its train mode is read from its outputs (dropout_hint); these words are batch norm's
        if {i for i in judged if not features[i].get(feature)} == failing:
            return text(key, function=graded.name)
    return ""


def layout_shape_hint(graded, cases, verdicts) -> str:
    """learnB's sweep: a spatial norm's output (forward or backward) whose shape is the input's axes in another
    order (a way back that does not undo the way in), or group norm's grouped (N, G, C // G, H, W) returned as it
    is; '' for any other shape."""
    if not graded.name.startswith("spatial_"):
        return _transposed_2d(graded, verdicts, cases)
    i = _first_misshaped(verdicts)
    if i is None:
        return ""
    actual, desired = tuple(np.shape(verdicts[i].actual)), tuple(np.shape(verdicts[i].desired))
    G = cases[i].params.get("G")
    if len(desired) != 4:
        return ""
    if G and actual == (desired[0], G, desired[1] // G, *desired[2:]):
        return text("shape_gn_still_grouped")
    if G and graded.name == "spatial_groupnorm_forward" and len(actual) >= 2 and desired[1] % G == 0:
        # learnM's pool (AmirEstiri): gamma * x_hat + beta on the (N * G, C // G * H * W) rows (or their transpose),
        # before x_hat is put back as (N, C, H, W): the rows' two axes end out's shape
        NG, K = desired[0] * G, desired[1] // G * desired[2] * desired[3]
        if NG != K and actual[-2:] in ((NG, K), (K, NG)):
            return text("shape_gn_rows_not_put_back", got=str(actual), rows=str(actual[-2:]),
                        view="x.reshape(N * G, -1)" + (".T" if actual[-2:] == (K, NG) else ""))
    if len(actual) == 4 and sorted(actual) == sorted(desired):
        return text("shape_axes_permuted")
    return ""


def _first_misshaped(verdicts):
    """The first case whose output came back of another shape than expected, or None."""
    return next((i for i in sorted(verdicts) if not verdicts[i].ok and verdicts[i].actual is not None
                 and verdicts[i].desired is not None and np.shape(verdicts[i].actual) != np.shape(verdicts[i].desired)),
                None)


def _transposed_2d(graded, verdicts, cases=()) -> str:
    """learnS's pool (akashgupta97): a batch or layer norm's (N, D) output returned as its transpose (D, N) (an
    alt's `dx = dx.T` written for the layer norm that calls it on x.T, left in for batch norm's own call); '' for
    any other shape, a square one included."""
    if family(graded.name) not in ("batchnorm", "layernorm"):
        return ""
    i = _first_misshaped(verdicts)
    if i is None:
        return ""
    actual, desired = tuple(np.shape(verdicts[i].actual)), tuple(np.shape(verdicts[i].desired))
    if len(desired) != 2 or actual != desired[::-1]:
        return ""
    # "computed in the right layout" holds only where its transpose is the right output on every case it was
    # returned transposed (held-out set T, DeeDive: statistics over axis 0 and `out.T` of an x never transposed);
    # elsewhere the shape is said with "its values are wrong too", and what the values read back show
    back = {i: np.asarray(v.actual, dtype=np.float64).T for i, v in verdicts.items() if not v.ok
            and v.actual is not None and v.desired is not None and np.ndim(v.actual) == 2
            and np.shape(v.actual) != np.shape(v.desired) and np.shape(v.actual)[::-1] == np.shape(v.desired)}
    if all(np.allclose(a, verdicts[i].desired, rtol=1e-5, atol=1e-7) for i, a in back.items()):
        return text("shape_transposed_2d", function=graded.name, got=str(actual), want=str(desired))
    read = ""
    if cases and graded.name in WRONG_AXES:
        # a case it passes is read as it is (its right axes silence a wrong reading)
        ran = {i: v.actual for i, v in verdicts.items() if v.ok and v.actual is not None}
        outputs = [SimpleNamespace(problem="", arrays={"out": back.get(i, ran.get(i))})
                   if i in back or i in ran else None for i in range(len(cases))]
        read = axes_hint(graded, cases, outputs)
    return join(" ", text("shape_transposed_2d_values", function=graded.name, got=str(actual), want=str(desired)),
                read)


def dropout_hint(graded, cases, outputs, output=None) -> str:
    """What the student's own outputs say where no reference is needed: a dropout_forward's mask (below), a
    normalisation backward's dx (``norm_backward_hint``; under dgamma or dbeta, ``output``, what that one shows)."""
    if graded.name in NORMALISED_AXES:
        return norm_backward_hint(graded, cases, outputs, output)
    if graded.name in FORWARD_AXES:
        # each reading looks at one thing (train mode's axes, its eps, test mode's gamma and beta): all are said
        return join(" ", train_running_hint(graded, cases, outputs)
                    or per_sample_hint(graded, cases, outputs) or reshape_hint(graded, cases, outputs)
                    or unnormalised_hint(graded, cases, outputs) or affine_channels_hint(graded, cases, outputs)
                    or axes_hint(graded, cases, outputs)
                    or beta_inside_hint(graded, cases, outputs)
                    or form_hint(graded, cases, outputs) or places_hint(graded, cases, outputs)
                    or nonfinite_stats_hint(graded, cases, outputs)
                    or summed_stats_hint(graded, cases, outputs)
                    or eps_hint(graded, cases, outputs),
                    test_affine_hint(graded, cases, outputs),
                    running_hint(graded, cases, outputs))
    if graded.name == "dropout_backward":
        return _dropout_backward_hint(cases, outputs)
    return _dropout_mask_hint(graded, cases, outputs)


def _unscaled_scale(dx, dout, own, x, p):
    """The one factor a dropout forward scaled its kept units by (out / x), where it is neither 1 nor the 1 / p a
    right forward uses and dx is dout times the mask unscaled (1 where a unit was kept, 0 elsewhere); else None."""
    live = (x != 0) & (dout != 0)
    kept = live & (own != 0)
    if not kept.any() or not np.all(np.isfinite(dx)) or np.shape(dx) != np.shape(x):
        return None
    scale = own[kept] / x[kept]
    if not np.allclose(scale, scale[0], rtol=1e-6) or abs(scale[0] - 1) < 1e-6 or abs(scale[0] * p - 1) < 1e-6:
        return None
    return float(scale[0]) if np.allclose(dx[live], (dout * (own != 0))[live], rtol=1e-6, atol=1e-8) else None


def _dropout_backward_hint(cases, outputs) -> str:
    """What a dropout_backward's dx says beside its own forward's out on the same train-mode case (``forward_out``,
    sent back by the backward's job): dx / dout against out / x, unit by unit. A right backward passes dout through
    exactly where its forward kept a unit, scaled as the forward scaled it."""
    unscaled, dropped_negative, read = [], [], 0
    for case, out in zip(cases, outputs):
        param = case.params.get("dropout_param") or {}
        if param.get("mode") != "train" or out is None or out.problem:
            continue
        dx, own = out.arrays.get("dx"), out.arrays.get("forward_out")
        x, dout = case.arrays.get("x"), case.arrays.get("dout")
        if any(a is None for a in (dx, own, x, dout)) or not (dx.shape == own.shape == np.shape(x) == np.shape(dout)):
            continue
        x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
        live = (x != 0) & (dout != 0)
        if not live.any() or not (np.all(np.isfinite(dx)) and np.all(np.isfinite(own))):
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            scale, passed = own[live] / x[live], dx[live] / dout[live]
        kept, p = np.abs(scale) > 1e-12, float(param["p"])
        if not kept.any() or not np.allclose(scale[kept], 1 / p, rtol=1e-6):
            return ""  # the forward is not an inverted-dropout draw: its own hint speaks
        read += 1
        through = np.abs(passed) > 1e-12
        if np.any(through & ~kept):
            return ""  # dout passed where the forward dropped: nothing simple to say
        if through.any() and np.allclose(passed[through], 1.0, rtol=1e-6) and abs(1 / p - 1) > 1e-6:
            unscaled.append(p)
        missed = kept & ~through
        if missed.any():
            if np.all(x[live][missed] < 0) and not np.any(missed & (x[live] > 0)):
                dropped_negative.append(int(missed.sum()))
            else:
                return ""
    if not read or not (unscaled or dropped_negative):
        return ""
    said = []
    if dropped_negative and len(dropped_negative) == read:
        said.append(text("dropout_backward_out_mask"))
    if unscaled and len(unscaled) == read:
        said.append(text("dropout_backward_unscaled", p=unscaled[0]))
    return join(" ", *said) if said else ""


def keys_of(hint) -> set:
    """The message keys a hint is made of (its Texts, however nested)."""
    if isinstance(hint, Text):
        return {hint.key}
    if isinstance(hint, Joined):
        return set().union(*(keys_of(part) for part in hint.parts))
    return set()


# A reading of the outputs that says again what a probe's reading says in its own words.
SAID_BY_PROBES = {"probe_norm_constant_feature": "pattern_eps_missing"}


def beside_modified(graded, output, cases, verdicts, outputs, probed):
    """What the readings that need no reference say of a function that changed an input in place (its probes'
    reading ``probed``, and the cases that left the inputs as they were): set M's no eps beside x -= running_mean.
    The graded report and the local check both say it after their in-place line."""
    kept = {i: v for i, v in verdicts.items() if not v.numbers.get("modified_inputs")}
    return (readings(probed, dropout_hint(graded, cases, outputs, output)) or case_pattern_hint(graded, cases, kept)
            or variance_path_hint(graded, output, cases, outputs))


def in_place(names, also):
    """The line saying the function changed its inputs ``names`` in place, then ``also``: what the cases that left
    them as they were show (the graded report's and the local check's wording). The names are code in both
    languages: bare ``gamma, beta`` reads as English words in a zh sentence."""
    names = code_names(names)
    return lines(text("diag_modified", names=names),
                 join("", text("diag_also_unmodified", names=names), also) if also else "")


def zeros_hint(output, wrong_verdicts) -> str:
    """``output`` is all zeros in every wrong case: the code that fills it never ran or is not written yet (a
    half-written backward's `dx = np.zeros_like(dout)`); the graded report's and the local check's wording."""
    # (not dropout's property failed as no draw of a mask: its value is all zeros because it holds)
    if wrong_verdicts and all(v.actual is not None and not np.any(v.actual)
                              and not (v.numbers.get(output) or {}).get("not_a_draw") for v in wrong_verdicts):
        return text("diag_zeros", output=output)
    return ""


def readings(probed, read):
    """The probes' reading and the reading of the student's outputs, together: a function with several mistakes
    (momentum typed in, a test mode without gamma and beta) hears each, once."""
    if not probed or not read:
        return probed or read
    said = keys_of(probed)
    extra = [part for part in (read.parts if isinstance(read, Joined) and read.sep == " " else (read,))
             if not keys_of(part) & (said | {SAID_BY_PROBES[k] for k in said if k in SAID_BY_PROBES})
             and english(part) not in english(probed)]  # a probe's reading quoting the same sentence: said once
    return join(" ", probed, *extra)


def _dropout_mask_hint(graded, cases, outputs) -> str:
    """What a dropout_forward's own outputs say about its mask: which share of units it keeps (p or 1 - p), by
    how much it scales them (1 / p, 1 / (1 - p) or not at all), and what the test mode does to x."""
    if graded.name != "dropout_forward" or not outputs:
        return ""
    kept, scales, test_scales, ps, all_kept, rows, columns = [], [], [], set(), [], [], []
    test_relu = []  # set N: a test mode returning np.maximum(0, x)
    train_relu, negatives = [], 0  # learnL's pool: a train mode masking np.maximum(0, x)
    test_masked = []
    drawn = []  # per seeded train case: does the kept pattern equal rand < p's draw ("p"), its complement, or neither
    for case, out in zip(cases, outputs):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x = case.arrays.get("x")
        param = case.params.get("dropout_param") or {}
        if got is None or x is None or got.shape != np.shape(x) or not np.all(np.isfinite(got)):
            continue
        ratio = got / np.where(x != 0, x, 1.0)
        if param.get("mode") == "test":
            test_relu.append(bool(np.any(x < 0)) and np.allclose(got, np.maximum(0, x), rtol=1e-6, atol=1e-9))
            # learnM's pool (jacatral): a mask drawn in test mode too, each unit 0 or x, some of each
            live = np.abs(x) > 1e-12
            dropped = live & (np.abs(got) <= 1e-12)
            # learnW's pool (kvtoraman): the train mode's scaled mask drawn in test mode too, each unit 0 or x / p
            kept_ratio = ratio[live & ~dropped]
            scale = float(kept_ratio.flat[0]) if kept_ratio.size else 1.0
            passed = live & np.isclose(got, scale * x, rtol=1e-6, atol=1e-9)
            test_masked.append(scale if bool(np.all(dropped | passed | ~live)) and int(dropped.sum()) >= 3
                               and bool(passed.any()) and not (np.any(x < 0) and np.all(dropped == (x < 0) & live))
                               else None)
            if np.allclose(ratio, ratio.flat[0], rtol=1e-6):
                test_scales.append((float(ratio.flat[0]), param["p"]))
            continue
        nonzero = ratio[np.abs(ratio) > 1e-12]
        if nonzero.size == 0 or not np.allclose(nonzero, nonzero.flat[0], rtol=1e-6):
            return ""  # not a mask times x: nothing to read here
        # every negative unit dropped while positive ones are kept: a ReLU before the mask (a real draw keeps about
        # p of the negatives; twenty of them all dropped at p >= 0.3 is one chance in a billion or less)
        negatives += int(np.sum(x < 0))
        train_relu.append(bool(np.all(np.abs(got[x < 0]) <= 1e-12)) and bool(np.any(np.abs(got[x > 0]) > 1e-12)))
        if x.size >= 500:  # enough units for the kept share to tell p from 1 - p
            kept.append((nonzero.size / x.size, param["p"]))
        scales.append((float(nonzero.flat[0]), param["p"]))
        if param.get("seed") is not None and np.all(x != 0):
            # the draw the docstring asks for, after its seeding: rand < p (held-out set U, eric8607242: rand <= p,
            # kept with probability p and divided by 1 - p, was told it keeps with 1 - p)
            keep = np.random.RandomState(param["seed"]).rand(*x.shape) < param["p"]
            pattern = np.abs(ratio) > 1e-12
            drawn.append("p" if np.array_equal(pattern, keep) else "1 - p" if np.array_equal(pattern, ~keep) else "")
        if x.ndim >= 2 and x[0].size >= 3:  # each row kept or dropped as a whole: one draw per sample
            per_row = (np.abs(ratio) > 1e-12).reshape(x.shape[0], -1)
            rows.append(bool(np.all(per_row.all(axis=1) | ~per_row.any(axis=1))))
        if x.ndim >= 2 and x.shape[0] >= 3:  # each feature kept or dropped in every sample alike: one draw per feature
            per_column = (np.abs(ratio) > 1e-12).reshape(x.shape[0], -1)
            columns.append(bool(np.all(per_column.all(axis=0) | ~per_column.any(axis=0))))
        all_kept.append(nonzero.size == x.size and abs(float(nonzero.flat[0]) - 1.0) < 1e-6)
        ps.add(param["p"])
    found = []
    if len(rows) >= 2 and all(rows) and not (all_kept and all(all_kept)):
        found.append(text("dropout_mask_per_sample"))
    elif len(columns) >= 2 and all(columns) and not (all_kept and all(all_kept)):
        found.append(text("dropout_mask_per_feature"))
    if all_kept and all(all_kept):  # out is x: a mask of ones (rand < p / p compares with 1)
        return text("dropout_found", what=text("dropout_keeps_all"))
    relu = bool(train_relu) and all(train_relu) and negatives >= 20 and min(ps) >= 0.3
    if relu:
        found.append(text("dropout_train_relu"))
        kept = []  # the shares kept count the zeroed negatives too: they say nothing of p
    keeps_other = any(abs(share - (1 - p)) < 0.05 and abs(share - p) > 0.1 for share, p in kept)
    keeps_p = drawn and all(d == "p" for d in drawn) and not keeps_other
    if keeps_p and any(abs(s - 1 / (1 - p)) < 1e-6 and abs(s - 1 / p) > 1e-6 for s, p in scales):
        found.append(text("dropout_scaled_one_minus_p"))
    elif keeps_other or any(abs(s - 1 / (1 - p)) < 1e-6 for s, p in scales):
        found.append(text("dropout_keeps_1_minus_p"))
    if scales and all(abs(s - 1.0) < 1e-6 for s, _ in scales):
        found.append(text("dropout_not_scaled"))
    elif scales and not found and all(abs(s - 1 / p) > 1e-6 and abs(s - 1 / (1 - p)) > 1e-6 and abs(s - 1) > 1e-6
                                      for s, p in scales):
        s, p = scales[0]
        twice = all(abs(s - 1 / p ** 2) < 1e-6 for s, p in scales)
        found.append(text("dropout_scaled_twice" if twice else "dropout_scaled_by", got=s, p=p, want=1 / p))
    if test_relu and all(test_relu):
        found.append(text("dropout_test_relu"))
    elif test_masked and all(k is not None for k in test_masked):
        unscaled = all(abs(k - 1.0) < 1e-6 for k in test_masked)
        found.append(text("dropout_test_masked") if unscaled else
                     text("dropout_test_masked_scaled", scale=f"{test_masked[0]:.4g}"))
    if test_scales and all(abs(s - 1.0) > 1e-6 for s, _ in test_scales):
        as_p = all(abs(s - p) < 1e-6 for s, p in test_scales)
        as_1_minus_p = all(abs(s - (1 - p)) < 1e-6 for s, p in test_scales)
        # set N: at p = 0.5 alone, x * p and x * (1 - p) are one output: say both, not the one the source contradicts
        how = text("dropout_how_half") if as_p and as_1_minus_p else "p" if as_p else "1 - p" if as_1_minus_p else ""
        found.append(text("dropout_test_scaled", how=how or "?"))
    return text("dropout_found", what=join(" ", *found)) if found else ""


# The axes each mean of a normalisation is taken over, as the student's dx arrives (group norm: of
# x.reshape(N, G, C // G, H, W)). Whatever the formula's form, a right dx sums to zero over them: the output does not
# change when a constant is added to every value a mean is taken over.
NORMALISED_AXES = {"batchnorm_backward": (0,), "batchnorm_backward_alt": (0,), "layernorm_backward": (1,),
                   "spatial_batchnorm_backward": (0, 2, 3), "spatial_groupnorm_backward": (2, 3, 4)}
AXES_CODE = {"spatial_groupnorm_backward": "dx.reshape(N, G, C // G, H, W).sum(axis=(2, 3, 4))"}


# A dx computed in a transposed layout ((N * H * W, C) for spatial batch norm, (C // G * H * W, N * G) for group
# norm) and reshaped to (N, C, H, W) without transposing it back: read back in that layout, it is centred.
TRANSPOSED_LAYOUTS = {"spatial_batchnorm_backward": ("dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)", "(N * H * W, C)"),
                      "spatial_groupnorm_backward": ("dx.reshape(C // G * H * W, N * G).T.reshape(N, C, H, W)",
                                                     "(C // G * H * W, N * G)")}


def _transposed_back_centred(graded, case, dx) -> bool:
    if graded.name not in TRANSPOSED_LAYOUTS or dx.ndim != 4:
        return False
    N, C, H, W = dx.shape
    if graded.name == "spatial_batchnorm_backward":
        if H * W == 1 or C == 1:
            return False
        back = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)
        total, scale = back.sum(axis=(0, 2, 3)), np.abs(back).sum(axis=(0, 2, 3))
    else:
        G = case.params["G"]
        if N * G == 1 or C // G * H * W == 1:
            return False
        back = dx.reshape(C // G * H * W, N * G).T.reshape(N, G, -1)
        total, scale = back.sum(axis=2), np.abs(back).sum(axis=2)
    return bool(np.all(np.abs(total) <= 1e-7 * (1.0 + scale)))


# Simplified backwards real files write, each with one slip (set G): dx computed from the case's own x, dout and gamma
# (batch and layer norm: the student's forward, right or not, does not change what a right dx for this x is).
SIMPLIFIED = {"batchnorm_backward": 0, "batchnorm_backward_alt": 0, "layernorm_backward": 1}


def _simplified_dx(x, dout, gamma, eps, axis, variant):
    """The dx of a simplified backward with ``variant``'s slip (only slipped forms are built here)."""
    if variant.startswith("batch_formula"):
        # layer norm's x_hat and std (per sample), batch norm's sums over axis 0 and count N, gamma outside the
        # sums as batch norm's simplified form may put it, or inside
        mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        scale, n = 1.0 / np.sqrt(var + eps), x.shape[0]
        centred, gamma = (x - mean) * scale, np.ravel(gamma).reshape(1, -1)
        g, outside = (dout, gamma) if variant == "batch_formula_gamma_outside" else (gamma * dout, 1.0)
        return outside * scale / n * (n * g - g.sum(axis=0, keepdims=True)
                                      - centred * (g * centred).sum(axis=0, keepdims=True))
    n = x.shape[axis]
    mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, keepdims=True)
    scale = 1.0 / np.sqrt(var + eps)
    centred, slip = (x - mean) * scale, (x - var) * scale
    gamma = np.ravel(gamma).reshape(1, -1)
    if variant == "pattern_norm_backward_gamma_outside_sums":
        return gamma * scale / n * (n * dout - dout.sum(axis=axis, keepdims=True)
                                    - centred * (dout * centred).sum(axis=axis, keepdims=True))
    scaled = gamma * dout
    outer = {"var_for_std": 1.0 / var, "var_eps_for_std": 1.0 / (var + eps)}.get(variant, scale)
    ones = np.ones_like(centred)
    first, second = {"x_var_outside": (slip, centred), "x_var_inside": (centred, slip), "x_var_both": (slip, slip),
                     "var_term_outer_uncentred": (ones, centred), "var_term_inner_uncentred": (centred, ones)
                     }.get(variant, (centred, centred))
    return outer / n * (n * scaled - scaled.sum(axis=axis, keepdims=True)
                        - first * (scaled * second).sum(axis=axis, keepdims=True))


# what each slip of a simplified dx is told (the x - var slips share one sentence, as do 1 / var and 1 / (var + eps))
SIMPLIFIED_KEYS = {"x_var_outside": "pattern_norm_backward_x_minus_var", "x_var_inside": "pattern_norm_backward_x_minus_var",
                   "x_var_both": "pattern_norm_backward_x_minus_var", "var_for_std": "pattern_norm_backward_var_for_std",
                   "var_eps_for_std": "pattern_norm_backward_var_for_std",
                   "var_term_outer_uncentred": "pattern_norm_backward_var_term_uncentred",
                   "var_term_inner_uncentred": "pattern_norm_backward_var_term_uncentred",
                   "batch_formula": "pattern_ln_backward_batch_formula",
                   "batch_formula_gamma_outside": "pattern_ln_backward_batch_formula"}


def _simplified_variant(graded, cases, outputs) -> str:
    """The slip a wrong simplified dx shows on every case, or '': ``x - var`` typed for ``x - mean`` (one or both
    of its places), or, in layer norm, gamma taken out of the per-sample sums (right in batch norm only, where
    gamma is constant along the summed axis)."""
    if graded.name not in SIMPLIFIED:
        return ""
    axis = SIMPLIFIED[graded.name]
    variants = ["x_var_outside", "x_var_inside", "x_var_both", "var_for_std", "var_eps_for_std",
                "var_term_outer_uncentred", "var_term_inner_uncentred"]
    if axis == 1:
        variants += ["pattern_norm_backward_gamma_outside_sums", "batch_formula", "batch_formula_gamma_outside"]
    fitting, judged = set(variants), 0
    for case, out in zip(cases, outputs or []):
        dx = out.arrays.get("dx") if out is not None and not out.problem else None
        x, dout, gamma, eps = case.arrays.get("x"), case.arrays.get("dout"), case.arrays.get("gamma"), param_of(case, "eps")
        if dx is None or x is None or dout is None or gamma is None or np.shape(dx) != np.shape(x) or x.ndim != 2 \
                or np.size(gamma) != x.shape[1] or x.shape[axis] == 1:
            continue
        judged += 1
        with np.errstate(all="ignore"):
            fitting &= {v for v in fitting if any(
                np.allclose(dx, _simplified_dx(x, dout, gamma, e, axis, v), rtol=1e-5, atol=1e-8)
                for e in {eps or 1e-5, 1e-5})}
    keys = {SIMPLIFIED_KEYS.get(v, v) for v in fitting}
    if not judged or len(keys) != 1:
        return ""
    return keys.pop()


def _params_per_group(graded, cases, outputs) -> bool:
    """A group-norm backward whose dgamma and dbeta hold one value per group (G, not C), on every case where G and
    C differ (set H: sums over the grouped 5-D array kept as (1, G, 1, 1, 1))."""
    if graded.name != "spatial_groupnorm_backward":
        return False
    judged = per_group = 0
    for case, out in zip(cases, outputs or []):
        x, G = case.arrays.get("x"), param_of(case, "G")
        if out is None or out.problem or x is None or G is None or x.ndim != 4 or G == x.shape[1]:
            continue
        sizes = [np.size(out.arrays[k]) for k in ("dgamma", "dbeta") if out.arrays.get(k) is not None]
        if not sizes:
            continue
        judged += 1
        per_group += all(size == G for size in sizes)
    return bool(judged) and per_group == judged


# readings of dx that already speak of dgamma and dbeta
# dout flattened in another layout mixes dgamma's (and, without the transpose, dbeta's) sums too (learnB's sweep)
SAYS_PARAMS = {"pattern_gn_params_per_group", "pattern_dgamma_eps_missing", "pattern_dx_dgamma_eps_missing",
               "pattern_sbn_backward_dout_layout"}


def norm_backward_hint(graded, cases, outputs, output=None) -> str:
    """What a failing normalisation backward's dx says (``_norm_backward_dx_hint``), and what departs in its dgamma
    and dbeta from the textbook's sums (``grader.dx_terms.params_terms_hint``). Under dgamma or dbeta (``output``)
    only what speaks of that output: a reading of dx is dx's (set I: a dgamma slip was told a dx reading)."""
    from .dx_terms import params_terms_hint  # a failing norm backward's reading: not imported by every grading
    hint = _norm_backward_dx_hint(graded, cases, outputs)
    if keys_of(hint) & SAYS_PARAMS:
        return hint
    if output in ("dgamma", "dbeta"):
        return params_terms_hint(graded, cases, outputs, failing=(output,))
    return join("\n", hint, params_terms_hint(graded, cases, outputs))


# learnB's mutation sweep (our own mutants, not held out): a spatial norm backward whose way back does not undo its
# way in (W and H swapped) sums to zero where it should and was told "check the formula itself": each channel's dx
# holds the right values, in other places.
DX_PLACES_WAYS = {"spatial_batchnorm_backward": "dx_places_way_sbn", "spatial_groupnorm_backward": "dx_places_way_gn"}


def _right_spatial_dx(graded, case):
    """A right spatial norm's dx for the case's own x, dout and gamma."""
    x, dout = (np.asarray(case.arrays[k], dtype=np.float64) for k in ("x", "dout"))
    N, C, H, W = x.shape
    eps = param_of(case, "eps") or 1e-5
    g = dout * np.ravel(case.arrays["gamma"]).reshape(1, -1, 1, 1)
    if graded.name == "spatial_groupnorm_backward":
        G = param_of(case, "G")
        x, g, axes = x.reshape(N, G, -1), g.reshape(N, G, -1), (2,)
    else:
        axes = (0, 2, 3)
    M = int(np.prod([x.shape[a] for a in axes]))
    std = np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) / std
    dx = (M * g - g.sum(axis=axes, keepdims=True) - x_hat * (g * x_hat).sum(axis=axes, keepdims=True)) / (M * std)
    return dx.reshape(N, C, H, W)


def _dx_places_hint(graded, cases, outputs) -> str:
    """A spatial norm backward whose dx holds each channel's right values in other places, in every case where it is
    wrong (and one at least); ''."""
    if graded.name not in DX_PLACES_WAYS:
        return ""
    moved = 0
    for case, out in zip(cases, outputs or []):
        dx = out.arrays.get("dx") if out is not None and not out.problem else None
        if dx is None or any(case.arrays.get(k) is None for k in ("x", "dout", "gamma")) \
                or np.shape(dx) != np.shape(case.arrays["x"]) or np.size(case.arrays["gamma"]) != np.shape(dx)[1]:
            continue
        want = _right_spatial_dx(graded, case)
        if np.allclose(dx, want, rtol=1e-5, atol=1e-7):
            continue
        C = want.shape[1]
        got, right = (np.sort(np.asarray(a, dtype=np.float64).transpose(1, 0, 2, 3).reshape(C, -1), axis=1)
                      for a in (dx, want))
        if not np.allclose(got, right, rtol=1e-5, atol=1e-7):
            return ""
        moved += 1
    return text("pattern_norm_backward_places", function=graded.name, way=text(DX_PLACES_WAYS[graded.name])) \
        if moved else ""


# learnB's sweep: a spatial batch-norm backward that flattens dout in another layout than its forward flattened x
# (no transpose, or W before H), its way back right: each row of dout meets another position's x_hat.
DOUT_LAYOUTS = {"dout.reshape(-1, C)": lambda d: d.reshape(-1, d.shape[1]),
                "dout.transpose(0, 3, 2, 1).reshape(-1, C)": lambda d: d.transpose(0, 3, 2, 1).reshape(-1, d.shape[1])}


def _dout_layout_hint(graded, cases, outputs) -> str:
    """A spatial batch-norm backward whose dx is the right formula's on dout flattened in one of ``DOUT_LAYOUTS``
    against the rightly flattened x, in every case where it is wrong (and one at least); ''."""
    if graded.name != "spatial_batchnorm_backward":
        return ""
    fits = None
    for case, out in zip(cases, outputs or []):
        dx = out.arrays.get("dx") if out is not None and not out.problem else None
        if dx is None or any(case.arrays.get(k) is None for k in ("x", "dout", "gamma")) \
                or np.shape(dx) != np.shape(case.arrays["x"]) or np.size(case.arrays["gamma"]) != np.shape(dx)[1]:
            continue
        if np.allclose(dx, _right_spatial_dx(graded, case), rtol=1e-5, atol=1e-7):
            continue
        x, dout = (np.asarray(case.arrays[k], dtype=np.float64) for k in ("x", "dout"))
        N, C, H, W = x.shape
        rows = np.moveaxis(x, 1, -1).reshape(N * H * W, C)  # the forward's (N * H * W, C) rows
        std = np.sqrt(rows.var(axis=0) + (param_of(case, "eps") or 1e-5))
        x_hat = (rows - rows.mean(axis=0)) / std
        here = set()
        for code, layout in DOUT_LAYOUTS.items():
            g = layout(dout) * np.ravel(case.arrays["gamma"])
            M = g.shape[0]
            want = (M * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0)) / (M * std)
            if np.allclose(dx, want.reshape(N, H, W, C).transpose(0, 3, 1, 2), rtol=1e-5, atol=1e-7):
                here.add(code)
        fits = here if fits is None else fits & here
    if not fits:
        return ""
    return text("pattern_sbn_backward_dout_layout", function=graded.name, code=sorted(fits)[0])


def _norm_backward_dx_hint(graded, cases, outputs) -> str:
    """What a failing normalisation backward's dx says: it does not sum to zero over the normalised values, and for
    spatial batch norm whether it is the batch-norm formula with N where N * H * W belongs."""
    from .dx_terms import diagonal_hint, divided_by_x_hat_hint, dx_terms_hint
    axes = NORMALISED_AXES[graded.name]
    judged = centred = count_n = transposed = 0
    for case, out in zip(cases, outputs or []):
        dx = out.arrays.get("dx") if out is not None and not out.problem else None
        x, dout = case.arrays.get("x"), case.arrays.get("dout")
        if dx is None or x is None or dout is None or dx.shape != np.shape(x) or not np.all(np.isfinite(dx)):
            continue
        grouped = dx
        if graded.name == "spatial_groupnorm_backward":
            N, C, H, W = dx.shape
            grouped = dx.reshape(N, case.params["G"], C // case.params["G"], H, W)
        total = grouped.sum(axis=axes)
        judged += 1
        centred += bool(np.all(np.abs(total) <= 1e-7 * (1.0 + np.abs(grouped).sum(axis=axes))))
        transposed += _transposed_back_centred(graded, case, dx)
        if graded.name == "spatial_batchnorm_backward":
            # sum of gamma / (N * std) * (N * dout - sum(dout) - x_hat * sum(dout * x_hat)) over N * H * W values
            _, _, H, W = dx.shape
            std = np.sqrt(x.var(axis=axes) + case.params.get("eps", 1e-5))
            gamma = np.ravel(case.arrays.get("gamma", np.ones(dx.shape[1])))
            expected = gamma / std * dout.sum(axis=axes) * (1 - H * W)
            count_n += bool(np.allclose(total, expected, rtol=1e-5, atol=1e-9))
    variant = _simplified_variant(graded, cases, outputs) if judged else ""
    if variant:
        return text(variant, function=graded.name)
    if _params_per_group(graded, cases, outputs):
        return text("pattern_gn_params_per_group", function=graded.name)
    if not judged or centred:
        return ((_dgamma_eps_hint(graded, cases, outputs) if graded.name.startswith("batchnorm") else "")
                or _dx_places_hint(graded, cases, outputs) or _dout_layout_hint(graded, cases, outputs)
                or (dx_terms_hint(graded, cases, outputs) if judged else ""))
    if count_n == judged:
        return text("pattern_sbn_backward_count_n", function=graded.name)
    if transposed and transposed == judged:
        fix, layout = TRANSPOSED_LAYOUTS[graded.name]
        return text("pattern_norm_backward_not_transposed_back", function=graded.name, fix=fix, layout=layout)
    code = AXES_CODE.get(graded.name) or f"dx.sum(axis={axes[0] if len(axes) == 1 else axes})"
    # which part of the formula departs, read from dx's own numbers; where nothing fits, what its sums show
    return dx_terms_hint(graded, cases, outputs) or diagonal_hint(graded, cases, outputs) \
        or divided_by_x_hat_hint(graded, cases, outputs) or text("pattern_norm_backward_not_centred", function=graded.name, axes=code)


# Probes of the batch norms' running averages and of a constant feature (the issue's momentum 0 and 1): run in the
# sandbox like the conv probes, read with no reference (at momentum 0 the running mean becomes the batch mean, at
# momentum 1 it stays; a feature whose variance is 0 needs the eps of the denominator).
NORM_PROBED = {"batchnorm_forward": (0,), "spatial_batchnorm_forward": (0, 2, 3)}
NORM_PROBE_SEED = 20261203


def norm_probe_cases(graded) -> list:
    """Three train-mode probes of a batch norm: momentum 0, momentum 1, and a constant first feature."""
    from .functions import Case
    rng = np.random.default_rng(NORM_PROBE_SEED)
    shape = (6, 4) if graded.name == "batchnorm_forward" else (3, 4, 2, 3)
    C = shape[1]
    x = rng.standard_normal(shape) * 2.0 + 1.0
    constant = x.copy()
    constant[:, 0] = 3.0
    shared = {"gamma": 1.0 + 0.3 * rng.standard_normal(C), "beta": rng.standard_normal(C),
              "running_mean": 0.5 * rng.standard_normal(C), "running_var": rng.uniform(0.5, 2.0, C)}
    return [Case({"x": data, **shared}, {"mode": "train", "eps": 1e-5, "momentum": momentum},
                 f"probe momentum {momentum}" + (", first feature constant" if data is constant else ""))
            for data, momentum in ((x, 0.0), (x, 1.0), (constant, 0.9))]


def _flat(out, name):
    value = out.arrays.get(name) if out is not None and not out.problem else None
    return None if value is None else np.ravel(np.asarray(value, dtype=np.float64))


def _same(a, b) -> bool:
    return a is not None and a.size == np.size(b) and bool(np.allclose(a, np.ravel(b), rtol=1e-6, atol=1e-9))


def norm_probe_reading(graded, cases, outputs) -> str:
    """Word what the probes show (``norm_probe_cases``, the student's outputs on them), or ''."""
    if not outputs or len(outputs) != len(cases):
        return ""
    if any(_flat(out, "out") is None for out in outputs):
        return ""  # a probe raised (its bn_param still holds the averages it was given): nothing to read
    axes = NORM_PROBED[graded.name]
    x, old = cases[0].arrays["x"], cases[0].arrays["running_mean"]
    mean = x.mean(axis=axes)
    at_0, at_1 = _flat(outputs[0], "running_mean"), _flat(outputs[1], "running_mean")
    found = []
    if _same(at_0, mean) and _same(at_1, old):
        pass
    elif _same(at_0, old) and _same(at_1, mean):
        found.append("probe_norm_momentum_swapped")
    elif _same(at_0, old) and _same(at_1, old):
        found.append("probe_norm_not_updated")
    elif at_0 is not None and _same(at_0, at_1) and not _same(at_0, old):
        found.append("probe_norm_momentum_ignored")
    out = outputs[2].arrays.get("out") if outputs[2] is not None and not outputs[2].problem else None
    if out is not None and np.shape(out) == np.shape(cases[2].arrays["x"]) and \
            not np.all(np.isfinite(np.asarray(out, dtype=np.float64)[:, 0])):
        found.append("probe_norm_constant_feature")
    return join(" ", *(text(key) for key in found)) if found else ""


def norm_probe_hint(graded, context) -> str:
    """Run the batch-norm probes in the student's sandbox (once per function and submission) and word them."""
    if graded.name not in NORM_PROBED or context is None:
        return ""
    memo = context.__dict__.setdefault("_norm_probes", {})
    if graded.name not in memo:
        cases = norm_probe_cases(graded)
        memo[graded.name] = (cases, context.probe(graded, cases))
    cases, outputs = memo[graded.name]
    return norm_probe_reading(graded, cases, outputs)


# Which eps a train-mode forward normalised with, read from its own output: (out - beta) / gamma has the variance
# var / (var + e) over the normalised values, so e = var / var(z) - var (no reference needed).
FORWARD_AXES = {"batchnorm_forward": (0,), "layernorm_forward": (1,), "spatial_batchnorm_forward": (0, 2, 3),
                "spatial_groupnorm_forward": (2, 3, 4)}


def _eps_used(graded, case, out):
    """The eps the student's train-mode output was normalised with, per normalised group, or None."""
    x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
    if out is None or x is None or gamma is None or np.shape(out) != np.shape(x) or not np.all(np.isfinite(out)):
        return None
    axes = FORWARD_AXES[graded.name]
    if x.ndim == 4:
        gamma, beta = np.ravel(gamma).reshape(1, -1, 1, 1), np.ravel(beta).reshape(1, -1, 1, 1)
    if np.any(np.abs(gamma) < 1e-3):
        return None
    z, xs = (np.asarray(out, dtype=np.float64) - beta) / gamma, x
    if graded.name == "spatial_groupnorm_forward":
        N, C, H, W = x.shape
        G = case.params["G"]
        z, xs = z.reshape(N, G, C // G, H, W), x.reshape(N, G, C // G, H, W)
    var, var_z = xs.var(axis=axes), z.var(axis=axes)
    if np.any(var_z < 1e-12) or not np.allclose(z.mean(axis=axes), 0.0, atol=1e-6):
        return None  # not a normalisation over these axes: another reading's matter
    return var / var_z - var


def eps_hint(graded, cases, outputs) -> str:
    """Name the eps a failing normalisation forward used in train mode when it is not the case's: twice, none, or
    1e-5 whatever the dict holds (typed in, or read with a misspelt key)."""
    found = set()
    for case, out in zip(cases, outputs or []):
        if (case.params.get("mode") or "train") != "train":
            continue
        got = out.arrays.get("out") if out is not None and not out.problem else None
        used, eps = _eps_used(graded, case, got), param_of(case, "eps")
        if used is None or eps is None:
            continue
        close = lambda e: np.allclose(used, e, rtol=1e-3, atol=1e-9)  # noqa: E731
        if close(eps):
            continue
        found.add("pattern_eps_twice" if close(2 * eps) else "pattern_eps_missing" if close(0.0) else
                  f"pattern_eps_not_read:{eps}" if eps != 1e-5 and close(1e-5) else "")
    found.discard("")
    if len(found) != 1:
        return ""
    key, _, eps = found.pop().partition(":")
    return text(key, function=graded.name, eps=eps)


def _dgamma_eps_hint(graded, cases, outputs) -> str:
    """A batch-norm backward whose dx is right but whose dgamma used an x_hat without eps: sum(dout * (x - mean))
    / dgamma squared is the variance plus the eps it used."""
    judged = without = 0
    for case, out in zip(cases, outputs or []):
        dgamma = out.arrays.get("dgamma") if out is not None and not out.problem else None
        x, dout, eps = case.arrays.get("x"), case.arrays.get("dout"), param_of(case, "eps")
        if dgamma is None or x is None or dout is None or eps is None or np.size(dgamma) != x.shape[1]:
            continue
        dgamma = np.ravel(dgamma)
        spread = (dout * (x - x.mean(axis=0))).sum(axis=0)
        if np.any(np.abs(dgamma) < 1e-6):
            continue
        bare = np.allclose((spread / dgamma) ** 2, x.var(axis=0), rtol=1e-6)
        with_eps = np.allclose((spread / dgamma) ** 2, x.var(axis=0) + eps, rtol=1e-6)
        if bare and with_eps:
            continue  # eps too small beside this case's variance to show: the case cannot tell (seed 3's)
        judged += 1
        without += bool(bare)
    if not judged or without != judged:
        return ""
    key = "pattern_dx_dgamma_eps_missing" if _dx_xhat_eps_missing(cases, outputs) else "pattern_dgamma_eps_missing"
    return text(key, function=graded.name)


def _dx_xhat_eps_missing(cases, outputs) -> bool:
    """A batch-norm backward whose failing dx is the textbook one with the same x_hat without eps as its dgamma's,
    its 1 / np.sqrt(var + eps) with eps (RobinsoGarcia/cs231n-Spring2017's alt: its x_hat * sum(dx_hat * x_hat) term read it)."""
    judged = fits = 0
    for case, out in zip(cases, outputs or []):
        dx = out.arrays.get("dx") if out is not None and not out.problem else None
        x, dout, eps = case.arrays.get("x"), case.arrays.get("dout"), param_of(case, "eps")
        if dx is None or x is None or dout is None or eps is None or np.shape(dx) != np.shape(x) or x.ndim != 2:
            continue
        gamma = np.ravel(case.arrays.get("gamma", np.ones(x.shape[1])))
        N, mean, var = x.shape[0], x.mean(axis=0), x.var(axis=0)
        upstream = gamma * dout  # dx_hat

        def textbook(x_hat):
            return (N * upstream - upstream.sum(axis=0) - x_hat * (upstream * x_hat).sum(axis=0)) / \
                (N * np.sqrt(var + eps))
        bare = np.allclose(dx, textbook((x - mean) / np.sqrt(var)), rtol=1e-6, atol=1e-10)
        with_eps = np.allclose(dx, textbook((x - mean) / np.sqrt(var + eps)), rtol=1e-6, atol=1e-10)
        if bare and with_eps:
            continue  # a case where eps does not show cannot tell the two x_hat apart
        judged += 1
        fits += bool(bare)
    return bool(judged) and fits == judged


def per_sample_hint(graded, cases, outputs) -> str:
    """A spatial batch norm whose train-mode output is normalised per sample and channel over H and W (instance
    norm): every case with N > 1 shows it."""
    if graded.name != "spatial_batchnorm_forward":
        return ""
    judged = per_sample = 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x = case.arrays.get("x")
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or got.shape != x.shape \
                or x.shape[0] == 1:
            continue
        gamma, beta = (np.ravel(case.arrays[k]).reshape(1, -1, 1, 1) for k in ("gamma", "beta"))
        if np.any(np.abs(gamma) < 1e-3):
            continue
        z = (np.asarray(got, dtype=np.float64) - beta) / gamma
        judged += 1
        own = x.var(axis=(2, 3))  # each sample's own variance per channel
        per_sample += bool(np.allclose(z.mean(axis=(2, 3)), 0.0, atol=1e-6) and
                           np.allclose(z.var(axis=(2, 3)), own / (own + case.params.get("eps", 1e-5)), rtol=1e-4))
    return text("pattern_sbn_per_sample", function=graded.name) if judged and per_sample == judged else ""


TEST_AFFINE = ("batchnorm_forward", "spatial_batchnorm_forward")


def test_affine_hint(graded, cases, outputs) -> str:
    """What a batch norm's test-mode output is, when it is one of its known wrong forms (read with no reference:
    the running averages are the case's inputs; eps the case's or 1e-5 typed in): the normalised x without gamma and
    beta, a division by running_var + eps without the square root, or the batch's own statistics."""
    if graded.name not in TEST_AFFINE:
        return ""
    judged, forms = 0, []
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x = case.arrays.get("x")
        if (case.params.get("mode") or "train") != "test" or got is None or x is None or got.shape != x.shape:
            continue
        axes, shape = ((0,), (1, -1)) if x.ndim == 2 else ((0, 2, 3), (1, -1, 1, 1))
        mean, var = (np.ravel(case.arrays[k]).reshape(shape) for k in ("running_mean", "running_var"))
        gamma, beta = (np.ravel(case.arrays[k]).reshape(shape) for k in ("gamma", "beta"))
        batch_mean, batch_var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
        judged += 1
        found = set()
        close = lambda want: np.allclose(got, want, rtol=1e-5, atol=1e-7)  # noqa: E731
        without_sqrt = {}
        for eps in {param_of(case, "eps") or 1e-5, 1e-5, 0.0}:  # the case's, typed in, or none (1e-8 outside)
            if not (np.allclose(gamma, 1.0) and np.allclose(beta, 0.0)) and close((x - mean) / np.sqrt(var + eps)):
                found.add("pattern_test_without_gamma_beta")
            # held-out set R (wuwowuyi): beta alone left out, gamma * (x - running_mean) / np.sqrt(running_var + eps)
            # (any eps of the three: what test mode's eps is, its own reading or the source's says)
            if not np.allclose(beta, 0.0) and close(gamma * (x - mean) / np.sqrt(var + eps)):
                found.add("pattern_test_without_beta")
            want = gamma * (x - mean) / (var + eps) + beta
            if close(want):
                without_sqrt[eps] = float(np.max(np.abs(got - want)))
            if x.shape[0] > 1 and close(gamma * (x - batch_mean) / np.sqrt(batch_var + eps) + beta):
                found.add("pattern_test_batch_stats")
            # learnN's sweep: running_var made unbiased at test time, times M / (M - 1) (M the values one mean of
            # the forward covers), where the running average is used as it is
            count = x.size // x.shape[1]
            if eps and count > 1 and close(gamma * (x - mean) / np.sqrt(var * count / (count - 1) + eps) + beta):
                found.add("pattern_test_unbiased_running_var")
            # learnM's and learnN's pools (shahzaibqazi, ohs2033): the running averages updated with the test batch's own
            # statistics (the update sits before the mode branch), and x normalised with them
            momentum = param_of(case, "momentum")
            momentum = 0.9 if momentum is None else momentum
            fed_mean = momentum * mean + (1 - momentum) * batch_mean
            fed_var = momentum * var + (1 - momentum) * batch_var
            if eps and x.shape[0] > 1 and 0 < momentum < 1 and not np.allclose(fed_mean, mean, rtol=1e-5, atol=1e-7) \
                    and close(gamma * (x - fed_mean) / np.sqrt(fed_var + eps) + beta):
                found.add("pattern_test_updates_running")
        if without_sqrt:  # the eps that fits best: a division by running_var alone is said without eps
            found.add("pattern_test_without_sqrt" if min(without_sqrt, key=without_sqrt.get) else
                      "pattern_test_without_sqrt_no_eps")
        # set H: beta subtracted, eps left out (each alone or both; the case's eps must tell eps from none)
        case_eps = param_of(case, "eps") or 1e-5
        for eps, sign in ((case_eps, -1), (0.0, -1), (0.0, 1)):
            if (sign < 0 and np.allclose(beta, 0.0)) or (eps == 0.0 and close(gamma * (x - mean) / np.sqrt(
                    var + case_eps) + sign * beta)) or not close(gamma * (x - mean) / np.sqrt(var + eps) + sign * beta):
                continue
            found.update(({"pattern_test_minus_beta"} if sign < 0 else set()) | ({"bn_test_without_eps"} if eps == 0.0
                                                                              else set()))
        forms.append(found)
    common = set.intersection(*forms) if judged and len(forms) == judged else set()
    if not common:
        return _test_mode_form(graded, cases, outputs)
    return join(" ", *(text(key, function=graded.name) for key in sorted(common)))


# The divisors a test mode may normalise by, as code, from running_var and eps. The first is the right one.
TEST_DIVISORS = [("np.sqrt(running_var + eps)", lambda v, e: np.sqrt(v + e)),
                 ("running_var + eps", lambda v, e: v + e), ("running_var", lambda v, e: v),
                 ("np.sqrt(running_var)", lambda v, e: np.sqrt(v)),
                 ("np.sqrt(running_var) + eps", lambda v, e: np.sqrt(v) + e),
                 ("running_var ** 2", lambda v, e: v ** 2), ("running_var ** 2 + eps", lambda v, e: v ** 2 + e),
                 ("np.sqrt(running_var ** 2 + eps)", lambda v, e: np.sqrt(v ** 2 + e))]


TEST_CENTRES = ("x - running_mean", "x", "x - running_var", "x - running_mean + beta")


def _test_mode_form(graded, cases, outputs) -> str:
    """A batch norm's test-mode output read as gamma (or not) * (x - running_mean) / divisor + beta (or none, or
    minus it), over a small family of divisors, where no named form fits: the form with the fewest departures that
    fits every test case is shown as the student's, beside the right one. Nothing where none fits or the right one
    does."""
    fits = None
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x = case.arrays.get("x")
        if (case.params.get("mode") or "train") != "test" or got is None or x is None or got.shape != x.shape:
            continue
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        mean, var, gamma, beta = (np.ravel(case.arrays[k]).reshape(shape)
                                  for k in ("running_mean", "running_var", "gamma", "beta"))
        eps = param_of(case, "eps") or 1e-5
        here = set()
        # the numerator: x centred by running_mean, x not centred, or the two averages swapped (learnB's sweep)
        centres = {"x - running_mean": (x - mean, var), "x": (x, var), "x - running_var": (x - var, mean),
                   # learnM's pool (Al73r): beta added before the division, as its train mode does
                   "x - running_mean + beta": (x - mean + beta, var)}
        with np.errstate(all="ignore"):
            for (code, divisor), scaled, sign, centre in itertools.product(TEST_DIVISORS, (True, False), (1, 0, -1),
                                                                           TEST_CENTRES):
                centred, spread = centres[centre]
                want = (gamma if scaled else 1.0) * centred / divisor(spread, eps) + sign * beta
                # the swapped averages take the root of a running mean, NaN where it is negative: the same NaN fit
                finite = np.all(np.isfinite(want)) or centre == "x - running_var" and np.any(np.isfinite(want))
                if finite and np.allclose(got, want, rtol=1e-5, atol=1e-7, equal_nan=centre == "x - running_var"):
                    here.add((code, scaled, sign, centre))
        fits = here if fits is None else fits & here
    if not fits:
        return ""
    code, scaled, sign, centre = min(fits, key=lambda f: ((f[0] != TEST_DIVISORS[0][0]) + (not f[1]) + (f[2] != 1)
                                                          + (f[3] != TEST_CENTRES[0]), f))
    if code == TEST_DIVISORS[0][0] and scaled and sign == 1 and centre == TEST_CENTRES[0]:
        return ""
    if centre == "x - running_var":
        code = code.replace("running_var", "running_mean")
    alone = " " not in code or (code.startswith("np.sqrt(") and code.endswith(")") and code.count("(") == 1)
    formula = (("gamma * " if scaled else "") + (f"({centre})" if " " in centre else centre) + " / "
               + (code if alone else f"({code})") + {1: " + beta", 0: "", -1: " - beta"}[sign])
    # learnW's pool: `- beta` beside eps outside the root was shown in the formula alone; the shift's own slip is
    # said as where it is the only one (test_affine_hint)
    shift = {-1: "pattern_test_minus_beta", 0: "pattern_test_without_beta" if scaled else ""}.get(sign, "")
    return join(" ", text("pattern_test_form", function=graded.name, formula=formula),
                text(shift, function=graded.name) if shift else "")


def running_hint(graded, cases, outputs) -> str:
    """How a batch norm's running averages were updated, read from the train cases' inputs and outputs: fed
    var + eps, updated twice, or only multiplied by momentum."""
    return join(" ", running_var_hint(graded, cases, outputs), _running_mean_hint(graded, cases, outputs),
                _running_whole_hint(graded, cases, outputs))


def train_running_hint(graded, cases, outputs) -> str:
    """A batch norm whose train-mode output is normalised with the running averages it has just updated (the
    running_mean and running_var it returns, eps inside the square root) instead of the batch's own statistics
    (learnI's sweep: ryanbai2008/CS231n-assignments, told only "check the train branch"). Said where it fits every
    train case and some case's running mean is not its batch mean (where they agree the right formula fits too)."""
    if graded.name not in TEST_AFFINE:
        return ""
    judged = fits = apart = 0
    for case, out in zip(cases, outputs or []):
        arrays = out.arrays if out is not None and not out.problem else {}
        got, mean_out, var_out = (arrays.get(k) for k in ("out", "running_mean", "running_var"))
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        eps = param_of(case, "eps")
        if (case.params.get("mode") or "train") != "train" or any(a is None for a in (got, mean_out, var_out, x,
                                                                                        gamma, beta, eps)) \
                or np.shape(got) != np.shape(x) or np.size(mean_out) != x.shape[1] or np.size(var_out) != x.shape[1]:
            continue
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        if np.size(gamma) != x.shape[1] or np.size(beta) != x.shape[1]:
            continue
        mean_out, var_out = np.ravel(mean_out).reshape(shape), np.ravel(var_out).reshape(shape)
        gamma, beta = np.ravel(gamma).reshape(shape), np.ravel(beta).reshape(shape)
        judged += 1
        with np.errstate(all="ignore"):
            want = gamma * (x - mean_out) / np.sqrt(var_out + eps) + beta
        fits += bool(np.all(np.isfinite(want)) and np.allclose(got, want, rtol=1e-5, atol=1e-7))
        batch_mean = x.mean(axis=FORWARD_AXES[graded.name], keepdims=True)
        apart += not np.allclose(mean_out, batch_mean, rtol=1e-5, atol=1e-7)
    if judged and fits == judged and apart:
        return text("pattern_train_uses_running", function=graded.name)
    return ""


def _running_whole_hint(graded, cases, outputs) -> str:
    """A batch norm whose running mean (or variance) is fed the whole array's mean (variance), one number for every
    feature, in every train case (learnB's sweep: ``x.mean()`` with no axis, told "check the formula itself")."""
    if graded.name not in TEST_AFFINE:
        return ""
    said = []
    for name, whole in (("running_mean", np.mean), ("running_var", np.var)):
        judged = fed_whole = fed_one = fed_mean = 0
        for case, out in zip(cases, outputs or []):
            got = out.arrays.get(name) if out is not None and not out.problem else None
            x, momentum = case.arrays.get("x"), param_of(case, "momentum")
            if (case.params.get("mode") or "train") != "train" or got is None or x is None or momentum is None \
                    or not 0 <= momentum < 1 or np.size(got) != x.shape[1] or x.shape[1] < 2:
                continue
            fed = (np.ravel(got) - momentum * np.ravel(case.arrays[name])) / (1 - momentum)
            judged += 1
            fed_whole += bool(np.allclose(fed, whole(x), rtol=1e-5, atol=1e-9))
            # one number for every feature, another than x.mean() or x.var() (ryanbai2008/CS231n-assignments:
            # np.sum((x - mean) ** 2) / N, a sum with no axis), where the batch's own per-feature ones differ
            batch = whole(x, axis=FORWARD_AXES[graded.name])
            fed_one += bool(np.allclose(fed, fed[0], rtol=1e-6, atol=1e-9)
                            and not np.allclose(batch, batch[0], rtol=1e-3, atol=1e-6))
            # the batch's mean averaged in as its variance (file 124 of learnI's sweep: sample_var = np.mean(x, axis=0))
            mean = x.mean(axis=FORWARD_AXES[graded.name])
            fed_mean += bool(name == "running_var" and np.allclose(fed, mean, rtol=1e-5, atol=1e-9)
                             and not np.allclose(mean, batch, rtol=1e-3, atol=1e-6))
        axes = "axis=0" if graded.name == "batchnorm_forward" else "axis=(0, 2, 3)"
        if judged and fed_whole == judged:
            said.append(text("pattern_running_fed_whole", function=graded.name, name=name,
                             stat=f"x.{whole.__name__}()", axes=axes))
        elif judged and fed_one == judged:
            said.append(text("pattern_running_fed_one", function=graded.name, name=name, axes=axes))
        elif judged and fed_mean == judged:
            said.append(text("pattern_running_var_fed_mean", function=graded.name, axes=axes))
    return join(" ", *said)


def _running_mean_hint(graded, cases, outputs) -> str:
    if graded.name not in TEST_AFFINE:
        return ""
    judged, twice, shrunk = 0, 0, 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("running_mean") if out is not None and not out.problem else None
        x, momentum = case.arrays.get("x"), param_of(case, "momentum")
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or momentum is None \
                or not 0 < momentum < 1 or np.size(got) != x.shape[1]:
            continue
        old, mean = np.ravel(case.arrays["running_mean"]), x.mean(axis=(0,) if x.ndim == 2 else (0, 2, 3))
        got = np.ravel(got)
        judged += 1
        twice += bool(np.allclose(got, momentum ** 2 * old + (1 - momentum ** 2) * mean, rtol=1e-6, atol=1e-9))
        shrunk += bool(np.allclose(got, momentum * old, rtol=1e-6, atol=1e-9))
    if judged and twice == judged:
        return text("pattern_running_updated_twice", function=graded.name)
    if judged and shrunk == judged:
        return text("pattern_running_batch_not_added", function=graded.name)
    return ""


def variance_path_hint(graded, output, cases, outputs) -> str:
    """The last word on a batch or layer norm backward's wrong dx that sums to zero as it must (so the mean's path
    is there): the variance's path, where eps goes missing from a power of var + eps."""
    if output != "dx" or graded.name not in ("batchnorm_backward", "layernorm_backward"):
        return ""
    axes = NORMALISED_AXES[graded.name]
    judged = centred = 0
    for out in outputs or []:
        dx = out.arrays.get("dx") if out is not None and not out.problem else None
        if dx is None or not np.all(np.isfinite(dx)):
            continue
        judged += 1
        centred += bool(np.all(np.abs(dx.sum(axis=axes)) <= 1e-7 * (1.0 + np.abs(dx).sum(axis=axes))))
    return text("pattern_norm_backward_variance_path", function=graded.name) if judged and centred == judged else ""


def also_where_it_ran(hint, graded, cases, outputs):
    """An exception's hint and what the outputs of the cases that did not raise say (a dropout written for 2-D
    input that also keeps with 1 - p): several mistakes, each heard."""
    read = dropout_hint(graded, cases, outputs) if family(graded.name) else ""
    if not read or keys_of(read) <= keys_of(hint):
        return hint
    return join("\n", hint, join("", text("diag_also"), read))


def running_var_hint(graded, cases, outputs) -> str:
    """A batch norm whose running variance is fed var + eps (eps folded into the variance before the square root):
    the variance it averaged in is (running_var_out - momentum * running_var_in) / (1 - momentum)."""
    if graded.name not in TEST_AFFINE:
        return ""
    judged = with_eps = judged_std = std = plain = 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("running_var") if out is not None and not out.problem else None
        x, eps, momentum = case.arrays.get("x"), param_of(case, "eps"), param_of(case, "momentum")
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or eps is None \
                or momentum is None or momentum >= 1:
            continue
        axes = (0,) if x.ndim == 2 else (0, 2, 3)
        fed = (np.ravel(got) - momentum * np.ravel(case.arrays["running_var"])) / (1 - momentum)
        var = x.var(axis=axes)
        if fed.size != x.shape[1]:
            continue
        if momentum > 0 and not np.allclose(fed, var, rtol=1e-5):
            # momentum on the wrong term (its own sentence says so): what it fed in, read with its weights (set S,
            # nvnbny: swapped and var + eps, the second unsaid)
            swapped = (np.ravel(got) - (1 - momentum) * np.ravel(case.arrays["running_var"])) / momentum
            if np.allclose(swapped, var, rtol=1e-5) or np.allclose(swapped, var + eps, rtol=1e-5):
                fed = swapped
        # the standard deviation averaged in (with eps or without; a real file of set L divides by it at test time)
        judged_std += 1
        std += bool(np.allclose(fed, np.sqrt(var + eps), rtol=1e-5) or np.allclose(fed, np.sqrt(var), rtol=1e-5))
        if eps >= 1e-3:
            judged += 1
            with_eps += bool(np.allclose(fed, var + eps, rtol=1e-5))
            # np.std, with no eps: told apart from np.sqrt(var + eps) only where eps is large
            plain += bool(np.allclose(fed, np.sqrt(var), rtol=1e-5) and not np.allclose(fed, np.sqrt(var + eps),
                                                                                         rtol=1e-5))
    if judged_std and std == judged_std:
        return text("pattern_running_var_from_std_no_eps" if judged and plain == judged else
                    "mistake_bn_running_var_from_std")
    return text("pattern_running_var_with_eps", function=graded.name) if judged and with_eps == judged else ""


def reshape_hint(graded, cases, outputs) -> str:
    """A spatial batch norm that flattens x with x.reshape(-1, C) without moving C last first: each "feature" it
    normalises is then a mix of channels and positions."""
    if graded.name != "spatial_batchnorm_forward":
        return ""
    judged = mixed = 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        eps = param_of(case, "eps")
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or got.shape != x.shape:
            continue
        C = x.shape[1]
        flat = x.reshape(-1, C)
        want = (flat - flat.mean(axis=0)) / np.sqrt(flat.var(axis=0) + (eps or 1e-5)) * np.ravel(gamma) + np.ravel(beta)
        judged += 1
        mixed += bool(np.allclose(got, want.reshape(x.shape), rtol=1e-5, atol=1e-7))
    return text("pattern_sbn_reshape_without_transpose", function=graded.name) if judged and mixed == judged else ""


def unnormalised_hint(graded, cases, outputs) -> str:
    """A normalisation forward whose train-mode output is ``gamma * x + beta`` (set K: a group norm that computes
    x_hat and scales x): x itself scaled and shifted, never normalised, in every train case that can tell (one where
    the right output differs from it)."""
    if graded.name not in FORWARD_AXES:
        return ""
    judged = scaled = 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or gamma is None \
                or beta is None or np.shape(got) != np.shape(x) or not np.all(np.isfinite(got)):
            continue
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        if np.size(gamma) != x.shape[1] or np.size(beta) != x.shape[1]:
            continue
        gamma, beta = np.ravel(gamma).reshape(shape), np.ravel(beta).reshape(shape)
        plain = gamma * np.asarray(x, dtype=np.float64) + beta
        xs = x if graded.name != "spatial_groupnorm_forward" else \
            x.reshape(x.shape[0], case.params["G"], -1, *x.shape[2:])
        axes = FORWARD_AXES[graded.name]
        right = gamma * _formula(xs, axes, "right", param_of(case, "eps") or 1e-5).reshape(x.shape) + beta
        if np.allclose(plain, right, rtol=1e-5, atol=1e-7):
            continue  # x already normalised here: this case cannot tell
        judged += 1
        scaled += bool(np.allclose(got, plain, rtol=1e-5, atol=1e-7))
    return text("pattern_norm_not_normalised", function=graded.name) if judged and scaled == judged else ""


# Over which values a train-mode forward normalised, read from its own output (issue 19, fourth round): z =
# (out - beta) / gamma has mean 0 and variance var / (var + eps) over each set of values a mean was taken over.
# Per function: the grouped view of x (group norm: x.reshape(N, G, C // G, H, W)), the right axes, and the wrong
# axes real files take, each with the words that say what they mean.
WRONG_AXES = {
    "batchnorm_forward": ((0,), [((1,), "norm_over_features")]),
    "layernorm_forward": ((1,), [((0,), "norm_over_batch")]),
    "spatial_batchnorm_forward": ((0, 2, 3), [((0,), "norm_over_n_only"), ((1, 2, 3), "norm_over_chw"),
                                              ((2, 3), "norm_over_hw"),
                                              # set J: one spatial axis alone (told "H and W" before: a
                                              # normalisation over H alone is one over H and W too)
                                              ((2,), "norm_over_h_only"), ((3,), "norm_over_w_only")]),
    "spatial_groupnorm_forward": ((2, 3, 4), [((2,), "norm_over_group_channels"), ((3, 4), "norm_over_channel_hw"),
                                              ((0, 2, 3, 4), "norm_over_gn_batch"),
                                              ((1, 2, 3, 4), "norm_over_sample_all"),
                                              ((0, 3, 4), "norm_over_channel_batch"),
                                              # set I: axis 0 of x.reshape(N * G, -1), the rows' axis (told "layer
                                              # norm" or "spatial batch norm" before)
                                              ((0, 1), "norm_over_gn_rows")]),
}


def _normalised_over(z, xs, axes, eps) -> bool:
    """Is ``z`` ``xs`` normalised over ``axes`` (mean 0, variance var / (var + e) for the case's eps, 1e-5 typed
    in, or none), each value where ``xs``'s own normalised over ``axes`` is?"""
    var = xs.var(axis=axes, keepdims=True)
    if np.any(var < 1e-12) or not np.allclose(z.mean(axis=axes), 0.0, atol=1e-6):
        return False
    var_z = z.var(axis=axes, keepdims=True)
    if not any(np.allclose(var_z, var / (var + e), rtol=1e-4, atol=1e-9) for e in {eps or 1e-5, 1e-5, 0.0}):
        return False
    # and each value where xs's own is (set S, solidhtwoo: a group norm's right x_hat put back with
    # .reshape(H, W, C, N).transpose(3, 2, 0, 1) has mean 0 and variance 1 over each sample, its values scrambled,
    # and was told "layer norm over all channels", ~4.3 from layer norm's output)
    centred = xs - xs.mean(axis=axes, keepdims=True)
    return any(np.allclose(z, centred / np.sqrt(var + e), rtol=1e-3, atol=1e-4) for e in {eps or 1e-5, 1e-5, 0.0})


def _finest(z, xs, candidates, eps):
    """The key of the finest candidate (axes, key) that ``z`` is normalised over, or None where none fits or two
    candidates that differ only by axes of size 1 both would (this case cannot tell them apart)."""
    fitting = {}
    for axes, key in candidates:
        effective = frozenset(a for a in axes if xs.shape[a] > 1)
        if _normalised_over(z, xs, axes, eps):
            fitting.setdefault(effective, []).append(key)
    finest = [e for e in fitting if not any(other < e for other in fitting)]
    if len(finest) != 1 or len(fitting[finest[0]]) != 1:
        return None
    # A finer normalisation than any candidate (over a part of the finest's axes) would make its words untrue
    # (set J: axis=2 alone was told "H and W"): silence then.
    axes = sorted(finest[0])
    for size in range(1, len(axes)):
        for part in itertools.combinations(axes, size):
            if _normalised_over(z, xs, part, eps):
                return None
    return fitting[finest[0]][0]


def axes_hint(graded, cases, outputs) -> str:
    """A normalisation forward whose train-mode output is normalised over other values than its layer's (each
    (c, h, w) position over N, each position over its group's channels, ...): the same wrong axes, the finest that
    fit, in every case that can tell, and the right ones in none."""
    if graded.name not in WRONG_AXES:
        return ""
    right, wrong = WRONG_AXES[graded.name]
    candidates = [(right, "")] + wrong
    seen, unexplained, fits_none = [], False, False
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or gamma is None \
                or np.shape(got) != np.shape(x) or not np.all(np.isfinite(got)):
            continue
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        gamma, beta = np.ravel(gamma).reshape(shape), np.ravel(beta).reshape(shape)
        if np.any(np.abs(gamma) < 1e-3):
            continue
        z, xs = (np.asarray(got, dtype=np.float64) - beta) / gamma, x
        if graded.name == "spatial_groupnorm_forward":
            N, C, H, W = x.shape
            G = case.params["G"]
            z, xs = z.reshape(N, G, C // G, H, W), x.reshape(N, G, C // G, H, W)
        key = _finest(z, xs, candidates, param_of(case, "eps"))
        # (a case where some candidate's values are constant, N = 1 say, cannot tell)
        fits_none = fits_none or key is None and all(np.all(xs.var(axis=a) >= 1e-12) for a, _ in candidates) \
            and not any(_normalised_over(z, xs, axes, param_of(case, "eps")) for axes, _ in candidates)
        if key is not None:
            seen.append(key)
        unexplained = unexplained or key is None
    if not seen or len(set(seen)) != 1 or seen[0] == "":
        return ""
    # set J (LHaoRax/cs231n_homework_1718spring): C // G groups of G channels, each position normalised over its
    # group: per position over G = C // G channels where the two agree, none of these axes where they do not. Where
    # the formula's reading names the swapped groups, it is said instead, groups and axis (as the local check's
    # cases, none of which has G = C // G, already said it)
    if fits_none:
        # a case that fits no reading, now that each value is checked (learnV: a group norm's rows of C // G * H * W
        # values of x.transpose(1, 0, 2, 3), one channel over N, H and W only where C // G = N, was told so): the
        # reading holds on some cases only, and is left unsaid
        return ""
    if unexplained and graded.name == "spatial_groupnorm_forward" \
            and text("form_groups_swapped").render() in english(form_hint(graded, cases, outputs)):
        return ""
    return text("pattern_norm_axes", function=graded.name, got=text(seen[0]),
                want=text("norm_want_" + graded.name))


# A function whose gamma and beta the course documented in two shapes ((1, C, 1, 1) and (C,)): a student's file
# written for the other shape raises or broadcasts wrongly here, whatever else is wrong. It is probed with the other
# shape, and the reading of those outputs says what else is wrong.
CONVENTION_PROBED = {"spatial_groupnorm_forward"}
CONVENTION_PROBE_SEED = 20261204


def convention_probe_cases(graded) -> list:
    """Train-mode group-norm cases whose gamma and beta are (C,), for the readings of the outputs."""
    from .functions import Case
    rng = np.random.default_rng(CONVENTION_PROBE_SEED)
    cases = []
    for (N, C, H, W), G in (((2, 6, 4, 5), 3), ((3, 4, 3, 2), 2)):
        arrays = {"x": rng.standard_normal((N, C, H, W)) * 2.0 + 1.0, "gamma": 1.0 + 0.3 * rng.standard_normal(C),
                  "beta": rng.standard_normal(C)}
        cases.append(Case(arrays, {"G": G, "gn_param": {"eps": 1e-5}}, f"probe x {(N, C, H, W)}, G {G}, gamma (C,)"))
    return cases


def convention_reading(graded, context) -> str:
    """What a group norm written for (C,) gamma and beta does wrong besides (run once per function in the sandbox).

    The same cases are run with this kit's (1, C, 1, 1) gamma and beta too: where the two runs give the same outputs,
    the shape is not what it trips on, and the reading is said without "given (C,), it runs" (learnR's pool,
    forestLoop: a group norm that reshapes gamma to (C,) itself was told so, as if (1, C, 1, 1) were its trouble)."""
    if graded.name not in CONVENTION_PROBED or context is None or not hasattr(context, "probe"):
        return ""
    memo = context.__dict__.setdefault("_convention_probes", {})
    if graded.name not in memo:
        cases = convention_probe_cases(graded)
        kit = [dataclasses.replace(case, arrays={**case.arrays, **{k: case.arrays[k].reshape(1, -1, 1, 1)
                                                                   for k in ("gamma", "beta")}})
               for case in cases]
        both = context.probe(graded, cases + kit)
        memo[graded.name] = (cases, both[:len(cases)] if both else None, both[len(cases):] if both else None)
    cases, outputs, on_kit = memo[graded.name]
    if not outputs:
        return ""
    read = dropout_hint(graded, cases, outputs)
    if not read:
        return ""
    return read if _same_outputs(outputs, on_kit) else text("pattern_other_convention", reading=read)


def _same_outputs(outputs, others) -> bool:
    """Whether two runs of the same cases gave the same outputs, every one of them (none raised)."""
    if not outputs or not others or len(outputs) != len(others):
        return False
    for one, other in zip(outputs, others):
        if one is None or other is None or one.problem or other.problem or set(one.arrays) != set(other.arrays):
            return False
        for name, value in one.arrays.items():
            theirs = other.arrays[name]
            if np.shape(value) != np.shape(theirs) or not np.allclose(value, theirs, rtol=1e-12, atol=0, equal_nan=True):
                return False
    return True


# The formula a train-mode forward computed, matched value for value on the student's own output (issue 19, set G's
# misses): over which axes of which view its mean and variance were taken (none at all, a wrong pair inside the
# grouped array, G groups or C // G), and how they were used (``x - mean / std`` without parentheses, eps outside the
# square root, the transposed groups reshaped without transposing back). The fewest changes from the right formula
# that give the student's output, in every train case, are named; nothing when the right formula does.
# "form_var_other_count": the sum of squares divided by the size of the axes it does not run over (set K: a layer
# norm's 1 / N * np.sum(..., axis=1), N where D belongs).
# learnB's mutation sweep (our own mutants of the reference, not held out): the statistics one at a time over the
# wrong axes (``form_mean_axes``, ``form_var_axes``: the other one right), np.std where np.var belongs, x not
# centred, the unbiased variance (ddof=1), a mean divided by the size of the other axes, and eps added again to the
# standard deviation.
FORMS = ("right", "form_no_parentheses", "form_eps_outside_sqrt", "form_no_sqrt", "form_var_other_count",
         "form_std_for_var", "form_not_centred", "form_var_unbiased", "form_mean_other_count", "form_eps_added_to_std")
MIXED_FORMS = ("form_mean_axes", "form_var_axes")
# gamma or beta left out of the scale and shift (the sweep: `out = x_hat + beta`), read where nothing fits with both
AFFINES = ("", "form_gamma_missing", "form_beta_missing")
AXIS_NAMES = {2: ("N", "D"), 4: ("N", "C", "H", "W"), 5: ("N", "G", "C // G", "H", "W")}


def _formula(xs, axes, form, eps, right=None):
    mean, var = xs.mean(axis=axes, keepdims=True), xs.var(axis=axes, keepdims=True)
    if form in MIXED_FORMS:  # one statistic over ``axes``, the other over the right axes
        if form == "form_mean_axes":
            return (xs - mean) / np.sqrt(xs.var(axis=right, keepdims=True) + eps)
        return (xs - xs.mean(axis=right, keepdims=True)) / np.sqrt(var + eps)
    if form == "form_std_for_var":
        return (xs - mean) / np.sqrt(np.sqrt(var) + eps)
    if form == "form_not_centred":
        return xs / np.sqrt(var + eps)
    if form == "form_eps_added_to_std":
        return (xs - mean) / (np.sqrt(var + eps) + eps)
    if form in ("form_var_unbiased", "form_mean_other_count"):
        counted = int(np.prod([xs.shape[a] for a in axes]))
        if form == "form_var_unbiased":
            return (xs - mean) / np.sqrt(var * counted / max(counted - 1, 1) + eps)
        return (xs - mean * counted / (xs.size // counted)) / np.sqrt(var + eps)
    if form == "form_var_other_count":
        counted = int(np.prod([xs.shape[a] for a in axes]))
        return (xs - mean) / np.sqrt(var * counted / (xs.size // counted) + eps)
    if form == "form_no_parentheses":
        return xs - mean / np.sqrt(var + eps)
    if form == "form_eps_outside_sqrt":
        return (xs - mean) / (np.sqrt(var) + eps)
    if form == "form_no_sqrt":
        return (xs - mean) / (var + eps)
    return (xs - mean) / np.sqrt(var + eps)


# two slips of the formula at once (the sweep's pairs, told "check the formula itself"), read over the right axes in
# the right view only: x not centred beside a slip of the denominator, or the unbiased variance beside a slip of the
# root. Each sentence of FORMS says its own slip without quoting the other's formula, so the two are said together
# (x - mean / std is left out: its sentence quotes the whole formula).
PAIRED_FORMS = tuple((a, b) for a in ("form_not_centred",) for b in (
    "form_var_unbiased", "form_std_for_var", "form_eps_outside_sqrt", "form_no_sqrt", "form_eps_added_to_std")) + \
    tuple(("form_var_unbiased", b) for b in ("form_eps_outside_sqrt", "form_no_sqrt", "form_eps_added_to_std"))


def _paired_formula(xs, axes, pair, eps):
    counted = int(np.prod([xs.shape[a] for a in axes]))
    var = xs.var(axis=axes, keepdims=True)
    if "form_var_unbiased" in pair:
        var = var * counted / max(counted - 1, 1)
    root = {"form_std_for_var": lambda: np.sqrt(np.sqrt(var) + eps),
            "form_eps_outside_sqrt": lambda: np.sqrt(var) + eps, "form_no_sqrt": lambda: var + eps,
            "form_eps_added_to_std": lambda: np.sqrt(var + eps) + eps}.get(pair[1], lambda: np.sqrt(var + eps))()
    centred = xs if pair[0] == "form_not_centred" else xs - xs.mean(axis=axes, keepdims=True)
    return centred / root


def _subsets(ndim):
    return [tuple(a for a in range(ndim) if mask >> a & 1) for mask in range(1, 2 ** ndim)]


def _form_candidates(graded, case, no_eps=False):
    """(view, groups, axes, form) -> the x_hat it gives, laid out as x, for one case (``no_eps``: with eps 0)."""
    x = np.asarray(case.arrays["x"], dtype=np.float64)
    eps_values = {0.0} if no_eps else {param_of(case, "eps") or 1e-5, 1e-5}
    views = [("direct", "", x)]
    if graded.name == "spatial_groupnorm_forward":
        N, C, H, W = x.shape
        G = case.params["G"]
        views = [("direct", "G", x.reshape(N, G, C // G, H, W))]
        if C // G:  # when C // G == G the two views are one: a case that cannot tell them apart fits both
            views.append(("direct", "C // G", x.reshape(N, C // G, G, H, W)))
        if N * G > 1 and C // G * H * W > 1:
            views.append(("transposed", "G", x.reshape(N * G, -1).T))
            # x reshaped straight to (C // G * H * W, N * G), with no transpose on the way in (set G): each column
            # mixes samples, groups and positions; its result transposed back as the right layout would be
            views.append(("reshaped", "G", x.reshape(-1, N * G)))
    right = FORWARD_AXES[graded.name]
    found = {}
    for layout, groups, xs in views:
        axes_list = [(0,)] if layout in ("transposed", "reshaped") else _subsets(xs.ndim)
        # one statistic astray and the other right: read in the right view only, where "right" has a meaning
        mixed = MIXED_FORMS if layout == "direct" and groups in ("", "G") else ()
        for axes in axes_list:
            for form in FORMS + tuple(f for f in mixed if axes != right):
                for eps in eps_values:
                    x_hat = _formula(xs, axes, form, eps, right)
                    if layout == "reshaped":
                        x_hat = x_hat.T
                    found.setdefault((layout, groups, axes, form), []).append(x_hat.reshape(x.shape))
        if layout == "direct" and groups in ("", "G"):
            for pair in PAIRED_FORMS:
                for eps in eps_values:
                    found.setdefault((layout, groups, right, ("form_pair",) + pair), []).append(
                        _paired_formula(xs, right, pair, eps).reshape(x.shape))
        if layout == "direct" and groups in ("", "G"):
            # the right sum of squares over the right axes, divided by the size of other axes (the sweep: a group's
            # by H * W or C * H * W); the size of the axes it does not sum over is form_var_other_count's
            counted = int(np.prod([xs.shape[a] for a in right]))
            other = tuple(a for a in range(xs.ndim) if a not in right)
            mean, var = xs.mean(axis=right, keepdims=True), xs.var(axis=right, keepdims=True)
            for divisor in _subsets(xs.ndim):
                size = int(np.prod([xs.shape[a] for a in divisor]))
                if divisor == other:
                    continue
                for eps in eps_values:
                    x_hat = (xs - mean) / np.sqrt(var * counted / size + eps)
                    found.setdefault((layout, groups, right, ("form_var_divided", divisor)), []).append(
                        x_hat.reshape(x.shape))
    return found


def _sizes_named(axes, ndim) -> str:
    """``axes`` of a normalisation's view as the product of their letters (C for G and C // G together)."""
    names = list(AXIS_NAMES.get(ndim, ()))
    if len(names) <= max(axes):
        return ""
    said = [names[a] for a in axes]
    if ndim == 5 and 1 in axes and 2 in axes:
        said = [n for n in said if n not in ("G", "C // G")]
        said.insert(axes.index(1), "C")
    return " * ".join(said)


def form_hint(graded, cases, outputs) -> str:
    """What a normalisation forward's train-mode output was computed as, when it is one of the formulas real
    files write (``FORMS`` over any axes): each change from the right formula, named."""
    if graded.name not in FORWARD_AXES:
        return ""
    right_axes = FORWARD_AXES[graded.name]
    fitting, judged = _form_fitting(graded, cases, outputs, no_eps=False)
    no_eps = False
    if not any(judged and fitting[a] for a in AFFINES):
        # learnL's pool (ThaddeusHatcher): statistics over the whole array AND no eps, two slips that no form with
        # eps fits where a case passes a large eps: read again with eps 0, said beside the missing eps
        fitting, judged = _form_fitting(graded, cases, outputs, no_eps=True)
        no_eps = True
    said = _form_said(graded, cases, fitting, judged, right_axes)
    if no_eps and said:
        return text("pattern_norm_form", function=graded.name,
                    what=join(" ", said.fields["what"], text("form_eps_missing")))
    return said


def _form_fitting(graded, cases, outputs, no_eps):
    """affine -> the (view, groups, axes, form) keys that fit every judged train case; and how many were judged."""
    fitting, judged = {affine: None for affine in AFFINES}, 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or gamma is None \
                or np.shape(got) != np.shape(x) or not np.all(np.isfinite(got)):
            continue
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        gamma, beta = np.ravel(gamma).reshape(shape), np.ravel(beta).reshape(shape)
        if gamma.size != x.shape[1] or np.ravel(beta).size != x.shape[1]:
            continue
        got = np.asarray(got, dtype=np.float64)
        scales = {"": (gamma, beta), "form_gamma_missing": (1.0, beta), "form_beta_missing": (gamma, 0.0)}
        here = {affine: set() for affine in AFFINES}
        with np.errstate(all="ignore"):
            for key, x_hats in _form_candidates(graded, case, no_eps).items():
                for affine, (scale, shift) in scales.items():
                    if any(np.allclose(got, scale * x_hat + shift, rtol=1e-5, atol=1e-7) for x_hat in x_hats):
                        here[affine].add(key)
        judged += 1
        fitting = {a: here[a] if fitting[a] is None else fitting[a] & here[a] for a in AFFINES}
    return fitting, judged


def _form_said(graded, cases, fitting, judged, right_axes):
    """form_hint's words for the keys that fit."""
    # the scale and shift as written first; one of them left out only where nothing fits with both
    affine = next((a for a in AFFINES if judged and fitting[a]), None)
    if affine is None:
        return ""
    fitting = fitting[affine]
    layout0 = "direct"
    groups0 = "G" if graded.name == "spatial_groupnorm_forward" else ""
    right = (layout0, groups0, right_axes, "right")
    if right in fitting:
        return text("pattern_norm_form", function=graded.name, what=text(affine)) if affine else ""

    def changes(key):
        layout, groups, axes, form = key
        paired = isinstance(form, tuple) and form[0] == "form_pair"
        return (layout != layout0) + (groups != groups0) + (axes != right_axes and layout == layout0) + \
            (2 if paired else form != "right"), len(axes)
    # a tie (sizes equal in every case) is broken the same way in every process
    layout, groups, axes, form = min(fitting, key=lambda key: (changes(key), repr(key)))
    parts = []
    if isinstance(form, tuple) and form[0] == "form_pair":  # two slips over the right axes, each in its words
        return text("pattern_norm_form", function=graded.name,
                    what=join(" ", text(form[1]), text(form[2]), text(affine) if affine else ""))
    if isinstance(form, tuple):  # ("form_var_divided", the axes whose size divides); the axes are the right ones
        ndim = 5 if groups else len(np.shape(cases[0].arrays["x"]))
        written, count = _sizes_named(form[1], ndim), _sizes_named(right_axes, ndim)
        if not written or not count:
            return ""
        return text("pattern_norm_form", function=graded.name,
                    what=join(" ", text(form[0], written=written, count=count), text(affine) if affine else ""))
    if layout == "transposed":
        parts.append(text("form_transposed_not_back"))
    if layout == "reshaped":
        parts.append(text("form_reshaped_not_transposed"))
    if groups == "C // G":
        parts.append(text("form_groups_swapped"))
    if layout == layout0 and axes != right_axes:
        ndim = {"batchnorm_forward": 2, "layernorm_forward": 2, "spatial_batchnorm_forward": 4}.get(graded.name, 5)
        if len(axes) == ndim:
            got = text("form_axes_none")
        elif graded.name == "spatial_groupnorm_forward":
            got = text("form_axes_grouped", axes=axes[0] if len(axes) == 1 else axes, groups=groups)
        else:
            got = text("form_axes", axes=axes[0] if len(axes) == 1 else axes)
        if form in MIXED_FORMS:  # only one of the two statistics runs over these axes
            return text("pattern_norm_form", function=graded.name,
                        what=join(" ", text(form, got=got, want=text("norm_want_" + graded.name)),
                                  text(affine) if affine else ""))
        parts.append(text("form_wrong_axes", got=got, want=text("norm_want_" + graded.name)))
    if form in ("form_var_other_count", "form_mean_other_count"):
        names = AXIS_NAMES.get(5 if groups else len(np.shape(cases[0].arrays["x"])), ())
        if layout != layout0 or len(names) <= max(axes):
            return ""  # a count this reading cannot name
        parts.append(text(form, other=" * ".join(n for a, n in enumerate(names) if a not in axes),
                          count=" * ".join(names[a] for a in axes)))
    elif form != "right":
        parts.append(text(form))
    if affine:
        parts.append(text(affine))
    return text("pattern_norm_form", function=graded.name, what=join(" ", *parts))


# learnB's mutation sweep (our own mutants, not held out): a spatial norm whose statistics are right and whose way
# back to (N, C, H, W) does not undo its way in (transposed back in another order, reshaped straight back, W and H
# swapped) was told "check the formula itself". Each channel then holds its right values, in other places; or, reshaped
# straight back from (N * H * W, C), the right values spread over the channels.
PLACES_WAYS = {"spatial_batchnorm_forward": "places_way_sbn", "spatial_groupnorm_forward": "places_way_gn"}


def _right_out(graded, case):
    x = np.asarray(case.arrays["x"], dtype=np.float64)
    eps = param_of(case, "eps") or 1e-5
    xs = x.reshape(x.shape[0], case.params["G"], -1) if graded.name == "spatial_groupnorm_forward" else x
    axes = (2,) if xs.ndim == 3 else (0, 2, 3)
    x_hat = (xs - xs.mean(axis=axes, keepdims=True)) / np.sqrt(xs.var(axis=axes, keepdims=True) + eps)
    x_hat = x_hat.reshape(x.shape)
    shape = (1, -1, 1, 1)
    return np.ravel(case.arrays["gamma"]).reshape(shape) * x_hat + np.ravel(case.arrays["beta"]).reshape(shape)


def _wrong_spatial_outputs(graded, cases, outputs):
    """(case, out as float64, the right out) per train-mode case of a spatial norm forward (``_train_cases``) whose
    out is wrong."""
    for case, got in _train_cases(cases, outputs):
        got, want = np.asarray(got, dtype=np.float64), _right_out(graded, case)
        if not np.allclose(got, want, rtol=1e-5, atol=1e-7):
            yield case, got, want


def affine_channels_hint(graded, cases, outputs) -> str:
    """Set T (mikolez): a spatial norm whose x_hat is right but whose gamma and beta are applied through a flat view
    with no transpose first (``x_hat.reshape(N * H * W, C) * gamma``), so that values meet other channels' gamma and
    beta: every value of out is x_hat times some channel's gamma plus that channel's beta, and some not their own
    channel's, in every train case where out is wrong (one at least); ''."""
    if graded.name not in PLACES_WAYS:
        return ""
    moved = 0
    for case, got, want in _wrong_spatial_outputs(graded, cases, outputs):
        x = case.arrays["x"]
        g, b = (np.ravel(np.asarray(case.arrays[k], dtype=np.float64)) for k in ("gamma", "beta"))
        if np.any(np.abs(g) < 1e-6):
            return ""
        shape = (1, -1, 1, 1)
        x_hat = (want - b.reshape(shape)) / g.reshape(shape)
        # (values, channels): does value v equal x_hat_v * gamma[k] + beta[k]?
        fits = np.isclose(got.reshape(-1, 1), x_hat.reshape(-1, 1) * g + b, rtol=1e-5, atol=1e-7)
        own = np.broadcast_to(np.arange(len(g)).reshape(shape), x.shape).ravel()
        if not fits.any(axis=1).all() or fits[np.arange(own.size), own].all():
            return ""
        moved += 1
    return text("pattern_affine_other_channels", function=graded.name) if moved else ""


def beta_inside_hint(graded, cases, outputs) -> str:
    """learnM's pool (Al73r/CS231n): a batch or layer norm whose train-mode output is (x - mean + beta) / std *
    gamma, beta added before the division and the scale, in every train case (with the case's eps or none); ''."""
    if graded.name not in ("batchnorm_forward", "layernorm_forward"):
        return ""
    axis = FORWARD_AXES[graded.name]
    fits, judged = None, 0
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        eps = param_of(case, "eps") or 1e-5
        if (case.params.get("mode") or "train") != "train" or any(a is None for a in (got, x, gamma, beta)) \
                or np.shape(got) != np.shape(x) or np.ndim(x) != 2 or np.size(gamma) != x.shape[1] \
                or np.size(beta) != x.shape[1]:
            continue
        gamma, beta = np.ravel(gamma).reshape(1, -1), np.ravel(beta).reshape(1, -1)
        if np.allclose(beta, 0.0):
            continue
        mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, keepdims=True)
        judged += 1
        with np.errstate(all="ignore"):
            here = {name for name, e in (("case", eps), ("none", 0.0))
                    if np.allclose(got, (x - mean + beta) / np.sqrt(var + e) * gamma, rtol=1e-5, atol=1e-7)}
        fits = here if fits is None else fits & here
    if not judged or not fits:
        return ""
    said = text("pattern_beta_inside", function=graded.name)
    return said if "case" in fits else join(" ", said, text("pattern_eps_missing", function=graded.name))


def places_hint(graded, cases, outputs) -> str:
    """A spatial norm's train-mode output whose every channel holds the right values in other places (or, for
    spatial batch norm, the right (N * H * W, C) result reshaped straight back), in every train case where it is
    wrong (and one at least); ''."""
    if graded.name not in PLACES_WAYS:
        return ""
    moved = 0
    for case, got, want in _wrong_spatial_outputs(graded, cases, outputs):
        x = case.arrays["x"]
        C = x.shape[1]
        per_channel = [np.sort(a.transpose(1, 0, 2, 3).reshape(C, -1), axis=1) for a in (got, want)]
        # the (N * H * W, C) result reshaped straight to (N, C, H, W), with no transpose back, spreads a channel's
        # values over channels: read as itself
        straight = graded.name == "spatial_batchnorm_forward" and np.allclose(
            got, want.transpose(0, 2, 3, 1).reshape(x.shape), rtol=1e-5, atol=1e-7)
        if not straight and not np.allclose(*per_channel, rtol=1e-5, atol=1e-7):
            return ""
        moved += 1
    return text("pattern_norm_places", function=graded.name, way=text(PLACES_WAYS[graded.name])) if moved else ""


# A train-mode output that is NaN on some samples (set K: a layer norm whose mean and variance are both
# np.sum(x, axis=1), "12/24 not finite" and no hint): the statistics that give exactly those NaN, and the finite
# values elsewhere, are named; the square root of a negative "variance" is what makes them.
STAT_FORMS = {"mean": lambda xs, axes: xs.mean(axis=axes, keepdims=True),
              "sum": lambda xs, axes: xs.sum(axis=axes, keepdims=True)}


def _train_cases(cases, outputs):
    """(case, out) per train-mode case of a normalisation forward whose out came back of x's shape, with gamma and
    beta one value per channel (x's axis 1)."""
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get("out") if out is not None and not out.problem else None
        x, gamma, beta = (case.arrays.get(k) for k in ("x", "gamma", "beta"))
        if (case.params.get("mode") or "train") != "train" or got is None or x is None or gamma is None \
                or beta is None or np.shape(got) != np.shape(x) or np.size(gamma) != np.shape(x)[1]:
            continue
        yield case, got


def _train_outputs(cases, outputs):
    """Per ``_train_cases`` case: (x, out, gamma, beta, eps), the arrays as float64 and gamma and beta shaped to
    broadcast along x's axis 1."""
    for case, got in _train_cases(cases, outputs):
        x = case.arrays["x"]
        shape = (1, -1) + (1,) * (np.ndim(x) - 2)
        yield (np.asarray(x, dtype=np.float64), np.asarray(got, dtype=np.float64),
               np.ravel(case.arrays["gamma"]).reshape(shape), np.ravel(case.arrays["beta"]).reshape(shape),
               param_of(case, "eps"))


def nonfinite_stats_hint(graded, cases, outputs) -> str:
    """A normalisation forward whose train-mode output is not finite where its statistics, np.sum or np.mean of x
    standing for the variance (and np.sum for the mean), put a negative number under the square root; ''."""
    if graded.name not in FORWARD_AXES or graded.name == "spatial_groupnorm_forward":
        return ""
    axes = FORWARD_AXES[graded.name]
    fitting, judged, nan_seen = None, 0, False
    for x, got, gamma, beta, eps in _train_outputs(cases, outputs):
        here = set()
        with np.errstate(all="ignore"):
            for mean_form in ("mean", "sum"):
                for var_form in ("mean", "sum"):
                    for e in {eps or 1e-5, 1e-5}:
                        want = gamma * (x - STAT_FORMS[mean_form](x, axes)) / np.sqrt(STAT_FORMS[var_form](x, axes)
                                                                                        + e) + beta
                        finite = np.isfinite(want)
                        if np.array_equal(finite, np.isfinite(got)) and np.allclose(got[finite], want[finite],
                                                                                  rtol=1e-5, atol=1e-7):
                            here.add((mean_form, var_form))
        judged += 1
        nan_seen |= not np.all(np.isfinite(got))
        fitting = here if fitting is None else fitting & here
    if not judged or not nan_seen or not fitting or len(fitting) != 1:
        return ""
    mean_form, var_form = fitting.pop()
    code = f"axis={axes[0] if len(axes) == 1 else axes}"
    return join(" ", text("pattern_norm_nonfinite_variance", function=graded.name,
                          var=f"np.{var_form}(x, {code})", axes=code),
                text("pattern_norm_mean_as_sum", axes=code) if mean_form == "sum" else "")


# A train-mode output that is finite and normalised with plain sums where means belong (held-out set R: a layer norm
# with mu = np.sum(x, axis=1) and var = np.sum((x - mu) ** 2, axis=1), told only "check the formula itself"): the
# mean as a sum (its variance then taken around that sum, by a mean or np.var), the variance as a sum of the squared
# deviations, or both; each form is tried on every train-mode case and said only where exactly one fits them all.
SUMMED_FORMS = {("sum", "mean"): "pattern_norm_mean_summed", ("sum", "var"): "pattern_norm_mean_summed",
                ("mean", "sum"): "pattern_norm_var_summed", ("sum", "sum"): "pattern_norm_stats_summed"}


def summed_stats_hint(graded, cases, outputs) -> str:
    """A normalisation forward (not group norm) whose train-mode output is gamma * (x - M) / np.sqrt(V + eps) + beta
    with M or V a plain np.sum over the normalised axes where a mean belongs, and not the right one; ''."""
    if graded.name not in FORWARD_AXES or graded.name == "spatial_groupnorm_forward":
        return ""
    axes = FORWARD_AXES[graded.name]
    fitting, judged = None, 0
    for x, got, gamma, beta, eps in _train_outputs(cases, outputs):
        if not np.all(np.isfinite(got)) or int(np.prod([x.shape[a] for a in axes])) < 2:
            continue
        here = set()
        with np.errstate(all="ignore"):
            for mean_form in ("mean", "sum"):
                centred = x - STAT_FORMS[mean_form](x, axes)
                for var_form in ("mean", "sum", "var"):
                    var = x.var(axis=axes, keepdims=True) if var_form == "var" \
                        else STAT_FORMS[var_form](centred ** 2, axes)
                    for e in {eps or 1e-5, 1e-5}:
                        want = gamma * centred / np.sqrt(var + e) + beta
                        if np.all(np.isfinite(want)) and np.allclose(got, want, rtol=1e-5, atol=1e-7):
                            here.add((mean_form, var_form))
        judged += 1
        fitting = here if fitting is None else fitting & here
    if not judged or not fitting or fitting & {("mean", "mean"), ("mean", "var")}:
        return ""
    keys = {SUMMED_FORMS[form] for form in fitting if form in SUMMED_FORMS}
    if len(keys) != 1:
        return ""
    code = f"axis={axes[0] if len(axes) == 1 else axes}"
    return text(keys.pop(), function=graded.name, axes=code)


# A normalisation backward judged against its own forward (issue 19, set G: 8 of 16 misses were backwards told only
# "fails because the forward does"): the student's dx, computed on their own forward's cache, is compared with a
# numeric gradient of their own forward along a few random directions v: (f(x + h v) - f(x - h v)) / 2h, f =
# sum(dout * out). The forward runs in the sandbox on x +- h v; the parent computes everything from the arrays.
OWN_FORWARD_SEED, OWN_FORWARD_DIRECTIONS, OWN_FORWARD_STEP = 20261205, 2, 1e-5


def own_forward_cases(graded, cases):
    """Per backward case: the directions and the forward's cases at x + h v and x - h v (in that order)."""
    from .functions import Case
    rng = np.random.default_rng(OWN_FORWARD_SEED)
    directions, probes = [], []
    for case in cases:
        x = np.asarray(case.arrays["x"], dtype=np.float64)
        vs = [rng.standard_normal(x.shape) for _ in range(OWN_FORWARD_DIRECTIONS)]
        directions.append(vs)
        arrays = {k: v for k, v in case.arrays.items() if k != "dout"}
        for v in vs:
            for sign in (1, -1):
                probes.append(Case({**arrays, "x": x + sign * OWN_FORWARD_STEP * v}, dict(case.params),
                                   f"{case.label}, x {'+' if sign > 0 else '-'} h v"))
    return directions, probes


# The own-forward reading's three answers: dx is not the gradient of the student's own forward (beyond what eps
# explains), it is that gradient to the numeric gradient's own accuracy on every case (a case where eps's placement
# shows among them), or it cannot tell.
OWN_WRONG, OWN_RIGHT, OWN_UNKNOWN = "wrong", "right", ""
# how close dx must come to the numeric gradient of the student's forward, on every case, to be called its gradient:
# over the central difference's own error at h = 1e-5 (up to 3e-8 relative on the graded cases, measured on mirrored
# layer and group norms), and far under the gap eps's placement opens on a case with eps = 0.5 (2e-3 and more for eps
# outside the square root), which must be among the cases read: at eps = 1e-5 that gap is 3e-8 to 2e-5, and only the
# large eps tells it from the numeric error
OWN_RIGHT_TOLERANCE = 1e-6
# on a case whose eps is too small to tell its placement (1e-5), the central difference alone is what dx is compared
# with: a forward whose statistics run over very few values (set I: a group norm over axis 0 of x.reshape(N * G, -1),
# two rows at N = 1) is so curved there that its own error reaches 2e-6; eps's placement is told on the large-eps case
OWN_RIGHT_LOOSE = 1e-5


def own_forward_probed(graded, cases, outputs, context):
    """``(judged, directions, probed)``: the backward's cases it can be read on, the random directions and the
    student's forward's outputs at x + h v and x - h v (run once per function); None where nothing can be read."""
    from .functions import BY_NAME
    from .sandbox.protocol import literal
    if graded.name not in NORMALISED_AXES or not getattr(graded, "forward", "") or context is None \
            or not hasattr(context, "probe") or graded.fallback != literal(None):
        return None  # a backward with a documented cache may not run on its forward's
    judged = [i for i, out in enumerate(outputs or []) if out is not None and not out.problem
              and out.arrays.get("dx") is not None and "dout" in cases[i].arrays
              and np.shape(out.arrays["dx"]) == np.shape(cases[i].arrays["x"])]
    if not judged:
        return None
    memo = context.__dict__.setdefault("_own_forward", {})
    if graded.name not in memo:
        directions, probes = own_forward_cases(graded, [cases[i] for i in judged])
        memo[graded.name] = (directions, context.probe(BY_NAME[graded.forward], probes))
    directions, probed = memo[graded.name]
    if not probed or len(probed) != 2 * OWN_FORWARD_DIRECTIONS * len(judged):
        return None
    return judged, directions, probed


def own_forward_reading(graded, cases, outputs, context) -> str:
    """Is this failing normalisation backward's dx the gradient of the student's own forward, read numerically with
    no reference? ``OWN_WRONG`` where some case is further from it than eps explains, ``OWN_RIGHT`` where every case
    is within ``OWN_RIGHT_TOLERANCE`` and some case has an eps large enough that its placement would show (a right
    backward under a forward with eps outside the square root is neither: it is off by what eps explains),
    ``OWN_UNKNOWN`` otherwise (its forward raised or changed shape, or nothing was read)."""
    found = own_forward_probed(graded, cases, outputs, context)
    if found is None:
        return OWN_UNKNOWN
    judged, directions, probed = found
    wrong, read, close, telling = 0, 0, 0, False
    for n, i in enumerate(judged):
        dx, dout = np.asarray(outputs[i].arrays["dx"], dtype=np.float64), cases[i].arrays["dout"]
        tolerance = _own_forward_tolerance(graded, cases[i])
        for k, v in enumerate(directions[n]):
            plus, minus = probed[2 * (OWN_FORWARD_DIRECTIONS * n + k)], probed[2 * (OWN_FORWARD_DIRECTIONS * n + k) + 1]
            outs = [p.arrays.get("out") if p is not None and not p.problem else None for p in (plus, minus)]
            if any(o is None or np.shape(o) != np.shape(dout) for o in outs):
                return OWN_UNKNOWN  # the forward raised or changed shape here: nothing to compare with
            numeric = float(np.sum(dout * (np.asarray(outs[0], dtype=np.float64) - outs[1]))) / (2 * OWN_FORWARD_STEP)
            analytic = float(np.sum(dx * v))
            if not np.isfinite(numeric) or not np.isfinite(analytic):
                return OWN_UNKNOWN
            read += 1
            gap, size = abs(numeric - analytic), abs(numeric) + abs(analytic)
            wrong += gap > tolerance * size + 1e-6
            tells = tolerance >= 1e-2  # eps's placement opens a gap of this size here
            close += gap <= (OWN_RIGHT_TOLERANCE if tells else OWN_RIGHT_LOOSE) * size + 1e-9
            telling |= tells
    if not read:
        return OWN_UNKNOWN
    if wrong:
        return OWN_WRONG
    # a mirror runs where its forward does: a backward that raised or returned no dx on some case is not one
    return OWN_RIGHT if close == read and telling and len(judged) == len(cases) else OWN_UNKNOWN


def wrong_for_own_forward(graded, cases, outputs, context) -> bool:
    """Is this failing normalisation backward's dx not the gradient of the student's own forward, on every case
    where both ran (read numerically, with no reference)? False where it cannot tell."""
    return own_forward_reading(graded, cases, outputs, context) == OWN_WRONG


def _own_forward_tolerance(graded, case) -> float:
    """The relative difference between dx and the numeric gradient of the student's own forward that tells a
    mistake of the backward's own: 1e-4, widened by what eps can explain (a right backward under a forward with eps
    outside the square root, or eps typed in, is off its forward's gradient by about eps / std, 0.5 on a case with a
    large eps: that is the forward's mistake, never the backward's)."""
    x = np.asarray(case.arrays["x"], dtype=np.float64)
    eps = param_of(case, "eps")
    eps = 1e-5 if eps is None else float(eps)
    if graded.name == "spatial_groupnorm_backward" and x.ndim == 4 and param_of(case, "G"):
        N, C, H, W = x.shape
        x = x.reshape(N, int(param_of(case, "G")), -1, H, W)
    std = np.sqrt(x.var(axis=NORMALISED_AXES[graded.name]))
    smallest = float(std.min()) if std.size else 0.0
    return 1e-4 + (10 * abs(eps) / smallest if smallest > 0 else np.inf)


def _params_follow_forward(graded, cases, outputs, found) -> bool:
    """Are this backward's dgamma and dbeta, on every case read, the gradients of the student's own forward with
    respect to gamma and beta: sum(dout * (out - beta) / gamma) and sum(dout) over every axis but the channels',
    out the forward's own (the mean of its outputs at x + h v and x - h v, off by h ** 2)?"""
    judged, directions, probed = found
    for n, i in enumerate(judged):
        got = {k: outputs[i].arrays.get(k) for k in ("dgamma", "dbeta")}
        x, dout = np.asarray(cases[i].arrays["x"], dtype=np.float64), cases[i].arrays["dout"]
        gamma, beta = (cases[i].arrays.get(k) for k in ("gamma", "beta"))
        if any(v is None for v in (*got.values(), gamma, beta)) or np.size(gamma) != x.shape[1] \
                or np.size(beta) != x.shape[1]:
            return False
        plus, minus = probed[2 * OWN_FORWARD_DIRECTIONS * n], probed[2 * OWN_FORWARD_DIRECTIONS * n + 1]
        out = (np.asarray(plus.arrays["out"], dtype=np.float64) + minus.arrays["out"]) / 2
        shape = (1, -1) + (1,) * (x.ndim - 2)
        gamma, beta = np.ravel(gamma).reshape(shape), np.ravel(beta).reshape(shape)
        if np.any(np.abs(gamma) < 1e-3):
            return False
        axes = tuple(a for a in range(x.ndim) if a != 1)
        want = {"dgamma": np.sum(dout * (out - beta) / gamma, axis=axes), "dbeta": np.sum(dout, axis=axes)}
        for k, v in got.items():
            v = np.asarray(v, dtype=np.float64)
            if v.size != x.shape[1] or not np.allclose(np.ravel(v), want[k], rtol=1e-6, atol=1e-8):
                return False
    return True


def _own_beyond_cache(graded, cases, outputs, context):
    """The reading of dx term by term (``grader.dx_terms``) when it shows a mistake of the backward's own that no
    cache of its forward explains, the statistics behind its x_hat checked against that forward's own output; ''
    otherwise."""
    from .dx_terms import beyond_cache
    found = own_forward_probed(graded, cases, outputs, context)
    if found is None:
        return ""
    judged, _, probed = found
    outs = []
    for n in range(len(judged)):
        plus, minus = probed[2 * OWN_FORWARD_DIRECTIONS * n], probed[2 * OWN_FORWARD_DIRECTIONS * n + 1]
        outs.append((np.asarray(plus.arrays["out"], dtype=np.float64) + minus.arrays["out"]) / 2)
    return beyond_cache(graded, [cases[i] for i in judged], [outputs[i] for i in judged], outs)


def with_own_forward(hint, graded, output, cases, outputs, context):
    """``hint`` marked, for the dependants' pass (``grader.dependants``), with what the backward is for its own
    forward: ``own_forward_marked`` where its dx is not that forward's gradient (a dependant so marked keeps its own
    hint beside the root's line), ``own_forward_mirror`` where dx is exactly that gradient (a mirror: it repeats its
    forward's mistake, and says so beside the root's line), on dgamma and dbeta too when they are that forward's
    gradients as well. Worded as ``hint`` itself; unmarked where the reading cannot tell."""
    if output not in ("dx", "dgamma", "dbeta"):
        return hint
    if getattr(graded, "own_forward", False):
        return _with_own_dropout_forward(hint, graded, output, cases, outputs, context)
    reading = own_forward_reading(graded, cases, outputs, context)
    if reading == OWN_WRONG and output == "dx":
        # wrong everywhere its forward is: its own mistake is told only where no cache of that forward explains it
        own = _own_beyond_cache(graded, cases, outputs, context)
        return text("own_forward_marked", forward=graded.forward, own=hint or text("own_forward_not_gradient"),
                    beyond_cache=own)
    if reading == OWN_RIGHT and (output == "dx" or _params_follow_forward(
            graded, cases, outputs, own_forward_probed(graded, cases, outputs, context))):
        return text("own_forward_mirror", forward=graded.forward, own=hint or text("own_forward_is_gradient",
                                                                                   forward=graded.forward))
    return hint


def _with_own_dropout_forward(hint, graded, output, cases, outputs, context):
    """A random forward's backward (dropout's) read beside its own forward's out on each train-mode case
    (``forward_out``), ``hint`` marked for the dependants' pass as ``with_own_forward`` marks a normalisation's:
    ``own_forward_mirror`` where dx is dout * out / x, the exact gradient of that forward, on every case where the
    forward drew a mask, and wrong on some case where the forward raised (the backward then ran on the documented
    cache, the mask a right forward stores): it rebuilds its forward's own way of dropping instead of using the
    mask it is handed, and will need that forward's change (``mirrored``: the cases it mirrored); and
    ``own_forward_marked`` where dx is dout times that forward's out, read with the forward's source storing out
    in its cache (``beyond_cache``: that reading). Unmarked where neither holds on every case read."""
    from .scoring import _a_draw
    if output != "dx":
        return hint
    mirrored, times_out, other, fallback_wrong, raised = [], 0, 0, 0, ""
    unscaled = []  # learnR's pool (Ciroo): the scale its forward gave the kept units, where dx passes dout unscaled
    for case, out in zip(cases, outputs):
        param = case.params.get("dropout_param") or {}
        x, dout = case.arrays.get("x"), case.arrays.get("dout")
        if param.get("mode") != "train" or out is None or x is None or dout is None:
            continue
        x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
        own, dx = out.arrays.get("forward_out"), out.arrays.get("dx")
        usable = own is not None and np.shape(own) == x.shape and np.all(np.isfinite(own)) \
            and _a_draw(x != 0, own != 0, float(param["p"]))
        if not usable:
            if out.events and out.events[0].get("raised"):  # its forward raised: it ran on the documented cache
                mask = case.arrays.get("mask")
                if mask is None:
                    continue
                if dx is None or np.shape(dx) != x.shape or not np.allclose(dx, dout * mask, rtol=1e-6, atol=1e-8):
                    fallback_wrong += 1
                    raised = raised or next((str(e["raised"]).split(":")[0] for e in out.events[1:]
                                             if e.get("raised")), "")
            else:
                other += 1
            continue
        if dx is None or np.shape(dx) != x.shape or not np.all(np.isfinite(dx)):
            other += 1
            continue
        live = x != 0
        gradient = dout[live] * own[live] / x[live]
        if np.allclose(dx[live], gradient, rtol=1e-6, atol=1e-8):
            mirrored.append(case.label)
        elif np.allclose(dx, dout * own, rtol=1e-6, atol=1e-8) and not np.allclose(gradient, dout[live] * own[live]):
            times_out += 1
        elif (scale := _unscaled_scale(dx, dout, own, x, float(param["p"]))) is not None:
            unscaled.append(scale)
        else:
            other += 1
    if other:
        return hint
    if unscaled and not mirrored and not times_out and not fallback_wrong:
        # a forward scaling its kept units otherwise than by 1 / p (by 1 / (1 - p), keeping 1 - p), its backward
        # passing dout through them unscaled: fixing the forward's draw leaves the backward wrong
        own = text("dropout_backward_unscaled_own", scale=f"{unscaled[0]:.4g}")
        return text("own_forward_marked", forward=graded.forward, own=hint or own, beyond_cache=own)
    if mirrored and fallback_wrong and not times_out:
        how = text("dropout_mirror_raised", raised=raised) if raised else text("dropout_mirror_wrong")
        also = text("dropout_backward_mirror_cache", function=graded.name, forward=graded.forward, how=how)
        return text("own_forward_mirror", forward=graded.forward,
                    own=hint or text("own_forward_is_gradient", forward=graded.forward),
                    mirrored=tuple(mirrored), also=also)
    if times_out and not mirrored and not fallback_wrong:
        from .exception_rules import cache_holds_out
        stored = cache_holds_out(graded, context)
        if stored:
            # where its forward is right, this is what is wrong: it stands in for a mere localisation
            only_where = all(key.startswith("where_") for key in keys_of(hint))
            return text("own_forward_marked", forward=graded.forward,
                        own=stored if only_where else lines(hint, stored), beyond_cache=stored)
    return hint
