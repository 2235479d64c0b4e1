"""Norwegian texts of the reading edges (issue 11, item 9) and of ``history.csv``.

Kept apart from :mod:`allocation.wording.validation` so that the texts of one change live in
one place; the problems carry the codes of :class:`~allocation.wording.validation.Code`.
"""

from __future__ import annotations

AMOUNT_TOO_LARGE = "«{value}» er over {limit}; et beløp kan ikke være så stort (skrivefeil?)"
NUL_IN_ROW = (
    "raden har et NUL-tegn (tegn 0), som ikke hører hjemme i en tekstfil; lagre tabellen "
    "på nytt fra Excel som «CSV UTF-8»"
)
CSV_BROKEN_ROW = (
    "raden kan ikke leses som CSV ({detail}); åpne filen i Excel og lagre den på nytt som "
    "«CSV UTF-8»"
)
REGION_UNDETERMINED = (
    "regionen kan ikke bestemmes: kolonnen region er tom og kommunenummer {nr} finnes ikke i "
    "kommunelisten; regionen trengs for spredningsreglene (fyll inn region)"
)
PREFIX_NO_FYLKE = (
    "kommunenummer {nr} finnes ikke i kommunelisten for 2024, og de to første sifrene "
    "({prefix}) er ikke nummeret på noe fylke, verken nå eller tidligere"
)
CAP_BELOW_ROUNDING = (
    "«cap» ({cap}) er mindre enn avrundingen «rounding» ({rounding}); da kan ingen søknad få "
    "tilskudd"
)

# --- history.csv -------------------------------------------------------------------------------
HISTORY_FILE = "history.csv"
HISTORY_YEAR_REPEATED = "året {year} finnes også i rad {first}; hvert år kan stå én gang"
HISTORY_YEAR_BAD = "«{value}» er ikke et årstall"
HISTORY_THIS_YEAR = (
    "året {year} er rundens eget år; historikken gjelder tidligere år (årets tall legges til)"
)
