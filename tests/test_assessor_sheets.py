"""Assessor sheets (CONTRACT v1.2): ``allocation sheets`` writes one workbook per assessor;
filled in and read back, as the sheets of one ``scores.xlsx`` or as a ``scores/`` folder, they
give the same scores as the long form. Every sheet is read, none skipped in silence."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from allocation.cli.main import main
from allocation.model.scoring import leniency, score_round
from allocation.paths import EXAMPLES_DIR
from allocation.round.read import check_round, load_round
from allocation.wording.validation import Code

EXAMPLE = EXAMPLES_DIR / "regional-2025"
SMALL = Path(__file__).parent / "fixtures" / "small"


def _sorted_scores(table: pd.DataFrame) -> pd.DataFrame:
    cols = ["application_id", "assessor", "criterion", "score"]
    out = table[cols].astype({"score": float}).sort_values(cols[:3], kind="mergesort")
    return out.reset_index(drop=True)


def _fill(book: Path, long: pd.DataFrame) -> None:
    """Fill an assessor's workbook with that assessor's scores from the long form."""
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        app, assessor = row[0].value, row[1].value
        mine = long[(long["application_id"] == app) & (long["assessor"] == assessor)]
        by = dict(zip(mine["criterion"], mine["score"], strict=True))
        for j, name in enumerate(header[4:], start=4):
            row[j].value = float(by[name]) if name in by else None
    wb.save(book)


def _without_scores(tmp: Path, name: str) -> Path:
    folder = tmp / name
    shutil.copytree(EXAMPLE, folder)
    (folder / "scores.csv").unlink()
    return folder


def test_sheets_filled_in_read_back_as_the_long_form(tmp_path: Path) -> None:
    out = tmp_path / "ark"
    assert main(["sheets", str(EXAMPLE), "--out", str(out)]) == 0
    long = pd.read_csv(EXAMPLE / "scores.csv", dtype={"application_id": str})
    books = sorted(out.glob("*.xlsx"))
    assert [b.stem for b in books] == sorted(long["assessor"].unique())
    for book in books:
        _fill(book, long)

    folder = _without_scores(tmp_path, "folder")
    shutil.copytree(out, folder / "scores")
    (folder / "scores" / "~$R1.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped

    workbook = _without_scores(tmp_path, "workbook")
    merged = openpyxl.Workbook()
    merged.remove(merged.active)
    for book in books:
        source = openpyxl.load_workbook(book).active
        sheet = merged.create_sheet(book.stem)
        for row in source.iter_rows(values_only=True):
            sheet.append(row)
    merged.save(workbook / "scores.xlsx")

    reference = load_round(EXAMPLE)
    for variant in (folder, workbook):
        r = load_round(variant)
        pd.testing.assert_frame_equal(_sorted_scores(r.scores), _sorted_scores(reference.scores))
        pd.testing.assert_series_equal(score_round(r).total, score_round(reference).total)
    assert "scores/R1.xlsx" in load_round(folder).files


def test_the_written_workbook(tmp_path: Path) -> None:
    out = tmp_path / "ark"
    assert main(["sheets", str(SMALL), "--assessors", "Anna", "Bo", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out / "Anna.xlsx").active
    header = [c.value for c in ws[1]]
    assert header == ["application_id", "assessor", "applicant", "title", "maal", "metode",
                      "forankring"]  # fmt: skip
    assert {c.value for c in ws["B"][1:]} == {"Anna"}
    assert ws["E1"].comment is not None and "Skala 1–6" in ws["E1"].comment.text
    rules = ws.data_validations.dataValidation
    assert len(rules) == 3 and all(r.formula1 == "1" and r.formula2 == "6" for r in rules)
    assert (out / "Bo.xlsx").exists()


def test_sheets_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "runde"
    shutil.copytree(SMALL, folder)
    (folder / "scores.csv").unlink()
    assert main(["sheets", str(folder), "--out", str(tmp_path / "a")]) == 2
    assert "--assessors" in capsys.readouterr().err
    inside = folder / "ark"
    assert main(["sheets", str(folder), "--assessors", "A", "--out", str(inside)]) == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    assert main(["sheets", str(folder), "--assessors", "A", "--out", str(tmp_path / "full")]) == 2
    assert not inside.exists()


def _wide_book(path: Path, sheets: dict[str, list[list[object]]], hidden: str = "") -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title == hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


HEADER: list[object] = ["application_id", "maal", "metode", "forankring"]


def test_three_assessor_sheets_give_three_assessors(tmp_path: Path) -> None:
    folder = tmp_path / "runde"
    shutil.copytree(SMALL, folder)
    (folder / "scores.csv").unlink()
    rows: list[list[object]] = [HEADER, ["S-1", 4, 4, 4], ["S-2", 3, 3, 3], ["S-4", 2, 2, 2]]
    sheets: dict[str, list[list[object]]] = {"A": rows, "B": rows, "C": rows, "Tom": [HEADER]}
    _wide_book(folder / "scores.xlsx", sheets, hidden="C")
    r, problems = check_round(folder)
    assert r is not None, problems
    assert sorted(r.scores["assessor"].unique()) == ["A", "B", "C"]  # the hidden sheet too
    assert [p.code for p in problems] == [Code.EMPTY_SHEET]
    assert "«Tom»" in problems[0].message
    table = leniency(r.scores)
    assert table["scores"].tolist() == [9, 9, 9]
    assert np.allclose(table["leniency"], 0.0)


def test_every_sheet_fault_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "runde"
    shutil.copytree(SMALL, folder)
    (folder / "scores.csv").unlink()
    scores = folder / "scores"
    scores.mkdir()
    (scores / ".hidden.csv").write_text("nonsense")
    (scores / "A.csv").write_text(
        "application_id,maal,metode,forankring\nS-1,4,4,4\nS-2,3,3,3\nS-4,2,2,2\n"
    )
    (scores / "B.csv").write_text(  # B leaves metode blank on S-1, where A scored it
        "application_id,assessor,maal,metode,forankring\nS-1,B,4,,4\nS-2,,3,3,3\n"
    )
    _wide_book(scores / "C.xlsx", {"en": [HEADER, ["S-4", 3, 3, 3]], "to": [HEADER, ["S-4", 1]]})
    _wide_book(scores / "D.xlsx", {"Ark": [["maal", "metode"], [4, 4]]})
    r, problems = check_round(folder)
    assert r is None
    found = {(p.code, p.file, p.row, p.column) for p in problems}
    assert (Code.BLANK_CRITERION, "scores/B.csv", 2, "metode") in found
    assert (Code.MISSING_VALUE, "scores/B.csv", 3, "assessor") in found
    assert (Code.SHEETS_NEED_ASSESSOR, "scores/C.xlsx, ark «en»", 1, None) in found
    assert (Code.SHEETS_NEED_ASSESSOR, "scores/C.xlsx, ark «to»", 1, None) in found
    assert (Code.MISSING_COLUMN, "scores/D.xlsx", 1, None) in found
    blank = next(p for p in problems if p.code == Code.BLANK_CRITERION)
    assert "«B»" in blank.message and "«S-1»" in blank.message and "«metode»" in blank.message


def test_a_scores_folder_with_a_scores_file_or_empty_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "runde"
    shutil.copytree(SMALL, folder)
    (folder / "scores").mkdir()
    (folder / "scores" / "~$A.xlsx").write_bytes(b"lock")
    _, problems = check_round(folder)
    assert [p.code for p in problems if p.severity == "error"] == [Code.SCORES_FOLDER_AND_FILE]
    (folder / "scores.csv").unlink()
    _, problems = check_round(folder)
    assert [p.code for p in problems if p.severity == "error"] == [Code.SCORES_FOLDER_EMPTY]
