"""What a user could write instead of the package: the model of CONTRACT section 2 with the
``csv`` module and ``scipy.optimize.milp`` (HiGHS), for a plain round folder.

It reads ``scheme.toml``, ``applications.csv``, ``scores.csv`` (long or wide form) and
``budget_lines.csv`` as plain UTF-8 ``,``-separated files with plain numbers (what
``benchmarks/make_round_folder.py`` writes), and no validation at all. Policy ``merit``;
rules: budget, cap, floor, min_share, rounding, threshold, applicant types, excluded cost
categories, projects, one_per_applicant, min_per_region, max_region_share, min_models and
max_per_model. It prints the objective and the time of each step::

    .venv/bin/python benchmarks/reference_scipy.py /tmp/round-10000-easy
"""

from __future__ import annotations

import csv
import math
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

TOL = 1e-9  # scores and rounding (CONTRACT section 2)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def fold(text: str) -> str:
    return text.strip().casefold()


def total_scores(scheme: dict, scores: list[dict[str, str]]) -> dict[str, float]:
    """s_i: per criterion the mean over assessors, weighted inside groups and across them."""
    criteria = scheme["criteria"]
    in_group: dict[str, float] = defaultdict(float)
    for c in criteria:
        in_group[c["group"]] += c.get("weight", 1.0)
    weight = {
        c["id"]: scheme["groups"][c["group"]] * c.get("weight", 1.0) / in_group[c["group"]]
        for c in criteria
        if in_group[c["group"]] > 0
    }
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for r in scores:
        if "criterion" in r:  # long form
            cells = [(r["criterion"], r["score"])]
        else:  # wide form
            cells = [(c["id"], r[c["id"]]) for c in criteria if r.get(c["id"], "").strip()]
        for cid, value in cells:
            acc = sums[(fold(r["application_id"]), cid)]
            acc[0] += float(value)
            acc[1] += 1
    total: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for (app, cid), (s, n) in sums.items():
        total[app] += weight.get(cid, 0.0) * s / n
        count[app] += 1
    return {a: t for a, t in total.items() if count[a] == len(criteria)}


class Candidate(NamedTuple):
    score: float
    upper: int  # U_i
    lower: int  # L_i
    applicant: str
    region: str
    model: str


def candidates(
    scheme: dict, apps: list[dict], scores: list[dict], lines: list[dict]
) -> list[Candidate]:
    """The candidates with their score, U_i and L_i (CONTRACT section 2, items 1-4)."""
    grants, quality = scheme.get("grants", {}), scheme.get("quality", {})
    elig = scheme.get("eligibility", {})
    R = grants.get("rounding", 1)
    cap, floor, min_share = grants.get("cap"), grants.get("floor", 0), grants.get("min_share", 0)
    threshold = quality.get("threshold")
    types = {fold(t) for t in elig["applicant_types"]} if "applicant_types" in elig else None
    excluded_cats = {fold(c) for c in elig.get("excluded_cost_categories", [])}
    excluded: dict[str, int] = defaultdict(int)
    for line in lines:
        if fold(line["category"]) in excluded_cats:
            excluded[fold(line["application_id"])] += int(line["amount"])
    s = total_scores(scheme, scores)
    found = []
    for a in apps:
        k = fold(a["application_id"])
        if types is not None and fold(a.get("applicant_type") or "kommune") not in types:
            continue
        if k not in s or (threshold is not None and s[k] < threshold - TOL):
            continue
        u = max(0, int(a["requested"]) - excluded[k])
        u = min(u, cap) if cap is not None else u
        upper = R * math.floor(u / R + TOL)
        lower = R * math.ceil(max(floor, min_share * u, R) / R - TOL)
        if lower <= upper:
            keys = (fold(a["applicant"]), fold(a["region"]), fold(a["model"]))
            found.append(Candidate(s[k], upper, lower, *keys))
    return found


class Rows:
    """Constraint rows ``low <= sum(vals * x[cols]) <= high`` in coordinate form."""

    def __init__(self) -> None:
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def add(self, cols: list[int], vals: list[float], low: float, high: float) -> None:
        self.r.extend([len(self.lo)] * len(cols))
        self.c.extend(cols)
        self.v.extend(vals)
        self.lo.append(low)
        self.hi.append(high)


