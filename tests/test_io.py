"""Loading round folders: table dialects (CSV as Excel writes it, XLSX), long/wide scores,
reference data, and the typed tables of allocation.round.data.Round."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation.errors import DataValidationError
from allocation.round.read import (
    APPLICATION_TABLE_COLUMNS,
    ValueProblem,
    check_round,
    load_round,
    parse_amount,
    parse_kommunenummer,
    parse_number,
    read_table,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small"
CONFORMANCE = Path(__file__).resolve().parent / "conformance"
NBSP, NNBSP = "\u00a0", "\u202f"


def copy_round(tmp_path: Path, name: str = "round") -> Path:
    target = tmp_path / name
    shutil.copytree(SMALL, target)
    return target


def tables(round_) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return round_.applications, round_.scores, round_.budget_lines


def assert_same_tables(a, b) -> None:
    for x, y in zip(tables(a), tables(b), strict=True):
        pd.testing.assert_frame_equal(x, y)


# --- single values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("2905000", False, 2905000),
        ("2 905 000", False, 2905000),
        (f"2{NBSP}905{NBSP}000 kr", True, 2905000),
        (f"2{NNBSP}905{NNBSP}000 NOK", False, 2905000),
        ("kr 1 000", True, 1000),
        ("1000,-", True, 1000),
        ("1 000,00 kr", True, 1000),
        ("1000.00", False, 1000),
        ("1000.0", False, 1000),
        ("  750000  ", False, 750000),
        ("-5000", False, -5000),
        ("0", False, 0),
    ],
)
def test_parse_amount_accepts_what_advisers_write(text, decimal_comma, expected):
    assert parse_amount(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize(
    ("text", "decimal_comma", "fragment"),
    [
        ("12 5OO", True, "ikke et gyldig beløp"),
        ("1000,50", True, "øre"),
        ("1000.5", False, "øre"),
        ("1000,00", False, "desimalkomma"),
        ("12 34", False, "ikke et gyldig beløp"),  # not a thousands grouping
        ("1.000.000", True, "ikke et gyldig beløp"),
        ("kr", True, "ikke et gyldig beløp"),
        ("ti tusen", True, "ikke et gyldig beløp"),
        ("1e6", True, "ikke et gyldig beløp"),
    ],
)
def test_parse_amount_rejects_what_does_not_parse(text, decimal_comma, fragment):
    with pytest.raises(ValueProblem) as info:
        parse_amount(text, decimal_comma=decimal_comma)
    assert fragment in info.value.message
    assert text.strip() in info.value.message


def test_parse_number_and_kommunenummer():
    assert parse_number("4,5", decimal_comma=True) == 4.5
    assert parse_number("4.5", decimal_comma=False) == 4.5
    assert parse_number("5") == 5.0
    with pytest.raises(ValueProblem):
        parse_number("4,5", decimal_comma=False)
    with pytest.raises(ValueProblem):
        parse_number("fire")
    assert parse_kommunenummer("301") == "0301"
    assert parse_kommunenummer(" 4601 ") == "4601"
    with pytest.raises(ValueProblem):
        parse_kommunenummer("46O1")
    with pytest.raises(ValueProblem):
        parse_kommunenummer("46011")


# --- the small round ---------------------------------------------------------------------------


def test_small_round_loads_into_typed_tables():
    r = load_round(SMALL)
    apps = r.applications
    assert list(apps.columns[: len(APPLICATION_TABLE_COLUMNS)]) == list(APPLICATION_TABLE_COLUMNS)
    assert list(apps.columns[len(APPLICATION_TABLE_COLUMNS) :]) == ["merknad"]
    assert apps["application_id"].tolist() == ["S-1", "S-2", "S-3", "S-4"]
    assert apps["region"].tolist() == ["Oslo", "Vestland", "Vestland", "Nordland"]
    assert apps["kommunenummer"].tolist() == ["0301", "4601", "4601", "1804"]
    assert apps["requested"].dtype == "int64"
    assert apps["requested"].tolist() == [450000, 2905000, 120000, 300000]
    assert apps["committed"].tolist() == [0, 0, 0, 100000]
    assert str(apps["own_funding"].dtype) == "Int64"
    assert apps["own_funding"].isna().tolist() == [False, True, True, False]
    assert apps["population"].iloc[0] == 60000
    assert apps["source_row"].tolist() == [2, 3, 4, 5]
    assert apps["model"].tolist() == ["CSNAT", "palliativ plan", "", "csnat"]
    assert apps["merknad"].tolist() == ["første søknad", "", "", "videreføring"]
    assert r.scores.columns.tolist() == [
        "application_id",
        "assessor",
        "criterion",
        "score",
        "source_row",
    ]
    assert r.scores["score"].dtype == "float64"
    assert len(r.scores) == 18
    assert r.scores["source_row"].iloc[0] == 2
    assert r.budget_lines["amount"].sum() == 450000 + 2905000 + 300000
    assert r.warnings == []
    assert r.scheme.name.startswith("Testordning")
    assert set(r.files) == {"scheme", "applications", "scores", "budget_lines"}


def test_defaults_when_optional_columns_absent(tmp_path):
    folder = copy_round(tmp_path)
    (folder / "applications.csv").write_text(
        "application_id,applicant,region,title,requested\nA1,Bodø,Nordland,T,1000\n",
        encoding="utf-8",
    )
    (folder / "scores.csv").write_text(
        "application_id,assessor,criterion,score\nA1,X,maal,4\nA1,X,metode,4\nA1,X,forankring,4\n",
        encoding="utf-8",
    )
    (folder / "budget_lines.csv").unlink()
    r = load_round(folder)
    row = r.applications.iloc[0]
    assert row["applicant_type"] == "kommune"
    assert row["model"] == ""
    assert row["kommunenummer"] == ""
    assert row["committed"] == 0
    assert pd.isna(row["own_funding"]) and pd.isna(row["population"])
    assert len(r.budget_lines) == 0
    assert list(r.budget_lines.columns) == ["application_id", "category", "amount", "source_row"]


def test_column_names_matched_trimmed_and_case_insensitively(tmp_path):
    folder = copy_round(tmp_path)
    text = (SMALL / "applications.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")[:-1]  # the extra column "merknad" is kept as written
    text[0] = ",".join(f" {h.upper()} " if i % 2 else h.title() for i, h in enumerate(header))
    text[0] += ",merknad"
    (folder / "applications.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    assert_same_tables(load_round(folder), load_round(SMALL))


# --- dialects ----------------------------------------------------------------------------------


def _excel_norwegian(text: str, thousands: str = NBSP) -> str:
    """Rewrite a plain ,-separated CSV the way Norwegian Excel saves it: ; and decimal comma,
    amounts as "2 905 000 kr"."""
    lines = text.splitlines()
    header = lines[0].split(",")
    amount_columns = {
        i for i, h in enumerate(header) if h in ("requested", "committed", "own_funding", "amount")
    }
    out = [";".join(header)]
    for line in lines[1:]:
        cells = line.split(",")
        for i, cell in enumerate(cells):
            if i in amount_columns and cell:
                cells[i] = f"{int(cell):,}".replace(",", thousands) + " kr"
            elif cell.replace(".", "", 1).isdigit() and "." in cell:
                cells[i] = cell.replace(".", ",")
        out.append(";".join(cells))
    return "\r\n".join(out) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "thousands"),
    [("cp1252", NBSP), ("cp1252", " "), ("utf-8", NNBSP), ("utf-8-sig", NBSP)],
)
def test_norwegian_excel_csv_loads_to_the_same_tables(tmp_path, encoding, thousands):
    folder = copy_round(tmp_path)
    for name in ("applications.csv", "scores.csv", "budget_lines.csv"):
        text = (SMALL / name).read_text(encoding="utf-8")
        converted = _excel_norwegian(text, thousands)
        (folder / name).write_bytes(converted.encode(encoding))
    if encoding == "cp1252":
        raw = (folder / "applications.csv").read_bytes()
        assert b"\xa0" in raw or b" kr" in raw
        assert "Bodø".encode("cp1252") in raw  # really Windows-1252
        assert b"2\xa0905\xa0000 kr" in raw or b"2 905 000 kr" in raw
    assert "4,5" in (folder / "scores.csv").read_bytes().decode(encoding)
    assert_same_tables(load_round(folder), load_round(SMALL))


def test_encoding_and_separator_detected_independently(tmp_path):
    folder = copy_round(tmp_path)
    # Windows-1252 but comma-separated; UTF-8 with BOM but semicolon-separated.
    text = (SMALL / "applications.csv").read_text(encoding="utf-8")
    (folder / "applications.csv").write_bytes(text.encode("cp1252"))
    scores = (SMALL / "scores.csv").read_text(encoding="utf-8").replace(",", ";")
    (folder / "scores.csv").write_bytes(scores.encode("utf-8-sig"))
    assert_same_tables(load_round(folder), load_round(SMALL))
    frame = read_table(folder / "applications.csv")
    assert frame.attrs["encoding"] == "cp1252" and frame.attrs["separator"] == ","
    frame = read_table(folder / "scores.csv")
    assert frame.attrs["encoding"] == "utf-8-sig" and frame.attrs["separator"] == ";"
    assert frame.attrs["decimal_comma"] is True
    assert frame.index[0] == 2  # Excel row of the first data row


def test_quoted_fields_and_blank_rows_keep_excel_row_numbers(tmp_path):
    folder = copy_round(tmp_path)
    (folder / "applications.csv").write_text(
        "application_id,applicant,kommunenummer,title,requested\n"
        'A1,"Bodø, kommune",1804,"Tittel med ""sitat""",1000\n'
        ",,,,\n"
        "A2,Oslo,301,T,2000\n",
        encoding="utf-8",
    )
    (folder / "scores.csv").write_text(
        "application_id,assessor,criterion,score\n"
        + "".join(f"{a},X,{c},4\n" for a in ("A1", "A2") for c in ("maal", "metode", "forankring")),
        encoding="utf-8",
    )
    (folder / "budget_lines.csv").unlink()
    r = load_round(folder)
    assert r.applications["applicant"].tolist() == ["Bodø, kommune", "Oslo"]
    assert r.applications["title"].iloc[0] == 'Tittel med "sitat"'
    assert r.applications["source_row"].tolist() == [2, 4]
    assert r.applications["kommunenummer"].tolist() == ["1804", "0301"]


