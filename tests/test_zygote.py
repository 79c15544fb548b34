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

from grader.sandbox import BUBBLEWRAP, RLIMITS, UID, WorkerSession, confine, decode_job, session, spawn, tiers

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
    assert imported - set(sys.stdlib_module_names) == {"convkit_worker", "convkit_cleanup"}


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


# -- the bubblewrap kept from one submission to the next (``kept``) -------------------------------------------------

needs_bwrap = pytest.mark.skipif(BUBBLEWRAP not in HERE_TIERS, reason="no bubblewrap tier on this machine")
# With the kernel's layers the bubblewrap is handed on; with Landlock (or seccomp) missing, each submission gets a
# fresh one, as before.
KERNEL_LAYERS = [pytest.param("", id="kernel-layers"), pytest.param("landlock=ENOSYS", id="landlock-off"),
                 pytest.param("seccomp=EPERM", id="seccomp-off")]

LEFT_BEHIND = """import ctypes, errno, json, os, signal, socket, sys, time
SECRET = 'layers.py of the previous student'
def _try(found, name, act):
    try:
        act()
        found[name] = 'done'
    except OSError as exc:
        found[name] = errno.errorcode.get(exc.errno, str(exc.errno))
def _write(path):
    with open(path, 'w') as fh:
        fh.write(SECRET)
def _daemon(body):
    if os.fork() == 0:
        try:
            if os.fork() == 0:
                body()
        finally:
            os._exit(0)
    os.wait()
def _stubborn():
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
        signal.signal(sig, signal.SIG_IGN)
    time.sleep(0.5)  # once its worker answered (before, it would garble its own submission's answer stream)
    while True:
        for fd in range(1, 64):  # every descriptor it inherited, the worker's output streams among them
            try:
                os.write(fd, b'from the previous student ')
            except OSError:
                pass
        time.sleep(0.01)
def _forker():
    # As many processes as its limit lets it have, each replaced as soon as it goes, up to 30 in all (more would be
    # beyond the pids a kept bubblewrap allows a submission: test_a_submission_that_forks_many_times_...).
    for _ in range(30):
        try:
            if os.fork() == 0:
                time.sleep(0.05)
                os._exit(0)
        except OSError:
            time.sleep(0.001)
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pass
    time.sleep(300)
def _listener():
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind('\\0convkit-left-behind')
        server.listen(1)
        while True:
            connection, _ = server.accept()
            connection.sendall(SECRET.encode())
            connection.close()
    except OSError:
        os._exit(0)
def run(x):
    found = {}
    for path in ('/tmp/left', '/dev/shm/left', '/left', '/sandbox/left', '/sandbox/package/left',
                 '/sandbox/package/submission/left', 'left', '.matplotlib', 'sitecustomize.py'):
        _try(found, path, lambda: _write(path))
    _try(found, 'deep', lambda: os.makedirs('a/' * 200))
    _try(found, 'fifo', lambda: os.mkfifo('fifo'))
    _try(found, 'fifo /tmp', lambda: os.mkfifo('/tmp/fifo'))
    _try(found, 'xattr home', lambda: os.setxattr('.', 'user.left', SECRET.encode()))
    _try(found, 'xattr /tmp', lambda: os.setxattr('/tmp', 'user.left', SECRET.encode()))
    _try(found, 'chmod /tmp', lambda: os.chmod('/tmp', 0o700))
    _try(found, 'utime /tmp', lambda: os.utime('/tmp', (12345, 12345)))
    zygote = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    _try(found, 'ptrace zygote', lambda: libc.ptrace(16, zygote, None, None) == 0 or
         (_ for _ in ()).throw(OSError(ctypes.get_errno(), 'ptrace')))
    for what in ('environ', 'mem', 'maps', 'fd'):
        _try(found, f'/proc/zygote/{what}', lambda: os.listdir(f'/proc/{zygote}/fd') if what == 'fd'
             else open(f'/proc/{zygote}/{what}', 'rb').read(1))
    _try(found, 'signal zygote', lambda: os.kill(zygote, signal.SIGSTOP))
    _try(found, 'signal init', lambda: os.kill(1, signal.SIGSTOP))
    _daemon(lambda: time.sleep(300))
    _daemon(_stubborn)
    _daemon(_listener)
    _daemon(_forker)
    stopped = os.fork()
    if stopped == 0:
        time.sleep(300)
        os._exit(0)
    _try(found, 'stopped', lambda: os.kill(stopped, signal.SIGSTOP))
    _try(found, 'chmod home', lambda: os.chmod('.', 0o500))
    return json.dumps(found)
"""

