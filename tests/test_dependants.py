"""What a student's function refers to, read from its own source (grader.dependants): once per source text."""
import ast

from grader import dependants
from grader.functions import BY_NAME
from grader.parsed import Memo

SPATIAL = BY_NAME["spatial_batchnorm_backward"]
CALLS_IT = ("def spatial_batchnorm_backward(dout, cache):\n"
            "    return batchnorm_backward(dout.reshape(-1, 3), cache)\n")
OWN = ("def spatial_batchnorm_backward(dout, cache):\n"
       "    x = dout.sum(axis=0)\n    return x, x, x\n")


def _module(folder, source):
    (folder / "layers.py").write_text(source)
    return folder


def test_a_source_shared_by_submissions_is_parsed_once(tmp_path, monkeypatch):
    """Two submissions whose module has the same text: is it parsed once, and do both get the same callees?"""
    parses = []
    real_parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda source, *a, **k: parses.append(1) or real_parse(source, *a, **k))
    monkeypatch.setattr(dependants, "_REFERRED", Memo(kept=64))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _module(tmp_path / "a", CALLS_IT), _module(tmp_path / "b", CALLS_IT)
    assert dependants.callees(first, SPATIAL) == dependants.callees(second, SPATIAL) == {"batchnorm_backward"}
    assert len(parses) == 1


def test_a_changed_source_is_read_again(tmp_path, monkeypatch):
    """Does a submission whose function is written from scratch get its own reading (no callee), never the
    reading kept for another text, and is the number of texts kept bounded?"""
    monkeypatch.setattr(dependants, "_REFERRED", Memo(kept=64))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert dependants.callees(_module(tmp_path / "a", CALLS_IT), SPATIAL) == {"batchnorm_backward"}
    assert dependants.callees(_module(tmp_path / "b", OWN), SPATIAL) == set()
    for i in range(dependants._REFERRED.kept + 5):
        dependants._referred_names(OWN + f"# {i}\n")
    assert len(dependants._REFERRED) == dependants._REFERRED.kept


def test_a_module_that_does_not_parse_refers_to_nothing(tmp_path):
    """Is a module with a syntax error (or a NUL byte) read as defining nothing, without raising?"""
    for source in ("def spatial_batchnorm_backward(:\n", "x = 1\0\n"):
        assert dependants.callees(_module(tmp_path, source), SPATIAL) == set()


def test_a_right_dropout_backward_under_a_forward_that_keeps_every_unit_is_told_its_root(tmp_path):
    """Set I: a forward whose mask keeps every unit (rand < p / p) and the reference's backward: the backward,
    judged against the reference since its forward drew no mask, was told "check the formula itself". Is it told
    it depends on dropout_forward, and is a backward with its own mistake under a right forward still told its own?"""
    from grader.i18n import translate
    from grader.instructor.grading import grade
    from tests.reference_copy import submission
    keep_all = submission(tmp_path, "keep_all", ("        mask = (np.random.rand(*x.shape) < p) / p\n",
                                                 "        mask = np.random.rand(*x.shape) < p / p\n"))
    own = submission(tmp_path, "own", ("        dx = dout * mask\n", "        dx = dout * (mask > 0)\n"))
    for sub, depends in ((keep_all, True), (own, False)):
        report = grade(sub, seed=3, functions=["dropout_forward", "dropout_backward"]).worded()
        backward = [c for c in report.checks if c.function == "dropout_backward" and c.score < c.max_score]
        assert backward, sub
        said = translate("depends_on", function="dropout_backward", root="dropout_forward")
        assert all((said in str(c.hint)) == depends for c in backward), [c.hint for c in backward]
