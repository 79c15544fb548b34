"""The zygote that forks the workers, under attack from the code it forks, in every tier this machine offers: can a
child reach the zygote (signals, its control socket, its memory), poison it for the next submission, see the
previous child's data, or outlive its job or its grader?

Each attack runs as student code in a worker started the way grading starts it (``WorkerSession``); its function
returns what it found, as a JSON value the parent decodes.
"""
import ast
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from grader.sandbox import BUBBLEWRAP, RLIMITS, UID, WorkerSession, decode_job, session, spawn, tiers

ROOT = Path(__file__).resolve().parents[1]
HERE_TIERS = tiers.available()
ALL = [pytest.param(t, marks=pytest.mark.skipif(t not in HERE_TIERS, reason=f"no {t} tier on this machine"))
       for t in (BUBBLEWRAP, UID, RLIMITS)]
pytestmark = pytest.mark.skipif(not spawn.available(), reason="workers are forked from a zygote on Linux only")

JOB = {"cases": [{"steps": [{"call": "attack.run", "args": [{"a": "x"}], "bind": ["out"]}],
                  "outputs": {"out": "out"}}]}


def _package(folder: Path, code: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "attack.py").write_text(code)
    return folder


def _run(session: WorkerSession, k: int = 0):
    """What attack.run returned (a JSON value), or the outcome's state when the job did not finish."""
    outcome = session.run(k, JOB, {"c0/x": np.zeros(1)}, timeout=20)
    if outcome.state != "done":
        return outcome.state
    output = decode_job(outcome.status, outcome.npz, 1)[0]
    assert not output.raised(), output.raised()
    return json.loads(output.values["out"])


def _attack(tmp_path: Path, tier: str, code: str, name: str = "p"):
    """(what attack.run returned, the closed session) for a package holding ``code`` as attack.py."""
    with WorkerSession(_package(tmp_path / name, code), tier=tier) as worker:
        return _run(worker), worker


def test_the_zygote_imports_nothing_of_the_kit():
    """Does the zygote's module import the standard library and the worker alone (never the grader, the
    reference, a rubric), so that nothing of the kit's secrets can enter the process every worker is forked from?"""
    tree = ast.parse((ROOT / "grader" / "sandbox" / "zygote.py").read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module}
    assert not any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(tree))
    assert imported - set(sys.stdlib_module_names) == {"convkit_worker"}


@pytest.mark.parametrize("tier", ALL)
def test_a_worker_is_forked_and_confined_as_a_fresh_one(tmp_path, tier):
    """Is the worker a child of a zygote, in a session of its own, with only its three streams open, the fresh
    uid (uid tier), the limits and the same confinement layers a fresh interpreter reports?"""
    code = """import os, resource, stat
def run(x):
    sockets = [fd for fd in range(3, 1024) if _is(fd, stat.S_ISSOCK)]  # (Landlock closes /proc/self/fd)
    pipes = [fd for fd in range(3, 1024) if _is(fd, stat.S_ISFIFO)]
    return repr({'sid': os.getsid(0) == os.getpid(), 'uid': os.getuid(), 'sockets': sockets, 'pipes': len(pipes),
                 'nproc': resource.getrlimit(resource.RLIMIT_NPROC)[0],
                 'as': resource.getrlimit(resource.RLIMIT_AS)[0], 'cwd': os.getcwd(), 'home': os.environ['HOME']})
def _is(fd, kind):
    try:
        return kind(os.fstat(fd).st_mode)
    except OSError:
        return False
"""
    code = code.replace("return repr(", "import json\n    return json.dumps(")
    found, worker = _attack(tmp_path, tier, code)
    assert worker.forked_from is not None
    # no socket (the zygote's control socket), and besides fds 0-2 only the job and answer streams the worker keeps
    assert found["sid"] and found["sockets"] == [] and found["pipes"] == 2, found
    assert found["as"] == worker.limits.memory_mb << 20 and found["cwd"] == found["home"]
    if tier == UID:
        assert found["uid"] >= 65256 and found["nproc"] == worker.limits.processes
    os.environ[session.NO_ZYGOTE_ENV] = "1"
    try:
        _, fresh = _attack(tmp_path, tier, code, "fresh")
    finally:
        del os.environ[session.NO_ZYGOTE_ENV]
    assert fresh.forked_from is None
    assert (worker.confinement, worker.confinement_missing) == (fresh.confinement, fresh.confinement_missing)


