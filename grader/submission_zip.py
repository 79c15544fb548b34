"""``make submit``: the student's code and notebooks (as .ipynb and rendered to HTML) in one zip to upload.

Warns when a notebook has not been run or stopped on an error. Takes nothing from solutions/.
"""
from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path


@dataclasses.dataclass
class SubmissionZipResult:
    """The zip written and the warnings about its notebooks."""

    path: Path
    files: list[str]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return True  # warnings never stop a submission: the student decides


def _notebook_warnings(nb, name: str) -> list[str]:
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code and all(not c.get("outputs") and c.get("execution_count") is None for c in code):
        return [f"{name} has not been run: run it top to bottom (or use --execute) before submitting"]
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        return [f"{name} stopped on an error: {errors[0].get('ename')}: {str(errors[0].get('evalue'))[:120]}"]
    return []


def collect_submission(out_zip: str | Path = "submission.zip", root: str | Path = ".",
                       execute: bool = False, verbose: bool = True) -> SubmissionZipResult:
    """Write the submission zip.

    Args:
        out_zip: Where to write it.
        root: The student's copy of the kit (holding assignment/ and notebooks/).
        execute: Run the notebooks on assignment/ first and pack the executed copies.
        verbose: Print what was written and the warnings.

    Returns:
        A SubmissionZipResult.
    """
    import nbformat
    from nbconvert import HTMLExporter

    root = Path(root).resolve()
    notebooks = {p.name: p for p in sorted((root / "notebooks").glob("*.ipynb"))}
    if execute and notebooks:
        from .notebook_runner import run_notebooks
        for result in run_notebooks("assignment", root=root, output_dir=root / "out" / "submit-notebooks"):
            notebooks[result.name] = result.output_path
    warnings, files = [], []
    exporter = HTMLExporter()
    out_zip = Path(out_zip)
    part = out_zip.with_name(out_zip.name + ".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((root / "assignment").rglob("*.py")):
            if "__pycache__" not in path.parts:
                arcname = path.relative_to(root).as_posix()
                zf.write(path, arcname)
                files.append(arcname)
        for name, path in notebooks.items():
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception as exc:  # an unreadable notebook is reported, the rest still goes in
                warnings.append(f"{name} is not a valid notebook ({type(exc).__name__}); it was left out")
                continue
            warnings += _notebook_warnings(nb, name)
            zf.writestr(f"notebooks/{name}", nbformat.writes(nb))
            html, _ = exporter.from_notebook_node(nb)
            zf.writestr(f"notebooks/{Path(name).stem}.html", html)
            files += [f"notebooks/{name}", f"notebooks/{Path(name).stem}.html"]
    part.replace(out_zip)
    if verbose:
        print(f"wrote {out_zip} ({len(files)} files)")
        for warning in warnings:
            print(f"warning: {warning}")
    return SubmissionZipResult(out_zip, files, warnings)
