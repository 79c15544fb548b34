"""The Gradescope autograder bundle, run against a fake /autograder tree."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

from grader.examples import make_buggy
from grader.gradescope_bundle import build_autograder


def test_run_autograder_writes_valid_results_json(tmp_path):
    """Does run_autograder grade /autograder/submission into a results.json Gradescope accepts?"""
    bundle = build_autograder(tmp_path / "autograder.zip")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
        assert "run_autograder" in zf.namelist() and "setup.sh" in zf.namelist()
    make_buggy("forgotten_bias", root / "submission")
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), CONVKIT_PYTHON=sys.executable)
    subprocess.run(["bash", str(script)], env=env, check=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text())
    from grader.functions import GRADED
    from grader.rubric import load_rubric
    rubric = load_rubric()
    required = sum(rubric[g.name].points for g in GRADED if not g.optional)
    assert results["score"] == required - rubric["conv_forward_naive"].points  # the forgotten bias costs the conv
    assert {"score", "execution_time", "output", "tests"} <= set(results)
    names = [t["name"] for t in results["tests"]]
    assert "conv_forward_naive: out matches the reference" in names
    assert all(t["status"] in ("passed", "failed") for t in results["tests"])
