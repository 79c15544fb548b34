"""``python -m grader`` in the student bundle: the verbs a student can run there, and nothing else.

The instructor's CLI (``grader.instructor.cli``, never shipped) builds on this parser and adds its own verbs, so a verb is
listed in the bundle exactly when it works there: ``STUDENT_VERBS`` is the whole list, and the release test
runs each of them from an unpacked bundle.

Exit codes: 0 when the command did its job (whatever the score), 1 when ``check --min-score`` is not reached
or a notebook fails, 2 when the grader itself could not do its job (bad arguments, unreadable setup).

Every verb is a function (``grader.api.check``, ``grader.notebook_runner.run_notebooks``,
``grader.submission_zip.collect_submission``); an option left out is left out of the call, so the function's own
default applies, and the help text reads that default from the function's signature: no default is written twice.
"""
from __future__ import annotations

import argparse
import inspect
import os
import sys
from pathlib import Path

STUDENT_VERBS = ("check", "notebooks", "submit")
UNSET = argparse.SUPPRESS  # an option left out is absent from the parsed arguments, so the function's default applies


def default_of(func, name: str):
    """The default of ``func``'s parameter ``name``, for the help text."""
    return inspect.signature(func).parameters[name].default


def given(args, *names: str) -> dict:
    """The options among ``names`` that the user gave, as keyword arguments."""
    return {name: getattr(args, name) for name in names if hasattr(args, name)}


def lang_of(value: str | None) -> str:
    """The language(s) asked: ``zh,en`` as it is (both, from one grading), else one from the value or the locale."""
    from .i18n import detect_lang, parse_langs
    langs = parse_langs(value) if value else [detect_lang()]
    return ",".join(langs)


def langs_option(value: str) -> str:
    """argparse's check of ``--lang``: en, zh, or both in order (zh,en)."""
    from .i18n import parse_langs
    try:
        return ",".join(parse_langs(value))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


LANG_HELP = "language of the feedback: en, zh, or both from one grading, the first first (zh,en); default: from LANG"


def print_report(report, outdir=None):
    """The report on the terminal in each of its languages, the first first (one grading, worded per language)."""
    from .i18n import translate
    from .writers.terminal import render_table
    render_table(report)
    if report.insecure:
        print("warning: student code ran as root with resource limits only. Install bubblewrap, or make the "
              "Python runtime readable to other users (a system python3, not one under /root) so that the "
              "unprivileged-uid sandbox can run.", file=sys.stderr)
    if outdir:
        print(translate("reports_written", report.lang, path=outdir))


def limits_of(args):
    from .sandbox import Limits
    limits = Limits()
    if getattr(args, "timeout", None):
        limits.timeout = args.timeout
    return limits


def cmd_check(args) -> int:
    from .api import check, write_reports
    from .i18n import translate
    report = (args.check or check)(**given(args, "path"), functions=args.functions,
                                   limits=limits_of(args), tier=args.tier, lang=lang_of(args.lang))
    if args.output:
        write_reports(report, args.output)
    if args.junit:
        from .writers import WRITERS
        Path(args.junit).parent.mkdir(parents=True, exist_ok=True)
        WRITERS["junit.xml"](report, Path(args.junit))
    if args.summary:
        from .writers.markdown import append_markdown
        append_markdown(report, Path(args.summary))
    print_report(report, args.output)
    if args.min_score is not None and report.score < args.min_score:
        print(translate("below_min_score", report.lang, score=report.score, minimum=args.min_score))
        return 1
    return 0


def cmd_notebooks(args) -> int:
    from .i18n import detect_lang, translate
    from .notebook_runner import KIT_ROOT, notebook_names, run_notebooks
    lang = detect_lang()

    def progress(name, result):  # one line as each notebook starts and one as it ends: the runs take minutes
        if result is None:
            print(translate("notebook_started", lang, name=name), flush=True)
        elif result.ok:
            print(translate("notebook_ran", lang, name=name, seconds=result.seconds), flush=True)
        else:
            print(translate("notebook_stopped", lang, name=name, seconds=result.seconds, error=result.error),
                  flush=True)

    names = notebook_names(KIT_ROOT, tuple(args.lang)) if args.lang else None
    results = run_notebooks(args.target, notebooks=names, **given(args, "timeout"), progress=progress,
                            public_tests=args.public_tests() if args.public_tests else None)
    print(translate("notebooks_done", lang, ok=sum(r.ok for r in results), total=len(results),
                    seconds=sum(r.seconds for r in results),
                    path=results[0].output_path.parent.parent if results else "-"))
    return 0 if all(r.ok for r in results) else 1


