"""The innstilling: one content model, rendered into DOCX, HTML and XLSX.

:func:`build_innstilling` turns a result (the allocation table and summary of
``allocation.csv``/``summary.json``, the round, the scoring, the greedy comparison, locks,
an optional comparison with an earlier run) into an :class:`Innstilling`: a list of
sections made of paragraphs, bullet lists, fact lists, tables, charts and the signature
fields. The three writers (:mod:`allocation.report.write_docx`, :mod:`allocation.report.write_html`,
:mod:`allocation.report.write_xlsx`) only lay that model out, so the three documents always say
the same thing. Tables hold raw values (int kroner, float scores, shares); the writers format
them (``1 250 000 kr`` in DOCX/HTML, a number with a kroner format in XLSX).

Text from applications (titles, names, models, reasons) is data: the HTML escapes it and the
workbook stores it as text, never as a formula.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from allocation import format as fmt
from allocation.round.data import Round, key
from allocation.wording import report as W

# Column kinds: how writers format a cell.
TEXT, MONEY, CHANGE, SCORE, SHARE, COUNT = "text", "money", "change", "score", "share", "count"


@dataclass(frozen=True)
class Column:
    """One table column: the row key, the Norwegian header, and the kind of value."""

    key: str
    header: str
    kind: str = TEXT


@dataclass
class Table:
    """A table with a caption. ``rows`` are dicts of raw values; ``total`` an optional sum row.

    ``sheet`` names the workbook sheet the table goes to (None: documents only).
    """

    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    sheet: str | None = None
    sheet_only: bool = False  # in the workbook only (too wide for a page)

    def cell_text(self, row: Mapping[str, Any], col: Column) -> str:
        """The formatted text of a cell (DOCX and HTML)."""
        return format_value(row.get(col.key), col.kind)


@dataclass
class Chart:
    """A chart as PNG bytes with its caption and text alternative."""

    key: str
    caption: str
    alt: str
    png: bytes

    def _repr_png_(self) -> bytes:  # displayed as an image in a notebook
        return self.png


@dataclass
class Block:
    """One piece of a section: kind is "p", "bullets", "facts", "table", "chart", "signature".

    ``facts`` is a list of (label, value, kind) rows shown as a two-column list.
    """

    kind: str
    text: str = ""
    items: list[Any] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)

    def p(self, text: str) -> Section:
        self.blocks.append(Block("p", text=text))
        return self

    def bullets(self, items: Sequence[str]) -> Section:
        if items:
            self.blocks.append(Block("bullets", items=list(items)))
        return self

    def facts(self, rows: Sequence[tuple[str, Any, str]]) -> Section:
        self.blocks.append(Block("facts", items=list(rows)))
        return self

    def add_table(self, table: Table) -> Section:
        self.blocks.append(Block("table", table=table))
        return self

    def add_chart(self, chart: Chart | None) -> Section:
        if chart is not None:
            self.blocks.append(Block("chart", chart=chart))
        return self


@dataclass
class Innstilling:
    """The whole innstilling, ready for the writers.

    ``figures`` holds the key numbers (raw) for tests and the workbook's overview;
    ``sheet_tables`` the tables that only the workbook shows.
    """

    title: str
    subtitle: str
    date: _dt.date
    sections: list[Section]
    figures: dict[str, Any]
    sheet_tables: list[Table] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """Every table (document tables first, then workbook-only ones)."""
        out = [b.table for s in self.sections for b in s.blocks if b.kind == "table" and b.table]
        return out + list(self.sheet_tables)

    def charts(self) -> list[Chart]:
        return [b.chart for s in self.sections for b in s.blocks if b.kind == "chart" and b.chart]


def format_value(value: Any, kind: str) -> str:
    """Format one raw value the Norwegian way for DOCX and HTML."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind == MONEY:
        return fmt.money(value)
    if kind == CHANGE:
        return fmt.money(value, signed=True)
    if kind == SCORE:
        return fmt.decimal(value, 2)
    if kind == SHARE:
        return fmt.percent(value)
    if kind == COUNT:
        return fmt.integer(value)
    return str(value)


# -- building -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def _int(value: Any) -> int:
    n = _num(value)
    return int(round(n)) if n is not None else 0


