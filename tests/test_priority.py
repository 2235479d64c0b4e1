"""The ``priority`` policy (CONTRACT 2.8) against an exhaustive reference on small rounds.

The reference enumerates every grant vector (each candidate 0 or a multiple of R in
[L_j, U_j]), keeps those that satisfy every rule (the brute force's own rule checks, shared with
``test_bruteforce``), and takes the lexicographically greatest vector of grants in the contract's
ranking, computed here independently of the package.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES_DIR
from hypothesis import given, settings
from hypothesis import strategies as st
from roundkit import load, make_round, rule_violations
from test_bruteforce import FAMILIES, _instance, feasible_grant_vectors, rounds

from allocation.orchestrator import allocate
from allocation.solve.priority import priority_order

CONFORMANCE = Path(__file__).resolve().parent / "conformance"
EXPECTED = CONFORMANCE / "expected.json"  # a copy of ../shared/conformance (CONTRACT v1.2)


def _ranking(items) -> list[int]:
    """Score descending in tie classes of 1e-9 from the class's first score, then id."""
    by_score = sorted(range(len(items)), key=lambda j: -items[j]["s"])
    classes: list[list[int]] = []
    for j in by_score:
        if classes and items[j]["s"] >= items[classes[-1][0]]["s"] - 1e-9:
            classes[-1].append(j)
        else:
            classes.append([j])
    return [j for c in classes for j in sorted(c, key=lambda i: items[i]["id"].strip())]


def lexicographic_reference(rnd, locks=None):
    """{application_id: grant} of the lexicographic maximum; None when infeasible."""
    sch, B, R, items, impossible = _instance(rnd, locks)
    if impossible:
        return None
    order = _ranking(items)
    best = None
    for gs in feasible_grant_vectors(sch, B, R, items, locks):
        ranked = tuple(gs[j] for j in order)
        if best is None or ranked > best[0]:
            best = (ranked, gs)
    if best is None:
        return None
    return {items[j]["id"]: best[1][j] for j in range(len(items))}


def assert_priority_matches(rnd, locks, solver="highs"):
    expected = lexicographic_reference(rnd, locks)
    result = allocate(rnd, locks=locks, policy="priority", solver=solver)
    if expected is None:
        assert result.status == "infeasible" and result.conflicts
        return
    assert result.status == "optimal", result.conflicts
    got = dict(zip(result.allocation["application_id"], result.allocation["granted"], strict=True))
    assert {a: got[a] for a in expected} == expected
    assert all(v == 0 for a, v in got.items() if a not in expected)  # non-candidates
    assert rule_violations(result, locks) == []
    merit = sum(s * g for s, g in zip(result.allocation["score"], got.values(), strict=True) if g)
    assert result.summary["objective"] == pytest.approx(merit, rel=1e-12)


@given(rounds(max_apps=6, max_units=4))
@settings(max_examples=60)
def test_priority_is_the_lexicographic_maximum(case):
    assert_priority_matches(*case)


@pytest.mark.parametrize("family", FAMILIES)
@given(data=st.data())
@settings(max_examples=15)
def test_priority_under_every_rule_family(family, data):
    assert_priority_matches(*data.draw(rounds(force=family, max_apps=6, max_units=4)))


@given(rounds(max_apps=5, max_units=3))
@settings(max_examples=10)
def test_priority_with_cbc(case):
    assert_priority_matches(*case, solver="cbc")


def test_ranking_follows_the_contract():
    # 4.0 and 4.0 - 5e-10 tie (one class, by id); 3.9999999985 starts a new class although it
    # is within 1e-9 of its predecessor, because classes are measured from their first score.
    ids = ["b", "a", "c", "d"]
    score = np.array([4.0, 4.0 - 5e-10, 5.0, 4.0 - 1.5e-9])
    assert priority_order(ids, score) == [2, 1, 0, 3]
    assert priority_order([" b", "a"], np.array([1.0, 1.0])) == [1, 0]


def test_public_conformance_grants():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["regional --policy priority"]
    result = allocate(load(CONFORMANCE / "regional"), policy="priority")
    assert result.status == expected["status"]
    got = dict(zip(result.allocation["application_id"], result.allocation["granted"], strict=True))
    assert {a: int(g) for a, g in got.items() if a in expected["grants"]} == {
        a: int(g) for a, g in expected["grants"].items()
    }
    assert result.summary["granted_total"] == expected["granted_total"]
    assert result.summary["funded"] == expected["funded"]
    assert result.summary["objective"] == pytest.approx(expected["objective"], rel=1e-9)


def test_highs_mip_start_cannot_mislead_the_search():
    # Found by hypothesis: with a MIP start, HiGHS 1.16 reported the new optimum's value with
    # the start's columns, and the search stopped with "time_limit" though none was set.
    apps = [
        {"application_id": f"S-{i:02d}", "applicant": a, "region": r, "requested": q}
        for i, (a, r, q) in enumerate(
            [("K1", "Nord", 0)] * 5
            + [("K1", "Nord", 1000), ("K2", "Nord", 2000), ("K2", "Sør", 1000), ("K2", "Sør", 2000)]
        )
    ]
    scores = {a["application_id"]: 1.0 for a in apps} | {"S-07": 2.0, "S-08": 2.0}
    rnd = make_round(apps, scores, rounding=1000, frame=7000, one_per_applicant=True,
                     max_region_share=0.3)  # fmt: skip
    assert_priority_matches(rnd, {})
    result = allocate(rnd, policy="priority")
    assert list(result.allocation["granted"]) == [0, 0, 0, 0, 0, 1000, 0, 1000, 0]


@pytest.mark.parametrize("policy", ["merit", "coverage", "priority"])
def test_a_frame_where_highs_rejects_its_own_optimum(policy):
    # At 4 160 000 kr HiGHS proved the optimum, then called it a "Solve error" for a primal
    # infeasibility of 1.4e-9 on a row in kroner; the retry at 1e-7 finds it (checked exactly).
    result = allocate(load(EXAMPLES_DIR / "regional-2025"), budget=4_160_000, policy=policy)
    assert result.status == "optimal"
    assert rule_violations(result) == []
