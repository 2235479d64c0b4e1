"""Decisions and reasons for every application, as records (:mod:`allocation.records`).

Reasons are derived honestly from the allocation itself, asking each rule family in force
(:mod:`allocation.model.rules`) for its facts:

- not a candidate: the first eligibility step that failed (type, partner, score, threshold,
  nothing fundable, below the smallest grant); with ``requested`` 0, a continuing project
  (videreført) or a transfer (overført);
- funded in full: the fundable amount, and why it is less than the request (excluded costs,
  cap, rounding); a lock; the minimum rules it was needed for when a higher-scored candidate
  went without (:meth:`Rule.requires`);
- funded in part: what held it back: the budget ran out, or a rule (:meth:`Rule.holds_back`);
- not funded: every rule that was tight against it (:meth:`Rule.holds_out`), and the budget left
  (outranked by higher scores, or by lower scores funded to meet the minimum rules,
  :meth:`Rule.tight`), or else that another allocation was worth more.

Each explanation also names its *decisive* reason (:attr:`Explanation.short`, the proposal
tables' short reason), by one rule:

1. not a candidate: the eligibility step that failed (its only reason);
2. a lock decides: ``locked.out``, or for a grant ``locked.smallest`` when the lock is what gave
   it its smallest grant, else ``locked.in``;
3. funded in part: what held it back (the budget ran out, a rule, or value elsewhere);
4. funded in full: the first minimum rule it was needed for (a higher score went without),
   else what made the fundable amount less than the request (the cap, before excluded costs,
   before rounding: the first that binds), else the grant as applied for;
5. not funded: the first rule that holds it out, in the order the full reasons name them
   (:attr:`Rule.reason_rank`), else the budget left, else that another allocation was worth
   more.

Only :mod:`allocation.wording.render` turns the records into sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from allocation.model.data import ModelData
from allocation.model.rules import Tally
from allocation.model.scoring import Scoring
from allocation.ranking import RankingFacts, merged_causes, reason_key
from allocation.records import Decision, Explanation, Reason, reason
from allocation.results import Lock, allocation_frame
from allocation.round.data import Round, key
from allocation.solve.diagnose import score_digits
from allocation.tolerances import SCORE_TOLERANCE
from allocation.wording.render import render_all


def not_candidate_reasons(
    round: Round, scoring: Scoring, row: Mapping[str, Any], app: Mapping[str, Any]
) -> list[Reason]:
    """The reason for an application that is not a candidate (``row`` of fundable_table)."""
    scheme = round.scheme
    status = row["status"]
    if status == "ineligible":
        kind = str(app.get("applicant_type", "")).strip()
        allowed = scheme.applicant_types
        if allowed is None or key(kind or "kommune") in {key(t) for t in allowed}:
            return [reason("no_partner")]  # eligible by type: the partner is missing
        return [reason("ineligible", type=kind, allowed=list(allowed))]
    if status == "continued":
        return [reason("continued", committed=int(app["committed"]))]
    if status == "transferred":
        return [reason("transferred", transfer=int(app["transfer"]))]
    if status == "no_score":
        b = scoring.breakdown
        missing = b.loc[(b["application_id"] == row["application_id"]) & (b["n_assessors"] == 0)]
        names = [
            lbl or cid for cid, lbl in zip(missing["criterion"], missing["label"], strict=True)
        ]
        return [reason("no_score", criteria=names)]
    if status == "below_threshold":
        score = float(row["score"])
        digits = score_digits(score, scheme.threshold)
        return [reason("below_threshold", score=score, digits=digits, threshold=scheme.threshold)]
    if status == "nothing_fundable":
        requested = int(app["requested"])
        if requested == 0:
            return [reason("nothing_requested")]
        if int(row["excluded"]) >= requested:
            cats = list(scheme.excluded_cost_categories)
            return [reason("nothing_fundable.excluded", requested=requested, categories=cats)]
        rounding = int(scheme.rounding)
        return [reason("nothing_fundable.rounding", u=int(row["u"]), rounding=rounding)]
    if status == "below_smallest_grant":
        fundable, smallest = int(row["fundable"]), int(row["smallest"])
        return [reason("below_smallest", fundable=fundable, smallest=smallest)]
    raise ValueError(status)


def not_candidate_reason(
    round: Round, scoring: Scoring, row: Mapping[str, Any], app: Mapping[str, Any]
) -> str:
    """:func:`not_candidate_reasons` in words."""
    return render_all(not_candidate_reasons(round, scoring, row, app))


def excluded_categories(round: Round) -> dict[str, list[str]]:
    """application_id -> the excluded cost categories among its budget lines (as written)."""
    lines = round.budget_lines
    excl = {key(c) for c in round.scheme.excluded_cost_categories}
    out: dict[str, list[str]] = {}
    if not excl or lines is None or not len(lines):
        return out
    mask = lines["category"].map(key).isin(excl)
    for app_id, cat in zip(
        lines.loc[mask, "application_id"], lines.loc[mask, "category"], strict=True
    ):
        cats = out.setdefault(str(app_id), [])
        name = str(cat).strip().lower()
        if name not in cats:
            cats.append(name)
    return out


def _reduction(
    round: Round, row: Mapping[str, Any], app: Mapping[str, Any], categories: dict[str, list[str]]
) -> Reason | None:
    """Why the fundable amount is less than the request (excluded costs, cap, rounding)."""
    scheme = round.scheme
    requested, U = int(app["requested"]), int(row["fundable"])
    if U >= requested:
        return None
    parts = []
    excluded = int(row["excluded"])
    if excluded > 0:
        cats = categories.get(str(row["application_id"]), [])
        parts.append(reason("reduced.excluded", categories=cats, amount=excluded))
    if scheme.cap is not None and max(0, requested - excluded) > int(scheme.cap):
        parts.append(reason("reduced.cap", cap=int(scheme.cap)))
    if int(row["u"]) > U:
        parts.append(reason("reduced.rounding", rounding=int(scheme.rounding)))
    return reason("reduced", requested=requested, parts=parts) if parts else None


class _Facts:
    """An allocation's aggregates (:class:`Tally`) and the score extremes the reasons compare."""

    def __init__(self, d: ModelData, k: np.ndarray):
        g = np.asarray(k, dtype=np.int64) * d.R
        self.d = d
        self.t = Tally.of(d, g, (g > 0).astype(np.int64))
        funded = d.score[self.t.x == 1]
        unfunded = d.score[self.t.x == 0]
        self.min_funded = float(funded.min()) if len(funded) else np.inf
        self.max_unfunded = float(unfunded.max()) if len(unfunded) else -np.inf
        self.rules = sorted(d.active_rules, key=lambda r: r.reason_rank)

    def tight_minimum_rules(self) -> list[Reason]:
        return [r for rule in self.rules if (r := rule.tight(self.d, self.t))]


