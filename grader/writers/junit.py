"""JUnit XML, as pytest and Jenkins write it: one testcase per check."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..model import ERROR, FAILED, NOT_IMPLEMENTED, Report

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_FORBIDDEN.sub("?", str(text))


def junit_tree(report: Report) -> ET.Element:
    report = report.worded()  # the first language: one XML for the CI
    failures = sum(c.status in (FAILED, NOT_IMPLEMENTED) for c in report.checks)
    errors = sum(c.status == ERROR for c in report.checks)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name="convkit", tests=str(len(report.checks)),
                          failures=str(failures), errors=str(errors), skipped="0",
                          time=f"{report.execution_time:.3f}")
    for check in report.checks:
        case = ET.SubElement(suite, "testcase", classname=f"convkit.{check.function}", name=_clean(check.name),
                             time="0")
        text = _clean("\n\n".join(p for p in (check.hint, check.message) if p))
        first_line = text.splitlines()[0] if text else check.status
        if check.status in (FAILED, NOT_IMPLEMENTED):
            node = ET.SubElement(case, "failure", message=f"{check.status}: {first_line}"[:500])
            node.text = text
        elif check.status == ERROR:
            node = ET.SubElement(case, "error", message=first_line[:500])
            node.text = text
        ET.SubElement(case, "properties").append(ET.Element("property", name="score",
                                                            value=f"{check.score:g}/{check.max_score:g}"))
    return suites


def write_junit(report: Report, path: Path):
    from . import atomic_write
    tree = junit_tree(report)
    ET.indent(tree)
    atomic_write(Path(path), '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(tree, encoding="unicode"))
