"""What a student's module may import in the sandbox: what their own notebook imports it with (numpy, matplotlib,
scipy, Pillow, six, `future` where installed, and what those require), in every tier, read-only; and nothing of the
grader, the reference or another checkout through the paths that opens (grader/sandbox/tiers.py,
``student_parts``).

Real public CS231n `layers.py` files carry such imports at module level, unused: `from builtins import range`
(most of them), `from matplotlib.pyplot import axis`, `from scipy.ndimage.filters import convolve`, `import math`,
`from functools import reduce`, `from .fast_layers import *`.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.i18n import translate
from grader.instructor.grading import grade
from grader.sandbox import BUBBLEWRAP, RLIMITS, UID, confine, tiers
from grader.instructor.trial_cluster import pip_into
from tests.test_sandbox import (HOW, HERE_TIERS, KERNEL_LAYERS, ROOT, SEED, _grade_how, _public_folder, kit,  # noqa: F401
                                open_kit, other_checkout, tier_params)

LAYERS_OFF = {confine.SIMULATE_ENV: "landlock=ENOSYS,seccomp=EPERM"}
FUNCTIONS = ("relu_forward", "conv_forward_naive", "batchnorm_forward")  # the free phase and the guarded one

# The imports of real files, at module level as they wrote them (Python 2 compatibility, plots, scipy, the given
# fast layers by a relative star import and by the course's package name).
REAL_IMPORTS = """from __future__ import print_function
from builtins import range
import math
from functools import reduce
from matplotlib.pyplot import axis
import matplotlib.pyplot as plt
from scipy.ndimage.filters import convolve
from PIL import Image
from six.moves import xrange
from .fast_layers import *
from cs231n.fast_layers import *
"""

# relu_forward, right only where matplotlib draws with Agg and keeps its configuration and cache in the worker's
# home (its cwd): a display opened or a file written elsewhere would make it wrong.
MATPLOTLIB_AT_HOME = '''

def relu_forward(x):
    import io
    import os
    import matplotlib
    figure = plt.figure()
    figure.gca().plot([0, 1], [1, 0])
    png = io.BytesIO()
    figure.savefig(png, format="png")
    plt.close(figure)
    home = os.path.realpath(os.getcwd())
    at_home = os.path.realpath(matplotlib.get_configdir()).startswith(home + os.sep)
    agg = matplotlib.get_backend().lower() == "agg"
    out = np.maximum(0, x) if (at_home and agg and png.getvalue().startswith(b"\\x89PNG")) else x
    return out, x
'''


def _reference_with(folder: Path, prelude: str, tail: str = "") -> Path:
    """The reference in ``folder`` (readable by anyone), ``prelude`` after its docstring, ``tail`` at its end."""
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    path = folder / "layers.py"
    head, sep, rest = path.read_text().partition('\n"""\n')  # the module docstring's end
    assert sep, "the reference's layers.py has no module docstring"
    path.write_text(head + sep + prelude + rest + tail)
    return folder


def test_the_view_holds_the_notebooks_packages_and_nothing_of_the_kit():
    """Does the worker's view hold numpy's, matplotlib's (with what it requires) and scipy's folders, each an entry
    of a site-packages folder and never the folder itself, and no part of the kit, though an installed kit would lie
    beside them?"""
    parts = tiers.student_parts()
    names = {os.path.basename(p) for p in parts}
    assert {"numpy", "matplotlib", "mpl_toolkits", "PIL", "scipy", "dateutil", "pyparsing", "six.py"} <= names
    sites = set(tiers.site_dirs())
    assert not sites & set(parts)
    assert all(os.path.dirname(p) in {os.path.realpath(s) for s in sites} | {os.path.dirname(parts[0])}
               for p in parts)
    assert not names & tiers.KIT_PACKAGES
    assert not any(Path(p).resolve().is_relative_to(ROOT / name) for p in parts for name in tiers.KIT_PACKAGES)
    # bubblewrap binds exactly these, each under the view's own name
    cmd = tiers.bwrap_command("bwrap", Path("/nowhere"), 16)
    bound = {cmd[i + 2] for i, arg in enumerate(cmd) if arg == "--ro-bind"
             and cmd[i + 2].startswith(f"{tiers.SANDBOX_ROOT}/{tiers.NUMPY_VIEW}/")}
    assert bound == {f"{tiers.SANDBOX_ROOT}/{tiers.NUMPY_VIEW}/{name}" for name in names}


