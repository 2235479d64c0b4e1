"""The result of an allocation and the files it is written to (CONTRACT section 3).

``allocation.csv``: UTF-8 without BOM, ``,``-separated, ``.`` decimal mark, one row per
application in input order; ``score`` is ``repr(s_i)`` (the shortest text that reads back to the
same float; empty where it does not exist); amounts are whole kroner. ``summary.json``: the
contract's keys first, then the project's (solver, gap, frame, carry_over, committed_total,
counts, timings, ...). Both are written to temporary files in the output folder and renamed
into place, so a folder never holds half a result.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from allocation.model.scoring import Scoring
from allocation.records import Explanation, Reason

if TYPE_CHECKING:  # pragma: no cover
    from allocation.ranking import RankingFacts
from allocation.round.data import Round, key
from allocation.round.read import APPLICATION_TABLE_COLUMNS

ALLOCATION_COLUMNS = [
    "application_id",
    "applicant",
    "region",
    "model",
    "score",
    "requested",
    "committed",
    "fundable",
    "granted",
    "decision",
    "reason",
    "transfer",  # v1.2: after the v1.1 columns, so that their positions stay
]
#: Application columns the contract defines (not "extra" columns), as the loader names them.
KNOWN_INPUT_COLUMNS = frozenset(APPLICATION_TABLE_COLUMNS)
SUMMARY_KEYS = ("status", "policy", "budget", "objective", "granted_total", "funded", "conflicts")


class SolveStatus(StrEnum):
    """Outcome of a solve (the ``status`` of summary.json)."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    TIME_LIMIT = "time_limit"


@dataclass(frozen=True)
class Lock:
    """An adviser's decision fixed before the optimisation.

    ``action``: "must_fund" or "must_not_fund"; ``reason``: the adviser's words.
    """

    action: str
    reason: str = ""


@dataclass
class AllocationResult:
    """Everything one solve produced (see the module docstring and API.md)."""

    status: SolveStatus
    allocation: pd.DataFrame | None
    summary: dict[str, Any]
    conflicts: list[str] = field(default_factory=list)
    gap: float | None = None
    scoring: Scoring | None = None
    round: Round | None = None
    locks: dict[str, Lock] = field(default_factory=dict)
    fundable: pd.DataFrame | None = None  # allocation.model.eligibility.fundable_table
    explanations: list[Explanation] = field(default_factory=list)  # one per application
    conflict_records: list[Reason] = field(default_factory=list)  # ``conflicts`` as records
    ranking: RankingFacts | None = None  # rank inversions and unspent money (allocation.ranking)

    @property
    def objective(self) -> float | None:
        return self.summary.get("objective")


def extra_columns(applications: pd.DataFrame) -> list[str]:
    """The input's extra columns (kept and carried to the outputs), in input order."""
    return [c for c in applications.columns if c not in KNOWN_INPUT_COLUMNS]


#: The prefix of an extra input column whose name is taken by an output column.
INPUT_PREFIX = "input_"


def output_names(extras: list[str], taken: list[str]) -> list[str]:
    """The names the extra columns get in the outputs, one per extra column.

    An extra column may carry any name, including one of the output columns (``score``,
    ``granted``, ``decision``, ...): such a column is carried as ``input_<name>`` (with
    ``input_`` repeated until the name is free), so that it never overwrites a result.
    Names are compared case-insensitively, as the loader compares headers.
    """
    used = {t.casefold() for t in taken}
    names = []
    for name in extras:
        shown = name
        while shown.casefold() in used:
            shown = INPUT_PREFIX + shown
        used.add(shown.casefold())
        names.append(shown)
    return names


def shown_text(applications: pd.DataFrame, column: str) -> list[str]:
    """A text-key column with each value shown as first written (CONTRACT section 1).

    Values are trimmed; values with the same :func:`allocation.round.data.key` show the spelling
    of their first occurrence ("CSNAT" and "csnat " are both shown as "CSNAT").
    """
    if column not in applications:
        return [""] * len(applications)
    first: dict[str, str] = {}
    shown = []
    for v in applications[column]:
        text = "" if (v is None or v != v) else str(v).strip()
        shown.append(first.setdefault(key(text), text))
    return shown


def _transfer(apps: pd.DataFrame) -> np.ndarray:
    """The ``transfer`` of every application in whole kroner, 0 where the input has none."""
    if "transfer" not in apps:
        return np.zeros(len(apps), dtype=np.int64)
    return apps["transfer"].fillna(0).astype("int64").to_numpy()


def allocation_frame(
    applications: pd.DataFrame,
    table: pd.DataFrame,
    granted: Any,
    decisions: list[str],
    reasons: list[str],
) -> pd.DataFrame:
    """allocation.csv as a DataFrame: the contract columns, then the input's extra columns.

    ``table`` is :func:`allocation.model.eligibility.fundable_table` (score, fundable), in the
    applications' order; ``granted``, ``decisions`` and ``reasons`` one entry per application.
    """
    apps = applications
    out = pd.DataFrame(
        {
            "application_id": apps["application_id"].astype(str).to_numpy(),
            "applicant": shown_text(apps, "applicant"),
            "region": shown_text(apps, "region"),
            "model": shown_text(apps, "model"),
            "score": table["score"].to_numpy(dtype=float),
            "requested": apps["requested"].astype("int64").to_numpy(),
            "committed": apps["committed"].astype("int64").to_numpy(),
            "transfer": _transfer(apps),
            "fundable": table["fundable"].astype("int64").to_numpy(),
            "granted": np.asarray(granted, dtype=np.int64),
            "decision": decisions,
            "reason": reasons,
        },
        columns=ALLOCATION_COLUMNS,
    )
    extras = extra_columns(apps)
    for col, name in zip(extras, output_names(extras, ALLOCATION_COLUMNS), strict=True):
        out[name] = apps[col].to_numpy()
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if value is pd.NA or value is pd.NaT:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
        if isinstance(value, float):
            return repr(value)
    return str(value)


def allocation_csv_text(table: pd.DataFrame) -> str:
    """The exact text of allocation.csv for ``table`` (see the module docstring)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(table.columns))
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def json_text(value: Any) -> str:
    """JSON as the package writes it: Norwegian letters kept, two-space indent, final newline.

    summary.json and robustness.json are both written this way.
    """
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_outputs(result: AllocationResult, out_dir: Path) -> list[Path]:
    """Write summary.json (always) and allocation.csv (only when optimal) into ``out_dir``.

    The folder is created when missing. Files are first written as hidden temporary files
    and then renamed, allocation.csv before summary.json. Returns the paths written.
    """
    out_dir = Path(out_dir)
    # Every text is made before anything is written: a failure leaves no file behind.
    names: list[tuple[str, str]] = []
    if result.status == SolveStatus.OPTIMAL and result.allocation is not None:
        names.append(("allocation.csv", allocation_csv_text(result.allocation)))
    names.append(("summary.json", json_text(result.summary)))
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for name, text in names:
            _write_atomic(out_dir / name, text)
            written.append(out_dir / name)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for name, _ in names:
            (out_dir / f".{name}.tmp").unlink(missing_ok=True)
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise
    return written
