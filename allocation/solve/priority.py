"""The ``priority`` policy (CONTRACT 2.8): the lexicographically greatest grants in rank order.

The best-ranked candidate gets as much as the rules allow, then the next as much as the rules
still allow, and so on, always with look-ahead: whatever an earlier candidate gets, the later ones
must still be able to meet every rule, the minimum rules included. The answer is unique.

How it is found, exactly and fast. One model is built (the same rows as every policy, from the
rule units); then, going down the ranking, each candidate's grant is fixed in turn (its column
bounds set to the value found), so that every later question is asked of the rules *and* the
grants already decided. For candidate i the question is "what is the largest grant it can get?":

1. **The incumbent says "whole amount".** A feasible allocation respecting every fix so far is
   kept (the answer of the last solve). If it already gives i its fundable amount ``U_i``, that is
   the most i can get: fixed without a solve. On an easy round most grants are decided this way.
2. **A maximum-type rule says "nothing".** With only the grants fixed so far, adding i at its
   smallest grant already breaks the budget or a maximum rule (the rule units'
   :meth:`~allocation.model.rules.Rule.holds_out`, which ask exactly that; more grants can only make
   it worse): i gets 0, without a solve. This decides most of the candidates below the budget line.
3. Otherwise, one MILP: maximise ``k_i`` (its grant in units of R) under the rules and the fixes
   (no MIP start: see :meth:`_HighsSearch.maximise`). The objective is a whole number, so an
   absolute gap below 1 proves the optimum. Its answer becomes the new incumbent.

The result is checked exactly against every rule at the end, like every other answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from allocation.model.data import ModelData
from allocation.model.emit_highs import build_highs
from allocation.model.emit_pulp import build_pulp
from allocation.model.rules import Tally
from allocation.solve.runs import highs_options, highs_run, pulp_run, time_left
from allocation.tolerances import GAP_SMALL, SCORE_TOLERANCE

#: The relative gap of the first solve, which only looks for a good starting allocation.
_INCUMBENT_GAP = 1e-4


def priority_order(ids: list[str], score: np.ndarray) -> list[int]:
    """Candidates in the contract's priority ranking (CONTRACT 2.8), best first.

    Going down the sorted scores, a candidate joins the current tie class when its score is at
    least the class's first score minus 1e-9, else it opens a new class; inside a class by
    application_id ascending (trimmed, by Unicode code points).

    >>> priority_order(["b", "a", "c"], np.array([4.0, 4.0 - 5e-10, 5.0]))
    [2, 1, 0]
    """
    by_score = sorted(range(len(ids)), key=lambda j: -float(score[j]))
    order: list[int] = []
    tie_class: list[int] = []
    first = 0.0
    for j in by_score:
        if tie_class and float(score[j]) >= first - SCORE_TOLERANCE:
            tie_class.append(j)
            continue
        order += sorted(tie_class, key=lambda i: ids[i].strip())
        tie_class, first = [j], float(score[j])
    return order + sorted(tie_class, key=lambda i: ids[i].strip())


@dataclass
class PriorityRun:
    """The outcome of :func:`solve_priority`: status, grants in units of R, and its work."""

    status: str  # "optimal" | "infeasible" | "time_limit"
    k: np.ndarray | None = None
    solves: int = 0
    decided_free: int = 0


@dataclass(frozen=True)
class _Objective:
    """``M k_j + sum over later l of w_l k_l`` (see :meth:`_HighsSearch.maximise`)."""

    cost: np.ndarray  # over the k columns
    big: float  # M (0 when there is no j: any good allocation will do)
    spread: float  # S, the most the second part can add

    @classmethod
    def of(cls, d: ModelData, j: int | None, later: np.ndarray) -> _Objective:
        cost = np.zeros(d.n)
        weights = np.linspace(1.0, 0.5, len(later)) if len(later) else np.zeros(0)
        cost[later] = weights
        spread = float((weights * d.K[later]).sum())
        big = 0.0
        if j is not None:
            big = 2.0 * spread + 1.0
            cost[j] = big
        return cls(cost, big, spread)

    def proves(self, values: np.ndarray, j: int | None, dual_bound: float) -> bool:
        """Whether the bound leaves no room for one more unit of k_j."""
        if j is None:
            return True
        return dual_bound < self.big * (values[j] + 1) - 1e-6 * self.big


class _HighsSearch:
    """The one HiGHS model the search keeps asking, with grants fixed as they are decided."""

    def __init__(self, d: ModelData, deadline: float | None):
        self.d = d
        self.h = build_highs(d, feasibility_only=True)
        self.n_cols = self.h.getNumCol()
        self.deadline = deadline
        for name, value in highs_options().items():
            self.h.setOptionValue(name, value)
        self.cost = np.zeros(self.n_cols)

    def fix(self, j: int, k: int) -> None:
        self.h.changeColBounds(j, float(k), float(k))
        x = 1.0 if k > 0 else 0.0
        self.h.changeColBounds(self.d.n + j, x, x)

    def maximise(self, j: int | None, later: np.ndarray) -> tuple[str, np.ndarray | None]:
        """Maximise k_j (None: any good allocation), preferring full grants for ``later`` ones.

        The objective is ``M k_j + sum over later l of w_l k_l`` with ``w_l`` falling with the
        rank and their total ``S`` below ``M / 2``: the second part only picks, among the
        allocations that give j its most, one that is generous to the next candidates (a good
        incumbent). Since ``k_j`` is whole, an absolute gap below ``M - S`` proves its maximum.
        Returns the status and the column values.
        """
        import highspy

        objective = _Objective.of(self.d, j, later)
        cost = np.zeros(self.n_cols)
        cost[: self.d.n] = objective.cost
        changed = np.flatnonzero(cost != self.cost)
        if len(changed):
            self.h.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
            self.cost = cost
        exact = j is not None
        self.h.setOptionValue("mip_abs_gap", objective.big - objective.spread - 0.5 if exact else 0)
        self.h.setOptionValue("mip_rel_gap", 0.0 if exact else _INCUMBENT_GAP)
        # No MIP start, and a fresh solver state: with a start (given, or kept from the last
        # run) HiGHS 1.16 can end "optimal" reporting the new optimum's value with the start's
        # columns (seen when presolve decides the model). The values are checked below.
        self.h.clearSolver()
        left = time_left(self.deadline)
        if left is not None:
            self.h.setOptionValue("time_limit", left)
        highs_run(self.h)
        S = highspy.HighsModelStatus
        status = self.h.getModelStatus()
        if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
            return "infeasible", None
        if status == S.kModelEmpty:
            return "optimal", np.zeros(self.n_cols)
        info = self.h.getInfo()
        if status != S.kOptimal or info.primal_solution_status != 2:
            return "time_limit", None
        values = np.rint(np.asarray(self.h.getSolution().col_value, dtype=float))
        reached = float(cost @ values)
        if abs(reached - info.objective_function_value) > 1e-6 * max(1.0, abs(reached)):
            raise RuntimeError("HiGHS: løsningen stemmer ikke med målverdien den oppgir")
        if not objective.proves(values, j, info.mip_dual_bound):
            return "time_limit", None
        return "optimal", values


class _PulpSearch:
    """The same search on the PuLP model, for CBC (one CBC process per question, no warm start)."""

    def __init__(self, d: ModelData, solver: str, deadline: float | None):
        self.d = d
        self.pm = build_pulp(d, feasibility_only=True)
        self.solver = solver
        self.deadline = deadline

    def fix(self, j: int, k: int) -> None:
        self.pm.k[j].lowBound = self.pm.k[j].upBound = k
        self.pm.x[j].lowBound = self.pm.x[j].upBound = 1 if k > 0 else 0

    def maximise(self, j: int | None, later: np.ndarray) -> tuple[str, np.ndarray | None]:
        """As :meth:`_HighsSearch.maximise` (a relative gap of 1e-9 proves k_j: M > 2 S)."""
        import pulp

        objective = _Objective.of(self.d, j, later)
        terms = [(self.pm.k[i], float(c)) for i, c in enumerate(objective.cost) if c]
        self.pm.problem.setObjective(pulp.LpAffineExpression(terms))
        tol = GAP_SMALL if j is not None else _INCUMBENT_GAP
        run = pulp_run(self.pm.problem, self.solver, tol, self.deadline, self.pm.columns)
        if run.status != "optimal" or run.values is None:
            return run.status, None
        return "optimal", np.rint(run.values)


def _must_be_zero(d: ModelData, t: Tally, j: int) -> bool:
    """Whether, with only the grants fixed so far (``t``), j cannot get even its smallest grant.

    Sound because these rules only get tighter as more is granted: the budget, and every rule
    whose :meth:`Rule.holds_out` answers for the allocation as it stands.
    """
    if t.left < int(d.Lk[j]) * d.R:
        return True
    return any(rule.holds_out(d, t, j) is not None for rule in d.active_rules)


def solve_priority(
    d: ModelData, *, solver: str = "highs", time_limit: float | None = None
) -> PriorityRun:
    """The priority allocation of ``d`` (see the module docstring)."""
    deadline = None if time_limit is None else time.perf_counter() + float(time_limit)
    search: _HighsSearch | _PulpSearch
    if solver == "highs":
        search = _HighsSearch(d, deadline)
    else:
        search = _PulpSearch(d, solver, deadline)
    order = priority_order(d.ids, d.score)
    status, incumbent = search.maximise(None, np.asarray(order, dtype=np.int64))
    if status != "optimal" or incumbent is None:
        return PriorityRun(status)
    k = np.zeros(d.n, dtype=np.int64)
    run = PriorityRun("optimal", k, solves=1)
    tally = _fixed_tally(d, k)
    for position, j in enumerate(order):
        later = np.asarray(order[position + 1 :], dtype=np.int64)
        value = _decide(d, search, j, incumbent, tally, run, later)
        if value is None:
            return PriorityRun("time_limit", solves=run.solves)
        k[j] = value
        search.fix(j, value)
        if value > 0:
            tally = _fixed_tally(d, k)
            incumbent[j], incumbent[d.n + j] = value, 1
    return run


def _decide(
    d: ModelData,
    search: _HighsSearch | _PulpSearch,
    j: int,
    incumbent: np.ndarray,
    tally: Tally,
    run: PriorityRun,
    later: np.ndarray,
) -> int | None:
    """The largest grant (in units of R) candidate j can still get; None if out of time."""
    if int(incumbent[j]) == int(d.K[j]):
        run.decided_free += 1
        return int(d.K[j])
    if _must_be_zero(d, tally, j):
        run.decided_free += 1
        return 0
    status, values = search.maximise(j, later)
    run.solves += 1
    if status != "optimal" or values is None:
        return None
    incumbent[:] = values
    return int(values[j])


def _fixed_tally(d: ModelData, k: np.ndarray) -> Tally:
    g = k * d.R
    return Tally.of(d, g, (g > 0).astype(np.int64))