def cmd_submit(args) -> int:
    from .submission_zip import collect_submission
    result = collect_submission(**given(args, "out_zip", "root", "execute"), lang=lang_of(args.lang))
    return 0 if getattr(result, "ok", True) else 1


def add_common(p: argparse.ArgumentParser):
    """The switches shared by the verbs that run student code."""
    p.add_argument("--lang", type=langs_option, help=LANG_HELP)
    p.add_argument("--functions", nargs="+", metavar="NAME", help="check only these functions")
    p.add_argument("--timeout", type=float, help="seconds per graded function (default: from the rubric)")
    p.add_argument("--tier", choices=["bubblewrap", "uid", "rlimits"],
                   help="force a sandbox tier (default: the strongest that works here)")


def build_parser(*, notebook_targets: tuple[str, ...] = ("assignment",), prog: str = "python -m grader",
                 description: str = "convkit: check your code, run the notebooks, pack your submission"):
    """The parser of the student verbs; returns (parser, subparsers) so that the instructor's CLI can add more.

    Args:
        notebook_targets: What ``notebooks --target`` accepts; the first is the default.
    """
    from .api import check
    from .notebook_runner import LANGS, run_notebooks
    from .submission_zip import collect_submission
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="run the public checks on your code")
    p.add_argument("path", nargs="?", default=UNSET,
                   help=f"your package folder, .zip, .py or .ipynb (default: {default_of(check, 'path')})")
    p.add_argument("-o", "--output", help="also write the reports (report.html, ...) into this folder")
    p.add_argument("--junit", help="write JUnit XML to this file (for CI)")
    p.add_argument("--summary", help="append a Markdown summary to this file (CI: $GITHUB_STEP_SUMMARY)")
    p.add_argument("--min-score", type=float, help="exit 1 when the score is below this")
    add_common(p)
    p.set_defaults(func=cmd_check, check=None)  # the instructor's CLI hands in the kit's check

    p = sub.add_parser("notebooks", help="run every notebook headless")
    p.add_argument("--target", choices=list(notebook_targets), default=notebook_targets[0],
                   help=f"whose code the notebooks import (default: {notebook_targets[0]})")
    p.add_argument("--timeout", type=int, default=UNSET,
                   help=f"seconds per cell (default: {default_of(run_notebooks, 'timeout')})")
    p.add_argument("--lang", choices=LANGS, action="append",
                   help="run only this language's notebooks (repeatable; default: both)")
    p.set_defaults(func=cmd_notebooks, public_tests=None)  # in the kit: a function giving the tests' folder

    p = sub.add_parser("submit", help="zip your code and executed notebooks for upload")
    p.add_argument("-o", "--output", dest="out_zip", metavar="ZIP", default=UNSET,
                   help=f"the zip to write (default: {default_of(collect_submission, 'out_zip')})")
    p.add_argument("--root", default=UNSET, help="the folder holding assignment/ and notebooks/ "
                   f"(default: {default_of(collect_submission, 'root')})")
    p.add_argument("--execute", action="store_true", default=UNSET, help="execute the notebooks first")
    p.add_argument("--lang", choices=["en", "zh"], help="language of the messages (default: from LANG)")
    p.set_defaults(func=cmd_submit)
    return parser, sub


def run(parser: argparse.ArgumentParser, argv=None) -> int:
    """Parse ``argv`` and run the chosen verb, mapping the grader's own failures onto exit code 2."""
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        from .sandbox import SandboxUnavailable
        if not isinstance(exc, SandboxUnavailable):
            raise
        # The grader's own failure: nothing was graded, no results were written; say what to fix.
        print(f"error: {exc}; nothing was graded. {exc.fix}", file=sys.stderr)
        return 2


def main(argv=None) -> int:
    parser, _ = build_parser()
    return run(parser, argv)
