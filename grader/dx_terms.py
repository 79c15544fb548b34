"""Which part of a normalisation backward's dx is wrong, read from the student's own numbers with no pattern per
mistake (issue 19, sixth round).

On a case's own x, dout, gamma and eps the textbook's dx is a sum of three terms over the set S of M values one mean
of the forward covers:

    T1 = s * dx_hat,  T2 = s * mean_S(dx_hat),  T3 = s * x_hat * mean_S(dx_hat * x_hat),  dx = T1 - T2 - T3

with dx_hat the gradient reaching x_hat (dout times gamma), s = 1 / np.sqrt(var + eps) and x_hat = (x - mean) * s. A wrong dx is fitted by least
squares as a * T1 - b * T2 - c * T3 over a small family of variants of those building blocks (s as 1 / var or with
eps misplaced or typed in, S over another family's axes, gamma left out, taken out of the means or swapped with beta,
the variance's term with x - mean or 1 in place of either x_hat). The coefficients say the rest: b = 0 is a missing term, b = M / M' a mean
counted over M' values. The variant that fits every case (relative residual below 1e-7) with the fewest departures
is named, each departure in its own line; when none fits, or two different readings fit as well, nothing is said.

TRUSTED SIDE, shipped with the student's check (grader.public_tests) and used by the instructor's diagnosis alike.
"""
from __future__ import annotations

import itertools

import numpy as np

from .functions import param_of
from .i18n import join, text

RESIDUAL = 1e-7      # the relative residual under which a variant is the student's dx
COEFFICIENT = 1e-6   # how close a fitted coefficient must come to the value it is read as
MAX_STRUCTURAL = 2   # departures of the building blocks tried at once


