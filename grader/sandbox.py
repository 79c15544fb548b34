"""Run the untrusted worker in a separate, limited process, and talk to it through two pipes.

TRUSTED SIDE. Where bubblewrap (``bwrap``) is installed the child sees only the Python runtime and its own copy of
the submission (no project tree, no solutions, no reports), has no network, its own PID namespace and an
unprivileged uid. Everywhere, the child runs under rlimits (address space, CPU, file size, processes) and the parent
enforces a per-job wall-clock timeout by killing the child's whole process group. Nothing the child prints or
returns as an exit code is believed; the parent only reads the files it asked for, and decodes them itself.
"""
from __future__ import annotations

import dataclasses
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WORKER_SOURCE = Path(__file__).with_name("worker.py")
SANDBOX_ROOT = "/sandbox"


@dataclasses.dataclass
class Limits:
    """Resource limits of one worker process.

    Attributes:
        timeout: Wall-clock seconds one job (one graded function) may take.
        memory_mb: Address-space limit (RLIMIT_AS).
        cpu_seconds: CPU seconds for the worker's whole life (RLIMIT_CPU).
        file_mb: Largest file the worker may write (RLIMIT_FSIZE); also caps what it prints.
        processes: Extra processes/threads it may start (RLIMIT_NPROC, above what its uid already runs).
        import_timeout: Wall-clock seconds importing one student module may take.
    """

    timeout: float = 20.0
    memory_mb: int = 2048
    cpu_seconds: int = 600
    file_mb: int = 64
    processes: int = 16
    import_timeout: float = 20.0


@dataclasses.dataclass
class JobOutcome:
    """What became of one job, as the parent saw it.

    Attributes:
        state: ``done`` (the worker said so; its files still have to be decoded and checked), ``timeout``,
            ``crashed`` (the worker died), ``import timeout`` or ``import crashed`` (while importing ``module``).
        out_path, status_path: The files the worker wrote (may be missing or garbage).
        seconds: Wall time of the job.
        module: The module being imported when the worker hung or died.
        exit_code: The worker's exit status after a crash (a negative number is a signal).
    """

    state: str
    out_path: Path
    status_path: Path
    seconds: float
    module: str = ""
    exit_code: int | None = None


def bwrap_path() -> str | None:
    if os.environ.get("CONVKIT_NO_BWRAP"):
        return None
    return shutil.which("bwrap")


def _bwrap_works(bwrap: str) -> bool:
    """Can this machine run the worker's interpreter, with numpy, in the very sandbox the worker gets?"""
    with tempfile.TemporaryDirectory(prefix="convkit-probe-") as tmp:
        os.chmod(tmp, 0o777)
        try:
            probe = subprocess.run(_bwrap_command(bwrap, Path(tmp)) + [sys.executable, "-E", "-s", "-c",
                                                                       "import numpy"],
                                   capture_output=True, timeout=30, env={"PATH": os.environ.get("PATH", "")})
        except (OSError, subprocess.SubprocessError):
            return False
    return probe.returncode == 0


_BWRAP_STATUS: dict[str, bool] = {}


def sandbox_description(use_bwrap: bool | None = None) -> str:
    """A sentence for the report saying how student code is isolated here."""
    if _use_bwrap(use_bwrap):
        return "bubblewrap: own filesystem view, no network, own PID namespace, unprivileged uid; plus rlimits"
    return "rlimits only (bubblewrap not available): student code runs as your user in a separate process"


def _use_bwrap(use_bwrap: bool | None) -> bool:
    if use_bwrap is False:
        return False
    path = bwrap_path()
    if path is None:
        return False
    if path not in _BWRAP_STATUS:
        _BWRAP_STATUS[path] = _bwrap_works(path)
    return _BWRAP_STATUS[path]


