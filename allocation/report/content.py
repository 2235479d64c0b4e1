"""The innstilling: built from one result, written as DOCX, HTML and XLSX.

:func:`build_innstilling` turns a result (the allocation table and summary of
``allocation.csv``/``summary.json``, the round, the scoring, the greedy comparison, locks,
an optional comparison with an earlier run) into an
:class:`~allocation.report.document.Innstilling`: one :class:`~allocation.report.sections.Context`
and one function per section (:mod:`allocation.report.sections`). :func:`write_documents` hands
it to the three writers (:mod:`allocation.report.write_docx`, :mod:`allocation.report.write_html`,
:mod:`allocation.report.write_xlsx`), which only lay the content model out, so the three
documents always say the same thing.

Imports run one way: :mod:`allocation.report.document` (the content model) <- the writers and
the charts <- :mod:`allocation.report.sections` <- this module.

Text from applications (titles, names, models, reasons) is data: the HTML escapes it and the
workbook stores it as text, never as a formula.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from allocation.report.document import Column, Innstilling, Table
from allocation.report.office import SECTIONS, letterhead
from allocation.report.sections import (
    condition_texts,
    make_context,
    scores_table,
    sheet_tables,
)
from allocation.report.write_docx import write_docx
from allocation.report.write_html import write_html
from allocation.report.write_xlsx import write_xlsx
from allocation.round.data import Round

__all__ = [
    "DOCUMENTS",
    "Column",
    "Innstilling",
    "Table",
    "build_innstilling",
    "condition_texts",
    "innstilling_from_result",
    "scores_table",
    "write_documents",
]

#: The names :mod:`allocation.run.pipeline` imports from here (Column and Table live in
#: :mod:`allocation.report.document`, the scores table in :mod:`allocation.report.sections`).
_scores_table = scores_table


def build_innstilling(
    round_: Round | None,
    allocation: pd.DataFrame,
    summary: Mapping[str, Any],
    *,
    scoring: Any = None,
    greedy: pd.DataFrame | None = None,
    greedy_notes: Sequence[str] = (),
    locks: Mapping[str, Any] | None = None,
    scenario: Any = None,
    comparison: Any = None,
    parameters: Mapping[str, Any] | None = None,
    date: _dt.date | None = None,
    charts: bool = True,
    robustness: Any = None,
    explanations: Sequence[Any] | None = None,
) -> Innstilling:
    """Build the innstilling's content from one result.

    Parameters
    ----------
    round_
        The round under the rules that were applied (``result.round``); gives the scheme,
        titles and conditions. May be None for a bare table (no rules, no titles).
    allocation, summary
        Exactly the contents of allocation.csv and summary.json (status optimal).
    scoring
        ``allocation.model.scoring.Scoring`` (for scores by criterion and disagreements), optional.
    greedy, greedy_notes
        The by-hand (greedy) allocation, same columns as ``allocation``, and its rule
        violations in words (optional).
    locks
        application_id -> Lock(action, reason) applied in this run.
    scenario
        The :class:`allocation.run.scenario.Scenario` applied, if any (its name is stated).
    comparison
        A :class:`allocation.run.compare.Comparison` against an earlier run, if any.
    parameters
        The run's parameters that override the scheme (stated in the summary).
    date
        The innstilling's date (default: today).
    charts
        Draw the charts (matplotlib); False for fast tests.
    robustness
        An :class:`allocation.robust.for_run.RunRobustness` (robustness figures and budget
        curve): adds the robustness section after the ranking (None: no section).
    explanations
        The decision records (``result.explanations``), for the reasons in the innstilling's
        written standard; without them the allocation table's ``reason`` text is shown.

    Returns
    -------
    Innstilling
    """
    ctx = make_context(
        round_,
        allocation,
        summary,
        date=date,
        scoring=scoring,
        greedy=greedy,
        greedy_notes=greedy_notes,
        locks=locks,
        scenario=scenario,
        comparison=comparison,
        parameters=parameters,
        charts=charts,
        explanations={e.application_id: e for e in explanations or ()},
        robustness=robustness,
    )
    sections = [sec for make in SECTIONS if (sec := make(ctx)) is not None]
    scheme = ctx.scheme
    place = f" – {scheme.region}" if scheme and scheme.region else ""
    w = ctx.w
    return Innstilling(
        title=w.TITLE.format(name=scheme.name if scheme else ""),
        subtitle=w.SUBTITLE.format(year=scheme.year if scheme else "", place=place),
        date=ctx.date,
        sections=sections,
        figures=ctx.figures,
        sheet_tables=sheet_tables(ctx),
        letterhead=letterhead(ctx),
        lang=ctx.lang,
    )


def innstilling_from_result(
    result: Any,
    *,
    scenario: Any = None,
    comparison: Any = None,
    parameters: Mapping[str, Any] | None = None,
    date: _dt.date | None = None,
    greedy: bool = True,
    charts: bool = True,
) -> Innstilling:
    """:func:`build_innstilling` from an :class:`allocation.results.AllocationResult`.

    The greedy comparison is computed with :mod:`allocation.model.greedy` under the same rules.
    """
    from allocation.model.greedy import greedy_allocation, greedy_violations

    g_table = None
    g_notes: list[str] = []
    if greedy:
        g_table = greedy_allocation(result.round)
        g_notes = list(greedy_violations(result.round, g_table))
    return build_innstilling(
        result.round,
        result.allocation,
        result.summary,
        scoring=getattr(result, "scoring", None),
        greedy=g_table,
        greedy_notes=g_notes,
        locks=getattr(result, "locks", None),
        scenario=scenario,
        comparison=comparison,
        parameters=parameters,
        date=date,
        charts=charts,
        explanations=getattr(result, "explanations", None),
    )


#: File names of the three documents in a run folder.
DOCUMENTS = {"docx": "innstilling.docx", "html": "innstilling.html", "xlsx": "tildeling.xlsx"}
_WRITERS: dict[str, Callable[[Innstilling, Path], None]] = {
    "docx": write_docx,
    "html": write_html,
    "xlsx": write_xlsx,
}


def write_documents(inn: Innstilling, out_dir: str | Path) -> dict[str, Path]:
    """Write innstilling.docx, innstilling.html and tildeling.xlsx into ``out_dir``.

    Each file is written to a temporary name and renamed, so a file is complete or absent.
    Returns the paths by kind ("docx", "html", "xlsx").
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, name in DOCUMENTS.items():
        final = out / name
        tmp = out / f".{name}.tmp"
        try:
            _WRITERS[kind](inn, tmp)
            tmp.replace(final)
        finally:
            tmp.unlink(missing_ok=True)
        paths[kind] = final
    return paths