#: The parts of a reduction in the order they bind (:func:`_reduction`): with a cap, the cap
#: set the amount; else the excluded costs; rounding last.
_REDUCTION_ORDER = ("reduced.cap", "reduced.excluded", "reduced.rounding")


def _decisive_reduction(reduction: Reason) -> Reason:
    """The part of a reduction that set the fundable amount (rule 4 of the module docstring)."""
    parts = {p.code: p for p in reduction.param("parts")}
    return next(parts[code] for code in _REDUCTION_ORDER if code in parts)


def _funded(
    f: _Facts, j: int, row: Mapping[str, Any], lock: Lock | None, reduction: Reason | None
) -> tuple[Decision, list[Reason], Reason]:
    """The decision on a funded candidate, its reasons and the decisive one."""
    d, t = f.d, f.t
    g, U, score = int(t.g[j]), int(row["fundable"]), float(d.score[j])
    if g >= U:
        decision = Decision.GRANTED
        out = [reason("granted.full", fundable=U, score=score)]
        if reduction is not None:
            out.append(reduction)
        short = out[0] if reduction is None else _decisive_reduction(reduction)
    else:
        decision = Decision.PARTIAL
        out = [reason("granted.partial", granted=g, fundable=U, score=score)]
        if t.left < d.R:
            out.append(reason("partial.budget"))
        else:
            held = [r for rule in f.rules if (r := rule.holds_back(d, t, j))]
            out.append(held[0] if held else reason("partial.other"))
        short = out[1]  # what held it back
    if score < f.max_unfunded - SCORE_TOLERANCE:
        rules = [r for rule in f.rules if rule.name != "locks" and (r := rule.requires(d, t, j))]
        if rules:
            out.append(reason("needed_for", rules=rules))
            if decision is Decision.GRANTED:
                short = reason("needed_for", rules=rules[:1])
    if lock is not None and lock.action == "must_fund":
        smallest = int(d.Lk[j]) * d.R
        if g == smallest < U:
            out.append(reason("locked.smallest", smallest=smallest))
        out.append(reason("locked.in", reason=lock.reason or "–"))
        short = out[-2] if out[-2].code == "locked.smallest" else out[-1]
    return decision, out, short


