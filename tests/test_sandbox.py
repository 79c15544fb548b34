"""The sandbox under attack, in every tier this machine can provide: bubblewrap, the unprivileged uid (bubblewrap
present but failing, as inside Docker, and the grader running as root), and rlimits only.

Attacks that would rewrite the kit if they worked run against a throwaway copy of it, graded by a separate
``python -m grader.instructor grade`` process, as Gradescope runs it.
"""
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest

from grader.instructor.grading import grade
from grader.i18n import render, text
from tests.worded import worded
from grader.sandbox import BUBBLEWRAP, RLIMITS, UID, Limits, WorkerSession, confine, decode_job, protocol, tiers
from grader.sandbox.decode import decode_arrays, decode_status
from grader.sandbox.session import QUOTA_WALK_ENTRIES, TOO_MANY_FILES
from grader.sandbox.worker import decode_inputs, encode_outputs, serve

grade = worded(grade)  # the report as a student reads it: worded in its language

ROOT = Path(__file__).resolve().parents[1]
HERE_TIERS = tiers.available()
SEED = 7
FAKE_BWRAP = "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\nexit 1\n"


def tier_params(*wanted):
    return [pytest.param(t, marks=pytest.mark.skipif(t not in HERE_TIERS, reason=f"no {t} tier on this machine"))
            for t in wanted]


# -- the decoder, on its own ---------------------------------------------------------------------------------------

def _npz(**arrays):
    """The arrays as the worker sends them (the name is older than the format: no .npz travels any more)."""
    return protocol.encode_arrays(arrays)


def _raw(*members: tuple[bytes, bytes]) -> bytes:
    """A payload written by hand, as hostile code could: (header line, bytes) per array."""
    body = b"".join(line + b"\n" + data for line, data in members)
    return protocol.ARRAYS_MAGIC + f"{len(members)}\n".encode() + body


def test_decoder_refuses_pickles_objects_and_structures():
    """Are object, void, structured, complex and string arrays (and a pickle in place of the arrays) refused,
    never unpickled or trusted, and are they refused by the encoder too?"""
    for dtype in ("|O", "|V16", "<c16", "|S4", "<U1", "<M8[s]", "[('a', '<f8')]", "<f16", "O"):
        arrays, problem = decode_arrays(_raw((f"c0/out {dtype} C 2".encode(), b"\0" * 32)))
        assert arrays == {} and "could not be read" in problem, dtype
    for array in (np.array([object()], dtype=object), np.zeros(3, dtype=[("a", "f8"), ("b", "i4")]),
                  np.zeros(2, dtype=complex)):
        with pytest.raises(ValueError, match="cannot travel"):
            protocol.encode_arrays({"c0/out": array})
    assert "could not be read" in decode_arrays(b"\x80\x04K\x01.")[1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:  # the old format is refused as well
        zf.writestr("c0/out.npy", b"\x93NUMPY")
    assert "could not be read" in decode_arrays(buffer.getvalue())[1]


def test_decoder_caps_sizes_and_garbage():
    """Are an oversized answer, an array of too many elements, garbage status and over-long events bounded?"""
    assert "too large" in decode_arrays(b"x" * (protocol.MAX_NPZ_BYTES + 1))[1]
    assert "too large" in decode_arrays(_npz(**{"c0/out": np.zeros(20_000_001, dtype=np.uint8)}))[1]
    assert str(decode_status(b"{" * 100)[1]) == "the status is not valid JSON"
    assert str(decode_status(b"[1, 2]")[1]) == "the status is not a JSON object"
    assert str(decode_status(b" " * (protocol.MAX_STATUS_BYTES + 1))[1]) == "the status is too large"
    status = json.dumps({"cases": [{"events": [{"raised": "E" * 700, "type": "T" * 100,
                                                 "traceback": ["x" * 30] * 8}] * 55}]}).encode()
    assert len(status) <= protocol.MAX_STATUS_BYTES
    events = decode_job(status, _npz(), 1)[0].events
    assert len(events) == 50 and len(events[0]["raised"]) == 500 and len(events[0]["traceback"]) == 6


ROUND_TRIP = {"c0/out": np.arange(24.0).reshape(2, 3, 4), "c0/__input__.y": np.array([3, -1], dtype=np.int64),
              "c1/scalar": np.array(2.5), "c1/empty": np.zeros((0, 3)), "c1/mask": np.array([True, False]),
              "c1/big endian": np.arange(3, dtype=">f4"), "c1/fortran": np.asfortranarray(np.arange(6.).reshape(2, 3)),
              "c1/half": np.array([0.5, 1.5], dtype=np.float16), "c1/u8": np.array([250], dtype=np.uint8),
              "c2/params.W \u4e2d/x": np.ones((1, 1, 1, 1), dtype=np.int16), "c2/params." + "k" * 1000: np.ones(1)}


def test_arrays_round_trip_with_their_values_shapes_and_names():
    """Does every dtype and layout that may travel come back with its exact values and shape, as float64 in the
    parent and as its own dtype and memory order (writable, owning its data) in the worker?"""
    payload = protocol.encode_arrays(ROUND_TRIP)
    decoded, problem = decode_arrays(payload)
    assert problem == "" and list(decoded) == list(ROUND_TRIP)
    inputs = decode_inputs(payload)
    for name, array in ROUND_TRIP.items():
        assert decoded[name].dtype == np.float64 and decoded[name].flags.c_contiguous and decoded[name].flags.writeable
        np.testing.assert_array_equal(decoded[name], array.astype(np.float64))
        assert inputs[name].dtype == array.dtype and inputs[name].shape == array.shape
        assert inputs[name].flags.writeable and inputs[name].flags.owndata
        assert inputs[name].flags.f_contiguous == array.flags.f_contiguous
        np.testing.assert_array_equal(inputs[name], array)
    assert encode_outputs({"out": np.ones(2, dtype=np.longdouble)}) == protocol.encode_arrays({"out": np.ones(2)})


def test_why_an_answer_could_not_be_read_is_worded_in_chinese_too():
    """Every reason the decoder gives for refusing an answer (no outputs, too large, malformed arrays, a bad
    status), as the unreadable-answer sentence a zh report shows: is it Chinese, with no English sentence left?"""
    from tests.no_english import english_sentences
    problems = [decode_arrays(b"")[1], decode_arrays(b"x" * (protocol.MAX_NPZ_BYTES + 1))[1],
                decode_arrays(b"\x80\x04K\x01.")[1], decode_status(b"{" * 100)[1], decode_status(b"[1, 2]")[1],
                decode_status(b" " * (protocol.MAX_STATUS_BYTES + 1))[1]]
    for problem in problems:
        assert problem, problem
        zh = render(problem, "zh")
        assert zh and not english_sentences(zh), zh
        assert zh in render(text("unreadable_answer", problem=problem), "zh")


def test_decoder_refuses_every_truncation_and_trailing_byte():
    """Is a payload cut at any byte, or followed by any extra byte, refused as a whole (never a shorter array)?"""
    payload = protocol.encode_arrays({"c0/out": np.arange(6.0).reshape(2, 3), "c0/b": np.arange(3, dtype=np.int32)})
    for cut in range(1, len(payload)):
        arrays, problem = decode_arrays(payload[:cut])
        assert arrays == {} and problem, cut
        with pytest.raises(protocol.ProtocolError):
            decode_inputs(payload[:cut])
    for extra in (b"\0", b"\n", b"x", b"c0/c <f8 C 1\n"):
        arrays, problem = decode_arrays(payload + extra)
        assert arrays == {} and problem, extra


def test_decoder_survives_every_flipped_byte():
    """Whatever byte of a payload hostile code changes, to whatever value, does the decoder either refuse it or
    read arrays whose byte counts match their shapes, never raising and never reading past the payload?"""
    payload = protocol.encode_arrays({"c0/out": np.arange(4.0).reshape(2, 2), "c0/__input__.x": np.ones(3)})
    rng = np.random.default_rng(0)
    for index in range(len(payload)):
        for value in {0, 0x20, 0x2C, 0x0A, 0x39, 0xFF, int(rng.integers(256))}:
            hostile = bytearray(payload)
            hostile[index] = value
            arrays, problem = decode_arrays(bytes(hostile))
            assert problem or all(a.dtype == np.float64 and a.size <= 4 for a in arrays.values()), (index, value)


def test_decoder_refuses_declared_shapes_the_bytes_do_not_hold():
    """Are huge, negative, malformed or over-many declared dimensions, and an empty payload, refused before any
    array is read?"""
    refused = [b"c0/out <f8 C 99999999999", b"c0/out <f8 C 4294967296,4294967296", b"c0/out <f8 C -1",
               b"c0/out <f8 C 2,,2", b"c0/out <f8 C 2x2", b"c0/out <f8 C " + b",".join([b"1"] * 33),
               b"c0/out <f8 C 1234567890123", b"c0/out <f8 X 2", b"c0/out  <f8 C 2", b"c0/out <f8 C 2 ",
               b"c0/out <f8 C \xd9\xa2", b"c0 out <f8 C 2", b"x" * 5000 + b" <f8 C 2", b"c0/out <f8 C 3"]
    for line in refused:
        assert decode_arrays(_raw((line, b"\0" * 16)))[1], line
    assert "too large" in decode_arrays(_raw((b"c0/out |u1 C 20000001", b"")))[1]
    assert str(decode_arrays(b"")[1]) == "the worker sent no outputs"
    assert decode_arrays(_raw((b"c0/a <f8 C 1", b"\0" * 8), (b"c0/a <f8 C 1", b"\0" * 8)))[1]  # a name twice
    assert decode_arrays(_raw()) == ({}, "")  # no arrays at all: nothing to read, nothing wrong
    for count in (b"", b"-1", b"1 ", b"01x", b"9" * 10):
        assert decode_arrays(protocol.ARRAYS_MAGIC + count + b"\n")[1], count


def test_an_empty_array_of_axes_numpy_cannot_hold_is_an_unreadable_answer():
    """An array with no element but axes whose product numpy cannot hold ((0, 10**12, 10**12, 10**12), which no
    function can return but a worker writing its own frame can send): is it refused as the answer, never the
    grader's ValueError (which stopped the grading: "error: array is too big", no report, a batch's row "the
    grader failed" at every run)?"""
    for shape in (b"0,999999999999,999999999999,999999999999", b"999999999999,999999999999,0",
                  b"0," + b",".join([b"99999999999"] * 31), b"0,8000001"):
        arrays, problem = decode_arrays(_raw((b"c0/out <f8 C " + shape, b"")))
        assert arrays == {} and problem, shape
        outputs = decode_job(b'{"cases": []}', _raw((b"c0/out <f8 C " + shape, b"")), 1)
        assert outputs[0].problem and not outputs[0].arrays, shape
    assert decode_arrays(_raw((b"c0/out <f8 C 0,5", b"")))[0]["c0/out"].shape == (0, 5)  # empty, and fine


FORGED_EMPTY_SHAPE = """

def relu_forward(x):
    import json, sys
    frame = sys._getframe()
    while frame is not None and 'answers' not in frame.f_locals:  # the worker's serve(): its answer stream, the job
        frame = frame.f_back
    answers, k = frame.f_locals['answers'], frame.f_locals['k']
    arrays = b'convkit-arrays 1 1\\nc0/out <f8 C 0,999999999999,999999999999,999999999999\\n'
    answers.write(b'result %d 2 %d\\n{}' % (k, len(arrays)) + arrays)
    answers.flush()
    return x, x
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_forged_answer_numpy_cannot_shape_costs_its_function_only(tmp_path, tier):
    """A relu_forward that writes its own answer with an empty array of too many axes: does it lose its own points
    alone, while affine_forward keeps its own (the grading stopped with the grader's ValueError)?"""
    sub = _with_body(tmp_path / "s", "")
    (sub / "layers.py").write_text((sub / "layers.py").read_text() + FORGED_EMPTY_SHAPE)
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "affine_forward"])
    scores = report.function_scores()
    assert scores["relu_forward"][0] == 0
    assert scores["affine_forward"][0] == scores["affine_forward"][1]


