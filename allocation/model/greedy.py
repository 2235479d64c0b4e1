"""The greedy baseline: allocation "by hand", for comparison with the optimiser.

The way it is often done without a model: take the candidates (eligible, above the threshold,
fundable amount at least the smallest grant) by score, highest first (ties: lower
application_id first), and grant each its whole fundable amount ``U_i`` while the money lasts.
The first application that does not fit gets what is left, rounded down to the rounding step,
if that is at least its smallest grant; then the money has run out. The grant rules
``projects`` (maximum) and ``one_per_applicant`` are respected (they are easy to follow by
hand); the spread rules are ignored. :func:`greedy_violations` lists the rules such an
allocation breaks, in Norwegian, and :func:`greedy_objective` its value under the policy, so
that reports and benchmarks can show what the optimiser gains.
"""

from __future__ import annotations

import pandas as pd

from allocation.model.eligibility import available_budget, floor_to, fundable_table
from allocation.model.scoring import score_round
from allocation.results import allocation_frame
from allocation.round.data import POLICIES, Round, key
from allocation.wording import reasons as W


def _with_overrides(round: Round, budget: int | None, policy: str | None) -> Round:
    changes: dict = {}
    if budget is not None:
        changes["frame"] = int(budget)
    if policy is not None:
        if policy not in POLICIES:
            raise ValueError(policy)
        changes["policy"] = policy
    return round.with_scheme(round.scheme.replace(**changes)) if changes else round


def greedy_allocation(
    round: Round, *, budget: int | None = None, policy: str | None = None
) -> pd.DataFrame:
    """The "by hand" allocation (see the module docstring), with allocation.csv's columns.

    Parameters
    ----------
    round : Round
    budget : int, optional
        Replaces ``frame`` (like ``--budget``).
    policy : str, optional
        Recorded only: the greedy order is by score under both policies.

    Returns
    -------
    pd.DataFrame
        Same columns as :attr:`AllocationResult.allocation`, input order.
    """
    from allocation.explain import not_candidate_reason

    round = _with_overrides(round, budget, policy)
    scheme = round.scheme
    scoring = score_round(round)
    table = fundable_table(round, scoring)
    apps = round.applications
    R = int(scheme.rounding or 1)
    left = available_budget(round)
    ids = table["application_id"].astype(str).tolist()
    cands = [i for i in range(len(table)) if table["candidate"].iloc[i]]
    order = sorted(cands, key=lambda i: (-round_score(table["score"].iloc[i]), ids[i]))
    granted = [0] * len(table)
    decision = [""] * len(table)
    reason = [""] * len(table)
    funded_applicants: set[str] = set()
    funded = 0
    for i in order:
        U, L = int(table["fundable"].iloc[i]), int(table["smallest"].iloc[i])
        applicant = key(apps["applicant"].iloc[i])
        if scheme.projects_max is not None and funded >= scheme.projects_max:
            decision[i] = "avslått"
            reason[i] = W.GREEDY_OUT_PROJECTS.format(max=W.projects(scheme.projects_max))
            continue
        if scheme.one_per_applicant and applicant in funded_applicants:
            decision[i], reason[i] = "avslått", W.GREEDY_OUT_APPLICANT
            continue
        give = U if left >= U else floor_to(left, R)
        if give < L:
            decision[i], reason[i] = "avslått", W.GREEDY_OUT_BUDGET
            left = 0  # the money has run out: by hand, the list stops here
            continue
        granted[i] = give
        left -= give
        funded += 1
        funded_applicants.add(applicant)
        if give == U:
            decision[i] = "innvilget"
            reason[i] = W.GREEDY_FULL.format(fundable=W.kr(U))
        else:
            decision[i] = "delvis_innvilget"
            reason[i] = W.GREEDY_PARTIAL.format(granted=W.kr(give))
            left = 0
    for i in range(len(table)):
        if not decision[i]:
            row = table.iloc[i]
            decision[i] = "avvist" if row["status"] == "ineligible" else "avslått"
            reason[i] = not_candidate_reason(round, scoring, row, apps.iloc[i])
    return allocation_frame(apps, table, granted, decision, reason)


def round_score(score: float) -> float:
    """Scores compared with the contract's tolerance (1e-9): rounded to that grid."""
    return round(float(score) / 1e-9) * 1e-9