# --- XLSX --------------------------------------------------------------------------------------


def write_xlsx(path: Path, rows: list[list[object]], extra_sheet: bool = False) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if extra_sheet:
        other = wb.create_sheet("Notater")
        other.append(["ikke", "lest"])
    wb.save(path)


def csv_rows_as_cells(path: Path) -> list[list[object]]:
    """The CSV's cells, numbers as XLSX numbers (int or float)."""
    rows: list[list[object]] = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        cells: list[object] = []
        for cell in line.split(","):
            if i and cell.replace(".", "", 1).isdigit():
                cells.append(float(cell) if "." in cell else int(cell))
            else:
                cells.append(cell if cell else None)
        rows.append(cells)
    return rows


def test_xlsx_round_loads_to_the_same_tables(tmp_path):
    folder = copy_round(tmp_path)
    for name in ("applications", "scores", "budget_lines"):
        rows = csv_rows_as_cells(SMALL / f"{name}.csv")
        (folder / f"{name}.csv").unlink()
        write_xlsx(folder / f"{name}.xlsx", rows, extra_sheet=True)
    # kommunenummer 0301 as the number 301, as Excel turns it into.
    wb = openpyxl.load_workbook(folder / "applications.xlsx")
    ws = wb.worksheets[0]
    assert ws["C2"].value == 301
    wb.close()
    r = load_round(folder)
    assert_same_tables(r, load_round(SMALL))
    assert r.files["applications"].name == "applications.xlsx"


