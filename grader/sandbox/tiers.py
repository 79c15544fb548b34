"""The three ways this machine can fence in a worker, strongest first, and how to tell which one works here.

TRUSTED SIDE.

- ``bubblewrap``: where ``bwrap`` can create namespaces. The worker sees only the Python runtime and its own
  folder, has no network, its own PID namespace (everything in it dies with the sandbox) and an unprivileged uid;
  its root and /dev are read-only and every mount it may write (/tmp, /dev/shm, its home) has a size. Started by
  root, bwrap itself runs as a sandbox uid (an unprivileged user namespace), so that the worker has that uid's
  process limit rather than root's; where unprivileged user namespaces are off, root uses the uid tier instead.
  One bubblewrap serves a grading process's submissions in turn, each handed on only when the kernel's layers held
  every worker and the sandbox was found clean after it (``kept``); otherwise the next gets a fresh one.
- ``uid``: where bubblewrap cannot make namespaces but the grader runs as root (Docker's default seccomp profile:
  Gradescope's autograder containers, most CI containers). The worker runs as a fresh unprivileged uid for every
  submission (``uids``: never shared by two graders, never reused soon), with no supplementary groups and
  ``PR_SET_NO_NEW_PRIVS``; the kit is made unreadable to it; after each submission every process of that uid is
  killed (``kill(-1)`` as that uid, which no ``setsid`` or double fork escapes) and what it left in every
  world-writable folder, its SysV IPC objects and its POSIX message queues are removed (``leftovers``) before any
  result is written.
- ``rlimits``: anywhere else (a student's laptop): a separate process under resource limits, as the user. Not a
  secure grader; the local check says so. As root, ``grade`` refuses it unless told ``--insecure``.

In every tier the worker then confines itself with what the kernel gives without privileges (``confine``:
Landlock, seccomp) before any student code runs; the session records which layers held it.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from . import uids
from .confine import SIMULATE_ENV

BUBBLEWRAP, UID, RLIMITS = "bubblewrap", "uid", "rlimits"
TIERS = (BUBBLEWRAP, UID, RLIMITS)

SANDBOX_ROOT = "/sandbox"
# Where the uid tier's sandbox folders live: a root-owned 0711 folder the sandbox uids can pass through (the
# grader's own temporary folder may be private, as a batch's pool makes it).
UID_SCRATCH = Path("/run/convkit-sandboxes" if os.path.isdir("/run") else "/tmp/convkit-sandboxes")
KIT_ROOT = Path(__file__).resolve().parents[2]


# The session's folder that the worker adds to sys.path: links to the folders of the packages student code may import
# (``student_parts``), never the site-packages around them.
NUMPY_VIEW = "numpy"
# How the worker's interpreter starts: no environment variables (-E), no site module (-S: no site-packages, no .pth
# file, so an installed kit is not on its path), no bytecode written (-B).
PYTHON_FLAGS = ("-E", "-S", "-B")


# What a student's module may import besides the standard library: what the student's own notebook imports it with
# (the student bundle installs numpy and matplotlib with Pillow; the kit's venv has scipy through mlxtend, as Colab
# has; CS231n's own requirements had `future`, for `from past.builtins import xrange`), each with the distributions
# it requires, wherever this grader's environment has them. A distribution that is not installed here stays out,
# and importing it fails as it would in the student's notebook.
STUDENT_DISTRIBUTIONS = ("numpy", "matplotlib", "pillow", "scipy", "future", "six")
# Never part of the view, whatever a distribution's record lists: the kit's own packages (an installed kit puts the
# grader, the reference and the hidden-case makers in site-packages), bytecode caches, scripts outside the folder.
KIT_PACKAGES = frozenset({"grader", "solutions", "assignment", "datasets", "tests", "notebooks"})


@dataclasses.dataclass(frozen=True)
class Runtime:
    """How to start Python inside a tier: the interpreter, and the folders of the packages student code may import
    (``student_parts``: numpy's, matplotlib's, ...), which the worker sees through a folder of their own
    (``NUMPY_VIEW``)."""

    python: str
    paths: tuple[str, ...]


def numpy_home() -> str:
    """The site-packages folder that holds the parent's numpy, symlinks resolved: a kit whose .venv is a symlink
    to a shared venv hands the worker the shared folder itself, never a path through the kit (which the uid tier
    closes to the sandbox uid)."""
    import numpy
    return os.path.dirname(os.path.dirname(os.path.realpath(numpy.__file__)))


def numpy_parts() -> tuple[str, ...]:
    """numpy's own entries of the folder that holds it: ``numpy`` and, for a manylinux wheel, ``numpy.libs``.

    The worker's sys.path gets these alone, never the site-packages folder around them, where an installed kit
    (the reference, the hidden-case makers, the rubric) lies beside numpy."""
    home = numpy_home()
    parts = (os.path.join(home, name) for name in ("numpy", "numpy.libs"))
    return tuple(p for p in parts if os.path.isdir(p))


def _required(dist) -> list[str]:
    """The names of the distributions ``dist`` requires, extras left out (a marker with ``extra`` names one)."""
    import re
    names = []
    for requirement in dist.requires or ():
        name, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", name)
        if match:
            names.append(match.group(1))
    return names


def _top_entries(dist) -> list[str]:
    """The entries ``dist`` installed directly in its site-packages folder (packages, modules, the ``.libs``
    folder of a manylinux wheel, its ``.dist-info``), resolved; from its RECORD, else its top_level.txt."""
    location = Path(dist.locate_file("")).resolve()
    # RECORD's first column, read as text: ``dist.files`` makes a path object of every file (scipy has thousands).
    record = dist.read_text("RECORD") or ""
    tops = {line.split(",", 1)[0].split("/", 1)[0].strip('"') for line in record.splitlines() if line.strip()}
    if not tops:
        for name in (dist.read_text("top_level.txt") or "").split():
            tops |= {p.name for p in location.glob(f"{name}*") if p.name == name or p.name.startswith(name + ".")}
    kept = []
    for top in sorted(tops):
        module = top.split(".", 1)[0]
        if top in ("..", "__pycache__") or top.endswith((".pth", ".data")) or module in KIT_PACKAGES:
            continue
        path = location / top
        if path.exists() and path.resolve().parent == location:
            kept.append(str(path.resolve()))
    return kept


@functools.lru_cache(maxsize=None)
def student_parts() -> tuple[str, ...]:
    """Every folder and module file that ``STUDENT_DISTRIBUTIONS`` and what they require installed, as found by
    this interpreter's ``importlib.metadata`` (numpy's own folders first); never a whole site-packages folder, and
    never a part of the kit (``KIT_PACKAGES``, or what ``pip install`` put there for it).

    Read once per process: what the worker may import is fixed while a grader runs."""
    from importlib import metadata
    kit = {str(p.resolve()) for p in installed_kit_parts()}
    found = dict.fromkeys(numpy_parts())
    todo, seen = list(STUDENT_DISTRIBUTIONS), set()
    while todo:
        name = todo.pop(0)
        key = name.lower().replace("_", "-").replace(".", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if (dist.metadata["Name"] or "").lower() == "convkit":
            continue
        found.update(dict.fromkeys(p for p in _top_entries(dist) if p not in kit))
        todo += _required(dist)
    # One entry per name, the first found (numpy's own first): a second copy of a package elsewhere on the path
    # would collide in the view, as it would lose to the first on sys.path.
    named = {}
    for path in found:
        named.setdefault(os.path.basename(path), path)
    return tuple(named.values())


def numpy_view(folder: Path, parts: tuple[str, ...]) -> Path:
    """``folder``, holding a link to each of ``parts`` (``student_parts``) and nothing else (the uid and rlimits
    tiers).

    Where links cannot be made (Windows without the privilege, where only the student's local check runs, in the
    rlimits tier), the folder that holds numpy instead."""
    folder.mkdir(mode=0o755)
    try:
        for part in parts:
            os.symlink(part, folder / os.path.basename(part))
    except OSError:
        if os.name == "posix":
            raise
        return Path(numpy_home())
    os.chmod(folder, 0o755)
    return folder


def site_dirs() -> list[str]:
    """Every folder where installed packages lie, for this interpreter and its base (where ``pip install`` puts
    the kit): hidden from the worker in bubblewrap, where the runtime around them is bound."""
    import site
    found = set(site.getsitepackages([sys.prefix, sys.base_prefix, sys.exec_prefix])) | {numpy_home()}
    if site.ENABLE_USER_SITE is not False:
        found.add(site.getusersitepackages())
    found |= {p for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    return sorted(p for p in found if os.path.isdir(p))


# -- bubblewrap ---------------------------------------------------------------------------------------------------

def bwrap_path() -> str | None:
    if os.environ.get("CONVKIT_NO_BWRAP"):
        return None
    return shutil.which("bwrap")


def _runtime_dirs(runtime: Runtime | None = None) -> list[str]:
    """Folders the worker needs to run Python, and nothing of the project (numpy is bound on its own, see
    ``numpy_parts``): the parent's runtime, or (bubblewrap started as a sandbox uid) the interpreter that uid can
    run."""
    if runtime is None or runtime.python == sys.executable:
        paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix, sys.base_prefix,
                 os.path.dirname(os.path.realpath(sys.executable)), os.path.dirname(sys.executable)}
    else:
        real = os.path.realpath(runtime.python)
        paths = {os.path.dirname(os.path.dirname(real)), os.path.dirname(real), os.path.dirname(runtime.python)}
    return sorted(p for p in paths if os.path.isdir(p))


def bwrap_command(bwrap: str, base: Path, home_mb: int, runtime: Runtime | None = None) -> list[str]:
    """bwrap's arguments: the runtime and the session's worker/ and package/ read-only, a read-only root, and a
    size on every mount the worker may write (/tmp, /dev/shm, its home)."""
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
    size = str(home_mb * 1024 * 1024)
    # The empty /tmp comes first: a runtime under /tmp (a venv in a fresh clone there) is bound on top of it.
    cmd += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm", "--size", size,
            "--tmpfs", "/tmp"]
    runtime = _runtime_dirs(runtime)
    for path in runtime:
        if not path.startswith(("/usr/", "/bin", "/lib")):
            cmd += ["--ro-bind", path, path]
    # Every site-packages inside what was bound becomes an empty read-only folder: an installed kit lies there.
    bound = [*runtime, "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"]
    for path in site_dirs():
        if any(path == b or path.startswith(b.rstrip("/") + "/") for b in bound):
            cmd += ["--tmpfs", path, "--remount-ro", path]
    cmd += ["--dir", SANDBOX_ROOT, "--dir", f"{SANDBOX_ROOT}/{NUMPY_VIEW}"]
    for part in student_parts():
        cmd += ["--ro-bind", part, f"{SANDBOX_ROOT}/{NUMPY_VIEW}/{os.path.basename(part)}"]
    cmd += ["--ro-bind", str(base / "worker"), f"{SANDBOX_ROOT}/worker",
            "--ro-bind", str(base / "package"), f"{SANDBOX_ROOT}/package",
            "--size", size, "--tmpfs", f"{SANDBOX_ROOT}/home", "--chdir", f"{SANDBOX_ROOT}/home"]
    for key, value in child_env(f"{SANDBOX_ROOT}/home").items():
        cmd += ["--setenv", key, value]
    # Last: the sandbox's own root (a tmpfs bubblewrap made, which the sandbox uid owns) and /dev become
    # read-only, so that nothing but the sized mounts above takes a byte.
    return cmd + ["--remount-ro", "/dev", "--remount-ro", "/"]


def unprivileged_userns() -> str:
    """'' when an unprivileged process may make a user namespace (bubblewrap as a sandbox uid), else why not."""
    for knob, path in (("user.max_user_namespaces", "/proc/sys/user/max_user_namespaces"),
                       ("kernel.unprivileged_userns_clone", "/proc/sys/kernel/unprivileged_userns_clone")):
        try:
            with open(path) as fh:
                if int(fh.read().strip() or 0) <= 0:
                    return f"{knob} = 0"
        except (OSError, ValueError):
            continue
    return ""


# -- the unprivileged uid -----------------------------------------------------------------------------------------

def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class Slot:
    """The uid tier's hold on one fresh uid for one submission (see ``uids.Lease``)."""

    def __init__(self):
        self._lease = uids.Lease()
        self.uid = self._lease.uid

    def release(self, clean: bool = True):
        """Give the uid back; when its clean-up did not finish (``clean`` False) a later session reclaims it."""
        self._lease.release(clean)


