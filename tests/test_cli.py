"""The command lines are thin: every default lives in the function a verb calls, never in the parser too."""
import argparse

import pytest

from grader.cli import build_parser as student_parser
from grader.instructor.cli import build_parser as instructor_parser

# Options whose default is the command line's own choice, not a function's: which package the notebooks import
# differs between the kit (solutions) and the bundle (assignment).
CLI_CHOICES = {("notebooks", "target")}


def _verbs(parser):
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices.items()


@pytest.mark.parametrize("build", [lambda: student_parser()[0], instructor_parser], ids=["student", "instructor"])
def test_no_option_writes_a_default_of_its_own(build):
    own = []
    for verb, parser in _verbs(build()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction) or (verb, action.dest) in CLI_CHOICES:
                continue
            if action.default not in (argparse.SUPPRESS, None):
                own.append(f"{verb} {action.dest}={action.default!r}")
    assert not own, "defaults written in the parser instead of the function: " + ", ".join(own)


def test_an_option_left_out_is_left_out_of_the_call_and_the_help_shows_the_functions_default(capsys):
    from grader.instructor.release import build_release
    from grader.cli import default_of, given
    parser = instructor_parser()
    args = parser.parse_args(["release"])
    assert given(args, "output") == {}
    assert given(parser.parse_args(["release", "-o", "x.zip"]), "output") == {"output": "x.zip"}
    with pytest.raises(SystemExit):
        parser.parse_args(["release", "--help"])
    assert f"(default: {default_of(build_release, 'output')})" in capsys.readouterr().out


@pytest.mark.parametrize("lang, said", [("en", "no graded function is called layernrom_backward"),
                                        ("zh", "没有名为 layernrom_backward 的评分函数")])
def test_functions_takes_commas_and_names_an_unknown_function_with_the_closest_names(lang, said):
    from grader.functions import BY_NAME, select
    assert select(["layernorm_forward,layernorm_backward", "relu_forward"]) == [
        BY_NAME["layernorm_forward"], BY_NAME["layernorm_backward"], BY_NAME["relu_forward"]]
    with pytest.raises(ValueError) as raised:
        select(["layernorm_forward,layernrom_backward"], lang)
    assert said in str(raised.value) and "layernorm_backward" in str(raised.value).split("：")[-1].split(": ")[-1]


def test_an_unknown_function_is_an_error_with_exit_status_2_not_a_traceback(capsys):
    from grader.instructor.cli import main
    assert main(["check", "solutions", "--functions", "conv_forward_navie"]) == 2
    err = capsys.readouterr().err
    assert "conv_forward_naive" in err and "Traceback" not in err
