"""The sandbox: where student code runs, and the only door between it and the grader.

Rooms: ``worker`` (UNTRUSTED: the code that runs in the student's process), ``confine`` (what the worker does to
itself before any student code runs: Landlock, seccomp), ``protocol`` (the frames both sides speak), ``tiers`` (how
this machine fences the worker in: bubblewrap, an unprivileged uid, or rlimits only), ``uids`` (the uid tier's fresh
uid for every submission), ``session`` (one worker's life: start, jobs, limits, clean-up), ``spawn`` and ``zygote``
(workers forked from a process that imported numpy once), ``kept`` (the bubblewrap handed from one submission to the
next), ``cleanup`` (removing a hostile tree: iterative, no symlink followed, bounded by time, never raising),
``leftovers`` (what a uid can leave on the machine: world-writable folders, SysV IPC, POSIX message queues),
``fastguard`` (the naive exercises' worker, whose fast layers are guards) and ``decode`` (the worker's answer made
into plain arrays, trusting none of it).
"""
from .decode import WorkerOutput, decode_job
from .session import JobOutcome, Limits, SandboxUnavailable, WorkerSession
from .tiers import BUBBLEWRAP, RLIMITS, TIERS, UID, choose_tier, describe, describe_confinement

__all__ = ["WorkerSession", "Limits", "JobOutcome", "SandboxUnavailable", "WorkerOutput", "decode_job",
           "choose_tier", "describe", "describe_confinement", "BUBBLEWRAP", "UID", "RLIMITS", "TIERS"]
