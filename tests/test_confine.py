"""The worker's own confinement (grader/sandbox/confine.py): Landlock and the seccomp filter, each tried in a fresh
process that confines itself as the worker does and then attacks, on this machine's kernel."""
import ctypes
import json
import os
import platform
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from grader.sandbox import confine

ROOT = Path(__file__).resolve().parents[1]


def _kernel_has(layer: str) -> bool:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from grader.sandbox import confine as c; "
            + ("c.landlock_abi()" if layer == "landlock" else "c.no_new_privileges(); c.apply_seccomp()"))
    return subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True).returncode == 0


HAS_LANDLOCK = _kernel_has("landlock")
HAS_SECCOMP = _kernel_has("seccomp")
needs_landlock = pytest.mark.skipif(not HAS_LANDLOCK, reason="this kernel has no Landlock")
needs_seccomp = pytest.mark.skipif(not HAS_SECCOMP, reason="no seccomp here")

# A child that confines itself as the worker does (its home writable, ``allowed`` readable as the worker's package
# folder, and the runtime the worker reads), runs ``attacks``
# (a dict of name -> zero-argument callables) and prints {name: "ok ..." or "ErrorType errno"} as JSON.
CHILD = """
import ctypes, errno, json, os, socket, sys
sys.path.insert(0, {root!r})
from grader.sandbox import confine
from grader.sandbox.worker import readable_runtime
{setup}
applied, missing = confine.confine(read=readable_runtime({allowed!r}), write=[{home!r}])
libc = ctypes.CDLL(None, use_errno=True)
def sys_ok(value):
    if value == -1:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return value
results = {{"applied": applied, "missing": missing}}
{attacks}
for name, attack in list(ATTACKS.items()):
    try:
        results[name] = "ok " + str(attack())[:80]
    except OSError as exc:
        results[name] = errno.errorcode.get(exc.errno, str(exc.errno))
print(json.dumps(results))
"""


def _confined(tmp_path, attacks: str, setup: str = "", env=None) -> dict:
    home, allowed = tmp_path / "home", tmp_path / "allowed"
    home.mkdir(exist_ok=True)
    allowed.mkdir(exist_ok=True)
    (allowed / "given.txt").write_text("given")
    code = CHILD.format(root=str(ROOT), setup=setup, allowed=str(allowed), home=str(home),
                        attacks=textwrap.dedent(attacks))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=home, timeout=60,
                         env={**os.environ, **(env or {})})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.splitlines()[-1])


@pytest.fixture()
def secret(tmp_path):
    """A world-readable file outside everything the child may read (another checkout of the course, say)."""
    path = tmp_path / "elsewhere" / "solutions" / "layers.py"
    path.parent.mkdir(parents=True)
    path.write_text("def conv_forward_naive(): pass\n")
    return path


@needs_landlock
def test_landlock_reads_only_what_it_was_given_and_writes_only_home(tmp_path, secret):
    """Once confined, is a world-readable file elsewhere unreadable, /tmp and /dev/shm unwritable, while the given
    folder, the home and the Python runtime still work?"""
    out = _confined(tmp_path, f"""
        ATTACKS = {{
            "secret": lambda: open({str(secret)!r}).read(),
            "listdir": lambda: os.listdir({str(secret.parent)!r}),
            "given": lambda: open({str(tmp_path / 'allowed' / 'given.txt')!r}).read(),
            "home": lambda: open("notes.txt", "w").write("x"),
            "tmp": lambda: open("/tmp/convkit-confine-test-" + str(os.getpid()), "w"),
            "shm": lambda: open("/dev/shm/convkit-confine-test-" + str(os.getpid()), "w"),
            "passwd": lambda: open("/etc/passwd").read(),
            "stdlib": lambda: __import__("xml.dom.minidom").__name__,
            "devnull": lambda: open("/dev/null", "w").write("x"),
        }}
    """)
    assert out["applied"][0] == f"landlock-v{confine.landlock_abi()}"
    assert out["secret"] == out["listdir"] == out["tmp"] == out["shm"] == out["passwd"] == "EACCES", out
    assert out["given"] == "ok given" and out["home"] == "ok 1" and out["stdlib"] == "ok xml"
    assert out["devnull"] == "ok 1"


@needs_landlock
def test_landlock_refuses_tcp_to_a_server_on_this_machine(tmp_path, monkeypatch):
    """With seccomp off (so that Landlock alone is tested), is a TCP connection to a listening local server
    refused, on a kernel whose Landlock has network rules (ABI 4+)?"""
    if confine.landlock_abi() < 4:
        pytest.skip("Landlock below ABI 4 has no network rules")
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept(), daemon=True).start()
    try:
        out = _confined(tmp_path, f"""
            ATTACKS = {{"connect": lambda: socket.create_connection(("127.0.0.1", {port}), timeout=5),
                        "bind": lambda: socket.create_server(("127.0.0.1", 0))}}
        """, env={confine.SIMULATE_ENV: "seccomp=EPERM"})
    finally:
        server.close()
    assert out["missing"] == {"seccomp": "EPERM"}
    assert out["connect"] == out["bind"] == "EACCES", out


