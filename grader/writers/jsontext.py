"""JSON text for a person and a machine at once: each key of the top-level object on a line of its own, and each
item of a list-valued key (a report's checks, results.json's tests) on a line of its own.

``json.dumps(..., indent=N)`` gives a line to every nested value, and indenting makes ``json`` use its pure-Python
encoder: about a tenth of a batch worker's CPU went into report.json and results.json that way. Each piece here is
encoded by ``json``'s C encoder, and the text parses to the same value."""
from __future__ import annotations

import json


def json_lines(data: dict, **options) -> str:
    """``data`` (a dict) as JSON text: one line per top-level key, one line per item of a list value.
    ``options``: ``json.dumps``'s (``ensure_ascii``, ``allow_nan``, ``default``)."""
    encode = json.JSONEncoder(**options).encode
    lines = []
    for key, value in data.items():
        name = encode(str(key))
        if isinstance(value, (list, tuple)) and value:
            items = ",\n  ".join(encode(item) for item in value)
            lines.append(f" {name}: [\n  {items}\n ]")
        else:
            lines.append(f" {name}: {encode(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n" if lines else "{}\n"
