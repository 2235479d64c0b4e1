"""The innstilling (allocation.report.content and its writers), from a hand-made result.

These tests do not need the solver: the allocation table and summary are written by hand in
the shape of allocation.csv / summary.json.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from docx import Document
from roundkit import make_round

from allocation.report.content import build_innstilling, write_documents
from allocation.report.document import Innstilling
from allocation.report.write_html import render_html
from allocation.report.write_xlsx import put_text
from allocation.results import Lock
from allocation.round.data import Conditions
from allocation.run.compare import compare_allocations

NASTY = [
    '=HYPERLINK("http://x","klikk")',
    "<script>alert('x')</script> & <b>fet</b>",
    "+47 prosjekt",
    "@SUM(A1)",
    "-1+2",
    "Vanlig prosjekt",
]


Case = tuple[Any, pd.DataFrame, dict[str, Any], pd.DataFrame]


@pytest.fixture()
def case() -> Case:
    apps = [
        {
            "application_id": f"H-{i + 1}",
            "applicant": name,
            "region": region,
            "model": model,
            "title": title,
            "requested": req,
            "committed": com,
        }
        for i, (name, region, model, title, req, com) in enumerate(
            [
                ("Alfa", "Nord", "CSNAT", NASTY[0], 400_000, 0),
                ("Beta", "Nord", "plan", NASTY[1], 300_000, 0),
                ("Gamma", "Sør", "CSNAT", NASTY[2], 250_000, 50_000),
                ("Delta", "Sør", "", NASTY[3], 200_000, 0),
                ("Epsilon", "Sør", "plan", NASTY[4], 150_000, 0),
                ("Zeta", "Øst", "team", NASTY[5], 100_000, 0),
            ]
        )
    ]
    r = make_round(
        apps,
        {"H-1": 5, "H-2": 4.5, "H-3": 4, "H-4": 3.5, "H-5": 2, "H-6": 4.25},
        frame=900_000,
        carry_over=100_000,
        threshold=3.0,
        rounding=1000,
        conditions=Conditions(
            revisor_threshold=200_000,
            revisor_from="amount",
            report_deadline="1. mars 2026",
            notes=("Rapport sendes innen fristen.",),
        ),
    )
    granted = [400_000, 200_000, 250_000, 0, 0, 0]
    decisions = ["innvilget", "delvis_innvilget", "innvilget", "avslått", "avslått", "avvist"]
    alloc = pd.DataFrame(
        {
            "application_id": [a["application_id"] for a in apps],
            "applicant": [a["applicant"] for a in apps],
            "region": [a["region"] for a in apps],
            "model": [a["model"] for a in apps],
            "score": [5.0, 4.5, 4.0, 3.5, 2.0, float("nan")],
            "requested": [a["requested"] for a in apps],
            "committed": [a["committed"] for a in apps],
            "fundable": [400_000, 300_000, 250_000, 200_000, 150_000, 0],
            "granted": granted,
            "decision": decisions,
            "reason": [
                "ok",
                "delvis",
                "ok",
                "=pengene rakk ikke",
                "under grensen",
                "ikke berettiget",
            ],
        }
    )
    summary = {
        "status": "optimal",
        "policy": "merit",
        "budget": 950_000,
        "objective": 1.0,
        "granted_total": 850_000,
        "funded": 3,
        "conflicts": [],
        "frame": 900_000,
        "carry_over": 100_000,
        "committed_total": 50_000,
    }
    greedy = alloc.copy()
    greedy["granted"] = [400_000, 300_000, 250_000, 0, 0, 0]
    return r, alloc, summary, greedy


def build(case: Case, **kw: Any) -> Innstilling:
    r, alloc, summary, greedy = case
    return build_innstilling(
        r,
        alloc,
        summary,
        greedy=greedy,
        greedy_notes=["Regel brutt: for mye til Nord."],
        locks={"H-2": Lock("must_fund", "Skjønn: <viktig> & nødvendig")},
        date=dt.date(2026, 4, 15),
        charts=kw.pop("charts", False),
        **kw,
    )


def test_figures_and_sections(case: Case) -> None:
    inn = build(case)
    f = inn.figures
    assert (f["applications"], f["funded"], f["granted_total"], f["budget"]) == (
        6,
        3,
        850_000,
        950_000,
    )
    assert (f["n_innvilget"], f["n_delvis_innvilget"], f["n_avslått"], f["n_avvist"]) == (
        2,
        1,
        2,
        1,
    )
    assert f["requested_total"] == 1_400_000 and f["unallocated"] == 100_000
    assert f["greedy_total"] == 950_000
    headings = [s.heading for s in inn.sections]
    for h in (
        "Sammendrag",
        "Budsjettramme",
        "Innstilte tilskudd",
        "Søknader som ikke innstilles",
        "Rådgivers skjønn: låste søknader",
        "Sammenligning med manuell metode",
        "Vilkår for tilskuddet",
        "Godkjenning",
    ):
        assert h in headings


def test_conditions_follow_the_scheme(case: Case) -> None:
    inn = build(case)
    text = " ".join(
        str(i)
        for s in inn.sections
        if s.heading == "Vilkår for tilskuddet"
        for b in s.blocks
        for i in b.items
    )
    assert "Tilskudd på 200 000 kr eller mer krever revisorattestert regnskap." in text
    # 400 000 and 200 000 and 250 000 are all >= 200 000 ("amount": inclusive)
    assert "gjelder 3 av de innstilte" in text
    assert "1. mars 2026" in text and "Rapport sendes innen fristen." in text

    r, alloc, summary, greedy = case
    above = r.with_scheme(r.scheme.replace(conditions=Conditions(200_000, "above")))
    inn = build_innstilling(above, alloc, summary, charts=False)
    text = " ".join(
        str(i)
        for s in inn.sections
        if s.heading == "Vilkår for tilskuddet"
        for b in s.blocks
        for i in b.items
    )
    assert "Tilskudd over 200 000 kr" in text and "gjelder 2 av de innstilte" in text


def test_docx_numbers_equal_the_table(case: Case, tmp_path: Path) -> None:
    inn = build(case, charts=True)
    paths = write_documents(inn, tmp_path)
    doc = Document(str(paths["docx"]))
    assert doc.core_properties.author == ""
    # the no-break spaces inside amounts read as spaces (tests/test_innstilling_form.py)
    cells = {c.text.replace("\xa0", " ") for t in doc.tables for row in t.rows for c in row.cells}
    for amount in ("400 000 kr", "200 000 kr", "250 000 kr", "850 000 kr", "950 000 kr"):
        assert amount in cells
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Saksbehandler" in body and "Godkjent av" in body  # roles only (issue 13)
    assert "Skjønn: <viktig> & nødvendig" in cells
    # Charts carry a text alternative.
    with zipfile.ZipFile(paths["docx"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count('descr="') >= 4
    assert 'w:lang w:val="nb-NO"' in z_styles(paths["docx"])


def z_styles(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/styles.xml").decode("utf-8")


class _Checker(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_accessible_and_escaped(case: Case) -> None:
    page = render_html(build(case, charts=True))
    assert "<script>alert" not in page and "<b>fet</b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in page
    p = _Checker()
    p.feed(page)
    html_tag = next(a for t, a in p.tags if t == "html")
    assert html_tag["lang"] == "nb"
    ths = [a for t, a in p.tags if t == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    assert sum(1 for t, _ in p.tags if t == "caption") == sum(1 for t, _ in p.tags if t == "table")
    imgs = [a for t, a in p.tags if t == "img"]
    assert len(imgs) == 4
    assert all(a["src"].startswith("data:image/png;base64,") and len(a["alt"]) > 20 for a in imgs)
    assert not any(a.get("src", "").startswith("http") for _, a in p.tags)
    text = "".join(p.text).replace("\xa0", " ")  # no-break spaces inside amounts read as spaces
    assert "850 000 kr" in text and "Saksbehandler" in text  # roles only (issue 13)


def test_xlsx_text_never_becomes_a_formula(case: Case, tmp_path: Path) -> None:
    paths = write_documents(build(case), tmp_path)
    wb = openpyxl.load_workbook(paths["xlsx"])
    assert {"Oversikt", "Tildelinger", "Avslag", "Regler", "Fordeling"} <= set(wb.sheetnames)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen[cell.value] = cell
    for title in NASTY[:5]:
        if title in seen:
            cell = seen[title]
            assert cell.data_type == "s"
            if title[0] in "=+-@":
                assert cell.quotePrefix
    assert NASTY[0] in seen and NASTY[3] in seen  # granted title and rejected title
    assert seen["=pengene rakk ikke"].quotePrefix
    # Amounts are numbers.
    ws = wb["Tildelinger"]
    header = [c.value for c in ws[2]]
    col = header.index("Innstilt") + 1
    values = [ws.cell(row=r, column=col).value for r in range(3, ws.max_row + 1)]
    assert [v for v in values if v is not None][:3] == [400_000, 200_000, 250_000]


def test_put_text_keeps_formula_looking_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    put_text(wb.active["A1"], "=1+1")
    wb.save(tmp_path / "x.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "x.xlsx").active["A1"]
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix


def test_changes_section(case: Case) -> None:
    r, alloc, summary, greedy = case
    after = alloc.copy()
    after["granted"] = [400_000, 300_000, 250_000, 200_000, 0, 0]
    after_summary = dict(summary, budget=1_150_000, granted_total=1_150_000, funded=4)
    cmp = compare_allocations(
        alloc, after, before_summary=summary, after_summary=after_summary, label="før"
    )
    inn = build_innstilling(r, after, after_summary, comparison=cmp, charts=False)
    assert inn.figures["changes"] == 2
    table = inn.table("changes")
    assert table is not None and table.sheet == "Endringer" and table.total is not None
    assert [row["application_id"] for row in table.rows] == ["H-2", "H-4"]
    assert table.total["change"] == 300_000


def test_tables_are_keyed_by_id(case: Case) -> None:
    r, alloc, summary, greedy = case
    inn = build(case, scoring=None)
    assert [t.id for t in inn.tables()] == [
        "outcome",
        "criteria",
        "grants",
        "rejected",
        "locks",
        "ranking",  # issue 10: the rank inversions, with their rules
        "spread_region",
        "spread_model",
        "rules",  # issue 13: the rules and the by-hand comparison in the appendix
        "greedy",
        "conditions",
    ]
    grants = inn.table("grants")
    assert grants is not None and grants.caption == "Innstilte tilskudd"
    assert inn.table("changes") is None  # no earlier run to compare with


def test_counts_read_singular_and_plural(case: Case) -> None:
    inn = build(case)
    text = " ".join(b.text for s in inn.sections for b in s.blocks if b.kind == "p")
    assert "1 søknad avvises" in text and "1 søknader" not in text
    assert "2 søknader avslås" in text and "1 søknad er låst" in text
    assert "1 pågående prosjekt har allerede fått tilsagn" in text


def test_region_ceiling_is_quoted_with_its_origin(case: Case) -> None:
    r, alloc, summary, greedy = case
    ruled = r.with_scheme(r.scheme.replace(max_region_share=0.6))
    inn = build_innstilling(ruled, alloc, summary, charts=False)
    rules = inn.table("rules")
    assert rules is not None
    values = {row["rule"]: row["value"] for row in rules.rows}
    # 60 % of 950 000 kr is 570 000 kr; the grants are whole thousands (rounding 1000).
    assert (
        values["Høyeste andel av rammen per region"] == "60 % av 950 000 kr, det vil si 570 000 kr"
    )
    assert inn.figures["region_ceiling"] == 570_000
    ruled = r.with_scheme(r.scheme.replace(max_region_share=0.625, rounding=10_000))
    rules = build_innstilling(ruled, alloc, summary, charts=False).table("rules")
    assert rules is not None
    values = {row["rule"]: row["value"] for row in rules.rows}
    assert values["Høyeste andel av rammen per region"] == (
        "62,5 % av 950 000 kr, avrundet ned til 590 000 kr"
    )


def test_parameters_are_stated_as_the_rules_table_states_them(case: Case) -> None:
    inn = build(case, parameters={"max_region_share": 0.625, "threshold": 3.5, "budget": 950_000})
    text = inn.sections[0].blocks[-1].text
    assert "høyeste andel per region: 62,5 %" in text
    assert "poenggrense: 3,50" in text and "ramme: 950 000 kr" in text


def test_content_model_doctests() -> None:
    import doctest

    import allocation.report.document

    result = doctest.testmod(allocation.report.document)
    assert result.attempted >= 2 and result.failed == 0


def test_writers_import_the_content_model_not_the_builder() -> None:
    """report/document.py <- writers and charts <- sections <- content: no cycle (imports inside
    functions included)."""
    import ast

    import allocation.report

    folder = Path(allocation.report.__file__).parent

    def report_imports(name: str) -> set[str]:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("allocation.report."):
                    found.add(node.module.rsplit(".", 1)[1])
                elif node.module == "allocation.report":
                    found |= {a.name for a in node.names}
        return found

    assert report_imports("document") == set()
    for writer in ("write_docx", "write_html", "charts"):
        assert report_imports(writer) == {"document"}, writer
    # The workbook's writer has its page setup and its own two tables beside it (issue 13).
    assert report_imports("write_xlsx") == {"document", "xlsx_print", "xlsx_tables"}
    assert report_imports("xlsx_print") == set()
    assert report_imports("xlsx_tables") == {"document"}
    assert report_imports("sections") == {"document", "charts"}
    assert "content" not in set().union(
        *(report_imports(m) for m in ("document", "sections", "write_docx", "write_html"))
    )
