"""Removing what student code made: written as if every tree were hostile, because it may be.

TRUSTED SIDE. ``remove_tree`` never recurses in Python (a 3,000-deep nest costs a list of names, not a stack of
frames), never follows a symlink (every step opens the next folder relative to the one it holds, with
``O_NOFOLLOW``, and checks that ``..`` leads back where it came from), never leaves its file system, never raises,
and stops at a deadline: time, not a count of entries an attacker can exhaust, bounds it. What it could not remove
is said in a ``Removal``, which the session turns into a note of the report.
"""
from __future__ import annotations

import dataclasses
import errno
import os
import stat
import time

_POSIX = (os.name == "posix" and hasattr(os, "O_DIRECTORY") and os.open in os.supports_dir_fd
          and os.unlink in os.supports_dir_fd and os.scandir in os.supports_fd)


@dataclasses.dataclass
class Removal:
    """What one clean-up did.

    Attributes:
        removed: Entries removed.
        failed: A few of the entries that could not be removed, each with why (at most ``MAX_FAILED``).
        failures: How many entries could not be removed.
        timed_out: The deadline came before the tree was gone.
    """

    removed: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)
    failures: int = 0
    timed_out: bool = False

    MAX_FAILED = 5

    @property
    def complete(self) -> bool:
        return not self.failures and not self.timed_out

    def fail(self, path: str, why) -> None:
        self.failures += 1
        if len(self.failed) < self.MAX_FAILED:
            reason = why.strerror if isinstance(why, OSError) and why.strerror else str(why)
            self.failed.append(f"{path}: {reason}")

    def add(self, other: "Removal") -> "Removal":
        self.removed += other.removed
        self.failures += other.failures
        self.failed += other.failed[:max(0, self.MAX_FAILED - len(self.failed))]
        self.timed_out = self.timed_out or other.timed_out
        return self


def deadline_in(seconds: float) -> float:
    return time.monotonic() + seconds


def remove_tree(path: str | os.PathLike, deadline: float | None = None) -> Removal:
    """Remove ``path`` and everything below it, a symlink as a link, by ``deadline`` (a ``time.monotonic()``).

    Never raises (but for KeyboardInterrupt and SystemExit); a missing ``path`` is nothing to do."""
    done = Removal()
    deadline = deadline if deadline is not None else deadline_in(60.0)
    path = os.fspath(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return done
    except OSError as exc:
        done.fail(path, exc)
        return done
    try:
        if not stat.S_ISDIR(info.st_mode):
            os.unlink(path)
            done.removed += 1
            return done
        parent, name = os.path.split(os.path.abspath(path))
        if _POSIX:
            _remove_below(parent, name, info, deadline, done)
        else:  # pragma: no cover - Windows: no directory descriptors; a path-based walk, iterative too
            _remove_by_paths(path, deadline, done)
    except FileNotFoundError:
        pass
    except Exception as exc:  # the clean-up must never crash the grader: what broke is a note
        done.fail(path, exc)
    return done


def _open_dir(name: str, dir_fd: int) -> int:
    return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), dir_fd=dir_fd)


def _open_dir_opening_it(name: str, dir_fd: int) -> int:
    """Open folder ``name`` in ``dir_fd``; one stripped of its permissions (chmod 000, by its unprivileged
    owner) is given them back first (root needs not: it reads any folder)."""
    try:
        return _open_dir(name, dir_fd)
    except PermissionError:
        _make_ours(name, dir_fd)
        return _open_dir(name, dir_fd)


def _make_ours(name: str, dir_fd: int) -> None:
    """chmod 0700 the folder ``name`` in ``dir_fd`` without following a symlink planted in its place."""
    fd = os.open(name, getattr(os, "O_PATH", os.O_RDONLY) | os.O_NOFOLLOW, dir_fd=dir_fd)
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.chmod(f"/proc/self/fd/{fd}", 0o700)
    finally:
        os.close(fd)


def _unlink(fd: int, entry: str, frame: "_Frame", done: Removal, where) -> None:
    try:
        os.unlink(entry, dir_fd=fd)
        done.removed += 1
    except FileNotFoundError:
        pass
    except PermissionError:
        if _unlink_after_chmod(fd, entry):
            done.removed += 1
        else:
            frame.skip.add(entry)
            done.fail(where() + "/" + entry, "permission denied")
    except OSError as exc:
        frame.skip.add(entry)
        done.fail(where() + "/" + entry, exc)


class _Frame:
    """A folder on the path being removed: its name, (device, inode), the subfolders still to go into, the entries
    that could not be removed."""

    __slots__ = ("name", "key", "pending", "skip")

    def __init__(self, name: str, info: os.stat_result):
        self.name, self.key, self.pending, self.skip = name, (info.st_dev, info.st_ino), None, set()


