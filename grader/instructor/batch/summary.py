"""What the batch tells the staff: summary.md (with two figures), the Inline Question answers, the terminal's
summary. INSTRUCTOR SIDE.

Problems are: rows with an error, rows where nothing gradable was found (0 points, said so), and rows the grader
failed on (``not graded``: no score; a re-run grades them).
"""
from __future__ import annotations

from pathlib import Path

from ...functions import GRADED
from ...model import sum_points
from ...writers import atomic_write
from ..answers import ANSWERS_FILE, answers_from_json, answers_index
from .rows import DUPLICATE_ROW, GRADED_ROW, NOT_GRADED_ROW

STUDENTS_DIR = "students"


def is_problem(row: dict) -> bool:
    """Does this row need the staff (an error, nothing gradable, not graded)? Notes are not problems."""
    return bool(row["error"] or row.get("nothing_gradable") or row.get("kind") == NOT_GRADED_ROW)


def full_marks_rates(rows: dict[str, dict]) -> dict[str, float]:
    """Required function -> share of the graded students (duplicates and rows not graded left out) with its full
    points."""
    from ...rubric import load_rubric
    rubric = load_rubric()
    students = [r for r in rows.values() if r.get("kind", GRADED_ROW) == GRADED_ROW]
    return {g.name: sum(sum_points([r["functions"].get(g.name, 0.0)]) >= sum_points([rubric[g.name].points])
                        for r in students) / max(1, len(students))
            for g in GRADED if not g.optional}


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def write_answers_index(outdir: Path) -> Path | None:
    """OUT/inline_answers.md: every student's Inline Question answers, for manual grading (None when none)."""
    by_student = {}
    for path in sorted((outdir / STUDENTS_DIR).glob(f"*/{ANSWERS_FILE}")):
        try:
            by_student[path.parent.name] = answers_from_json(path.read_bytes())
        except (ValueError, UnicodeDecodeError):
            continue
    if not by_student:
        return None
    target = outdir / "inline_answers.md"
    atomic_write(target, answers_index(by_student))
    return target


def counts(rows) -> dict[str, int]:
    """How many rows of each kind of problem."""
    rows = list(rows)
    return {"not_graded": sum(1 for r in rows if r.get("kind") == NOT_GRADED_ROW),
            "nothing_gradable": sum(1 for r in rows if r.get("nothing_gradable")),
            "duplicates": sum(1 for r in rows if r.get("kind") == DUPLICATE_ROW),
            "problems": sum(1 for r in rows if is_problem(r))}


def write_summary(outdir: Path, rows: dict[str, dict]) -> Path:
    """summary.md with a score histogram, the share of full marks per function and the entries with problems."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    students = [r for r in rows.values() if r.get("kind", GRADED_ROW) != DUPLICATE_ROW]
    scores = [r["score"] for r in students if r.get("kind", GRADED_ROW) == GRADED_ROW]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(scores, bins=20)
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    fig.tight_layout()
    fig.savefig(outdir / "score_histogram.png")
    plt.close(fig)
    rates = full_marks_rates(rows)
    fig, ax = plt.subplots(figsize=(6, 8))
    ax.barh(list(rates), list(rates.values()))
    ax.set_xlim(0, 1)
    ax.set_xlabel("fraction of students with full marks")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(outdir / "pass_rates.png")
    plt.close(fig)
    problems = [r for _, r in sorted(rows.items()) if is_problem(r)]
    n = counts(rows.values())
    lines = ["# Batch summary", "", f"{len(students)} students; mean score "
             f"{sum(scores) / max(1, len(scores)):.1f} (of {len(scores)} graded); {n['problems']} entries with "
             f"problems ({n['not_graded']} not graded: the grader failed, run the batch again; "
             f"{n['nothing_gradable']} with nothing gradable: 0 points; {n['duplicates']} duplicates).", "",
             "![score histogram](score_histogram.png)", "", "![pass rates](pass_rates.png)", "",
             "| function | full marks |", "|---|---|"]
    lines += [f"| {name} | {100 * rate:.0f}% |" for name, rate in rates.items()]
    if problems:
        lines += ["", "## Entries with problems", "", "| student | uploaded as | kind | problem |", "|---|---|---|---|"]
        lines += [f"| {_markdown_cell(r['student'])} | {_markdown_cell(r.get('original', ''))} | "
                  f"{_markdown_cell(_problem_kind(r))} | "
                  f"{_markdown_cell(r['error'] or r.get('nothing_gradable', ''))} |" for r in problems]
    path = outdir / "summary.md"
    atomic_write(path, "\n".join(lines) + "\n")
    return path


def _problem_kind(row: dict) -> str:
    if row.get("nothing_gradable"):
        return "nothing gradable"
    return row.get("kind", GRADED_ROW)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def terminal_summary(result, seconds: float, limit: int = 20) -> str:
    """What the batch verb prints: the counts, the entries with problems (first ``limit``) and where the files are."""
    students = [r for r in result.rows if r.get("kind", GRADED_ROW) != DUPLICATE_ROW]
    scores = [r["score"] for r in students if r.get("kind", GRADED_ROW) == GRADED_ROW]
    top = max((r["max_score"] for r in students), default=0)
    lines = [f"{len(students)} students in the gradebook ({len(result.graded_now)} graded now, in {seconds:.1f} s); "
             f"mean score {sum(scores) / max(1, len(scores)):.1f} / {top:g}."]
    problems = result.problems
    if problems:
        lines.append(f"{len(problems)} with problems:")
        width = min(40, max(len(r["student"]) for r in problems))
        for row in problems[:limit]:
            lines.append(f"  {_printable(row['student']):{width}}  "
                         f"{_printable(row['error'] or row.get('nothing_gradable', ''))[:110]}")
        if len(problems) > limit:
            lines.append(f"  ... and {len(problems) - limit} more (the error column of the gradebook)")
    else:
        lines.append("No problems.")
    not_graded = counts(result.rows)["not_graded"]
    if not_graded:
        lines.append(f"{not_graded} not graded (the grader failed, not the students): no score was exported for "
                     "them; run the same command again to grade exactly those.")
    lines.append(f"gradebook:  {result.gradebook}")
    if result.exports:
        lines.append(f"for the LMS: {', '.join(str(p) for p in result.exports)}")
    if result.summary:
        lines.append(f"summary:    {result.summary}")
    if result.similarity:
        lines.append(f"similarity: {result.similarity}")
    lines.append(f"reports:    {result.outdir / STUDENTS_DIR}/<student>/report.html")
    return "\n".join(lines)
