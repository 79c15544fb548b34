"""Hostile submissions for the grader's tests: the reference with code that cheats, crashes, hangs or snoops,
either at import (a prelude after ``import numpy as np`` in layers.py) or as the body of conv_forward_naive (the
rest of the module stays correct)."""
from __future__ import annotations

from pathlib import Path

from grader.instructor.reference import copy_reference

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


def make_hostile(name: str, dest: Path) -> Path:
    """A copy of the reference in ``dest`` with the hostile prelude or conv body ``name``; returns ``dest``."""
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