def test_xlsx_numeric_identifiers_are_text(tmp_path):
    folder = copy_round(tmp_path)
    write_xlsx(
        folder / "applications.xlsx",
        [
            ["Application_ID ", "applicant", "kommunenummer", "title", "requested", "committed"],
            [12, "Oslo", 301, "T", 1000.0, None],
            [13.0, "Bodø", "1804", "T", 2500, 0],
            [None, None, None, None, None, None],
            ["A-14", "Bergen", 4601.0, "T", "2 000 kr", 0],
        ],
    )
    (folder / "applications.csv").unlink()
    write_xlsx(
        folder / "scores.xlsx",
        [["application_id", "assessor", "criterion", "score"]]
        + [[a, 7, c, 4.5] for a in (12, 13, "A-14") for c in ("maal", "metode", "forankring")],
    )
    (folder / "scores.csv").unlink()
    (folder / "budget_lines.csv").unlink()
    r = load_round(folder)
    apps = r.applications
    assert apps["application_id"].tolist() == ["12", "13", "A-14"]
    assert apps["kommunenummer"].tolist() == ["0301", "1804", "4601"]
    assert apps["requested"].tolist() == [1000, 2500, 2000]
    assert apps["source_row"].tolist() == [2, 3, 5]
    assert apps["region"].tolist() == ["Oslo", "Nordland", "Vestland"]
    assert set(r.scores["application_id"]) == {"12", "13", "A-14"}
    assert set(r.scores["assessor"]) == {"7"}
    assert r.scores["score"].tolist() == [4.5] * 9


