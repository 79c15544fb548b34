"""``python -m grader.instructor``: every verb, the students' (``grader.cli``) composed with the kit's public tests,
and the instructor's on top; a thin command line over ``grader.instructor.api`` and the kit's tools.

Exit codes: 0 when the command did its job (whatever the score), 1 when ``check --min-score`` is not reached
or a verification fails, 2 when the grader itself could not do its job (bad arguments, unreadable setup, a sandbox
that cannot start: then nothing is written, and the message says what to fix).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli import LANG_HELP, UNSET, add_common, default_of, given, lang_of, langs_option, limits_of, print_report, run
from ..cli import build_parser as build_student_parser

KIT_ROOT = Path(__file__).resolve().parents[2]


def cmd_grade(args) -> int:
    from .api import grade, write_reports
    report = grade(args.submission, **given(args, "seed", "insecure"), functions=args.functions,
                   limits=limits_of(args), tier=args.tier, lang=lang_of(args.lang))
    write_reports(report, args.output)
    print_report(report, args.output)
    return 0


def cmd_stubs(args) -> int:
    from .stubs import MarkerError, generate_stubs
    try:
        report = generate_stubs(KIT_ROOT / "solutions", KIT_ROOT / "assignment", **given(args, "check"))
    except (MarkerError, SyntaxError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "check", False):
        if report.in_sync:
            print("assignment/ is in sync with solutions/")
            return 0
        for rel in report.drifted + report.removed:
            print(f"drifted: assignment/{rel}")
        print("run `make stubs` to regenerate assignment/ from solutions/")
        return 1
    for rel in report.written:
        print(f"wrote assignment/{rel}")
    for rel in report.removed:
        print(f"removed assignment/{rel}")
    if not report.written and not report.removed:
        print("assignment/ already up to date")
    return 0


def cmd_public_tests(args) -> int:
    from .release import write_public_tests
    dest = write_public_tests(**given(args, "dest"))
    print(f"public tests written to {dest}")
    return 0


def cmd_release(args) -> int:
    from .release import build_release
    result = build_release(**given(args, "output"))
    print(f"wrote {result.path} ({result.files} files)")
    return 0


def cmd_demo(args) -> int:
    from .demo import run_demo
    return run_demo(**given(args, "outdir"))


def cmd_verify(args) -> int:
    from .verify import main as verify_main
    return verify_main(**given(args, "seed"))


def cmd_batch(args) -> int:
    from .batch import main as batch_main
    return batch_main(args)


def cmd_review(args) -> int:
    from .review import ReviewError, RubricError, merge, review
    if getattr(args, "export", False):
        try:
            result = merge(args.outdir)
        except RubricError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if result is None:
            print(f"error: no review was started in {args.outdir} (run `review {args.outdir}` first)", file=sys.stderr)
            return 2
        print(f"merged the written answers of {result.students} students into their reports and the gradebook: "
              f"{result.graded} graded, {result.pending} not graded yet ({result.csv})")
        from .batch import load_rows, write_gradebook, write_lms_exports
        rows = load_rows(Path(args.outdir) / "students")
        write_gradebook(Path(args.outdir), rows)
        write_lms_exports(Path(args.outdir), rows)
        return 0
    try:
        server = review(args.outdir, **given(args, "host", "port"), lang=lang_of(args.lang))
    except (ReviewError, RubricError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Review the written answers at {server.url}")
    print("(only this address, with its token, opens the page; Ctrl-C stops the server, and "
          f"`review {args.outdir} --export` merges the points into the gradebook)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.server_close()
    return 0


def cmd_gradescope(args) -> int:
    from .gradescope_bundle import build_autograder
    path = build_autograder(**given(args, "output"), lang=lang_of(args.lang))
    print(f"wrote {path}")
    return 0


def cmd_train(args) -> int:
    from datasets import DatasetError
    from .train import train
    try:
        solver, val, test, seconds = train(**given(args, "model", "target", "epochs", "seed", "time_limit"))
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"validation accuracy: {100 * val:.1f}%")
    print(f"time: {seconds:.0f} s (CPU {solver.cpu_seconds:.0f} s)")
    print(f"test accuracy: {100 * test:.1f}%")
    return 0


def cmd_bench(args) -> int:
    from .bench import main as bench_main
    return bench_main(**given(args, "batch_size", "baseline_zip", "baseline_kit"))


def build_parser() -> argparse.ArgumentParser:
    """The student verbs (grader.cli), fed the kit's public tests, with the instructor's verbs on top."""
    from .api import check, grade, public_tests_folder
    from .demo import run_demo
    from .gradescope_bundle import build_autograder
    from .release import build_release, write_public_tests
    from .verify import main as verify_main
    from .train import RECIPES, train
    from .bench import main as bench_main
    from .review import review
    parser, sub = build_student_parser(notebook_targets=("solutions", "assignment"),
                                       prog="python -m grader.instructor",
                                       description="convkit's autograder and kit tools")
    sub.choices["check"].set_defaults(check=check)
    sub.choices["notebooks"].set_defaults(public_tests=public_tests_folder)
    common = add_common

    p = sub.add_parser("grade", help="grade one submission on hidden tests")
    p.add_argument("submission", help="a folder, .zip, .py or .ipynb")
    p.add_argument("-o", "--output", required=True, help="folder for results.json, report.json, ...")
    p.add_argument("--seed", type=int, default=UNSET,
                   help=f"seed of the hidden inputs (default: {default_of(grade, 'seed')}: random, recorded)")
    p.add_argument("--insecure", action="store_true", default=UNSET,
                   help="as root where no sandbox but rlimits works, grade anyway (student code runs as root; "
                        "every report says so); without it, grade exits 2 and names the fix")
    common(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("stubs", help="regenerate assignment/ from solutions/")
    p.add_argument("--check", action="store_true", default=UNSET, help="only report drift (exit 1 when out of sync)")
    p.set_defaults(func=cmd_stubs)

    p = sub.add_parser("public-tests", help="compute the public tests from the reference")
    p.add_argument("-o", "--output", dest="dest", default=UNSET,
                   help=f"the folder to write (default: {default_of(write_public_tests, 'dest')})")
    p.set_defaults(func=cmd_public_tests)

    p = sub.add_parser("release", help="build the student bundle (no solutions, no hidden tests)")
    p.add_argument("-o", "--output", default=UNSET,
                   help=f"the zip to write (default: {default_of(build_release, 'output')})")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("demo", help="grade the bundled example batch and print the scores")
    p.add_argument("-o", "--output", dest="outdir", default=UNSET,
                   help=f"the folder for the demo's reports (default: {default_of(run_demo, 'outdir')})")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("verify", help="prove the grader: reference full marks, stubs zero, every mistake caught")
    p.add_argument("--seed", type=int, default=UNSET,
                   help=f"seed of the hidden inputs (default: {default_of(verify_main, 'seed')})")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("batch", help="grade a folder or zip of submissions into a gradebook",
                       description="Grade a class: a folder of per-student folders, zips, .py or .ipynb files (plain "
                       "names or a Canvas, Moodle, Blackboard or Gradescope export), or one zip of those. Writes "
                       "OUT/gradebook.csv, gradebook_canvas.csv, gradebook_moodle.csv, summary.md and "
                       "OUT/students/<id>/. Ctrl-C stops at once; the same command resumes. Exits 2 when the "
                       "grader failed on some submissions ('not graded' rows): the same command grades those.")
    p.add_argument("submissions", help="the class folder or zip")
    p.add_argument("-o", "--output", required=True, help="the output folder (resumed when it exists)")
    p.add_argument("--workers", type=int, default=UNSET, help="local worker processes (default: one per core "
                   "the batch may use)")
    p.add_argument("--scheduler", default=UNSET, help="a Dask scheduler address, e.g. tcp://127.0.0.1:8786 (every "
                   "worker is checked first: the same kit, a sandbox tier as strong as this machine's)")
    p.add_argument("--cluster", choices=["slurm"], default=UNSET,
                   help="start a Dask cluster of SLURM jobs (dask-jobqueue; settings from "
                   "~/.config/dask/jobqueue.yaml)")
    p.add_argument("--jobs", type=int, default=UNSET, help="SLURM jobs to ask for (with --cluster slurm)")
    p.add_argument("--allow-weaker-tier", action="store_true", default=UNSET,
                   help="let Dask workers grade in a weaker sandbox tier than this machine's (noted in summary.md)")
    p.add_argument("--force", action="store_true", default=UNSET, help="re-grade submissions already graded")
    p.add_argument("--similarity", action="store_true", default=UNSET, help="also write a similarity report")
    p.add_argument("--seed", type=int, default=UNSET,
                   help="seed of the hidden inputs (default: random, kept in OUT/batch.json)")
    p.add_argument("--lang", type=langs_option, help=LANG_HELP)
    p.add_argument("--assignment", default=UNSET, help="the grade column's name in gradebook_canvas.csv")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("review", help="grade the written answers of a batch in the browser, one question at a time")
    p.add_argument("outdir", help="a batch's output folder")
    p.add_argument("--host", default=UNSET,
                   help=f"the address to serve on (default: {default_of(review, 'host')}, this machine only)")
    p.add_argument("--port", type=int, default=UNSET,
                   help=f"the port (default: {default_of(review, 'port')}, a free one)")
    p.add_argument("--lang", choices=["en", "zh"], help="the page's language (default: from the locale)")
    p.add_argument("--export", action="store_true", default=UNSET,
                   help="merge the points and comments into the reports, gradebook and LMS files, and exit")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("gradescope", help="build a Gradescope autograder zip")
    p.add_argument("-o", "--output", default=UNSET,
                   help=f"the zip to write (default: {default_of(build_autograder, 'output')})")
    p.add_argument("--lang", type=langs_option,
                   help="language of the students' feedback: en, zh, or both from one grading (zh,en: Chinese first)")
    p.set_defaults(func=cmd_gradescope)

    p = sub.add_parser("train", help="train a reference net on MNIST and print its accuracy (make train)")
    p.add_argument("--model", choices=sorted(RECIPES), default=UNSET,
                   help=f"which net (default: {default_of(train, 'model')})")
    p.add_argument("--target", choices=["solutions", "assignment"], default=UNSET,
                   help=f"whose code (default: {default_of(train, 'target')})")
    p.add_argument("--epochs", type=int, default=UNSET, help="epochs (default: the model's recipe)")
    p.add_argument("--seed", type=int, default=UNSET, help=f"seed (default: {default_of(train, 'seed')})")
    p.add_argument("--time-limit", type=float, default=UNSET, help="seconds (default: the model's recipe)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("bench", help="speed figures, medians and ratios measured in one run (make bench)")
    p.add_argument("--batch-size", type=int, default=UNSET,
                   help=f"submissions in the batch figure (default: {default_of(bench_main, 'batch_size')})")
    p.add_argument("--baseline-zip", dest="baseline_zip", default=UNSET, metavar="ZIP",
                   help="an earlier student bundle whose first `make check` is measured beside this release's")
    p.add_argument("--baseline-kit", dest="baseline_kit", default=UNSET, metavar="DIR",
                   help="a previous release's source tree (e.g. `git worktree add DIR TAG`) whose batch and cold "
                        "`grade` are measured beside this kit's")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv=None) -> int:
    return run(build_parser(), argv)
