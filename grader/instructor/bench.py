"""`make bench` (``python -m grader.instructor bench``): speed figures as medians and ratios measured in one run
(never timed unit tests, since machines are shared and noisy).

- grading a complete submission (the reference) end to end, against the 2 s goal, next to `python -c "import numpy"`;
- the numeric gradient of the conv through the fast (im2col) reference forward vs the naive one;
- im2col conv and fast max pool vs the naive layers on CS231n's benchmark shapes;
- a batch of generated submissions with 1 and 2 local workers, and on a Dask cluster started from the command
  line from a pip-installed kit (``bench_cluster``);
- the batch command and a cold `grade` of the reference, each a process of its own as an instructor starts it, for
  this kit with its workers forked from a zygote, the same kit with a fresh interpreter per worker
  (``CONVKIT_NO_ZYGOTE=1``, as releases before the zygote) and, when given, a previous release's source tree
  (``--baseline-kit``), in the same minutes; per submission: wall seconds per core and CPU seconds (grader and
  every process it started, the sandboxed workers included, robust to a busy machine);
- the first `make check` in a freshly unpacked student bundle (creating .venv and installing what the check needs
  is most of it), as a student meets it.
"""
import statistics
import subprocess
import sys
import time

import numpy as np

from .grading import grade
from .reference import ROOT


def median_time(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_batch(count: int = 200, baseline_kit=None):
    """Batch throughput on ``count`` generated submissions (a mix of correct and buggy), with 1 and 2 workers, then
    as a command beside the kit without its zygote and the previous release (``bench_batch_beside``)."""
    import tempfile
    from pathlib import Path

    from .batch import batch
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_class(tmp / "class", count)
        rates = {}
        for workers in (1, 2):
            start = time.perf_counter()
            batch(tmp / "class", tmp / f"out{workers}", workers=workers, seed=1, progress=False)
            rates[workers] = count / (time.perf_counter() - start) * 60
        print(f"batch of {count} submissions: 1 worker {rates[1]:.0f}/min, 2 workers {rates[2]:.0f}/min "
              f"(goal >= 60/min), speed-up {rates[2] / rates[1]:.2f}x (goal >= 1.8x)")
        bench_batch_beside(tmp / "class", tmp, count, baseline_kit)
        bench_cluster(tmp, count)


def make_class(folder, count: int) -> None:
    """``count`` generated submissions under ``folder``: the even ones copies of the reference, the odd ones each
    with a mistake of the catalog, in turn."""
    from pathlib import Path

    from .mistakes import CATALOG, make_submission
    from .reference import copy_reference
    for i in range(count):
        sub = Path(folder) / f"student{i:03d}"
        if i % 2:
            make_submission(CATALOG[i % len(CATALOG)], sub)
        else:
            copy_reference(sub)


def batch_beside(count: int = 200, baseline_kit=None, rounds: int = 1) -> None:
    """Only ``bench_batch_beside`` (``rounds`` times, interleaved), on a fresh class of ``count``: the figure of the
    grader's own cost per submission, without the rest of `make bench`::

        python -c "from grader.instructor.bench import batch_beside; batch_beside(40, '/tmp/previous-kit', 2)"
    """
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_class(tmp / "class", count)
        for round_ in range(rounds):
            (tmp / f"round{round_}").mkdir()
            bench_batch_beside(tmp / "class", tmp / f"round{round_}", count, baseline_kit)


# Runs a command as a child subreaper (Linux): every descendant orphaned on the way (bubblewrap's sandbox, whose
# processes the grader never waits for itself) is reaped here, so that RUSAGE_CHILDREN holds the CPU of them all.
_REAPER = """
import ctypes, json, os, resource, subprocess, sys
try:
    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
except (OSError, AttributeError):
    pass
code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
while True:
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        break
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "cpu": usage.ru_utime + usage.ru_stime}, fh)
"""


def run_measured(argv: list[str], cwd, env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and every descendant: the sandboxed workers, which the grader
    never reaps itself, included) of one command."""
    import json
    import os
    import tempfile
    with tempfile.TemporaryDirectory(prefix="convkit-bench-cpu-") as tmp:
        result = os.path.join(tmp, "usage.json")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _REAPER, result, *argv], cwd=cwd, env=env, check=True)
        wall = time.perf_counter() - start
        with open(result) as fh:
            usage = json.load(fh)
    if usage["code"]:
        raise subprocess.CalledProcessError(usage["code"], argv)
    return wall, usage["cpu"]


def _kits(baseline_kit=None) -> list[tuple[str, object, dict]]:
    """(label, source tree, environment) of every kit compared: this one, this one without the zygote, and the
    previous release's tree when given."""
    import os
    kits = [("this kit (zygote)", ROOT, dict(os.environ)),
            ("this kit, fresh interpreters (CONVKIT_NO_ZYGOTE=1)", ROOT, {**os.environ, "CONVKIT_NO_ZYGOTE": "1"})]
    if baseline_kit:
        kits.append((f"previous release ({baseline_kit})", baseline_kit, dict(os.environ)))
    return kits


def bench_batch_beside(classroom, out, count: int, baseline_kit=None, workers: int | None = None):
    """The batch command on the same class, for each kit of ``_kits``, interleaved in one run (goal: <= 0.3 s per
    submission per core). ``workers``: ``--workers`` for every kit; default none, so that each kit grades with its
    own default pool, as an instructor runs it (this kit: ``batch.running.default_workers()``).

    Per kit: wall seconds x the machine's usable cores / submissions, CPU seconds per submission (every process the
    command started), and the cores' busy share (CPU / (wall x cores)), which a busy machine lowers."""
    import os

    from .batch.running import default_workers, usable_cores
    cores = usable_cores()
    pool = (f"--workers {workers}" if workers else
            f"each kit's default pool (this kit: {default_workers()} workers)")
    print(f"batch of {count} as a command, {pool}, on {cores} cores, load average {os.getloadavg()[0]:.1f} at the "
          "start:")
    for index, (label, kit, env) in enumerate(_kits(baseline_kit)):
        argv = [sys.executable, "-m", "grader.instructor", "batch", str(classroom), "-o",
                str(out / f"out-beside-{index}"), "--seed", "1"] + (["--workers", str(workers)] if workers else [])
        wall, cpu = run_measured(argv, kit, env)
        print(f"  {label}: {wall * cores / count:.2f} s per submission per core (goal <= 0.3 s), "
              f"{cpu / count:.2f} CPU s per submission, cores busy {100 * cpu / (wall * cores):.0f}%")
    print(f"  (load average {os.getloadavg()[0]:.1f} at the end)")


def bench_cold_grade(baseline_kit=None, repeat: int = 3):
    """A cold `grade` of the reference (a new process: interpreter, imports, probes, the worker, the reference's
    answers), median of ``repeat``, for each kit of ``_kits`` in turn (goal: no slower than the previous release)."""
    import os
    import tempfile
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="convkit-bench-grade-") as tmp:
        for _ in range(repeat):
            for label, kit, env in _kits(baseline_kit):
                wall, _ = run_measured([sys.executable, "-m", "grader.instructor", "grade", "solutions", "-o",
                                        os.path.join(tmp, "out"), "--seed", "1"], kit, env)
                times.setdefault(label, []).append(wall)
    print("cold `grade` of the reference (a process of its own), median of "
          f"{repeat}: " + "; ".join(f"{label} {statistics.median(t):.2f} s" for label, t in times.items()))


