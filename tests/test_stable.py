"""Stable re-runs (allocation.solve.stable, ``--stable-from``).

The properties of the issue: never a rule broken; never an earlier grant moved against the change
of the frame unless its bound is reported released; never more changed applications than the
plain re-run on the example rounds; the objective at least the plain optimum's minus the reported
price; and the fewest bounds released when the rules conflict with them (brute force).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation.cli.main import main
from allocation.model.check import violations
from allocation.model.data import ModelData, model_data
from allocation.model.eligibility import available_budget, fundable_table
from allocation.model.scoring import score_round
from allocation.orchestrator import allocate
from allocation.results import AllocationResult
from allocation.round.data import Round
from allocation.round.read import load_round
from allocation.solve.core import check_feasible
from allocation.solve.stable import EarlierGrants, KeepEarlier, bounds_for
from allocation.wording.render import render
from tests.conftest import EXAMPLES_DIR
from tests.roundkit import make_round

REGIONAL = EXAMPLES_DIR / "regional-2025"
EXAMPLES = [REGIONAL, EXAMPLES_DIR / "national-2024"]
POLICIES = ("merit", "coverage", "priority")


def grants(result: AllocationResult) -> dict[str, int]:
    assert result.allocation is not None
    a = result.allocation
    return dict(zip(a["application_id"].astype(str), a["granted"].astype(int), strict=True))


def earlier_of(result: AllocationResult, label: str = "før") -> EarlierGrants:
    return EarlierGrants(label, int(result.summary["budget"]), grants(result))


def model_of(round_: Round, budget: int | None = None, policy: str | None = None) -> ModelData:
    """The model data :func:`allocate` solves (without locks or stability bounds)."""
    scheme = round_.scheme.replace(
        **({"frame": budget} if budget is not None else {}),
        **({"policy": policy} if policy is not None else {}),
    )
    round_ = round_.with_scheme(scheme)
    table = fundable_table(round_, score_round(round_))
    return model_data(round_, table, available_budget(round_))


def check_stable(
    round_: Round, earlier: EarlierGrants, result: AllocationResult, plain: AllocationResult
) -> dict[str, Any]:
    """The properties every stable re-run has; returns its ``stability``."""
    assert result.status.value == "optimal"
    stability = result.summary["stability"]
    now = grants(result)
    d = model_of(result.round or round_)
    pos = {a: j for j, a in enumerate(d.ids)}
    k = np.zeros(d.n, dtype=np.int64)
    for app_id, g in now.items():
        if app_id in pos:
            k[pos[app_id]] = g // d.R
        else:
            assert g == 0
    assert violations(d, k, (k > 0).astype(np.int64)) == []  # never a rule broken
    released = {r["application_id"] for r in stability["bounds_released"]}
    grows = stability["direction"] == "grows"
    assert grows == (int(result.summary["budget"]) >= earlier.budget)
    for app_id, before in earlier.granted.items():
        after = now.get(app_id, 0)
        against = after < before if grows else after > before
        assert not against or app_id in released, (app_id, before, after)
    price = stability["objective_price"]
    objective = result.summary["objective"]
    assert objective >= plain.summary["objective"] - price - 1e-6 * max(abs(objective), 1.0)
    assert stability["plain_objective"] == pytest.approx(plain.summary["objective"], rel=1e-12)
    if result.summary["policy"] != "priority":  # the plain answer is the optimum
        assert price >= 0
    return stability


# -- the example rounds -------------------------------------------------------------------------


def test_example_round_at_3_2_million_keeps_every_grant() -> None:
    """The issue's case: 295 000 kr more; Orkland keeps its 300 000 kr, and the price is stated."""
    round_ = load_round(REGIONAL)
    before = allocate(round_)
    plain = allocate(round_, budget=3_200_000)
    stable = allocate(round_, budget=3_200_000, stable_from=earlier_of(before))
    assert grants(plain)["KT25-07"] == 0  # the reshuffle the issue describes
    stability = check_stable(round_, earlier_of(before), stable, plain)
    old, new = grants(before), grants(stable)
    assert all(new[a] >= g for a, g in old.items())  # no earlier grant taken away
    assert new["KT25-07"] == 300_000
    assert stability["bounds_released"] == []
    assert stable.summary["granted_total"] == stable.summary["budget"]  # the whole budget used
    assert 0.10 < stability["objective_price_pct"] < 0.15  # issue: about 0.12 %
    assert stability["objective_price"] == pytest.approx(18_000.0)
    assert (stability["changed"], stability["plain_changed"]) == (3, 5)
    assert stability["kroner_moved"] == 295_000


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("change", [-400_000, -100_000, 0, 150_000, 395_000, 900_000])
def test_example_rounds(folder: Path, policy: str, change: int) -> None:
    round_ = load_round(folder)
    before = allocate(round_, policy=policy)
    frame = round_.scheme.frame + change
    plain = allocate(round_, policy=policy, budget=frame)
    stable = allocate(round_, policy=policy, budget=frame, stable_from=earlier_of(before))
    stability = check_stable(round_, earlier_of(before), stable, plain)
    assert stability["changed"] <= stability["plain_changed"]
    if change == 0:  # the same frame and rules: nothing moves
        assert stability["changed"] == 0


