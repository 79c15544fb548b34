"""The instructor's side of convkit: never shipped to students.

Everything that knows an expected value or a mistake lives here: the hidden cases (``cases``), the reference
adapter (``reference``), the catalog of known mistakes and the diagnosis (``mistakes``, ``diagnosis``,
``probing``, ``realistic/``), hidden-case grading (``grading``), and the tools: ``stubs``, ``release``,
``batch``, ``similarity``, ``verify``, ``demo``, ``gradescope_bundle``. It imports the shipped ``grader``
package; nothing in ``grader`` outside this folder imports it (``tests/test_layout.py`` parses every module to
make sure). ``python -m grader.instructor`` offers every verb, the students' included.
"""
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]
