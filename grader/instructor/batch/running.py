"""Running the grading: a pool of local worker processes, or a Dask cluster. INSTRUCTOR SIDE.

The pool's workers die with the batch: each asks the kernel for SIGTERM when its parent dies
(``PR_SET_PDEATHSIG``) and also watches its parent, and the pool's processes are recorded with their start times
in ``OUT/.work/pool.json``; a batch started on an OUT whose last run was killed (``kill -9``) reaps what is left
of it (only processes whose pid and start time both match the record) and removes its temporary folder.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ...sandbox.cleanup import remove_tree
from ...writers import atomic_write
from . import rows
from .rows import NOT_GRADED_ROW, Entry, error_row, grade_one

RETRIES = 1                         # a submission whose worker died is retried once, alone
POOL_RECORD = "pool.json"
TEMPORARY_PREFIX = "convkit-batch-"
PR_SET_PDEATHSIG = 1


def start_time(pid: int) -> int | None:
    """A process's start time (clock ticks after boot, /proc/PID/stat field 22): with its pid, who it is."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (IndexError, ValueError):
        return None


class PoolRecord:
    """OUT/.work/pool.json: the batch process and every pool worker it started, with their start times, and the
    pool's temporary folders; rewritten as pools come and go."""

    def __init__(self, workdir: Path):
        self.path = Path(workdir) / POOL_RECORD
        self.pools: dict[str, list[list[int]]] = {}

    def write(self):
        me = [os.getpid(), start_time(os.getpid())]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps({"batch": me, "pools": self.pools}))

    def add(self, pool: ProcessPoolExecutor):
        known = self.pools.setdefault(pool.convkit_temporary, [])
        pids = {p for p, _ in known}
        new = [[pid, start_time(pid)] for pid in (pool._processes or {}) if pid not in pids]
        if new:
            known += new
            self.write()

    def remove(self, pool: ProcessPoolExecutor):
        if self.pools.pop(pool.convkit_temporary, None) is not None:
            self.write()

    def clear(self):
        try:
            self.path.unlink()
        except OSError:
            pass


def reap_killed_run(workdir: Path) -> list[int]:
    """Kill what a killed batch on this OUT left (pool workers whose pid and start time match its record) and
    remove its temporary folders; returns the pids killed.

    Raises:
        RuntimeError: when the batch that wrote the record is still running (two batches on one OUT).
    """
    path = Path(workdir) / POOL_RECORD
    try:
        record = json.loads(path.read_text())
        batch_pid, batch_start = record["batch"]
        pools = dict(record["pools"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if batch_pid != os.getpid() and batch_start is not None and start_time(batch_pid) == batch_start:
        raise RuntimeError(f"another batch (pid {batch_pid}) is grading into this output folder; wait for it or "
                           "stop it first")
    killed = []
    for temporary, processes in pools.items():
        for pid, started in processes:
            if started is not None and start_time(pid) == started:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                except (ProcessLookupError, PermissionError):
                    pass
        folder = Path(temporary)
        if folder.name.startswith(TEMPORARY_PREFIX) and folder.is_dir() and not folder.is_symlink():
            remove_tree(folder)  # what student code made: a hostile tree
    try:
        path.unlink()
    except OSError:
        pass
    return killed


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, as ``taskset`` or a cgroup's cpuset leave it), else
    the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers() -> int:
    """The local pool's size when ``--workers`` is not given: one grading process per usable core. (Two per core,
    so that one judges while another's sandbox runs, gained nothing on a quiet 2-core machine: 60 submissions took
    0.32 s per submission per core with 2 workers, 0.33 with 4, 0.35 with 6, at more CPU; docs/benchmarks.md.)"""
    return usable_cores()


# -- in each pool worker -----------------------------------------------------------------------------------------

def _die_with_parent(parent: int):
    """SIGTERM when the parent dies: from the kernel (PR_SET_PDEATHSIG), and from a watcher thread where the kernel
    cannot say it (not Linux, or the parent's thread that forked us ended)."""
    if sys.platform.startswith("linux"):
        import ctypes
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(10)  # the stop could not unwind (it landed where Python cannot raise): leave now
        os._exit(1)
    threading.Thread(target=watch, name="convkit-parent-watch", daemon=True).start()


def _pool_worker_init(temporary: str, parent: int):
    """In each pool worker: temporary files go to the pool's own folder (removed by the parent whatever happens to
    the worker); SIGTERM (the parent stopping the pool, or the parent's death) unwinds the stack, so the sandbox
    in use is cleaned up; SIGINT is the parent's to handle (it stops the pool)."""
    rows.IN_POOL = True
    tempfile.tempdir = temporary
    os.environ["TMPDIR"] = temporary
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop)
    sys.unraisablehook = _unraisable
    _die_with_parent(parent)


def _unraisable(hook_args):
    """A stop that lands where Python cannot raise (an at-fork hook while the sandbox starts) is dropped quietly:
    the parent sends SIGTERM again to a worker still alive."""
    if not isinstance(hook_args.exc_value, SystemExit):
        sys.__unraisablehook__(hook_args)


# -- the local pool ----------------------------------------------------------------------------------------------

def _new_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers keep their temporary files (prepared submissions, sandboxes) in one private folder, so
    that what a worker killed mid-job leaves behind is removed with the pool."""
    temporary = tempfile.mkdtemp(prefix=TEMPORARY_PREFIX)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_pool_worker_init,
                               initargs=(temporary, os.getpid()))
    pool.convkit_temporary = temporary
    return pool


def _stop_pool(pool: ProcessPoolExecutor, record: PoolRecord | None = None):
    """Stop a pool now: cancel what is queued, terminate the workers (they clean their sandboxes), kill what is
    left after a grace period, then remove the pool's temporary folder (what a killed worker could not)."""
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    again, deadline = time.monotonic() + 1.5, time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, again - time.monotonic()))
        if process.is_alive():  # the first stop landed where it could not raise
            process.terminate()
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)
    remove_tree(pool.convkit_temporary)  # what student code made: a hostile tree
    if record is not None:
        record.remove(pool)


