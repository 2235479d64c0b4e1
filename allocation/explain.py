"""Decisions and reasons for every application, and the diagnosis of conflicting rules.

Reasons (the ``reason`` column of allocation.csv, Norwegian, from
:mod:`allocation.wording.reasons`) are derived honestly from the allocation itself:

- not a candidate: the first eligibility step that failed (type, score, threshold, nothing
  fundable, below the smallest grant);
- funded in full: the fundable amount, and why it is less than the request (excluded costs,
  cap, rounding); a lock; the minimum rules it was needed for when a higher-scored candidate
  went without;
- funded in part: what held it back: the budget ran out, or the region reached its share;
- not funded: every rule that was tight against it: one per applicant, the model's maximum,
  the projects maximum, the region's share, the budget left (outranked by higher scores, or by
  lower scores funded to meet the minimum rules), or else that another allocation was worth
  more.

Diagnosis of infeasible rules (:func:`diagnose`): a deletion filter over rule families. Starting
from all families that the round uses, each family in turn is switched off; if the rest is
still infeasible it stays off, otherwise it is part of the conflict and is switched back on.
What remains is an irreducible set of rules that cannot hold together, named in words.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from allocation.model.data import ModelData
from allocation.model.scoring import Scoring
from allocation.results import Lock, allocation_frame
from allocation.round.data import Round, key
from allocation.wording import reasons as W

SCORE_TOLERANCE = 1e-9

#: Order in which the diagnosis tries to switch families off (the first ones are dropped most
#: easily, so the budget and the adviser's locks are kept in the explanation when they matter).
DELETION_ORDER = (
    "max_per_model",
    "one_per_applicant",
    "max_region_share",
    "min_models",
    "min_per_region",
    "projects_max",
    "projects_min",
    "budget",
    "locks",
)
#: Requirement-type rules are named first in a conflict ("Regelen om minst ...").
NAMING_ORDER = (
    "locks",
    "min_per_region",
    "min_models",
    "projects_min",
    "projects_max",
    "max_per_model",
    "one_per_applicant",
    "max_region_share",
    "budget",
)


def _score_text(score: float, threshold: float | None = None) -> str:
    text = W.number(score, 2)
    if threshold is not None and text == W.number(threshold, 2):
        text = W.number(score, 4)
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def not_candidate_reason(round: Round, scoring: Scoring, row: Mapping, app: Mapping) -> str:
    """The reason for an application that is not a candidate (``row`` of fundable_table)."""
    scheme = round.scheme
    status = row["status"]
    if status == "ineligible":
        allowed = W.listing(list(scheme.applicant_types or ()))
        return W.INELIGIBLE.format(type=str(app.get("applicant_type", "")).strip(), allowed=allowed)
    if status == "no_score":
        b = scoring.breakdown
        missing = b.loc[(b["application_id"] == row["application_id"]) & (b["n_assessors"] == 0)]
        names = [
            f"«{lbl or cid}»"
            for cid, lbl in zip(missing["criterion"], missing["label"], strict=True)
        ]
        return W.NO_SCORE.format(criteria=W.listing(names))
    if status == "below_threshold":
        return W.BELOW_THRESHOLD.format(
            score=_score_text(row["score"], scheme.threshold),
            threshold=W.number(scheme.threshold, 2),
        )
    if status == "nothing_fundable":
        requested = int(app["requested"])
        if requested == 0:
            return W.NOTHING_REQUESTED
        if int(row["excluded"]) >= requested:
            cats = W.listing(list(scheme.excluded_cost_categories))
            return W.NOTHING_FUNDABLE_EXCLUDED.format(requested=W.kr(requested), categories=cats)
        return W.NOTHING_FUNDABLE_ROUNDING.format(
            u=W.kr(int(row["u"])), rounding=W.kr(int(scheme.rounding))
        )
    if status == "below_smallest_grant":
        return W.BELOW_SMALLEST.format(
            fundable=W.kr(int(row["fundable"])), smallest=W.kr(int(row["smallest"]))
        )
    raise ValueError(status)


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


def _reduction_note(round: Round, row: dict, app: dict, categories: dict[str, list[str]]) -> str:
    scheme = round.scheme
    requested = int(app["requested"])
    U = int(row["fundable"])
    if U >= requested:
        return ""
    parts = []
    excluded = int(row["excluded"])
    if excluded > 0:
        cats = categories.get(str(row["application_id"]), [])
        parts.append(W.REDUCED_EXCLUDED.format(categories=W.listing(cats), amount=W.kr(excluded)))
    if scheme.cap is not None and max(0, requested - excluded) > int(scheme.cap):
        parts.append(W.REDUCED_CAP.format(cap=W.kr(int(scheme.cap))))
    if int(row["u"]) > U:
        parts.append(W.REDUCED_ROUNDING.format(rounding=W.kr(int(scheme.rounding))))
    if not parts:
        return ""
    return W.REDUCED.format(requested=W.kr(requested), parts=W.listing(parts))


class _State:
    """Aggregates of an allocation used by the reasons."""

    def __init__(self, d: ModelData, k: np.ndarray):
        self.d = d
        self.k = np.asarray(k, dtype=np.int64)
        self.x = (self.k > 0).astype(np.int64)
        self.left = d.B - int(self.k.sum()) * d.R
        self.funded = int(self.x.sum())
        self.region_of = np.empty(d.n, dtype=np.int64)
        for r, g in enumerate(d.regions):
            self.region_of[g.members] = r
        self.model_of = np.empty(d.n, dtype=np.int64)
        for m, g in enumerate(d.models):
            self.model_of[g.members] = m
        self.applicant_of = np.empty(d.n, dtype=np.int64)
        for a, g in enumerate(d.applicants):
            self.applicant_of[g.members] = a
        self.region_sum = np.array([int(self.k[g.members].sum()) * d.R for g in d.regions])
        self.region_count = np.array([int(self.x[g.members].sum()) for g in d.regions])
        self.model_count = np.array([int(self.x[g.members].sum()) for g in d.models])
        self.models_used = int((self.model_count > 0).sum())
        self.limit = d.region_limit() if d.uses("max_region_share") else None
        funded_scores = d.score[self.x == 1]
        self.min_funded_score = float(funded_scores.min()) if len(funded_scores) else np.inf
        unfunded = d.score[self.x == 0]
        self.max_unfunded_score = float(unfunded.max()) if len(unfunded) else -np.inf

    def tight_minimum_rules(self) -> list[str]:
        """Minimum rules that are met with nothing to spare (they force lower-scored grants)."""
        d = self.d
        rules = []
        if d.uses("min_per_region") and any(
            self.region_count[r] <= d.region_need(g) and d.region_need(g) > 0
            for r, g in enumerate(d.regions)
        ):
            rules.append(W.RULE_MIN_PER_REGION.format(n=W.projects(int(d.min_per_region))))
        if d.uses("min_models") and self.models_used <= d.models_need():
            rules.append(W.RULE_MIN_MODELS.format(n=int(d.models_need())))
        if d.uses("projects_min") and self.funded <= int(d.projects_min):
            rules.append(W.RULE_PROJECTS_MIN.format(n=W.projects(int(d.projects_min))))
        return rules

    def needed_for(self, j: int) -> list[str]:
        """Minimum rules that would break if candidate j (funded) were dropped."""
        d = self.d
        rules = []
        r = self.region_of[j]
        if d.uses("min_per_region") and self.region_count[r] <= d.region_need(d.regions[r]):
            rules.append(W.RULE_MIN_PER_REGION.format(n=W.projects(int(d.min_per_region))))
        m = self.model_of[j]
        if (
            d.uses("min_models")
            and self.model_count[m] == 1
            and (self.models_used <= d.models_need())
        ):
            rules.append(W.RULE_MIN_MODELS.format(n=int(d.models_need())))
        if d.uses("projects_min") and self.funded <= int(d.projects_min):
            rules.append(W.RULE_PROJECTS_MIN.format(n=W.projects(int(d.projects_min))))
        return rules


def _funded_reason(
    round: Round,
    st: _State,
    j: int,
    row: dict,
    app: dict,
    lock: Lock | None,
    categories: dict[str, list[str]],
) -> tuple[str, str]:
    d = st.d
    g = int(st.k[j]) * d.R
    U = int(row["fundable"])
    score = _score_text(float(d.score[j]))
    if g >= U:
        decision = "innvilget"
        text = W.FULL.format(fundable=W.kr(U), score=score)
        text += _reduction_note(round, row, app, categories)
    else:
        decision = "delvis_innvilget"
        r = st.region_of[j]
        if st.left < d.R:
            why = W.PARTIAL_BUDGET
        elif st.limit is not None and st.region_sum[r] + d.R > st.limit:
            why = W.PARTIAL_REGION.format(
                region=d.regions[r].name or "(uten region)",
                share=W.percent(float(d.max_region_share)),
                limit=W.kr(st.limit),
            )
        else:
            why = W.PARTIAL_OTHER
        text = W.PARTIAL.format(granted=W.kr(g), fundable=W.kr(U), score=score, why=why)
    if float(d.score[j]) < st.max_unfunded_score - SCORE_TOLERANCE:
        rules = st.needed_for(j)
        if rules:
            text += W.NEEDED_FOR.format(rules=W.listing(rules))
    if lock is not None and lock.action == "must_fund":
        text += W.LOCKED_IN.format(reason=lock.reason or "–")
    return decision, text


def _unfunded_reason(st: _State, j: int, ids: list[str], lock: Lock | None) -> str:
    d = st.d
    if lock is not None and lock.action == "must_not_fund":
        return W.LOCKED_OUT.format(reason=lock.reason or "–")
    whys = []
    if d.uses("one_per_applicant"):
        a = st.applicant_of[j]
        others = [ids[i] for i in d.applicants[a].members if st.x[i] and i != j]
        if others:
            whys.append(W.OUT_APPLICANT.format(other=W.listing(others)))
    if d.uses("max_per_model"):
        m = st.model_of[j]
        if st.model_count[m] >= int(d.max_per_model):
            whys.append(
                W.OUT_MODEL.format(model=d.models[m].name, count=W.projects(int(st.model_count[m])))
            )
    if d.uses("projects_max") and st.funded >= int(d.projects_max):
        whys.append(W.OUT_PROJECTS.format(max=W.projects(int(d.projects_max))))
    smallest = int(d.Lk[j]) * d.R
    if st.limit is not None:
        r = st.region_of[j]
        if st.region_sum[r] + smallest > st.limit:
            whys.append(
                W.OUT_REGION.format(
                    region=d.regions[r].name or "(uten region)",
                    share=W.percent(float(d.max_region_share)),
                    limit=W.kr(st.limit),
                )
            )
    if st.left < smallest:
        fmt = {"left": W.kr(st.left), "smallest": W.kr(smallest)}
        if st.min_funded_score >= float(d.score[j]) - SCORE_TOLERANCE:
            whys.append(W.OUT_BUDGET_SCORE.format(**fmt))
        else:
            rules = st.tight_minimum_rules()
            if rules:
                whys.append(W.OUT_BUDGET_RULES.format(rules=W.listing(rules), **fmt))
            else:
                whys.append(W.OUT_BUDGET_VALUE.format(**fmt))
    if not whys:
        whys.append(W.OUT_OTHER)
    return W.NOT_FUNDED.format(score=_score_text(float(d.score[j])), why=" ".join(whys))


def build_allocation_table(
    round: Round,
    scoring: Scoring,
    table: pd.DataFrame,
    d: ModelData,
    k: np.ndarray,
    locks: dict[str, Lock] | None = None,
) -> pd.DataFrame:
    """allocation.csv as a DataFrame: the contract columns, then the input's extra columns."""
    locks = locks or {}
    apps = round.applications
    st = _State(d, k)
    cand_of = {int(p): j for j, p in enumerate(d.positions)}
    granted = np.zeros(len(apps), dtype=np.int64)
    decisions: list[str] = []
    reasons: list[str] = []
    rows = table.to_dict("records")
    app_cols = [c for c in ("requested", "applicant_type") if c in apps]
    app_rows = apps[app_cols].to_dict("records")
    categories = excluded_categories(round)
    for i in range(len(apps)):
        row = rows[i]
        app = app_rows[i]
        app_id = str(row["application_id"])
        lock = locks.get(app_id)
        j = cand_of.get(i)
        if j is None:
            decision = "avvist" if row["status"] == "ineligible" else "avslått"
            text = not_candidate_reason(round, scoring, row, app)
            if lock is not None and lock.action == "must_not_fund":
                text += " " + W.LOCKED_OUT.format(reason=lock.reason or "–")
        elif st.k[j] > 0:
            granted[i] = int(st.k[j]) * d.R
            decision, text = _funded_reason(round, st, j, row, app, lock, categories)
        else:
            decision = "avslått"
            text = _unfunded_reason(st, j, d.ids, lock)
        decisions.append(decision)
        reasons.append(text)

    return allocation_frame(apps, table, granted, decisions, reasons)


