"""Inter-municipal applications (CONTRACT v1.2): the ``partners`` column with its warnings, the
``malform`` column with its errors, and the project's own key ``[eligibility] partner_required``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from roundkit import make_round

from allocation.orchestrator import allocate
from allocation.round.partners import partner_parts, resolve_partners
from allocation.round.read import check_round, load_round
from allocation.round.scheme import parse_scheme_text

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"


def test_cells_split_on_slashes_and_resolve_numbers_and_names():
    assert partner_parts(" Os / 5025 // ") == ["Os", "5025"]
    assert partner_parts(None) == [] and partner_parts("") == []
    found = resolve_partners("301 / bodø / Karasjok / Kárášjohka / Herøy / Atlantis / 9999")
    assert [(p.name, p.problem) for p in found] == [
        ("Oslo", None),
        ("Bodø", None),
        ("Karasjok", None),
        ("Karasjok", None),
        ("Herøy", "ambiguous"),
        ("Atlantis", "unknown"),
        ("9999", "unknown"),
    ]
    assert found[4].candidates == ("Herøy (Møre og Romsdal)", "Herøy (Nordland)")


def test_the_applicant_itself_is_marked():
    found = resolve_partners("Bergen / 4601 / Voss", applicant="Bergen", kommunenummer="4601")
    assert [p.problem for p in found] == ["applicant", "applicant", None]


def _folder(tmp_path: Path, column: str, cells: list[str], eligibility: str = "") -> Path:
    folder = tmp_path / "round"
    shutil.copytree(SMALL, folder)
    path = folder / "applications.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0] + f",{column}"] + [
        f"{line},{cell}" for line, cell in zip(lines[1:], cells, strict=True)
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    if eligibility:
        scheme = folder / "scheme.toml"
        text = scheme.read_text(encoding="utf-8")
        scheme.write_text(text.replace("[eligibility]\n", "[eligibility]\n" + eligibility), "utf-8")
    return folder


def test_partner_warnings_name_file_row_and_column_and_never_block(tmp_path):
    cells = ['"Voss, Ulvik"', "Bergen / Herøy", "Atlantis", "Fauske / Saltdal"]
    rnd, problems = check_round(_folder(tmp_path, "partners", cells))
    assert rnd is not None
    warnings = [(p.row, p.column, p.code) for p in problems if p.column == "partners"]
    assert all(p.severity == "warning" for p in problems if p.column == "partners")
    assert warnings == [
        (2, "partners", "partner_separator"),
        (2, "partners", "partner_unknown"),  # "Voss, Ulvik" is no name
        (3, "partners", "partner_is_applicant"),
        (3, "partners", "partner_ambiguous"),
        (4, "partners", "partner_unknown"),
    ]
    assert rnd.applications["partners"].tolist()[3] == "Fauske / Saltdal"


def test_partners_never_enter_the_model(tmp_path):
    plain = allocate(load_round(SMALL))
    cells = ["Voss", "", "", "Fauske"]
    with_partners = allocate(load_round(_folder(tmp_path, "partners", cells)))
    assert with_partners.allocation["granted"].tolist() == plain.allocation["granted"].tolist()


def test_partner_required_makes_an_application_without_partners_avvist(tmp_path):
    cells = ["Oslo kommune / 0301", "", "Bergen", "Fauske"]
    folder = _folder(tmp_path, "partners", cells, "partner_required = true\n")
    result = allocate(load_round(folder))
    table = result.allocation.set_index("application_id")
    assert table.loc["S-2", "decision"] == "avvist"
    assert "samarbeidskommune" in table.loc["S-2", "reason"]
    assert table.loc["S-2", "fundable"] == 0
    assert table.loc["S-3", "decision"] == "avvist"  # frivillig: not an allowed type
    assert "søkertypen" in table.loc["S-3", "reason"]


def test_partner_required_is_a_boolean_key():
    head = '[scheme]\nname="x"\nyear=2025\n[budget]\nframe=1\n[groups]\nG=1\n[[criteria]]\nid="c"\n'
    head += 'group="G"\n'
    assert parse_scheme_text(head + "[eligibility]\npartner_required = true\n").scheme is not None
    bad = parse_scheme_text(head + '[eligibility]\npartner_required = "ja"\n')
    assert [p.column for p in bad.problems] == ["eligibility.partner_required"]
    rnd = make_round([{"application_id": "A", "requested": 10}], {"A": 5}, frame=10)
    assert allocate(rnd).allocation["decision"].tolist() == ["innvilget"]


@pytest.mark.parametrize(
    ("cell", "want"),
    [("bokmål", "bokmål"), (" NB ", "bokmål"), ("Bokmal", "bokmål"), ("", "bokmål"),
     ("Nynorsk", "nynorsk"), ("nn", "nynorsk")],
)  # fmt: skip
def test_malform_values(tmp_path, cell, want):
    rnd = load_round(_folder(tmp_path, "malform", [cell, "", "", ""]))
    assert rnd.applications["malform"].tolist() == [want, "bokmål", "bokmål", "bokmål"]


def test_every_malform_fault_is_reported_at_once(tmp_path):
    _, problems = check_round(_folder(tmp_path, "malform", ["samisk", "nn", "engelsk", "nb"]))
    errors = [(p.file, p.row, p.column) for p in problems if p.severity == "error"]
    assert errors == [("applications.csv", 2, "malform"), ("applications.csv", 4, "malform")]


def test_the_documents_list_partners_and_count_the_kommuner_reached(tmp_path):
    from allocation.report.content import innstilling_from_result

    cells = ["Voss / 4601", "Voss / Ulvik", "", "Fauske / Saltdal / Atlantis"]
    result = allocate(load_round(_folder(tmp_path, "partners", cells)))
    doc = innstilling_from_result(result, greedy=False, charts=False)
    listed = {r["application_id"]: r["partners"] for r in doc.table("partners").rows}
    assert listed == {
        "S-1": "Voss, Bergen",
        "S-2": "Voss, Ulvik",
        "S-4": "Fauske, Saltdal, Atlantis",
    }
    # S-1 (Oslo) and S-2 (Bergen) are funded, S-4 (Bodø) is not: its partners are not reached
    reached = [
        (r["fylke"], r["applicants"], r["partners"], r["reached"])
        for r in doc.table("kommuner_reached").rows
    ]
    assert reached == [("Oslo", 1, 0, 1), ("Vestland", 1, 2, 3)]  # Bergen; Voss, Ulvik
