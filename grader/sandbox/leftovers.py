"""What a sandbox uid can leave on the machine, found and removed: files in every world-writable folder, SysV IPC
objects, POSIX message queues.

TRUSTED SIDE (root only, the uid tier). The world-writable folders are found, not listed by hand: every mounted
file system a process may write to (``/proc/self/mountinfo``), walked breadth-first through the folders another
uid may pass through (it never goes into a world-writable folder, so nothing a student made there can slow it).
Two walks, each once per process, in a thread: a shallow one (``DISCOVERY_DEPTH`` levels below each mount point,
well under a second), started with the first session, which is enough where Landlock held every process of the uid
(it could write its home only; the shallow sweep is kept as a second line); and a whole one (every depth, bounded
by the clean-up's time only), started the first time a uid ran without Landlock (an old kernel, a container
profile that refuses it): a world-writable folder six levels deep is then swept too, and a walk that runs out of
time is a clean-up that did not finish, reported and finished by a later session, never silent. Removal walks
those folders, goes into world-writable folders that are not the uid's, and removes whatever the uid owns with
``cleanup.remove_tree``.
"""
from __future__ import annotations

import ctypes
import os
import stat
import threading
import time
from collections import deque

from .cleanup import Removal, remove_tree

# File systems where nobody creates files (or where the sandbox cannot): not walked.
PSEUDO = {"proc", "sysfs", "cgroup", "cgroup2", "devpts", "securityfs", "debugfs", "tracefs", "bpf", "pstore",
          "configfs", "fusectl", "binfmt_misc", "autofs", "nsfs", "efivarfs", "rpc_pipefs", "selinuxfs", "mqueue",
          "hugetlbfs", "devtmpfs"}
KNOWN = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock", "/dev/mqueue", "/run/shm")
DISCOVERY_SECONDS = 10.0  # the shallow walk's bound
DISCOVERY_DEPTH = 5  # the shallow walk: folders below a mount point (/var/lib/php/sessions is 4)
WHOLE_DISCOVERY_SECONDS = 300.0  # the whole walk's own bound (each clean-up waits for it until its deadline only)


def _unescape(field: str) -> str:
    return field.encode().decode("unicode_escape") if "\\" in field else field


def mounts() -> list[tuple[str, str, bool]]:
    """(mount point, file system type, read-only) of every mount this process sees."""
    found = []
    try:
        with open("/proc/self/mountinfo") as fh:
            for line in fh:
                left, _, right = line.partition(" - ")
                fields, tail = left.split(), right.split()
                if len(fields) < 6 or not tail:
                    continue
                read_only = "ro" in fields[5].split(",")
                found.append((_unescape(fields[4]), tail[0], read_only))
    except OSError:
        pass
    return found


def _other_may(info: os.stat_result, bits: int) -> bool:
    return stat.S_ISDIR(info.st_mode) and info.st_mode & bits == bits


def discover(seconds: float = DISCOVERY_SECONDS, depth_limit: int | None = DISCOVERY_DEPTH
             ) -> tuple[list[str], bool]:
    """(every world-writable folder another uid can reach, at most ``depth_limit`` below a mount point (None: at
    any depth); whether the walk finished in ``seconds``)."""
    deadline = time.monotonic() + seconds
    found: dict[str, None] = {}
    for path in KNOWN:
        try:
            if _other_may(os.lstat(path), 0o003):
                found[path] = None
        except OSError:
            pass
    roots = [(point, read_only) for point, kind, read_only in mounts() if kind not in PSEUDO]
    queue = deque((point, 0) for point, read_only in roots if not read_only)
    finished = True
    while queue:
        if time.monotonic() > deadline:
            finished = False
            break
        folder, depth = queue.popleft()
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        if _other_may(info, 0o003):
            found[folder] = None
            continue
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if not entry.is_dir(follow_symlinks=False):
                            continue
                        child = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if child.st_dev != info.st_dev or not child.st_mode & 0o001:
                        continue  # another mount (walked as its own root), or closed to other uids
                    if child.st_mode & 0o002:
                        found[entry.path] = None
                    elif depth_limit is None or depth + 1 < depth_limit:
                        queue.append((entry.path, depth + 1))
        except OSError:
            continue
    return list(found), finished


class _Discovery(threading.Thread):
    def __init__(self, seconds: float, depth_limit: int | None):
        super().__init__(daemon=True, name="convkit-world-writable")
        self.seconds, self.depth_limit = seconds, depth_limit
        self.folders: list[str] = []
        self.finished = False
        self.pid = os.getpid()

    def run(self):
        try:
            self.folders, self.finished = discover(self.seconds, self.depth_limit)
        except Exception:  # a walk that broke still leaves the well-known folders
            self.folders = [p for p in KNOWN if os.path.isdir(p)]


# The shallow walk and the whole one ({"shallow": thread, "whole": thread}), once per process.
_DISCOVERY: dict[str, _Discovery] = {}
_LOCK = threading.Lock()
_WALKS = {"shallow": (DISCOVERY_SECONDS, DISCOVERY_DEPTH), "whole": (WHOLE_DISCOVERY_SECONDS, None)}


def start_discovery(which: str = "shallow") -> _Discovery:
    """Start finding the world-writable folders (once per process: the shallow walk while the first worker runs,
    the whole one when a uid first ran without Landlock). A process forked from one whose walk had started (a
    batch's pool) walks again: the thread did not come along."""
    with _LOCK:
        walk = _DISCOVERY.get(which)
        if walk is None or walk.pid != os.getpid():
            walk = _DISCOVERY[which] = _Discovery(*_WALKS[which])
            walk.start()
        return walk


