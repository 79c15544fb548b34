"""Find English sentences left in a report meant for Chinese readers.

A zh report may hold Latin letters that are not English prose: function names and identifiers (``conv_forward``,
``ThreeLayerConvNet``), shapes and numbers, file paths with their lines (``layers.py:394``), code in backticks or
quotes, Python's own messages (quoted, or after an exception's type: ``ValueError: ...``), variable letters, the
graded functions' names and a few fixed technical words (``rtol``, ``MB``, ``NaN``, a case's ``mode train``).
What is left once those are taken out must hold no two English words in a row and no English function word
(``the``, ``is``, ``not``...).
"""
from __future__ import annotations

import re

from grader.functions import GRADED

# Code, quotes and Python's own words: taken out whole.
_ALLOWED_SPANS = [
    re.compile(r"`[^`\n]*`"),
    re.compile(r"“[^”\n]*”"),
    re.compile(r"'[^'\n]*'"),
    re.compile(r'"[^"\n]*"'),
    re.compile(r"\b[\w.]+\.(?:pyx|py|ipynb|zip|json|html|xml)\b(?::\d+)?(?: in (?:[\w.]+|<module>))?"),  # files, frames
    re.compile(r"(?:[\w.-]*/)+[\w.-]*"),  # paths
    re.compile(r"\b[A-Z]\w*(?:Error|Exception|Warning|Interrupt)\b(?::[^\n。；（]*)?"),  # an exception and its text
    re.compile(r"[<-]+ \w+\.\w+:\d+"),
    re.compile(r"\b\w+\([^()\n]*\)"),  # calls: x.copy(), np.pad(x, ...)
    # the course's own English terms, as the zh notebooks keep them: Jupyter's menu and CS231n's questions
    re.compile(r"\bKernel > Restart & Run All\b|\bInline Questions?\b"),
]
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
# An identifier (underscores, digits, dots, inner capitals) is code, not prose.
_IDENTIFIER = re.compile(r"\b(?:\w*_\w*|\w*\d\w*|\w+(?:\.\w+)+|[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*)\b")
# Words that are names, units or parameter values, never prose, in a zh report.
TECHNICAL = frozenset("""
convkit Python Jupyter notebook numpy NumPy bubblewrap Gradescope CS231n MB KB NaN inf rtol atol max min
dx dw db out loss scores params grads cache logits stride pad pool mode train test momentum config eps import
""".split()) | {g.name for g in GRADED}
_BLANK = "\u00a7"  # what an allowed span becomes: no word, and it breaks a run of words

# Function words: one of them alone is already an English sentence in a zh report.
FUNCTION_WORDS = frozenset("""
a an the is are was were be been not no and or of to in on at for with from by it its this that these those your
you has have had does did do should must may can could would will than then when where which what only every all
""".split()) - {"a"}  # 'a' is also the variable of CS231n's |a - d|
# Joined to a word, these separators keep a run of words going (a sentence); anything else breaks it.
_RUN = re.compile(r"[A-Za-z]+(?:[ ,;:.!?]+[A-Za-z]+)+")


def strip_allowed(text: str) -> str:
    """``text`` with everything that may be Latin in a zh report blanked out."""
    for pattern in _ALLOWED_SPANS:
        text = pattern.sub(_BLANK, text)
    text = _IDENTIFIER.sub(_BLANK, text)
    text = _WORD.sub(lambda m: _BLANK if m.group(0) in TECHNICAL else m.group(0), text)
    # one-letter variables (x, w, b, N, C, H, W, f) and numbers never make prose
    return re.sub(r"\b[A-Za-z]\b|\d+", _BLANK, text)


def english_sentences(text: str) -> list[str]:
    """The English prose in ``text``: runs of two or more English words and lone function words."""
    found = []
    for line in text.splitlines():
        rest = strip_allowed(line)
        runs = [m.group(0) for m in _RUN.finditer(rest)]
        lone = [w for w in _WORD.findall(rest) if w.lower() in FUNCTION_WORDS]
        if runs or lone:
            found.append(line.strip())
    return found