def uid_scratch() -> Path:
    """UID_SCRATCH, made if needed: a real folder (no symlink), owned by root, mode 0711."""
    try:
        os.mkdir(UID_SCRATCH, 0o711)
    except FileExistsError:
        pass
    info = os.lstat(UID_SCRATCH)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
        raise RuntimeError(f"{UID_SCRATCH} is not a folder owned by root: remove it")
    os.chmod(UID_SCRATCH, 0o711)
    return UID_SCRATCH


def kill_uid(uid: int) -> None:
    """SIGKILL every process of ``uid``: a child that becomes ``uid`` and calls kill(-1), which signals all
    processes it may signal but itself. The kernel walks the process list under a lock that fork needs, so no
    fork races past it; RLIMIT_NPROC keeps the uid's processes few. Run twice for good measure."""
    import warnings
    for _ in range(2):
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() beside other threads (the session's pipe readers). The child only
            # makes system calls and leaves, and glibc's fork keeps malloc usable in it.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child only makes system calls, then leaves
            try:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)  # whatever happened, the child never returns into the grader's code
        os.waitpid(pid, 0)


def processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is ``uid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        if fields.get("State", "").strip().startswith("Z"):
            continue
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            found.append(int(entry))
    return found


def walk(roots, limit: int, descend=lambda info: True):
    """(entry, lstat) of every entry below ``roots``, never following a symlink, at most ``limit`` of them, going
    into a folder only where ``descend(its lstat)`` says so."""
    stack, seen = [str(r) for r in roots if os.path.isdir(r)], 0
    while stack and seen < limit:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            yield entry, info
            if stat.S_ISDIR(info.st_mode) and descend(info):
                stack.append(entry.path)


