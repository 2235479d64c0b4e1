"""The allocation MILP (CONTRACT section 2.6 to 2.8), written in PuLP.

This module is the readable reference formulation: one small function per rule family, each
constraint named after the rule it expresses. :mod:`allocation.model.emit_highs` builds exactly the
same model (same columns, same rows, same names) directly on highspy with numpy, for speed;
the tests check that both reach the same optimum, and :func:`write_lp` writes this PuLP model
out as an LP file for inspection.

Variables, for each candidate j (in input order), with R = ``rounding``:

- ``x_j`` in {0, 1}: the application is funded;
- ``k_j`` integer in [0, U_j / R]: the grant in units of R, ``g_j = R * k_j``;
- ``y_m`` in {0, 1} for each model m among the candidates (only with ``min_models``):
  the model has at least one funded application.

Rule families (constraint names in brackets; ``{j}``, ``{r}``, ``{m}``, ``{a}`` name the
candidate, region, model and applicant):

- grant bounds: ``L_j x_j <= g_j <= U_j x_j``  [``grant_min_{j}``, ``grant_max_{j}``]
- budget: ``sum g_j <= B``  [``budget``]
- projects: ``min <= sum x_j <= max``  [``projects_min``, ``projects_max``]
- one_per_applicant: ``sum over a's candidates of x_j <= 1``  [``one_per_applicant_{a}``]
- min_per_region: ``sum over r of x_j >= min(min_per_region, n_r)``  [``min_per_region_{r}``]
- max_region_share: ``sum over r of g_j <= max_region_share * B`` (rounded down to a multiple
  of R, as the left side is one)  [``max_region_share_{r}``]
- min_models: ``y_m <= sum over m of x_j``  [``model_funded_{m}``] and
  ``sum y_m >= min(min_models, number of models)``  [``min_models``]
- max_per_model: ``sum over m of x_j <= max_per_model``  [``max_per_model_{m}``]
- locks (the adviser's decisions): ``x_j = 1``  [``must_fund_{j}``], ``x_j = 0``
  [``must_not_fund_{j}``]

Objective (contract units): ``merit``: maximise ``sum s_j g_j = sum (s_j R) k_j``;
``coverage``: maximise ``sum s_j g_j / U_j = sum (s_j / K_j) k_j`` with ``K_j = U_j / R``.

Every rule family except the grant bounds can be switched off (``ModelData.active``): the
infeasibility diagnosis (:mod:`allocation.explain`) uses that to find which rules conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from allocation.model.eligibility import region_ceiling
from allocation.round.data import Round, key

if TYPE_CHECKING:  # pragma: no cover
    import pulp

#: Rule families that can be relaxed (switched off) by the diagnosis, in reporting order.
FAMILIES = (
    "budget",
    "projects_min",
    "projects_max",
    "one_per_applicant",
    "min_per_region",
    "max_region_share",
    "min_models",
    "max_per_model",
    "locks",
)


@dataclass
class Group:
    """Candidates sharing a text key (a region, model or applicant)."""

    key: str
    name: str  # as first written
    members: np.ndarray  # candidate indices j


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
    rank : np.ndarray
        Tie-break rank of each candidate (0 = preferred): score descending, then
        application_id ascending.
    must_fund, must_not_fund : tuple of int
        Candidate indices locked by the adviser.
    active : frozenset of str
        The rule families that are switched on (see :data:`FAMILIES`).
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
    projects_min: int | None = None
    projects_max: int | None = None
    one_per_applicant: bool = False
    min_per_region: int | None = None
    max_region_share: float | None = None
    min_models: int | None = None
    max_per_model: int | None = None
    must_fund: tuple[int, ...] = ()
    must_not_fund: tuple[int, ...] = ()
    active: frozenset[str] = field(default_factory=lambda: frozenset(FAMILIES))

    @property
    def n(self) -> int:
        return len(self.ids)

    def with_active(self, active: Iterable[str]) -> ModelData:
        """The same data with only the rule families ``active`` switched on."""
        return replace(self, active=frozenset(active))

    # ---- derived right-hand sides (shared by both builders) ----
    def objective_coefficients(self) -> np.ndarray:
        """Objective coefficient of each ``k_j`` in contract units."""
        if self.policy == "coverage":
            return self.score / self.K
        return self.score * float(self.R)

    def region_need(self, group: Group) -> int:
        """``min(min_per_region, n_r)``."""
        return min(int(self.min_per_region or 0), len(group.members))

    def region_limit(self) -> int:
        """``max_region_share * B`` rounded down to a multiple of R (a region's g-sum limit)."""
        return region_ceiling(float(self.max_region_share or 0.0), self.B, self.R)

    def models_need(self) -> int:
        """``min(min_models, number of distinct models among the candidates)``."""
        return min(int(self.min_models or 0), len(self.models))

    def uses(self, family: str) -> bool:
        """Whether the rule family is set in the scheme and switched on."""
        if family not in self.active:
            return False
        if family == "budget":
            return True
        if family == "projects_min":
            return bool(self.projects_min)
        if family == "projects_max":
            return self.projects_max is not None
        if family == "one_per_applicant":
            return self.one_per_applicant
        if family == "min_per_region":
            return bool(self.min_per_region)
        if family == "max_region_share":
            return self.max_region_share is not None
        if family == "min_models":
            return bool(self.min_models) and self.models_need() > 0
        if family == "max_per_model":
            return self.max_per_model is not None
        if family == "locks":
            return bool(self.must_fund or self.must_not_fund)
        raise ValueError(family)


def _groups(keys: list[str], names: list[str]) -> list[Group]:
    index: dict[str, list[int]] = {}
    first: dict[str, str] = {}
    for j, (k, nm) in enumerate(zip(keys, names, strict=True)):
        index.setdefault(k, []).append(j)
        first.setdefault(k, nm)
    return [Group(k, first[k], np.asarray(v, dtype=np.int64)) for k, v in index.items()]


def tie_rank(ids: list[str], score: np.ndarray) -> np.ndarray:
    """Rank 0..n-1 by score descending (compared with tolerance 1e-9), then id ascending."""
    order = sorted(range(len(ids)), key=lambda j: ids[j])
    # stable sort by score (rounded to the tolerance grid) keeps id order inside ties
    order = sorted(order, key=lambda j: -round(float(score[j]) / 1e-9))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(ids))
    return rank


