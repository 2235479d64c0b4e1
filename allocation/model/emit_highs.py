"""The allocation MILP built directly on highspy with numpy (the fast path).

Generated from the same rule units (:mod:`allocation.model.rules`) as the PuLP reference
(:mod:`allocation.model.emit_pulp`): the same columns in the same order, the same rows in the same
order, the same coefficients and bounds. Building it this way avoids PuLP's per-term Python
objects, which cost more than HiGHS's own solve from about 1 000 applications up, and avoids
importing PuLP on the default path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from allocation.model.data import ModelData
from allocation.model.rules import RowBlock
from allocation.quiet import new_highs

if TYPE_CHECKING:  # pragma: no cover
    import highspy


def _add_columns(h: highspy.Highs, d: ModelData, n_cols: int, feasibility_only: bool) -> None:
    import highspy

    n = d.n
    cost = np.zeros(n_cols)
    if not feasibility_only and n:
        cost[:n] = d.objective_coefficients()
    upper = np.concatenate([d.K.astype(float), np.ones(n_cols - n)])
    empty = np.zeros(0, dtype=np.int32)
    h.addCols(n_cols, cost, np.zeros(n_cols), upper, 0, empty, empty, np.zeros(0))
    if n_cols:
        h.changeColsIntegrality(
            n_cols,
            np.arange(n_cols, dtype=np.int32),
            np.full(n_cols, highspy.HighsVarType.kInteger),
        )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)


def _add_rows(h: highspy.Highs, blocks: list[RowBlock]) -> None:
    import highspy

    if not blocks:
        return
    inf = highspy.kHighsInf
    lengths = np.concatenate([b.lengths for b in blocks])
    starts = np.zeros(len(lengths), dtype=np.int32)
    np.cumsum(lengths[:-1], out=starts[1:])
    index = np.concatenate([b.index for b in blocks]).astype(np.int32)
    value = np.concatenate([b.value for b in blocks]).astype(float)
    lower = np.clip(np.concatenate([b.lower for b in blocks]), -inf, inf)
    upper = np.clip(np.concatenate([b.upper for b in blocks]), -inf, inf)
    h.addRows(len(lengths), lower, upper, len(index), starts, index, value)


def build_highs(
    d: ModelData, *, feasibility_only: bool = False, names: bool = False
) -> highspy.Highs:
    """A :class:`highspy.Highs` holding the model of ``d`` (maximisation).

    ``names``: also pass column and row names (for writing the model out; slower).
    """
    h = new_highs()
    n_cols, offsets = d.column_offsets()
    _add_columns(h, d, n_cols, feasibility_only)
    blocks = [
        block for rule in d.active_rules for block in rule.rows(d, offsets.get(rule.name, n_cols))
    ]
    _add_rows(h, blocks)
    if names:
        for c, name in enumerate(d.column_layout()[0]):
            h.passColName(c, name)
        row_names = [name for block in blocks for name in block.names()]
        for r, name in enumerate(row_names):
            h.passRowName(r, name)
    return h
