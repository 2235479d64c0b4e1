"""Nynorsk and bokmål kept apart (issue 13 item 3): every text the package writes for an
applicant, in the applicant's written standard, without a marker word of the other one
(:mod:`malform_markers`).

The reason templates are checked for every reason code with sample parameters, the letters for
every decision kind in both standards (:mod:`allocation.letters`)."""

from __future__ import annotations

import string
from typing import Any

import pytest
from malform_markers import BOKMAL_ONLY, NYNORSK_ONLY, leaks
from test_letters import DATE, kinds_round

from allocation.letters.compose import compose
from allocation.letters.content import letters_from_result
from allocation.orchestrator import allocate
from allocation.records import Reason
from allocation.round.data import Case
from allocation.whatif import what_it_takes
from allocation.wording import letters as WL
from allocation.wording import reasons as W
from allocation.wording.language import LANGS
from allocation.wording.render import render, render_all

#: A sample value per format spec, in neither written standard (ids, numbers, names).
_SAMPLES: dict[str, Any] = {
    "kr": 1_250_000,
    "score": 4.125,
    "share": 0.4,
    "int": 3,
    "projects": 2,
    "regions": 3,
    "models": 1,
    "grants": 2,
    "qlist": ["maal", "kvalitet"],
    "semicolons": ["KT-1", "KT-2"],
    "ids": [f"KT-{n}" for n in range(1, 8)],  # more than MAX_IDS: "og 2 til"
    "sentence": "KT-9",
    "region": "",  # "(uten region)" / "(utan region)"
}
#: Reasons inside a list (``parts``, ``rules``): rendered in the same standard.
_NESTED = [Reason("reduced.cap", {"cap": 400_000}), Reason("rule.min_per_region", {"n": 2})]


def _fields(template: str) -> dict[str, str]:
    """The template's fields and their specs."""
    return {
        name: spec or ""
        for _, name, spec, _ in string.Formatter().parse(template)
        if name is not None
    }


def _sample(code: str) -> Reason:
    """The reason ``code`` with a sample value for each of its parameters."""
    params: dict[str, Any] = {}
    for name, spec in _fields(W.TEMPLATES["nb"][code]).items():
        if spec.startswith("score"):
            params["digits"] = 4
            spec = "score"
        if spec == "list":
            params[name] = _NESTED if name in ("parts", "rules") else ["KT-1", "KT-2", "KT-3"]
        elif spec == "":
            params[name] = "KT-1"
        else:
            params[name] = _SAMPLES[spec]
    return Reason(code, params)


def test_marker_lists_are_long_enough_and_apart():
    assert len(BOKMAL_ONLY) >= 30 and len(NYNORSK_ONLY) >= 30
    assert not BOKMAL_ONLY & NYNORSK_ONLY


def test_both_tables_have_the_same_codes_and_placeholders():
    nb, nn = W.TEMPLATES["nb"], W.TEMPLATES["nn"]
    assert set(nb) == set(nn) and W.BUILTIN_CODES <= set(nb)
    for code in nb:
        assert _fields(nb[code]) == _fields(nn[code]), code
    assert set(W.NOUNS["nb"]) == set(W.NOUNS["nn"])
    assert set(W.DECISION_NAMES["nb"]) == set(W.DECISION_NAMES["nn"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_reason_code_reads_in_its_own_standard(lang):
    found = {}
    # the codes worded here, and the stability rule's (allocation.solve.stable registers them)
    import allocation.solve.stable  # noqa: F401 - registers the stability reasons
    from allocation.wording.report import STABILITY_REASONS

    for code in sorted(W.BUILTIN_CODES | set(STABILITY_REASONS)):
        text = render(_sample(code), lang)
        assert "{" not in text and "}" not in text, (code, text)
        if leaks(text, lang):
            found[code] = (sorted(leaks(text, lang)), text)
    assert not found


def test_nynorsk_is_written_not_swapped():
    """A few sentences in full: the count nouns, the lists and the nested reasons follow."""
    cap = Reason("reduced", {"requested": 500_000, "parts": [Reason("reduced.cap", {"cap": 4e5})]})
    assert render(cap, "nn") == (
        "Søknadsbeløpet (500 000 kr) er redusert fordi det blir gitt høgst 400 000 kr per søknad."
    )
    assert render(Reason("out.projects_max", {"max": 2}), "nn") == (
        "Det høgaste talet på prosjekt i runden (2 prosjekt) er nådd."
    )
    ids = Reason("passed.by", {"ids": _SAMPLES["ids"]})
    assert render(ids, "nn").endswith("(KT-1, KT-2, KT-3, KT-4, KT-5 og 2 til).")
    assert render(
        Reason("partial.max_region_share", {"region": "", "share": 0.6, "limit": 1}), "nn"
    ) == ("Regionen (utan region) har nådd taket på 60 % av budsjettet (1 kr).")
    # the default stays bokmål, byte for byte
    assert render_all([cap]) == render_all([cap], "nb")
    assert "høyst 400 000 kr" in render(cap)


def test_size_class_names_in_both_standards():
    for lang in LANGS:
        for name in W.size_class_labels((5000, 20000), lang):
            assert not leaks(name, lang), name
    assert W.size_class_labels((5000,), "nn") == [
        "små kommunar (under 5 000 innbyggjarar)",
        "store kommunar (5 000 innbyggjarar og fleire)",
    ]


# -- the letters -----------------------------------------------------------------------------


def _letter_texts(lang: str) -> dict[str, str]:
    """Every letter kind of the test round in ``lang``, as the package writes it (the scheme's
    name and the titles are neutral; the scheme has no notes of its own, whose words are the
    office's), with the klage statement and what it would have taken."""
    case = Case(virksomhet="X", avdeling="Y", saksnummer="2025/1", klagerett=True)
    round_ = kinds_round(case=case)
    round_.applications["malform"] = "nynorsk" if lang == "nn" else "bokmål"
    result = allocate(round_)
    new_money = kinds_round(case=case, only_new_money=True)
    what = what_it_takes(allocate(new_money))
    letters = letters_from_result(result, what=what, date=DATE)
    out = {}
    for one in letters.letters:
        text = compose(one, letters)
        parts = [text.subject, text.application, *text.signature, *text.closing]
        parts += [b.text for b in text.body] + [label for label, _ in text.meta]
        out[f"{one.application_id} {one.decision.value}"] = "\n".join(parts)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_letter_kind_reads_in_its_own_standard(lang):
    texts = _letter_texts(lang)
    kinds = {k.split()[1] for k in texts}
    assert kinds == {"innvilget", "delvis_innvilget", "avslått", "avvist", "overført", "videreført"}
    found = {k: sorted(leaks(t, lang)) for k, t in texts.items() if leaks(t, lang)}
    assert not found, found
    marker = {"nb": "tilskudd", "nn": "tilskot"}[lang]  # written in it, not only clean
    assert all(marker in t.casefold() for t in texts.values())
    # and the letters' own texts in full, every key
    assert set(WL.TEXTS["nb"]) == set(WL.TEXTS["nn"])
    for key, text in WL.TEXTS[lang].items():
        assert not leaks(text, lang), (key, text)
