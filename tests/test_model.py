"""Hand-checked small rounds: objectives, decisions, reasons, locks, conflicts, the LP file."""

from __future__ import annotations

import pytest
from roundkit import make_round

from allocation.model.data import model_data
from allocation.model.eligibility import available_budget, fundable_table
from allocation.model.emit_pulp import write_lp
from allocation.model.scoring import score_round
from allocation.orchestrator import allocate
from allocation.results import Lock
from allocation.solve.diagnose import conflicting_families

APPS = [
    {"application_id": "A", "requested": 3000, "region": "Nord", "model": "m1"},
    {"application_id": "B", "requested": 3000, "region": "Nord", "model": "m2"},
    {"application_id": "C", "requested": 2000, "region": "Sør", "model": "m1"},
]
SCORES = {"A": 5, "B": 4, "C": 3}


def small(**scheme):
    scheme.setdefault("rounding", 1000)
    scheme.setdefault("frame", 5000)
    return make_round(APPS, SCORES, **scheme)


def by_id(result):
    return result.allocation.set_index("application_id")


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_merit_funds_by_score_and_splits_the_last(solver):
    r = allocate(small(), solver=solver)
    t = by_id(r)
    assert r.summary["objective"] == 5 * 3000 + 4 * 2000
    assert list(t["granted"]) == [3000, 2000, 0]
    assert list(t["decision"]) == ["innvilget", "delvis_innvilget", "avslått"]
    assert "Budsjettet var brukt opp" in t.loc["B", "reason"]
    assert "søknader med høyere poengsum" in t.loc["C", "reason"]
    assert r.summary["remaining"] == 0


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_coverage_prefers_whole_grants(solver):
    r = allocate(small(), policy="coverage", solver=solver)
    assert r.summary["objective"] == pytest.approx(5 + 3)
    assert list(by_id(r)["granted"]) == [3000, 0, 2000]


def test_locks_change_the_optimum_and_are_explained():
    r = allocate(small(), locks={"A": Lock("must_not_fund", "Inhabil saksbehandler")})
    t = by_id(r)
    assert r.summary["objective"] == 4 * 3000 + 3 * 2000
    assert "Inhabil saksbehandler" in t.loc["A", "reason"]
    r = allocate(small(), locks={"C": Lock("must_fund", "Eneste søker i Sør")})
    t = by_id(r)
    assert r.summary["objective"] == 5 * 3000 + 4 * 1000 + 3 * 1000
    assert "Eneste søker i Sør" in t.loc["C", "reason"]
    assert r.summary["locks"] == {"C": {"action": "must_fund", "reason": "Eneste søker i Sør"}}


def test_must_fund_on_a_non_candidate_is_a_named_conflict():
    r = allocate(small(threshold=3.5), locks={"C": Lock("must_fund", "x")})
    assert r.status == "infeasible"
    assert r.conflicts == [
        "Søknad C er låst som «skal innvilges», men kan ikke innvilges: samlet poengsum 3,00 "
        "er under kvalitetsterskelen 3,50."
    ]


def test_unknown_lock_is_a_config_error():
    from allocation.errors import ConfigError

    with pytest.raises(ConfigError):
        allocate(small(), locks={"Z": Lock("must_fund", "x")})


def test_budget_below_smallest_grants():
    r = allocate(small(projects_min=3, floor=2000))
    assert r.status == "infeasible"
    assert r.conflicts == [
        "Regelen om minst 3 prosjekter totalt kan ikke oppfylles samtidig med tilgjengelig "
        "budsjett på 5 000 kr. De 3 minste tilskuddene som er mulige, koster til sammen 6 000 kr."
    ]


def test_min_models_against_projects_max():
    r = allocate(small(min_models=2, projects_max=1))
    assert r.conflicts == [
        "Regelen om minst 2 ulike modeller (2 modeller blant kandidatene) kan ikke oppfylles "
        "samtidig med høyst 1 prosjekt totalt."
    ]


def test_conflict_set_is_irreducible():
    rnd = small(min_per_region=1, projects_max=1, max_per_model=1, one_per_applicant=True)
    table = fundable_table(rnd, score_round(rnd))
    d = model_data(rnd, table, available_budget(rnd))
    assert conflicting_families(d) == ["min_per_region", "projects_max"]


