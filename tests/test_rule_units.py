"""A rule family defined in this file alone is applied by every part of the package.

The family ``dummy_prefix`` ("at most ``n`` funded among the applications whose id starts with
``prefix``") exists only here. Without any edit to the package, the scheme parser reads its key
(once the family is registered), the PuLP and highspy emitters write its row, the solver's
answer respects it (checked against an enumeration of every allocation), the exact check, the
greedy check and the conflict diagnosis report it, and the explanation names it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from roundkit import make_round

from allocation.model.check import violations
from allocation.model.data import ModelData, model_data
from allocation.model.eligibility import available_budget, fundable_table
from allocation.model.emit_highs import build_highs
from allocation.model.emit_pulp import build_pulp
from allocation.model.greedy import greedy_allocation, greedy_violations
from allocation.model.rules import (
    INF,
    RowBlock,
    Rule,
    Tally,
    register_rule,
    row,
    unregister_rule,
)
from allocation.model.scoring import score_round
from allocation.orchestrator import allocate
from allocation.records import Reason, reason
from allocation.round.data import Scheme
from allocation.round.keys import INT, Key, SchemeKey
from allocation.round.scheme import parse_scheme_text, scheme_tables
from allocation.solve.core import solve_model
from allocation.solve.diagnose import conflicting_families, diagnose
from allocation.wording.render import register, render

register("breaks.dummy_prefix", "{count:projects} med «{prefix}»; høyst {max:int} er tillatt.")
register("conflict.dummy_prefix", "høyst {n:int} med «{prefix}»")
register("out.dummy_prefix", "Høyst {n:int} søknad med «{prefix}» kan innvilges.")


@dataclass(frozen=True)
class DummyPrefix(Rule):
    prefix: str = "a"
    n: int = 1
    name = "dummy_prefix"
    deletion_rank = naming_rank = 5

    def members(self, d: ModelData) -> np.ndarray:
        return np.array([j for j, i in enumerate(d.ids) if i.startswith(self.prefix)], dtype=int)

    def uses(self, d: ModelData) -> bool:
        return len(self.members(d)) > self.n

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        m = self.members(d)
        return [row("dummy_prefix", d.n + m, np.ones(len(m)), -INF, float(self.n))]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        count = int(t.x[self.members(d)].sum())
        if count <= self.n:
            return []
        return [reason("breaks.dummy_prefix", count=count, prefix=self.prefix, max=self.n)]

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.dummy_prefix", n=self.n, prefix=self.prefix)

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        if d.ids[j].startswith(self.prefix) and t.x[self.members(d)].sum() >= self.n:
            return reason("out.dummy_prefix", n=self.n, prefix=self.prefix)
        return None


def _round(**changes):
    apps = [
        {"application_id": "a1", "requested": 3000, "region": "Nord"},
        {"application_id": "a2", "requested": 3000, "region": "Sør"},
        {"application_id": "b1", "requested": 3000, "region": "Sør"},
    ]
    return make_round(apps, {"a1": 5.0, "a2": 4.5, "b1": 4.0}, rounding=1000, **changes)


def _data(rnd, *rules: Rule) -> ModelData:
    table = fundable_table(rnd, score_round(rnd))
    return model_data(rnd, table, available_budget(rnd), extra_rules=rules)


def _enumerated_optimum(d: ModelData) -> float:
    """The best merit value over every integer allocation that passes the exact check."""
    best = -1.0
    for k in itertools.product(*(range(int(K) + 1) for K in d.K)):
        k_arr = np.array(k, dtype=np.int64)
        x = (k_arr > 0).astype(np.int64)
        if not violations(d, k_arr, x):
            best = max(best, float((d.score * k_arr * d.R).sum()))
    return best


def test_both_emitters_write_the_rule_and_respect_it() -> None:
    rnd = _round(frame=9000)
    d = _data(rnd, DummyPrefix())
    h = build_highs(d, names=True)
    names = [h.getRowName(r)[1] for r in range(h.getNumRow())]
    assert "dummy_prefix" in names
    assert build_pulp(d).problem.get_constraint_by_name("dummy_prefix") is not None
    fast = solve_model(d)
    ref = solve_model(d, builder="pulp")
    assert fast.objective == pytest.approx(ref.objective, rel=1e-12)
    assert fast.objective == pytest.approx(_enumerated_optimum(d), rel=1e-12)
    assert fast.k is not None and fast.x is not None
    assert int(fast.x[:2].sum()) == 1  # a1 or a2, not both
    plain = solve_model(_data(rnd))
    assert plain.x is not None and int(plain.x[:2].sum()) == 2  # the rule is what binds


def test_exact_check_and_greedy_check_report_it() -> None:
    rnd = _round(frame=9000)
    d = _data(rnd, DummyPrefix())
    assert violations(d, np.array([3, 3, 0]), np.array([1, 1, 0])) == ["dummy_prefix"]
    assert violations(d, np.array([3, 0, 3]), np.array([1, 0, 1])) == []
    table = greedy_allocation(rnd)
    assert list(table["granted"]) == [3000, 3000, 3000]
    assert greedy_violations(rnd, table, extra_rules=[DummyPrefix()]) == [
        "2 prosjekter med «a»; høyst 1 er tillatt."
    ]
    assert greedy_violations(rnd, table) == []


def test_conflict_diagnosis_names_it() -> None:
    rnd = _round(frame=9000, projects_min=3)
    d = _data(rnd, DummyPrefix())
    assert sorted(conflicting_families(d) or []) == ["dummy_prefix", "projects_min"]
    (conflict,) = diagnose(d)
    assert render(conflict) == (
        "Regelen om høyst 1 med «a» kan ikke oppfylles samtidig med minst 3 prosjekter totalt."
    )
    result = allocate(rnd, extra_rules=[DummyPrefix()])
    assert result.status == "infeasible" and result.conflicts == [render(conflict)]


def test_explanation_names_it() -> None:
    result = allocate(_round(frame=9000), extra_rules=[DummyPrefix()])
    assert result.allocation is not None
    reasons = dict(
        zip(result.allocation["application_id"], result.allocation["reason"], strict=True)
    )
    assert list(result.allocation["granted"]) == [3000, 0, 3000]
    assert "Høyst 1 søknad med «a» kan innvilges." in reasons["a2"]
    (a2,) = [e for e in result.explanations if e.application_id == "a2"]
    assert "out.dummy_prefix" in a2.codes


@dataclass(frozen=True)
class ConfiguredPrefix(DummyPrefix):
    """The same family, now read from ``[spread] dummy_prefix_max`` in scheme.toml."""

    scheme_keys = (SchemeKey("spread", "dummy_prefix_max", Key(INT, low=0), "dummy_prefix_max"),)

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        value = scheme.rule_value("dummy_prefix_max")
        return None if value is None else cls(n=int(value))


SCHEME_TEXT = """
[scheme]
name = "Test"
year = 2025
[budget]
frame = 9000
[grants]
rounding = 1000
[groups]
G = 1
[[criteria]]
id = "q"
group = "G"
[spread]
dummy_prefix_max = {value}
"""


def test_a_registered_family_reads_its_own_scheme_key() -> None:
    assert "dummy_prefix_max" not in scheme_tables()["spread"]
    bad = parse_scheme_text(SCHEME_TEXT.format(value=1))
    assert bad.scheme is None and "dummy_prefix_max" in str(bad.problems[0])  # unknown key
    register_rule(ConfiguredPrefix)
    try:
        parsed = parse_scheme_text(SCHEME_TEXT.format(value=1))
        assert parsed.scheme is not None, parsed.problems
        assert parsed.scheme.rule_params == {"dummy_prefix_max": 1}
        negative = parse_scheme_text(SCHEME_TEXT.format(value=-1))
        assert negative.scheme is None and negative.problems[0].column == "spread.dummy_prefix_max"
        rnd = _round().with_scheme(parsed.scheme)
        result = allocate(rnd)  # no extra_rules: the scheme carries the family
        assert result.allocation is not None
        assert list(result.allocation["granted"]) == [3000, 0, 3000]
    finally:
        unregister_rule(ConfiguredPrefix)
    assert "dummy_prefix_max" not in scheme_tables()["spread"]
