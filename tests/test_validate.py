"""`allocation validate ROUND`: every validation message, exit status, overview, and that the
input files are never modified."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation.cli.main import main

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"
CONFORMANCE = Path(__file__).resolve().parent / "conformance"


def copy_round(tmp_path: Path, name: str = "round") -> Path:
    target = tmp_path / name
    shutil.copytree(SMALL, target)
    return target


def run(capsys, folder: Path) -> tuple[int, list[str]]:
    code = main(["validate", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "Uventet feil" not in err
    return code, out.splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_line(lines: list[str], expected: str) -> str:
    matching = [line for line in lines if expected in line]
    assert matching, f"{expected!r} not in:\n" + "\n".join(lines)
    return matching[0]


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


# --- a valid round -----------------------------------------------------------------------------


def test_valid_round_prints_the_overview(capsys):
    code, lines = run(capsys, SMALL)
    assert code == 0
    text = "\n".join(lines)
    assert "FEIL" not in text
    assert_line(lines, "Søknadsrunden «small» er gyldig.")
    assert_line(lines, "Ordning:          Testordning for kompetanseheving")
    assert_line(lines, "År:               2025")
    assert_line(lines, "Region:           Hele landet")
    nb = " "  # allocation.format.money: a regular space (it was U+00A0 before issue 8)
    assert_line(
        lines,
        f"ramme 1{nb}000{nb}000{nb}kr + overført 100{nb}000{nb}kr − tidligere tilsagn "
        f"100{nb}000{nb}kr = disponibelt 1{nb}000{nb}000{nb}kr",
    )
    assert_line(lines, f"Søknader:         4, til sammen søkt 3{nb}775{nb}000{nb}kr")
    assert_line(lines, "Ikke tilskuddsberettiget: 1")
    assert_line(lines, "Per region:       Nordland 1, Oslo 1, Vestland 2")
    assert_line(lines, "Bedømmere:        2")
    assert_line(lines, "Kriterier:        3 i 2 grupper (Prosjekt 0,6, Søknad 0,4)")
    assert_line(lines, "Advarsler:        0")


def test_conformance_rounds_are_valid(capsys):
    for name in ("national", "regional", "infeasible"):
        code, lines = run(capsys, CONFORMANCE / name)
        assert code == 0, lines


def test_missing_or_non_directory_round(capsys, tmp_path):
    code, lines = run(capsys, tmp_path / "finnes-ikke")
    assert code == 1
    assert_line(lines, "Finner ikke mappen")
    (tmp_path / "fil.txt").write_text("x", encoding="utf-8")
    code, lines = run(capsys, tmp_path / "fil.txt")
    assert code == 1
    assert_line(lines, "er ikke en mappe")


# --- files and columns -------------------------------------------------------------------------


def test_missing_files(capsys, tmp_path):
    folder = copy_round(tmp_path)
    (folder / "scores.csv").unlink()
    (folder / "scheme.toml").unlink()
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "FEIL: scheme.toml: filen mangler i mappen (forventet scheme.toml).")
    assert_line(
        lines, "FEIL: scores.csv: filen mangler i mappen (forventet scores.csv eller scores.xlsx)."
    )
    assert_line(lines, "Fant 2 feil og 0 advarsler. Runden er ikke gyldig.")


def test_both_csv_and_xlsx(capsys, tmp_path):
    folder = copy_round(tmp_path)
    wb = openpyxl.Workbook()
    wb.active.append(["application_id", "category", "amount"])
    wb.save(folder / "budget_lines.xlsx")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "både budget_lines.csv og budget_lines.xlsx finnes")


def test_missing_columns(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "requested,", "pengene,")
    edit(folder / "scores.csv", "assessor,", "navn,")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "FEIL: applications.csv, rad 1: kolonnen «requested» mangler.")
    assert_line(lines, "FEIL: scores.csv, rad 1: kolonnen «assessor» mangler.")


def test_region_or_kommunenummer_column_needed(capsys, tmp_path):
    folder = copy_round(tmp_path)
    (folder / "applications.csv").write_text(
        "application_id,applicant,title,requested\nS-1,Bodø,T,1000\n", encoding="utf-8"
    )
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "kolonnen «region» eller «kommunenummer» må finnes")


# --- applications ------------------------------------------------------------------------------


def test_duplicate_application_id(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "S-3,", "s-1 ,")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: applications.csv, rad 4, kolonne «application_id»: søknadsnummeret «s-1» finnes "
        "også i rad 2",
    )


def test_numbers_that_do_not_parse_negative_and_ore(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "2905000", '"12 5OO"')
    edit(folder / "applications.csv", "120000,0", "-120000,0")
    edit(folder / "applications.csv", "300000,100000", "300000.50,100000")
    edit(folder / "applications.csv", "60000,", "mange,")
    edit(folder / "scores.csv", "S-1,A,maal,5", "S-1,A,maal,fem")
    edit(folder / "budget_lines.csv", "S-1,Kurs,150000", "S-1,Kurs,-150000")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: applications.csv, rad 3, kolonne «requested»: «12 5OO» er ikke et gyldig beløp "
        "i hele kroner.",
    )
    assert_line(
        lines,
        "FEIL: applications.csv, rad 4, kolonne «requested»: «-120000» er negativt; beløpet kan "
        "ikke være under 0.",
    )
    assert_line(
        lines,
        "FEIL: applications.csv, rad 5, kolonne «requested»: «300000.50» har øre; beløp skal "
        "oppgis i hele kroner.",
    )
    assert_line(
        lines,
        "FEIL: applications.csv, rad 2, kolonne «population»: «mange» er ikke et gyldig heltall.",
    )
    assert_line(lines, "FEIL: scores.csv, rad 2, kolonne «score»: «fem» er ikke et gyldig tall.")
    assert_line(lines, "FEIL: budget_lines.csv, rad 3, kolonne «amount»: «-150000» er negativt")


def test_decimal_comma_in_a_comma_separated_file(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scores.csv", "S-1,A,forankring,4.5", 'S-1,A,forankring,"4,5"')
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "scores.csv, rad 4, kolonne «score»: «4,5» har desimalkomma")


def test_required_value_missing(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "S-4,Bodø", "S-4,")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "FEIL: applications.csv, rad 5, kolonne «applicant»: verdien mangler.")


def test_kommunenummer_against_the_2024_list(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "1804", "1899")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: applications.csv, rad 5, kolonne «kommunenummer»: kommunenummer 1899 finnes ikke "
        "i kommunelisten for 2024.",
    )
    # An older round: a warning, and the region comes from the fylkesnummer.
    edit(folder / "scheme.toml", "year = 2025", "year = 2019")
    code, lines = run(capsys, folder)
    assert code == 0
    assert_line(
        lines,
        "ADVARSEL: applications.csv, rad 5, kolonne «kommunenummer»: kommunenummer 1899 finnes "
        "ikke i kommunelisten for 2024 (runden gjelder 2019); regionen er satt til «Nordland»",
    )
    assert_line(lines, "Advarsler:        1")
    edit(folder / "applications.csv", "46O1", "46O1") if False else None
    edit(folder / "applications.csv", "S-2,Bergen,4601", "S-2,Bergen,46O1")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "«46O1» er ikke et gyldig kommunenummer")


def test_region_contradicting_kommunenummer_is_a_warning(capsys, tmp_path):
    folder = copy_round(tmp_path)
    (folder / "applications.csv").write_text(
        "application_id,applicant,kommunenummer,region,title,requested\n"
        "S-1,Oslo,0301,Oslo,T,1000\n"
        "S-2,Bergen,4601,Rogaland,T,1000\n"
        "S-4,Bodø,,,T,1000\n",
        encoding="utf-8",
    )
    (folder / "budget_lines.csv").unlink()
    edit(folder / "scheme.toml", "min_per_region = 1\nmax_region_share = 0.8\n", "")
    code, lines = run(capsys, folder)
    assert code == 0
    assert_line(
        lines,
        "ADVARSEL: applications.csv, rad 3, kolonne «region»: regionen «Rogaland» stemmer ikke "
        "med kommunenummer 4601 (Bergen, som ligger i Vestland); regionen «Rogaland» brukes.",
    )
    assert_line(
        lines, "ADVARSEL: applications.csv, rad 4, kolonne «region»: søknaden mangler både region"
    )
    # With region rules, a missing region is an error.
    edit(folder / "scheme.toml", "[spread]\n", "[spread]\nmin_per_region = 1\n")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "FEIL: applications.csv, rad 4, kolonne «region»: søknaden mangler både")


# --- scores ------------------------------------------------------------------------------------


def test_score_problems(capsys, tmp_path):
    folder = copy_round(tmp_path)
    with open(folder / "scores.csv", "a", encoding="utf-8") as handle:
        handle.write("S-1,A,maal,5\n")  # row 20: same (application, assessor, criterion)
        handle.write("S-9,A,maal,5\n")  # row 21: unknown application
        handle.write("S-1,C,mål,5\n")  # row 22: unknown criterion
        handle.write("S-1,C,metode,7\n")  # row 23: outside the scale
        handle.write("S-1,C,forankring,\n")  # row 24: empty score (warning)
    edit(folder / "scores.csv", "S-4,B,forankring,3\n", "")  # row 19 gone: S-4 lacks a score
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: scores.csv, rad 19, kolonne «assessor»: bedømmer «A» har gitt poeng for søknad "
        "«S-1», kriterium «maal» også i rad 2.",
    )
    assert_line(
        lines,
        "FEIL: scores.csv, rad 20, kolonne «application_id»: poeng for søknad «S-9», som ikke "
        "finnes i applications.csv.",
    )
    assert_line(
        lines,
        "FEIL: scores.csv, rad 21, kolonne «criterion»: kriteriet «mål» finnes ikke i "
        "scheme.toml; mente du «maal»?",
    )
    assert_line(
        lines, "FEIL: scores.csv, rad 22, kolonne «score»: poengsummen 7 er utenfor skalaen 1–6."
    )
    assert_line(lines, "ADVARSEL: scores.csv, rad 23, kolonne «score»: poengsummen er tom")
    # S-4 is still scored by A for forankring; drop that too to make it miss the criterion.
    edit(folder / "scores.csv", "S-4,A,forankring,4\n", "")
    code, lines = run(capsys, folder)
    assert_line(
        lines,
        "FEIL: scores.csv, kolonne «criterion»: søknad «S-4» (rad 5 i applications.csv) mangler "
        "poeng for kriteriet «forankring».",
    )
    # The ineligible applicant (S-3, frivillig) has no scores and is not reported.
    assert not any("S-3" in line for line in lines)


def test_wide_scores_problems(capsys, tmp_path):
    folder = copy_round(tmp_path)
    (folder / "scores.csv").write_text(
        "application_id,assessor,maal,metode,forankring,metod\n"
        "S-1,A,5,4,4,3\nS-2,A,4,3,,\nS-4,A,3,3,4,\nS-4,A,3,,,\n",
        encoding="utf-8",
    )
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: scores.csv, rad 1, kolonne «metod»: kolonnen «metod» er verken et kriterium i "
        "scheme.toml eller en kjent kolonne; mente du «metode»?",
    )
    assert_line(lines, "søknad «S-2» (rad 3 i applications.csv) mangler poeng for kriteriet")
    assert_line(lines, "FEIL: scores.csv, rad 5, kolonne «maal»: bedømmer «A» har gitt poeng")


# --- budget lines ------------------------------------------------------------------------------


def test_budget_line_problems(capsys, tmp_path):
    folder = copy_round(tmp_path)
    with open(folder / "budget_lines.csv", "a", encoding="utf-8") as handle:
        handle.write("S-7,Kurs,1000\n")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: budget_lines.csv, rad 7, kolonne «application_id»: budsjettlinje for søknad "
        "«S-7», som ikke finnes i applications.csv.",
    )
    folder = copy_round(tmp_path, "other")
    edit(folder / "budget_lines.csv", "S-4,Kurs,300000", "S-4,Kurs,310000")
    code, lines = run(capsys, folder)
    assert code == 0
    nb = " "  # allocation.format.money: a regular space (it was U+00A0 before issue 8)
    assert_line(
        lines,
        f"ADVARSEL: budget_lines.csv, kolonne «amount»: budsjettlinjene for søknad «S-4» "
        f"summerer til 310{nb}000{nb}kr, men søkt beløp er 300{nb}000{nb}kr.",
    )


def test_budget_lines_may_include_own_funding(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "budget_lines.csv", "S-4,Kurs,300000", "S-4,Kurs,320000")  # 300 000 + 20 000
    code, lines = run(capsys, folder)
    assert code == 0
    assert not any("ADVARSEL" in line for line in lines)


# --- scheme.toml through the command ---------------------------------------------------------


def test_scheme_problems(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", 'policy = "merit"', 'policy = "rettferdig"')
    edit(folder / "scheme.toml", "projects = [1, 3]", "projects = [3, 1]\nprojets = 2")
    edit(folder / "scheme.toml", 'Prosjekt = 0.6\n"Søknad" = 0.4', 'Prosjekt = 0.6\n"Søknad" = 0.3')
    edit(folder / "scheme.toml", 'group = "Søknad"', 'group = "Søknader"')
    edit(folder / "scheme.toml", "[spread]", "[spredning]")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: scheme.toml, nøkkel «grants.policy»: ukjent policy «rettferdig»; bruk «merit», "
        "«coverage» eller «priority».",
    )
    assert_line(
        lines,
        "FEIL: scheme.toml, nøkkel «grants.projects»: minste antall prosjekter (3) er større "
        "enn største antall (1).",
    )
    assert_line(
        lines, "FEIL: scheme.toml: ukjent nøkkel «projets» i [grants]; mente du «projects»?"
    )
    assert_line(lines, "FEIL: scheme.toml, nøkkel «groups»: vektene i [groups] summerer til 0,9")
    assert_line(lines, "FEIL: scheme.toml: ukjent tabell [spredning]; mente du «spread»?")
    # Scores are still checked against the criteria when the scheme has errors elsewhere.
    assert not any("scores.csv" in line for line in lines)


def test_criteria_in_unknown_group(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", 'group = "Søknad"', 'group = "Søknader"')
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(
        lines,
        "FEIL: scheme.toml, nøkkel «criteria.group»: kriteriet «forankring» hører til gruppen "
        "«Søknader», som ikke finnes i [groups]; mente du «Søknad»?",
    )


def test_negative_available_budget(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "300000,100000", "300000,1300000")
    code, lines = run(capsys, folder)
    assert code == 1
    nb = " "  # allocation.format.money: a regular space (it was U+00A0 before issue 8)
    assert_line(
        lines,
        f"FEIL: scheme.toml, nøkkel «budget.frame»: disponibelt budsjett er negativt: ramme "
        f"1{nb}000{nb}000{nb}kr + overført 100{nb}000{nb}kr − tidligere tilsagn "
        f"1{nb}300{nb}000{nb}kr = -200{nb}000{nb}kr.",
    )


def test_scheme_syntax_error(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", "frame = 1_000_000", "frame = 1 000 000")
    code, lines = run(capsys, folder)
    assert code == 1
    assert_line(lines, "FEIL: scheme.toml: filen kan ikke leses: feil i TOML-oppsettet på linje 8")


# --- all at once, never modified, never a traceback --------------------------------------------


def test_every_problem_at_once_and_inputs_untouched(capsys, tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "2905000", "29O5000")
    edit(folder / "scores.csv", "S-2,A,maal,4", "S-2,A,maal,9")
    edit(folder / "budget_lines.csv", "S-4,", "S-44,")
    edit(folder / "scheme.toml", "cap = 750_000", "kap = 750_000")
    before = hashes(folder)
    code, lines = run(capsys, folder)
    assert code == 1
    errors = [line for line in lines if line.startswith("FEIL")]
    assert len(errors) == 4, lines
    assert [e.split(":")[1].split(",")[0].strip() for e in errors] == [
        "scheme.toml",
        "applications.csv",
        "scores.csv",
        "budget_lines.csv",
    ]
    assert hashes(folder) == before


def test_inputs_byte_identical_after_validation(capsys, tmp_path):
    folder = copy_round(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in (SMALL / "applications.csv").read_text(encoding="utf-8").splitlines():
        ws.append(line.split(","))
    (folder / "applications.csv").unlink()
    wb.save(folder / "applications.xlsx")
    scores = (SMALL / "scores.csv").read_text(encoding="utf-8").replace(",", ";")
    (folder / "scores.csv").write_bytes(scores.encode("cp1252"))
    before = hashes(folder)
    mtimes = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    code, _ = run(capsys, folder)
    assert code == 0
    assert hashes(folder) == before
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == mtimes
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)


@given(data=st.binary(max_size=300))
def test_garbage_applications_never_give_a_traceback(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("garbage")
    for p in SMALL.iterdir():
        shutil.copy(p, folder / p.name)
    (folder / "applications.csv").write_bytes(data)
    code = main(["validate", str(folder)])
    assert code == 1


@given(text=st.text(max_size=200))
def test_garbage_scheme_never_gives_a_traceback(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("garbage")
    for p in SMALL.iterdir():
        shutil.copy(p, folder / p.name)
    (folder / "scheme.toml").write_text(text, encoding="utf-8", errors="replace")
    code = main(["validate", str(folder)])
    assert code == 1


# --- problem codes: what kind of problem, without matching sentences ---------------------------

CODE_CASES = [
    # (file, old text, new text, code, file of the problem, row, column)
    (
        "applications.csv",
        "450000,0,50000",
        "45O000,0,50000",
        "bad_amount",
        "applications.csv",
        2,
        "requested",
    ),
    (
        "applications.csv",
        "S-2,Bergen",
        "S-1,Bergen",
        "duplicate_id",
        "applications.csv",
        3,
        "application_id",
    ),
    ("applications.csv", ",requested,", ",pengene,", "missing_column", "applications.csv", 1, None),
    (
        "applications.csv",
        "0301,bydel",
        "9999,bydel",
        "unknown_kommune",
        "applications.csv",
        2,
        "kommunenummer",
    ),
    (
        "applications.csv",
        "450000,0,50000",
        "-450000,0,50000",
        "negative_amount",
        "applications.csv",
        2,
        "requested",
    ),
    ("scores.csv", "S-1,A,maal,5", "S-1,A,maal,9", "score_out_of_scale", "scores.csv", 2, "score"),
    (
        "scores.csv",
        "S-1,A,maal,5",
        "S-1,A,mal,5",
        "unknown_criterion",
        "scores.csv",
        2,
        "criterion",
    ),
    (
        "scores.csv",
        "S-1,A,maal,5",
        "S-9,A,maal,5",
        "unknown_application",
        "scores.csv",
        2,
        "application_id",
    ),
    (
        "scores.csv",
        "S-1,A,metode,4",
        "S-1,A,maal,4",
        "duplicate_score",
        "scores.csv",
        3,
        "assessor",
    ),
    ("scores.csv", "S-1,A,maal,5", "S-1,A,maal,abc", "bad_number", "scores.csv", 2, "score"),
    (
        "budget_lines.csv",
        "S-1,Kurs,150000",
        "S-1,Kurs,160000",
        "budget_sum_differs",
        "budget_lines.csv",
        None,
        "amount",
    ),
    ("scheme.toml", '"Søknad" = 0.4', '"Søknad" = 0.3', "group_sum", "scheme.toml", None, "groups"),
    (
        "scheme.toml",
        "projects = [1, 3]",
        "projekts = [1, 3]",
        "unknown_key",
        "scheme.toml",
        None,
        None,
    ),
    (
        "scheme.toml",
        "projects = [1, 3]",
        "projects = [3, 1]",
        "projects_min_above_max",
        "scheme.toml",
        None,
        "grants.projects",
    ),
    ("scheme.toml", "scale = [1, 6]", "scale = [1, 6", "toml_syntax", "scheme.toml", None, None),
]


def _problems(folder: Path):
    from allocation.round.read import check_round

    return check_round(folder)[1]


@pytest.mark.parametrize(("file", "old", "new", "code", "where", "row", "column"), CODE_CASES)
def test_problem_codes(tmp_path, file, old, new, code, where, row, column):
    folder = copy_round(tmp_path)
    edit(folder / file, old, new)
    found = [p for p in _problems(folder) if p.code == code]
    assert found, [(p.code, str(p)) for p in _problems(folder)]
    assert found[0].file == where and found[0].row == row
    if column is not None:
        assert found[0].column == column


def test_every_problem_has_a_known_code(tmp_path):
    """Each problem the loader and the scheme parser create carries a code of Code, and the
    code is not part of the text the adviser reads."""
    from allocation.wording.validation import Code

    known = {c.value for c in Code}
    for n, (file, old, new, *_rest) in enumerate(CODE_CASES):
        folder = copy_round(tmp_path, f"round-{n}")
        edit(folder / file, old, new)
        for problem in _problems(folder):
            assert problem.code in known, problem
            assert problem.code not in str(problem)
    missing = tmp_path / "missing"
    missing.mkdir()
    codes = {p.code for p in _problems(missing)}
    assert codes == {Code.MISSING_FILE}
    assert {p.code for p in _problems(tmp_path / "nowhere")} == {Code.ROUND_NOT_FOUND}


def test_codes_are_stable_identifiers():
    from allocation.wording.validation import Code

    values = [c.value for c in Code]
    assert len(values) == len(set(values))
    assert all(v.isascii() and v == v.lower() and " " not in v for v in values)
    assert Code.MISSING_COLUMN == "missing_column"  # a str: compares with plain text
