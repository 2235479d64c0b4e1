"""The workbook's own tables of every application: "Alle søknader" and "Offentlig liste".

:func:`workbook_tables` makes them from the result's allocation table and the round, as
:class:`~allocation.report.document.Table` (``sheet_only``: the documents do not show them), so
the workbook lays them out like every other table and the figures read as everywhere else.

* "Alle søknader": one row per application with every column an adviser filters on (the
  workbook gives it an autofilter): reference, applicant, kommune, region, model, score,
  requested, fundable, granted, decision and reason.
* "Offentlig liste": the grants as a public list (recipient, kommune, project title, grant,
  year): funded applications only, and no score or reason.

The kommune is the name of the application's ``kommunenummer`` (the 2024 list); an applicant
without one (a fylkeskommune, a helseforetak) has none.

Both are in the innstilling's written standard (``[case] malform``): names, headers and the
decisions from :mod:`allocation.wording.innstilling`, the reasons rendered from the decision
records when they are given (else the allocation table's ``reason`` text, bokmål).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from allocation.report.document import MONEY, SCORE, TEXT, Column, Table, is_missing
from allocation.round.data import Round
from allocation.round.reference import kommuner
from allocation.wording.innstilling import Words, words
from allocation.wording.language import Lang
from allocation.wording.render import render_all

# The bokmål sheet names (the writer takes each innstilling's own from its language).
SHEET_ALL = words("nb").SHEET_ALL
SHEET_PUBLIC = words("nb").SHEET_PUBLIC

#: Table ids (tests and writers find a table by its id).
ALL_ID = "applications"
PUBLIC_ID = "public_list"


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value).strip()


def _money(value: Any) -> int:
    number = pd.to_numeric(value, errors="coerce")
    return 0 if is_missing(number) else int(round(float(number)))


def _kommune(number: Any) -> str:
    """The kommune's name from its number (``""`` when it has none or is not on the list)."""
    key = _text(number)
    if key.isdigit():
        key = key.zfill(4)
    found = kommuner().get(key)
    return found.name if found is not None else ""


def _lang(round_: Round | None, lang: Lang | None) -> Lang:
    """``lang``, else the round's ``[case] malform`` (bokmål without a round)."""
    if lang is not None:
        return lang
    return round_.scheme.case.lang if round_ is not None else "nb"


def _rows(
    round_: Round | None, allocation: pd.DataFrame, explanations: Sequence[Any], w: Words
) -> list[dict[str, Any]]:
    """One row of raw values per application, in ``application_id`` order."""
    reasons = {e.application_id: render_all(e.reasons, w.lang) for e in explanations}
    apps = round_.applications if round_ is not None else pd.DataFrame()
    by_id = {str(r["application_id"]): r for _, r in apps.iterrows()} if len(apps) else {}
    rows = []
    for r in allocation.to_dict("records"):
        app = str(r["application_id"])
        source = by_id.get(app, {})
        score = pd.to_numeric(r.get("score"), errors="coerce")
        decision = _text(r.get("decision"))
        rows.append(
            {
                "application_id": app,
                "applicant": _text(r.get("applicant")),
                "kommune": _kommune(source.get("kommunenummer", r.get("kommunenummer"))),
                "region": _text(r.get("region")),
                "model": _text(r.get("model")),
                "title": _text(source.get("title", r.get("title"))),
                "score": None if is_missing(score) else float(score),
                "requested": _money(r.get("requested")),
                "fundable": _money(r.get("fundable")),
                "granted": _money(r.get("granted")),
                "decision": w.DECISION_LABELS.get(decision, decision),
                "reason": reasons.get(app, _text(r.get("reason"))),
            }
        )
    return sorted(rows, key=lambda row: row["application_id"])


def applications_table(
    round_: Round | None,
    allocation: pd.DataFrame,
    explanations: Sequence[Any] = (),
    lang: Lang | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> Table:
    """ "Alle søknader": every application with the columns an adviser filters on (in ``lang``,
    default the round's; the reasons from ``explanations``, the decision records, if given).
    ``rows``: the per-application rows already built for this round, allocation, explanations
    and language (:func:`workbook_tables` builds them once for both tables)."""
    w = words(_lang(round_, lang))
    if rows is None:
        rows = _rows(round_, allocation, explanations, w)
    total = {
        "application_id": w.TOTAL,
        "requested": sum(r["requested"] for r in rows),
        "fundable": sum(r["fundable"] for r in rows),
        "granted": sum(r["granted"] for r in rows),
    }
    columns = [
        Column("application_id", w.COL_ID),
        Column("applicant", w.XLSX_COL_APPLICANT),
        Column("kommune", w.XLSX_COL_KOMMUNE),
        Column("region", w.COL_REGION),
        Column("model", w.COL_MODEL),
        Column("score", w.COL_SCORE, SCORE),
        Column("requested", w.COL_REQUESTED, MONEY),
        Column("fundable", w.XLSX_COL_FUNDABLE, MONEY),
        Column("granted", w.COL_GRANTED, MONEY),
        Column("decision", w.COL_DECISION),
        Column("reason", w.COL_REASON),
    ]
    return Table(
        w.CAP_ALL, columns, rows, total=total, sheet=w.SHEET_ALL, sheet_only=True, id=ALL_ID
    )


def public_list_table(
    round_: Round | None,
    allocation: pd.DataFrame,
    lang: Lang | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> Table:
    """ "Offentlig liste": recipient, kommune, title, grant and year of every grant (in
    ``lang``, default the round's). ``rows``: the per-application rows already built (as in
    :func:`applications_table`; their reasons are not shown here)."""
    w = words(_lang(round_, lang))
    year = _text(round_.scheme.year) if round_ is not None else ""
    every = rows if rows is not None else _rows(round_, allocation, (), w)
    public = [
        {
            "applicant": r["applicant"],
            "kommune": r["kommune"],
            "title": r["title"],
            "granted": r["granted"],
            "year": year,
        }
        for r in every
        if r["granted"] > 0
    ]
    public.sort(key=lambda row: (row["applicant"].casefold(), row["title"].casefold()))
    columns = [
        Column("applicant", w.XLSX_COL_RECIPIENT),
        Column("kommune", w.XLSX_COL_KOMMUNE),
        Column("title", w.COL_TITLE),
        Column("granted", w.XLSX_COL_GRANT, MONEY),
        Column("year", w.COL_YEAR, TEXT),
    ]
    total = {"applicant": w.TOTAL, "granted": sum(r["granted"] for r in public)}
    return Table(
        w.CAP_PUBLIC.format(year=year).strip(),
        columns,
        public,
        total=total,
        sheet=w.SHEET_PUBLIC,
        sheet_only=True,
        id=PUBLIC_ID,
    )


def workbook_tables(
    round_: Round | None,
    allocation: pd.DataFrame,
    explanations: Sequence[Any] = (),
    lang: Lang | None = None,
) -> list[Table]:
    """The two tables of every application the workbook shows (see the module docstring), in
    ``lang`` (default the round's ``[case] malform``); ``explanations`` (the decision records,
    ``result.explanations``) give the reasons in that language."""
    lang = _lang(round_, lang)
    rows = _rows(round_, allocation, explanations, words(lang))  # once, for both tables
    return [
        applications_table(round_, allocation, explanations, lang, rows=rows),
        public_list_table(round_, allocation, lang, rows=rows),
    ]


__all__ = [
    "ALL_ID",
    "PUBLIC_ID",
    "SHEET_ALL",
    "SHEET_PUBLIC",
    "applications_table",
    "public_list_table",
    "workbook_tables",
]
