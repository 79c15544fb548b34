"""How a worker process comes to be: forked by a zygote that imported numpy once (``zygote``), on Linux.

TRUSTED SIDE. ``Zygote`` starts and speaks to the zygote process; ``ForkedWorker`` stands for one child the way
``subprocess.Popen`` stands for a fresh worker (its three pipes, ``kill``, ``wait``), so the session serves jobs
the same way whichever made the worker. The zygote hears nothing but where a worker's files are, its uid and
limits; the parent keeps its own ends of the child's pipes and the jobs never pass through the zygote.

Which zygote serves a session: in the uid and rlimits tiers one per grading process (``shared``), started at the
first worker and reused by every later submission, each child with its own fresh uid; in bubblewrap the one inside
the session's bubblewrap, which forks the guarded naive phase and the free phase, and which the session hands on
with its bubblewrap to the next submission of the grading process when nothing of its own can reach that one
(``kept``; otherwise the next gets a fresh bubblewrap). A zygote that died or stopped answering is replaced; one
that cannot start at all is the grader's failure (``ZygoteFailed``), never the student's.
"""
from __future__ import annotations

import atexit
import json
import multiprocessing.util
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading

from . import protocol

ANSWER_TIMEOUT = 30.0  # seconds the zygote may take to answer one request (a fork, a reap)


class ZygoteFailed(RuntimeError):
    """The zygote did not start, or stopped answering: ``why`` says how (the tail of its stderr)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def available() -> bool:
    """Can workers be forked from a zygote here (Linux: fork, SCM_RIGHTS, prctl)?"""
    return os.name == "posix" and sys.platform.startswith("linux") and hasattr(socket, "send_fds")


def install(folder) -> None:
    """Copy the zygote's and the worker's modules into ``folder`` (the names the sandbox imports them by)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for module, name in (("worker", protocol.WORKER_MODULE), ("protocol", protocol.PROTOCOL_MODULE),
                         ("confine", protocol.CONFINE_MODULE), ("cleanup", protocol.CLEANUP_MODULE),
                         ("zygote", protocol.ZYGOTE_MODULE)):
        shutil.copyfile(os.path.join(here, f"{module}.py"), os.path.join(folder, f"{name}.py"))


# -- where a zygote's process is started from ------------------------------------------------------------------------
# PR_SET_PDEATHSIG (the zygote's own, and bubblewrap's --die-with-parent) fires when the *thread* that started the
# process ends, not the process: a zygote started by one grading thread died with it, and with it the worker of
# another thread's submission that it served (the shared zygote of the uid and rlimits tiers, a kept bubblewrap
# handed to the next session), mid-job: a "crash" and a zero for that student. Every zygote is therefore started
# from one thread that lasts as long as its process.

_LAUNCHER: dict = {}
_LAUNCHER_LOCK = threading.Lock()


def _launch_forever(requests: queue.SimpleQueue) -> None:
    while True:
        call, answer = requests.get()
        try:
            answer.put((True, call()))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, which raises it in its own thread
            answer.put((False, exc))


def _forked():
    """A forked process has no launcher thread, and may have been forked while another thread held the lock."""
    global _LAUNCHER_LOCK
    _LAUNCHER_LOCK = threading.Lock()
    _LAUNCHER.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def on_lasting_thread(call):
    """``call()`` run on this process's launcher thread (started at the first call; a forked process starts its
    own), its value returned or its exception raised here."""
    with _LAUNCHER_LOCK:
        if _LAUNCHER.get("pid") != os.getpid():
            requests = queue.SimpleQueue()
            threading.Thread(target=_launch_forever, args=(requests,), name="convkit-zygote-launcher",
                             daemon=True).start()
            _LAUNCHER.update(pid=os.getpid(), requests=requests)
        requests = _LAUNCHER["requests"]
    answer = queue.SimpleQueue()
    requests.put((call, answer))
    ok, value = answer.get()
    if ok:
        return value
    raise value


