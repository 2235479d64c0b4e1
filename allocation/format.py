"""Norwegian number, money and date formatting for the documents an adviser reads.

Conventions (bokmål, as in the Language Council's recommendations):

* thousands are grouped in threes with a **regular space** (U+0020): ``1 250 000``. A regular
  space rather than a non-breaking one, so that the documents can be searched and copied
  ("1 250 000 kr" finds what it looks like); the HTML keeps amounts on one line with CSS
  (``white-space: nowrap``) and the DOCX tables are wide enough for them;
* money is whole kroner followed by ``kr``: ``1 250 000 kr``; negative amounts use a minus
  sign: ``-50 000 kr``; signed changes show ``+``;
* the decimal mark is a comma: ``4,33``;
* per cent is written with a space before the sign: ``62 %``;
* dates as ``22. november 2025``.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal

THOUSANDS_SEP = " "
DECIMAL_MARK = ","

_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float) and math.isnan(value) or bool(value != value)
    except (TypeError, ValueError):
        return False


def _half_up(value: float | int, digits: int) -> Decimal:
    """Round half away from zero, as in school and in reports (not Python's half-to-even)."""
    exact = Decimal(repr(float(value))) if not isinstance(value, int) else Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def integer(value: int | float | None, *, signed: bool = False) -> str:
    """A whole number with thousands grouped by spaces: ``1250000`` -> ``"1 250 000"``.

    Parameters
    ----------
    value
        The number; floats are rounded to the nearest integer. None/NaN gives ``""``.
    signed
        Show a ``+`` before positive numbers (for changes).

    Examples
    --------
    >>> integer(1250000)
    '1 250 000'
    >>> integer(-5000)
    '-5 000'
    >>> integer(200, signed=True)
    '+200'
    """
    if isinstance(value, int):  # whole kroner: the common case, no rounding
        n = value
    elif value is None or _is_missing(value):
        return ""
    else:
        n = int(_half_up(value, 0))
    digits = f"{abs(n):,}".replace(",", THOUSANDS_SEP)
    if n < 0:
        return "-" + digits
    if signed and n > 0:
        return "+" + digits
    return digits


def money(value: int | float | None, *, signed: bool = False) -> str:
    """Whole kroner the Norwegian way: ``1250000`` -> ``"1 250 000 kr"``.

    Examples
    --------
    >>> money(1250000)
    '1 250 000 kr'
    >>> money(0)
    '0 kr'
    >>> money(-75000, signed=True)
    '-75 000 kr'
    """
    text = integer(value, signed=signed)
    return f"{text} kr" if text else ""


def decimal(value: float | None, digits: int = 2) -> str:
    """A decimal number with a comma as decimal mark: ``4.3333`` -> ``"4,33"``.

    Examples
    --------
    >>> decimal(4.33333)
    '4,33'
    >>> decimal(12345.5, 1)
    '12 345,5'
    >>> decimal(2.675)
    '2,68'
    >>> decimal(float("nan"))
    ''
    """
    if value is None or _is_missing(value):
        return ""
    text = f"{_half_up(value, digits):,.{digits}f}"
    return text.replace(",", "\x00").replace(".", DECIMAL_MARK).replace("\x00", THOUSANDS_SEP)


def percent(share: float | None, digits: int | None = None) -> str:
    """A share (0..1) as per cent with a space before the sign.

    By default to one decimal, a trailing ``,0`` dropped, so a rule's share prints as the scheme
    states it (``0.625`` -> ``"62,5 %"``, ``0.6`` -> ``"60 %"``); ``digits`` fixes the decimals.

    Examples
    --------
    >>> percent(0.625)
    '62,5 %'
    >>> percent(0.6)
    '60 %'
    >>> percent(0.29)
    '29 %'
    >>> percent(0.5, 1)
    '50,0 %'
    >>> percent(0.00012345, 2)
    '0,01 %'
    """
    if _is_missing(share):
        return ""
    value = float(share) * 100  # type: ignore[arg-type]
    if digits is None:
        text = decimal(value, 1)
        if text.endswith(DECIMAL_MARK + "0"):
            text = text[:-2]
        return f"{text} %"
    return f"{decimal(value, digits)} %"


def count(n: int, one: str, many: str) -> str:
    """A count with its noun in singular or plural: ``count(1, "søknad", "søknader")``.

    Examples
    --------
    >>> count(1, "søknad", "søknader")
    '1 søknad'
    >>> count(12, "søknad", "søknader")
    '12 søknader'
    >>> count(1200, "søknad", "søknader")
    '1 200 søknader'
    """
    return f"{integer(n)} {one if n == 1 else many}"


def seconds(value: float) -> str:
    """A duration to one decimal: ``seconds(2.345)`` -> ``"2,3 s"``.

    >>> seconds(2.345), seconds(0.04)
    ('2,3 s', '0,0 s')
    """
    return f"{decimal(value, 1)} s"


def date(value: _dt.date | _dt.datetime) -> str:
    """A date in words: ``2025-11-22`` -> ``"22. november 2025"``.

    Examples
    --------
    >>> date(_dt.date(2025, 3, 1))
    '1. mars 2025'
    """
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


def parse_integer(text: str) -> int:
    """Read back a number written by :func:`integer` or :func:`money` (for tests, round trips).

    Accepts regular, non-breaking and narrow non-breaking spaces as thousands separators and an
    optional ``kr`` unit.

    Examples
    --------
    >>> parse_integer("1 250 000 kr")
    1250000
    >>> parse_integer("-5\u00a0000")
    -5000
    """
    cleaned = text.strip()
    if cleaned.endswith("kr"):
        cleaned = cleaned[:-2]
    for sep in (" ", "\u00a0", "\u202f"):
        cleaned = cleaned.replace(sep, "")
    return int(cleaned)
