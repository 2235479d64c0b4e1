"""Eligibility, fundable amounts U_i, smallest grants L_i and candidates (CONTRACT 2.2-2.5)."""

from __future__ import annotations

from roundkit import make_round

from allocation.model.eligibility import available_budget, ceil_to, floor_to, fundable_table
from allocation.model.scoring import score_round


def table_for(apps, scores, lines=(), **scheme):
    rnd = make_round(apps, scores, lines, **scheme)
    return fundable_table(rnd, score_round(rnd)).set_index("application_id"), rnd


def test_rounding_helpers_use_tolerance():
    assert floor_to(12_345, 1000) == 12_000
    assert floor_to(2999.9999999999995, 1000) == 3000  # within 1e-9 R of 3000
    assert ceil_to(282800.00000000006, 5000) == 285_000
    assert ceil_to(3000.0000000001, 1000) == 3000
    assert ceil_to(3001, 1000) == 4000


def test_fundable_amounts():
    apps = [
        {"application_id": "A", "requested": 707_000},
        {"application_id": "B", "requested": 100_000, "applicant_type": "Frivillig "},
        {"application_id": "C", "requested": 40_000},
        {"application_id": "D", "requested": 50_000},
    ]
    lines = [
        {"application_id": "A", "category": "Utstyr ", "amount": 176_750},
        {"application_id": "A", "category": "Kurs", "amount": 530_250},
        {"application_id": "D", "category": "UTSTYR", "amount": 50_000},
    ]
    t, _ = table_for(
        apps,
        {"A": 4, "B": 5, "C": 5, "D": 5},
        lines,
        cap=450_000,
        min_share=0.4,
        rounding=5_000,
        floor=0,
        applicant_types=("kommune",),
        excluded_cost_categories=("utstyr",),
    )
    a = t.loc["A"]
    assert (a["excluded"], a["u"], a["fundable"], a["smallest"]) == (
        176_750,
        450_000,
        450_000,
        180_000,
    )
    assert a["status"] == "candidate"
    assert t.loc["B", "status"] == "ineligible" and t.loc["B", "fundable"] == 0
    c = t.loc["C"]  # u = 40 000, L = ceil(16 000) = 20 000
    assert (c["fundable"], c["smallest"], c["status"]) == (40_000, 20_000, "candidate")
    assert t.loc["D", "status"] == "nothing_fundable"


def test_threshold_floor_and_smallest_grant():
    apps = [
        {"application_id": "A", "requested": 480_000},
        {"application_id": "B", "requested": 800_000},
        {"application_id": "C", "requested": 800_000},
    ]
    t, _ = table_for(
        apps, {"A": 5, "B": 3.2 - 1e-10, "C": 3.1}, floor=500_000, rounding=10_000, threshold=3.2
    )
    assert t.loc["A", "status"] == "below_smallest_grant"
    assert t.loc["B", "status"] == "candidate"  # within the 1e-9 tolerance
    assert t.loc["C", "status"] == "below_threshold"


def test_smallest_grant_is_at_least_one_step():
    t, _ = table_for([{"application_id": "A", "requested": 999}], {"A": 5}, rounding=1000)
    assert t.loc["A", "status"] == "nothing_fundable"
    t, _ = table_for([{"application_id": "A", "requested": 2500}], {"A": 5}, rounding=1000)
    assert (t.loc["A", "fundable"], t.loc["A", "smallest"]) == (2000, 1000)


def test_available_budget_subtracts_all_committed():
    apps = [
        {"application_id": "A", "requested": 10, "committed": 200_000},
        {"application_id": "B", "requested": 10, "committed": 50_000, "applicant_type": "x"},
    ]
    _, rnd = table_for(
        apps, {"A": 5, "B": 5}, frame=1_000_000, carry_over=100_000, applicant_types=("kommune",)
    )
    assert available_budget(rnd) == 850_000
