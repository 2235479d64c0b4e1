"""The data of the allocation MILP (CONTRACT section 2.6 to 2.8): arrays over the candidates.

:class:`ModelData` holds what every builder and check needs: the candidates' scores, fundable
and smallest grants in units of R, their regions, models and applicants as groups, the tie-break
rank, and the round's rule instances (:mod:`allocation.model.rules`, one unit per rule family).
The emitters (:mod:`allocation.model.emit_pulp`, the readable reference and LP export, and
:mod:`allocation.model.emit_highs`, the fast path) and the exact check
(:mod:`allocation.model.check`) all loop over ``ModelData.active_rules``.

Objective (contract units): ``merit``: maximise ``sum s_j g_j = sum (s_j R) k_j``;
``coverage``: maximise ``sum s_j g_j / U_j = sum (s_j / K_j) k_j`` with ``K_j = U_j / R``.

Every rule family except the grant bounds can be switched off (``ModelData.active``): the
infeasibility diagnosis (:mod:`allocation.solve.diagnose`) uses that to find which rules conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from allocation.model.names import safe_names
from allocation.model.rules import MinPerSizeClass, Rule, rules_for
from allocation.round.data import Round, key
from allocation.tolerances import SCORE_TOLERANCE
from allocation.wording.reasons import size_class_labels


@dataclass
class Group:
    """Candidates sharing a text key (a region, model or applicant) or a size class."""

    key: str
    name: str  # as first written
    members: np.ndarray  # candidate indices j


def _group_index(groups: list[Group], n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.int64)
    for index, g in enumerate(groups):
        out[g.members] = index
    return out


@dataclass
class ModelData:
    """Everything the MILP needs, as arrays over the candidates (input order).

    Attributes
    ----------
    ids : list of str
        application_id of each candidate j.
    positions : np.ndarray
        Row position of each candidate in ``round.applications``.
    score, K, Lk : np.ndarray
        ``s_j``; ``U_j / R``; ``L_j / R``.
    R, B : int
        Rounding step and available budget.
    policy : str
        "merit" or "coverage".
    regions, models, applicants : list of Group
        Candidates grouped by text key (first-seen order).
    size_classes : list of Group
        Candidates grouped by size class of population (CONTRACT 2.7), every class of the
        bounds in order (empty ones included); empty when no rule needs them.
    rank : np.ndarray
        Tie-break rank of each candidate (0 = preferred): score descending, then
        application_id ascending.
    rules : tuple of Rule
        The round's rule instances, in model order (:func:`allocation.model.rules.rules_for`).
    active : frozenset of str or None
        The rule families switched on (None: all).
    """

    ids: list[str]
    positions: np.ndarray
    score: np.ndarray
    K: np.ndarray
    Lk: np.ndarray
    R: int
    B: int
    policy: str
    regions: list[Group]
    models: list[Group]
    applicants: list[Group]
    rank: np.ndarray
    rules: tuple[Rule, ...] = ()
    active: frozenset[str] | None = None
    size_classes: list[Group] = field(default_factory=list)
    region_of: np.ndarray = field(init=False, repr=False)
    model_of: np.ndarray = field(init=False, repr=False)
    applicant_of: np.ndarray = field(init=False, repr=False)
    size_class_of: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.size_class_of = _group_index(self.size_classes, self.n)
        self.region_of = _group_index(self.regions, self.n)
        self.model_of = _group_index(self.models, self.n)
        self.applicant_of = _group_index(self.applicants, self.n)

    @property
    def n(self) -> int:
        return len(self.ids)

    def with_active(self, active: Iterable[str]) -> ModelData:
        """The same data with only the rule families ``active`` switched on."""
        return replace(self, active=frozenset(active))

    def with_rules(self, rules: Iterable[Rule]) -> ModelData:
        """The same data with other rule instances."""
        return replace(self, rules=tuple(rules))

    @property
    def active_rules(self) -> list[Rule]:
        """The rules in force: switched on (or not relaxable) and constraining this round."""
        return [
            r
            for r in self.rules
            if (not r.relaxable or self.active is None or r.name in self.active) and r.uses(self)
        ]

    def rule(self, family: str) -> Rule | None:
        """The rule instance of a family, if the round has it (switched on or not)."""
        return next((r for r in self.rules if r.name == family), None)

    def uses(self, family: str) -> bool:
        """Whether the rule family is set in the scheme, switched on and constraining."""
        return any(r.name == family for r in self.active_rules)

    @property
    def relaxable(self) -> list[Rule]:
        """The rules the diagnosis may switch off, in the round."""
        return [r for r in self.rules if r.relaxable and r.uses(self)]

    def objective_coefficients(self) -> np.ndarray:
        """Objective coefficient of each ``k_j`` in contract units."""
        if self.policy == "coverage":
            return self.score / self.K
        return self.score * float(self.R)

    def column_layout(self) -> tuple[list[str], dict[str, int]]:
        """Column names in model order (all k, all x, then the rules' own columns), and the
        first column of each rule that adds columns."""
        names = safe_names(self.ids, "k") + safe_names(self.ids, "x")
        offsets: dict[str, int] = {}
        for r in self.active_rules:
            own = r.columns(self)
            if own:
                offsets[r.name] = len(names)
                names += own
        return names, offsets

    def column_offsets(self) -> tuple[int, dict[str, int]]:
        """The number of columns and each rule's first own column, without making names."""
        count, offsets = 2 * self.n, {}
        for r in self.active_rules:
            own = len(r.columns(self))
            if own:
                offsets[r.name] = count
                count += own
        return count, offsets


def _groups(keys: list[str], names: list[str]) -> list[Group]:
    index: dict[str, list[int]] = {}
    first: dict[str, str] = {}
    for j, (k, nm) in enumerate(zip(keys, names, strict=True)):
        index.setdefault(k, []).append(j)
        first.setdefault(k, nm)
    return [Group(k, first[k], np.asarray(v, dtype=np.int64)) for k, v in index.items()]


def size_class_of(population: int, bounds: Sequence[int]) -> int:
    """The size class of a population: the number of bounds at or below it.

    >>> [size_class_of(p, (5000, 20000)) for p in (0, 4999, 5000, 19999, 20000)]
    [0, 0, 1, 1, 2]
    """
    return int(np.searchsorted(np.asarray(bounds), population, side="right"))


def size_class_groups(population: Sequence[Any], bounds: Sequence[int]) -> list[Group]:
    """The candidates grouped by size class, one group per class (``len(bounds) + 1``)."""
    missing = [j for j, p in enumerate(population) if p is None or p is pd.NA or p != p]
    if missing:
        raise ValueError(f"candidates without population: {missing}")
    classes = np.array([size_class_of(int(p), bounds) for p in population], dtype=np.int64)
    names = size_class_labels(bounds)
    return [
        Group(str(c), names[c], np.flatnonzero(classes == c).astype(np.int64))
        for c in range(len(bounds) + 1)
    ]


def _size_classes(apps: pd.DataFrame, cand: np.ndarray, rules: Sequence[Rule]) -> list[Group]:
    """The size-class groups the round's size-class rule needs (none without the rule)."""
    rule = next((r for r in rules if isinstance(r, MinPerSizeClass)), None)
    if rule is None:
        return []
    if "population" not in apps:
        return size_class_groups([None] * len(cand), rule.bounds)
    return size_class_groups(apps["population"].to_numpy(dtype=object)[cand].tolist(), rule.bounds)


def tie_rank(ids: list[str], score: np.ndarray) -> np.ndarray:
    """Rank 0..n-1 by score descending (compared with SCORE_TOLERANCE), then id ascending."""
    order = sorted(range(len(ids)), key=lambda j: ids[j])
    # stable sort by score (rounded to the tolerance grid) keeps id order inside ties
    order = sorted(order, key=lambda j: -round(float(score[j]) / SCORE_TOLERANCE))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(ids))
    return rank


