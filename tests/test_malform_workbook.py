"""The workbook's own tables and the comparison with an earlier run in both written standards
(issue 13 item 3), quickly: without a run, each table or sentence the package writes holds no
marker word of the other standard (:mod:`malform_markers`), and the nynorsk is written, not
left in bokmål. The documents of a whole run are read back in tests/test_malform_documents.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from malform_markers import leaks
from test_letters import kinds_round

from allocation.orchestrator import allocate
from allocation.report.content import innstilling_from_result
from allocation.report.sections import what_it_takes_tables
from allocation.report.write_xlsx import book_order, build_workbook
from allocation.report.xlsx_tables import (
    SHEET_ALL,
    SHEET_PUBLIC,
    applications_table,
    public_list_table,
    workbook_tables,
)
from allocation.round.data import Case
from allocation.run.compare import compare_allocations
from allocation.whatif import what_it_takes
from allocation.wording import innstilling as WI
from allocation.wording import report as R
from allocation.wording.innstilling import words
from allocation.wording.language import LANGS, Lang

DATE = dt.date(2025, 5, 20)


def _texts(table: Any) -> list[str]:
    """A table's caption, headers and every text cell."""
    out = [table.caption, *(c.header for c in table.columns)]
    for row in [*table.rows, *([table.total] if table.total else [])]:
        out += [v for v in row.values() if isinstance(v, str)]
    return out


def _found(texts: list[str], lang: str) -> dict[str, list[str]]:
    return {t: sorted(leaks(t, lang)) for t in texts if leaks(t, lang)}


@pytest.fixture(scope="module")
def results() -> dict[Lang, Any]:
    """The test round of every decision kind, with the innstilling in each standard."""
    out = {}
    for lang in LANGS:
        round_ = kinds_round(case=Case(virksomhet="X", malform=lang, klagerett=True))
        out[lang] = allocate(round_)
    return out


def test_the_workbook_texts_have_both_standards() -> None:
    """Every text of the workbook and the comparison is in both tables, and the nynorsk one is
    not the bokmål left as it was (a sheet name may be the same word in both)."""
    same_in_both = {"SHEET_OVERVIEW", "SHEET_REJECTED", "SHEET_SCORES", "SHEET_SPREAD"}
    same_in_both |= {"SHEET_GREEDY", "SHEET_RANKING", "SHEET_ALL", "CAP_ALL", "XLSX_COL_KOMMUNE"}
    same_in_both |= {"XLSX_PAGE", "COL_SPREAD", "COL_FLAG", "COL_WHAT_SCORE", "COL_WHAT_NOTE"}
    same_in_both |= {"CMP_AS_SCHEME", "CMP_LESS"}
    names = [n for n in WI.NN if n.startswith(("SHEET_", "XLSX_", "CMP_", "WHAT_", "COL_WHAT"))]
    assert len(names) > 40 and set(WI.NB) == set(WI.NN)
    for name in names:
        nb, nn = WI.NB[name], WI.NN[name]
        assert type(nb) is type(nn), name
        if isinstance(nn, str):
            assert not leaks(nn, "nn") and not leaks(nb, "nb"), name
            assert (nb == nn) == (name in same_in_both), (name, nn)
    # the bokmål table is the report module's texts, unchanged
    assert all(WI.NB[n] == getattr(R, n) for n in names if hasattr(R, n))
    assert words("nn").SHEET_ORDER == (
        "Oversikt", "Tildelingar", "Avslag", "Poeng", "Reglar", "Fordeling",
        "Manuell metode", "Endringar", "Rangering",
    )  # fmt: skip