def model_data(
    round: Round,
    table: pd.DataFrame,
    budget: int,
    *,
    locks: Mapping[str, Any] | None = None,
) -> ModelData:
    """Collect the candidates of ``table`` (from :func:`~.eligibility.fundable_table`).

    ``locks`` maps application_id to an object with an ``action`` attribute
    ("must_fund" / "must_not_fund"); locks on non-candidates are ignored here (the caller
    reports a must_fund on a non-candidate as a conflict).
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
        projects_min=scheme.projects_min,
        projects_max=scheme.projects_max,
        one_per_applicant=bool(scheme.one_per_applicant),
        min_per_region=scheme.min_per_region,
        max_region_share=scheme.max_region_share,
        min_models=scheme.min_models,
        max_per_model=scheme.max_per_model,
        must_fund=tuple(must_fund),
        must_not_fund=tuple(must_not_fund),
    )


# --------------------------------------------------------------------------------------------
# Names: LP-file-safe, unique, readable.


def safe_names(labels: Iterable[str], prefix: str) -> list[str]:
    """``prefix_label`` with characters outside [A-Za-z0-9_] replaced, made unique."""
    out: list[str] = []
    seen: set[str] = set()
    for n, label in enumerate(labels):
        base = re.sub(r"[^A-Za-z0-9_]", "_", label) or "blank"
        name = f"{prefix}_{base}"
        if name in seen:
            name = f"{name}_{n}"
        seen.add(name)
        out.append(name)
    return out


def column_names(d: ModelData) -> list[str]:
    """Names of the columns in model order: all k, all x, then y (when min_models is used)."""
    names = safe_names(d.ids, "k") + safe_names(d.ids, "x")
    if d.uses("min_models"):
        names += safe_names([g.name for g in d.models], "y")
    return names


# --------------------------------------------------------------------------------------------
# The PuLP formulation: one function per rule family.


@dataclass
class PulpModel:
    """A built PuLP problem and its variables (candidate order)."""

    problem: pulp.LpProblem
    k: list[pulp.LpVariable]
    x: list[pulp.LpVariable]
    y: list[pulp.LpVariable]
    objective: pulp.LpAffineExpression


def add_grant_bounds(prob: pulp.LpProblem, d: ModelData, k: list, x: list) -> None:
    """``L_j x_j <= g_j <= U_j x_j``, written in units of R: ``Lk_j x_j <= k_j <= K_j x_j``."""
    lower = safe_names(d.ids, "grant_min")
    upper = safe_names(d.ids, "grant_max")
    for j in range(d.n):
        prob += k[j] - int(d.Lk[j]) * x[j] >= 0, lower[j]
        prob += k[j] - int(d.K[j]) * x[j] <= 0, upper[j]


def add_budget(prob: pulp.LpProblem, d: ModelData, k: list) -> None:
    """``sum g_j <= B``."""
    import pulp

    if d.uses("budget"):
        prob += pulp.lpSum(d.R * kj for kj in k) <= d.B, "budget"


def add_projects(prob: pulp.LpProblem, d: ModelData, x: list) -> None:
    """``projects = [min, max]``: ``min <= sum x_j <= max``."""
    import pulp

    if d.uses("projects_min"):
        prob += pulp.lpSum(x) >= int(d.projects_min), "projects_min"
    if d.uses("projects_max"):
        prob += pulp.lpSum(x) <= int(d.projects_max), "projects_max"


def add_one_per_applicant(prob: pulp.LpProblem, d: ModelData, x: list) -> None:
    """At most one funded application per applicant (text key)."""
    import pulp

    if not d.uses("one_per_applicant"):
        return
    names = safe_names([g.name for g in d.applicants], "one_per_applicant")
    for g, name in zip(d.applicants, names, strict=True):
        if len(g.members) > 1:
            prob += pulp.lpSum(x[j] for j in g.members) <= 1, name


def add_min_per_region(prob: pulp.LpProblem, d: ModelData, x: list) -> None:
    """Each region funds at least ``min(min_per_region, its number of candidates)``."""
    import pulp

    if not d.uses("min_per_region"):
        return
    names = safe_names([g.name for g in d.regions], "min_per_region")
    for g, name in zip(d.regions, names, strict=True):
        need = d.region_need(g)
        if need > 0:
            prob += pulp.lpSum(x[j] for j in g.members) >= need, name


def add_max_region_share(prob: pulp.LpProblem, d: ModelData, k: list) -> None:
    """Each region gets at most ``max_region_share * B``."""
    import pulp

    if not d.uses("max_region_share"):
        return
    limit = d.region_limit()
    names = safe_names([g.name for g in d.regions], "max_region_share")
    for g, name in zip(d.regions, names, strict=True):
        if int(d.K[g.members].sum()) * d.R > limit:  # otherwise it cannot bind
            prob += pulp.lpSum(d.R * k[j] for j in g.members) <= limit, name


def add_min_models(prob: pulp.LpProblem, d: ModelData, x: list, y: list) -> None:
    """At least ``min(min_models, number of models)`` distinct models funded."""
    import pulp

    if not d.uses("min_models"):
        return
    names = safe_names([g.name for g in d.models], "model_funded")
    for g, ym, name in zip(d.models, y, names, strict=True):
        prob += ym - pulp.lpSum(x[j] for j in g.members) <= 0, name
    prob += pulp.lpSum(y) >= d.models_need(), "min_models"


def add_max_per_model(prob: pulp.LpProblem, d: ModelData, x: list) -> None:
    """At most ``max_per_model`` funded per model."""
    import pulp

    if not d.uses("max_per_model"):
        return
    names = safe_names([g.name for g in d.models], "max_per_model")
    for g, name in zip(d.models, names, strict=True):
        if len(g.members) > int(d.max_per_model):
            prob += pulp.lpSum(x[j] for j in g.members) <= int(d.max_per_model), name


def add_locks(prob: pulp.LpProblem, d: ModelData, x: list) -> None:
    """The adviser's locks: ``x_j = 1`` (must_fund) or ``x_j = 0`` (must_not_fund)."""
    if not d.uses("locks"):
        return
    for j in d.must_fund:
        prob += x[j] == 1, safe_names([d.ids[j]], "must_fund")[0]
    for j in d.must_not_fund:
        prob += x[j] == 0, safe_names([d.ids[j]], "must_not_fund")[0]


