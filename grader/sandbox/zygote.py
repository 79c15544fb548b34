"""The zygote: a process that has imported numpy and the worker once, and forks one worker per request.

UNTRUSTED SIDE's runtime, trusted code: it runs from a copy beside the worker (as ``convkit_zygote``), imports the
standard library, numpy and the worker's three modules, and nothing else. No student code ever runs in it, and no
job, input, expected output or reference ever reaches it: it hears only where a worker's package and home are, its
uid, its limits and the three pipe ends that become the worker's stdin, stdout and stderr (passed as descriptors
over its control socket, ``SCM_RIGHTS``); the jobs then flow between the parent and the child alone.

A child takes, in this order and before it imports anything of the submission, exactly what a fresh worker gets
from ``subprocess.Popen`` and its own ``main``: a new session, the three streams (every other descriptor closed),
the home as its cwd, the worker's environment, the fresh uid with no groups (uid tier), its limits
(``worker.limit_self``: no new privileges, rlimits, death with the zygote), then ``worker.enter``, which confines
it (Landlock, seccomp) and serves jobs. It never returns into the zygote's loop.

The zygote itself is not dumpable (no ptrace, no /proc/PID/mem of it without CAP_SYS_PTRACE), dies with its
grader (PR_SET_PDEATHSIG, and the end of its control socket), and reaps a child only when the parent asks, so the
parent's kill never reaches a pid that was reused. Inside bubblewrap (``--alone``: its own PID namespace and an
unprivileged uid) a ``kill`` also kills every other process of the namespace, as the end of a bubblewrap would.

Control messages (one JSON object per SOCK_SEQPACKET datagram)::

    zygote -> parent   {"ready": pid}                         numpy and the worker imported
    parent -> zygote   {"op": "spawn", "root", "home", "env", "uid", "limits"} + 3 descriptors
    zygote -> parent   {"pid": N} | {"error": "..."}
    parent -> zygote   {"op": "wait", "pid": N, "timeout": s} | {"op": "kill", "pid": N}
    zygote -> parent   {"pid": N, "code": exit code, negative for a signal, or null while it runs}
    parent -> zygote   {"op": "kill uid", "uid": U}    (a root zygote: every process of U, as ``tiers.kill_uid``)
    zygote -> parent   {"uid": U}
    parent -> zygote   {"op": "reset", "timeout": s}    (bubblewrap: the end of a submission, see ``_reset``)
    zygote -> parent   {"clean": true} | {"clean": false, "why": "..."}

The uid tier's ``kill(-1)`` as the submission's uid is a fork of this small process rather than of the grader.
"""
from __future__ import annotations

import ctypes
import json
import os
import random
import select
import signal
import socket
import stat
import sys
import time

sys.path[:0] = sys.argv[2:]  # numpy's folder (the session's view of it)
import convkit_cleanup as cleanup  # noqa: E402  (the grader's hostile-tree removal: standard library only)
import convkit_worker as worker  # noqa: E402  (imports numpy, the protocol and confine)

PR_SET_PDEATHSIG, PR_SET_DUMPABLE = 1, 4
MAX_MESSAGE = 1 << 16
# Inside bubblewrap: the folders a worker could write if Landlock did not hold it (its home, which ``_reset``
# empties, and the sized mounts it should never touch), as they were when the zygote started.
SCRATCH = ("/tmp", "/dev/shm")
# Processes one submission may start in a kept bubblewrap (its workers among them) before the sandbox is not handed
# on: the namespace's next pid is the previous one's count of forks plus one, a number the next submission reads
# with getpid() (a fork loop sent 2,345 exactly). Within the budget, at most 6 bits pass; no correct layers.py forks.
PID_BUDGET = 64


def _last_pid() -> int | None:
    """The pid this PID namespace gave last (None where the kernel does not say)."""
    try:
        with open("/proc/sys/kernel/ns_last_pid") as fh:
            return int(fh.read())
    except (OSError, ValueError):
        return None