def test_sheet_names_follow_the_language() -> None:
    assert book_order("nb")[0] == SHEET_ALL and book_order("nb")[-1] == SHEET_PUBLIC
    assert book_order("nn")[0] == "Alle søknader" and book_order("nn")[-1] == "Offentleg liste"
    assert "Kva skal til" in book_order("nn") and "Hva skal til" in book_order("nb")
    for lang in LANGS:
        assert len(set(book_order(lang))) == len(book_order(lang))
        assert all(len(name) <= 31 for name in book_order(lang))  # Excel's limit


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbooks_own_tables_read_in_their_standard(results: dict, lang: Lang) -> None:
    result = results[lang]
    explanations = result.explanations
    tables = workbook_tables(result.round, result.allocation, explanations)  # the round's
    tables += what_it_takes_tables(what_it_takes(result), 10_000, 50, lang)
    texts = [t for table in tables for t in _texts(table)]
    assert not _found(texts, lang)
    w = words(lang)
    assert [t.sheet for t in tables] == [w.SHEET_ALL, w.SHEET_PUBLIC, *[w.SHEET_WHAT_IT_TAKES] * 2]
    marker = {"nb": "tilskudd", "nn": "tilskot"}[lang]
    assert marker in " ".join(texts).casefold()


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_file_reads_in_its_standard(results: dict, lang: Lang) -> None:
    """Sheet names, cells, header and footer of the workbook as written (openpyxl)."""
    result = results[lang]
    inn = innstilling_from_result(result, date=DATE, charts=False)
    inn.sheet_tables += what_it_takes_tables(what_it_takes(result), 10_000, 50, lang)
    inn.sheet_tables += workbook_tables(result.round, result.allocation, result.explanations)
    wb = build_workbook(inn)
    assert wb.sheetnames == [n for n in book_order(lang) if n in wb.sheetnames]
    texts = list(wb.sheetnames)
    for ws in wb.worksheets:
        texts += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        texts += [ws.oddHeader.right.text, ws.oddFooter.right.text]
    texts = [t.replace(result.round.scheme.name, "") for t in texts]  # the scheme's own name
    assert not _found(texts, lang)
    assert wb.properties.language == {"nb": "nb-NO", "nn": "nn-NO"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_a_comparison_is_worded_in_the_innstillings_standard(lang: Lang) -> None:
    """``Comparison.worded``: the same comparison, every sentence and reason in ``lang``."""
    import pandas as pd

    def table(granted: list[int], decisions: list[str]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "application_id": ["A", "B", "C"][: len(granted)],
                "applicant": ["Aa", "Bb", "Cc"][: len(granted)],
                "granted": granted,
                "decision": decisions,
                "reason": ["Innvilget."] * len(granted),
                "score": [4.0, 3.0, 2.0][: len(granted)],
            }
        )

    before = table([100, 0], ["innvilget", "avslått"])
    after = table([50, 70, 10], ["delvis_innvilget", "innvilget", "innvilget"])
    cmp = compare_allocations(
        before,
        after,
        before_summary={"budget": 100, "granted_total": 100, "funded": 1, "locks": {}},
        after_summary={"budget": 130, "granted_total": 130, "funded": 3, "locks": {"A": 1}},
        before_params={"cap": None},
        after_params={"cap": 80, "one_per_applicant": True},
        label="run-1",
    )
    said = {"nb": ("Delvis innvilget.", "Innvilget."), "nn": ("Delvis innvilga.", "Innvilga.")}
    reasons = {"A": said[lang][0], "B": said[lang][1], "C": said[lang][1]}
    worded = cmp.worded(lang, reasons)
    texts = [*worded.context, *worded.changes["why"], *worded.changes["decision_after"]]
    assert not _found(texts, lang), texts
    assert len(worded.changes) == len(cmp.changes) == 3
    assert worded.context[0] == words(lang).CMP_INTRO.format(label="run-1")
    why = dict(zip(worded.changes["application_id"], worded.changes["why"], strict=True))
    assert why["A"].endswith(reasons["A"])
    assert why["C"].startswith(words(lang).CMP_NEW_APP)
    if lang == "nb":  # bokmål stays as compare_allocations writes it
        assert worded.context == cmp.context


def test_a_cases_language_is_its_malform() -> None:
    assert Case().lang == "nb" and Case(malform="nn").lang == "nn"


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_tables_built_once_equal_each_built_alone(results: dict, lang: Lang) -> None:
    """workbook_tables builds the per-application rows once for both tables: same tables."""
    result = results[lang]
    both = workbook_tables(result.round, result.allocation, result.explanations)
    alone = [
        applications_table(result.round, result.allocation, result.explanations),
        public_list_table(result.round, result.allocation),
    ]
    for built, single in zip(both, alone, strict=True):
        assert built.caption == single.caption and built.rows == single.rows
        assert built.total == single.total and built.columns == single.columns