def bench_cluster(tmp, count: int, processes: int = 2, rounds: int = 2):
    """The same class graded by the same command from a kit pip-installed into a venv, with the local pool
    (``--workers 2``) and on a local Dask cluster started as an instructor starts it (`dask scheduler`, `dask worker
    --nworkers 2 --nthreads 1`, then `convkit-instructor batch --scheduler`), interleaved (local, cluster, local,
    ...) so that both meet the same machine: the cluster's rate against the mean of the local runs around it (goal
    >= 90 %), and the CPU seconds per submission of every process each way took (the scheduler, the nannies and
    their workers included, the cluster's start too), which a busy machine does not skew."""
    import json
    import os

    from .trial_cluster import install_kit
    try:
        kit = install_kit(tmp / "kit")
    except RuntimeError as exc:
        print(f"Dask cluster from the command line: skipped ({exc})")
        return
    os.chmod(tmp, 0o755)
    local: list[tuple[float, float]] = []
    cluster: list[tuple[float, float]] = []
    for round_ in range(rounds + 1):
        wall, cpu = run_measured([str(kit.bin / "convkit-instructor"), "batch", str(tmp / "class"), "-o",
                                  str(tmp / f"out-local-{round_}"), "--workers", str(processes), "--seed", "1"],
                                 tmp, kit.env())
        local.append((wall, cpu))
        if round_ == rounds:
            break
        trial = tmp / f"cluster-{round_}"
        trial.mkdir()
        result = trial / "result.json"
        try:
            _, cpu = run_measured([str(kit.python), "-c", _CLUSTER_TRIAL, str(trial), str(tmp / "class"),
                                   str(processes), str(result)], trial, kit.env())
        except subprocess.CalledProcessError:
            print(f"Dask cluster from the command line: the batch failed (logs were in {trial})")
            return
        cluster.append((json.loads(result.read_text())["seconds"], cpu))
    local_rate = statistics.mean(count / wall * 60 for wall, _ in local)
    cluster_rate = statistics.mean(count / wall * 60 for wall, _ in cluster)
    local_cpu = statistics.mean(cpu for _, cpu in local) / count
    cluster_cpu = statistics.mean(cpu for _, cpu in cluster) / count
    print(f"batch of {count} by the same command from a pip-installed kit, interleaved ({rounds + 1} local runs, "
          f"{rounds} on the cluster; load average {os.getloadavg()[0]:.1f} at the end):")
    print(f"  local pool (--workers {processes}): " + ", ".join(f"{count / w * 60:.0f}" for w, _ in local)
          + f"/min; {local_cpu:.2f} CPU s per submission")
    print(f"  Dask cluster from the command line (dask scheduler, dask worker --nworkers {processes} --nthreads 1; "
          "the batch command's whole run, preflight included): "
          + ", ".join(f"{count / w * 60:.0f}" for w, _ in cluster) + f"/min; {cluster_cpu:.2f} CPU s per submission, every process of the cluster counted")
    print(f"  cluster / local: {100 * cluster_rate / local_rate:.0f}% of the rate (goal >= 90%), "
          f"{100 * cluster_cpu / local_cpu:.0f}% of the CPU per submission")


