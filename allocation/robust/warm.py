"""One round kept warm for many solves: scored once, then only what a sample changes.

A :class:`WarmRound` reads nothing and scores nothing after it is made. It holds the round's
fundable table (eligibility, ``U_i``, ``L_i``: none of these depend on the weights, the scores
or the frame), the criterion means, and the model data of the nominal scores. A solve then
changes only what depends on its question:

- a frame (the sweep): the model data with another available budget ``B`` (the budget row
  and the ``max_region_share`` rows follow ``B``; the candidates, bounds and ranking stay);
- a score vector (a weight or assessor sample): the candidates (the threshold), the objective
  coefficients and the tie ranks, through :func:`allocation.model.data.model_data`.

Each solve is :func:`allocation.solve.core.solve_model`, the solve path of ``allocation
solve`` itself (tie rule and the priority search included): a grant here is the grant
``allocate(round, budget=...)`` gives, by construction rather than by a second
implementation. Building the HiGHS model from the arrays costs about a millisecond on a
25-application round, well below the solve; the round, its scores and its reasons (the
expensive part of ``allocate``) are never rebuilt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocation.explain import not_candidate_decision
from allocation.model.data import ModelData, model_data
from allocation.model.eligibility import available_budget, committed_total, fundable_table
from allocation.model.scoring import Scoring, score_round
from allocation.orchestrator import check_budget, check_solver, with_overrides
from allocation.records import Decision
from allocation.results import Lock, SolveStatus
from allocation.round.data import Round
from allocation.solve.core import solve_model
from allocation.tolerances import SCORE_TOLERANCE

__all__ = ["WarmRound", "Outcome", "with_policy"]

#: The statuses a different score can change (the others do not depend on the score).
_SCORE_STATUSES = frozenset(
    {"below_threshold", "nothing_fundable", "below_smallest_grant", "candidate"}
)


def with_policy(round_: Round, policy: str | None) -> Round:
    """The round under another policy (None keeps the scheme's); ConfigError if unknown."""
    return with_overrides(round_, None, policy)


@dataclass(frozen=True)
class Outcome:
    """One solve: its status and the grant of every application (input order, kroner)."""

    status: SolveStatus
    granted: np.ndarray  # int64 over all applications; zeros unless optimal


class WarmRound:
    """A round scored once, solved many times (see the module docstring).

    Parameters
    ----------
    round_ : Round
        The round, under the rules to apply (policy already set, see :func:`with_policy`).
    solver : {"highs", "cbc"}
    locks : mapping of application_id to Lock, optional
        The adviser's must_fund / must_not_fund decisions, kept in every solve; as in
        ``allocate``, a must_fund lock on an application that is not a candidate (under the
        scores of that solve) makes the rules infeasible.
    """

    def __init__(
        self, round_: Round, solver: str = "highs", locks: Mapping[str, Lock] | None = None
    ) -> None:
        solver = check_solver(solver)
        self.round = round_
        self.solver = solver
        self.locks = dict(locks or {})
        self._must_fund = [
            a for a, lock in sorted(self.locks.items()) if lock.action == "must_fund"
        ]
        self.scoring: Scoring = score_round(round_)
        self.table = fundable_table(round_, self.scoring)
        self.ids = self.table["application_id"].astype(str).tolist()
        self.fundable = self.table["fundable"].to_numpy(dtype=np.int64)
        self.budget = available_budget(round_)
        self.committed = committed_total(round_)
        status = self.table["status"].to_numpy(dtype=object)
        self._flexible = np.array([s in _SCORE_STATUSES for s in status], dtype=bool)
        U = self.fundable
        L = self.table["smallest"].to_numpy(dtype=np.int64)
        structural = np.where(U <= 0, "nothing_fundable", "candidate").astype(object)
        structural[(U > 0) & (L > U)] = "below_smallest_grant"
        self._structural = structural
        self._status = status
        self.nominal_score = self.table["score"].to_numpy(dtype=float)
        self._nominal: ModelData | None = None

    # -- the model data -------------------------------------------------------------------

    def budget_of(self, frame: int) -> int:
        """The available budget B at a frame (ConfigError when negative, as ``allocate``)."""
        return check_budget(frame, self.round.scheme.carry_over, self.committed)

    def table_for(self, score: np.ndarray) -> pd.DataFrame:
        """The fundable table under other scores: only the score and candidacy change."""
        threshold = self.round.scheme.threshold
        status = self._status.copy()
        flexible = self._flexible & ~np.isnan(score)
        below = np.zeros(len(score), dtype=bool)
        if threshold is not None:
            below = score < threshold - SCORE_TOLERANCE
        status[flexible] = np.where(below[flexible], "below_threshold", self._structural[flexible])
        table = self.table.copy(deep=False)
        table["score"] = score
        table["status"] = status
        table["candidate"] = status == "candidate"
        return table

    def data(self, score: np.ndarray | None = None, budget: int | None = None) -> ModelData:
        """The model data for a score vector (None: the nominal scores) and a budget B."""
        B = self.budget if budget is None else int(budget)
        locks = self.locks or None
        if score is None:
            if self._nominal is None:
                self._nominal = model_data(self.round, self.table, self.budget, locks=locks)
            return (
                self._nominal if B == self._nominal.B else dataclasses.replace(self._nominal, B=B)
            )
        return model_data(self.round, self.table_for(score), B, locks=locks)

    # -- solving --------------------------------------------------------------------------

    def solve(self, score: np.ndarray | None = None, budget: int | None = None) -> Outcome:
        """Solve for a score vector and a budget B, as ``allocate`` would (see the module)."""
        d = self.data(score, budget)
        granted = np.zeros(len(self.ids), dtype=np.int64)
        if self._must_fund and not set(self._must_fund) <= set(d.ids):
            return Outcome(SolveStatus.INFEASIBLE, granted)  # as allocate's lock_conflicts
        solution = solve_model(d, solver=self.solver)
        if solution.status == SolveStatus.OPTIMAL and solution.k is not None:
            granted[d.positions] = solution.k.astype(np.int64) * int(d.R)
        return Outcome(solution.status, granted)

    def decisions(self, granted: np.ndarray, score: np.ndarray | None = None) -> list[str]:
        """The decision of every application for its grant (as ``allocate`` decides it)."""
        status = self._status if score is None else self.table_for(score)["status"].to_numpy()
        out = []
        for i, s in enumerate(status):
            if s != "candidate":
                out.append(str(not_candidate_decision(str(s))))
            elif granted[i] >= self.fundable[i]:
                out.append(str(Decision.GRANTED))
            elif granted[i] > 0:
                out.append(str(Decision.PARTIAL))
            else:
                out.append(str(Decision.REJECTED))
        return out
