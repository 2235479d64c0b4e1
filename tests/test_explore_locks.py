"""The locks tab is built when first needed; until then the locks are kept as values, and the
explorer reads, shows, saves and solves them the same either way."""

from __future__ import annotations

import dataclasses

import pytest

from allocation.explore.app import Explorer
from allocation.paths import EXAMPLES_DIR
from allocation.round.read import load_round


@pytest.fixture(scope="module")
def regional():
    return load_round(EXAMPLES_DIR / "regional-2025")


def _ids(ex: Explorer) -> list[str]:
    return [str(a) for a in ex.round.applications["application_id"]]


def test_the_locks_tab_is_empty_until_it_is_opened(regional) -> None:
    ex = Explorer(regional, auto=False)
    assert not ex.locks.built
    assert len(ex.locks.tab.children) == 1  # the note only
    ex.tabs.selected_index = list(ex.tabs.children).index(ex.locks.tab)
    assert ex.locks.built
    assert len(ex.locks.tab.children) == 1 + len(_ids(ex))


def test_locks_shown_before_the_tab_is_built_appear_in_its_widgets(regional) -> None:
    ex = Explorer(regional, auto=False)
    first, second = _ids(ex)[:2]
    wanted = {first: ("must_fund", "Eneste i fylket"), second: ("must_not_fund", "Annen post")}
    ex.set_settings(dataclasses.replace(ex.settings(), locks=wanted), solve=False)
    assert not ex.locks.built
    assert ex.settings().locks == wanted
    # asking for a widget builds the rows, with the locks kept so far
    assert ex.lock_action[first].value == "must_fund"
    assert ex.lock_reason[second].value == "Annen post"
    assert ex.settings().locks == wanted


def test_a_lock_set_in_the_built_tab_solves_as_one_kept_as_a_value(regional) -> None:
    built = Explorer(regional, auto=False)
    kept = Explorer(regional, auto=False)
    funded = built.result.allocation
    app = str(funded.loc[funded["granted"] > 0, "application_id"].iloc[0])
    built.lock_action[app].value = "must_not_fund"
    built.lock_reason[app].value = "  Skjønn  "
    locks = {app: ("must_not_fund", "  Skjønn  ")}
    kept.set_settings(dataclasses.replace(kept.settings(), locks=locks), solve=False)
    assert built.settings().locks == kept.settings().locks == {app: ("must_not_fund", "Skjønn")}
    a, b = built.refresh(), kept.refresh()
    assert a is not None and b is not None
    assert a.allocation.equals(b.allocation)
    assert int(a.allocation.set_index("application_id").loc[app, "granted"]) == 0


def test_a_change_in_the_built_tab_re_solves(regional) -> None:
    ex = Explorer(regional, delay=0)  # no debounce wait: a change solves at once
    funded = ex.result.allocation
    app = str(funded.loc[funded["granted"] > 0, "application_id"].iloc[0])
    solves = ex.solves
    ex.lock_action[app].value = "must_not_fund"
    assert ex.solves == solves + 1
    assert ex.result is not None
    assert int(ex.result.allocation.set_index("application_id").loc[app, "granted"]) == 0
