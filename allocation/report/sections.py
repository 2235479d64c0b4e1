"""The innstilling's sections: one function per section over one :class:`Context`.

:func:`make_context` reads a result once (the allocation table with its amounts as integers,
the summary's money figures, the scheme) into a :class:`Context`; each section function takes
it and returns its :class:`~allocation.report.document.Section` (or None when the section does
not apply: no locks, no greedy comparison, no earlier run). Every figure is printed through
:mod:`allocation.format` (directly, or through the tables' column kinds), and a rule's binding
figure is the one quoted everywhere: the region ceiling is
:func:`allocation.model.eligibility.region_ceiling`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.model.data import model_data, size_class_of
from allocation.model.eligibility import fundable_table, region_ceiling
from allocation.model.rules import DEFAULT_SIZE_CLASSES
from allocation.model.scoring import effective_weights, score_round
from allocation.ranking import Inversion, RankingFacts, merged_causes, ranking_facts
from allocation.report import charts as rc
from allocation.report.document import (
    CHANGE,
    COUNT,
    MONEY,
    SCORE,
    SCORE_DIGITS,
    SHARE,
    Block,
    Column,
    Section,
    Table,
    is_missing,
)
from allocation.round.columns import ASSESSMENT_COLUMN
from allocation.round.data import Round, Scheme, key
from allocation.round.history import commitment_totals, commitments, read_history, this_year
from allocation.round.partners import partner_parts, resolve_partners
from allocation.round.reference import kommuner
from allocation.tolerances import ROUNDING_TOLERANCE
from allocation.wording import report as W
from allocation.wording.innstilling import Words, words
from allocation.wording.language import Lang
from allocation.wording.reasons import listing, size_class_labels
from allocation.wording.render import render, render_all

if TYPE_CHECKING:  # pragma: no cover
    from allocation.whatif import WhatItTakes

#: The bokmål texts, for the tables only the workbook shows and for callers without a context.
NB_WORDS = words("nb")


def id_col(w: Words) -> Column:
    """The application id column, in ``w``'s language (likewise the four below)."""
    return Column("application_id", w.COL_ID)


def full_reason_col(w: Words) -> Column:
    """Every reason, for the workbook only (the documents' tables show the decisive one)."""
    return Column("full_reason", w.COL_FULL_REASON, in_documents=False)


def applicant_col(w: Words) -> Column:
    return Column("applicant", w.COL_APPLICANT)


def title_col(w: Words) -> Column:
    return Column("title", w.COL_TITLE)


def score_col(w: Words) -> Column:
    return Column("score", w.COL_SCORE, SCORE)


def requested_col(w: Words) -> Column:
    return Column("requested", w.COL_REQUESTED, MONEY)


#: Run parameters that are amounts of money, and those that are shares (0..1).
MONEY_PARAMETERS = frozenset({"budget", "carry_over", "cap", "floor", "rounding"})
SHARE_PARAMETERS = frozenset({"min_share", "max_region_share"})


# -- raw values ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def _n(n: int, nouns: tuple[str, str]) -> str:
    """A count with its noun: ``1 søknad``, ``12 søknader`` (:func:`allocation.format.count`)."""
    return fmt.count(n, *nouns)


# -- the context ------------------------------------------------------------------------------


@dataclass
class Context:
    """What every section needs, read once from the result.

    ``alloc`` is the allocation table with amounts as int64, ids as text and the titles added;
    the money figures are the summary's (``budget`` is the amount to allocate, B).
    """

    round: Round | None
    alloc: pd.DataFrame
    summary: Mapping[str, Any]
    date: _dt.date
    budget: int
    granted_total: int
    requested_total: int
    frame: int
    carry_over: int
    committed_total: int
    counts: dict[str, int]
    scoring: Any = None
    greedy: pd.DataFrame | None = None
    greedy_notes: Sequence[str] = ()
    locks: Mapping[str, Any] | None = None
    scenario: Any = None
    comparison: Any = None
    parameters: Mapping[str, Any] | None = None
    charts: bool = True
    explanations: Mapping[str, Any] | None = None  # application_id -> Explanation (records)
    robustness: Any = None  # allocation.robust.for_run.RunRobustness, when the run asked for it
    lang: Lang = "nb"  # the innstilling's written standard ([case] malform)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def w(self) -> Words:
        """The texts in the innstilling's written standard."""
        return words(self.lang)

    @property
    def scheme(self) -> Scheme | None:
        """The scheme of the rules applied (None for a bare table)."""
        return self.round.scheme if self.round is not None else None

    @property
    def funded(self) -> pd.DataFrame:
        """The rows with a grant."""
        return self.alloc[self.alloc["granted"] > 0]

    @property
    def not_funded(self) -> pd.DataFrame:
        """The rows without a grant."""
        return self.alloc[self.alloc["granted"] <= 0]

    @property
    def unallocated(self) -> int:
        """The amount left of the budget."""
        return self.budget - self.granted_total

    def region_ceiling(self) -> int | None:
        """The region ceiling in kroner, the figure the rule binds at (None: rule off)."""
        s = self.scheme
        if s is None or s.max_region_share is None:
            return None
        return region_ceiling(s.max_region_share, self.budget, int(s.rounding or 1))


def _titles(round_: Round | None) -> dict[str, str]:
    if round_ is None or "title" not in round_.applications:
        return {}
    apps = round_.applications
    return dict(zip(apps["application_id"].astype(str), apps["title"].map(_text), strict=False))


def _normalised(allocation: pd.DataFrame, round_: Round | None) -> pd.DataFrame:
    alloc = allocation.copy()
    alloc["application_id"] = alloc["application_id"].astype(str)
    for col in ("requested", "committed", "fundable", "granted"):
        alloc[col] = pd.to_numeric(alloc[col], errors="coerce").fillna(0).astype("int64")
    transfer = alloc["transfer"] if "transfer" in alloc else pd.Series(0, index=alloc.index)
    alloc["transfer"] = pd.to_numeric(transfer, errors="coerce").fillna(0).astype("int64")
    alloc["score"] = pd.to_numeric(alloc["score"], errors="coerce")
    alloc["title"] = alloc["application_id"].map(_titles(round_)).fillna("")
    return alloc


def make_context(
    round_: Round | None,
    allocation: pd.DataFrame,
    summary: Mapping[str, Any],
    *,
    date: _dt.date | None = None,
    **options: Any,
) -> Context:
    """The :class:`Context` of one result; ``options`` are the other fields of the context."""
    alloc = _normalised(allocation, round_)
    scheme = round_.scheme if round_ is not None else None
    counts = alloc["decision"].value_counts()
    budget = int(summary.get("budget", 0))
    ctx = Context(
        round=round_,
        alloc=alloc,
        summary=summary,
        date=date or _dt.date.today(),
        budget=budget,
        granted_total=int(
            summary.get("granted_total", alloc.loc[alloc["granted"] > 0, "granted"].sum())
        ),
        requested_total=int(alloc["requested"].sum()),
        frame=int(summary.get("frame", scheme.frame if scheme else budget)),
        carry_over=int(summary.get("carry_over", scheme.carry_over if scheme else 0)),
        committed_total=int(summary.get("committed_total", alloc["committed"].sum())),
        counts={d: int(counts.get(d, 0)) for d in W.DECISIONS},
        lang=scheme.case.lang if scheme is not None else "nb",
        **options,
    )
    ctx.figures.update(
        {
            "applications": len(alloc),
            "requested_total": ctx.requested_total,
            "frame": ctx.frame,
            "carry_over": ctx.carry_over,
            "committed_total": ctx.committed_total,
            "budget": budget,
            "granted_total": ctx.granted_total,
            "unallocated": ctx.unallocated,
            "funded": len(ctx.funded),
            **{f"n_{d}": n for d, n in ctx.counts.items()},
        }
    )
    ceiling = ctx.region_ceiling()
    if ceiling is not None:
        ctx.figures["region_ceiling"] = ceiling
    return ctx