@needs_seccomp
def test_seccomp_denies_escape_routes_with_eperm_and_lets_python_work(tmp_path):
    """Do new sockets (unix ones too: a pathname socket is beyond Landlock's ABI 7), socketpairs but a stream one,
    SysV IPC, POSIX queues, ptrace, process_vm_readv, namespaces, mounts, io_uring, BPF, perf, personality changes,
    memory files (memfd_create, memfd_secret) and leaving the session or process group fail with EPERM (an error, not a kill), while a stream socketpair,
    threads, subprocesses and numpy work?"""
    out = _confined(tmp_path, """
        libc.syscall.restype = ctypes.c_long
        nr = confine.SYSCALLS[__import__("platform").machine()]
        def call(name, *args):
            return sys_ok(libc.syscall(nr[name], *[ctypes.c_long(a) for a in args]))
        ATTACKS = {
            "inet": lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM),
            "inet6": lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM),
            "netlink": lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW),
            "socketpair_inet": lambda: call("socketpair", 2, 1, 0, 0),
            "unix": lambda: socket.socket(socket.AF_UNIX).family,
            "unix_pair": lambda: len(socket.socketpair()),
            "unix_pair_nonblocking": lambda: len(socket.socketpair(type=socket.SOCK_STREAM | socket.SOCK_NONBLOCK)),
            "unix_dgram_pair": lambda: len(socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)),
            "unix_seqpacket_pair": lambda: len(socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)),
            "setsid": lambda: call("setsid"),
            "setpgid": lambda: call("setpgid", 0, 0),
            "shmget": lambda: call("shmget", 0, 4096, 0o1666),
            "semget": lambda: call("semget", 0, 1, 0o1666),
            "msgget": lambda: call("msgget", 0, 0o1666),
            "mq_open": lambda: call("mq_open", 0, 0, 0, 0),
            "ptrace": lambda: call("ptrace", 16, os.getppid(), 0, 0),
            "vm_readv": lambda: call("process_vm_readv", os.getppid(), 0, 0, 0, 0, 0),
            "unshare": lambda: call("unshare", 0x10000000),
            "clone_newuser": lambda: call("clone", 0x10000000 | 17, 0, 0, 0, 0),
            "mount": lambda: call("mount", 0, 0, 0, 0, 0),
            "io_uring": lambda: call("io_uring_setup", 1, 0),
            "bpf": lambda: call("bpf", 0, 0, 0),
            "perf": lambda: call("perf_event_open", 0, 0, -1, -1, 0),
            "userfaultfd": lambda: call("userfaultfd", 0),
            "keyctl": lambda: call("keyctl", 0, 0, 0, 0, 0),
            "memfd": lambda: os.memfd_create("m"),
            "memfd_secret": lambda: call("memfd_secret", 0),
            "no_aslr": lambda: call("personality", 0x0040000),
            "personality_query": lambda: call("personality", 0xFFFFFFFF),
            "thread": lambda: __import__("concurrent.futures").futures.ThreadPoolExecutor(2).submit(int, "7").result(),
            "subprocess": lambda: __import__("subprocess").run(["/bin/true"]).returncode,
        }
    """, setup="import numpy")
    assert "seccomp" in out["applied"], out
    denied = ["inet", "inet6", "netlink", "socketpair_inet", "unix", "unix_dgram_pair", "unix_seqpacket_pair",
              "setsid", "setpgid", "shmget", "semget", "msgget", "mq_open", "ptrace",
              "vm_readv", "unshare", "clone_newuser", "mount", "io_uring", "bpf", "perf", "userfaultfd", "keyctl",
              "no_aslr", "memfd", "memfd_secret"]
    assert {name: out[name] for name in denied} == {name: "EPERM" for name in denied}
    assert out["unix_pair"] == out["unix_pair_nonblocking"] == "ok 2" and out["thread"] == "ok 7"
    assert out["subprocess"] == "ok 0" and out["personality_query"].startswith("ok")


def test_a_layer_the_kernel_refuses_is_named_with_why(tmp_path):
    """When the kernel (or a container's profile) refuses both layers, does confine apply neither, say why for each,
    and leave the process working?"""
    out = _confined(tmp_path, 'ATTACKS = {"home": lambda: open("a", "w").write("b")}',
                    env={confine.SIMULATE_ENV: "landlock=ENOSYS,seccomp=EPERM"})
    assert out["applied"] == [] and out["missing"] == {"landlock": "ENOSYS", "seccomp": "EPERM"}
    assert out["home"] == "ok 1"


