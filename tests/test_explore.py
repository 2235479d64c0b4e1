"""The explorer's logic without a browser: widgets set programmatically, synchronous refresh.

Every figure the explorer shows is checked against :func:`allocation.orchestrator.allocate` (or the
scenario pipeline) for the same settings.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from allocation import format as fmt
from allocation.errors import ConfigError
from allocation.explore.app import (
    Debouncer,
    Explorer,
    Settings,
    explore,
    resolve_round,
    settings_from_round,
    slider_step,
)
from allocation.explore.controls import rebalance
from allocation.explore.render import (
    describe_changes,
    render_comparison,
    render_table,
    render_totals,
)
from allocation.explore.serve import HOST, voila_command
from allocation.explore.store import saved_scenario
from allocation.orchestrator import allocate
from allocation.paths import NOTEBOOKS_DIR
from allocation.results import Lock
from allocation.round.read import load_round
from allocation.run.scenario import apply_scenario, load_scenario
from allocation.wording import widgets as T

CONFORMANCE_DIR = Path(__file__).resolve().parent / "conformance"


@pytest.fixture(scope="module")
def regional():
    return load_round(CONFORMANCE_DIR / "regional")


@pytest.fixture
def ex(regional, tmp_path):
    return Explorer(regional, auto=False, export_dir=tmp_path)


def granted(result) -> dict[str, int]:
    t = result.allocation
    return dict(zip(t["application_id"], t["granted"].astype(int), strict=True))


def assert_same_allocation(shown, expected) -> None:
    assert shown.status == expected.status
    if expected.allocation is None:
        assert shown.allocation is None
        return
    pd.testing.assert_frame_equal(shown.allocation, expected.allocation)
    assert shown.summary["granted_total"] == expected.summary["granted_total"]
    assert shown.summary["objective"] == pytest.approx(expected.summary["objective"], rel=1e-9)


def card(ex: Explorer, css: str) -> str:
    m = re.search(rf'class="alloc-v {css}">([^<]*)<', ex.totals_html.value)
    assert m, f"no {css} in totals"
    return m.group(1)


def test_initial_view_is_the_scheme(ex, regional):
    expected = allocate(regional)
    assert_same_allocation(ex.result, expected)
    assert ex.settings() == settings_from_round(regional)
    assert card(ex, "alloc-total-granted") == fmt.money(expected.summary["granted_total"])
    left = expected.summary["budget"] - expected.summary["granted_total"]
    assert card(ex, "alloc-total-left") == fmt.money(left)
    decisions = expected.allocation["decision"]
    assert card(ex, "alloc-count-full") == str((decisions == "innvilget").sum())
    assert card(ex, "alloc-count-partial") == str((decisions == "delvis_innvilget").sum())
    # one table row per application, with the package's grant
    rows = re.findall(r'data-id="([^"]+)" data-granted="(\d+)"', ex.table_html.value)
    assert {a: int(g) for a, g in rows} == granted(expected)
    assert "<svg" in ex.charts_html.value and T.CHART_REGION in ex.charts_html.value


def test_budget_change_matches_allocate(ex, regional):
    ex.budget.value = 1_500_000
    shown = ex.refresh()
    expected = allocate(regional, budget=1_500_000)
    assert_same_allocation(shown, expected)
    assert card(ex, "alloc-total-granted") == fmt.money(expected.summary["granted_total"])
    assert ex.budget_slider.value == 1_500_000  # the slider follows the typed frame
    ex.budget_slider.value = 2_000_000  # and the frame follows the slider
    assert ex.budget.value == 2_000_000


def test_slider_echo_does_not_change_a_typed_frame(ex):
    step = ex.budget_slider.step
    ex.budget.value = 1_603_000  # not a multiple of the slider's step
    ex.budget_slider.value = 1_600_000  # the browser snaps the slider and sends it back
    assert ex.budget.value == 1_603_000
    ex.budget_slider.value = 1_600_000 + 3 * step  # a real move
    assert ex.budget.value == 1_600_000 + 3 * step


def test_slider_step_divides_the_frame():
    assert slider_step(2_600_000) == 10_000
    assert slider_step(2_905_000) == 5_000
    assert slider_step(2_905_300) == 10_000  # none divides: the echo guard handles it
    assert slider_step(0) == 1 and slider_step(7) == 1


def test_rules_match_allocate(ex, regional):
    ex.policy.value = "coverage"
    ex.cap_on.value = True
    ex.cap.value = 300_000
    ex.min_share.value = 0.5
    ex.rounding.value = 10_000
    ex.threshold.value = 3.5
    ex.rule_on["max_per_model"].value = False
    ex.rule_on["min_models"].value = True
    ex.rule_value["min_models"].value = 4
    ex.projects_on.value = True
    ex.projects.value = (3, 8)
    ex.one_per_applicant.value = True
    shown = ex.refresh()
    scheme = regional.scheme.replace(
        cap=300_000,
        min_share=0.5,
        rounding=10_000,
        threshold=3.5,
        max_per_model=None,
        min_models=4,
        projects_min=3,
        projects_max=8,
        one_per_applicant=True,
    )
    expected = allocate(regional.with_scheme(scheme), policy="coverage")
    assert_same_allocation(shown, expected)


def test_group_weights_stay_summing_to_one(ex, regional):
    groups = list(ex.group_weights)
    ex.group_weights[groups[0]].value = 0.2
    weights = {g: ex.group_weights[g].value for g in groups}
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-6)
    # the others keep their proportions (0.2 : 0.2 in the scheme)
    assert weights[groups[1]] == pytest.approx(weights[groups[2]])
    shown = ex.refresh()
    scheme = regional.scheme.replace(groups=ex.settings().normalised_groups())
    expected = allocate(regional.with_scheme(scheme))
    assert_same_allocation(shown, expected)
    assert not shown.allocation["score"].equals(allocate(regional).allocation["score"])


def test_lock_out_and_in(ex, regional):
    base = allocate(regional)
    table = base.allocation
    funded = table.loc[table["granted"] > 0, "application_id"].iloc[0]
    ex.lock_action[funded].value = "must_not_fund"
    ex.lock_reason[funded].value = "Skjønn: prøver uten denne"
    shown = ex.refresh()
    expected = allocate(
        regional, locks={funded: Lock("must_not_fund", "Skjønn: prøver uten denne")}
    )
    assert_same_allocation(shown, expected)
    assert granted(shown)[funded] == 0
    row = re.search(rf'<tr[^>]*data-id="{funded}".*?</tr>', ex.table_html.value).group(0)
    assert T.LOCK_SHOWN["must_not_fund"] in row

    # must fund: a candidate the optimum leaves out
    ex.lock_action[funded].value = "auto"
    out = table.loc[(table["granted"] == 0) & (table["decision"] == "avslått"), "application_id"]
    candidates = [
        a
        for a in out
        if allocate(regional, locks={a: Lock("must_fund", "x")}).allocation is not None
    ]
    if candidates:
        app = candidates[0]
        ex.lock_action[app].value = "must_fund"
        ex.lock_reason[app].value = "Skjønn: eneste i fylket"
        shown = ex.refresh()
        assert granted(shown)[app] > 0
        expected = allocate(regional, locks={app: Lock("must_fund", "Skjønn: eneste i fylket")})
        assert_same_allocation(shown, expected)


def test_lock_without_reason_still_solves(ex):
    app = ex.round.applications["application_id"].iloc[0]
    ex.lock_action[app].value = "must_not_fund"
    shown = ex.refresh()
    assert granted(shown)[app] == 0
    assert ex.missing_reasons() == [app]


def test_infeasible_settings_show_conflicts(ex):
    ex.projects_on.value = True
    ex.projects.value = (1, 1)  # min_per_region = 2 needs at least 4 funded
    shown = ex.refresh()
    assert shown.status.value == "infeasible"
    assert shown.conflicts
    assert "alloc-infeasible" in ex.message_html.value
    for conflict in shown.conflicts:
        assert fmt_escape(conflict) in ex.message_html.value
    assert ex.table_html.layout.display == "none"
    assert "alloc-total-granted" not in ex.totals_html.value
    # and back
    ex.projects_on.value = False
    ex.refresh()
    assert ex.message_html.value == ""
    assert ex.table_html.layout.display is None


def fmt_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_infeasible_round_opens(tmp_path):
    shown = Explorer(load_round(CONFORMANCE_DIR / "infeasible"), auto=False, export_dir=tmp_path)
    assert shown.result.status.value == "infeasible"
    assert "alloc-infeasible" in shown.message_html.value


def test_scenarios_save_compare_load_export(ex, regional, tmp_path):
    app = regional.applications["application_id"].iloc[2]
    ex.budget.value = 1_800_000
    ex.rule_on["max_per_model"].value = False
    ex.lock_action[app].value = "must_not_fund"
    ex.lock_reason[app].value = "Skjønn: finansiert av fylket"
    ex.refresh()
    settings_a = ex.settings()
    grants_a = granted(ex.result)
    ex.save_scenario("Ramme 1,8 mill")

    ex.set_settings(settings_from_round(regional))
    ex.save_scenario("Regelverket")
    assert list(ex.scenario_pick.options) == ["Ramme 1,8 mill", "Regelverket"]
    html = ex.compare_html.value
    assert "Ramme 1,8 mill" in html and "Regelverket" in html
    assert "alloc-diff" in html  # some application differs
    assert fmt.money(1_800_000) in html

    # load back
    ex.load_scenario("Ramme 1,8 mill")
    assert ex.settings() == settings_a
    assert granted(ex.result) == grants_a

    # export: the pipeline's reading of the file gives the same allocation
    path = ex.export_scenario("Ramme 1,8 mill", tmp_path / "a.toml")
    scenario = load_scenario(path)
    assert scenario.name == "Ramme 1,8 mill"
    assert scenario.parameters["budget"] == 1_800_000
    assert scenario.parameters["max_per_model"] is False
    assert scenario.locks[app].action == "must_not_fund"
    assert scenario.locks[app].reason == "Skjønn: finansiert av fylket"
    round_b, locks = apply_scenario(regional, scenario)
    assert granted(allocate(round_b, locks=locks)) == grants_a

    # and the explorer reads the file back to the same settings
    ex.set_settings(settings_from_round(regional))
    ex.load_scenario_file(path)
    assert ex.settings() == settings_a


def test_export_default_path_and_groups(ex, regional, tmp_path):
    groups = list(ex.group_weights)
    ex.group_weights[groups[0]].value = 0.5
    ex.refresh()
    path = ex.export_scenario("Vekter 50/25/25")
    assert path.parent == tmp_path and path.suffix == ".toml"
    scenario = load_scenario(path)
    assert sum(scenario.groups.values()) == pytest.approx(1.0, abs=1e-9)
    assert scenario.groups[groups[0]] == pytest.approx(0.5)
    round_b, locks = apply_scenario(regional, scenario)
    assert granted(allocate(round_b, locks=locks)) == granted(ex.result)
    # the scheme's own settings export as an empty scenario
    ex.set_settings(settings_from_round(regional))
    scenario = load_scenario(ex.export_scenario("Uendret"))
    assert scenario.parameters == {} and scenario.groups is None and scenario.locks == {}


def test_export_refuses_locks_without_reason(ex):
    app = ex.round.applications["application_id"].iloc[0]
    ex.lock_action[app].value = "must_fund"
    with pytest.raises(ConfigError, match=app):
        ex.export_scenario("Uten begrunnelse")
    ex._on_export()  # the button shows the message instead of raising
    ex.scenario_name.value = "Uten begrunnelse"
    ex._on_export()
    assert app in ex.scenario_message.value


def test_buttons(ex):
    ex._on_save()
    assert T.SCENARIO_NEED_NAME in ex.scenario_message.value
    ex.scenario_name.value = "Første"
    ex._on_save()
    assert "Første" in ex.scenarios
    ex.budget.value = 1_000_000
    ex.refresh()
    ex._on_load()
    assert ex.budget.value == ex.base.budget
    ex._on_export()
    assert "--scenario" in ex.scenario_message.value and "base64," in ex.scenario_message.value
    ex._on_delete()
    assert ex.scenarios == {}


def test_settings_parameters_diff(regional):
    base = settings_from_round(regional)
    assert base.parameters(base) == {}
    changed = Settings(**{**base.__dict__, "cap": None, "projects": (2, 5), "policy": "coverage"})
    assert changed.parameters(base) == {"cap": False, "projects": [2, 5], "policy": "coverage"}


def test_debouncer_in_an_event_loop():
    calls = []

    async def drive():
        # a delay well above the triggers' spacing, so a loaded machine cannot fire it early;
        # the lead too (10 ms by default: a 5 ms sleep overshot it at load 9 on 2 cores), the
        # short lead has its own test below
        d = Debouncer(0.5, lambda: calls.append(time.perf_counter()), lead=0.25)
        for _ in range(20):
            d.trigger()
            await asyncio.sleep(0.005)
        assert calls == []
        await asyncio.sleep(1.2)
        return d

    d = asyncio.run(drive())
    assert len(calls) == 1 and d.calls == 1 and not d.pending


def test_debouncer_answers_a_single_change_at_once():
    calls = []

    async def drive():
        d = Debouncer(5.0, lambda: calls.append(1), lead=0.01)
        d.trigger()  # after a quiet spell: only the short lead wait, not the 5 s delay
        await asyncio.sleep(0.5)

    asyncio.run(drive())
    assert calls == [1]


def test_debouncer_without_a_loop():
    calls = []
    d = Debouncer(0.3, lambda: calls.append(1))
    for _ in range(10):
        d.trigger()
    time.sleep(1.2)
    assert calls == [1]
    Debouncer(0, lambda: calls.append(2)).trigger()
    assert calls == [1, 2]


def test_explorer_debounces_changes(regional, tmp_path):
    async def drive():
        shown = Explorer(regional, delay=0.5, export_dir=tmp_path)
        start = shown.solves
        # The burst comes between two turns of the loop (as widget messages that arrive
        # together), so that no wait can end in the middle of it however loaded the machine.
        for budget in range(1_000_000, 2_000_000, 100_000):
            shown.budget.value = budget
        await asyncio.sleep(2.0)
        return shown, start

    shown, start = asyncio.run(drive())
    assert shown.solves == start + 1
    assert_same_allocation(shown.result, allocate(regional, budget=1_900_000))


def test_explore_entry_point(tmp_path, monkeypatch, regional):
    opened = explore(CONFORMANCE_DIR / "regional", auto=False)
    assert isinstance(opened, Explorer)
    (tmp_path / "scheme.toml").write_text("[scheme]\n", encoding="utf-8")
    bad = explore(tmp_path)
    assert "alloc-message" in bad.value and "Traceback" not in bad.value
    monkeypatch.setenv("ALLOCATION_ROUND", str(CONFORMANCE_DIR / "regional"))
    assert resolve_round("") == CONFORMANCE_DIR / "regional"
    assert (
        resolve_round("tests/conformance/regional").resolve()
        == (CONFORMANCE_DIR / "regional").resolve()
    )


def test_notebook_is_thin_and_clean():
    nb = nbformat.read(NOTEBOOKS_DIR / "explore.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "explore(round_folder)" in code[-1].source


def test_voila_binds_localhost_only():
    cmd = voila_command(12345)
    assert f"--Voila.ip={HOST}" in cmd and HOST == "127.0.0.1"
    assert "--strip_sources=True" in cmd and "--no-browser" in cmd
    assert json.dumps(cmd)  # plain strings


# -- the parts on their own: rendering, settings and the store need no widgets ----------------


def test_render_store_and_settings_need_no_widgets():
    code = (
        "import sys, allocation.explore.render, allocation.explore.store, "
        "allocation.explore.settings; print('ipywidgets' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _table(**overrides) -> pd.DataFrame:
    row = {
        "application_id": "A-1",
        "applicant": "Lag <1>",
        "region": "Nord",
        "model": float("nan"),
        "score": 4.125,
        "requested": 400_000,
        "fundable": 400_000,
        "granted": 250_000,
        "decision": "delvis_innvilget",
        "reason": "Delvis: budsjettet er brukt opp.",
    }
    return pd.DataFrame([{**row, **overrides}])


def test_render_table_prints_figures_through_format():
    html = render_table(_table(), {"A-1": ("must_fund", "Skjønn")})
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert cells[2:7] == ["4,13", "400 000 kr", "400 000 kr", "250 000 kr", "62,5 %"]
    assert "Lag &lt;1&gt;" in html and 'data-granted="250000"' in html
    assert T.LOCK_SHOWN["must_fund"] in html
    whole = render_table(_table(granted=200_000), {})
    assert '<td class="num">50 %</td>' in whole  # a trailing ",0" is dropped
    nothing = render_table(_table(requested=0, fundable=0, granted=0), {})
    assert '<td class="num"></td>' in nothing  # no share of nothing


def test_describe_changes_in_words(regional):
    base = settings_from_round(regional)
    changed = Settings(
        **{
            **base.__dict__,
            "budget": 1_800_000,
            "max_region_share": 0.625,
            "cap": None,
            "projects": (2, 12),
            "locks": {"V-003": ("must_not_fund", "x")},
        }
    )
    words = describe_changes(changed, base)
    assert f"{T.BUDGET}: 1 800 000 kr" in words
    assert f"{T.MAX_REGION_SHARE_ON}: 62,5 %" in words
    assert f"{T.CAP_ON}: {T.RULE_OFF}" in words
    assert f"{T.PROJECTS_ON}: 2–12" in words
    assert f"V-003: {T.LOCK_SHOWN['must_not_fund']}" in words
    assert describe_changes(base, base) == []


def test_totals_and_comparison_from_results_alone(regional):
    result = allocate(regional)
    totals = render_totals(result)
    assert "alloc-total-granted" in totals
    assert fmt.money(result.summary["granted_total"]) in totals
    assert render_comparison([], regional, settings_from_round(regional)) == (
        f'<p class="alloc-note">{T.SCENARIO_NONE}</p>'
    )
    base = settings_from_round(regional)
    saved = [saved_scenario("A", base, result), saved_scenario("B", base, None)]
    assert saved[0].grants == granted(result) and saved[1].grants is None
    html = render_comparison(saved, regional, base)
    assert html.count("alloc-diff") == len(regional.applications)  # B has no allocation
    assert T.COMPARE_NOT_SOLVED in html


def test_rebalance_keeps_the_weights_summing_to_one():
    assert rebalance({"a": 0.6, "b": 0.2, "c": 0.2}, "a", 0.2) == pytest.approx(
        {"b": 0.4, "c": 0.4}
    )
    assert rebalance({"a": 1.0, "b": 0.0, "c": 0.0}, "a", 0.5) == {"b": 0.25, "c": 0.25}
    assert rebalance({"a": 0.5, "b": 0.5}, "a", 1.7) == {"b": 0.0}  # clamped to 0..1
    assert rebalance({"a": 1.0}, "a", 0.3) == {}


def test_the_table_shows_the_decisive_reason_opening_on_the_full_one(ex):
    """Each row's reason cell: the short reason of the innstilling's tables as a <summary>,
    the full explanation (allocation.csv's) inside the <details>."""
    from allocation.wording.render import render

    result = ex.result
    cells = re.findall(r'<td class="why">(.*?)</td>', ex.table_html.value)
    assert len(cells) == len(result.explanations)
    full = dict(zip(result.allocation["application_id"], result.allocation["reason"], strict=True))
    for cell, e in zip(cells, result.explanations, strict=True):
        short = render(e.short, short=True)
        if short == full[e.application_id]:
            assert cell == html.escape(short)
        else:
            assert cell == (
                f"<details><summary>{html.escape(short)}</summary>"
                f"{html.escape(full[e.application_id])}</details>"
            )
    assert any("<details>" in c for c in cells)