def _titles(round_: Round | None) -> dict[str, str]:
    if round_ is None or "title" not in round_.applications:
        return {}
    apps = round_.applications
    return dict(zip(apps["application_id"].astype(str), apps["title"].map(_text), strict=False))


def _decision_counts(alloc: pd.DataFrame) -> dict[str, int]:
    counts = alloc["decision"].value_counts()
    return {d: int(counts.get(d, 0)) for d in W.DECISIONS}


def _rules_rows(round_: Round | None, summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rules applied, as (rule, value) rows in Norwegian."""
    rows: list[dict[str, Any]] = []

    def add(label: str, value: str) -> None:
        rows.append({"rule": label, "value": value})

    add(W.RULE_POLICY, W.POLICY_LABELS.get(str(summary.get("policy")), str(summary.get("policy"))))
    if round_ is not None:
        s = round_.scheme
        add(W.RULE_CAP, fmt.money(s.cap) if s.cap is not None else W.NOT_USED)
        add(W.RULE_FLOOR, fmt.money(s.floor))
        add(W.RULE_MIN_SHARE, fmt.percent(s.min_share))
        add(W.RULE_ROUNDING, fmt.money(s.rounding))
        if s.projects_min is None and s.projects_max is None:
            add(W.RULE_PROJECTS, W.NOT_USED)
        elif s.projects_max is None:
            add(W.RULE_PROJECTS, W.AT_LEAST.format(n=s.projects_min))
        else:
            add(W.RULE_PROJECTS, W.BETWEEN.format(lo=s.projects_min, hi=s.projects_max))
        add(W.RULE_ONE_PER_APPLICANT, W.YES if s.one_per_applicant else W.NO)
        add(W.RULE_SCALE, f"{fmt.decimal(s.scale[0], 0)}–{fmt.decimal(s.scale[1], 0)}")
        add(
            W.RULE_THRESHOLD, fmt.decimal(s.threshold, 2) if s.threshold is not None else W.NOT_USED
        )
        add(W.RULE_MIN_PER_REGION, _opt_int(s.min_per_region))
        add(
            W.RULE_MAX_REGION_SHARE,
            fmt.percent(s.max_region_share) if s.max_region_share is not None else W.NOT_USED,
        )
        add(W.RULE_MIN_MODELS, _opt_int(s.min_models))
        add(W.RULE_MAX_PER_MODEL, _opt_int(s.max_per_model))
        add(
            W.RULE_APPLICANT_TYPES,
            ", ".join(s.applicant_types) if s.applicant_types else W.ALL_TYPES,
        )
        add(W.RULE_EXCLUDED, ", ".join(s.excluded_cost_categories) or W.NONE)
    solver = summary.get("solver")
    if solver:
        add(W.RULE_SOLVER, str(solver))
    if summary.get("objective") is not None:
        add(W.RULE_OBJECTIVE, fmt.decimal(summary["objective"], 2))
    return rows


def _opt_int(value: int | None) -> str:
    return fmt.integer(value) if value is not None else W.NOT_USED


def condition_texts(round_: Round | None, grants: pd.DataFrame) -> list[str]:
    """The conditions that follow from the scheme's ``[conditions]`` and eligibility rules.

    ``grants``: the funded rows (application_id, applicant, granted).
    """
    if round_ is None:
        return []
    s = round_.scheme
    c = s.conditions
    out: list[str] = []
    if c.revisor_threshold is not None:
        t = int(c.revisor_threshold)
        above = c.revisor_from == "above"
        out.append(
            (W.COND_REVISOR_ABOVE if above else W.COND_REVISOR_FROM).format(amount=fmt.money(t))
        )
        hit = grants[grants["granted"] > t] if above else grants[grants["granted"] >= t]
        if len(hit):
            names = ", ".join(
                f"{_text(r.applicant)} ({r.application_id})" for r in hit.itertuples()
            )
            out.append(W.COND_REVISOR_APPLIES.format(n=len(hit), names=names))
        else:
            out.append(W.COND_REVISOR_NONE)
    if c.report_deadline:
        out.append(W.COND_DEADLINE.format(deadline=c.report_deadline))
    out += [str(n) for n in c.notes]
    return out


def _spread_table(alloc: pd.DataFrame, by: str, caption: str, header: str) -> Table:
    funded = alloc["granted"] > 0
    total_granted = int(alloc.loc[funded, "granted"].sum())
    rows = []
    # Group by the comparison key, show the first spelling (CONTRACT: text keys).
    keys = alloc[by].map(key)
    for k in dict.fromkeys(keys):
        part = alloc[keys == k]
        label = _text(part[by].iloc[0]) or W.NO_MODEL
        granted = int(part.loc[part["granted"] > 0, "granted"].sum())
        rows.append(
            {
                "name": label,
                "applied": len(part),
                "requested": int(part["requested"].sum()),
                "funded": int((part["granted"] > 0).sum()),
                "granted": granted,
                "share": granted / total_granted if total_granted else None,
            }
        )
    rows.sort(key=lambda r: (-r["granted"], r["name"]))
    cols = [
        Column("name", header),
        Column("applied", W.COL_APPLIED_N, COUNT),
        Column("requested", W.COL_REQUESTED, MONEY),
        Column("funded", W.COL_FUNDED_N, COUNT),
        Column("granted", W.COL_GRANTED, MONEY),
        Column("share", W.COL_SHARE_OF_GRANTED, SHARE),
    ]
    total = {
        "name": W.TOTAL,
        "applied": len(alloc),
        "requested": int(alloc["requested"].sum()),
        "funded": int(funded.sum()),
        "granted": total_granted,
        "share": 1.0 if total_granted else None,
    }
    return Table(caption, cols, rows, total=total, sheet=W.SHEET_SPREAD)


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
        The run's parameters that override the scheme (stated in the rules section).
    date
        The innstilling's date (default: today).
    charts
        Draw the charts (matplotlib); False for fast tests.

    Returns
    -------
    Innstilling
    """
    date = date or _dt.date.today()
    alloc = allocation.copy()
    alloc["application_id"] = alloc["application_id"].astype(str)
    for col in ("requested", "committed", "fundable", "granted"):
        alloc[col] = pd.to_numeric(alloc[col], errors="coerce").fillna(0).astype("int64")
    alloc["score"] = pd.to_numeric(alloc["score"], errors="coerce")
    titles = _titles(round_)
    alloc["title"] = alloc["application_id"].map(titles).fillna("")
    scheme = round_.scheme if round_ is not None else None

    counts = _decision_counts(alloc)
    funded = alloc[alloc["granted"] > 0]
    not_funded = alloc[alloc["granted"] <= 0]
    n_apps = len(alloc)
    requested_total = int(alloc["requested"].sum())
    granted_total = int(summary.get("granted_total", funded["granted"].sum()))
    budget = int(summary.get("budget", 0))
    frame = int(summary.get("frame", scheme.frame if scheme else budget))
    carry_over = int(summary.get("carry_over", scheme.carry_over if scheme else 0))
    committed_total = int(summary.get("committed_total", alloc["committed"].sum()))
    committed = alloc[alloc["committed"] > 0]

    figures = {
        "applications": n_apps,
        "requested_total": requested_total,
        "frame": frame,
        "carry_over": carry_over,
        "committed_total": committed_total,
        "budget": budget,
        "granted_total": granted_total,
        "unallocated": budget - granted_total,
        "funded": len(funded),
        **{f"n_{d}": n for d, n in counts.items()},
    }

    title = W.TITLE.format(name=scheme.name if scheme else "")
    place = f" – {scheme.region}" if scheme and scheme.region else ""
    subtitle = W.SUBTITLE.format(year=scheme.year if scheme else "", place=place)
    sections: list[Section] = []

    # 1. Summary
    sec = Section(W.H_SUMMARY)
    sec.p(
        W.SUMMARY_TEXT.format(
            n=n_apps,
            requested=fmt.money(requested_total),
            budget=fmt.money(budget),
            funded=len(funded),
            granted=fmt.money(granted_total),
            full=counts["innvilget"],
            partial=counts["delvis_innvilget"],
            rejected=counts["avslått"],
        )
        + (W.SUMMARY_INELIGIBLE.format(n=counts["avvist"]) if counts["avvist"] else "")
    )
    if scenario is not None:
        sec.p(W.SCENARIO_TEXT.format(name=scenario.name))
        if getattr(scenario, "description", ""):
            sec.p(scenario.description)
    if parameters:
        sec.p(W.PARAMETERS_TEXT.format(items=_parameter_text(parameters)))
    sections.append(sec)

    # 2. Budget frame
    sec = Section(W.H_BUDGET)
    facts: list[tuple[str, Any, str]] = [
        (W.F_FRAME, frame, MONEY),
        (W.F_CARRY_OVER, carry_over, MONEY),
        (W.F_COMMITTED, -committed_total if committed_total else 0, MONEY),
        (W.F_AVAILABLE, budget, MONEY),
        (W.F_GRANTED, granted_total, MONEY),
        (W.F_UNALLOCATED, budget - granted_total, MONEY),
    ]
    sec.facts(facts)
    if scheme is not None and frame != scheme.frame:
        pass  # the frame shown is the run's; the scheme's own frame is in the rules section
    if len(committed):
        sec.p(
            W.COMMITTED_TEXT.format(
                n=len(committed),
                total=fmt.money(committed_total),
                names=", ".join(
                    f"{_text(r.applicant)} ({fmt.money(r.committed)})"
                    for r in committed.itertuples()
                ),
            )
        )
    sections.append(sec)

    # 3. Applications and outcome
    sec = Section(W.H_OUTCOME)
    outcome_rows = []
    for d in W.DECISIONS:
        part = alloc[alloc["decision"] == d]
        outcome_rows.append(
            {
                "outcome": W.DECISION_LABELS[d],
                "n": len(part),
                "requested": int(part["requested"].sum()),
                "granted": int(part["granted"].sum()),
            }
        )
    outcome = Table(
        W.CAP_OUTCOME,
        [
            Column("outcome", W.COL_DECISION),
            Column("n", W.COL_COUNT, COUNT),
            Column("requested", W.COL_REQUESTED, MONEY),
            Column("granted", W.COL_RECOMMENDED, MONEY),
        ],
        outcome_rows,
        total={
            "outcome": W.TOTAL,
            "n": n_apps,
            "requested": requested_total,
            "granted": int(alloc["granted"].sum()),
        },
        sheet=W.SHEET_OVERVIEW,
    )
    sec.add_table(outcome)
    sections.append(sec)

    # 4. Criteria and weights
    sec = Section(W.H_CRITERIA)
    if scheme is not None:
        sums: dict[str, float] = {}
        for c in scheme.criteria:
            sums[c.group] = sums.get(c.group, 0.0) + float(c.weight)
        crit_rows = []
        for c in scheme.criteria:
            gw = float(scheme.groups.get(c.group, 0.0))
            within = float(c.weight) / sums[c.group] if sums[c.group] > 0 else 0.0
            crit_rows.append(
                {
                    "group": c.group,
                    "group_weight": gw,
                    "criterion": c.label or c.id,
                    "within": within,
                    "effective": gw * within,
                }
            )
        sec.p(
            W.CRITERIA_TEXT.format(
                lo=fmt.decimal(scheme.scale[0], 0),
                hi=fmt.decimal(scheme.scale[1], 0),
                threshold=(
                    W.THRESHOLD_TEXT.format(t=fmt.decimal(scheme.threshold, 2))
                    if scheme.threshold is not None
                    else ""
                ),
            )
        )
        sec.add_table(
            Table(
                W.CAP_CRITERIA,
                [
                    Column("group", W.COL_GROUP),
                    Column("group_weight", W.COL_GROUP_WEIGHT, SHARE),
                    Column("criterion", W.COL_CRITERION),
                    Column("within", W.COL_WITHIN, SHARE),
                    Column("effective", W.COL_EFFECTIVE, SHARE),
                ],
                crit_rows,
                sheet=W.SHEET_SCORES,
            )
        )
    sections.append(sec)

    # 5. Recommended grants
    sec = Section(W.H_GRANTS)
    grant_rows = []
    for r in funded.itertuples():
        grant_rows.append(
            {
                "application_id": r.application_id,
                "applicant": _text(r.applicant),
                "title": _text(r.title),
                "region": _text(r.region),
                "model": _text(r.model),
                "score": _num(r.score),
                "requested": int(r.requested),
                "granted": int(r.granted),
                "share": r.granted / r.requested if r.requested else None,
                "decision": W.DECISION_LABELS.get(r.decision, r.decision),
            }
        )
    grant_rows.sort(key=lambda row: (-(row["score"] or 0), row["application_id"]))
    grants_table = Table(
        W.CAP_GRANTS,
        [
            Column("application_id", W.COL_ID),
            Column("applicant", W.COL_APPLICANT),
            Column("title", W.COL_TITLE),
            Column("score", W.COL_SCORE, SCORE),
            Column("requested", W.COL_REQUESTED, MONEY),
            Column("granted", W.COL_RECOMMENDED, MONEY),
            Column("share", W.COL_SHARE, SHARE),
        ],
        grant_rows,
        total={
            "application_id": W.TOTAL,
            "requested": int(funded["requested"].sum()),
            "granted": granted_total,
            "share": granted_total / funded["requested"].sum() if len(funded) else None,
        },
        sheet=W.SHEET_GRANTS,
    )
    sec.p(W.GRANTS_TEXT.format(n=len(funded), total=fmt.money(granted_total)))
    sec.add_table(grants_table)
    sections.append(sec)

    # 6. Not recommended
    sec = Section(W.H_REJECTED)
    rej_rows = []
    for r in not_funded.itertuples():
        rej_rows.append(
            {
                "application_id": r.application_id,
                "applicant": _text(r.applicant),
                "title": _text(r.title),
                "score": _num(r.score),
                "requested": int(r.requested),
                "decision": W.DECISION_SHORT.get(r.decision, r.decision),
                "reason": _text(r.reason),
            }
        )
    rej_rows.sort(key=lambda row: (row["decision"], -(row["score"] or 0), row["application_id"]))
    if rej_rows:
        template = W.REJECTED_TEXT if counts["avvist"] else W.REJECTED_TEXT_NO_INELIGIBLE
        sec.p(
            template.format(
                n=len(rej_rows), rejected=counts["avslått"], ineligible=counts["avvist"]
            )
        )
    else:
        sec.p(W.REJECTED_NONE)
    sec.add_table(
        Table(
            W.CAP_REJECTED,
            [
                Column("application_id", W.COL_ID),
                Column("applicant", W.COL_APPLICANT),
                Column("title", W.COL_TITLE),
                Column("score", W.COL_SCORE, SCORE),
                Column("requested", W.COL_REQUESTED, MONEY),
                Column("decision", W.COL_DECISION),
                Column("reason", W.COL_REASON),
            ],
            rej_rows,
            sheet=W.SHEET_REJECTED,
        )
    )
    sections.append(sec)

    # 7. Locks (the adviser's judgement)
    if locks:
        sec = Section(W.H_LOCKS)
        sec.p(W.LOCKS_TEXT.format(n=len(locks)))
        by_id = alloc.set_index("application_id")
        lock_rows = []
        for app, lock in locks.items():
            row = by_id.loc[app] if app in by_id.index else None
            lock_rows.append(
                {
                    "application_id": app,
                    "applicant": _text(row["applicant"]) if row is not None else "",
                    "lock": W.LOCK_LABELS.get(lock.action, lock.action),
                    "reason": _text(lock.reason),
                    "granted": int(row["granted"]) if row is not None else 0,
                }
            )
        sec.add_table(
            Table(
                W.CAP_LOCKS,
                [
                    Column("application_id", W.COL_ID),
                    Column("applicant", W.COL_APPLICANT),
                    Column("lock", W.COL_LOCK),
                    Column("reason", W.COL_LOCK_REASON),
                    Column("granted", W.COL_RECOMMENDED, MONEY),
                ],
                lock_rows,
                sheet=W.SHEET_RULES,
            )
        )
        sections.append(sec)

    # 8. Spread by region and by model
    sec = Section(W.H_SPREAD)
    sec.p(W.SPREAD_TEXT)
    sec.add_table(_spread_table(alloc, "region", W.CAP_BY_REGION, W.COL_REGION))
    sec.add_table(_spread_table(alloc, "model", W.CAP_BY_MODEL, W.COL_MODEL))
    if charts:
        from allocation.report import charts as rc

        sec.add_chart(rc.chart_by_group(alloc, "region", W.CHART_REGION, "region"))
        sec.add_chart(rc.chart_by_group(alloc, "model", W.CHART_MODEL, "model"))
        sec.add_chart(rc.chart_score_vs_grant(alloc, scheme))
        sec.add_chart(rc.chart_funding_line(alloc, budget))
    sections.append(sec)

    # 9. The greedy hand method, side by side
    if greedy is not None:
        sec = Section(W.H_GREEDY)
        g = greedy.copy()
        g["application_id"] = g["application_id"].astype(str)
        g_granted = dict(
            zip(
                g["application_id"],
                pd.to_numeric(g["granted"], errors="coerce").fillna(0).astype("int64"),
                strict=False,
            )
        )
        greedy_total = int(sum(g_granted.values()))
        rows = []
        for r in alloc.itertuples():
            gg = int(g_granted.get(r.application_id, 0))
            if r.granted or gg:
                rows.append(
                    {
                        "application_id": r.application_id,
                        "applicant": _text(r.applicant),
                        "score": _num(r.score),
                        "model": int(r.granted),
                        "greedy": gg,
                        "difference": int(r.granted) - gg,
                    }
                )
        rows.sort(key=lambda row: (-(row["score"] or 0), row["application_id"]))
        differ = sum(1 for row in rows if row["difference"] != 0)
        sec.p(
            W.GREEDY_TEXT.format(
                model=fmt.money(granted_total),
                greedy=fmt.money(greedy_total),
                n_model=len(funded),
                n_greedy=sum(1 for v in g_granted.values() if v > 0),
                differ=differ,
            )
        )
        if greedy_notes:
            sec.p(W.GREEDY_VIOLATIONS)
            sec.bullets([str(n) for n in greedy_notes])
        else:
            sec.p(W.GREEDY_NO_VIOLATIONS)
        sec.add_table(
            Table(
                W.CAP_GREEDY,
                [
                    Column("application_id", W.COL_ID),
                    Column("applicant", W.COL_APPLICANT),
                    Column("score", W.COL_SCORE, SCORE),
                    Column("model", W.COL_MODEL_GRANT, MONEY),
                    Column("greedy", W.COL_GREEDY_GRANT, MONEY),
                    Column("difference", W.COL_DIFFERENCE, CHANGE),
                ],
                rows,
                total={
                    "application_id": W.TOTAL,
                    "model": granted_total,
                    "greedy": greedy_total,
                    "difference": granted_total - greedy_total,
                },
                sheet=W.SHEET_GREEDY,
            )
        )
        figures["greedy_total"] = greedy_total
        sections.append(sec)

    # 10. Changes against an earlier run
    if comparison is not None:
        sec = Section(W.H_CHANGES)
        for line in comparison.context:
            sec.p(line)
        ch = comparison.changes
        if len(ch):
            sec.p(W.CHANGES_TEXT.format(n=len(ch)))
        else:
            sec.p(W.CHANGES_NONE)
        sec.add_table(
            Table(
                W.CAP_CHANGES,
                [
                    Column("application_id", W.COL_ID),
                    Column("applicant", W.COL_APPLICANT),
                    Column("granted_before", W.COL_BEFORE, MONEY),
                    Column("granted_after", W.COL_AFTER, MONEY),
                    Column("change", W.COL_CHANGE, CHANGE),
                    Column("why", W.COL_WHY),
                ],
                ch.to_dict("records"),
                total={
                    "application_id": W.TOTAL,
                    "granted_before": int(ch["granted_before"].sum()) if len(ch) else 0,
                    "granted_after": int(ch["granted_after"].sum()) if len(ch) else 0,
                    "change": int(ch["change"].sum()) if len(ch) else 0,
                },
                sheet=W.SHEET_CHANGES,
            )
        )
        figures["changes"] = len(ch)
        sections.append(sec)

    # 11. Conditions
    sec = Section(W.H_CONDITIONS)
    conds = condition_texts(round_, funded)
    if conds:
        sec.p(W.CONDITIONS_TEXT)
        sec.bullets(conds)
    else:
        sec.p(W.CONDITIONS_NONE)
    sections.append(sec)

    # 12. Rules applied
    sec = Section(W.H_RULES)
    sec.add_table(
        Table(
            W.CAP_RULES,
            [Column("rule", W.COL_RULE), Column("value", W.COL_VALUE)],
            _rules_rows(round_, summary),
            sheet=W.SHEET_RULES,
        )
    )
    sections.append(sec)

    # 13. Approval
    sec = Section(W.H_APPROVAL)
    sec.blocks.append(Block("signature", items=[W.PREPARED_BY, W.APPROVED_BY]))
    sections.append(sec)

    # Workbook-only tables: scores by criterion, and the conditions as a sheet.
    sheet_tables: list[Table] = []
    if scoring is not None and scheme is not None:
        sheet_tables.append(_scores_table(scoring, alloc, scheme))
    if conds:
        sheet_tables.append(
            Table(
                W.CAP_CONDITIONS,
                [Column("condition", W.COL_CONDITION)],
                [{"condition": c} for c in conds],
                sheet=W.SHEET_RULES,
                sheet_only=True,
            )
        )
    return Innstilling(
        title=title,
        subtitle=subtitle,
        date=date,
        sections=sections,
        figures=figures,
        sheet_tables=sheet_tables,
    )


def _parameter_text(parameters: Mapping[str, Any]) -> str:
    parts = []
    for name, value in parameters.items():
        if isinstance(value, bool) or value is None:
            shown = W.OFF if value is False else (W.YES if value else "")
        elif name in ("budget", "carry_over", "cap", "floor", "rounding"):
            shown = fmt.money(value)
        elif isinstance(value, float):
            shown = fmt.decimal(value, 2)
        elif isinstance(value, list):
            shown = "–".join(str(v) for v in value)
        elif isinstance(value, dict):
            shown = ", ".join(f"{k} {fmt.percent(v)}" for k, v in value.items())
        else:
            shown = str(value)
        parts.append(f"{W.PARAMETER_LABELS.get(name, name)}: {shown}")
    return "; ".join(parts)


def _scores_table(scoring: Any, alloc: pd.DataFrame, scheme: Any) -> Table:
    b = scoring.breakdown
    means = b.pivot(index="application_id", columns="criterion", values="mean")
    spread = b.groupby("application_id", sort=False)["spread"].max()
    flagged = set(scoring.flagged["application_id"].astype(str)) if len(scoring.flagged) else set()
    cols = [Column("application_id", W.COL_ID), Column("applicant", W.COL_APPLICANT)]
    cols += [Column(f"c:{c.id}", c.label or c.id, SCORE) for c in scheme.criteria]
    cols += [
        Column("score", W.COL_SCORE, SCORE),
        Column("spread", W.COL_SPREAD, SCORE),
        Column("flag", W.COL_FLAG),
    ]
    rows = []
    for r in alloc.itertuples():
        row: dict[str, Any] = {"application_id": r.application_id, "applicant": _text(r.applicant)}
        for c in scheme.criteria:
            row[f"c:{c.id}"] = (
                _num(means.at[r.application_id, c.id])
                if r.application_id in means.index and c.id in means.columns
                else None
            )
        row["score"] = _num(r.score)
        row["spread"] = _num(spread.get(r.application_id))
        row["flag"] = W.FLAG_YES if r.application_id in flagged else ""
        rows.append(row)
    return Table(W.CAP_SCORES, cols, rows, sheet=W.SHEET_SCORES, sheet_only=True)


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
    g_table = None
    g_notes: list[str] = []
    if greedy:
        from allocation.model.greedy import greedy_allocation, greedy_violations

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
    )


#: File names of the three documents in a run folder.
DOCUMENTS = {"docx": "innstilling.docx", "html": "innstilling.html", "xlsx": "tildeling.xlsx"}


def write_documents(inn: Innstilling, out_dir: str | Path) -> dict[str, Path]:
    """Write innstilling.docx, innstilling.html and tildeling.xlsx into ``out_dir``.

    Each file is written to a temporary name and renamed, so a file is complete or absent.
    Returns the paths by kind ("docx", "html", "xlsx").
    """
    from allocation.report.write_docx import write_docx
    from allocation.report.write_html import write_html
    from allocation.report.write_xlsx import write_xlsx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers = {"docx": write_docx, "html": write_html, "xlsx": write_xlsx}
    paths = {}
    for kind, name in DOCUMENTS.items():
        final = out / name
        tmp = out / f".{name}.tmp"
        try:
            writers[kind](inn, tmp)
            tmp.replace(final)
        finally:
            tmp.unlink(missing_ok=True)
        paths[kind] = final
    return paths
