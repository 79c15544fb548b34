"""``python -m grader.instructor gradescope -o autograder.zip``: an autograder bundle for Gradescope. INSTRUCTOR SIDE.

Gradescope unpacks the zip into /autograder/source, runs ``setup.sh`` once per image, then ``run_autograder`` for
each submission (found in /autograder/submission) and reads /autograder/results/results.json. The bundle holds
the whole kit (the reference stays on Gradescope's machine, which students never see); students' code still runs
only in the grader's sandboxed worker. Gradescope's containers run as root and cannot create namespaces, so
bubblewrap is tried and the unprivileged-uid tier is what usually runs there: the kit is made unreadable to the
worker's uid and every process of that uid is killed before results.json is written.

Choose the base image "Ubuntu 22.04" (Python 3.10) or "Ubuntu 24.04" (Python 3.12); any Python 3.10 to 3.13 works.
"""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]

# Pinned so that every image grades with the same numbers; each has wheels for Python 3.10 to 3.13.
# matplotlib and scipy: what a student's notebook imports, so a layers.py that imports them (real ones do) grades
# on Gradescope as it does on the kit's own machine; each has wheels for Python 3.10 to 3.13 at these versions.
REQUIREMENTS = """numpy==2.2.6
rich==14.3.4
nbformat==5.10.4
tomli==2.2.1; python_version < "3.11"
matplotlib==3.10.8
scipy==1.15.3
"""

SETUP_SH = """#!/usr/bin/env bash
# Runs once per image, as root. AUTOGRADER_ROOT moves the tree (tests use a temporary folder); CONVKIT_BASE_PYTHON
# picks the interpreter the venv is made from; CONVKIT_SKIP_APT skips the system packages.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
if [ -z "${CONVKIT_SKIP_APT:-}" ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip bubblewrap >/dev/null \\
    || echo "note: apt-get failed; using the image's python3 (bubblewrap may be missing: the uid tier is used)"
fi
# The venv is made from an interpreter the sandbox uid can run (the image's own python3, not a pyenv under /root):
# the worker runs as that uid, and a runtime it cannot read would leave no sandbox but rlimits as root.
PY="${CONVKIT_BASE_PYTHON:-$(command -v /usr/bin/python3 python3 | head -n 1)}"
SANDBOX_UID="${CONVKIT_SANDBOX_UID_BASE:-65000}"
as_sandbox_uid() {
  if command -v setpriv >/dev/null 2>&1; then
    # through sh, so that the program itself is looked up and opened as that uid
    setpriv --reuid="$SANDBOX_UID" --regid="$SANDBOX_UID" --clear-groups /bin/sh -c 'exec "$0" "$@"' "$@"
  else
    echo "note: no setpriv here; not checked as the sandbox uid" >&2; "$@"
  fi
}
"$PY" -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 10) <= v <= (3, 13) else "convkit needs Python 3.10 to 3.13, this image has %d.%d" % v)'
if ! as_sandbox_uid "$PY" -c 'import sys' >/dev/null 2>&1; then
  echo "error: $PY cannot be run by the sandbox uid $SANDBOX_UID (is it under /root?): set CONVKIT_BASE_PYTHON to an interpreter other users can read, e.g. /usr/bin/python3" >&2
  exit 1
fi
"$PY" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/source/requirements.txt"
chmod -R go+rX "$ROOT/venv"
if ! (cd / && as_sandbox_uid "$ROOT/venv/bin/python" -c 'import numpy') >/dev/null 2>&1; then
  echo "error: the sandbox uid $SANDBOX_UID cannot import numpy from $ROOT/venv: make $ROOT and the venv readable by other users" >&2
  exit 1
fi
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grades /autograder/submission into /autograder/results/results.json. AUTOGRADER_ROOT moves the whole tree
# (tests use a temporary folder); CONVKIT_PYTHON picks the interpreter.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PY="${CONVKIT_PYTHON:-$ROOT/venv/bin/python}"
mkdir -p "$ROOT/results"
cd "$ROOT/source"
if ! "$PY" -m grader.instructor grade "$ROOT/submission" -o "$ROOT/results/convkit" --lang @LANG@ \\
     > "$ROOT/results/grader.log" 2>&1; then
  # The grader's own failure is never the student's zero: no results.json, so Gradescope reports the autograder as
  # failed (staff see why below) and the submission is regraded once it is fixed.
  tail -n 20 "$ROOT/results/grader.log"
  exit 1
fi
cp "$ROOT/results/convkit/results.json" "$ROOT/results/results.json"
"""

KIT_PARTS = ["grader", "solutions", "assignment"]


def build_autograder(output: str | Path = "dist/autograder.zip", *, lang: str = "en") -> Path:
    """Write the Gradescope autograder zip and return its path.

    Args:
        output: Where to write the zip.
        lang: Language of the students' feedback: ``en``, ``zh``, or both from one grading, the first first
            (``zh,en``: Gradescope's output shows Chinese, then English).

    Raises:
        ValueError: a language other than en and zh.
    """
    from ..i18n import parse_langs
    lang = ",".join(parse_langs(lang))  # raises on anything but en and zh
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        for part in KIT_PARTS:
            shutil.copytree(KIT_ROOT / part, stage / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "student_files"))
        (stage / "requirements.txt").write_text(REQUIREMENTS)
        (stage / "setup.sh").write_text(SETUP_SH)
        (stage / "run_autograder").write_text(RUN_AUTOGRADER.replace("@LANG@", lang))
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(stage).as_posix())
                    if path.name in ("setup.sh", "run_autograder"):
                        info.external_attr = 0o755 << 16
                    zf.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return output
