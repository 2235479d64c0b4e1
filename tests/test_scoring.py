"""Scoring: criterion means, group-normalised weights, totals, spread flags."""

from __future__ import annotations

import math

import pytest
from roundkit import make_round, simple_scheme

from allocation.model.scoring import effective_weights, score_round, score_table
from allocation.round.data import Criterion


def two_group_scheme(**changes):
    return simple_scheme(
        groups={"P": 0.6, "S": 0.4, "Z": 0.0},
        criteria=(
            Criterion(id="a", group="P", label="A", weight=2),
            Criterion(id="b", group="P", label="B", weight=1),
            Criterion(id="c", group="S", label="C", weight=1),
            Criterion(id="z", group="Z", label="Z", weight=1),
        ),
        **changes,
    )


def rows(app, assessor, **scores):
    return [
        {"application_id": app, "assessor": assessor, "criterion": c, "score": s}
        for c, s in scores.items()
    ]


def test_weights_are_normalised_within_groups():
    w = {
        cid: (gw, within, eff) for cid, _, gw, within, eff in effective_weights(two_group_scheme())
    }
    assert w["a"] == pytest.approx((0.6, 2 / 3, 0.4))
    assert w["b"] == pytest.approx((0.6, 1 / 3, 0.2))
    assert w["c"] == pytest.approx((0.4, 1.0, 0.4))
    assert w["z"] == pytest.approx((0.0, 1.0, 0.0))


def test_total_is_weighted_sum_of_means():
    scores = rows("X", "A", a=6, b=3, c=2, z=1) + rows("X", "B", a=4, b=3, c=4, z=6)
    rnd = make_round([{"application_id": "X", "requested": 1}], scores, scheme=two_group_scheme())
    s = score_round(rnd)
    # means: a=5, b=3, c=3, z=3.5 (group weight 0 -> no contribution)
    expected = 0.6 * (2 / 3 * 5 + 1 / 3 * 3) + 0.4 * 3
    assert s.total["X"] == pytest.approx(expected, abs=1e-12)
    b = s.breakdown.set_index("criterion")
    assert b.loc["a", "mean"] == 5 and b.loc["a", "n_assessors"] == 2
    assert b.loc["z", "contribution"] == 0
    assert b.loc["c", "spread"] == 2
    assert b["contribution"].sum() == pytest.approx(expected)


def test_missing_criterion_gives_no_total():
    scores = rows("X", "A", a=6, b=3, c=2) + rows("Y", "A", a=1, b=1, c=1, z=1)
    rnd = make_round(
        [{"application_id": "X", "requested": 1}, {"application_id": "Y", "requested": 1}],
        scores,
        scheme=two_group_scheme(),
    )
    s = score_round(rnd)
    assert math.isnan(s.total["X"])  # z (even with weight 0) has no score
    assert s.total["Y"] == pytest.approx(1.0)
    assert list(s.total.index) == ["X", "Y"]


def test_row_order_does_not_change_the_floats():
    base = (
        rows("X", "A", a=5, b=4, c=3, z=1)
        + rows("X", "B", a=2, b=6, c=5, z=2)
        + rows("X", "C", a=3, b=1, c=6, z=2)
    )
    apps = [{"application_id": "X", "requested": 1}]
    s1 = score_round(make_round(apps, base, scheme=two_group_scheme())).total["X"]
    s2 = score_round(make_round(apps, list(reversed(base)), scheme=two_group_scheme())).total["X"]
    assert s1 == s2


def test_disagreement_is_flagged():
    scores = rows("X", "A", a=6, b=3, c=2, z=1) + rows("X", "B", a=2, b=3, c=4, z=1)
    rnd = make_round([{"application_id": "X", "requested": 1}], scores, scheme=two_group_scheme())
    flagged = score_round(rnd, disagreement=2.0).flagged
    assert flagged.to_dict("records") == [{"application_id": "X", "criterion": "a", "spread": 4.0}]
    assert len(score_round(rnd, disagreement=1.5).flagged) == 2
    table = score_table(score_round(rnd))
    assert table.loc["X", "a"] == 4 and table.loc["X", "max_spread"] == 4


def test_disagreement_threshold_comes_from_the_scheme():
    scores = rows("X", "A", a=6, b=3, c=2, z=1) + rows("X", "B", a=2, b=3, c=4, z=1)
    apps = [{"application_id": "X", "requested": 1}]
    rnd = make_round(apps, scores, scheme=two_group_scheme())
    assert len(score_round(rnd).flagged) == 1  # default: more than 2 points apart
    strict = rnd.with_scheme(rnd.scheme.replace(disagreement=1.5))
    assert len(score_round(strict).flagged) == 2
