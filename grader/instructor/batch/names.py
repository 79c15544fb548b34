"""Student ids: one canonical id per name, whatever the upload's case, Unicode form or bytes. INSTRUCTOR SIDE."""
from __future__ import annotations

import hashlib
import re
import unicodedata

ID_MAX = 64                         # longer names keep a prefix and a hash of the whole name


def readable(text: str) -> str:
    """``text`` as valid UTF-8: bytes of a non-UTF-8 file name (surrogate escapes) become U+FFFD."""
    try:
        data = text.encode("utf-8", "surrogateescape")  # the file name's own bytes back
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return data.decode("utf-8", "replace")


def digest(text: str) -> str:
    """A short stable hash of ``text`` (any bytes a file name may hold)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def canonical_id(name: str) -> str:
    """The student id of a name: NFC-normalised, case-folded, reduced to letters, digits and ``_ . @ + -``.

    ``Alice``, ``alice`` and an NFD ``ALICE`` are one student; ``José`` keeps its accent. A name that cannot be
    kept whole (not UTF-8, longer than ID_MAX) keeps a readable prefix and ``~h`` plus a hash of the whole name, so
    two such names never collide; ``~`` is never part of a name's own id.
    """
    lossy = any("\udc80" <= ch <= "\udcff" for ch in name)
    text = unicodedata.normalize("NFC", readable(name)).casefold()
    text = re.sub(r"[^\w.@+-]+", "_", text).lstrip("._+@-").rstrip("._") or "student"
    if lossy or len(text) > ID_MAX:
        text = f"{text[:ID_MAX - 11].rstrip('._')}~h{digest(name)}"
    return text


def duplicate_id(student: str, original: str) -> str:
    """The id of a second entry for ``student``: stable (derived from its original name) and unlike any name's."""
    return f"{student}~dup-{digest(original)}"
