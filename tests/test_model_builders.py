"""The highspy builder gives the same model and optimum as the PuLP reference formulation."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from test_bruteforce import rounds

from allocation.model.data import model_data
from allocation.model.eligibility import available_budget, fundable_table
from allocation.model.emit_highs import build_highs
from allocation.model.emit_pulp import build_pulp
from allocation.model.scoring import score_round
from allocation.orchestrator import allocate


def data_of(rnd, locks):
    table = fundable_table(rnd, score_round(rnd))
    return model_data(rnd, table, available_budget(rnd), locks=locks)


@given(rounds(max_apps=25, max_units=8))
@settings(max_examples=40)
def test_same_rows_columns_and_coefficients(case):
    d = data_of(*case)
    pm = build_pulp(d)
    h = build_highs(d, names=True)
    with warnings.catch_warnings():  # PuLP 3.3 deprecates the dict view of constraints
        warnings.simplefilter("ignore", DeprecationWarning)
        constraints = dict(pm.problem.constraints)
    assert h.getNumCol() == len(pm.k) + len(pm.x) + len(pm.y)
    assert h.getNumRow() == len(constraints)
    names = [h.getRowName(r)[1] for r in range(h.getNumRow())]
    assert names == list(constraints)
    col_names = [v.name for v in pm.k + pm.x + pm.y]
    assert [h.getColName(c)[1] for c in range(h.getNumCol())] == col_names
    lp = h.getLp()
    index = {name: c for c, name in enumerate(col_names)}
    for r, (name, con) in enumerate(constraints.items()):
        _, lo, up, _ = h.getRow(r)
        _, idx, val = h.getRowEntries(r)
        got = {int(i): float(v) for i, v in zip(idx, val, strict=True) if v != 0}
        want = {index[v.name]: float(c) for v, c in con.items() if c != 0}
        assert got == want, name
        rhs = -con.constant
        if con.sense >= 0:
            assert lo == pytest.approx(rhs)
        if con.sense <= 0:
            assert up == pytest.approx(rhs)
    obj = {index[v.name]: c for v, c in pm.objective.items()}
    assert list(lp.col_cost_) == pytest.approx([obj.get(c, 0.0) for c in range(h.getNumCol())])


@given(rounds(max_apps=30, max_units=8))
@settings(max_examples=40)
def test_same_optimum(case):
    rnd, locks = case
    fast = allocate(rnd, locks=locks, builder="highspy")
    ref = allocate(rnd, locks=locks, builder="pulp")
    assert fast.status == ref.status
    if fast.status == "optimal":
        assert fast.summary["objective"] == pytest.approx(ref.summary["objective"], rel=1e-9)
    else:
        assert fast.conflicts == ref.conflicts
