"""CSV text a spreadsheet opens safely: no cell starts like a formula. Used by every CSV the kit writes."""
from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(cell):
    """A CSV cell a spreadsheet shows as text: a string starting with = + - @ TAB CR LF gets a leading ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def csv_text(header: list, rows: list[list]) -> str:
    """``header`` and ``rows`` as CSV text, every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(c) for c in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(c) for c in row])
    return buffer.getvalue()
