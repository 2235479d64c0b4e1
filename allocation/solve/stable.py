"""Stable re-runs (``--stable-from RUN``): the policy's optimum with no earlier grant moved
against the change of the frame.

A re-run with more (or less) to share may reshuffle grants already discussed: under ``merit`` a
larger request can beat a higher score, so a bigger frame can take a grant away. A stable re-run
adds one rule family, :class:`KeepEarlier` (``stability``), built from the earlier run's grants:

- the frame grows or stays the same (the available budget B is at least the earlier one): every
  application keeps at least its earlier grant, ``g_j >= e_j`` (rows over ``k_j``; since
  ``k_j <= K_j x_j``, a positive bound also funds it). An equal frame is treated as growing: no
  earlier grant is lowered, and grants may rise where the rules changed;
- the frame shrinks: none gets more than before, ``g_j <= e_j`` (an application unfunded before
  stays unfunded). Applications new in this run have no bound.

A bound that can no longer hold is released before solving: the application is withdrawn or no
longer a candidate, or its earlier grant is above what it can be given now (its fundable amount
``U_j``, in whole steps of the rounding). If the rules still conflict with the bounds, the fewest
bounds that make the rules feasible are released: a small MILP on the same model with a binary
"keep" per bound (:class:`KeepEarlier` with ``soft=True``), maximising the number kept (ties:
keep the better-ranked applications' bounds). The policy's objective is then maximised under the
bounds kept (for ``priority``: its lexicographic maximum), so the whole budget is used as the
policy would use it.

Because the rule is a :class:`~allocation.model.rules.Rule`, every emitter, the exact check, the
explanation and the diagnosis apply it like any rule of the scheme. The price of stability is the
plain optimum's objective (the same policy, without the bounds) minus the stable one's; for
``priority`` the objective is the merit sum (score times kroner), the policy itself being a
ranking. It is reported in summary.json's ``stability``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from allocation.model.data import ModelData
from allocation.model.emit_highs import build_highs
from allocation.model.rules import INF, RowBlock, Rule, Tally, row
from allocation.records import Reason, reason
from allocation.results import SolveStatus
from allocation.solve.core import Solution, solve_model
from allocation.solve.runs import highs_configure, highs_read, highs_run
from allocation.tolerances import GAP_SMALL, TIE_TOLERANCE
from allocation.wording import report as WR
from allocation.wording.render import register

__all__ = [
    "Bound",
    "EarlierGrants",
    "KeepEarlier",
    "StableOutcome",
    "bounds_for",
    "stable_rerun",
]

GROWS, SHRINKS = "grows", "shrinks"
#: Why a bound was released (summary.json's ``bounds_released[].why``).
WITHDRAWN, NOT_CANDIDATE, ABOVE_FUNDABLE, RULES = (
    "withdrawn",
    "not_candidate",
    "above_fundable",
    "rules",
)

for _code, _template in WR.STABILITY_REASONS.items():
    register(_code, _template)


@dataclass(frozen=True)
class EarlierGrants:
    """The earlier run a stable re-run keeps to: its grants and the budget it shared.

    ``granted`` maps every application_id of the earlier allocation.csv to its grant (0 for
    those without); ``budget`` is the earlier available budget B (summary.json's ``budget``).
    """

    label: str
    budget: int
    granted: Mapping[str, int]
    scheme: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Bound:
    """One bound on candidate j: ``k_j >= units`` (lower) or ``k_j <= units`` (upper)."""

    j: int
    units: int
    earlier: int  # the earlier grant in kroner


@dataclass(frozen=True)
class KeepEarlier(Rule):
    """The bounds of a stable re-run (see the module docstring).

    ``soft``: the release MILP's form, where bound b holds only if its binary ``z_b`` (a column
    of this rule, lower bounds first) is 1; the rule then breaks nothing by itself.
    """

    lower: tuple[Bound, ...] = ()
    upper: tuple[Bound, ...] = ()
    soft: bool = False
    name = "stability"
    deletion_rank, naming_rank = 85, 95
    reason_rank = 80

    def uses(self, d: ModelData) -> bool:
        return bool(self.lower or self.upper)

    @property
    def bounds(self) -> tuple[Bound, ...]:
        return self.lower + self.upper

    def columns(self, d: ModelData) -> list[str]:
        if not self.soft:
            return []
        return [f"keep_{n}" for n in range(len(self.bounds))]

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        if self.soft:
            return self._soft_rows(d, offset)
        out = [row(f"keep_min_{b.j}", [b.j], [1.0], float(b.units), INF) for b in self.lower]
        for b in self.upper:
            out.append(row(f"keep_max_{b.j}", [b.j], [1.0], -INF, float(b.units)))
            if b.units == 0:  # not funded before: not funded now
                out.append(row(f"keep_out_{b.j}", [d.n + b.j], [1.0], -INF, 0.0))
        return out

    def _soft_rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        out = []
        for n, b in enumerate(self.lower):  # k_j - m z >= 0
            out.append(row(f"soft_min_{b.j}", [b.j, offset + n], [1.0, -b.units], 0.0, INF))
        for n, b in enumerate(self.upper, start=len(self.lower)):
            K = float(d.K[b.j])  # k_j + (K_j - m) z <= K_j
            out.append(row(f"soft_max_{b.j}", [b.j, offset + n], [1.0, K - b.units], -INF, K))
            if b.units == 0:  # x_j + z <= 1
                out.append(row(f"soft_out_{b.j}", [d.n + b.j, offset + n], [1.0, 1.0], -INF, 1.0))
        return out

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        if self.soft:
            return []
        out = [
            self._fact("breaks.stability_at_least", d, b, granted=int(t.g[b.j]))
            for b in self.lower
            if t.g[b.j] < b.units * d.R
        ]
        out += [
            self._fact("breaks.stability_at_most", d, b, granted=int(t.g[b.j]))
            for b in self.upper
            if t.g[b.j] > b.units * d.R
        ]
        return out

    @staticmethod
    def _fact(code: str, d: ModelData, b: Bound, **extra: Any) -> Reason:
        return reason(code, id=d.ids[b.j], earlier=b.earlier, **extra)

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.stability", n=len(self.bounds))

    def _upper(self, j: int) -> Bound | None:
        return next((b for b in self.upper if b.j == j), None)

    def requires(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        b = next((b for b in self.lower if b.j == j), None)
        return None if b is None else reason("rule.stability", earlier=b.earlier)

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        b = self._upper(j)
        if b is None or b.units >= int(d.Lk[j]):
            return None
        return reason("out.stability", earlier=b.earlier)

    def holds_back(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        b = self._upper(j)
        if b is None or t.g[j] + d.R <= b.units * d.R:
            return None
        return reason("partial.stability", earlier=b.earlier)


@dataclass
class Released:
    """A bound that was released, and why (:data:`WITHDRAWN`, ... :data:`RULES`)."""

    application_id: str
    earlier: int
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {"application_id": self.application_id, "earlier": self.earlier, "why": self.why}


def direction(d: ModelData, earlier: EarlierGrants) -> str:
    """:data:`GROWS` when the available budget is at least the earlier one, else :data:`SHRINKS`."""
    return GROWS if d.B >= int(earlier.budget) else SHRINKS


def bounds_for(
    d: ModelData, earlier: EarlierGrants, known_ids: Iterable[str]
) -> tuple[KeepEarlier, list[Released]]:
    """The bounds of a stable re-run of ``d`` against ``earlier``, and those released at once.

    ``known_ids``: every application_id of the new round (to tell a withdrawn application from
    one that is no longer a candidate).
    """
    known = {str(a) for a in known_ids}
    pos = {a: j for j, a in enumerate(d.ids)}
    grows = direction(d, earlier) == GROWS
    lower: list[Bound] = []
    upper: list[Bound] = []
    released: list[Released] = []
    for app_id, grant in earlier.granted.items():
        grant = int(grant)
        j = pos.get(str(app_id))
        if not grows:  # g_j <= e_j; trivially true for non-candidates and above U_j
            if j is not None and grant // d.R < int(d.K[j]):
                upper.append(Bound(j, grant // d.R, grant))
            continue
        if grant <= 0:
            continue
        if j is None:
            why = NOT_CANDIDATE if str(app_id) in known else WITHDRAWN
            released.append(Released(str(app_id), grant, why))
        elif math.ceil(grant / d.R) > int(d.K[j]):
            released.append(Released(str(app_id), grant, ABOVE_FUNDABLE))
        else:
            lower.append(Bound(j, math.ceil(grant / d.R), grant))
    return KeepEarlier(tuple(lower), tuple(upper)), released


def fewest_released(
    d: ModelData, rule: KeepEarlier, time_limit: float | None = None
) -> tuple[KeepEarlier, list[Bound]] | None:
    """Keep as many bounds as the rules allow (the release MILP; see the module docstring).

    Returns the rule with the bounds kept and the bounds released, or None when even releasing
    every bound leaves the rules infeasible, or the solver stopped without proof.
    """
    soft = KeepEarlier(rule.lower, rule.upper, soft=True)
    ds = d.with_rules([*d.rules, soft])
    h = build_highs(ds, feasibility_only=True)
    n_cols, offsets = ds.column_offsets()
    first = offsets["stability"]
    bounds = soft.bounds
    # 1 per bound kept, plus a preference below 1 in total for the better-ranked applications
    n = max(d.n, 1)
    weights = np.array([1.0 + (n - int(d.rank[b.j])) / (n * n + 1.0) for b in bounds])
    index = np.arange(first, first + len(bounds), dtype=np.int32)
    h.changeColsCost(len(bounds), index, weights)
    highs_configure(h, GAP_SMALL, time_limit)
    highs_run(h)
    run = highs_read(h, n_cols, GAP_SMALL)
    if run.status != "optimal" or run.values is None:
        return None
    keep = np.rint(run.values[index]).astype(bool)
    kept = {b for b, z in zip(bounds, keep, strict=True) if z}
    lower = tuple(b for b in rule.lower if b in kept)
    upper = tuple(b for b in rule.upper if b in kept)
    return KeepEarlier(lower, upper), [b for b in bounds if b not in kept]


@dataclass
class StableOutcome:
    """A stable re-run: its solution, the model data it solved (with the bounds kept), and
    summary.json's ``stability`` (None when there is no optimal allocation)."""

    solution: Solution
    d: ModelData
    stability: dict[str, Any] | None = None
    released: list[Released] = field(default_factory=list)