def _remove_below(parent: str, name: str, info: os.stat_result, deadline: float, done: Removal) -> None:
    """Depth-first, one folder descriptor held at a time; going up is ``..``, checked against the (device,
    inode) recorded on the way down, so a folder moved while we work is noticed, never escaped through. Each folder
    is read once as a stream (its files unlinked as they come, its subfolders' names kept), then once more to see
    that it is empty."""
    parent_fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    root_path = os.path.join(parent, name)
    fd = -1
    try:
        try:
            fd = _open_dir_opening_it(name, parent_fd)
        except OSError as exc:
            done.fail(root_path, exc)
            return
        top = os.fstat(fd)
        if (top.st_dev, top.st_ino) != (info.st_dev, info.st_ino):
            done.fail(root_path, "changed while it was being removed")
            return
        device = top.st_dev
        stack = [_Frame(name, top)]

        def where():
            return _path(root_path, stack)

        while stack:
            if time.monotonic() > deadline:
                done.timed_out = True
                return
            frame = stack[-1]
            if frame.pending is None:  # read the folder: unlink its files as they come, keep its subfolders
                frame.pending = []
                try:
                    with os.scandir(fd) as entries:
                        for entry in entries:
                            if entry.name in frame.skip:
                                continue
                            try:
                                is_dir = entry.is_dir(follow_symlinks=False)
                            except OSError:
                                is_dir = False
                            if is_dir:
                                frame.pending.append(entry.name)
                            else:
                                _unlink(fd, entry.name, frame, done, where)
                            if done.removed % 256 == 0 and time.monotonic() > deadline:
                                done.timed_out = True
                                return
                except OSError as exc:
                    done.fail(where(), exc)
                    frame.skip.add("")  # unreadable: it cannot be emptied
            if frame.pending:
                entry = frame.pending.pop()
                child = _enter(fd, entry, frame, done, where)
                if child is None:
                    continue
                child_info = os.fstat(child)
                if child_info.st_dev != device:  # another file system mounted here: not ours to empty
                    os.close(child)
                    frame.skip.add(entry)
                    done.fail(where() + "/" + entry, "another file system is mounted there")
                    continue
                os.close(fd)
                fd = child
                stack.append(_Frame(entry, child_info))
                continue
            if _left(fd, frame):  # something came (or came back) while we read: read it again
                frame.pending = None
                continue
            # Empty but for what could not go: go up through "..", check it is the folder we came from, rmdir.
            here = stack.pop()
            if not stack:
                os.close(fd)
                fd = -1
                if not here.skip:
                    try:
                        os.rmdir(name, dir_fd=parent_fd)
                        done.removed += 1
                    except FileNotFoundError:
                        pass
                    except OSError as exc:
                        done.fail(root_path, exc)
                return
            up = os.open("..", os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0), dir_fd=fd)
            os.close(fd)
            fd = up
            up_info = os.fstat(fd)
            if (up_info.st_dev, up_info.st_ino) != stack[-1].key:
                done.fail(root_path, "a folder was moved while it was being removed")
                return
            if here.skip:  # it kept entries that could not be removed: it stays too
                stack[-1].skip.add(here.name)
                continue
            try:
                os.rmdir(here.name, dir_fd=fd)
                done.removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                stack[-1].skip.add(here.name)
                done.fail(where() + "/" + here.name, exc)
    finally:
        if fd >= 0:
            os.close(fd)
        os.close(parent_fd)


def _left(fd: int, frame: _Frame) -> bool:
    """Does the folder still hold an entry that was not given up on?"""
    try:
        with os.scandir(fd) as entries:
            return any(entry.name not in frame.skip for entry in entries)
    except OSError:
        return False


def _enter(fd: int, entry: str, frame: _Frame, done: Removal, where) -> int | None:
    """A descriptor of subfolder ``entry``, or None (gone, unlinked because it is no folder now, or given up)."""
    try:
        return _open_dir_opening_it(entry, fd)
    except FileNotFoundError:
        return None
    except PermissionError:
        # The folder we are in may lack x or w for its unprivileged owner: give it back, retry once.
        try:
            os.fchmod(fd, 0o700)
            return _open_dir_opening_it(entry, fd)
        except OSError as exc:
            frame.skip.add(entry)
            done.fail(where() + "/" + entry, exc)
            return None
    except OSError as exc:  # ELOOP: it became a symlink; ENOTDIR: a file now; both are plain entries
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            _unlink(fd, entry, frame, done, where)
        else:
            frame.skip.add(entry)
            done.fail(where() + "/" + entry, exc)
        return None


def _unlink_after_chmod(fd: int, entry: str) -> bool:
    """A folder without write permission (its unprivileged owner stripped it): give it back, unlink again."""
    try:
        os.fchmod(fd, 0o700)
        os.unlink(entry, dir_fd=fd)
        return True
    except OSError:
        return False


def _path(root: str, stack) -> str:
    """A readable path for a note; deep paths are shortened (the nest may be thousands of folders deep)."""
    names = [frame.name for frame in stack[1:]]
    if len(names) > 6:
        names = names[:2] + [f"... ({len(names) - 4} folders) ..."] + names[-2:]
    return "/".join([root, *names])


def _remove_by_paths(path: str, deadline: float, done: Removal) -> None:  # pragma: no cover - Windows only
    stack = [(path, False)]
    while stack:
        if time.monotonic() > deadline:
            done.timed_out = True
            return
        current, emptied = stack.pop()
        if emptied:
            try:
                os.rmdir(current)
                done.removed += 1
            except OSError as exc:
                done.fail(current, exc)
            continue
        stack.append((current, True))
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, False))
                    else:
                        try:
                            os.unlink(entry.path)
                            done.removed += 1
                        except OSError as exc:
                            done.fail(entry.path, exc)
        except OSError as exc:
            done.fail(current, exc)
