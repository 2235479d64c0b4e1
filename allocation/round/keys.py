"""The kinds of values a ``scheme.toml`` key may hold, and the declaration of one key.

Shared by the scheme parser (:mod:`allocation.round.scheme`) and the rule units
(:mod:`allocation.model.rules`), which declare their own keys.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of values.
TEXT = "text"
INT = "int"
AMOUNT = "amount"  # whole kroner, >= 0
SIGNED_AMOUNT = "signed_amount"  # whole kroner, any sign
NUMBER = "number"
BOOL = "bool"
TEXT_LIST = "text_list"
PROJECTS = "projects"
SCALE = "scale"


@dataclass(frozen=True)
class Key:
    """One known key of a scheme.toml table."""

    kind: str
    required: bool = False
    low: float | None = None  # smallest allowed value (numbers)
    high: float | None = None  # largest allowed value (numbers)


@dataclass(frozen=True)
class SchemeKey:
    """A key a rule family reads: ``[table] key``, checked as ``spec``, read into ``field``.

    ``field`` names the :class:`~allocation.round.data.Scheme` attribute that holds the value, or,
    for a family without one, the name under which it is kept in ``Scheme.rule_params``.
    ``part``: for a key holding a pair (``projects = [min, max]``), which element.
    """

    table: str
    key: str
    spec: Key
    field: str
    part: int | None = None
