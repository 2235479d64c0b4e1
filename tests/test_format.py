"""Norwegian number formatting (allocation.format)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation import format as fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0 kr"),
        (999, "999 kr"),
        (1000, "1 000 kr"),
        (1_250_000, "1 250 000 kr"),
        (-75_000, "-75 000 kr"),
        (2_905_000.0, "2 905 000 kr"),
    ],
)
def test_money(value: int, text: str) -> None:
    assert fmt.money(value) == text


def test_signed_money_and_missing() -> None:
    assert fmt.money(50_000, signed=True) == "+50 000 kr"
    assert fmt.money(-50_000, signed=True) == "-50 000 kr"
    assert fmt.money(0, signed=True) == "0 kr"
    assert fmt.money(None) == ""
    assert fmt.money(float("nan")) == ""


def test_decimal_percent_date() -> None:
    assert fmt.decimal(4.333333) == "4,33"
    assert fmt.decimal(1234.5, 1) == "1 234,5"
    assert fmt.percent(0.625) == "62,5 %"  # a rule's share as the scheme states it (issue 8)
    assert fmt.percent(0.625, 0) == "63 %"
    assert fmt.percent(1.0) == "100 %"
    assert fmt.date(dt.date(2026, 3, 1)) == "1. mars 2026"
    assert fmt.date(dt.date(2025, 12, 31)) == "31. desember 2025"


def test_separator_is_a_regular_space() -> None:
    # Documented choice: U+0020, so that "1 250 000 kr" is found by a plain search.
    assert "\u00a0" not in fmt.money(1_250_000)
    assert fmt.THOUSANDS_SEP == " "


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_round_trips(n: int) -> None:
    text = fmt.money(n)
    assert fmt.parse_integer(text) == n
    digits = text.removesuffix(" kr").lstrip("-").split(" ")
    assert all(len(g) == 3 for g in digits[1:]) and 1 <= len(digits[0]) <= 3