def objective_expression(d: ModelData, k: list) -> pulp.LpAffineExpression:
    """The policy's objective in contract units (see the module docstring)."""
    import pulp

    c = d.objective_coefficients()
    return pulp.lpSum(float(c[j]) * k[j] for j in range(d.n))


def build_pulp(d: ModelData, *, feasibility_only: bool = False) -> PulpModel:
    """Build the PuLP model of ``d`` (maximise the policy's objective).

    ``feasibility_only``: objective 0 (used by the infeasibility diagnosis).
    """
    import pulp

    prob = pulp.LpProblem("allocation", pulp.LpMaximize)
    knames = safe_names(d.ids, "k")
    xnames = safe_names(d.ids, "x")
    k = [
        prob.add_variable(knames[j], lowBound=0, upBound=int(d.K[j]), cat=pulp.LpInteger)
        for j in range(d.n)
    ]
    x = [prob.add_variable(xnames[j], lowBound=0, upBound=1, cat=pulp.LpBinary) for j in range(d.n)]
    y: list = []
    if d.uses("min_models"):
        y = [
            prob.add_variable(nm, lowBound=0, upBound=1, cat=pulp.LpBinary)
            for nm in safe_names([g.name for g in d.models], "y")
        ]
    objective = objective_expression(d, k)
    prob += (0 * pulp.lpSum(x) if feasibility_only else objective), "objective"
    add_grant_bounds(prob, d, k, x)
    add_budget(prob, d, k)
    add_projects(prob, d, x)
    add_one_per_applicant(prob, d, x)
    add_min_per_region(prob, d, x)
    add_max_region_share(prob, d, k)
    add_min_models(prob, d, x, y)
    add_max_per_model(prob, d, x)
    add_locks(prob, d, x)
    return PulpModel(prob, k, x, y, objective)