def _runtime_paths() -> list[str]:
    """Folders the worker needs to run Python with numpy, and nothing of the project."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix, sys.base_prefix,
             os.path.dirname(os.path.realpath(sys.executable)), os.path.dirname(sys.executable)}
    numpy_dir = os.path.dirname(os.path.dirname(np.__file__))
    paths.add(numpy_dir)
    return sorted(p for p in paths if os.path.isdir(p))


def _bwrap_command(bwrap: str, host_dir: Path) -> list[str]:
    cmd = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
           "--uid", "65534", "--gid", "65534", "--hostname", "sandbox"]
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(top):
            cmd += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            cmd += ["--ro-bind", top, top]
    for extra in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime"):
        if os.path.exists(extra):
            cmd += ["--ro-bind", extra, extra]
    # The empty /tmp comes first: a runtime under /tmp (a venv in a fresh clone there) is bound on top of it.
    cmd += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path in _runtime_paths():
        if not path.startswith(("/usr/", "/bin", "/lib")):
            cmd += ["--ro-bind", path, path]
    cmd += ["--bind", str(host_dir), SANDBOX_ROOT, "--chdir", SANDBOX_ROOT]
    for key, value in _child_env(SANDBOX_ROOT).items():
        cmd += ["--setenv", key, value]
    return cmd


def _child_env(root: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp" if root == SANDBOX_ROOT else root, "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg",
            **{k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}}


def _processes_of_this_user() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def _limit_child(limits: Limits, nproc: int):
    def apply():
        os.setsid()
        mb = 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb, limits.file_mb * mb))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    return apply


class WorkerSession:
    """One sandboxed worker serving jobs one at a time; restarted after a crash or a timeout.

    Args:
        package_dir: A folder holding the ``submission`` package to grade (the kit's given modules plus the
            student's). It is copied, so the child can write only into its own copy.
        limits: Resource limits.
        use_bwrap: True/False to force, None to use bubblewrap where it works.
    """

    def __init__(self, package_dir: str | os.PathLike, limits: Limits | None = None,
                 use_bwrap: bool | None = None):
        self.limits = limits or Limits()
        self.bwrap = bwrap_path() if _use_bwrap(use_bwrap) else None
        self._tmp = tempfile.TemporaryDirectory(prefix="convkit-sandbox-")
        self.host_dir = Path(self._tmp.name)
        os.chmod(self.host_dir, 0o777)  # the unprivileged uid inside bwrap writes its outputs here
        shutil.copytree(package_dir, self.host_dir / "submission")
        shutil.copy(WORKER_SOURCE, self.host_dir / "_convkit_worker.py")
        self.proc: subprocess.Popen | None = None
        self._buffer = b""
        self.failed_imports: dict[str, str] = {}
        self.starts = 0

    # -- life cycle ---------------------------------------------------------------------------------------------
    def _start(self):
        control_r, control_w = os.pipe()
        result_r, result_w = os.pipe()
        root = SANDBOX_ROOT if self.bwrap else str(self.host_dir)
        argv = [sys.executable, "-E", "-s", "-B", f"{root}/_convkit_worker.py", root, str(control_r), str(result_w)]
        if self.bwrap:
            argv = _bwrap_command(self.bwrap, self.host_dir) + argv
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        else:
            env = _child_env(str(self.host_dir))
        nproc = _processes_of_this_user() + self.limits.processes
        out = open(self.host_dir / "stdout.txt", "ab")
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         pass_fds=(control_r, result_w), env=env, cwd=self.host_dir,
                                         preexec_fn=_limit_child(self.limits, nproc), close_fds=True)
        finally:
            out.close()
            os.close(control_r)
            os.close(result_w)
        self._control = os.fdopen(control_w, "w", buffering=1)
        self._result_fd = result_r
        self._buffer = b""
        self.starts += 1

    def _kill(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        self.proc.wait()
        for closer in (self._control.close, lambda: os.close(self._result_fd)):
            try:
                closer()
            except OSError:
                pass
        self.proc = None

    def close(self):
        self._kill()
        self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- jobs ---------------------------------------------------------------------------------------------------
    def _read_line(self, deadline: float) -> str | None:
        """Next line from the worker, '' when it closed the pipe, None on timeout."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._result_fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._result_fd, 4096)
            if not chunk:
                return ""
            self._buffer += chunk
            if len(self._buffer) > 1 << 20:  # a flood of junk on the result pipe is a crash
                return ""
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace").strip() or " "

    def run(self, k: int, job: dict, arrays: dict[str, np.ndarray], timeout: float | None = None) -> JobOutcome:
        """Run one job in the worker, starting (or restarting) it as needed.

        Args:
            k: Job number (unique within the session).
            job: The job description (steps, outputs, inputs to return).
            arrays: The input arrays; written as a plain .npz for the worker.
            timeout: Wall-clock limit of this job (default ``limits.timeout``).

        Returns:
            A JobOutcome. Even ``done`` only means the worker says it finished: decode its files with care.
        """
        out_path = self.host_dir / f"out_{k}.npz"
        status_path = self.host_dir / f"status_{k}.json"
        for stale in (out_path, status_path):
            stale.unlink(missing_ok=True)
        np.savez(self.host_dir / f"in_{k}.npz", **arrays)
        (self.host_dir / f"job_{k}.json").write_text(json.dumps(job))
        start = time.monotonic()
        if self.proc is None:
            self._start()
        deadline = start + (timeout or self.limits.timeout)
        importing = ""
        try:
            self._control.write(f"run {k}\n")
            self._control.flush()
        except (BrokenPipeError, OSError):
            pass
        try:
            while True:
                line = self._read_line(deadline)
                if line is None:
                    state = "import timeout" if importing else "timeout"
                    self._kill()
                    return JobOutcome(state, out_path, status_path, time.monotonic() - start, importing)
                if line == "":
                    code = self.proc.wait() if self.proc else None
                    self._kill()
                    state = "import crashed" if importing else "crashed"
                    return JobOutcome(state, out_path, status_path, time.monotonic() - start, importing, code)
                words = line.split()
                if len(words) == 2 and words[0] == "import":
                    importing = words[1]
                    deadline = max(deadline, time.monotonic() + self.limits.import_timeout)
                elif len(words) == 2 and words[0] == "imported":
                    importing = ""
                elif words == ["done", str(k)]:
                    return JobOutcome("done", out_path, status_path, time.monotonic() - start)
        finally:
            (self.host_dir / f"in_{k}.npz").unlink(missing_ok=True)
            (self.host_dir / f"job_{k}.json").unlink(missing_ok=True)

    def printed(self, limit: int = 4000) -> str:
        """The tail of what the student's code printed (for the report only, never parsed)."""
        path = self.host_dir / "stdout.txt"
        if not path.exists():
            return ""
        with open(path, "rb") as fh:
            fh.seek(max(0, path.stat().st_size - limit))
            return fh.read().decode("utf-8", "replace")
