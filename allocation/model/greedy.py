"""The greedy baseline: allocation "by hand", for comparison with the optimiser.

The way it is often done without a model: take the candidates (eligible, above the threshold,
fundable amount at least the smallest grant) by score, highest first (ties: lower
application_id first), and grant each its whole fundable amount ``U_i`` while the money lasts.
The first application that does not fit gets what is left, rounded down to the rounding step,
if that is at least its smallest grant; then the money has run out. The grant rules
``projects`` (maximum) and ``one_per_applicant`` are respected (they are easy to follow by
hand); the spread rules are ignored. :func:`greedy_violations` lists the rules such an
allocation breaks, in Norwegian (through the same rule units and exact check as the optimiser's
answers, :mod:`allocation.model.check`), and :func:`greedy_objective` its value under the policy, so
that reports and benchmarks can show what the optimiser gains.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allocation import records
from allocation.explain import not_candidate_decision, not_candidate_reason
from allocation.model.check import broken_rules
from allocation.model.data import model_data
from allocation.model.eligibility import available_budget, floor_to, fundable_table
from allocation.model.rules import Rule
from allocation.model.scoring import score_round
from allocation.results import allocation_frame
from allocation.round.data import POLICIES, Round, key
from allocation.tolerances import SCORE_TOLERANCE
from allocation.wording.language import Lang
from allocation.wording.render import render


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
            reason[i] = render(records.reason("greedy.out.projects_max", max=scheme.projects_max))
            continue
        if scheme.one_per_applicant and applicant in funded_applicants:
            decision[i] = "avslått"
            reason[i] = render(records.reason("greedy.out.one_per_applicant"))
            continue
        give = U if left >= U else floor_to(left, R)
        if give < L:
            decision[i], reason[i] = "avslått", render(records.reason("greedy.out.budget"))
            left = 0  # the money has run out: by hand, the list stops here
            continue
        granted[i] = give
        left -= give
        funded += 1
        funded_applicants.add(applicant)
        if give == U:
            decision[i] = "innvilget"
            reason[i] = render(records.reason("greedy.full", fundable=U))
        else:
            decision[i] = "delvis_innvilget"
            reason[i] = render(records.reason("greedy.partial", granted=give))
            left = 0
    for i in range(len(table)):
        if not decision[i]:
            row = table.iloc[i]
            decision[i] = str(not_candidate_decision(row["status"]))
            reason[i] = not_candidate_reason(round, scoring, row, apps.iloc[i])
    return allocation_frame(apps, table, granted, decision, reason)


def round_score(score: float) -> float:
    """Scores compared with the contract's tolerance (1e-9): rounded to that grid."""
    return round(float(score) / SCORE_TOLERANCE) * SCORE_TOLERANCE


def greedy_objective(round: Round, table: pd.DataFrame, policy: str | None = None) -> float:
    """The objective (CONTRACT 2.8) of an allocation table under ``policy``."""
    policy = policy or round.scheme.policy
    total = 0.0
    for s, g, U in zip(table["score"], table["granted"], table["fundable"], strict=True):
        if g > 0:
            total += float(s) * float(g) / (float(U) if policy == "coverage" else 1.0)
    return total


def greedy_violations(
    round: Round, table: pd.DataFrame, extra_rules: Sequence[Rule] = (), lang: Lang = "nb"
) -> list[str]:
    """The rules of ``round`` that the allocation ``table`` breaks, in Norwegian (``lang``:
    bokmål or nynorsk).

    Works for any table with allocation.csv's columns (the greedy one, or an edited one): the
    grants are checked by the same rule units as the optimiser's answers.
    """
    return [render(fact, lang) for fact in broken_by_table(round, table, extra_rules)]


def broken_by_table(
    round: Round, table: pd.DataFrame, extra_rules: Sequence[Rule] = ()
) -> list[records.Reason]:
    """The broken rules of an allocation table as records (see :func:`greedy_violations`)."""
    scoring = score_round(round)
    elig = fundable_table(round, scoring)
    d = model_data(round, elig, available_budget(round), extra_rules=extra_rules)
    granted = table["granted"].astype("int64").to_numpy()
    g = granted[d.positions]
    outside = [
        records.reason("breaks.not_candidate", id=str(a), granted=int(v))
        for a, v, c in zip(table["application_id"], granted, elig["candidate"], strict=True)
        if v > 0 and not c
    ]
    facts = [f for f in broken_rules(d, g, (g > 0).astype(np.int64)) if f.code != "breaks.budget"]
    total = int(granted.sum())  # the budget counts every grant in the table
    if total > d.B:
        facts.insert(0, records.reason("breaks.budget", granted=total, budget=d.B))
    return facts + outside