def _died_message(entry: Entry) -> str:
    return ("not graded: the process grading this submission died twice (killed by a signal, e.g. the "
            "out-of-memory killer or SIGKILL), the second time grading it alone; check it, then run the same "
            "command again")


def run_local(todo: list[Entry], students: Path, seed: int, lang: str, workers: int, workdir: Path):
    """Grade ``todo`` in a pool, at most ``workers`` at a time (so a dead worker's submissions are known). A
    submission whose pool broke is retried alone in a fresh single-worker pool; if that dies too, a ``not graded``
    row."""
    queue = deque(todo)
    suspects: deque[Entry] = deque()
    record = PoolRecord(workdir)
    pool = _new_pool(workers)
    running: dict = {}

    def submit(p, entry):
        future = p.submit(grade_one, entry.student, str(entry.path), str(students), seed, lang, entry)
        record.add(p)
        return future
    try:
        while queue or running or suspects:
            if suspects and not running:
                entry = suspects.popleft()
                alone = _new_pool(1)
                try:
                    yield submit(alone, entry).result()
                except BrokenProcessPool:
                    yield error_row(students, entry, _died_message(entry), NOT_GRADED_ROW)
                finally:
                    _stop_pool(alone, record)
                continue
            while queue and len(running) < workers and not suspects:
                entry = queue.popleft()
                running[submit(pool, entry)] = entry
            if not running:
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            done = [(running.pop(future), future) for future in finished]
            broken = any(isinstance(future.exception(), BrokenProcessPool) for _, future in done)
            # The freed workers get their next submissions before the parent writes this row's gradebook and the
            # caller's progress: a worker never waits for the parent between two submissions.
            while queue and len(running) < workers and not broken:
                entry = queue.popleft()
                running[submit(pool, entry)] = entry
            for entry, future in done:
                try:
                    yield future.result()
                except BrokenProcessPool:
                    suspects.append(entry)
                    shutil.rmtree(students / f".{entry.student}.partial", ignore_errors=True)
            if broken:  # every submission in flight shared the dead worker's pool: each is a suspect
                wait(running)
                for future, entry in list(running.items()):
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(entry)
                        shutil.rmtree(students / f".{entry.student}.partial", ignore_errors=True)
                running.clear()
                _stop_pool(pool, record)
                pool = _new_pool(workers)
    finally:
        _stop_pool(pool, record)
        record.clear()