def no_new_privileges():
    """In the child, after Popen has set the uid, gid and an empty group list: no setuid binary, no file
    capability can ever give privileges back (PR_SET_NO_NEW_PRIVS)."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_NO_NEW_PRIVS = 38
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")


def _runs_as(uid: int, python: str, paths: tuple[str, ...], home: Path) -> bool:
    code = "import sys; sys.path[:0] = sys.argv[1:]; import numpy"
    view = numpy_view(home.parent / NUMPY_VIEW, paths)
    try:
        probe = subprocess.run([python, *PYTHON_FLAGS, "-c", code, str(view)], capture_output=True, timeout=60,
                               cwd=home, env=child_env(str(home)), user=uid, group=uid, extra_groups=[],
                               preexec_fn=no_new_privileges)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(view)
    return probe.returncode == 0


def uid_runtime(uid: int) -> Runtime | None:
    """An interpreter that ``uid`` can run with the parent's numpy, or None.

    The parent's own first; failing that (a runtime under /root, which is 0700), the system's interpreter of the
    same Python version, which can use the same numpy build."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    paths = student_parts()
    with tempfile.TemporaryDirectory(prefix="convkit-probe-", dir=uid_scratch()) as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        os.chown(home, uid, uid)
        os.chmod(tmp, 0o711)
        for python in dict.fromkeys(candidates):
            if os.path.exists(python) and _runs_as(uid, python, paths, home):
                return Runtime(python, paths)
    kill_uid(uid)
    return None


