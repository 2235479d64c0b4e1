"""The allocation MILP built directly on highspy with numpy (the fast path).

Exactly the model of :mod:`allocation.model.data` (the readable PuLP reference): the same columns
in the same order (all ``k``, all ``x``, then ``y``), the same rows in the same order, the
same coefficients and bounds. Building it this way avoids PuLP's per-term Python objects,
which cost more than HiGHS's own solve from about 1 000 applications up, and avoids importing
PuLP at all on the default path. ``tests/test_model_builders.py`` checks that both builders
reach the same optimum on random rounds with every rule family active.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from allocation.model.data import ModelData, column_names, safe_names

if TYPE_CHECKING:  # pragma: no cover
    import highspy


class _Rows:
    """Rows collected as CSR pieces."""

    def __init__(self) -> None:
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.index: list[np.ndarray] = []
        self.value: list[np.ndarray] = []
        self.names: list[str] = []

    def add(self, name: str, idx: np.ndarray, val: np.ndarray, lo: float, up: float) -> None:
        self.lower.append(np.array([lo], dtype=float))
        self.upper.append(np.array([up], dtype=float))
        self.lengths.append(np.array([len(idx)], dtype=np.int64))
        self.index.append(np.asarray(idx, dtype=np.int32))
        self.value.append(np.asarray(val, dtype=float))
        self.names.append(name)

    def add_block(
        self,
        names: list[str],
        lengths: np.ndarray,
        idx: np.ndarray,
        val: np.ndarray,
        lo: np.ndarray,
        up: np.ndarray,
    ) -> None:
        self.lower.append(np.asarray(lo, dtype=float))
        self.upper.append(np.asarray(up, dtype=float))
        self.lengths.append(np.asarray(lengths, dtype=np.int64))
        self.index.append(np.asarray(idx, dtype=np.int32))
        self.value.append(np.asarray(val, dtype=float))
        self.names.extend(names)


def build_highs(
    d: ModelData, *, feasibility_only: bool = False, names: bool = False
) -> highspy.Highs:
    """A :class:`highspy.Highs` holding the model of ``d`` (maximisation).

    ``names``: also pass column and row names (for writing the model out; slower).
    """
    import highspy

    inf = highspy.kHighsInf
    n = d.n
    x0 = n  # first x column
    use_y = d.uses("min_models")
    n_y = len(d.models) if use_y else 0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)

    cost = np.zeros(2 * n + n_y)
    if not feasibility_only and n:
        cost[:n] = d.objective_coefficients()
    lower = np.zeros(2 * n + n_y)
    upper = np.concatenate([d.K.astype(float), np.ones(n + n_y)])
    h.addCols(
        2 * n + n_y,
        cost,
        lower,
        upper,
        0,
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0),
    )
    if 2 * n + n_y:
        h.changeColsIntegrality(
            2 * n + n_y,
            np.arange(2 * n + n_y, dtype=np.int32),
            np.full(2 * n + n_y, highspy.HighsVarType.kInteger),
        )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    rows = _Rows()
    j = np.arange(n)
    # grant bounds, interleaved per candidate: grant_min_j, grant_max_j
    if n:
        idx = np.empty(4 * n, dtype=np.int32)
        idx[0::4] = j
        idx[1::4] = x0 + j
        idx[2::4] = j
        idx[3::4] = x0 + j
        val = np.empty(4 * n)
        val[0::4] = 1.0
        val[1::4] = -d.Lk
        val[2::4] = 1.0
        val[3::4] = -d.K
        lo = np.empty(2 * n)
        up = np.empty(2 * n)
        lo[0::2], up[0::2] = 0.0, inf
        lo[1::2], up[1::2] = -inf, 0.0
        row_names: list[str] = []
        if names:
            for a, b in zip(
                safe_names(d.ids, "grant_min"), safe_names(d.ids, "grant_max"), strict=True
            ):
                row_names += [a, b]
        rows.add_block(row_names, np.full(2 * n, 2), idx, val, lo, up)
    if d.uses("budget"):
        rows.add("budget", j, np.full(n, float(d.R)), -inf, float(d.B))
    if d.uses("projects_min"):
        rows.add("projects_min", x0 + j, np.ones(n), float(d.projects_min), inf)
    if d.uses("projects_max"):
        rows.add("projects_max", x0 + j, np.ones(n), -inf, float(d.projects_max))
    if d.uses("one_per_applicant"):
        nm = safe_names([g.name for g in d.applicants], "one_per_applicant")
        for g, name in zip(d.applicants, nm, strict=True):
            if len(g.members) > 1:
                rows.add(name, x0 + g.members, np.ones(len(g.members)), -inf, 1.0)
    if d.uses("min_per_region"):
        nm = safe_names([g.name for g in d.regions], "min_per_region")
        for g, name in zip(d.regions, nm, strict=True):
            need = d.region_need(g)
            if need > 0:
                rows.add(name, x0 + g.members, np.ones(len(g.members)), float(need), inf)
    if d.uses("max_region_share"):
        limit = float(d.region_limit())
        nm = safe_names([g.name for g in d.regions], "max_region_share")
        for g, name in zip(d.regions, nm, strict=True):
            if int(d.K[g.members].sum()) * d.R > limit:
                rows.add(name, g.members, np.full(len(g.members), float(d.R)), -inf, limit)
    if use_y:
        nm = safe_names([g.name for g in d.models], "model_funded")
        y0 = 2 * n
        for m, (g, name) in enumerate(zip(d.models, nm, strict=True)):
            idx = np.concatenate([[y0 + m], x0 + g.members])
            val = np.concatenate([[1.0], -np.ones(len(g.members))])
            rows.add(name, idx, val, -inf, 0.0)
        rows.add("min_models", y0 + np.arange(n_y), np.ones(n_y), float(d.models_need()), inf)
    if d.uses("max_per_model"):
        nm = safe_names([g.name for g in d.models], "max_per_model")
        cap = float(d.max_per_model)
        for g, name in zip(d.models, nm, strict=True):
            if len(g.members) > int(d.max_per_model):
                rows.add(name, x0 + g.members, np.ones(len(g.members)), -inf, cap)
    if d.uses("locks"):
        for jj in d.must_fund:
            rows.add(
                safe_names([d.ids[jj]], "must_fund")[0], np.array([x0 + jj]), np.ones(1), 1.0, 1.0
            )
        for jj in d.must_not_fund:
            rows.add(
                safe_names([d.ids[jj]], "must_not_fund")[0],
                np.array([x0 + jj]),
                np.ones(1),
                0.0,
                0.0,
            )

    if rows.lower:
        lengths = np.concatenate(rows.lengths)
        starts = np.zeros(len(lengths), dtype=np.int32)
        np.cumsum(lengths[:-1], out=starts[1:])
        index = np.concatenate(rows.index).astype(np.int32)
        value = np.concatenate(rows.value)
        h.addRows(
            len(lengths),
            np.concatenate(rows.lower),
            np.concatenate(rows.upper),
            len(index),
            starts,
            index,
            value,
        )
    if names:
        for c, name in enumerate(column_names(d)):
            h.passColName(c, name)
        for r, name in enumerate(rows.names):
            h.passRowName(r, name)
    return h
