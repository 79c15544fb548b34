"""A worker session: one fenced-in worker process serving one submission's jobs, restarted after a crash.

TRUSTED SIDE. The session starts the worker in the strongest tier this machine offers (``tiers``), sends it jobs
on its stdin and reads its answers from its stdout, both through pipes the parent opened once; what the student's
code prints arrives on the worker's stderr and is kept as a bounded tail. Every read is capped in bytes and bounded
in time (a job's wall-clock limit, enforced by killing the worker). The parent never opens a path inside the
worker's folder. Nothing the worker says is believed beyond being data: ``decode`` turns its answer into plain
arrays, and the engine alone decides every score.
"""
from __future__ import annotations

import collections
import dataclasses
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from . import cleanup, confine, fastguard, kept, leftovers, protocol, scratch, spawn, tiers, uids
from ..i18n import text
from ..parsed import Memo, quiet_compile

try:  # POSIX only: on Windows the worker runs without resource limits (a local check, never a grader)
    import resource
except ImportError:  # pragma: no cover - exercised by a test that hides the module
    resource = None

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT = 20.0  # seconds a job may take when neither the caller nor the rubric says
# Tests and the benchmark's baseline only: start every worker as a fresh interpreter, as releases before the zygote did.
NO_ZYGOTE_ENV = "CONVKIT_NO_ZYGOTE"
STARTUP_TIMEOUT = 60.0  # seconds a worker may take to start, import numpy, confine itself and say ready
QUOTA_WALK_ENTRIES = 20_000  # a home holding more entries than this counts as over its quota (_folder_bytes)
TOO_MANY_FILES = "too many files"  # a JobOutcome's detail when that is why it was "disk full"
QUOTA_POLL_SECONDS = 0.1  # how often a running job's home is measured against home_mb (outside bubblewrap)


class SandboxUnavailable(RuntimeError):
    """The worker could not start (or could not import numpy) before any student code ran: a failure of the
    grader or of its machine, never of the submission. Nothing may be scored; the fix is the grader's.

    Attributes:
        tier: The tier that was tried.
        why: What the worker said (the tail of its stderr), or how it failed.
    """

    def __init__(self, tier: str, why: str):
        super().__init__(f"the sandbox ({tier} tier) could not run student code: {why}")
        self.tier, self.why = tier, why

    @property
    def fix(self) -> str:
        """One sentence for whoever runs the grader: what to change so that it can grade."""
        if tiers.is_root():
            return ("Fix: give the grader a Python runtime with numpy that other users can read (the system "
                    "python3, or a venv made from it; not a pyenv under /root, and a .venv that is a symlink must "
                    "point at a folder others can read), then grade again; `--insecure` grades as root anyway.")
        return (f"Fix: check that `{sys.executable} -c 'import numpy'` works and, where bubblewrap is installed, "
                "that it can start that interpreter; then grade again.")


@dataclasses.dataclass
class Limits:
    """Resource limits of one worker process.

    Attributes:
        timeout: Wall-clock seconds one job (one graded function) may take; None: the rubric's timeout of the
            function being graded (DEFAULT_TIMEOUT for a job outside the rubric, such as a probe).
        memory_mb: Address-space limit (RLIMIT_AS).
        cpu_seconds: CPU seconds for the worker's whole life (RLIMIT_CPU).
        file_mb: Largest file the worker may write (RLIMIT_FSIZE).
        home_mb: All the files the worker may keep in its folder (a sized tmpfs in bubblewrap; checked while
            it runs elsewhere).
        processes: Processes/threads it may run (RLIMIT_NPROC; counted on top of the user's own in the rlimits
            tier).
        import_timeout: Extra wall-clock seconds a job may spend importing the student's modules.
        printed_kb: How much of what the student's code prints is kept (the tail).
        cleanup_seconds: Wall-clock seconds the clean-up after the submission may take (what it could not remove
            in that time is a note of the report).
    """

    timeout: float | None = None
    memory_mb: int = 2048
    cpu_seconds: int = 600
    file_mb: int = 64
    home_mb: int = 256
    processes: int = 16
    import_timeout: float = 20.0
    printed_kb: int = 64
    cleanup_seconds: float = 120.0


@dataclasses.dataclass
class JobOutcome:
    """What became of one job, as the parent saw it.

    Attributes:
        state: ``done`` (the worker answered; decode the answer with care), ``timeout``, ``crashed`` (the worker
            died or broke the protocol), ``import timeout`` / ``import crashed`` (while importing ``module``), or
            ``disk full`` (it wrote more than ``home_mb``, or more than ``QUOTA_WALK_ENTRIES`` files and folders:
            then ``detail`` is ``TOO_MANY_FILES``).
        status, npz: The answer's two payloads (empty unless ``done``).
        seconds: Wall time of the job.
        module: The module being imported when the worker hung or died.
        exit_code: The worker's exit status after a crash (a negative number is a signal).
        detail: What broke the protocol, when it was broken.
    """

    state: str
    status: bytes = b""
    npz: bytes = b""
    seconds: float = 0.0
    module: str = ""
    exit_code: int | None = None
    detail: str = ""


