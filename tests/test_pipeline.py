"""End to end: ``allocation run`` on the example round, documents read back.

Each ``allocation run`` starts one Jupyter kernel per notebook, so the runs are shared by
module-scoped fixtures (about 10 s each).
"""

from __future__ import annotations

import contextlib
import hashlib
import html.parser
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import CONFORMANCE_DIR, EXAMPLES_DIR
from docx import Document

from allocation import format as fmt
from allocation.cli.main import main

pytestmark = pytest.mark.slow

ROUND = EXAMPLES_DIR / "regional-2025"
DOCS = ("innstilling.docx", "innstilling.html", "tildeling.xlsx")


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["run", *args])
    return code, out.getvalue()


def only_run(parent: Path) -> Path:
    runs = [p for p in parent.iterdir() if not p.name.startswith(".")]
    assert len(runs) == 1, runs
    return runs[0]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("runs")
    out: dict[str, Path] = {"base": base}
    code, stdout = run_cli(str(ROUND), "--out", str(base / "a"))
    assert code == 0, stdout
    out["first"] = only_run(base / "a" / "regional-2025")
    out["stdout"] = stdout  # type: ignore[assignment]
    code, _ = run_cli(str(ROUND), "--out", str(base / "a"))
    assert code == 0
    out["second"] = next(p for p in (base / "a" / "regional-2025").iterdir() if p != out["first"])
    code, _ = run_cli(
        str(ROUND),
        "--out",
        str(base / "b"),
        "-p",
        "budget",
        "3200000",
        "--compare",
        str(out["first"]),
    )
    assert code == 0
    out["budget"] = only_run(base / "b" / "regional-2025")
    return out


def read_alloc(run: Path) -> pd.DataFrame:
    return pd.read_csv(run / "allocation.csv", dtype={"application_id": str})


def test_run_folder_contents(runs) -> None:
    run = runs["first"]
    names = {p.name for p in run.iterdir()}
    assert {
        "01-validate.ipynb",
        "02-score.ipynb",
        "03-allocate.ipynb",
        "04-innstilling.ipynb",
        "allocation.csv",
        "summary.json",
        "manifest.json",
        *DOCS,
    } <= names
    assert run.parent.name == "regional-2025"
    stamp, digest = run.name.rsplit("-", 1)
    assert len(stamp) == 15 and len(digest) == 8
    for doc in DOCS:
        assert str(run / doc) in runs["stdout"]
    assert not any(p.name.startswith(".") for p in run.parent.iterdir())


def test_outputs_equal_allocation_solve(runs, tmp_path: Path) -> None:
    out = tmp_path / "solve"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["solve", str(ROUND), "--out", str(out)]) == 0
    run = runs["first"]
    assert (run / "allocation.csv").read_bytes() == (out / "allocation.csv").read_bytes()
    mine = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    theirs = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    theirs.pop("timings", None)
    assert mine == theirs


def test_two_runs_are_identical(runs) -> None:
    a, b = runs["first"], runs["second"]
    assert a != b and a.name.split("-")[-1] == b.name.split("-")[-1]  # same hash, new folder
    for name in ("allocation.csv", "summary.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert docx_content(a) == docx_content(b)
    assert xlsx_content(a) == xlsx_content(b)
    assert (a / "innstilling.html").read_text(encoding="utf-8") == (
        b / "innstilling.html"
    ).read_text(encoding="utf-8")


def docx_content(run: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(run / "innstilling.docx"))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[c.text for row in t.rows for c in row.cells] for t in doc.tables]
    return paragraphs, tables


def xlsx_content(run: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(run / "tildeling.xlsx")
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_manifest(runs) -> None:
    run = runs["first"]
    m = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "optimal" and m["run_id"] == run.name
    for label, entry in m["inputs"].items():
        data = Path(entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], label
    assert {"round/scheme.toml", "round/applications.csv", "round/scores.csv"} <= set(m["inputs"])
    for name, digest in m["outputs"].items():
        assert hashlib.sha256((run / name).read_bytes()).hexdigest() == digest
    # the decision letters too, by their path in the run folder
    letters = {p.relative_to(run).as_posix() for p in (run / "brev").iterdir()}
    assert "brev/oversikt.xlsx" in letters and letters <= set(m["outputs"])
    assert "robustness_samples" not in m["parameters"]["given"]  # left off, not given
    assert m["package"]["name"] == "allocation" and m["solver"]["name"] == "highs"
    assert m["libraries"]["pandas"] and m["libraries"]["papermill"]
    assert set(m["timings"]["steps"]) >= {"validate", "solve", "notebooks"}
    assert m["git"] is None or len(m["git"]["commit"]) == 40


def html_tables(path: Path) -> list[list[list[str]]]:
    class P(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables: list[list[list[str]]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr":
                self.tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append("".join(self.cell).strip())
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    p = P()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tables


def _read(text: str) -> str:
    """A cell as a reader sees it: the no-break spaces inside amounts (issue 13) as spaces."""
    return text.replace("\xa0", " ")


def test_documents_show_the_numbers_of_allocation_csv(runs) -> None:
    run = runs["first"]
    alloc = read_alloc(run)
    funded = alloc[alloc["granted"] > 0]
    expect = {r.application_id: fmt.money(r.granted) for r in funded.itertuples()}
    rejected = set(alloc.loc[alloc["granted"] == 0, "application_id"])
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))

    # DOCX: the grants table (Søknad ... Innstilt) and the rejections table.
    _, tables = docx_content(run)
    doc = Document(str(run / "innstilling.docx"))
    grants = rejections = None
    for t in doc.tables:
        header = [c.text for c in t.rows[0].cells]
        # issue 13: the proposal shows what can be covered; its titles are in the vedtak
        if header[:2] == ["Søknad", "Kommune"] and "Kan dekkes" in header:
            grants = t
        if header[:3] == ["Søknad", "Kommune", "Prosjekt"] and "Utfall" in header:
            rejections = t
    assert grants is not None and rejections is not None
    header = [c.text for c in grants.rows[0].cells]
    gcol = header.index("Innstilt")
    got = {
        row.cells[0].text: _read(row.cells[gcol].text)
        for row in grants.rows[1:]
        if row.cells[0].text != "Sum"
    }
    assert got == expect
    assert _read(grants.rows[-1].cells[gcol].text) == fmt.money(summary["granted_total"])
    assert {row.cells[0].text for row in rejections.rows[1:]} == rejected

    # HTML: the same tables.
    tables_html = html_tables(run / "innstilling.html")
    g = next(
        t for t in tables_html if t and t[0][:2] == ["Søknad", "Kommune"] and "Kan dekkes" in t[0]
    )
    col = g[0].index("Innstilt")
    assert {r[0]: _read(r[col]) for r in g[1:] if r[0] != "Sum"} == expect
    assert _read([r for r in g if r[0] == "Sum"][0][col]) == fmt.money(summary["granted_total"])

    # XLSX: numbers as numbers.
    wb = openpyxl.load_workbook(run / "tildeling.xlsx")
    ws = wb["Tildelinger"]
    header = [c.value for c in ws[2]]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] not in (None, "Sum")]
    got_x = {r[0]: r[header.index("Innstilt")] for r in rows}
    assert got_x == {r.application_id: int(r.granted) for r in funded.itertuples()}
    ws = wb["Avslag"]
    assert {r[0] for r in ws.iter_rows(min_row=3, values_only=True) if r[0]} == rejected
    facts = {r[0]: r[1] for r in wb["Oversikt"].iter_rows(values_only=True) if r and r[0]}
    assert facts["Til fordeling i denne runden"] == summary["budget"]
    assert facts["Innstilt"] == summary["granted_total"]


