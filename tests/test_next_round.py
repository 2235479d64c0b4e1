"""``allocation next``: next year's round from a run, with the commitments of ``[grants] years``;
``next`` then ``solve`` keeps the committed money out of the new budget."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from allocation.cli.main import main
from allocation.round.history import commitment_totals, commitments
from allocation.round.read import check_round, load_round

EXAMPLE = Path(__file__).resolve().parent.parent / "allocation" / "data" / "examples"


def three_year_round(tmp_path: Path) -> Path:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLE / "regional-2025", folder)
    scheme = folder / "scheme.toml"
    text = scheme.read_text(encoding="utf-8")
    scheme.write_text(text.replace("rounding = 5_000", "rounding = 5_000\nyears = 3"), "utf-8")
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def solved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    folder = three_year_round(tmp_path)
    out = tmp_path / "run"
    assert main(["solve", str(folder), "--out", str(out)]) == 0
    capsys.readouterr()
    return folder, out


def test_years_key_is_read_and_checked(tmp_path: Path) -> None:
    folder = three_year_round(tmp_path)
    assert load_round(folder).scheme.years == 3
    scheme = folder / "scheme.toml"
    scheme.write_text(scheme.read_text("utf-8").replace("years = 3", "years = 0"), "utf-8")
    round_, problems = check_round(folder)
    assert round_ is None
    assert [p.column for p in problems if p.severity == "error"] == ["grants.years"]


def test_next_writes_the_continuing_projects(solved, tmp_path, capsys) -> None:
    folder, run = solved
    nxt = tmp_path / "next"
    code = main(["next", str(run), "--round", str(folder), "--year", "2026", "--out", str(nxt)])
    out = capsys.readouterr().out
    assert code == 0
    assert "videreført med tilsagn" in out
    allocation = rows(run / "allocation.csv")
    money = {
        r["application_id"]: int(r["granted"]) + int(r["committed"])
        for r in allocation
        if int(r["granted"]) + int(r["committed"]) > 0
    }
    apps = rows(nxt / "applications.csv")
    assert {a["application_id"]: int(a["committed"]) for a in apps} == money
    assert all(a["requested"] == "0" and a["programme_year"] == "2" for a in apps)
    scheme = (nxt / "scheme.toml").read_text("utf-8")
    assert "year = 2026" in scheme and "# carry_over" in scheme
    history = rows(nxt / "history.csv")
    assert [h["year"] for h in history][-2:] == ["2024", "2025"]
    summary = json.loads((run / "summary.json").read_text("utf-8"))
    assert int(history[-1]["granted"]) == summary["granted_total"]


def test_next_then_solve_keeps_the_committed_money_out(solved, tmp_path, capsys) -> None:
    folder, run = solved
    nxt = tmp_path / "next"
    assert main(["next", str(run), "--round", str(folder), "--out", str(nxt)]) == 0
    capsys.readouterr()
    # The adviser fills in the frame and adds the new applications (with scores).
    scheme = nxt / "scheme.toml"
    text = scheme.read_text("utf-8").replace("frame = 2_905_000", "frame = 4_000_000", 1)
    scheme.write_text(text, "utf-8")
    continuing = rows(nxt / "applications.csv")
    committed = sum(int(a["committed"]) for a in continuing)
    new = [
        dict(a, application_id=a["application_id"].replace("KT25", "KT26"), committed="0")
        for a in rows(folder / "applications.csv")[:6]
    ]
    header = list(continuing[0])
    with open(nxt / "applications.csv", "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n", extrasaction="ignore")
        for a in new:
            writer.writerow({**{k: "" for k in header}, **a, "programme_year": "1"})
    old_scores = rows(folder / "scores.csv")
    ids = {a["application_id"] for a in continuing}
    scores = [s for s in old_scores if s["application_id"] in ids]  # not needed with v1.2
    renamed = {a["application_id"].replace("KT26", "KT25") for a in new}
    scores += [
        dict(s, application_id=s["application_id"].replace("KT25", "KT26"))
        for s in old_scores
        if s["application_id"] in renamed
    ]
    with open(nxt / "scores.csv", "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(old_scores[0]), lineterminator="\n")
        writer.writerows(scores)
    out = tmp_path / "run2026"
    assert main(["solve", str(nxt), "--out", str(out)]) == 0, capsys.readouterr()
    capsys.readouterr()
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["year"] == 2026
    assert summary["committed_total"] == committed
    assert summary["budget"] == 4_000_000 - committed
    table = rows(out / "allocation.csv")
    new_granted = sum(int(r["granted"]) for r in table if r["application_id"].startswith("KT26"))
    assert 0 < new_granted <= 4_000_000 - committed


def test_next_refuses_what_it_cannot_use(solved, tmp_path, capsys) -> None:
    folder, run = solved
    nxt = tmp_path / "next"
    args = ["next", str(run), "--out", str(nxt)]
    assert main(args) == 2  # a solve folder names no round
    assert main([*args, "--round", str(folder), "--year", "2025"]) == 2
    assert "ikke etter rundens år" in capsys.readouterr().err
    assert not nxt.exists()
    nxt.mkdir()
    (nxt / "x").write_text("x")
    assert main([*args, "--round", str(folder)]) == 2


def test_commitments_follow_the_programme_year() -> None:
    import pandas as pd

    alloc = pd.DataFrame(
        {
            "application_id": ["A", "B", "C", "D"],
            "applicant": ["a", "b", "c", "d"],
            "granted": [100, 0, 50, 0],
            "committed": [0, 70, 0, 0],
            "programme_year": ["1", "2", "3", "1"],
        }
    )
    items = commitments(alloc, 2025, 3)
    assert [(c.year, c.application_id, c.amount, c.programme_year) for c in items] == [
        (2026, "A", 100, 2),
        (2026, "B", 70, 3),
        (2027, "A", 100, 3),
    ]
    assert commitment_totals(items) == {2026: (2, 170), 2027: (1, 100)}
    assert commitments(alloc, 2025, 1) == []
