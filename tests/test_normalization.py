"""Dropout, batch / layer / spatial batch / spatial group normalisation, global average pooling and LRN in
solutions.layers: numeric gradient checks (CS231n's rel error < 1e-7) on several shapes, and the properties the
CS231n notebooks check (zero mean and unit variance, running averages, test mode, dropout's expectation)."""
import numpy as np
import pytest

from solutions import layers as L
from solutions.gradient_check import eval_numerical_gradient_array, rel_error


def train(momentum=0.9):
    return {"mode": "train", "momentum": momentum}


def assert_gradients(forward, backward, args, which, dout, tol=1e-7):
    """Every analytic gradient (backward's outputs, in order) against central differences of forward."""
    _, cache = forward(*args)
    analytic = backward(dout, cache)
    analytic = analytic if isinstance(analytic, tuple) else (analytic,)
    assert len(analytic) == len(which)
    for i, grad in zip(which, analytic):
        def f(v, i=i):
            return forward(*[v if j == i else a for j, a in enumerate(args)])[0]
        numeric = eval_numerical_gradient_array(f, args[i].copy(), dout)
        assert grad.shape == numeric.shape
        assert rel_error(grad, numeric) < tol, f"argument {i}: rel error {rel_error(grad, numeric):.2e}"


BN_SHAPES = [(4, 5), (10, 3), (3, 7), (7, 1)]  # N = 2 or D = 2 normalise to +-1: dx ~ 0, all rounding


@pytest.mark.parametrize("shape", BN_SHAPES)
@pytest.mark.parametrize("backward", [L.batchnorm_backward, L.batchnorm_backward_alt], ids=["graph", "alt"])
def test_batchnorm_gradients(shape, backward):
    """Do dx, dgamma and dbeta of both batch-norm backwards match numeric gradients (rel error < 1e-7)?"""
    rng = np.random.default_rng(sum(shape))
    x = 3 * rng.standard_normal(shape) + 5
    gamma, beta = 1 + 0.3 * rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    forward = lambda x, g, b: L.batchnorm_forward(x, g, b, train())  # noqa: E731 - a fresh bn_param per call
    assert_gradients(forward, backward, [x, gamma, beta], [0, 1, 2], rng.standard_normal(shape))


def test_batchnorm_alt_equals_the_graph_version():
    """Does the simplified backward give the same dx as the computational graph (CS231n's comparison)?"""
    rng = np.random.default_rng(0)
    x, dout = rng.standard_normal((50, 20)), rng.standard_normal((50, 20))
    _, cache = L.batchnorm_forward(x, np.ones(20), np.zeros(20), train())
    for a, b in zip(L.batchnorm_backward(dout, cache), L.batchnorm_backward_alt(dout, cache)):
        assert rel_error(a, b) < 1e-9


def test_batchnorm_train_output_has_the_scale_and_shift_of_gamma_and_beta():
    """In train mode, does every feature of the output have mean beta and std gamma, whatever the input's scale?"""
    rng = np.random.default_rng(1)
    x = 10 * rng.standard_normal((200, 3)) + np.array([-20.0, 0.0, 30.0])
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0])
    out, _ = L.batchnorm_forward(x, gamma, beta, train())
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-9)
    np.testing.assert_allclose(out.std(axis=0), gamma, rtol=1e-6)


def test_batchnorm_updates_the_running_averages_in_bn_param():
    """Does a train-mode call store momentum * old + (1 - momentum) * batch statistic in bn_param, and does the
    test mode then use them (so that many train steps make test outputs about zero-mean, unit-variance)?"""
    rng = np.random.default_rng(2)
    x = 2 * rng.standard_normal((8, 4)) + 3
    bn_param = {"mode": "train", "momentum": 0.8, "running_mean": np.ones(4), "running_var": np.full(4, 2.0)}
    L.batchnorm_forward(x, np.ones(4), np.zeros(4), bn_param)
    np.testing.assert_allclose(bn_param["running_mean"], 0.8 * 1 + 0.2 * x.mean(axis=0))
    np.testing.assert_allclose(bn_param["running_var"], 0.8 * 2 + 0.2 * x.var(axis=0))
    bn_param = {"mode": "train"}
    for _ in range(200):
        L.batchnorm_forward(2 * rng.standard_normal((50, 4)) + 3, np.ones(4), np.zeros(4), bn_param)
    bn_param["mode"] = "test"
    out, _ = L.batchnorm_forward(2 * rng.standard_normal((500, 4)) + 3, np.ones(4), np.zeros(4), bn_param)
    assert np.all(np.abs(out.mean(axis=0)) < 0.2) and np.all(np.abs(out.std(axis=0) - 1) < 0.2)


