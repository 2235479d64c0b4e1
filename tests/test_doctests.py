"""The examples in the docstrings of every module of the package run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import allocation

#: Every module (the example rounds' generator and ``__main__`` aside: scripts, not library).
MODULES = [
    m.name
    for m in pkgutil.walk_packages(allocation.__path__, "allocation.")
    if not m.name.startswith("allocation.data") and not m.name.endswith("__main__")
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_formatter_has_examples() -> None:
    result = doctest.testmod(importlib.import_module("allocation.format"))
    assert result.attempted >= 20
