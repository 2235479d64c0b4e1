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
