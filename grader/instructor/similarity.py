"""Flag pairs of submissions whose student code is suspiciously alike. INSTRUCTOR SIDE.

Uses copydetect (winnowing over token k-grams, as MOSS does), which renames every identifier to one token and
ignores formatting, so renamed variables and reformatting do not hide a copy. Only the code between the
START/END OF YOUR CODE markers is compared, and against a baseline: fingerprints of the stubs (what every student
received) and fingerprints most of the class shares (what unrelated submissions have in common) never count.
Because identifiers all become one token, code of random names (``a = b`` lines) looks alike everywhere: a pair
is flagged only when it shares at least MIN_SHARED distinct fingerprints beyond the baseline as well.

Cost is bounded per submission: at most MAX_CODE_BYTES of its code are compared (the rest is reported as cut)
and a submission whose preparation and fingerprint take longer than MAX_SECONDS is left out, with a note.
"""
from __future__ import annotations

import csv
import html
import io
import itertools
import tempfile
import time
from pathlib import Path


from ..submission import KIT_ROOT, SubmissionError, exercise_modules, prepare_submission

THRESHOLD = 0.7              # measured: independent solutions <= 0.28 here and 0.61-0.68 in issue 20; copies >= 0.75
NOISE_K = 25
GUARANTEE_T = 30
MIN_SHARED = 12             # distinct fingerprints beyond the baseline a flagged pair must share
COMMON_SHARE = 0.5          # a fingerprint in more than this share of the class is baseline ...
COMMON_MIN_CLASS = 4        # ... in a class of at least this many submissions
MAX_CODE_BYTES = 256 * 1024
MAX_SECONDS = 20.0


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


def _stub_fingerprints(modules: list[str], tmp: Path) -> set:
    """Every k-gram hash of the stubs' modules (not only those winnowing keeps, since a submission's window may
    keep another one): code every student received."""
    import copydetect
    hashes = set()
    for i, rel in enumerate(modules):
        stub = tmp / f"stub{i}.py"
        stub.write_text((KIT_ROOT / "assignment" / rel).read_text(encoding="utf-8"), encoding="utf-8")
        hashes |= set(copydetect.CodeFingerprint(str(stub), NOISE_K, 1).hashes)
    return hashes


def similarity_pairs(submissions: dict[str, Path], threshold: float = THRESHOLD,
                     skipped: dict[str, str] | None = None) -> list[dict]:
    """Every pair of submissions with its similarity, flagged at ``threshold``.

    A pair's similarity is the larger of the two directions: the share of the smaller body of work found in the
    other (so a student who copied a classmate's code and added their own is still found). Fingerprints of the
    baseline (the stubs, and what most of the class shares) are left out first, and a flagged pair must also share
    MIN_SHARED distinct fingerprints. ``skipped`` (when given) receives name -> why a submission was left out.
    """
    import copydetect
    import numpy as np

    skipped = {} if skipped is None else skipped
    modules = exercise_modules()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        baseline = _stub_fingerprints(modules, tmp)
        files = {}
        for name, path in submissions.items():
            start = time.monotonic()
            try:
                code = _student_code(path, modules)
            except SubmissionError:
                continue
            if len(code.strip()) < 50:
                continue  # nothing written beyond the stubs: nothing to compare
            data = code.encode("utf-8", "replace")
            if len(data) > MAX_CODE_BYTES:
                skipped[name] = f"only the first {MAX_CODE_BYTES >> 10} KB of {len(data) >> 10} KB were compared"
                code = data[:MAX_CODE_BYTES].decode("utf-8", "ignore")
            file = tmp / f"{len(files)}.py"
            file.write_text(code, encoding="utf-8")
            files[name] = (file, time.monotonic() - start)
        first = {}
        for name, (file, spent) in files.items():
            start = time.monotonic()
            first[name] = set(copydetect.CodeFingerprint(str(file), NOISE_K, GUARANTEE_T).hashes)
            if spent + time.monotonic() - start > MAX_SECONDS:
                skipped[name] = f"left out: preparing and fingerprinting it took more than {MAX_SECONDS:g} s"
                del first[name]
        if len(first) >= COMMON_MIN_CLASS:
            counts: dict = {}
            for hashes in first.values():
                for h in hashes:
                    counts[h] = counts.get(h, 0) + 1
            baseline |= {h for h, n in counts.items() if n > COMMON_SHARE * len(first)}
        boilerplate = np.array(sorted(baseline), dtype=np.int64)
        prints = {name: copydetect.CodeFingerprint(str(files[name][0]), NOISE_K, GUARANTEE_T,
                                                   boilerplate=boilerplate) for name in first}
        distinct = {name: set(fp.hashes) for name, fp in prints.items()}
        pairs = []
        for a, b in itertools.combinations(sorted(prints), 2):
            shared = len(distinct[a] & distinct[b])
            if shared:
                _, (sim_a, sim_b), _ = copydetect.compare_files(prints[a], prints[b])
                score = float(max(sim_a, sim_b))  # the share of the smaller body of work found in the other
            else:
                score = 0.0
            pairs.append({"a": a, "b": b, "similarity": round(score, 3), "shared": shared,
                          "flagged": score >= threshold and shared >= MIN_SHARED})
    return sorted(pairs, key=lambda p: (-p["similarity"], p["a"], p["b"]))


def similarity_report(submissions: dict[str, Path], outdir: Path, threshold: float = THRESHOLD) -> list[dict]:
    """Write similarity.csv and similarity.html into ``outdir``; returns the pairs."""
    from ..writers.spreadsheet import spreadsheet_safe
    from ..writers import atomic_write
    skipped: dict[str, str] = {}
    pairs = similarity_pairs(submissions, threshold, skipped)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["a", "b", "similarity", "shared", "flagged"])
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in p.items()} for p in pairs)
    atomic_write(outdir / "similarity.csv", buffer.getvalue())
    notes = "".join(f"<li>{html.escape(n)}: {html.escape(w)}</li>" for n, w in sorted(skipped.items()))
    rows = "".join(f"<tr{' class=flag' if p['flagged'] else ''}><td>{html.escape(p['a'])}</td>"
                   f"<td>{html.escape(p['b'])}</td><td>{p['similarity']:.2f}</td></tr>" for p in pairs)
    atomic_write(
        outdir / "similarity.html",
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>similarity</title><style>"
        "body{font-family:sans-serif} td{padding:2px 8px} .flag{background:#fdd}</style></head><body>"
        f"<h1>Similar submissions</h1><p>Flagged at similarity &ge; {threshold} (copydetect; stub code "
        f"excluded; identifiers and formatting normalised) and at least {MIN_SHARED} distinct shared fingerprints "
        "beyond the stubs and what most of the class shares. A flag is a place to look, not a verdict.</p>"
        f"{'<ul>' + notes + '</ul>' if notes else ''}"
        f"<table><tr><th>a</th><th>b</th><th>similarity</th></tr>{rows}</table></body></html>")
    return pairs