PLAIN_NUMBER_LOSS = """

_softmax_loss = softmax_loss


def softmax_loss(x, y):
    loss, dx = _softmax_loss(x, y)
    return {loss}, dx
"""


@pytest.mark.parametrize("loss, earns", [("float(loss)", True), ("loss.item()", True), ("10 ** 400", False),
                                         ("-10 ** 400", False), ("True", False)])
def test_a_loss_returned_as_a_plain_number_is_judged_as_the_number(tmp_path, loss, earns):
    """The reference's NumPy scalar loss travels as an array of one element, a plain Python number as a JSON value:
    does a correct softmax_loss that returns ``float(loss)`` earn the loss's points (it lost them: "expected a numpy
    array, got float"), and does an int no float holds lose them without stopping the grading?"""
    sub = _with_body(tmp_path / "s", "")
    (sub / "layers.py").write_text((sub / "layers.py").read_text() + PLAIN_NUMBER_LOSS.format(loss=loss))
    report = grade(sub, seed=SEED, tier=RLIMITS, functions=["softmax_loss"])
    got = {c.name: c.score == c.max_score for c in report.checks if c.function == "softmax_loss" and c.max_score}
    assert got and all(ok == earns for name, ok in got.items() if "loss" in name), got


FORGED_RECORDING = """

def batchnorm_forward(x, gamma, beta, bn_param):
    return x, None


_spatial_batchnorm_forward = spatial_batchnorm_forward


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    import json, sys
    if type(batchnorm_forward).__name__ == 'Recorder':  # the grader reads this wrapper's plumbing: answer for it
        frame = sys._getframe()
        while frame is not None and 'answers' not in frame.f_locals:
            frame = frame.f_back
        answers, k = frame.f_locals['answers'], frame.f_locals['k']
        status = json.dumps({{'cases': [{{'events': [{{}}], 'outputs': {{'rec0.root': 'json', 'rec0.a0': 'json'}},
                                        'values': {{'rec0.root': 'batchnorm_forward', 'rec0.a0': {handed}}}}}]}})
        arrays = b'convkit-arrays 1 0\\n'
        answers.write(b'result %d %d %d\\n' % (k, len(status), len(arrays)) + status.encode() + arrays)
        answers.flush()
    return _spatial_batchnorm_forward(x, gamma, beta, bn_param)
"""


@pytest.mark.parametrize("handed", ["{'x': 1}", "'x'", "[[1, 2]]"])
def test_recorded_calls_forged_with_any_json_read_as_nothing(tmp_path, handed):
    """A failing wrapper's plumbing is read from the copies its recorders made, sent back through the worker's
    channel: does a wrapper that answers that job itself, with a dict, a string or a list where the recorder puts
    the array it was handed, lose its points while the grading goes on (a dict stopped the whole grading with the
    grader's TypeError)?"""
    sub = _with_body(tmp_path / "s", "")
    (sub / "layers.py").write_text((sub / "layers.py").read_text() + FORGED_RECORDING.format(handed=handed))
    report = grade(sub, seed=SEED, tier=RLIMITS, functions=["batchnorm_forward", "spatial_batchnorm_forward"])
    scores = report.function_scores()
    assert scores["batchnorm_forward"][0] == 0 and scores["spatial_batchnorm_forward"][0] == 0, scores


OVERFLOWING_ANSWERS = """

_affine_backward, _batchnorm_forward, _softmax_loss = affine_backward, batchnorm_forward, softmax_loss


def affine_backward(dout, cache):
    dx, dw, db = _affine_backward(dout, cache)
    return np.where(dx > 0, np.inf, dx * 1e300), np.full_like(dw, np.inf), db * np.nan


def batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = _batchnorm_forward(x, gamma, beta, bn_param)
    return out * 1e306, cache


def softmax_loss(x, y):
    loss, dx = _softmax_loss(x, y)
    return loss * 1e308 * 10, -dx * 1e300
"""


