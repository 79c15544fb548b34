"""The review page's server: one batch output folder, on 127.0.0.1, behind a one-time token.

INSTRUCTOR SIDE. A standard-library HTTP server (one thread per request) over ``Store``. The page and its script
are static files; every answer, question and click goes through ``/api/...``, which needs the token the terminal
printed (in the ``X-Review-Token`` header) and a ``Host`` that is this server (so another web page in the TA's
browser can neither read nor click through it). Nothing is served to other machines unless ``host`` says so.
"""
from __future__ import annotations

import hmac
import json
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .labels import labels
from .render import answer_html
from .rubric import Question
from .store import MAX_ANSWER_CHARS, Store

STATIC = Path(__file__).resolve().parent / "static"
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8"}
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MAX_BODY = 64 * 1024


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store: Store, questions: list[Question], host: str = "127.0.0.1", port: int = 0,
                 token: str | None = None):
        super().__init__((host, port), _Handler)
        self.store, self.questions = store, questions
        self.token = token or secrets.token_urlsafe(18)
        self.lang = "en"
        self.allowed_hosts = {f"{name}:{self.server_address[1]}" for name in ("127.0.0.1", "localhost", host)}

    @property
    def url(self) -> str:
        host = self.server_address[0]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        return f"http://{shown}:{self.server_address[1]}/?token={self.token}&lang={self.lang}"

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread


def _question_json(q: Question, lang: str, points: dict[str, float]) -> dict:
    return {"key": q.key, "label": q.label(lang), "points": q.points,
            "text": answer_html(q.text_zh if lang == "zh" else q.text_en),
            "reference": answer_html(q.reference_zh if lang == "zh" else q.reference_en),
            "items": [{"key": i.key, "position": i.position, "points": points[i.key],
                       "text": i.zh if lang == "zh" else i.en} for i in q.items]}


def _mark_json(mark, position: int, name: str) -> dict:
    return {"student": mark.student, "position": position, "name": name, "present": mark.present,
            "answer": answer_html(mark.answer[:MAX_ANSWER_CHARS]) if mark.present else "",
            "truncated": len(mark.answer) > MAX_ANSWER_CHARS, "applied": mark.applied, "comment": mark.comment,
            "score": mark.score, "graders": mark.graders}


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # the terminal shows the URL once, not every request
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", _CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data, status: int = 200):
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _error(self, status: HTTPStatus, why: str):
        self._json({"error": why}, status)

    def _host_ok(self) -> bool:
        return self.headers.get("Host", "") in self.server.allowed_hosts

    def _token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.server.token.encode())

    def do_GET(self):
        if not self._host_ok():
            return self._error(HTTPStatus.FORBIDDEN, "unknown host")
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/":
            if not self._token_ok((query.get("token") or [""])[0]):
                return self._error(HTTPStatus.FORBIDDEN, "open the address the terminal printed (with its token)")
            return self._send(200, (STATIC / "index.html").read_bytes(), _TYPES[".html"])
        if url.path.startswith("/static/"):
            name = url.path[len("/static/"):]
            path = STATIC / name
            if "/" in name or path.suffix not in _TYPES or not path.is_file():
                return self._error(HTTPStatus.NOT_FOUND, "no such file")
            return self._send(200, path.read_bytes(), _TYPES[path.suffix])
        if not url.path.startswith("/api/"):
            return self._error(HTTPStatus.NOT_FOUND, "no such page")
        if not self._token_ok(self.headers.get("X-Review-Token")):
            return self._error(HTTPStatus.FORBIDDEN, "missing or wrong token")
        lang = (query.get("lang") or ["en"])[0]
        store = self.server.store
        if url.path == "/api/state":
            points = store.item_points()
            students = store.students()
            return self._json({"labels": labels(lang), "lang": lang,
                               "questions": [_question_json(q, lang, points) for q in self.server.questions],
                               "students": len(students), "progress": store.progress()})
        if url.path == "/api/answers":
            question = (query.get("question") or [""])[0]
            if question not in store.questions:
                return self._error(HTTPStatus.NOT_FOUND, "no such question")
            students = {s: (name, position) for s, name, position in store.students()}
            return self._json([_mark_json(m, students[m.student][1], students[m.student][0])
                               for m in store.marks(question)])
        if url.path == "/api/progress":
            return self._json(store.progress())
        return self._error(HTTPStatus.NOT_FOUND, "no such call")

    def do_POST(self):
        if not self._host_ok():
            return self._error(HTTPStatus.FORBIDDEN, "unknown host")
        if not self._token_ok(self.headers.get("X-Review-Token")):
            return self._error(HTTPStatus.FORBIDDEN, "missing or wrong token")
        try:
            length = int(self.headers.get("Content-Length", "0"))
            if not 0 <= length <= MAX_BODY:
                raise ValueError("body too large")
            data = json.loads(self.rfile.read(length).decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"bad request: {exc}")
        grader = str(self.headers.get("X-Grader") or "TA")[:60]
        store = self.server.store
        path = urlsplit(self.path).path
        try:
            if path == "/api/apply":
                store.apply(str(data["student"]), str(data["question"]), str(data["item"]), bool(data["applied"]),
                            grader)
            elif path == "/api/comment":
                store.comment(str(data["student"]), str(data["question"]), str(data["text"]), grader)
            elif path == "/api/points":
                store.set_points(str(data["item"]), float(data["points"]), grader)
            else:
                return self._error(HTTPStatus.NOT_FOUND, "no such call")
        except (KeyError, TypeError, ValueError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"bad request: {exc}")
        if path == "/api/points":
            return self._json({"ok": True})
        mark = next((m for m in store.marks(str(data["question"])) if m.student == str(data["student"])), None)
        if mark is None:
            return self._error(HTTPStatus.NOT_FOUND, "no such student")
        return self._json({"ok": True, "applied": mark.applied, "score": mark.score, "comment": mark.comment})