LOOK_AROUND = """import errno, json, os, socket
import numpy as np
def _see(act):
    try:
        return act()
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
def _connect():
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect('\\0convkit-left-behind')
    return client.recv(100).decode()
def _exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
def run(x):
    with open('mine', 'w') as fh:  # its home is its own again, writable
        fh.write('ok')
    mine = open('mine').read()
    os.remove('mine')
    return json.dumps({
        'home': os.listdir('.'), 'home mode': oct(os.stat('.').st_mode & 0o777),
        'home xattrs': _see(lambda: os.listxattr('.')),
        'tmp': _see(lambda: os.listdir('/tmp')), 'shm': _see(lambda: os.listdir('/dev/shm')),
        'tmp mode': oct(os.stat('/tmp').st_mode & 0o7777), 'tmp xattrs': _see(lambda: os.listxattr('/tmp')),
        'package': sorted(os.listdir('/sandbox/package')),
        'submission': sorted(os.listdir('/sandbox/package/submission')),
        'socket': _see(_connect),
        'others': [pid for pid in range(1, 2000) if _exists(pid) and pid not in (1, os.getppid(), os.getpid())],
        'answer': float(np.arange(10).sum()), 'mine': mine})
"""


def _sandbox_view(zygote: spawn.Zygote) -> tuple[list[int], dict[str, list[str]]]:
    """Seen from the grader's side: the pids of every live process of the bubblewrap's PID namespace (its init and
    the zygote included), and what its /tmp, /dev/shm, home and package hold."""
    def stat_of(pid):
        with open(f"/proc/{pid}/stat") as fh:
            after = fh.read().rsplit(")", 1)[1].split()
        return after[0], int(after[1])  # state, parent

    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    parents = {}
    for pid in pids:
        try:
            parents[pid] = stat_of(pid)
        except OSError:
            pass
    init = next(pid for pid, (_, parent) in parents.items() if parent == zygote.proc.pid)
    space = os.readlink(f"/proc/{init}/ns/pid")
    inside = []
    for pid, (state, _) in parents.items():
        try:
            if os.readlink(f"/proc/{pid}/ns/pid") == space and state != "Z":
                inside.append(pid)
        except OSError:
            pass
    root = f"/proc/{init}/root"
    return sorted(inside), {folder: sorted(os.listdir(root + folder))
                            for folder in ("/tmp", "/dev/shm", "/sandbox/home", "/sandbox/package")}