ZYGOTE_ATTACK = """import errno, json, os, signal
def run(x):
    zygote, found = os.getppid(), {}
    for name, act in (('stop', lambda: os.kill(zygote, signal.SIGSTOP)),
                      ('kill', lambda: os.kill(zygote, signal.SIGKILL)),
                      ('mem', lambda: open(f'/proc/{zygote}/mem', 'rb').read(1)),
                      ('environ', lambda: open(f'/proc/{zygote}/environ', 'rb').read()),
                      ('fd', lambda: os.listdir(f'/proc/{zygote}/fd'))):
        try:
            act()
            found[name] = 'done'
        except OSError as exc:
            found[name] = errno.errorcode.get(exc.errno, str(exc.errno))
    return json.dumps(found)
"""


@pytest.mark.parametrize("tier", ALL)
def test_a_child_cannot_signal_read_or_stop_its_zygote(tmp_path, tier):
    """Student code knows its parent is the zygote (os.getppid()): are SIGSTOP and SIGKILL to it refused, its
    memory, environment and descriptors closed, and does the next submission's worker start from it as before?"""
    found, worker = _attack(tmp_path, tier, ZYGOTE_ATTACK)
    if tier == RLIMITS and "landlock" in worker.confinement_missing:
        pytest.skip("without Landlock the rlimits tier (the student's own check) does not hold the zygote")
    assert set(found.values()) <= {"EPERM", "EACCES"}, found
    again, _ = _attack(tmp_path, tier, "import json\ndef run(x):\n    return json.dumps('fine')\n", "q")
    assert again == "fine"


POISON = """import json, os, sys
import numpy as np
def run(x):
    np.SECRET = 'working layers.py of the previous student'
    np.add = None
    sys.modules['numpy'].zeros = None
    found = {}
    for path in (os.path.dirname(os.path.dirname(np.__file__)), os.path.dirname(sys.modules['convkit_zygote'].__file__)
                 if 'convkit_zygote' in sys.modules else os.path.dirname(sys.modules['convkit_worker'].__file__)):
        try:
            open(os.path.join(path, 'numpy_poison.py'), 'w').write('1')
            found[path] = 'written'
        except OSError as exc:
            found[path] = type(exc).__name__
    open('left.txt', 'w').write('data of the previous student')
    return json.dumps(found)
"""

LOOK = """import json, os
import numpy as np
def run(x):
    return json.dumps({'secret': getattr(np, 'SECRET', None), 'add': np.add is not None, 'zeros': np.zeros is not None,
                       'left': os.listdir('.')})
"""


@pytest.mark.parametrize("tier", ALL)
def test_a_child_cannot_poison_the_zygote_for_the_next_submission(tmp_path, tier):
    """One submission rewrites numpy in its memory, tries to write beside numpy and the worker's code, and leaves a
    file in its home: does the next submission's worker, forked from the same zygote, get a pristine numpy and
    no trace of it?"""
    found, worker = _attack(tmp_path, tier, POISON)
    assert "written" not in found.values() or tier == RLIMITS and "landlock" in worker.confinement_missing, found
    seen, _ = _attack(tmp_path, tier, LOOK, "q")
    assert seen == {"secret": None, "add": True, "zeros": True, "left": []}


