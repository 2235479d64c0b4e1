"""Next year's round folder from a run (``allocation next RUN --year 2026 --out DIR``).

With ``[grants] years`` above 1 a funded application is promised the same grant for the
following years of its programme, subject to the budget. The next round carries the promises:

- ``scheme.toml``: this round's scheme with the new year, the frame left to fill in (the
  previous frame stays, marked), and ``carry_over`` commented out with this year's unspent
  amount as a hint;
- ``applications.csv``: the continuing projects (:func:`allocation.round.history.commitments`),
  each with ``requested`` 0, ``committed`` the promised amount and ``programme_year`` its year
  of the programme, ready for the new applications to be added below;
- ``scores.csv`` with its header only (the new applications' scores are added);
- ``history.csv``: the earlier years with this year's figures added.

Everything is computed before the folder is written, and the folder is written under a hidden
name and renamed when complete: it exists completely or not at all.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from allocation import format as fmt
from allocation.errors import ConfigError
from allocation.round.columns import APPLICATION_COLUMNS
from allocation.round.data import Round
from allocation.round.history import (
    HISTORY_FILE,
    HISTORY_TABLE_COLUMNS,
    PROGRAMME_YEAR,
    commitments,
    read_history,
    this_year,
)
from allocation.round.scheme import parse_scheme_text
from allocation.run.compare import EarlierRun, check_like_with_like
from allocation.wording import cli as C

NEXT_OPTION = "next"


@dataclass
class NextRound:
    """The files of next year's round, as text, before anything is written."""

    year: int
    files: dict[str, str]
    continuing: int
    committed: int


def _csv(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def _table_line(line: str) -> str | None:
    match = re.match(r"^\s*\[\s*([^\]\[]+?)\s*\]", line)
    return match.group(1) if match else None


def next_scheme_text(text: str, year: int, remaining: int) -> str:
    """The scheme.toml of next year: the new ``year``, the ``frame`` marked to fill in, and
    ``carry_over`` commented out with this year's unspent amount as a hint."""
    out, table = [], ""
    for line in text.splitlines():
        table = _table_line(line) or table
        key = re.match(r"^\s*([A-Za-z_]+)\s*=", line)
        name = key.group(1) if key else ""
        if table == "scheme" and name == "year":
            out.append(f"year = {year}")
        elif table == "budget" and name == "frame":
            note = C.NEXT_FRAME_NOTE.format(year=year)
            out.append(line.split("#", 1)[0].rstrip() + "  # " + note)
        elif table == "budget" and name == "carry_over":
            note = C.NEXT_CARRY_NOTE.format(left=fmt.money(remaining))
            out.append("# carry_over = 0  # " + note)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _applications_text(round_: Round, run: EarlierRun, year: int) -> tuple[str, int, int]:
    """applications.csv of the continuing projects: (text, how many, amount committed)."""
    s = round_.scheme
    promised = [c for c in commitments(run.allocation, s.year, s.years) if c.year == year]
    apps = round_.applications.set_index(round_.applications["application_id"].astype(str))
    names = [c.name for c in APPLICATION_COLUMNS]
    extras = [c for c in round_.applications.columns if c not in names and c not in ("source_row",)]
    extras = [c for c in extras if c != PROGRAMME_YEAR]
    header: list[object] = [*names, *extras, PROGRAMME_YEAR]
    rows: list[list[object]] = [header]
    for c in promised:
        app = apps.loc[c.application_id]
        row = {n: app[n] for n in names if n in app.index}
        row.update(requested=0, committed=c.amount)
        for n in ("own_funding", "population"):
            row[n] = None if pd.isna(row.get(n)) else int(row[n])
        cells = [row.get(n) for n in names] + [app[e] for e in extras] + [c.programme_year]
        rows.append(cells)
    return _csv(rows), len(promised), sum(c.amount for c in promised)


def _history_text(round_: Round, run: EarlierRun) -> str:
    """history.csv: the earlier years (when the round has them) and this year's figures."""
    rows: list[list[object]] = [list(HISTORY_TABLE_COLUMNS)]
    path = round_.files.get("history")
    if path is not None:
        table, _ = read_history(path, round_.scheme.year)
        if table is not None:
            rows += table[list(HISTORY_TABLE_COLUMNS)].to_numpy().tolist()
    granted = int(run.summary.get("granted_total", 0))
    figures = this_year(run.allocation, round_.scheme.year, granted)
    rows.append([figures[c] for c in HISTORY_TABLE_COLUMNS])
    return _csv(rows)


def next_round(round_: Round, run: EarlierRun, year: int) -> NextRound:
    """Next year's round from a run of ``round_`` (see the module docstring).

    Raises
    ------
    ConfigError
        The run is not of this round's scheme and year, its status is not optimal, or
        ``year`` is not after the round's year.
    """
    check_like_with_like(run, round_, NEXT_OPTION)
    s = round_.scheme
    if year <= s.year:
        raise ConfigError(C.NEXT_YEAR_NOT_AFTER.format(year=year, round_year=s.year))
    scheme_text = next_scheme_text(
        round_.files["scheme"].read_text(encoding="utf-8-sig"),
        year,
        int(run.summary.get("remaining", 0)),
    )
    parsed = parse_scheme_text(scheme_text)
    assert parsed.partial.get("year") == year, "the next scheme has the new year"
    apps_text, n, committed = _applications_text(round_, run, year)
    files = {
        "scheme.toml": scheme_text,
        "applications.csv": apps_text,
        "scores.csv": "application_id,assessor,criterion,score\n",
        HISTORY_FILE: _history_text(round_, run),
    }
    return NextRound(year, files, n, committed)


def write_next_round(plan: NextRound, out: Path) -> None:
    """Write the folder under a hidden name next to ``out``, then rename it into place."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.with_name(f".{out.name}.partial")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        for name, text in plan.files.items():
            (stage / name).write_text(text, encoding="utf-8", newline="")
        if out.exists():  # an empty folder (check_out_dir): replaced by the complete one
            out.rmdir()
        os.replace(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