def _child(request: dict, fds: list[int], control: socket.socket, zygote: int) -> None:
    """In the forked child: become a fresh worker, then serve. Never returns."""
    code = 70
    try:
        control.close()
        os.setsid()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
        os.chdir(request["home"])
        os.environ.clear()
        os.environ.update(request["env"])
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        uid = request.get("uid")
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        worker.limit_self(request["limits"])  # after setuid, which clears PR_SET_PDEATHSIG
        if os.getppid() != zygote:  # the zygote died before the request took effect
            os._exit(code)
        # A fresh interpreter seeds its generators from the OS: so does every child, never its siblings' state.
        random.seed()
        worker.np.random.seed()
        worker.enter(request["root"])
        code = 0
    except BaseException:  # noqa: BLE001 - whatever happened, the child never returns into the zygote's loop
        try:
            import traceback
            traceback.print_exc()
        finally:
            os._exit(code or 70)
    os._exit(code)


def _status(pid: int, timeout: float) -> int | None:
    """The child's exit code once it ended (and reaped), or None if it still runs after ``timeout``. Waits on a
    pidfd (Linux 5.3), readable once the child exited, where there is one: a worker just killed is reaped at once,
    not at the next 5 ms poll (twice per submission: idle time of the grader and of the sandbox alike)."""
    deadline = time.monotonic() + timeout
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # no pidfd here, or the child is gone already (waitpid says so below)
        fd = None
    try:
        exited = None
        if fd is not None:
            exited = select.poll()
            exited.register(fd, select.POLLIN)
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return -signal.SIGKILL
            if done:
                return os.waitstatus_to_exitcode(status)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if exited is not None:
                exited.poll(max(1, min(int(remaining * 1000), 1000)))
            else:
                time.sleep(0.005)
    finally:
        if fd is not None:
            os.close(fd)


def _kill(pid: int, alone: bool) -> int | None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass
    if alone and os.geteuid() != 0:  # its own PID namespace: every process of it but itself and its init
        try:
            os.kill(-1, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return _status(pid, 10.0)


def _kill_uid(uid: int) -> None:
    """SIGKILL every process of ``uid`` (``tiers.kill_uid``'s way: a child that becomes ``uid`` and calls
    kill(-1)), twice."""
    if os.geteuid() != 0 or uid < 1000:
        raise ValueError(f"not a sandbox uid here: {uid}")
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child only makes system calls, then leaves
            try:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)


FS_IOC_GETFLAGS, FS_IOC_SETFLAGS = 0x80086601, 0x40086602  # the inode's flags (chattr): nodump, noatime, ...


def _flags(path: str) -> int | None:
    """The folder's inode flags (its owner may set some, e.g. nodump and noatime, on a tmpfs), None where the file
    system has none."""
    import array
    import fcntl
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        flags = array.array("l", [0])
        fcntl.ioctl(fd, FS_IOC_GETFLAGS, flags, True)
        return int(flags[0])
    except OSError:
        return None
    finally:
        os.close(fd)


def _set_flags(path: str, value: int) -> None:
    import array
    import fcntl
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        fcntl.ioctl(fd, FS_IOC_SETFLAGS, array.array("l", [value]), True)
    finally:
        os.close(fd)


def _state(path: str) -> tuple:
    """What of a mount's root a worker could change without leaving an entry in it (all its owner may change on
    it): its mode, its modification time, its extended attributes, its inode flags. Its access time is not
    compared (it changes whenever anyone lists it) but put back at every reset (``_times``): a worker could set it
    to any value with utime, 64 bits for the next submission to read."""
    info = os.lstat(path)
    return (stat.S_IMODE(info.st_mode), info.st_mtime_ns, tuple(os.listxattr(path, follow_symlinks=False)),
            _flags(path))


def _times(path: str) -> tuple[int, int]:
    info = os.lstat(path)
    return info.st_atime_ns, info.st_mtime_ns


