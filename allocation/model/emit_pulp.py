"""The allocation MILP written in PuLP: the readable reference formulation and the LP export.

Generated from the rule units (:mod:`allocation.model.rules`), exactly as the highspy builder
(:mod:`allocation.model.emit_highs`) is: the same columns in the same order, the same rows with
the same names, coefficients and bounds. ``tests/test_model_builders.py`` checks that both give
the same rows and the same optimum. CBC and ``builder="pulp"`` solve this model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from allocation.model.data import ModelData
from allocation.model.rules import RowBlock

if TYPE_CHECKING:  # pragma: no cover
    import pulp


@dataclass
class PulpModel:
    """A built PuLP problem and its variables (candidate order)."""

    problem: pulp.LpProblem
    k: list[pulp.LpVariable]
    x: list[pulp.LpVariable]
    y: list[pulp.LpVariable]  # the columns the rules add (``y_m`` of min_models), in order
    objective: pulp.LpAffineExpression

    @property
    def columns(self) -> list[pulp.LpVariable]:
        return self.k + self.x + self.y


def objective_expression(d: ModelData, k: list[Any]) -> pulp.LpAffineExpression:
    """The policy's objective in contract units."""
    import pulp

    c = d.objective_coefficients()
    return pulp.lpSum(float(c[j]) * k[j] for j in range(d.n))


def _add_block(prob: pulp.LpProblem, block: RowBlock, cols: list[Any]) -> None:
    import pulp

    starts = np.concatenate([[0], np.cumsum(block.lengths)])
    for r, name in enumerate(block.names()):
        a, b = int(starts[r]), int(starts[r + 1])
        expr = pulp.LpAffineExpression(
            [
                (cols[int(c)], _num(v))
                for c, v in zip(block.index[a:b], block.value[a:b], strict=True)
            ]
        )
        lo, up = float(block.lower[r]), float(block.upper[r])
        if lo == up:
            prob += expr == _num(lo), name
        elif math.isinf(up):
            prob += expr >= _num(lo), name
        elif math.isinf(lo):
            prob += expr <= _num(up), name
        else:  # pragma: no cover - no rule emits a ranged row
            raise ValueError(f"ranged row {name}")


def _num(value: float) -> float | int:
    """Whole coefficients as int, so the LP file reads as the formulation does."""
    return int(value) if float(value).is_integer() else float(value)


def build_pulp(d: ModelData, *, feasibility_only: bool = False) -> PulpModel:
    """Build the PuLP model of ``d`` (maximise the policy's objective).

    ``feasibility_only``: objective 0 (used by the infeasibility diagnosis).
    """
    import pulp

    prob = pulp.LpProblem("allocation", pulp.LpMaximize)
    names, _ = d.column_layout()
    n = d.n
    k = [
        prob.add_variable(names[j], lowBound=0, upBound=int(d.K[j]), cat=pulp.LpInteger)
        for j in range(n)
    ]
    x = [
        prob.add_variable(names[n + j], lowBound=0, upBound=1, cat=pulp.LpBinary) for j in range(n)
    ]
    y = [prob.add_variable(nm, lowBound=0, upBound=1, cat=pulp.LpBinary) for nm in names[2 * n :]]
    objective = objective_expression(d, k)
    prob += (0 * pulp.lpSum(x) if feasibility_only else objective), "objective"
    cols = k + x + y
    _, offsets = d.column_layout()
    for rule in d.active_rules:
        for block in rule.rows(d, offsets.get(rule.name, len(cols))):
            _add_block(prob, block, cols)
    return PulpModel(prob, k, x, y, objective)


def write_lp(d: ModelData, path: str | Path) -> Path:
    """Write the PuLP model of ``d`` as an LP file for inspection; returns the path."""
    path = Path(path)
    build_pulp(d).problem.writeLP(str(path))
    return path
