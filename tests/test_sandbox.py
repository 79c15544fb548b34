"""The sandbox under attack, in every tier this machine can provide: bubblewrap, the unprivileged uid (bubblewrap
present but failing, as inside Docker, and the grader running as root), and rlimits only.

Attacks that would rewrite the kit if they worked run against a throwaway copy of it, graded by a separate
``python -m grader.instructor grade`` process, as Gradescope runs it.
"""
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest

from grader.instructor.grading import grade
from grader.sandbox import BUBBLEWRAP, RLIMITS, UID, Limits, WorkerSession, confine, decode_job, protocol, tiers
from grader.sandbox.decode import decode_arrays, decode_status
from grader.sandbox.worker import serve

ROOT = Path(__file__).resolve().parents[1]
HERE_TIERS = tiers.available()
SEED = 7
FAKE_BWRAP = "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\nexit 1\n"


def tier_params(*wanted):
    return [pytest.param(t, marks=pytest.mark.skipif(t not in HERE_TIERS, reason=f"no {t} tier on this machine"))
            for t in wanted]


# -- the decoder, on its own ---------------------------------------------------------------------------------------

def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_decoder_refuses_pickles_objects_and_structures():
    """Are a pickled member, an object array and a structured dtype refused, never unpickled or trusted?"""
    assert decode_arrays(_npz(**{"c0/out": np.array([object()], dtype=object)}))[1]
    structured = np.zeros(3, dtype=[("a", "f8"), ("b", "i4")])
    arrays, problem = decode_arrays(_npz(**{"c0/out": structured}))
    assert arrays.get("c0/out") is None and "__bad__" in arrays
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("c0/out.pkl", b"\x80\x04K\x01.")
    assert "not an array" in decode_arrays(buffer.getvalue())[1]


def test_decoder_caps_sizes_and_garbage():
    """Are an oversized answer, an array of too many elements, garbage status and over-long events bounded?"""
    assert "too large" in decode_arrays(b"x" * (protocol.MAX_NPZ_BYTES + 1))[1]
    assert "too large" in decode_arrays(_npz(**{"c0/out": np.zeros(20_000_001, dtype=np.uint8)}))[1]
    assert decode_status(b"{" * 100)[1] == "the status is not valid JSON"
    assert decode_status(b"[1, 2]")[1] == "the status is not a JSON object"
    assert decode_status(b" " * (protocol.MAX_STATUS_BYTES + 1))[1] == "the status is too large"
    status = json.dumps({"cases": [{"events": [{"raised": "E" * 700, "type": "T" * 100,
                                                 "traceback": ["x" * 30] * 8}] * 55}]}).encode()
    assert len(status) <= protocol.MAX_STATUS_BYTES
    events = decode_job(status, _npz(), 1)[0].events
    assert len(events) == 50 and len(events[0]["raised"]) == 500 and len(events[0]["traceback"]) == 6


def test_protocol_round_trip_in_process():
    """Does a job framed by the parent come back from the worker's serve loop as the outputs of the call?"""
    job = {"cases": [{"steps": [{"call": "mod.double", "args": [{"a": "x"}], "bind": ["out"]}],
                      "outputs": {"out": "out"}, "check_unmodified": ["x"]}]}
    jobs = io.BytesIO(protocol.frame("job", 3, json.dumps(job).encode(), _npz(**{"c0/x": np.arange(4.0)})))
    answers = io.BytesIO()
    module = type(sys)("mod")
    module.double = lambda x: x * 2
    sys.modules["submission.mod"] = module
    try:
        serve(jobs, answers)
    finally:
        del sys.modules["submission.mod"]
    raw = answers.getvalue()
    header, rest = raw.split(b"\n", 1)
    k, n_json, n_npz = protocol.payload_sizes(protocol.parse_header(header), "result", 1 << 20, 1 << 30)
    out = decode_job(rest[:n_json], rest[n_json:n_json + n_npz], 1)[0]
    assert k == 3 and np.array_equal(out.arrays["out"], np.arange(4.0) * 2)
    assert np.array_equal(out.inputs_after["x"], np.arange(4.0))


def test_session_runs_without_the_resource_module(monkeypatch, tmp_path):
    """Where `resource` does not exist (Windows), does the worker still run, without rlimits?"""
    from grader.sandbox import session as session_module
    monkeypatch.setattr(session_module, "resource", None)
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text("def f(x):\n    return x + 1\n")
    job = {"cases": [{"steps": [{"call": "m.f", "args": [{"a": "x"}], "bind": ["out"]}], "outputs": {"out": "out"}}]}
    with WorkerSession(pkg, tier=RLIMITS) as session:
        outcome = session.run(0, job, {"c0/x": np.ones(2)})
    assert outcome.state == "done"
    assert np.array_equal(decode_job(outcome.status, outcome.npz, 1)[0].arrays["out"], np.full(2, 2.0))