# -- 1. summary, 2. budget frame, 3. outcome -----------------------------------------------------


def summary(ctx: Context) -> Section:
    """Sammendrag: how many applied, for how much, and what is recommended."""
    w = ctx.w
    c = ctx.counts
    sec = Section(w.H_SUMMARY)
    text = w.SUMMARY_TEXT.format(
        n=_n(len(ctx.alloc), w.APPLICATIONS),
        requested=fmt.money(ctx.requested_total),
        budget=fmt.money(ctx.budget),
        funded=_n(len(ctx.funded), w.APPLICATIONS),
        granted=fmt.money(ctx.granted_total),
        full=fmt.integer(c["innvilget"]),
        partial=fmt.integer(c["delvis_innvilget"]),
        rejected=_n(c["avslått"], w.APPLICATIONS),
    )
    if c["avvist"]:
        text += w.SUMMARY_INELIGIBLE.format(n=_n(c["avvist"], w.APPLICATIONS))
    sec.p(text)
    if ctx.scenario is not None:
        sec.p(w.SCENARIO_TEXT.format(name=ctx.scenario.name))
        if getattr(ctx.scenario, "description", ""):
            sec.p(ctx.scenario.description)
    if ctx.parameters:
        sec.p(w.PARAMETERS_TEXT.format(items=parameter_text(ctx.parameters, w)))
    return sec


def parameter_text(parameters: Mapping[str, Any], w: Words) -> str:
    """The run's rule changes in words: ``ramme: 3 200 000 kr; poenggrense: 3,50``."""
    parts = []
    for name, value in parameters.items():
        if isinstance(value, bool) or value is None:
            shown = w.OFF if value is False else (w.YES if value else "")
        elif name in MONEY_PARAMETERS:
            shown = fmt.money(value)
        elif name in SHARE_PARAMETERS:
            shown = fmt.percent(value)
        elif isinstance(value, float):
            shown = fmt.decimal(value, 2)
        elif isinstance(value, int):
            shown = fmt.integer(value)
        elif isinstance(value, list):
            shown = "–".join(fmt.integer(v) if isinstance(v, int) else str(v) for v in value)
        elif isinstance(value, dict):
            shown = ", ".join(f"{k} {fmt.percent(v)}" for k, v in value.items())
        else:
            shown = str(value)
        parts.append(f"{w.PARAMETER_LABELS.get(name, name)}: {shown}")
    return "; ".join(parts)


def budget_frame(ctx: Context) -> Section:
    """Budsjettramme: frame, carry-over, earlier commitments, available, recommended, left."""
    w = ctx.w
    sec = Section(w.H_BUDGET)
    sec.facts(
        [
            (w.F_FRAME, ctx.frame, MONEY),
            (w.F_CARRY_OVER, ctx.carry_over, MONEY),
            (w.F_COMMITTED, -ctx.committed_total if ctx.committed_total else 0, MONEY),
            (w.F_AVAILABLE, ctx.budget, MONEY),
            (w.F_GRANTED, ctx.granted_total, MONEY),
            (w.F_UNALLOCATED, ctx.unallocated, MONEY),
        ]
    )
    # The frame shown is the run's; the scheme's own frame is in the rules section.
    committed = ctx.alloc[ctx.alloc["committed"] > 0]
    if len(committed):
        names = ", ".join(
            f"{_text(r.applicant)} ({fmt.money(r.committed)})" for r in committed.itertuples()
        )
        sec.p(
            w.COMMITTED_TEXT.format(
                n=_n(len(committed), w.ONGOING_PROJECTS),
                total=fmt.money(ctx.committed_total),
                names=names,
            )
        )
    return sec


def outcome(ctx: Context) -> Section:
    """Søknader og utfall: count, requested and recommended by decision."""
    w = ctx.w
    alloc = ctx.alloc
    rows = []
    present = set(alloc["decision"])
    for d in w.DECISIONS + tuple(d for d in w.DECISIONS_NO_NEW_MONEY if d in present):
        part = alloc[alloc["decision"] == d]
        rows.append(
            {
                "outcome": w.DECISION_LABELS[d],
                "n": len(part),
                "requested": int(part["requested"].sum()),
                "granted": int(part["granted"].sum()),
            }
        )
    table = Table(
        w.CAP_OUTCOME,
        [
            Column("outcome", w.COL_DECISION),
            Column("n", w.COL_COUNT, COUNT),
            Column("requested", w.COL_REQUESTED, MONEY),
            Column("granted", w.COL_RECOMMENDED, MONEY),
        ],
        rows,
        total={
            "outcome": w.TOTAL,
            "n": len(alloc),
            "requested": ctx.requested_total,
            "granted": int(alloc["granted"].sum()),
        },
        sheet=w.SHEET_OVERVIEW,
        id="outcome",
    )
    return Section(w.H_OUTCOME).add_table(table)


# -- 4. criteria ---------------------------------------------------------------------------------


def criteria(ctx: Context) -> Section:
    """Tildelingskriterier og vekter: the scale, the threshold, and each criterion's weight."""
    w = ctx.w
    sec = Section(w.H_CRITERIA)
    scheme = ctx.scheme
    if scheme is None:
        return sec
    threshold = (
        w.THRESHOLD_TEXT.format(t=fmt.decimal(scheme.threshold, SCORE_DIGITS))
        if scheme.threshold is not None
        else ""
    )
    sec.p(
        w.CRITERIA_TEXT.format(
            lo=fmt.decimal(scheme.scale[0], 0),
            hi=fmt.decimal(scheme.scale[1], 0),
            threshold=threshold,
        )
    )
    if (assessed := assessors_text(ctx)) is not None:
        sec.p(assessed)
    if (recused := recusals_text(ctx.round, w)) is not None:
        sec.p(recused)
    return sec.add_table(criteria_table(scheme, w))


def assessors_text(ctx: Context) -> str | None:
    """How many assessors scored each application ("2 fagpersoner", or "2–3 fagpersoner"
    where it varies); None without scores."""
    scores = ctx.round.scores if ctx.round is not None else None
    if scores is None or not len(scores):
        return None
    w = ctx.w
    per = scores.groupby("application_id")["assessor"].nunique()
    lo, hi = int(per.min()), int(per.max())
    n = _n(lo, w.ASSESSORS) if lo == hi else f"{fmt.integer(lo)}–{_n(hi, w.ASSESSORS)}"
    return w.ASSESSORS_TEXT.format(n=n)


