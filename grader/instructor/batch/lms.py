"""What each LMS's export looks like: one small parser per LMS and version, in one table. INSTRUCTOR SIDE.

Each parser reads one file or folder name of an export and returns what it says (``lms``, ``key``: the student
as that LMS names them, ``file``: the name after the prefix, "" for a folder), or None. Sources, as each LMS's own
code writes them:

- Canvas (``lib/content_zipper.rb``, ``get_filename`` and ``add_upload_submission``): ``login[_LATE]_userid_
  attachmentid_file`` for uploads, ``login[_LATE]_userid_text.html`` / ``_link.html`` for text and URL entries,
  where ``login`` is the sortable name downcased with every non-word character removed (``Lee, Kim`` ->
  ``leekim``); under anonymous grading ``anon_<anonymous id>[_LATE]_attachmentid_file``. The number after the
  name is the user's id (what Canvas's gradebook import matches on), the second the attachment's.
- Moodle 4.1+ (``mod/assign/classes/downloader.php``): a folder ``Full Name_participant_assignsubmission_file``
  per student (no trailing ``_``); Moodle 3.x (``mod/assign/locallib.php``): ``..._assignsubmission_file_``;
  either, not as folders: that prefix, ``_``, then the file name. Online text is ``..._onlinetext``.
- Blackboard: ``Assignment_user_attempt_2024-01-31-23-59-59_file`` plus one ``.txt`` of metadata per attempt.
- Gradescope's "Export Submissions": ``submission_<id>/`` folders described by ``submission_metadata.yml``
  (``read_gradescope_metadata``).
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Callable

# Canvas keeps Unicode word characters ([[:word:]]: letters, marks, digits); Python's \w has no combining marks,
# which an NFD-encoded name (macOS) is made of.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CANVAS_LOGIN = rf"(?:[^\W_]|[{_MARKS}])+"
_CANVAS_TAIL = r"(?P<late>_LATE)?_(?:(?P<attachment>\d+)_)?(?P<file>.+)$"
_CANVAS = re.compile(rf"^(?P<login>{_CANVAS_LOGIN})(?P<late>_LATE)?_(?P<uid>\d+)_(?:(?P<attachment>\d+)_)?"
                     r"(?P<file>.+)$", re.S)
_CANVAS_ANONYMOUS = re.compile(r"^(?P<anon>anon_[A-Za-z0-9]+)" + _CANVAS_TAIL, re.S)
_CANVAS_ENTRIES = {"text.html": "text", "link.html": "url"}
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?P<sep>_(?P<file>.*))?$", re.S)
_BLACKBOARD = re.compile(r"^(?P<assignment>.*?)_(?P<user>[^_]+)_attempt_"
                         r"(?P<stamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?P<rest>.*)$", re.S)
GRADESCOPE_METADATA = "submission_metadata.yml"
_GRADESCOPE_FOLDER = re.compile(r"^submission_(?P<id>\d+)$")


def _canvas_anonymous(name: str) -> dict | None:
    match = _CANVAS_ANONYMOUS.match(name)
    if not match:
        return None
    file = match["file"]
    return {"lms": "canvas", "version": "anonymous", "key": match["anon"], "anonymous_id": match["anon"],
            "login": "", "user_id": "", "attachment_id": match["attachment"] or "", "late": bool(match["late"]),
            "file": file, "entry": "" if match["attachment"] else _CANVAS_ENTRIES.get(file, "")}


def _canvas(name: str) -> dict | None:
    match = _CANVAS.match(name)
    if not match:
        return None
    file = match["file"]
    return {"lms": "canvas", "version": "", "key": match["login"], "login": match["login"],
            "user_id": match["uid"], "attachment_id": match["attachment"] or "", "late": bool(match["late"]),
            "file": file, "entry": "" if match["attachment"] else _CANVAS_ENTRIES.get(file, "")}


def _moodle(name: str) -> dict | None:
    match = _MOODLE.match(name)
    if not match:
        return None
    version = "4.1+" if match["sep"] is None else "3.x" if match["file"] == "" else ""
    return {"lms": "moodle", "version": version, "key": f"{match['name']}_{match['pid']}", "name": match["name"],
            "participant": match["pid"], "plugin": match["plugin"], "file": match["file"] or ""}


def _blackboard(name: str) -> dict | None:
    match = _BLACKBOARD.match(name)
    if not match:
        return None
    rest = match["rest"]
    return {"lms": "blackboard", "version": "", "key": match["user"], "login": match["user"],
            "attempt": match["stamp"], "file": rest[1:] if rest.startswith("_") else "",
            "metadata": rest.lower() == ".txt"}


@dataclasses.dataclass(frozen=True)
class LmsFormat:
    """One LMS (and version) whose export names ``parse`` reads."""

    name: str
    parse: Callable[[str], dict | None]


# Tried in order: the most specific first (Moodle's plugin marker before Canvas's looser pattern).
FORMATS = [
    LmsFormat("moodle", _moodle),
    LmsFormat("blackboard", _blackboard),
    LmsFormat("canvas-anonymous", _canvas_anonymous),
    LmsFormat("canvas", _canvas),
]


def parse_lms_name(name: str) -> dict | None:
    """What an LMS export's file or folder name says (see the module's docstring), or None for a plain name."""
    for fmt in FORMATS:
        parsed = fmt.parse(name)
        if parsed is not None:
            return parsed
    return None


def is_code_upload(parsed: dict) -> bool:
    """Is this name part of what a student handed in (not Blackboard's metadata, not Moodle's online text)?"""
    return not parsed.get("metadata") and parsed.get("plugin", "file") == "file"


def read_gradescope_metadata(folder: Path) -> dict[str, dict] | None:
    """Gradescope's ``submission_metadata.yml``: submission folder -> {submitters: [{name, sid, email}],
    created_at}; None when ``folder`` is not a Gradescope export.

    Raises:
        ValueError: when the file is there but is not the YAML Gradescope writes.
    """
    import yaml
    path = folder / GRADESCOPE_METADATA
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not Gradescope's submission metadata ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not Gradescope's submission metadata (expected a mapping of submissions)")
    found = {}
    for key, record in data.items():
        if not isinstance(record, dict) or not _GRADESCOPE_FOLDER.match(str(key)):
            continue
        get = lambda d, k: d.get(f":{k}", d.get(k))  # noqa: E731 (Ruby symbols are written ":name")
        submitters = [{"name": str(get(s, "name") or ""), "sid": str(get(s, "sid") or ""),
                       "email": str(get(s, "email") or "")}
                      for s in get(record, "submitters") or [] if isinstance(s, dict)]
        found[str(key)] = {"submitters": submitters, "created_at": str(get(record, "created_at") or "")}
    return found
