"""The public conformance rounds reach expected.json's figures, with both solvers."""

from __future__ import annotations

import json

import pytest
from conftest import CONFORMANCE_DIR, EXAMPLES_DIR
from roundkit import load, rule_violations

from allocation.orchestrator import allocate
from allocation.results import allocation_csv_text

EXPECTED = json.loads((CONFORMANCE_DIR / "expected.json").read_text(encoding="utf-8"))
SETUPS = [("highs", "auto"), ("highs", "pulp"), ("cbc", "auto")]


def parse_case(case: str) -> tuple[str, dict]:
    name, *args = case.split()
    kwargs = {}
    while args:
        flag, value = args.pop(0), args.pop(0)
        kwargs[flag.lstrip("-").replace("-", "_")] = int(value) if flag == "--budget" else value
    return name, kwargs


@pytest.mark.parametrize("solver,builder", SETUPS)
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_conformance_round(case, solver, builder):
    name, kwargs = parse_case(case)
    expected = EXPECTED[case]
    result = allocate(load(CONFORMANCE_DIR / name), solver=solver, builder=builder, **kwargs)
    s = result.summary
    assert s["status"] == expected["status"]
    assert s["budget"] == expected["budget"]
    assert s["granted_total"] == expected["granted_total"]
    assert s["funded"] == expected["funded"]
    if expected["objective"] is None:
        assert s["objective"] is None
        assert s["conflicts"] and result.allocation is None
    else:
        assert s["objective"] == pytest.approx(expected["objective"], rel=1e-6)
        assert s["conflicts"] == []
        table = result.allocation
        assert table["reason"].str.len().min() > 20
        assert int(table["granted"].sum()) == expected["granted_total"]
        assert rule_violations(result) == []
        if "grants" in expected:  # priority: the answer is unique, every grant is given
            got = dict(zip(table["application_id"], table["granted"].astype(int), strict=True))
            assert got == expected["grants"]


def test_infeasible_round_names_the_conflict():
    result = allocate(load(CONFORMANCE_DIR / "infeasible"))
    assert result.conflicts == [
        "Regelen om minst 1 prosjekt per region (4 regioner med kandidater) kan ikke oppfylles "
        "samtidig med høyst 2 prosjekter totalt."
    ]


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_same_input_gives_identical_csv(solver):
    rnd = load(CONFORMANCE_DIR / "national")
    texts = {allocation_csv_text(allocate(rnd, solver=solver).allocation) for _ in range(3)}
    assert len(texts) == 1


def example_rounds():
    if not EXAMPLES_DIR.exists():
        return []
    return sorted(p.name for p in EXAMPLES_DIR.iterdir() if (p / "scheme.toml").exists())


@pytest.mark.parametrize("name", example_rounds())
@pytest.mark.parametrize("policy", ["merit", "coverage", "priority"])
def test_examples_solve_with_a_reason_for_every_application(name, policy):
    result = allocate(load(EXAMPLES_DIR / name), policy=policy)
    assert result.status == "optimal"
    table = result.allocation
    assert len(table) == len(result.round.applications)
    assert (table["reason"].str.len() > 20).all()
    assert set(table["decision"]) <= {"innvilget", "delvis_innvilget", "avslått", "avvist"}
    assert rule_violations(result) == []
    # the CBC optimum is the same
    other = allocate(load(EXAMPLES_DIR / name), policy=policy, solver="cbc")
    assert other.summary["objective"] == pytest.approx(result.summary["objective"], rel=1e-9)
