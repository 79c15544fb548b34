"""The clean-up of what student code made (grader.sandbox.cleanup), on hostile trees, as root and as an
unprivileged user; the uid tier's fresh uids (grader.sandbox.uids) and what a uid leaves (grader.sandbox.leftovers).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader.sandbox import cleanup, fastguard, leftovers, scratch, uids
from grader.sandbox.tiers import is_root

ROOT = Path(__file__).resolve().parents[1]
DEPTH = 1_200  # beyond Python's recursion limit (1,000): shutil.rmtree dies with RecursionError here


def _nest(folder: Path, depth: int) -> None:
    """A ``depth``-deep chain of folders, made through directory descriptors (a path that long cannot be named)."""
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = child
    os.close(fd)


def _stripped(folder: Path) -> None:
    """Folders chmod 000 and 500 around a read-only file, as their owner may leave them."""
    (folder / "a" / "b" / "c").mkdir(parents=True)
    (folder / "a" / "b" / "c" / "f").write_text("x")
    os.chmod(folder / "a" / "b" / "c" / "f", 0o444)
    os.chmod(folder / "a" / "b" / "c", 0o500)
    os.chmod(folder / "a" / "b", 0o000)
    os.chmod(folder / "a", 0o000)


def test_rmtree_really_dies_on_a_deep_nest(tmp_path):
    """Is the nest the tests use deep enough to break the recursive shutil.rmtree it replaces (so the tests below
    can fail)?"""
    _nest(tmp_path / "nest", DEPTH)
    with pytest.raises(RecursionError):
        shutil.rmtree(tmp_path / "nest", ignore_errors=True)
    assert cleanup.remove_tree(tmp_path / "nest").complete


def test_a_deep_wide_stripped_tree_with_symlinks_goes_and_what_they_point_at_stays(tmp_path):
    """Are a 1,200-deep nest, a 5,000-wide folder, permission-stripped folders and symlinks to a folder outside
    removed, while the folder the symlinks point at keeps its file?"""
    tree, precious = tmp_path / "tree", tmp_path / "precious"
    precious.mkdir()
    (precious / "keep").write_text("x")
    _nest(tree, DEPTH)
    (tree / "wide").mkdir()
    for i in range(5_000):
        (tree / "wide" / f"f{i}").touch()
    _stripped(tree)
    (tree / "link").symlink_to(precious)
    (tree / "d" / "d" / "link").symlink_to(precious)
    done = cleanup.remove_tree(tree)
    assert done.complete and done.removed > DEPTH + 5_000, done
    assert not tree.exists()
    assert (precious / "keep").read_text() == "x"


def test_a_symlink_given_as_the_tree_is_removed_as_a_link(tmp_path):
    """Is a symlink handed to remove_tree itself removed as a link, never followed?"""
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "f").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "kit")
    assert cleanup.remove_tree(tmp_path / "link").complete
    assert (tmp_path / "kit" / "f").exists() and not (tmp_path / "link").exists()


def test_running_out_of_time_is_said_never_raised(tmp_path):
    """Does a clean-up past its deadline stop, say so and raise nothing; and is a missing tree nothing to do?"""
    (tmp_path / "t" / "u").mkdir(parents=True)
    done = cleanup.remove_tree(tmp_path / "t", deadline=time.monotonic() - 1)
    assert done.timed_out and not done.complete
    assert cleanup.remove_tree(tmp_path / "nothing-here").complete


@pytest.mark.skipif(not is_root(), reason="needs root to become an unprivileged user")
def test_an_unprivileged_owner_removes_its_own_stripped_tree():
    """As an unprivileged user (setpriv, as a laptop's rlimits tier runs), does remove_tree take back the
    permissions its own tree was stripped of, and remove a deep nest?"""
    lease = uids.Lease()
    tmp_path = Path(tempfile.mkdtemp(prefix="convkit-cleanup-test-"))  # pytest's own is closed to other uids
    try:
        top = tmp_path / "own"
        top.mkdir()
        os.chown(top, lease.uid, lease.uid)
        os.chmod(tmp_path, 0o755)
        # The kit may be closed to other uids (the uid tier protects it): the module travels alone, as it can.
        shutil.copyfile(ROOT / "grader" / "sandbox" / "cleanup.py", tmp_path / "cleanup.py")
        os.chmod(tmp_path / "cleanup.py", 0o644)
        code = ("import os, sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path\n"
                "from cleanup import remove_tree\n"
                "top = Path(sys.argv[2]); top = top / 'nest'; top.mkdir(); fd = os.open(top, os.O_RDONLY)\n"
                "for _ in range(1200):\n"
                "    os.mkdir('d', dir_fd=fd); child = os.open('d', os.O_RDONLY, dir_fd=fd); os.close(fd); fd = child\n"
                "(top / 'a' / 'b').mkdir(parents=True); (top / 'a' / 'b' / 'f').write_text('x')\n"
                "os.chmod(top / 'a' / 'b' / 'f', 0o444); os.chmod(top / 'a' / 'b', 0o500); os.chmod(top / 'a', 0)\n"
                "os.chmod(top / 'd' / 'd', 0)\n"
                "done = remove_tree(top); print(done.complete, done.failed)\n")
        run = subprocess.run(["setpriv", f"--reuid={lease.uid}", f"--regid={lease.uid}", "--clear-groups",
                              "/usr/bin/python3", "-c", code, str(tmp_path), str(top)], capture_output=True,
                             text=True, timeout=300)
        assert run.stdout.startswith("True"), run.stdout + run.stderr
        assert not (top / "nest").exists()
    finally:
        assert cleanup.remove_tree(tmp_path).complete
        lease.release(clean=True)


def test_the_sweep_removes_a_dead_graders_deep_nest(tmp_path):
    """Does the sweep of a killed grader's folder survive (and remove) a deep nest that student code left in it?"""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = tmp_path / f"convkit-sandbox-{dead.stdout.strip()}-abc"
    _nest(folder, DEPTH)
    swept = scratch.sweep(tmp_path)
    assert swept.complete and swept.swept == [folder.name] and not folder.exists()


# -- fresh uids ----------------------------------------------------------------------------------------------------

@pytest.mark.skipif(not is_root(), reason="uids are leased by root")
def test_two_leases_never_share_a_uid_and_stay_clear_of_the_old_slots():
    """Do two leases held at once get two uids, none of them in 65000-65255 (the old slots), and does a released
    uid not come back at the next lease?"""
    a, b = uids.Lease(), uids.Lease()
    try:
        assert a.uid != b.uid
        assert not {a.uid, b.uid} & set(range(65000, 65256))
    finally:
        a.release(clean=True)
        b.release(clean=True)
    c = uids.Lease()
    c.release(clean=True)
    assert c.uid not in (a.uid, b.uid)


@pytest.mark.skipif(not is_root(), reason="uids are leased by root")
def test_an_unclean_lease_is_kept_for_a_reclaim():
    """Is a uid whose clean-up did not finish kept out of the next leases and offered to a reclaim?"""
    a = uids.Lease()
    a.release(clean=False)
    try:
        b = uids.Lease()
        b.release(clean=True)
        assert b.uid != a.uid
        stale = {uid: (fd, path) for uid, fd, path in uids.stale_leases()}
        assert a.uid in stale
    finally:
        for uid, (fd, path) in stale.items():
            uids.forget(fd, path, clean=uid == a.uid)


def test_the_small_range_avoids_the_old_slots_and_nobody():
    """Does the range for a container with a 65,536-uid map stay clear of 65000-65255, nobody and (uid_t) -1?"""
    first, count = uids.SMALL_RANGE
    assert first > 65255 and first + count - 1 < 65534


def test_world_writable_folders_are_found_not_listed(tmp_path, monkeypatch):
    """Does the discovery find a world-writable folder below a mount point that no list names, and not go into
    folders other uids cannot pass through?"""
    (tmp_path / "a" / "b" / "open").mkdir(parents=True)
    (tmp_path / "closed" / "open").mkdir(parents=True)
    for path in (tmp_path, tmp_path / "a", tmp_path / "a" / "b"):
        os.chmod(path, 0o755)
    os.chmod(tmp_path / "a" / "b" / "open", 0o1777)
    os.chmod(tmp_path / "closed", 0o700)
    os.chmod(tmp_path / "closed" / "open", 0o1777)
    monkeypatch.setattr(leftovers, "mounts", lambda: [(str(tmp_path), "ext4", False)])
    monkeypatch.setattr(leftovers, "KNOWN", ())
    found, finished = leftovers.discover()
    assert finished and found == [str(tmp_path / "a" / "b" / "open")]


# -- the fast-layer guard --------------------------------------------------------------------------------------------

def test_the_guard_module_has_every_name_of_the_fast_layers_and_none_of_their_code():
    """Does the guard bind every name fast_layers.py binds (aliases included), export what `import *` gave, and
    hold no line of the fast code?"""
    source = (ROOT / "assignment" / "fast_layers.py").read_text()
    guard = fastguard.guard_source(source)
    namespace: dict = {}
    exec(compile(guard, "fast_layers.py", "exec"), namespace)
    names, _ = fastguard.given_names(source)
    assert {"conv_forward_fast", "conv_forward_im2col", "max_pool_backward_fast", "_windows"} <= set(names)
    for name in names:
        with pytest.raises(Exception) as raised:
            namespace[name]()
        assert type(raised.value).__name__ == fastguard.EXCEPTION and str(raised.value) == name
    assert {"np", "as_strided", "conv_forward_fast"} <= set(namespace["__all__"])
    assert "as_strided(" not in guard and "einsum" not in guard and "tensordot" not in guard


def test_a_pipe_closed_before_its_reader_first_runs_is_an_end_not_a_traceback():
    """A session stopped on a loaded machine may close a worker's pipe before the thread draining it first runs:
    is that the pipe's end (eof), with nothing raised in the thread (it printed 'Exception in thread' to the
    batch's stderr under a Ctrl-C)?"""
    import io
    import threading
    from grader.sandbox.session import _Drain
    raised = []
    previous, threading.excepthook = threading.excepthook, raised.append
    try:
        stream = io.BufferedReader(io.BytesIO(b"never read"))
        stream.close()
        drain = _Drain(stream, 1 << 10)
        drain.start()
        drain.join(10)
    finally:
        threading.excepthook = previous
    assert drain.eof and not drain.buffer and not raised, raised


POOL_SCRIPT = """
import os, sys, tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from grader.instructor.grading import grade
from grader.instructor.reference import copy_reference
from grader.sandbox.tiers import UID_SCRATCH


def mine(pid):
    return [p.name for p in UID_SCRATCH.iterdir() if p.name.startswith(f"convkit-sandbox-{pid}-")] \\
        if UID_SCRATCH.is_dir() else []


def job(root):
    with tempfile.TemporaryDirectory(dir=root) as t:
        grade(copy_reference(Path(t) / "s"), seed=0, functions=["relu_forward"])
    return os.getpid(), bool(mine(os.getpid()))


root = sys.argv[1]
with tempfile.TemporaryDirectory(dir=root) as t:  # the parent grades first: the sandbox modules are imported
    grade(copy_reference(Path(t) / "s"), seed=0, functions=["relu_forward"])
with ProcessPoolExecutor(max_workers=2) as pool:
    done = list(pool.map(job, [root] * 4))
print(sum(used for _, used in done), sum(len(mine(pid)) for pid in {pid for pid, _ in done}))
"""


def test_pool_workers_forked_after_the_sandbox_was_imported_leave_no_sandbox_folder(tmp_path):
    """verify grades in a ProcessPoolExecutor whose parent graded first: its forked workers start with the parent's
    multiprocessing finalizers cleared, so the kept sandboxes were never closed and each worker left its folder in
    the uid scratch. Does a worker now close what it kept when the pool ends?"""
    run = subprocess.run([sys.executable, "-c", POOL_SCRIPT, str(tmp_path)], capture_output=True, text=True,
                         timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 0, run.stderr[-2000:]
    used, left = map(int, run.stdout.split()[-2:])
    if not used:
        pytest.skip("no tier here keeps a folder in the uid scratch")
    assert left == 0, f"{left} sandbox folders of pool workers left behind"