class _Drain(threading.Thread):
    """Reads a pipe into a buffer until EOF, stopping (and saying so) past ``cap`` unread bytes."""

    def __init__(self, stream, cap: int, keep_tail: int = 0):
        super().__init__(daemon=True)
        self.stream, self.cap, self.keep_tail = stream, cap, keep_tail
        self.buffer = bytearray()
        self.total = 0
        self.eof = self.overflow = False
        self.changed = threading.Condition()

    def run(self):
        try:  # the session may close the pipe before this thread first runs (a stop, on a loaded machine)
            fd = self.stream.fileno()
        except (OSError, ValueError):
            fd = None
        while True:
            try:
                chunk = os.read(fd, 1 << 20) if fd is not None else b""
            except OSError:
                chunk = b""
            with self.changed:
                if not chunk:
                    self.eof = True
                    self.changed.notify_all()
                    return
                self.total += len(chunk)
                self.buffer += chunk
                if self.keep_tail and len(self.buffer) > self.keep_tail:
                    del self.buffer[:len(self.buffer) - self.keep_tail]
                elif not self.keep_tail and len(self.buffer) > self.cap:
                    self.overflow = True
                    self.changed.notify_all()
                    return
                self.changed.notify_all()


class _Removing(threading.Thread):
    """``cleanup.remove_tree(path, deadline)`` in a thread of its own; ``done`` is its Removal once joined."""

    def __init__(self, path: Path, deadline: float):
        super().__init__(daemon=True, name="convkit-remove-aside")
        self.path, self.deadline, self.done = path, deadline, cleanup.Removal()
        self.start()

    def run(self):
        try:
            self.done = cleanup.remove_tree(self.path, self.deadline)
        except BaseException:  # noqa: BLE001 - never raises, as remove_tree; the folder is then found at close
            self.done = cleanup.Removal(failures=1)


