"""Reason records (:class:`allocation.records.Reason`) made into Norwegian sentences.

The one place where a decision's facts become text: templates come from
:data:`allocation.wording.reasons.TEMPLATES` (one table per written standard), figures from
:mod:`allocation.format`, by the format spec each template gives its parameters. Bokmål is the
default, so every table and document that does not name a language reads as before.

>>> from allocation.records import reason
>>> render(reason("out.max_region_share", region="Trøndelag", share=0.6, limit=1_680_000))
'Regionen Trøndelag ville gått over taket på 60 % av budsjettet (1 680 000 kr).'
>>> render(reason("below_threshold", score=2.999999, digits=4, threshold=3.0))
'Avslått: samlet poengsum 3,0000 er under kvalitetsterskelen 3,00.'
>>> render(reason("locked.in", reason="lovpålagt"))
'Låst som «skal innvilges» etter skjønn. Begrunnelse: lovpålagt.'
>>> render_all([reason("not_funded", score=4.125), reason("out.projects_max", max=1)])
'Avslått: samlet poengsum 4,13. Det høyeste antallet prosjekter i runden (1 prosjekt) er nådd.'
>>> render_all([reason("not_funded", score=4.125), reason("out.projects_max", max=2)], "nn")
'Avslått: samla poengsum 4,13. Det høgaste talet på prosjekt i runden (2 prosjekt) er nådd.'

The decisive reason of a decision (:attr:`allocation.records.Explanation.short`) is written
with its short template (:data:`allocation.wording.reasons.SHORT_TEMPLATES`), a phrase for a
table cell:

>>> render(reason("below_threshold", score=2.5, digits=2, threshold=3.0), short=True)
'Under kvalitetsterskelen på 3,00 poeng'
>>> render(reason("needed_for", rules=[reason("rule.min_per_region", n=1)]), "nn", short=True)
'Innvilga for å oppfylle kravet om minst 1 prosjekt per region'
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from typing import Any

from allocation import format as fmt
from allocation.records import Reason
from allocation.wording import reasons as W
from allocation.wording.language import LANGS, Lang, pick


def register(
    code: str, template: str | Mapping[Lang, str], short: str | Mapping[Lang, str] | None = None
) -> None:
    """Add the template of a new reason code (a rule family defined outside the package).

    ``template`` is one text per written standard (``{"nb": ..., "nn": ...}``); a single text
    is used for both (a rule family that has no nynorsk wording yet reads the same in both).
    ``short``, the same way, is its short template (when the reason can be a decision's
    decisive one); without it the short form is the full sentence.
    """
    for lang in LANGS:
        W.TEMPLATES[lang][code] = template if isinstance(template, str) else template[lang]
        if short is not None:
            W.SHORT_TEMPLATES[lang][code] = short if isinstance(short, str) else short[lang]


class _Formatter(string.Formatter):
    """The format specs of the templates, in one written standard."""

    def __init__(self, lang: Lang, short: bool = False) -> None:
        super().__init__()
        self.lang = lang
        self.short = short  # a reason inside a short reason is short too

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.lang
        if format_spec == "kr":
            return fmt.money(value)
        if format_spec.startswith("score"):
            digits = int(format_spec[5:] or 2)
            return fmt.decimal(value, digits) or "–"
        if format_spec == "share":
            return fmt.percent(value)
        if format_spec == "int":
            return fmt.integer(value)
        nouns = pick(W.NOUNS, lang)
        if format_spec in nouns:
            one, many = nouns[format_spec]
            return fmt.count(int(value), one, many)
        if format_spec in ("list", "qlist", "semicolons"):
            items = [self.reason(v) if isinstance(v, Reason) else str(v) for v in value]
            if format_spec == "qlist":
                items = [f"«{v}»" for v in items]
            return "; ".join(items) if format_spec == "semicolons" else W.listing(items)
        if format_spec == "ids":
            shown = [str(v) for v in value[: W.MAX_IDS]]
            if len(value) > W.MAX_IDS:
                more = pick(W.MORE_IDS, lang)
                shown.append(more.format(n=fmt.integer(len(value) - W.MAX_IDS)))
            return W.listing(shown)
        if format_spec == "sentence":  # an adviser's words, ended as a sentence
            text = str(value).strip()
            return text if not text or text[-1] in ".!?…–" else text + "."
        if format_spec == "region":
            return str(value) or pick(W.NO_REGION, lang)
        if isinstance(value, Reason):
            return self.reason(value)
        return super().format_field(value, format_spec)

    def reason(self, item: Reason) -> str:
        return render(item, self.lang, short=self.short)


_FORMATTERS: dict[tuple[Lang, bool], _Formatter] = {
    (lang, short): _Formatter(lang, short) for lang in LANGS for short in (False, True)
}


@functools.cache
def _parsed(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template split once into (literal, field, spec) pieces."""
    return tuple(
        (literal, field, spec or "")
        for literal, field, spec, _ in _FORMATTERS["nb", False].parse(template)
    )


def render(item: Reason, lang: Lang = "nb", *, short: bool = False) -> str:
    """One reason as a sentence (or phrase) in ``lang`` (default bokmål).

    ``short``: its short template, a phrase without a full stop for a table cell (the full
    template where the code has no short one).

    Raises
    ------
    KeyError
        The code has no template.
    """
    template = pick(W.SHORT_TEMPLATES, lang).get(item.code) if short else None
    template = template or pick(W.TEMPLATES, lang).get(item.code)
    if template is None:
        raise KeyError(f"no wording for reason code {item.code!r}")
    formatter = _FORMATTERS[lang, short]
    params: Mapping[str, Any] = item.params
    parts = []
    for literal, name, spec in _parsed(template):
        parts.append(literal)
        if name is None:
            continue
        if "{" in spec:  # a nested field, e.g. "score{digits}"
            spec = spec.format_map({"digits": 2, **params})
        parts.append(formatter.format_field(params[name], spec))
    return "".join(parts)


def render_all(reasons: Iterable[Reason], lang: Lang = "nb") -> str:
    """Reasons of one decision in reading order, joined with a space, in ``lang``."""
    return " ".join(render(r, lang) for r in reasons)