def test_equal_frame_counts_as_growing() -> None:
    round_ = load_round(REGIONAL)
    before = allocate(round_)
    stable = allocate(round_, stable_from=earlier_of(before))
    assert stable.summary["stability"]["direction"] == "grows"
    assert grants(stable) == grants(before)


def test_summary_records_scheme_and_year() -> None:
    round_ = load_round(REGIONAL)
    summary = allocate(round_).summary
    assert summary["scheme"] == round_.scheme.name
    assert summary["year"] == 2025
    assert "stability" not in summary
    keys = list(summary)
    assert keys[-2:] == ["scheme", "year"]


def test_reasons_name_the_stability_rule() -> None:
    round_ = load_round(REGIONAL)
    before = allocate(round_)
    stable = allocate(round_, budget=3_200_000, stable_from=earlier_of(before))
    reasons = {e.application_id: [r.code for r in e.reasons] for e in stable.explanations}
    needed = [e for e in stable.explanations if "needed_for" in reasons[e.application_id]]
    texts = [render(r) for e in needed for r in e.reasons if r.code == "needed_for"]
    assert any("ingen får mindre enn i forrige kjøring" in t for t in texts)
    down = allocate(round_, budget=2_300_000, stable_from=earlier_of(before))
    out = [r for e in down.explanations for r in e.reasons if r.code == "out.stability"]
    assert out and "får ingen mer enn før" in render(out[0])


# -- bounds released ----------------------------------------------------------------------------


def test_bounds_released_when_no_longer_possible() -> None:
    round_ = load_round(REGIONAL)
    before = allocate(round_)
    earlier = earlier_of(before)
    granted = dict(earlier.granted)
    granted["GONE-1"] = 100_000  # withdrawn since
    granted["KT25-01"] = 450_000  # above what it can be given now (the cap is 400 000 kr)
    d = model_of(round_)
    rule, released = bounds_for(
        d, EarlierGrants("før", earlier.budget, granted), round_.applications["application_id"]
    )
    whys = {r.application_id: r.why for r in released}
    assert whys == {"GONE-1": "withdrawn", "KT25-01": "above_fundable"}
    assert all(d.ids[b.j] not in whys for b in rule.lower)
    assert not rule.upper


def test_shrinking_frame_bounds_from_above() -> None:
    round_ = load_round(REGIONAL)
    earlier = earlier_of(allocate(round_))
    d = model_of(round_, budget=2_000_000)
    rule, released = bounds_for(d, earlier, round_.applications["application_id"])
    assert not rule.lower and not released
    unfunded = [b for b in rule.upper if b.units == 0]
    assert unfunded and all(earlier.granted[d.ids[b.j]] == 0 for b in unfunded)


