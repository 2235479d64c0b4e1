"""The rule families of the model (CONTRACT 2.6 and 2.7), each defined once.

A rule family is one :class:`Rule` subclass. It says, once, everything the rest of the package
needs to know about it:

- :meth:`Rule.from_scheme`: its parameters, read from the checked scheme;
- :meth:`Rule.columns` and :meth:`Rule.rows`: the columns and rows it adds to the MILP, as
  solver-neutral :class:`RowBlock` pieces; the PuLP reference (:mod:`allocation.model.emit_pulp`)
  and the highspy builder (:mod:`allocation.model.emit_highs`) both emit exactly these;
- :meth:`Rule.broken`: its exact check of an integer allocation, one :class:`Reason` record per
  broken instance, with the figures (the solver's answers, the greedy baseline and edited tables
  all go through it);
- :meth:`Rule.conflict`: the rule in words for the conflict diagnosis;
- the facts the explanation needs: :meth:`Rule.holds_out` (why an unfunded candidate could not
  be added), :meth:`Rule.holds_back` (why a partly funded one could not get more),
  :meth:`Rule.requires` (a funded candidate the rule needs) and :meth:`Rule.tight` (a minimum met
  with nothing to spare).

:data:`RULES` lists the families in model order (the order of the rows). A new family is a new
subclass, its wording (:func:`allocation.wording.render.register`) and its tests; a test may pass
extra rule instances to :func:`allocation.model.data.model_data` (``extra_rules``).

Columns: for each candidate j (input order), ``k_j`` (the grant in units of R) at column j and
``x_j`` (funded) at column n + j; then the columns rules add (``y_m`` of ``min_models``), in
rule order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from allocation.model.eligibility import region_ceiling
from allocation.model.names import safe_names
from allocation.records import Reason, reason
from allocation.round.keys import BOOL, INT, NUMBER, PROJECTS, Key, SchemeKey

if TYPE_CHECKING:  # pragma: no cover
    from allocation.model.data import Group, ModelData
    from allocation.round.data import Scheme

INF = float("inf")


@dataclass(frozen=True)
class RowBlock:
    """Linear rows ``lower <= sum value * column <= upper`` in compressed-row pieces.

    ``names`` is called only when names are wanted (LP files, PuLP), which keeps the fast path
    free of thousands of name strings.
    """

    names: Callable[[], list[str]]
    lengths: np.ndarray
    index: np.ndarray
    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    @property
    def count(self) -> int:
        return len(self.lengths)


def row(name: str, index: Any, value: Any, lower: float, upper: float) -> RowBlock:
    """One row as a block."""
    idx = np.asarray(index, dtype=np.int64)
    return RowBlock(
        lambda: [name],
        np.array([len(idx)], dtype=np.int64),
        idx,
        np.asarray(value, dtype=float),
        np.array([lower], dtype=float),
        np.array([upper], dtype=float),
    )


@dataclass(frozen=True)
class Tally:
    """Aggregates of one allocation (grants ``g`` in kroner, ``x`` funded) over the candidates."""

    g: np.ndarray
    x: np.ndarray
    funded: int
    left: int
    region_sum: np.ndarray
    region_count: np.ndarray
    model_count: np.ndarray
    applicant_count: np.ndarray

    @classmethod
    def of(cls, d: ModelData, g: np.ndarray, x: np.ndarray) -> Tally:
        g = np.asarray(g, dtype=np.int64)
        x = np.asarray(x, dtype=np.int64)
        return cls(
            g=g,
            x=x,
            funded=int(x.sum()),
            left=int(d.B - int(g.sum())),
            region_sum=np.bincount(d.region_of, weights=g, minlength=len(d.regions)).astype(
                np.int64
            ),
            region_count=np.bincount(d.region_of, weights=x, minlength=len(d.regions)).astype(
                np.int64
            ),
            model_count=np.bincount(d.model_of, weights=x, minlength=len(d.models)).astype(
                np.int64
            ),
            applicant_count=np.bincount(
                d.applicant_of, weights=x, minlength=len(d.applicants)
            ).astype(np.int64),
        )

    @property
    def models_used(self) -> int:
        return int((self.model_count > 0).sum())

    def without(self, d: ModelData, j: int) -> Tally:
        """The same allocation with candidate j's grant taken away (what j's money could do)."""
        if not self.x[j]:
            return self
        g, x = self.g.copy(), self.x.copy()
        grant = int(g[j])
        g[j], x[j] = 0, 0
        region_sum, region_count = self.region_sum.copy(), self.region_count.copy()
        model_count, applicant_count = self.model_count.copy(), self.applicant_count.copy()
        region_sum[d.region_of[j]] -= grant
        region_count[d.region_of[j]] -= 1
        model_count[d.model_of[j]] -= 1
        applicant_count[d.applicant_of[j]] -= 1
        return Tally(
            g, x, self.funded - 1, self.left + grant,
            region_sum, region_count, model_count, applicant_count,
        )  # fmt: skip


class Rule:
    """A rule family (see the module docstring). Subclasses set :attr:`name`.

    ``deletion_rank``: the order in which the conflict diagnosis tries to switch families off
    (lower first: those are dropped most easily, so the budget and the locks are kept in the
    explanation when they matter). ``naming_rank``: the order in which a conflict names them
    (requirements first). ``reason_rank``: the order in which a decision's reasons name rules.
    ``scheme_keys``: the ``scheme.toml`` keys the family reads and how they are checked (the
    scheme parser knows a family's keys only from here).
    ``relaxable``: whether the diagnosis may switch it off at all.
    """

    name: ClassVar[str] = ""
    scheme_keys: ClassVar[tuple[SchemeKey, ...]] = ()
    deletion_rank: ClassVar[int] = 0
    naming_rank: ClassVar[int] = 0
    reason_rank: ClassVar[int] = 100
    relaxable: ClassVar[bool] = True

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        """The rule with the scheme's parameters, or None when the scheme does not set it."""
        return None

    def uses(self, d: ModelData) -> bool:
        """Whether the rule constrains this round at all (it may be trivially met)."""
        return True

    def columns(self, d: ModelData) -> list[str]:
        """Names of the binary columns the rule adds (most add none)."""
        return []

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        """The rule's rows; ``offset`` is the index of its first own column."""
        raise NotImplementedError

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        """One ``breaks.<name>`` record per instance of the rule the allocation breaks."""
        raise NotImplementedError

    def conflict(self, d: ModelData) -> Reason:
        """The rule in words, for a conflict (``conflict.<name>``)."""
        return reason(f"conflict.{self.name}")

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        """Why unfunded candidate j could not be added at its smallest grant, if this rule."""
        return None

    def holds_back(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        """Why partly funded candidate j could not get one more step R, if this rule."""
        return None

    def requires(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        """The rule (``rule.<name>``) if dropping funded candidate j would break it."""
        return None

    def tight(self, d: ModelData, t: Tally) -> Reason | None:
        """The rule (``rule.<name>``) if it is a minimum met with nothing to spare."""
        return None


class GrantBounds(Rule):
    """``L_j x_j <= g_j <= U_j x_j`` in units of R (always on; never relaxed)."""

    name = "grant_bounds"
    relaxable = False

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        n = d.n
        if not n:
            return []
        j = np.arange(n)
        idx = np.empty(4 * n, dtype=np.int64)
        idx[0::4], idx[1::4], idx[2::4], idx[3::4] = j, n + j, j, n + j
        val = np.empty(4 * n)
        val[0::4], val[1::4], val[2::4], val[3::4] = 1.0, -d.Lk, 1.0, -d.K
        lo, up = np.empty(2 * n), np.empty(2 * n)
        lo[0::2], up[0::2], lo[1::2], up[1::2] = 0.0, INF, -INF, 0.0

        def names() -> list[str]:
            pairs = zip(safe_names(d.ids, "grant_min"), safe_names(d.ids, "grant_max"), strict=True)
            return [name for pair in pairs for name in pair]

        return [RowBlock(names, np.full(2 * n, 2), idx, val, lo, up)]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        bad = (t.g < d.Lk * d.R * t.x) | (t.g > d.K * d.R * t.x) | ((t.x != 0) & (t.x != 1))
        return [
            reason(
                "breaks.grant_bounds",
                id=d.ids[j],
                granted=int(t.g[j]),
                smallest=int(d.Lk[j]) * d.R,
                fundable=int(d.K[j]) * d.R,
            )
            for j in np.flatnonzero(bad)
        ]


class Budget(Rule):
    """``sum g_j <= B``."""

    name = "budget"
    deletion_rank, naming_rank = 80, 90

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule:
        return cls()

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        return [row("budget", np.arange(d.n), np.full(d.n, float(d.R)), -INF, float(d.B))]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        total = int(t.g.sum())
        return [reason("breaks.budget", granted=total, budget=d.B)] if total > d.B else []

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.budget", budget=d.B)


@dataclass(frozen=True)
class ProjectsMin(Rule):
    """``projects = [min, ...]``: at least ``n`` funded."""

    n: int
    name = "projects_min"
    scheme_keys = (SchemeKey("grants", "projects", Key(PROJECTS), "projects_min", part=0),)
    deletion_rank, naming_rank = 70, 40
    reason_rank = 70

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        return cls(int(scheme.projects_min)) if scheme.projects_min else None

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        return [row("projects_min", d.n + np.arange(d.n), np.ones(d.n), float(self.n), INF)]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        if t.funded >= self.n:
            return []
        return [reason("breaks.projects_min", count=t.funded, need=self.n)]

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.projects_min", n=self.n)

    def requires(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        return self.tight(d, t)

    def tight(self, d: ModelData, t: Tally) -> Reason | None:
        return reason("rule.projects_min", n=self.n) if t.funded <= self.n else None


@dataclass(frozen=True)
class ProjectsMax(Rule):
    """``projects = [..., max]``: at most ``n`` funded."""

    n: int
    name = "projects_max"
    scheme_keys = (SchemeKey("grants", "projects", Key(PROJECTS), "projects_max", part=1),)
    deletion_rank, naming_rank = 60, 50
    reason_rank = 30

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        return None if scheme.projects_max is None else cls(int(scheme.projects_max))

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        return [row("projects_max", d.n + np.arange(d.n), np.ones(d.n), -INF, float(self.n))]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        if t.funded <= self.n:
            return []
        return [reason("breaks.projects_max", count=t.funded, max=self.n)]

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.projects_max", n=self.n)

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        return reason("out.projects_max", max=self.n) if t.funded >= self.n else None


class OnePerApplicant(Rule):
    """At most one funded application per applicant (text key)."""

    name = "one_per_applicant"
    scheme_keys = (SchemeKey("grants", "one_per_applicant", Key(BOOL), "one_per_applicant"),)
    deletion_rank, naming_rank = 20, 70
    reason_rank = 10

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        return cls() if scheme.one_per_applicant else None

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        groups = [g for g in d.applicants if len(g.members) > 1]
        names = {g.key: n for g, n in zip(d.applicants, self._names(d), strict=True)}
        return [
            row(names[g.key], d.n + g.members, np.ones(len(g.members)), -INF, 1.0) for g in groups
        ]

    @staticmethod
    def _names(d: ModelData) -> list[str]:
        return safe_names([g.name for g in d.applicants], "one_per_applicant")

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        return [
            reason("breaks.one_per_applicant", applicant=g.name, count=int(t.applicant_count[a]))
            for a, g in enumerate(d.applicants)
            if t.applicant_count[a] > 1
        ]

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        group = d.applicants[d.applicant_of[j]]
        others = [d.ids[i] for i in group.members if t.x[i] and i != j]
        return reason("out.one_per_applicant", other=others) if others else None


@dataclass(frozen=True)
class MinPerGroup(Rule):
    """Each group (a region, a size class) funds at least ``min(n, its number of candidates)``.

    Subclasses say which groups (:meth:`groups`, :meth:`group_of`), and the names of the group
    and of the count in their reasons (``group_param``, ``conflict_param``).
    """

    n: int
    group_param: ClassVar[str] = ""
    conflict_param: ClassVar[str] = ""

    def groups(self, d: ModelData) -> list[Group]:
        raise NotImplementedError

    def group_of(self, d: ModelData) -> np.ndarray:
        raise NotImplementedError

    def counts(self, d: ModelData, t: Tally) -> np.ndarray:
        """Funded per group."""
        return np.bincount(self.group_of(d), weights=t.x, minlength=len(self.groups(d))).astype(
            np.int64
        )

    def row_labels(self, d: ModelData) -> list[str]:
        """The groups as the rows' names show them."""
        return [g.name for g in self.groups(d)]

    def need(self, group: Group) -> int:
        return min(self.n, len(group.members))

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        names = safe_names(self.row_labels(d), self.name)
        return [
            row(name, d.n + g.members, np.ones(len(g.members)), float(self.need(g)), INF)
            for g, name in zip(self.groups(d), names, strict=True)
            if self.need(g) > 0
        ]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        counts = self.counts(d, t)
        return [
            Reason(
                f"breaks.{self.name}",
                {self.group_param: g.name, "count": int(counts[c]), "need": need},
            )
            for c, g in enumerate(self.groups(d))
            if counts[c] < (need := self.need(g))
        ]

    def conflict(self, d: ModelData) -> Reason:
        groups = sum(1 for g in self.groups(d) if self.need(g) > 0)
        return reason(f"conflict.{self.name}", n=self.n, **{self.conflict_param: groups})

    def _named(self, group: Group) -> Reason:
        """The rule, with the number that binds where a group has fewer candidates."""
        need = self.need(group)
        if need < self.n:
            params = {"n": self.n, self.group_param: group.name, "need": need}
            return Reason(f"rule.{self.name}.capped", params)
        return reason(f"rule.{self.name}", n=self.n)

    def requires(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        c = int(self.group_of(d)[j])
        group = self.groups(d)[c]
        return self._named(group) if self.counts(d, t)[c] <= self.need(group) else None

    def tight(self, d: ModelData, t: Tally) -> Reason | None:
        counts = self.counts(d, t)
        for c, g in enumerate(self.groups(d)):
            if 0 < self.need(g) >= counts[c]:
                return self._named(g)
        return None


@dataclass(frozen=True)
class MinPerRegion(MinPerGroup):
    """Each region funds at least ``min(n, its number of candidates)``."""

    name = "min_per_region"
    scheme_keys = (SchemeKey("spread", "min_per_region", Key(INT, low=0), "min_per_region"),)
    deletion_rank, naming_rank = 50, 10
    reason_rank = 50
    group_param, conflict_param = "region", "regions"

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        return cls(int(scheme.min_per_region)) if scheme.min_per_region else None

    def groups(self, d: ModelData) -> list[Group]:
        return d.regions

    def group_of(self, d: ModelData) -> np.ndarray:
        return d.region_of

    def counts(self, d: ModelData, t: Tally) -> np.ndarray:
        return t.region_count


@dataclass(frozen=True)
class MaxRegionShare(Rule):
    """Each region gets at most ``share * B``, i.e. at most :meth:`limit` (a multiple of R)."""

    share: float
    name = "max_region_share"
    scheme_keys = (
        SchemeKey("spread", "max_region_share", Key(NUMBER, low=0, high=1), "max_region_share"),
    )
    deletion_rank, naming_rank = 30, 80
    reason_rank = 40

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        share = scheme.max_region_share
        return None if share is None else cls(float(share))

    def limit(self, d: ModelData) -> int:
        return region_ceiling(self.share, d.B, d.R)

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        limit = self.limit(d)
        names = safe_names([g.name for g in d.regions], "max_region_share")
        return [
            row(name, g.members, np.full(len(g.members), float(d.R)), -INF, float(limit))
            for g, name in zip(d.regions, names, strict=True)
            if int(d.K[g.members].sum()) * d.R > limit  # otherwise it cannot bind
        ]

    def _fact(self, code: str, d: ModelData, r: int, **extra: Any) -> Reason:
        return reason(
            code, region=d.regions[r].name, share=self.share, limit=self.limit(d), **extra
        )

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        limit = self.limit(d)
        return [
            self._fact("breaks.max_region_share", d, r, granted=int(t.region_sum[r]))
            for r in range(len(d.regions))
            if t.region_sum[r] > limit
        ]

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.max_region_share", share=self.share, limit=self.limit(d))

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        r = int(d.region_of[j])
        if t.region_sum[r] + int(d.Lk[j]) * d.R > self.limit(d):
            return self._fact("out.max_region_share", d, r)
        return None

    def holds_back(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        r = int(d.region_of[j])
        if t.region_sum[r] + d.R > self.limit(d):
            return self._fact("partial.max_region_share", d, r)
        return None


@dataclass(frozen=True)
class MinModels(Rule):
    """At least ``min(n, number of models among the candidates)`` distinct models funded.

    Adds ``y_m`` (model m has a funded application): ``y_m <= sum over m of x_j`` and
    ``sum y_m >= need``.
    """

    n: int
    name = "min_models"
    scheme_keys = (SchemeKey("spread", "min_models", Key(INT, low=0), "min_models"),)
    deletion_rank, naming_rank = 40, 20
    reason_rank = 60

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        return cls(int(scheme.min_models)) if scheme.min_models else None

    def need(self, d: ModelData) -> int:
        return min(self.n, len(d.models))

    def uses(self, d: ModelData) -> bool:
        return self.need(d) > 0

    def columns(self, d: ModelData) -> list[str]:
        return safe_names([g.name for g in d.models], "y")

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        names = safe_names([g.name for g in d.models], "model_funded")
        out = [
            row(
                name,
                np.concatenate([[offset + m], d.n + g.members]),
                np.concatenate([[1.0], -np.ones(len(g.members))]),
                -INF,
                0.0,
            )
            for m, (g, name) in enumerate(zip(d.models, names, strict=True))
        ]
        m = len(d.models)
        out.append(row("min_models", offset + np.arange(m), np.ones(m), float(self.need(d)), INF))
        return out

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        if t.models_used >= self.need(d):
            return []
        return [reason("breaks.min_models", count=t.models_used, need=self.need(d))]

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.min_models", n=self.need(d), models=len(d.models))

    def requires(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        if t.model_count[d.model_of[j]] == 1 and t.models_used <= self.need(d):
            return reason("rule.min_models", n=self.need(d))
        return None

    def tight(self, d: ModelData, t: Tally) -> Reason | None:
        return reason("rule.min_models", n=self.need(d)) if t.models_used <= self.need(d) else None


@dataclass(frozen=True)
class MaxPerModel(Rule):
    """At most ``n`` funded per model."""

    n: int
    name = "max_per_model"
    scheme_keys = (SchemeKey("spread", "max_per_model", Key(INT, low=0), "max_per_model"),)
    deletion_rank, naming_rank = 10, 60
    reason_rank = 20

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        return None if scheme.max_per_model is None else cls(int(scheme.max_per_model))

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        names = safe_names([g.name for g in d.models], "max_per_model")
        return [
            row(name, d.n + g.members, np.ones(len(g.members)), -INF, float(self.n))
            for g, name in zip(d.models, names, strict=True)
            if len(g.members) > self.n
        ]

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        return [
            reason("breaks.max_per_model", model=g.name, count=int(t.model_count[m]), max=self.n)
            for m, g in enumerate(d.models)
            if t.model_count[m] > self.n
        ]

    def conflict(self, d: ModelData) -> Reason:
        return reason("conflict.max_per_model", n=self.n)

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        m = int(d.model_of[j])
        if t.model_count[m] >= self.n:
            return reason("out.max_per_model", model=d.models[m].name, count=int(t.model_count[m]))
        return None


@dataclass(frozen=True)
class Locks(Rule):
    """The adviser's locks: ``x_j = 1`` (must_fund) or ``x_j = 0`` (must_not_fund)."""

    must_fund: tuple[int, ...] = ()
    must_not_fund: tuple[int, ...] = ()
    name = "locks"
    deletion_rank, naming_rank = 90, 0

    def uses(self, d: ModelData) -> bool:
        return bool(self.must_fund or self.must_not_fund)

    def rows(self, d: ModelData, offset: int) -> list[RowBlock]:
        fund = [
            row(safe_names([d.ids[j]], "must_fund")[0], [d.n + j], [1.0], 1.0, 1.0)
            for j in self.must_fund
        ]
        not_fund = [
            row(safe_names([d.ids[j]], "must_not_fund")[0], [d.n + j], [1.0], 0.0, 0.0)
            for j in self.must_not_fund
        ]
        return fund + not_fund

    def broken(self, d: ModelData, t: Tally) -> list[Reason]:
        wrong = [j for j in self.must_fund if t.x[j] != 1]
        wrong += [j for j in self.must_not_fund if t.x[j] != 0]
        return [reason("breaks.locks", id=d.ids[j]) for j in wrong]

    def holds_out(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        return reason("out.locks", id=d.ids[j]) if j in self.must_not_fund else None

    def requires(self, d: ModelData, t: Tally, j: int) -> Reason | None:
        return reason("rule.locks", id=d.ids[j]) if j in self.must_fund else None

    def conflict(self, d: ModelData) -> Reason:
        locks = [reason("lock.fund", id=d.ids[j]) for j in self.must_fund]
        locks += [reason("lock.not_fund", id=d.ids[j]) for j in self.must_not_fund]
        return reason("conflict.locks", locks=locks)


#: The kind of ``size_classes`` (a list of strictly increasing positive integers); checked by
#: the scheme parser (:mod:`allocation.round.scheme`).
INT_LIST = "int_list"
#: The size classes' bounds when the scheme sets ``min_per_size_class`` without ``size_classes``.
DEFAULT_SIZE_CLASSES = (5_000, 20_000)


@dataclass(frozen=True)
class MinPerSizeClass(MinPerGroup):
    """Each size class (of population, CONTRACT 2.7) funds at least ``min(n, its candidates)``.

    ``bounds`` ``c_1 < ... < c_m``: class 0 is ``population < c_1``, class k is
    ``c_k <= population < c_(k+1)``, class m is ``population >= c_m``
    (:func:`allocation.model.data.size_class_groups`).
    """

    bounds: tuple[int, ...] = DEFAULT_SIZE_CLASSES
    name = "min_per_size_class"
    scheme_keys = (
        SchemeKey("spread", "size_classes", Key(INT_LIST), "size_classes"),
        SchemeKey("spread", "min_per_size_class", Key(INT, low=0), "min_per_size_class"),
    )
    deletion_rank, naming_rank = 45, 15
    reason_rank = 55
    group_param, conflict_param = "size_class", "classes"

    @classmethod
    def from_scheme(cls, scheme: Scheme) -> Rule | None:
        n = scheme.rule_value("min_per_size_class")
        if not n:
            return None
        bounds = scheme.rule_value("size_classes") or DEFAULT_SIZE_CLASSES
        return cls(int(n), tuple(int(b) for b in bounds))

    def groups(self, d: ModelData) -> list[Group]:
        return d.size_classes

    def group_of(self, d: ModelData) -> np.ndarray:
        return d.size_class_of

    def row_labels(self, d: ModelData) -> list[str]:
        return [f"size_class_{g.key}" for g in d.size_classes]


#: The families read from a scheme, in model order (the order of the rows).
SCHEME_RULES: tuple[type[Rule], ...] = (
    Budget,
    ProjectsMin,
    ProjectsMax,
    OnePerApplicant,
    MinPerRegion,
    MaxRegionShare,
    MinModels,
    MaxPerModel,
    MinPerSizeClass,
)


_REGISTRY: list[type[Rule]] = list(SCHEME_RULES)


def registered_rules() -> tuple[type[Rule], ...]:
    """The families read from every scheme: the package's, then any registered later."""
    return tuple(_REGISTRY)


def register_rule(family: type[Rule]) -> None:
    """Make a family defined outside the package part of every round (its scheme keys known to
    the scheme parser, its instance built by :func:`rules_for`); :func:`unregister_rule` undoes."""
    if family not in _REGISTRY:
        _REGISTRY.append(family)


def unregister_rule(family: type[Rule]) -> None:
    """Undo :func:`register_rule` (the package's own families stay)."""
    if family in _REGISTRY and family not in SCHEME_RULES:
        _REGISTRY.remove(family)


def rules_for(
    scheme: Scheme, must_fund: Sequence[int] = (), must_not_fund: Sequence[int] = ()
) -> tuple[Rule, ...]:
    """The rule instances of a round: the grant bounds, the scheme's families, then the locks."""
    rules: list[Rule] = [GrantBounds()]
    for family in _REGISTRY:
        rule = family.from_scheme(scheme)
        if rule is not None:
            rules.append(rule)
    rules.append(Locks(tuple(must_fund), tuple(must_not_fund)))
    return tuple(rules)
