"""The short reason (issue 13: "per applicant: grant and a short reason"): one decisive reason
record per application (:attr:`allocation.records.Explanation.short`, chosen by the rule in
:mod:`allocation.explain`), written by its short template in bokmål and nynorsk
(:data:`allocation.wording.reasons.SHORT_TEMPLATES`), shown in the innstilling's proposal
tables; the full reasons stay as they were (allocation.csv, the workbook's "Alle søknader")."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from conftest import EXAMPLES_DIR
from hypothesis import given, settings
from malform_markers import leaks
from test_bruteforce import rounds
from test_malform import _fields, _sample

from allocation.orchestrator import allocate
from allocation.records import Decision, Explanation, Reason
from allocation.report.content import innstilling_from_result
from allocation.report.xlsx_tables import applications_table
from allocation.round.read import load_round
from allocation.wording import reasons as W
from allocation.wording.language import LANGS
from allocation.wording.render import render, render_all

EXAMPLES = ("regional-2025", "national-2024")
#: The most characters a short reason of the example rounds may take, rendered.
MAX_CHARS = 90
#: "a short phrase, at most ~12 words" (with sample parameters).
MAX_WORDS = 12


def _words(text: str) -> list[str]:
    """The words of a text, an amount ("1 250 000 kr", "40 %") counted as one."""
    return re.sub(r"\d[\d\s\u00a0,]*(kr|%)?", "N", text).split()


def _round(name: str, lang: str = "nb") -> Any:
    r = load_round(EXAMPLES_DIR / name)
    s = r.scheme
    return r.with_scheme(s.replace(case=dataclasses.replace(s.case, malform=lang)))


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request) -> Any:
    return allocate(load_round(EXAMPLES_DIR / request.param))


def _is_decisive(e: Explanation) -> bool:
    """The short reason is one of the reasons, the part of a reduction that set the amount,
    or the first rule a grant was needed for."""
    if e.short in e.reasons:
        return True
    for r in e.reasons:
        if r.code == "reduced" and e.short in r.param("parts"):
            return True
        if r.code == "needed_for" and e.short == Reason(
            "needed_for", {"rules": r.param("rules")[:1]}
        ):
            return True
    return False


def _check_short(e: Explanation, max_chars: int | None = MAX_CHARS) -> None:
    assert isinstance(e.short, Reason), e
    assert _is_decisive(e), e
    for lang in LANGS:
        assert e.short.code in W.SHORT_TEMPLATES[lang], (lang, e.short.code)
        text = render(e.short, lang, short=True)
        assert text and "{" not in text and not text.endswith("."), (lang, text)
        assert leaks(text, lang) == set(), (lang, text)
        if max_chars is not None:
            assert len(text) <= max_chars, (lang, text)


# -- the templates -------------------------------------------------------------------------------


def test_short_templates_have_the_same_codes_in_both_standards() -> None:
    nb, nn = W.SHORT_TEMPLATES["nb"], W.SHORT_TEMPLATES["nn"]
    assert set(nb) == set(nn) and set(nb) <= W.BUILTIN_CODES
    for code in nb:
        # a short template uses only facts its record carries (the full template's fields)
        assert _fields(nb[code]) == _fields(nn[code]), code
        assert set(_fields(nb[code])) <= set(_fields(W.TEMPLATES["nb"][code])), code


@pytest.mark.parametrize("lang", LANGS)
def test_every_short_template_is_a_short_phrase_in_its_own_standard(lang) -> None:
    found = {}
    for code in sorted(W.SHORT_TEMPLATES[lang]):
        item = _sample(code)
        if "rules" in item.params:  # the short record names the first rule only
            item = Reason(code, {**item.params, "rules": [Reason("rule.min_per_region", {"n": 2})]})
        text = render(item, lang, short=True)
        assert "{" not in text and not text.endswith("."), (code, text)
        assert len(_words(text)) <= MAX_WORDS, (code, text)
        if leaks(text, lang):
            found[code] = (sorted(leaks(text, lang)), text)
    assert not found


def test_a_code_without_a_short_template_is_written_in_full() -> None:
    item = Reason("reduced", {"requested": 900_000, "parts": [Reason("reduced.cap", {"cap": 1})]})
    assert "reduced" not in W.SHORT_TEMPLATES["nb"]
    assert render(item, short=True) == "Søknadsbeløpet (900 000 kr) er redusert fordi " + (
        "Avkortet til taket på 1 kr per søknad."  # the part in its short form
    )


# -- every application has one, by the rule ------------------------------------------------------


def test_every_example_application_has_one_short_reason(example) -> None:
    assert len(example.explanations) == len(example.allocation)
    for e in example.explanations:
        _check_short(e)


def test_the_decisive_reason_of_known_applications() -> None:
    want = {
        "regional-2025": {
            "KT25-01": "reduced.cap",  # granted in full, the cap set the amount
            "KT25-06": "partial.budget",  # granted in part: the budget ran out
            "KT25-07": "granted.full",
            "KT25-12": "below_threshold",
            "KT25-16": "needed_for",  # funded for the minimum per region (and capped)
            "KT25-17": "out.budget.score",
            "KT25-02": "out.max_per_model",  # the first rule that holds it out
        },
        "national-2024": {
            "HH24-02": "out.one_per_applicant",
            "HH24-05": "reduced.cap",
            "HH24-06": "out.projects_max",
            "HH24-11": "below_smallest",
            "HH24-24": "ineligible",
        },
    }
    for name, codes in want.items():
        got = {e.application_id: e.short.code for e in allocate(_round(name)).explanations}
        assert {a: got[a] for a in codes} == codes
    regional = {e.application_id: e for e in allocate(_round("regional-2025")).explanations}
    assert render(regional["KT25-12"].short, short=True) == "Under kvalitetsterskelen på 3,50 poeng"
    assert render(regional["KT25-17"].short, "nn", short=True) == (
        "Budsjettet er brukt opp av søknader med høgare poengsum"
    )
    assert render(regional["KT25-01"].short, short=True) == (
        "Avkortet til taket på 400 000 kr per søknad"
    )


@given(rounds())
@settings(max_examples=60, deadline=None)
def test_every_application_of_a_random_round_has_one_short_reason(case) -> None:
    rnd, locks = case
    result = allocate(rnd, locks=locks)
    if result.status != "optimal":
        return
    for e in result.explanations:
        _check_short(e, max_chars=None)
        if e.decision is Decision.PARTIAL and e.short.code not in ("locked.in", "locked.smallest"):
            assert e.short == e.reasons[1]  # what held it back
        if e.reasons[0].code == "not_funded":
            assert e.short == e.reasons[1]  # the first rule or budget fact that holds it out


# -- where it is shown, and where the full reasons stay ------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_proposal_tables_show_the_short_reason(name, lang) -> None:
    result = allocate(_round(name, lang))
    inn = innstilling_from_result(result, charts=False)
    short = {e.application_id: render(e.short, lang, short=True) for e in result.explanations}
    shown = 0
    for table_id in ("grants", "rejected"):
        table = inn.table(table_id)
        assert table is not None
        for row in table.rows:
            assert row["reason"] == short[row["application_id"]]
            shown += 1
    assert shown == len(result.allocation)
    # the full reasons: allocation.csv's, and the workbook's table of every application
    full = dict(zip(result.allocation["application_id"], result.allocation["reason"], strict=True))
    assert full == {e.application_id: render_all(e.reasons) for e in result.explanations}
    every = applications_table(result.round, result.allocation)  # the workbook's "Alle søknader"
    assert {r["application_id"]: r["reason"] for r in every.rows} == full