# -- attacks on one function, graded in-process in each tier --------------------------------------------------------

def _with_body(dest: Path, body: str, prelude: str = "") -> Path:
    """The reference, with conv_forward_naive's body replaced by ``body`` and ``prelude`` run at import."""
    shutil.copytree(ROOT / "solutions", dest, ignore=shutil.ignore_patterns("__pycache__"))
    path = dest / "layers.py"
    text = path.read_text()
    if body:
        start = text.index("    # BEGIN SOLUTION\n    stride, pad = conv_param")
        end = text.index("    # END SOLUTION", start)
        text = text[:start] + "    # BEGIN SOLUTION\n    " + body + "\n" + text[end:]
    head, sep, rest = text.partition("import numpy as np\n")
    path.write_text(head + sep + prelude + rest)
    return dest


PLANTS = """import os as _os
def _plant():
    kit = {kit!r}
    names = {{'stdout.txt': kit + '/grader/writers/gradescope.py', 'job_1.json': kit + '/grader/rubric.toml',
             'in_1.npz': kit + '/grader/model.py', 'status_2.json': '/dev/zero', 'out_3.npz': '/dev/zero'}}
    for name, target in names.items():
        for k in range(8):
            try:
                _os.symlink(target, name.replace('1', str(k)).replace('2', str(k)).replace('3', str(k)))
            except OSError:
                pass
    try:
        _os.mkfifo('out_5.npz')
    except OSError:
        pass
_plant()
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_planted_files_and_a_crash_change_nothing_but_the_crashed_function(tmp_path, tier):
    """Symlinks to the kit and /dev/zero and a FIFO under the names the old protocol used, then a crash: is the
    kit untouched, the grading complete, and only the crashing function's points lost?"""
    before = _tree_hash(ROOT / "grader")
    sub = _with_body(tmp_path / "s", "import os\n    os._exit(3)", PLANTS.format(kit=str(ROOT)))
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive", "conv_backward_naive"])
    scores = report.function_scores()
    assert report.tier == tier
    assert scores["conv_forward_naive"][0] == 0
    assert scores["relu_forward"][0] == scores["relu_forward"][1]
    assert scores["conv_backward_naive"][0] == scores["conv_backward_naive"][1]  # on the documented cache
    assert _tree_hash(ROOT / "grader") == before


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_flood_of_prints_costs_nothing_and_is_noted(tmp_path, tier):
    """Does printing 40 MB cost no point, keep only a bounded tail, and leave a note saying how much?"""
    sub = _with_body(tmp_path / "s", "", "for _ in range(40):\n    print('x' * (1 << 20))\n")
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == report.max_score
    assert any("printed 40.0 MB" in e for e in report.errors), report.errors
    assert len(report.versions["printed_tail"]) <= 1000


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_filling_the_disk_costs_the_function_only(tmp_path, tier):
    """Does a function that writes 400 MB of files into its folder (and then answers right) lose its own points,
    and the next function, run after it, none?"""
    sub = _with_body(tmp_path / "s", "")
    layers = sub / "layers.py"
    layers.write_text(layers.read_text().replace(
        "out = np.maximum(0, x)", "for i in range(8):\n        open(f'fill{i}', 'wb').write(b'0' * (50 << 20))\n"
                                  "    out = np.maximum(0, x)", 1))
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive"],
                   limits=Limits(home_mb=128, timeout=10))
    scores = report.function_scores()
    assert scores["relu_forward"][0] == 0
    assert scores["conv_forward_naive"][0] == scores["conv_forward_naive"][1]


# -- attacks on the grader itself: a throwaway kit, graded by a separate process -----------------------------------