def test_overflowing_and_nan_answers_are_judged_without_a_warning(tmp_path):
    """Outputs of 1e300 and more, infinities and NaNs, as a student's overflowing code returns them: are they judged
    (no point) without one RuntimeWarning from the grader's own arithmetic on them, so that they neither flood the
    terminal nor, under ``-W error``, stop the grading?"""
    import warnings
    sub = _with_body(tmp_path / "s", "")
    (sub / "layers.py").write_text((sub / "layers.py").read_text() + OVERFLOWING_ANSWERS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = grade(sub, seed=SEED, tier=RLIMITS,
                       functions=["affine_backward", "batchnorm_forward", "softmax_loss", "relu_forward"])
    scores = report.function_scores()
    assert scores["relu_forward"][0] == scores["relu_forward"][1]
    assert all(scores[name][0] < scores[name][1] for name in ("affine_backward", "batchnorm_forward", "softmax_loss"))


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_worker_outlives_the_grading_thread_that_started_its_zygote(tmp_path, tier):
    """Two submissions graded by two threads of one process (a web service's request threads, a script's thread per
    student): the first thread starts the zygote (the shared one of the uid and rlimits tiers, or a bubblewrap it
    hands on), ends its submission and leaves while the second one's job runs. Does that job finish? The zygote's
    PR_SET_PDEATHSIG (bubblewrap's --die-with-parent) fired when the thread that started it ended, killing the
    other thread's worker mid-job: "crashed", a zero the grader caused."""
    import threading
    from grader.sandbox import kept, spawn
    from tests.test_zygote import _package
    spawn.stop_all()
    kept.close_all()  # so that the first thread below starts the zygote
    job = {"cases": [{"steps": [{"call": "attack.run", "args": [{"a": "x"}], "bind": ["out"]}],
                      "outputs": {"out": "out"}}]}
    first_done, release, states = threading.Event(), threading.Event(), {}

    def grade_one(name, code, then):
        with WorkerSession(_package(tmp_path / name, code), tier=tier) as session:
            states[name] = session.run(0, job, {"c0/x": np.zeros(1)}, timeout=20).state
        then()

    def first_then():
        first_done.set()
        release.wait(60)  # the first thread ends only once the second one's job runs

    first = threading.Thread(target=grade_one, args=("a", "def run(x):\n    return 1\n", first_then))
    first.start()
    first_done.wait(60)
    second = threading.Thread(target=grade_one, args=("b", "import time\ndef run(x):\n    time.sleep(3)\n"
                                                            "    return 2\n", lambda: None))
    second.start()
    time.sleep(1.5)  # the second submission's job runs: its worker is a child of the first thread's zygote
    release.set()
    first.join(60)
    second.join(60)
    assert states == {"a": "done", "b": "done"}, states


MESSAGE_FLOOD = """import sys
def run(x):
    frame = sys._getframe()
    while frame is not None and 'answers' not in frame.f_locals:
        frame = frame.f_back
    answers, k = frame.f_locals['answers'], frame.f_locals['k']
    chunk = (b'imported x\\n' + b'result %d 2 0\\n{}' % (k + 1)) * 50000  # notices, and answers to no job
    while True:
        answers.write(chunk)
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_flood_of_messages_that_answer_nothing_still_times_out(tmp_path, tier):
    """A worker that writes import notices and results of another job faster than the grader reads them: is its job
    stopped at its time limit (it ran on until 64 MB had been read, 14 s for a 3 s job, since the deadline was looked
    at only when no message was waiting)?"""
    from tests.test_zygote import _package
    job = {"cases": [{"steps": [{"call": "attack.run", "args": [{"a": "x"}], "bind": ["out"]}],
                      "outputs": {"out": "out"}}]}
    with WorkerSession(_package(tmp_path / "p", MESSAGE_FLOOD), Limits(import_timeout=1), tier=tier) as session:
        outcome = session.run(0, job, {"c0/x": np.zeros(1)}, timeout=1.5)
    assert outcome.state == "timeout" and outcome.seconds < 4, (outcome.state, outcome.seconds)


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_the_import_allowance_covers_the_import_alone(tmp_path, tier):
    """A job allows extra time for importing the student's module (import_timeout), which every job after a restart
    does again: is a function that hangs after a quick import stopped at its own time limit, not that limit plus
    the whole allowance (40 s for each function of a submission that sleeps in every one, not 20)?"""
    from tests.test_zygote import _package
    job = {"cases": [{"steps": [{"call": "attack.run", "args": [{"a": "x"}], "bind": ["out"]}],
                      "outputs": {"out": "out"}}]}
    code = "import time\ndef run(x):\n    time.sleep(60)\n"
    with WorkerSession(_package(tmp_path / "p", code), Limits(import_timeout=8), tier=tier) as session:
        outcome = session.run(0, job, {"c0/x": np.zeros(1)}, timeout=1.5)
    assert outcome.state == "timeout" and outcome.seconds < 5, (outcome.state, outcome.seconds)
    slow = "import time\ntime.sleep(3)\ndef run(x):\n    return 1\n"  # a slow import keeps its allowance
    with WorkerSession(_package(tmp_path / "q", slow), Limits(import_timeout=8), tier=tier) as session:
        assert session.run(0, job, {"c0/x": np.zeros(1)}, timeout=1.5).state == "done"


def test_protocol_round_trip_in_process():
    """Does a job framed by the parent come back from the worker's serve loop as the outputs of the call?"""
    job = {"cases": [{"steps": [{"call": "mod.double", "args": [{"a": "x"}], "bind": ["out"]}],
                      "outputs": {"out": "out"}, "check_unmodified": ["x"]}]}
    jobs = io.BytesIO(protocol.frame("job", 3, json.dumps(job).encode(), _npz(**{"c0/x": np.arange(4.0)})))
    answers = io.BytesIO()
    module = type(sys)("mod")
    module.double = lambda x: x * 2
    sys.modules["submission.mod"] = module
    try:
        serve(jobs, answers)
    finally:
        del sys.modules["submission.mod"]
    raw = answers.getvalue()
    header, rest = raw.split(b"\n", 1)
    k, n_json, n_npz = protocol.payload_sizes(protocol.parse_header(header), "result", 1 << 20, 1 << 30)
    out = decode_job(rest[:n_json], rest[n_json:n_json + n_npz], 1)[0]
    assert k == 3 and np.array_equal(out.arrays["out"], np.arange(4.0) * 2)
    assert np.array_equal(out.inputs_after["x"], np.arange(4.0))


def test_session_runs_without_the_resource_module(monkeypatch, tmp_path):
    """Where `resource` does not exist (Windows), does the worker still run, without rlimits?"""
    from grader.sandbox import session as session_module
    monkeypatch.setattr(session_module, "resource", None)
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text("def f(x):\n    return x + 1\n")
    job = {"cases": [{"steps": [{"call": "m.f", "args": [{"a": "x"}], "bind": ["out"]}], "outputs": {"out": "out"}}]}
    with WorkerSession(pkg, tier=RLIMITS) as session:
        outcome = session.run(0, job, {"c0/x": np.ones(2)})
    assert outcome.state == "done"
    assert np.array_equal(decode_job(outcome.status, outcome.npz, 1)[0].arrays["out"], np.full(2, 2.0))


# -- attacks on one function, graded in-process in each tier --------------------------------------------------------

def _with_body(dest: Path, body: str, prelude: str = "") -> Path:
    """The reference, with conv_forward_naive's body replaced by ``body`` and ``prelude`` run at import."""
    shutil.copytree(ROOT / "solutions", dest, ignore=shutil.ignore_patterns("__pycache__"))
    path = dest / "layers.py"
    text = path.read_text()
    if body:
        start = text.index("    # BEGIN SOLUTION\n    stride, pad = conv_param")
        end = text.index("    # END SOLUTION", start)
        text = text[:start] + "    # BEGIN SOLUTION\n    " + body + "\n" + text[end:]
    head, sep, rest = text.partition("import numpy as np\n")
    path.write_text(head + sep + prelude + rest)
    return dest


PLANTS = """import os as _os
def _plant():
    kit = {kit!r}
    names = {{'stdout.txt': kit + '/grader/writers/gradescope.py', 'job_1.json': kit + '/grader/rubric.toml',
             'in_1.npz': kit + '/grader/model.py', 'status_2.json': '/dev/zero', 'out_3.npz': '/dev/zero'}}
    for name, target in names.items():
        for k in range(8):
            try:
                _os.symlink(target, name.replace('1', str(k)).replace('2', str(k)).replace('3', str(k)))
            except OSError:
                pass
    try:
        _os.mkfifo('out_5.npz')
    except OSError:
        pass
_plant()
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_planted_files_and_a_crash_change_nothing_but_the_crashed_function(tmp_path, tier):
    """Symlinks to the kit and /dev/zero and a FIFO under the names the old protocol used, then a crash: is the
    kit untouched, the grading complete, and only the crashing function's points lost?"""
    before = _tree_hash(ROOT / "grader")
    sub = _with_body(tmp_path / "s", "import os\n    os._exit(3)", PLANTS.format(kit=str(ROOT)))
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive", "conv_backward_naive"])
    scores = report.function_scores()
    assert report.tier == tier
    assert scores["conv_forward_naive"][0] == 0
    assert scores["relu_forward"][0] == scores["relu_forward"][1]
    assert scores["conv_backward_naive"][0] == scores["conv_backward_naive"][1]  # on the documented cache
    assert _tree_hash(ROOT / "grader") == before


ANSWER_BOMB = """
def _bomb(arrays):
    import sys, time
    import numpy as np
    frame = sys._getframe()
    while frame is not None and 'answers' not in frame.f_locals:  # the worker's serve(): its answer stream, the job
        frame = frame.f_back
    answers, k = frame.f_locals['answers'], frame.f_locals['k']
    P = sys.modules['convkit_protocol']
    answers.write(P.frame('result', k, b'{"cases": []}',
                          P.encode_arrays({f'c0/out{i}': np.ones(n, dtype) for i, (n, dtype) in enumerate(arrays)})))
    answers.flush()
    time.sleep(30)


def relu_forward(x):  # a dozen arrays, each under the old per-array cap: 240 MB sent, 1.9 GB as float64
    _bomb([(20_000_000, np.uint8)] * 12)


def relu_backward(dout, cache):  # under the byte cap, over the elements of one answer
    _bomb([(7_900_000, np.uint8)] * 7)


def leaky_relu_forward(x, alpha=0.01):  # the most one answer may hold
    _bomb([(7_900_000, np.float64)])
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_an_answer_cannot_make_the_grader_hold_gigabytes(tmp_path, tier):
    """A worker that writes its own answers (found on serve's frame) holding arrays each under the per-array cap,
    but many: does the grading process stay within a few hundred MB (it held 2.1 GB, enough for a small container's
    OOM killer to end the grading, which turns the student's zero into the grader's failure), and do those
    functions earn nothing?"""
    sub = _stub_with(tmp_path / "bomb", ANSWER_BOMB)
    # The peak of the grading process's own memory: VmHWM. Not ru_maxrss, which Linux carries over an exec from the
    # image that started it (vfork shares pytest's own, 585 MB late in the suite: the bound failed on pytest's size)
    script = ("import json, sys\n"
              "from grader.instructor.grading import grade\n"
              "from grader.sandbox import Limits\n"
              f"report = grade({str(sub)!r}, seed=7, tier={tier!r}, functions=['relu_forward', 'relu_backward', "
              "'leaky_relu_forward'], limits=Limits(timeout=15))\n"
              "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
              "print(json.dumps([peak, report.score]))\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    peak_kb, score = json.loads(run.stdout.strip().splitlines()[-1])
    assert score == 0
    assert peak_kb < 500 * 1024, f"the grading process held {peak_kb >> 10} MB"


SOCKET_BUFFERS = """import json, resource, socket
def run(x):
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError):
        pass
    pairs, total = [], 0
    try:
        while total < 1200 << 20:
            a, b = socket.socketpair()
            a.setblocking(False)
            pairs.append((a, b))
            try:
                while True:
                    total += a.send(b'0' * 65536)
            except BlockingIOError:
                pass
    except OSError as exc:
        return json.dumps([len(pairs), total >> 20, exc.strerror])
    return json.dumps([len(pairs), total >> 20, 'held'])
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_socket_buffers_do_not_go_past_a_bound(tmp_path, tier):
    """A stream socketpair (allowed: the worker's own use) buffers ~200 KB of kernel memory that RLIMIT_AS never
    counts: with the grader's 20,000 descriptors, one process held 1.2 GB under a 512 MB ``memory_mb``. Does a
    worker stop at its descriptor limit, a few dozen MB per process?"""
    from tests.test_zygote import _package, _run
    with WorkerSession(_package(tmp_path / "p", SOCKET_BUFFERS), Limits(memory_mb=512), tier=tier) as worker:
        pairs, megabytes, why = _run(worker)
    assert why == "Too many open files" and pairs < 200 and megabytes < 64, (pairs, megabytes, why)


UNLISTED_FILES = """import json, mmap, os, time
def run(x):
    held, written = [], 0
    def fill(fd, mb):
        nonlocal written
        for _ in range(mb):
            os.write(fd, b'0' * (1 << 20))
            written += 1
    try:
        for i in range(2):  # open, then unlinked
            fd = os.open(f'f{i}', os.O_CREAT | os.O_WRONLY)
            os.unlink(f'f{i}')
            fill(fd, 40)
            held.append(fd)
        fd = os.open('.', os.O_TMPFILE | os.O_WRONLY)  # never had a name
        fill(fd, 40)
        held.append(fd)
        fd = os.open('m', os.O_CREAT | os.O_RDWR)  # mapped, closed, unlinked: only the mapping holds it
        fill(fd, 40)
        held.append(mmap.mmap(fd, 40 << 20, prot=mmap.PROT_READ))
        os.close(fd)
        os.unlink('m')
    except OSError as exc:
        return json.dumps([written, exc.strerror])
    time.sleep(2)
    return json.dumps([written, 'held'])
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_files_no_folder_lists_still_count_against_home_mb(tmp_path, tier):
    """Files unlinked while open, made with O_TMPFILE or held by a mapping only take blocks that no walk of the home
    sees: 160 MB of them under a 64 MB ``home_mb`` (in the uid tier, on the machine's disk: 64 MB per descriptor,
    as many descriptors as it may open, fill the disk under concurrent graders). Is the function stopped as over
    its quota (outside bubblewrap) or refused by its sized home (bubblewrap), never left holding them?"""
    from tests.test_zygote import _package, _run
    with WorkerSession(_package(tmp_path / "p", UNLISTED_FILES), Limits(home_mb=64, file_mb=64), tier=tier) as w:
        found = _run(w)
    if tier == BUBBLEWRAP:
        assert found[1] == "No space left on device" and found[0] <= 64, found
    else:
        assert found == "disk full", found


MEMORY_FILES = """import json, os
def run(x):
    held, written = [], 0
    try:
        while written < 1200:
            held.append(os.memfd_create('m'))
            for _ in range(50):
                os.write(held[-1], b'0' * (1 << 20))
                written += 1
    except OSError as exc:
        return json.dumps([written, exc.strerror])
    return json.dumps([written, 'held'])
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_memory_files_do_not_go_past_memory_mb(tmp_path, tier):
    """RLIMIT_AS counts what a process maps, not what it writes to a memory file: does writing memfd files (1.2 GB
    asked, under a 256 MB ``memory_mb``) stop at once, with the error student code sees for a refused call (without
    seccomp it wrote 2.6 GB under 1 GB, and would have written the machine's memory)?"""
    from tests.test_zygote import _package, _run
    with WorkerSession(_package(tmp_path / "p", MEMORY_FILES), Limits(memory_mb=256), tier=tier) as worker:
        written, why = _run(worker)
    assert written == 0 and why == "Operation not permitted", (written, why)


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_flood_of_prints_costs_nothing_and_is_noted(tmp_path, tier):
    """Does printing 40 MB cost no point, keep only a bounded tail, and leave a note saying how much?"""
    sub = _with_body(tmp_path / "s", "", "for _ in range(40):\n    print('x' * (1 << 20))\n")
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == report.max_score
    # Import-time code runs once per worker: the naive exercises' (fast layers guarded), then the others'.
    assert any("printed 80.0 MB" in e for e in report.errors), report.errors
    assert len(report.versions["printed_tail"]) <= 1000


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_filling_the_disk_costs_the_function_only(tmp_path, tier):
    """Does a function that writes 400 MB of files into its folder (and then answers right) lose its own points,
    and the next function, run after it, none?"""
    sub = _with_body(tmp_path / "s", "")
    layers = sub / "layers.py"
    layers.write_text(layers.read_text().replace(
        "out = np.maximum(0, x)", "for i in range(8):\n        open(f'fill{i}', 'wb').write(b'0' * (50 << 20))\n"
                                  "    out = np.maximum(0, x)", 1))
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive"],
                   limits=Limits(home_mb=128, timeout=10))
    scores = report.function_scores()
    assert scores["relu_forward"][0] == 0
    assert scores["conv_forward_naive"][0] == scores["conv_forward_naive"][1]