# Run by the pip-installed kit's own interpreter, under ``run_measured``'s subreaper (so that every process of the
# cluster counts): start a scheduler and a worker with Dask's commands, grade the class with the batch command, and
# write the batch command's wall seconds. argv: folder, class, processes, result file.
_CLUSTER_TRIAL = """
import json, os, subprocess, sys, time
from pathlib import Path
from grader.instructor.trial_cluster import CommandCluster
folder, classroom, processes, result = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
bin_ = Path(sys.executable).parent
cluster = CommandCluster(folder)
env = dict(os.environ)
try:
    cluster.scheduler(bin_ / "dask", env)
    cluster.worker(bin_ / "dask", env, "bench", processes=processes)
    cluster.wait_for(processes)
    start = time.perf_counter()
    run = subprocess.run([str(bin_ / "convkit-instructor"), "batch", classroom, "-o", str(folder / "out"),
                          "--scheduler", cluster.address, "--seed", "1"], cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - start
finally:
    cluster.close()
if run.returncode:
    sys.stderr.write(run.stderr[-2000:])
    sys.exit(run.returncode)
result.write_text(json.dumps({"seconds": seconds}))
"""


def first_check_seconds(bundle_zip, python: str = "python3") -> tuple[float, float]:
    """(wall seconds of the first `make check` in a fresh folder holding the unpacked ``bundle_zip``, seconds of a
    second `make check` there: the check alone, with everything installed)."""
    import tempfile
    import zipfile
    from pathlib import Path
    with tempfile.TemporaryDirectory(prefix="convkit-bench-bundle-") as tmp:
        with zipfile.ZipFile(bundle_zip) as zf:
            zf.extractall(tmp)
        folder = Path(tmp) / "convkit"
        times = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(["make", "check", f"PYTHON={python}"], cwd=folder, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return times[0], times[1]


def bench_first_check(baseline_zip=None):
    """The first `make check` in a fresh bundle folder (this kit's release; beside ``baseline_zip``, an earlier
    release, measured in the same minutes when given)."""
    import tempfile
    from pathlib import Path

    from .release import build_release
    with tempfile.TemporaryDirectory() as tmp:
        bundle = build_release(Path(tmp) / "convkit-student.zip").path
        first, again = first_check_seconds(bundle)
        line = f"first `make check` in a fresh bundle folder: {first:.1f} s (then {again:.1f} s once installed)"
        if baseline_zip:
            base_first, base_again = first_check_seconds(baseline_zip)
            line += f"; {Path(baseline_zip).name}: {base_first:.1f} s (then {base_again:.1f} s)"
        print(line)


def main(batch_size: int = 200, baseline_zip=None, baseline_kit=None) -> int:
    """Print every figure: one grading, the numeric gradient, the fast layers, the batch of ``batch_size``, then
    the first `make check` in a fresh bundle folder (beside ``baseline_zip``'s when given). ``baseline_kit``: the
    source tree of a previous release, whose batch and cold `grade` are measured beside this kit's."""
    bench_layers()
    bench_cold_grade(baseline_kit)
    bench_batch(batch_size, baseline_kit)
    bench_first_check(baseline_zip)
    return 0


def bench_layers():
    """One grading of the reference, the numeric gradient in the parent, the fast layers vs naive (and PyTorch)."""
    from solutions import fast_layers as fast
    from solutions import layers as naive
    from solutions.gradient_check import eval_numerical_gradient_array
    numpy_start = median_time(lambda: subprocess.run([sys.executable, "-c", "import numpy"], check=True))
    grading = median_time(lambda: grade(ROOT / "solutions", seed=1), repeat=5)
    print(f"grade a complete submission: {grading:.2f} s median of 5 (goal < 2 s); "
          f"python -c 'import numpy': {numpy_start:.2f} s; ratio {grading / numpy_start:.1f}x")

    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 3, 8, 8)), rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    cp = {"stride": 1, "pad": 1}
    dout = rng.standard_normal((2, 4, 8, 8))
    t_fast = median_time(lambda: eval_numerical_gradient_array(lambda v: fast.conv_forward_fast(v, w, b, cp)[0],
                                                               x.copy(), dout), 3)
    t_naive = median_time(lambda: eval_numerical_gradient_array(lambda v: naive.conv_forward_naive(v, w, b, cp)[0],
                                                                x.copy(), dout), 3)
    print(f"numeric conv gradient in the parent: fast forward {t_fast:.3f} s, naive {t_naive:.3f} s, "
          f"ratio {t_naive / t_fast:.1f}x")

    x, w, b = rng.standard_normal((100, 3, 31, 31)), rng.standard_normal((25, 3, 3, 3)), rng.standard_normal(25)
    cp = {"stride": 2, "pad": 1}
    out, cache_f = fast.conv_forward_fast(x, w, b, cp)
    d = rng.standard_normal(out.shape)
    t_f = median_time(lambda: fast.conv_backward_fast(d, fast.conv_forward_fast(x, w, b, cp)[1]), 5)
    t_n = median_time(lambda: naive.conv_backward_naive(d, naive.conv_forward_naive(x, w, b, cp)[1]), 1)
    print(f"conv forward+backward x(100,3,31,31) w(25,3,3,3) s2 p1: im2col {t_f * 1e3:.1f} ms, naive "
          f"{t_n * 1e3:.0f} ms, ratio {t_n / t_f:.0f}x (goal >= 100x)")
    xp = rng.standard_normal((100, 3, 32, 32))
    pp = {"pool_height": 2, "pool_width": 2, "stride": 2}
    out, _ = fast.max_pool_forward_fast(xp, pp)
    dp = rng.standard_normal(out.shape)
    t_pf = median_time(lambda: fast.max_pool_backward_fast(dp, fast.max_pool_forward_fast(xp, pp)[1]), 5)
    t_pn = median_time(lambda: naive.max_pool_backward_naive(dp, naive.max_pool_forward_naive(xp, pp)[1]), 1)
    print(f"max pool forward+backward x(100,3,32,32) 2x2/2: fast {t_pf * 1e3:.1f} ms, naive {t_pn * 1e3:.0f} ms, "
          f"ratio {t_pn / t_pf:.0f}x")
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: the comparison with torch.conv2d / max_pool2d is skipped")
        return
    xt = torch.tensor(x, requires_grad=True)
    wt, bt = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
    dt = torch.tensor(d)

    def torch_conv():
        out = torch.nn.functional.conv2d(xt, wt, bt, stride=2, padding=1)
        out.backward(dt)
    t_t = median_time(torch_conv, 5)
    xpt = torch.tensor(xp, requires_grad=True)
    dpt = torch.tensor(dp)

    def torch_pool():
        torch.nn.functional.max_pool2d(xpt, 2, 2).backward(dpt)
    t_tp = median_time(torch_pool, 5)
    print(f"vs PyTorch (float64, forward+backward): conv im2col/torch = {t_f / t_t:.1f}x (goal <= 2x); "
          f"max pool fast/torch = {t_pf / t_tp:.1f}x (goal <= 5x)")
