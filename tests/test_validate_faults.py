"""Audit of the input side as an adviser meets it: one round with every fault at once (CSV and
XLSX), messy but valid files as Excel and people write them, and files that must never crash.

Every fault line is checked for its file, its row as Excel shows it (header = row 1) and its
column; the exit status is 1; the input files are never modified and no traceback is printed.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_validate import copy_round  # the same copy of tests/fixtures/small

from allocation.cli.main import main
from allocation.round.read import APPLICATION_TABLE_COLUMNS, load_round

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"
EXAMPLES = Path(__file__).resolve().parent.parent / "allocation" / "data" / "examples"
NBSP = "\u00a0"


def run(capsys, folder: Path) -> tuple[int, list[str]]:
    code = main(["validate", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "Uventet feil" not in err, err
    assert err == "", err
    return code, out.splitlines()


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def where(file: str, row: int | None = None, column: str | None = None) -> str:
    """The start of a problem line: ``file, rad N, kolonne «c»:``."""
    text = file
    if row is not None:
        text += f", rad {row}"
    if column is not None:
        text += f", {'nøkkel' if file.endswith('.toml') else 'kolonne'} «{column}»"
    return text + ":"


def expect(lines: list[str], label: str, file: str, row, column, fragment: str) -> str:
    """Exactly the problem line with this place and a message containing ``fragment``."""
    start = f"{label}: {where(file, row, column)} "
    matching = [line for line in lines if line.startswith(start) and fragment in line]
    assert matching, f"{start}...{fragment!r} not in:\n" + "\n".join(lines)
    return matching[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_xlsx(path: Path, rows: list[list], *, second_sheet: bool = True, merge: str = "") -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ark1"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    if second_sheet:
        notes = wb.create_sheet("Notater")
        notes.append(["application_id", "requested"])
        notes.append(["X-1", "ikke et tall"])  # never read: only the first sheet counts
    wb.save(path)


# --- the scheme shared by both fault rounds ----------------------------------------------------


def break_scheme(folder: Path) -> None:
    """Every scheme.toml fault: unknown policy, projects min > max, unknown key and table,
    group weights not summing to 1, a criterion in an unknown group, a negative budget."""
    scheme = folder / "scheme.toml"
    edit(scheme, 'policy = "merit"', 'policy = "meritt"')
    edit(scheme, "projects = [1, 3]", "projects = [3, 1]")
    edit(scheme, "threshold = 3.0", "threshold = 3.0\nthreshhold = 2.0")
    edit(scheme, "frame = 1_000_000", "frame = 50_000")
    edit(scheme, "carry_over = 100_000", "carry_over = 0")
    edit(scheme, '"Søknad" = 0.4', '"Søknad" = 0.3')
    edit(scheme, 'id = "forankring"\ngroup = "Søknad"', 'id = "forankring"\ngroup = "Soknad"')
    scheme.write_text(
        scheme.read_text(encoding="utf-8") + "\n[spred]\nmin_per_region = 1\n", encoding="utf-8"
    )


def assert_scheme_faults(lines: list[str]) -> None:
    toml = "scheme.toml"
    expect(lines, "FEIL", toml, None, "grants.policy", "ukjent policy «meritt»")
    expect(lines, "FEIL", toml, None, "grants.projects", "minste antall prosjekter (3)")
    expect(
        lines,
        "FEIL",
        toml,
        None,
        None,
        "ukjent nøkkel «threshhold» i [quality]; mente du «threshold»?",
    )
    expect(lines, "FEIL", toml, None, None, "ukjent tabell [spred]; mente du «spread»?")
    expect(lines, "FEIL", toml, None, "groups", "summerer til 0,9, ikke 1")
    expect(
        lines,
        "FEIL",
        toml,
        None,
        "criteria.group",
        "kriteriet «forankring» hører til gruppen «Soknad», som ikke finnes i [groups]; "
        "mente du «Søknad»?",
    )
    # frame 50 000 + carry-over 0 - committed 100 000 (S-4) < 0.
    expect(lines, "FEIL", toml, None, "budget.frame", "disponibelt budsjett er negativt")


# --- (1) one CSV round with every fault --------------------------------------------------------

APPLICATIONS_WITH_FAULTS = """\
application_id,applicant,kommunenummer,applicant_type,model,requested,committed,own_funding
S-1,Bydel Frogner,0301,bydel,CSNAT,450000,0,50000
S-2,Bergen,4601,kommune,palliativ plan,2 905 OOO,0,
S-2,Bergen,4601,kommune,palliativ plan,100000,0,
S-4,Bodø,1804,kommune,csnat,300000,100000,-20000
S-5,Oslo,0301,kommune,CSNAT,120000.50,0,
"""
SCORES_WITH_FAULTS = """\
application_id,assessor,criterion,score
S-1,A,maal,5
S-1,A,metode,4
S-1,A,forankring,9
S-1,A,maal,4
S-9,A,maal,4
S-1,B,kvalitet,4
S-2,A,maal,fire
S-2,A,metode,3
S-2,A,forankring,3
S-4,A,maal,3
S-4,A,metode,3
S-4,A,forankring,3
S-5,A,maal,3
S-5,A,forankring,3
"""
BUDGET_LINES_WITH_FAULTS = """\
application_id,category,amount
S-1,Lønn,300000
S-1,Kurs,100000
S-7,Kurs,1000
S-4,Kurs,300000
"""


def test_csv_round_with_every_fault_reports_them_all_at_once(capsys, tmp_path):
    folder = copy_round(tmp_path)
    break_scheme(folder)
    (folder / "applications.csv").write_text(APPLICATIONS_WITH_FAULTS, encoding="utf-8")
    (folder / "scores.csv").write_text(SCORES_WITH_FAULTS, encoding="utf-8")
    (folder / "budget_lines.csv").write_text(BUDGET_LINES_WITH_FAULTS, encoding="utf-8")
    before = hashes(folder)

    code, lines = run(capsys, folder)

    assert code == 1
    assert hashes(folder) == before  # inputs never modified
    assert_scheme_faults(lines)
    apps, scores, budget = "applications.csv", "scores.csv", "budget_lines.csv"
    expect(lines, "FEIL", apps, 1, None, "kolonnen «title» mangler")
    expect(lines, "FEIL", apps, 3, "requested", "«2 905 OOO» er ikke et gyldig beløp")
    expect(lines, "FEIL", apps, 4, "application_id", "«S-2» finnes også i rad 3")
    expect(lines, "FEIL", apps, 5, "own_funding", "«-20000» er negativt")
    expect(lines, "FEIL", apps, 6, "requested", "«120000.50» har øre")
    expect(lines, "FEIL", scores, 4, "score", "poengsummen 9 er utenfor skalaen 1–6")
    expect(lines, "FEIL", scores, 5, "assessor", "kriterium «maal» også i rad 2")
    expect(lines, "FEIL", scores, 6, "application_id", "søknad «S-9», som ikke finnes")
    expect(lines, "FEIL", scores, 7, "criterion", "kriteriet «kvalitet» finnes ikke i scheme.toml")
    expect(lines, "FEIL", scores, 8, "score", "«fire» er ikke et gyldig tall")
    # An eligible application without a score for a criterion: the line names its row.
    expect(
        lines,
        "FEIL",
        scores,
        None,
        "criterion",
        "søknad «S-5» (rad 6 i applications.csv) mangler poeng for kriteriet «metode»",
    )
    expect(lines, "FEIL", budget, 4, "application_id", "søknad «S-7», som ikke finnes")
    expect(lines, "ADVARSEL", budget, None, "amount", "«S-1» summerer til 400")
    # The repeated S-2 is reported once, not again as an application without scores.
    assert not any("(rad 4 i applications.csv)" in line for line in lines)
    assert lines[-1].startswith("Fant ") and lines[-1].endswith("Runden er ikke gyldig.")
    errors = sum(line.startswith("FEIL:") for line in lines)
    assert f"Fant {errors} feil og 1 advarsel." in lines[-1]


def test_missing_files_and_columns(capsys, tmp_path):
    folder = copy_round(tmp_path)
    (folder / "scores.csv").unlink()
    (folder / "scheme.toml").unlink()
    edit(
        folder / "budget_lines.csv",
        "application_id,category,amount",
        "application_id,category,belop",
    )
    code, lines = run(capsys, folder)
    assert code == 1
    expect(
        lines, "FEIL", "scheme.toml", None, None, "filen mangler i mappen (forventet scheme.toml)"
    )
    expect(lines, "FEIL", "scores.csv", None, None, "forventet scores.csv eller scores.xlsx")
    expect(lines, "FEIL", "budget_lines.csv", 1, None, "kolonnen «amount» mangler")


# --- (2) the same for XLSX ---------------------------------------------------------------------


def test_xlsx_round_with_every_fault_reports_them_all_at_once(capsys, tmp_path):
    folder = copy_round(tmp_path)
    break_scheme(folder)
    for name in ("applications", "scores", "budget_lines"):
        (folder / f"{name}.csv").unlink()
    header = [" Application_ID", "applicant", "kommunenummer", "applicant_type", "Title\n"]
    header += ["model", " requested ", "committed", "own_funding", "innkommet", "merknad", None]
    write_xlsx(
        folder / "applications.xlsx",
        [
            header,
            [
                "S-1",
                "Frogner",
                301,
                "bydel",
                "A",
                "CSNAT",
                450000,
                0,
                50000,
                datetime.date(2025, 3, 1),
                "ny",
                "x",
            ],
            [
                "S-2",
                "Bergen",
                4601,
                "kommune",
                "B",
                "plan",
                "=2000000+905000",
                0,
                None,
                None,
                None,
                None,
            ],
            ["S-2", "Bergen", 4601, "kommune", "B", "plan", 100000, 0, None, None, None, None],
            ["S-4", "Bodø", 1804, "kommune", "C", "csnat", -300000, 100000, None, None, None, None],
            ["S-5", "Oslo", 301, "kommune", "D", "CSNAT", 120000.5, 0, None, None, None, None],
            [
                "S-6",
                "Oslo",
                301,
                "kommune",
                "E",
                "CSNAT",
                datetime.date(2025, 1, 1),
                0,
                None,
                None,
                None,
                None,
            ],
            [None] * 12,
            [None] * 12,
        ],
        merge="K2:L2",
    )
    write_xlsx(
        folder / "scores.xlsx",
        [
            ["application_id", "assessor", "maal", "metode", "forankring", "kvalitet"],
            ["S-1", "A", 5, 4, 9, None],
            ["S-1", "A", 4, None, None, None],
            ["S-9", "A", 4, 4, 4, None],
            ["S-1", "B", 4, 3, 3, 4],
            ["S-2", "A", "fire", 3, "=1+2", None],
            ["S-4", "A", 3, 3, 3, None],
            ["S-5", "A", 3, None, 3, None],
            ["S-6", "A", 3, 3, 3, None],
            [None] * 6,
        ],
        second_sheet=False,  # CONTRACT v1.2 reads every sheet of scores.xlsx holding data
    )
    write_xlsx(
        folder / "budget_lines.xlsx",
        [
            ["application_id", "category", "amount"],
            ["S-1", "Lønn", 300000],
            ["S-1", "Kurs", 100000],
            ["S-7", "Kurs", 1000],
        ],
    )
    before = hashes(folder)

    code, lines = run(capsys, folder)

    assert code == 1
    assert hashes(folder) == before
    assert_scheme_faults(lines)
    apps, scores, budget = "applications.xlsx", "scores.xlsx", "budget_lines.xlsx"
    formula = "men ingen lagret verdi"
    expect(lines, "FEIL", apps, 3, "requested", f"cellen har formelen «=2000000+905000», {formula}")
    expect(lines, "FEIL", apps, 4, "application_id", "«S-2» finnes også i rad 3")
    expect(lines, "FEIL", apps, 5, "requested", "«-300000» er negativt")
    expect(lines, "FEIL", apps, 6, "requested", "«120000.5» har øre")
    expect(lines, "FEIL", apps, 7, "requested", "«2025-01-01» er ikke et gyldig beløp")
    expect(lines, "FEIL", scores, 2, "forankring", "poengsummen 9 er utenfor skalaen")
    expect(
        lines,
        "FEIL",
        scores,
        3,
        "maal",
        "bedømmer «A» har gitt poeng for søknad «S-1», kriterium «maal» også i rad 2",
    )
    expect(
        lines,
        "FEIL",
        scores,
        4,
        "application_id",
        "søknad «S-9», som ikke finnes i applications.xlsx",
    )
    expect(lines, "FEIL", scores, 1, "kvalitet", "kolonnen «kvalitet» er verken et kriterium")
    expect(lines, "FEIL", scores, 6, "maal", "«fire» er ikke et gyldig tall")
    expect(lines, "FEIL", scores, 6, "forankring", f"cellen har formelen «=1+2», {formula}")
    expect(
        lines,
        "FEIL",
        scores,
        None,
        "metode",
        "søknad «S-5» (rad 6 i applications.xlsx) mangler poeng for kriteriet «metode»",
    )
    expect(lines, "FEIL", budget, 4, "application_id", "søknad «S-7», som ikke finnes")
    expect(lines, "ADVARSEL", budget, None, "amount", "«S-1» summerer til 400")
    # The formula cell is one fault, not also "verdien mangler"; the second sheet is not read.
    assert not any("rad 3, kolonne «requested»: verdien mangler" in line for line in lines)
    assert not any("X-1" in line or "ikke et tall" in line for line in lines)
    # The header's spaces and line break are trimmed: no missing columns.
    assert not any("mangler." in line and "kolonnen" in line for line in lines)


# --- (3) messy but valid -----------------------------------------------------------------------

MESSY_APPLICATIONS = (
    " Application_ID ;APPLICANT; Kommunenummer ;Region;applicant_type;TITLE;model;"
    "Requested ;committed;own_funding;population;merknad;;;\r\n"
    "S-1;Bydel Frogner;301;;bydel;Lindrende omsorg i Frogner;CSNAT;kr 450 000;0;50 000,-;"
    '60\u00a0000;"første søknad; se vedlegg\r\nside 2";;;\r\n'
    "S-2;Bergen;4601;Vestland;kommune;Kompetanseløft i Bergen;palliativ plan;"
    "2\u00a0905\u00a0000,-;0;;291 000;;;;\r\n"
    "S-3;Frivillig lag;4601;  ;frivillig;Besøkstjeneste;;120 000 kr;0;;;;;;\r\n"
    "S-4;Bodø;1804;;Kommune;Hjemmetid i Bodø;csnat ;300 000,00 kr;100\u00a0000;20000;53000;;;;\r\n"
    ";;;;;;;;;;;;;;\r\n"
)
MESSY_SCORES = "Application_ID;Assessor;Criterion;Score\r\n" + "".join(
    f"{a};{r};{c};{s}\r\n"
    for a, r, c, s in pd.read_csv(SMALL / "scores.csv", dtype=str).itertuples(index=False)
).replace(".", ",")
MESSY_BUDGET = (
    "application_id;category;amount;;\r\n"
    "S-1;Lønn prosjektleder;300 000 kr;;\r\n"
    "S-1;Kurs;150\u00a0000;;\r\n"
    "S-2;Lønn;2 505 000,-;;\r\n"
    "S-2;Utstyr;kr 400 000;;\r\n"
    "S-4;Kurs;300000;;\r\n"
)


def core(round_) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    columns = list(APPLICATION_TABLE_COLUMNS)
    return round_.applications[columns], round_.scores, round_.budget_lines


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_messy_norwegian_excel_csv_is_valid_and_loads_to_the_same_tables(
    capsys, tmp_path, encoding
):
    folder = copy_round(tmp_path)
    for name, text in (
        ("applications.csv", MESSY_APPLICATIONS),
        ("scores.csv", MESSY_SCORES),
        ("budget_lines.csv", MESSY_BUDGET),
    ):
        (folder / name).write_bytes(text.encode(encoding))
    code, lines = run(capsys, folder)
    assert code == 0, "\n".join(lines)
    assert not any(line.startswith(("FEIL", "ADVARSEL")) for line in lines), lines
    messy, clean = load_round(folder), load_round(SMALL)
    for a, b in zip(core(messy), core(clean), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert messy.applications["merknad"].iat[0] == "første søknad; se vedlegg\r\nside 2"
    assert messy.applications["kommunenummer"].iat[0] == "0301"


def test_excel_sep_line_and_header_only_in_some_columns(capsys, tmp_path):
    folder = copy_round(tmp_path)
    text = (SMALL / "applications.csv").read_text(encoding="utf-8")
    (folder / "applications.csv").write_text("sep=,\n" + text, encoding="utf-8")
    code, lines = run(capsys, folder)
    assert code == 0, lines
    # Excel hides the sep= line: the header is row 1, the first application row 2.
    edit(
        folder / "applications.csv",
        "S-2,Bergen,4601,kommune,Kompetanseløft i Bergen,palliativ plan,2905000",
        "S-2,Bergen,4601,kommune,Kompetanseløft i Bergen,palliativ plan,29O5000",
    )
    code, lines = run(capsys, folder)
    assert code == 1
    expect(lines, "FEIL", "applications.csv", 3, "requested", "«29O5000»")


def test_messy_xlsx_is_valid_and_loads_to_the_same_tables(capsys, tmp_path):
    folder = copy_round(tmp_path)
    for name in ("applications", "scores", "budget_lines"):
        (folder / f"{name}.csv").unlink()
    clean = load_round(SMALL)
    header = ["Application_ID ", " applicant", "KOMMUNENUMMER", "applicant_type", "title"]
    header += ["model", " Requested\n", "committed", "own_funding", "population"]
    header += ["innkommet", "merknad"]
    rows = [header]
    dates = [datetime.date(2025, 3, 1), datetime.datetime(2025, 3, 2, 10, 30), None, None]
    for (_, app), date in zip(clean.applications.iterrows(), dates, strict=True):
        rows.append(
            [
                app["application_id"],
                app["applicant"],
                int(app["kommunenummer"]),  # Excel drops the leading zero
                app["applicant_type"],
                app["title"],
                app["model"] or None,
                float(app["requested"]),  # 450000.0: whole kroner
                int(app["committed"]),
                None if pd.isna(app["own_funding"]) else int(app["own_funding"]),
                None if pd.isna(app["population"]) else int(app["population"]),
                date,
                app["merknad"] or None,
            ]
        )
    rows += [[None] * len(header)] * 3  # empty trailing rows Excel keeps
    write_xlsx(folder / "applications.xlsx", rows)
    criteria = ["maal", "metode", "forankring"]
    wide = [["application_id", "assessor", *[c.upper() for c in criteria]]]
    for (app, assessor), group in clean.scores.groupby(["application_id", "assessor"], sort=False):
        by = dict(zip(group["criterion"], group["score"], strict=True))
        wide.append([app, assessor, *[by[c] for c in criteria]])
    write_xlsx(folder / "scores.xlsx", wide, second_sheet=False)  # v1.2 reads every sheet
    lines_rows = [["application_id", "category", "amount"]]
    lines_rows += clean.budget_lines[["application_id", "category", "amount"]].values.tolist()
    write_xlsx(folder / "budget_lines.xlsx", lines_rows)

    code, lines = run(capsys, folder)
    assert code == 0, "\n".join(lines)
    messy = load_round(folder)
    pd.testing.assert_frame_equal(core(messy)[0], core(clean)[0])
    pd.testing.assert_frame_equal(
        messy.scores.drop(columns="source_row")
        .sort_values(["application_id", "assessor", "criterion"])
        .reset_index(drop=True),
        clean.scores.drop(columns="source_row")
        .sort_values(["application_id", "assessor", "criterion"])
        .reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(messy.budget_lines, clean.budget_lines)
    assert messy.applications["innkommet"].tolist()[:2] == ["2025-03-01", "2025-03-02 10:30:00"]


# --- (4) files that must not crash -------------------------------------------------------------


def _xlsx_bytes() -> bytes:
    return (EXAMPLES / "regional-2025-excel" / "applications.xlsx").read_bytes()


CRASH_CASES = {
    "empty file": ({"applications.csv": b""}, "applications.csv", None, "filen er tom"),
    "only a header": (
        {"applications.csv": b"application_id,applicant,kommunenummer,title,requested\r\n"},
        "applications.csv",
        None,
        "filen har overskrifter, men ingen rader",
    ),
    "only blank lines": ({"scores.csv": b"\r\n ; ;\r\n\r\n"}, "scores.csv", None, "filen er tom"),
    "random bytes": (
        {"applications.csv": bytes(range(256)) * 8},
        "applications.csv",
        None,
        "verken er UTF-8 eller Windows-1252",
    ),
    "NUL bytes": ({"scores.csv": b"\x00" * 64}, "scores.csv", None, "ikke en tekstfil"),
    "xlsx named .csv": (
        {"applications.csv": "XLSX"},
        "applications.csv",
        None,
        "er en Excel-fil (.xlsx), men navnet slutter på .csv; gi den navnet applications.xlsx",
    ),
    "old xls named .csv": (
        {"applications.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100},
        "applications.csv",
        None,
        "gamle Excel-formatet (.xls)",
    ),
    "csv named .xlsx": (
        {"applications.csv": None, "applications.xlsx": "CSV"},
        "applications.xlsx",
        None,
        "er en tekstfil (CSV), ikke en Excel-fil",
    ),
    "garbage named .xlsx": (
        {"scores.csv": None, "scores.xlsx": b"PK\x03\x04" + b"\x00\xff" * 50},
        "scores.xlsx",
        None,
        "ikke en gyldig Excel-fil",
    ),
    "unclosed quote": (
        {"applications.csv": "CSV-QUOTE"},
        "applications.csv",
        3,
        "begynner med anførselstegn",
    ),
    "title row above the header": (
        {"applications.csv": "CSV-TITLE"},
        "applications.csv",
        1,
        "første rad har bare «Søknader 2025»",
    ),
}


@pytest.mark.parametrize("case", list(CRASH_CASES))
def test_bad_files_give_one_clear_error(capsys, tmp_path, case):
    files, file, row, fragment = CRASH_CASES[case]
    folder = copy_round(tmp_path)
    small_apps = (SMALL / "applications.csv").read_bytes()
    for name, content in files.items():
        if content is None:
            (folder / name).unlink()
            continue
        if content == "XLSX":
            content = _xlsx_bytes()
        elif content == "CSV":
            content = small_apps
        elif content == "CSV-QUOTE":
            content = small_apps.replace(b"Kompetansel", b'"Kompetansel')
        elif content == "CSV-TITLE":
            content = "Søknader 2025,,,,\n".encode() + small_apps
        (folder / name).write_bytes(content)
    before = hashes(folder)
    code, lines = run(capsys, folder)
    assert code == 1
    assert hashes(folder) == before
    line = expect(lines, "FEIL", file, row, None, fragment)
    # One fault, one line: no cascade of "unknown application" for every score.
    assert [x for x in lines if x.startswith("FEIL")] == [line], "\n".join(lines)


def test_both_csv_and_xlsx_is_an_error_naming_both(capsys, tmp_path):
    folder = copy_round(tmp_path)
    shutil.copy(EXAMPLES / "regional-2025-excel" / "applications.xlsx", folder)
    code, lines = run(capsys, folder)
    assert code == 1
    expect(
        lines,
        "FEIL",
        "applications.csv",
        None,
        None,
        "både applications.csv og applications.xlsx finnes",
    )


@pytest.mark.parametrize("name", ["applications.csv", "scheme.toml"])
def test_a_folder_where_a_file_should_be(capsys, tmp_path, name):
    folder = copy_round(tmp_path)
    (folder / name).unlink()
    (folder / name).mkdir()
    code, lines = run(capsys, folder)
    assert code == 1
    expect(lines, "FEIL", name, None, None, "dette er en mappe, ikke en fil")
    assert not any("filen mangler" in line for line in lines)


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("frame = 1_000_000", "frame = 1 000 000", "beløp skrives uten mellomrom og uten «kr»"),
        ("cap = 750_000", "cap = 750 000 kr", "beløp skrives uten mellomrom"),
        ("threshold = 3.0", "threshold = 3,5", "bruk punktum som desimaltegn: 3.5"),
        ('policy = "merit"', "policy = merit", 'tekst må stå i anførselstegn: policy = "merit"'),
        ('"Søknad" = 0.4', "Søknad = 0.4", 'må stå i anførselstegn: "Søknad" = ...'),
        ("[grants]", "[grants", "tabellnavnet mangler avsluttende ]"),
        ("threshold = 3.0", "threshold = 3.0\nscale = [1, 5]", "en nøkkel er oppgitt to ganger"),
    ],
)
def test_scheme_syntax_errors_name_the_line_and_the_fix(capsys, tmp_path, old, new, hint):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", old, new)
    text = (folder / "scheme.toml").read_text(encoding="utf-8").splitlines()
    bad = new.splitlines()[-1]
    line = text.index(bad) + 1
    code, lines = run(capsys, folder)
    assert code == 1
    found = expect(lines, "FEIL", "scheme.toml", None, None, f"på linje {line} («{bad}»): ")
    assert hint in found, found
    assert "Expected" not in found and "Invalid" not in found  # no English parser text


def test_unknown_key_without_a_near_name_gets_no_wild_suggestion(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", "[grants]", "[grants]\nxyzzy = 1")
    code, lines = run(capsys, folder)
    assert code == 1
    found = expect(lines, "FEIL", "scheme.toml", None, None, "ukjent nøkkel «xyzzy» i [grants]")
    assert "mente du" not in found


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.iterdir() if (p / "scheme.toml").exists())
)
def test_example_rounds_are_valid(capsys, name):
    code, lines = run(capsys, EXAMPLES / name)
    assert code == 0, "\n".join(lines)


def test_messages_are_norwegian_and_say_what_to_do():
    """Every template an adviser reads is bokmål and free of Python words."""
    from allocation.wording import validation as W

    texts = [v for k, v in vars(W).items() if k.isupper() and isinstance(v, str)]
    texts += list(W.TOML_REASONS.values())
    for text in texts:
        for word in ("None", "NaN", "Traceback", "Error", "float", "int(", "dtype", "Expected"):
            assert word not in text, (word, text)


def test_file_is_not_modified_even_when_valid(tmp_path):
    folder = copy_round(tmp_path)
    before = hashes(folder)
    stats = {p.name: os.stat(p).st_mtime_ns for p in folder.iterdir()}
    load_round(folder)
    assert hashes(folder) == before
    assert {p.name: os.stat(p).st_mtime_ns for p in folder.iterdir()} == stats