class _Tail(threading.Thread):
    """Keeps the last ``keep`` bytes the zygote wrote on its stderr (its own failure, never a student's output)."""

    def __init__(self, stream, keep: int = 4000):
        super().__init__(daemon=True)
        self.stream, self.keep, self.buffer = stream, keep, bytearray()

    def run(self):
        while True:
            try:
                chunk = os.read(self.stream.fileno(), 65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            self.buffer += chunk
            del self.buffer[:-self.keep]

    def text(self) -> str:
        return bytes(self.buffer).decode("utf-8", "replace").strip()


class Zygote:
    """One zygote process.

    Args:
        argv: How to start it (its interpreter, or bubblewrap around it), up to the zygote script's arguments.
        script: The zygote script's path as the process sees it.
        numpy_path: numpy's folder as the process sees it.
        alone: It runs alone in its own PID namespace (bubblewrap): a kill kills every other process there.
        env, cwd: Its environment (the worker's: one BLAS thread, so that forking is safe) and folder.
        preexec_fn: What its process does before exec (no new privileges, death with the grader).
        startup_timeout: Seconds it may take to import numpy and say ready.
        popen: More of Popen's arguments (the uid bubblewrap runs as).
    """

    def __init__(self, argv: list[str], script: str, numpy_path: str, *, alone: bool, env: dict, cwd,
                 preexec_fn=None, startup_timeout: float = 60.0, **popen):
        self.lock = threading.Lock()
        self.closed = False
        self.owner = os.getpid()  # a process forked from the owner (a pool worker) must not speak on its socket
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = on_lasting_thread(lambda: subprocess.Popen(
                [*argv, script, "--alone" if alone else "--shared", numpy_path], stdin=theirs,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, close_fds=True,
                start_new_session=True, preexec_fn=preexec_fn, **popen))
        except OSError as exc:
            ours.close()
            raise ZygoteFailed(f"{argv[0]}: {exc}") from exc
        finally:
            theirs.close()
        self.control = ours
        self.tail = _Tail(self.proc.stderr)
        self.tail.start()
        answer = self._answer(startup_timeout)
        if "ready" not in answer:
            raise self._failed("it did not say ready")

    def _failed(self, why: str) -> ZygoteFailed:
        self.close()
        if hasattr(self, "tail"):
            self.tail.join(1)
        tail = self.tail.text().splitlines()
        return ZygoteFailed(why + (f" ({tail[-1].strip()})" if tail else ""))

    def _answer(self, timeout: float) -> dict:
        self.control.settimeout(timeout)
        try:
            data = self.control.recv(protocol.MAX_STATUS_BYTES)
        except socket.timeout:
            raise self._failed(f"no answer in {timeout:.0f} s") from None
        except OSError as exc:
            raise self._failed(str(exc)) from None
        if not data:
            raise self._failed("it exited")
        try:
            answer = json.loads(data)
        except ValueError:
            raise self._failed("a garbled answer") from None
        if "error" in answer:
            raise ZygoteFailed(str(answer["error"]))
        return answer

    def _ask(self, request: dict, fds: tuple[int, ...] = ()) -> dict:
        with self.lock:
            if self.closed:
                raise ZygoteFailed("it was stopped")
            if self.proc.poll() is not None:
                raise self._failed("it had exited")
            try:
                socket.send_fds(self.control, [json.dumps(request).encode()], list(fds))
            except OSError as exc:
                raise self._failed(str(exc)) from None
            return self._answer(ANSWER_TIMEOUT + float(request.get("timeout", 0)))

    def alive(self) -> bool:
        return not self.closed and self.owner == os.getpid() and self.proc.poll() is None

    def spawn(self, root: str, home: str, env: dict, uid: int | None, limits: dict) -> "ForkedWorker":
        """A new worker serving the package under ``root``, forked and fenced in as a fresh one would be."""
        pipes = [os.pipe() for _ in range(3)]  # stdin, stdout, stderr: the child gets (r, w, w)
        child = (pipes[0][0], pipes[1][1], pipes[2][1])
        parent = (pipes[0][1], pipes[1][0], pipes[2][0])
        try:
            answer = self._ask({"op": "spawn", "root": root, "home": home, "env": env, "uid": uid,
                                "limits": limits}, child)
        except BaseException:
            for fd in parent:
                os.close(fd)
            raise
        finally:
            for fd in child:
                os.close(fd)
        return ForkedWorker(self, int(answer["pid"]), *parent)

    def reset(self, timeout: float = 10.0) -> str:
        """(bubblewrap) End a submission: every process of the sandbox but the zygote killed, the home emptied, the
        rest checked as it was (``zygote._reset``). Returns '' when the sandbox may serve another submission, else
        why not.

        Raises:
            ZygoteFailed: It did not answer (then it must be stopped, as any zygote that stops answering)."""
        answer = self._ask({"op": "reset", "timeout": timeout})
        return "" if answer.get("clean") is True else str(answer.get("why") or "not clean")

    def kill_uid(self, uid: int) -> None:
        """SIGKILL every process of ``uid`` (a root zygote forks for it: cheaper than a fork of the grader)."""
        self._ask({"op": "kill uid", "uid": uid})

    def close(self):
        """Stop the zygote and every child it still has (it kills them when its control socket ends; a zygote
        that does not leave at once is killed with its process group, and its children die with it)."""
        if self.closed:
            return
        self.closed = True
        try:
            self.control.close()
        except (OSError, AttributeError):
            pass
        if self.owner != os.getpid():  # inherited by a fork: only the owner stops (and reaps) it
            return
        try:
            wait_exited(self.proc, 5)
        except subprocess.TimeoutExpired:
            try:  # not reaped yet, so the group is still its own
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.kill()
            self.proc.wait()
        if hasattr(self, "tail"):
            self.tail.join(1)
        self.proc.stderr.close()


def wait_exited(proc: subprocess.Popen, timeout: float) -> int:
    """``proc.wait(timeout)`` without its polling sleeps (up to 50 ms each, idle time per submission): wait on a
    pidfd (Linux 5.3), which becomes readable when the process exits; elsewhere, Popen's own wait.

    Raises:
        subprocess.TimeoutExpired: It did not exit in ``timeout`` seconds.
    """
    import select
    if proc.returncode is not None or not hasattr(os, "pidfd_open"):
        return proc.wait(timeout=timeout)
    try:
        fd = os.pidfd_open(proc.pid)
    except OSError:  # an old kernel, or a process already reaped
        return proc.wait(timeout=timeout)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if not poller.poll(int(timeout * 1000)):
            raise subprocess.TimeoutExpired(proc.args, timeout)
    finally:
        os.close(fd)
    return proc.wait(timeout=timeout)  # exited: reaped at once


class ForkedWorker:
    """A child of a zygote, seen as ``subprocess.Popen`` sees a process: ``stdin``, ``stdout``, ``stderr`` (the
    parent's ends of its pipes), ``kill()`` (it and its process group; in bubblewrap every process but the zygote)
    and ``wait(timeout)`` (its exit code, negative for a signal). Its pid is the zygote's business (inside
    bubblewrap it is not even a pid of the grader's namespace), so the parent never signals it by number."""

    def __init__(self, zygote: Zygote, pid: int, stdin: int, stdout: int, stderr: int):
        self.zygote, self._pid, self.returncode = zygote, pid, None
        self.stdin = os.fdopen(stdin, "wb")
        self.stdout = os.fdopen(stdout, "rb")
        self.stderr = os.fdopen(stderr, "rb")

    def kill(self):
        if self.returncode is None:
            try:
                self.returncode = self.zygote._ask({"op": "kill", "pid": self._pid})["code"]
            except ZygoteFailed:  # the zygote died: its children died with it (PR_SET_PDEATHSIG)
                self.returncode = -signal.SIGKILL

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            try:
                code = self.zygote._ask({"op": "wait", "pid": self._pid, "timeout": timeout or 0})["code"]
            except ZygoteFailed:
                code = -signal.SIGKILL
            if code is None:
                if timeout is None:
                    self.kill()
                    return self.returncode
                raise subprocess.TimeoutExpired("worker", timeout)
            self.returncode = code
        return self.returncode

    def poll(self):
        try:
            return self.wait(0.0)
        except subprocess.TimeoutExpired:
            return None


# -- one zygote per grading process (uid and rlimits tiers) --------------------------------------------------------

_SHARED: dict[tuple, tuple[Zygote, object]] = {}
_SHARED_LOCK = threading.Lock()


def shared(key: tuple, start) -> Zygote:
    """The zygote for ``key`` (tier, interpreter, ...), started by ``start() -> (Zygote, folder)`` when there is
    none or it died; stopped (its folder removed) when this process exits."""
    with _SHARED_LOCK:
        held = _SHARED.get(key)
        if held is not None and held[0].alive():
            return held[0]
        if held is not None:
            _stop(*_SHARED.pop(key))
        _SHARED[key] = start()
        return _SHARED[key][0]


def _stop(zygote: Zygote, folder) -> None:
    from .cleanup import remove_tree
    owner = zygote.owner == os.getpid()
    zygote.close()
    if folder is not None and owner:
        remove_tree(folder)


def stop_all() -> None:
    """Stop every shared zygote of this process (at exit; a test that changes the machine's tiers calls it too)."""
    with _SHARED_LOCK:
        while _SHARED:
            _stop(*_SHARED.popitem()[1])


def _stop_all_when_this_process_ends(_=None) -> None:
    """A pool worker of multiprocessing leaves by os._exit, after its finalizers (never atexit's handlers); a forked
    worker starts with its parent's finalizers cleared, so each one registers it again (as kept.py does)."""
    multiprocessing.util.Finalize(None, stop_all, exitpriority=10)


atexit.register(stop_all)
_stop_all_when_this_process_ends()
multiprocessing.util.register_after_fork(_stop_all_when_this_process_ends, _stop_all_when_this_process_ends)