def _fewest_by_brute_force(d: ModelData, rule: KeepEarlier) -> int:
    bounds = rule.bounds
    for r in range(len(bounds) + 1):
        for dropped in itertools.combinations(range(len(bounds)), r):
            kept = [b for n, b in enumerate(bounds) if n not in dropped]
            lower = tuple(b for b in kept if b in rule.lower)
            upper = tuple(b for b in kept if b in rule.upper)
            if check_feasible(d.with_rules([*d.rules, KeepEarlier(lower, upper)])) is True:
                return r
    raise AssertionError("the rules alone are infeasible")


def test_conflicting_bounds_release_the_fewest() -> None:
    """Earlier: no limit per model; now at most one per model: the rest must be released."""
    round_ = load_round(REGIONAL)
    loose = round_.with_scheme(round_.scheme.replace(max_per_model=None, min_per_region=None))
    before = allocate(loose)
    tight = round_.with_scheme(round_.scheme.replace(max_per_model=1, min_per_region=None))
    plain = allocate(tight, budget=3_200_000)
    stable = allocate(tight, budget=3_200_000, stable_from=earlier_of(before))
    stability = check_stable(tight, earlier_of(before), stable, plain)
    by_rules = [r for r in stability["bounds_released"] if r["why"] == "rules"]
    assert before.allocation is not None
    funded = before.allocation[before.allocation["granted"] > 0]
    excess = int((funded.groupby("model").size() - 1).clip(lower=0).sum())
    assert len(by_rules) == excess > 0
    d = model_of(tight, budget=3_200_000)
    rule, _ = bounds_for(d, earlier_of(before), tight.applications["application_id"])
    assert len(by_rules) == _fewest_by_brute_force(d, rule)


def _small_round(data: st.DataObject) -> Round:
    n = data.draw(st.integers(3, 6))
    apps = [
        {
            "application_id": f"S{i}",
            "requested": data.draw(st.integers(5, 40)) * 10_000,
            "region": data.draw(st.sampled_from(["Nord", "Sør"])),
            "model": data.draw(st.sampled_from(["a", "b"])),
        }
        for i in range(n)
    ]
    scores: dict[str, float] = {
        str(a["application_id"]): data.draw(st.sampled_from([3.0, 4.0, 4.5, 5.0, 6.0]))
        for a in apps
    }
    return make_round(apps, scores, rounding=10_000, min_share=0.5)


_RULES = st.fixed_dictionaries(
    {
        "max_per_model": st.sampled_from([None, 1, 2]),
        "min_per_region": st.sampled_from([None, 1]),
        "max_region_share": st.sampled_from([None, 0.7]),
        "policy": st.sampled_from(POLICIES),
    }
)


@given(st.data())
def test_small_rounds(data: st.DataObject) -> None:
    """Random small rounds, rules changed between the runs: the properties, and the fewest
    bounds released (against brute force)."""
    round_ = _small_round(data)
    first, second = data.draw(_RULES), data.draw(_RULES)
    second["policy"] = first["policy"]
    b0, b1 = (data.draw(st.integers(10, 150)) * 10_000 for _ in range(2))
    before_round = round_.with_scheme(round_.scheme.replace(**first))
    before = allocate(before_round, budget=b0)
    if before.status.value != "optimal":
        return
    new_round = round_.with_scheme(round_.scheme.replace(**second))
    plain = allocate(new_round, budget=b1)
    if plain.status.value != "optimal":
        return
    earlier = earlier_of(before)
    stable = allocate(new_round, budget=b1, stable_from=earlier)
    stability = check_stable(new_round, earlier, stable, plain)
    d = model_of(new_round, budget=b1)
    rule, _ = bounds_for(d, earlier, new_round.applications["application_id"])
    by_rules = [r for r in stability["bounds_released"] if r["why"] == "rules"]
    assert len(by_rules) == _fewest_by_brute_force(d, rule)


# -- the command line ---------------------------------------------------------------------------