# -- attacks on the grader itself: a throwaway kit, graded by a separate process -----------------------------------

@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """A throwaway copy of the kit (the parts Gradescope's bundle holds), world-traversable like /autograder."""
    base = Path(tempfile.mkdtemp(prefix="convkit-kit-"))
    os.chmod(base, 0o755)
    for part in ("grader", "solutions", "assignment"):
        shutil.copytree(ROOT / part, base / "source" / part, ignore=shutil.ignore_patterns("__pycache__"))
    os.chmod(base / "source", 0o755)
    fake = base / "fakebin"
    fake.mkdir()
    (fake / "bwrap").write_text(FAKE_BWRAP)
    (fake / "bwrap").chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _grade_in_kit(kit: Path, submission: Path, out: Path, tier: str, functions=("relu_forward",
                                                                              "conv_forward_naive")):
    """Grade as Gradescope would: `python -m grader.instructor grade` from the kit's folder; for the uid tier with a bwrap
    that fails first on PATH (as Docker causes) and no tier forced."""
    env = dict(os.environ)
    argv = [sys.executable, "-m", "grader.instructor", "grade", str(submission), "-o", str(out), "--functions", *functions]
    if tier == UID:
        env["PATH"] = f"{kit / 'fakebin'}:{env['PATH']}"
    else:
        argv += ["--tier", tier]
    run = subprocess.run(argv, cwd=kit / "source", env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads((out / "report.json").read_text())
    assert report["tier"] == tier, report["tier"]
    return report


def _stub_with(dest: Path, code: str) -> Path:
    """The stubs, with ``code`` appended to layers.py."""
    shutil.copytree(ROOT / "assignment", dest, ignore=shutil.ignore_patterns("__pycache__"))
    os.chmod(dest, 0o755)
    with open(dest / "layers.py", "a") as fh:
        fh.write("\n" + code)
    return dest


THIEF = """
def _steal():
    import os
    kit = {kit!r}
    paths = [kit + '/solutions/layers.py', '/autograder/source/solutions/layers.py']
    for top in (kit, os.path.dirname(kit)):
        try:
            for dirpath, _, files in os.walk(top):
                if 'layers.py' in files and dirpath.endswith('solutions'):
                    paths.append(os.path.join(dirpath, 'layers.py'))
        except OSError:
            pass
    for path in paths:
        try:
            with open(path) as fh:
                source = fh.read()
        except OSError:
            continue
        namespace = {{}}
        exec(compile(source, path, 'exec'), namespace)
        return namespace
    return None


_stolen = _steal()
if _stolen:
    for _name, _value in _stolen.items():
        if callable(_value) and not _name.startswith('_'):
            globals()[_name] = _value
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID))
def test_a_reference_thief_earns_nothing(kit, tmp_path, tier):
    """Does a stub that looks for the kit's solutions/ (where an attacker knows it lies) and runs it earn 0?"""
    sub = _stub_with(tmp_path / "thief", THIEF.format(kit=str(kit / "source")))
    report = _grade_in_kit(kit, sub, tmp_path / "out", tier)
    assert report["score"] == 0, [c["message"] for c in report["checks"]]


DAEMON = """
import os as _os, sys as _sys
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _os.execv(_sys.executable, [_sys.executable, '-c', '''
import json, sys, time
for _ in range(400):
    for path in (sys.argv[1] + "/results.json", sys.argv[2]):
        try:
            with open(path, "w") as fh:
                fh.write(json.dumps({{"score": 999, "tests": []}}))
        except OSError:
            pass
    time.sleep(0.05)
''', {results!r}, {marker!r}, {token!r}])
    _os._exit(0)
"""


def _processes_with(token: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and token.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(int(entry))
        except OSError:
            pass
    return found


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID))
def test_a_setsid_daemon_does_not_outlive_the_grading(kit, tmp_path, tier):
    """Does a double-forked, setsid daemon that keeps rewriting results.json (in a folder it could write) die
    before the results are written, so that the grade stays the grade?"""
    out = Path(tempfile.mkdtemp(prefix="convkit-results-"))
    os.chmod(out, 0o777)
    marker = f"/tmp/convkit-daemon-{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    try:
        sub = _stub_with(tmp_path / "daemon", DAEMON.format(results=str(out), marker=marker, token=token))
        report = _grade_in_kit(kit, sub, out, tier)
        time.sleep(2)
        assert not _processes_with(token), "the daemon outlived the grading"
        assert json.loads((out / "results.json").read_text())["score"] == report["score"] == 0
        assert not os.path.exists(marker)
    finally:
        for pid in _processes_with(token):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(out, ignore_errors=True)
        if os.path.exists(marker):
            os.unlink(marker)


KILLER = """
import os as _os, signal as _signal
for _sig in (_signal.SIGKILL, _signal.SIGTERM):
    try:
        _os.kill(_os.getppid(), _sig)
    except OSError:
        pass
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID))
def test_killing_the_parent_leaves_a_complete_honest_report(kit, tmp_path, tier):
    """Does a submission that signals its parent still get a complete report with its honest score?"""
    ref = tmp_path / "ref"
    shutil.copytree(ROOT / "solutions", ref, ignore=shutil.ignore_patterns("__pycache__"))
    with open(ref / "layers.py", "a") as fh:
        fh.write(KILLER)
    report = _grade_in_kit(kit, ref, tmp_path / "out", tier)
    assert report["score"] == report["max_score"] > 0


@pytest.mark.skipif(UID not in HERE_TIERS, reason="the uid tier needs root")
def test_the_uid_tier_leaves_no_process_and_no_file_of_its_uid(tmp_path, monkeypatch):
    """After a session in the uid tier, does the slot's uid own no process (one in a session of its own) and no
    file in /tmp (with Landlock and seccomp off, as on a kernel without them, which would refuse both)?"""
    monkeypatch.setenv(confine.SIMULATE_ENV, "landlock=ENOSYS,seccomp=ENOSYS")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text(
        "import os, subprocess\n"
        "def f(x):\n"
        "    open('/tmp/convkit-left-behind-' + str(os.getuid()), 'w').write('x')\n"
        "    subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "    return x, os.getuid(), os.getgroups()\n")
    job = {"cases": [{"steps": [{"call": "m.f", "args": [{"a": "x"}], "bind": ["out", "uid", "groups"]}],
                      "outputs": {"out": "out", "uid": "uid", "groups": "groups"}}]}
    with WorkerSession(pkg, tier=UID) as session:
        uid = session.slot.uid
        outcome = session.run(0, job, {"c0/x": np.ones(2)})
        values = decode_job(outcome.status, outcome.npz, 1)[0].values
        assert tiers.processes_of(uid), "the sleeper should be alive while the session is"
    assert values["uid"] == uid and values["groups"] == []
    assert not tiers.processes_of(uid)
    assert not os.path.exists(f"/tmp/convkit-left-behind-{uid}")


def test_a_symlinked_module_earns_nothing(tmp_path):
    """Does a folder whose layers.py is a symlink to the reference (as a git checkout can hold) earn nothing
    for it, with an error that says why?"""
    sub = tmp_path / "s"
    shutil.copytree(ROOT / "assignment", sub, ignore=shutil.ignore_patterns("__pycache__"))
    (sub / "layers.py").unlink()
    (sub / "layers.py").symlink_to(ROOT / "solutions" / "layers.py")
    report = grade(sub, seed=SEED, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == 0
    assert any("symbolic link" in e for e in report.errors), report.errors


def test_a_symlink_inside_the_submission_is_followed(tmp_path):
    """Is a symlink that stays inside the submission (layers.py -> src/layers.py) read as the file it names?"""
    sub = tmp_path / "s"
    shutil.copytree(ROOT / "solutions", sub, ignore=shutil.ignore_patterns("__pycache__"))
    (sub / "src").mkdir()
    (sub / "layers.py").rename(sub / "src" / "layers.py")
    (sub / "layers.py").symlink_to(Path("src") / "layers.py")
    report = grade(sub, seed=SEED, functions=["relu_forward"])
    assert report.score == report.max_score


def test_a_notebook_with_a_bad_cell_is_graded_on_its_good_cells(tmp_path):
    """Is a notebook with an unfinished cell and IPython help syntax graded on the cells that parse, with a note
    naming the bad cell?"""
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np\nnp.sum?\n?np.mean"),
                nbformat.v4.new_code_cell((ROOT / "solutions" / "layers.py").read_text()),
                nbformat.v4.new_code_cell("def unfinished(:\n    pass")]
    nbformat.write(nb, str(tmp_path / "work.ipynb"))
    report = grade(tmp_path / "work.ipynb", seed=SEED, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == report.max_score
    assert any("cell 3 does not parse" in n for n in report.notes), report.notes


def test_a_killed_graders_scratch_folders_are_swept_at_the_next_start(tmp_path):
    """Does the next session remove the sandbox and submission folders of a grader that was SIGKILLed, and keep
    those of graders still running?"""
    from grader.sandbox import scratch
    code = ("import sys, time; sys.path.insert(0, sys.argv[1])\n"
            "from grader.sandbox.scratch import private_folder\n"
            "print(private_folder('sandbox'), private_folder('submission'), flush=True)\n"
            "time.sleep(60)\n")
    victim = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], stdout=subprocess.PIPE, text=True)
    left = [Path(p) for p in victim.stdout.readline().split()]
    assert all(p.is_dir() for p in left)
    assert not {p.name for p in left} & set(scratch.sweep().swept)  # its grader still runs: kept
    assert all(p.is_dir() for p in left)
    victim.kill()
    victim.wait()
    swept = scratch.sweep().swept
    assert {p.name for p in left} <= set(swept)
    assert not any(p.exists() for p in left)


# -- what a submission leaves behind (issue 18) -----------------------------------------------------------------------

def _sandbox_folders() -> list[Path]:
    """This process's sandbox folders, wherever its tiers put them, but the bubblewrap kept for the next submission
    (``kept``), which must hold nothing but its worker's code and an empty package folder."""
    from grader.sandbox import kept
    with kept._LOCK:
        bases = {k.base for shelf in kept._SHELF.values() for k in shelf}
    for base in bases:
        assert sorted(p.name for p in base.iterdir()) == ["home", "package", "worker"], list(base.iterdir())
        assert not list((base / "package").iterdir()) and not list((base / "home").iterdir())
    return [p for root in (Path(tempfile.gettempdir()), tiers.UID_SCRATCH) if root.is_dir()
            for p in root.glob(f"convkit-sandbox-{os.getpid()}-*") if p not in bases]


