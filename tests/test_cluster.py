"""Batch grading on a Dask cluster started as a user starts it: `dask scheduler` and `dask worker` commands from
a venv where the kit is pip installed, the batch from the `convkit-instructor` command; the preflight that stops
a mismatched cluster before any submission is graded; a worker killed mid-batch; SLURM's job script."""
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.instructor.cluster import ClusterMismatch, Fingerprint, check_workers, fingerprint
from grader.instructor.mistakes import CATALOG, make_submission
from grader.instructor.reference import copy_reference
from grader.sandbox import BUBBLEWRAP
from grader.instructor.reference import ROOT
from grader.instructor.trial_cluster import CommandCluster, free_port

KIT_VENV_BIN = Path(sys.executable).parent  # the kit's .venv: dask is there, the kit is not installed in it


@pytest.fixture(scope="module")
def cluster(installed_kit, tmp_path_factory):
    """A scheduler and two single-threaded workers, each started by its own `dask` command from the venv where
    the kit is installed, in a folder that is not the kit's."""
    running = CommandCluster(tmp_path_factory.mktemp("cluster"))
    dask = installed_kit.bin / "dask"
    try:
        running.scheduler(dask, installed_kit.env())
        for name in ("worker-a", "worker-b"):
            running.worker(dask, installed_kit.env(), name)
        running.wait_for(2)
        yield running
    finally:
        running.close()


def run_batch(installed_kit, cls: Path, out: Path, *options, timeout=900) -> subprocess.CompletedProcess:
    argv = [str(installed_kit.bin / "convkit-instructor"), "batch", str(cls), "-o", str(out), *options]
    return subprocess.run(argv, cwd=out.parent, env=installed_kit.env(), capture_output=True, text=True,
                          timeout=timeout)


def read_gradebook(path: Path) -> dict[str, dict]:
    with open(path, newline="") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


def graded_rows(out: Path) -> list[Path]:
    return sorted((out / "students").glob("*/row.json"))


def test_a_class_is_graded_on_a_cluster_started_from_the_command_line(installed_kit, cluster, tmp_path):
    """Do `dask scheduler`, two `dask worker`s and `convkit-instructor batch --scheduler` (all from the installed
    kit) grade a class right: the reference full marks, the stubs nothing, a known mistake in between?"""
    cls = tmp_path / "class"
    copy_reference(cls / "reference")
    shutil.copytree(ROOT / "assignment", cls / "stubs", ignore=shutil.ignore_patterns("__pycache__"))
    make_submission(CATALOG[0], cls / "mistake")
    run = run_batch(installed_kit, cls, tmp_path / "out", "--scheduler", cluster.address, "--seed", "5")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    rows = read_gradebook(tmp_path / "out" / "gradebook.csv")
    assert set(rows) == {"reference", "stubs", "mistake"} and {r["kind"] for r in rows.values()} == {"graded"}
    top = float(rows["reference"]["max_score"])
    assert float(rows["reference"]["score"]) == top > 0 and float(rows["stubs"]["score"]) == 0
    assert 0 < float(rows["mistake"]["score"]) < top
    assert "Dask cluster" not in (tmp_path / "out" / "summary.md").read_text()
    from dask.distributed import Client

    def periodic(dask_worker):
        running = {name: pc.is_running() for name, pc in dask_worker.periodic_callbacks.items()}
        return running.get("profile"), dask_worker.periodic_callbacks["tick"].callback_time

    with Client(cluster.address, timeout=30) as client:
        states = client.run(periodic)
        scheduler_tick = client.run_on_scheduler(
            lambda dask_scheduler: dask_scheduler.periodic_callbacks["tick"].callback_time)
    # The batch quieted its workers: Dask's stack sampling stopped, its loop ticks once a second, not each 20 ms.
    assert len(states) == 2 and all(state == (False, 1000) for state in states.values()), states
    assert scheduler_tick == 1000


def test_a_worker_without_the_kit_stops_the_batch_before_any_grading(installed_kit, cluster, tmp_path):
    """A `dask worker` started from an environment without the kit (the kit's own .venv, as in issue 23): does the
    preflight stop the batch with exit 2 and one sentence naming that worker and the fix, grading nothing?"""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    stray = cluster.worker(KIT_VENV_BIN / "dask", env, "no-kit", port)
    try:
        cluster.wait_for(3)
        cls = tmp_path / "class"
        copy_reference(cls / "reference")
        run = run_batch(installed_kit, cls, tmp_path / "out", "--scheduler", cluster.address)
        assert run.returncode == 2, run.stdout[-2000:] + run.stderr[-2000:]
        message = run.stderr.strip().splitlines()[-1]
        assert f"Dask worker tcp://127.0.0.1:{port} cannot import the kit" in message, message
        assert "pip install" in message and "no submission was graded" in message
        assert graded_rows(tmp_path / "out") == []
    finally:
        cluster.stop(stray)
        cluster.wait_for(2)


