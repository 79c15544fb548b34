"""The grader's scratch folders: private to the grading process, named after it, and swept up after a grader that
was killed before it could remove them.

TRUSTED SIDE. Every folder is made by ``mkdtemp`` (mode 0700) under the system's temporary folder, as
``convkit-<kind>-<pid>-<random>``; ``sweep`` removes the ones whose process is gone, so that a SIGKILLed or OOM-killed
grader leaves no student's code lying around past the next start. A dead grader's folder may hold what student code
made (a 3,000-deep nest in its home): it is removed by ``cleanup.remove_tree``, like every other such tree.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from pathlib import Path

from .cleanup import Removal, deadline_in, remove_tree

_NAME = re.compile(r"^convkit-(sandbox|submission|zygote)-(\d+)-")


@dataclasses.dataclass
class Sweep(Removal):
    """What a sweep removed; ``swept`` names the folders that are gone."""

    swept: list[str] = dataclasses.field(default_factory=list)


def private_folder(kind: str, root: str | os.PathLike | None = None) -> Path:
    """A new 0700 folder for this process (``kind``: ``sandbox``, ``submission`` or ``zygote``), in ``root`` (default: the
    temporary folder, which a batch may make private to its pool)."""
    return Path(tempfile.mkdtemp(prefix=f"convkit-{kind}-{os.getpid()}-", dir=root))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs. On Windows ``os.kill(pid, 0)`` is no probe: signal 0 is CTRL_C_EVENT
    there, sent to the process group, so the process's state is asked of the kernel instead."""
    if os.name == "nt":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5


def _kernel32():
    import ctypes
    return ctypes.WinDLL("kernel32", use_last_error=True)


def _alive_windows(pid: int) -> bool:
    """OpenProcess and GetExitCodeProcess: alive while the exit code is STILL_ACTIVE (a process we may not open
    is alive too: it is someone else's, and its folder is not ours to sweep)."""
    import ctypes
    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return ctypes.get_last_error() == ERROR_ACCESS_DENIED
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def sweep(root: str | os.PathLike | None = None, deadline: float | None = None) -> Sweep:
    """Remove the scratch folders of grader processes that no longer run, by ``deadline``; never raises."""
    root = Path(root or tempfile.gettempdir())
    deadline = deadline if deadline is not None else deadline_in(10.0)
    done = Sweep()
    try:
        entries = list(os.scandir(root))
    except OSError:
        return done
    for entry in entries:
        match = _NAME.match(entry.name)
        try:
            if not match or not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        if int(match.group(2)) != os.getpid() and not _alive(int(match.group(2))):
            removal = remove_tree(entry.path, deadline)
            done.add(removal)
            if removal.complete:
                done.swept.append(entry.name)
    return done