def test_xlsx_amount_with_ore_is_an_error(tmp_path):
    folder = copy_round(tmp_path)
    rows = csv_rows_as_cells(SMALL / "applications.csv")
    rows[2][6] = 2905000.5
    write_xlsx(folder / "applications.xlsx", rows)
    (folder / "applications.csv").unlink()
    round_, problems = check_round(folder)
    assert round_ is None
    text = [str(p) for p in problems]
    assert any("applications.xlsx, rad 3, kolonne «requested»" in t and "øre" in t for t in text)


def test_not_an_xlsx_file_is_reported(tmp_path):
    folder = copy_round(tmp_path)
    (folder / "scores.csv").unlink()
    (folder / "scores.xlsx").write_text("not a zip", encoding="utf-8")
    round_, problems = check_round(folder)
    assert round_ is None
    assert any(p.file == "scores.xlsx" and "Excel" in p.message for p in problems)


# --- scores in wide form -----------------------------------------------------------------------


def test_wide_scores_equal_long_scores(tmp_path):
    folder = copy_round(tmp_path)
    long = pd.read_csv(SMALL / "scores.csv", dtype=str)
    wide = long.pivot(index=["application_id", "assessor"], columns="criterion", values="score")
    wide = wide[["maal", "metode", "forankring"]].reset_index()
    wide.columns = ["application_id", "assessor", "Maal", "metode", "forankring"]
    wide["kommentar"] = "god søknad"
    wide.to_csv(folder / "scores.csv", index=False)
    r = load_round(folder)
    ref = load_round(SMALL).scores
    key_cols = ["application_id", "assessor", "criterion"]
    got = r.scores.sort_values(key_cols).reset_index(drop=True)
    want = ref.sort_values(key_cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.drop(columns="source_row"), want.drop(columns="source_row"))
    # The wide row of (S-1, A) is Excel row 2: each of its scores cites it.
    assert set(r.scores.loc[r.scores["application_id"] == "S-1"]["source_row"]) == {2, 3}
    # A text column that is not a criterion is ignored, with a warning.
    assert any("kommentar" in p.message for p in r.warnings)


def test_wide_scores_empty_cell_is_no_score(tmp_path):
    folder = copy_round(tmp_path)
    (folder / "scores.csv").write_text(
        "application_id,assessor,maal,metode,forankring\n"
        "S-1,A,5,4,4\nS-1,B,,3,\n"
        "S-2,A,4,3,5\nS-4,A,3,3,4\n",
        encoding="utf-8",
    )
    r = load_round(folder)
    assert len(r.scores) == 9 + 1
    assert r.scores.loc[r.scores["assessor"] == "B", "criterion"].tolist() == ["metode"]


# --- reference data ----------------------------------------------------------------------------


