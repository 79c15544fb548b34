"""The trusted side compiles and parses a student's text quietly: nothing Python's compiler says about it reaches
the grader's terminal (grader/parsed.py)."""
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from grader.parsed import parsed, quiet_compile, quiet_parse
from grader.sandbox.session import precompile
from grader.submission import compile_error

ROOT = Path(__file__).resolve().parents[1]
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mScore: 177 / 177\x1b[0m"
# Each line makes Python's compiler warn (SyntaxWarning) and holds terminal escapes in a comment: Python's warning
# printer writes the line of the file a warning names to stderr as it stands.
WARNED = (f"def _is_one(x):\n    return x is 1  # {ESCAPES}\n\n\n"
          f"def _checked(x):\n    assert (x, 'why')  # {ESCAPES}\n    return x\n")


def test_the_quiet_readers_warn_of_nothing(tmp_path):
    """Does none of the trusted side's readers of a student's text let a warning out, even where every warning is
    shown or is an error (-W error)?"""
    package = tmp_path / "submission"
    package.mkdir()
    (package / "layers.py").write_text(WARNED)
    for action in ("always", "error"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter(action)
            quiet_compile(WARNED, str(package / "layers.py"))
            quiet_parse(WARNED)
            parsed(WARNED + "\n# " + action)  # not a tree kept from an earlier call
            assert compile_error(WARNED + "\n# " + action) is None
            precompile(package)
        assert caught == [], [str(w.message) for w in caught]
    assert list((package / "__pycache__").glob("layers.*.pyc"))


@pytest.mark.parametrize("flags", [[], ["-W", "error"]])
def test_a_warned_line_with_escapes_never_reaches_the_graders_terminal(tmp_path, flags):
    """Does grading a layers.py whose lines make the compiler warn, with terminal escapes beside them, print no
    escape and no warning (it printed the student's line, escapes included: a cleared screen and a fake score),
    and score it as if the lines were not there (under -W error the warning was a compile error of the file)?"""
    sub = tmp_path / "sub"
    shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    with open(sub / "layers.py", "a", encoding="utf-8") as fh:
        fh.write("\n\n" + WARNED)
    run = subprocess.run([sys.executable, *flags, "-m", "grader.instructor", "grade", str(sub), "-o",
                          str(tmp_path / "out"), "--functions", "relu_forward"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "\x1b" not in run.stdout + run.stderr, (run.stdout + run.stderr)[-2000:]
    assert "SyntaxWarning" not in run.stderr, run.stderr[-2000:]
    assert "Total: 2 / 2" in run.stdout, run.stdout[-2000:]


def test_a_memo_shared_by_threads_trims_itself_without_raising():
    """Several threads grading in one process (a Dask worker's threads) keep what they derive from texts in one
    Memo: does trimming it at its bound never raise (two threads trimming one plain dict raised KeyError or
    "dictionary changed size during iteration", and the row said the grader failed), and does it stay bounded?"""
    import threading
    from grader.parsed import Memo
    memo, raised = Memo(kept=4), []

    def hammer(start):
        try:
            for i in range(start, start + 100000):
                memo.put(i, i)
                memo.get(i - 1)
        except Exception as exc:  # noqa: BLE001 - what a race raises is the finding
            raised.append(exc)

    threads = [threading.Thread(target=hammer, args=(n * 100000,)) for n in range(8)]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch)
    assert not raised, raised[:3]
    assert len(memo) <= memo.kept