def _trees_left(tmp_path: Path, tier: str, depth: int, width: int):
    from tests.hostile import LEAVES_TREES
    from grader.instructor.api import write_reports
    from grader.sandbox.cleanup import remove_tree
    token = f"convkit-left-{uuid.uuid4().hex[:12]}"
    sub = _with_body(tmp_path / "s", "", LEAVES_TREES.format(token=token, depth=depth, width=width, kit=str(ROOT)))
    before = _tree_hash(ROOT / "grader")
    try:
        report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", "conv_forward_naive"],
                       limits=Limits(timeout=60))
        write_reports(report, tmp_path / "out")
        written = json.loads((tmp_path / "out" / "report.json").read_text())["score"]
        if width > QUOTA_WALK_ENTRIES and tier != BUBBLEWRAP:
            # more entries than the home's quota walk counts is "disk full" (a home that hides 300 MB behind them
            # must not pass): the code is stopped and says so, and the rest below holds all the same
            assert written == 0 and all("files and folders" in str(c.message) for c in report.checks), report.checks
        else:
            assert written == report.max_score > 0
        assert not report.notes, report.notes
        assert not _sandbox_folders()
        if tier == UID:  # its uid's nest in /tmp went with the rest
            assert not os.path.lexists(f"/tmp/{token}")
        assert _tree_hash(ROOT / "grader") == before  # the symlinks to the kit were removed, never followed
        again = grade(_with_body(tmp_path / "ref", ""), seed=SEED, tier=tier, functions=["relu_forward"])
        assert again.score == again.max_score > 0
    finally:
        if os.path.lexists(f"/tmp/{token}"):  # the rlimits tier runs as the grader's user: not ours to tell apart
            assert tier == RLIMITS
            assert remove_tree(f"/tmp/{token}").complete


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_deep_wide_and_stripped_trees_left_behind_stop_nothing(tmp_path, tier):
    """A 1,200-deep nest (deeper than the recursion that broke shutil.rmtree), a wide folder, a chmod-000 tree
    and symlinks to the kit, left in the worker's home and in /tmp: does the grading complete with full marks and
    no note, the report get written, nothing remain, and the next grading work?"""
    _trees_left(tmp_path, tier, depth=1_200, width=2_000)


@pytest.mark.slow
@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_the_red_teams_trees_left_behind_stop_nothing(tmp_path, tier):
    """The red team's sizes: a 3,000-deep nest and a 100,000-wide folder in the home and in /tmp."""
    _trees_left(tmp_path, tier, depth=3_000, width=100_000)


@pytest.mark.slow
@pytest.mark.skipif(UID not in HERE_TIERS, reason="the uid tier needs root")
def test_many_files_in_dev_shm_do_not_hide_tmp(tmp_path, monkeypatch):
    """110,000 empty files in /dev/shm, then one in /tmp: is the one in /tmp gone too (the clean-up is bounded by
    time, not by a count of entries)? Without Landlock, which keeps the worker out of both."""
    token = f"convkit-shm-{uuid.uuid4().hex[:12]}"
    prelude = (f"import os as _os\n_os.mkdir('/dev/shm/{token}')\nfor _i in range(110000):\n"
               f"    _os.close(_os.open('/dev/shm/{token}/' + str(_i), _os.O_CREAT | _os.O_WRONLY, 0o644))\n"
               f"open('/tmp/{token}', 'w').write('x')\n")
    monkeypatch.setenv(confine.SIMULATE_ENV, "landlock=ENOSYS,seccomp=ENOSYS")  # Landlock would refuse /dev/shm
    report = grade(_with_body(tmp_path / "s", "", prelude), seed=SEED, tier=UID, functions=["relu_forward"],
                   limits=Limits(timeout=120, import_timeout=120))
    assert report.score == report.max_score
    assert not os.path.lexists(f"/tmp/{token}") and not os.path.lexists(f"/dev/shm/{token}")


def _shm_keys() -> set[int]:
    with open("/proc/sysvipc/shm") as fh:
        return {int(line.split()[0]) for line in list(fh)[1:]}


def _mqueue_exists(name: str, unlink: bool = True) -> bool:
    import ctypes
    rt = ctypes.CDLL("librt.so.1", use_errno=True)
    fd = rt.mq_open(name.encode(), os.O_RDONLY)
    if fd >= 0:
        rt.mq_close(fd)
        if unlink:
            rt.mq_unlink(name.encode())
        return True
    return False


@pytest.mark.skipif(UID not in HERE_TIERS, reason="the uid tier needs root")
def test_files_in_run_lock_var_tmp_shm_and_mqueues_do_not_outlive_the_grading(tmp_path, monkeypatch):
    """Files left in /run/lock, /var/tmp and /dev/shm, a SysV shared-memory segment and a POSIX message queue, all
    open to everyone: are they gone after the grading, and does the next submission run as another uid? (The
    clean-up on its own: with Landlock and seccomp, which refuse all of these, the worker could make none.)"""
    from tests.hostile import LEAVES_IPC
    monkeypatch.setenv(confine.SIMULATE_ENV, "landlock=ENOSYS,seccomp=ENOSYS")
    token = uuid.uuid4().hex[:16]
    sub = _with_body(tmp_path / "s", "", LEAVES_IPC.format(token=token))
    job = {"cases": [{"steps": [{"call": "layers.relu_forward", "args": [{"a": "x"}], "bind": ["out", "cache"]}],
                      "outputs": {"out": "out"}}]}
    uids_seen = []
    try:
        for _ in range(2):
            with WorkerSession(sub, tier=UID) as session:
                uids_seen.append(session.slot.uid)
                outcome = session.run(0, job, {"c0/x": np.ones(2)})
                assert outcome.state == "done"
                assert os.path.exists(f"/run/lock/{token}") and int(token[:7], 16) in _shm_keys()
                assert _mqueue_exists(f"/{token}", unlink=False)
            assert session.notes == []
            for folder in ("/run/lock", "/var/tmp", "/dev/shm"):
                assert not os.path.lexists(f"{folder}/{token}")
            assert int(token[:7], 16) not in _shm_keys()
            assert not _mqueue_exists(f"/{token}")
        assert uids_seen[0] != uids_seen[1]
    finally:
        for folder in ("/run/lock", "/var/tmp", "/dev/shm"):
            if os.path.lexists(f"{folder}/{token}"):
                os.unlink(f"{folder}/{token}")


# -- the fast-layer ban, held where the code runs (issue 18) ---------------------------------------------------------

ROUTE_SETS = (("alias", "lambda", "partial", "class_call", "importlib", "getattr"), ("exec_source",))


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
@pytest.mark.parametrize("routes", ROUTE_SETS, ids=["six-routes", "exec-of-the-source"])
def test_every_route_to_a_fast_layer_earns_nothing(tmp_path, tier, routes):
    """A naive exercise bound to a given fast layer through an alias with no def, a lambda, functools.partial, a
    class's __call__, importlib, getattr or exec of fast_layers.py's source: does each earn 0 with the static
    check's message, while the same submission's sandwich layer (which may use the fast layers) and ReLU keep
    every point?"""
    from tests.hostile import FAST_LAYER_ROUTES, with_fast_layer_routes
    sub = with_fast_layer_routes(tmp_path / "s", routes)
    naive = sorted({FAST_LAYER_ROUTES[r][0] for r in routes})
    report = grade(sub, seed=SEED, tier=tier, functions=["relu_forward", *naive, "conv_relu_pool_forward"])
    scores = report.function_scores()
    for name in naive:
        assert scores[name][0] == 0, (name, scores)
        messages = [c.message for c in report.checks if c.function == name and c.max_score > 0]
        assert all("calls the fast layer" in m for m in messages), (name, messages)
    for name in ("relu_forward", "conv_relu_pool_forward"):
        assert scores[name][0] == scores[name][1] > 0, (name, scores)


# -- third round: what the kernel confines (Landlock, seccomp), in every tier, graded as users grade ----------------

SYSTEM_PYTHON = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
# How each test grades: the three tiers as root (the uid tier through a failing bwrap first on PATH, rlimits
# forced), and an unprivileged user (a student's laptop: rlimits forced, since bwrap works for that user here).
HOW = [*tier_params(BUBBLEWRAP, UID, RLIMITS),
       pytest.param("user", marks=pytest.mark.skipif(
           not (tiers.is_root() and shutil.which("setpriv") and os.path.exists(SYSTEM_PYTHON)),
           reason="an unprivileged user needs root (setpriv) and a system python of this version"))]
NOBODY = 65534


