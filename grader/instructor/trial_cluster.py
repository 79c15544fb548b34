"""The kit pip-installed into a throwaway venv, and a Dask cluster started from it with Dask's own commands: how
the tests and ``make bench`` start a cluster as an instructor does (an in-process ``LocalCluster`` would inherit
this interpreter's ``sys.path`` and hide a worker that cannot import the kit).

INSTRUCTOR SIDE. Needs the kit's source folder (``setup.cfg``) to install from.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from .reference import ROOT

# What a source distribution of the kit holds: enough for `pip install .`.
SOURCE_PARTS = ("grader", "solutions", "assignment", "datasets", "setup.cfg", "pyproject.toml", "README.md")


class InstalledKit:
    """A venv where the kit is pip installed (not editable), from a copy of its source.

    numpy, dask and distributed are installed into the same site-packages as the kit, as ``pip install .`` puts
    them (so the reference lies beside numpy, and ``bin/dask`` is the venv's own); the other dependencies come from
    this interpreter's environment through a .pth file (as ``--system-site-packages`` would give them), which keeps
    the build to seconds. The kit is in neither this environment nor the folder of any command run from here.
    """

    def __init__(self, venv: Path):
        self.venv = venv
        self.bin = venv / "bin"
        self.python = self.bin / "python"
        self.site = Path(_purelib(self.python))

    def env(self, **extra) -> dict:
        """An environment for commands run from the venv: no PYTHONPATH, the venv's bin first on PATH."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin}:{env.get('PATH', '/usr/bin:/bin')}"
        env.update(extra)
        return env


def _purelib(python: Path) -> str:
    return subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()


def pip_into(python: Path, *args: str) -> None:
    """Run this environment's pip against another interpreter (``pip --python``)."""
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                          "--disable-pip-version-check", *args], capture_output=True, text=True, timeout=900)
    if run.returncode:
        raise RuntimeError(f"pip install {' '.join(args)} failed: {run.stdout[-2000:]}{run.stderr[-2000:]}")


def make_venv(folder: Path) -> Path:
    """A venv without pip whose site-packages sees this environment's packages (never the kit: it is not installed
    here). Returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    Path(_purelib(python), "convkit-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def copy_source(dest: Path) -> Path:
    """The kit's source parts copied to ``dest`` (so that pip leaves no build folder in the kit)."""
    if not (ROOT / "setup.cfg").is_file():
        raise RuntimeError(f"{ROOT} is not the kit's source folder: it holds no setup.cfg")
    dest.mkdir(parents=True)
    for part in SOURCE_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(ROOT / part, dest / part)
    return dest


def install_kit(base: Path) -> InstalledKit:
    """``base/venv`` with the kit pip installed from a copy of its source (removed afterwards)."""
    import dask
    import distributed
    import numpy
    python = make_venv(base / "venv")
    pip_into(python, "--no-deps", "--ignore-installed", f"numpy=={numpy.__version__}", f"dask=={dask.__version__}",
             f"distributed=={distributed.__version__}")
    pip_into(python, "--no-deps", str(copy_source(base / "source")))
    shutil.rmtree(base / "source")
    return InstalledKit(base / "venv")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CommandCluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, each in its own process group, logging to
    ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []

    def start(self, argv: list[str], env: dict, name: str) -> subprocess.Popen:
        # dask's scratch (workers' folders, their locks) in the cluster's folder: its default, /tmp/dask-scratch-space,
        # outlives the trial
        env = {**env, "DASK_TEMPORARY_DIRECTORY": str(self.folder / "dask-scratch")}
        with open(self.folder / f"{name}.log", "wb") as log:
            process = subprocess.Popen(argv, cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes.append(process)
        return process

    def scheduler(self, dask: Path, env: dict) -> subprocess.Popen:
        return self.start([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                           "--no-dashboard"], env, "scheduler")

    def worker(self, dask: Path, env: dict, name: str, port: int | None = None, processes: int = 1):
        argv = [str(dask), "worker", self.address, "--nworkers", str(processes), "--nthreads", "1",
                "--host", "127.0.0.1", "--no-dashboard", "--name", name]
        if port:
            argv += ["--worker-port", str(port)]
        return self.start(argv, env, name)

    def wait_for(self, workers: int, timeout: float = 240) -> None:
        """Until exactly ``workers`` workers are connected (a stopped one is forgotten by the scheduler)."""
        from dask.distributed import Client
        deadline = time.monotonic() + timeout
        while True:
            try:
                with Client(self.address, timeout=20) as client:
                    if workers:
                        client.wait_for_workers(workers, timeout=max(1, deadline - time.monotonic()))
                    while len(client.scheduler_info()["workers"]) > workers:
                        if time.monotonic() > deadline:
                            raise TimeoutError(f"more than {workers} workers stay in the cluster")
                        time.sleep(0.5)
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)

    def stop(self, process: subprocess.Popen, sig=signal.SIGTERM) -> None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def close(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)
