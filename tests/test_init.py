"""``allocation init``: the templates, what validate says of them, and the column aliases."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from allocation.cli.main import main
from allocation.errors import Problem
from allocation.init.write import SCHEMES, WORKBOOK_COLUMNS, scheme_text
from allocation.round.read import check_round
from allocation.round.scheme import scheme_tables
from allocation.wording.cli import COLUMN_NOTES

EXAMPLE = Path(__file__).resolve().parent.parent / "allocation" / "data" / "examples"


def init(tmp_path: Path, scheme: str, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / scheme
    assert main(["init", str(folder), "--scheme", scheme]) == 0
    capsys.readouterr()
    return folder


def validate(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, list[str]]:
    code = main(["validate", str(folder)])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_init_writes_the_round_folder(tmp_path, capsys, scheme):
    folder = init(tmp_path, scheme, capsys)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["applications.xlsx", "budget_lines.xlsx", "recusals.xlsx", "scheme.toml"]
    text = (folder / "scheme.toml").read_text(encoding="utf-8")
    assert "@YEAR@" not in text and "@NEXT_YEAR@" not in text
    assert 'policy = "priority"' in text
    for table, keys in scheme_tables().items():  # every key is there, maybe commented out
        assert f"[{table}]" in text or f"[[{table}]]" in text
        for k in keys:
            assert re.search(rf"^#? ?{k} = ", text, re.M), (table, k)
    for table, columns in WORKBOOK_COLUMNS.items():
        sheet = openpyxl.load_workbook(folder / f"{table}.xlsx").active
        header = [c.value for c in sheet[1]]
        assert header == list(columns)
        assert all(
            c.comment is not None and c.comment.text == COLUMN_NOTES[table][c.value]
            for c in sheet[1]
        )
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1


def test_template_workbooks_validate_input(tmp_path, capsys):
    folder = init(tmp_path, "hjemmetid", capsys)
    sheet = openpyxl.load_workbook(folder / "applications.xlsx").active
    checks = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    col = {c.value: c.column_letter for c in sheet[1]}
    assert checks[f"{col['kommunenummer']}2"].type == "textLength"
    assert sheet.column_dimensions[col["kommunenummer"]].number_format == "@"
    for name in ("requested", "committed", "own_funding", "transfer", "population"):
        assert checks[f"{col[name]}2"].type == "whole"
    assert checks[f"{col['applicant_type']}2"].formula1.startswith('"kommune,')
    assert checks[f"{col['malform']}2"].formula1 == '"bokmål,nynorsk"'


def test_hjemmetid_template_carries_the_regelverk(tmp_path):
    scheme = tomllib.loads(scheme_text("hjemmetid", 2027))
    assert scheme["groups"] == {"Prosjekt": 0.6, "Søknad": 0.2, "Budsjett": 0.2}
    assert len(scheme["criteria"]) == 10
    national = tomllib.loads((EXAMPLE / "national-2024" / "scheme.toml").read_text("utf-8"))
    assert [(c["id"], c["group"], c["label"]) for c in scheme["criteria"]] == [
        (c["id"], c["group"], c["label"]) for c in national["criteria"]
    ]
    grants = scheme["grants"]
    assert (grants["cap"], grants["floor"], grants["projects"]) == (750_000, 500_000, [4, 6])
    assert scheme["eligibility"]["applicant_types"] == ["kommune"]


def test_regional_template_carries_the_rules(tmp_path):
    scheme = tomllib.loads(scheme_text("regional", 2027))
    assert {"drift", "utstyr", "stillinger", "videreutdanning", "fagdager"} <= set(
        scheme["eligibility"]["excluded_cost_categories"]
    )
    assert scheme["conditions"]["revisor_threshold"] == 200_000
    assert scheme["grants"]["min_share"] == 0.5
    assert scheme["scheme"]["year"] == 2027
    assert scheme["conditions"]["report_deadline"] == "1. mars 2028"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_untouched_template_validates_to_a_short_list(tmp_path, capsys, scheme):
    folder = init(tmp_path, scheme, capsys)
    code, lines = validate(capsys, folder)
    assert code == 1
    expected = [
        "FEIL: scheme.toml, nøkkel «budget.frame»: «frame» skal være et beløp i hele kroner "
        '(heltall), ikke "".',
        "FEIL: applications.xlsx: filen har overskrifter, men ingen rader.",
        "FEIL: scores.csv: filen mangler i mappen (forventet scores.csv eller scores.xlsx).",
    ]
    if scheme == "blank":
        expected.insert(0, "FEIL: scheme.toml, nøkkel «scheme.name»: «name» kan ikke være tom.")
    assert lines[:-1] == expected
    assert lines[-1].startswith(f"Fant {len(expected)} feil og 0 advarsler")


def _fill(folder: Path, criteria: list[str]) -> None:
    """Fill a template in as an adviser would, with openpyxl."""
    scheme = folder / "scheme.toml"
    text = scheme.read_text(encoding="utf-8").replace('frame = ""', "frame = 3_000_000")
    scheme.write_text(text, encoding="utf-8")
    book = openpyxl.load_workbook(folder / "applications.xlsx")
    sheet = book.active
    rows = [
        ("H-1", "Bergen", "4601", None, "kommune", "Hjemmetid i Bergen", "team", 750000),
        ("H-2", "Bodø", "1804", None, "kommune", "Hjemmedød i Bodø", "plan", 700000),
        ("H-3", "Tromsø", "5501", None, "kommune", "Palliasjon i nord", "digital", 650000),
        ("H-4", "Molde", "1506", None, "kommune", "Lindrende i hjemmet", "nettverk", 600000),
        ("H-5", "Hamar", "3403", None, "kommune", "Pårørendestøtte", "pårørende", 720000),
    ]
    for row in rows:
        sheet.append(row)
    book.save(folder / "applications.xlsx")
    lines = ["application_id,assessor," + ",".join(criteria)]
    for n, row in enumerate(rows):
        for assessor in ("A", "B"):
            marks = ",".join(str(4 + (n + i) % 3) for i in range(len(criteria)))
            lines.append(f"{row[0]},{assessor},{marks}")
    (folder / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    book = openpyxl.load_workbook(folder / "budget_lines.xlsx")
    book.active.append(("H-1", "drift", 100000))
    book.active.append(("H-1", "kurs", 650000))
    book.save(folder / "budget_lines.xlsx")


@pytest.mark.parametrize("scheme", ["hjemmetid", "regional"])
def test_filled_template_validates_and_solves(tmp_path, capsys, scheme):
    folder = init(tmp_path, scheme, capsys)
    criteria = [c["id"] for c in tomllib.loads(scheme_text(scheme, 2027))["criteria"]]
    _fill(folder, criteria)
    code, lines = validate(capsys, folder)
    assert code == 0, lines
    assert any("Søknader:" in line and "5" in line for line in lines)
    out = tmp_path / "out"
    assert main(["solve", str(folder), "--out", str(out)]) == 0
    capsys.readouterr()
    granted = (out / "allocation.csv").read_text(encoding="utf-8")
    assert "H-1" in granted and "innvilget" in granted


def test_init_into_a_folder_that_is_not_empty_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "x.txt" not in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path / "file")]) == 2
    assert main(["init", str(tmp_path / "new"), "--scheme", "nasjonal"]) == 2


# --- Norwegian column aliases and "mente du" ---------------------------------------------------


def _round(tmp_path: Path, header: str, row: str) -> Path:
    folder = tmp_path / "round"
    folder.mkdir(parents=True)
    (folder / "scheme.toml").write_text(
        '[scheme]\nname = "X"\nyear = 2025\n[budget]\nframe = 100000\n'
        '[groups]\nP = 1\n[[criteria]]\nid = "maal"\ngroup = "P"\n',
        encoding="utf-8",
    )
    (folder / "applications.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    (folder / "scores.csv").write_text(
        "application_id,assessor,criterion,score\nS-1,A,maal,5\n", encoding="utf-8"
    )
    return folder


def _first_row(tmp_path: Path, header: str, row: str) -> tuple[Any, list[Problem]]:
    """The one application of a valid round with this header and row, and its problems."""
    round_, problems = check_round(_round(tmp_path, header, row))
    assert round_ is not None, problems
    return round_.applications.iloc[0], problems


def test_norwegian_aliases_stand_for_absent_columns(tmp_path):
    row, problems = _first_row(
        tmp_path,
        "Referanse,Søker,kommunenr,Tittel,søkt,egenandel,innbyggere",
        "S-1,Bodø,1804,Prosjekt,50000,1000,52000",
    )
    ids = (row["application_id"], row["applicant"], row["kommunenummer"])
    assert ids == ("S-1", "Bodø", "1804")
    assert (row["title"], row["requested"], row["own_funding"]) == ("Prosjekt", 50000, 1000)
    assert row["population"] == 52000
    assert not problems


def test_an_alias_beside_its_canonical_column_is_an_extra_column(tmp_path):
    row, problems = _first_row(
        tmp_path,
        "application_id,applicant,kommunenummer,title,requested,søkt,søknad_id",
        "S-1,Bodø,1804,Prosjekt,50000,70000,ref-9",
    )
    assert row["requested"] == 50000 and row["application_id"] == "S-1"
    assert row["søkt"] == "70000" and row["søknad_id"] == "ref-9"
    assert not problems


def test_an_unknown_heading_gets_a_did_you_mean_warning(tmp_path):
    _, problems = _first_row(
        tmp_path,
        "application_id,applicant,kommunenummer,title,requested,comitted,tittle_2,notat",
        "S-1,Bodø,1804,Prosjekt,50000,0,x,y",
    )
    assert [str(p) for p in problems] == [
        "ADVARSEL: applications.csv, rad 1, kolonne «comitted»: kolonnen «comitted» er ingen "
        "kjent kolonne og leses som en ekstra kolonne; mente du «committed»?"
    ]
    folder2 = _round(
        tmp_path / "b",
        "application_id,applicant,kommunenummer,title,requested,innbygere",
        "S-1,Bodø,1804,Prosjekt,50000,5",
    )
    _, problems = check_round(folder2)
    assert [p.code for p in problems] == ["unknown_heading"]
    assert "mente du «innbyggere» (det norske navnet på «population»)?" in problems[0].message


def test_a_misspelt_required_column_is_an_error_with_its_suggestion(tmp_path):
    folder = _round(
        tmp_path, "application_id,applicant,kommunenummer,title,reqested", "S-1,Bodø,1804,P,5"
    )
    round_, problems = check_round(folder)
    assert round_ is None
    messages = [str(p) for p in problems]
    assert "FEIL: applications.csv, rad 1: kolonnen «requested» mangler." in messages
    assert any("mente du «requested»?" in m for m in messages)


def test_docs_name_every_key_column_and_alias():
    from allocation.round.columns import ALIASES, APPLICATION_COLUMNS

    text = (Path(__file__).resolve().parent.parent / "docs" / "round.md").read_text("utf-8")
    for table, keys in scheme_tables().items():
        for k in keys:
            assert f"`[{table}] {k}`" in text or f"`[[{table}]] {k}`" in text, (table, k)
    for column in [c.name for c in APPLICATION_COLUMNS] + list(WORKBOOK_COLUMNS["applications"]):
        assert f"| `{column}` |" in text, column
    for aliases in ALIASES.values():
        for alias in aliases:
            assert f"`{alias}`" in text, alias