def recusals_text(round_: Round | None, w: Words = NB_WORDS) -> str | None:
    """Which assessors (by the codes used in the scores) were recused from which applications
    (forvaltningsloven §§ 6-10), or None when the round has no recusals."""
    recusals = round_.scores.attrs.get("recusals") if round_ is not None else None
    if recusals is None or not len(recusals):
        return None
    by_assessor: dict[str, tuple[str, list[str]]] = {}
    for application, assessor, *_ in recusals:
        shown, ids = by_assessor.setdefault(key(assessor), (str(assessor), []))
        if str(application) not in ids:
            ids.append(str(application))
    items = [
        w.RECUSAL_ITEM.format(assessor=shown, ids=listing(ids))
        for shown, ids in by_assessor.values()
    ]
    return w.RECUSALS.format(items="; ".join(items))


def criteria_table(scheme: Scheme, w: Words) -> Table:
    """Each criterion with its group's weight, its weight within the group and in total."""
    labels = {c.id: c.label or c.id for c in scheme.criteria}
    rows = [
        {
            "group": group,
            "group_weight": group_weight,
            "criterion": labels[cid],
            "within": within,
            "effective": effective,
        }
        for cid, group, group_weight, within, effective in effective_weights(scheme)
    ]
    return Table(
        w.CAP_CRITERIA,
        [
            Column("group", w.COL_GROUP),
            Column("group_weight", w.COL_GROUP_WEIGHT, SHARE),
            Column("criterion", w.COL_CRITERION),
            Column("within", w.COL_WITHIN, SHARE),
            Column("effective", w.COL_EFFECTIVE, SHARE),
        ],
        rows,
        sheet=w.SHEET_SCORES,
        id="criteria",
    )


# -- 5. grants, 6. not recommended, 7. locks -----------------------------------------------------


def reason_text(ctx: Context, application_id: str, fallback: Any, *, short: bool = False) -> str:
    """The reasons for one application in the innstilling's written standard.

    From the decision records where the result gives them (``short``: the decisive reason,
    :attr:`allocation.records.Explanation.short`, as a phrase), else the allocation table's
    ``reason`` text (bokmål; ``short``: without its opening sentence, whose decision and
    figures the table's columns show). The one place the innstilling renders reasons.
    """
    explanation = (ctx.explanations or {}).get(application_id)
    if explanation is None:
        text = _text(fallback)
        return text.split(". ", 1)[1] if short and ". " in text else text
    if short:
        return render(explanation.short, ctx.lang, short=True)
    return render_all(explanation.reasons, ctx.lang)


def assessments(ctx: Context) -> dict[str, str]:
    """application_id -> the adviser's own words (the optional ``assessment`` column; {} when
    the round has none or every cell is blank)."""
    found = {a: _text(v).strip() for a, v in _applications_by_id(ctx, ASSESSMENT_COLUMN).items()}
    return {a: v for a, v in found.items() if v}


def grants(ctx: Context) -> Section:
    """Forslag til tildeling: the funded applications by score, with what can be covered,
    the grant, a short reason and (when the round has it) the adviser's assessment."""
    w = ctx.w
    funded = ctx.funded
    own = assessments(ctx)
    rows = [
        {
            "application_id": r.application_id,
            "applicant": _text(r.applicant),
            "title": _text(r.title),
            "region": _text(r.region),
            "model": _text(r.model),
            "score": _num(r.score),
            "requested": int(r.requested),
            "fundable": int(r.fundable),
            "granted": int(r.granted),
            "share": r.granted / r.requested if r.requested else None,
            "decision": w.DECISION_LABELS.get(r.decision, r.decision),
            "reason": reason_text(ctx, r.application_id, r.reason, short=True),
            "full_reason": reason_text(ctx, r.application_id, r.reason),
            "assessment": own.get(r.application_id, ""),
        }
        for r in funded.itertuples()
    ]
    rows.sort(key=lambda row: (-(row["score"] or 0), row["application_id"]))
    requested = int(funded["requested"].sum())
    # The titles are in the proposed vedtak: on the page the reasons get their room.
    columns = [
        id_col(w),
        applicant_col(w),
        Column("title", w.COL_TITLE, in_documents=False),
        score_col(w),
        requested_col(w),
        Column("fundable", w.COL_FUNDABLE, MONEY),
        Column("granted", w.COL_RECOMMENDED, MONEY),
        Column("reason", w.COL_SHORT_REASON),
        full_reason_col(w),
    ]
    if own:
        columns.append(Column("assessment", w.COL_ASSESSMENT))
    table = Table(
        w.CAP_GRANTS,
        columns,
        rows,
        total={
            "application_id": w.TOTAL,
            "requested": requested,
            "fundable": int(funded["fundable"].sum()),
            "granted": ctx.granted_total,
        },
        sheet=w.SHEET_GRANTS,
        id="grants",
    )
    sec = Section(w.H_GRANTS)
    sec.p(w.GRANTS_TEXT.format(n=_n(len(funded), w.GRANTS), total=fmt.money(ctx.granted_total)))
    sec.add_table(table)
    return sec.p(w.FUNDABLE_NOTE)


def rejected(ctx: Context) -> Section:
    """Søknader som ikke innstilles: the applications without a grant, with their reasons."""
    w = ctx.w
    own = assessments(ctx)
    rows = [
        {
            "application_id": r.application_id,
            "applicant": _text(r.applicant),
            "title": _text(r.title),
            "score": _num(r.score),
            "requested": int(r.requested),
            "decision": w.DECISION_SHORT.get(r.decision, r.decision),
            "reason": reason_text(ctx, r.application_id, r.reason, short=True),
            "full_reason": reason_text(ctx, r.application_id, r.reason),
            "assessment": own.get(r.application_id, ""),
        }
        for r in ctx.not_funded.itertuples()
        if r.decision not in w.DECISIONS_NO_NEW_MONEY  # listed apart (:func:`transfers`)
    ]
    rows.sort(key=lambda row: (row["decision"], -(row["score"] or 0), row["application_id"]))
    sec = Section(w.H_REJECTED)
    if rows:
        c = ctx.counts
        template = w.REJECTED_TEXT if c["avvist"] else w.REJECTED_TEXT_NO_INELIGIBLE
        sec.p(
            template.format(
                n=_n(len(rows), w.APPLICATIONS),
                rejected=fmt.integer(c["avslått"]),
                ineligible=fmt.integer(c["avvist"]),
            )
        )
    else:
        sec.p(w.REJECTED_NONE)
    table = Table(
        w.CAP_REJECTED,
        [
            id_col(w),
            applicant_col(w),
            title_col(w),
            score_col(w),
            requested_col(w),
            Column("decision", w.COL_DECISION),
            Column("reason", w.COL_REASON),
            full_reason_col(w),
            *([Column("assessment", w.COL_ASSESSMENT)] if own else []),
        ],
        rows,
        sheet=w.SHEET_REJECTED,
        id="rejected",
    )
    return sec.add_table(table)


