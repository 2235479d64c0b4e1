"""The ``partners`` column (CONTRACT v1.2): the other kommuner of an inter-municipal application.

A cell is split on ``/``, each part trimmed, empty parts dropped; a part of 1-4 digits is a
kommunenummer (zero-padded), any other a kommune name matched case-folded against the reference
list (the name as listed, its Norwegian form, or the name without the fylke in brackets that
tells two kommuner of one name apart). Partners never enter the model; they are shown in the
documents and counted among the kommuner a round reaches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from allocation.round.reference import Kommune, _read_csv, kommuner

_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")


def partner_parts(text: object) -> list[str]:
    """The parts of a ``partners`` cell: split on ``/``, trimmed, empty parts dropped.

    >>> partner_parts(" Os / 5025 // ")
    ['Os', '5025']
    """
    if text is None or text != text:  # None or NaN
        return []
    return [part.strip() for part in str(text).split("/") if part.strip()]


@dataclass(frozen=True)
class Partner:
    """One part of a ``partners`` cell: as written, the kommune it names, and what is wrong.

    ``problem`` is None, ``"unknown"``, ``"ambiguous"`` (``candidates`` names them) or
    ``"applicant"`` (the applicant itself).
    """

    text: str
    kommune: Kommune | None
    problem: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The kommune's name where known, else the text as written."""
        return self.kommune.name if self.kommune is not None else self.text


@cache
def _names() -> dict[str, tuple[str, ...]]:
    """Case-folded kommune name -> the kommunenummer it may mean."""
    index: dict[str, set[str]] = {}
    # both names of the list: as listed (Kárášjohka) and the Norwegian form (Karasjok)
    for row in _read_csv("kommuner.csv"):
        for listed in {row["kommune"], row.get("kommune_norsk") or row["kommune"]}:
            for name in {listed, _BRACKETS.sub("", listed)}:
                index.setdefault(name.casefold(), set()).add(row["kommunenummer"])
    return {name: tuple(sorted(numbers)) for name, numbers in index.items()}


def resolve_part(part: str) -> Partner:
    """The kommune one part names (a kommunenummer or a name), or why none."""
    reference = kommuner()
    if part.isascii() and part.isdigit() and len(part) <= 4:
        kommune = reference.get(part.zfill(4))
        return Partner(part, kommune, None if kommune is not None else "unknown")
    numbers = _names().get(part.casefold(), ())
    if not numbers:
        return Partner(part, None, "unknown")
    if len(numbers) > 1:
        return Partner(part, None, "ambiguous", tuple(reference[n].name for n in numbers))
    return Partner(part, reference[numbers[0]])


def resolve_partners(cell: object, applicant: str = "", kommunenummer: str = "") -> list[Partner]:
    """Every partner of a cell, each resolved; the applicant itself is marked ``"applicant"``."""
    out = []
    for part in partner_parts(cell):
        partner = resolve_part(part)
        number = partner.kommune.number if partner.kommune is not None else None
        if (kommunenummer and number == kommunenummer) or (
            applicant and part.casefold() == applicant.strip().casefold()
        ):
            partner = Partner(part, partner.kommune, "applicant")
        out.append(partner)
    return out