def test_batchnorm_test_mode_does_not_depend_on_the_rest_of_the_batch():
    """In test mode, is a sample's output the same alone as in a batch, and are the running averages untouched?"""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6, 3))
    bn_param = {"mode": "test", "running_mean": rng.standard_normal(3), "running_var": rng.uniform(1, 2, 3)}
    before = {k: bn_param[k].copy() for k in ("running_mean", "running_var")}
    batch, _ = L.batchnorm_forward(x, np.ones(3), np.zeros(3), bn_param)
    alone, _ = L.batchnorm_forward(x[:1], np.ones(3), np.zeros(3), bn_param)
    np.testing.assert_allclose(alone[0], batch[0])
    np.testing.assert_allclose(batch, (x - before["running_mean"]) / np.sqrt(before["running_var"] + 1e-5))
    for k in before:
        np.testing.assert_array_equal(bn_param[k], before[k])


@pytest.mark.parametrize("shape", [(4, 6), (3, 10), (1, 5), (5, 3)])
def test_layernorm_gradients(shape):
    """Do dx, dgamma and dbeta of layer norm match numeric gradients?"""
    rng = np.random.default_rng(sum(shape) + 1)
    x = 3 * rng.standard_normal(shape) + 5
    gamma, beta = 1 + 0.3 * rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    forward = lambda x, g, b: L.layernorm_forward(x, g, b, {})  # noqa: E731
    assert_gradients(forward, L.layernorm_backward, [x, gamma, beta], [0, 1, 2], rng.standard_normal(shape))


def test_layernorm_normalises_each_sample():
    """Does every row of layer norm's output have zero mean and unit std, even for a batch of one?"""
    rng = np.random.default_rng(4)
    x = 5 * rng.standard_normal((3, 40)) + np.array([[1.0], [-10.0], [100.0]])
    out, _ = L.layernorm_forward(x, np.ones(40), np.zeros(40), {})
    np.testing.assert_allclose(out.mean(axis=1), 0, atol=1e-9)
    np.testing.assert_allclose(out.std(axis=1), 1, rtol=1e-4)
    one, _ = L.layernorm_forward(x[1:2], np.ones(40), np.zeros(40), {})
    np.testing.assert_allclose(one[0], out[1])


SPATIAL = [(2, 3, 4, 5), (4, 2, 3, 3), (1, 4, 5, 6), (3, 1, 2, 2)]


@pytest.mark.parametrize("shape", SPATIAL)
def test_spatial_batchnorm_gradients(shape):
    """Do dx, dgamma and dbeta of spatial batch norm match numeric gradients?"""
    rng = np.random.default_rng(sum(shape) + 2)
    C = shape[1]
    x = 2 * rng.standard_normal(shape) + 1
    gamma, beta = 1 + 0.3 * rng.standard_normal(C), rng.standard_normal(C)
    forward = lambda x, g, b: L.spatial_batchnorm_forward(x, g, b, train())  # noqa: E731
    assert_gradients(forward, L.spatial_batchnorm_backward, [x, gamma, beta], [0, 1, 2], rng.standard_normal(shape))


def test_spatial_batchnorm_normalises_each_channel_over_n_h_w():
    """Does every channel of the output have mean beta and std gamma over the batch and both spatial axes, and
    do the running averages have one entry per channel?"""
    rng = np.random.default_rng(5)
    x = 4 * rng.standard_normal((10, 3, 6, 7)) + np.array([1.0, -5.0, 9.0])[None, :, None, None]
    bn_param = train()
    out, _ = L.spatial_batchnorm_forward(x, np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, -1.0]), bn_param)
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), [0.0, 1.0, -1.0], atol=1e-9)
    np.testing.assert_allclose(out.std(axis=(0, 2, 3)), [1.0, 2.0, 3.0], rtol=1e-5)
    np.testing.assert_allclose(bn_param["running_mean"], 0.1 * x.mean(axis=(0, 2, 3)))


