"""Norwegian (bokmål) texts and codes of the v1.2 application columns and scheme keys.

``population``, ``transfer``, ``partners`` and ``malform`` (CONTRACT v1.2, "the v1.2 application
columns") and ``[spread] size_classes``. The codes are plain strings like those of
:class:`allocation.wording.validation.Code`, to be merged into it.
"""

from __future__ import annotations

from enum import StrEnum


class InputCode(StrEnum):
    """The kind of a v1.2 input problem (stable identifiers, not shown to the adviser)."""

    BAD_SIZE_CLASSES = "bad_size_classes"
    MISSING_POPULATION = "missing_population"
    BAD_MALFORM = "bad_malform"
    PARTNER_UNKNOWN = "partner_unknown"
    PARTNER_AMBIGUOUS = "partner_ambiguous"
    PARTNER_IS_APPLICANT = "partner_is_applicant"
    PARTNER_SEPARATOR = "partner_separator"


KIND_INT_LIST = "en liste med hele tall over 0, for eksempel [5000, 20000]"
BAD_SIZE_CLASSES = (
    "«size_classes» skal være hele tall over 0 i stigende rekkefølge, uten gjentakelser, "
    "ikke {value}"
)
POPULATION_MISSING = (
    "innbyggertall mangler; regelen «min_per_size_class» i scheme.toml trenger innbyggertallet "
    "til hver søknad som kan få tilskudd"
)
MALFORM_BAD = "«{value}» er ingen målform; skriv bokmål (eller nb) eller nynorsk (eller nn)"
PARTNER_UNKNOWN = (
    "samarbeidskommunen «{part}» finnes ikke i kommunelisten; skriv navnet slik det står i "
    "listen, eller kommunenummeret"
)
PARTNER_AMBIGUOUS = (
    "samarbeidskommunen «{part}» kan være flere kommuner ({names}); skriv kommunenummeret"
)
PARTNER_IS_APPLICANT = "samarbeidskommunen «{part}» er søkeren selv"
PARTNER_SEPARATOR = (
    "samarbeidskommunene skal skilles med «/», ikke med komma eller semikolon: «{value}»"
)
