"""``allocation robustness ROUND [--samples 1000] [--seed 1] [--vary weights|assessors|both]
[--concentration 200] [--leniency] [--policy ...] [--solver ...] [--scheduler ADDRESS]
[--workers N] [--out DIR]``: how robust each decision is (:mod:`allocation.robust`).

Writes ``robustness.csv`` (``application_id, core_index, funding_probability, mean_grant,
p10_grant, p90_grant, class``) and ``robustness.json`` (parameters, seed, samples, the samples
without an allocation, the funding-line zone, timings) into DIR. ``--out`` and the exit status
as ``allocation solve``: 0 done; 1 invalid round (nothing written); 2 usage error; 3 the rules
are infeasible with the round's own weights and scores (robustness.json only, no
robustness.csv); 4 the solver stopped there without proof (likewise). A sample whose rules
are infeasible is counted in robustness.json and left out of the figures.

``--scheduler tcp://HOST:PORT`` runs the samples on that dask.distributed cluster; otherwise
they run in a local process pool with one process per core (``--workers``). The same seed
gives the same robustness.csv, byte for byte, whichever runs them.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from allocation.cli.sweep import add_solve_options, load_for_command, progress_bar
from allocation.exit_codes import ExitCode
from allocation.wording import cli as C

__all__ = ["add_robustness_parser", "command_robustness"]


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def add_robustness_parser(sub: Any) -> None:
    """Register ``allocation robustness`` on the subcommand parsers."""
    p = sub.add_parser("robustness", help=C.ROBUSTNESS_HELP)
    p.add_argument("round", metavar="ROUND")
    p.add_argument("--samples", type=_positive_int, default=1000, metavar="N", help=C.SAMPLES_HELP)
    p.add_argument("--seed", type=int, default=1, help=C.SEED_HELP)
    p.add_argument(
        "--vary", type=str.lower, choices=["weights", "assessors", "both"], default="both",
        help=C.VARY_HELP,
    )  # fmt: skip
    p.add_argument("--concentration", type=float, default=200.0, help=C.CONCENTRATION_HELP)
    p.add_argument("--leniency", action="store_true", help=C.LENIENCY_HELP)
    p.add_argument("--scheduler", metavar="ADDRESS", help=C.SCHEDULER_HELP)
    p.add_argument("--workers", type=_positive_int, metavar="N", help=C.WORKERS_HELP)
    add_solve_options(p)


def _summary_lines(result: Any) -> list[str]:
    from allocation import format as fmt
    from allocation.wording import robustness as W

    if not result.ok:
        infeasible = str(result.status) == "infeasible"
        return [W.ROBUSTNESS_NOMINAL_INFEASIBLE if infeasible else W.ROBUSTNESS_NOMINAL_TIME_LIMIT]
    params, timings = result.parameters, result.timings
    drawn = sum(c.drawn for c in result.counts.values())
    lines = [
        W.ROBUSTNESS_DONE.format(
            samples=fmt.count(drawn, *W.SAMPLES_NOUN),
            vary=W.VARY_LABELS[params["vary"]],
            seconds=fmt.decimal(timings["total"], 2) + " s",
            executor=W.EXECUTOR_LABELS[timings["executor"]],
        )
    ]
    classes = result.class_counts()
    lines.append(
        W.ROBUSTNESS_CLASSES.format(
            funded=fmt.integer(classes["robust_funded"]),
            borderline=fmt.integer(classes["borderline"]),
            rejected=fmt.integer(classes["robust_not_funded"]),
        )
    )
    zone = result.zone()
    lines.append(W.ROBUSTNESS_ZONE.format(ids=", ".join(zone)) if zone else W.ROBUSTNESS_NO_ZONE)
    lost = result.lost
    if lost:
        lines.append(W.ROBUSTNESS_INFEASIBLE_SAMPLES.format(count=fmt.integer(lost)))
    return lines


def command_robustness(args: argparse.Namespace) -> int:
    """Run ``allocation robustness``; returns the exit status (see the module docstring)."""
    from allocation.errors import ConfigError
    from allocation.robust.analysis import robustness
    from allocation.robust.execute import Cancelled
    from allocation.robust.files import robustness_files, write_files
    from allocation.wording import reasons as R
    from allocation.wording import robustness as W
    from allocation.wording import validation as V

    if not args.concentration > 0:
        print(W.BAD_CONCENTRATION.format(value=args.concentration), file=sys.stderr)
        return ExitCode.USAGE
    loaded = load_for_command(args)
    if isinstance(loaded, int):
        return loaded
    round_, out = loaded
    update, close = progress_bar(args.samples, "trekk")
    try:
        result = robustness(
            round_,
            samples=args.samples,
            seed=args.seed,
            vary=args.vary,
            concentration=args.concentration,
            policy=args.policy,
            solver=args.solver,
            scheduler=args.scheduler,
            leniency=args.leniency,
            workers=args.workers,
            progress=update,
        )
    except ConfigError as exc:  # a negative available budget: invalid input, as solve
        print(f"{V.ERROR_LABEL}: {exc}")
        return ExitCode.INVALID_INPUT
    except Cancelled:
        print(W.CANCELLED, file=sys.stderr)
        return 130
    finally:
        close()
    files = robustness_files(result)  # everything made before anything is written
    write_files(out, files)
    for line in _summary_lines(result):
        print(line)
    print(R.CLI_WRITTEN.format(path=out))
    return ExitCode.for_status(str(result.status))
