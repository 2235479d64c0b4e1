"""Checking the budget lines: each names a known application, and an application's lines sum
to its request (with or without its own funding; a warning otherwise)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocation import format as F
from allocation.errors import Problem
from allocation.round.columns import BUDGET_LINE_COLUMNS, cell_problems, check_columns, keys
from allocation.round.context import Applications, Context
from allocation.round.files import RawTable
from allocation.wording import validation as W
from allocation.wording.validation import Code


def _sums_differ(
    positions: np.ndarray, amounts: np.ndarray, apps: pd.DataFrame, file: str
) -> list[Problem]:
    """Warn where an application's lines sum to neither its request nor request + own funding
    (applications with a line that failed are left out)."""
    sums: dict[int, int] = {}
    failed: set[int] = set()
    for position, amount in zip(positions.tolist(), amounts.tolist(), strict=True):
        if amount is None:
            failed.add(position)
        else:  # Python ints: an amount may be larger than int64
            sums[position] = sums.get(position, 0) + amount
    problems = []
    requested_all = apps["requested"].to_numpy(dtype=object)
    own_all = apps["own_funding"].to_numpy(dtype=object)
    ids = apps["application_id"].to_numpy(dtype=object)
    for position, total in sorted(sums.items()):
        requested, own = requested_all[position], own_all[position]
        if position in failed or requested is None:
            continue
        accepted = {requested} if own is None else {requested, requested + own}
        if total in accepted:
            continue
        message = W.BUDGET_SUM_DIFFERS.format(
            id=ids[position], total=F.money(total), requested=F.money(requested)
        )
        problems.append(
            Problem(
                file, message, column="amount", severity="warning", code=Code.BUDGET_SUM_DIFFERS
            )
        )
    return problems


def check_budget_lines(raw: RawTable, ctx: Context, apps: Applications) -> pd.DataFrame:
    """Check the budget lines; return their table (ids spelt as in the applications)."""
    t = check_columns(raw, BUDGET_LINE_COLUMNS, ctx.problems)
    ids = t.values["application_id"].copy()
    if apps.table is not None:
        id_keys = keys(ids)
        positions = pd.Series(id_keys, dtype=object).map(apps.index).to_numpy()
        known = ~pd.isna(positions)
        unknown = cell_problems(
            raw.file,
            Code.UNKNOWN_APPLICATION,
            np.flatnonzero(~known & (id_keys != "")),
            t.rows,
            lambda i: W.BUDGET_UNKNOWN_APPLICATION.format(id=ids[i], applications=apps.file),
            "application_id",
        )
        ctx.problems.extend(p for _, p in unknown)
        at = positions[known].astype(np.int64)
        ids[known] = apps.ids[at]
        amounts = t.values["amount"][known]
        ctx.problems.extend(_sums_differ(at, amounts, apps.table, raw.file))
    table = pd.DataFrame(
        {
            "application_id": ids,
            "category": t.values["category"],
            "amount": t.values["amount"],
            "source_row": t.rows,
        },
        dtype=object,
    )
    for name, texts in t.extras.items():
        if name not in table.columns:
            table[name] = texts
    return table
