"""Grading on a Dask cluster: reach it (a scheduler's address, or SLURM through dask-jobqueue), check every worker
before any submission is sent (the preflight), then grade there.

INSTRUCTOR SIDE. A Dask worker grades with its own installed kit, its own numpy and its own sandbox, so a cluster
whose workers differ from the machine that starts the batch would grade differently, or not at all (a worker
that cannot import the kit fails every task). The preflight asks every worker (``Client.run``) for its
``Fingerprint`` and stops the batch, naming the worker and the fix, when one cannot import the kit, runs another
kit (version, or the hash of its rubric, reference, case makers and grader code), or would grade in a weaker
sandbox tier than this machine (unless ``allow_weaker_tier``, when it is reported in the summary). Every grading
task carries the client's fingerprint and checks it again on the worker that runs it, so a worker that joins the
cluster after the preflight grades nothing either when it differs.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import platform
import socket
from pathlib import Path

from ..sandbox import TIERS, choose_tier

SLURM = "slurm"
CLUSTERS = (SLURM,)
WAIT_FOR_WORKERS = 120.0  # seconds a batch waits for its first worker (a SLURM job may queue)


class ClusterMismatch(ValueError):
    """A worker of the cluster would not grade as this machine does; the message is one sentence with the fix."""


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    """What decides how a machine grades.

    Attributes:
        kit: The kit's version (``grader.__version__``).
        kit_hash: SHA-256 (first 16 hex digits) of the rubric, the reference, the stubs and the grader's code.
        numpy: numpy's version.
        tier: The sandbox tier it would grade in.
        python: The Python version.
        host: The machine's name.
    """

    kit: str
    kit_hash: str
    numpy: str
    tier: str
    python: str
    host: str

    def same_kit(self, other: "Fingerprint") -> bool:
        return (self.kit, self.kit_hash) == (other.kit, other.kit_hash)

    def weaker_than(self, other: "Fingerprint") -> bool:
        return TIERS.index(self.tier) > TIERS.index(other.tier)


@functools.lru_cache(maxsize=1)
def kit_hash() -> str:
    """A hash of everything that decides a grade: the rubric, the reference (solutions/), the stubs
    (assignment/) and the grader's code, the hidden-case makers included; the same for a source tree, an
    editable install and a wheel of the same files."""
    from ..submission import KIT_ROOT
    from .reference import SOLUTIONS
    parts = {"grader": (Path(__file__).resolve().parents[1], (".py", ".toml")),
             "solutions": (SOLUTIONS, (".py",)), "assignment": (KIT_ROOT / "assignment", (".py",))}
    digest = hashlib.sha256()
    for label, (folder, suffixes) in parts.items():
        for path in sorted(folder.rglob("*")):
            if path.suffix in suffixes and not {"__pycache__", "student_files"} & set(path.parts):
                digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def fingerprint() -> Fingerprint:
    """This machine's fingerprint (run on each Dask worker by the preflight)."""
    import numpy

    from .. import __version__
    return Fingerprint(__version__, kit_hash(), numpy.__version__, choose_tier(), platform.python_version(),
                       socket.gethostname())


def _fingerprint_here() -> dict:
    return dataclasses.asdict(fingerprint())


