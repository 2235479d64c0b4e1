"""The MILP against an exhaustive brute force on small random rounds (hypothesis).

The brute force shares only the scoring and eligibility table with the package (tested by
hand in test_scoring / test_eligibility). It enumerates every set of funded candidates,
checks the count rules (projects, one per applicant, regions, models, size classes, locks) on
it, and gives the set its best grants: the smallest grants first, then the remaining units by
value. That inner step is exact because the money rules (budget, region shares) form a
laminar family of capacities, on which the greedy is optimal; ``test_inner_greedy_is_exact``
checks it against full enumeration of every grant vector.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roundkit import make_round, rule_violations

from allocation.model.eligibility import available_budget, fundable_table
from allocation.model.scoring import score_round
from allocation.orchestrator import allocate
from allocation.results import Lock
from allocation.round.data import key

FAMILIES = (
    "projects",
    "one_per_applicant",
    "min_per_region",
    "max_region_share",
    "min_models",
    "max_per_model",
    "locks",
    "eligibility",
    "min_per_size_class",
)


# --------------------------------------------------------------------------------------------
# brute force


def _instance(rnd, locks):
    sch = rnd.scheme
    table = fundable_table(rnd, score_round(rnd))
    B = available_budget(rnd)
    R = int(sch.rounding or 1)
    apps = rnd.applications
    cands = [i for i, c in enumerate(table["candidate"]) if c]
    ids = list(apps["application_id"])
    items = []
    for i in cands:
        U, L = int(table["fundable"].iloc[i]), int(table["smallest"].iloc[i])
        s = float(table["score"].iloc[i])
        items.append(
            {
                "id": ids[i],
                "s": s,
                "U": U,
                "L": L,
                "value": s * R if sch.policy == "merit" else s * R / U,  # per unit of R
                "region": key(apps["region"].iloc[i]),
                "model": key(apps["model"].iloc[i]),
                "applicant": key(apps["applicant"].iloc[i]),
                "size_class": _size_class(sch, apps["population"].iloc[i]),
            }
        )
    impossible = any(
        lock.action == "must_fund" and app_id not in {it["id"] for it in items}
        for app_id, lock in (locks or {}).items()
    )
    return sch, B, R, items, impossible


def _size_class(sch, population):
    """The size class by CONTRACT 2.7, written out: class k holds c_k <= population < c_(k+1)."""
    if not sch.rule_value("min_per_size_class"):
        return None
    bounds = sch.rule_value("size_classes") or (5000, 20000)
    return sum(1 for c in bounds if population >= c)


def _count_rules_ok(sch, items, chosen, locks):
    n = len(chosen)
    if sch.projects_min is not None and n < sch.projects_min:
        return False
    if sch.projects_max is not None and n > sch.projects_max:
        return False
    sel = [items[j] for j in chosen]
    if sch.one_per_applicant and len({it["applicant"] for it in sel}) < n:
        return False
    if sch.min_per_region:
        for r in {it["region"] for it in items}:
            need = min(sch.min_per_region, sum(it["region"] == r for it in items))
            if sum(it["region"] == r for it in sel) < need:
                return False
    if sch.min_models:
        need = min(sch.min_models, len({it["model"] for it in items}))
        if len({it["model"] for it in sel}) < need:
            return False
    if sch.rule_value("min_per_size_class"):
        for c in {it["size_class"] for it in items}:
            need = min(
                sch.rule_value("min_per_size_class"), sum(it["size_class"] == c for it in items)
            )
            if sum(it["size_class"] == c for it in sel) < need:
                return False
    if sch.max_per_model is not None:
        for m in {it["model"] for it in sel}:
            if sum(it["model"] == m for it in sel) > sch.max_per_model:
                return False
    ids = {it["id"] for it in sel}
    for app_id, lock in (locks or {}).items():
        if (lock.action == "must_fund") != (app_id in ids):
            if lock.action == "must_fund" or app_id in ids:
                return False
    return True


def _region_limit(sch, B, R):
    if sch.max_region_share is None:
        return None
    return math.floor(sch.max_region_share * B / R + 1e-9) * R


def _best_grants(sch, B, R, items, chosen):
    """Best grants for a fixed funded set (greedy over a laminar family); None if none."""
    limit = _region_limit(sch, B, R)
    g = {j: items[j]["L"] for j in chosen}
    left = B - sum(g.values())
    if left < 0:
        return None
    region_left = {}
    if limit is not None:
        for j in chosen:
            r = items[j]["region"]
            region_left[r] = region_left.get(r, limit) - g[j]
        if any(v < 0 for v in region_left.values()):
            return None
    for j in sorted(chosen, key=lambda j: -items[j]["value"]):
        units = (items[j]["U"] - g[j]) // R
        units = min(units, left // R)
        if limit is not None:
            units = min(units, region_left[items[j]["region"]] // R)
        g[j] += units * R
        left -= units * R
        if limit is not None:
            region_left[items[j]["region"]] -= units * R
    return g


def objective(sch, items, g):
    if sch.policy == "merit":
        return sum(items[j]["s"] * g[j] for j in g)
    return sum(items[j]["s"] * g[j] / items[j]["U"] for j in g)


def brute_force(rnd, locks=None):
    """The optimal objective by enumeration of funded sets; None when infeasible."""
    sch, B, R, items, impossible = _instance(rnd, locks)
    if impossible:
        return None
    best = None
    for size in range(len(items) + 1):
        for chosen in itertools.combinations(range(len(items)), size):
            if not _count_rules_ok(sch, items, chosen, locks):
                continue
            g = _best_grants(sch, B, R, items, chosen)
            if g is None:
                continue
            value = objective(sch, items, g)
            if best is None or value > best:
                best = value
    return best


def feasible_grant_vectors(sch, B, R, items, locks=None):
    """Every grant vector (g_j 0 or in [L_j, U_j] in steps of R) that satisfies every rule."""
    limit = _region_limit(sch, B, R)
    ranges = [[0] + list(range(it["L"], it["U"] + 1, R)) for it in items]
    for gs in itertools.product(*ranges):
        if sum(gs) > B:
            continue
        chosen = tuple(j for j, gj in enumerate(gs) if gj)
        if limit is not None:
            sums: dict[str, int] = {}
            for j in chosen:
                sums[items[j]["region"]] = sums.get(items[j]["region"], 0) + gs[j]
            if any(v > limit for v in sums.values()):
                continue
        if _count_rules_ok(sch, items, chosen, locks):
            yield gs


def full_enumeration(rnd, locks=None):
    """The best objective over every feasible grant vector: tiny rounds only."""
    sch, B, R, items, impossible = _instance(rnd, locks)
    if impossible:
        return None
    best = None
    for gs in feasible_grant_vectors(sch, B, R, items, locks):
        value = objective(sch, items, {j: g for j, g in enumerate(gs) if g})
        if best is None or value > best:
            best = value
    return best


# --------------------------------------------------------------------------------------------
# random rounds

SCORES = [1, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6]


@st.composite
def rounds(draw, force: str | None = None, max_apps: int = 9, max_units: int = 6):
    """A small random round; ``force`` switches one rule family on."""

    def on(family):
        return family == force or draw(st.booleans())

    n = draw(st.integers(1, max_apps))
    R = draw(st.sampled_from([1000, 5000]))
    apps, scores, lines = [], {}, []
    for i in range(n):
        app_id = f"S-{i:02d}"
        apps.append(
            {
                "application_id": app_id,
                "applicant": draw(st.sampled_from(["K1", "K2", "k1 ", "K3", "K4", "K5"])),
                "region": draw(st.sampled_from(["Nord", "Sør", "Øst", "nord"])),
                "model": draw(st.sampled_from(["", "A", "a ", "B", "C"])),
                "applicant_type": draw(st.sampled_from(["kommune", "kommune", "bydel"])),
                "requested": draw(st.integers(0, max_units)) * R
                + draw(st.sampled_from([0, R // 2])),
                "committed": draw(st.sampled_from([0, 0, 0, R])),
                "population": draw(
                    st.sampled_from([0, 900, 4999, 5000, 12000, 19999, 20000, 70000])
                ),
            }
        )
        scores[app_id] = draw(st.sampled_from(SCORES))
        if draw(st.booleans()):
            lines.append(
                {
                    "application_id": app_id,
                    "category": draw(st.sampled_from(["Utstyr", "Kurs"])),
                    "amount": draw(st.integers(0, 3)) * R // 2,
                }
            )
    committed = sum(a["committed"] for a in apps)
    scheme = {
        "policy": draw(st.sampled_from(["merit", "coverage"])),
        "rounding": R,
        "frame": committed + draw(st.integers(0, 3 * n)) * R + draw(st.sampled_from([0, R // 2])),
        "cap": draw(st.sampled_from([None, 3 * R, 4 * R + R // 2])),
        "floor": draw(st.sampled_from([0, 0, R, 2 * R])),
        "min_share": draw(st.sampled_from([0.0, 0.0, 0.3, 0.5])),
        "threshold": draw(st.sampled_from([None, 2.5, 3.0])),
        "excluded_cost_categories": ("utstyr",),
    }
    if on("projects"):
        lo = draw(st.integers(0, 3))
        scheme["projects_min"] = lo
        scheme["projects_max"] = draw(st.sampled_from([None, lo + draw(st.integers(0, 3))]))
    if on("one_per_applicant"):
        scheme["one_per_applicant"] = True
    if on("min_per_region"):
        scheme["min_per_region"] = draw(st.integers(1, 2))
    if on("max_region_share"):
        scheme["max_region_share"] = draw(st.sampled_from([0.3, 0.4, 0.6]))
    if on("min_models"):
        scheme["min_models"] = draw(st.integers(1, 4))
    if on("max_per_model"):
        scheme["max_per_model"] = draw(st.integers(1, 2))
    if on("eligibility"):
        scheme["applicant_types"] = ("kommune",)
    if on("min_per_size_class"):
        params = {"min_per_size_class": draw(st.integers(1, 2))}
        bounds = draw(st.sampled_from([None, (5000,), (1000, 5000, 20000)]))
        if bounds is not None:
            params["size_classes"] = bounds
        scheme["rule_params"] = params
    locks = {}
    if on("locks"):
        for app in draw(
            st.lists(st.sampled_from(apps), max_size=2, unique_by=lambda a: a["application_id"])
        ):
            locks[app["application_id"]] = Lock(
                draw(st.sampled_from(["must_fund", "must_not_fund"])), "test"
            )
    return make_round(apps, scores, lines, **scheme), locks


def assert_matches_brute_force(rnd, locks, solver="highs", builder="auto"):
    expected = brute_force(rnd, locks)
    result = allocate(rnd, locks=locks, solver=solver, builder=builder)
    if expected is None:
        assert result.status == "infeasible"
        assert result.conflicts and result.allocation is None
        return result
    assert result.status == "optimal", result.conflicts
    assert result.summary["objective"] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert rule_violations(result, locks) == []
    return result


@given(rounds())
def test_milp_matches_brute_force(case):
    assert_matches_brute_force(*case)


@pytest.mark.parametrize("family", FAMILIES)
@given(data=st.data())
@settings(max_examples=20)
def test_milp_matches_brute_force_per_rule_family(family, data):
    assert_matches_brute_force(*data.draw(rounds(force=family)))


@given(rounds(max_apps=7))
@settings(max_examples=25)
def test_cbc_matches_brute_force(case):
    assert_matches_brute_force(*case, solver="cbc")


@given(rounds(max_apps=4, max_units=3))
def test_inner_greedy_is_exact(case):
    rnd, locks = case
    exhaustive = full_enumeration(rnd, locks)
    if exhaustive is None:
        assert brute_force(rnd, locks) is None
    else:
        assert brute_force(rnd, locks) == pytest.approx(exhaustive, rel=1e-12)


@given(rounds(), st.integers(1, 6))
def test_objective_never_falls_when_the_budget_rises(case, extra_steps):
    rnd, locks = case
    before = allocate(rnd, locks=locks)
    more = rnd.scheme.frame + extra_steps * rnd.scheme.rounding
    after = allocate(rnd, locks=locks, budget=more)
    if before.status == "optimal":
        assert after.status == "optimal"
        assert after.summary["objective"] >= before.summary["objective"] * (1 - 1e-9) - 1e-9
        assert after.summary["granted_total"] <= after.summary["budget"]


@given(rounds())
@settings(max_examples=30)
def test_the_allocation_is_deterministic(case):
    from allocation.results import allocation_csv_text

    rnd, locks = case
    first = allocate(rnd, locks=locks)
    if first.status == "optimal":
        again = allocate(rnd, locks=locks)
        assert allocation_csv_text(first.allocation) == allocation_csv_text(again.allocation)
