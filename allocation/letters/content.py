"""The decision letters as records: one :class:`Letter` per application, built from a result.

A letter holds the facts only (decision, amounts as whole kroner, the reason records, what it
would have taken, whether the auditor rule applies, the written standard); the text is made in
:mod:`allocation.letters.compose`, so the same letter reads in bokmål or nynorsk from one code
path. The grant, the fundable amount and the decision are those of allocation.csv.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from allocation.orchestrator import explanations_by_id
from allocation.records import Decision, Reason
from allocation.report.document import is_missing
from allocation.results import AllocationResult
from allocation.round.data import Case, Conditions, Round
from allocation.whatif import WhatItTakes
from allocation.wording import letters as WL
from allocation.wording.language import Lang, lang_of

__all__ = ["Letter", "LetterSet", "auditor_applies", "letters_from_result"]

#: The decisions answered with a tildelingsbrev (the others with an avslag or avvisning).
GRANT_DECISIONS = frozenset(
    {Decision.GRANTED, Decision.PARTIAL, Decision.CONTINUED, Decision.TRANSFERRED}
)


@dataclass(frozen=True)
class Letter:
    """The facts of one decision letter (amounts in whole kroner)."""

    application_id: str
    applicant: str
    title: str
    decision: Decision
    lang: Lang
    requested: int
    fundable: int
    granted: int
    committed: int = 0
    transfer: int = 0
    score: float | None = None
    reasons: tuple[Reason, ...] = ()
    what: WhatItTakes | None = None
    auditor: bool = False

    @property
    def is_grant(self) -> bool:
        """A tildelingsbrev (granted, partly granted, continued or transferred)."""
        return self.decision in GRANT_DECISIONS

    @property
    def file_name(self) -> str:
        """``KT25-01-tildelingsbrev.docx``: the id (made safe for a file name) and the kind."""
        safe = re.sub(r"[^\w.-]+", "_", self.application_id).strip("._") or "soknad"
        return f"{safe}-{WL.FILE_KIND[self.decision.value]}.docx"


@dataclass(frozen=True)
class LetterSet:
    """The letters of one round and what they share: the scheme's heading, conditions, date."""

    scheme_name: str
    year: int
    frame: int
    case: Case
    conditions: Conditions
    date: _dt.date
    letters: tuple[Letter, ...] = field(default_factory=tuple)

    @property
    def office_lang(self) -> Lang:
        """The office's written standard (``[case] malform``): the overview's language."""
        return lang_of(self.case.malform)


def auditor_applies(granted: int, conditions: Conditions) -> bool:
    """Whether a grant needs an auditor's attestation: from ``revisor_threshold`` on
    (``revisor_from = "amount"``) or strictly above it (``"above"``); never without a grant.

    >>> c = Conditions(revisor_threshold=200_000, revisor_from="above")
    >>> auditor_applies(200_000, c), auditor_applies(205_000, c)
    (False, True)
    >>> auditor_applies(200_000, Conditions(revisor_threshold=200_000))
    True
    """
    t = conditions.revisor_threshold
    if t is None or granted <= 0:
        return False
    return granted > t if conditions.revisor_from == "above" else granted >= t


def _int(value: object) -> int:
    """A whole amount from a table cell (missing: 0)."""
    return 0 if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def _score(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _malforms(round_: Round) -> dict[str, Lang]:
    """Each application's written standard (``malform``; bokmål without the column)."""
    apps = round_.applications
    if "malform" not in apps:
        return {}
    return {
        str(i): lang_of(None if pd.isna(m) else m)
        for i, m in zip(apps["application_id"], apps["malform"], strict=True)
    }


def letters_from_result(
    result: AllocationResult,
    *,
    what: Iterable[WhatItTakes] = (),
    date: _dt.date | None = None,
) -> LetterSet:
    """One letter per application of an optimal ``result``, in input order.

    Parameters
    ----------
    result : AllocationResult
        An optimal result (with its round and allocation).
    what : iterable of WhatItTakes
        What it would take for the applications without a grant
        (:func:`allocation.whatif.what_it_takes`); an avslagsbrev says it where there is one.
    date : datetime.date, optional
        The letters' date (default today).

    Raises
    ------
    ValueError
        The result has no allocation (the rules conflict or the solver stopped).
    """
    if result.round is None or result.allocation is None:
        raise ValueError("letters need an optimal result with its allocation")
    round_, alloc = result.round, result.allocation
    scheme = round_.scheme
    titles = dict(
        zip(round_.applications["application_id"], round_.applications["title"], strict=True)
    )
    langs = _malforms(round_)
    explained = explanations_by_id(result)
    by_id: Mapping[str, WhatItTakes] = {w.application_id: w for w in what}
    letters = []
    for row in alloc.to_dict("records"):
        app_id = str(row["application_id"])
        granted = _int(row["granted"])
        letters.append(
            Letter(
                application_id=app_id,
                applicant=_text(row["applicant"]),
                title=_text(titles.get(app_id)),
                decision=Decision(row["decision"]),
                lang=langs.get(app_id, "nb"),
                requested=_int(row["requested"]),
                fundable=_int(row["fundable"]),
                granted=granted,
                committed=_int(row.get("committed")),
                transfer=_int(row.get("transfer")),
                score=_score(row.get("score")),
                reasons=tuple(explained[app_id].reasons) if app_id in explained else (),
                what=by_id.get(app_id),
                auditor=auditor_applies(granted, scheme.conditions),
            )
        )
    return LetterSet(
        scheme_name=scheme.name,
        year=int(scheme.year),
        frame=int(scheme.frame),
        case=scheme.case,
        conditions=scheme.conditions,
        date=date or _dt.date.today(),
        letters=tuple(letters),
    )