class WorkerSession:
    """One fenced-in worker serving jobs one at a time; restarted after a crash or a timeout.

    Args:
        package_dir: A folder holding the ``submission`` package to grade (the kit's given modules plus the
            student's). It is copied, so the worker sees only its own copy.
        limits: Resource limits.
        tier: Force a tier (``tiers.BUBBLEWRAP``, ``UID`` or ``RLIMITS``); default: the strongest that works.
        guard_fast_layers: Serve the first jobs with the given fast layers replaced by guards (``fastguard``): the
            naive exercises' jobs. ``allow_fast_layers()`` then gives the real ones to the jobs that follow.

    Attributes:
        notes: What the clean-up could not do, as Texts for the report (filled by ``close``).
    """

    def __init__(self, package_dir: str | os.PathLike, limits: Limits | None = None, tier: str | None = None,
                 guard_fast_layers: bool = False):
        self.limits = limits or Limits()
        self.tier = tier or tiers.choose_tier()
        self.runtime = tiers.runtime_for(self.tier)
        self.notes: list = []
        self.proc = None
        self.zygote: spawn.Zygote | None = None  # bubblewrap's, inside this session's sandbox (see ``spawn``)
        self.forked_from: spawn.Zygote | None = None  # the zygote of the latest worker (None: a fresh interpreter)
        # A sandbox uid for the uid tier, and for bubblewrap started by root (whose worker would otherwise have
        # root's limits outside its user namespace).
        self.as_uid = self.tier == tiers.UID or (self.tier == tiers.BUBBLEWRAP and tiers.bwrap_as_uid())
        self.layers: list[str] = []            # what the worker said it applied (Landlock, seccomp)
        self.missing: dict[str, str] = {}      # layer -> why it is missing
        self.landlocked = True                 # has every start of the worker said Landlock held it?
        self.seccomped = True                  # ... and seccomp?
        self._source = Path(package_dir)
        self.fast_layers_guarded = guard_fast_layers
        self._aside: list[_Removing] = []  # packages set aside, being removed by threads (``allow_fast_layers``)
        # Bubblewrap with a zygote: the sandbox a previous submission of this process handed on (``kept``), if any.
        self.kept_key = self._kept_key()
        held = kept.take(self.kept_key) if self.kept_key is not None else None
        self.served = held.served + 1 if held is not None else 1  # submissions this bubblewrap served, this one too
        self.kept_refused = ""  # why this session's bubblewrap was not handed on (set by ``close``)
        if held is not None:
            self.slot, self.base, self.zygote = held.slot, held.base, held.zygote
            self.numpy_path = f"{tiers.SANDBOX_ROOT}/{tiers.NUMPY_VIEW}"
        else:
            self.slot = tiers.Slot() if self.as_uid else None
            if self.slot is not None:
                leftovers.start_discovery()
            root = tiers.uid_scratch() if self.as_uid else None
            swept = scratch.sweep(root, deadline=cleanup.deadline_in(min(10.0, self.limits.cleanup_seconds)))
            if not swept.complete:
                self.notes.append(text("cleanup_sweep", removed=swept.removed))
            self.base = scratch.private_folder("sandbox", root)
        try:
            if held is not None:
                self._lay_out_package(self._source)
            else:
                self._lay_out(self._source)
        except BaseException:
            self.close()
            raise
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._answers: _Drain | None = None
        self._printed = _Drain(io.BytesIO(), 0, keep_tail=self.limits.printed_kb * 1024)  # replaced at start
        self.printed_bytes = 0

    def _kept_key(self) -> tuple | None:
        """The kind of bubblewrap this session needs, for ``kept`` (None: not a tier whose sandbox is kept)."""
        if self.tier != tiers.BUBBLEWRAP or not spawn.available() or os.environ.get(NO_ZYGOTE_ENV):
            return None
        env = tiers.child_env(f"{tiers.SANDBOX_ROOT}/home")  # what bubblewrap sets (the simulated layers too)
        return (tiers.bwrap_path(), self.limits.home_mb, self.runtime, self.as_uid, tuple(sorted(env.items())))

    # -- the worker's folder ------------------------------------------------------------------------------------
    def _lay_out(self, package_dir: Path):
        """base/worker (the worker's code), base/package/submission (its copy), base/home (its cwd and TMPDIR)."""
        worker = self.base / "worker"
        worker.mkdir()
        spawn.install(worker)
        self._lay_out_package(package_dir)
        (self.base / "home").mkdir()
        self.numpy_path = f"{tiers.SANDBOX_ROOT}/{tiers.NUMPY_VIEW}"  # where bubblewrap binds numpy's folders
        if self.tier != tiers.BUBBLEWRAP:
            self.numpy_path = str(tiers.numpy_view(self.base / tiers.NUMPY_VIEW, self.runtime.paths))
        if self.as_uid:
            # The slot's uid may traverse base (0711) and read the worker's code; its package and home are its
            # own (0700), so no other slot's uid can read them.
            os.chmod(self.base, 0o711)
            for path in (worker, *worker.iterdir()):
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
            home = self.base / "home"
            os.chown(home, self.slot.uid, self.slot.uid)
            os.chmod(home, 0o700)
        if self.tier == tiers.UID:
            tiers.protect_kit()

    def _lay_out_package(self, package_dir: Path):
        """base/package/submission: a copy of ``package_dir``, with guards for the fast layers while they are
        guarded; in the uid tier the sandbox uid's own (0700), so that no other uid reads it."""
        package = self.base / "package"
        package.mkdir(mode=0o700, exist_ok=True)
        shutil.copytree(package_dir, package / protocol.PACKAGE, symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        if self.fast_layers_guarded:
            fastguard.install(package / protocol.PACKAGE)
        precompile(package / protocol.PACKAGE)
        if self.as_uid:
            for path in [package, *package.rglob("*")]:
                os.chown(path, self.slot.uid, self.slot.uid, follow_symlinks=False)
            os.chmod(package, 0o700)

    def allow_fast_layers(self):
        """From now on, jobs run with the given fast layers. The guarded worker (and every process it started: in
        the uid tier every process of its uid, in bubblewrap every process of the sandbox but its zygote) is
        stopped first, and its package copy replaced: the real fast layers never share a process, or a folder it
        can read, with a job that ran under the guard. The next worker is the zygote's next child."""
        if not self.fast_layers_guarded:
            return
        self._kill(keep_zygote=True)
        # Set aside (a folder the sandbox cannot see), so that however much the guarded worker wrote there, the
        # switch takes no time; removed meanwhile by a thread of the grader's, while the served worker runs, and
        # waited for at close (``_removed_aside``) before the rest is removed or the bubblewrap handed on.
        aside = f"package-guarded-{self.starts}"
        self._set_package_aside(aside)
        self._aside.append(_Removing(self.base / aside, cleanup.deadline_in(self.limits.cleanup_seconds)))
        self.fast_layers_guarded = False
        self._lay_out_package(self._source)

    def _set_package_aside(self, name: str) -> None:
        """Move the package's contents into ``base/name``, a new folder closed to the sandbox uid (root's), by
        renames in the grader's own folder: instant however much was written there. The package folder itself
        stays, since a running bubblewrap sees it through a bind mount."""
        aside = self.base / name
        aside.mkdir(mode=0o700)
        for entry in os.scandir(self.base / "package"):
            os.rename(entry.path, aside / entry.name)

    # -- life cycle ---------------------------------------------------------------------------------------------
    def _argv(self) -> tuple[list[str], dict | None, Path]:
        root = tiers.SANDBOX_ROOT if self.tier == tiers.BUBBLEWRAP else str(self.base)
        argv = [self.runtime.python, *tiers.PYTHON_FLAGS, f"{root}/worker/{protocol.WORKER_MODULE}.py",
                f"{root}/package", self.numpy_path]
        if self.tier == tiers.BUBBLEWRAP:
            cmd = tiers.bwrap_command(tiers.bwrap_path(), self.base, self.limits.home_mb, self.runtime)
            return cmd + argv, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, self.base
        return argv, tiers.child_env(str(self.base / "home")), self.base / "home"

    def _limit_spec(self, forked: bool) -> dict:
        """The worker's limits as ``worker.limit_self`` applies them (one place for a fresh worker and a forked
        one). A forked worker dies with its zygote; a fresh one with the grader, but inside bubblewrap (which has
        its own ``--die-with-parent``)."""
        limits = self.limits
        return {"memory_mb": limits.memory_mb, "cpu_seconds": limits.cpu_seconds, "file_mb": limits.file_mb,
                "processes": limits.processes + (_processes_of_this_user() if not self.as_uid else 0),
                "die_with_parent": forked or self.tier != tiers.BUBBLEWRAP}

    def _preexec(self):
        from .worker import limit_self
        spec = self._limit_spec(forked=False)
        return lambda: limit_self(spec)

    def _start(self):
        if spawn.available() and not os.environ.get(NO_ZYGOTE_ENV):
            self._fork()
            return
        argv, env, cwd = self._argv()
        extra: dict = {}
        if os.name == "posix":
            extra = dict(start_new_session=True, preexec_fn=self._preexec())
            if self.as_uid:
                extra.update(user=self.slot.uid, group=self.slot.uid, extra_groups=[])
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, env=env, cwd=cwd, close_fds=True, **extra)
        except OSError as exc:
            raise SandboxUnavailable(self.tier, f"{argv[0]}: {exc}") from exc
        self._drain()

    def _drain(self):
        """Read the new worker's answers and what it prints, then wait for its ``ready``."""
        self._answers = _Drain(self.proc.stdout, protocol.MAX_NPZ_BYTES + protocol.MAX_STATUS_BYTES + (1 << 16))
        self._answers.start()
        self.printed_bytes += self._printed.total
        tail = bytes(self._printed.buffer)
        self._printed = _Drain(self.proc.stderr, 0, keep_tail=self.limits.printed_kb * 1024)
        self._printed.buffer += tail
        self._printed.start()
        self.starts += 1
        self._await_ready()

    def _fork(self):
        """The worker as a child of a zygote (``spawn``): bubblewrap's own, or this process's for the tier."""
        for attempt in (1, 2):  # a zygote that died (killed from outside, say) is replaced once
            try:
                zygote = self._zygote()
                if self.tier == tiers.BUBBLEWRAP:
                    root, home, uid = f"{tiers.SANDBOX_ROOT}/package", f"{tiers.SANDBOX_ROOT}/home", None
                else:
                    root, home = str(self.base / "package"), str(self.base / "home")
                    uid = self.slot.uid if self.as_uid else None
                self.proc = zygote.spawn(root, home, tiers.child_env(home), uid, self._limit_spec(forked=True))
                self.forked_from = zygote
                break
            except spawn.ZygoteFailed as exc:
                if self.zygote is not None:
                    self.zygote.close()
                    self.zygote = None
                if attempt == 2:
                    raise SandboxUnavailable(self.tier, exc.why) from exc
        self._drain()

    def _zygote(self) -> spawn.Zygote:
        if self.tier == tiers.BUBBLEWRAP:
            if self.zygote is None or not self.zygote.alive():
                if self.zygote is not None:
                    self.zygote.close()
                cmd = tiers.bwrap_command(tiers.bwrap_path(), self.base, self.limits.home_mb, self.runtime)
                extra = dict(user=self.slot.uid, group=self.slot.uid, extra_groups=[]) if self.as_uid else {}
                self.zygote = spawn.Zygote(
                    [*cmd, self.runtime.python, *tiers.PYTHON_FLAGS],
                    f"{tiers.SANDBOX_ROOT}/worker/{protocol.ZYGOTE_MODULE}.py", self.numpy_path, alone=True,
                    env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, cwd=self.base,
                    preexec_fn=_zygote_preexec(), startup_timeout=STARTUP_TIMEOUT, **extra)
            return self.zygote
        return spawn.shared((self.tier, self.runtime, os.environ.get(confine.SIMULATE_ENV)), self._shared_zygote)

    def _shared_zygote(self) -> tuple[spawn.Zygote, Path]:
        """This process's zygote for the uid or rlimits tier, in a scratch folder of its own: its modules and its
        view of numpy, readable (not writable) by the sandbox uids. In the uid tier it runs as root, so that it can
        give each child its submission's uid; no child can signal, trace or read it (another uid, not dumpable)."""
        folder = scratch.private_folder("zygote", tiers.uid_scratch() if self.as_uid else None)
        try:
            (folder / "worker").mkdir()
            spawn.install(folder / "worker")
            view = tiers.numpy_view(folder / tiers.NUMPY_VIEW, self.runtime.paths)
            if self.as_uid:
                os.chmod(folder, 0o711)
                for path in (folder / "worker", *(folder / "worker").iterdir()):
                    os.chmod(path, 0o755 if path.is_dir() else 0o644)
            zygote = spawn.Zygote([self.runtime.python, *tiers.PYTHON_FLAGS],
                                  str(folder / "worker" / f"{protocol.ZYGOTE_MODULE}.py"), str(view), alone=False,
                                  env=tiers.child_env(str(folder)), cwd=folder, preexec_fn=_zygote_preexec(),
                                  startup_timeout=STARTUP_TIMEOUT)
        except BaseException:
            cleanup.remove_tree(folder)
            raise
        return zygote, folder

    def _await_ready(self):
        """Wait for the worker's first message, ``ready`` with its layers. None before any student code ran is
        the grader's failure (the runtime, numpy, the sandbox), raised as SandboxUnavailable; after a restart (the
        student's code ran before), it is that code's doing, and the job that follows sees a crash."""
        what, words, _, _ = self._next_message(time.monotonic() + STARTUP_TIMEOUT)
        if what == "message" and words[:1] == [protocol.READY]:
            self.layers, self.missing = confine.parse_ready(words[1:])
            self.landlocked &= any(layer.startswith(confine.LANDLOCK) for layer in self.layers)
            self.seccomped &= confine.SECCOMP in self.layers
            return
        self.landlocked = self.seccomped = False
        if self.starts > 1:
            return
        self._kill()
        tail = self.printed(600).strip().splitlines()
        why = {"timeout": f"no answer in {STARTUP_TIMEOUT:.0f} s", "eof": "it exited"}.get(what, what)
        raise SandboxUnavailable(self.tier, why + (f" ({tail[-1].strip()})" if tail else ""))

    @property
    def confinement(self) -> list[str]:
        """Every layer that holds the worker: the worker's own (Landlock, seccomp), then the tier's."""
        own = {tiers.BUBBLEWRAP: ["namespaces"] + (["uid"] if self.as_uid else []), tiers.UID: ["uid"]}
        return self.layers + own.get(self.tier, []) + (["rlimits"] if resource is not None else [])

    @property
    def confinement_missing(self) -> dict[str, str]:
        """Layers this machine did not give, and why (``landlock``: ``ENOSYS``...)."""
        missing = dict(self.missing)
        if resource is None:
            missing["rlimits"] = "no resource module"
        missing.setdefault("cgroup", tiers.cgroup_unavailable())
        return missing

    def _kill(self, keep_zygote: bool = False):
        """Stop the worker and what it started. A forked worker is killed by its zygote; bubblewrap's zygote is
        stopped too (so the next worker gets a fresh sandbox, its mounts empty) unless ``keep_zygote``."""
        if not keep_zygote and self.zygote is not None:
            if self.proc is not None and isinstance(self.proc, spawn.ForkedWorker):
                self.proc.returncode = self.proc.returncode if self.proc.returncode is not None else -9
            self.zygote.close()
            self.zygote = None
        if self.proc is None:
            return
        if isinstance(self.proc, spawn.ForkedWorker):
            self.proc.kill()
        elif os.name == "posix":
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not isinstance(self.proc, spawn.ForkedWorker):
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        self.proc.wait()
        if self.slot is not None and not (keep_zygote and self.zygote is not None):
            # Not the bubblewrap kept (it runs as that uid): its zygote killed the rest of its namespace.
            self._kill_uid()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass
        self._printed.join(timeout=1)
        self.proc = None

    def _kill_uid(self):
        """Every process of the session's uid killed: by the uid tier's root zygote where it still answers (a fork of
        a small process), else by the grader (``tiers.kill_uid``)."""
        zygote = self.forked_from
        if self.tier == tiers.UID and zygote is not None and zygote.alive():
            try:
                zygote.kill_uid(self.slot.uid)
                return
            except spawn.ZygoteFailed:
                pass
        tiers.kill_uid(self.slot.uid)

    def close(self):
        """Stop the worker and everything it started, and remove its files: before any result is written. Never
        raises for what student code left: what could not be removed is a note (``notes``).

        In bubblewrap, the sandbox is handed on to the next session of this process instead when nothing of this
        submission can reach it (``_hand_on``)."""
        aside = self._removed_aside()
        if self._hand_on(aside):
            return
        if getattr(self, "proc", None) is not None or getattr(self, "zygote", None) is not None:
            self._kill()
        deadline = cleanup.deadline_in(self.limits.cleanup_seconds)
        done = cleanup.Removal()  # what the packages' removals left is removed with the folder
        if self.slot is not None:
            # Bubblewrap's own mounts, or Landlock in every start, kept it from writing outside its home.
            confined = self.tier == tiers.BUBBLEWRAP or self.landlocked
            done.add(leftovers.clean_uid(self.slot.uid, deadline, landlocked=confined))
        base = getattr(self, "base", None)
        if base is not None:
            done.add(cleanup.remove_tree(base, deadline))  # never follows a symlink the worker planted
            self.base = None
        if done.timed_out:
            self.notes.append(text("cleanup_timeout", seconds=f"{self.limits.cleanup_seconds:g}",
                                   removed=done.removed))
        elif done.failures:
            self.notes.append(text("cleanup_left", count=done.failures, removed=done.removed))
        if self.slot is not None:
            self.slot.release(clean=done.complete)
            self.slot = None
            _reclaim(cleanup.deadline_in(min(10.0, self.limits.cleanup_seconds)))

    def _removed_aside(self) -> cleanup.Removal:
        """Wait for the removals of the packages set aside (``allow_fast_layers``); what they removed or could not."""
        done = cleanup.Removal()
        for removing in getattr(self, "_aside", []):
            removing.join()
            done.add(removing.done)
        self._aside = []
        return done

    def _hand_on(self, aside: cleanup.Removal) -> bool:
        """Keep this bubblewrap for the next submission (``kept``), if and only if: every worker of this one said
        Landlock and seccomp held it, its zygote (asked after the last worker was killed) saw every other process
        of the sandbox gone, emptied the home and found the rest as it was, and this submission's package was set
        aside where the sandbox cannot see it. True: handed on (nothing left to close here); False: ``kept_refused``
        says why, and ``close`` stops this bubblewrap as it always did."""
        zygote, base = getattr(self, "zygote", None), getattr(self, "base", None)
        if getattr(self, "kept_key", None) is None or zygote is None or base is None:
            return False
        if not (self.landlocked and self.seccomped):
            self.kept_refused = "landlock" if not self.landlocked else "seccomp"
            return False
        try:
            self._kill(keep_zygote=True)
            self.kept_refused = zygote.reset(kept.RESET_SECONDS) if zygote.alive() else "the zygote died"
        except spawn.ZygoteFailed as exc:
            self.kept_refused = f"the zygote failed: {exc.why}"
        if self.kept_refused:
            return False
        # The package goes aside at once (renames in the grader's folder), then with whatever else the session
        # kept beside it (the guarded phase's package); the bound folder stays, empty, for the next submission.
        package = base / "package"
        done = cleanup.remove_tree(base / "package-served", cleanup.deadline_in(self.limits.cleanup_seconds))
        done.add(aside)
        try:
            self._set_package_aside("package-served")
        except OSError as exc:
            self.kept_refused = f"the package stayed: {exc}"
            return False
        deadline = cleanup.deadline_in(self.limits.cleanup_seconds)
        for entry in os.scandir(base):
            if entry.name not in ("worker", "package", "home"):
                done.add(cleanup.remove_tree(entry.path, deadline))
        if not done.complete or any(os.scandir(package)):
            self.kept_refused = "the package stayed"
            return False
        if not kept.give_back(self.kept_key, kept.KeptBubblewrap(base, self.slot, zygote, self.served)):
            self.kept_refused = "enough sandboxes are kept"
            return False
        self.zygote = self.slot = self.base = None
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- jobs ---------------------------------------------------------------------------------------------------
    def _send(self, data: bytes):
        """Write a job frame without ever blocking the parent on a worker that stopped reading.

        The worker reads each frame whole before running student code, so the pipe is empty when a job is sent: a
        frame that fits in the pipe's buffer is written at once; a larger one by a thread."""
        stdin = self.proc.stdin
        if len(data) <= _pipe_capacity(stdin):
            try:
                stdin.write(data)
                stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
            return

        def write():
            try:
                stdin.write(data)
                stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
        threading.Thread(target=write, daemon=True).start()

    def _next_message(self, deadline: float) -> tuple[str, list[str], bytes, bytes]:
        """('message', words, status, npz) | ('eof', ...) | ('timeout', ...) | ('violation', [why], ...)."""
        answers = self._answers
        with answers.changed:
            while True:
                buffer = answers.buffer
                newline = buffer.find(b"\n", 0, protocol.MAX_HEADER_BYTES + 1)
                if newline < 0 and len(buffer) > protocol.MAX_HEADER_BYTES:
                    return "violation", ["an over-long header"], b"", b""
                if newline >= 0:
                    try:
                        words = protocol.parse_header(bytes(buffer[:newline]))
                        if words[:1] != ["result"]:
                            del buffer[:newline + 1]
                            return "message", words, b"", b""
                        k, n_json, n_npz = protocol.payload_sizes(words, "result", protocol.MAX_STATUS_BYTES,
                                                                  protocol.MAX_NPZ_BYTES)
                    except protocol.ProtocolError as exc:
                        return "violation", [str(exc)], b"", b""
                    end = newline + 1 + n_json + n_npz
                    if len(buffer) >= end:
                        with memoryview(buffer) as view:  # one copy of the answer, not a slice and its copy
                            status = bytes(view[newline + 1:newline + 1 + n_json])
                            npz = bytes(view[newline + 1 + n_json:end])
                        del buffer[:end]
                        return "message", words, status, npz
                if answers.overflow:
                    return "violation", ["more output than any answer may hold"], b"", b""
                if answers.eof:
                    return "eof", [], b"", b""
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return "timeout", [], b"", b""
                answers.changed.wait(min(remaining, QUOTA_POLL_SECONDS))
                over = self._over_quota()
                if over:
                    return "disk full", [over], b"", b""

    def run(self, k: int, job: dict, arrays: dict[str, np.ndarray], timeout: float | None = None) -> JobOutcome:
        """Run one job in the worker, starting (or restarting) it as needed.

        Args:
            k: Job number (unique within the session).
            job: The job description (steps, outputs, inputs to return).
            arrays: The input arrays, sent as plain arrays (``protocol.encode_arrays``).
            timeout: Wall-clock limit of this job (default ``limits.timeout``).

        Returns:
            A JobOutcome. Even ``done`` only means the worker answered: decode the answer with care.
        """
        data = protocol.frame("job", k, *_payloads(job, arrays))
        if self.proc is None:
            self._start()
        start = time.monotonic()  # the job's time starts once the worker is ready
        deadline = start + (timeout or self.limits.timeout or DEFAULT_TIMEOUT)
        importing, extended, allowed_from = "", False, None
        self._send(data)
        while True:
            what, words, status, npz = self._next_message(deadline)
            if what == "message" and time.monotonic() >= deadline and \
                    not (words[:1] == ["result"] and int(words[1]) == k):
                # Messages that answer nothing (import notices, a stale job's result) arriving faster than they are
                # read would otherwise keep the deadline from ever being looked at: 64 MB of them held a 3 s job
                # for 14 s of the grader's time, every function.
                what = "timeout"
            if what == "message" and words[:1] == ["result"]:
                if int(words[1]) != k:
                    continue  # an answer to no current job: nothing to believe
                over = self._over_quota()
                if not over:
                    return JobOutcome("done", status, npz, time.monotonic() - start)
                what, words = "disk full", [over]
            if what == "message" and len(words) == 2 and words[0] in ("import", "imported"):
                importing = words[1][:100] if words[0] == "import" else ""
                if importing and not extended:  # one allowance per job for import time, however many modules
                    deadline += self.limits.import_timeout
                    extended, allowed_from = True, time.monotonic()
                elif not importing and allowed_from is not None:
                    # Imported: the allowance was for the import alone. Kept whole, it gave every job after a restart
                    # (each imports the module again) its time limit plus import_timeout: 40 s, not 20, for each
                    # function of a submission that sleeps in every one, ~50 minutes in all.
                    deadline -= max(0.0, self.limits.import_timeout - (time.monotonic() - allowed_from))
                    allowed_from = None
                continue
            seconds = time.monotonic() - start
            if what == "timeout":
                self._kill()
                return JobOutcome("import timeout" if importing else "timeout", seconds=seconds, module=importing)
            if what == "disk full":
                self._kill()
                self._empty_home()
                return JobOutcome("disk full", seconds=seconds, module=importing,
                                  detail=TOO_MANY_FILES if words == [TOO_MANY_FILES] else "")
            code = None
            if what == "eof" and self.proc is not None:
                try:
                    code = (spawn.wait_exited(self.proc, 2) if isinstance(self.proc, subprocess.Popen)
                            else self.proc.wait(timeout=2))
                except subprocess.TimeoutExpired:
                    code = None
            self._kill()
            detail = words[0] if what == "violation" else ("an unexpected message" if what == "message" else "")
            return JobOutcome("import crashed" if importing else "crashed", seconds=seconds, module=importing,
                              exit_code=code, detail=detail)

    def _over_quota(self) -> str:
        """Why the worker's folder is over its quota: "" (it is not), ``TOO_MANY_FILES`` (more entries than the walk
        counts) or "bytes" (more than ``home_mb``). Bubblewrap's sized tmpfs says so itself."""
        if self.tier == tiers.BUBBLEWRAP:
            return ""
        held = _folder_bytes(self.base / "home")
        if held == float("inf"):
            return TOO_MANY_FILES
        if held <= self.limits.home_mb << 20 and self.proc is not None:  # and what no folder lists
            pid = getattr(self.proc, "_pid", None) or self.proc.pid
            held += _unlinked_bytes(self.slot.uid if self.slot is not None else None, pid,
                                    [self.runtime.python, *self.runtime.paths])
        return "bytes" if held > self.limits.home_mb << 20 else ""

    def _empty_home(self):
        """After a worker over its quota was stopped: its files go, so the next function starts with room."""
        home = self.base / "home"
        deadline = cleanup.deadline_in(self.limits.cleanup_seconds)
        done = cleanup.Removal()
        try:
            entries = [entry.path for entry in os.scandir(home)]
        except OSError:
            entries = []
        for path in entries:
            done.add(cleanup.remove_tree(path, deadline))
        if done.timed_out:
            self.notes.append(text("cleanup_timeout", seconds=f"{self.limits.cleanup_seconds:g}",
                                   removed=done.removed))
        elif done.failures:
            self.notes.append(text("cleanup_left", count=done.failures, removed=done.removed))

    def printed(self, limit: int = 4000) -> str:
        """The tail of what the student's code printed (for the report only, never parsed)."""
        with self._printed.changed:
            tail = bytes(self._printed.buffer[-limit:])
        return tail.decode("utf-8", "replace")

    @property
    def printed_total(self) -> int:
        """How many bytes the student's code printed in all (only the tail is kept)."""
        return self.printed_bytes + self._printed.total


