"""The explorer's "Hvor robust?" panel (issue 12 item 7, issue 14 item 3): the robustness of
the settings on screen, the adviser's locks kept, computed in a thread and cancellable."""

from __future__ import annotations

import re

import pytest

from allocation.explore.app import Explorer
from allocation.paths import EXAMPLES_DIR
from allocation.results import Lock
from allocation.robust import robustness
from allocation.round.read import load_round
from allocation.wording import robustness as WR
from allocation.wording import widgets as T


@pytest.fixture(scope="module")
def regional():
    return load_round(EXAMPLES_DIR / "regional-2025")


@pytest.fixture
def ex(regional, tmp_path):
    return Explorer(regional, auto=False, export_dir=tmp_path)


def _rows(html: str) -> dict[str, str]:
    """application id -> its row's cells, from the panel's table."""
    rows = re.findall(r"<tr><td>([^<]*)</td>(.*?)</tr>", html)
    return dict(rows)


def test_the_panel_shows_the_same_figures_as_robustness_for_the_settings_on_screen(ex, regional):
    table = ex.result.allocation
    funded = str(table.loc[table["granted"] > 0, "application_id"].iloc[0])
    ex.lock_action[funded].value = "must_not_fund"
    ex.lock_reason[funded].value = "Skjønn: prøver uten denne"
    ex.budget.value = 2_500_000
    ex.refresh()
    ex.robustness.samples.value = 50
    ex.robustness.start(wait=True)
    shown = ex.robustness.result
    assert shown is not None and shown.ok
    scenario_round, locks = ex._robustness_input()
    assert locks == {funded: Lock("must_not_fund", "Skjønn: prøver uten denne")}
    assert scenario_round.scheme.frame == 2_500_000
    direct = robustness(scenario_round, samples=50, locks=locks, executor="serial")
    assert shown.table.equals(direct.table)
    rows = _rows(ex.robustness.html.value)
    assert set(rows) == set(regional.applications["application_id"].astype(str))
    # locked out: never funded in any sample
    locked = direct.table.set_index("application_id").loc[funded]
    assert locked["core_index"] == 0 and locked["funding_probability"] == 0
    assert WR.CLASS_LABELS["robust_not_funded"] in rows[funded]
    zone = direct.zone()
    text = ex.robustness.html.value
    assert (", ".join(zone) in text) if zone else (WR.ROBUSTNESS_NO_ZONE in text)
    # a new solve forgets the answer, which belonged to the settings before
    ex.budget.value = 2_600_000
    ex.refresh()
    assert ex.robustness.html.value == "" and ex.robustness.result is None


def test_cancel_stops_it_and_says_so(ex):
    panel = ex.robustness
    panel.samples.value = 1000
    seen = []

    def cancel_at_first_progress(done, total):
        seen.append(done)
        panel.cancel.set()

    panel._progress = cancel_at_first_progress  # the cancel button, pressed at once
    panel.start(wait=True)
    assert seen and panel.result is None
    assert T.ROBUST_CANCELLED in panel.html.value
    assert not panel.button.disabled and panel.cancel_button.disabled


def test_nothing_to_test_without_an_allocation(ex):
    ex.result = None
    assert ex.robustness.start() is None
    assert T.ROBUST_NOT_OPTIMAL in ex.robustness.html.value
