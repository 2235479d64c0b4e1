"""The in-memory form of a round folder (CONTRACT section 1).

A :class:`Round` is what :func:`allocation.round.read.load_round` returns after validation: the
scheme as a frozen dataclass and the tables as pandas DataFrames with fixed dtypes.
Everything downstream (scoring, the model, reports, the explorer) works on these types.

Table layouts (after loading; extra input columns are kept after these):

``applications`` (input order, index 0..n-1)
    application_id: str, applicant: str, kommunenummer: str ("" when absent),
    region: str (derived from kommunenummer where blank), applicant_type: str (default
    "kommune"), title: str, model: str (default ""), requested: int, committed: int,
    own_funding: Int64 (nullable), population: Int64 (nullable), source_row: int (the Excel
    row number in the input file).

``scores`` (long form, whatever the input form was)
    application_id: str, assessor: str, criterion: str, score: float, source_row: int.

``budget_lines``
    application_id: str, category: str, amount: int, source_row: int.

Text keys (applicant, applicant_type, region, model, category) are compared with
:func:`key` (trimmed, case-folded); the tables keep them as first written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from allocation.wording.language import Lang, lang_of

POLICIES = ("merit", "coverage", "priority")


def key(text: object) -> str:
    """The comparison key of a text value: trimmed and case-folded (CONTRACT section 1)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return str(text).strip().casefold()


@dataclass(frozen=True)
class Criterion:
    """One ``[[criteria]]`` table: a criterion inside a group, with its relative weight."""

    id: str
    group: str
    label: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class Conditions:
    """The project's own ``[conditions]`` table: conditions the innstilling states.

    ``revisor_threshold``: grants from (or above, see ``revisor_from``) this amount need a
    report attested by a state-authorised auditor. The seed documents word it both ways
    ("fra og med" / "over"), so the scheme says which: ``revisor_from = "amount"`` (from the
    amount, inclusive) or ``"above"`` (strictly above it).
    ``report_deadline``: free text, for example "1. mars 2026".
    """

    revisor_threshold: int | None = None
    revisor_from: str = "amount"
    report_deadline: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """The project's own ``[case]`` table: who writes the innstilling and the letters, to whom,
    under which legal basis, and whether the decision can be appealed. Every key is optional.

    ``malform`` is the innstilling's written standard (``"nb"`` or ``"nn"``, read with
    :func:`allocation.wording.language.lang_of`). ``klagerett``: ``True``, ``False`` or ``None``
    (not stated); ``klage_tekst`` overrides the standard wording of the klage statement
    (:func:`allocation.wording.case.klage_statement`).
    """

    virksomhet: str | None = None
    avdeling: str | None = None
    saksnummer: str | None = None
    til: str | None = None
    fra: str | None = None
    hjemmel: str | None = None
    malform: str = "nb"
    klagerett: bool | None = None
    klage_tekst: str | None = None

    @property
    def lang(self) -> Lang:
        """The written standard of ``malform`` (``"nb"`` or ``"nn"``)."""
        return lang_of(self.malform)


@dataclass(frozen=True)
class Scheme:
    """The rules of one round, from ``scheme.toml`` (CONTRACT section 1), with defaults."""

    name: str
    year: int
    frame: int
    groups: dict[str, float]
    criteria: tuple[Criterion, ...]
    region: str | None = None
    carry_over: int = 0
    # [grants]
    policy: str = "merit"
    cap: int | None = None
    floor: int = 0
    min_share: float = 0.0
    rounding: int = 1
    projects_min: int | None = None
    projects_max: int | None = None
    one_per_applicant: bool = False
    years: int = 1  # project's own key: a grant is promised for this many years in all
    # [quality]
    scale: tuple[float, float] = (1.0, 6.0)
    threshold: float | None = None
    disagreement: float = 2.0  # project's own key: flag assessors further apart than this
    # [spread]
    min_per_region: int | None = None
    max_region_share: float | None = None
    min_models: int | None = None
    max_per_model: int | None = None
    # [eligibility]
    applicant_types: tuple[str, ...] | None = None
    excluded_cost_categories: tuple[str, ...] = ()
    # project's own tables
    conditions: Conditions = field(default_factory=Conditions)
    case: Case = field(default_factory=Case)
    # keys of rule families without an attribute of their own (allocation.model.rules)
    rule_params: Mapping[str, Any] = field(default_factory=dict)

    def rule_value(self, name: str) -> Any:
        """A rule family's parameter: the attribute ``name``, else ``rule_params[name]``."""
        if name in self.rule_params:
            return self.rule_params[name]
        return getattr(self, name, None)

    def replace(self, **changes: object) -> Scheme:
        """A copy with some rules changed (used by --budget, --policy, scenarios)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass
class Round:
    """A loaded, validated round folder."""

    path: Path
    scheme: Scheme
    applications: pd.DataFrame
    scores: pd.DataFrame
    budget_lines: pd.DataFrame
    files: dict[str, Path] = field(default_factory=dict)  # logical name -> file actually read
    warnings: list = field(default_factory=list)  # list[allocation.errors.Problem]

    @property
    def name(self) -> str:
        return self.path.name

    def with_scheme(self, scheme: Scheme) -> Round:
        """The same tables under other rules."""
        return dataclasses.replace(self, scheme=scheme)
