"""Allocate a round's money (CONTRACT section 2): the one orchestrator, read as its steps.

1. apply the run's overrides (budget, policy) and check the locks;
2. score the applications and find the candidates, their fundable and smallest grants;
3. collect the model data (the candidates and the round's rule units);
4. solve it (or, when rules conflict, diagnose which);
5. explain every decision as records and render the reasons;
6. summarise the run (:class:`Summary`, written as summary.json).

:func:`allocate` never raises for infeasible rules or a solver that stops early: the result's
status says so (``ConfigError`` only for bad parameters, such as an unknown lock or a negative
available budget).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocation.errors import ConfigError
from allocation.explain import build_allocation_table, explain
from allocation.model.data import ModelData, model_data
from allocation.model.eligibility import budget_from, committed_total, fundable_table
from allocation.model.rules import Rule
from allocation.model.scoring import score_round
from allocation.ranking import RankingFacts, ranking_facts
from allocation.records import Decision, Explanation, Reason
from allocation.results import AllocationResult, Lock, SolveStatus
from allocation.round.data import POLICIES, Round
from allocation.solve.core import SOLVERS, Solution, gap_tolerance, solve_model
from allocation.solve.diagnose import diagnose, lock_conflicts
from allocation.solve.stable import EarlierGrants, stable_rerun
from allocation.wording import reasons as W
from allocation.wording import robustness as RW
from allocation.wording.render import render

__all__ = ["allocate", "Summary", "with_overrides", "check_solver", "check_budget"]


@dataclass
class Summary:
    """summary.json: the contract's keys first (CONTRACT section 3), then the project's."""

    status: str
    policy: str
    budget: int
    objective: float | None
    granted_total: int
    funded: int
    conflicts: list[str]
    solver: str
    gap: float | None
    gap_tolerance: float
    tie_break: str
    frame: int
    carry_over: int
    committed_total: int
    remaining: int | None
    applications: int
    candidates: int
    counts: dict[str, int]
    locks: dict[str, dict[str, str]]
    inversions: dict[str, Any] = field(default_factory=dict)  # allocation.ranking
    unspent: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    stability: dict[str, Any] | None = None
    scheme: str = ""
    year: int | None = None
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON object, in key order (``stability`` and ``message`` only when set)."""
        out = asdict(self)
        for optional in ("stability", "message"):
            if out[optional] is None:
                del out[optional]
        return out


def round_seconds(value: float) -> float:
    """Seconds rounded to 0.1 ms for summary.json."""
    return float(f"{value:.4f}")


def with_overrides(round: Round, budget: int | None, policy: str | None) -> Round:
    """The round under the run's overrides (None keeps the scheme's frame or policy).

    Raises
    ------
    ConfigError
        An unknown policy.
    """
    changes: dict[str, Any] = {}
    if budget is not None:
        changes["frame"] = int(budget)
    if policy is not None:
        policy = str(policy).lower()
        if policy not in POLICIES:
            raise ConfigError(RW.UNKNOWN_POLICY.format(policy=policy))
        changes["policy"] = policy
    return round.with_scheme(round.scheme.replace(**changes)) if changes else round


def check_solver(solver: str) -> str:
    """The solver's name in lower case.

    Raises
    ------
    ConfigError
        A solver other than highs or cbc.
    """
    solver = str(solver).lower()
    if solver not in SOLVERS:
        raise ConfigError(RW.UNKNOWN_SOLVER.format(solver=solver))
    return solver


def normalise_locks(round: Round, locks: Mapping[str, Any] | None) -> dict[str, Lock]:
    """Locks given as Lock, action text or mapping, checked against the round's ids."""
    out: dict[str, Lock] = {}
    known = set(round.applications["application_id"].astype(str))
    problems = []
    for app_id, lock in (locks or {}).items():
        app_id = str(app_id)
        if isinstance(lock, str):
            lock = Lock(action=lock)
        elif isinstance(lock, Mapping):
            action = str(lock.get("action", lock.get("lock", "")))
            lock = Lock(action=action, reason=str(lock.get("reason", "")))
        if app_id not in known:
            problems.append(W.UNKNOWN_LOCK.format(id=app_id))
        elif lock.action not in ("must_fund", "must_not_fund"):
            problems.append(W.BAD_LOCK_ACTION.format(action=lock.action, id=app_id))
        else:
            out[app_id] = lock
    if problems:
        raise ConfigError("\n".join(problems))
    return out


def check_budget(frame: int, carry_over: int, committed: int) -> int:
    """The available budget ``B = frame + carry_over - committed``.

    Raises
    ------
    ConfigError
        A negative B (the message names the three terms).
    """
    B = budget_from(frame, carry_over, committed)
    if B < 0:
        raise ConfigError(
            W.NEGATIVE_BUDGET.format(
                frame=W.kr(int(frame)), carry_over=W.kr(int(carry_over)),
                committed=W.kr(int(committed)), budget=W.kr(B),
            )
        )  # fmt: skip
    return B


def _check_budget(round: Round) -> tuple[int, int]:
    """The available budget B and the committed total; a negative B is a ConfigError."""
    committed = committed_total(round)
    return check_budget(round.scheme.frame, round.scheme.carry_over, committed), committed


def _solve_or_diagnose(
    round: Round,
    table: pd.DataFrame,
    d: ModelData,
    locks: dict[str, Lock],
    solve_options: dict[str, Any],
) -> tuple[Solution, list[Reason]]:
    conflicts = lock_conflicts(round, table, locks)
    if conflicts:
        return Solution(SolveStatus.INFEASIBLE), conflicts
    solution = solve_model(d, **solve_options)
    if solution.status == SolveStatus.INFEASIBLE:
        conflicts = diagnose(d, solver=solve_options["solver"])
    return solution, conflicts