@pytest.mark.parametrize("shape, G", [((2, 6, 4, 5), 3), ((1, 4, 3, 3), 2), ((3, 6, 2, 3), 6), ((2, 4, 3, 2), 1)])
def test_spatial_groupnorm_gradients(shape, G):
    """Do dx, dgamma and dbeta of group norm match numeric gradients, for G from 1 (layer norm) to C?"""
    rng = np.random.default_rng(sum(shape) + G)
    C = shape[1]
    x = 2 * rng.standard_normal(shape) + 1
    gamma, beta = 1 + 0.3 * rng.standard_normal((1, C, 1, 1)), rng.standard_normal((1, C, 1, 1))
    forward = lambda x, g, b: L.spatial_groupnorm_forward(x, g, b, G, {})  # noqa: E731
    assert_gradients(forward, L.spatial_groupnorm_backward, [x, gamma, beta], [0, 1, 2], rng.standard_normal(shape))


def test_groupnorm_with_one_group_is_layernorm_over_c_h_w():
    """Is group norm with G = 1 the layer norm of each flattened sample, and with G = C instance norm?"""
    rng = np.random.default_rng(6)
    x = rng.standard_normal((3, 4, 5, 2))
    ones, zeros = np.ones((1, 4, 1, 1)), np.zeros((1, 4, 1, 1))
    group, _ = L.spatial_groupnorm_forward(x, ones, zeros, 1, {})
    layer, _ = L.layernorm_forward(x.reshape(3, -1), np.ones(40), np.zeros(40), {})
    np.testing.assert_allclose(group.reshape(3, -1), layer, atol=1e-12)
    instance, _ = L.spatial_groupnorm_forward(x, ones, zeros, 4, {})
    np.testing.assert_allclose(instance.mean(axis=(2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(instance.std(axis=(2, 3)), 1, rtol=1e-3)


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (1, 1, 3, 3), (3, 2, 7, 1)])
def test_global_avg_pool(shape):
    """Is global average pooling the mean of each map, and does its dx match a numeric gradient?"""
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape)
    out, _ = L.global_avg_pool_forward(x)
    np.testing.assert_allclose(out, x.reshape(*shape[:2], -1).mean(axis=2))
    assert_gradients(L.global_avg_pool_forward, L.global_avg_pool_backward, [x], [0], rng.standard_normal(shape[:2]))


@pytest.mark.parametrize("shape, p", [((4, 5), 0.7), ((2, 3, 4, 5), 0.4), ((3, 6), 0.9)])
def test_dropout_gradient_uses_the_forward_mask(shape, p):
    """With a seed, does dropout's dx match the numeric gradient (the mask of the forward, not a new one)?"""
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape)
    param = {"p": p, "mode": "train", "seed": 123}
    assert_gradients(lambda x: L.dropout_forward(x, param), L.dropout_backward, [x], [0], rng.standard_normal(shape))


def test_dropout_train_mode_keeps_p_and_preserves_the_mean():
    """In train mode, is about a fraction p kept, is every output 0 or x / p, and is the mean about unchanged
    (CS231n's check)? In test mode, is the output x?"""
    x = np.random.default_rng(8).standard_normal((500, 500)) + 10
    for p in (0.25, 0.4, 0.7):
        out, (_, mask) = L.dropout_forward(x, {"p": p, "mode": "train", "seed": 123})
        kept = out != 0
        assert abs(kept.mean() - p) < 0.01
        np.testing.assert_allclose(out[kept], x[kept] / p)
        assert abs(out.mean() - x.mean()) < 0.05
        test, _ = L.dropout_forward(x, {"p": p, "mode": "test"})
        np.testing.assert_array_equal(test, x)


def test_dropout_same_seed_same_mask_other_seed_other_mask():
    """Is dropout deterministic with a seed (which grading relies on) and different with another seed?"""
    x = np.ones((20, 30))
    a, _ = L.dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 1})
    b, _ = L.dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 1})
    c, _ = L.dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 2})
    np.testing.assert_array_equal(a, b)
    assert np.any(a != c)


LRN = [((2, 7, 3, 3), {"depth": 5, "k": 2.0, "alpha": 0.1, "beta": 0.75}),
       ((1, 3, 4, 2), {"depth": 3, "k": 1.0, "alpha": 0.5, "beta": 0.5}),
       ((2, 6, 2, 3), {"depth": 5, "k": 2.0, "alpha": 1e-4, "beta": 0.75})]