def test_region_kept_where_given_and_derived_where_blank(tmp_path):
    folder = copy_round(tmp_path)
    (folder / "applications.csv").write_text(
        "application_id,applicant,kommunenummer,region,title,requested\n"
        "A1,Bodø,1804,,T,1000\n"
        "A2,Oslo,,Oslo,T,1000\n"
        "A3,Bergen,4601, vestland ,T,1000\n",
        encoding="utf-8",
    )
    (folder / "scores.csv").write_text(
        "application_id,assessor,maal,metode,forankring\nA1,X,4,4,4\nA2,X,4,4,4\nA3,X,4,4,4\n",
        encoding="utf-8",
    )
    (folder / "budget_lines.csv").unlink()
    r = load_round(folder)
    assert r.applications["region"].tolist() == ["Nordland", "Oslo", "vestland"]
    assert r.warnings == []


def test_old_round_with_an_old_kommunenummer_is_a_warning(tmp_path):
    folder = copy_round(tmp_path)
    scheme = (folder / "scheme.toml").read_text(encoding="utf-8").replace("2025", "2022")
    (folder / "scheme.toml").write_text(scheme, encoding="utf-8")
    apps = (folder / "applications.csv").read_text(encoding="utf-8").replace("1804", "3001")
    (folder / "applications.csv").write_text(apps, encoding="utf-8")
    r = load_round(folder)
    assert r.applications["region"].iloc[3] == "Viken"
    assert len(r.warnings) == 1
    assert "3001" in r.warnings[0].message and r.warnings[0].row == 5


# --- conformance rounds ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["national", "regional", "infeasible"])
def test_conformance_rounds_load_without_errors(name):
    round_, problems = check_round(CONFORMANCE / name)
    assert round_ is not None, [str(p) for p in problems]
    assert [p for p in problems if p.severity == "error"] == []


def test_national_round_keeps_ineligible_and_committed():
    r = load_round(CONFORMANCE / "national")
    apps = r.applications.set_index("application_id")
    assert apps.loc["H-07", "applicant_type"] == "frivillig"
    assert int(r.applications["committed"].sum()) == 400000
    assert r.scheme.frame + r.scheme.carry_over - int(r.applications["committed"].sum()) == 3500000


def test_load_round_raises_with_every_problem(tmp_path):
    folder = copy_round(tmp_path)
    apps = (folder / "applications.csv").read_text(encoding="utf-8")
    apps = apps.replace("450000", "45O000").replace("2905000", "-1")
    (folder / "applications.csv").write_text(apps, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_round(folder)
    text = str(info.value)
    assert "rad 2" in text and "45O000" in text
    assert "rad 3" in text and "negativt" in text


# --- odd but real files ------------------------------------------------------------------------


def test_excel_trailing_separators_and_long_rows(tmp_path):
    folder = copy_round(tmp_path)
    text = (SMALL / "budget_lines.csv").read_text(encoding="utf-8")
    (folder / "budget_lines.csv").write_text(
        "".join(line.replace(",", ";") + ";;\n" for line in text.splitlines()), encoding="utf-8"
    )
    assert_same_tables(load_round(folder), load_round(SMALL))
    with open(folder / "budget_lines.csv", "a", encoding="utf-8") as handle:
        handle.write("S-1;Kurs;1000;;;ekstra\n")
    round_, problems = check_round(folder)
    assert round_ is None
    assert any(
        p.file == "budget_lines.csv" and p.row == 7 and "flere felt" in p.message for p in problems
    )


def test_amount_with_dot_and_three_zeros_is_read_as_decimal_with_a_warning(tmp_path):
    folder = copy_round(tmp_path)
    text = (SMALL / "applications.csv").read_text(encoding="utf-8")
    (folder / "applications.csv").write_text(text.replace(",0,50000,", ",0,50.000,"), "utf-8")
    r = load_round(folder)
    assert r.applications["own_funding"].iloc[0] == 50
    assert [(w.row, w.column) for w in r.warnings] == [(2, "own_funding")]
    assert "«50.000» leses som 50" in r.warnings[0].message


@given(
    value=st.integers(min_value=0, max_value=10**10),
    separator=st.sampled_from(["", " ", NBSP, NNBSP]),
    unit=st.sampled_from(["", " kr", " NOK", "kr ", ",-", ",00 kr"]),
)
def test_parse_amount_round_trip(value, separator, unit):
    text = f"{value:,}".replace(",", separator)
    text = unit + text if unit.endswith(" ") else text + unit
    assert parse_amount(text, decimal_comma=True) == value
