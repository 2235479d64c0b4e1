"""The greedy ("by hand") baseline and the rules it breaks."""

from __future__ import annotations

from hypothesis import given, settings
from test_bruteforce import rounds
from test_model import small

from allocation.model.greedy import greedy_allocation, greedy_objective, greedy_violations
from allocation.orchestrator import allocate


def test_greedy_by_score_until_the_money_runs_out():
    rnd = small()
    t = greedy_allocation(rnd)
    assert list(t["granted"]) == [3000, 2000, 0]
    assert list(t["decision"]) == ["innvilget", "delvis_innvilget", "avslått"]
    assert list(t.columns) == list(allocate(rnd).allocation.columns)
    assert greedy_objective(rnd, t) == 5 * 3000 + 4 * 2000
    assert greedy_violations(rnd, t) == []


def test_greedy_ignores_spread_rules_and_says_which_break():
    rnd = small(min_per_region=1, max_region_share=0.5, max_per_model=1, frame=9000)
    t = greedy_allocation(rnd)
    assert list(t["granted"]) == [3000, 3000, 2000]
    assert greedy_violations(rnd, t) == [
        "Regionen Nord får 6 000 kr, mer enn taket på 50 % av budsjettet (4 000 kr).",  # R 1 000
        "Modellen «m1» får 2 prosjekter; høyst 1 er tillatt.",
    ]
    t = greedy_allocation(small(min_per_region=1))
    assert greedy_violations(small(min_per_region=1), t) == [
        "Regionen Sør får 0 prosjekter; regelen krever minst 1."
    ]


def test_greedy_overrides():
    t = greedy_allocation(small(), budget=10_000, policy="coverage")
    assert list(t["granted"]) == [3000, 3000, 2000]


@given(rounds(max_apps=12))
@settings(max_examples=40)
def test_optimum_is_never_below_a_rule_abiding_greedy(case):
    rnd, _ = case
    t = greedy_allocation(rnd)
    result = allocate(rnd)
    assert int(t["granted"].sum()) <= result.summary["budget"]
    if not greedy_violations(rnd, t):  # the greedy allocation is feasible
        assert result.status == "optimal"
        assert result.summary["objective"] >= greedy_objective(rnd, t) * (1 - 1e-9) - 1e-9
