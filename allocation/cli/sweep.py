"""``allocation sweep ROUND --from NOK --to NOK --step NOK [--policy ...] [--solver ...]
[--out DIR]``: the budget curve (:mod:`allocation.robust.curve`).

Writes ``sweep.csv``, ``sweep_frames.csv``, ``sweep_applications.csv`` and ``sweep.png`` into
DIR, all or none. ``--out`` as for ``allocation solve``: DIR must not exist or be empty; the
default is a new timestamped folder under ``reports/``. Exit status as ``solve``: 0 done; 1
invalid round (nothing written) or a frame whose available budget would be negative; 2 usage
error (a bad amount or range, an output folder that is not empty); 3 when the rules are
infeasible at the scheme's own frame, 4 when the solver stopped there (the curve is still
written: the frames without an allocation say so in ``sweep_frames.csv``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allocation.exit_codes import ExitCode
from allocation.round.data import POLICIES
from allocation.wording import cli as C

if TYPE_CHECKING:  # pragma: no cover
    from allocation.round.data import Round

__all__ = ["add_sweep_parser", "command_sweep", "load_for_command", "progress_bar"]


def add_sweep_parser(sub: Any) -> None:
    """Register ``allocation sweep`` on the subcommand parsers."""
    p = sub.add_parser("sweep", help=C.SWEEP_HELP)
    p.add_argument("round", metavar="ROUND")
    p.add_argument("--from", dest="start", metavar="NOK", required=True, help=C.SWEEP_FROM_HELP)
    p.add_argument("--to", dest="stop", metavar="NOK", required=True, help=C.SWEEP_TO_HELP)
    p.add_argument("--step", metavar="NOK", required=True, help=C.SWEEP_STEP_HELP)
    add_solve_options(p)


def add_solve_options(p: argparse.ArgumentParser) -> None:
    """``--policy``, ``--solver`` and ``--out``, as ``allocation solve`` has them."""
    p.add_argument("--policy", type=str.lower, choices=list(POLICIES))
    p.add_argument("--solver", type=str.lower, choices=["highs", "cbc"], default="highs")
    p.add_argument("--out", metavar="DIR", help="utmappe (må være tom eller ikke finnes)")


def load_for_command(args: argparse.Namespace) -> tuple[Round, Path] | int:
    """The checked round and the output folder of a command, or the exit status on failure.

    As ``allocation solve`` (:func:`allocation.cli.solve.checked_round`); the output folder
    defaults to a new timestamped one beside the round.
    """
    from allocation.cli.solve import checked_round, default_out_dir

    loaded = checked_round(args)
    if isinstance(loaded, int):
        return loaded
    return loaded, Path(args.out) if args.out else default_out_dir(Path(args.round))


def progress_bar(
    total_hint: int, unit: str
) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A tqdm bar on stderr (off when stderr is not a terminal): the callback and its close."""
    from tqdm import tqdm

    bar = tqdm(total=total_hint, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty())

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar.close


def _amounts(args: argparse.Namespace) -> tuple[int, int, int] | None:
    from allocation.cli.solve import parse_budget
    from allocation.wording import robustness as W

    values = []
    for option, text in (("--from", args.start), ("--to", args.stop), ("--step", args.step)):
        try:
            value = parse_budget(text)
        except ValueError:
            value = None
        if value is None:
            print(W.BAD_AMOUNT.format(option=option, value=text), file=sys.stderr)
            return None
        values.append(value)
    return values[0], values[1], values[2]


def command_sweep(args: argparse.Namespace) -> int:
    """Run ``allocation sweep``; returns the exit status (see the module docstring)."""
    from allocation import format as fmt
    from allocation.errors import ConfigError
    from allocation.robust.curve import frames_between, sweep
    from allocation.robust.files import sweep_files, write_files
    from allocation.wording import reasons as R
    from allocation.wording import robustness as W
    from allocation.wording import validation as V

    amounts = _amounts(args)
    if amounts is None:
        return ExitCode.USAGE
    try:
        frames_between(*amounts)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.USAGE
    loaded = load_for_command(args)
    if isinstance(loaded, int):
        return loaded
    round_, out = loaded
    update, close = progress_bar(0, "ramme")
    try:
        result = sweep(round_, *amounts, policy=args.policy, solver=args.solver, progress=update)
        nominal = _nominal_status(round_, args)
    except ConfigError as exc:  # a negative available budget at some frame
        print(f"{V.ERROR_LABEL}: {exc}")
        return ExitCode.INVALID_INPUT
    finally:
        close()
    files = sweep_files(result)  # everything made before anything is written
    write_files(out, files)
    seconds = fmt.decimal(result.timings["total"], 2) + " s"
    frames = fmt.count(len(result.frames), *W.FRAMES_NOUN)
    print(W.SWEEP_DONE.format(frames=frames, start=fmt.money(amounts[0]),
                              stop=fmt.money(result.frames[-1]), seconds=seconds))  # fmt: skip
    unsolved = result.by_frame[result.by_frame["status"] != "optimal"]
    if len(unsolved):
        listed = ", ".join(fmt.money(int(f)) for f in unsolved["frame"])
        count = fmt.count(len(unsolved), *W.FRAMES_NOUN)
        print(W.SWEEP_NOT_SOLVED.format(count=count, frames_list=listed))
    print(R.CLI_WRITTEN.format(path=out))
    return ExitCode.for_status(nominal)


def _nominal_status(round_: Round, args: argparse.Namespace) -> str:
    """The status at the scheme's own frame (the exit status, as ``solve`` would give)."""
    from allocation.robust.warm import WarmRound, with_policy

    warm = WarmRound(with_policy(round_, args.policy), args.solver)
    return str(warm.solve().status)