def write_lp(d: ModelData, path: str | Path) -> Path:
    """Write the PuLP model of ``d`` as an LP file for inspection; returns the path."""
    path = Path(path)
    build_pulp(d).problem.writeLP(str(path))
    return path


# --------------------------------------------------------------------------------------------
# Exact checks on an integer solution (both builders' answers pass through these).


def violations(d: ModelData, k: np.ndarray, x: np.ndarray) -> list[str]:
    """Rules (names as in the model) that the integer solution ``(k, x)`` breaks; [] if none."""
    out: list[str] = []
    k = np.asarray(k, dtype=np.int64)
    x = np.asarray(x, dtype=np.int64)
    if ((x != 0) & (x != 1)).any():
        out.append("x_binary")
    if (k < d.Lk * x).any() or (k > d.K * x).any():
        out.append("grant_bounds")
    if d.uses("budget") and int(k.sum()) * d.R > d.B:
        out.append("budget")
    funded = int(x.sum())
    if d.uses("projects_min") and funded < int(d.projects_min):
        out.append("projects_min")
    if d.uses("projects_max") and funded > int(d.projects_max):
        out.append("projects_max")
    if d.uses("one_per_applicant"):
        for g in d.applicants:
            if x[g.members].sum() > 1:
                out.append(f"one_per_applicant:{g.name}")
    if d.uses("min_per_region"):
        for g in d.regions:
            if x[g.members].sum() < d.region_need(g):
                out.append(f"min_per_region:{g.name}")
    if d.uses("max_region_share"):
        for g in d.regions:
            if int(k[g.members].sum()) * d.R > d.region_limit():
                out.append(f"max_region_share:{g.name}")
    if d.uses("min_models"):
        used = sum(1 for g in d.models if x[g.members].sum() > 0)
        if used < d.models_need():
            out.append("min_models")
    if d.uses("max_per_model"):
        for g in d.models:
            if x[g.members].sum() > int(d.max_per_model):
                out.append(f"max_per_model:{g.name}")
    if d.uses("locks"):
        if any(x[j] != 1 for j in d.must_fund):
            out.append("must_fund")
        if any(x[j] != 0 for j in d.must_not_fund):
            out.append("must_not_fund")
    return out


def objective_value(d: ModelData, k: np.ndarray) -> float:
    """The contract objective of grants ``g = R k``, summed in candidate (input) order."""
    s = 0.0
    if d.policy == "coverage":
        for j in range(d.n):
            if k[j]:
                s += float(d.score[j]) * float(int(k[j]) * d.R) / float(int(d.K[j]) * d.R)
    else:
        for j in range(d.n):
            if k[j]:
                s += float(d.score[j]) * float(int(k[j]) * d.R)
    return s
