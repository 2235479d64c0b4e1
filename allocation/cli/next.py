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
from typing import TYPE_CHECKING, Any

from allocation import format as fmt
from allocation.errors import ConfigError
from allocation.exit_codes import ExitCode
from allocation.wording import cli as C

if TYPE_CHECKING:  # pragma: no cover
    from allocation.run.compare import EarlierRun


def _round_path(args: argparse.Namespace, manifest: dict[str, Any]) -> Path | None:
    """The round folder: ``--round``, else the one the run's manifest.json names."""
    if getattr(args, "round", None):
        return Path(args.round)
    path = manifest.get("round", {}).get("path")
    return Path(path) if path else None


class _Usage(Exception):
    """A usage problem: its message is printed and the exit status is 2."""


def _run_and_round(args: argparse.Namespace) -> tuple[EarlierRun, Path]:
    """The run read back and the round folder it came from (raises _Usage)."""
    from allocation.cli.solve import check_out_dir
    from allocation.run.compare import load_run
    from allocation.run.next_round import NEXT_OPTION

    problem = check_out_dir(Path(args.out))
    if problem:
        raise _Usage(problem)
    try:
        run = load_run(args.run, NEXT_OPTION)
    except ConfigError as exc:
        raise _Usage(str(exc)) from exc
    round_path = _round_path(args, run.manifest)
    if round_path is None or not round_path.is_dir():
        raise _Usage(C.NEXT_NO_ROUND.format(run=run.path))
    return run, round_path


def command_next(args: argparse.Namespace) -> int:
    """Run ``allocation next``; returns the exit status (see the module docstring)."""
    from allocation.cli.validate import report
    from allocation.round.read import check_round
    from allocation.run.next_round import next_round, write_next_round

    out = Path(args.out)
    try:
        run, round_path = _run_and_round(args)
        round_, problems = check_round(round_path)
        if round_ is None:
            for line in report(problems):
                print(line)
            return ExitCode.INVALID_INPUT
        year = args.year if args.year is not None else round_.scheme.year + 1
        try:
            plan = next_round(round_, run, year)
        except ConfigError as exc:
            raise _Usage(str(exc)) from exc
    except _Usage as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.USAGE
    write_next_round(plan, out)
    projects = fmt.count(plan.continuing, *C.NEXT_PROJECTS)
    committed = fmt.money(plan.committed)
    print(C.NEXT_WRITTEN.format(year=year, path=out, projects=projects, committed=committed))
    print(C.NEXT_THEN.format(path=out))
    return ExitCode.OK