def world_writable(whole: bool = False, deadline: float | None = None) -> tuple[list[str], bool]:
    """(the world-writable folders, whether the walk finished): waiting for the shallow walk, or for the whole one
    until ``deadline`` (the folders the shallow walk found then stand in for it, and the answer says unfinished)."""
    shallow = start_discovery("shallow")
    if not whole:
        shallow.join()
        return shallow.folders, True
    walk = start_discovery("whole")
    walk.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
    if walk.is_alive():
        shallow.join()
        return shallow.folders, False
    return walk.folders, walk.finished


def remove_files_of(uid: int, deadline: float, roots=None, whole: bool = True) -> Removal:
    """Remove what ``uid`` left in the world-writable folders (``roots``, default: all found, at any depth unless
    ``whole`` is False), going into world-writable folders that are not its own; never follows a symlink; bounded
    by ``deadline``."""
    done = Removal()
    if roots is None:
        roots, finished = world_writable(whole, deadline)
        done.timed_out = not finished
    pending = deque(roots)
    seen = set()
    while pending:
        if time.monotonic() > deadline:
            done.timed_out = True
            break
        folder = pending.popleft()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if time.monotonic() > deadline:
                        done.timed_out = True
                        return done
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if info.st_uid == uid:
                        done.add(remove_tree(entry.path, deadline))
                    elif _other_may(info, 0o003) and (info.st_dev, info.st_ino) not in seen:
                        seen.add((info.st_dev, info.st_ino))
                        pending.append(entry.path)
        except OSError:
            continue
    return done


# -- SysV IPC and POSIX message queues ----------------------------------------------------------------------------

IPC_RMID = 0
_SYSVIPC = {"shm": "shmid", "sem": "semid", "msg": "msqid"}


def sysv_objects_of(uid: int) -> list[tuple[str, int]]:
    """(kind, id) of every SysV shared-memory segment, semaphore set and message queue that ``uid`` owns or
    created (its owner may be changed by IPC_SET; its creator may not)."""
    found = []
    for kind, id_column in _SYSVIPC.items():
        try:
            with open(f"/proc/sysvipc/{kind}") as fh:
                header = fh.readline().split()
                for line in fh:
                    row = dict(zip(header, line.split()))
                    if str(uid) in (row.get("uid"), row.get("cuid")):
                        found.append((kind, int(row[id_column])))
        except (OSError, ValueError, KeyError):
            continue
    return found


def remove_sysv_objects_of(uid: int) -> Removal:
    done = Removal()
    objects = sysv_objects_of(uid)
    if not objects:
        return done
    libc = ctypes.CDLL(None, use_errno=True)
    calls = {"shm": lambda i: libc.shmctl(i, IPC_RMID, None), "sem": lambda i: libc.semctl(i, 0, IPC_RMID),
             "msg": lambda i: libc.msgctl(i, IPC_RMID, None)}
    for kind, ident in objects:
        if calls[kind](ident) == 0:
            done.removed += 1
        else:
            done.fail(f"SysV {kind} {ident}", OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno())))
    return done


def mqueue_mounts() -> list[str]:
    return [point for point, kind, _ in mounts() if kind == "mqueue"]


def remove_mqueues_of(uid: int, deadline: float) -> Removal:
    """Remove ``uid``'s POSIX message queues: through a mounted mqueue file system, or, where none is mounted, one
    mounted in a private mount namespace of a short-lived child (root only; where even that is refused, nothing
    is done: the README says so)."""
    points = mqueue_mounts()
    if points:
        return remove_files_of(uid, deadline, roots=points[:1])
    if not hasattr(os, "fork"):
        return Removal()
    read, write = os.pipe()
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child only makes system calls, then leaves
        code = 1
        try:
            os.close(read)
            libc = ctypes.CDLL(None, use_errno=True)
            CLONE_NEWNS, MS_REC, MS_PRIVATE = 0x00020000, 0x4000, 1 << 18
            if libc.unshare(CLONE_NEWNS) == 0 and libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) == 0:
                folder = os.path.join("/run" if os.path.isdir("/run") else "/tmp", f".convkit-mq-{os.getpid()}")
                os.mkdir(folder, 0o700)
                try:
                    if libc.mount(b"mqueue", folder.encode(), b"mqueue", 0, None) == 0:
                        removed = 0
                        for entry in os.scandir(folder):
                            if entry.stat(follow_symlinks=False).st_uid == uid:
                                os.unlink(entry.path)
                                removed += 1
                        os.write(write, str(removed).encode())
                        libc.umount2(folder.encode(), 2)
                        code = 0
                finally:
                    os.rmdir(folder)
        finally:
            os._exit(code)
    os.close(write)
    done = Removal()
    try:
        answer = os.read(read, 64)
        _, status = os.waitpid(pid, 0)
        if status == 0 and answer.isdigit():
            done.removed += int(answer)
    finally:
        os.close(read)
    return done


def clean_uid(uid: int, deadline: float, landlocked: bool = False) -> Removal:
    """Kill every process of ``uid``, then remove its files in the world-writable folders, its SysV IPC objects
    and its POSIX message queues; by ``deadline``.

    ``landlocked``: every process the uid ran was held by Landlock (it could write its home only), so the shallow
    walk's folders suffice; otherwise every world-writable folder at any depth is swept."""
    from .tiers import kill_uid, processes_of
    kill_uid(uid)
    while processes_of(uid) and time.monotonic() < deadline:  # a killed process may still be on its way out
        kill_uid(uid)
        time.sleep(0.01)
    done = remove_files_of(uid, deadline, whole=not landlocked)
    done.add(remove_sysv_objects_of(uid))
    done.add(remove_mqueues_of(uid, deadline))
    return done
