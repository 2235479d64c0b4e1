"""The ``allocation`` command line (CONTRACT section 3).

Each subcommand's work lives in its own module, imported only when that subcommand runs,
so that ``allocation validate`` never pays for importing the solver or the notebook stack.

Exit status: 0 success; 1 invalid input; 2 usage error; 3 infeasible rules; 4 the solver
stopped without proving an optimum. No traceback reaches the adviser: unexpected errors are
reported in one line (set ``ALLOCATION_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from allocation.cli.robustness import add_robustness_parser, command_robustness
from allocation.cli.sweep import add_solve_options, add_sweep_parser, command_sweep
from allocation.exit_codes import ExitCode
from allocation.wording import cli as C


def _norwegian_argparse() -> None:
    """Let argparse's own messages (usage errors, help headings) speak Norwegian."""
    from allocation.wording.cli import ARGPARSE, ARGPARSE_PLURAL

    def gettext(message: str) -> str:
        return ARGPARSE.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        one, many = ARGPARSE_PLURAL.get((singular, plural), (singular, plural))
        return one if n == 1 else many

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def _build_parser() -> argparse.ArgumentParser:
    _norwegian_argparse()
    parser = argparse.ArgumentParser(
        prog="allocation",
        description="Fordeling av tilskudd: valider en søknadsrunde, beregn fordelingen, "
        "lag innstillingen.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    p = sub.add_parser("validate", help="kontroller en søknadsrunde (mappe)")
    p.add_argument("round", metavar="ROUND", help="mappen med scheme.toml, søknader og poeng")

    p = sub.add_parser("solve", help="beregn fordelingen for en søknadsrunde")
    p.add_argument("round", metavar="ROUND")
    p.add_argument("--budget", metavar="NOK", help="ny ramme (erstatter frame)")
    add_solve_options(p)  # --policy, --solver, --out: the same for sweep and robustness
    p.add_argument("--time-limit", type=float, default=None, metavar="SEK")
    p.add_argument("--stable-from", metavar="RUN", help=C.STABLE_HELP)

    p = sub.add_parser("run", help="kjør notatbøkene og lag innstillingen")
    p.add_argument("round", metavar="ROUND")
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="parameter til notatbøkene, f.eks. -p budget 3200000",
    )
    p.add_argument("--out", metavar="DIR", help="lag kjøremappen under DIR i stedet for reports/")
    p.add_argument("--scenario", metavar="FILE", help="scenariofil (TOML)")
    p.add_argument("--compare", metavar="RUN", help="sammenlign med en tidligere kjøremappe")
    p.add_argument("--stable-from", metavar="RUN", help=C.STABLE_HELP)

    p = sub.add_parser("init", help="lag en ny søknadsrunde (mappe) fra en mal")
    p.add_argument("dir", metavar="DIR", help=C.INIT_DIR_HELP)
    p.add_argument(
        "--scheme",
        type=str.lower,
        choices=["regional", "hjemmetid", "blank"],
        default="regional",
        help=C.INIT_SCHEME_HELP,
    )

    p = sub.add_parser("sheets", help=C.SHEETS_HELP)
    p.add_argument("round", metavar="ROUND")
    p.add_argument("--assessors", nargs="+", metavar="A", help=C.SHEETS_ASSESSORS_HELP)
    p.add_argument("--out", metavar="DIR", help=C.SHEETS_OUT_HELP)

    p = sub.add_parser("next", help=C.NEXT_HELP)
    p.add_argument("run", metavar="RUN", help=C.NEXT_RUN_HELP)
    p.add_argument("--year", type=int, default=None, metavar="ÅR", help=C.NEXT_YEAR_HELP)
    p.add_argument("--out", metavar="DIR", required=True, help=C.NEXT_OUT_HELP)
    p.add_argument("--round", metavar="ROUND", help=C.NEXT_ROUND_HELP)

    add_sweep_parser(sub)
    add_robustness_parser(sub)

    p = sub.add_parser("examples", help="kopier eksempelrundene til en ny mappe")
    p.add_argument("dir", metavar="DIR", help="mappen det kopieres til (ny eller tom)")
    return parser


def _command_examples(args: argparse.Namespace) -> int:
    """``allocation examples DIR``: copy the bundled example rounds into DIR (new or empty)."""
    from allocation import format as fmt
    from allocation.cli.solve import check_out_dir
    from allocation.paths import copy_examples

    target = Path(args.dir)
    problem = check_out_dir(target)
    if problem:
        print(problem, file=sys.stderr)
        return ExitCode.USAGE
    folders = copy_examples(target)
    rounds = fmt.count(len(folders), *C.EXAMPLE_ROUNDS)
    names = ", ".join(f.name for f in folders)
    print(C.EXAMPLES_COPIED.format(rounds=rounds, path=target, names=names))
    print(C.EXAMPLES_NEXT.format(round=target / "regional-2025"))
    return ExitCode.OK


def _utf8_streams() -> None:
    """Write UTF-8 when stdout/stderr are redirected to a file or pipe in a legacy encoding
    (Windows: cp1252 cannot encode "−" or "≤" and would stop the command)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``allocation`` console script; returns the exit status."""
    _utf8_streams()
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "validate":
            from allocation.cli.validate import command_validate

            return command_validate(args)
        if args.command == "solve":
            from allocation.cli.solve import command_solve

            return command_solve(args)
        if args.command == "run":
            from allocation.run.pipeline import command_run

            return command_run(args)
        if args.command == "sheets":
            from allocation.cli.sheets import command_sheets

            return command_sheets(args)
        if args.command == "next":
            from allocation.cli.next import command_next

            return command_next(args)
        if args.command == "sweep":
            return command_sweep(args)
        if args.command == "robustness":
            return command_robustness(args)
        if args.command == "examples":
            return _command_examples(args)
        if args.command == "init":
            from allocation.cli.init import command_init

            return command_init(args)
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for advisers
        if os.environ.get("ALLOCATION_DEBUG"):
            raise
        print(f"Uventet feil: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitCode.INVALID_INPUT
    parser.error(f"ukjent kommando {args.command}")
    return ExitCode.USAGE


if __name__ == "__main__":
    sys.exit(main())
