"""The explorer as a workbench (issue 14, items 1 and 3).

Scenarios are files in ``reports/<round>/scenarios/`` that a new explorer reads back (a reload or
a restart); "Lag innstilling" runs the real pipeline and offers the documents; number fields
show and take Norwegian formats; file names keep æ, ø, å; files get normal modes.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest
import test_explore

from allocation import format as fmt
from allocation.explore.app import Explorer, explore
from allocation.explore.controls import SLIDER_HALF_STEPS, slider_window
from allocation.explore.numbers import AmountText, DecimalText, format_number, parse_number
from allocation.explore.render import esc, render_header, render_job
from allocation.explore.store import file_stem
from allocation.explore.workbench import InnstillingJob, JobState, reports_parent, scenarios_folder
from allocation.paths import NOTEBOOKS_DIR
from allocation.run.config import RunConfig
from allocation.run.pipeline import RunOutcome
from allocation.run.scenario import load_scenario
from allocation.wording import widgets as T

regional = test_explore.regional  # the round fixture the explorer's tests use
granted = test_explore.granted


@pytest.fixture
def ex(regional, tmp_path):
    return Explorer(regional, auto=False, export_dir=tmp_path / "scenarios")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


# -- Norwegian numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "whole", "expected"),
    [
        ("2 905 000", True, 2_905_000),
        ("2\u00a0905\u00a0000", True, 2_905_000),
        ("2\u202f905\u202f000 kr", True, 2_905_000),
        ("2905000", True, 2_905_000),
        ("2.905.000", True, 2_905_000),
        ("\u22125 000", True, -5000),
        ("0,5", False, 0.5),
        ("0.5", False, 0.5),
        (" 3,75 ", False, 3.75),
        ("1 234,5", False, 1234.5),
    ],
)
def test_parse_number_takes_norwegian_formats(text, whole, expected):
    assert parse_number(text, whole=whole) == expected


@pytest.mark.parametrize(
    ("text", "whole"),
    [("", True), ("2,5", True), ("abc", False), ("nan", False), ("1e400", False)],
)
def test_parse_number_refuses_what_is_not_a_number(text, whole):
    with pytest.raises(ValueError):
        parse_number(text, whole=whole)


def test_numbers_round_trip():
    for n in (0, 7, 1_000, 2_905_000, 123_456_789, 10**12):
        shown = format_number(n, whole=True)
        assert shown == fmt.integer(n) and parse_number(shown, whole=True) == n
    for x in (0.0, 0.5, 0.05, 1 / 3, 0.123456, 3.75, 1234.5):
        shown = format_number(x, whole=False)
        assert "." not in shown
        assert parse_number(shown, whole=False) == pytest.approx(x, abs=5e-7)
    assert format_number(0.5, whole=False) == "0,5" and format_number(3.0, whole=False) == "3"


def test_number_fields_show_and_take_norwegian_text():
    amount = AmountText(value=2_905_000, min=0, max=10**9, description="Ramme")
    assert amount.get_state()["value"] == "2 905 000"  # what the browser shows
    amount.set_state({"value": "3 215 000"})  # what the adviser types
    assert amount.value == 3_215_000
    amount.set_state({"value": "tre millioner"})  # not a number: the value stays
    assert amount.value == 3_215_000
    amount.set_state({"value": "-1"})  # out of range: the value stays
    assert amount.value == 3_215_000
    share = DecimalText(value=0.0, description="Andel")
    share.set_state({"value": "0,5"})
    assert share.value == 0.5 and share.get_state()["value"] == "0,5"
    share.value = 7.0  # from Python: kept within the bounds as before
    assert share.value == 1.0


def test_explorer_fields_are_norwegian(ex, regional):
    assert ex.budget.get_state()["value"] == fmt.integer(ex.base.budget)
    ex.budget.set_state({"value": "1 500 000"})
    assert ex.budget.value == 1_500_000 and ex.budget_slider.value == 1_500_000
    ex.min_share.set_state({"value": "0,25"})
    assert ex.settings().min_share == 0.25


# -- the frame slider ----------------------------------------------------------------------------


def test_slider_moves_in_small_steps_around_the_frame(ex):
    step, frame = ex.budget_slider.step, ex.base.budget
    assert step == 10_000
    lo, hi = ex.budget_slider.min, ex.budget_slider.max
    assert (lo, hi) == slider_window(frame, step) and lo <= frame <= hi
    assert hi - lo == 2 * SLIDER_HALF_STEPS * step  # about one step per pixel of the track
    assert hi - lo <= frame  # was 0 .. 2 x frame: a small drag moved the frame by millions
    ex.budget.value = 9_000_000  # a typed frame outside: the window follows it
    assert ex.budget_slider.min <= 9_000_000 <= ex.budget_slider.max
    assert ex.budget_slider.value == 9_000_000
    ex.budget_slider.value = 9_000_000 + 2 * step
    assert ex.budget.value == 9_000_000 + 2 * step


# -- labels ----------------------------------------------------------------------------------------


def test_labels_say_what_the_rules_do(ex, regional):
    assert ex.min_share.description == "Minste andel av det som kan dekkes"
    merit = dict(zip([v for _k, v in T.POLICY_OPTIONS], T.POLICY_TOOLTIPS, strict=True))["merit"]
    assert "per krone" not in merit and "poengsum ganger tilskudd" in merit
    assert ex.policy.options[-1] == ("Rangering", "priority")
    header = render_header(regional)
    assert str(regional.path) not in header and "allocation run" not in header
    for app, dd in ex.lock_action.items():  # every <select> gets a <label>: an accessible name
        assert dd.description == T.LOCK_LABEL.format(app=app)
        assert ex.lock_reason[app].description


def test_intro_shows_no_command_or_path(regional):
    """The intro stands under the app's title (the notebook has no text before the app)."""
    nb = json.loads((NOTEBOOKS_DIR / "explore.ipynb").read_text(encoding="utf-8"))
    assert [c["cell_type"] for c in nb["cells"]] == ["code", "code"]
    header = render_header(regional)
    assert header.index(T.TITLE) < header.index(esc(T.INTRO))
    intro = T.INTRO
    assert "allocation run" not in intro and "--" not in intro and "/" not in intro
    assert T.INNSTILLING_BUTTON in intro


