"""Parsing one cell: amounts, whole numbers, scores and kommunenummer as advisers write them.

Amounts are whole kroner. A decimal part of zeros (``"1 000,00 kr"``, the way Excel writes a
currency cell, or ``1000.0`` from an XLSX number) is whole kroner; any other decimal part is
øre and an error. A value that does not parse is an error, never a guess. These functions
define the meaning of a cell; :mod:`allocation.round.columns` applies them to whole columns.
"""

from __future__ import annotations

import re

from allocation import format as F
from allocation.wording import reading as R
from allocation.wording import validation as W
from allocation.wording.validation import Code

#: The largest amount a cell may hold (10^12 kr): anything above is a slip, never a grant.
MAX_AMOUNT = 10**12

#: The spaces a cell may hold around a value and as thousands separators.
SPACES = " \u00a0\u202f\u2009"
#: What a blank cell may hold (it is blank when nothing else is in it).
BLANK = SPACES + "\t"
_UNIT_PREFIX = re.compile(r"^(?:kr\.?|nok)\s*", re.IGNORECASE)
_UNIT_SUFFIX = re.compile(r"\s*(?:kr\.?|nok|,-|\.-)$", re.IGNORECASE)
_WHOLE = re.compile(r"^(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:([.,])(\d+))?$")
_NUMBER = re.compile(r"^(\d+(?:([.,])\d*)?|([.,])\d+)(?:[eE][+-]?\d+)?$")
_MINUS = ("-", "\u2212")


class ValueProblem(ValueError):
    """A cell that does not parse; ``message`` is the Norwegian text for the adviser and
    ``code`` the kind of problem (:class:`~allocation.wording.validation.Code`)."""

    def __init__(self, message: str, code: str = Code.BAD_NUMBER):
        super().__init__(message)
        self.message = message
        self.code = code


def _split_sign(text: str) -> tuple[int, str]:
    if text[:1] in _MINUS:
        return -1, text[1:].lstrip(SPACES)
    if text[:1] == "+":
        return 1, text[1:].lstrip(SPACES)
    return 1, text


def _strip_units(s: str) -> str:
    for _ in range(3):
        stripped = _UNIT_SUFFIX.sub("", _UNIT_PREFIX.sub("", s)).strip(SPACES)
        if stripped == s:
            break
        s = stripped
    return s


def parse_whole(
    text: str,
    *,
    decimal_comma: bool,
    units: bool,
    bad: tuple[str, str],
    fraction_error: tuple[str, str],
) -> tuple[int, str | None]:
    """Parse a whole number with optional thousands separators (and units); see parse_amount.

    ``bad`` and ``fraction_error`` are (code, template) of the problem raised when the text is
    no number, or has a decimal part that is not zeros. Returns the value and, when a ``.``
    may have been meant as a thousands separator (``1.000``), the warning's text.
    """
    s = text.strip(BLANK)
    if units:
        s = _strip_units(s)
    sign, s = _split_sign(s)
    if units and s != (s2 := _UNIT_PREFIX.sub("", s)):  # "-kr 1 000" / "kr -1 000"
        s = s2.strip(SPACES)
    if sign == 1:
        sign, s = _split_sign(s)
    match = _WHOLE.match(s)
    if not match:
        raise ValueProblem(bad[1].format(value=text.strip()), bad[0])
    whole, mark, fraction = match.groups()
    if mark == "," and not decimal_comma:
        raise ValueProblem(
            W.DECIMAL_COMMA_NOT_ALLOWED.format(value=text.strip()), Code.DECIMAL_COMMA
        )
    value = int(re.sub(f"[{SPACES}]", "", whole))
    warning = None
    if fraction is not None:
        if int(fraction) != 0:
            raise ValueProblem(fraction_error[1].format(value=text.strip()), fraction_error[0])
        if len(fraction) == 3 and len(whole) <= 3:
            warning = W.AMOUNT_DOT.format(
                value=text.strip(),
                amount=F.money(sign * value),
                value_without_dot=whole + fraction,
            )
    if units and value > MAX_AMOUNT:
        message = R.AMOUNT_TOO_LARGE.format(value=text.strip(), limit=F.money(MAX_AMOUNT))
        raise ValueProblem(message, Code.BAD_AMOUNT)
    return sign * value, warning


AMOUNT_PROBLEMS = {
    "bad": (Code.BAD_AMOUNT, W.BAD_AMOUNT),
    "fraction_error": (Code.AMOUNT_ORE, W.AMOUNT_ORE),
}
INTEGER_PROBLEMS = {
    "bad": (Code.BAD_INTEGER, W.BAD_INTEGER),
    "fraction_error": (Code.BAD_INTEGER, W.BAD_INTEGER),
}


def parse_amount(text: str, *, decimal_comma: bool = True) -> int:
    """Parse an amount in whole kroner as an adviser writes it.

    Accepts thousands separators (space, U+00A0, U+202F), a ``kr``/``NOK`` unit before or after,
    ``,-`` after, and a decimal part of zeros. The decimal mark is ``.``, or ``,`` when
    ``decimal_comma`` (``;``-separated files and XLSX).

    Parameters
    ----------
    text : str
        The cell as read.
    decimal_comma : bool
        Whether ``,`` may be the decimal mark.

    Returns
    -------
    int
        The amount (may be negative; callers check the sign).

    Raises
    ------
    ValueProblem
        With a Norwegian message when the value does not parse or has øre.

    Examples
    --------
    >>> parse_amount("2 905 000 kr")
    2905000
    >>> parse_amount("1 000,00 kr")
    1000
    """
    return parse_whole(text, decimal_comma=decimal_comma, units=True, **AMOUNT_PROBLEMS)[0]


def parse_number(text: str, *, decimal_comma: bool = True) -> float:
    """Parse a number (a score): ``4``, ``4.5``, or ``4,5`` when ``decimal_comma``.

    Raises
    ------
    ValueProblem
        With a Norwegian message when the value does not parse.
    """
    s = text.strip(BLANK)
    sign, s = _split_sign(s)
    match = _NUMBER.match(s)
    if not match:
        raise ValueProblem(W.BAD_NUMBER.format(value=text.strip()), Code.BAD_NUMBER)
    if "," in s:
        if not decimal_comma:
            raise ValueProblem(
                W.DECIMAL_COMMA_NOT_ALLOWED.format(value=text.strip()), Code.DECIMAL_COMMA
            )
        s = s.replace(",", ".")
    return sign * float(s)


def parse_kommunenummer(text: str) -> str:
    """A kommunenummer as 4 digits; 1-3 digits (a number that lost its zeros) are zero-padded.

    Raises
    ------
    ValueProblem
        When the value is not 1-4 digits.
    """
    s = text.strip(BLANK)
    if not re.fullmatch(r"\d{1,4}", s):
        raise ValueProblem(W.BAD_KOMMUNENUMMER.format(value=text.strip()), Code.BAD_KOMMUNENUMMER)
    return s.zfill(4)