@needs_bwrap
@pytest.mark.parametrize("layers", KERNEL_LAYERS)
def test_what_a_submission_leaves_never_reaches_the_next_one_in_the_same_bubblewrap(tmp_path, monkeypatch, layers):
    """One submission writes in /tmp, /dev/shm, /, /sandbox, its package and its home (a deep nest, a FIFO, a
    matplotlib folder), marks the mounts' roots (modes, times, extended attributes), tries to stop, trace and read
    its zygote and bubblewrap's init, and leaves a daemon, one that ignores signals and writes to every descriptor
    it inherited, an abstract unix socket's listener, one that forks without end and a stopped process. Is the bubblewrap handed on only when
    Landlock and seccomp held every worker, with nothing but its init and zygote alive and its mounts empty, and
    does the next submission (in it, or in a fresh one) see none of it and compute right?"""
    from grader.sandbox import kept
    if layers:
        monkeypatch.setenv(confine.SIMULATE_ENV, layers)
    kept.close_all()
    with WorkerSession(_package(tmp_path / "a", LEFT_BEHIND), tier=BUBBLEWRAP) as first:
        found = _run(first)
        zygote = first.forked_from
        time.sleep(1)  # the daemons at work
    assert isinstance(found, dict), (found, first.printed())
    assert found["/left"] != "done" and found["/sandbox/package/left"] != "done"  # read-only mounts, whatever held it
    if not layers:  # Landlock and seccomp held it: everything refused but its home, and the metadata of /tmp's
        # root (Landlock does not cover chmod, utime or setxattr), which the zygote's reset puts back
        assert first.kept_refused == "" and kept.kept_count() == 1
        allowed = ("left", ".matplotlib", "sitecustomize.py", "deep", "fifo", "xattr home", "chmod home", "stopped",
                   "xattr /tmp", "chmod /tmp", "utime /tmp")
        assert all(v != "done" for k, v in found.items() if k not in allowed), found
        pids, folders = _sandbox_view(zygote)
        assert len(pids) == 2, pids  # bubblewrap's init and the zygote
        assert folders == {"/tmp": [], "/dev/shm": [], "/sandbox/home": [], "/sandbox/package": []}, folders
    else:
        assert first.kept_refused == layers.split("=")[0] and kept.kept_count() == 0
        assert not zygote.alive() and zygote.proc.poll() is not None
        assert found["/tmp/left"] == "done" or layers.startswith("seccomp")  # what the next one must not see
    with WorkerSession(_package(tmp_path / "b", LOOK_AROUND), tier=BUBBLEWRAP) as second:
        seen = _run(second)
        assert (second.forked_from is zygote) == (not layers) and second.served == (2 if not layers else 1)
        printed = second.printed()
    assert "previous student" not in printed
    assert seen["answer"] == 45.0 and seen["mine"] == "ok" and seen["home"] == [], seen
    assert seen["home mode"] == oct(0o755) and seen["home xattrs"] in ([], "EACCES"), seen
    assert seen["tmp"] in ([], "EACCES") and seen["shm"] in ([], "EACCES"), seen
    assert seen["tmp mode"] == oct(0o755), seen  # as bubblewrap made it
    assert seen["tmp xattrs"] in ([], "EACCES"), seen
    assert seen["package"] == ["submission"] and seen["submission"] == ["__init__.py", "__pycache__", "attack.py"]
    assert seen["socket"] in ("EPERM", "ECONNREFUSED"), seen  # seccomp refuses socket(); without it, nobody there
    assert seen["others"] == [], seen


ROOT_METADATA = """import array, fcntl, json, os
ROOTS = ('/sandbox/home', '/tmp', '/dev/shm')
def _flags(path, value=None):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)  # Landlock refuses /tmp and /dev/shm
    except OSError as exc:
        return exc.strerror
    try:
        flags = array.array('l', [0])
        fcntl.ioctl(fd, 0x80086601, flags, True)
        if value is not None:
            fcntl.ioctl(fd, 0x40086602, array.array('l', [flags[0] | value]), True)
            fcntl.ioctl(fd, 0x80086601, flags, True)
        return flags[0]
    except OSError as exc:
        return exc.strerror
    finally:
        os.close(fd)
def run(x):
    found = {}
    for i, path in enumerate(ROOTS):
        info = os.stat(path)
        if LEAVE:  # an access time of its choosing (mode, mtime and xattrs unchanged), nodump and noatime
            try:
                os.utime(path, ns=(info.st_mtime_ns + 10**9 * (1000 + i) + 123456789, info.st_mtime_ns))
            except OSError as exc:
                found[path] = exc.strerror
                continue
        info = os.stat(path)
        flags = _flags(path, 0x40 | 0x80) if LEAVE and path == ROOTS[0] else _flags(path)
        found[path] = [info.st_atime_ns - info.st_mtime_ns, flags]
    return json.dumps(found)
"""