@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """A throwaway copy of the kit (the parts Gradescope's bundle holds), world-traversable like /autograder."""
    base = Path(tempfile.mkdtemp(prefix="convkit-kit-"))
    os.chmod(base, 0o755)
    for part in ("grader", "solutions", "assignment"):
        shutil.copytree(ROOT / part, base / "source" / part, ignore=shutil.ignore_patterns("__pycache__"))
    os.chmod(base / "source", 0o755)
    fake = base / "fakebin"
    fake.mkdir()
    (fake / "bwrap").write_text(FAKE_BWRAP)
    (fake / "bwrap").chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _grade_in_kit(kit: Path, submission: Path, out: Path, tier: str, functions=("relu_forward",
                                                                              "conv_forward_naive")):
    """Grade as Gradescope would: `python -m grader.instructor grade` from the kit's folder; for the uid tier with a bwrap
    that fails first on PATH (as Docker causes) and no tier forced."""
    env = dict(os.environ)
    argv = [sys.executable, "-m", "grader.instructor", "grade", str(submission), "-o", str(out), "--functions", *functions]
    if tier == UID:
        env["PATH"] = f"{kit / 'fakebin'}:{env['PATH']}"
    else:
        argv += ["--tier", tier]
    run = subprocess.run(argv, cwd=kit / "source", env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads((out / "report.json").read_text())
    assert report["tier"] == tier, report["tier"]
    return report


def _stub_with(dest: Path, code: str) -> Path:
    """The stubs, with ``code`` appended to layers.py."""
    shutil.copytree(ROOT / "assignment", dest, ignore=shutil.ignore_patterns("__pycache__"))
    os.chmod(dest, 0o755)
    with open(dest / "layers.py", "a") as fh:
        fh.write("\n" + code)
    return dest


THIEF = """
def _steal():
    import os
    kit = {kit!r}
    paths = [kit + '/solutions/layers.py', '/autograder/source/solutions/layers.py']
    for top in (kit, os.path.dirname(kit)):
        try:
            for dirpath, _, files in os.walk(top):
                if 'layers.py' in files and dirpath.endswith('solutions'):
                    paths.append(os.path.join(dirpath, 'layers.py'))
        except OSError:
            pass
    for path in paths:
        try:
            with open(path) as fh:
                source = fh.read()
        except OSError:
            continue
        namespace = {{}}
        exec(compile(source, path, 'exec'), namespace)
        return namespace
    return None


_stolen = _steal()
if _stolen:
    for _name, _value in _stolen.items():
        if callable(_value) and not _name.startswith('_'):
            globals()[_name] = _value
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID))
def test_a_reference_thief_earns_nothing(kit, tmp_path, tier):
    """Does a stub that looks for the kit's solutions/ (where an attacker knows it lies) and runs it earn 0?"""
    sub = _stub_with(tmp_path / "thief", THIEF.format(kit=str(kit / "source")))
    report = _grade_in_kit(kit, sub, tmp_path / "out", tier)
    assert report["score"] == 0, [c["message"] for c in report["checks"]]


DAEMON = """
import os as _os, sys as _sys
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _os.execv(_sys.executable, [_sys.executable, '-c', '''
import json, sys, time
for _ in range(400):
    for path in (sys.argv[1] + "/results.json", sys.argv[2]):
        try:
            with open(path, "w") as fh:
                fh.write(json.dumps({{"score": 999, "tests": []}}))
        except OSError:
            pass
    time.sleep(0.05)
''', {results!r}, {marker!r}, {token!r}])
    _os._exit(0)
"""


def _processes_with(token: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and token.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(int(entry))
        except OSError:
            pass
    return found


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID))
def test_a_setsid_daemon_does_not_outlive_the_grading(kit, tmp_path, tier):
    """Does a double-forked, setsid daemon that keeps rewriting results.json (in a folder it could write) die
    before the results are written, so that the grade stays the grade?"""
    out = Path(tempfile.mkdtemp(prefix="convkit-results-"))
    os.chmod(out, 0o777)
    marker = f"/tmp/convkit-daemon-{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    try:
        sub = _stub_with(tmp_path / "daemon", DAEMON.format(results=str(out), marker=marker, token=token))
        report = _grade_in_kit(kit, sub, out, tier)
        time.sleep(2)
        assert not _processes_with(token), "the daemon outlived the grading"
        assert json.loads((out / "results.json").read_text())["score"] == report["score"] == 0
        assert not os.path.exists(marker)
    finally:
        for pid in _processes_with(token):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(out, ignore_errors=True)
        if os.path.exists(marker):
            os.unlink(marker)