@pytest.mark.parametrize("tier", ALL)
def test_the_naive_phase_and_the_free_phase_are_two_children(tmp_path, tier):
    """With the fast layers guarded, does the first worker stop (and every process it started with it) before the
    second, a new child of the same zygote, gets the real fast layers?"""
    code = """import json, os, subprocess, sys
def run(x):
    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])  # setsid: refused by seccomp
    return json.dumps([os.getpid(), child.pid])
"""
    package = _package(tmp_path / "p", code)
    (package / "fast_layers.py").write_text("def conv_forward_fast(x):\n    return x\n")
    with WorkerSession(package, tier=tier, guard_fast_layers=True) as worker:
        first = _run(worker, 0)
        zygote = worker.forked_from
        worker.allow_fast_layers()
        assert worker.proc is None and zygote.alive()
        second = _run(worker, 1)
        assert worker.forked_from is zygote and worker.starts == 2
    assert first[0] != second[0]
    if tier != BUBBLEWRAP:  # inside bubblewrap the pids are its namespace's (and all of them die in the switch)
        assert not _alive(first[0])
        assert not _alive(first[1])  # what it started went with it (a new session is refused by seccomp)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("tier", ALL)
def test_a_killed_zygote_is_replaced_and_its_children_die_with_it(tmp_path, tier):
    """When the zygote is killed from outside mid-job, does its worker die with it (the job is a crash, never a
    hang), and does the next job get a worker from a new zygote?"""
    code = ("import json, os, time\ndef run(x):\n    time.sleep(x[0] if len(x) else 0)\n"
            "    return json.dumps(os.getpid())\n")
    with WorkerSession(_package(tmp_path / "p", code), tier=tier) as worker:
        assert isinstance(_run(worker), int)
        os.kill(worker.forked_from.proc.pid, signal.SIGKILL)
        outcome = worker.run(1, JOB, {"c0/x": np.full(1, 30.0)}, timeout=20)
        assert outcome.state in ("crashed", "done"), outcome.state  # done: the fork came before the kill landed
        assert isinstance(_run(worker, 2), int)


def test_the_zygote_and_its_workers_die_with_a_killed_grader(tmp_path):
    """A grading process killed with SIGKILL mid-job: are its zygote and the worker gone at once (PR_SET_PDEATHSIG),
    not left running as root?"""
    package = _package(tmp_path / "p", "import json, os, time\ndef run(x):\n"
                                       "    open('pids', 'w').write(f'{os.getppid()} {os.getpid()}')\n"
                                       "    time.sleep(120)\n")
    script = ("import sys, numpy as np\nsys.path.insert(0, sys.argv[1])\n"
              "from grader.sandbox import WorkerSession\n"
              f"JOB = {JOB!r}\n"
              "w = WorkerSession(sys.argv[2], tier='rlimits')\nprint(w.base, flush=True)\n"
              "w.run(0, JOB, {'c0/x': np.zeros(1)}, timeout=100)\n")
    grader = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(package)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    pids_file = Path(grader.stdout.readline().strip()) / "home" / "pids"
    deadline = time.monotonic() + 60
    while not pids_file.exists() or not pids_file.read_text():
        assert time.monotonic() < deadline and grader.poll() is None
        time.sleep(0.05)
    zygote, child = (int(p) for p in pids_file.read_text().split())
    grader.kill()
    grader.wait()
    deadline = time.monotonic() + 10
    while (_alive(zygote) or _alive(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(zygote) and not _alive(child)


def test_without_a_zygote_the_fresh_interpreter_still_serves(tmp_path, monkeypatch):
    """With the zygote turned off (the benchmark's baseline, a platform without fork), is every worker a fresh
    interpreter as before, serving the same answers?"""
    monkeypatch.setenv(session.NO_ZYGOTE_ENV, "1")
    found, worker = _attack(tmp_path, RLIMITS, "import json, os\ndef run(x):\n    return json.dumps(os.getpid())\n")
    assert isinstance(found, int) and worker.starts == 1 and worker.forked_from is None


def test_waiting_for_an_exit_wakes_at_the_exit_and_times_out_on_a_live_process():
    """Does spawn.wait_exited return the exit code of a process that exits, and raise TimeoutExpired (leaving it
    running) for one that does not?"""
    quick = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    assert spawn.wait_exited(quick, 30) == 3
    slow = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            spawn.wait_exited(slow, 0.2)
        assert slow.poll() is None
    finally:
        slow.kill()
        slow.wait()
