"""Reading that never breaks or guesses (issue 11, item 9): odd but real inputs give clear
errors naming file, row and column, all at once; an extra column named like an output column
is carried as ``input_<name>``; a failing solve leaves no output behind."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from allocation.cli.main import main
from allocation.round.read import check_round

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"
EXAMPLE = Path(__file__).resolve().parent.parent / "allocation" / "data" / "examples"


def copy_round(tmp_path: Path, source: Path = SMALL) -> Path:
    target = tmp_path / "round"
    shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(folder: Path) -> list[tuple[str, int | None, str | None, str]]:
    round_, problems = check_round(folder)
    assert round_ is None
    return [(p.file, p.row, p.column, p.message) for p in problems if p.severity == "error"]


def test_every_odd_input_is_named_at_once(tmp_path):
    folder = copy_round(tmp_path)
    apps = folder / "applications.csv"
    edit(apps, "450000,0,50000", "1000000000001,0,50000")  # S-1, row 2: above 10^12 kr
    edit(apps, "S-3,Frivillig lag,4601", "S-3,Frivillig lag,9901")  # row 4: no fylke "99"
    edit(folder / "scheme.toml", "carry_over = 100_000", "carry_over = -100_000")
    edit(folder / "scheme.toml", "cap = 750_000", "cap = 500")
    found = errors(folder)
    where = {(f, r, c) for f, r, c, _ in found}
    assert ("applications.csv", 2, "requested") in where
    assert ("applications.csv", 4, "kommunenummer") in where
    assert ("scheme.toml", None, "budget.carry_over") in where
    assert ("scheme.toml", None, "grants.cap") in where
    text = " ".join(m for *_, m in found)
    assert "1000000000001" in text and "over 1 000 000 000 000 kr" in text
    assert "(99) er ikke nummeret på noe fylke" in text
    assert "avrundingen" in text


def test_exactly_10_to_the_12_is_an_amount(tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "applications.csv", "450000,0,50000", "1000000000000,0,50000")
    _, problems = check_round(folder)
    assert not [p for p in problems if p.row == 2 and p.column == "requested"]


def test_a_prefix_without_fylke_is_an_error_in_an_old_round_too(tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", "year = 2025", "year = 2019")
    edit(folder / "applications.csv", "S-3,Frivillig lag,4601", "S-3,Frivillig lag,9901")
    found = errors(folder)
    assert ("applications.csv", 4, "kommunenummer") in {(f, r, c) for f, r, c, _ in found}
    # a region rule is set in this round: the region cannot be determined either
    assert ("applications.csv", 4, "region") in {(f, r, c) for f, r, c, _ in found}


def test_an_old_round_keeps_the_region_of_a_known_prefix(tmp_path):
    folder = copy_round(tmp_path)
    edit(folder / "scheme.toml", "year = 2025", "year = 2019")
    edit(folder / "applications.csv", "1804", "1899")
    round_, problems = check_round(folder)
    assert round_ is not None
    assert round_.applications.loc[3, "region"] == "Nordland"


def test_nul_byte_is_reported_with_its_row(tmp_path):
    folder = copy_round(tmp_path)
    apps = folder / "applications.csv"
    data = apps.read_bytes().replace("Besøkstjeneste".encode(), b"Bes\x00tjeneste")
    apps.write_bytes(data)
    edit(folder / "scores.csv", "S-1,A,maal,5", "S-1,A,maal,9")  # and another problem
    found = errors(folder)
    assert any(f == "applications.csv" and r == 4 and "NUL" in m for f, r, _, m in found)
    assert any(f == "scores.csv" for f, *_ in found)  # every problem at once


def test_broken_line_is_reported_with_its_row(tmp_path):
    folder = copy_round(tmp_path)
    apps = folder / "applications.csv"
    huge = "x" * (csv.field_size_limit() + 10)
    edit(apps, "Besøkstjeneste", huge)
    found = errors(folder)
    assert [(f, r) for f, r, _, m in found if "kan ikke leses som CSV" in m] == [
        ("applications.csv", 4)
    ]


@pytest.mark.parametrize(
    "name", ["score", "granted", "decision", "Reason", "input_score", "source_row"]
)
def test_an_extra_column_named_like_an_output_is_carried_as_input(tmp_path, capsys, name):
    folder = copy_round(tmp_path, EXAMPLE / "regional-2025")
    apps = folder / "applications.csv"
    lines = apps.read_text(encoding="utf-8").splitlines()
    header = lines[0] + f",{name}" + (",score" if name == "input_score" else "")
    rows = [line + ",x" + (",y" if name == "input_score" else "") for line in lines[1:]]
    apps.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["solve", str(folder), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Uventet feil" not in captured.err
    with open(out / "allocation.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    expected = "input_" + name
    if name == "input_score":  # input_score is free; score takes input_input_score
        assert [r["input_score"] for r in table] == ["x"] * len(table)
        assert [r["input_input_score"] for r in table] == ["y"] * len(table)
    else:
        assert [r[expected] for r in table] == ["x"] * len(table)
    assert all(r["score"] not in ("x", "y") for r in table)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"


def test_the_example_grants_do_not_change_with_an_extra_score_column(tmp_path, capsys):
    plain = tmp_path / "plain"
    assert main(["solve", str(EXAMPLE / "regional-2025"), "--out", str(plain)]) == 0
    folder = copy_round(tmp_path, EXAMPLE / "regional-2025")
    apps = folder / "applications.csv"
    lines = apps.read_text(encoding="utf-8").splitlines()
    apps.write_text(
        "\n".join([lines[0] + ",score"] + [line + ",1" for line in lines[1:]]) + "\n",
        encoding="utf-8",
    )
    extra = tmp_path / "extra"
    assert main(["solve", str(folder), "--out", str(extra)]) == 0
    capsys.readouterr()

    def grants(out: Path) -> list[tuple[str, str]]:
        with open(out / "allocation.csv", encoding="utf-8", newline="") as f:
            return [(r["application_id"], r["granted"]) for r in csv.DictReader(f)]

    assert grants(plain) == grants(extra)


def test_no_partial_outputs_when_the_summary_fails(tmp_path, capsys, monkeypatch):
    """A failure anywhere before or while writing leaves nothing: no folder, no file."""
    import allocation.cli.solve as solve_cli

    def broken(result: object) -> list[str]:
        raise RuntimeError("summary broke")

    monkeypatch.setattr(solve_cli, "summary_lines", broken)
    assert_nothing_written(tmp_path, capsys)


def test_no_partial_outputs_when_writing_fails(tmp_path, capsys, monkeypatch):
    import allocation.results as results

    real = results._write_atomic
    calls: list[Path] = []

    def second_fails(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real(path, text)

    monkeypatch.setattr(results, "_write_atomic", second_fails)
    assert_nothing_written(tmp_path, capsys)


def assert_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["solve", str(EXAMPLE / "regional-2025"), "--out", str(out)])
    capsys.readouterr()
    assert code != 0
    assert not out.exists()
