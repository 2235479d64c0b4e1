"""Number fields that show and accept Norwegian formats ("2 905 000", "0,5").

A browser's ``<input type="number">`` shows ``2905000`` and ``0.5`` and rejects ``2 905 000``.
The fields here are text fields on screen whose Python ``value`` stays a number: the widget sends
the number formatted through :mod:`allocation.format` and reads back what the adviser typed with
:func:`parse_number`. Text that is not a number (or is out of range) is not taken: the field
shows the last good value again. Scripts and tests set ``field.value = 2_905_000`` as before.
"""

from __future__ import annotations

import math
import re
from typing import Any

import ipywidgets as w
import traitlets

from allocation import format as fmt

__all__ = ["AmountText", "DecimalText", "format_number", "parse_number"]

#: Most decimals a decimal field shows (weights are kept to 6 decimals, see controls.rebalance).
MAX_DECIMALS = 6
#: Spaces a thousands group may be written with (plain, non-breaking, narrow non-breaking, thin).
_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
#: ``1.250.000``: dots as thousands separators (never a decimal mark in a whole number).
_DOTTED_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_UNITS = ("kr", "nok", ",-")


def parse_number(text: str, *, whole: bool) -> int | float:
    """Read a number as an adviser types it.

    Accepts spaces (also non-breaking) between thousands, a comma or a point as decimal mark,
    a trailing ``kr`` and the minus sign ``−``. A whole number (``whole``) also takes points
    between thousands (``1.250.000``) and must not have decimals.

    Raises
    ------
    ValueError
        The text is not such a number.

    Examples
    --------
    >>> parse_number("2 905 000 kr", whole=True)
    2905000
    >>> parse_number("0,5", whole=False)
    0.5
    >>> parse_number("1.250.000", whole=True)
    1250000
    """
    cleaned = text.strip().lower().replace("\u2212", "-")
    for unit in _UNITS:
        if cleaned.endswith(unit):
            cleaned = cleaned[: -len(unit)]
    for sep in _SPACES:
        cleaned = cleaned.replace(sep, "")
    if not cleaned:
        raise ValueError(text)
    if whole:
        if _DOTTED_THOUSANDS.match(cleaned):
            cleaned = cleaned.replace(".", "")
        return int(cleaned)  # "2,5" and "2.5" raise: a whole number has no decimals
    number = float(cleaned.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def format_number(value: float, *, whole: bool) -> str:
    """A field's value as it is shown: ``2905000`` -> ``"2 905 000"``, ``0.5`` -> ``"0,5"``.

    Decimals are shown up to :data:`MAX_DECIMALS`, trailing zeros dropped.

    Examples
    --------
    >>> format_number(2905000, whole=True)
    '2 905 000'
    >>> format_number(0.25, whole=False)
    '0,25'
    >>> format_number(3.0, whole=False)
    '3'
    """
    if whole:
        return fmt.integer(int(value))
    text = fmt.decimal(float(value), MAX_DECIMALS)
    if fmt.DECIMAL_MARK in text:
        text = text.rstrip("0").rstrip(fmt.DECIMAL_MARK)
    return "0" if text in ("-0", "") else text


def _to_json(value: Any, widget: Any) -> str:
    return format_number(value, whole=widget.whole)


def _from_json(text: Any, widget: Any) -> Any:
    try:
        number = parse_number(str(text), whole=widget.whole)
    except ValueError:
        return widget.value  # not a number: keep the value (set_state shows it again)
    if not widget.min <= number <= widget.max:
        return widget.value
    return number


class _NumberText(w.Text):
    """A text field holding a number (see the module docstring); ``min``/``max`` bound it."""

    whole = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("continuous_update", False)  # read on Enter or leaving the field
        super().__init__(**kwargs)
        self.add_class("alloc-number")

    @traitlets.validate("value")
    def _clamp(self, proposal: Any) -> Any:
        # as the Bounded*Text widgets did: a value set from Python is kept within the bounds
        return min(max(proposal["value"], self.min), self.max)

    def set_state(self, sync_data: Any) -> None:
        """Take what the browser sent; if it was not a number in range, show the value again."""
        super().set_state(sync_data)
        if "value" in sync_data and sync_data["value"] != _to_json(self.value, self):
            self.send_state("value")


class AmountText(_NumberText):
    """A whole number (kroner, counts) shown with spaces between thousands."""

    whole = True
    value = traitlets.Int(0).tag(sync=True, to_json=_to_json, from_json=_from_json)
    min = traitlets.Int(0)
    max = traitlets.Int(10**12)


class DecimalText(_NumberText):
    """A decimal number (shares, weights, scores) shown with a decimal comma."""

    whole = False
    value = traitlets.Float(0.0).tag(sync=True, to_json=_to_json, from_json=_from_json)
    min = traitlets.Float(0.0)
    max = traitlets.Float(1.0)
