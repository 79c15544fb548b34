"""The uid tier's uids: a fresh one for every submission, never one that another grader holds or that ran lately.

TRUSTED SIDE (root only). A uid is leased from a counter kept under a root-only folder (``STATE_DIR``) and locked
with ``flock``, so two graders never get the same one and a uid comes back only after the whole range has gone
round. The range is a large one above 65535 where the kernel's user namespace maps it (16.7 million uids from
``0x70000000``, which systemd's table of ranges leaves unused), else a small one inside 0-65535 (a container with
a 65,536-uid map), apart from 65000-65255 (the slots of earlier releases). A uid with a passwd entry or a live
process is skipped: it is somebody's.

A lease file exists while its uid may own something: locked while a session uses it, left unlocked when its
grader was killed or its clean-up did not finish. Such a uid is reclaimed (its processes killed, its files and IPC
objects removed) by a later session before anyone may get it again.
"""
from __future__ import annotations

import os
import random
import stat
from pathlib import Path

LARGE_RANGE = (0x70000000, 0x01000000)       # (first uid, how many)
SMALL_RANGE = (65256, 65534 - 65256)         # 65256-65533: above the old slots, below nobody
# Persistent where it can be (a reboot does not restart the counter), else in /run (where it starts anywhere).
STATE_DIRS = [Path(p) for p in ([os.environ["CONVKIT_UID_STATE"]] if os.environ.get("CONVKIT_UID_STATE") else
                                ["/var/lib/convkit-uids", "/run/convkit-uids"])]
STATE_DIR = STATE_DIRS[0]


def _mapped(path: str, first: int, count: int) -> bool:
    """Does the user namespace's map (``/proc/self/uid_map`` or ``gid_map``) hold first..first+count-1?"""
    try:
        with open(path) as fh:
            for line in fh:
                inside, _, length = (int(n) for n in line.split())
                if inside <= first and first + count <= inside + length:
                    return True
    except (OSError, ValueError):
        return False
    return False


_RANGE: list = []


def uid_range() -> tuple[int, int]:
    """(first uid, how many) of this machine's sandbox uids, probed once per process."""
    if not _RANGE:
        first, count = LARGE_RANGE
        large = all(_mapped(f"/proc/self/{m}_map", first, count) for m in ("uid", "gid"))
        _RANGE.append(LARGE_RANGE if large else SMALL_RANGE)
    return _RANGE[0]


def state_dir() -> Path:
    """The first of STATE_DIRS that is (or can be made) a real folder owned by root, mode 0700: no sandbox uid
    reads or plants anything there."""
    global STATE_DIR
    for folder in STATE_DIRS:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(folder)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
                raise RuntimeError(f"{folder} is not a folder owned by root: remove it")
            os.chmod(folder, 0o700)
        except OSError:  # a read-only /var/lib (some containers): the next one
            continue
        STATE_DIR = folder
        return folder
    raise RuntimeError(f"none of {', '.join(map(str, STATE_DIRS))} can hold the sandbox uids' state")


def _is_somebodys(uid: int) -> bool:
    from .tiers import processes_of
    try:
        import pwd  # POSIX only, as fcntl: imported where the uid tier runs
        pwd.getpwuid(uid)
        return True
    except KeyError:
        pass
    return bool(processes_of(uid))


def _lock(path: Path) -> int | None:
    """A descriptor holding ``path``'s flock, or None when another process holds it (or it went away)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        import fcntl  # POSIX only: the uid tier never runs on Windows, where the student's check imports this module
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.fstat(fd).st_ino != os.stat(path, follow_symlinks=False).st_ino:  # unlinked meanwhile: not a lease
            raise OSError("stale")
    except OSError:
        os.close(fd)
        return None
    return fd


class Lease:
    """One fresh uid, held for one submission.

    Attributes:
        uid: The uid (and gid) the worker runs as.
    """

    def __init__(self):
        first, count = uid_range()
        folder = state_dir()
        counter = _lock_blocking(folder / "counter.lock")
        try:
            try:
                number = int((folder / "next").read_text())
            except (OSError, ValueError):
                number = random.randrange(count)  # a fresh state (a reboot's /run): start anywhere
            for _ in range(count):
                uid = first + number % count
                number += 1
                path = folder / f"lease-{uid}"
                if path.exists() or _is_somebodys(uid):
                    continue  # in use, waiting to be reclaimed, or somebody's
                fd = _lock(path)
                if fd is None:
                    continue
                self.uid, self._fd, self._path = uid, fd, path
                break
            else:
                raise RuntimeError(f"no free sandbox uid in {first}-{first + count - 1}")
            tmp = folder / "next.tmp"
            tmp.write_text(str(number % count))
            os.replace(tmp, folder / "next")
        finally:
            os.close(counter)

    def release(self, clean: bool) -> None:
        """Give the uid back: forgotten when ``clean`` (nothing of it is left), else kept for a later reclaim."""
        if self._fd is None:
            return
        if clean:
            try:
                os.unlink(self._path)
            except OSError:
                pass
        os.close(self._fd)
        self._fd = None


def _lock_blocking(path: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    import fcntl
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def stale_leases() -> list[tuple[int, int, Path]]:
    """(uid, locked descriptor, lease path) of every uid left by a killed grader or an unfinished clean-up, now
    locked by the caller (release with ``forget``)."""
    found = []
    try:
        folder = state_dir()
        names = os.listdir(folder)
    except (OSError, RuntimeError):
        return found
    for name in names:
        if not name.startswith("lease-") or not name[6:].isdigit():
            continue
        path = folder / name
        fd = _lock(path)
        if fd is not None:
            found.append((int(name[6:]), fd, path))
    return found


def forget(fd: int, path: Path, clean: bool) -> None:
    if clean:
        try:
            os.unlink(path)
        except OSError:
            pass
    os.close(fd)