def check_workers(ours: Fingerprint, answers: dict, allow_weaker_tier: bool = False,
                  scheduler: tuple[str, object] | None = None) -> list[str]:
    """Compare each worker's answer to the preflight with ``ours``.

    Args:
        ours: The client's fingerprint.
        answers: Worker address -> its fingerprint (a dict) or the exception it raised.
        allow_weaker_tier: Accept a worker that would grade in a weaker tier (it is reported instead).
        scheduler: (address, its fingerprint or exception): the scheduler unpickles every task, so it needs the
            same kit too (it grades nothing, so its tier does not matter).

    Returns:
        Notes for the summary (a weaker tier allowed, another numpy).

    Raises:
        ClusterMismatch: naming the first worker that may not grade, and the fix.
    """
    if not answers:
        raise ClusterMismatch("the Dask cluster has no worker: start one with `dask worker SCHEDULER_ADDRESS` from "
                              "an environment where the kit is installed")
    problems, notes = [], []
    if scheduler is not None:
        address, answer = scheduler
        if isinstance(answer, BaseException) or not Fingerprint(**answer).same_kit(ours):
            why = (f"cannot import the kit ({type(answer).__name__}: {str(answer)[:200]})"
                   if isinstance(answer, BaseException) else f"runs convkit {answer['kit']} with kit hash "
                   f"{answer['kit_hash']}, this machine convkit {ours.kit} with {ours.kit_hash}")
            raise ClusterMismatch(f"the Dask scheduler at {address} {why}: start `dask scheduler` from an environment "
                                  f"where the same kit is installed (`pip install` the kit's folder); no submission "
                                  "was graded.")
    for address, answer in sorted(answers.items()):
        if isinstance(answer, BaseException):
            problems.append(f"Dask worker {address} cannot import the kit ({type(answer).__name__}: "
                            f"{str(answer)[:200]}): install it in the environment that runs `dask worker` there "
                            f"(`pip install` the kit's folder, convkit {ours.kit}) and restart the worker")
            continue
        theirs = Fingerprint(**answer)
        if not theirs.same_kit(ours):
            problems.append(f"Dask worker {address} ({theirs.host}) runs convkit {theirs.kit} with kit hash "
                            f"{theirs.kit_hash}, this machine convkit {ours.kit} with {ours.kit_hash}: install the "
                            "same kit there (`pip install` the same folder or wheel) and restart the worker")
        elif theirs.weaker_than(ours) and not allow_weaker_tier:
            problems.append(f"Dask worker {address} ({theirs.host}) would grade in the {theirs.tier} tier, weaker "
                            f"than this machine's {ours.tier}: install bubblewrap there (or run the worker as root "
                            "for the uid tier), or pass --allow-weaker-tier to accept it")
        else:
            if theirs.weaker_than(ours):
                notes.append(f"Dask worker {address} ({theirs.host}) graded in the {theirs.tier} tier, weaker than "
                             f"this machine's {ours.tier} (allowed by --allow-weaker-tier)")
            if theirs.numpy != ours.numpy:
                notes.append(f"Dask worker {address} ({theirs.host}) grades with numpy {theirs.numpy}, this machine "
                             f"has {ours.numpy}")
    if problems:
        more = f" (and {len(problems) - 1} more worker(s) with a problem)" if len(problems) > 1 else ""
        raise ClusterMismatch(problems[0] + more + "; no submission was graded.")
    return notes


def preflight(client, allow_weaker_tier: bool = False) -> list[str]:
    """Ask every worker of ``client``'s cluster for its fingerprint and check it (see ``check_workers``).

    Returns:
        Notes for the summary.

    Raises:
        ClusterMismatch: when a worker may not grade, or no worker came.
    """
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
    except TimeoutError:
        raise ClusterMismatch(f"no Dask worker joined the cluster at {client.scheduler.address} within "
                              f"{WAIT_FOR_WORKERS:.0f} s: start workers with `dask worker "
                              f"{client.scheduler.address}` from an environment where the kit is installed") from None
    try:
        on_scheduler = client.run_on_scheduler(_fingerprint_here)
    except Exception as exc:  # it could not unpickle the function: the kit is not importable there
        on_scheduler = exc
    answers = client.run(_fingerprint_here, on_error="return")
    notes = check_workers(fingerprint(), answers, allow_weaker_tier, (client.scheduler.address, on_scheduler))
    client.run(quiet_for_grading, on_error="return")
    client.run(quiet_for_grading, nanny=True, on_error="return")  # a worker started without a nanny has none
    client.run_on_scheduler(quiet_for_grading)
    return notes


# A Dask server's own periodic work, as a grading cluster needs it: (callback, its period in ms, or None to stop it).
# Dask samples every running task's stack each 10 ms for its dashboard's profile, and measures its event loop's
# tick each 20 ms; on a worker whose one thread grades, these take the GIL from the grading 150 times a second and
# cost a fifth of its CPU again (docs/benchmarks.md). The profile is not needed to grade; a tick of 1 s still
# notices a stalled loop (Dask warns after 3 s), and the memory and system monitors keep working, less often.
QUIET = {"profile": None, "profile-cycle": None, "tick": 1000, "monitor": 2000, "memory_monitor": 1000}


def quiet_for_grading(dask_worker=None, dask_scheduler=None) -> list[str]:
    """Slow or stop ``QUIET``'s periodic callbacks on this Dask worker, nanny or scheduler (``Client.run`` passes
    it as ``dask_worker``, ``run_on_scheduler`` as ``dask_scheduler``; it runs in the server's event loop).
    Returns what it changed."""
    server = dask_worker if dask_worker is not None else dask_scheduler
    changed = []
    for name, period in QUIET.items():
        callback = getattr(server, "periodic_callbacks", {}).get(name)
        if callback is None:
            continue
        if period is None:
            callback.stop()
        else:
            callback.callback_time = max(callback.callback_time, period)
        changed.append(name)
    return changed