def grants_by_id(d: ModelData, k: np.ndarray) -> dict[str, int]:
    """Each candidate's grant in kroner, by application_id."""
    return {a: int(k[j]) * d.R for j, a in enumerate(d.ids)}


def movement(earlier: Mapping[str, int], now: Mapping[str, int]) -> tuple[int, int]:
    """(applications whose grant changed, kroner moved: the sum of the absolute changes)."""
    changed = moved = 0
    for app_id in dict.fromkeys([*earlier, *now]):
        diff = abs(int(now.get(app_id, 0)) - int(earlier.get(app_id, 0)))
        changed += diff > 0
        moved += diff
    return changed, moved


def stability_summary(
    d: ModelData,
    earlier: EarlierGrants,
    plain: Solution,
    stable: Solution,
    released: list[Released],
    kept: int,
) -> dict[str, Any]:
    """summary.json's ``stability`` (the contract's keys first, then the project's)."""
    assert plain.k is not None and stable.k is not None and plain.objective is not None
    base = {str(a): int(g) for a, g in earlier.granted.items()}
    changed, moved = movement(base, grants_by_id(d, stable.k))
    plain_changed, plain_moved = movement(base, grants_by_id(d, plain.k))
    # merit and coverage: never negative (the plain answer is the optimum); float noise is 0.
    # priority: the merit sum of its grants, which a stable re-run may also raise
    price = float(plain.objective) - float(stable.objective or 0.0)
    if abs(price) <= TIE_TOLERANCE * max(abs(float(plain.objective)), 1.0):
        price = 0.0
    pct = 100.0 * price / abs(plain.objective) if plain.objective else 0.0
    return {
        "changed": changed,
        "kroner_moved": moved,
        "bounds_released": [r.as_dict() for r in released],
        "objective_price": price,
        "objective_price_pct": pct,
        "from": earlier.label,
        "direction": direction(d, earlier),
        "earlier_budget": int(earlier.budget),
        "bounds_kept": kept,
        "plain_objective": float(plain.objective),
        "plain_changed": plain_changed,
        "plain_kroner_moved": plain_moved,
    }


def stable_rerun(
    d: ModelData,
    plain: Solution,
    earlier: EarlierGrants,
    known_ids: Iterable[str],
    solve_options: Mapping[str, Any],
) -> StableOutcome:
    """Re-solve ``d`` under the bounds of ``earlier`` (``plain``: its optimum without them).

    ``solve_options`` are passed to :func:`~allocation.solve.core.solve_model`.
    """
    rule, released = bounds_for(d, earlier, known_ids)
    ds = d.with_rules([*d.rules, rule])
    solution = solve_model(ds, **solve_options)
    if solution.status == SolveStatus.INFEASIBLE:
        found = fewest_released(d, rule, solve_options.get("time_limit"))
        if found is None:
            return StableOutcome(Solution(SolveStatus.TIME_LIMIT), ds, None, released)
        rule, dropped = found
        released += [Released(d.ids[b.j], b.earlier, RULES) for b in dropped]
        ds = d.with_rules([*d.rules, rule])
        solution = solve_model(ds, **solve_options)
    if solution.status != SolveStatus.OPTIMAL:
        return StableOutcome(solution, ds, None, released)
    summary = stability_summary(d, earlier, plain, solution, released, len(rule.bounds))
    return StableOutcome(solution, ds, summary, released)