def model_data(
    round: Round,
    table: pd.DataFrame,
    budget: int,
    *,
    locks: Mapping[str, Any] | None = None,
    extra_rules: Sequence[Rule] = (),
) -> ModelData:
    """Collect the candidates of ``table`` (from :func:`~.eligibility.fundable_table`).

    ``locks`` maps application_id to an object with an ``action`` attribute
    ("must_fund" / "must_not_fund"); locks on non-candidates are ignored here (the caller
    reports a must_fund on a non-candidate as a conflict). ``extra_rules`` are added after the
    scheme's families (a rule family defined outside the package, as in the tests).
    """
    scheme = round.scheme
    R = int(scheme.rounding or 1)
    cand = table.index[table["candidate"].to_numpy()].to_numpy()
    apps = round.applications
    ids = table["application_id"].to_numpy()[cand].tolist()
    score = table["score"].to_numpy(dtype=float)[cand]
    K = (table["fundable"].to_numpy()[cand] // R).astype(np.int64)
    Lk = (table["smallest"].to_numpy()[cand] // R).astype(np.int64)

    def col(name: str) -> list[str]:
        if name not in apps:
            return [""] * len(cand)
        vals = apps[name].to_numpy()[cand]
        return ["" if (v is None or v != v) else str(v) for v in vals]

    regions, models, applicants = col("region"), col("model"), col("applicant")
    must_fund: list[int] = []
    must_not_fund: list[int] = []
    if locks:
        pos = {a: j for j, a in enumerate(ids)}
        for app_id in sorted(locks):
            j = pos.get(app_id)
            if j is None:
                continue
            action = getattr(locks[app_id], "action", locks[app_id])
            (must_fund if action == "must_fund" else must_not_fund).append(j)
    rules = rules_for(scheme, must_fund, must_not_fund) + tuple(extra_rules)
    return ModelData(
        ids=ids,
        positions=cand.astype(np.int64),
        score=score,
        K=K,
        Lk=Lk,
        R=R,
        B=int(budget),
        policy=scheme.policy,
        regions=_groups([key(v) for v in regions], [v.strip() for v in regions]),
        models=_groups([key(v) for v in models], [v.strip() for v in models]),
        applicants=_groups([key(v) for v in applicants], [v.strip() for v in applicants]),
        rank=tie_rank(ids, score),
        rules=rules,
        size_classes=_size_classes(apps, cand, rules),
    )