def _others(me: int) -> list[int]:
    """Every process of this PID namespace but its init (bubblewrap's, pid 1) and the zygote, zombies included."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and int(entry) not in (1, me)]


def _reset(children: set[int], home: str, pristine: dict, timeout: float, times: dict, first_pid: int | None
           ) -> dict:
    """The end of a submission inside bubblewrap, before the grader lets this sandbox serve the next one: every
    process of the namespace but its init and the zygote killed and gone (reaped, not even a zombie left), the
    home emptied (``cleanup``: iterative, no symlink followed), /tmp and /dev/shm found empty, and the three
    mounts' roots as they were at the start (mode, times, no extended attribute, inode flags; ``times``: their
    access and modification times, put back every time), and no more than ``PID_BUDGET`` pids used since
    ``first_pid`` (the namespace's last pid when the submission began). Anything else is ``clean:
    false``, and the grader then stops this bubblewrap and starts a fresh one."""
    me, deadline = os.getpid(), time.monotonic() + timeout
    while True:
        try:
            os.kill(-1, signal.SIGKILL)  # every process it may signal but itself and init: the whole namespace
        except ProcessLookupError:
            pass
        for pid in list(children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                children.discard(pid)
        left = _others(me)
        if not left:
            break
        if time.monotonic() > deadline:
            return {"clean": False, "why": f"{len(left)} processes still there"}
        time.sleep(0.002)
    for path, (mode, *_) in pristine.items():  # a home made read-only (chmod 500) is emptied all the same
        try:
            os.chmod(path, mode)
        except OSError:
            pass  # then it is found changed below
    removal = cleanup.Removal()
    for entry in os.listdir(home):
        removal.add(cleanup.remove_tree(os.path.join(home, entry), deadline))
    problems = [] if removal.complete else [f"home: {removal.failures} entries left"]
    for path, (mode, _, _, flags) in pristine.items():
        try:
            if os.listdir(path):
                problems.append(f"{path} not empty")
            if _state(path) != pristine[path]:
                for name in os.listxattr(path, follow_symlinks=False):
                    os.removexattr(path, name, follow_symlinks=False)
                if flags is not None and _flags(path) != flags:
                    _set_flags(path, flags)
                os.chmod(path, mode)
            os.utime(path, ns=times[path], follow_symlinks=False)  # last: listing it may have touched its atime
            if _state(path) != pristine[path]:
                problems.append(f"{path} changed")
        except OSError as exc:
            problems.append(f"{path}: {exc}")
    last = _last_pid()
    if first_pid is None or last is None or not 0 <= last - first_pid <= PID_BUDGET:
        problems.append(f"{'?' if last is None or first_pid is None else last - first_pid} pids used")
    return {"clean": not problems, "why": "; ".join(problems)[:300]}


def serve(control: socket.socket, alone: bool) -> None:
    children: set[int] = set()
    me = os.getpid()
    # (bubblewrap) the roots of the folders a worker might write, as they are before any worker ran
    pristine = {path: _state(path) for path in (os.getcwd(), *SCRATCH)} if alone else {}
    times = {path: _times(path) for path in pristine}
    first_pid = _last_pid()
    try:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(control, MAX_MESSAGE, 3)
            except OSError:
                return
            if not message:
                return
            try:
                request = json.loads(message)
                if request["op"] == "spawn":
                    if len(fds) != 3:
                        raise ValueError("a spawn needs three descriptors")
                    pid = os.fork()
                    if pid == 0:
                        _child(request, fds, control, me)
                    children.add(pid)
                    answer = {"pid": pid}
                elif request["op"] in ("wait", "kill"):
                    pid = int(request["pid"])
                    if pid not in children:
                        raise ValueError(f"not a child: {pid}")
                    code = (_kill(pid, alone) if request["op"] == "kill"
                            else _status(pid, min(float(request.get("timeout", 0)), 30.0)))
                    if code is not None:
                        children.discard(pid)
                    answer = {"pid": pid, "code": code}
                elif request["op"] == "kill uid" and not alone:
                    _kill_uid(int(request["uid"]))
                    answer = {"uid": int(request["uid"])}
                elif request["op"] == "reset" and alone:
                    answer = _reset(children, os.getcwd(), pristine, min(float(request.get("timeout", 10)), 60.0),
                                    times, first_pid)
                    first_pid = _last_pid()
                else:
                    raise ValueError(f"unknown op {request['op']!r}")
            except (ValueError, KeyError, TypeError, OSError) as exc:
                answer = {"error": f"{type(exc).__name__}: {exc}"[:500]}
            finally:
                for fd in fds:
                    os.close(fd)
            control.sendall(json.dumps(answer).encode())
    finally:
        for pid in children:
            _kill(pid, alone)


def main() -> None:
    alone = sys.argv[1] == "--alone"
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    control = socket.socket(fileno=os.dup(0))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    control.sendall(json.dumps({"ready": os.getpid()}).encode())
    serve(control, alone)


if __name__ == "__main__":
    main()