def locks(ctx: Context) -> Section | None:
    """Rådgivers skjønn: the locked applications and the adviser's reasons (None: no locks)."""
    w = ctx.w
    if not ctx.locks:
        return None
    by_id = ctx.alloc.set_index("application_id")
    rows = []
    for app, lock in ctx.locks.items():
        row = by_id.loc[app] if app in by_id.index else None
        rows.append(
            {
                "application_id": app,
                "applicant": _text(row["applicant"]) if row is not None else "",
                "lock": w.LOCK_LABELS.get(lock.action, lock.action),
                "reason": _text(lock.reason),
                "granted": int(row["granted"]) if row is not None else 0,
            }
        )
    table = Table(
        w.CAP_LOCKS,
        [
            id_col(w),
            applicant_col(w),
            Column("lock", w.COL_LOCK),
            Column("reason", w.COL_LOCK_REASON),
            Column("granted", w.COL_RECOMMENDED, MONEY),
        ],
        rows,
        sheet=w.SHEET_RULES,
        id="locks",
    )
    sec = Section(w.H_LOCKS)
    sec.p(w.LOCKS_TEXT.format(n=_n(len(ctx.locks), w.APPLICATIONS)))
    return sec.add_table(table)


# -- rank inversions ---------------------------------------------------------------------------

#: The inversions table shows at most this many rows (the count is always given).
MAX_INVERSION_ROWS = 50


