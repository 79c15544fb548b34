"""An answer as the student wrote it in the notebook: Markdown and LaTeX, drawn without running anything of theirs.

INSTRUCTOR SIDE. Markdown goes through mistune with raw HTML escaped (an answer's ``<script>`` is shown as text);
each ``$...$`` or ``$$...$$`` is drawn by matplotlib's mathtext into an SVG image (a picture cannot run code, and
nothing is fetched from the network); a formula mathtext cannot draw is shown as its source. The page's Content
Security Policy forbids inline scripts as a second wall.
"""
from __future__ import annotations

import base64
import functools
import html
import io
import re

_MATH = re.compile(r'<(div|span) class="math">(?:\$\$|\\\(|\\\[)?(.*?)(?:\$\$|\\\)|\\\])?</\1>', re.S)


@functools.lru_cache(maxsize=1)
def _markdown():
    import mistune  # here, not at the top: the Gradescope bundle builds the CLI without the review's packages
    return mistune.create_markdown(escape=True, hard_wrap=True, plugins=["math", "table", "strikethrough"])


@functools.lru_cache(maxsize=4096)
def formula_image(tex: str, display: bool) -> str | None:
    """A data: URI of the SVG matplotlib draws for ``tex``, or None when mathtext cannot parse it."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.mathtext import math_to_image
    buffer = io.BytesIO()
    try:
        math_to_image(f"${tex.strip()}$", buffer, format="svg", prop=None)
    except Exception:  # mathtext covers most of what answers hold; the rest is shown as its source
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _formula(match: re.Match) -> str:
    display = match.group(1) == "div"
    tex = html.unescape(match.group(2)).strip()
    uri = formula_image(tex, display) if len(tex) < 2000 else None
    css = "math display" if display else "math"
    if uri is None:
        return f'<code class="{css}">{html.escape(tex)}</code>'
    return f'<img class="{css}" alt="{html.escape(tex, quote=True)}" src="{uri}">'


def answer_html(text: str) -> str:
    """The HTML of an answer (safe to insert into the page)."""
    return _MATH.sub(_formula, _markdown()(text or ""))