# ------------------------------------------------------------------------------------------
# Conflicts


def lock_conflicts(round: Round, table: pd.DataFrame, locks: dict[str, Lock]) -> list[str]:
    """A conflict for every must_fund lock on an application that is not a candidate."""
    out = []
    scheme = round.scheme
    by_id = {str(a): i for i, a in enumerate(table["application_id"])}
    for app_id in sorted(locks):
        if locks[app_id].action != "must_fund":
            continue
        row = table.iloc[by_id[app_id]]
        if row["candidate"]:
            continue
        app = round.applications.iloc[by_id[app_id]]
        why = W.CONFLICT_NOT_CANDIDATE_WHY[row["status"]].format(
            type=str(app.get("applicant_type", "")).strip(),
            score=_score_text(float(row["score"]), scheme.threshold),
            threshold=W.number(scheme.threshold, 2) if scheme.threshold is not None else "",
            fundable=W.kr(int(row["fundable"])),
            smallest=W.kr(int(row["smallest"])),
        )
        out.append(W.CONFLICT_LOCK_NOT_CANDIDATE.format(id=app_id, why=why))
    return out


def family_text(d: ModelData, family: str) -> str:
    """A rule family of ``d`` in words (for conflicts)."""
    fmt = {
        "budget": W.kr(d.B),
        "projects_min": W.projects(int(d.projects_min or 0)),
        "projects_max": W.projects(int(d.projects_max or 0)),
        "min_per_region": W.projects(int(d.min_per_region or 0)),
        "regions": _count(sum(1 for g in d.regions if d.region_need(g) > 0), "region", "regioner"),
        "share": W.percent(float(d.max_region_share or 0)),
        "limit": W.kr(d.region_limit()) if d.max_region_share is not None else "",
        "min_models": d.models_need(),
        "models": _count(len(d.models), "modell", "modeller"),
        "max_per_model": W.projects(int(d.max_per_model or 0)),
        "locks": W.listing(
            [W.LOCK_FUND.format(id=d.ids[j]) for j in d.must_fund]
            + [W.LOCK_NOT_FUND.format(id=d.ids[j]) for j in d.must_not_fund]
        ),
    }
    return W.CONFLICT_FAMILY[family].format(**fmt)