# -- scenarios on disk -------------------------------------------------------------------------


def test_file_names_keep_norwegian_letters(ex, umask_022):
    assert file_stem("skjønn") == "skjønn" and file_stem("Ærlig på Åsen") == "Ærlig_på_Åsen"
    path = ex.export_scenario("skjønn")
    assert path.name == "skjønn.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not 0600
    assert load_scenario(path).name == "skjønn"


def test_scenarios_survive_a_restart(regional, tmp_path, umask_022):
    folder = tmp_path / "scenarios"
    first = Explorer(regional, auto=False, export_dir=folder)
    apps = list(regional.applications["application_id"])
    first.budget.value = 1_800_000
    first.lock_action[apps[0]].value = "must_not_fund"
    first.lock_reason[apps[0]].value = "Skjønn: finansiert av fylket"
    first.lock_action[apps[1]].value = "must_fund"  # reason not written yet
    first.refresh()
    first.save_scenario("Stram ramme, skjønn")
    first.set_settings(first.base)
    first.save_scenario("Regelverket")
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["Regelverket.toml", "Stram_ramme_skjønn.toml"]
    assert all(stat.S_IMODE((folder / f).stat().st_mode) == 0o644 for f in files)

    again = Explorer(regional, auto=False, export_dir=folder)  # a reload: a new explorer
    assert list(again.scenarios) == ["Stram ramme, skjønn", "Regelverket"]
    assert again.last_saved == "Regelverket"
    kept = again.scenarios["Stram ramme, skjønn"]
    saved = first.scenarios["Stram ramme, skjønn"]
    assert kept.settings == saved.settings  # the unwritten reason comes back unwritten
    assert kept.settings.locks[apps[1]] == ("must_fund", "")
    assert kept.grants == saved.grants and kept.totals == saved.totals
    assert "Stram ramme, skjønn" in again.compare_html.value
    again.delete_scenario("Regelverket")
    assert sorted(p.name for p in folder.iterdir()) == ["Stram_ramme_skjønn.toml"]
    assert again.last_saved == "Stram ramme, skjønn"


def test_stable_rerun_after_a_restart(regional, tmp_path):
    folder = tmp_path / "scenarios"
    first = Explorer(regional, auto=False, export_dir=folder)
    first.save_scenario("Før")
    again = Explorer(regional, auto=False, export_dir=folder)
    again.stable.value = True
    again.budget.value = 2_200_000
    shown = again.refresh()
    assert shown is not None and shown.summary["stability"]["from"] == "Før"
    assert "alloc-msg-ok" in again.message_html.value


