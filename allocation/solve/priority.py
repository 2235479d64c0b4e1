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
3. Otherwise, one MILP: maximise ``k_i`` (its grant in units of R) under the rules and the fixes,
   warm-started from the incumbent. The objective is a whole number, so an absolute gap below 1
   proves the optimum. Its answer becomes the new incumbent.

The result is checked exactly against every rule at the end, like every other answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from allocation.model.data import ModelData
from allocation.model.emit_highs import build_highs
from allocation.model.rules import Tally
from allocation.solve.runs import HIGHS_OPTIONS, time_left
from allocation.tolerances import SCORE_TOLERANCE

#: The absolute gap for "maximise k_i": below 1, since k_i is a whole number.
_INTEGER_GAP = 0.5


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


class _HighsSearch:
    """The one HiGHS model the search keeps asking, with grants fixed as they are decided."""

    def __init__(self, d: ModelData, deadline: float | None):
        self.d = d
        self.h = build_highs(d, feasibility_only=True)
        self.n_cols = self.h.getNumCol()
        self.deadline = deadline
        self.h.setOptionValue("mip_rel_gap", 0.0)
        self.h.setOptionValue("mip_abs_gap", _INTEGER_GAP)
        for name, value in HIGHS_OPTIONS.items():
            self.h.setOptionValue(name, value)
        self.cost = np.zeros(self.n_cols)

    def fix(self, j: int, k: int) -> None:
        n = self.d.n
        self.h.changeColBounds(j, float(k), float(k))
        x = 1.0 if k > 0 else 0.0
        self.h.changeColBounds(n + j, x, x)

    def maximise(
        self, j: int | None, start: np.ndarray | None, later: np.ndarray
    ) -> tuple[str, np.ndarray | None]:
        """Maximise k_j (None: any allocation), preferring full grants for ``later`` candidates.

        The objective is ``M k_j + sum over later l of w_l k_l`` with ``w_l`` falling with the
        rank and their total ``S`` below ``M / 2``: the second part only picks, among the
        allocations that give j its most, one that is generous to the next candidates (a good
        incumbent). Since ``k_j`` is whole, an absolute gap below ``M - S`` proves its maximum.
        Returns the status and the column values.
        """
        import highspy

        cost = np.zeros(self.n_cols)
        weights = np.linspace(1.0, 0.5, len(later)) if len(later) else np.zeros(0)
        cost[later] = weights
        spread = float((weights * self.d.K[later]).sum())
        big = 2.0 * spread + 1.0
        if j is not None:
            cost[j] = big
        changed = np.flatnonzero(cost != self.cost)
        if len(changed):
            self.h.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
            self.cost = cost
        self.h.setOptionValue("mip_abs_gap", big - spread - 0.5 if j is not None else 1e30)
        self.h.setOptionValue("mip_rel_gap", 0.0 if j is not None else 1e-4)
        if start is not None:
            self.h.setSolution(self.n_cols, np.arange(self.n_cols, dtype=np.int32), start)
        left = time_left(self.deadline)
        if left is not None:
            self.h.setOptionValue("time_limit", left)
        self.h.run()
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
        if j is not None and info.mip_dual_bound >= big * (values[j] + 1) - 1e-6 * big:
            return "time_limit", None  # not proven: the bound still allows one unit more
        return "optimal", values


def _must_be_zero(d: ModelData, t: Tally, j: int) -> bool:
    """Whether, with only the grants fixed so far (``t``), j cannot get even its smallest grant.

    Sound because these rules only get tighter as more is granted: the budget, and every rule
    whose :meth:`Rule.holds_out` answers for the allocation as it stands.
    """
    if t.left < int(d.Lk[j]) * d.R:
        return True
    return any(rule.holds_out(d, t, j) is not None for rule in d.active_rules)


def solve_priority(d: ModelData, *, time_limit: float | None = None) -> PriorityRun:
    """The priority allocation of ``d`` (see the module docstring)."""
    deadline = None if time_limit is None else time.perf_counter() + float(time_limit)
    search = _HighsSearch(d, deadline)
    order = priority_order(d.ids, d.score)
    status, incumbent = search.maximise(None, None, np.asarray(order, dtype=np.int64))
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
    search: _HighsSearch,
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
    status, values = search.maximise(j, incumbent, later)
    run.solves += 1
    if status != "optimal" or values is None:
        return None
    incumbent[:] = values
    return int(values[j])


def _fixed_tally(d: ModelData, k: np.ndarray) -> Tally:
    g = k * d.R
    return Tally.of(d, g, (g > 0).astype(np.int64))
