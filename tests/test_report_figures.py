"""Every figure reads the same in the innstilling's three documents (issue 8, "Done when").

One run per case writes innstilling.docx, innstilling.html and tildeling.xlsx; the tests read
the three files back (python-docx: paragraphs, table cells and chart descriptions; the HTML:
text, table cells and image ``alt``; openpyxl: every cell) and check that

* every table of the content model (found by its id, then by its caption in each file) shows
  the same cells in all three documents, and the budget facts likewise;
* every application's score, grant and fundable amount is the same text wherever it appears
  (table cells and the reasons quoting it);
* the summary's money (budget, frame, carry-over, granted, remaining, region ceiling) appears
  in all three, written exactly as :mod:`allocation.format` writes it;
* no amount or share is written two ways (a printed amount within 10 000 kr of a key figure,
  or a share within one percentage point of a rule's share, that is not one of the run's own
  figures), and no count reads "1 søknader".

The workbook holds numbers as numbers. Its cells are compared through their number format,
rendered as Excel does (:func:`excel_text`): the value rounded half away from zero on its 15
significant digits, "." the decimal mark and "," the grouping of the format shown as the
Norwegian comma and space (Excel in nb-NO groups with a no-break space; the documents use a
regular space, :mod:`allocation.format`), quoted literals and "%" as written.

The cases: the two example rounds, the regional round with a new budget compared with its
first run (parameters and changes sections), and a small hand-made round whose figures sit on
the edges the slips were found at (a score of 4.125, a grant of 0.625 of the request, a region
ceiling of 62,5 % of 1 005 000 kr = 628 125 kr that rounds down to 620 000 kr, one ineligible
application).
"""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from conftest import EXAMPLES_DIR
from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from roundkit import make_round

from allocation import format as fmt
from allocation.model.eligibility import region_ceiling
from allocation.report.content import innstilling_from_result, write_documents
from allocation.report.document import CHANGE, MONEY, SHARE, Innstilling, Table
from allocation.results import Lock
from allocation.round.data import Scheme
from allocation.run.config import RunConfig
from allocation.run.pipeline import allocate_step, innstilling_step
from allocation.wording import report as W

DATE = dt.date(2026, 4, 15)
NEAR_KR = 10_000  # two amounts closer than this that should be one figure
NEAR_SHARE = 1.0  # percentage points
MONEY_RE = re.compile(r"[+-]?\d{1,3}(?: \d{3})* kr")
PERCENT_RE = re.compile(r"\d+(?:,\d+)? %")
PLURAL_AFTER_ONE = re.compile(  # "1 søknader", not "11 søknader" or "2 001 søknader"
    r"(?<![\d,])(?<!\d )1 (?:" + "|".join([W.APPLICATIONS[1], W.PROJECTS[1], "grupper"]) + r")\b"
)


# -- reading the workbook as Excel shows it ------------------------------------------------------