def _open_to_others(path: str) -> bool:
    """Can any user read ``path`` (and pass through every folder above it), by its mode bits?"""
    path = os.path.realpath(path)
    try:
        if not os.stat(path).st_mode & 0o004:
            return False
        parent = os.path.dirname(path)
        while True:
            if not os.stat(parent).st_mode & 0o001:
                return False
            if parent == os.path.dirname(parent):
                return True
            parent = os.path.dirname(parent)
    except OSError:
        return False


def open_runtime() -> Runtime | None:
    """The first of ``uid_runtime``'s candidates whose interpreter and numpy any user can read, judged from modes
    alone (no process started: bubblewrap's own probe then runs it as the sandbox uid); None if there is none."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if not all(_open_to_others(p) for p in numpy_parts()):
        return None
    for python in dict.fromkeys([sys.executable, f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]):
        if os.path.exists(python) and _open_to_others(python):
            return Runtime(python, student_parts())
    return None


def protect_from_sandbox(path: str | os.PathLike, keep: list[str] = ()) -> None:
    """Make ``path`` unreadable to the sandbox uids: mode 0700, or, when it holds a runtime the worker needs
    (``keep``: a .venv inside the kit), 0711 with every entry beside that runtime closed to others."""
    path = Path(path).resolve()
    # Both spellings of each kept runtime: a .venv that is a symlink to a shared venv is kept as the link (the
    # interpreter is started through it), though what it names lies elsewhere.
    inside = [c for k in keep for c in (Path(os.path.abspath(k)), Path(k).resolve()) if c.is_relative_to(path)]
    if not inside:
        os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & 0o700)
        return
    os.chmod(path, (stat.S_IMODE(os.stat(path).st_mode) & 0o700) | 0o011)
    needed = {path / k.relative_to(path).parts[0] for k in inside}
    for entry in path.iterdir():
        if entry in needed or entry.is_symlink():
            continue
        os.chmod(entry, stat.S_IMODE(entry.lstat().st_mode) & 0o770)


def installed_kit_parts() -> list[Path]:
    """What ``pip install`` put in site-packages for this kit (its packages, an editable install's finder and .pth
    file), top-level entries only; [] when this grader runs from a source tree that pip did not install."""
    from importlib import metadata
    try:
        dist = metadata.distribution("convkit")
    except metadata.PackageNotFoundError:
        return []
    location = Path(dist.locate_file("")).resolve()
    tops = {Path(f).parts[0] for f in dist.files or () if Path(f).parts and Path(f).parts[0] != ".."}
    parts = [location / top for top in sorted(tops) if not top.endswith(".dist-info")]
    ours = location == KIT_ROOT or any(p.suffix in (".pth", ".py") and p.name.startswith("__editable__")
                                       and str(KIT_ROOT) in p.read_text(errors="replace") for p in parts
                                       if p.is_file())
    return [p for p in parts if p.exists() or p.is_symlink()] if ours else []


def protect_kit() -> None:
    """Close the kit to the sandbox uids: its parts that pip installed in site-packages (mode o-rwx, numpy beside
    them stays readable) and, for a source tree, the tree itself (``protect_from_sandbox``)."""
    installed = installed_kit_parts()
    for part in installed:
        if not part.is_symlink():
            os.chmod(part, stat.S_IMODE(part.stat().st_mode) & 0o770)
    if not any(part.parent == KIT_ROOT for part in installed):
        protect_from_sandbox(KIT_ROOT, keep=[sys.prefix, sys.base_prefix, numpy_home()])


def cgroup_unavailable() -> str:
    """Why the worker gets no cgroup v2 of its own with pids.max and memory.max here ('' never, for now: the
    grader does not make cgroups yet, and says what the machine lacks)."""
    try:
        with open("/proc/self/cgroup") as fh:
            own = next((line.split("::", 1)[1].strip() for line in fh if line.startswith("0::")), None)
    except OSError:
        return "no /proc/self/cgroup"
    if own is None:
        return "no cgroup v2"
    mount = next((line.split()[4] for line in _mountinfo() if " - cgroup2 " in line), None)
    if mount is None:
        return "no cgroup v2 mount"
    try:
        with open(os.path.join(mount, own.lstrip("/"), "cgroup.controllers")) as fh:
            controllers = fh.read().split()
    except OSError:
        return "cgroup v2 not readable"
    lacking = [c for c in ("pids", "memory") if c not in controllers]
    if lacking:
        return "cgroup v2 lacks " + "+".join(lacking)
    return "not used by this grader yet"


def _mountinfo() -> list[str]:
    try:
        with open("/proc/self/mountinfo") as fh:
            return fh.readlines()
    except OSError:
        return []


# -- every tier ---------------------------------------------------------------------------------------------------

def child_env(home: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            # matplotlib, where student code imports it: no display, and its font cache in the home (the only
            # folder the worker may write).
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
            **{k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", SIMULATE_ENV)
               if k in os.environ}}


def _bwrap_works(bwrap: str) -> bool:
    """Can this machine run the worker's interpreter, with numpy, in the very sandbox the worker gets? As root,
    bubblewrap is started as a sandbox uid (so that the worker has that uid's limits, not root's): that needs
    unprivileged user namespaces and a runtime the uid can read."""
    runtime, as_uid = runtime_for(RLIMITS), {}
    if is_root():
        runtime = open_runtime()
        if unprivileged_userns() or runtime is None:
            return False
        slot = Slot()
        as_uid = dict(user=slot.uid, group=slot.uid, extra_groups=[], preexec_fn=no_new_privileges)
    try:
        root = uid_scratch() if as_uid else None
        with tempfile.TemporaryDirectory(prefix="convkit-probe-", dir=root) as tmp:
            base = Path(tmp)
            os.chmod(base, 0o711)
            for part in ("worker", "package"):
                (base / part).mkdir(mode=0o755)
            try:
                code = f"import sys; sys.path[:0] = ['{SANDBOX_ROOT}/{NUMPY_VIEW}']; import numpy"
                probe = subprocess.run(bwrap_command(bwrap, base, 16, runtime) + [runtime.python, *PYTHON_FLAGS, "-c", code],
                                       capture_output=True, timeout=60, env={"PATH": os.environ.get("PATH", "")},
                                       **as_uid)
            except (OSError, subprocess.SubprocessError):
                return False
    finally:
        if as_uid:
            slot.release()
    return probe.returncode == 0


_PROBED: dict[tuple, str] = {}


def choose_tier() -> str:
    """The strongest tier that works here (probed once per process and ``bwrap``)."""
    key = (bwrap_path(), is_root())
    if key not in _PROBED:
        tier = RLIMITS
        if key[0] and _bwrap_works(key[0]):
            tier = BUBBLEWRAP
        elif is_root() and sys.platform.startswith("linux") and _uid_tier_works():
            tier = UID
        _PROBED[key] = tier
    return _PROBED[key]


_UID_RUNTIME: dict[int, Runtime | None] = {}


def _uid_tier_works() -> bool:
    if 0 in _UID_RUNTIME:
        return _UID_RUNTIME[0] is not None
    try:
        slot = Slot()
    except (OSError, RuntimeError):
        return False
    try:
        runtime = uid_runtime(slot.uid)
    finally:
        slot.release()
    _UID_RUNTIME[0] = runtime
    return runtime is not None


def available() -> list[str]:
    """Every tier this machine can provide, strongest first (for the tests that run each attack in each)."""
    found = []
    bwrap = bwrap_path()
    if bwrap and _bwrap_works(bwrap):
        found.append(BUBBLEWRAP)
    if is_root() and sys.platform.startswith("linux") and _uid_tier_works():
        found.append(UID)
    return found + [RLIMITS]


def bwrap_as_uid() -> bool:
    """Is bubblewrap started as a sandbox uid here (the grader runs as root)?"""
    return is_root()


def runtime_for(tier: str) -> Runtime:
    if tier == BUBBLEWRAP and bwrap_as_uid() and _UID_RUNTIME.get(0) is None:
        return open_runtime() or Runtime(sys.executable, student_parts())
    if tier == UID or (tier == BUBBLEWRAP and bwrap_as_uid()):
        if _UID_RUNTIME.get(0) is None:
            _uid_tier_works()
        return _UID_RUNTIME[0] or Runtime(sys.executable, student_parts())
    return Runtime(sys.executable, student_parts())


def tier_text(tier: str):
    """What ``tier`` means, in words a student understands (a Text: the report and the terminal say it once)."""
    from ..i18n import text
    return text(f"tier_{tier}")


def describe(tier: str, lang: str = "en") -> str:
    """``tier_text`` worded in ``lang``."""
    from ..i18n import render
    return render(tier_text(tier), lang)


def confinement_text(layers: list[str], missing: dict[str, str]):
    """One sentence: the layers that held the student's code, and those this machine lacks (with why); a Text."""
    from ..i18n import join, text
    if not layers and not missing:
        return ""
    named = ", ".join(f"`{layer}`" for layer in layers) or "-"
    parts = [text("confinement_layers", layers=named)]
    if not any(layer.startswith("landlock") or layer == "seccomp" for layer in layers):
        parts.append(text("confinement_no_kernel_layers"))
    if missing:
        reasons = [text("confinement_missing_one", layer=layer, why=missing_reason(why))
                   for layer, why in missing.items()]
        parts.append(text("confinement_missing", missing=join(", ", *reasons)))
    return join(" ", *parts)


