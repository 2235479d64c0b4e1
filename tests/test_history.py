"""History across years (issue 11, item 8): the optional history.csv, checked like the tables
and shown in the innstilling with this year's figures added; and the commitments section."""

from __future__ import annotations

import shutil
from pathlib import Path

from allocation.orchestrator import allocate
from allocation.report.content import build_innstilling
from allocation.round.read import check_round, load_round

EXAMPLE = Path(__file__).resolve().parent.parent / "allocation" / "data" / "examples"


def _innstilling(folder: Path, charts: bool = True):  # noqa: ANN202 - test helper
    round_ = load_round(folder)
    result = allocate(round_)
    assert result.allocation is not None
    doc = build_innstilling(result.round, result.allocation, result.summary, charts=charts)
    return doc, result


def test_the_example_history_is_the_seed_table() -> None:
    round_ = load_round(EXAMPLE / "regional-2025")
    assert round_.files["history"].name == "history.csv"
    text = (EXAMPLE / "regional-2025" / "history.csv").read_text("utf-8").splitlines()
    assert text[0] == "year,applications,rejected,requested,granted,transferred"
    assert text[1] == "2012,18,0,11930000,5110000,"
    assert text[-1] == "2024,13,4,6559610,2905000,1111618"
    assert len(text) == 14


def test_the_innstilling_shows_the_history_with_this_year() -> None:
    doc, result = _innstilling(EXAMPLE / "regional-2025")
    table = doc.table("history")
    assert table is not None
    assert [r["year"] for r in table.rows] == [str(y) for y in range(2012, 2026)]
    last = table.rows[-1]
    assert last["granted"] == result.summary["granted_total"]
    assert last["applications"] == len(result.allocation)
    assert any(c.key == "history" for c in doc.charts())
    assert doc.table("commitments") is None  # years = 1: no commitments section


def test_no_history_no_section(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLE / "regional-2025", folder)
    (folder / "history.csv").unlink()
    doc, _ = _innstilling(folder, charts=False)
    assert doc.table("history") is None


def test_history_faults_are_named_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLE / "regional-2025", folder)
    path = folder / "history.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[2] = "2012,13,2,11417000,4810000,"  # row 3: 2012 again
    lines[3] = "2014,13,5,12x690000,2880000,"  # row 4: not an amount
    lines.append("2025,1,0,1,1,")  # row 15: the round's own year
    path.write_text("\n".join(lines) + "\n", "utf-8")
    round_, problems = check_round(folder)
    assert round_ is None
    where = {(p.file, p.row, p.column) for p in problems if p.severity == "error"}
    assert where == {
        ("history.csv", 3, "year"),
        ("history.csv", 4, "requested"),
        ("history.csv", 15, "year"),
    }


def test_the_innstilling_states_the_commitments(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLE / "regional-2025", folder)
    scheme = folder / "scheme.toml"
    text = scheme.read_text("utf-8").replace("rounding = 5_000", "rounding = 5_000\nyears = 3")
    scheme.write_text(text, "utf-8")
    doc, result = _innstilling(folder, charts=False)
    table = doc.table("commitments")
    assert table is not None
    alloc = result.allocation
    money = int((alloc["granted"] + alloc["committed"]).sum())
    by_year: dict[str, int] = {}
    for row in table.rows:
        by_year[row["year"]] = by_year.get(row["year"], 0) + row["amount"]
    assert by_year == {"2026": money, "2027": money}
    section = next(s for s in doc.sections if s.heading == "Tilsagn for kommende år")
    assert any(b.kind == "bullets" for b in section.blocks)


def test_the_documents_carry_both_sections(tmp_path: Path) -> None:
    from allocation.report.content import write_documents

    folder = tmp_path / "round"
    shutil.copytree(EXAMPLE / "regional-2025", folder)
    scheme = folder / "scheme.toml"
    text = scheme.read_text("utf-8").replace("rounding = 5_000", "rounding = 5_000\nyears = 3")
    scheme.write_text(text, "utf-8")
    doc, _ = _innstilling(folder)
    paths = write_documents(doc, tmp_path / "docs")
    html = paths["html"].read_text("utf-8")
    assert "Tilsagn for kommende år" in html and "Historikk" in html
    assert "11 930 000" in html.replace("\u00a0", " ")
    assert paths["docx"].stat().st_size > 0 and paths["xlsx"].stat().st_size > 0