def _view(name, x, G):
    """x as the array whose axes the means run over (group norm: (N, G, C // G, H, W))."""
    if name == "spatial_groupnorm_backward" and G:
        N, C, H, W = x.shape
        return x.reshape(N, G, C // G, H, W)
    return x


# The sets S a backward's means may run over: (name as code, grouped view or not, axes). The first is the textbook's.
SETS = {
    "batchnorm_backward": [("axis=0", False, (0,)), ("axis=1", False, (1,))],
    "batchnorm_backward_alt": [("axis=0", False, (0,)), ("axis=1", False, (1,))],
    "layernorm_backward": [("axis=1", False, (1,)), ("axis=0", False, (0,))],
    "spatial_batchnorm_backward": [("axis=(0, 2, 3)", False, (0, 2, 3)), ("axis=(2, 3)", False, (2, 3)),
                                   ("axis=(1, 2, 3)", False, (1, 2, 3))],
    "spatial_groupnorm_backward": [("x.reshape(N, G, C // G, H, W), axis=(2, 3, 4)", True, (2, 3, 4)),
                                   ("x.reshape(N, G, C // G, H, W), axis=(0, 2, 3, 4)", True, (0, 2, 3, 4)),
                                   ("axis=(0, 2, 3)", False, (0, 2, 3)), ("axis=(1, 2, 3)", False, (1, 2, 3))],
}

# The sets whose mean and variance give x_hat and std: the textbook's, the other families', and the whole array (a
# forward with no axis, whose cache a dependant backward reads). The first is the textbook's.
STATS = {name: sets + [("axis=None", False, None)] for name, sets in SETS.items()}

# The factor 1 / std a backward may use: (code, function of var and the case's eps). The first is the textbook's.
SCALES = [("1 / np.sqrt(var + eps)", lambda v, e: 1.0 / np.sqrt(v + e)),
          ("1 / var", lambda v, e: 1.0 / v),
          ("1 / (var + eps)", lambda v, e: 1.0 / (v + e)),
          ("1 / np.sqrt(var)", lambda v, e: 1.0 / np.sqrt(v)),
          ("1 / (np.sqrt(var) + eps)", lambda v, e: 1.0 / (np.sqrt(v) + e)),
          ("1 / np.sqrt(var + 2 * eps)", lambda v, e: 1.0 / np.sqrt(v + 2 * e)),  # set I: eps added twice
          ("1 / np.sqrt(var + 1e-5)", lambda v, e: 1.0 / np.sqrt(v + 1e-5)),
          ("1 / np.sqrt(var + 1e-8)", lambda v, e: 1.0 / np.sqrt(v + 1e-8)),
          # set K: multiplied by the variance where 1 / std belongs
          ("var", lambda v, e: v),
          # learnL (learnM's vivek2188/Study): multiplied by the standard deviation where it is divided by it
          ("np.sqrt(var + eps)", lambda v, e: np.sqrt(v + e)),
          # learnB's sweep: the square root of the standard deviation (np.sqrt(std), std ** 0.5) where std belongs
          ("1 / np.sqrt(std)", lambda v, e: 1.0 / np.sqrt(np.sqrt(v + e)))]
TYPED = {"1 / np.sqrt(var + 1e-5)": "1e-5", "1 / np.sqrt(var + 1e-8)": "1e-8"}
# scales read in dx's outer factor only: in the variance's term alone, 1 / np.sqrt(std) squared is that term times
# std, T3's (x_hat, x - mean), one reading already
OUTER_ONLY = {"1 / np.sqrt(std)", "np.sqrt(var + eps)"}
# learnL: std where 1 / std belongs, in dx's outer factor alone (x_hat right): in x_hat or in one x_hat of the
# variance's term, std times x_hat is x - mean, which T3's forms read already (two wordings of one dx, no reading)
WHOLE_DX_ONLY = {"np.sqrt(var + eps)"}
# Where a variant's scale stands: dx's outer factor alone (x_hat right), there and in x_hat ("same"), or (set J) in
# the variance's term alone, in both its x_hat (`(x - mean) / var` where x_hat * x_hat's 1 / (var + eps) belongs) or
# in one (a d std / d var taken without eps), the rest of dx right
XHAT_SCALES = ("textbook", "same", "t3_both", "t3_one", "t3_all")
T3_SCALED = ("t3_both", "t3_one", "t3_all")
# learnL (eleventh round): the variance's term scaled as a whole, its outer factor and both x_hat, by the variant's
# scale ("t3_all": a d var written with `var ** -1.5` where `(var + eps) ** -1.5` belongs); and the mean's term with a
# scale of its own, the rest of dx right or the variance's term wholly scaled ("t2"): multiplied by std where it is
# divided by it, or not divided at all (a d mean written as `np.sum(-dx_hat * std)` or `np.sum(dout) / N`). The first
# is the textbook's (the mean's term scaled as the rest of dx).
T2_SCALES = [("textbook", None),
             ("np.sqrt(var + eps)", lambda v, e: np.sqrt(v + e)),
             ("1", lambda v, e: np.ones_like(v))]

# The variance's term, T3 = s * A * mean(dx_hat * B): (A, B) as x_hat, x - mean ("centred") or 1 ("one").
# ((x - mean), x_hat) is (x_hat, (x - mean)): one of the two is tried, so that they are not two readings
T3_FORMS = [("x_hat", "x_hat")] + [form for form in itertools.product(("x_hat", "centred", "one"), repeat=2)
                                    if form not in (("x_hat", "x_hat"), ("one", "one"), ("centred", "x_hat"))]
# set I: a staged backward typing the cached mean where x - mean belongs, in d var's sum or in dx's term through d var:
# x_hat with the mean in place of x - mean ("mean_hat", mean / std), one of the two x_hat only
T3_FORMS += [("x_hat", "mean_hat"), ("mean_hat", "x_hat")]
# learnL (learnM's wanghao15536870732/StudyNotes alt): the variance in place of x - mean in dx's term through d var,
# `2 * var * dvar / m` ("var_hat", var / std, beside d var's own x_hat)
T3_FORMS += [("var_hat", "x_hat")]
# held-out set U (lllllliuji): x itself where x - mean belongs, in d var's sum and in dx's term through it ("x_raw",
# x / std, both), right only where each mean is 0
T3_FORMS += [("x_raw", "x_raw")]
T3_CODE = {"x_hat": "x_hat", "centred": "(x - mean)", "one": "1", "mean_hat": "mean / std", "var_hat": "var / std",
           "x_raw": "x / std"}
# dx_hat as dout times gamma; gamma outside the means; none; beta; x_hat times gamma (set G: dx built from x_hat);
# dout times gamma laid out along the flattened 4-D array, element k taking gamma[k % C] where its channel's belongs
# (set J: gamma.reshape(1, C).repeat(N * H * W, 0) reshaped like x, rows that are not x's)
GAMMAS = ["inside", "outside", "missing", "beta", "xhat", "tiled"]


def _counts(name, x, G):
    """The counts a student may divide a mean by, as code, with their values on this case."""
    if x.ndim == 2:
        N, D = x.shape
        return {"N": N, "D": D, "N * D": N * D, "1": 1}
    N, C, H, W = x.shape
    counts = {"N": N, "C": C, "H * W": H * W, "N * H * W": N * H * W, "C * H * W": C * H * W,
              "N * C * H * W": N * C * H * W, "1": 1}
    if G:
        counts.update({"G": G, "C // G": C // G, "C // G * H * W": C // G * H * W, "N * G": N * G,
                       "N * C // G * H * W": N * C // G * H * W})
    return counts


def _case_inputs(graded, case, out):
    dx = out.arrays.get("dx") if out is not None and not getattr(out, "problem", "") else None
    x, dout, gamma = case.arrays.get("x"), case.arrays.get("dout"), case.arrays.get("gamma")
    if x is None or dout is None or gamma is None or (dx is None and not isinstance(out, SimpleOut)):
        return None
    x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
    if dout.shape != x.shape or x.ndim not in (2, 4):
        return None
    if dx is not None:
        dx = np.asarray(dx, dtype=np.float64)
        if dx.shape != x.shape or not np.all(np.isfinite(dx)):
            return None
    if np.size(gamma) != x.shape[1]:
        return None
    shape = (1, -1) + (1,) * (x.ndim - 2)
    gamma = np.broadcast_to(np.ravel(np.asarray(gamma, dtype=np.float64)).reshape(shape), x.shape)
    beta = case.arrays.get("beta")
    beta = np.broadcast_to(np.ravel(np.asarray(beta, dtype=np.float64)).reshape(shape), x.shape) \
        if beta is not None and np.size(beta) == x.shape[1] else None
    eps = param_of(case, "eps")
    G = param_of(case, "G") if graded.name == "spatial_groupnorm_backward" else None
    if graded.name == "spatial_groupnorm_backward" and (not G or x.ndim != 4 or x.shape[1] % G):
        return None
    return x, dout, {"gamma": gamma, "beta": beta}, float(1e-5 if eps is None else eps), G, dx


def _stats(name, x, G, stats):
    """The mean and variance over the set ``stats`` (its axes None: the whole array), laid out as x."""
    _, grouped, axes = stats
    xv = _view(name, x, G) if grouped else x
    return tuple(np.broadcast_to(f(xv, axis=axes, keepdims=True), xv.shape).reshape(x.shape)
                 for f in (np.mean, np.var))


def _terms(name, x, dout, params, eps, G, grouped, axes, scale, xhat_scale, t3, gam, stats, t3_scales=None,
           t3_outer=None, t2_scale=None, t2_set=None):
    """The three columns T1, T2, T3 of one variant on one case, each with x's shape (None where not built): the
    means over ``axes``, x_hat and std from the statistics over ``stats`` (a wrong forward's cache may hold others).
    ``t3_scales``: the scales of the variance's term's two x_hat, where they are not x_hat's own; ``t3_outer``: that
    term's outer scale, where it is not the rest of dx's; ``t2_scale``: the mean's term's scale, where it is not;
    ``t2_set``: the set (grouped, axes) the mean's term alone sums over, divided by the count of ``axes``'s."""
    if gam == "beta" and params["beta"] is None:
        return None
    gamma = params["beta" if gam == "beta" else "gamma"]
    if gam == "tiled":
        if x.ndim != 4 or x.shape[2] * x.shape[3] == 1:
            return None  # on 2-D input, or one position per channel, that layout is each channel's own
        gamma = np.resize(gamma[0, :, 0, 0], x.size).reshape(x.shape)
    view = (lambda a: _view(name, a, G)) if grouped else (lambda a: a)
    xv, dv, gv = view(x), view(dout), view(gamma)
    mean, var = (view(a) for a in _stats(name, x, G, stats))
    with np.errstate(all="ignore"):
        s, s_hat = scale(var, eps), xhat_scale(var, eps)
        centred = xv - mean
        forms = {"x_hat": centred * s_hat, "centred": centred, "one": np.ones_like(xv), "mean_hat": mean * s_hat,
                 "var_hat": var * s_hat, "x_raw": xv * s_hat}
        inner = forms["x_hat"] * gv if gam == "xhat" else dv * gv if gam in ("inside", "beta", "tiled") else dv
        outer = gv if gam == "outside" else 1.0
        t1 = outer * s * inner
        t2 = outer * (s if t2_scale is None else t2_scale(var, eps)) * (
            inner.mean(axis=axes, keepdims=True) if t2_set is None else _sum_over(name, inner, x, G, t2_set, xv.shape)
            / int(np.prod([xv.shape[a] for a in axes])))
        a, b = (forms[f] for f in t3) if t3_scales is None else (centred * f(var, eps) for f in t3_scales)
        t3 = outer * (s if t3_outer is None else t3_outer(var, eps)) * a * (inner * b).mean(axis=axes, keepdims=True)
        # where the statistics are not over the summed values, x - mean does not average to 0 there, and a staged
        # backward keeps the path of d var through d mean: + s * mean(x_hat) * mean(dx_hat * x_hat)
        t4 = outer * s * forms["x_hat"].mean(axis=axes, keepdims=True) * \
            (inner * forms["x_hat"]).mean(axis=axes, keepdims=True)
    cols = [np.broadcast_to(t, xv.shape).reshape(x.shape) for t in (t1, t2, t3, t4)]
    return cols if all(np.all(np.isfinite(c)) for c in cols) else None


def _sum_over(name, a, x, G, t2_set, shape):
    """``a`` (laid out as ``shape``, a view of x) summed over the set ``t2_set`` (grouped, axes) of its own view,
    laid out as ``shape`` again."""
    grouped, axes = t2_set
    flat = np.broadcast_to(a, shape).reshape(x.shape)
    view = _view(name, flat, G) if grouped else flat
    return np.broadcast_to(view.sum(axis=axes, keepdims=True), view.shape).reshape(shape)


def _variants(name, eps_values, free_stats=False):
    """Every variant with at most MAX_STRUCTURAL departures, fewest first: (departures, set, scale, x_hat's scale,
    T3's form, gamma, statistics, the mean's term's scale, the mean's term's own set or None). With ``free_stats``
    the statistics behind x_hat and std are not counted as a departure (they are a wrong forward's, read from its
    cache)."""
    out = []
    scales = [s for s in SCALES if not (s[0] in TYPED and all(abs(e - float(TYPED[s[0]])) < 1e-15
                                                               for e in eps_values))]
    for S, scale, xs, t3, gam, stats, t2 in itertools.product(SETS[name], scales, XHAT_SCALES, T3_FORMS,
                                                              GAMMAS, STATS[name], T2_SCALES):
        # the variance's term's own scale: its x_hat's forms alone, and no typed eps (one typed in shows in all of dx;
        # 1e-8 in one term is not told from none)
        if xs != "textbook" and scale is SCALES[0] or xs in T3_SCALED and (t3 != T3_FORMS[0] or scale[0] in TYPED
                                                                         or scale[0] in OUTER_ONLY):
            continue
        if scale[0] in WHOLE_DX_ONLY and xs != "textbook":
            continue
        # the mean's term's own scale beside the rest of dx's textbook scale, or beside a variance's term scaled as a
        # whole (not beside one scale for all of dx, or one x_hat of the variance's term: words of those say the rest
        # of dx is right)
        if t2 is not T2_SCALES[0] and not (xs == "textbook" and scale is SCALES[0] or xs == "t3_all"):
            continue
        departures = ((S is not SETS[name][0]) + (scale is not SCALES[0] or xs == "same")
                      + (t3 != T3_FORMS[0]) + (gam != "inside") + (stats is not STATS[name][0] and not free_stats)
                      + (t2 is not T2_SCALES[0]))
        if departures <= MAX_STRUCTURAL:
            out.append((departures, S, scale, xs, t3, gam, stats, t2, None))
        # learnW's pool (a 2018 layer norm): the mean's term alone summed over another family's axes (batch norm's
        # `np.sum(dout, axis=0)` left in a layer norm), the variance's term over the right ones; with its own scale
        # too it would be two changes to one term, not tried
        if S is SETS[name][0] and t2 is T2_SCALES[0] and departures + 1 <= MAX_STRUCTURAL:
            out += [(departures + 1, S, scale, xs, t3, gam, stats, t2, other) for other in SETS[name][1:]]
    return sorted(out, key=lambda v: v[0])


def _labels(k, M, counts, term):
    """What a fitted coefficient may be read as on one case (the textbook's is 1)."""
    labels = set()
    if abs(k - 1) <= COEFFICIENT:
        labels.add("ok")
    if abs(k) <= COEFFICIENT:
        labels.add("missing")
    if abs(k + 1) <= COEFFICIENT:
        labels.add("sign")
    if abs(k) > COEFFICIENT:
        for code, value in counts.items():
            if term != "all" and abs(M / k - value) <= COEFFICIENT * value:
                labels.add(("count", code))
            # a count dx was not divided by (all of dx), or a 1 / N or 2 / N too many (a derivative's 2 / N kept
            # beside a mean): k = v, 1 / v or 2 / v
            # a product in parentheses: 1 / N * H * W reads as (1 / N) * H * W
            under = f"({code})" if " " in code else code
            candidates = [(1 / value, f"1 / {under}"), (2 / value, f"2 / {under}")]
            if term == "all":
                candidates.append((value, code))
            for got, expr in candidates:
                if code != "1" and abs(k - got) <= COEFFICIENT * abs(got):
                    labels.add(("factor", expr))
    for constant in (2, -2, 0.5, -0.5):  # a derivative's 2 or -0.5 kept or dropped once too often
        if abs(k - constant) <= COEFFICIENT * abs(constant):
            labels.add(("factor", f"{constant:g}"))
    labels.add(("scaled", float(f"{k:.4g}")))
    return labels


PREFERENCE = ("ok", "missing", "sign")


def _pick(labels):
    for label in PREFERENCE:
        if label in labels:
            return label
    for kind in ("count", "factor", "mean", "scaled"):
        found = sorted((label for label in labels if isinstance(label, tuple) and label[0] == kind),
                       key=lambda label: (len(str(label[1])), str(label[1])))
        if found:
            return found[0]
    return None


def _fit(graded, inputs, variant):
    """The labels of a, b, c on every case (None where this variant does not fit a case)."""
    _, (_, grouped, axes), (_, scale), xs, t3, gam, stats, (_, t2_scale), t2_set = variant
    xhat_scale = scale if xs == "same" else SCALES[0][1]
    t3_scales = t3_outer = None
    if xs in T3_SCALED:  # the rest of dx right, the variance's term's x_hat (one or both) scaled otherwise
        t3_scales = (scale, scale if xs in ("t3_both", "t3_all") else SCALES[0][1])
        t3_outer = scale if xs == "t3_all" else None
        scale = SCALES[0][1]
    kept = [None, None, None]
    full_rank = 0
    for x, dout, gamma, eps, G, dx in inputs:
        cols = _terms(graded.name, x, dout, gamma, eps, G, grouped, axes, scale, xhat_scale, t3, gam, stats, t3_scales,
                      t3_outer, t2_scale, t2_set and t2_set[1:])
        if cols is None:
            return None
        staged = np.linalg.norm(cols[3]) > 1e-9 * np.linalg.norm(cols[0])
        A = np.stack([cols[0].ravel(), -cols[1].ravel(), -cols[2].ravel()] + ([cols[3].ravel()] if staged else []),
                     axis=1)
        coef, *_ = np.linalg.lstsq(A, dx.ravel(), rcond=None)
        residual = np.linalg.norm(A @ coef - dx.ravel())
        if residual > RESIDUAL * max(np.linalg.norm(dx), 1e-300):
            return None
        if staged:
            sv = np.linalg.svd(A, compute_uv=False)
            if sv[0] == 0 or sv[-1] <= 1e-6 * sv[0]:
                continue  # terms not independent on this case: it fits, and says nothing of the coefficients
            # the simplified form leaves that path out, the staged one keeps it (as many times as the rest)
            if not any(abs(coef[3] - k * coef[0]) <= COEFFICIENT * abs(coef[0]) for k in (0, 1)):
                return None
            A, coef = A[:, :3], coef[:3]
        sv = np.linalg.svd(A, compute_uv=False)
        if sv[0] == 0 or sv[-1] <= 1e-6 * sv[0] or abs(coef[0]) <= COEFFICIENT:
            continue  # terms not independent on this case (N = 1, say): it fits, and says nothing of a, b, c
        full_rank += 1
        view = _view(graded.name, x, G) if grouped else x
        M = int(np.prod([view.shape[a] for a in axes]))
        counts = _counts(graded.name, x, G)
        a, b, c = coef
        for n, (k, term) in enumerate(((a, "all"), (b / a, "part"), (c / a, "part"))):
            labels = _labels(k, M, counts, term)
            kept[n] = labels if kept[n] is None else kept[n] & labels
            if not kept[n]:
                return None
    if not full_rank:
        return None
    return tuple(_pick(labels) for labels in kept)


def _changes(graded, variant, labels, want_count):
    """The departures of a fitted variant, each a Text."""
    _, (S_code, _, _), (scale_code, _), xs, t3, gam, stats, (t2_code, _), t2_set = variant
    changes = []
    if S_code != SETS[graded.name][0][0]:
        changes.append(text("dx_change_axes", got=S_code, want=SETS[graded.name][0][0]))
    if t2_set is not None:
        changes.append(text("dx_change_axes_t2", got=t2_set[0], want=S_code))
    if stats is not STATS[graded.name][0]:
        changes.append(text("dx_change_stats", got=stats[0], want=SETS[graded.name][0][0]))
    if t2_code != T2_SCALES[0][0]:
        changes.append(text("dx_change_scale_t2_std" if t2_code != "1" else "dx_change_scale_t2_none", got=t2_code))
    if xs in T3_SCALED:
        changes.append(text("dx_change_scale_" + xs, got=scale_code))
    elif scale_code in TYPED:
        changes.append(text("dx_change_eps_typed", typed=TYPED[scale_code]))
    elif scale_code != SCALES[0][0]:
        # x_hat over other statistics (a wrong forward's) is not right: only its scale is the textbook's
        outer = "dx_change_scale" if stats is STATS[graded.name][0] else "dx_change_scale_outer"
        if outer == "dx_change_scale" and xs != "same" and scale_code == "1 / np.sqrt(var)":
            # its own np.sqrt(var), or a std its forward cached without eps beside an x_hat with it: dx is the same
            outer = "dx_change_root_without_eps"
        changes.append(text("dx_change_scale_everywhere" if xs == "same" else outer, got=scale_code))
    elif xs == "same":
        pass  # not built: x_hat's scale departs only with the outer one
    if t3 != T3_FORMS[0]:
        got = f"mean(dx_hat * {T3_CODE[t3[1]]})" if t3[0] == "one" else \
            f"{T3_CODE[t3[0]]} * mean(dx_hat * {T3_CODE[t3[1]]})"
        changes.append(text("dx_change_t3_mean" if "mean_hat" in t3 else "dx_change_t3_var" if "var_hat" in t3
                            else "dx_change_t3_raw" if "x_raw" in t3 else "dx_change_t3",
                            got=got.replace("dx_hat * 1)", "dx_hat)")))
    if gam != "inside":
        changes.append(text("dx_change_gamma_" + gam))
    a, b, c = labels
    if a != "ok":
        changes.append(_coefficient(a, "dx_term_all", want_count))
    if b == c and b != "ok":
        changes.append(_coefficient(b, "dx_term_both", want_count))
    else:
        for label, term in ((b, "dx_term_mean"), (c, "dx_term_var")):
            if label != "ok":
                changes.append(_coefficient(label, term, want_count))
    return changes


def _coefficient(label, term, want_count):
    if label == "missing":
        return text("dx_change_missing", term=text(term))
    if label == "sign":
        return text("dx_change_sign", term=text(term))
    kind, value = label
    if kind == "count":
        return text("dx_change_count", term=text(term), got=value, want=want_count)
    return text("dx_change_factor", term=text(term), got=value)  # "scaled" labels are never named (dx_terms_hint)


# the count each textbook mean covers, as code
TEXTBOOK_COUNT = {"batchnorm_backward": "N", "batchnorm_backward_alt": "N", "layernorm_backward": "D",
                  "spatial_batchnorm_backward": "N * H * W", "spatial_groupnorm_backward": "C // G * H * W"}


def _departures(variant, labels):
    a, b, c = labels
    return variant[0] + (a != "ok") + (b != "ok" or c != "ok") + (b != c and b != "ok" and c != "ok")


def best_fit(graded, cases, outputs, free_stats=False):
    """``(variant, labels, inputs)`` of the one reading of a backward's dx with the fewest departures from the
    textbook's (none: the textbook's dx itself), or None where nothing fits or two different readings fit as well.
    ``free_stats``: see ``_variants``."""
    if graded.name not in SETS:
        return None
    inputs = [i for i in (_case_inputs(graded, case, out) for case, out in zip(cases, outputs or [])) if i]
    if not inputs:
        return None
    best, found = None, {}
    for variant in _variants(graded.name, {i[3] for i in inputs}, free_stats):
        if best is not None and variant[0] > best:
            break  # coefficients only add departures: no later variant can do better
        labels = _fit(graded, inputs, variant)
        if labels is None or any(label is None for label in labels):
            continue
        if any(isinstance(label, tuple) and label[0] == "scaled" for label in labels):
            continue  # a coefficient the counts do not explain: not a reading to give
        if variant[-1] is not None and labels[2] == "missing":
            continue  # the mean's term's own set is said beside the variance's term's sum: not without it
        departures = _departures(variant, labels)
        if best is None or departures < best:
            best, found = departures, {}
        if departures == best:
            found[str(_changes(graded, variant, labels, TEXTBOOK_COUNT[graded.name]))] = (variant, labels)
    if best is not None and len(found) > 1:
        found = _without_untold_typed(found)
    if best is None or len(found) != 1:
        return None
    variant, labels = next(iter(found.values()))
    return variant, labels, inputs


def _without_untold_typed(found: dict) -> dict:
    """``found`` without a typed eps's reading (``1 / np.sqrt(var + 1e-8)``) that ties with the same reading under
    another scale: the cases cannot tell 1e-8 from nothing where the variances are not tiny, and the one fix, eps
    inside the root, is said by the other (a public case's edinler/cs231n `/ np.sqrt(variance)` was two readings
    there, so none; the hidden cases' tiny variance told them apart)."""
    def rest(variant):
        return variant[:2] + variant[3:]
    return {key: (variant, labels) for key, (variant, labels) in found.items()
            if not (variant[2][0] in TYPED and any(other[2][0] not in TYPED and rest(other) == rest(variant)
                                                     and other_labels == labels
                                                     for other, other_labels in found.values()))}


def dx_terms_hint(graded, cases, outputs):
    """The departures of a failing normalisation backward's dx from the textbook's terms, or '' (see the module)."""
    fit = best_fit(graded, cases, outputs)
    if fit is None or not _departures(fit[0], fit[1]):
        return ""  # the textbook's dx (its mistake is elsewhere), no fit, or two readings as good as each other
    return _worded(graded, fit)


def _textbook(graded, x, dout, params, eps, G):
    """On one case: the textbook's scale s = 1 / std and x_hat (laid out as x), and its dx; None where any of them is
    not finite (the readings of a whole dx against the textbook's, below)."""
    _, grouped, axes = SETS[graded.name][0]
    mean, var = _stats(graded.name, x, G, STATS[graded.name][0])
    with np.errstate(all="ignore"):
        s = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mean) * s
    cols = _terms(graded.name, x, dout, params, eps, G, grouped, axes, SCALES[0][1], SCALES[0][1], T3_FORMS[0],
                  "inside", STATS[graded.name][0])
    if cols is None or not all(np.all(np.isfinite(a)) for a in (s, x_hat)):
        return None
    return s, x_hat, cols[0] - cols[1] - cols[2]


def diagonal_hint(graded, cases, outputs):
    """A dx built from each value's own dout alone (set J: the Jacobian's diagonal, no sums over the values a mean
    covers): on every case dx = dx_hat * s * (a + b * x_hat + c * x_hat ** 2), one a, b, c per case, with the
    textbook's x_hat and s, and that is not the textbook's dx; dx_hat is dout * gamma, or dout alone where gamma is
    left out too (held-out set P: a diagonal without gamma was told only the generic sums-to-zero paragraph). ''
    where a case cannot tell or does not fit."""
    if graded.name not in SETS:
        return ""
    inputs = [i for i in (_case_inputs(graded, case, out) for case, out in zip(cases, outputs or [])) if i]
    for with_gamma, key in ((True, "pattern_norm_backward_diagonal"),
                            (False, "pattern_norm_backward_diagonal_no_gamma")):
        read = _diagonal_read(graded, inputs, with_gamma)
        if read is not None:
            return text(key, function=graded.name, axes=SETS[graded.name][0][0]) if read else ""
    return ""


def _diagonal_read(graded, inputs, with_gamma: bool):
    """How many cases read as a diagonal dx (``diagonal_hint``), 0 where it is the textbook's, None where a case does
    not fit."""
    _, grouped, axes = SETS[graded.name][0]
    read = 0
    for x, dout, params, eps, G, dx in inputs:
        textbook = _textbook(graded, x, dout, params, eps, G)
        if textbook is None:
            return None
        s, x_hat, right = textbook
        view = _view(graded.name, x, G) if grouped else x
        if int(np.prod([view.shape[a] for a in axes])) < 3:
            continue  # too few values per mean for a sum over them to show
        upstream = dout * params["gamma"] if with_gamma else dout
        A = np.stack([(upstream * s * x_hat ** k).ravel() for k in range(3)], axis=1)
        coef, *_ = np.linalg.lstsq(A, dx.ravel(), rcond=None)
        if np.linalg.norm(A @ coef - dx.ravel()) > RESIDUAL * max(np.linalg.norm(dx), 1e-300):
            return None
        sv = np.linalg.svd(A, compute_uv=False)
        if sv[0] == 0 or sv[-1] <= 1e-6 * sv[0]:
            continue
        if np.allclose(dx, right, rtol=1e-7, atol=1e-12):
            return 0
        read += 1
    return read


def divided_by_x_hat_hint(graded, cases, outputs):
    """A dx divided by x_hat where the division by std belongs (set K: ``dx /= x_hat`` after a right bracket): on
    every case dx * x_hat is the textbook's dx times std. '' where a case cannot tell or does not fit."""
    if graded.name not in SETS:
        return ""
    inputs = [i for i in (_case_inputs(graded, case, out) for case, out in zip(cases, outputs or [])) if i]
    read = 0
    for x, dout, params, eps, G, dx in inputs:
        textbook = _textbook(graded, x, dout, params, eps, G)
        if textbook is None:
            return ""
        s, x_hat, right = textbook
        if np.allclose(dx, right, rtol=1e-7, atol=1e-12):
            return ""
        with np.errstate(all="ignore"):
            want = right / s  # the textbook's dx times std (s is laid out as x)
        if not np.all(np.isfinite(want)) or np.linalg.norm(want) == 0:
            return ""
        if np.linalg.norm(dx * x_hat - want) > 1e-7 * np.linalg.norm(want):
            return ""
        read += 1
    return text("pattern_norm_backward_divided_by_x_hat", function=graded.name) if read else ""


def _worded(graded, fit):
    variant, labels, _ = fit
    changes = _changes(graded, variant, labels, TEXTBOOK_COUNT[graded.name])
    return join("\n", text("dx_terms_intro", function=graded.name, count=TEXTBOOK_COUNT[graded.name],
                           axes=SETS[graded.name][0][0]),
                *[join("", "- ", change) for change in changes])


# Scales a textbook backward may compute from a cache that holds something else under var's name (var + eps: eps
# added twice) or from a forward's typed eps: never read as the backward's own.
CACHED_SCALES = {SCALES[0][0], "1 / np.sqrt(var + 2 * eps)", *TYPED}


def beyond_cache(graded, cases, outputs, forward_outs):
    """Has this backward, run on the cache of its own wrong forward, a mistake of its own that no cache explains?

    Its dx's one reading (``best_fit``) must hold x_hat from statistics that are the forward's own: on every case,
    (out - beta) / gamma of the student's forward (``forward_outs``, one per case, None where not run) is that x_hat.
    What a cache can change (the statistics behind x_hat and std, one scale used for both) is the forward's; what it
    cannot is the backward's: means over a set that is neither the textbook's nor its forward's statistics', a term
    missing, signed or counted wrong, gamma left out or outside the means, a scale other than the one behind x_hat
    that no cache gives (``CACHED_SCALES``). The statistics are read as the cache's (not counted as a departure).
    Returns the reading's words, or ''."""
    fit = best_fit(graded, cases, outputs, free_stats=True)
    if fit is None:
        return ""
    variant, labels, inputs = fit
    _, S, (scale_code, scale), xs, t3, gam, stats, t2, t2_set = variant
    own = ((S[1], S[2]) != (stats[1], stats[2]) and S is not SETS[graded.name][0]) or t2_set is not None \
        or any(label != "ok" for label in labels) or gam in ("missing", "outside", "xhat", "tiled") \
        or (scale_code not in CACHED_SCALES and xs == "textbook") or xs in T3_SCALED or t2 is not T2_SCALES[0]
    if not own:
        return ""
    by_x = [(np.asarray(case.arrays["x"], dtype=np.float64), out) for case, out in zip(cases, forward_outs)]
    xhat_scale = scale if xs == "same" else SCALES[0][1]
    for x, dout, params, eps, G, dx in inputs:
        out = next((o for xx, o in by_x if xx.shape == x.shape and np.array_equal(xx, x)), None)
        if out is None or np.shape(out) != x.shape or params["beta"] is None or np.any(np.abs(params["gamma"]) < 1e-3):
            return ""
        mean, var = _stats(graded.name, x, G, stats)
        with np.errstate(all="ignore"):
            x_hat = (x - mean) * xhat_scale(var, eps)
            z = (np.asarray(out, dtype=np.float64) - params["beta"]) / params["gamma"]
        if not np.allclose(z, x_hat, rtol=1e-6, atol=1e-8):
            return ""
    return _worded(graded, fit)


# dgamma and dbeta, read the same way: dgamma = sum(dout * x_hat), dbeta = sum(dout) over every axis but the
# channels', each fitted as k times a variant (x_hat with another scale or over another set, or x - mean); k = 1 / M
# is a mean where the sum belongs.
PARAM_AXES = {2: (0,), 4: (0, 2, 3)}


def _x_hat(name, x, eps, G, S, scale, centred):
    (_, grouped, axes), (_, fn) = S, scale
    xv = _view(name, x, G) if grouped else x
    mean, var = xv.mean(axis=axes, keepdims=True), xv.var(axis=axes, keepdims=True)
    with np.errstate(all="ignore"):
        x_hat = xv - mean if centred else (xv - mean) * fn(var, eps)
    return x_hat.reshape(x.shape)


def _param_label(k, counts):
    """What k may be read as on one case: 1, or 1 / a count (a mean; on a case where that count is 1, both)."""
    labels = {("mean", code) for code, value in counts.items() if code != "1" and abs(k * value - 1) <= COEFFICIENT}
    return labels | {"ok"} if abs(k - 1) <= COEFFICIENT else labels


def _param_fit(graded, output, cases, outputs, S, scale, centred):
    """The label of k on every case where ``output`` can be read (None: this variant does not fit)."""
    kept, read = None, 0
    for got, (x, dout, _, eps, G, _) in _param_cases(graded, output, cases, outputs):
        got = np.ravel(got)
        if got.size != x.shape[1] or not np.all(np.isfinite(got)):
            continue
        axes = PARAM_AXES[x.ndim]
        if output == "dbeta":
            want = dout.sum(axis=axes)
        else:
            want = (dout * _x_hat(graded.name, x, eps, G, S, scale, centred)).sum(axis=axes)
        if not np.all(np.isfinite(want)):
            return None
        if not np.any(want):  # x_hat is 0 on this case (one value per set): it fits if the student's is 0 too
            if np.any(np.abs(got) > 1e-12):
                return None
            continue
        k = float(got @ want / (want @ want))
        if np.linalg.norm(got - k * want) > RESIDUAL * max(np.linalg.norm(got), 1e-300):
            return None
        labels = _param_label(k, _counts(graded.name, x, G))
        kept = labels if kept is None else kept & labels
        read += 1
        if not kept:
            return None
    return _pick(kept) if read else None


def _param_cases(graded, output, cases, outputs):
    """``(output as floats, the case's inputs)`` on every case where the backward returned ``output`` and its inputs
    can be read (the dgamma and dbeta readings)."""
    for case, out in zip(cases, outputs or []):
        got = out.arrays.get(output) if out is not None and not getattr(out, "problem", "") else None
        inputs = _case_inputs(graded, case, SimpleOut(out)) if got is not None else None
        if inputs is not None:
            yield np.asarray(got, dtype=np.float64), inputs


class SimpleOut:
    """An output read for its dgamma and dbeta alone (its dx left out, right or not)."""

    def __init__(self, out):
        self.problem = ""
        self.arrays = {**out.arrays, "dx": None}


def params_terms_hint(graded, cases, outputs, failing=("dgamma", "dbeta")):
    """What departs in a failing normalisation backward's dgamma and dbeta from sum(dout * x_hat) and sum(dout)
    over every axis but the channels' (one line each), or ''."""
    if graded.name not in SETS:
        return ""
    said = []
    for output in failing:
        # summed over other axes (wrong shape: the readings below skip those cases, and may read the rest as right)
        axes = _axes_reading(graded, output, cases, outputs)
        variants = [] if axes is not None else [(0, SETS[graded.name][0], SCALES[0], False)]
        if output == "dgamma" and variants:
            variants += [(1, SETS[graded.name][0], s, False) for s in SCALES[1:]]
            variants += [(1, S, SCALES[0], False) for S in SETS[graded.name][1:]]
            variants += [(1, SETS[graded.name][0], SCALES[0], True)]
        found = {}
        for departures, S, scale, centred in variants:
            if scale[0] in TYPED and all(abs(float(TYPED[scale[0]]) - (_eps_of(c) or 1e-5)) < 1e-15 for c in cases):
                continue
            label = _param_fit(graded, output, cases, outputs, S, scale, centred)
            if label is None:
                continue
            total = departures + (label != "ok")
            found.setdefault(total, []).append((S, scale, centred, label))
        if output == "dgamma" and axes is None and _sums_product(graded, cases, outputs):
            said.append(join("\n", text("params_terms_intro", function=graded.name, output=output),
                             join("", "- ", text("params_change_sums_product", axes=PARAM_CODE[_ndim(cases)]))))
            continue
        if axes is not None:
            change = text("params_change_axes", got=axes[0], shape=axes[1], want=PARAM_CODE[axes[2]]) if axes[0] \
                else text("params_change_unsummed", got="dout" if output == "dbeta" else "dout * x_hat",
                          shape=axes[1], want=PARAM_CODE[axes[2]])
            said.append(join("\n", text("params_terms_intro", function=graded.name, output=output),
                             join("", "- ", change)))
            continue
        if not found:
            product = _product_reading(graded, output, cases, outputs)
            if product:
                said.append(join("\n", text("params_terms_intro", function=graded.name, output=output),
                                 join("", "- ", text(PRODUCT_KEYS.get(product, "params_change_product_" + output),
                                                     got=product))))
            continue
        if min(found) == 0 or len(found[min(found)]) != 1:
            continue  # right, or two readings as good as each other
        S, scale, centred, label = found[min(found)][0]
        changes = []
        if S is not SETS[graded.name][0]:
            changes.append(text("dx_change_stats", got=S[0], want=SETS[graded.name][0][0]))
        if scale[0] in TYPED:
            changes.append(text("dx_change_eps_typed", typed=TYPED[scale[0]]))
        elif scale is not SCALES[0]:
            changes.append(text("params_change_scale", got=scale[0]))
        if centred:
            changes.append(text("params_change_centred"))
        if label != "ok":
            changes.append(text("params_change_mean", got=label[1]))
        said.append(join("\n", text("params_terms_intro", function=graded.name, output=output),
                         *[join("", "- ", change) for change in changes]))
    return join("\n", *said)


# What a dgamma or dbeta may sum in place of dout * x_hat or dout (set I: dgamma summing dout * gamma * dout): the
# product as code, from the case's x, dout, gamma, beta and x_hat. Each is tried as it is (no factor).
PRODUCTS = {
    "dgamma": [("dout", lambda v: v["dout"]), ("dout * dout", lambda v: v["dout"] ** 2),
               ("dout * gamma * dout", lambda v: v["gamma"] * v["dout"] ** 2),
               ("dout * gamma", lambda v: v["gamma"] * v["dout"]), ("dout * x", lambda v: v["dout"] * v["x"]),
               ("dout * gamma * x_hat", lambda v: v["gamma"] * v["dout"] * v["x_hat"]),
               ("dout * beta", lambda v: v["beta"] * v["dout"]),
               # set K: x - mean taken of a cached x - mean, which gives back the mean
               ("dout * mean / std", lambda v: v["dout"] * v["mean"] / v["std"]),
               # set O: a statistic of the forward's where x_hat belongs (the batch's variance, say, summed with
               # dout: `np.sum(var * dout, axis=0)`)
               ("dout * var", lambda v: v["dout"] * v["var"]), ("dout * std", lambda v: v["dout"] * v["std"]),
               ("dout * mean", lambda v: v["dout"] * v["mean"])],
    "dbeta": [("dout * x_hat", lambda v: v["dout"] * v["x_hat"]), ("dout * gamma", lambda v: v["gamma"] * v["dout"]),
              ("dout * beta", lambda v: v["beta"] * v["dout"]), ("dout * x", lambda v: v["dout"] * v["x"]),
              ("dout * dout", lambda v: v["dout"] ** 2)],
}


PRODUCT_KEYS = {"dout * mean / std": "params_change_product_dgamma_mean",
                "dout * var": "params_change_product_dgamma_stat", "dout * std": "params_change_product_dgamma_stat",
                "dout * mean": "params_change_product_dgamma_stat"}
PARAM_CODE = {2: "axis=0", 4: "axis=(0, 2, 3)"}


def _ndim(cases) -> int:
    return next((np.ndim(c.arrays["x"]) for c in cases if c.arrays.get("x") is not None), 2)


def _sums_product(graded, cases, outputs) -> bool:
    """Is dgamma, on every case that can be read (one at least) and wrongly, the product of two sums over every
    axis but the channels', sum(dout) * sum(x_hat), where the sum of the product belongs? (For batch norm that
    product is 0: x_hat sums to 0 over the batch.)"""
    read = 0
    for got, (x, dout, _, eps, G, _) in _param_cases(graded, "dgamma", cases, outputs):
        axes = PARAM_AXES[x.ndim]
        x_hat = _x_hat(graded.name, x, eps, G, SETS[graded.name][0], SCALES[0], False)
        product, right = dout.sum(axis=axes) * x_hat.sum(axis=axes), (dout * x_hat).sum(axis=axes)
        scale = max(1.0, float(np.abs(dout).sum(axis=axes).max()))
        # (exact zeros are no product of sums: np.zeros_like(gamma) is left to the other readings)
        if got.size != product.size or not np.all(np.isfinite(got)) or not np.any(got) or \
                not np.allclose(np.ravel(got), product, rtol=1e-6, atol=1e-9 * scale):
            return False
        if np.allclose(np.ravel(got), right, rtol=1e-6, atol=1e-9 * scale):
            continue  # right on this case too: it tells nothing
        read += 1
    return read > 0


def _axes_reading(graded, output, cases, outputs):
    """(axes as code, '' for none, the shape it gives, x's number of axes) where the student's ``output`` is the right sum
    (dout * x_hat, or dout) taken over other axes than every axis but the channels' (one value per sample, say), the
    same axes on every case that can be read and no other; None where it is one wrong value per channel or no single
    set of axes fits."""
    fits, read, shapes, ndim = None, 0, {}, None
    for got, (x, dout, _, eps, G, _) in _param_cases(graded, output, cases, outputs):
        full = dout if output == "dbeta" else dout * _x_hat(graded.name, x, eps, G, SETS[graded.name][0], SCALES[0],
                                                            False)
        if not np.all(np.isfinite(got)):
            return None
        if got.size == x.shape[1]:
            if np.allclose(np.ravel(got), full.sum(axis=PARAM_AXES[x.ndim]), rtol=1e-7, atol=1e-12):
                continue  # right on this case (N = 1 sums nothing away): it says nothing of the axes
            return None  # one value per channel, wrong: the other readings
        here = set()
        for axes in (a for a in itertools.chain.from_iterable(itertools.combinations(range(x.ndim), k)
                                                              for k in range(0, x.ndim))):
            summed = full.sum(axis=axes)
            if summed.size == got.size and np.allclose(np.ravel(got), np.ravel(summed), rtol=1e-7, atol=1e-12):
                here.add(axes)
                shapes.setdefault(axes, tuple(got.shape))
        fits = here if fits is None else fits & here
        ndim = x.ndim
        read += 1
    if not read or not fits or len(fits) != 1:
        return None
    axes = next(iter(fits))
    if axes == PARAM_AXES[ndim]:
        return None
    # no axes: not summed at all, one value per value of x (held-out set Q: an alt's dgamma = dout * x_hat)
    code = "" if not axes else f"axis={axes[0]}" if len(axes) == 1 else f"axis={axes}"
    return code, shapes[axes], ndim


def _product_reading(graded, output, cases, outputs):
    """The one product (as code) whose sum over every axis but the channels' is the student's ``output`` on every
    case that can be read, where none of the k-times readings fits; '' where none or several do."""
    fits, read = {code for code, _ in PRODUCTS.get(output, [])}, 0
    for got, (x, dout, params, eps, G, _) in _param_cases(graded, output, cases, outputs):
        got = np.ravel(got)
        if got.size != x.shape[1] or not np.all(np.isfinite(got)) or params["beta"] is None:
            continue
        mean, var = _stats(graded.name, x, G, STATS[graded.name][0])
        values = {"x": x, "dout": dout, "gamma": params["gamma"], "beta": params["beta"], "mean": mean,
                  "var": var, "std": np.sqrt(var + eps),
                  "x_hat": _x_hat(graded.name, x, eps, G, SETS[graded.name][0], SCALES[0], False)}
        axes = PARAM_AXES[x.ndim]
        with np.errstate(all="ignore"):
            here = {code for code, product in PRODUCTS[output]
                    if np.allclose(got, product(values).sum(axis=axes), rtol=1e-7, atol=1e-12)}
        fits &= here
        read += 1
    return next(iter(fits)) if read and len(fits) == 1 else ""


def _eps_of(case):
    eps = param_of(case, "eps")
    return None if eps is None else float(eps)