def allocate(
    round: Round,
    *,
    budget: int | None = None,
    policy: str | None = None,
    solver: str = "highs",
    locks: Mapping[str, Lock] | None = None,
    time_limit: float | None = None,
    builder: str = "auto",
    tie_break: bool = True,
    extra_rules: Sequence[Rule] = (),
    stable_from: EarlierGrants | None = None,
) -> AllocationResult:
    """Allocate a round's money (CONTRACT section 2) and explain every decision.

    Parameters
    ----------
    round : Round
        The loaded round. Rule overrides other than budget and policy are applied by the
        caller with ``round.with_scheme(round.scheme.replace(...))``.
    budget : int, optional
        Replaces the scheme's ``frame`` (like ``--budget``).
    policy : {"merit", "coverage", "priority"}, optional
        Replaces the scheme's policy.
    solver : {"highs", "cbc"}
    locks : mapping of application_id to Lock, optional
        The adviser's must_fund / must_not_fund decisions.
    time_limit : float, optional
        Seconds; a solve that stops without proof has status ``time_limit``.
    builder, tie_break
        See :func:`allocation.solve.core.solve_model`.
    extra_rules : sequence of Rule, optional
        Rule families beyond the scheme's (defined outside the package; see
        :mod:`allocation.model.rules`).
    stable_from : EarlierGrants, optional
        An earlier run's grants: the result is the stable re-run against it
        (:mod:`allocation.solve.stable`), with the price of that in ``summary["stability"]``.

    Returns
    -------
    AllocationResult

    Raises
    ------
    ConfigError
        Unknown policy, solver or lock, or a negative available budget.
    """
    t_start = time.perf_counter()
    solver = check_solver(solver)
    round = with_overrides(round, budget, policy)
    lock_map = normalise_locks(round, locks)

    t = time.perf_counter()
    scoring = score_round(round)
    table = fundable_table(round, scoring)
    B, committed = _check_budget(round)
    d = model_data(round, table, B, locks=lock_map, extra_rules=extra_rules)
    timings = {"prepare": time.perf_counter() - t}

    options = {"solver": solver, "builder": builder, "time_limit": time_limit}
    solution, conflicts = _solve_or_diagnose(
        round, table, d, lock_map, {**options, "tie_break": tie_break}
    )
    timings.update(solution.timings)
    stability = None
    if stable_from is not None and solution.status == SolveStatus.OPTIMAL:
        known = round.applications["application_id"].astype(str)
        stable = stable_rerun(d, solution, stable_from, known, {**options, "tie_break": tie_break})
        solution, d, stability = stable.solution, stable.d, stable.stability
        timings.update({f"stable {k}": v for k, v in solution.timings.items()})

    t = time.perf_counter()
    allocation, explanations, ranking = None, [], RankingFacts()
    if solution.status == SolveStatus.OPTIMAL:
        assert solution.k is not None
        ranking = ranking_facts(d, solution.k)
        explanations = explain(round, scoring, table, d, solution.k, lock_map, ranking)
        allocation = build_allocation_table(round, table, d, solution.k, explanations)
    timings["explain"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t_start

    summary = _summary(round, d, solution, allocation, conflicts, solver, B, committed)
    summary.locks = {k: {"action": v.action, "reason": v.reason} for k, v in lock_map.items()}
    summary.inversions = ranking.summary()
    summary.unspent = {
        "amount": ranking.unspent,
        "rules": sorted({c.rule or c.code for c in ranking.unspent_causes}),
    }
    summary.timings = {k: round_seconds(v) for k, v in timings.items()}
    summary.stability = stability
    return AllocationResult(
        status=solution.status,
        allocation=allocation,
        summary=summary.as_dict(),
        conflicts=summary.conflicts,
        gap=solution.gap,
        scoring=scoring,
        round=round,
        locks=lock_map,
        fundable=table,
        explanations=explanations,
        conflict_records=conflicts,
        ranking=ranking,
    )


def _summary(
    round: Round,
    d: ModelData,
    solution: Solution,
    allocation: pd.DataFrame | None,
    conflicts: list[Reason],
    solver: str,
    B: int,
    committed: int,
) -> Summary:
    optimal = solution.status == SolveStatus.OPTIMAL and allocation is not None
    granted = allocation["granted"] if allocation is not None else pd.Series(dtype=np.int64)
    granted_total = int(granted.sum()) if optimal else 0
    decisions = allocation["decision"] if allocation is not None else pd.Series(dtype=str)
    summary = Summary(
        status=solution.status.value,
        policy=round.scheme.policy,
        budget=int(B),
        objective=solution.objective if optimal else None,
        granted_total=granted_total,
        funded=int((granted > 0).sum()) if optimal else 0,
        conflicts=[render(c) for c in conflicts],
        solver=solver,
        gap=solution.gap,
        gap_tolerance=gap_tolerance(d.n),
        tie_break=solution.tie_break,
        frame=int(round.scheme.frame),
        carry_over=int(round.scheme.carry_over),
        committed_total=committed,
        remaining=int(B - granted_total) if optimal else None,
        applications=int(len(round.applications)),
        candidates=int(d.n),
        counts={str(x): int((decisions == str(x)).sum()) for x in Decision} if optimal else {},
        locks={},
        scheme=str(round.scheme.name),
        year=int(round.scheme.year),
    )
    if solution.status == SolveStatus.TIME_LIMIT:
        gap_text = "" if solution.gap is None else f" (gap {solution.gap:.2e})"
        summary.message = W.TIME_LIMIT.format(gap=gap_text)
    return summary


def explanations_by_id(result: AllocationResult) -> dict[str, Explanation]:
    """The result's explanation records keyed by application_id."""
    return {e.application_id: e for e in result.explanations}
