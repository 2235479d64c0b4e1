"""``allocation next RUN [--year YEAR] --out DIR [--round ROUND]``: next year's round folder.

Exit status: 0 written; 1 the round is not valid (its problems printed as by ``validate``);
2 usage error (an output folder that exists and is not empty, a run that cannot be read or is
not of the round, a year not after the round's, no round folder to be found).
The work is :mod:`allocation.run.next_round`; nothing is written unless all of it succeeded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from allocation import format as fmt
from allocation.exit_codes import ExitCode
from allocation.wording import cli as C


def _round_path(args: argparse.Namespace, manifest: dict) -> Path | None:
    """The round folder: ``--round``, else the one the run's manifest.json names."""
    if getattr(args, "round", None):
        return Path(args.round)
    path = manifest.get("round", {}).get("path")
    return Path(path) if path else None


def command_next(args: argparse.Namespace) -> int:
    """Run ``allocation next``; returns the exit status (see the module docstring)."""
    from allocation.cli.solve import check_out_dir
    from allocation.cli.validate import report
    from allocation.errors import ConfigError
    from allocation.round.read import check_round
    from allocation.run.compare import load_run
    from allocation.run.next_round import NEXT_OPTION, next_round, write_next_round

    out = Path(args.out)
    problem = check_out_dir(out)
    if problem:
        print(problem, file=sys.stderr)
        return ExitCode.USAGE
    try:
        run = load_run(args.run, NEXT_OPTION)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.USAGE
    round_path = _round_path(args, run.manifest)
    if round_path is None or not round_path.is_dir():
        print(C.NEXT_NO_ROUND.format(run=run.path), file=sys.stderr)
        return ExitCode.USAGE
    round_, problems = check_round(round_path)
    if round_ is None:
        for line in report(problems):
            print(line)
        return ExitCode.INVALID_INPUT
    year = args.year if args.year is not None else round_.scheme.year + 1
    try:
        plan = next_round(round_, run, year)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.USAGE
    write_next_round(plan, out)
    projects = fmt.count(plan.continuing, *C.NEXT_PROJECTS)
    committed = fmt.money(plan.committed)
    print(C.NEXT_WRITTEN.format(year=year, path=out, projects=projects, committed=committed))
    print(C.NEXT_THEN.format(path=out))
    return ExitCode.OK
