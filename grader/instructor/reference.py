"""The reference in solutions/: where it lives, a copy of it as a submission, and the expected outputs computed in
the trusted parent by calling it.

INSTRUCTOR SIDE: needs solutions/, so it is not shipped to students. The reference is called through the very
same step interpreter as the student's code (grader.sandbox.worker.run_steps), so both are called identically.
"""
from __future__ import annotations

import copy
import importlib
import shutil
from pathlib import Path

import numpy as np

from ..functions import Case, Graded, build_case_job
from ..sandbox.worker import collect_outputs, run_steps, to_plain

REFERENCE_PACKAGE = "solutions"
ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / REFERENCE_PACKAGE


def copy_reference(dest: Path) -> Path:
    """A copy of solutions/ as a submission folder (markers and all: they are comments).

    Returns:
        ``dest``.
    """
    shutil.copytree(SOLUTIONS, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def resolve_reference(module: str):
    return importlib.import_module(f"{REFERENCE_PACKAGE}.{module}")


def expected_outputs(graded: Graded, case: Case, resolve=resolve_reference) -> dict:
    """Run one case on the reference.

    Returns:
        Output name -> ``("array", float64 ndarray)``, ``("json", value)`` or ``("raised", exception type)``.
    """
    job = build_case_job(graded, case)
    arrays = {k: np.array(v, copy=True) for k, v in case.arrays.items()}
    slots, events = run_steps(copy.deepcopy(job["steps"]), arrays, resolve)
    raised = next((e["type"] for e in events if e.get("raised")), "")
    if raised:
        if graded.kind != "value":
            raise RuntimeError(f"the reference {graded.name} raised on case {case.label!r}: "
                               f"{next(e['raised'] for e in events if e.get('raised'))}")
        return {name: ("raised", raised) for name in job["outputs"]}
    result = {}
    for name, value in collect_outputs(job["outputs"], slots).items():
        kind, data = to_plain(value)
        if kind == "array":
            result[name] = ("array", np.asarray(data, dtype=np.float64))
        elif kind == "json":
            result[name] = ("json", data)
        else:
            raise RuntimeError(f"the reference {graded.name} returned {kind} for {name} on {case.label!r}")
    return result


def reference_param_shapes(name: str):
    """``reference_param_shapes("LeNet5")(kwargs)`` -> {param name: shape} of the reference model."""
    def shapes(kwargs):
        cls = getattr(resolve_reference("classifiers.cnn"), name)
        model = cls(**kwargs)
        return {k: tuple(np.shape(v)) for k, v in model.params.items()}
    return shapes


# Vectorised reference forwards for the parent's numeric gradients (about 50x cheaper than the naive loops).
FAST_FORWARDS = {"conv_forward_naive": ("fast_layers", "conv_forward_fast"),
                 "max_pool_forward_naive": ("fast_layers", "max_pool_forward_fast"),
                 "avg_pool_forward_naive": ("fast_layers", "avg_pool_forward_fast")}


def numeric_dx(graded: Graded, case: Case) -> np.ndarray:
    """Central-difference gradient (h = 1e-5) of the reference forward with respect to x, contracted with dout.

    Computed in the parent only; the student's analytic dx is compared with it in the feedback.
    """
    from ..functions import BY_NAME, FORWARD_ARGS, bind_params
    from ..sandbox.worker import build_arg

    forward = BY_NAME[graded.forward]
    module, name = FAST_FORWARDS.get(forward.name, (forward.module, forward.name))
    func = getattr(resolve_reference(module), name)
    specs = bind_params(FORWARD_ARGS[forward.name], case.params)
    numeric = resolve_reference("gradient_check").eval_numerical_gradient_array
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in case.arrays.items()}

    def f(x):
        arrays["x"] = x
        return func(*[build_arg(s, arrays, {}) for s in specs])[0]
    grad = numeric(f, np.array(case.arrays["x"], dtype=np.float64, copy=True), case.arrays["dout"], h=1e-5)
    return grad
