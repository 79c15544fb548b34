"""Flag pairs of submissions whose student code is suspiciously alike. INSTRUCTOR SIDE.

Uses copydetect (winnowing over token k-grams, as MOSS does), which renames every identifier to one token and
ignores formatting, so renamed variables and reformatting do not hide a copy. Only the code between the
START/END OF YOUR CODE markers is compared, so what every student received in the stubs does not count.
"""
from __future__ import annotations

import csv
import html
import io
import itertools
import tempfile
from pathlib import Path


from .submission import KIT_ROOT, SubmissionError, exercise_modules, prepare_submission

THRESHOLD = 0.6
NOISE_K = 25
GUARANTEE_T = 30


START = "*****START OF YOUR CODE"
END = "*****END OF YOUR CODE"


def student_regions(text: str) -> str:
    """Only what the student wrote: the lines between the START/END OF YOUR CODE markers (the stub's own code,
    docstrings and banners are what everyone received, so they never count as shared). A file without the
    markers (a lone .py, a notebook) counts whole."""
    if START not in text:
        return text
    kept, inside = [], False
    for line in text.splitlines():
        if START in line:
            inside = True
        elif END in line:
            inside = False
        elif inside and line.strip() not in ("pass", "# BEGIN SOLUTION", "# END SOLUTION"):
            kept.append(line)
    return "\n".join(kept)


def _student_code(path: Path, modules: list[str]) -> str:
    prepared = prepare_submission(path)
    try:
        return "\n".join(student_regions((prepared.package_dir / rel).read_text(encoding="utf-8", errors="replace"))
                         for rel in modules + ["_single.py"] if (prepared.package_dir / rel).exists())
    finally:
        prepared.cleanup()


def similarity_pairs(submissions: dict[str, Path], threshold: float = THRESHOLD) -> list[dict]:
    """Every pair of submissions with its similarity (the smaller of the two directions), flagged at threshold."""
    import copydetect

    modules = exercise_modules()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        prints = {}
        for name, path in submissions.items():
            try:
                code = _student_code(path, modules)
            except SubmissionError:
                continue
            file = tmp / f"{len(prints)}.py"
            file.write_text(code)
            if len(code.strip()) < 50:
                continue  # nothing written beyond the stubs: nothing to compare
            prints[name] = copydetect.CodeFingerprint(str(file), NOISE_K, GUARANTEE_T)
        pairs = []
        for a, b in itertools.combinations(sorted(prints), 2):
            _, (sim_a, sim_b), _ = copydetect.compare_files(prints[a], prints[b])
            score = float(max(sim_a, sim_b))  # the share of the smaller body of work found in the other
            pairs.append({"a": a, "b": b, "similarity": round(score, 3), "flagged": score >= threshold})
    return sorted(pairs, key=lambda p: -p["similarity"])


def similarity_report(submissions: dict[str, Path], outdir: Path, threshold: float = THRESHOLD) -> list[dict]:
    """Write similarity.csv and similarity.html into ``outdir``; returns the pairs."""
    pairs = similarity_pairs(submissions, threshold)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["a", "b", "similarity", "flagged"])
    writer.writeheader()
    writer.writerows(pairs)
    (outdir / "similarity.csv").write_text(buffer.getvalue())
    rows = "".join(f"<tr{' class=flag' if p['flagged'] else ''}><td>{html.escape(p['a'])}</td>"
                   f"<td>{html.escape(p['b'])}</td><td>{p['similarity']:.2f}</td></tr>" for p in pairs)
    (outdir / "similarity.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>similarity</title><style>"
        "body{font-family:sans-serif} td{padding:2px 8px} .flag{background:#fdd}</style></head><body>"
        f"<h1>Similar submissions</h1><p>Flagged at similarity &ge; {threshold} (copydetect; stub code "
        "excluded; identifiers and formatting normalised). A flag is a place to look, not a verdict.</p>"
        f"<table><tr><th>a</th><th>b</th><th>similarity</th></tr>{rows}</table></body></html>")
    return pairs
