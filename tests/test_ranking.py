"""Rank inversions and unspent money (allocation.ranking): defined as the issue defines them,
explained by a rule under ``priority`` always, and named in the reasons of both applications."""

from __future__ import annotations

from conftest import CONFORMANCE_DIR
from hypothesis import given, settings
from roundkit import load
from test_bruteforce import rounds

from allocation.orchestrator import allocate
from allocation.solve.priority import priority_order


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
