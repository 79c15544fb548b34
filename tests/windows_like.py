"""Run a command of the student's bundle as it would run on Windows, on this Linux machine (no Windows in CI).

Start: ``python tests/windows_like.py BUNDLE_DIR -m grader check assignment``. Before the bundle's code is imported,
what Windows lacks or does differently is made so: ``os.name`` is ``"nt"`` (after the standard library has chosen
its own implementations), there is no ``resource``, ``fcntl``, ``os.geteuid``, ``os.getuid`` or ``os.fchmod``
(Python < 3.13), ``os.symlink`` fails as it does without Developer Mode (WinError 1314), and ``os.kill(pid, 0)``,
which on Windows sends CTRL_C_EVENT, fails the run. ``ctypes.WinDLL("kernel32")`` answers OpenProcess and
GetExitCodeProcess from /proc, so the Windows branch of the code really runs.
"""
import ctypes
import importlib
import os
import runpy
import sys
import sysconfig
import types

# The standard library and the packages the check imports, loaded first: they keep their own platform's
# implementation (as each would have been built for Windows there), and below they keep seeing os.name "posix".
for _name in ("subprocess", "shutil", "tempfile", "pathlib", "zipfile", "json", "argparse", "inspect", "threading",
              "ast", "tokenize", "platform", "fractions", "unicodedata", "glob", "fnmatch", "uuid", "numpy", "rich",
              "rich.console", "rich.table", "rich.markup", "html", "xml.etree.ElementTree", "tomllib"):
    try:
        importlib.import_module(_name)
    except ImportError:
        pass

CALLS = []


def refused_symlink(*args, **kwargs):
    CALLS.append("symlink")
    raise OSError(1314, "A required privilege is not held by the client")


_kill = os.kill


def kill(pid, sig):
    if sig == 0:
        raise SystemExit("os.kill(pid, 0) was called: on Windows this sends CTRL_C_EVENT to the process group")
    return _kill(pid, sig)


class FakeKernel32:
    """OpenProcess / GetExitCodeProcess / CloseHandle, answered from /proc."""

    def OpenProcess(self, access, inherit, pid):
        CALLS.append("OpenProcess")
        return pid if os.path.exists(f"/proc/{pid}") else 0

    def GetExitCodeProcess(self, handle, code_ref):
        code_ref._obj.value = 259  # STILL_ACTIVE
        return 1

    def CloseHandle(self, handle):
        return 1


def main():
    bundle, args = sys.argv[1], sys.argv[2:]
    for name in ("resource", "fcntl", "termios", "pwd", "grp"):
        sys.modules[name] = None
    for name in ("geteuid", "getuid", "fchmod", "killpg", "getpgid", "setsid"):
        if hasattr(os, name):
            delattr(os, name)
    os.symlink = refused_symlink
    os.kill = kill
    ctypes.WinDLL = lambda name, use_last_error=False: FakeKernel32()
    ctypes.get_last_error = lambda: 87  # ERROR_INVALID_PARAMETER: no such process
    posix_os = types.ModuleType("os")
    posix_os.__dict__.update(os.__dict__)
    posix_os.name = "posix"
    stdlib = sysconfig.get_paths()["stdlib"]
    for module in list(sys.modules.values()):
        where = getattr(module, "__file__", None) or ""
        if getattr(module, "os", None) is os and (where.startswith(stdlib) or "site-packages" in where):
            module.os = posix_os
    os.name = "nt"  # what the bundle's own code sees
    os.environ["CONVKIT_NO_BWRAP"] = "1"  # no bubblewrap on Windows
    sys.path.insert(0, bundle)
    os.chdir(bundle)
    sys.argv = ["python", *args[2:]] if args[:1] == ["-m"] else ["python", *args]
    try:
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    finally:
        print(f"windows-like calls: {sorted(set(CALLS))}", file=sys.stderr)


if __name__ == "__main__":
    main()