def test_budget_change_lists_exactly_the_changed_grants(runs) -> None:
    before = read_alloc(runs["first"]).set_index("application_id")["granted"]
    after = read_alloc(runs["budget"]).set_index("application_id")["granted"]
    changed = sorted(before.index[before != after])
    assert changed, "a larger budget should change something"
    wb = openpyxl.load_workbook(runs["budget"] / "tildeling.xlsx")
    ws = wb["Endringer"]
    listed = sorted(
        r[0] for r in ws.iter_rows(min_row=3, values_only=True) if r[0] not in (None, "Sum")
    )
    assert listed == changed
    _, tables = docx_content(runs["budget"])
    assert any("Endring" in t[:6] for t in tables)
    m = json.loads((runs["budget"] / "manifest.json").read_text(encoding="utf-8"))
    assert m["parameters"]["rules"] == {"budget": 3_200_000}
    assert "compare/allocation.csv" in m["inputs"]


def test_scenario_locks_are_constraints_and_stated(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        '[scenario]\nname = "Skjønn"\n\n[[locks]]\napplication_id = "KT25-08"\n'
        'lock = "must_fund"\nreason = "Eneste søknad fra fjellregionen"\n\n'
        '[[locks]]\napplication_id = "KT25-01"\nlock = "must_not_fund"\n'
        'reason = "Finansiert av andre midler"\n',
        encoding="utf-8",
    )
    code, _ = run_cli(str(ROUND), "--out", str(tmp_path / "o"), "--scenario", str(scenario))
    assert code == 0
    run = only_run(tmp_path / "o" / "regional-2025")
    alloc = read_alloc(run).set_index("application_id")
    assert alloc.loc["KT25-08", "granted"] > 0 and alloc.loc["KT25-01", "granted"] == 0
    paragraphs, tables = docx_content(run)
    flat = " ".join(" ".join(t) for t in tables) + " ".join(paragraphs)
    assert "Eneste søknad fra fjellregionen" in flat and "Finansiert av andre midler" in flat
    assert "Skjønn" in flat
    assert (run / "scenario.toml").read_bytes() == scenario.read_bytes()


def test_infeasible_round_writes_summary_only(tmp_path: Path, capsys) -> None:
    code, stdout = run_cli(str(CONFORMANCE_DIR / "infeasible"), "--out", str(tmp_path))
    assert code == 3
    run = only_run(tmp_path / "infeasible")
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible" and summary["conflicts"]
    assert not (run / "allocation.csv").exists()
    assert not any((run / d).exists() for d in DOCS)
    assert (run / "03-allocate.ipynb").exists() and (run / "manifest.json").exists()


def test_invalid_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad-round"
    shutil.copytree(ROUND, bad)
    text = (bad / "applications.csv").read_text(encoding="utf-8")
    (bad / "applications.csv").write_text(text.replace("560000", "mye"), encoding="utf-8")
    code, stdout = run_cli(str(bad), "--out", str(tmp_path / "o"))
    assert code == 1
    assert "applications.csv" in stdout and "requested" in stdout
    assert not (tmp_path / "o" / "bad-round").exists() or not any(
        (tmp_path / "o" / "bad-round").iterdir()
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-p", "budgt", "1"], "ukjent parameter «budgt»"),
        (["-p", "budget", "mye"], "«budget» må være et helt kronebeløp"),
        (["-p", "policy", "beste"], "«policy» må være en av merit, coverage"),
        (["--compare", "/finnes/ikke"], "Fant ikke den tidligere kjøremappen"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, capsys, args: list[str], needle: str) -> None:
    code, _ = run_cli(str(ROUND), "--out", str(tmp_path), *args)
    assert code == 2
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "regional-2025").exists() or not any(
        (tmp_path / "regional-2025").iterdir()
    )