@needs_bwrap
def test_the_times_and_flags_of_the_mounts_roots_carry_nothing_to_the_next_submission(tmp_path):
    """Landlock does not cover utime or the inode-flags ioctl: a submission sets the access time of its home's,
    /tmp's and /dev/shm's roots to values of its choosing (64 bits each; mode, mtime and xattrs unchanged) and
    the home's nodump and noatime flags. Is the bubblewrap still handed on, and does the next submission in it read
    the times and flags it had at the start?"""
    from grader.sandbox import kept
    kept.close_all()
    with WorkerSession(_package(tmp_path / "a", "LEAVE = True\n" + ROOT_METADATA), tier=BUBBLEWRAP) as first:
        left = _run(first)
    assert left["/sandbox/home"] == [1000123456789, 0xc0] and left["/tmp"][0] == 1001123456789, left
    assert kept.kept_count() == 1
    with WorkerSession(_package(tmp_path / "b", "LEAVE = False\n" + ROOT_METADATA), tier=BUBBLEWRAP) as second:
        seen = _run(second)
        assert second.forked_from is first.forked_from
    assert seen["/sandbox/home"] == [0, 0] and seen["/tmp"][0] == 0 and seen["/dev/shm"][0] == 0, seen
    kept.close_all()


PIDS = """import json, os
def run(x):
    for _ in range(SENT):  # the next worker's pid would be this count plus a constant
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return json.dumps(os.getpid())
"""


