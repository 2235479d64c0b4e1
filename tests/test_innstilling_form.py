"""The innstilling in the office's form (issue 13, items 1, 3 and 5), read back from the DOCX and
the HTML of both example rounds: the ``[case]`` heading block, the headings in the required
order, no code word in the main text (the appendix "Om beregningen" may carry them), a
no-break space inside every amount, the same figures in both documents, the adviser's own
``assessment`` column, and the nynorsk innstilling free of bokmål forms (and the bokmål one of
nynorsk forms) in the text the package writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html.parser
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import EXAMPLES_DIR
from docx import Document
from malform_markers import BOKMAL_ONLY, NYNORSK_ONLY, leaks

from allocation.orchestrator import allocate
from allocation.report.content import innstilling_from_result, write_documents
from allocation.report.document import NBSP, Innstilling, keep_together
from allocation.round.read import load_round
from allocation.round.scheme import parse_scheme_text
from allocation.wording.innstilling import NB, NN, words
from allocation.wording.validation import Code

DATE = dt.date(2025, 5, 20)
ROUNDS = ("regional-2025", "national-2024")


def _round(name: str, lang: str = "nb", **case: Any) -> Any:
    r = load_round(EXAMPLES_DIR / name)
    s = r.scheme
    return r.with_scheme(s.replace(case=dataclasses.replace(s.case, malform=lang, **case)))


def _build(rnd: Any) -> Innstilling:
    return innstilling_from_result(allocate(rnd), date=DATE, charts=False)


class _Text(html.parser.HTMLParser):
    """The HTML's text content (not attributes), with the headings apart."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._in: str | None = None
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("style", "title")
        self._in = tag if tag == "h2" else self._in

    def handle_endtag(self, tag: str) -> None:
        self._skip = False
        if tag == "h2":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._in == "h2":
            self.headings.append(data.strip())


