"""The innstilling's robustness section: how firm each decision is, in kroner.

Given a :class:`allocation.robust.RobustnessResult` (and optionally the budget curve, a
:class:`allocation.robust.SweepResult`), :func:`robustness_section` says in plain words which
applications are funded or not funded whatever the weights and the assessors, names the
*funding-line zone* (a funding probability between 0.2 and 0.8) openly, and shows the figures
per application and the budget curve as a chart. Built only when ``allocation run`` is given
``-p robustness_samples N``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from allocation import format as fmt
from allocation.report.document import MONEY, SHARE, Chart, Column, Section, Table
from allocation.wording import robustness as W
from allocation.wording.language import Lang

if TYPE_CHECKING:  # pragma: no cover
    from allocation.robust.analysis import RobustnessResult
    from allocation.robust.curve import SweepResult

__all__ = ["robustness_section"]

_KIND = {
    "application_id": "text",
    "applicant": "text",
    "granted": MONEY,
    "core_index": SHARE,
    "funding_probability": SHARE,
    "mean_grant": MONEY,
    "p10_grant": MONEY,
    "p90_grant": MONEY,
    "class": "text",
}


def _samples_text(w: Any, n: int) -> str:
    return fmt.count(n, *w.SAMPLES_NOUN)


def _intro(w: Any, robust: RobustnessResult) -> str:
    params, counts = robust.parameters, robust.counts
    concentration = params["concentration"]
    shown = concentration if isinstance(concentration, str) else fmt.integer(concentration)
    weights = counts.get("weights")
    assessors = counts.get("assessors")
    if weights is not None and assessors is not None:
        return w.SECTION_INTRO.format(
            samples=_samples_text(w, weights.drawn),
            concentration=shown,
            assessor_samples=_samples_text(w, assessors.drawn),
        )
    if weights is not None:
        return w.SECTION_INTRO_WEIGHTS.format(
            samples=_samples_text(w, weights.drawn), concentration=shown
        )
    assert assessors is not None
    return w.SECTION_INTRO_ASSESSORS.format(samples=_samples_text(w, assessors.drawn))


_WORKBOOK_ONLY = ("p10_grant", "p90_grant")


def _value(value: Any, kind: type) -> Any:
    """A table cell's raw value: None where empty (NaN, NA), else as int or float."""
    return None if value is None or pd.isna(value) else kind(value)


def _rows(w: Any, alloc: pd.DataFrame, robust: RobustnessResult) -> list[dict[str, Any]]:
    """One row per application with a grant in the innstilling or in some sample, the most
    often funded first (``alloc``: the allocation table indexed by application_id)."""
    rows = []
    for r in robust.table.to_dict("records"):
        app_id = str(r["application_id"])
        known = app_id in alloc.index
        granted = int(alloc.loc[app_id, "granted"]) if known else 0
        row = {
            "application_id": app_id,
            "applicant": str(alloc.loc[app_id, "applicant"]).strip() if known else "",
            "granted": granted,
            "core_index": _value(r["core_index"], float),
            "funding_probability": _value(r["funding_probability"], float),
            "mean_grant": _value(r["mean_grant"], int),
            "p10_grant": _value(r["p10_grant"], int),
            "p90_grant": _value(r["p90_grant"], int),
            "class": w.CLASS_LABELS.get(str(r["class"]), ""),
        }
        if granted > 0 or (row["p90_grant"] or 0) > 0 or (row["mean_grant"] or 0) > 0:
            rows.append(row)
    rows.sort(key=lambda row: (-_share(row), row["application_id"]))
    return rows


def _share(row: dict[str, Any]) -> float:
    """The funding probability, else the core index (0 without either)."""
    for name in ("funding_probability", "core_index"):
        if row[name] is not None:
            return float(row[name])
    return 0.0


def _columns(w: Any, robust: RobustnessResult) -> list[Column]:
    keys = ["application_id", "applicant", "granted"]
    if "weights" in robust.counts:
        keys.append("core_index")
    if "assessors" in robust.counts:
        keys.append("funding_probability")
    keys += ["mean_grant", "p10_grant", "p90_grant", "class"]
    # the percentiles are in the workbook (and robustness.csv): the page keeps room for the rest
    return [
        Column(k, w.COLUMN_HEADERS[k], _KIND[k], in_documents=k not in _WORKBOOK_ONLY) for k in keys
    ]


def _zone_text(w: Any, alloc: pd.DataFrame, robust: RobustnessResult) -> str:
    zone = robust.zone()
    if not zone:
        return w.SECTION_NO_ZONE
    names = []
    for app_id in zone:
        applicant = str(alloc.loc[app_id, "applicant"]).strip() if app_id in alloc.index else ""
        names.append(f"{app_id} {applicant}".strip())
    return w.SECTION_ZONE.format(names=", ".join(names))


def _chart(w: Any, sweep: SweepResult, lang: Lang) -> Chart:
    from allocation.robust.chart import sweep_chart

    start, stop = fmt.money(sweep.frames[0]), fmt.money(sweep.frames[-1])
    return Chart(
        key="sweep",
        caption=w.CHART_CAPTION.format(start=start, stop=stop),
        alt=w.CHART_ALT.format(start=start, stop=stop, frame=fmt.money(sweep.scheme_frame)),
        png=sweep_chart(sweep, lang),
    )


def robustness_section(
    ctx: Any, robustness: RobustnessResult, sweep: SweepResult | None = None
) -> Section:
    """The section "Hvor robust er innstillingen?" (see the module docstring).

    Parameters
    ----------
    ctx : allocation.report.sections.Context
        The innstilling's context (its allocation table and the charts switch are used).
    robustness : RobustnessResult
        An optimal robustness run of the same round and rules.
    sweep : SweepResult, optional
        The budget curve, shown as a chart.
    """
    lang: Lang = ctx.lang
    alloc = ctx.alloc.set_index(ctx.alloc["application_id"].astype(str))
    w = W.section_words(lang)
    sec = Section(w.SECTION_HEADING)
    sec.p(_intro(w, robustness))
    classes = robustness.class_counts()

    def n(name: str) -> str:
        return fmt.count(classes[name], *w.APPLICATIONS_NOUN)

    sec.p(
        w.SECTION_ROBUST.format(
            funded=n("robust_funded"), rejected=n("robust_not_funded"), borderline=n("borderline")
        )
    )
    sec.p(_zone_text(w, alloc, robustness))
    lost = robustness.lost
    if lost:
        sec.p(w.SECTION_INFEASIBLE.format(count=_samples_text(w, lost)))
    sec.add_table(
        Table(
            w.TABLE_CAPTION,
            _columns(w, robustness),
            _rows(w, alloc, robustness),
            sheet=ctx.w.SHEET_ROBUSTNESS,
            id="robustness",
        )
    )
    if sweep is not None:
        sec.p(
            w.SECTION_CURVE.format(
                start=fmt.money(sweep.frames[0]), stop=fmt.money(sweep.frames[-1])
            )
        )
        if ctx.charts:
            sec.add_chart(_chart(w, sweep, lang))
    return sec
