"""The bubblewrap tier's sandboxes kept from one submission to the next: one bubblewrap and its zygote (numpy
imported once) per grading process, not one per submission.

TRUSTED SIDE. A ``KeptBubblewrap`` is what a session hands on when it ends: the grader's folder of the sandbox
(``worker/``, bound read-only at /sandbox/worker, and ``package/``, bound at /sandbox/package, where each
submission's package is laid out in turn), the sandbox uid bubblewrap runs as (root only), and the zygote inside.
A session hands it on only when nothing of its submission can reach the next one (``WorkerSession._hand_on``):

- every worker of the submission said that Landlock (write its home only) and seccomp held it;
- the zygote, asked at the end (``zygote._reset``), killed every other process of the sandbox and saw them gone,
  emptied the home, found /tmp and /dev/shm empty and the three mounts' roots as they were;
- the submission's package was set aside (renamed away from the bound folder into one the sandbox cannot see).

Anything else (Landlock missing, a worker that did not say ready, a kill or an emptying that failed, a zygote that
stopped answering) closes that bubblewrap and the next submission gets a fresh one, as every submission did before.

A kept sandbox is held by one session at a time (``take`` removes it from the shelf), so two sessions of one process
(threads) never share one; a process forked from its owner (a pool's worker) never uses or stops its owner's.
"""
from __future__ import annotations

import atexit
import dataclasses
import multiprocessing.util
import os
import threading
from pathlib import Path

from . import cleanup, leftovers, spawn, tiers

MAX_KEPT = 2  # per kind, per process: more sessions at once than that (threads) close theirs at the end
RESET_SECONDS = 10.0  # how long the zygote may take to kill the sandbox's other processes and empty the home


@dataclasses.dataclass
class KeptBubblewrap:
    """A bubblewrap between two submissions: its folder, its uid's lease (root only), its zygote.

    Attributes:
        base: The grader's folder of the sandbox (``worker/`` and an empty ``package/``).
        slot: The sandbox uid bubblewrap runs as (None: the grader is not root).
        zygote: The zygote inside, alive and reset.
        served: How many submissions it served.
    """

    base: Path
    slot: tiers.Slot | None
    zygote: spawn.Zygote
    served: int = 1
    owner: int = dataclasses.field(default_factory=os.getpid)

    def close(self, deadline: float | None = None) -> cleanup.Removal:
        """Stop the bubblewrap (every process in it dies with its namespace), then clean up as a session that did
        not hand it on does: the uid's processes and files, the folder, the lease."""
        done = cleanup.Removal()
        if self.owner != os.getpid():  # inherited by a fork: the owner stops it
            return done
        deadline = deadline if deadline is not None else cleanup.deadline_in(60.0)
        self.zygote.close()
        if self.slot is not None:
            done.add(leftovers.clean_uid(self.slot.uid, deadline, landlocked=True))
        done.add(cleanup.remove_tree(self.base, deadline))
        if self.slot is not None:
            self.slot.release(clean=done.complete)
        return done


_SHELF: dict[tuple, list[KeptBubblewrap]] = {}
_LOCK = threading.Lock()


def take(key: tuple) -> KeptBubblewrap | None:
    """A kept sandbox of kind ``key`` (bubblewrap, its size, the runtime, the worker's environment), now the
    caller's alone; None when there is none (the caller starts a fresh one). One whose zygote died meanwhile is
    closed, never handed out."""
    while True:
        with _LOCK:
            shelf = _SHELF.get(key)
            kept = shelf.pop() if shelf else None
        if kept is None:
            return None
        if kept.owner != os.getpid():
            continue  # the owner's, inherited by a fork: not ours to use or to stop
        if kept.zygote.alive():
            return kept
        kept.close()


def give_back(key: tuple, kept: KeptBubblewrap) -> bool:
    """Put ``kept`` on the shelf for the next session of this process; False (the caller closes it) when the
    shelf is full."""
    with _LOCK:
        shelf = _SHELF.setdefault(key, [])
        if len(shelf) < MAX_KEPT and kept.owner == os.getpid():
            shelf.append(kept)
            return True
    return False


def close_all() -> None:
    """Stop every kept sandbox of this process (at exit; a test that changes the machine's tiers calls it too)."""
    with _LOCK:
        kept = [k for shelf in _SHELF.values() for k in shelf]
        _SHELF.clear()
    for one in kept:
        one.close()


def kept_count() -> int:
    """How many sandboxes this process keeps now (tests)."""
    with _LOCK:
        return sum(len(shelf) for shelf in _SHELF.values())


def _close_all_when_this_process_ends(_=None) -> None:
    """A pool worker of multiprocessing leaves by os._exit, after its finalizers (never atexit's handlers); before the
    shared zygotes' own finalizer (exitpriority 10), as neither needs the other. A forked worker starts with its
    parent's finalizers cleared (multiprocessing's bootstrap), so each one registers it again: verify's pool workers
    left their sandbox folders behind."""
    multiprocessing.util.Finalize(None, close_all, exitpriority=11)


atexit.register(close_all)
_close_all_when_this_process_ends()
multiprocessing.util.register_after_fork(_close_all_when_this_process_ends, _close_all_when_this_process_ends)
