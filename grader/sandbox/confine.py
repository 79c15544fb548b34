"""What the kernel confines without privileges: Landlock and a seccomp filter, applied by the worker to itself.

UNTRUSTED SIDE's first act, in every tier: the worker calls ``confine`` after numpy is imported and before any
student code is, so everything the student's code does afterwards (and every process it starts) is held by it.
Standard library and ctypes only: a copy travels into the sandbox beside the worker (as ``convkit_confine``).

- ``PR_SET_NO_NEW_PRIVS``: no setuid binary or file capability can give privileges back (and both layers below
  need it to be set by an unprivileged process).
- Landlock: read (and execute) only the Python runtime, numpy's own folders and the worker's; write only its home;
  on ABI 4+ no TCP bind or connect; on ABI 6+ no signal to, and no abstract unix socket of, a process outside the
  sandbox. Whatever else lies on the machine (another checkout of the course, /run/lock, /dev/shm, /tmp) is out
  of reach whatever its mode.
- seccomp: a small classic-BPF filter that makes a few system calls fail with EPERM (the student's code sees an
  error, not a kill): every new socket (a unix one too: Landlock's ABI 7 does not cover connecting to a pathname
  socket, so a D-Bus or docker socket would be in reach; the worker's jobs go over pipes) and every socketpair but
  a stream one (a datagram pair may ``sendto`` any path), SysV IPC and POSIX message queues, ptrace and its
  relatives, mounts and namespaces, io_uring, BPF, perf, keyrings, kernel modules and kexec, personality changes,
  and leaving the worker's session or process group (``setsid``, ``setpgid``: the grader kills that group, which
  in the rlimits tier is all that holds a daemon); and memory files (``memfd_create``, ``memfd_secret``), whose
  pages no rlimit counts (RLIMIT_AS counts what a process maps, not a file it writes to): 2.6 GB were written under
  a 1 GB ``memory_mb``, and as many as the machine has would be.

Each layer is applied when the kernel has it; one that fails is named with the reason (``ENOSYS``: the kernel has
no such call; ``EPERM``: a container's seccomp profile refuses it), never silently skipped.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

LANDLOCK, SECCOMP = "landlock", "seccomp"
# Tests only: make a layer fail as if the kernel said ERRNO ("landlock=ENOSYS,seccomp=EPERM"); the parent passes
# it through from its own environment.
SIMULATE_ENV = "CONVKIT_CONFINE_SIMULATE"

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

# -- Landlock (include/uapi/linux/landlock.h) ----------------------------------------------------------------------
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446  # every arch
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_REMOVE_DIR, FS_REMOVE_FILE, FS_MAKE_CHAR, FS_MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
FS_MAKE_REG, FS_MAKE_SOCK, FS_MAKE_FIFO, FS_MAKE_BLOCK, FS_MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV  # all a file rule may hold
READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
WRITE = (READ | FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_DIR | FS_MAKE_REG | FS_MAKE_SYM
         | FS_MAKE_FIFO | FS_MAKE_SOCK | FS_REFER | FS_TRUNCATE)
# What any Python program needs besides its own files: the dynamic loader's cache, the system's shared libraries
# and executables (the interpreter itself, what student code may start), the time zone, a few devices.
SYSTEM_READ = ("/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32", "/lib", "/lib32", "/lib64", "/libx32",
               "/usr/bin", "/bin", "/etc/ld.so.cache", "/etc/localtime", "/usr/share/zoneinfo",
               "/dev/urandom", "/dev/random", "/dev/zero")
SYSTEM_WRITE = ("/dev/null",)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class LayerError(Exception):
    """A layer the kernel refused: ``reason`` is short and technical (``ENOSYS``, ``EPERM``, ``arch s390x``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def _simulated(layer: str) -> str | None:
    for item in os.environ.get(SIMULATE_ENV, "").split(","):
        name, _, why = item.partition("=")
        if name.strip() == layer:
            return why.strip() or "EPERM"
    return None


def _fail(call: str) -> LayerError:
    code = ctypes.get_errno()
    return LayerError(errno.errorcode.get(code, str(code)) if code else f"{call} failed")


def no_new_privileges() -> None:
    """PR_SET_NO_NEW_PRIVS (unprivileged, irreversible, inherited by every child)."""
    if _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise _fail("prctl")


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; LayerError when it has none (ENOSYS, EOPNOTSUPP: disabled at boot)."""
    why = _simulated(LANDLOCK)
    if why:
        raise LayerError(why)
    if not sys.platform.startswith("linux"):
        raise LayerError(sys.platform)
    abi = _libc().syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                          ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    if abi < 0:
        raise _fail("landlock_create_ruleset")
    return abi


def apply_landlock(read: list[str], write: list[str]) -> str:
    """Restrict this process (and all it starts) to reading ``read`` and writing ``write`` (folders or files;
    missing ones are skipped), without TCP where the ABI can say so. Returns the layer's name, ``landlock-vN``."""
    abi = landlock_abi()
    libc = _libc()
    handled_fs = FS_RIGHTS_BY_ABI.get(abi, FS_RIGHTS_BY_ABI[5])
    attr = _RulesetAttr(handled_access_fs=handled_fs,
                        handled_access_net=NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                        scoped=SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24  # an older kernel knows only the fields of its ABI
    ruleset = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise _fail("landlock_create_ruleset")
    try:
        for paths, rights in ((read, READ), (write, WRITE)):
            for path in paths:
                _allow(libc, ruleset, path, rights & handled_fs)
        if libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise _fail("landlock_restrict_self")
    finally:
        os.close(ruleset)
    return f"landlock-v{abi}"


def _allow(libc, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a folder this machine does not have
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        rule = _PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        if libc.syscall(SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                        ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            raise _fail("landlock_add_rule")
    finally:
        os.close(fd)


# -- seccomp --------------------------------------------------------------------------------------------------------
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
AF_UNIX = 1
SOCK_STREAM, SOCK_TYPE_MASK = 1, 0xF  # the type argument's low bits (SOCK_NONBLOCK and SOCK_CLOEXEC lie above)
X32_SYSCALL_BIT = 0x40000000
# clone() flags that make namespaces (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME).
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80

# System calls that fail with EPERM, by name; their numbers per architecture below.
DENIED = ("shmget", "shmat", "shmctl", "semget", "semop", "semctl", "semtimedop", "msgget", "msgsnd", "msgrcv",
          "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
          "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "process_madvise", "kcmp",
          "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "open_tree", "move_mount", "fsopen",
          "fsconfig", "fsmount", "fspick", "mount_setattr", "name_to_handle_at", "open_by_handle_at",
          "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "perf_event_open", "userfaultfd",
          "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "init_module", "finit_module",
          "delete_module", "swapon", "swapoff", "reboot", "acct", "quotactl", "quotactl_fd", "syslog",
          "fanotify_init", "socket", "setsid", "setpgid", "memfd_create", "memfd_secret")
SYSCALLS = {
    "x86_64": dict(socket=41, socketpair=53, clone=56, clone3=435, personality=135, shmget=29, shmat=30,
                   shmctl=31, semget=64, semop=65, semctl=66, semtimedop=220, msgget=68, msgsnd=69, msgrcv=70,
                   msgctl=71, mq_open=240, mq_unlink=241, mq_timedsend=242, mq_timedreceive=243, mq_notify=244,
                   mq_getsetattr=245, ptrace=101, process_vm_readv=310, process_vm_writev=311, pidfd_getfd=438,
                   process_madvise=440, kcmp=312, mount=165, umount2=166, pivot_root=155, chroot=161,
                   unshare=272, setns=308, open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432,
                   fspick=433, mount_setattr=442, name_to_handle_at=303, open_by_handle_at=304,
                   io_uring_setup=425, io_uring_enter=426, io_uring_register=427, bpf=321, perf_event_open=298,
                   userfaultfd=323, keyctl=250, add_key=248, request_key=249, kexec_load=246,
                   kexec_file_load=320, init_module=175, finit_module=313, delete_module=176, swapon=167,
                   swapoff=168, reboot=169, acct=163, quotactl=179, quotactl_fd=443, syslog=103,
                   fanotify_init=300, setsid=112, setpgid=109, memfd_create=319, memfd_secret=447),
    "aarch64": dict(socket=198, socketpair=199, clone=220, clone3=435, personality=92, shmget=194, shmat=196,
                    shmctl=195, semget=190, semop=193, semctl=191, semtimedop=192, msgget=186, msgsnd=189,
                    msgrcv=188, msgctl=187, mq_open=180, mq_unlink=181, mq_timedsend=182, mq_timedreceive=183,
                    mq_notify=184, mq_getsetattr=185, ptrace=117, process_vm_readv=270, process_vm_writev=271,
                    pidfd_getfd=438, process_madvise=440, kcmp=272, mount=40, umount2=39, pivot_root=41,
                    chroot=51, unshare=97, setns=268, open_tree=428, move_mount=429, fsopen=430, fsconfig=431,
                    fsmount=432, fspick=433, mount_setattr=442, name_to_handle_at=264, open_by_handle_at=265,
                    io_uring_setup=425, io_uring_enter=426, io_uring_register=427, bpf=280, perf_event_open=241,
                    userfaultfd=282, keyctl=219, add_key=217, request_key=218, kexec_load=104,
                    kexec_file_load=294, init_module=105, finit_module=273, delete_module=106, swapon=224,
                    swapoff=225, reboot=142, acct=89, quotactl=60, quotactl_fd=443, syslog=116,
                    fanotify_init=262, setsid=157, setpgid=154, memfd_create=279, memfd_secret=447),
}

# Classic BPF (linux/filter.h, linux/seccomp.h).
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JSET_K, BPF_JGE_K, BPF_RET_K = 0x20, 0x15, 0x45, 0x35, 0x06
RET_ALLOW = 0x7FFF0000
RET_EPERM = 0x00050000 | errno.EPERM
RET_ENOSYS = 0x00050000 | errno.ENOSYS
NR, ARCH, ARG0, ARG1 = 0, 4, 16, 24  # offsets in struct seccomp_data (args' low 32 bits: little-endian)
BPF_ALU_AND_K = 0x54


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]]:
    """The filter for ``machine`` (``platform.machine()``), as (code, jt, jf, k) instructions."""
    if machine not in SYSCALLS:
        raise LayerError(f"arch {machine}")
    nr = SYSCALLS[machine]
    prog = [(BPF_LD_W_ABS, 0, 0, ARCH), (BPF_JEQ_K, 1, 0, AUDIT_ARCH[machine]),
            (BPF_RET_K, 0, 0, RET_EPERM),  # another ABI (i386 through int 0x80): nothing of it is allowed
            (BPF_LD_W_ABS, 0, 0, NR)]
    if machine == "x86_64":  # the x32 ABI's numbers would bypass every check below
        prog += [(BPF_JGE_K, 0, 1, X32_SYSCALL_BIT), (BPF_RET_K, 0, 0, RET_EPERM)]
    for name in DENIED:
        prog += [(BPF_JEQ_K, 0, 1, nr[name]), (BPF_RET_K, 0, 0, RET_EPERM)]
    # clone3 hides its flags in memory a filter cannot read: ENOSYS makes glibc fall back to clone().
    prog += [(BPF_JEQ_K, 0, 1, nr["clone3"]), (BPF_RET_K, 0, 0, RET_ENOSYS)]
    # An argument test: (syscall, [(jump-if-allowed test on args[0])]). Loading args[0] clobbers the number, so
    # each block reloads it when it does not match.
    prog += [(BPF_JEQ_K, 0, 3, nr["clone"]), (BPF_LD_W_ABS, 0, 0, ARG0),
             (BPF_JSET_K, 0, 1, CLONE_NAMESPACES), (BPF_RET_K, 0, 0, RET_EPERM)]
    # socketpair(): AF_UNIX and SOCK_STREAM only (socket() is refused above): a pair that reaches nothing outside.
    prog += [(BPF_LD_W_ABS, 0, 0, NR), (BPF_JEQ_K, 0, 6, nr["socketpair"]), (BPF_LD_W_ABS, 0, 0, ARG0),
             (BPF_JEQ_K, 0, 3, AF_UNIX), (BPF_LD_W_ABS, 0, 0, ARG1), (BPF_ALU_AND_K, 0, 0, SOCK_TYPE_MASK),
             (BPF_JEQ_K, 1, 0, SOCK_STREAM), (BPF_RET_K, 0, 0, RET_EPERM)]
    # personality(): a query (0xffffffff) or plain Linux (0) only; no ADDR_NO_RANDOMIZE, no READ_IMPLIES_EXEC.
    prog += [(BPF_LD_W_ABS, 0, 0, NR), (BPF_JEQ_K, 0, 4, nr["personality"]), (BPF_LD_W_ABS, 0, 0, ARG0),
             (BPF_JEQ_K, 2, 0, 0xFFFFFFFF), (BPF_JEQ_K, 1, 0, 0), (BPF_RET_K, 0, 0, RET_EPERM)]
    prog += [(BPF_RET_K, 0, 0, RET_ALLOW)]
    return prog


def apply_seccomp() -> str:
    """Install the filter on this process (inherited by all it starts). Returns the layer's name."""
    why = _simulated(SECCOMP)
    if why:
        raise LayerError(why)
    if not sys.platform.startswith("linux"):
        raise LayerError(sys.platform)
    machine = platform.machine()
    if struct.calcsize("P") != 8:
        raise LayerError(f"arch {machine} (32-bit)")
    prog = seccomp_program(machine)
    filters = (_SockFilter * len(prog))(*[_SockFilter(*ins) for ins in prog])
    fprog = _SockFprog(len(prog), ctypes.cast(filters, ctypes.POINTER(_SockFilter)))
    if _libc().prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise _fail("prctl(PR_SET_SECCOMP)")
    return SECCOMP


def confine(read: list[str], write: list[str]) -> tuple[list[str], dict[str, str]]:
    """Apply every layer this kernel offers to this process.

    Args:
        read: Folders and files to read and execute (besides SYSTEM_READ).
        write: Folders and files to write (besides SYSTEM_WRITE).

    Returns:
        (the layers applied, e.g. ``["landlock-v7", "seccomp"]``; {layer: why it is missing}).
    """
    applied, missing = [], {}
    if not sys.platform.startswith("linux"):  # macOS, Windows: neither layer exists; the tier alone holds it
        return applied, {LANDLOCK: sys.platform, SECCOMP: sys.platform}
    try:
        no_new_privileges()
    except LayerError as exc:  # both layers need it: say why they are missing
        return applied, {LANDLOCK: f"no_new_privs {exc.reason}", SECCOMP: f"no_new_privs {exc.reason}"}
    except (OSError, AttributeError) as exc:  # no prctl at all: not Linux
        return applied, {LANDLOCK: type(exc).__name__, SECCOMP: type(exc).__name__}
    # Landlock first: its own system calls are ones the filter would let through anyway.
    for layer, apply in ((LANDLOCK, lambda: apply_landlock([*SYSTEM_READ, *read], [*SYSTEM_WRITE, *write])),
                         (SECCOMP, apply_seccomp)):
        try:
            applied.append(apply())
        except LayerError as exc:
            missing[layer] = exc.reason
        except (OSError, AttributeError, ValueError) as exc:
            missing[layer] = f"{type(exc).__name__}: {exc}"[:60]
    return applied, missing


def ready_words(applied: list[str], missing: dict[str, str]) -> list[str]:
    """The worker's ``ready`` header's words: each applied layer, then ``-LAYER:REASON`` for each missing one."""
    words = list(applied)
    for layer, why in missing.items():
        words.append(f"-{layer}:" + "".join(c if c.isalnum() or c in "._-" else "_" for c in why)[:40])
    return words


def parse_ready(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """The inverse of ``ready_words`` (for the parent)."""
    applied, missing = [], {}
    for word in words:
        if word.startswith("-"):
            layer, _, why = word[1:].partition(":")
            missing[layer] = why
        else:
            applied.append(word)
    return applied, missing