@pytest.mark.parametrize("layers", ["kernel layers", "no kernel layers"])
@pytest.mark.parametrize("how", HOW)
def test_a_correct_layers_py_with_the_imports_of_real_files_earns_full_marks(kit, open_kit, tmp_path, how, layers):
    """Does the reference, carrying the module-level imports of real CS231n files (matplotlib, scipy, Pillow, six,
    the fast layers by star imports), earn every point in each tier (and with Landlock and seccomp refused), with
    matplotlib drawing on Agg and keeping its files in the worker's home?"""
    folder = _public_folder("imports")
    try:
        sub = _reference_with(folder / "sub", REAL_IMPORTS, MATPLOTLIB_AT_HOME)
        env = {**(LAYERS_OFF if layers == "no kernel layers" else {}), "DISPLAY": ":0"}
        report, _, _ = _grade_how(kit, open_kit, sub, how, functions=FUNCTIONS, env_extra=env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    messages = [c["message"][:300] for c in report["checks"] if c["score"] < c["max_score"]]
    assert report["score"] == report["max_score"] > 0, messages
    assert {c["function"] for c in report["checks"]} == set(FUNCTIONS)
    kernel = [layer for layer in report["confinement"] if layer.startswith("landlock") or layer == "seccomp"]
    assert kernel == (KERNEL_LAYERS if layers == "kernel layers" else [])


# A stub whose relu is right only if the paths to the packages of the view lead it to the reference, the grader or
# another checkout: from each package's real folder it climbs ``levels`` folders (None: to the root), and at every
# folder on the way tries the kit's files there and in each folder beside it.
CLIMBER = """
def _climb():
    import importlib, os
    wanted = ('solutions/layers.py', 'grader/rubric.toml', 'grader/instructor/cases.py', 'source/solutions/layers.py')
    tried = [{extra!r}]
    for name in ('numpy', 'matplotlib', 'scipy', 'PIL', 'six', 'dateutil', 'mpl_toolkits'):
        try:
            module = importlib.import_module(name)
        except BaseException:
            continue
        where = os.path.realpath(getattr(module, '__file__', None) or list(module.__path__)[0])
        levels = {levels!r}
        while where != os.path.dirname(where) and levels != 0:
            levels = None if levels is None else levels - 1
            where = os.path.dirname(where)
            beside = [where]
            try:
                beside += [os.path.join(where, entry) for entry in sorted(os.listdir(where))[:300]]
            except OSError:
                pass
            tried += [os.path.join(folder, rel) for folder in beside for rel in wanted]
    found = []
    for path in tried:
        try:
            with open(path) as fh:
                fh.read(1)
            found.append(path)
        except OSError:
            pass
    return found


_found = _climb()
if _found:
    def relu_forward(x):
        return np.maximum(0, x), x
"""


def _climber(extra: str) -> Path:
    folder = _public_folder("climber")
    sub = folder / "sub"
    shutil.copytree(ROOT / "assignment", sub, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [sub, *sub.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    with open(sub / "layers.py", "a") as fh:
        fh.write(CLIMBER.format(extra=extra, levels=None))
    return sub


@pytest.mark.parametrize("how", HOW)
def test_the_paths_to_the_packages_lead_to_nothing_of_the_kit(kit, open_kit, other_checkout, how):
    """Does a stub that climbs from the real folder of every package it may import (numpy, matplotlib, scipy, ...)
    towards the root, trying the reference, the rubric and the case makers in every folder on the way and beside
    it (this kit's checkout, whose .venv holds those packages, among them) and another checkout, earn 0 in every
    tier?"""
    sub = _climber(str(other_checkout / "solutions" / "layers.py"))
    try:
        report, _, _ = _grade_how(kit, open_kit, sub, how, functions=("relu_forward",))
    finally:
        shutil.rmtree(sub.parent, ignore_errors=True)
    assert report["score"] == 0, [c["message"][:200] for c in report["checks"]]


@pytest.mark.skipif(not KERNEL_LAYERS or not tiers.is_root(), reason="needs Linux's layers to refuse, as root")
def test_without_the_kernels_layers_the_climber_finds_the_checkout(kit, open_kit, other_checkout):
    """With Landlock and seccomp refused, as root in the rlimits tier (not a secure grader), does the same climber
    reach the other checkout and score, so that the test above can fail?"""
    sub = _climber(str(other_checkout / "solutions" / "layers.py"))
    try:
        report, _, _ = _grade_how(kit, open_kit, sub, RLIMITS, functions=("relu_forward",), env_extra=LAYERS_OFF)
    finally:
        shutil.rmtree(sub.parent, ignore_errors=True)
    assert report["score"] == report["max_score"] > 0


@pytest.fixture(scope="module")
def kit_beside_six(installed_kit):
    """The pip-installed kit with `six` (a package student code may import, a single module) installed beside the
    grader and the reference, as `pip install .` into one environment with the notebook's packages leaves them."""
    import six
    if not (installed_kit.site / "six.py").exists():
        pip_into(installed_kit.python, "--no-deps", "--ignore-installed", f"six=={six.__version__}")
    assert (installed_kit.site / "six.py").exists() and (installed_kit.site / "grader").is_dir()
    return installed_kit


@pytest.mark.parametrize("tier, layers", [*[pytest.param(t, "kernel layers", marks=m.marks)
                                            for t, m in zip((BUBBLEWRAP, UID), tier_params(BUBBLEWRAP, UID))],
                                          pytest.param(UID, "no kernel layers", marks=tier_params(UID)[0].marks)])
def test_a_package_beside_the_installed_grader_leads_to_nothing_of_it(kit_beside_six, tmp_path, tier, layers):
    """With the kit pip-installed beside `six`, does a stub that looks beside the real folder of every package it
    may import (for six.py, the site-packages that holds the grader, the reference and the case makers) earn 0 in
    bubblewrap and the uid tier, and in the uid tier with Landlock and seccomp refused (which closes the installed
    kit to the sandbox uid by its modes; a world-readable checkout elsewhere is Landlock's to hold, see above); and
    does the same stub with a correct relu earn the points there?"""
    sub = tmp_path / "climber"
    shutil.copytree(ROOT / "assignment", sub, ignore=shutil.ignore_patterns("__pycache__"))
    os.chmod(sub, 0o755)
    with open(sub / "layers.py", "a") as fh:
        fh.write(CLIMBER.format(extra=str(kit_beside_six.site / "solutions" / "layers.py"), levels=1))
    env = kit_beside_six.env()
    if layers == "no kernel layers":
        env.update(LAYERS_OFF)
    argv = [str(kit_beside_six.bin / "convkit-instructor"), "grade", str(sub), "-o", str(tmp_path / "out"),
            "--functions", "relu_forward"]
    if tier == UID:
        fake = tmp_path / "fakebin"
        fake.mkdir()
        (fake / "bwrap").write_text("#!/bin/sh\necho 'bwrap: Creating new namespace failed' >&2\nexit 1\n")
        (fake / "bwrap").chmod(0o755)
        env["PATH"] = f"{fake}:{env['PATH']}"
    run = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["tier"] == tier
    assert report["score"] == 0, [c["message"][:200] for c in report["checks"]]
    with open(sub / "layers.py", "a") as fh:
        fh.write("\n\nimport six\n\n\ndef relu_forward(x):\n    return np.maximum(0, x), x\n")
    run = subprocess.run(argv[:4] + [str(tmp_path / "out2")] + argv[5:], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    report = json.loads((tmp_path / "out2" / "report.json").read_text())
    assert report["tier"] == tier and report["score"] == report["max_score"] > 0


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("module", ["torch", "cv2", "past.builtins"])
def test_a_library_the_kit_does_not_install_costs_nothing_until_used(tmp_path, module, lang):
    """A correct layers.py importing torch, OpenCV or `future`'s past.builtins (none of them installed by the kit)
    at module level, as real files do, unused: does it keep every point? And a relu_forward that uses it: does
    that function alone lose its points, with the hint that the library is not available to the grader, in the
    graded report and in the student's local check, in English and Chinese?"""
    from grader.instructor.api import check
    if _installed(module):
        pytest.skip(f"{module} is installed here")
    functions = ["relu_forward", "sigmoid_forward"]
    unused = _reference_with(tmp_path / "unused", f"import {module}\n")
    report = grade(unused, seed=SEED, tier=RLIMITS, functions=functions, lang=lang)
    assert report.score == report.max_score > 0, [c.message[:200] for c in report.checks]
    used = _reference_with(tmp_path / "used", f"import {module}\n",
                           f"\n\ndef relu_forward(x):\n    return {module}.relu(x), x\n")
    for report in (grade(used, seed=SEED, tier=RLIMITS, functions=functions, lang=lang).worded(),
                   check(used, functions=functions, lang=lang).worded()):
        lost = {c.function for c in report.checks if c.score < c.max_score}
        assert lost == {"relu_forward"}, lost
        hints = [c.hint for c in report.checks if c.function == "relu_forward" and c.score < c.max_score]
        assert hints and translate("sandbox_numpy_only", lang) in hints[0], hints


# Unused module-level imports of what the grader cannot offer, as held-out real files carry them: IPython's and
# Jupyter's, a NumPy path NumPy 2.0 made private, CS231n's own im2col module (absolutely and relatively).
ABSENT_IMPORTS = """from IPython.display import display
from traitlets import DottedObjectName
from numpy.lib.arraypad import pad
from cs231n.im2col import *
from .im2col import im2col_indices
import skimage.io as skio
"""


@pytest.mark.parametrize("how", HOW)
def test_unused_imports_of_what_the_grader_lacks_cost_nothing_in_every_tier(kit, open_kit, how):
    """Does the reference carrying ABSENT_IMPORTS keep every point in each tier, where before each such import
    failed the whole module (a held-out file lost 152 of 177 points for an unused traitlets import)?"""
    folder = _public_folder("absent")
    try:
        sub = _reference_with(folder / "sub", ABSENT_IMPORTS)
        report, _, _ = _grade_how(kit, open_kit, sub, how, functions=FUNCTIONS)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    messages = [c["message"][:300] for c in report["checks"] if c["score"] < c["max_score"]]
    assert report["score"] == report["max_score"] > 0, messages


@pytest.mark.parametrize("use, key", [
    ("col2im_indices(x)", "rule_missing_module"),   # a name the star import of cs231n.im2col would have given
    ("im2col_indices(x)", "rule_missing_module"),   # imported by name from the relative .im2col
    ("pad(x, 1)", "rule_numpy_private_module"),
    ("display(x)", "sandbox_numpy_only"),
])
def test_a_function_using_what_the_grader_lacks_fails_alone_and_is_told_which(tmp_path, use, key):
    """With ABSENT_IMPORTS at the top, a relu_forward that uses one of them: does it alone lose its points, with
    the hint for that kind of module (CS231n's package, NumPy's private path, another library)?"""
    sub = _reference_with(tmp_path / "sub", ABSENT_IMPORTS, f"\n\ndef relu_forward(x):\n    return {use}, x\n")
    report = grade(sub, seed=SEED, tier=RLIMITS, functions=["relu_forward", "sigmoid_forward"]).worded()
    lost = {c.function: c.hint for c in report.checks if c.score < c.max_score}
    assert set(lost) == {"relu_forward"}, lost
    assert translate(key) in lost["relu_forward"], lost


def test_only_the_students_own_imports_are_given_an_empty_module():
    """The finder answers imports made by the student's package only: the same missing import made by any other
    module (numpy's optional imports, say) still raises, so no library changes its behaviour."""
    import importlib
    import types
    from grader.sandbox.worker import AbsentModules
    finder = AbsentModules(("studentpkg",))
    code = "import convkit_no_such_module_zz as m\nvalue = m.anything\n"
    sys.meta_path.append(finder)
    try:
        for name, expected in (("studentpkg.layers", True), ("numpy.somewhere", False)):
            sys.modules.pop("convkit_no_such_module_zz", None)
            module = types.ModuleType(name)
            if expected:
                exec(code, module.__dict__)
                with pytest.raises(ModuleNotFoundError, match="convkit_no_such_module_zz"):
                    module.value()
            else:
                with pytest.raises(ModuleNotFoundError):
                    exec(code, module.__dict__)
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module("convkit_no_such_module_zz2")
        # the kit's own names are never given, even to the student's package: a probe for them fails as before
        module = types.ModuleType("studentpkg.layers")
        module.finder = finder
        exec("specs = {name: finder.find_spec(name) for name in ('convkit_no_such_module_zz3', 'grader', "
             "'solutions.layers', 'grader.instructor.cases')}", module.__dict__)
        assert module.specs.pop("convkit_no_such_module_zz3") is not None
        assert module.specs == dict.fromkeys(module.specs), module.specs
    finally:
        sys.meta_path.remove(finder)
        sys.modules.pop("convkit_no_such_module_zz", None)


def _installed(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0