@needs_landlock
@pytest.mark.parametrize("abi", [1, 2, 3, 4, 5, 6])
def test_every_older_landlock_abi_still_confines(tmp_path, secret, abi):
    """On a kernel of an older Landlock ABI (the probe made to answer 1 to 6), is the ruleset made with the rights
    that ABI knows, named after it, and does it still keep the secret out of reach?"""
    out = _confined(tmp_path, f'ATTACKS = {{"secret": lambda: open({str(secret)!r}).read()}}',
                    setup=f"confine.landlock_abi = lambda: {abi}")
    assert out["applied"][0] == f"landlock-v{abi}" and out["secret"] == "EACCES", out


def test_seccomp_programs_per_architecture():
    """Does each supported architecture get a filter that checks the architecture first and ends by allowing,
    with every denied call numbered, and is any other architecture reported as such?"""
    for machine in ("x86_64", "aarch64"):
        prog = confine.seccomp_program(machine)
        assert prog[0] == (confine.BPF_LD_W_ABS, 0, 0, confine.ARCH)
        assert prog[1][3] == confine.AUDIT_ARCH[machine] and prog[-1][3] == confine.RET_ALLOW
        assert len(prog) < 255  # jumps are 8-bit
        assert set(confine.DENIED) <= set(confine.SYSCALLS[machine])
    with pytest.raises(confine.LayerError, match="arch s390x"):
        confine.seccomp_program("s390x")


def test_the_ready_words_round_trip():
    """Are the worker's ready words (layers, then missing ones with a reason made header-safe) read back as sent?"""
    words = confine.ready_words(["landlock-v7"], {"seccomp": "EPERM", "landlock": "no such\nthing"})
    assert confine.parse_ready(words) == (["landlock-v7"], {"seccomp": "EPERM", "landlock": "no_such_thing"})
    assert all(w.isprintable() and " " not in w for w in words)


def test_the_filters_numbers_are_this_machines():
    """Is the number the filter denies as ``shmget`` the one this machine's libc calls shmget with (a wrong
    table would deny the wrong calls)? Checked through a seccomp-free child making the call by number and by name."""
    machine = platform.machine()
    if machine not in confine.SYSCALLS:
        pytest.skip(f"no table for {machine}")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    key = 0x5EC0
    by_number = libc.syscall(ctypes.c_long(confine.SYSCALLS[machine]["shmget"]), ctypes.c_long(key),
                             ctypes.c_long(4096), ctypes.c_long(0o1600))
    assert by_number >= 0
    try:
        assert libc.shmget(key, 4096, 0o600) == by_number
    finally:
        libc.shmctl(int(by_number), 0, None)  # IPC_RMID


def test_the_confine_module_imports_only_the_standard_library():
    """Can confine.py travel into the sandbox beside the worker (as convkit_confine), where only the standard library
    and numpy are, and import nothing of the grader?"""
    import ast
    tree = ast.parse(Path(confine.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}
    assert not any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(tree))
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_worker_says_ready_first_with_its_layers(tmp_path):
    """Started as the session starts it, is the worker's first answer `ready` with the layers this kernel gives,
    and does what its package's __init__ prints go to the student's stream, never ahead of it?"""
    from grader.sandbox import WorkerSession, protocol
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    with WorkerSession(pkg, tier="rlimits") as session:
        argv, env, cwd = session._argv()
        (session.base / "package" / protocol.PACKAGE / "__init__.py").write_text(
            "import os\nos.write(1, b'student code ran\\n')\n")
        run = subprocess.run(argv, env=env, cwd=cwd, input=b"", capture_output=True, timeout=60)
    first = run.stdout.split(b"\n", 1)[0].decode()
    assert first.split()[0] == protocol.READY, run.stdout
    assert (("landlock-v" in first) == HAS_LANDLOCK) and (("seccomp" in first) == HAS_SECCOMP)
    assert b"student code ran" in run.stderr  # printed after ready, onto the student's stream


def test_on_another_system_both_layers_are_named_missing(monkeypatch):
    """On macOS or Windows, does confine apply nothing, call nothing Linux-only, and name both layers missing with
    the platform as the reason?"""
    monkeypatch.setattr(confine.sys, "platform", "darwin")
    monkeypatch.setattr(confine, "_libc", lambda: pytest.fail("no libc call off Linux"))
    assert confine.confine(read=[], write=[]) == ([], {"landlock": "darwin", "seccomp": "darwin"})
