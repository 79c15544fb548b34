"""Public tests: fixed inputs with their expected outputs, for the student's local check.

In the kit, they are computed from the reference with a fixed public seed; ``write_public_tests`` stores them
(as a plain .npz of arrays plus a JSON file) into the student bundle, where ``check`` reads them without
solutions/. The public inputs are drawn from their own seed, independent of any grading run's hidden seed.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .functions import GRADED, Case, Graded

PUBLIC_SEED = 231
DATA_DIR = Path(__file__).with_name("public")
ARRAYS_FILE = "public_tests.npz"
INDEX_FILE = "public_tests.json"


def _encode_params(params: dict) -> dict:
    return json.loads(json.dumps(params))


def write_public_tests(dest: Path = DATA_DIR) -> Path:
    """Compute the public tests from the reference and store them in ``dest`` (instructor side)."""
    from .grading import hidden_source

    source = hidden_source(PUBLIC_SEED)
    arrays: dict[str, np.ndarray] = {}
    index: dict[str, list] = {}
    for graded in GRADED:
        cases, expected = source(graded)
        entries = []
        for i, (case, exp) in enumerate(zip(cases, expected)):
            prefix = f"{graded.name}/{i}"
            for name, array in case.arrays.items():
                arrays[f"{prefix}/in/{name}"] = np.asarray(array)
            outputs = {}
            for name, (kind, value) in exp.items():
                if kind == "array":
                    arrays[f"{prefix}/out/{name}"] = value
                    outputs[name] = ["array", None]
                else:
                    outputs[name] = [kind, value]
            entries.append({"params": _encode_params(case.params), "label": case.label, "variant": case.variant,
                            "inputs": sorted(case.arrays), "outputs": outputs})
        index[graded.name] = entries
    dest.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(dest / ARRAYS_FILE, **arrays)
    (dest / INDEX_FILE).write_text(json.dumps({"seed": PUBLIC_SEED, "functions": index}, indent=1))
    return dest


def stored_public_source(src: Path = DATA_DIR):
    """A case source reading stored public tests (the student bundle's)."""
    index = json.loads((src / INDEX_FILE).read_text())["functions"]
    with np.load(src / ARRAYS_FILE, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}

    def source(graded: Graded):
        cases, expected = [], []
        for i, entry in enumerate(index[graded.name]):
            prefix = f"{graded.name}/{i}"
            inputs = {n: arrays[f"{prefix}/in/{n}"] for n in entry["inputs"]}
            cases.append(Case(inputs, entry["params"], entry["label"], entry["variant"]))
            expected.append({name: ("array", arrays[f"{prefix}/out/{name}"]) if kind == "array" else (kind, value)
                             for name, (kind, value) in entry["outputs"].items()})
        return cases, expected
    return source


def public_source():
    """Public tests from the reference when solutions/ is here (the kit), else from the stored files."""
    try:
        import solutions.layers  # noqa: F401
    except ImportError:
        return stored_public_source()
    from .grading import hidden_source
    return hidden_source(PUBLIC_SEED)
