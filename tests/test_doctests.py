"""The examples in the docstrings of the formatter and the wording run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import allocation.wording

MODULES = ["allocation.format"] + [
    f"allocation.wording.{m.name}" for m in pkgutil.iter_modules(allocation.wording.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_formatter_has_examples() -> None:
    result = doctest.testmod(importlib.import_module("allocation.format"))
    assert result.attempted >= 20
