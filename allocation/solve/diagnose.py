"""Which rules conflict, when no allocation satisfies them all (CONTRACT 2.10).

A deletion filter over the rule families of the round (:mod:`allocation.model.rules`): starting
from every family the round uses, each family in turn (in the order of their ``deletion_rank``) is
switched off; if the rest is still infeasible it stays off, otherwise it is part of the conflict
and is switched back on. What remains is an irreducible set of rules that cannot hold together.
The conflict is a :class:`~allocation.records.Reason` record naming those rules with their figures;
the wording layer makes the sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.model.data import ModelData
from allocation.records import Reason, reason
from allocation.results import Lock
from allocation.round.data import Round
from allocation.solve.core import check_feasible


def conflicting_families(d: ModelData, *, solver: str = "highs") -> list[str] | None:
    """An irreducible set of rule families that cannot hold together (deletion filter).

    Returns None when the full model is not proven infeasible.
    """
    used = [r.name for r in sorted(d.relaxable, key=lambda r: r.deletion_rank)]
    if check_feasible(d.with_active(used), solver=solver) is not False:
        return None
    active = list(used)
    for family in used:
        trial = [f for f in active if f != family]
        if check_feasible(d.with_active(trial), solver=solver) is False:
            active = trial
    return active


def conflict_record(d: ModelData, families: list[str]) -> Reason:
    """One conflict (an irreducible set of rule families) as a record, rules named in order."""
    rules = sorted(
        (r for r in d.rules if r.name in families), key=lambda r: (r.naming_rank, r.name)
    )
    texts = [r.conflict(d) for r in rules]
    if not texts:
        return reason("conflict.unknown")
    if len(texts) == 1:
        main = reason("conflict.one", a=texts[0], n=d.n)
    elif len(texts) == 2:
        main = reason("conflict.two", a=texts[0], b=texts[1])
    else:
        main = reason("conflict.many", rules=texts)
    projects_min = d.rule("projects_min")
    if "budget" in families and projects_min is not None:
        n = int(getattr(projects_min, "n", 0))
        cost = int(np.sort(d.Lk)[:n].sum()) * d.R
        return reason(
            "conflict.with_cost", main=main, cost=reason("conflict.smallest_grants", n=n, cost=cost)
        )
    return main


def diagnose(d: ModelData, *, solver: str = "highs") -> list[Reason]:
    """The rule conflicts of an infeasible model as records (at least one)."""
    families = conflicting_families(d, solver=solver)
    if not families:
        return [reason("conflict.unknown")]
    return [conflict_record(d, families)]


def lock_conflicts(round: Round, table: pd.DataFrame, locks: Mapping[str, Lock]) -> list[Reason]:
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
        why = reason(
            f"conflict.why.{row['status']}",
            type=str(app.get("applicant_type", "")).strip(),
            score=float(row["score"]),
            digits=score_digits(float(row["score"]), scheme.threshold),
            threshold=scheme.threshold,
            fundable=int(row["fundable"]),
            smallest=int(row["smallest"]),
        )
        out.append(reason("conflict.lock_not_candidate", id=app_id, why=why))
    return out


def score_digits(score: float, threshold: float | None) -> int:
    """2 decimals, or 4 where 2 would print a score below the threshold as the threshold."""
    if threshold is not None and fmt.decimal(score, 2) == fmt.decimal(threshold, 2):
        return 4
    return 2