def greedy_objective(round: Round, table: pd.DataFrame, policy: str | None = None) -> float:
    """The objective (CONTRACT 2.8) of an allocation table under ``policy``."""
    policy = policy or round.scheme.policy
    total = 0.0
    for s, g, U in zip(table["score"], table["granted"], table["fundable"], strict=True):
        if g > 0:
            total += float(s) * float(g) / (float(U) if policy == "coverage" else 1.0)
    return total


def greedy_violations(round: Round, table: pd.DataFrame) -> list[str]:
    """The rules of ``round`` that the allocation ``table`` breaks, in Norwegian.

    Works for any table with allocation.csv's columns (the greedy one, or an edited one).
    """
    scheme = round.scheme
    B = available_budget(round)
    scoring = score_round(round)
    elig = fundable_table(round, scoring)
    cand = elig["candidate"].tolist()
    g = [int(v) for v in table["granted"]]
    funded = [i for i, v in enumerate(g) if v > 0]
    apps = round.applications
    regions = [key(v) for v in apps["region"]]
    region_name: dict[str, str] = {}
    for r, name in zip(regions, apps["region"], strict=True):
        region_name.setdefault(r, str(name).strip() or W.CLI_NO_REGION)
    models = [key(v) for v in apps["model"]]
    model_name: dict[str, str] = {}
    for m, name in zip(models, apps["model"], strict=True):
        model_name.setdefault(m, str(name).strip())
    out: list[str] = []
    if sum(g) > B:
        out.append(W.GREEDY_BREAKS_BUDGET.format(granted=W.kr(sum(g)), budget=W.kr(B)))
    n = len(funded)
    if scheme.projects_min is not None and n < scheme.projects_min:
        out.append(
            W.GREEDY_BREAKS_PROJECTS_MIN.format(count=W.projects(n), need=scheme.projects_min)
        )
    if scheme.projects_max is not None and n > scheme.projects_max:
        out.append(
            W.GREEDY_BREAKS_PROJECTS_MAX.format(count=W.projects(n), max=scheme.projects_max)
        )
    if scheme.one_per_applicant:
        counts: dict[str, list[int]] = {}
        for i in funded:
            counts.setdefault(key(apps["applicant"].iloc[i]), []).append(i)
        for members in counts.values():
            if len(members) > 1:
                out.append(
                    W.GREEDY_BREAKS_APPLICANT.format(
                        applicant=str(apps["applicant"].iloc[members[0]]).strip(),
                        count=f"{len(members)} tilskudd",
                    )
                )
    cands = [i for i, c in enumerate(cand) if c]
    if scheme.min_per_region:
        for r in dict.fromkeys(regions[i] for i in cands):
            need = min(scheme.min_per_region, sum(1 for i in cands if regions[i] == r))
            count = sum(1 for i in funded if regions[i] == r)
            if count < need:
                out.append(
                    W.GREEDY_BREAKS_REGION_MIN.format(
                        region=region_name[r], count=W.projects(count), need=need
                    )
                )
    if scheme.max_region_share is not None:
        limit = scheme.max_region_share * B
        for r in dict.fromkeys(regions):
            total = sum(g[i] for i in funded if regions[i] == r)
            if total > limit + 1e-9 * max(1, int(scheme.rounding or 1)):
                out.append(
                    W.GREEDY_BREAKS_REGION_SHARE.format(
                        region=region_name[r],
                        granted=W.kr(total),
                        share=W.percent(scheme.max_region_share),
                        limit=W.kr(limit),
                    )
                )
    if scheme.min_models:
        need = min(scheme.min_models, len({models[i] for i in cands}))
        count = len({models[i] for i in funded})
        if count < need:
            out.append(W.GREEDY_BREAKS_MIN_MODELS.format(count=count, need=need))
    if scheme.max_per_model is not None:
        for m in dict.fromkeys(models[i] for i in funded):
            count = sum(1 for i in funded if models[i] == m)
            if count > scheme.max_per_model:
                out.append(
                    W.GREEDY_BREAKS_MAX_PER_MODEL.format(
                        model=model_name[m], count=W.projects(count), max=scheme.max_per_model
                    )
                )
    return out
