"""Rank inversions and unspent money (allocation.ranking): defined as the issue defines them,
explained by a rule under ``priority`` always, and named in the reasons of both applications."""

from __future__ import annotations

import pytest
from conftest import CONFORMANCE_DIR, EXAMPLES_DIR
from hypothesis import given, settings
from roundkit import load, make_round
from test_bruteforce import rounds

from allocation.orchestrator import allocate
from allocation.report.content import innstilling_from_result
from allocation.results import Lock
from allocation.solve.priority import priority_order
from allocation.wording import report as W


def _reasons(result):
    t = result.allocation
    return dict(zip(t["application_id"], t["reason"], strict=True))


def _independent_pairs(result):
    """(i, j) with i ranked above j, j funded, i below its fundable amount (from the table)."""
    t = result.allocation
    cand = t[result.fundable["candidate"].to_numpy()]
    ids = list(cand["application_id"])
    order = [ids[k] for k in priority_order(ids, cand["score"].to_numpy())]
    g = dict(zip(t["application_id"], t["granted"], strict=True))
    u = dict(zip(t["application_id"], t["fundable"], strict=True))
    return {(a, b) for n, a in enumerate(order) for b in order[n + 1 :] if g[b] > 0 and g[a] < u[a]}


@given(rounds())
@settings(max_examples=40)
def test_inversions_are_the_defined_pairs_and_priority_explains_them_all(case):
    rnd, locks = case
    for policy in ("priority", "merit"):
        result = allocate(rnd, locks=locks, policy=policy)
        if result.status != "optimal":
            continue
        pairs = {(inv.above, inv.below) for inv in result.ranking.inversions}
        assert pairs == _independent_pairs(result)
        summary = result.summary["inversions"]
        assert summary["total"] == len(pairs)
        if policy == "priority":
            assert summary["unexplained"] == 0, result.ranking.inversions
        reasons = _reasons(result)
        for above, below in pairs:
            assert below in reasons[above] and above in reasons[below]


def test_the_public_priority_round_names_its_one_inversion_and_the_unspent_money():
    result = allocate(load(CONFORMANCE_DIR / "regional"), policy="priority")
    assert result.summary["inversions"] == {
        "total": 1,
        "by_rule": {"max_per_model": 1},
        "unexplained": 0,
    }
    assert result.summary["unspent"] == {"amount": 325_000, "rules": ["max_per_model"]}
    reasons = _reasons(result)
    rule = "Modellen «e-læring» har allerede 3 prosjekter, som er det høyeste tillatte per modell."
    assert "Søknader med lavere poengsum har fått tilskudd (V-002)." in reasons["V-010"]
    assert rule in reasons["V-010"]
    assert "Innvilget foran søknader med høyere poengsum (V-010). " + rule in reasons["V-002"]


def test_merit_says_plainly_when_no_rule_explains_an_inversion():
    result = allocate(load(CONFORMANCE_DIR / "regional"), policy="merit")
    summary = result.summary["inversions"]
    assert summary["unexplained"] >= 1
    reasons = _reasons(result)
    assert any("mer samlet verdi for pengene" in text for text in reasons.values())


@pytest.mark.parametrize("name", ["regional-2025", "national-2024"])
@pytest.mark.parametrize("policy", ["merit", "coverage", "priority"])
def test_the_innstilling_lists_every_inversion_with_its_rule(name, policy):
    result = allocate(load(EXAMPLES_DIR / name), policy=policy)
    inn = innstilling_from_result(result, greedy=False, charts=False)
    section = next(s for s in inn.sections if s.heading == W.H_RANKING)
    texts = [b.text for b in section.blocks if b.kind == "p"]
    pairs = result.ranking.inversions
    if not pairs:
        assert W.RANKING_NONE in texts and inn.table("ranking") is None
        return
    table = inn.table("ranking")
    assert table is not None
    above = {inv.above for inv in pairs}
    assert {row["application_id"] for row in table.rows} == above
    for row in table.rows:
        below = [inv.below for inv in pairs if inv.above == row["application_id"]]
        assert all(b in row["below"] for b in below)
        assert row["reason"]  # a rule, or "mer samlet verdi for pengene"
    if policy == "priority":
        assert W.RANKING_ALL_EXPLAINED in texts


def test_a_must_fund_lock_at_its_smallest_grant_says_so():
    apps = [
        {"application_id": "A", "requested": 5000, "region": "Nord"},
        {"application_id": "B", "requested": 5000, "region": "Nord"},
    ]
    rnd = make_round(apps, {"A": 5.0, "B": 1.0}, rounding=1000, frame=6000, min_share=0.2)
    result = allocate(rnd, locks={"B": Lock("must_fund", "lovpålagt")})
    reasons = _reasons(result)
    assert list(result.allocation["granted"]) == [5000, 1000]
    assert "har fått minste tilskudd (1 000 kr)" in reasons["B"]


def test_a_region_minimum_above_the_candidates_is_named_with_the_number_that_binds():
    apps = [
        {"application_id": "A", "requested": 3000, "region": "Nord"},
        {"application_id": "B", "requested": 3000, "region": "Nord"},
        {"application_id": "C", "requested": 3000, "region": "Sør"},
    ]
    rnd = make_round(apps, {"A": 5.0, "B": 4.0, "C": 1.0}, rounding=1000, frame=6000,
                     min_per_region=2)  # fmt: skip
    reasons = _reasons(allocate(rnd))
    assert "i Sør bare 1 prosjekt, så mange som det er kandidater" in reasons["C"]
