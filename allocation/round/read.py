"""Reading a round folder (CONTRACT section 1) into a validated :class:`~.data.Round`.

The steps, each in its own module of :mod:`allocation.round`:

- :mod:`~allocation.round.files`: find the files, decode CSV/XLSX into text cells;
- :mod:`~allocation.round.scheme`: parse and check scheme.toml;
- :mod:`~allocation.round.columns`: the declared columns and the conversion of their cells
  (:mod:`~allocation.round.values` defines what one cell means);
- :mod:`~allocation.round.applications`, :mod:`~allocation.round.scores`,
  :mod:`~allocation.round.budget_lines`: the checks of each table and across tables.

:func:`check_round` runs them and reports every problem at once, sorted by file and row;
:func:`load_round` raises when there is an error. When the applications have no rows or no
``application_id`` column, the scores and budget lines are not checked against them.

The names this module had before the split (``parse_amount``, ``APPLICATION_TABLE_COLUMNS``,
``read_table``, ...) are still importable from here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocation import format as F
from allocation.errors import DataValidationError, Problem
from allocation.round.applications import check_applications, finish_applications
from allocation.round.budget_lines import check_budget_lines
from allocation.round.columns import (
    APPLICATION_COLUMNS,
    APPLICATION_TABLE_COLUMNS,
    BUDGET_LINE_COLUMNS,
    BUDGET_LINE_TABLE_COLUMNS,
    ID_COLUMN,
    SCORE_COLUMNS,
    SCORE_TABLE_COLUMNS,
    CheckedTable,
    Column,
    check_columns,
    convert_cells,
    match_columns,
)
from allocation.round.context import Applications, Context
from allocation.round.data import Round, Scheme
from allocation.round.files import (
    FORMULA_MARK,
    REQUIRED_TABLES,
    TABLE_FILES,
    RawTable,
    find_files,
    read_raw,
    read_table,
    score_folder_files,
)
from allocation.round.history import read_history
from allocation.round.scheme import SCHEME_FILE, read_scheme_file
from allocation.round.scores import check_score_sheets, read_score_sheets
from allocation.round.values import ValueProblem, parse_amount, parse_kommunenummer, parse_number
from allocation.wording import validation as W
from allocation.wording.validation import Code

__all__ = [
    "APPLICATION_COLUMNS",
    "APPLICATION_TABLE_COLUMNS",
    "BUDGET_LINE_COLUMNS",
    "BUDGET_LINE_TABLE_COLUMNS",
    "FORMULA_MARK",
    "ID_COLUMN",
    "REQUIRED_TABLES",
    "SCORE_COLUMNS",
    "SCORE_TABLE_COLUMNS",
    "TABLE_FILES",
    "CheckedTable",
    "Column",
    "RawTable",
    "ValueProblem",
    "check_columns",
    "check_round",
    "convert_cells",
    "find_files",
    "load_round",
    "match_columns",
    "parse_amount",
    "parse_kommunenummer",
    "parse_number",
    "read_raw",
    "read_table",
]

_FILE_RANK = {"scheme": 0, "applications": 1, "scores": 2, "budget_lines": 3, "recusals": 4}


def _sort_key(problem: Problem) -> tuple[int, str, int]:
    # "scores.xlsx, ark «Anna»" and "scores/anna.csv" sort with the scores
    base = problem.file.split("/")[0].split(",")[0].rsplit(".", 1)[0]
    return _FILE_RANK.get(base, 5), problem.file, problem.row or 0


def _folder_problem(folder: Path) -> Problem | None:
    if not folder.exists():
        message = W.ROUND_NOT_FOUND.format(path=folder)
        return Problem(str(folder), message, code=Code.ROUND_NOT_FOUND)
    if not folder.is_dir():
        return Problem(str(folder), W.ROUND_NOT_DIR.format(path=folder), code=Code.ROUND_NOT_DIR)
    return None


def _read(path: Path, ctx: Context) -> RawTable | None:
    raw, problems = read_raw(path)
    ctx.problems.extend(problems)
    return raw


def _applications(files: dict[str, Path], ctx: Context) -> Applications:
    """The checked applications table, or none to check the other tables against."""
    if "applications" not in files:
        return Applications(None, {}, "applications.csv")
    file = files["applications"].name
    raw = _read(files["applications"], ctx)
    if raw is None:
        return Applications(None, {}, file)
    table, index = check_applications(raw, ctx)
    if not raw.n_rows:
        ctx.problems.append(Problem(raw.file, W.FILE_NO_ROWS, code=Code.NO_ROWS))
    if not raw.n_rows or ID_COLUMN not in match_columns(raw, [ID_COLUMN], []):
        # Nothing to check the other tables against: naming every score and budget line as
        # "unknown" would bury the one real problem.
        return Applications(None, {}, file)
    return Applications(table, index, file)


def _scores(files: dict[str, Path], ctx: Context, apps: Applications) -> pd.DataFrame | None:
    """Every sheet and file of the scores, checked together with the recusals (None when
    nothing could be read)."""
    path = files["scores"]
    sheets = read_score_sheets(path, ctx)
    if not sheets:
        return None
    recusals = _read(files["recusals"], ctx) if "recusals" in files else None
    label = path.name + "/" if path.is_dir() else path.name
    return check_score_sheets(sheets, ctx, apps, file=label, recusals=recusals)


def _files_read(files: dict[str, Path]) -> dict[str, Path]:
    """The files read, a ``scores/`` folder as its files (``scores/anna.xlsx``)."""
    out = dict(files)
    folder = out.get("scores")
    if folder is not None and folder.is_dir():
        del out["scores"]
        for member in score_folder_files(folder):
            out[f"{folder.name}/{member.name}"] = member
    return out


def _budget_problem(ctx: Context, apps: Applications) -> Problem | None:
    """Available budget B = frame + carry_over - committed; a negative B is an error."""
    frame = ctx.partial.get("frame")
    if frame is None or apps.table is None:
        return None
    committed_values = apps.table["committed"].tolist()
    if any(c is None for c in committed_values):
        return None
    committed = int(sum(committed_values))
    carry_over = ctx.partial.get("carry_over") or 0
    available = frame + carry_over - committed
    if available >= 0:
        return None
    message = W.NEGATIVE_BUDGET.format(
        frame=F.money(frame),
        carry_over=F.money(carry_over),
        committed=F.money(committed),
        available=F.money(available),
    )
    return Problem(SCHEME_FILE, message, column="budget.frame", code=Code.NEGATIVE_BUDGET)


def _typed_round(
    folder: Path,
    scheme: Scheme,
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    files: dict[str, Path],
    problems: list[Problem],
) -> Round:
    """The round with the dtypes of :mod:`~allocation.round.data`, once it is known valid."""
    applications, scores, budget_lines = tables
    recusals = scores.attrs.get("recusals")
    scores = scores.astype({"score": "float64", "source_row": "int64"})
    for name in ("application_id", "assessor", "criterion"):
        scores[name] = scores[name].astype(str)
    if recusals is not None:  # the recusals that hold (allocation.round.recusals)
        scores.attrs["recusals"] = recusals
    budget_lines = budget_lines.astype({"amount": "int64", "source_row": "int64"})
    for name in ("application_id", "category"):
        budget_lines[name] = budget_lines[name].astype(str)
    return Round(
        path=folder,
        scheme=scheme,
        applications=finish_applications(applications),
        scores=scores,
        budget_lines=budget_lines,
        files=_files_read(files),
        warnings=[p for p in problems if p.severity == "warning"],
    )


def check_round(path: str | Path) -> tuple[Round | None, list[Problem]]:
    """Read and validate a round folder without raising.

    Parameters
    ----------
    path : str or Path
        The round folder.

    Returns
    -------
    tuple
        ``(round, problems)``: the round (None when there is any error) and every problem
        found, errors and warnings, sorted by file and row. Input files are only read.
    """
    folder = Path(path)
    problem = _folder_problem(folder)
    if problem is not None:
        return None, [problem]
    files, problems = find_files(folder)
    ctx = Context(problems, {})
    scheme: Scheme | None = None
    if "scheme" in files:
        result = read_scheme_file(files["scheme"])
        problems.extend(result.problems)
        scheme, ctx.partial = result.scheme, result.partial
    apps = _applications(files, ctx)
    scores: pd.DataFrame | None = None
    if "scores" in files:
        scores = _scores(files, ctx, apps)
    budget_lines = pd.DataFrame({c: [] for c in BUDGET_LINE_TABLE_COLUMNS})
    if "budget_lines" in files and (raw := _read(files["budget_lines"], ctx)) is not None:
        budget_lines = check_budget_lines(raw, ctx, apps)
    if "history" in files:  # optional: checked like the tables, shown in the innstilling
        problems.extend(read_history(files["history"], ctx.partial.get("year"))[1])
    if (negative := _budget_problem(ctx, apps)) is not None:
        problems.append(negative)
    problems.sort(key=_sort_key)
    if any(p.severity == "error" for p in problems) or scheme is None:
        return None, problems
    assert apps.table is not None and scores is not None
    tables = (apps.table, scores, budget_lines)
    return _typed_round(folder, scheme, tables, files, problems), problems


def load_round(path: str | Path) -> Round:
    """Read and validate a round folder.

    Parameters
    ----------
    path : str or Path
        The round folder (scheme.toml, applications, scores (a file, or a ``scores/``
        folder of one file per assessor), optional budget_lines and recusals).

    Returns
    -------
    Round
        The validated round; ``round.warnings`` lists the warnings.

    Raises
    ------
    DataValidationError
        Listing every problem (errors and warnings) when there is any error.
    """
    round_, problems = check_round(path)
    if round_ is None:
        raise DataValidationError(problems)
    return round_
