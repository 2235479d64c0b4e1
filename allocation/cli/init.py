"""``allocation init DIR [--scheme regional|hjemmetid|blank]``: write a ready-to-fill round."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from allocation.exit_codes import ExitCode
from allocation.wording import cli as C


def command_init(args: argparse.Namespace) -> int:
    """Run ``allocation init``: write the round folder; exit 2 when DIR is not new or empty."""
    from allocation.cli.solve import check_out_dir
    from allocation.init.write import write_round

    target = Path(args.dir)
    problem = check_out_dir(target)
    if problem:
        print(problem, file=sys.stderr)
        return ExitCode.USAGE
    written = write_round(target, args.scheme)
    print(
        C.INIT_WRITTEN.format(
            scheme=args.scheme, path=target, files=", ".join(p.name for p in written)
        )
    )
    print(C.INIT_NEXT.format(path=target))
    return ExitCode.OK