@pytest.mark.skipif(fingerprint().tier != BUBBLEWRAP, reason="needs bubblewrap here to have a weaker tier")
def test_a_worker_in_a_weaker_tier_stops_the_batch_unless_allowed(installed_kit, cluster, tmp_path):
    """A worker that cannot use bubblewrap: does the batch stop naming it and --allow-weaker-tier, and with
    --allow-weaker-tier grade and say in summary.md which worker graded in which tier?"""
    port = free_port()
    weak = cluster.worker(installed_kit.bin / "dask", installed_kit.env(CONVKIT_NO_BWRAP="1"), "weak", port)
    try:
        cluster.wait_for(3)
        cls = tmp_path / "class"
        copy_reference(cls / "reference")
        run = run_batch(installed_kit, cls, tmp_path / "out", "--scheduler", cluster.address)
        assert run.returncode == 2, run.stdout[-2000:] + run.stderr[-2000:]
        message = run.stderr.strip().splitlines()[-1]
        assert re.search(rf"Dask worker tcp://127.0.0.1:{port} \(.*\) would grade in the (uid|rlimits) tier, "
                         "weaker than this machine's bubblewrap", message), message
        assert "--allow-weaker-tier" in message and graded_rows(tmp_path / "out") == []
        run = run_batch(installed_kit, cls, tmp_path / "out", "--scheduler", cluster.address, "--allow-weaker-tier")
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        summary = (tmp_path / "out" / "summary.md").read_text()
        assert re.search(rf"Dask worker tcp://127.0.0.1:{port} .* graded in the (uid|rlimits) tier", summary)
    finally:
        cluster.stop(weak)
        cluster.wait_for(2)


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(installed_kit, cluster, tmp_path):
    """When a `dask worker` is killed (SIGKILL, with everything it started) while it grades, are its submissions
    graded by the other workers, every student once, with the right score?"""
    port = free_port()
    victim = cluster.worker(installed_kit.bin / "dask", installed_kit.env(), "victim", port)
    cluster.wait_for(3)
    cls = tmp_path / "class"
    for i in range(6):
        copy_reference(cls / f"student{i}")
    out = tmp_path / "out"
    argv = [str(installed_kit.bin / "convkit-instructor"), "batch", str(cls), "-o", str(out), "--scheduler",
            cluster.address, "--seed", "2"]
    batch = subprocess.Popen(argv, cwd=tmp_path, env=installed_kit.env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 600
    while killed is None and batch.poll() is None and time.monotonic() < deadline:
        for pid_file in (out / "students").glob(".*.partial/worker.pid"):
            try:
                pid = int(pid_file.read_text())
                if os.getpgid(pid) == victim.pid:  # the victim's own process is grading this one
                    killed = pid_file.parent.name
                    cluster.stop(victim, signal.SIGKILL)
                    break
            except (OSError, ValueError):
                continue
        time.sleep(0.05)
    stdout, stderr = batch.communicate(timeout=900)
    assert killed, "the victim graded nothing before the batch ended: " + stdout[-1000:]
    assert batch.returncode == 0, stdout[-2000:] + stderr[-2000:]
    with open(out / "gradebook.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["student"] for r in rows) == [f"student{i}" for i in range(6)]
    assert all(r["kind"] == "graded" and float(r["score"]) == float(r["max_score"]) > 0 for r in rows), rows
    assert not list((out / "students").glob(".*.partial"))
    cluster.wait_for(2)


# -- the preflight's rule, on answers as workers give them -----------------------------------------------------------

def _answer(**changes) -> dict:
    return {**fingerprint().__dict__, **changes}


def test_another_kit_on_a_worker_stops_the_batch_with_its_name():
    """Does a worker whose kit differs (version or hash) stop the batch, naming it, while another numpy is only a
    note?"""
    ours = fingerprint()
    with pytest.raises(ClusterMismatch, match=r"Dask worker tcp://w2:1 \(.*\) runs convkit 0.0.9 .* install the same"):
        check_workers(ours, {"tcp://w1:1": _answer(), "tcp://w2:1": _answer(kit="0.0.9")})
    with pytest.raises(ClusterMismatch, match=r"kit hash 0123456789abcdef, this machine"):
        check_workers(ours, {"tcp://w1:1": _answer(kit_hash="0123456789abcdef")})
    with pytest.raises(ClusterMismatch, match=r"the Dask scheduler at tcp://s:1 cannot import the kit"):
        check_workers(ours, {"tcp://w1:1": _answer()}, scheduler=("tcp://s:1", ModuleNotFoundError("grader")))
    with pytest.raises(ClusterMismatch, match=r"no worker"):
        check_workers(ours, {})
    notes = check_workers(ours, {"tcp://w1:1": _answer(numpy="1.26.4")})
    assert notes == [f"Dask worker tcp://w1:1 ({ours.host}) grades with numpy 1.26.4, this machine has {ours.numpy}"]
    assert check_workers(ours, {"tcp://w1:1": _answer()}) == []


def test_the_tier_order_is_the_sandbox_order():
    """Is bubblewrap stronger than uid, and uid stronger than rlimits, in the preflight's comparison?"""
    make = lambda tier: Fingerprint(**_answer(tier=tier))  # noqa: E731
    assert make("uid").weaker_than(make("bubblewrap")) and make("rlimits").weaker_than(make("uid"))
    assert not make("bubblewrap").weaker_than(make("uid")) and not make("uid").weaker_than(make("uid"))


# -- SLURM, without SLURM: dask-jobqueue's job script ---------------------------------------------------------------

def readme_snippet() -> str:
    text = (ROOT / "docs" / "cluster.md").read_text()
    block = text.split("<!-- slurm-snippet", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    return block


@pytest.fixture
def no_sbatch(monkeypatch):
    """SLURMCluster as on a login node where sbatch is never called: its scheduler on loopback, scale() recorded."""
    import dask
    from dask_jobqueue import SLURMCluster
    scaled = []
    monkeypatch.setattr(SLURMCluster, "scale",
                        lambda self, n=None, jobs=0, **kw: (jobs or n) and scaled.append(jobs or n))
    loopback = {"host": "127.0.0.1", "dashboard_address": "127.0.0.1:0"}
    with dask.config.set({"jobqueue.slurm.scheduler-options": loopback}):
        yield scaled


def test_the_readme_slurm_snippet_writes_a_job_script_for_the_kit(no_sbatch, monkeypatch, capsys):
    """Does the README's SLURM snippet, run as it is (sbatch and the batch recorded), ask for 8 jobs whose script
    starts one-thread workers with the kit's venv, and hand the batch that cluster?"""
    import grader.instructor.batch as batch_module
    calls = []
    monkeypatch.setattr(batch_module, "batch", lambda *args, **kwargs: calls.append((args, kwargs)))
    namespace = {}
    exec(compile(readme_snippet(), "docs/cluster.md", "exec"), namespace)
    script = capsys.readouterr().out
    assert "#SBATCH -p cpu" in script and "#SBATCH -A cs231n" in script and "#SBATCH -t 02:00:00" in script
    assert re.search(r"^/home/me/convkit/venv/bin/python -m distributed.cli.dask_worker tcp://127.0.0.1:\d+ .*"
                     r"--nthreads 1 .*--nworkers 4", script, re.M), script
    assert no_sbatch == [8]
    (args, kwargs), = calls
    assert args == ("CLASS", "OUT") and kwargs["scheduler"] is namespace["cluster"]


def test_cluster_slurm_takes_dask_config_and_one_thread_per_core(no_sbatch):
    """Does `batch --cluster slurm --jobs 3` build its SLURMCluster from jobqueue.yaml's settings, with one
    single-threaded worker process per core, and ask for 3 jobs?"""
    import dask

    from grader.instructor.cluster import slurm_cluster
    settings = {"jobqueue.slurm.cores": 2, "jobqueue.slurm.memory": "4GB", "jobqueue.slurm.queue": "short",
                "jobqueue.slurm.python": "/opt/convkit/bin/python"}
    with dask.config.set(settings):
        cluster = slurm_cluster(jobs=3)
        try:
            script = cluster.job_script()
        finally:
            cluster.close()
    assert "#SBATCH -p short" in script and "--cpus-per-task=2" in script
    assert re.search(r"^/opt/convkit/bin/python -m distributed.cli.dask_worker .*--nthreads 1 .*--nworkers 2",
                     script, re.M), script
    assert no_sbatch == [3]
