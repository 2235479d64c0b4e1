"""Scenario files (allocation.run.scenario): format, validation, round trip, application."""

from __future__ import annotations

from pathlib import Path

import pytest
from roundkit import make_round

from allocation.errors import ConfigError
from allocation.results import Lock
from allocation.run.scenario import (
    Scenario,
    apply_scenario,
    dumps_scenario,
    load_scenario,
    save_scenario,
)

GOOD = """
[scenario]
name = "Ramme 3,2 mill"
description = "Skjønn"

[parameters]
budget = 3_200_000
policy = "Coverage"
projects = [2, 3]
min_models = false
max_region_share = 0.5

[groups]
G = 1.0

[[locks]]
application_id = "A"
lock = "must_fund"
reason = "Skjønn: eneste søker fra fylket"

[[locks]]
application_id = "B"
lock = "must_not_fund"
reason = "Finansiert på annen måte"
"""


def _round():
    apps = [{"application_id": a, "requested": 100_000} for a in ("A", "B", "C")]
    return make_round(apps, {"A": 4, "B": 5, "C": 3})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_good_scenario(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, GOOD))
    assert s.name == "Ramme 3,2 mill"
    assert s.parameters == {
        "budget": 3_200_000,
        "policy": "coverage",
        "projects": [2, 3],
        "min_models": False,
        "max_region_share": 0.5,
    }
    assert s.groups == {"G": 1.0}
    assert s.locks == {
        "A": Lock("must_fund", "Skjønn: eneste søker fra fylket"),
        "B": Lock("must_not_fund", "Finansiert på annen måte"),
    }


def test_every_problem_is_listed_with_its_key(tmp_path: Path) -> None:
    bad = """
[scenario]
description = 3

[parameters]
budgett = 1
cap = "mye"
min_share = 2

[groups]
G = -1

[[locks]]
application_id = "A"
lock = "kanskje"

[[locks]]
application_id = "A"
lock = "must_fund"
reason = "x"
colour = "blå"

[extra]
x = 1
"""
    with pytest.raises(ConfigError) as info:
        load_scenario(write(tmp_path, bad))
    text = str(info.value)
    for needle in (
        "scenario.toml",
        "«name»",
        "«description»",
        "«budgett»",
        "«cap»",
        "«min_share»",
        "«G»",
        "[[locks]] nr. 1",
        "«lock»",
        "«reason»",
        "«colour»",
        "[extra]",
    ):
        assert needle in text, needle


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ikke gyldig TOML"):
        load_scenario(write(tmp_path, "[scenario\nname="))
    with pytest.raises(ConfigError, match="Fant ikke"):
        load_scenario(tmp_path / "nope.toml")


def test_duplicate_lock_is_an_error(tmp_path: Path) -> None:
    text = GOOD + '\n[[locks]]\napplication_id = "A"\nlock = "must_not_fund"\nreason = "igjen"\n'
    with pytest.raises(ConfigError, match="låst mer enn én gang"):
        load_scenario(write(tmp_path, text))


def test_round_trip(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, GOOD))
    out = tmp_path / "saved.toml"
    save_scenario(s, out)
    again = load_scenario(out)
    assert (again.name, again.description, again.parameters, again.groups, again.locks) == (
        s.name,
        s.description,
        s.parameters,
        s.groups,
        s.locks,
    )
    assert dumps_scenario(again) == out.read_text(encoding="utf-8")


def test_save_refuses_invalid_scenario(tmp_path: Path) -> None:
    bad = Scenario(name="", locks={"A": Lock("must_fund", "")})
    with pytest.raises(ConfigError):
        save_scenario(bad, tmp_path / "x.toml")
    assert not (tmp_path / "x.toml").exists()


def test_text_with_quotes_round_trips(tmp_path: Path) -> None:
    s = Scenario(
        name='Med "sitat" og \\ og æøå',
        locks={'H-"1"': Lock("must_fund", "=SUM(A1) <b>ikke</b>\nlinje to")},
    )
    save_scenario(s, tmp_path / "q.toml")
    again = load_scenario(tmp_path / "q.toml")
    assert again.name == s.name and again.locks == s.locks


def test_apply_scenario_changes_rules_and_returns_locks(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, GOOD))
    r, locks = apply_scenario(_round(), s)
    assert r.scheme.frame == 3_200_000
    assert r.scheme.policy == "coverage"
    assert (r.scheme.projects_min, r.scheme.projects_max) == (2, 3)
    assert r.scheme.min_models is None
    assert r.scheme.max_region_share == 0.5
    assert set(locks) == {"A", "B"}


def test_apply_scenario_unknown_application_and_group(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, GOOD.replace('"B"', '"ZZ"')))
    with pytest.raises(ConfigError, match="«ZZ» finnes ikke"):
        apply_scenario(_round(), s)
    s = load_scenario(write(tmp_path, GOOD.replace("G = 1.0", "Annet = 1.0")))
    with pytest.raises(ConfigError, match="Ukjente grupper: Annet"):
        apply_scenario(_round(), s)
