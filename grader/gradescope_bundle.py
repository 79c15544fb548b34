"""``python -m grader gradescope -o autograder.zip``: an autograder bundle for Gradescope. INSTRUCTOR SIDE.

Gradescope unpacks the zip into /autograder/source, runs ``setup.sh`` once per image, then ``run_autograder`` for
each submission (found in /autograder/submission) and reads /autograder/results/results.json. The bundle holds
the whole kit (the reference stays on Gradescope's machine, which students never see); students' code still runs
only in the grader's sandboxed worker.
"""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[1]

SETUP_SH = """#!/usr/bin/env bash
set -euo pipefail
apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip bubblewrap >/dev/null || true
cd /autograder/source
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet numpy rich nbformat matplotlib
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grades /autograder/submission into /autograder/results/results.json. AUTOGRADER_ROOT moves the whole tree
# (tests use a temporary folder); CONVKIT_PYTHON picks the interpreter.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PY="${CONVKIT_PYTHON:-$ROOT/venv/bin/python}"
mkdir -p "$ROOT/results"
cd "$ROOT/source"
if ! "$PY" -m grader grade "$ROOT/submission" -o "$ROOT/results/convkit" > "$ROOT/results/grader.log" 2>&1; then
  printf '{"score": 0, "output": "The autograder itself failed; please tell the course staff.", "tests": []}' \\
    > "$ROOT/results/results.json"
  exit 0
fi
cp "$ROOT/results/convkit/results.json" "$ROOT/results/results.json"
"""

KIT_PARTS = ["grader", "solutions", "assignment"]


def build_autograder(output: str | Path = "dist/autograder.zip") -> Path:
    """Write the Gradescope autograder zip and return its path."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        for part in KIT_PARTS:
            shutil.copytree(KIT_ROOT / part, stage / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "student_files"))
        (stage / "setup.sh").write_text(SETUP_SH)
        (stage / "run_autograder").write_text(RUN_AUTOGRADER)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(stage).as_posix())
                    if path.name in ("setup.sh", "run_autograder"):
                        info.external_attr = 0o755 << 16
                    zf.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return output