def ranking_of(ctx: Context) -> RankingFacts | None:
    """The rank inversions and unspent money of the allocation, from the round (None: no round)."""
    rnd = ctx.round
    if rnd is None:
        return None
    table = fundable_table(rnd, score_round(rnd))
    d = model_data(rnd, table, ctx.budget, locks=ctx.locks)
    granted = ctx.alloc["granted"].to_numpy(dtype=np.int64)[d.positions]
    return ranking_facts(d, granted // d.R)


def ranking(ctx: Context) -> Section | None:
    """Rangering: every pair where a lower-ranked application went ahead, with its rule."""
    w = ctx.w
    facts = ranking_of(ctx)
    if facts is None:
        return None
    sec = Section(w.H_RANKING)
    if not facts.total:
        sec.p(w.RANKING_NONE)
    elif not facts.analysed:
        sec.p(w.RANKING_TOO_MANY.format(n=fmt.integer(facts.total)))
    else:
        sec.p(w.RANKING_TEXT.format(n=_n(facts.total, w.CASES)))
        unexplained = facts.unexplained
        sec.p(
            w.RANKING_UNEXPLAINED.format(n=_n(unexplained, w.CASES))
            if unexplained
            else w.RANKING_ALL_EXPLAINED
        )
        if len({inv.above for inv in facts.inversions}) > MAX_INVERSION_ROWS:
            sec.p(w.RANKING_SHOWN.format(shown=fmt.integer(MAX_INVERSION_ROWS)))
        sec.add_table(_ranking_table(ctx, facts))
    step = int(ctx.scheme.rounding or 1) if ctx.scheme is not None else 1
    if facts.unspent > 0:
        held = render_all(facts.unspent_causes, ctx.lang) if facts.unspent >= step else ""
        why = held or w.UNSPENT_ROUNDING
        sec.p(w.UNSPENT_TEXT.format(amount=fmt.money(facts.unspent), why=why))
    return sec


def _ranking_table(ctx: Context, facts: RankingFacts) -> Table:
    """One row per better-ranked application: who went ahead of it, and why."""
    w = ctx.w
    by_id = ctx.alloc.set_index("application_id")
    groups: dict[str, list[Inversion]] = {}
    for inv in facts.inversions:
        groups.setdefault(inv.above, []).append(inv)
    rows = []
    for above, pairs in list(groups.items())[:MAX_INVERSION_ROWS]:
        row = by_id.loc[above]
        rows.append(
            {
                "application_id": above,
                "score": _num(row["score"]),
                "granted": int(row["granted"]),
                "below": listing([p.below for p in pairs]),
                "reason": _causes_text(pairs, ctx.lang),
            }
        )
    columns = [
        id_col(w),
        score_col(w),
        Column("granted", w.COL_RECOMMENDED, MONEY),
        Column("below", w.COL_BELOW),
        Column("reason", w.COL_CAUSE),
    ]
    return Table(w.CAP_RANKING, columns, rows, sheet=w.SHEET_RANKING, id="ranking")


def _causes_text(pairs: Sequence[Inversion], lang: Lang) -> str:
    """The causes of a group of pairs, each said once (:func:`allocation.ranking.merged_causes`),
    in ``lang``."""
    return render_all(merged_causes(pairs), lang)


# -- 8. spread -----------------------------------------------------------------------------------


def spread(ctx: Context) -> Section:
    """Fordeling på region og modell: two tables and (optionally) the four charts."""
    w = ctx.w
    alloc = ctx.alloc
    sec = Section(w.H_SPREAD)
    sec.p(w.SPREAD_TEXT)
    sec.add_table(spread_table(alloc, "region", w.CAP_BY_REGION, w.COL_REGION, w))
    sec.add_table(spread_table(alloc, "model", w.CAP_BY_MODEL, w.COL_MODEL, w))
    for extra in (size_class_table(ctx), kommuner_reached_table(ctx), partners_table(ctx)):
        if extra is not None:
            sec.add_table(extra)
    if ctx.charts:
        sec.add_chart(rc.chart_by_group(alloc, "region", w.CHART_REGION, "region", w))
        sec.add_chart(rc.chart_by_group(alloc, "model", w.CHART_MODEL, "model", w))
        sec.add_chart(rc.chart_score_vs_grant(alloc, ctx.scheme, w))
        sec.add_chart(rc.chart_funding_line(alloc, ctx.budget, w))
    return sec


def spread_table(alloc: pd.DataFrame, by: str, caption: str, header: str, w: Words) -> Table:
    """Applied, requested, funded and recommended per region (``by="region"``) or model.

    The table's id is ``spread_<by>``.
    """
    funded = alloc["granted"] > 0
    total_granted = int(alloc.loc[funded, "granted"].sum())
    rows: list[dict[str, Any]] = []
    # Group by the comparison key, show the first spelling (CONTRACT: text keys).
    keys = alloc[by].map(key)
    for k in dict.fromkeys(keys):
        part = alloc[keys == k]
        granted = int(part.loc[part["granted"] > 0, "granted"].sum())
        rows.append(
            {
                "name": _text(part[by].iloc[0]) or w.NO_MODEL,
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
        Column("applied", w.COL_APPLIED_N, COUNT),
        requested_col(w),
        Column("funded", w.COL_FUNDED_N, COUNT),
        Column("granted", w.COL_GRANTED, MONEY),
        Column("share", w.COL_SHARE_OF_GRANTED, SHARE),
    ]
    total = {
        "name": w.TOTAL,
        "applied": len(alloc),
        "requested": int(alloc["requested"].sum()),
        "funded": int(funded.sum()),
        "granted": total_granted,
        "share": 1.0 if total_granted else None,
    }
    return Table(caption, cols, rows, total=total, sheet=w.SHEET_SPREAD, id=f"spread_{by}")


def _applications_by_id(ctx: Context, column: str) -> dict[str, Any]:
    """application_id -> a column of the round's applications ({} without the column)."""
    apps = ctx.round.applications if ctx.round is not None else None
    if apps is None or column not in apps:
        return {}
    return dict(zip(apps["application_id"].astype(str), apps[column].tolist(), strict=False))


def size_class_table(ctx: Context) -> Table | None:
    """Funding per size class of population (id ``spread_size_class``); None when the round
    gives no population."""
    w = ctx.w
    population = {a: p for a, p in _applications_by_id(ctx, "population").items() if not pd.isna(p)}
    if not population or ctx.scheme is None:
        return None
    bounds = ctx.scheme.rule_value("size_classes") or DEFAULT_SIZE_CLASSES
    labels = size_class_labels(bounds)
    alloc = ctx.alloc.copy()
    alloc["size_class"] = [
        labels[size_class_of(int(population[a]), bounds)]
        if a in population
        else w.SIZE_CLASS_UNKNOWN
        for a in alloc["application_id"]
    ]
    table = spread_table(alloc, "size_class", w.CAP_BY_SIZE_CLASS, w.COL_SIZE_CLASS, w)
    order = {name: i for i, name in enumerate([*labels, w.SIZE_CLASS_UNKNOWN])}
    table.rows.sort(key=lambda r: order[r["name"]])
    return table


def _reached(ctx: Context) -> pd.DataFrame:
    """The applications that reach kommuner: a new grant, or a continuing project."""
    alloc = ctx.alloc
    return alloc[(alloc["granted"] > 0) | (alloc["decision"] == "videreført")]


def kommuner_reached_table(ctx: Context) -> Table | None:
    """Kommuner reached per fylke: the applicants and the partners of the applications with a
    grant or a continuing project (id ``kommuner_reached``); None without a ``partners`` column
    in use."""
    w = ctx.w
    cells = _applications_by_id(ctx, "partners")
    if not any(partner_parts(c) for c in cells.values()):
        return None
    numbers, regions = _applications_by_id(ctx, "kommunenummer"), _applications_by_id(ctx, "region")
    reference = kommuner()
    applicants: dict[str, set[str]] = {}
    partners: dict[str, set[str]] = {}
    for r in _reached(ctx).itertuples():
        nr = _text(numbers.get(r.application_id))
        kommune = reference.get(nr)
        fylke = kommune.fylke if kommune is not None else _text(regions.get(r.application_id))
        applicants.setdefault(fylke or w.FYLKE_UNKNOWN, set()).add(nr or key(r.applicant))
        for p in resolve_partners(cells.get(r.application_id), _text(r.applicant), nr):
            if p.kommune is not None and p.problem is None:
                partners.setdefault(p.kommune.fylke, set()).add(p.kommune.number)
    rows: list[dict[str, Any]] = []
    for fylke in sorted(set(applicants) | set(partners)):
        own, other = applicants.get(fylke, set()), partners.get(fylke, set())
        rows.append(
            {
                "fylke": fylke,
                "applicants": len(own),
                "partners": len(other - own),
                "reached": len(own | other),
            }
        )
    cols = [
        Column("fylke", w.COL_FYLKE),
        Column("applicants", w.COL_APPLICANT_KOMMUNER, COUNT),
        Column("partners", w.COL_PARTNER_KOMMUNER, COUNT),
        Column("reached", w.COL_KOMMUNER_REACHED, COUNT),
    ]
    total = {
        "fylke": w.TOTAL,
        **{c: sum(r[c] for r in rows) for c in ("applicants", "partners", "reached")},
    }
    return Table(
        w.CAP_KOMMUNER_REACHED, cols, rows, total=total, sheet=w.SHEET_SPREAD, id="kommuner_reached"
    )


def partners_table(ctx: Context) -> Table | None:
    """The inter-municipal applications and their partner kommuner (id ``partners``)."""
    w = ctx.w
    cells = _applications_by_id(ctx, "partners")
    numbers = _applications_by_id(ctx, "kommunenummer")
    rows = []
    for r in ctx.alloc.itertuples():
        found = resolve_partners(
            cells.get(r.application_id), _text(r.applicant), _text(numbers.get(r.application_id))
        )
        if found:
            rows.append(
                {
                    "application_id": r.application_id,
                    "applicant": _text(r.applicant),
                    "partners": ", ".join(p.name for p in found),
                    "decision": w.DECISION_LABELS.get(r.decision, r.decision),
                }
            )
    if not rows:
        return None
    cols = [
        id_col(w),
        applicant_col(w),
        Column("partners", w.COL_PARTNERS),
        Column("decision", w.COL_DECISION),
    ]
    return Table(w.CAP_PARTNERS, cols, rows, sheet=w.SHEET_SPREAD, id="partners")


# -- continuing projects and transfers ------------------------------------------------------------


def transfer_columns(w: Words) -> list[Column]:
    """The columns of the table of continuing projects and transfers."""
    return [
        *(id_col(w), applicant_col(w), title_col(w)),
        Column("committed", w.COL_COMMITTED, MONEY),
        Column("transfer", w.COL_TRANSFER, MONEY),
        Column("granted", w.COL_GRANTED, MONEY),
        Column("decision", w.COL_DECISION),
    ]


def transfers(ctx: Context) -> Section | None:
    """Videreførte prosjekter og overføringer: the applications that ask for no new money, and
    every transfer, apart from the new money; with the year's totals (søkt, tildelt, overført).
    None when the round has neither."""
    w = ctx.w
    alloc = ctx.alloc
    apart = alloc[alloc["decision"].isin(w.DECISIONS_NO_NEW_MONEY) | (alloc["transfer"] > 0)]
    if not len(apart):
        return None
    continued = apart[apart["decision"] == "videreført"]
    transferred = apart[apart["transfer"] > 0]
    sec = Section(w.H_TRANSFERS)
    sec.p(
        w.TRANSFERS_TEXT.format(
            continued=_n(len(continued), w.APPLICATIONS),
            committed=fmt.money(int(continued["committed"].sum())),
            transferred=_n(len(transferred), w.APPLICATIONS),
            transfer=fmt.money(int(alloc["transfer"].sum())),
        )
    )
    rows = [
        {
            "application_id": r.application_id,
            "applicant": _text(r.applicant),
            "title": _text(r.title),
            "committed": int(r.committed),
            "transfer": int(r.transfer),
            "granted": int(r.granted),
            "decision": w.DECISION_LABELS.get(r.decision, r.decision),
        }
        for r in apart.itertuples()
    ]
    sec.add_table(
        Table(w.CAP_TRANSFERS, transfer_columns(w), rows, sheet=w.SHEET_GRANTS, id="transfers")
    )
    return sec.add_table(year_totals_table(ctx))


def year_columns(year: str, headers: Sequence[str]) -> list[Column]:
    """The columns of a line per year: applications, rejected, requested, granted, transferred
    (``headers`` in that order)."""
    keys = ("applications", "rejected", "requested", "granted", "transferred")
    kinds = (COUNT, COUNT, MONEY, MONEY, MONEY)
    return [Column("year", year)] + [
        Column(k, h, kind) for k, h, kind in zip(keys, headers, kinds, strict=True)
    ]


def year_totals_table(ctx: Context) -> Table:
    """This year's line of the history table (id ``year_totals``): applications, rejected,
    requested, granted (new money) and transferred."""
    w = ctx.w
    alloc = ctx.alloc
    row = {
        "year": str(ctx.scheme.year) if ctx.scheme is not None else "",
        "applications": len(alloc),
        "rejected": int(alloc["decision"].isin(["avslått", "avvist"]).sum()),
        "requested": ctx.requested_total,
        "granted": ctx.granted_total,
        "transferred": int(alloc["transfer"].sum()),
    }
    cols = year_columns(
        w.COL_YEAR,
        (w.COL_APPLIED_N, w.COL_REJECTED_N, w.COL_REQUESTED, w.COL_GRANTED, w.COL_TRANSFERRED),
    )
    return Table(w.CAP_YEAR_TOTALS, cols, [row], sheet=w.SHEET_OVERVIEW, id="year_totals")


# -- 9. the greedy baseline, 10. changes ---------------------------------------------------------


def greedy(ctx: Context) -> Section | None:
    """Sammenligning med manuell metode: the greedy allocation side by side (None: not given)."""
    w = ctx.w
    if ctx.greedy is None:
        return None
    g = ctx.greedy
    amounts = pd.to_numeric(g["granted"], errors="coerce").fillna(0).astype("int64")
    g_granted = dict(zip(g["application_id"].astype(str), amounts, strict=False))
    greedy_total = int(sum(g_granted.values()))
    rows = []
    for r in ctx.alloc.itertuples():
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
    sec = Section(w.H_GREEDY)
    sec.p(
        w.GREEDY_TEXT.format(
            model=fmt.money(ctx.granted_total),
            greedy=fmt.money(greedy_total),
            n_model=_n(len(ctx.funded), w.APPLICATIONS),
            n_greedy=_n(sum(1 for v in g_granted.values() if v > 0), w.APPLICATIONS),
        )
    )
    differ = sum(1 for row in rows if row["difference"] != 0)
    # never "ulik for 0 søknader": an empty comparison is said as sameness
    sec.blocks[-1].text += (
        w.GREEDY_DIFFER.format(differ=_n(differ, w.APPLICATIONS)) if differ else w.GREEDY_SAME
    )
    if ctx.greedy_notes:
        sec.p(w.GREEDY_VIOLATIONS)
        sec.bullets([str(n) for n in ctx.greedy_notes])
    else:
        sec.p(w.GREEDY_NO_VIOLATIONS)
    table = Table(
        w.CAP_GREEDY,
        [
            id_col(w),
            applicant_col(w),
            score_col(w),
            Column("model", w.COL_MODEL_GRANT, MONEY),
            Column("greedy", w.COL_GREEDY_GRANT, MONEY),
            Column("difference", w.COL_DIFFERENCE, CHANGE),
        ],
        rows,
        total={
            "application_id": w.TOTAL,
            "model": ctx.granted_total,
            "greedy": greedy_total,
            "difference": ctx.granted_total - greedy_total,
        },
        sheet=w.SHEET_GREEDY,
        id="greedy",
    )
    ctx.figures["greedy_total"] = greedy_total
    return sec.add_table(table)


def stability_lines(stability: Mapping[str, Any], policy: str, w: Words = NB_WORDS) -> list[str]:
    """A stable re-run in words (summary.json's ``stability``): the direction the grants were
    held to, what changed against the plain re-run, the price, and the bounds released."""
    grows = stability["direction"] == "grows"
    same = grows and int(stability["earlier_budget"]) == int(stability.get("budget", -1))
    template = w.STB_SAME if same else w.STB_GROWS if grows else w.STB_SHRINKS
    figures = {"label": stability["from"], "before": fmt.money(stability["earlier_budget"])}
    lines = [template.format(**figures)]
    lines.append(
        w.STB_CHANGED.format(
            changed=_n(stability["changed"], w.APPLICATIONS),
            moved=fmt.money(stability["kroner_moved"]),
            plain=_n(stability["plain_changed"], w.APPLICATIONS),
            plain_moved=fmt.money(stability["plain_kroner_moved"]),
        )
    )
    price = float(stability["objective_price"])
    if price > 0:
        coverage = policy == "coverage"
        lines.append(
            (w.STB_PRICE_COVERAGE if coverage else w.STB_PRICE).format(
                price=fmt.decimal(price, 2) if coverage else fmt.integer(price),
                pct=fmt.percent(float(stability["objective_price_pct"]) / 100.0, 2),
            )
        )
    else:
        lines.append(w.STB_NO_PRICE)
    released = stability["bounds_released"]
    if not released:
        lines.append(w.STB_RELEASED_NONE)
        return lines
    items = [
        w.STB_WHY[r["why"]].format(id=r["application_id"], earlier=fmt.money(r["earlier"]))
        for r in released
    ]
    lines.append(w.STB_RELEASED.format(n=_n(len(released), w.APPLICATIONS), items="; ".join(items)))
    return lines


def changes(ctx: Context) -> Section | None:
    """Endringer fra forrige kjøring: who gets more or less, and why (None: no comparison);
    for a stable re-run, also the price of that stability."""
    w = ctx.w
    if ctx.comparison is None:
        return None
    # in the innstilling's written standard, with the new run's reasons as the records say
    reasons = {a: reason_text(ctx, a, "") for a in (ctx.explanations or {})}
    comparison = ctx.comparison.worded(ctx.lang, reasons)
    sec = Section(w.H_CHANGES)
    for line in comparison.context:
        sec.p(line)
    stability = ctx.summary.get("stability")
    if stability:
        policy = str(ctx.summary.get("policy", ""))
        for line in stability_lines({**stability, "budget": ctx.budget}, policy, w):
            sec.p(line)
    ch = comparison.changes
    if len(ch):
        sec.p(w.CHANGES_TEXT.format(n=_n(len(ch), w.APPLICATIONS)))
    else:
        sec.p(w.CHANGES_NONE)

    def total(col: str) -> int:
        return int(ch[col].sum()) if len(ch) else 0

    table = Table(
        w.CAP_CHANGES,
        [
            id_col(w),
            applicant_col(w),
            Column("granted_before", w.COL_BEFORE, MONEY),
            Column("granted_after", w.COL_AFTER, MONEY),
            Column("change", w.COL_CHANGE, CHANGE),
            Column("why", w.COL_WHY),
        ],
        ch.to_dict("records"),
        total={
            "application_id": w.TOTAL,
            "granted_before": total("granted_before"),
            "granted_after": total("granted_after"),
            "change": total("change"),
        },
        sheet=w.SHEET_CHANGES,
        id="changes",
    )
    ctx.figures["changes"] = len(ch)
    return sec.add_table(table)


# -- 11. conditions, 12. rules, 13. approval -----------------------------------------------------


def condition_texts(round_: Round | None, grants: pd.DataFrame, w: Words) -> list[str]:
    """The conditions that follow from the scheme's ``[conditions]`` and eligibility rules.

    ``grants``: the funded rows (application_id, applicant, granted).
    """
    if round_ is None:
        return []
    c = round_.scheme.conditions
    out: list[str] = []
    if c.revisor_threshold is not None:
        t = int(c.revisor_threshold)
        above = c.revisor_from == "above"
        out.append(
            (w.COND_REVISOR_ABOVE if above else w.COND_REVISOR_FROM).format(amount=fmt.money(t))
        )
        hit = grants[grants["granted"] > t] if above else grants[grants["granted"] >= t]
        if len(hit):
            names = ", ".join(
                f"{_text(r.applicant)} ({r.application_id})" for r in hit.itertuples()
            )
            out.append(w.COND_REVISOR_APPLIES.format(n=fmt.integer(len(hit)), names=names))
        else:
            out.append(w.COND_REVISOR_NONE)
    if c.report_deadline:
        out.append(w.COND_DEADLINE.format(deadline=c.report_deadline))
    out += [str(n) for n in c.notes]
    return out


def conditions(ctx: Context) -> Section:
    """Vilkår for tilskuddet: the conditions of the scheme, and whom the auditor rule concerns."""
    w = ctx.w
    sec = Section(w.H_CONDITIONS)
    conds = condition_texts(ctx.round, ctx.funded, w)
    if conds:
        sec.p(w.CONDITIONS_TEXT)
        sec.bullets(conds)
    else:
        sec.p(w.CONDITIONS_NONE)
    return sec


def rules_table(ctx: Context) -> Table:
    """The table of every rule of the scheme as applied in this run (rule, value)."""
    w = ctx.w
    return Table(
        w.CAP_RULES,
        [Column("rule", w.COL_RULE), Column("value", w.COL_VALUE)],
        rules_rows(ctx),
        sheet=w.SHEET_RULES,
        id="rules",
    )


def _opt_int(value: int | None, w: Words) -> str:
    return fmt.integer(value) if value is not None else w.NOT_USED


def _projects_text(lo: int | None, hi: int | None, w: Words) -> str:
    if lo is None and hi is None:
        return w.NOT_USED
    if hi is None:
        return w.AT_LEAST.format(n=fmt.integer(lo))
    return w.BETWEEN.format(lo=fmt.integer(lo), hi=fmt.integer(hi))


def region_ceiling_text(ctx: Context) -> str:
    """The region ceiling with its origin.

    ``60 % av 2 805 000 kr, avrundet ned til 1 680 000 kr``; ``30 % av 3 600 000 kr, det vil si
    1 080 000 kr`` when no rounding was needed.
    """
    w = ctx.w
    s = ctx.scheme
    ceiling = ctx.region_ceiling()
    if s is None or s.max_region_share is None or ceiling is None:
        return w.NOT_USED
    step = int(s.rounding or 1)
    exact = s.max_region_share * ctx.budget - ceiling < ROUNDING_TOLERANCE * step
    template = w.REGION_CEILING_EXACT if exact else w.REGION_CEILING_ROUNDED
    return template.format(
        share=fmt.percent(s.max_region_share),
        budget=fmt.money(ctx.budget),
        ceiling=fmt.money(ceiling),
    )


def _scheme_rows(ctx: Context, s: Scheme) -> list[tuple[str, str]]:
    w = ctx.w
    threshold = fmt.decimal(s.threshold, SCORE_DIGITS) if s.threshold is not None else w.NOT_USED
    return [
        (w.RULE_CAP, fmt.money(s.cap) if s.cap is not None else w.NOT_USED),
        # a rule that does nothing (no floor, no share, whole kroner) reads as not in use
        (w.RULE_FLOOR, fmt.money(s.floor) if s.floor else w.NOT_USED),
        (w.RULE_MIN_SHARE, fmt.percent(s.min_share) if s.min_share else w.NOT_USED),
        (w.RULE_ROUNDING, fmt.money(s.rounding) if s.rounding > 1 else w.NOT_USED),
        (w.RULE_PROJECTS, _projects_text(s.projects_min, s.projects_max, w)),
        (w.RULE_ONE_PER_APPLICANT, w.YES if s.one_per_applicant else w.NO),
        (w.RULE_SCALE, f"{fmt.decimal(s.scale[0], 0)}–{fmt.decimal(s.scale[1], 0)}"),
        (w.RULE_THRESHOLD, threshold),
        (w.RULE_MIN_PER_REGION, _opt_int(s.min_per_region, w)),
        (w.RULE_MAX_REGION_SHARE, region_ceiling_text(ctx)),
        (w.RULE_MIN_MODELS, _opt_int(s.min_models, w)),
        (w.RULE_MAX_PER_MODEL, _opt_int(s.max_per_model, w)),
        (
            w.RULE_APPLICANT_TYPES,
            ", ".join(s.applicant_types) if s.applicant_types else w.ALL_TYPES,
        ),
        (w.RULE_EXCLUDED, ", ".join(s.excluded_cost_categories) or w.NONE),
    ]


def rules_rows(ctx: Context) -> list[dict[str, Any]]:
    """The rules applied, as (rule, value) rows in Norwegian."""
    w = ctx.w
    policy = str(ctx.summary.get("policy"))
    pairs = [(w.RULE_POLICY, w.POLICY_LABELS.get(policy, policy))]
    if ctx.scheme is not None:
        pairs += _scheme_rows(ctx, ctx.scheme)
    if ctx.summary.get("solver"):
        pairs.append((w.RULE_SOLVER, str(ctx.summary["solver"])))
    if ctx.summary.get("objective") is not None:
        pairs.append((w.RULE_OBJECTIVE, fmt.decimal(ctx.summary["objective"], 2)))
    return [{"rule": label, "value": value} for label, value in pairs]


def approval(ctx: Context) -> Section:
    """Godkjenning: the signature fields."""
    w = ctx.w
    sec = Section(w.H_APPROVAL)
    sec.blocks.append(Block("signature", items=[w.PREPARED_BY, w.APPROVED_BY]))
    return sec


# -- the round across years (issue 11, items 7 and 8) ------------------------------------------


def commitments_ahead(ctx: Context) -> Section | None:
    """Tilsagn for kommende år: what this round's decisions promise for the coming years
    (``[grants] years`` above 1; None otherwise)."""
    w = ctx.w
    s = ctx.scheme
    if s is None or s.years <= 1:
        return None
    items = commitments(ctx.alloc, s.year, s.years)
    sec = Section(w.H_COMMITMENTS)
    if not items:
        return sec.p(w.COMMITMENTS_NONE)
    sec.p(w.COMMITMENTS_TEXT.format(years=fmt.integer(s.years)))
    sec.bullets(
        [
            w.COMMITMENTS_LINE.format(
                year=year, projects=_n(n, w.PROJECTS), amount=fmt.money(amount)
            )
            for year, (n, amount) in commitment_totals(items).items()
        ]
    )
    rows = [
        {
            "year": str(c.year),
            "application_id": c.application_id,
            "applicant": c.applicant,
            "programme_year": c.programme_year,
            "amount": c.amount,
        }
        for c in items
    ]
    columns = [
        Column("year", w.COL_YEAR),
        id_col(w),
        applicant_col(w),
        Column("programme_year", w.COL_PROGRAMME_YEAR, COUNT),
        Column("amount", w.COL_COMMITTED_AHEAD, MONEY),
    ]
    return sec.add_table(Table(w.CAP_COMMITMENTS, columns, rows, id="commitments"))


def history(ctx: Context) -> Section | None:
    """Historikk: the round folder's history.csv with this year's figures added, and a chart
    of requested against granted (None without a history)."""
    w = ctx.w
    r, s = ctx.round, ctx.scheme
    if r is None or s is None or "history" not in r.files:
        return None
    table, _ = read_history(r.files["history"], s.year)
    if table is None:
        return None
    rows = [dict(row) for row in table.to_dict("records")]
    now = this_year(ctx.alloc, s.year, ctx.granted_total)
    rows.append(now)
    sec = Section(w.H_HISTORY)
    sec.p(
        w.HISTORY_TEXT.format(
            year=s.year, requested=fmt.money(now["requested"]), granted=fmt.money(now["granted"])
        )
    )
    headers = (
        *(w.COL_HIST_APPLICATIONS, w.COL_HIST_REJECTED, w.COL_HIST_REQUESTED),
        *(w.COL_HIST_GRANTED, w.COL_HIST_TRANSFERRED),
    )
    columns = year_columns(w.COL_YEAR, headers)
    shown = [{**row, "year": str(row["year"])} for row in rows]
    sec.add_table(Table(w.CAP_HISTORY, columns, shown, id="history"))
    if ctx.charts:
        sec.add_chart(rc.chart_history(rows, w))
    return sec


# -- the workbook-only tables --------------------------------------------------------------------


def scores_table(scoring: Any, alloc: pd.DataFrame, scheme: Scheme, w: Words = NB_WORDS) -> Table:
    """Mean score per criterion, total score, largest spread and the disagreement flag (in the
    written standard of ``w``: the workbook's, else bokmål, as the notebook shows it)."""
    b = scoring.breakdown
    means = b.pivot(index="application_id", columns="criterion", values="mean")
    spread = b.groupby("application_id", sort=False)["spread"].max()
    flagged = set(scoring.flagged["application_id"].astype(str)) if len(scoring.flagged) else set()
    cols = [id_col(w), applicant_col(w)]
    cols += [Column(f"c:{c.id}", c.label or c.id, SCORE) for c in scheme.criteria]
    cols += [
        Column("score", w.COL_SCORE, SCORE),
        Column("spread", w.COL_SPREAD, SCORE),
        Column("flag", w.COL_FLAG),
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
        row["flag"] = w.FLAG_YES if r.application_id in flagged else ""
        rows.append(row)
    return Table(w.CAP_SCORES, cols, rows, sheet=w.SHEET_SCORES, sheet_only=True, id="scores")


def sheet_tables(ctx: Context) -> list[Table]:
    """The tables only the workbook shows: scores by criterion, and the conditions."""
    w = ctx.w
    out: list[Table] = []
    if ctx.scoring is not None and ctx.scheme is not None:
        out.append(scores_table(ctx.scoring, ctx.alloc, ctx.scheme, w))
    conds = condition_texts(ctx.round, ctx.funded, w)
    if conds:
        out.append(
            Table(
                w.CAP_CONDITIONS,
                [Column("condition", w.COL_CONDITION)],
                [{"condition": c} for c in conds],
                sheet=w.SHEET_RULES,
                sheet_only=True,
                id="conditions",
            )
        )
    return out


# -- what it would take (the workbook sheet "Hva skal til") --------------------------------------


def what_it_takes_note(w: WhatItTakes, limit: int, lang: Lang = "nb") -> str:
    """The note on a missing frame of :class:`~allocation.whatif.WhatItTakes` ("" with one)."""
    template = words(lang).WHAT_FRAME_NOTES.get(w.frame_note, "")
    return template.format(limit=fmt.money(w.frame_limit), n=fmt.integer(limit))


def what_it_takes_cells(w: WhatItTakes, limit: int, lang: Lang = "nb") -> dict[str, Any]:
    """The raw cells of one :class:`~allocation.whatif.WhatItTakes`: the frame and its grant
    (kroner), a note when there is no frame, the score needed, and the rule that holds it out
    (in ``lang``)."""
    return {
        "frame": w.frame,
        "frame_grant": w.frame_grant,
        "frame_note": what_it_takes_note(w, limit, lang),
        "score_needed": w.score_needed,
        "held_out": words(lang).WHAT_UNSOLVED if w.unsolved else render_all(w.held_out, lang),
    }


def what_it_takes_tables(
    records: Sequence[WhatItTakes], rounding: int, limit: int, lang: Lang = "nb"
) -> list[Table]:
    """Hva skal til: per application without a grant (highest score first), the frame that would
    fund it, the score it would need at this frame, or the rule that holds it out; then how the
    figures were found (the ``what_it_takes`` and ``what_it_takes_notes`` tables), in ``lang``."""
    t = words(lang)
    rows = []
    for w in sorted(records, key=lambda w: (w.score is None, -(w.score or 0.0), w.application_id)):
        row: dict[str, Any] = {"application_id": w.application_id, "applicant": w.applicant}
        row["score"] = w.score
        row.update(what_it_takes_cells(w, limit, lang))
        rows.append(row)
    columns = [
        id_col(t),
        Column("applicant", t.COL_WHAT_APPLICANT),
        Column("score", t.COL_WHAT_SCORE, SCORE),
        Column("frame", t.COL_WHAT_FRAME, MONEY),
        Column("frame_grant", t.COL_WHAT_FRAME_GRANT, MONEY),
        Column("frame_note", t.COL_WHAT_FRAME_NOTE),
        Column("score_needed", t.COL_WHAT_SCORE_NEEDED, SCORE),
        Column("held_out", t.COL_WHAT_HELD_OUT),
    ]
    sheet = t.SHEET_WHAT_IT_TAKES
    table = Table(
        t.CAP_WHAT_IT_TAKES, columns, rows, sheet=sheet, sheet_only=True, id="what_it_takes"
    )
    frame_limit = max((w.frame_limit for w in records), default=0)
    notes = [t.WHAT_NOTE_FRAME.format(step=fmt.money(rounding), limit=fmt.money(frame_limit))]
    if any(not w.frame_exact for w in records if w.searched):
        notes.append(t.WHAT_NOTE_COARSE)
    notes += [t.WHAT_NOTE_SCORE, t.WHAT_NOTE_HELD_OUT]
    if any(not w.searched for w in records):
        notes.append(t.WHAT_NOTE_LIMIT.format(limit=fmt.integer(limit)))
    note_rows = [{"note": n} for n in notes]
    note_table = Table(
        t.CAP_WHAT_IT_TAKES_NOTES,
        [Column("note", t.COL_WHAT_NOTE)],
        note_rows,
        sheet=sheet,
        sheet_only=True,
        id="what_it_takes_notes",
    )
    return [table, note_table]