def test_solve_stable_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(REGIONAL), "--out", str(tmp_path / "a")]) == 0
    csv = tmp_path / "a" / "allocation.csv"
    for source in (tmp_path / "a", csv):
        out = tmp_path / f"b-{source.name}"
        args = ["solve", str(REGIONAL), "--budget", "3200000", "--out", str(out)]
        assert main([*args, "--stable-from", str(source)]) == 0
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert summary["stability"]["bounds_released"] == []
        assert summary["stability"]["objective_price_pct"] == pytest.approx(0.1232, abs=1e-4)
    capsys.readouterr()


def test_solve_stable_from_refuses_another_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(EXAMPLES_DIR / "national-2024"), "--out", str(tmp_path / "n")]) == 0
    capsys.readouterr()
    args = ["solve", str(REGIONAL), "--out", str(tmp_path / "x"), "--stable-from"]
    assert main([*args, str(tmp_path / "n")]) == 2
    err = capsys.readouterr().err
    assert "--stable-from" in err and "samme ordning og år" in err
    assert not (tmp_path / "x").exists()
    assert main([*args, str(tmp_path / "missing")]) == 2
    assert "Fant ikke" in capsys.readouterr().err


@pytest.mark.slow
def test_run_stable_from(tmp_path: Path) -> None:
    """``allocation run ... -p budget 3200000 --stable-from RUN``: the notebooks agree with the
    pipeline (same allocation.csv and summary.json) and the innstilling states the price."""
    from allocation.run.config import RunConfig
    from allocation.run.pipeline import run_round

    first = run_round(RunConfig(round=str(REGIONAL)), out_root=tmp_path, progress=False)
    assert first.folder is not None
    cfg = RunConfig.from_cli(
        str(REGIONAL), [("budget", "3200000"), ("stable_from", str(first.folder))]
    )
    second = run_round(cfg, out_root=tmp_path, progress=False)
    assert second.exit_code == 0 and second.folder is not None
    summary = json.loads((second.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["stability"]["bounds_released"] == []
    html = (second.folder / "innstilling.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Prisen for stabiliteten er 18 000" in html
    assert "Alle tilskudd fra forrige kjøring er holdt." in html
    manifest = json.loads((second.folder / "manifest.json").read_text(encoding="utf-8"))
    assert "stable_from/allocation.csv" in manifest["inputs"]


def test_explorer_checkbox_keeps_to_the_last_saved_scenario() -> None:
    from allocation.explore.app import Explorer

    ex = Explorer.open(REGIONAL, auto=False)
    ex.stable.value = True
    ex.refresh()
    assert "lagre et scenario først" in ex.message_html.value  # nothing saved yet
    ex.save_scenario("Ramme 2,9")
    ex.budget.value = 3_200_000
    result = ex.refresh()
    assert result is not None
    assert grants(result)["KT25-07"] == 300_000
    assert result.summary["stability"]["from"] == "Ramme 2,9"
    assert "Stabil mot «Ramme 2,9»: 3 søknader endret (uten stabilitet: 5)" in ex.message_html.value
    ex.stable.value = False
    result = ex.refresh()
    assert result is not None and grants(result)["KT25-07"] == 0
    assert "stability" not in result.summary and ex.message_html.value == ""


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_broken_stability_bound_is_worded_in_either_standard(lang) -> None:
    """The two directions are two reasons, so each standard has its own word for the bound
    ("høyst" in bokmål, "høgst" in nynorsk), not a bokmål word passed in as a parameter."""
    from malform_markers import leaks

    from allocation.records import reason
    from allocation.wording.render import render

    texts = [
        render(reason(code, id="A-1", granted=100_000, earlier=200_000), lang)
        for code in ("breaks.stability_at_least", "breaks.stability_at_most")
    ]
    assert "minst" in texts[0]
    assert {"nb": "høyst", "nn": "høgst"}[lang] in texts[1]
    assert leaks(" ".join(texts), lang) == set()