# Why a layer is missing, as the worker and ``cgroup_unavailable`` say it (a short code), in words: (pattern, key).
_REASONS = [
    (re.compile(r"^(?:no cgroup v2(?: mount)?|no /proc/self/cgroup)$"), "why_no_cgroup2"),
    (re.compile(r"^cgroup v2 not readable$"), "why_cgroup2_unreadable"),
    (re.compile(r"^cgroup v2 lacks (?P<controllers>[\w+]+)$"), "why_cgroup2_lacks"),
    (re.compile(r"^not used by this grader yet$"), "why_cgroup_not_used"),
    (re.compile(r"^(?:no new privs )?(?:ENOSYS|EOPNOTSUPP)$"), "why_kernel_lacks"),
    (re.compile(r"^(?:no new privs )?E[A-Z]+$"), "why_refused"),
    (re.compile(r"^(?P<platform>darwin|win32|cygwin|freebsd\w*|openbsd\w*|aix)$"), "why_platform"),
    (re.compile(r"^no resource module$"), "why_no_resource_module"),
]


def missing_reason(why: str):
    """A missing layer's reason code (``cgroup v2 lacks pids+memory``, ``EPERM``, ``darwin``) in words, the code
    kept beside it (a Text); a code not known here is shown as it is."""
    from ..i18n import text
    for pattern, key in _REASONS:
        match = pattern.match(why.replace("_", " "))  # the worker's header writes spaces as underscores
        if match:
            return text(key, **{"code": why, **match.groupdict()})
    return f"`{why}`"


def describe_confinement(layers: list[str], missing: dict[str, str], lang: str = "en") -> str:
    """``confinement_text`` worded in ``lang``."""
    from ..i18n import render
    return render(confinement_text(layers, missing), lang)