def test_a_broken_scenario_file_is_named_not_fatal(regional, tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "ødelagt.toml").write_text("[scenario\n", encoding="utf-8")
    ex = Explorer(regional, auto=False, export_dir=folder)
    assert ex.scenarios == {} and "ødelagt.toml" in ex.scenario_message.value


def test_default_scenarios_folder_is_beside_the_reports(regional, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALLOCATION_SCENARIO_DIR", raising=False)
    script = Explorer(regional, auto=False)  # a script's explorer writes no file unasked
    script.save_scenario("I minnet")
    assert not (tmp_path / "reports").exists() and "I minnet" in script.scenarios
    ex = explore(regional.path, auto=False)  # what the app's notebook calls
    assert isinstance(ex, Explorer) and ex.keep
    expected = tmp_path / "reports" / regional.path.resolve().name / "scenarios"
    assert ex.export_dir == expected == scenarios_folder(regional.path)
    assert not (tmp_path / "reports").exists()  # nothing written until a scenario is saved
    ex.save_scenario("Første")
    assert (expected / "Første.toml").is_file()
    assert list(explore(regional.path, auto=False).scenarios) == ["Første"]  # a reload


# -- what it would take, in the table -------------------------------------------------------


def test_what_it_takes_goes_into_the_table(ex):
    ex.budget.value = 1_200_000
    ex.refresh()
    records = ex.what_it_takes()
    assert records
    assert T.COLUMN_WHAT in ex.table_html.value
    row = re.search(
        rf'<tr[^>]*data-id="{records[0].application_id}".*?</tr>', ex.table_html.value
    ).group(0)
    assert '<td class="what">' in row and "kr" in row
    # beside the decision, not after the long reason where it scrolls out of sight
    assert row.index('class="dec"') < row.index('class="what"') < row.index('class="why"')
    head = ex.table_html.value.split("</thead>")[0]
    assert head.index(T.COLUMNS["decision"]) < head.index(T.COLUMN_WHAT)
    assert ex.robustness_slot in ex.table_tab.children  # "Hvor robust?" under the tools
    assert ex.robustness.widget in ex.robustness_slot.children


# -- the innstilling ------------------------------------------------------------------------------


def _fake_run(folder: Path, lines: list[str]):
    def run(cfg: RunConfig, *, out_root: Path, progress: bool) -> RunOutcome:
        for line in lines:
            print(line, file=sys.stderr)
        folder.mkdir(parents=True, exist_ok=True)
        docs = {}
        for kind, name in (("docx", "innstilling.docx"), ("html", "innstilling.html")):
            (folder / name).write_bytes(b"innhold")
            docs[kind] = folder / name
        return RunOutcome("optimal", folder, docs, 0)

    return run


def test_job_reports_steps_and_offers_the_files(tmp_path):
    states: list[JobState] = []
    lines = ["[1/4] Sjekker runden …", " ferdig (0,1 s)", "[2/4] Fordeler …", "[3/4] Notatbøker …"]
    job = InnstillingJob(states.append, runner=_fake_run(tmp_path / "run", lines))
    thread = job.start(RunConfig(), tmp_path)
    assert thread is not None
    thread.join(10)
    steps = [(s.step, s.label) for s in states if s.running and s.step]
    assert steps == [(1, "Sjekker runden"), (2, "Fordeler"), (3, "Notatbøker")]
    final = job.state
    assert not final.running and final.error is None and final.outcome is not None
    html = render_job(final, "Skjønn")
    assert 'download="innstilling.docx"' in html and "base64," in html
    assert "«Skjønn»" in html and str(tmp_path / "run") in html
    running = render_job(JobState(step=2, label="Fordeler", running=True), "x")
    assert "Steg 2 av 4: Fordeler" in running


def test_innstilling_needs_reasons_and_one_job_at_a_time(ex, tmp_path):
    app = ex.round.applications["application_id"].iloc[0]
    ex.lock_action[app].value = "must_fund"
    state = ex.make_innstilling("Uten begrunnelse", wait=True)
    assert state.outcome is None and app in ex.job_html.value
    assert "Uten begrunnelse" not in ex.scenarios  # nothing saved, nothing run


def test_innstilling_runs_the_pipeline_on_the_saved_scenario(ex, tmp_path):
    seen: dict[str, RunConfig] = {}

    def runner(cfg: RunConfig, *, out_root: Path, progress: bool) -> RunOutcome:
        seen["cfg"] = cfg
        return _fake_run(tmp_path / "run", [])(cfg, out_root=out_root, progress=progress)

    ex.job.runner = runner
    ex.budget.value = 2_000_000
    ex.scenario_name.value = "Ramme på 2 mill"
    state = ex.make_innstilling(wait=True)
    assert state.outcome is not None and "alloc-download-docx" in ex.job_html.value
    cfg = seen["cfg"]
    assert Path(cfg.scenario) == ex.shelf.paths["Ramme på 2 mill"].resolve()
    assert load_scenario(cfg.scenario).parameters == {"budget": 2_000_000}
    assert Path(cfg.round).resolve() == ex.round.path.resolve()
    assert ex.job_progress.layout.display == "none" and not ex.innstilling_button.disabled


def test_stable_innstilling_keeps_to_the_run_of_the_last_saved_scenario(ex, tmp_path):
    seen: list[RunConfig] = []

    def runner(cfg: RunConfig, *, out_root: Path, progress: bool) -> RunOutcome:
        seen.append(cfg)
        return _fake_run(tmp_path / "run", [])(cfg, out_root=out_root, progress=progress)

    ex.job.runner = runner
    ex.reports_dir = tmp_path / "reports"
    ex.save_scenario("Før")
    parent = reports_parent(ex.round.path, ex.reports_dir)
    run = parent / "20261201-120000-0badc0de"  # a run of "Før" as it is saved
    run.mkdir(parents=True)
    (run / "scenario.toml").write_bytes(ex.shelf.paths["Før"].read_bytes())
    manifest = {"status": "optimal", "scenario": {"name": "Før", "file": "scenario.toml"}}
    (run / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ex.stable.value = True
    ex.budget.value = 2_300_000
    ex.make_innstilling("Etter", wait=True)
    assert seen[-1].stable_from == str(run) and T.INNSTILLING_STABLE_NOTE not in ex.job_html.value
    ex.budget.value = 2_200_000
    ex.save_scenario("Før")  # changed since its run: no run to keep to
    ex.make_innstilling("Etter igjen", wait=True)
    assert seen[-1].stable_from == "" and T.INNSTILLING_STABLE_NOTE in ex.job_html.value


@pytest.mark.slow
def test_innstilling_from_the_explorer_with_the_real_pipeline(regional, tmp_path, umask_022):
    ex = Explorer(regional, auto=False, reports_dir=tmp_path / "reports")
    ex.budget.value = 2_400_000
    ex.refresh()
    ex.scenario_name.value = "Skjønnsrunde"
    state = ex.make_innstilling(wait=True)
    assert state.error is None, state.error
    outcome = state.outcome
    assert outcome is not None and outcome.status == "optimal"
    parent = tmp_path / "reports" / regional.path.resolve().name
    assert outcome.folder is not None and outcome.folder.parent == parent
    assert (parent / "scenarios" / "Skjønnsrunde.toml").is_file()
    for kind in ("docx", "html", "xlsx"):
        assert outcome.documents[kind].is_file()
        assert f"alloc-download-{kind}" in ex.job_html.value
    assert state.step == state.total == 4  # every step was reported
    assert stat.S_IMODE((parent / "scenarios" / "Skjønnsrunde.toml").stat().st_mode) == 0o644
    assert stat.S_IMODE(outcome.folder.stat().st_mode) == 0o755  # not mkdtemp's 0700
    summary = json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["granted_total"] == sum(granted(ex.result).values())
    # then a stable re-run against that innstilling, as on screen
    ex.stable.value = True
    ex.budget.value = 2_700_000
    shown = ex.refresh()
    assert shown is not None and shown.summary["stability"]["from"] == "Skjønnsrunde"
    ex.scenario_name.value = "Stabil"
    stable = ex.make_innstilling(wait=True)
    assert stable.error is None and stable.outcome is not None, stable.error
    assert stable.outcome.status == "optimal"
    assert T.INNSTILLING_STABLE_NOTE not in ex.job_html.value
    folder = stable.outcome.folder
    assert folder is not None
    again = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert "stability" in again
    assert again["granted_total"] == sum(granted(shown).values())
