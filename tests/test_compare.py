"""Changes against an earlier run (allocation.run.compare)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation.errors import ConfigError
from allocation.run.compare import compare_allocations, compare_with_run, load_run


def table(granted: list[int], ids: list[str] | None = None) -> pd.DataFrame:
    ids = ids or [f"A{i}" for i in range(len(granted))]
    return pd.DataFrame(
        {
            "application_id": ids,
            "applicant": [f"K{i}" for i in ids],
            "granted": granted,
            "decision": ["innvilget" if g else "avslått" for g in granted],
            "reason": [f"grunn {i}" for i in ids],
        }
    )


def test_lists_exactly_the_changed_grants() -> None:
    before = table([100, 0, 50, 70])
    after = table([100, 30, 0, 90])
    c = compare_allocations(
        before,
        after,
        before_summary={"budget": 220, "granted_total": 220, "funded": 3},
        after_summary={"budget": 300, "granted_total": 220, "funded": 3},
        label="run-1",
    )
    assert list(c.changes["application_id"]) == ["A1", "A2", "A3"]
    assert list(c.changes["change"]) == [30, -50, 20]
    why = list(c.changes["why"])
    assert why[0].startswith("Får nå tilskudd (30 kr)")
    assert why[1].startswith("Får ikke lenger tilskudd (fikk 50 kr)")
    assert why[2].startswith("Får 20 kr mer")
    assert all("80 kr mer å fordele" in w for w in why)
    assert "Nå: grunn A3" in why[2]
    assert any("fra 220 kr til 300 kr (+80 kr)" in line for line in c.context)


def test_applications_in_only_one_run() -> None:
    before = table([10, 20], ["A", "B"])
    after = table([10, 5], ["A", "C"])
    c = compare_allocations(before, after, before_summary={}, after_summary={})
    assert dict(zip(c.changes["application_id"], c.changes["change"], strict=True)) == {
        "C": 5,
        "B": -20,
    }


def test_rule_changes_are_stated() -> None:
    c = compare_allocations(
        table([1]),
        table([1]),
        before_summary={"budget": 5},
        after_summary={"budget": 5},
        before_params={"cap": 100},
        after_params={"cap": 200, "min_models": False},
    )
    assert c.changes.empty
    text = " ".join(c.context)
    assert "«høyeste tilskudd» er endret fra 100 kr til 200 kr" in text
    assert "«minst antall modeller» er endret fra som i regelverket til av" in text


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=30))
def test_changes_match_the_difference(pairs: list[tuple[int, int]]) -> None:
    before = table([a for a, _ in pairs])
    after = table([b for _, b in pairs])
    c = compare_allocations(before, after, before_summary={}, after_summary={})
    expected = [f"A{i}" for i, (a, b) in enumerate(pairs) if a != b]
    assert list(c.changes["application_id"]) == expected
    assert int(c.changes["change"].sum()) == sum(b - a for a, b in pairs)


def test_load_run(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Fant ikke"):
        load_run(tmp_path / "nope")
    with pytest.raises(ConfigError, match="ingen fordeling"):
        load_run(tmp_path)
    table([5, 0]).to_csv(tmp_path / "allocation.csv", index=False)
    (tmp_path / "summary.json").write_text(json.dumps({"budget": 5}), encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        json.dumps({"parameters": {"rules": {"budget": 5}}}), encoding="utf-8"
    )
    run = load_run(tmp_path)
    assert run.parameters == {"budget": 5}
    c = compare_with_run(tmp_path, table([5, 7]), {"budget": 12}, {"budget": 12})
    assert list(c.changes["application_id"]) == ["A1"]


# -- like with like (issue 10, item 5) -----------------------------------------------------------


def _saved_run(folder: Path, summary: dict, ids: list[str]) -> Path:
    folder.mkdir(parents=True)
    table([5] * len(ids), ids).assign(score="4.0").to_csv(folder / "allocation.csv", index=False)
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def test_like_with_like(tmp_path: Path) -> None:
    from allocation.round.read import load_round
    from allocation.run.compare import check_like_with_like, stable_source
    from tests.conftest import EXAMPLES_DIR

    round_ = load_round(EXAMPLES_DIR / "regional-2025")
    ids = ["KT25-01", "KT25-02"]
    same = {"budget": 10, "scheme": round_.scheme.name, "year": 2025}
    ok = _saved_run(tmp_path / "ok", same, ids)
    check_like_with_like(load_run(ok), round_)
    assert stable_source(ok / "allocation.csv", round_).granted == {"KT25-01": 5, "KT25-02": 5}
    old = _saved_run(tmp_path / "old", {"budget": 10}, ids)  # before scheme and year were recorded
    check_like_with_like(load_run(old), round_)
    cases = {
        "scheme": ({**same, "scheme": "Annen ordning"}, ids, "ordningen «Annen ordning»"),
        "year": ({**same, "year": 2024}, ids, "året 2024, denne runden året 2025"),
        "ids": (same, ["X-1"], "ingen søknader felles"),
    }
    for name, (summary, run_ids, message) in cases.items():
        folder = _saved_run(tmp_path / name, summary, run_ids)
        with pytest.raises(ConfigError, match=message):
            check_like_with_like(load_run(folder), round_)
        with pytest.raises(ConfigError, match="--stable-from"):
            stable_source(folder, round_)
    with pytest.raises(ConfigError, match="verken en kjøremappe"):
        load_run(ok / "summary.json", "--stable-from")


def test_run_refuses_to_compare_another_year(tmp_path: Path) -> None:
    from allocation.run.config import RunConfig
    from allocation.run.pipeline import run_round
    from tests.conftest import EXAMPLES_DIR

    folder = _saved_run(tmp_path / "other", {"budget": 10, "year": 2019}, ["KT25-01"])
    for option in ("compare", "stable_from"):
        cfg = RunConfig.from_mapping(
            {"round": str(EXAMPLES_DIR / "regional-2025"), option: str(folder)}
        )
        with pytest.raises(ConfigError, match="året 2019"):
            run_round(cfg, out_root=tmp_path / "runs", progress=False)
    assert not any((tmp_path / "runs").glob("*/*"))  # nothing written


def test_added_withdrawn_and_rescored_are_listed() -> None:
    before = table([10, 20, 30], ["A", "B", "C"]).assign(score=["4.0", "5.0", "3.5"])
    after = table([10, 25, 5], ["A", "B", "D"]).assign(score=["4.0", "5.5", "4.1"])
    c = compare_allocations(before, after, before_summary={}, after_summary={})
    assert "Nye søknader siden forrige kjøring: D." in c.context
    assert "Søknader som ikke er med lenger: C." in c.context
    assert "Samlet poengsum er endret for 1 søknad: B." in c.context


def test_stability_in_words() -> None:
    from allocation.report.sections import stability_lines

    stability = {
        "changed": 3,
        "kroner_moved": 295_000,
        "bounds_released": [
            {"application_id": "A", "earlier": 100_000, "why": "withdrawn"},
            {"application_id": "B", "earlier": 50_000, "why": "rules"},
        ],
        "objective_price": 18_000.0,
        "objective_price_pct": 0.1232,
        "from": "run-1",
        "direction": "grows",
        "earlier_budget": 2_805_000,
        "plain_changed": 5,
        "plain_kroner_moved": 915_000,
        "budget": 3_100_000,
    }
    text = " ".join(stability_lines(stability, "merit"))
    assert "rammen er større enn i kjøringen run-1 (2 805 000 kr)" in text
    assert "3 søknader får endret tilskudd (295 000 kr flyttet i alt)" in text
    assert "uten stabilitet ville 5 søknader" in text
    assert "18 000 i samlet verdi" in text and "0,12 %" in text
    assert "Grensen er opphevet for 2 søknader: A (ikke med i denne runden); B (reglene" in text
    none = {**stability, "objective_price": 0.0, "bounds_released": [], "direction": "shrinks"}
    text = " ".join(stability_lines(none, "merit"))
    assert "rammen er mindre" in text and "koster ingenting" in text and "Alle tilskudd" in text
