"""The klage statement of the innstilling and the letters, in both written standards.

With ``[case] klage_tekst`` the office's own words are used as they are. Otherwise
``klagerett = false`` gives seed 004's wording ("ikke et enkeltvedtak ... ikke klagerett"),
``klagerett = true`` the ordinary right of appeal under forvaltningsloven § 28, and with neither
no statement is printed (``validate`` warns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allocation.wording.language import Lang, pick

if TYPE_CHECKING:
    from allocation.round.data import Case

__all__ = ["KLAGE", "klage_statement"]

KLAGE: dict[Lang, dict[bool, str]] = {
    "nb": {
        False: (
            "Tildeling av og avslag på tilskudd under ordningen er ikke et enkeltvedtak. "
            "I henhold til forvaltningsloven § 28 er det ikke klagerett."
        ),
        True: (
            "Vedtaket kan påklages etter forvaltningsloven § 28. Klagefristen er tre uker fra "
            "brevet kom fram. Klagen sendes til den som har fattet vedtaket."
        ),
    },
    "nn": {
        False: (
            "Tildeling av og avslag på tilskot under ordninga er ikkje eit enkeltvedtak. "
            "I samsvar med forvaltningslova § 28 er det ikkje klagerett."
        ),
        True: (
            "Vedtaket kan påklagast etter forvaltningslova § 28. Klagefristen er tre veker frå "
            "brevet kom fram. Klaga skal sendast til den som har gjort vedtaket."
        ),
    },
}


def klage_statement(case: Case, lang: Lang) -> str | None:
    """The klage statement for ``case`` in ``lang``, or ``None`` when the scheme states none."""
    if case.klage_tekst:
        return case.klage_tekst
    if case.klagerett is None:
        return None
    return pick(KLAGE, lang)[case.klagerett]
