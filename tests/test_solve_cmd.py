"""``allocation solve``: files, exit statuses, --budget/--policy/--solver, output folder rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import CONFORMANCE_DIR

from allocation.cli.main import main
from allocation.cli.solve import parse_budget

EXPECTED = json.loads((CONFORMANCE_DIR / "expected.json").read_text(encoding="utf-8"))


def run(*argv):
    return main(["solve", *map(str, argv)])


@pytest.mark.parametrize(
    "text,value",
    [
        ("1800000", 1800000),
        ("1 800 000", 1800000),
        ("1_800_000", 1800000),
        ("1\u00a0800\u00a0000 kr", 1800000),
        ("0", 0),
    ],
)
def test_parse_budget(text, value):
    assert parse_budget(text) == value


@pytest.mark.parametrize("text", ["-5", "1.5", "1,5 mill", "abc", ""])
def test_parse_budget_rejects(text):
    with pytest.raises(ValueError):
        parse_budget(text)


def test_solve_writes_contract_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert run(CONFORMANCE_DIR / "regional", "--out", out) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    exp = EXPECTED["regional"]
    for k in ("status", "budget", "granted_total", "funded"):
        assert summary[k] == exp[k]
    assert summary["objective"] == pytest.approx(exp["objective"], rel=1e-6)
    assert summary["conflicts"] == []
    raw = (out / "allocation.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8").splitlines()
    assert lines[0].split(",")[:11] == [
        "application_id",
        "applicant",
        "region",
        "model",
        "score",
        "requested",
        "committed",
        "fundable",
        "granted",
        "decision",
        "reason",
    ]
    assert len(lines) == 17 and lines[1].startswith("V-001,")
    shown = capsys.readouterr().out
    assert "Innvilget til sammen: 2 660 000 kr" in shown and "Per region:" in shown


def test_budget_and_policy_rerun(tmp_path):
    out = tmp_path / "b"
    assert run(CONFORMANCE_DIR / "regional", "--out", out, "--budget", "1 800 000") == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["budget"] == 2_000_000
    assert summary["objective"] == pytest.approx(10315500.0, rel=1e-6)
    out2 = tmp_path / "c"
    assert (
        run(CONFORMANCE_DIR / "regional", "--out", out2, "--policy", "coverage", "--solver", "CBC")
        == 0
    )
    s2 = json.loads((out2 / "summary.json").read_text(encoding="utf-8"))
    assert (s2["policy"], s2["solver"]) == ("coverage", "cbc")


def test_infeasible_exits_3_with_conflicts(tmp_path, capsys):
    out = tmp_path / "inf"
    assert run(CONFORMANCE_DIR / "infeasible", "--out", out) == 3
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible" and summary["objective"] is None
    assert summary["granted_total"] == 0 and summary["funded"] == 0
    assert "per region" in summary["conflicts"][0]
    assert not (out / "allocation.csv").exists()
    assert "Regler i konflikt" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "x.txt").write_text("x")
    assert run(CONFORMANCE_DIR / "regional", "--out", full) == 2
    assert run(CONFORMANCE_DIR / "regional", "--out", tmp_path / "n", "--budget", "mye") == 2
    assert not (tmp_path / "n").exists()
    assert run(CONFORMANCE_DIR / "regional", "--policy", "fairness") == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(CONFORMANCE_DIR / "regional", "--out", empty) == 0


def test_budget_below_committed_is_invalid_input(tmp_path, capsys):
    # national commits 400 000 kr: a frame of 300 000 leaves a negative available budget
    out = tmp_path / "neg"
    assert run(CONFORMANCE_DIR / "national", "--out", out, "--budget", "300000") == 1
    assert not out.exists()
    assert "FEIL" in capsys.readouterr().out


def test_invalid_input_exits_1_and_writes_nothing(tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(CONFORMANCE_DIR / "regional", broken)
    apps = broken / "applications.csv"
    apps.write_text(apps.read_text(encoding="utf-8").replace("707000", "sju"), encoding="utf-8")
    out = tmp_path / "o"
    assert run(broken, "--out", out) == 1
    assert not out.exists()
    assert "applications.csv, rad 2" in capsys.readouterr().out
    assert run(tmp_path / "missing", "--out", out) == 1


def test_time_limit_exits_4(tmp_path, monkeypatch):
    from allocation import orchestrator
    from allocation.results import SolveStatus
    from allocation.solve.core import Solution

    monkeypatch.setattr(
        orchestrator, "solve_model", lambda d, **kw: Solution(SolveStatus.TIME_LIMIT, gap=0.02)
    )
    out = tmp_path / "t"
    assert run(CONFORMANCE_DIR / "regional", "--out", out) == 4
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "time_limit" and summary["gap"] == 0.02
    assert summary["objective"] is None and not (out / "allocation.csv").exists()


def test_default_out_dir_is_new_under_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(CONFORMANCE_DIR / "national") == 0
    assert run(CONFORMANCE_DIR / "national") == 0
    runs = sorted((tmp_path / "reports").iterdir())
    assert len(runs) == 2 and all(r.name.startswith("national-") for r in runs)
    a, b = ((r / "allocation.csv").read_bytes() for r in runs)
    assert a == b


def test_console_script_and_light_import():
    code = (
        "import sys, allocation.cli.solve, allocation.solve.core;"
        "print('pulp' in sys.modules, 'highspy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_terminal_table_shows_at_most_40_best_ranked(tmp_path, capsys):
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import make_round

    from allocation.cli.solve import MAX_TABLE_ROWS, summary_lines
    from allocation.orchestrator import allocate

    result = allocate(make_round(400, seed=3, rules=False))
    table = result.allocation
    funded = table[table["granted"] > 0]
    assert len(funded) > MAX_TABLE_ROWS
    lines = summary_lines(result)
    rows = [
        line for line in lines if any(line.startswith(a + " ") for a in table["application_id"])
    ]
    assert len(rows) == MAX_TABLE_ROWS
    best = funded.sort_values(["score", "application_id"], ascending=[False, True])
    assert [r.split()[0] for r in rows] == list(best["application_id"][:MAX_TABLE_ROWS])
    more = len(funded) - MAX_TABLE_ROWS
    assert f"… og {more} innvilgede søknader til (alle står i allocation.csv)." in lines
