"""A function that returns some outputs and None for others (grader.returns): told which output is None and why,
never "not implemented yet"; a stub still is; nothing of the score changes."""
import pytest

from grader.i18n import translate
from grader.model import FAILED, NOT_IMPLEMENTED
from tests.reference_copy import submission

BACKWARD = "    dx, dgamma, dbeta = batchnorm_backward(flat, cache)\n"
FUNCTION = "spatial_batchnorm_backward"


def _graded(sub, lang):
    from grader.instructor.api import check
    from grader.instructor.grading import grade
    return [report.worded() for report in (grade(sub, seed=3, functions=[FUNCTION], lang=lang),
                                           check(sub, functions=[FUNCTION], lang=lang))]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_output_left_none_is_told_with_the_name_assigned_in_its_place(tmp_path, lang):
    """Set I: a spatial batch-norm backward assigning `dbata` and returning `dbeta` (still None) was told "not
    implemented yet (it returns None)". Is it told which output is None and the typo, in the graded report and the
    local check, keeping dx's and dgamma's points? And a backward whose dbeta is never assigned at all?"""
    typo = submission(tmp_path, "typo", (BACKWARD, BACKWARD.replace("dbeta =", "dbata =")))
    never = submission(tmp_path, "never", (BACKWARD, BACKWARD.replace("dx, dgamma, dbeta =", "dx, dgamma, _ =")))
    for sub, why in ((typo, translate("partly_returned_typo", lang, function=FUNCTION, assigned="dbata",
                                      returned="dbeta")),
                     (never, translate("partly_returned_never", lang, function=FUNCTION, name="dbeta"))):
        for report in _graded(sub, lang):
            checks = {c.name.split(" ")[0]: c for c in report.checks if c.function == FUNCTION}
            assert checks["dx"].score == checks["dx"].max_score and checks["dgamma"].score == checks["dgamma"].max_score
            dbeta = checks["dbeta"]
            assert dbeta.score == 0 and dbeta.status == FAILED, dbeta
            assert translate("partly_returned", lang, function=FUNCTION, output="dbeta",
                             returned="`dx`, `dgamma`") in dbeta.message, dbeta.message
            assert dbeta.hint == why, (dbeta.hint, why)


def test_a_stub_is_still_not_implemented_and_the_reference_untouched(tmp_path):
    """Every output None (the stub) stays "not implemented yet"; the reference is not read as partly returned."""
    from grader.instructor.grading import grade
    stub = submission(tmp_path, "stub", (BACKWARD + "    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n", ""))
    report = grade(stub, seed=3, functions=[FUNCTION]).worded()
    assert {c.status for c in report.checks if c.function == FUNCTION} == {NOT_IMPLEMENTED}
    reference = submission(tmp_path, "reference")
    report = grade(reference, seed=3, functions=[FUNCTION]).worded()
    assert all(c.score == c.max_score and not c.numbers.get("partly_returned")
               for c in report.checks if c.function == FUNCTION)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_outputs_a_function_does_return_are_named_as_code(tmp_path, lang):
    """Set O (rainoa): a batchnorm_backward_alt assigning dgamma and dbeta but never dx was told, in zh, "... 而 dgamma,
    dbeta 都有返回值", two bare names that read as English words in a Chinese sentence. Are the names it does return
    given as code (`dgamma`, `dbeta`) in both languages, graded report and local check, with no English left in zh?
    """
    from tests.no_english import english_sentences
    alt = submission(tmp_path, "alt", ("    dx = gamma / (N * std) * (N * dout - dbeta - x_hat * dgamma)\n", ""))
    from grader.instructor.api import check
    from grader.instructor.grading import grade
    for sub, key, fields in ((alt, "partly_returned", dict(output="dx", returned="`dgamma`, `dbeta`")),):
        for report in (grade(sub, seed=0, functions=["batchnorm_backward_alt"], lang=lang).worded(),
                       check(sub, functions=["batchnorm_backward_alt"], lang=lang).worded()):
            dx = next(c for c in report.checks if c.function == "batchnorm_backward_alt" and c.name.startswith("dx"))
            said = translate(key, lang, function="batchnorm_backward_alt", **fields)
            assert said in dx.message, dx.message
            assert "dgamma, dbeta" not in dx.message, dx.message
            if lang == "zh":
                assert not english_sentences(dx.message), dx.message