@pytest.mark.parametrize("shape, lrn_param", LRN)
def test_lrn_forward_follows_the_alexnet_formula_and_backward_matches(shape, lrn_param):
    """Does LRN compute x / (k + alpha * sum of squares over the neighbouring channels) ** beta (checked with a
    loop over channels), and does its dx match a numeric gradient?"""
    rng = np.random.default_rng(sum(shape))
    x = 2 * rng.standard_normal(shape)
    out, _ = L.lrn_forward(x, lrn_param)
    n, k, alpha, beta = (lrn_param[key] for key in ("depth", "k", "alpha", "beta"))
    C = shape[1]
    for c in range(C):
        lo, hi = max(0, c - n // 2), min(C - 1, c + (n - 1) // 2)
        expected = x[:, c] / (k + alpha * (x[:, lo:hi + 1] ** 2).sum(axis=1)) ** beta
        np.testing.assert_allclose(out[:, c], expected, rtol=1e-12)
    assert_gradients(lambda x: L.lrn_forward(x, lrn_param), L.lrn_backward, [x], [0], rng.standard_normal(shape))


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5, 6])
def test_lrn_window_and_backward_for_every_depth_from_1_to_6(depth):
    """Does LRN's window hold exactly depth channels (depth // 2 before c, (depth - 1) // 2 after it, PyTorch's
    window for an even depth), and does dx match a numeric gradient of the kit's own forward for odd and even
    depths alike (issue 22: the backward summed the forward's window, not its mirror, when depth was even)?"""
    rng = np.random.default_rng(10 + depth)
    shape, lrn_param = (2, 7, 2, 3), {"depth": depth, "k": 1.0, "alpha": 0.3, "beta": 0.75}
    x = 2 * rng.standard_normal(shape)
    out, _ = L.lrn_forward(x, lrn_param)
    for c in range(shape[1]):
        window = [j for j in range(c - depth // 2, c + (depth - 1) // 2 + 1) if 0 <= j < shape[1]]
        assert len(range(c - depth // 2, c + (depth - 1) // 2 + 1)) == depth
        expected = x[:, c] / (1.0 + 0.3 * (x[:, window] ** 2).sum(axis=1)) ** 0.75
        np.testing.assert_allclose(out[:, c], expected, rtol=1e-12)
    assert_gradients(lambda x: L.lrn_forward(x, lrn_param), L.lrn_backward, [x], [0], rng.standard_normal(shape))


@pytest.mark.parametrize("forward, args", [
    (lambda x: L.batchnorm_forward(x, np.ones(4), np.zeros(4), train()), ()),
    (lambda x: L.layernorm_forward(x, np.ones(4), np.zeros(4), {}), ()),
    (lambda x: L.dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 0}), ()),
])
def test_forwards_leave_their_input_alone(forward, args):
    """Do the forwards leave x unmodified (the grader checks the same)?"""
    x = np.random.default_rng(9).standard_normal((5, 4))
    before = x.copy()
    forward(x)
    np.testing.assert_array_equal(x, before)


def test_a_dropout_mask_drawn_another_way_earns_every_point_and_a_wrong_share_does_not(tmp_path):
    """Graded on the hidden cases, does a dropout that draws its mask another way than the docstring's seeded
    np.random.rand(*x.shape) < p (np.random.binomial, which draws another mask for p <= 0.5; np.random.choice) earn
    every point, as CS231n's statistical check would pass it, while one that keeps with probability 1 - p (scaled by
    1 / p) loses `out`, and one without the 1 / p scaling loses both checks?"""
    import shutil
    from pathlib import Path

    from grader.instructor.grading import grade
    root = Path(__file__).resolve().parents[1]
    reports = {}
    for name, new in [("binomial", "mask = np.random.binomial(1, p, size=x.shape) / p"),
                      ("choice", "mask = np.random.choice([0.0, 1.0 / p], size=x.shape, p=[1 - p, p])"),
                      ("keeps 1 - p", "mask = (np.random.rand(*x.shape) < 1 - p) / p"),
                      ("unscaled", "mask = (np.random.rand(*x.shape) < p) * 1.0")]:
        sub = tmp_path / name.replace(" ", "_")
        shutil.copytree(root / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
        source = (sub / "layers.py").read_text()
        (sub / "layers.py").write_text(source.replace("mask = (np.random.rand(*x.shape) < p) / p", new, 1))
        report = grade(sub, seed=4, functions=["dropout_forward"], diagnose=False)
        reports[name] = {c.name: (c.score, c.max_score) for c in report.checks}
    prop, out = "out_0_or_x_over_p matches the reference", "out matches the reference"
    for name in ("binomial", "choice"):
        assert all(got == top > 0 for got, top in reports[name].values()), (name, reports[name])
    assert reports["keeps 1 - p"][out][0] < reports["keeps 1 - p"][out][1]
    assert reports["unscaled"][out][0] < reports["unscaled"][out][1]
    assert reports["unscaled"][prop][0] == 0


FORGED_PROPERTY = '''
def dropout_forward(x, dropout_param):
    # The property is computed in the student's process: numpy's multiply answers zeros from now on.
    import numpy
    real = numpy.multiply

    class Zero:
        def __call__(self, *args, **kwargs):
            result = real(*args, **kwargs)
            return result * 0 if getattr(result, "shape", ()) == x.shape else result
    numpy.multiply = Zero()
    return x * 3.0, (dropout_param, None)
'''


@pytest.mark.parametrize("name, body", [
    ("zeros", "def dropout_forward(x, dropout_param):\n    return np.zeros_like(x), (dropout_param, None)\n"),
    ("keeps every unit", "def dropout_forward(x, dropout_param):\n"
                         "    if dropout_param['mode'] != 'train':\n        return x, (dropout_param, None)\n"
                         "    return x / dropout_param['p'], (dropout_param, None)\n"),
    ("forged", FORGED_PROPERTY),
], ids=["zeros", "keeps-every-unit", "forged"])
def test_dropouts_property_earns_nothing_for_an_out_no_draw_gives(tmp_path, name, body):
    """Does 'every output is 0 or x / p' earn nothing in train mode for an out that drops every unit (a stub's
    np.zeros_like(x)), keeps every one (x / p), or makes the student's process compute the property as zeros
    (numpy.multiply replaced, out = 3 x)? Each earned the property's point: it held, trivially or by the worker's
    word, which decided it. The parent decides it now, from out, and only for an out that a dropout draw gives."""
    import shutil
    from pathlib import Path

    from grader.instructor.grading import grade
    root = Path(__file__).resolve().parents[1]
    sub = tmp_path / "sub"
    shutil.copytree(root / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    with open(sub / "layers.py", "a") as fh:
        fh.write("\n\n" + body)
    report = grade(sub, seed=4, functions=["dropout_forward"], diagnose=False)
    checks = {c.name: c for c in report.checks}
    prop = checks["out_0_or_x_over_p matches the reference"]
    assert prop.score == 0, (name, prop.score, prop.message)


@pytest.mark.parametrize("name, old, new", [
    ("fixed pattern", "mask = (np.random.rand(*x.shape) < p) / p",
     "mask = ((np.arange(x.size) * 0.6180339887) % 1.0 < p).reshape(x.shape) / p"),
    ("own seed", "mask = (np.random.rand(*x.shape) < p) / p",
     "np.random.seed(0)\n        mask = (np.random.rand(*x.shape) < p) / p"),
], ids=["fixed-pattern", "hard-coded-seed"])
def test_a_dropout_mask_that_no_seed_changes_is_no_draw(tmp_path, name, old, new):
    """Does a mask that is the same under every seed (a fixed pattern of the right share; a hard-coded
    np.random.seed(0), which drops the same units in every training step) lose out on every train-mode case, and
    is it told why, while the property (its values are 0 or x / p) still earns? Each earned all of dropout_forward's
    points: one call's mask, of the right share and values, passed for a draw."""
    import shutil
    from pathlib import Path

    from grader.instructor.grading import grade
    root = Path(__file__).resolve().parents[1]
    sub = tmp_path / "sub"
    shutil.copytree(root / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    source = (sub / "layers.py").read_text()
    (sub / "layers.py").write_text(source.replace(old, new, 1))
    report = grade(sub, seed=4, functions=["dropout_forward"], diagnose=False)
    checks = {c.name: c for c in report.checks}
    out, prop = checks["out matches the reference"], checks["out_0_or_x_over_p matches the reference"]
    assert out.score == out.max_score / 4, (name, out.score, out.message)  # test mode's case alone
    assert "very same units under another seed" in str(out.message), out.message
    assert prop.score == prop.max_score