def conflict_sentence(d: ModelData, families: list[str]) -> str:
    """One conflict (an irreducible set of rule families) as a Norwegian sentence."""
    ordered = [f for f in NAMING_ORDER if f in families]
    texts = [family_text(d, f) for f in ordered]
    if not texts:
        return W.CONFLICT_UNKNOWN
    if len(texts) == 1:
        sentence = W.CONFLICT_ONE.format(a=texts[0], n=d.n)
    elif len(texts) == 2:
        sentence = W.CONFLICT_TWO.format(a=texts[0], b=texts[1])
    else:
        sentence = W.CONFLICT_MANY.format(rules="; ".join(texts))
    if "budget" in families and "projects_min" in families:
        n = int(d.projects_min)
        cost = int(np.sort(d.Lk)[:n].sum()) * d.R
        sentence += W.CONFLICT_SMALLEST_GRANTS.format(n=n, cost=W.kr(cost))
    return sentence


def conflicting_families(d: ModelData, *, solver: str = "highs") -> list[str] | None:
    """An irreducible set of rule families that cannot hold together (deletion filter).

    Returns None when the full model is not proven infeasible.
    """
    from allocation.solve.core import check_feasible

    used = [f for f in DELETION_ORDER if d.uses(f)]
    if check_feasible(d.with_active(used), solver=solver) is not False:
        return None
    active = list(used)
    for family in used:
        trial = [f for f in active if f != family]
        if check_feasible(d.with_active(trial), solver=solver) is False:
            active = trial
    return active


def diagnose(d: ModelData, *, solver: str = "highs") -> list[str]:
    """The rule conflicts of an infeasible model, in Norwegian (at least one sentence)."""
    families = conflicting_families(d, solver=solver)
    if not families:
        return [W.CONFLICT_UNKNOWN]
    return [conflict_sentence(d, families)]