def constraints(scheme: dict, cand: list[Candidate], budget: int, n_vars: int) -> Rows:
    """Section 2, items 6 and 7. Variables: x_i (funded), k_i = g_i / R, y_m (min_models)."""
    grants, spread = scheme.get("grants", {}), scheme.get("spread", {})
    R = grants.get("rounding", 1)
    n = len(cand)
    rows = Rows()
    for i, c in enumerate(cand):  # L x <= R k <= U x
        rows.add([i, n + i], [-c.lower, R], 0, np.inf)
        rows.add([i, n + i], [-c.upper, R], -np.inf, 0)
    rows.add(list(range(n, 2 * n)), [R] * n, -np.inf, budget)
    if "projects" in grants:
        p = grants["projects"]
        rows.add(list(range(n)), [1.0] * n, p[0], p[1] if len(p) > 1 else np.inf)
    by: dict[str, dict[str, list[int]]] = {"applicant": {}, "region": {}, "model": {}}
    for i, c in enumerate(cand):
        for name in by:
            by[name].setdefault(getattr(c, name), []).append(i)
    if grants.get("one_per_applicant"):
        for members in by["applicant"].values():
            if len(members) > 1:
                rows.add(members, [1.0] * len(members), -np.inf, 1)
    for members in by["region"].values():
        if spread.get("min_per_region") is not None:
            need = min(spread["min_per_region"], len(members))
            rows.add(members, [1.0] * len(members), need, np.inf)
        if spread.get("max_region_share") is not None:
            ceiling = R * math.floor(spread["max_region_share"] * budget / R + TOL)
            rows.add([n + i for i in members], [R] * len(members), -np.inf, ceiling)
    for m, members in enumerate(by["model"][model] for model in sorted(by["model"])):
        if spread.get("max_per_model") is not None:
            rows.add(members, [1.0] * len(members), -np.inf, spread["max_per_model"])
        if n_vars > 2 * n:  # y_m <= sum of the model's x
            rows.add([2 * n + m] + members, [1.0] + [-1.0] * len(members), -np.inf, 0)
    if n_vars > 2 * n:
        need = min(spread["min_models"], n_vars - 2 * n)
        rows.add(list(range(2 * n, n_vars)), [1.0] * (n_vars - 2 * n), need, np.inf)
    return rows


def main(folder: Path) -> None:
    t0 = time.perf_counter()
    scheme = tomllib.loads((folder / "scheme.toml").read_text(encoding="utf-8"))
    apps = rows(folder / "applications.csv")
    scores = rows(folder / "scores.csv")
    lines = rows(folder / "budget_lines.csv") if (folder / "budget_lines.csv").exists() else []
    t_read = time.perf_counter()

    cand = candidates(scheme, apps, scores, lines)
    R = scheme.get("grants", {}).get("rounding", 1)
    budget = scheme["budget"]["frame"] + scheme["budget"].get("carry_over", 0)
    budget -= sum(int(a.get("committed") or 0) for a in apps)
    n = len(cand)
    n_models = len({c.model for c in cand})
    n_vars = 2 * n + (n_models if scheme.get("spread", {}).get("min_models") is not None else 0)
    built = constraints(scheme, cand, budget, n_vars)
    objective = np.zeros(n_vars)
    objective[n : 2 * n] = [-c.score * R for c in cand]  # maximise sum s_i g_i
    A = coo_array((built.v, (built.r, built.c)), shape=(len(built.lo), n_vars)).tocsr()
    upper = np.ones(n_vars)
    upper[n : 2 * n] = [c.upper / R for c in cand]
    t_build = time.perf_counter()
    res = milp(
        objective,
        constraints=LinearConstraint(A, built.lo, built.hi),
        integrality=np.ones(n_vars),
        bounds=Bounds(np.zeros(n_vars), upper),
        options={"mip_rel_gap": 1e-6},
    )
    t_solve = time.perf_counter()
    print(f"candidates {n}  status {res.status} ({res.message})")
    print(f"objective {-res.fun:.6f}")
    print(
        f"read {t_read - t0:.3f} s  prepare+build {t_build - t_read:.3f} s  "
        f"solve {t_solve - t_build:.3f} s  total {t_solve - t0:.3f} s"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