KILLER = """
import os as _os, signal as _signal
for _sig in (_signal.SIGKILL, _signal.SIGTERM):
    try:
        _os.kill(_os.getppid(), _sig)
    except OSError:
        pass
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID))
def test_killing_the_parent_leaves_a_complete_honest_report(kit, tmp_path, tier):
    """Does a submission that signals its parent still get a complete report with its honest score?"""
    ref = tmp_path / "ref"
    shutil.copytree(ROOT / "solutions", ref, ignore=shutil.ignore_patterns("__pycache__"))
    with open(ref / "layers.py", "a") as fh:
        fh.write(KILLER)
    report = _grade_in_kit(kit, ref, tmp_path / "out", tier)
    assert report["score"] == report["max_score"] > 0


@pytest.mark.skipif(UID not in HERE_TIERS, reason="the uid tier needs root")
def test_the_uid_tier_leaves_no_process_and_no_file_of_its_uid(tmp_path, monkeypatch):
    """After a session in the uid tier, does the slot's uid own no process and no file in /tmp (written with
    Landlock off, as on a kernel without it)?"""
    monkeypatch.setenv(confine.SIMULATE_ENV, "landlock=ENOSYS")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text(
        "import os, subprocess\n"
        "def f(x):\n"
        "    open('/tmp/convkit-left-behind-' + str(os.getuid()), 'w').write('x')\n"
        "    subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "    return x, os.getuid(), os.getgroups()\n")
    job = {"cases": [{"steps": [{"call": "m.f", "args": [{"a": "x"}], "bind": ["out", "uid", "groups"]}],
                      "outputs": {"out": "out", "uid": "uid", "groups": "groups"}}]}
    with WorkerSession(pkg, tier=UID) as session:
        uid = session.slot.uid
        outcome = session.run(0, job, {"c0/x": np.ones(2)})
        values = decode_job(outcome.status, outcome.npz, 1)[0].values
        assert tiers.processes_of(uid), "the sleeper should be alive while the session is"
    assert values["uid"] == uid and values["groups"] == []
    assert not tiers.processes_of(uid)
    assert not os.path.exists(f"/tmp/convkit-left-behind-{uid}")


def test_a_symlinked_module_earns_nothing(tmp_path):
    """Does a folder whose layers.py is a symlink to the reference (as a git checkout can hold) earn nothing
    for it, with an error that says why?"""
    sub = tmp_path / "s"
    shutil.copytree(ROOT / "assignment", sub, ignore=shutil.ignore_patterns("__pycache__"))
    (sub / "layers.py").unlink()
    (sub / "layers.py").symlink_to(ROOT / "solutions" / "layers.py")
    report = grade(sub, seed=SEED, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == 0
    assert any("symbolic link" in e for e in report.errors), report.errors


def test_a_symlink_inside_the_submission_is_followed(tmp_path):
    """Is a symlink that stays inside the submission (layers.py -> src/layers.py) read as the file it names?"""
    sub = tmp_path / "s"
    shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    (sub / "src").mkdir()
    (sub / "layers.py").rename(sub / "src" / "layers.py")
    (sub / "layers.py").symlink_to(Path("src") / "layers.py")
    report = grade(sub, seed=SEED, functions=["relu_forward"])
    assert report.score == report.max_score


def test_a_notebook_with_a_bad_cell_is_graded_on_its_good_cells(tmp_path):
    """Is a notebook with an unfinished cell and IPython help syntax graded on the cells that parse, with a note
    naming the bad cell?"""
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np\nnp.sum?\n?np.mean"),
                nbformat.v4.new_code_cell((ROOT / "solutions" / "layers.py").read_text()),
                nbformat.v4.new_code_cell("def unfinished(:\n    pass")]
    nbformat.write(nb, str(tmp_path / "work.ipynb"))
    report = grade(tmp_path / "work.ipynb", seed=SEED, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == report.max_score
    assert any("cell 3 does not parse" in n for n in report.notes), report.notes


def test_a_killed_graders_scratch_folders_are_swept_at_the_next_start(tmp_path):
    """Does the next session remove the sandbox and submission folders of a grader that was SIGKILLed, and keep
    those of graders still running?"""
    from grader.sandbox import scratch
    code = ("import sys, time; sys.path.insert(0, sys.argv[1])\n"
            "from grader.sandbox.scratch import private_folder\n"
            "print(private_folder('sandbox'), private_folder('submission'), flush=True)\n"
            "time.sleep(60)\n")
    victim = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], stdout=subprocess.PIPE, text=True)
    left = [Path(p) for p in victim.stdout.readline().split()]
    assert all(p.is_dir() for p in left)
    assert not {p.name for p in left} & set(scratch.sweep())  # its grader still runs: kept
    assert all(p.is_dir() for p in left)
    victim.kill()
    victim.wait()
    swept = scratch.sweep()
    assert {p.name for p in left} <= set(swept)
    assert not any(p.exists() for p in left)
