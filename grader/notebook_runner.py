"""Run the notebooks headless (nbclient), against the reference or the student's code.

The notebooks (``notebooks/en/*.ipynb`` and ``notebooks/zh/*.ipynb``, generated from ``notebooks/source``) always
import ``assignment``; the runner executes copies in a temporary folder where ``assignment`` is the chosen package
(solutions/ or assignment/) and ``grader`` and ``datasets`` are the kit's, so the reference can be run through the
very notebooks the students get. Executed copies go to an output folder, never into notebooks/. Matplotlib's
backend is left to the notebooks (``%matplotlib inline``) so that executed copies keep their figures. On POSIX the
kernels talk over Unix sockets in the scratch folder (ZeroMQ's ``ipc`` transport), not over unencrypted TCP.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[1]
KERNEL_NAME = "convkit-python"


@dataclasses.dataclass
class NotebookResult:
    """One executed notebook: whether it ran, how long it took, and the short error if it did not."""

    name: str
    ok: bool
    seconds: float
    error: str
    output_path: Path | None


def _kernelspec_dir(base: Path) -> Path:
    """A kernelspec that runs this very interpreter, so a fresh clone's .venv needs no `ipykernel install`."""
    spec = base / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "convkit (Python)", "language": "python"}))
    return base


def link_or_copy(source: Path, dest: Path) -> None:
    """A symbolic link to the folder ``source`` at ``dest``, or a copy of it where links are refused (Windows
    without Developer Mode or administrator rights: WinError 1314)."""
    try:
        os.symlink(source, dest, target_is_directory=True)
    except (OSError, NotImplementedError):
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints",
                                                                    "data"))


LANGS = ("en", "zh")


def notebook_names(root: str | Path = KIT_ROOT, langs: tuple[str, ...] = LANGS) -> list[str]:
    """The notebooks of the kit as ``lang/NN_name.ipynb``, in lecture order, English first."""
    folder = Path(root) / "notebooks"
    return [f"{lang}/{p.name}" for lang in langs for p in sorted((folder / lang).glob("*.ipynb"))]


def run_notebooks(target: str = "solutions", root: str | Path = KIT_ROOT, notebooks: list[str] | None = None,
                  timeout: int = 600, output_dir: str | Path | None = None,
                  package_dir: str | Path | None = None,
                  public_tests: str | Path | None = None,
                  progress: Callable[[str, NotebookResult | None], None] | None = None) -> list[NotebookResult]:
    """Execute notebooks top to bottom.

    Args:
        target: ``solutions`` (the reference) or ``assignment`` (the student's code).
        root: The kit's root (holding notebooks/, datasets/ and the target package).
        notebooks: Names to run, as ``lang/NN_name.ipynb`` (default: every notebook, both languages).
        timeout: Seconds per cell.
        output_dir: Where executed copies go (default: out/notebooks/<target>).
        package_dir: Use this folder as ``assignment`` instead of ``root/target``.
        public_tests: A folder of stored public tests for the notebooks' checks (the kit's instructor side
            computes them; the bundle's own are found without it).
        progress: Called with (name, None) as each notebook starts and with (name, its result) as it ends.

    Returns:
        One NotebookResult per notebook.
    """
    import nbformat
    from nbclient import NotebookClient
    from traitlets.config import Config
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    root = Path(root)
    out = Path(output_dir) if output_dir else root / "out" / "notebooks" / target
    out.mkdir(parents=True, exist_ok=True)
    names = notebooks or notebook_names(root)
    results = []
    with tempfile.TemporaryDirectory(prefix="convkit-notebooks-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(root / "notebooks", tmp / "notebooks",
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        link_or_copy(Path(package_dir or root / target).resolve(), tmp / "assignment")
        # The notebooks' checks are `make check`'s, so grader must import there.
        for shared in ("datasets", "grader"):
            if (root / shared).is_dir():
                link_or_copy((root / shared).resolve(), tmp / shared)
        from .public_tests import PUBLIC_TESTS_ENV
        saved = {key: os.environ.get(key) for key in ("JUPYTER_PATH", PUBLIC_TESTS_ENV)}
        os.environ["JUPYTER_PATH"] = str(_kernelspec_dir(tmp / "jupyter"))
        if public_tests is not None:  # the kernels inherit it
            os.environ[PUBLIC_TESTS_ENV] = str(Path(public_tests).resolve())
        config = Config()
        if os.name == "posix":  # TCP would make every kernel warn that it runs "over TCP without encryption"
            config.KernelManager.transport = "ipc"
            config.KernelManager.ip = str(tmp / "kernel")
        try:
            for name in names:
                if progress:
                    progress(name, None)
                nb = nbformat.read(tmp / "notebooks" / name, as_version=4)
                client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, config=config,
                                        resources={"metadata": {"path": str((tmp / "notebooks" / name).parent)}})
                start = time.monotonic()
                error = ""
                try:
                    client.execute()
                except CellExecutionError as exc:
                    error = f"{exc.ename}: {exc.evalue}"
                except CellTimeoutError:
                    error = f"a cell ran longer than {timeout} s"
                seconds = time.monotonic() - start
                path = out / name
                path.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, path)
                results.append(NotebookResult(name, not error, seconds, error, path))
                if progress:
                    progress(name, results[-1])
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return results

