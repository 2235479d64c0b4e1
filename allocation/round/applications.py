"""Checking the applications table: unique ids, kommunenummer against the 2024 list, regions,
and the v1.2 columns (``population`` while a size-class rule is set, ``partners``, ``malform``).

The region of an application is derived from its kommunenummer where the region is blank; a
region that contradicts the kommunenummer is kept, with a warning. A kommunenummer outside the
2024 list is an error for rounds of 2024 and later and a warning for older rounds, whose fylke
is then taken from the number's first two digits (:mod:`allocation.round.reference`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allocation.errors import Problem
from allocation.round.columns import (
    APPLICATION_COLUMNS,
    ASSESSMENT_COLUMN,
    CheckedTable,
    cell_problems,
    check_columns,
    keys,
    map_unique,
)
from allocation.round.context import Context
from allocation.round.data import key
from allocation.round.files import RawTable
from allocation.round.partners import partner_parts, resolve_partners
from allocation.round.reference import REFERENCE_YEAR, fylke_from_prefix, kommuner
from allocation.wording import inputs as I
from allocation.wording import reading as R
from allocation.wording import validation as W
from allocation.wording.validation import Code


def _unique_ids(t: CheckedTable, problems: list[Problem]) -> dict[str, int]:
    """Report repeated application ids (compared as text keys); return key -> first position."""
    ids = t.values["application_id"]
    k = keys(ids)
    given = np.flatnonzero(k != "")
    frame = pd.DataFrame({"key": k[given], "row": t.rows[given], "position": given})
    repeated = frame.duplicated("key", keep="first").to_numpy()
    first = frame[~repeated]
    index = dict(zip(first["key"].tolist(), first["position"].tolist(), strict=True))
    if repeated.any():
        first_row = dict(zip(first["key"], first["row"], strict=True))
        found = cell_problems(
            t.file,
            Code.DUPLICATE_ID,
            given[repeated],
            t.rows,
            lambda i: W.DUPLICATE_ID.format(id=ids[i], first=first_row[k[i]]),
            "application_id",
        )
        problems.extend(p for _, p in found)
    return index


def _unknown_kommune(nr: str, region: str, year: int | None) -> tuple[Problem, str | None]:
    """The problem of a kommunenummer outside the 2024 list, and the region it gives (the
    fylke of its first two digits, for a round before 2024 whose region is blank)."""
    derived = fylke_from_prefix(nr)
    if derived is None:  # no fylke of any year has these two digits: an error in any year
        message = R.PREFIX_NO_FYLKE.format(nr=nr, prefix=nr[:2])
        return Problem("", message, column="kommunenummer", code=Code.UNKNOWN_KOMMUNE), None
    if year is None or year >= REFERENCE_YEAR:
        message = W.KOMMUNE_UNKNOWN.format(nr=nr)
        return Problem("", message, column="kommunenummer", code=Code.UNKNOWN_KOMMUNE), None
    message = W.KOMMUNE_UNKNOWN_OLD.format(nr=nr, year=year)
    if not region:
        message += "; " + (
            W.KOMMUNE_OLD_REGION.format(region=derived) if derived else W.KOMMUNE_OLD_NO_REGION
        )
    problem = Problem(
        "", message, column="kommunenummer", severity="warning", code=Code.UNKNOWN_KOMMUNE
    )
    return problem, (derived if not region and derived else None)


def _regions(t: CheckedTable, ctx: Context, has_region_column: bool) -> np.ndarray:
    """The region of every application (derived where blank), reporting what does not fit."""
    year = ctx.partial.get("year")
    spread = ctx.partial.get("spread") or {}
    region_rules = (
        spread.get("min_per_region") is not None or spread.get("max_region_share") is not None
    )
    reference = kommuner()
    numbers = t.values["kommunenummer"]
    regions = np.array([r if r is not None else "" for r in t.values["region"]], dtype=object)
    blank_region = regions == ""
    for i in np.flatnonzero(pd.notna(numbers) & (numbers != "")):
        nr, region, row = numbers[i], regions[i], int(t.rows[i])
        kommune = reference.get(nr)
        if kommune is None:
            problem, derived = _unknown_kommune(nr, region, year)
            ctx.problems.append(_placed(problem, t.file, row))
            if derived:
                regions[i] = derived
            elif not region and region_rules:
                # never a region of its own: the spread rules need to know where it belongs
                message = R.REGION_UNDETERMINED.format(nr=nr)
                ctx.problems.append(
                    Problem(t.file, message, row=row, column="region", code=Code.MISSING_REGION)
                )
        elif not region:
            regions[i] = kommune.fylke
        elif key(region) != key(kommune.fylke):
            message = W.REGION_CONTRADICTS.format(
                region=region, nr=nr, kommune=kommune.name, fylke=kommune.fylke
            )
            ctx.problems.append(
                Problem(
                    t.file,
                    message,
                    row=row,
                    column="region",
                    severity="warning",
                    code=Code.REGION_CONTRADICTS,
                )
            )
    if has_region_column:
        no_region = blank_region & (numbers == "")  # a kommunenummer that failed is None
        severity = "error" if region_rules else "warning"
        message = W.REGION_BLANK_ERROR if region_rules else W.REGION_BLANK_WARNING
        found = cell_problems(
            t.file,
            Code.MISSING_REGION,
            np.flatnonzero(no_region),
            t.rows,
            lambda i: message,
            "region",
            severity=severity,
        )
        ctx.problems.extend(p for _, p in found)
    return regions


#: The written standards (målform) and how a cell may name them, case-folded.
MALFORMS = {"bokmål": "bokmål", "bokmal": "bokmål", "nb": "bokmål", "": "bokmål"}
MALFORMS |= {"nynorsk": "nynorsk", "nn": "nynorsk"}


def _malform(t: CheckedTable, problems: list[Problem]) -> np.ndarray:
    """The målform of every application (``bokmål`` or ``nynorsk``); anything else is an error."""
    texts = t.values["malform"]
    found = map_unique(texts, lambda v: MALFORMS.get(str(v or "").strip().casefold()))
    bad = np.flatnonzero(pd.isna(found) & pd.notna(texts))
    problems.extend(
        p
        for _, p in cell_problems(
            t.file,
            I.InputCode.BAD_MALFORM,
            bad,
            t.rows,
            lambda i: I.MALFORM_BAD.format(value=texts[i]),
            "malform",
        )
    )
    return found


def _partner_warnings(cell: str, applicant: str, nr: str) -> list[tuple[str, str]]:
    """The warnings of one ``partners`` cell, as (code, message)."""
    out: list[tuple[str, str]] = []
    if "," in cell or ";" in cell:
        out.append((I.InputCode.PARTNER_SEPARATOR, I.PARTNER_SEPARATOR.format(value=cell)))
    for partner in resolve_partners(cell, applicant, nr):
        if partner.problem == "unknown":
            out.append((I.InputCode.PARTNER_UNKNOWN, I.PARTNER_UNKNOWN.format(part=partner.text)))
        elif partner.problem == "ambiguous":
            names = ", ".join(partner.candidates)
            message = I.PARTNER_AMBIGUOUS.format(part=partner.text, names=names)
            out.append((I.InputCode.PARTNER_AMBIGUOUS, message))
        elif partner.problem == "applicant":
            message = I.PARTNER_IS_APPLICANT.format(part=partner.text)
            out.append((I.InputCode.PARTNER_IS_APPLICANT, message))
    return out


def _partners(t: CheckedTable, problems: list[Problem]) -> None:
    """Warnings for ``partners`` cells (CONTRACT v1.2); partners never enter the model."""
    if "partners" not in t.present:
        return
    cells, applicants = t.values["partners"], t.values["applicant"]
    numbers = t.values["kommunenummer"]
    for i in np.flatnonzero(map_unique(cells, lambda v: bool(v), dtype=bool)):
        nr = numbers[i] if isinstance(numbers[i], str) else ""
        for code, message in _partner_warnings(str(cells[i]), str(applicants[i] or ""), nr):
            row = int(t.rows[i])
            problems.append(
                Problem(t.file, message, row=row, column="partners", severity="warning", code=code)
            )


def _population(t: CheckedTable, ctx: Context) -> None:
    """``population`` is required in every row that can be a candidate while
    ``min_per_size_class`` is above 0: an eligible application asking for new money."""
    spread = ctx.partial.get("spread") or {}
    if not spread.get("min_per_size_class"):
        return
    types = ctx.partial.get("applicant_types")
    could = eligible(t.values["applicant_type"], types)
    if ctx.partial.get("partner_required"):
        could &= np.array([bool(partner_parts(v)) for v in t.values["partners"]], dtype=bool)
    requested = t.values["requested"]
    asks = np.array([v is None or v > 0 for v in requested], dtype=bool)  # unreadable: asks
    missing = np.array([v is None for v in t.values["population"]], dtype=bool)
    failed = np.array([bool(str(v or "").strip()) for v in t.raw_text["population"]], dtype=bool)
    at = np.flatnonzero(could & asks & missing & ~failed)
    found = cell_problems(
        t.file,
        I.InputCode.MISSING_POPULATION,
        at,
        t.rows,
        lambda i: I.POPULATION_MISSING,
        "population",
    )
    ctx.problems.extend(p for _, p in found)


def _placed(problem: Problem, file: str, row: int) -> Problem:
    return Problem(file, problem.message, row, problem.column, problem.severity, problem.code)


def check_applications(raw: RawTable, ctx: Context) -> tuple[pd.DataFrame, dict[str, int]]:
    """Check the applications table; return the table and application key -> position."""
    p = ctx.problems
    t = check_columns(raw, APPLICATION_COLUMNS, p)
    has_region_column = bool(t.present & {"region", "kommunenummer"})
    if not has_region_column:
        p.append(
            Problem(
                raw.file,
                W.REGION_COLUMNS_MISSING,
                row=1,
                column="region",
                code=Code.MISSING_REGION_COLUMNS,
            )
        )
    index = _unique_ids(t, p)
    t.values["region"] = _regions(t, ctx, has_region_column)
    t.values["malform"] = _malform(t, p)
    _partners(t, p)
    _population(t, ctx)
    table = pd.DataFrame({c.name: t.values[c.name] for c in APPLICATION_COLUMNS}, dtype=object)
    table["source_row"] = t.rows
    for name, texts in t.extras.items():
        # an extra column named like one of the table's own (source_row) is kept, renamed
        shown = name
        while shown in table.columns:
            shown = "input_" + shown
        table[shown] = texts
    if ASSESSMENT_COLUMN in table:  # optional text: a blank cell is no assessment
        table[ASSESSMENT_COLUMN] = [_plain_text(v) for v in table[ASSESSMENT_COLUMN]]
    return table, index


def _plain_text(value: object) -> str:
    """A text cell trimmed, with a missing value as ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def finish_applications(table: pd.DataFrame) -> pd.DataFrame:
    """Fix dtypes once the table is known to be valid."""
    out = table.copy()
    for name in ("requested", "committed", "transfer"):
        out[name] = out[name].astype("int64")
    for name in ("own_funding", "population"):
        out[name] = pd.array(out[name].tolist(), dtype="Int64")
    for name in ("application_id", "applicant", "kommunenummer", "region", "applicant_type"):
        out[name] = out[name].astype(str)
    for name in ("title", "model", "partners", "malform"):
        out[name] = out[name].astype(str)
    out["source_row"] = out["source_row"].astype("int64")
    return out


def eligible(applicant_types: np.ndarray, types: Sequence[str] | None) -> np.ndarray:
    """Which applications are eligible: their type is in ``types`` (all when None)."""
    if types is None:
        return np.ones(len(applicant_types), dtype=bool)
    allowed = {key(t) for t in types}
    return pd.Series(keys(applicant_types), dtype=object).isin(allowed).to_numpy(dtype=bool)