_QUIETED: list[bool] = []


def _quiet_this_worker() -> None:
    """``quiet_for_grading`` on the Dask worker running this task, once per process (a worker that joined after
    the preflight)."""
    if _QUIETED:
        return
    _QUIETED.append(True)
    try:
        from distributed import get_worker
        worker = get_worker()
    except (ImportError, ValueError):  # not on a Dask worker
        return
    worker.loop.add_callback(quiet_for_grading, worker)


def grade_checked(expected: dict, allow_weaker_tier: bool, *args):
    """``batch.grade_one(*args)`` on a worker, after checking that this worker grades as the client expects (a
    worker that joined after the preflight is checked here)."""
    from .batch import grade_one
    check_workers(Fingerprint(**expected), {socket.gethostname(): _fingerprint_here()}, allow_weaker_tier)
    _quiet_this_worker()
    return grade_one(*args)


def slurm_cluster(jobs: int | None = None, **options):
    """A dask-jobqueue SLURMCluster, from the options given and the ``jobqueue.slurm`` section of Dask's
    configuration (``~/.config/dask/jobqueue.yaml``: cores, memory, queue, account, walltime, python ...),
    scaled to ``jobs`` SLURM jobs (default 1). Each job's workers run one thread each (the grading's own work
    holds the GIL)."""
    from dask_jobqueue import SLURMCluster
    cores = options.get("cores") or _slurm_setting("cores")
    options.setdefault("processes", cores)  # one worker process, one thread, per core
    cluster = SLURMCluster(**options)
    cluster.scale(jobs=jobs or 1)
    return cluster


def _slurm_setting(name: str):
    import dask
    return dask.config.get(f"jobqueue.slurm.{name}", None)


def add_cluster_notes(summary: Path, notes: list[str]) -> None:
    """Append the preflight's notes (weaker tiers allowed, another numpy) to summary.md."""
    if notes:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write("\n## The Dask cluster\n\n" + "".join(f"- {note}\n" for note in notes))


def run_on_cluster(todo, students, seed, lang, scheduler, cluster=None, jobs=None, allow_weaker_tier=False,
                   notes: list | None = None):
    """Grade ``todo`` on a Dask cluster, yielding gradebook rows as they finish; the preflight comes first.

    Args:
        todo: The batch's entries to grade.
        students, seed, lang: As ``batch.grade_one`` takes them.
        scheduler: A scheduler's address (``tcp://host:port``), or a running cluster object (``SLURMCluster``,
            ``LocalCluster``).
        cluster: ``"slurm"``: start a SLURMCluster of ``jobs`` jobs (dask-jobqueue) instead.
        jobs: SLURM jobs to ask for.
        allow_weaker_tier: Grade on workers whose sandbox tier is weaker than this machine's (noted).
        notes: A list that receives the preflight's notes, for the summary.

    Raises:
        ClusterMismatch: before any submission is sent, when the preflight fails; or, when a worker that joined
            later differs, after the submissions in flight are cancelled.
    """
    from dask.distributed import Client, as_completed

    from .batch.rows import NOT_GRADED_ROW, error_row, grader_failure
    from .batch.running import RETRIES
    owned = None
    if cluster == SLURM:
        scheduler = owned = slurm_cluster(jobs)
    elif cluster:
        raise ValueError(f"unknown cluster kind {cluster!r} (known: {', '.join(CLUSTERS)})")
    try:
        with Client(scheduler) as client:
            found = preflight(client, allow_weaker_tier)
            if notes is not None:
                notes += found
            expected = _fingerprint_here()
            futures = {client.submit(grade_checked, expected, allow_weaker_tier, e.student, str(e.path),
                                     str(students), seed, lang, e, key=f"grade-{e.student}-{seed}", pure=False,
                                     retries=RETRIES): e for e in todo}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except ClusterMismatch:
                    client.cancel(list(futures))
                    raise
                except Exception as exc:  # the worker died too often (Dask's KilledWorker), could not import the kit, ...
                    yield error_row(students, futures[future], grader_failure(exc), NOT_GRADED_ROW)
    finally:
        if owned is not None:
            owned.close()