@needs_bwrap
def test_a_submission_that_forks_many_times_sends_no_number_through_the_pids(tmp_path):
    """In a kept bubblewrap the next worker's pid is the previous submission's count of forks plus a constant: a
    number of its choosing (1,234 or 2,345 forks were read back exactly). Is a sandbox whose submission used more
    than the zygote's PID_BUDGET pids never handed on, so that the next worker's pid says nothing, and one that forked
    a few times still handed on?"""
    from grader.sandbox import kept
    budget = next((node.value.value for node in ast.parse((ROOT / "grader/sandbox/zygote.py").read_text()).body
                   if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PID_BUDGET"), 64)
    kept.close_all()
    seen = []
    for sent in (3, 1234, 2345):
        with WorkerSession(_package(tmp_path / f"a{sent}", f"SENT = {sent}\n" + PIDS), tier=BUBBLEWRAP) as first:
            _run(first)
        assert (first.kept_refused == "") == (sent < budget), first.kept_refused
        with WorkerSession(_package(tmp_path / f"b{sent}", "SENT = 0\n" + PIDS), tier=BUBBLEWRAP) as second:
            seen.append(_run(second))
        kept.close_all()
    assert seen[1] == seen[2] < budget, seen


FILL_HOME = """import errno, json, os
def run(x):
    written = 0
    try:
        with open('filler', 'wb') as fh:
            while True:
                fh.write(b'0' * (1 << 20))
                fh.flush()
                written += 1
    except OSError as exc:
        return json.dumps([written, errno.errorcode.get(exc.errno, str(exc.errno))])
"""


@needs_bwrap
def test_a_home_filled_to_its_size_is_empty_again_for_the_next_submission(tmp_path):
    """One submission fills its home to ``home_mb``: does the next one, in the same bubblewrap, get the whole
    size again?"""
    from grader.sandbox import Limits, kept
    kept.close_all()
    limits = Limits(home_mb=24, file_mb=64)
    with WorkerSession(_package(tmp_path / "a", FILL_HOME), limits, tier=BUBBLEWRAP) as first:
        written, error = _run(first)
    assert error == "ENOSPC" and 16 <= written <= 24 and kept.kept_count() == 1
    with WorkerSession(_package(tmp_path / "b", FILL_HOME), limits, tier=BUBBLEWRAP) as second:
        again, error = _run(second)
        assert second.forked_from is first.forked_from
    assert error == "ENOSPC" and again == written
    kept.close_all()


@needs_bwrap
def test_a_sandbox_whose_reset_fails_is_never_handed_on(tmp_path, monkeypatch):
    """When the zygote says it could not make the sandbox clean (a process it could not kill, a home it could not
    empty) or does not answer, is that bubblewrap stopped and the next submission served by a fresh one?"""
    from grader.sandbox import kept
    kept.close_all()
    code = "import json, os\ndef run(x):\n    return json.dumps(os.getpid())\n"
    for failure in (lambda self, timeout=0: "3 processes still there",
                    lambda self, timeout=0: (_ for _ in ()).throw(spawn.ZygoteFailed("no answer in 40 s"))):
        monkeypatch.setattr(spawn.Zygote, "reset", failure)
        with WorkerSession(_package(tmp_path / f"a{id(failure)}", code), tier=BUBBLEWRAP) as first:
            _run(first)
            zygote = first.forked_from
        assert first.kept_refused and kept.kept_count() == 0
        assert not zygote.alive() and zygote.proc.poll() is not None
        monkeypatch.undo()
        with WorkerSession(_package(tmp_path / f"b{id(failure)}", code), tier=BUBBLEWRAP) as second:
            assert isinstance(_run(second), int) and second.forked_from is not zygote
        kept.close_all()


@needs_bwrap
def test_two_sessions_at_once_never_share_a_bubblewrap(tmp_path):
    """Two sessions of one process at the same time (threads of a grader): does each get a bubblewrap of its own,
    even when one is kept from an earlier submission, and are both served right?"""
    import threading
    from grader.sandbox import kept
    kept.close_all()
    code = "import json, os, time\ndef run(x):\n    time.sleep(1)\n    return json.dumps(os.getppid())\n"
    with WorkerSession(_package(tmp_path / "warm", code), tier=BUBBLEWRAP) as warm:
        _run(warm)
    assert kept.kept_count() == 1
    results, sessions = {}, {}

    def grade_one(name):
        with WorkerSession(_package(tmp_path / name, code), tier=BUBBLEWRAP) as session:
            sessions[name] = session
            results[name] = _run(session)
            zygotes[name] = session.forked_from

    zygotes = {}
    threads = [threading.Thread(target=grade_one, args=(name,)) for name in ("x", "y")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) == {"x", "y"} and all(isinstance(v, int) for v in results.values())
    assert zygotes["x"] is not zygotes["y"]
    assert warm.forked_from in zygotes.values()  # one of them took the kept one
    assert kept.kept_count() == 2
    kept.close_all()
    assert not any(z.alive() for z in zygotes.values())


@needs_bwrap
def test_the_zygote_shares_no_writable_memory_with_its_children(tmp_path):
    """A child writes to memory it got from the zygote; if any of that were a shared writable mapping, the zygote
    (and every later child) would see it. Does the zygote hold none (no 'rw-s' line in its maps)?"""
    from grader.sandbox import kept
    kept.close_all()
    with WorkerSession(_package(tmp_path / "p", "import json\ndef run(x):\n    return json.dumps(1)\n"),
                       tier=BUBBLEWRAP) as worker:
        _run(worker)
        pids, _ = _sandbox_view(worker.forked_from)
        forked = []  # the zygote and the worker it forked (the same command line)
        for pid in pids:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"convkit_zygote" in fh.read():
                    forked.append(pid)
        with open(f"/proc/{min(forked)}/maps") as maps:  # the zygote: the first of them
            mapped = [line for line in maps]
    assert mapped and not [line for line in mapped if line.split()[1].startswith("rw") and line.split()[1][3] == "s"]
    kept.close_all()


def test_a_kept_bubblewrap_goes_with_its_grading_process(tmp_path):
    """A grading process that ends (normally) with a bubblewrap kept: are its sandbox's processes and folder gone?"""
    if BUBBLEWRAP not in HERE_TIERS:
        pytest.skip("no bubblewrap tier on this machine")
    package = _package(tmp_path / "p", "import json\ndef run(x):\n    return json.dumps(1)\n")
    script = ("import sys, numpy as np\nsys.path.insert(0, sys.argv[1])\n"
              "from grader.sandbox import WorkerSession, kept\n"
              f"JOB = {JOB!r}\n"
              "with WorkerSession(sys.argv[2], tier='bubblewrap') as w:\n"
              "    w.run(0, JOB, {'c0/x': np.zeros(1)}, timeout=30)\n"
              "    bwrap = w.forked_from.proc.pid\n"
              "assert kept.kept_count() == 1\n"
              "print(bwrap, kept._SHELF and next(iter(kept._SHELF.values()))[0].base, flush=True)\n")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT), str(package)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    bwrap, base = out.stdout.split()
    assert not _alive(int(bwrap)) and not Path(base).exists()