@pytest.fixture(scope="module", params=[(n, lang) for n in ROUNDS for lang in ("nb", "nn")])
def written(request, tmp_path_factory) -> dict[str, Any]:
    name, lang = request.param
    inn = _build(_round(name, lang))
    paths = write_documents(inn, tmp_path_factory.mktemp(f"{name}-{lang}"))
    doc = Document(str(paths["docx"]))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    reader = _Text()
    reader.feed(paths["html"].read_text("utf-8"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    return {
        "name": name,
        "lang": lang,
        "inn": inn,
        "w": words(lang),
        "docx_text": "\n".join(paragraphs + cells),
        "docx_headings": headings,
        "html_text": "\n".join(reader.parts),
        "html_headings": reader.headings,
    }


# -- [case] in scheme.toml ------------------------------------------------------------------


def _scheme(extra: str) -> Any:
    base = (EXAMPLES_DIR / "regional-2025" / "scheme.toml").read_text("utf-8")
    base = base[: base.index("[case]")]  # the example's own [case] table left out
    return parse_scheme_text(base + "\n" + extra)


def test_the_case_table_is_read_into_the_scheme() -> None:
    got = _scheme(
        '[case]\nvirksomhet = "Statsforvalteren i Trøndelag"\nsaksnummer = "2025/1234"\n'
        'til = "Ass. statsforvalter"\nfra = "Helse- og omsorgsavdelingen"\n'
        'hjemmel = "kapittel 761 post 21"\nmalform = " Nynorsk "\nklagerett = false\n'
    )
    assert got.scheme is not None and not got.problems
    case = got.scheme.case
    assert (case.virksomhet, case.saksnummer, case.malform, case.klagerett) == (
        "Statsforvalteren i Trøndelag",
        "2025/1234",
        "nn",
        False,
    )
    assert _scheme("").scheme.case.malform == "nb"  # no table: bokmål, nothing stated


def test_a_bad_malform_is_an_error_naming_the_file_and_the_key() -> None:
    got = _scheme('[case]\nmalform = "svensk"\nklagerett = true\n')
    assert got.scheme is None
    (problem,) = got.problems
    assert (problem.code, problem.file, problem.column) == (
        Code.UNKNOWN_MALFORM,
        "scheme.toml",
        "case.malform",
    )
    assert "svensk" in problem.message


def test_validate_warns_when_the_case_says_nothing_about_appeal() -> None:
    got = _scheme('[case]\nvirksomhet = "Helsedirektoratet"\n')
    assert got.scheme is not None
    assert [(p.code, p.severity) for p in got.problems] == [(Code.NO_KLAGE_STATEMENT, "warning")]
    assert not _scheme('[case]\nklage_tekst = "Vedtaket kan ikke påklages."\n').problems


# -- the form ------------------------------------------------------------------------------


def _required(w: Any) -> list[str]:
    return [
        w.H_BACKGROUND,
        w.H_BUDGET,
        w.H_CRITERIA,
        w.H_GRANTS,
        w.H_CONDITIONS,
        w.H_VEDTAK,
        w.H_KLAGE,
        w.H_APPROVAL,
        w.H_APPENDIX,
    ]


def test_headings_come_in_the_required_order(written) -> None:
    w = written["w"]
    for headings in (written["docx_headings"], written["html_headings"]):
        positions = [headings.index(h) for h in _required(w)]
        assert positions == sorted(positions), headings
        # the appendix is last but for the by-hand comparison, which is technical too
        assert set(headings[headings.index(w.H_APPENDIX) :]) <= {w.H_APPENDIX, w.H_GREEDY}


def test_the_heading_block_comes_from_the_case_table(written) -> None:
    w, inn = written["w"], written["inn"]
    labels = [label for label, _ in inn.letterhead]
    assert labels == ["", w.L_TO, w.L_FROM, w.L_CASE, w.L_DATE]
    case = inn_case(written)
    for value in (case.virksomhet, case.til, case.fra, case.saksnummer):
        assert value in written["docx_text"] and value in written["html_text"]
    assert case.hjemmel in written["docx_text"]


def inn_case(written: dict[str, Any]) -> Any:
    return load_round(EXAMPLES_DIR / written["name"]).scheme.case


def test_the_vedtak_names_every_grant_and_the_klage_statement_is_there(written) -> None:
    w, inn = written["w"], written["inn"]
    vedtak = next(s for s in inn.sections if s.heading == w.H_VEDTAK)
    lines = next(b.items for b in vedtak.blocks if b.kind == "bullets")
    grants = inn.table("grants")
    assert grants is not None and len(lines) == len(grants.rows)
    assert all(f"({row['application_id']})" in " ".join(lines) for row in grants.rows)
    klage = next(s for s in inn.sections if s.heading == w.H_KLAGE)
    assert "forvaltningslov" in klage.blocks[0].text
    signature = next(b for s in inn.sections for b in s.blocks if b.kind == "signature")
    assert signature.items == [w.PREPARED_BY, w.APPROVED_BY]


def test_no_klage_section_when_the_case_states_none() -> None:
    inn = _build(_round("national-2024", klagerett=None, klage_tekst=None))
    assert NB["H_KLAGE"] not in [s.heading for s in inn.sections]


#: Code words and solver jargon a leader must not meet in the main text.
CODE_WORDS = re.compile(
    r"\b(merit|coverage|priority|løser|løysar|objective|highs|målfunksjon\w*)\b|"
    r"ulik for 0|minste tilskudd på 1\W+kr",
    re.IGNORECASE,
)


def _main_text(text: str, w: Any) -> str:
    """The text before the appendix heading (the DOCX: paragraphs first, then table cells)."""
    return text.split(w.H_APPENDIX, 1)[0]


def test_no_code_word_in_the_main_text(written) -> None:
    w = written["w"]
    main = _main_text(written["html_text"], w)
    assert not CODE_WORDS.findall(main)
    inn = written["inn"]
    appendix = inn.sections.index(next(s for s in inn.sections if s.heading == w.H_APPENDIX))
    for sec in inn.sections[:appendix]:
        for b in sec.blocks:
            texts = [b.text, *map(str, b.items)]
            if b.table is not None:
                texts += [c.header for c in b.table.doc_columns]
                texts += [
                    b.table.cell_text(r, c) for r in b.table.rows for c in b.table.doc_columns
                ]
            assert not any(CODE_WORDS.search(t) for t in texts), (sec.heading, texts)
    # ... while the appendix states the policy in words and the solver
    tail = written["html_text"].split(w.H_APPENDIX, 1)[1]
    assert "highs" in tail and w.POLICY_LABELS["merit"] in tail


#: An amount, a count of thousands or a percentage with an ordinary space inside it.
BROKEN = re.compile(r"\d (?:\d{3}(?!\d)|kr\b|%)")
AMOUNT = re.compile(r"\d{1,3}(?:\xa0\d{3})*\xa0kr\b")


def test_a_no_break_space_inside_every_amount(written) -> None:
    for kind in ("docx_text", "html_text"):
        text = written[kind]
        assert not BROKEN.findall(text), (kind, BROKEN.findall(text)[:5])
        assert f"{NBSP}kr" in text


def test_the_same_figures_in_the_docx_and_the_html(written) -> None:
    docx = sorted(AMOUNT.findall(written["docx_text"]))
    page = sorted(AMOUNT.findall(written["html_text"]))
    assert docx == page and len(docx) > 20
    granted = written["inn"].figures["granted_total"]
    assert f"{granted:,}".replace(",", NBSP) + f"{NBSP}kr" in docx


def test_innvilget_fully_reads_against_what_can_be_covered(written) -> None:
    w, inn = written["w"], written["inn"]
    grants = inn.table("grants")
    assert grants is not None
    assert [c.key for c in grants.doc_columns][3:6] == ["requested", "fundable", "granted"]
    assert any(r["fundable"] < r["requested"] for r in grants.rows)
    assert w.DECISION_LABELS["innvilget"].endswith(("kan dekkes", "kan dekkjast"))


# -- the adviser's own words ----------------------------------------------------------------


def test_the_assessment_column_is_shown_in_the_proposal(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES_DIR / "regional-2025", folder)
    apps = pd.read_csv(folder / "applications.csv", dtype=str, keep_default_na=False)
    apps["assessment"] = ""
    apps.loc[0, "assessment"] = "Godt forankret i ledelsen; budsjettet er nøkternt."
    apps.to_csv(folder / "applications.csv", index=False)
    inn = _build(load_round(folder))
    grants = inn.table("grants")
    assert grants is not None and grants.columns[-1].header == NB["COL_ASSESSMENT"]
    row = next(r for r in grants.rows if r["application_id"] == apps.loc[0, "application_id"])
    assert row["assessment"] == "Godt forankret i ledelsen; budsjettet er nøkternt."
    plain = _build(load_round(EXAMPLES_DIR / "regional-2025")).table("grants")
    assert plain is not None and "assessment" not in [c.key for c in plain.columns]


# -- the written standard -------------------------------------------------------------------


def test_both_tables_have_the_same_keys_and_enough_markers() -> None:
    assert set(NB) == set(NN)
    assert len(BOKMAL_ONLY) >= 30 and len(NYNORSK_ONLY) >= 30


def _data(inn: Innstilling, name: str) -> list[str]:
    """What the round provides (names, titles, the scheme's own words) and, until the reason
    templates have their nynorsk (the letters branch), the rendered reasons and the by-hand
    method's rule breaches: everything the leak test leaves out."""
    rnd = load_round(EXAMPLES_DIR / name)
    s = rnd.scheme
    apps = rnd.applications
    out = [*apps["title"], *apps["applicant"], *apps["region"], *apps["model"], s.name]
    out += [c.label for c in s.criteria] + list(s.groups) + list(s.conditions.notes)
    out += [t for t in dataclasses.astuple(s.case) if isinstance(t, str)]
    out += list(s.excluded_cost_categories) + list(s.applicant_types or ())
    for table in inn.tables():
        for row in table.rows:
            out += [str(row[k]) for k in ("reason", "below") if row.get(k)]
    for sec in inn.sections:
        if sec.heading in (NB["H_GREEDY"], NN["H_GREEDY"]):
            out += [str(i) for b in sec.blocks if b.kind == "bullets" for i in b.items]
    return sorted({t for t in out if t}, key=len, reverse=True)


def test_the_package_text_is_in_one_written_standard(written) -> None:
    text = written["html_text"]
    for data in _data(written["inn"], written["name"]):
        text = text.replace(keep_together(data), " ")
    assert leaks(text, written["lang"]) == set()