def test_region_share_holds_back_a_partial_grant():
    r = allocate(small(frame=8000, max_region_share=0.5))  # Nord at most 4 000
    t = by_id(r)
    assert list(t["granted"]) == [3000, 1000, 2000]
    assert "Regionen Nord har nådd taket på 50 % av budsjettet (4 000 kr)" in t.loc["B", "reason"]


def test_max_per_model_and_one_per_applicant_reasons():
    apps = [dict(a, applicant="Same") for a in APPS]
    r = allocate(make_round(apps, SCORES, rounding=1000, frame=9000, one_per_applicant=True))
    t = by_id(r)
    assert list(t["granted"]) == [3000, 0, 0]
    assert "høyst ett tilskudd per søker" in t.loc["B", "reason"]
    r = allocate(small(frame=9000, max_per_model=1))
    t = by_id(r)
    assert list(t["granted"]) == [3000, 3000, 0]
    assert "Modellen «m1» har allerede 1 prosjekt" in t.loc["C", "reason"]


def test_spread_rule_funds_a_lower_score_and_says_so():
    r = allocate(small(min_per_region=1, floor=2000))
    t = by_id(r)
    assert list(t["granted"]) == [3000, 0, 2000]
    assert "minst 1 prosjekt per region" in t.loc["C", "reason"]
    assert "noen søknader med lavere poengsum ble innvilget" in t.loc["B", "reason"]


def test_non_candidates_are_explained():
    apps = APPS + [
        {"application_id": "D", "requested": 3000, "applicant_type": "frivillig"},
        {"application_id": "E", "requested": 500},
        {"application_id": "F", "requested": 3000},
        {"application_id": "G", "requested": 3000},
    ]
    scores = dict(SCORES, D=6, E=6, F=2)
    rnd = make_round(
        apps, scores, rounding=1000, frame=5000, threshold=2.5, applicant_types=("kommune",)
    )
    t = by_id(allocate(rnd))
    assert t.loc["D", "decision"] == "avvist" and "frivillig" in t.loc["D", "reason"]
    assert "mindre enn tilskuddsenheten" in t.loc["E", "reason"]
    assert "under kvalitetsterskelen 2,50" in t.loc["F", "reason"]
    assert "mangler poeng for «Kvalitet»" in t.loc["G", "reason"]
    assert t.loc["G", "score"] != t.loc["G", "score"]  # NaN: written as an empty cell


def test_write_lp_names_every_rule(tmp_path):
    rnd = small(
        projects_min=1,
        projects_max=2,
        min_per_region=1,
        max_region_share=0.6,
        min_models=2,
        max_per_model=1,
        one_per_applicant=True,
    )
    rnd.applications.loc[1, "applicant"] = rnd.applications.loc[0, "applicant"]
    table = fundable_table(rnd, score_round(rnd))
    d = model_data(rnd, table, available_budget(rnd), locks={"C": Lock("must_fund")})
    text = write_lp(d, tmp_path / "model.lp").read_text()
    for name in (
        "budget:",
        "projects_min:",
        "projects_max:",
        "min_per_region_Nord:",
        "max_region_share_Nord:",
        "model_funded_m1:",
        "min_models:",
        "max_per_model_m1:",
        "one_per_applicant_S_ker_A:",
        "must_fund_C:",
        "grant_min_A:",
        "grant_max_C:",
    ):
        assert name in text, name


def _benchmark_round(n):
    import sys

    from conftest import PROJECT_ROOT

    sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
    from generate import make_round

    return make_round(n, seed=0)


def test_time_limit_is_reported_not_an_allocation():
    r = allocate(_benchmark_round(1000), time_limit=0.02)
    assert r.status == "time_limit"
    assert r.allocation is None and r.summary["objective"] is None
    assert r.summary["granted_total"] == 0 and "tidsgrensen" in r.summary["message"]


@pytest.mark.slow
def test_cbc_time_limit_is_not_taken_for_optimal():
    # PuLP 3.3 labels CBC's "Stopped on time" with a feasible answer "Optimal".
    r = allocate(_benchmark_round(3000), solver="cbc", time_limit=1)
    assert r.status == "time_limit"
