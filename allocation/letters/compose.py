"""A letter's facts (:class:`~allocation.letters.content.Letter`) made into its text.

One code path for both written standards: the texts come from
:data:`allocation.wording.letters.TEXTS` and the reasons from the reason templates
(:func:`allocation.wording.render.render`), both in the letter's language; every figure goes
through :mod:`allocation.format`. The scheme's own condition notes are printed as the scheme
writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allocation import format as fmt
from allocation.letters.content import Letter, LetterSet
from allocation.records import Decision, Reason
from allocation.wording import letters as WL
from allocation.wording.case import klage_statement
from allocation.wording.language import pick
from allocation.wording.render import render_all

__all__ = ["Block", "LetterText", "compose"]

#: The reasons a tildelingsbrev gives: why the grant is less than asked (the others, about how
#: the model ranked and which rules bound, are for the innstilling).
_GRANT_REASONS = ("reduced", "partial.", "locked.in")


@dataclass(frozen=True)
class Block:
    """One piece of a letter's body: ``"h"`` a heading, ``"p"`` a paragraph, ``"li"`` a
    bullet."""

    kind: str
    text: str


@dataclass(frozen=True)
class LetterText:
    """A letter as text, ready for a writer."""

    lang: str
    sender: tuple[str, ...]
    meta: tuple[tuple[str, str], ...]
    to: str
    subject: str
    application: str
    body: tuple[Block, ...]
    signature: tuple[str, ...]
    closing: tuple[str, str] = ("", "")
    footer: str = ""


def _granted(letter: Letter, say: Callable[..., str]) -> list[str]:
    """A grant in full or in part: the grant, and what was asked and could be covered."""
    kr = fmt.money
    kind = "granted" if letter.decision is Decision.GRANTED else "partial"
    out = [say(kind, granted=kr(letter.granted))]
    amounts = {"requested": kr(letter.requested), "fundable": kr(letter.fundable)}
    if letter.fundable < letter.requested:
        out.append(say(f"{kind}.fundable", **amounts))
    elif kind == "partial":
        out.append(say("partial.asked", **amounts))
    return out


def _decision(letter: Letter, say: Callable[..., str]) -> list[Block]:
    """What was decided, with the amounts."""
    d = letter.decision
    if d in (Decision.GRANTED, Decision.PARTIAL):
        out = _granted(letter, say)
    elif d is Decision.CONTINUED:
        out = [say("continued", committed=fmt.money(letter.committed))]
    elif d is Decision.TRANSFERRED:
        out = [say("transferred")]
    else:
        out = [say("rejected" if d is Decision.REJECTED else "ineligible")]
    if letter.is_grant and d is not Decision.TRANSFERRED:
        out.append(say("purpose", title=letter.title))
    if letter.transfer > 0 and d is not Decision.INELIGIBLE:
        out.append(say("transfer", transfer=fmt.money(letter.transfer)))
    return [Block("p", " ".join(out))]


def _reasons(letter: Letter, say: Callable[..., str]) -> list[Block]:
    """The reasons in plain words (the records, rendered in the letter's language)."""
    shown = list(letter.reasons)
    if letter.is_grant:
        shown = [r for r in shown if r.code.startswith(_GRANT_REASONS)]
    if not shown:
        return []
    return [Block("h", say("h.reasons")), Block("p", render_all(shown, letter.lang))]


def _what(letter: Letter, frame: int, say: Callable[..., str]) -> list[Block]:
    """What it would have taken, where the search found it (an avslag only)."""
    w = letter.what
    if letter.is_grant or letter.decision is Decision.INELIGIBLE or w is None or not w.searched:
        return []
    lines = []
    if w.frame is not None and w.frame_grant:
        lines.append(
            say(
                "what.frame",
                grant=fmt.money(w.frame_grant),
                frame=fmt.money(w.frame),
                actual=fmt.money(frame),
            )
        )
    if w.score_needed is not None and w.score_grant and w.score is not None:
        lines.append(
            say(
                "what.score",
                needed=fmt.decimal(w.score_needed, 2),
                score=fmt.decimal(w.score, 2),
                grant=fmt.money(w.score_grant),
            )
        )
    elif w.held_out and not w.unsolved and not w.frame_out:
        lines.append(say("what.held_out", reasons=_held_out(w.held_out, letter)))
    if not lines:
        return []
    return [Block("h", say("h.what")), *(Block("p", line) for line in lines)]


def _held_out(held: tuple[Reason, ...], letter: Letter) -> str:
    """The rule facts that hold it out whatever its score (unless the reasons say them)."""
    return render_all([r for r in held if r not in letter.reasons] or held, letter.lang)


def _conditions(letter: Letter, letters: LetterSet, say: Callable[..., str]) -> list[Block]:
    """The conditions of a tildelingsbrev: the scheme's notes, the deadline, the auditor rule,
    and acceptance of the conditions as the basis for payment."""
    if not letter.is_grant:
        return []
    c = letters.conditions
    items = [str(n) for n in c.notes]  # the scheme's own words, as written
    if c.report_deadline and not any(c.report_deadline in n for n in items):
        items.append(say("deadline", deadline=c.report_deadline))
    if letter.auditor and c.revisor_threshold is not None:
        key = "auditor.above" if c.revisor_from == "above" else "auditor.amount"
        items.append(say(key, threshold=fmt.money(c.revisor_threshold)))
    blocks = [Block("h", say("h.conditions")), *(Block("li", i) for i in items)]
    if letter.decision is Decision.TRANSFERRED:  # the money was paid out with the first grant
        return blocks
    return [*blocks, Block("p", say("acceptance"))]


def _klage(letter: Letter, letters: LetterSet, say: Callable[..., str]) -> list[Block]:
    """The klage statement, when the scheme states one."""
    text = klage_statement(letters.case, letter.lang)
    return [Block("h", say("h.klage")), Block("p", text)] if text else []


def _subject_key(decision: Decision) -> str:
    return {
        Decision.GRANTED: "subject.grant",
        Decision.PARTIAL: "subject.grant",
        Decision.CONTINUED: "subject.continued",
        Decision.TRANSFERRED: "subject.transferred",
        Decision.INELIGIBLE: "subject.ineligible",
    }.get(decision, "subject.rejected")


def compose(letter: Letter, letters: LetterSet) -> LetterText:
    """The text of ``letter`` in its applicant's written standard.

    >>> import datetime as dt
    >>> from allocation.round.data import Case, Conditions
    >>> one = Letter("A-1", "Frøya", "Pårørendeskole", Decision.REJECTED, "nn", 1, 1, 0)
    >>> day = dt.date(2025, 5, 2)
    >>> text = compose(one, LetterSet("Ordning", 2025, 9, Case(), Conditions(), day, (one,)))
    >>> text.subject
    'Avslag på søknad om tilskot – Ordning 2025'
    >>> text.body[0].text
    'Vi viser til søknaden frå Frøya om tilskot under ordninga «Ordning» for 2025.'
    """
    texts = pick(WL.TEXTS, letter.lang)

    def say(key: str, **values: object) -> str:
        return texts[key].format(scheme=letters.scheme_name, year=letters.year, **values)

    case = letters.case
    meta = [(say("our_date"), fmt.date(letters.date))]
    if case.saksnummer:
        meta.append((say("our_ref"), case.saksnummer))
    body = [Block("p", say("intro", applicant=letter.applicant))]
    body += _decision(letter, say)
    body += _reasons(letter, say)
    body += _what(letter, letters.frame, say)
    body += _conditions(letter, letters, say)
    body += _klage(letter, letters, say)
    signature = tuple(t for t in (case.fra or case.avdeling, case.virksomhet) if t)
    return LetterText(
        lang=WL.DOC_LANGUAGE[letter.lang],
        sender=tuple(t for t in (case.virksomhet, case.avdeling) if t),
        meta=tuple(meta),
        to=letter.applicant,
        subject=say(_subject_key(letter.decision)),
        application=say("application", id=letter.application_id, title=letter.title),
        body=tuple(body),
        signature=signature,
        closing=(say("closing"), say("electronic")),
        footer=" · ".join(
            t for t in (case.virksomhet, case.saksnummer, letter.application_id) if t
        ),
    )
