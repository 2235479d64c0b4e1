"""Recusals (CONTRACT v1.2): a recused assessor's scores are left out of the application's
score, as if absent; a warning per recusal that removed scores; faults named by file, row and
column, all at once; the innstilling says who was recused from what."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from allocation.model.scoring import score_round
from allocation.report.sections import recusals_text
from allocation.round.read import check_round, load_round
from allocation.wording.validation import Code

SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "runde"
    shutil.copytree(SMALL, out)
    return out


def test_recused_scores_are_left_out_of_the_score(folder: Path) -> None:
    (folder / "recusals.csv").write_text("application_id,assessor,reason\ns-1 ,b,nabo\n")
    r = load_round(folder)
    before = score_round(load_round(SMALL)).total
    after = score_round(r).total
    # S-1 is now scored by A alone: every criterion's mean is A's score
    long = pd.read_csv(SMALL / "scores.csv")
    only_a = long[(long["application_id"] == "S-1") & (long["assessor"] == "A")]
    alone = load_round(SMALL).with_scheme(r.scheme)
    alone.scores = alone.scores[
        ~((alone.scores["application_id"] == "S-1") & (alone.scores["assessor"] == "B"))
    ]
    assert after["S-1"] == pytest.approx(score_round(alone).total["S-1"])
    assert after["S-1"] > before["S-1"]  # B scored S-1 lower than A
    assert after.drop("S-1").equals(before.drop("S-1"))
    assert len(r.scores) == len(long) - len(only_a)
    warnings = [p for p in r.warnings if p.code == Code.RECUSED_SCORES]
    assert len(warnings) == 1 and warnings[0].file == "recusals.csv" and warnings[0].row == 2
    assert "3 poeng" in warnings[0].message
    text = recusals_text(r)
    assert text is not None and "b i S-1" in text


def test_recusal_of_the_only_assessor_leaves_the_application_invalid(folder: Path) -> None:
    scores = folder / "scores.csv"
    lines = scores.read_text().splitlines()
    scores.write_text("\n".join(ln for ln in lines if not ln.startswith("S-2,B")) + "\n")
    (folder / "recusals.csv").write_text("application_id,assessor\nS-2,A\n")
    r, problems = check_round(folder)
    assert r is None
    missing = [p for p in problems if p.code == Code.MISSING_SCORE]
    assert len(missing) == 3 and all("«S-2»" in p.message for p in missing)


def test_recusal_faults_are_named_all_at_once(folder: Path) -> None:
    (folder / "recusals.csv").write_text("application_id,assessor\nS-99,A\nS-1,Zed\n,A\nS-4,B\n")
    r, problems = check_round(folder)
    assert r is None
    found = {(p.code, p.file, p.row, p.column) for p in problems if p.severity == "error"}
    assert found == {
        (Code.RECUSAL_UNKNOWN_APPLICATION, "recusals.csv", 2, "application_id"),
        (Code.RECUSAL_UNKNOWN_ASSESSOR, "recusals.csv", 3, "assessor"),
        (Code.MISSING_VALUE, "recusals.csv", 4, "application_id"),
    }


def test_no_recusals_file_no_account(folder: Path) -> None:
    assert recusals_text(load_round(folder)) is None
