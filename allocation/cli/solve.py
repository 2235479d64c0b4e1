"""``allocation solve ROUND [--out DIR] [--budget NOK] [--policy ...] [--solver ...]
[--stable-from RUN]``.

CONTRACT section 3. Exit status: 0 optimal; 1 invalid input (problems printed like
``allocation validate``, nothing written); 2 usage error (a bad ``--budget``, an output
folder that exists and is not empty, or a ``--stable-from`` run that is missing or not of the
same scheme and year, or shares no application with the round); 3 infeasible rules
(summary.json with the conflicts); 4 the solver stopped without proof (summary.json with status
``time_limit`` and the gap).

``--stable-from RUN`` (a run folder or its allocation.csv): the stable re-run
(:mod:`allocation.solve.stable`), with the price of stability in summary.json.

The output folder must not exist or be empty; it is created only when there is something to
write. Without ``--out`` a new folder ``reports/<round>-<YYYYMMDD-HHMMSS>`` is made under the
current directory (``-2``, ``-3``, ... appended if that name is taken): earlier runs are never
overwritten.

Heavy libraries are imported where they are used: the HiGHS path never imports PuLP.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from allocation import format as fmt
from allocation.exit_codes import ExitCode

if TYPE_CHECKING:  # pragma: no cover
    from allocation.results import AllocationResult
    from allocation.round.data import Round
    from allocation.solve.stable import EarlierGrants


#: The terminal table shows at most this many funded applications (the best-ranked).
MAX_TABLE_ROWS = 40

_BUDGET_RE = re.compile(r"^\d+$")


def parse_budget(text: str | None) -> int | None:
    """``"1800000"``, ``"1 800 000"``, ``"1_800_000"`` (also with ``kr``/``NOK``) -> int.

    Raises ValueError for anything else (negative, decimals, letters).
    """
    if text is None:
        return None
    cleaned = str(text).strip()
    cleaned = re.sub(r"(?i)\s*(kr|nok)\.?$", "", cleaned)
    cleaned = re.sub(r"[\s\u00a0\u202f_]", "", cleaned)
    if not _BUDGET_RE.match(cleaned):
        raise ValueError(text)
    return int(cleaned)


def default_out_dir(round_path: Path, now: dt.datetime | None = None) -> Path:
    """A new folder under ./reports/ named after the round and the time; never an old one."""
    now = now or dt.datetime.now()
    base = Path.cwd() / "reports" / f"{round_path.resolve().name}-{now:%Y%m%d-%H%M%S}"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def check_out_dir(out: Path) -> str | None:
    """A usage problem with the output folder, or None when it may be used."""
    from allocation.wording import reasons as W

    if out.exists():
        if not out.is_dir():
            return W.CLI_OUT_NOT_DIR.format(path=out)
        if any(out.iterdir()):
            return W.CLI_OUT_NOT_EMPTY.format(path=out)
    return None


def _table_lines(rows: Sequence[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        cells = [
            r[c].rjust(widths[c]) if c in right else r[c].ljust(widths[c]) for c in range(len(r))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def summary_lines(result: AllocationResult) -> list[str]:
    """The readable terminal summary of a result (Norwegian)."""
    from allocation.wording import reasons as W

    s = result.summary
    lines = [W.CLI_STATUS[s["status"]].format(solver=s["solver"], policy=s["policy"])]
    if s["status"] == "infeasible":
        lines.append(W.CLI_CONFLICTS)
        lines += [f"  - {c}" for c in s["conflicts"]]
        return lines
    if s["status"] == "time_limit":
        lines.append(s.get("message", ""))
        return lines
    table = result.allocation
    assert table is not None  # an optimal result has its allocation
    funded = table[table["granted"] > 0]
    ranked = funded.assign(_id=funded["application_id"].str.strip()).sort_values(
        ["score", "_id"], ascending=[False, True], kind="stable"
    )
    shown = ranked.head(MAX_TABLE_ROWS)
    if len(funded):
        rows = [W.CLI_HEADER]
        for r in shown.itertuples(index=False):
            rows.append(
                (
                    r.application_id,
                    r.applicant,
                    r.region,
                    r.model,
                    W.number(r.score, 2),
                    W.kr(r.granted),
                    W.DECISIONS[r.decision],
                )
            )
        lines += [""] + _table_lines(rows, right={4, 5})
        if len(funded) > len(shown):
            lines.append(
                W.CLI_MORE.format(more=fmt.count(len(funded) - len(shown), *W.CLI_MORE_NOUN))
            )
        lines.append("")
    else:
        lines.append(W.CLI_NONE_FUNDED)
    lines.append(
        W.CLI_TOTAL.format(granted=W.kr(s["granted_total"]), funded=s["funded"], n=len(table))
    )
    lines.append(W.CLI_BUDGET.format(budget=W.kr(s["budget"]), left=W.kr(s["remaining"])))
    for title, col, blank in (
        (W.CLI_PER_REGION, "region", W.CLI_NO_REGION),
        (W.CLI_PER_MODEL, "model", W.CLI_NO_MODEL),
    ):
        if not len(funded):
            break
        lines.append(title)
        groups = funded.groupby(funded[col].str.strip().str.casefold(), sort=True)
        for _, g in groups:
            name = str(g[col].iloc[0]).strip() or blank
            lines.append(
                W.CLI_GROUP_LINE.format(
                    name=name, granted=W.kr(int(g["granted"].sum())), count=W.projects(len(g))
                )
            )
    return lines


def _stable_from(path: str | None, round_: Round) -> EarlierGrants | None:
    """The earlier run of ``--stable-from`` (ConfigError when it cannot be used)."""
    if not path:
        return None
    from allocation.run.compare import stable_source

    return stable_source(Path(path), round_)


def checked_round(args: argparse.Namespace) -> Round | int:
    """The checked round of a command's ``ROUND``, or its exit status (the problems printed).

    The output folder ``--out`` must be empty or new (else exit 2); a ``ROUND`` that is not a
    folder, or an invalid round, exits 1; warnings are printed and the round used. Shared by
    ``solve``, ``sweep`` and ``robustness``.
    """
    from allocation.cli.validate import report
    from allocation.round.read import check_round
    from allocation.wording import validation as V

    round_path = Path(args.round)
    if args.out:
        problem = check_out_dir(Path(args.out))
        if problem:
            print(problem, file=sys.stderr)
            return ExitCode.USAGE
    if not round_path.is_dir():
        template = V.ROUND_NOT_DIR if round_path.exists() else V.ROUND_NOT_FOUND
        print(f"{V.ERROR_LABEL}: {template.format(path=round_path)}")
        return ExitCode.INVALID_INPUT
    round_, problems = check_round(round_path)
    for line in report(problems):
        print(line)
    return ExitCode.INVALID_INPUT if round_ is None else round_


def command_solve(args: argparse.Namespace) -> int:
    """Run ``allocation solve``; returns the exit status (see the module docstring)."""
    from allocation.wording import reasons as W
    from allocation.wording import validation as V

    try:
        budget = parse_budget(args.budget)
    except ValueError:
        print(W.CLI_BAD_BUDGET.format(value=args.budget), file=sys.stderr)
        return ExitCode.USAGE
    loaded = checked_round(args)
    if isinstance(loaded, int):
        return loaded
    round_, round_path = loaded, Path(args.round)
    out = Path(args.out) if args.out else None

    from allocation.errors import ConfigError
    from allocation.orchestrator import allocate
    from allocation.results import write_outputs

    try:
        stable = _stable_from(getattr(args, "stable_from", None), round_)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.USAGE
    try:
        result = allocate(
            round_,
            budget=budget,
            policy=getattr(args, "policy", None),
            solver=getattr(args, "solver", None) or "highs",
            time_limit=getattr(args, "time_limit", None),
            stable_from=stable,
        )
    except ConfigError as exc:
        # a negative available budget, from the scheme or from --budget: invalid input
        print(f"{V.ERROR_LABEL}: {exc}")
        return ExitCode.INVALID_INPUT
    # Everything shown or written is computed first: no error can follow a written file.
    lines = summary_lines(result)
    status = ExitCode.for_status(result.summary["status"])
    out = out or default_out_dir(round_path)
    write_outputs(result, out)
    for line in lines:
        print(line)
    print(W.CLI_WRITTEN.format(path=out))
    return status