def _inversion_reasons(ranking: RankingFacts, app_id: str, have: list[Reason]) -> list[Reason]:
    """What the ranking says of one application: whom it was passed by, or ahead of, and why
    (each cause once, and none the application's reasons already give)."""
    out: list[Reason] = []
    seen = {reason_key(r) for r in have}
    for head, pairs, other in (
        ("passed.by", ranking.against(app_id), "below"),
        ("ahead.of", ranking.passing(app_id), "above"),
    ):
        if not pairs:
            continue
        out.append(reason(head, ids=list(dict.fromkeys(getattr(p, other) for p in pairs))))
        for cause in merged_causes(pairs):
            itself = cause.code == "inversion.needed" and cause.params["ids"] == [app_id]
            if itself and any(r.code == "needed_for" for r in have):
                continue  # "Søknaden trengs for å oppfylle ..." says it already
            if reason_key(cause) not in seen:
                seen.add(reason_key(cause))
                out.append(cause)
    return out


def _unfunded(f: _Facts, j: int, lock: Lock | None) -> list[Reason]:
    """The reasons of a candidate not funded: its score, then what holds it out (the first of
    them decisive), or the lock alone."""
    d, t = f.d, f.t
    if lock is not None and lock.action == "must_not_fund":
        return [reason("locked.out", reason=lock.reason or "–")]
    whys = [r for rule in f.rules if (r := rule.holds_out(d, t, j))]
    smallest = int(d.Lk[j]) * d.R
    if t.left < smallest:
        figures = {"left": t.left, "smallest": smallest}
        if f.min_funded >= float(d.score[j]) - SCORE_TOLERANCE:
            whys.append(reason("out.budget.score", **figures))
        elif rules := f.tight_minimum_rules():
            whys.append(reason("out.budget.rules", rules=rules, **figures))
        else:
            whys.append(reason("out.budget.value", **figures))
    if not whys:
        whys.append(reason("out.other"))
    return [reason("not_funded", score=float(d.score[j])), *whys]


#: The decision of an application that is not a candidate, by its status (else avslått).
_NOT_CANDIDATE_DECISIONS = {
    "ineligible": Decision.INELIGIBLE,
    "continued": Decision.CONTINUED,
    "transferred": Decision.TRANSFERRED,
}


def not_candidate_decision(status: str) -> Decision:
    """The decision on an application that is not a candidate, by its eligibility status."""
    return _NOT_CANDIDATE_DECISIONS.get(status, Decision.REJECTED)


def explain(
    round: Round,
    scoring: Scoring,
    table: pd.DataFrame,
    d: ModelData,
    k: np.ndarray,
    locks: Mapping[str, Lock] | None = None,
    ranking: RankingFacts | None = None,
) -> list[Explanation]:
    """The decision, its reasons and the decisive one for every application, in input order.

    With ``ranking`` (:func:`allocation.ranking.ranking_facts`), every rank inversion is named in
    the reasons of both applications, with the rule that caused it.
    """
    locks = locks or {}
    apps = round.applications
    facts = _Facts(d, k)
    cand_of = {int(p): j for j, p in enumerate(d.positions)}
    rows = table.to_dict("records")
    wanted = ("requested", "applicant_type", "committed", "transfer")
    app_rows = apps[[c for c in wanted if c in apps]].to_dict("records")
    categories = excluded_categories(round)
    out = []
    for i, (row, app) in enumerate(zip(rows, app_rows, strict=True)):
        app_id = str(row["application_id"])
        lock = locks.get(app_id)
        j = cand_of.get(i)
        if j is None:
            decision = not_candidate_decision(row["status"])
            reasons = not_candidate_reasons(round, scoring, row, app)
            short = reasons[0]  # the eligibility step that failed, lock or not
            if lock is not None and lock.action == "must_not_fund":
                reasons.append(reason("locked.out", reason=lock.reason or "–"))
        elif facts.t.g[j] > 0:
            reduction = _reduction(round, row, app, categories)
            decision, reasons, short = _funded(facts, j, row, lock, reduction)
        else:
            decision, reasons = Decision.REJECTED, _unfunded(facts, j, lock)
            short = reasons[0] if reasons[0].code == "locked.out" else reasons[1]
        if ranking is not None and j is not None:
            reasons += _inversion_reasons(ranking, d.ids[j], reasons)
        out.append(Explanation(app_id, decision, tuple(reasons), short))
    return out


def build_allocation_table(
    round: Round,
    table: pd.DataFrame,
    d: ModelData,
    k: np.ndarray,
    explanations: list[Explanation],
) -> pd.DataFrame:
    """allocation.csv as a DataFrame: the contract columns, then the input's extra columns."""
    granted = np.zeros(len(round.applications), dtype=np.int64)
    granted[d.positions] = np.asarray(k, dtype=np.int64) * d.R
    decisions = [str(e.decision) for e in explanations]
    reasons = [render_all(e.reasons) for e in explanations]
    return allocation_frame(round.applications, table, granted, decisions, reasons)