_PAYLOADS = Memo(kept=256)  # id(job) -> (job, arrays, their two payloads)


def _payloads(job: dict, arrays: dict) -> tuple[bytes, bytes]:
    """A job's two payloads (its JSON, its arrays), encoded once per (job, arrays) pair of objects: the grader's
    own inputs, which a batch worker sends unchanged to every submission (``functions.build_job`` hands back the
    same objects for the same cases), never anything a worker sent."""
    held = _PAYLOADS.get(id(job))
    if held is not None and held[0] is job and held[1] is arrays:
        return held[2], held[3]
    payloads = json.dumps(job).encode("utf-8"), protocol.encode_arrays(arrays)
    _PAYLOADS.put(id(job), (job, arrays, *payloads))
    return payloads


_COMPILED = Memo(kept=256)  # a module's source -> its marshalled code (a batch shares most sources)


def precompile(package: Path) -> None:
    """Write, beside every module of the worker's copy of the package, the bytecode its import would compile: a
    checked-hash .pyc (PEP 552), which the worker's interpreter uses only if its magic number is this one's and the
    source's hash matches (else it compiles the source as before). The worker's own compile of the same student
    code, in each phase of each submission, was ~10 % of its time; here each distinct source is compiled once per
    grading process. ``compile`` runs no code (the submission's modules were compiled when it was prepared)."""
    import importlib.util
    import marshal
    tag = sys.implementation.cache_tag
    if tag is None:
        return
    for path in package.rglob("*.py"):
        try:
            if path.is_symlink() or not path.is_file():
                continue
            source = path.read_bytes()
            code = _COMPILED.get(source)
            if code is None:
                code = marshal.dumps(quiet_compile(source, str(path), optimize=0))
                _COMPILED.put(source, code)
            cache = path.parent / "__pycache__"
            cache.mkdir(exist_ok=True)
            header = importlib.util.MAGIC_NUMBER + (0b11).to_bytes(4, "little") + importlib.util.source_hash(source)
            (cache / f"{path.stem}.{tag}.pyc").write_bytes(header + code)
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            continue  # the worker compiles this one itself, and reports what is wrong with it


