"""The argument specs of the wire protocol: built by the parent with protocol's constructors, read by the worker."""
import ast
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.functions import bind_params
from grader.sandbox import protocol
from grader.sandbox.protocol import (as_float64, case_param, dict_of, flattened, input_array, literal, numpy_call,
                                     param_arrays, slot, tuple_of)
from grader.sandbox.worker import build_arg

ARRAYS = {"x": np.arange(6.0).reshape(2, 3), "w": np.ones((3, 2)), "W1": np.zeros(2)}
SLOTS = {"cache": ("a", 1), "out": None}
PARAMS = {"conv_param": {"stride": 2, "pad": 1}, "param_names": ["W1", "w"]}


def _sent(spec):
    """The spec as the worker receives it: case parameters bound, then through JSON."""
    return json.loads(json.dumps(bind_params(spec, PARAMS)))


SPECS = [
    (input_array("x"), ARRAYS["x"]),
    (literal({"mode": "train", "eps": [1e-5]}), {"mode": "train", "eps": [1e-5]}),
    (literal(None), None),
    (slot("cache"), ("a", 1)),
    (slot("never_bound"), None),
    (case_param("conv_param"), {"stride": 2, "pad": 1}),
    (param_arrays("param_names"), {"W1": ARRAYS["W1"], "w": ARRAYS["w"]}),
    (flattened(input_array("x")), ARRAYS["x"].reshape(2, -1)),
    (tuple_of(input_array("w"), literal(3)), (ARRAYS["w"], 3)),
    (dict_of(a=literal(1), b=slot("cache")), {"a": 1, "b": ("a", 1)}),
    (dict_of({"not an identifier": literal(2)}), {"not an identifier": 2}),
    (as_float64(literal([1, 2])), np.array([1.0, 2.0])),
    (numpy_call("add", input_array("x"), literal(1.0)), ARRAYS["x"] + 1.0),
    (numpy_call("matmul", flattened(input_array("x")), input_array("w")), ARRAYS["x"] @ ARRAYS["w"]),
]


@pytest.mark.parametrize("spec, expected", SPECS, ids=[f"{i}-{next(iter(spec))}" for i, (spec, _) in enumerate(SPECS)])
def test_each_spec_kind_round_trips_to_its_python_value(spec, expected):
    """Does every spec a constructor builds come out of the worker's build_arg as the value it stands for?"""
    value = build_arg(_sent(spec), ARRAYS, SLOTS)
    assert type(value) is type(expected)
    if isinstance(expected, dict):
        assert list(value) == list(expected)
        for key in expected:
            np.testing.assert_array_equal(value[key], expected[key])
    elif isinstance(expected, tuple):
        assert len(value) == len(expected)
        for got, want in zip(value, expected):
            np.testing.assert_array_equal(got, want)
    elif expected is None:
        assert value is None
    else:
        np.testing.assert_array_equal(value, expected)
        if isinstance(expected, np.ndarray):
            assert value.dtype == expected.dtype


def test_as_float64_of_a_missing_value_is_nan():
    """Is a missing output (a slot left None) NaN as float64, so that it cannot pass a comparison by accident?"""
    assert np.isnan(build_arg(as_float64(slot("out")), ARRAYS, SLOTS))


def test_the_worker_refuses_unknown_specs_and_numpy_functions():
    """Are a spec with an unknown key and a numpy function outside the worker's short list refused?"""
    for spec in ({"zz": 1}, numpy_call("load", literal("/etc/passwd"))):
        with pytest.raises(ValueError, match="unknown argument spec"):
            build_arg(spec, ARRAYS, SLOTS)


def test_case_params_never_reach_the_worker():
    """Does bind_params leave no case_param or param_arrays key in a spec it sends?"""
    sent = json.dumps(_sent([case_param("conv_param"), tuple_of(param_arrays("param_names"), slot("cache"))]))
    assert f'"{protocol.CASE_PARAM}":' not in sent and f'"{protocol.PARAM_ARRAYS}":' not in sent


def test_the_protocol_module_imports_only_the_standard_library():
    """Can the protocol module travel into the sandbox (as convkit_protocol), where only the stdlib and numpy are?"""
    tree = ast.parse(Path(protocol.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}
    assert not any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(tree))
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