def _public_folder(prefix: str) -> Path:
    """A folder anyone may read (and, for the unprivileged user's outputs, write): tmp_path is private to root."""
    folder = Path(tempfile.mkdtemp(prefix=f"convkit-confine-{prefix}-"))
    os.chmod(folder, 0o755)
    return folder


@pytest.fixture(scope="module")
def open_kit():
    """A throwaway kit that stays readable by everyone (the uid tier never runs from it): the unprivileged user's."""
    base = _public_folder("kit")
    for part in ("grader", "solutions", "assignment"):
        shutil.copytree(ROOT / part, base / "source" / part, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [base / "source", *(base / "source").rglob("*")]:  # the uid tier may have closed the kit's modes
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _grade_how(kit, open_kit, submission: Path, how: str, functions=("relu_forward", "conv_forward_naive"),
               env_extra=None, expect=0):
    """`python -m grader.instructor grade` as `how` says; returns (report.json, results.json, the run)."""
    out = _public_folder("out")
    env = {**os.environ, **(env_extra or {})}
    argv = ["-m", "grader.instructor", "grade", str(submission), "-o", str(out / "results"), "--seed", str(SEED),
            "--functions", *functions]
    cwd, python = kit / "source", [sys.executable]
    if how == UID:
        env["PATH"] = f"{kit / 'fakebin'}:{env['PATH']}"
    elif how == "user":
        os.chown(out, NOBODY, NOBODY)
        cwd = open_kit / "source"
        env = {"PATH": "/usr/bin:/bin", "HOME": str(out), "LANG": "C.UTF-8", "PYTHONPATH": tiers.numpy_home(),
               **(env_extra or {})}
        python = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", SYSTEM_PYTHON]
        argv += ["--tier", RLIMITS]
    else:
        argv += ["--tier", how]
    try:
        run = subprocess.run(python + argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == expect, run.stdout[-2000:] + run.stderr[-2000:]
        if expect:
            return None, None, run
        report = json.loads((out / "results" / "report.json").read_text())
        results = json.loads((out / "results" / "results.json").read_text())
        assert report["tier"] == (RLIMITS if how == "user" else how)
        return report, results, run
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _stub_in_public(code: str) -> Path:
    """The stubs with ``code`` appended to layers.py, in a folder anyone may read."""
    folder = _public_folder("sub")
    return _stub_with(folder / "sub", code)


@pytest.fixture(scope="module")
def other_checkout():
    """Another world-readable checkout of the course on this machine (a TA's, last term's): mode 755/644."""
    base = _public_folder("checkout")
    shutil.copytree(ROOT / "solutions", base / "solutions", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [base, *base.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def layers_server():
    """A TCP server on 127.0.0.1 that hands out the reference's layers.py (it stands in for GitHub)."""
    import http.server
    import threading
    source = (ROOT / "solutions" / "layers.py").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(source)

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/layers.py"
    server.shutdown()


FETCHER = """
def _fetch():
    namespaces = {{}}
    try:
        with open({checkout!r}) as fh:
            exec(compile(fh.read(), 'checkout', 'exec'), namespaces.setdefault('checkout', {{}}))
    except Exception:
        pass
    try:
        import urllib.request
        exec(compile(urllib.request.urlopen({url!r}, timeout=5).read(), 'download', 'exec'),
             namespaces.setdefault('download', {{}}))
    except Exception:
        pass
    return namespaces


_got = _fetch()
if 'relu_forward' in _got.get('checkout', {{}}):
    relu_forward = _got['checkout']['relu_forward']
if 'conv_forward_naive' in _got.get('download', {{}}):
    conv_forward_naive = _got['download']['conv_forward_naive']
"""

KERNEL_LAYERS = [f"landlock-v{confine.landlock_abi()}", "seccomp"] if sys.platform.startswith("linux") else []
TIER_LAYERS = {BUBBLEWRAP: ["namespaces", "uid", "rlimits"] if tiers.is_root() else ["namespaces", "rlimits"],
               UID: ["uid", "rlimits"], RLIMITS: ["rlimits"], "user": ["rlimits"]}


@pytest.mark.parametrize("how", HOW)
def test_another_checkout_and_a_download_earn_nothing(kit, open_kit, other_checkout, layers_server, how):
    """Does a stub that takes relu_forward from another world-readable checkout of the course on this machine and
    conv_forward_naive from a server on 127.0.0.1 earn 0, with report.json naming the layers that held it?"""
    sub = _stub_in_public(FETCHER.format(checkout=str(other_checkout / "solutions" / "layers.py"),
                                         url=layers_server))
    try:
        report, results, run = _grade_how(kit, open_kit, sub, how)
    finally:
        shutil.rmtree(sub.parent, ignore_errors=True)
    assert report["score"] == 0, [c["message"][:200] for c in report["checks"]]
    assert report["confinement"] == KERNEL_LAYERS + TIER_LAYERS[how]
    assert report["insecure"] == (how == RLIMITS and tiers.is_root())
    assert "`seccomp`" in run.stdout and "`seccomp`" in results["output"]


@pytest.mark.skipif(not KERNEL_LAYERS, reason="Linux only")
def test_without_the_kernels_layers_the_same_theft_pays_and_the_report_says_why(kit, open_kit, other_checkout,
                                                                                layers_server):
    """With Landlock and seccomp refused (as an old kernel or a container's profile would), does the rlimits tier
    let the same stub score (so the test above can fail), and do report.json and the terminal say which layers
    were missing and why, in both languages?"""
    sub = _stub_in_public(FETCHER.format(checkout=str(other_checkout / "solutions" / "layers.py"),
                                         url=layers_server))
    try:
        report, results, run = _grade_how(kit, open_kit, sub, RLIMITS,
                                          env_extra={confine.SIMULATE_ENV: "landlock=ENOSYS,seccomp=EPERM"})
    finally:
        shutil.rmtree(sub.parent, ignore_errors=True)
    scores = {name: sum(c["score"] for c in report["checks"] if c["function"] == name)
              for name in ("relu_forward", "conv_forward_naive")}
    assert scores["relu_forward"] > 0 and scores["conv_forward_naive"] > 0, scores
    assert report["confinement"] == ["rlimits"]
    assert report["confinement_missing"]["landlock"] == "ENOSYS"
    assert report["confinement_missing"]["seccomp"] == "EPERM"
    assert "`landlock` (the kernel lacks it: `ENOSYS`)" in run.stdout and "Neither Landlock nor seccomp" in run.stdout


PLANTER = """
def _plant():
    import ctypes, os
    source = {source!r}
    for folder in ('/run/lock', '/var/lock', '/dev/shm', '/tmp', '/var/tmp'):
        try:
            with open(os.path.join(folder, {name!r}), 'w') as fh:
                fh.write(source)
        except OSError:
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    shm = libc.shmget({key}, 1 << 20, 0o1666)
    if shm >= 0:
        libc.shmat.restype = ctypes.c_void_p
        address = libc.shmat(shm, None, 0)
        data = source.encode()
        ctypes.memmove(address, data + bytes(1), len(data) + 1)


_plant()
"""

FINDER = """
def _find():
    import ctypes, os
    for folder in ('/run/lock', '/var/lock', '/dev/shm', '/tmp', '/var/tmp'):
        try:
            with open(os.path.join(folder, {name!r})) as fh:
                return fh.read()
        except OSError:
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    shm = libc.shmget({key}, 0, 0)
    if shm >= 0:
        libc.shmat.restype = ctypes.c_void_p
        return ctypes.string_at(libc.shmat(shm, None, 0)).decode()
    return ''


_left = {{}}
exec(compile(_find(), 'left', 'exec'), _left)
if 'relu_forward' in _left:
    relu_forward = _left['relu_forward']
"""


def _shm_segments_with_key(key: int) -> list[str]:
    with open("/proc/sysvipc/shm") as fh:
        return [line for line in fh.readlines()[1:] if int(line.split()[0]) == key]


@pytest.mark.parametrize("how", HOW)
def test_what_one_student_leaves_the_next_finds_nothing_of(kit, open_kit, how):
    """Does a working layers.py left by one student in /run/lock, /dev/shm, /tmp or a SysV shared-memory segment
    reach neither the next student (who would run it: 0 points) nor the machine after the grading?"""
    name, key = f"convkit-left-{uuid.uuid4().hex}", int.from_bytes(os.urandom(3), "big") + 1
    reference = (ROOT / "solutions" / "layers.py").read_text()
    first = _stub_in_public(PLANTER.format(source=reference, name=name, key=key))
    second = _stub_in_public(FINDER.format(name=name, key=key))
    try:
        _grade_how(kit, open_kit, first, how, functions=("relu_forward",))
        report, _, _ = _grade_how(kit, open_kit, second, how, functions=("relu_forward",))
        assert report["score"] == 0
        left = [f for f in ("/run/lock", "/var/lock", "/dev/shm", "/tmp", "/var/tmp") if os.path.exists(f"{f}/{name}")]
        assert not left and not _shm_segments_with_key(key)
    finally:
        for folder in ("/run/lock", "/var/lock", "/dev/shm", "/tmp", "/var/tmp"):
            if os.path.lexists(f"{folder}/{name}"):
                os.unlink(f"{folder}/{name}")
        for line in _shm_segments_with_key(key):
            ctypes_rmid(int(line.split()[1]))
        shutil.rmtree(first.parent, ignore_errors=True)
        shutil.rmtree(second.parent, ignore_errors=True)


def ctypes_rmid(shmid: int) -> None:
    import ctypes
    ctypes.CDLL(None).shmctl(shmid, 0, None)  # IPC_RMID


def _session_values(tier: str, code: str, limits: Limits | None = None, tmp: Path | None = None) -> dict:
    """Run ``m.f()`` of a one-module package in a session of ``tier``; returns the JSON values it returned."""
    pkg = tmp / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text(code)
    job = {"cases": [{"steps": [{"call": "m.f", "args": [], "bind": ["out"]}], "outputs": {"out": "out"}}]}
    with WorkerSession(pkg, limits, tier=tier) as session:
        outcome = session.run(0, job, {})
        assert outcome.state == "done", (outcome, session.printed())
        output = decode_job(outcome.status, outcome.npz, 1)[0]
    assert not output.raised(), output.events
    return json.loads(output.values["out"])


FILL_AND_FORK = """
import json, os, time
def _fill(path):
    written = 0
    try:
        with open(path, 'wb') as fh:
            for _ in range(400):
                fh.write(b'0' * (1 << 20))
                fh.flush()
                written += 1 << 20
    except OSError as exc:
        return [written, exc.errno]
    return [written, 0]


def f():
    out = {}
    for folder in ('/', '/sandbox', '/dev/shm', '/tmp', '/dev'):
        out[folder] = _fill(os.path.join(folder, 'filler'))
        try:
            os.unlink(os.path.join(folder, 'filler'))
        except OSError:
            pass
    children = []
    try:
        for _ in range(80):
            pid = os.fork()
            if pid == 0:
                time.sleep(3)
                os._exit(0)
            children.append(pid)
    except OSError:
        pass
    out['forks'] = len(children)
    return json.dumps(out)
"""


@pytest.mark.skipif(BUBBLEWRAP not in HERE_TIERS, reason="no bubblewrap here")
@pytest.mark.parametrize("kernel_layers", ["applied", "refused"])
def test_bubblewrap_keeps_writes_and_forks_within_the_limits(tmp_path, monkeypatch, kernel_layers):
    """Under bubblewrap (started by root as a sandbox uid where the grader is root), are 80 forks capped by the
    process limit and 400 MB written to /, /sandbox, /dev/shm, /tmp or /dev refused or held under home_mb, with
    the kernel's layers and, to test bubblewrap's own mounts, without them?"""
    if kernel_layers == "refused":
        monkeypatch.setenv(confine.SIMULATE_ENV, "landlock=ENOSYS,seccomp=EPERM")
    limits = Limits(home_mb=32, file_mb=512, processes=16)
    values = _session_values(BUBBLEWRAP, FILL_AND_FORK, limits, tmp_path)
    assert values["forks"] < limits.processes, values
    for folder in ("/", "/sandbox", "/dev/shm", "/tmp", "/dev"):
        written, error = values[folder]
        assert error and written <= limits.home_mb << 20, (folder, values[folder])


SPY = """
import ctypes, errno, json, os
def f():
    libc = ctypes.CDLL(None, use_errno=True)
    out = {}
    def attempt(name, call):
        try:
            result = call()
            out[name] = 'ok' if result is None or result >= 0 else errno.errorcode[ctypes.get_errno()]
        except OSError as exc:
            out[name] = errno.errorcode.get(exc.errno, str(exc.errno))
    parent = os.getppid()
    attempt('ptrace', lambda: libc.ptrace(16, parent, None, None))  # PTRACE_ATTACH

    class IoVec(ctypes.Structure):
        _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]
    buffer = ctypes.create_string_buffer(64)
    local, remote = IoVec(ctypes.cast(buffer, ctypes.c_void_p), 64), IoVec(0x400000, 64)
    attempt('process_vm_readv', lambda: libc.process_vm_readv(parent, ctypes.byref(local), 1,
                                                              ctypes.byref(remote), 1, 0))
    attempt('proc_mem', lambda: open(f'/proc/{parent}/mem', 'rb').read(1) and None)
    attempt('kill', lambda: os.kill(parent, 0))
    return json.dumps(out)
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_the_parent_can_be_neither_traced_nor_read_nor_signalled(tmp_path, tier):
    """Do ptrace, process_vm_readv and /proc/PID/mem of the worker's parent, and a signal to it, all fail?"""
    values = _session_values(tier, SPY, tmp=tmp_path)
    assert values["ptrace"] == values["process_vm_readv"] == "EPERM", values
    assert values["proc_mem"] in ("EACCES", "EPERM", "ENOENT") and values["kill"] == "EPERM", values


@pytest.mark.skipif(UID not in HERE_TIERS, reason="the uid tier needs root")
def test_a_kit_whose_venv_is_a_symlink_grades_the_reference_in_full(kit, tmp_path):
    """A kit whose .venv is a symlink to a shared venv, graded in the uid tier through that .venv's python: does the
    reference earn full marks (the worker is handed the resolved runtime, which stays reachable)?"""
    shared = Path(sys.prefix).resolve()
    link_kit = _public_folder("linkkit")
    try:
        shutil.copytree(kit / "source", link_kit / "source", ignore=shutil.ignore_patterns("__pycache__"))
        os.chmod(link_kit / "source", 0o755)
        (link_kit / "source" / ".venv").symlink_to(shared)
        env = {**os.environ, "PATH": f"{kit / 'fakebin'}:{os.environ['PATH']}"}
        run = subprocess.run([str(link_kit / "source" / ".venv" / "bin" / "python"), "-m", "grader.instructor",
                              "grade", str(ROOT / "solutions"), "-o", str(tmp_path / "out"), "--seed", str(SEED),
                              "--functions", "relu_forward", "conv_forward_naive"],
                             cwd=link_kit / "source", env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        report = json.loads((tmp_path / "out" / "report.json").read_text())
        assert report["tier"] == UID and report["score"] == report["max_score"] > 0
    finally:
        os.chmod(link_kit, 0o755)
        shutil.rmtree(link_kit, ignore_errors=True)


@pytest.fixture(scope="module")
def private_numpy():
    """A copy of numpy in a folder only root may enter (0700), as numpy under /root is on an image with a pyenv."""
    import numpy
    folder = Path(tempfile.mkdtemp(prefix="convkit-confine-private-"))
    home = Path(numpy.__file__).resolve().parent
    shutil.copytree(home, folder / "site" / "numpy", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    if home.with_name("numpy.libs").is_dir():
        shutil.copytree(home.with_name("numpy.libs"), folder / "site" / "numpy.libs")
    yield folder / "site"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(UID not in HERE_TIERS, reason="needs root and the uid tier")
def test_a_runtime_the_sandbox_uid_cannot_read_stops_grading_with_the_fix(kit, tmp_path, private_numpy):
    """Graded with numpy where the sandbox uid cannot read it (a 0700 folder) and bubblewrap failing, as on a
    Gradescope image with a pyenv under /root: does `grade` exit 2 with one sentence naming the fix and write no
    results, and does --insecure grade anyway, saying so on the terminal, in report.json and in results.json?"""
    env = {**os.environ, "PATH": f"{kit / 'fakebin'}:{os.environ['PATH']}", "PYTHONPATH": str(private_numpy)}
    argv = [sys.executable, "-m", "grader.instructor", "grade", str(ROOT / "solutions"), "-o",
            str(tmp_path / "out"), "--seed", str(SEED), "--functions", "relu_forward"]
    run = subprocess.run(argv, cwd=kit / "source", env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Fix: give the grader a Python runtime with numpy that other users can read" in run.stderr
    assert "--insecure" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "results.json").exists()
    run = subprocess.run(argv + ["--insecure"], cwd=kit / "source", env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert report["tier"] == RLIMITS and report["insecure"] is True
    assert "as root with resource limits only" in results["output"] and "as root" in run.stderr


def test_a_worker_that_never_starts_is_the_graders_failure(tmp_path, monkeypatch):
    """When the worker dies before its ready message (an interpreter that cannot import numpy), is that raised as
    SandboxUnavailable, never scored as the student's crash?"""
    from grader.sandbox import SandboxUnavailable
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run([SYSTEM_PYTHON, "-c", "import numpy"]).returncode == 0:
        pytest.skip("needs a system python without numpy")
    monkeypatch.setattr(tiers, "runtime_for", lambda tier: tiers.Runtime(SYSTEM_PYTHON, ()))
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    with WorkerSession(tmp_path / "pkg", tier=RLIMITS) as session:
        with pytest.raises(SandboxUnavailable, match="No module named 'numpy'"):
            session.run(0, {"cases": []}, {})


# -- a fresh attacker on the landed kit (redteam18) -------------------------------------------------------------------

@pytest.fixture
def unix_listeners():
    """A stream and a datagram unix socket, both world-connectable, in a folder anyone may pass through (a D-Bus or
    docker socket stands in): the paths, and the list of what reached them."""
    import socket
    import threading
    folder = _public_folder("unix")
    reached, sockets = [], []
    for kind, name in ((socket.SOCK_STREAM, "stream"), (socket.SOCK_DGRAM, "dgram")):
        server = socket.socket(socket.AF_UNIX, kind)
        server.bind(str(folder / name))
        os.chmod(folder / name, 0o777)
        sockets.append(server)

        def serve(server=server, name=name):
            try:
                if name == "stream":
                    server.listen(8)
                    while True:
                        conn, _ = server.accept()
                        reached.append(name)
                        conn.close()
                else:
                    while True:
                        server.recv(64)
                        reached.append(name)
            except OSError:
                return
        threading.Thread(target=serve, daemon=True).start()
    yield {"stream": str(folder / "stream"), "dgram": str(folder / "dgram")}, reached
    for server in sockets:
        try:
            server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        server.close()
    shutil.rmtree(folder, ignore_errors=True)


UNIX_CLIENT = """
import errno, json, socket
def f():
    out = {{}}
    def attempt(name, call):
        try:
            call()
            out[name] = 'reached'
        except OSError as exc:
            out[name] = errno.errorcode.get(exc.errno, str(exc.errno))
    def stream():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(3)
        s.connect({stream!r})
        s.sendall(b'GET /containers/json')
    def dgram():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.sendto(b'hello', {dgram!r})
    def pair():
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        a.sendto(b'hello', {dgram!r})
    attempt('stream', stream)
    attempt('dgram', dgram)
    attempt('socketpair_dgram', pair)
    return json.dumps(out)
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_pathname_unix_socket_outside_the_sandbox_cannot_be_reached(tmp_path, tier, unix_listeners):
    """A world-connectable unix socket on the machine (a D-Bus, a docker.sock): can student code neither connect
    to it nor send it a datagram (Landlock's ABI 7 does not cover pathname sockets, so seccomp refuses every new
    socket and any socketpair but a stream one)?"""
    paths, reached = unix_listeners
    values = _session_values(tier, UNIX_CLIENT.format(**paths), tmp=tmp_path)
    time.sleep(0.3)
    assert not reached, (reached, values)
    assert "reached" not in values.values(), values


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_a_socketpair_for_the_workers_own_use_still_works(tmp_path, tier):
    """Does a stream socketpair (what asyncio and multiprocessing use inside one process tree) still work?"""
    values = _session_values(tier, "import json, socket\ndef f():\n    a, b = socket.socketpair()\n"
                                   "    a.sendall(b'ok')\n    return json.dumps(b.recv(2).decode())\n", tmp=tmp_path)
    assert values == "ok"


ESCAPER = """
import os as _os, sys as _sys
if _os.fork() == 0:
    for _leave in (_os.setsid, lambda: _os.setpgid(0, 0)):
        try:
            _leave()
            break
        except OSError:
            pass
    if _os.fork() == 0:
        _os.execv(_sys.executable, [_sys.executable, '-c', 'import time; time.sleep(60)', {token!r}])
    _os._exit(0)
"""


@pytest.mark.parametrize("how", HOW)
def test_a_daemon_in_a_session_or_group_of_its_own_does_not_outlive_the_grading(kit, open_kit, how):
    """A double fork that leaves the worker's session (setsid) or process group (setpgid): is it gone when the
    grading ends, also in the rlimits tier, where no uid of its own is killed (seccomp refuses both calls, so the
    whole tree stays in the group the grader kills)?"""
    token = uuid.uuid4().hex
    sub = _stub_in_public(ESCAPER.format(token=token))
    try:
        _grade_how(kit, open_kit, sub, how)
        time.sleep(1)
        assert not _processes_with(token), "the daemon outlived the grading"
    finally:
        for pid in _processes_with(token):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(sub.parent, ignore_errors=True)


@pytest.mark.skipif(UID not in HERE_TIERS, reason="the uid tier needs root")
def test_a_world_writable_folder_deep_below_its_mount_is_cleaned(tmp_path, monkeypatch):
    """A world-writable folder six levels below / (parents 0755): is what the sandbox uid leaves there removed
    (written with Landlock off, as on a kernel without it), however deep the folder lies?"""
    from grader.sandbox import leftovers
    monkeypatch.setenv(confine.SIMULATE_ENV, "landlock=ENOSYS")
    top = Path("/var/lib") / f"convkit-deep-{uuid.uuid4().hex[:8]}"
    deep = top / "a" / "b" / "c" / "shared"
    try:
        deep.mkdir(parents=True)
        for path in [top, *top.rglob("*")]:
            os.chmod(path, 0o755)
        os.chmod(deep, 0o1777)
        monkeypatch.setattr(leftovers, "_DISCOVERY", {})  # found at the first session of this process
        pkg = tmp_path / "pkg"
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        (pkg / "m.py").write_text(f"def f():\n    open({str(deep / 'left')!r}, 'w').write('x')\n    return 1\n")
        job = {"cases": [{"steps": [{"call": "m.f", "args": [], "bind": ["out"]}], "outputs": {"out": "out"}}]}
        with WorkerSession(pkg, tier=UID) as session:
            assert session.run(0, job, {}).state == "done"
            assert (deep / "left").exists()
        assert not (deep / "left").exists()
    finally:
        shutil.rmtree(top, ignore_errors=True)


HIDDEN_FILL = """
import os
def f():
    os.makedirs('junk/data')
    for i in range(20001):
        open(f'junk/e{i}', 'wb').close()
    for i in range(5):
        with open(f'junk/data/fill{i}', 'wb') as fh:
            for _ in range(60):
                fh.write(b'0' * (1 << 20))
    return 1
"""


@pytest.mark.parametrize("tier", tier_params(UID, RLIMITS))
def test_a_disk_filler_cannot_hide_behind_many_small_files(tmp_path, tier):
    """300 MB written below a folder of 20,001 empty files (more entries than the quota's walk looks at): is the
    function still stopped as over its home_mb, and its files gone before the next one runs?"""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text(HIDDEN_FILL)
    job = {"cases": [{"steps": [{"call": "m.f", "args": [], "bind": ["out"]}], "outputs": {"out": "out"}}]}
    with WorkerSession(pkg, Limits(home_mb=64, timeout=60), tier=tier) as session:
        outcome = session.run(0, job, {})
        assert outcome.state == "disk full", outcome.state
        assert not any((session.base / "home").iterdir())


@pytest.mark.parametrize("tier", tier_params(UID, RLIMITS))
def test_a_function_stopped_for_too_many_files_is_told_so_not_that_it_wrote_megabytes(tmp_path, tier):
    """A relu_forward that leaves 20,001 empty files (nothing near home_mb): does its message say it made too many
    files and folders, in both languages, rather than that it wrote more than home_mb MB?"""
    sub = _with_body(tmp_path / "s", "")
    layers = sub / "layers.py"
    layers.write_text(layers.read_text().replace(
        "out = np.maximum(0, x)", "for i in range(20001):\n        open(f'e{i}', 'wb').close()\n"
                                  "    out = np.maximum(0, x)", 1))
    from grader.instructor import grading
    report = grading.grade(sub, seed=SEED, tier=tier, functions=["relu_forward"], lang="zh,en",
                           limits=Limits(home_mb=128, timeout=60))  # the report's sentences, not yet worded
    assert report.score == 0 and report.checks
    for check in report.checks:
        assert f"{QUOTA_WALK_ENTRIES:,} files and folders" in render(check.message, "en"), check.message
        assert "个文件和文件夹" in render(check.message, "zh") and "MB" not in render(check.message, "zh")


ESCAPES = """
def relu_forward(x):
    raise ValueError("\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;PWNED\\x1b\\\\\\x1b[2J\\rfake: 100 / 100 \\u202eevil")
"""


def test_escape_sequences_in_an_exception_never_reach_the_graders_terminal(tmp_path):
    """A stub whose exception message (and so its source line) holds terminal escape sequences (set the clipboard,
    the title, clear the screen), a carriage return and a bidirectional override: does the terminal report show
    them as visible escapes, never as the raw characters?"""
    from rich.console import Console
    from grader.writers.terminal import render_table
    sub = _stub_with(tmp_path / "s", ESCAPES)
    report = grade(sub, seed=SEED, functions=["relu_forward"])
    out = io.StringIO()
    render_table(report, Console(file=out, force_terminal=True, width=200))
    shown = out.getvalue()
    for raw in ("\x1b]52;", "\x1b]0;", "\x1b[2J", "\r", "\u202e", "\x07"):
        assert raw not in shown, repr(raw)
    assert "\\x1b]52;c;" in shown and "\\u202eevil" in shown


def test_source_too_deep_for_the_compiler_is_the_students_error_not_a_crash(tmp_path):
    """A layers.py with a 50,000-deep unary minus (MemoryError in Python's compiler) and a notebook with a 2,000-term
    sum in one cell (RecursionError when its definitions are kept): does each grade to the end, the module with a
    compile error and the notebook on its other cells, instead of a traceback from the grader?"""
    sub = _with_body(tmp_path / "s", "", "_deep = " + "-" * 50000 + "1\n")
    report = grade(sub, seed=SEED, functions=["relu_forward"])
    assert report.score == 0 and report.max_score > 0
    import nbformat
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import numpy as np\ndef relu_forward(x):\n"
                                                "    return np.maximum(0, x), x\n"),
                      nbformat.v4.new_code_cell("_sum = 1" + " + 1" * 2000)]
    nbformat.write(notebook, str(tmp_path / "layers.ipynb"))
    report = grade(tmp_path / "layers.ipynb", seed=SEED, functions=["relu_forward"])
    assert report.score == report.max_score > 0


ENVIRON_THIEF = """
import json, os
def f():
    found = dict(os.environ)
    for pid in (os.getppid(), 1):
        try:
            with open(f'/proc/{pid}/environ', 'rb') as fh:
                found[f'proc{pid}'] = fh.read().decode('latin-1')
        except OSError:
            pass
    return json.dumps(found)
"""


@pytest.mark.parametrize("tier", tier_params(BUBBLEWRAP, UID, RLIMITS))
def test_the_graders_environment_never_reaches_student_code(tmp_path, tier, monkeypatch):
    """A secret in the grader's environment (an API token, as CI and autograder images hold): is it absent from the
    worker's environment and out of reach through /proc/PID/environ of its parent?"""
    secret = uuid.uuid4().hex
    monkeypatch.setenv("GRADESCOPE_API_TOKEN", secret)
    values = _session_values(tier, ENVIRON_THIEF, tmp=tmp_path)
    assert secret not in json.dumps(values), sorted(values)
    assert "GRADESCOPE_API_TOKEN" not in values


def test_modules_named_like_the_standard_library_or_numpy_change_nothing(tmp_path):
    """The reference with numpy.py, json.py, io.py and sitecustomize.py beside layers.py, each of which would
    break the worker if imported: does it still earn every point (only the exercise modules are taken)?"""
    sub = _with_body(tmp_path / "s", "")
    for name in ("numpy", "json", "io", "sitecustomize", "convkit_protocol", "convkit_confine"):
        (sub / f"{name}.py").write_text("raise SystemExit('shadowed')\n")
    report = grade(sub, seed=SEED, functions=["relu_forward", "conv_forward_naive"])
    assert report.score == report.max_score > 0, [c.message for c in report.checks]


# -- the parent's bytecode for the worker ----------------------------------------------------------------------------

def test_the_worker_imports_the_parents_bytecode_checked_against_the_source(tmp_path, monkeypatch):
    """After precompile, does the import use the parent's .pyc without compiling, and is a .pyc whose source has
    changed since ignored (the source compiled instead), so that the code that runs is always the source's?"""
    import importlib.util
    from importlib import _bootstrap_external

    from grader.sandbox.session import precompile
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text("def f(x):\n    return x + 1\n")
    precompile(package)

    def load():
        spec = importlib.util.spec_from_file_location("m_precompiled", package / "m.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    real = _bootstrap_external.SourceLoader.source_to_code
    monkeypatch.setattr(_bootstrap_external.SourceLoader, "source_to_code",
                        lambda *a, **k: pytest.fail("compiled the source"))
    module = load()
    assert module.f(1) == 2 and module.f.__code__.co_filename == str(package / "m.py")
    (package / "m.py").write_text("def f(x):\n    return x + 2\n")  # the student's source wins over a stale .pyc
    monkeypatch.setattr(_bootstrap_external.SourceLoader, "source_to_code", real)
    assert load().f(1) == 3


def test_a_students_exception_still_names_the_students_file_and_line(tmp_path):
    """With the parent's bytecode, does the traceback of an exception in student code name the module file and
    line the student wrote?"""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text("def f(x):\n\n    raise ValueError('nope')\n")
    job = {"cases": [{"steps": [{"call": "m.f", "args": [{"a": "x"}], "bind": ["out"]}], "outputs": {"out": "out"}}]}
    with WorkerSession(pkg) as session:
        outcome = session.run(0, job, {"c0/x": np.ones(2)})
    event = decode_job(outcome.status, outcome.npz, 1)[0].events[0]
    assert event["raised"] == "ValueError: nope" and event["traceback"][-1] == "m.py:3 in f"