def _zygote_preexec():
    """The zygote's process, before exec: no new privileges, and death with the grader (its children die with it)."""
    def apply():
        tiers.no_new_privileges()
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    return apply


def _reclaim(deadline: float) -> None:
    """Finish what killed graders and unfinished clean-ups left (uid tier): each stale uid's processes killed, its
    leftovers removed, its lease forgotten once nothing of it is left."""
    for uid, fd, path in uids.stale_leases():
        done = cleanup.Removal()
        if time.monotonic() < deadline:
            done = leftovers.clean_uid(uid, deadline)
        else:
            done.timed_out = True
        uids.forget(fd, path, clean=done.complete)


def _pipe_capacity(stream) -> int:
    """Bytes the pipe behind ``stream`` holds without blocking its writer (F_GETPIPE_SZ on Linux, else 4 KB)."""
    try:
        import fcntl
        return fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_GETPIPE_SZ", 1032))
    except (ImportError, OSError, ValueError):
        return 4096


def _processes_of_this_user() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def _unlinked_bytes(uid: int | None, session: int, runtime: list[str]) -> int:
    """Bytes of files no folder lists any more, held by the worker's processes (every process of ``uid`` in the
    uid tier; of the worker's session ``session`` in the rlimits tier): a file unlinked (or made with O_TMPFILE)
    while open, or while mapped. The quota's walk of the home cannot see them, and their blocks stay taken until
    the last holder ends: 240 MB were held under a 64 MB ``home_mb``, and 64 MB per descriptor would be. Files
    of the runtime replaced while it runs (a package upgraded) are not the worker's and not counted."""
    if not sys.platform.startswith("linux") or not hasattr(os, "getuid") or not os.path.isdir("/proc"):
        return 0
    skip = tuple(os.path.join(os.path.realpath(p), "") for p in (*runtime, sys.prefix, sys.base_prefix, "/usr",
                                                                   "/lib", "/lib64", "/opt"))
    held: dict[tuple, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != (uid if uid is not None else os.getuid()):
                continue
            if uid is None:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    if int(fh.read().rsplit(b")", 1)[1].split()[3]) != session:  # field 6: the session id
                        continue
            for fd in os.listdir(f"/proc/{entry}/fd"):
                try:
                    info = os.stat(f"/proc/{entry}/fd/{fd}")
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode) and info.st_nlink == 0:
                    key = (os.major(info.st_dev), os.minor(info.st_dev), info.st_ino)
                    held[key] = max(held.get(key, 0), info.st_blocks * 512)
            with open(f"/proc/{entry}/maps") as fh:
                for line in fh:
                    if not line.endswith(" (deleted)\n"):
                        continue
                    span, _, _, device, inode, path = line.split(maxsplit=5)
                    if path.startswith(skip) or inode == "0":
                        continue
                    start, end = (int(n, 16) for n in span.split("-"))
                    major, minor = (int(n, 16) for n in device.split(":"))
                    key = (major, minor, int(inode))
                    held[key] = max(held.get(key, 0), end - start)
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not ours to read
    return sum(held.values())


def _folder_bytes(folder: Path, limit: int = QUOTA_WALK_ENTRIES) -> float:
    """Bytes held under ``folder`` (symlinks not followed; at most ``limit`` entries looked at). A folder of more
    entries than that counts as full (infinite): what lies past the limit would otherwise never be counted."""
    total = seen = 0
    for _, info in tiers.walk([folder], limit):
        seen += 1
        total += info.st_blocks * 512 if hasattr(info, "st_blocks") else info.st_size
    return float("inf") if seen >= limit else total
