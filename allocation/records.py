"""Decisions and reasons as records: what was decided and why, before any sentence is made.

The explanation (:mod:`allocation.explain`), the rule families (:mod:`allocation.model.rules`) and
the conflict diagnosis produce :class:`Reason` records: a code and its parameters, amounts as whole
kroner (int), scores and shares as floats, names as text. Only the wording layer
(:mod:`allocation.wording.render`) turns them into sentences, through the one formatter
(:mod:`allocation.format`), so a figure is written the same way everywhere and the same records can
be rendered again (a short form for a table, a letter, nynorsk).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Decision(StrEnum):
    """The decision on an application's new money (CONTRACT section 2, ``decision``)."""

    GRANTED = "innvilget"
    PARTIAL = "delvis_innvilget"
    REJECTED = "avslått"
    INELIGIBLE = "avvist"
    CONTINUED = "videreført"  # v1.2: requested 0, committed > 0 (a continuing project)
    TRANSFERRED = "overført"  # v1.2: requested 0, transfer > 0 (keeps using earlier money)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: ``code`` names its template in the wording; ``params`` are its facts.

    A parameter may itself be a list of reasons (rendered as a listing, "a, b og c").

    >>> Reason("out.projects", {"max": 6}).param("max")
    6
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> Any:
        """One parameter's value."""
        return self.params[name]

    @property
    def rule(self) -> str:
        """The rule family a reason is about (the second part of its code).

        >>> reason("rule.min_per_region.capped").rule
        'min_per_region'
        """
        parts = self.code.split(".")
        return parts[1] if len(parts) > 1 else ""


def reason(code: str, **params: Any) -> Reason:
    """Shorthand: ``reason("out.projects", max=6)``."""
    return Reason(code, params)


@dataclass(frozen=True)
class Explanation:
    """The decision on one application and the reasons for it, in reading order.

    ``short`` is the decisive reason, the one a proposal table shows (chosen by the rule in
    :mod:`allocation.explain`; the wording writes it with its short template, a phrase). It is
    one of ``reasons``, or the part of one that decided (the cap of a reduction, the first
    of the rules a grant was needed for).
    """

    application_id: str
    decision: Decision
    reasons: tuple[Reason, ...]
    short: Reason

    @property
    def codes(self) -> list[str]:
        """The reason codes (for counting and tests)."""
        return [r.code for r in self.reasons]
