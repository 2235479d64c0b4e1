"""The round across years: the optional ``history.csv`` and the commitments of ``[grants] years``.

``history.csv`` (optional, in the round folder) holds the scheme's earlier years, one row per
year: ``year, applications, rejected, requested, granted, transferred`` (amounts in whole
kroner as in the other tables; ``transferred`` may be blank). The innstilling shows it with this
year's figures added (:func:`this_year`).

``[grants] years = 3`` (the project's own key) promises a funded application the same grant for
the following years, subject to the budget: :func:`commitments` gives, for each coming year,
the applications and amounts this round's decisions commit. An application's year of the
programme is its ``programme_year`` column (an extra column; 1 where absent or blank).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocation.errors import Problem
from allocation.round.columns import AMOUNT, INTEGER, Column, check_columns
from allocation.round.files import RawTable, read_raw
from allocation.wording import reading as R
from allocation.wording.validation import Code

HISTORY_FILE = R.HISTORY_FILE
#: The applications' extra column holding the year of the programme (1 = the first year).
PROGRAMME_YEAR = "programme_year"

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("year", INTEGER, required=True, nonblank=True),
    Column("applications", INTEGER, required=True, nonblank=True),
    Column("rejected", INTEGER, required=True, nonblank=True),
    Column("requested", AMOUNT, required=True, nonblank=True),
    Column("granted", AMOUNT, required=True, nonblank=True),
    Column("transferred", AMOUNT, default=None),
)
HISTORY_TABLE_COLUMNS = tuple(c.name for c in HISTORY_COLUMNS)


def check_history(raw: RawTable, year: int | None, problems: list[Problem]) -> pd.DataFrame | None:
    """Check history.csv's cells; return the table sorted by year (None on any error).

    A year given twice, or the round's own year (its figures are this round's), is an error.
    """
    before = len(problems)
    t = check_columns(raw, HISTORY_COLUMNS, problems)
    first: dict[int, int] = {}
    for i, value in enumerate(t.values["year"].tolist()):
        if value is None:
            continue
        row = int(t.rows[i])
        if not 1900 <= value <= 2200:
            message = R.HISTORY_YEAR_BAD.format(value=value)
            problems.append(Problem(raw.file, message, row, "year", code=Code.OUT_OF_RANGE))
        elif value in first:
            message = R.HISTORY_YEAR_REPEATED.format(year=value, first=first[value])
            problems.append(Problem(raw.file, message, row, "year", code=Code.DUPLICATE_ID))
        elif year is not None and value == year:
            message = R.HISTORY_THIS_YEAR.format(year=value)
            problems.append(Problem(raw.file, message, row, "year", code=Code.OUT_OF_RANGE))
        first.setdefault(value, row)
    if any(p.severity == "error" for p in problems[before:]):
        return None
    table = pd.DataFrame({c: t.values[c] for c in HISTORY_TABLE_COLUMNS}, dtype=object)
    return table.sort_values("year", kind="stable").reset_index(drop=True)


def read_history(path: Path, year: int | None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check a history.csv file: (table or None, problems)."""
    raw, problems = read_raw(path)
    if raw is None:
        return None, problems
    return check_history(raw, year, problems), problems


def this_year(alloc: pd.DataFrame, year: int, granted_total: int) -> dict[str, Any]:
    """This round's row of the history: applications, rejected (avslått and avvist), the new
    money requested, granted, and the transfers (the ``transfer`` column, when there is one)."""
    decisions = alloc["decision"].astype(str)
    transferred = None
    if "transfer" in alloc:
        transferred = int(pd.to_numeric(alloc["transfer"], errors="coerce").fillna(0).sum())
    return {
        "year": year,
        "applications": len(alloc),
        "rejected": int(decisions.isin(["avslått", "avvist"]).sum()),
        "requested": int(pd.to_numeric(alloc["requested"], errors="coerce").fillna(0).sum()),
        "granted": int(granted_total),
        "transferred": transferred,
    }


@dataclass(frozen=True)
class Commitment:
    """One application's promise for one coming year."""

    year: int
    application_id: str
    applicant: str
    amount: int
    programme_year: int  # the year of the programme it will be in (2 = its second year)


def programme_years(table: pd.DataFrame) -> np.ndarray:
    """Each row's year of the programme: ``programme_year`` where a whole number >= 1, else 1."""
    if PROGRAMME_YEAR not in table:
        return np.ones(len(table), dtype=np.int64)
    values = pd.to_numeric(table[PROGRAMME_YEAR], errors="coerce")
    values = values.where((values >= 1) & (values % 1 == 0), 1).fillna(1)
    return values.astype("int64").to_numpy()


def commitments(alloc: pd.DataFrame, year: int, years: int) -> list[Commitment]:
    """The commitments this round's decisions create for the coming years.

    Every application with money this year (its grant plus its committed amount) whose
    programme runs on (``programme_year`` below ``years``) is promised the same amount for
    each following year of the programme, in year order, then input order.
    """
    if years <= 1 or not len(alloc):
        return []
    granted = pd.to_numeric(alloc["granted"], errors="coerce").fillna(0).clip(lower=0)
    committed = pd.to_numeric(alloc["committed"], errors="coerce").fillna(0)
    amounts = (granted + committed).astype("int64").to_numpy()
    current = programme_years(alloc)
    ids = alloc["application_id"].astype(str).tolist()
    applicants = alloc["applicant"].astype(str).tolist() if "applicant" in alloc else ids
    out = []
    for ahead in range(1, years):
        for i in np.flatnonzero((amounts > 0) & (current + ahead <= years)).tolist():
            out.append(
                Commitment(year + ahead, ids[i], applicants[i], int(amounts[i]), current[i] + ahead)
            )
    return out


def commitment_totals(items: list[Commitment]) -> Mapping[int, tuple[int, int]]:
    """Per coming year: (number of applications, amount committed)."""
    totals: dict[int, tuple[int, int]] = {}
    for c in items:
        n, amount = totals.get(c.year, (0, 0))
        totals[c.year] = (n + 1, amount + c.amount)
    return totals
