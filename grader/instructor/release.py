"""Build the student bundle: the stubs, notebooks, dataset loaders and the student-side checker with its public
tests. Never solutions/, hidden test generators, the reference, the catalog of mistakes or instructor tools.

INSTRUCTOR SIDE (not shipped).
"""
from __future__ import annotations

import dataclasses
import functools
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from ..public_tests import PUBLIC_SEED, PublicTests
from .stubs import generate_stubs

KIT_ROOT = Path(__file__).resolve().parents[2]
STUDENT_FILES = Path(__file__).with_name("student_files")

# The shipped grader is the grader/ package whole, but for this instructor/ folder and the public tests it does not
# hold in the kit: the folder is the classification, no list of modules to keep in step.
SHIPPED_GRADER_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "instructor", "public")
BUNDLE_DIRS = ["assignment", "notebooks", "datasets"]
# notebooks/source and notebooks/build.py stay with the instructor: a student running the builder would overwrite
# the notebooks they are working in, answers and all.
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "data", "source",
                                 "build.py")


def _encode_params(params: dict) -> dict:
    return json.loads(json.dumps(params))


def _differs(candidate, reference) -> bool:
    """Whether a mistake's (kind, value) output differs from the reference's (so it can explain a failure)."""
    if candidate[0] != reference[0]:
        return True
    if candidate[0] == "array":
        a, b = np.asarray(candidate[1], dtype=np.float64), np.asarray(reference[1], dtype=np.float64)
        return a.shape != b.shape or not np.array_equal(a, b, equal_nan=True)
    return candidate[1] != reference[1]


@functools.lru_cache(maxsize=2)
def computed_public_tests(seed: int = PUBLIC_SEED) -> PublicTests:
    """The public tests computed from the reference, with each catalog mistake's outputs on them (numbers only).

    The same object the bundle loads from its stored files, so the kit's ``check`` and the bundle's name the
    same mistakes.
    """
    from ..probing import PROBED
    from ..public_tests import PROBE_PREFIX
    from .diagnosis import _mistake_outputs, reference_probes
    from ..functions import GRADED
    from .grading import hidden_source
    from .mistakes import CATALOG

    source = hidden_source(seed)
    arrays: dict[str, np.ndarray] = {}
    functions: dict[str, list] = {}
    mistakes: dict[str, list] = {}
    for graded in GRADED:
        cases, expected = source(graded)
        own = [m for m in CATALOG if m.function == graded.name]
        if own:
            mistakes[graded.name] = [{"name": m.name, "key": m.hint().key, "fields": dict(m.fields), "en": m.en,
                                     "zh": m.zh} for m in own]
        entries = []
        for i, (case, exp) in enumerate(zip(cases, expected)):
            prefix = f"{graded.name}/{i}"
            entry = dict(_case_entry(arrays, prefix, case, exp), mistakes={})
            for mistake in own:
                try:
                    produced = _mistake_outputs(mistake, graded, case)
                except Exception:  # a mistake that cannot run on this case explains no failure of it
                    continue
                stored = {}
                for name, candidate in produced.items():
                    if name not in exp or candidate[0] not in ("array", "json") or not _differs(candidate, exp[name]):
                        continue
                    if candidate[0] == "array":
                        arrays[f"{prefix}/mistake/{mistake.name}/{name}"] = np.asarray(candidate[1], np.float64)
                        stored[name] = ["array", None]
                    else:
                        stored[name] = ["json", json.loads(json.dumps(candidate[1]))]
                if stored:
                    entry["mistakes"][mistake.name] = stored
            entries.append(entry)
        functions[graded.name] = entries
    # The probes of the conv and pool functions with the reference's answers: the student's check probes too.
    probes = {}
    for graded in GRADED:
        if graded.name in PROBED:
            cases, features, wanted = reference_probes(graded)
            probes[graded.name] = [dict(_case_entry(arrays, f"{PROBE_PREFIX}{graded.name}/{i}", case, exp),
                                        features=features[i])
                                   for i, (case, exp) in enumerate(zip(cases, wanted))]
    return PublicTests({"seed": seed, "functions": functions, "mistakes": mistakes, "probes": probes}, arrays)


def _case_entry(arrays: dict, prefix: str, case, expected: dict) -> dict:
    """Store ``case``'s inputs and expected array outputs in ``arrays`` under ``prefix``; its index entry."""
    for name, array in case.arrays.items():
        arrays[f"{prefix}/in/{name}"] = np.asarray(array)
    outputs = {}
    for name, (kind, value) in expected.items():
        if kind == "array":
            arrays[f"{prefix}/out/{name}"] = value
            outputs[name] = ["array", None]
        else:
            outputs[name] = [kind, value]
    return {"params": _encode_params(case.params), "label": case.label, "variant": case.variant,
            "inputs": sorted(case.arrays), "outputs": outputs}


def write_public_tests(dest: str | Path = "dist/public") -> Path:
    """Compute the public tests (with the known mistakes' outputs) and store them in ``dest``.

    Not grader/public by default: the kit computes its public tests in memory, and a stored copy there would go
    stale when solutions/ changes.
    """
    return computed_public_tests().save(Path(dest))


@dataclasses.dataclass
class ReleaseResult:
    path: Path
    files: int
    names: list[str]


def build_release(output: str | Path = "dist/convkit-student.zip") -> ReleaseResult:
    """Write the student bundle zip.

    Args:
        output: Where to write the zip.

    Returns:
        A ReleaseResult with the zip's path and member names.
    """
    generate_stubs(KIT_ROOT / "solutions", KIT_ROOT / "assignment")
    output = Path(output)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "convkit"
        for name in BUNDLE_DIRS:
            if (KIT_ROOT / name).is_dir():
                shutil.copytree(KIT_ROOT / name, stage / name, ignore=IGNORED)
        shutil.copytree(KIT_ROOT / "grader", stage / "grader", ignore=SHIPPED_GRADER_IGNORED)
        write_public_tests(stage / "grader" / "public")
        shutil.copytree(STUDENT_FILES, stage, dirs_exist_ok=True, ignore=IGNORED)
        output.parent.mkdir(parents=True, exist_ok=True)
        names = []
        tmp_zip = output.with_suffix(".zip.part")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    arcname = path.relative_to(stage.parent).as_posix()
                    zf.write(path, arcname)
                    names.append(arcname)
        tmp_zip.replace(output)
    return ReleaseResult(output, len(names), names)