def excel_text(value: Any, number_format: str) -> str:
    """The text Excel shows for ``value`` under ``number_format`` (the formats the writer uses).

    >>> excel_text(1250000, '#,##0" kr"'), excel_text(-5000, '+#,##0" kr";-#,##0" kr";0" kr"')
    ('1 250 000 kr', '-5 000 kr')
    >>> excel_text(4.125, "0.00"), excel_text(0.625, "0 %"), excel_text(0.625, "0.0 %")
    ('4,13', '63 %', '62,5 %')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if number_format == "General":
        return str(value)
    sections = number_format.split(";")
    if value < 0 and len(sections) > 1:
        section, number, sign = sections[1], -value, ""
    elif value == 0 and len(sections) > 2:
        section, number, sign = sections[2], value, ""
    else:
        section, number, sign = sections[0], abs(value), "-" if value < 0 else ""
    parts = re.findall(r'"[^"]*"|[0#,.]+|.', section)
    percent = "%" in parts
    out = []
    for part in parts:
        if part.startswith('"'):
            out.append(part[1:-1])
        elif part[0] in "0#,.":
            out.append(_excel_number(number * (100 if percent else 1), part))
        else:
            out.append(part)
    text = "".join(out)
    return sign + text if sign and any(c.isdigit() and c != "0" for c in text) else text


def _excel_number(value: float, pattern: str) -> str:
    digits = len(pattern.split(".")[1]) if "." in pattern else 0
    exact = Decimal(f"{value:.15g}")  # Excel keeps 15 significant digits
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    if "," in pattern:
        whole = f"{int(whole):,}".replace(",", " ")
    return whole + ("," + frac if digits else "")


# -- the three documents, read back ---------------------------------------------------------------


@dataclass
class Read:
    """One document read back: its texts, its tables by caption, and its fact list."""

    texts: list[str] = field(default_factory=list)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    facts: list[list[str]] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[list[str], list[str]]]:
        """(header, row) for every row of every table."""
        for table in self.tables.values():
            for row in table[1:]:
                yield table[0], row


def _as_read(text: str) -> str:
    """Text as a reader sees it: the no-break spaces inside amounts (which keep "2 805 000 kr"
    on one line, tests/test_innstilling_form.py) read as spaces."""
    return text.replace("\xa0", " ")


def read_docx(path: Path) -> Read:
    doc = Document(str(path))
    out = Read()
    caption = None
    for element in doc.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _as_read(Paragraph(element, doc).text)
            out.texts.append(text)
            match = re.match(r"Tabell \d+: (.*)", text)
            caption = match.group(1) if match else (caption if not text else None)
        elif tag == "tbl":
            cells = [[_as_read(c.text) for c in row.cells] for row in DocxTable(element, doc).rows]
            out.texts += [c for row in cells for c in row]
            if caption is None:
                out.facts = cells
            else:
                out.tables[caption] = cells
            caption = None
    out.texts += [d.get("descr", "") for d in doc.element.body.iter() if d.tag.endswith("docPr")]
    return out


class _HtmlReader(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.out = Read()
        self.text: list[str] | None = None
        self.table: list[list[str]] | None = None
        self.caption = ""
        self.facts = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.table, self.facts = [], a.get("class") == "facts"
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th", "caption", "p", "li", "figcaption", "h1", "h2"):
            self.text = []
        elif tag == "img":
            self.out.texts.append(a.get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if (
            tag in ("td", "th", "caption", "p", "li", "figcaption", "h1", "h2")
            and self.text is not None
        ):
            text = "".join(self.text).strip()
            self.out.texts.append(text)
            if tag == "caption":
                self.caption = re.sub(r"^Tabell \d+: ", "", text)
            elif tag in ("td", "th") and self.table is not None:
                self.table[-1].append(text)
            self.text = None
        elif tag == "table" and self.table is not None:
            if self.facts:
                self.out.facts = self.table
            else:
                self.out.tables[self.caption] = self.table
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(_as_read(data))


def read_html(path: Path) -> Read:
    reader = _HtmlReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.out


def read_xlsx(path: Path, inn: Innstilling) -> Read:
    """Every cell as Excel shows it; the model's tables found by their caption cell."""
    wb = openpyxl.load_workbook(path)
    out = Read()
    for ws in wb.worksheets:
        grid = [[excel_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        out.texts += [t for row in grid for t in row if t]
        for table in inn.tables():
            if table.sheet != ws.title:
                continue
            start = next(i for i, row in enumerate(grid) if row and row[0] == table.caption)
            n = 1 + len(table.rows) + (1 if table.total else 0)
            width = len(table.columns)
            out.tables[table.caption] = [row[:width] for row in grid[start + 1 : start + 1 + n]]
        if ws.title == W.SHEET_OVERVIEW:
            first = next(i for i, row in enumerate(grid) if row and row[0] == W.OVERVIEW_FIGURES)
            out.facts = [row[:2] for row in grid[first + 1 : first + 1 + len(inn.facts())]]
    return out


# -- the runs ---------------------------------------------------------------------------------


@dataclass
class Case:
    inn: Innstilling
    allocation: pd.DataFrame
    scheme: Scheme
    docs: dict[str, Read]

    def all_texts(self) -> Iterator[tuple[str, str]]:
        for kind, doc in self.docs.items():
            for text in doc.texts:
                yield kind, text


def _read(inn: Innstilling, paths: dict[str, Path], result: Any) -> Case:
    docs = {
        "docx": read_docx(paths["docx"]),
        "html": read_html(paths["html"]),
        "xlsx": read_xlsx(paths["xlsx"], inn),
    }
    return Case(inn, result.allocation, result.round.scheme, docs)


def _example(name: str, out: Path, **params: Any) -> Case:
    cfg = RunConfig(round=str(EXAMPLES_DIR / name), output=str(out), **params)
    step = innstilling_step(cfg, date=DATE)
    result = allocate_step(RunConfig(round=str(EXAMPLES_DIR / name), **params)).result
    return _read(step.innstilling, step.paths, result)


def _handmade(out: Path) -> Case:
    """Figures on the edges: 4.125, 0.625, 62,5 % of 1 005 000 kr, one ineligible application."""
    from allocation.orchestrator import allocate

    apps = [
        ("H-1", "Nord", "kommune", 400_000),  # capped to 250 000: a share of 0.625
        ("H-2", "Nord", "kommune", 250_000),
        ("H-3", "Nord", "kommune", 250_000),
        ("H-4", "Sør", "kommune", 250_000),
        ("H-5", "Sør", "kommune", 200_000),  # score 4.125, under the threshold 4.2
        ("H-6", "Sør", "privat", 100_000),  # not eligible
        ("H-7", "Nord", "kommune", 250_000),  # rejected: Nord would pass its 620 000 kr
    ]
    round_ = make_round(
        [
            {"application_id": i, "region": r, "applicant_type": t, "requested": q, "model": "m"}
            for i, r, t, q in apps
        ],
        {"H-1": 5.0, "H-2": 4.875, "H-3": 4.625, "H-4": 4.5, "H-5": 4.125, "H-6": 4.9, "H-7": 4.3},
        frame=1_005_000,
        cap=250_000,
        rounding=10_000,
        threshold=4.2,
        min_share=0.5,
        max_region_share=0.625,
        applicant_types=("kommune",),
    )
    result = allocate(round_, locks={"H-4": Lock("must_fund", "Skjønn")})
    assert result.status.value == "optimal"
    inn = innstilling_from_result(result, date=DATE)
    return _read(inn, write_documents(inn, out), result)


CASES = ("regional-2025", "national-2024", "regional-budget-compare", "handmade")


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "handmade":
        return _handmade(out)
    if request.param == "regional-budget-compare":
        first = out / "first"
        allocate_step(RunConfig(round=str(EXAMPLES_DIR / "regional-2025"), output=str(first)))
        return _example("regional-2025", out / "docs", budget=3_200_000, compare=str(first))
    return _example(request.param, out)


# -- the checks ---------------------------------------------------------------------------------


def _model_cells(table: Table, *, workbook: bool = False) -> list[list[str]]:
    rows = table.rows + ([table.total] if table.total else [])
    columns = table.columns if workbook else table.doc_columns
    return [[c.header for c in columns]] + [[table.cell_text(r, c) for c in columns] for r in rows]


def test_tables_read_the_same_in_all_three(case: Case) -> None:
    for table in case.inn.tables():
        assert table.id, table.caption  # every table is keyed by an id
        kinds = ["xlsx"] if table.sheet_only else ["docx", "html"]
        if table.sheet and not table.sheet_only:
            kinds.append("xlsx")
        for kind in kinds:
            expected = _model_cells(table, workbook=kind == "xlsx")
            got = case.docs[kind].tables[table.caption]
            if kind == "html" and not table.rows:
                got = [row for row in got if row != [W.EMPTY_TABLE]]
            assert got == expected, (kind, table.id)
    facts = [[label, fmt.money(v)] for label, v, _ in case.inn.facts()]
    for kind, doc in case.docs.items():
        assert doc.facts == facts, kind
    assert len({t.id for t in case.inn.tables()}) == len(case.inn.tables())


def _application_rows(case: Case, app: str) -> Iterator[tuple[str, dict[str, str]]]:
    for kind, doc in case.docs.items():
        for header, row in doc.rows():
            if row and row[0] == app:
                yield kind, dict(zip(header, row, strict=False))


def test_each_application_figure_reads_the_same(case: Case) -> None:
    problems = []
    for r in case.allocation.itertuples():
        app = str(r.application_id)
        score = fmt.decimal(r.score, 2) if pd.notna(r.score) else ""
        granted, fundable = fmt.money(int(r.granted)), fmt.money(int(r.fundable))
        seen = 0
        for kind, row in _application_rows(case, app):
            seen += 1
            if W.COL_SCORE in row and row[W.COL_SCORE] != score:
                problems.append((kind, app, "score", row[W.COL_SCORE], score))
            for col in (W.COL_RECOMMENDED, W.COL_MODEL_GRANT, W.COL_AFTER):
                if col in row and row[col] != granted:
                    problems.append((kind, app, col, row[col], granted))
            for text in row.values():
                for quoted in re.findall(r"poengsum (\d+,\d+)", text):
                    if quoted != score:
                        problems.append((kind, app, "score in text", quoted, score))
                for quoted in re.findall(r"som kan dekkes \(([^)]*)\)", text) + re.findall(
                    r"av ([\d ]+ kr) som kan dekkes", text
                ):
                    if quoted != fundable:
                        problems.append((kind, app, "fundable in text", quoted, fundable))
        assert seen >= 2, app  # every application is in a table of the DOCX and of the HTML
    assert not problems, problems


def _key_money(case: Case) -> dict[str, int]:
    """The summary's money, and the region ceiling as the rule binds it (its own definition)."""
    f = case.inn.figures
    keys = {k: int(f[k]) for k in ("budget", "frame", "carry_over", "granted_total", "unallocated")}
    s = case.scheme
    if s.max_region_share is not None:
        keys["region_ceiling"] = region_ceiling(s.max_region_share, keys["budget"], s.rounding)
    return keys


def test_summary_money_reads_the_same(case: Case) -> None:
    keys = _key_money(case)
    assert {"budget", "granted_total", "unallocated"} <= set(keys)
    for name, value in keys.items():
        for kind, doc in case.docs.items():
            assert any(fmt.money(value) in t for t in doc.texts), (kind, name, fmt.money(value))


def _known_amounts(case: Case) -> set[int]:
    """The run's own amounts: every money cell of the model, allocation.csv's amounts, and the
    scheme's (cap, floor, rounding step, auditor threshold)."""
    known = {int(v) for _, v, _ in case.inn.facts()}
    for table in case.inn.tables():
        money = [c.key for c in table.columns if c.kind in (MONEY, CHANGE)]
        for row in table.rows + ([table.total] if table.total else []):
            known |= {abs(int(row[k])) for k in money if row.get(k) is not None}
    for col in ("requested", "committed", "fundable", "granted"):
        known |= set(case.allocation[col].astype(int))
    s = case.scheme
    known |= {int(v) for v in (s.cap, s.floor, s.rounding, s.conditions.revisor_threshold) if v}
    return known


def _known_shares(case: Case) -> set[str]:
    out = set()
    for table in case.inn.tables():
        for row in table.rows + ([table.total] if table.total else []):
            out |= {table.cell_text(row, c) for c in table.columns if c.kind == SHARE}
    return out


def _greedy_notes(case: Case) -> set[str]:
    section = next((s for s in case.inn.sections if s.heading == W.H_GREEDY), None)
    return (
        {str(i) for b in section.blocks if b.kind == "bullets" for i in b.items}
        if section
        else set()
    )


Problem = tuple[str, str, str, str, str]  # document, printed, figure, expected, text


def _money_problems(case: Case) -> list[Problem]:
    """Printed amounts near a key figure that are not one of the run's own amounts."""
    keys, known = _key_money(case), _known_amounts(case)
    out = []
    for kind, text in case.all_texts():
        for printed in MONEY_RE.findall(text):
            amount = abs(fmt.parse_integer(printed.lstrip("+")))
            for name, value in keys.items():
                if 0 < abs(amount - value) < NEAR_KR and amount not in known:
                    out.append((kind, printed, name, fmt.money(value), text))
    return out


def _share_problems(case: Case) -> list[Problem]:
    """Printed shares near a rule's share that read otherwise than the rule's share."""
    shares, known = _rule_shares(case), _known_shares(case)
    out = []
    for kind, text in case.all_texts():
        for printed in PERCENT_RE.findall(text):
            value = float(printed[:-2].replace(",", "."))
            for name, share in shares.items():
                right = fmt.percent(share)
                near = abs(value - share * 100) < NEAR_SHARE
                if near and printed != right and printed not in known:
                    out.append((kind, printed, name, right, text))
    return out


def _plural_problems(case: Case) -> list[Problem]:
    return [
        (kind, match.group(0), "plural", "", text)
        for kind, text in case.all_texts()
        if (match := PLURAL_AFTER_ONE.search(text))
    ]


def test_no_figure_written_two_ways(case: Case) -> None:
    problems = _money_problems(case) + _share_problems(case) + _plural_problems(case)
    assert not problems, problems


def _rule_shares(case: Case) -> dict[str, float]:
    """The shares the scheme's rules state (as applied in the run)."""
    s = case.scheme
    shares = {"max_region_share": s.max_region_share, "min_share": s.min_share}
    return {name: float(v) for name, v in shares.items() if v}
