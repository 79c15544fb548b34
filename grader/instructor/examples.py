"""Example submissions for the tests and the demo: the reference with one known mistake each, and hostile ones.

Each is a patch of the reference's layers.py (a source-level replacement), applied to a copy of solutions/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# name -> (function that must lose points, file, old text, new text)
BUGGY = {
    "forgotten_bias": ("conv_forward_naive", "layers.py",
                       "out[n, f, i, j] = np.sum(window * w[f]) + b[f]", "out[n, f, i, j] = np.sum(window * w[f])"),
    "flipped_kernel": ("conv_forward_naive", "layers.py",
                       "out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
                       "out[n, f, i, j] = np.sum(window * w[f, :, ::-1, ::-1]) + b[f]"),
    "pad_slice_breaks_at_zero": ("conv_backward_naive", "layers.py",
                                 "dx = dx_pad[:, :, pad:pad + H, pad:pad + W]", "dx = dx_pad[:, :, pad:-pad, pad:-pad]"),
    "assign_not_accumulate_pool": ("max_pool_backward_naive", "layers.py",
                                   "dx[n, c, hs + a, ws + bb] += dout[n, c, i, j]",
                                   "dx[n, c, hs + a, ws + bb] = dout[n, c, i, j]"),
    "db_from_one_sample": ("conv_backward_naive", "layers.py",
                           "db = dout.sum(axis=(0, 2, 3))", "db = dout[0].sum(axis=(1, 2))"),
    "relu_modifies_input": ("relu_forward", "layers.py", "out = np.maximum(0, x)",
                            "x[x < 0] = 0\n    out = x"),
    "softmax_without_shift": ("softmax_loss", "layers.py", "shifted = x - x.max(axis=1, keepdims=True)",
                              "shifted = x"),
}

HOSTILE_PRELUDES = {
    "fake_json_stdout": 'print(\'{"score": 110, "tests": []}\')\n',
    "sys_exit_at_import": "import sys\nsys.exit(0)\n",
    "os_exit_at_import": "import os\nos._exit(0)\n",
    "patched_numpy": "import numpy as _np\n_np.allclose = lambda *a, **k: True\n_np.testing.assert_allclose = "
                     "lambda *a, **k: None\n",
    "writes_everywhere": ("import os, json\nfor _d in ['/', '/tmp', os.getcwd(), os.path.expanduser('~'), '..']:\n"
                          "    try:\n        open(os.path.join(_d, 'results.json'), 'w').write(json.dumps("
                          "{'score': 110}))\n    except Exception:\n        pass\n"),
    "reads_reference": ("import os\n_found = []\nfor _root in ['/work', '/', os.getcwd() + '/..']:\n"
                        "    try:\n        for _dp, _dn, _fn in os.walk(_root):\n"
                        "            if 'solutions' in _dn:\n                _found.append(_dp)\n"
                        "            if len(_found) > 3:\n                break\n    except Exception:\n        pass\n"
                        "if _found:\n    raise RuntimeError('found the reference at ' + repr(_found))\n"),
    "kills_parent": "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept Exception:\n    pass\n",
    "segfault_at_import": "import ctypes\nctypes.string_at(0)\n",
    "syntax_error": "def broken(:\n",
    "infinite_loop_at_import": "while True:\n    pass\n",
}

# Replace the body of the conv forward by something hostile (the rest of the module stays correct).
HOSTILE_CONV = {
    "infinite_loop": "while True:\n        pass",
    "sleeps": "import time\n    time.sleep(3600)",
    "memory_bomb": "_hog = [bytearray(10**8) for _ in range(100)]",
    "returns_list": "out = np.zeros((x.shape[0], w.shape[0], 1 + (x.shape[2] + 2 * conv_param['pad'] - w.shape[2]) "
                    "// conv_param['stride'], 1 + (x.shape[3] + 2 * conv_param['pad'] - w.shape[3]) // "
                    "conv_param['stride'])).tolist()",
    "returns_nan": "out = np.full((x.shape[0], w.shape[0], 1 + (x.shape[2] + 2 * conv_param['pad'] - w.shape[2]) "
                   "// conv_param['stride'], 1 + (x.shape[3] + 2 * conv_param['pad'] - w.shape[3]) // "
                   "conv_param['stride']), np.nan)",
    "lying_subclass": ("class _Liar(np.ndarray):\n        def __eq__(self, other):\n            return True\n"
                       "        def __array_ufunc__(self, *a, **k):\n            return np.zeros(1)\n"
                       "    out = np.zeros((1, 1)).view(_Liar)"),
    "frame_inspection": ("import gc, inspect\n    _seen = [o for o in gc.get_objects() if isinstance(o, np.ndarray)]\n"
                         "    _frames = [f.frame.f_locals for f in inspect.stack()]\n"
                         "    out = next((o for o in _seen if o.ndim == 4 and o.shape[1] == w.shape[0]), None)"),
    "raises": "raise ValueError('something went wrong')",
}



def copy_reference(dest: Path) -> Path:
    """A copy of solutions/ as a submission folder (markers and all: they are comments)."""
    shutil.copytree(ROOT / "solutions", dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def make_buggy(name: str, dest: Path) -> Path:
    _, rel, old, new = BUGGY[name]
    copy_reference(dest)
    path = dest / rel
    text = path.read_text()
    assert old in text, f"{name}: the reference no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1))
    return dest


def make_hostile(name: str, dest: Path) -> Path:
    copy_reference(dest)
    path = dest / "layers.py"
    text = path.read_text()
    if name in HOSTILE_PRELUDES:
        head, sep, rest = text.partition("import numpy as np\n")
        path.write_text(head + sep + HOSTILE_PRELUDES[name] + rest)
        return dest
    body = HOSTILE_CONV[name]
    start = text.index("    # BEGIN SOLUTION\n    stride, pad = conv_param")
    end = text.index("    # END SOLUTION", start)
    path.write_text(text[:start] + "    # BEGIN SOLUTION\n    " + body + "\n" + text[end:])
    return dest
