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

# Leaves trees that broke the recursive clean-up (issue 18): a deep nest in its home and in /tmp, a wide folder, a
# permission-stripped tree and a symlink to the kit inside them; the token names what it made. Made through
# directory descriptors, as an attacker would (a path 3,000 folders deep cannot be named).
LEAVES_TREES = """
import os as _os
def _leave(token, depth, width, kit):
    def nest(top):
        try:
            _os.mkdir(top)
        except OSError:
            return
        fd = _os.open(top, _os.O_RDONLY)
        for _ in range(depth):
            _os.mkdir('d', dir_fd=fd)
            child = _os.open('d', _os.O_RDONLY, dir_fd=fd)
            _os.close(fd)
            fd = child
        _os.symlink(kit, 'kit', dir_fd=fd)
        _os.close(fd)
        _os.makedirs(top + '/wide')
        for i in range(width):
            _os.close(_os.open(top + '/wide/f' + str(i), _os.O_CREAT | _os.O_WRONLY, 0o644))
        _os.makedirs(top + '/s/a/b')
        open(top + '/s/a/b/f', 'w').write('x')
        _os.chmod(top + '/s/a/b/f', 0o444)
        _os.chmod(top + '/s/a/b', 0o500)
        _os.chmod(top + '/s/a', 0)
        _os.symlink(kit, top + '/kit')
    nest(_os.path.join(_os.getcwd(), token))
    nest('/tmp/' + token)
_leave({token!r}, {depth}, {width}, {kit!r})
"""

# Leaves what a uid can leave beside files (issue 18): files in /run/lock and /var/tmp (world-writable, mode 0644,
# so another uid could read them), a SysV shared-memory segment and a POSIX message queue, both open to everyone.
LEAVES_IPC = """
import ctypes as _ctypes, os as _os
def _leave(token):
    for folder in ('/run/lock', '/var/tmp', '/dev/shm'):
        try:
            with open(folder + '/' + token, 'w') as fh:
                fh.write('a working layers.py')
            _os.chmod(folder + '/' + token, 0o644)
        except OSError:
            pass
    libc = _ctypes.CDLL(None, use_errno=True)
    IPC_CREAT = 0o1000
    libc.shmget(int(token[:7], 16), 4096, IPC_CREAT | 0o666)
    try:
        rt = _ctypes.CDLL('librt.so.1', use_errno=True)
    except OSError:
        rt = libc
    rt.mq_open.restype = _ctypes.c_int
    rt.mq_open(('/' + token).encode(), _os.O_CREAT | _os.O_RDWR, 0o666, None)
_leave({token!r})
"""

# Seven ways to reach a given fast layer from a naive exercise without a `def` that calls it by name (issue 18): the
# static check reads none of them; the guard holds against all. Each value: code appended to the reference's
# layers.py, replacing the naive functions it names.
FAST_LAYER_ROUTES = {
    "alias": ("conv_forward_naive",
              "from .fast_layers import conv_forward_im2col as _cf\nconv_forward_naive = _cf\n"),
    "lambda": ("conv_backward_naive",
               "from .fast_layers import conv_backward_im2col as _cb\n"
               "conv_backward_naive = lambda dout, cache: _cb(dout, cache)\n"),
    "partial": ("max_pool_forward_naive",
                "import functools as _functools\nfrom . import fast_layers as _fl\n"
                "max_pool_forward_naive = _functools.partial(_fl.max_pool_forward_fast)\n"),
    "class_call": ("max_pool_backward_naive",
                   "from . import fast_layers as _fl2\n"
                   "class _Backward:\n    def __call__(self, dout, cache):\n"
                   "        return _fl2.max_pool_backward_fast(dout, cache)\n"
                   "max_pool_backward_naive = _Backward()\n"),
    "importlib": ("avg_pool_forward_naive",
                  "def avg_pool_forward_naive(x, pool_param):\n    import importlib\n"
                  "    module = importlib.import_module('.fast' + '_layers', __package__)\n"
                  "    return getattr(module, 'avg_pool_forward_' + 'fast')(x, pool_param)\n"),
    "getattr": ("avg_pool_backward_naive",
                "def avg_pool_backward_naive(dout, cache):\n    import sys\n"
                "    return getattr(sys.modules[__package__ + '.fast_layers'], 'avg_pool_backward_' + 'fast')(dout, "
                "cache)\n"),
    "exec_source": ("conv_forward_naive",
                    "def _from_source():\n    import os\n    namespace = {}\n"
                    "    path = os.path.join(os.path.dirname(__file__), 'fast_layers.py')\n"
                    "    exec(compile(open(path).read(), path, 'exec'), namespace)\n"
                    "    return namespace['conv_forward_im2col']\n"
                    "conv_forward_naive = _from_source()\n"),
}


def with_fast_layer_routes(dest: Path, routes) -> Path:
    """The reference in ``dest`` with the naive functions of ``routes`` (names of FAST_LAYER_ROUTES) replaced."""
    copy_reference(dest)
    with open(dest / "layers.py", "a") as fh:
        for route in routes:
            fh.write("\n" + FAST_LAYER_ROUTES[route][1])
    return dest
