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
    in_group = defaultdict(float)
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


def main(folder: Path) -> None:
    t0 = time.perf_counter()
    scheme = tomllib.loads((folder / "scheme.toml").read_text(encoding="utf-8"))
    apps = rows(folder / "applications.csv")
    scores = rows(folder / "scores.csv")
    lines = rows(folder / "budget_lines.csv") if (folder / "budget_lines.csv").exists() else []
    t_read = time.perf_counter()

    grants, quality = scheme.get("grants", {}), scheme.get("quality", {})
    spread, elig = scheme.get("spread", {}), scheme.get("eligibility", {})
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
    budget = scheme["budget"]["frame"] + scheme["budget"].get("carry_over", 0)
    budget -= sum(int(a.get("committed") or 0) for a in apps)

    cand = []  # (score, U, L, applicant, region, model)
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
            cand.append((s[k], upper, lower, *keys))
    n = len(cand)
    score = np.array([c[0] for c in cand])
    upper = np.array([c[1] for c in cand], dtype=float)
    lower = np.array([c[2] for c in cand], dtype=float)

    # Variables: x_0..x_{n-1} (funded), k_0..k_{n-1} (grant / R), then y_m per model (min_models).
    models = sorted({c[5] for c in cand})
    use_models = spread.get("min_models") is not None
    nv = 2 * n + (len(models) if use_models else 0)
    A_rows, A_cols, A_vals, lo, hi = [], [], [], [], []

    def row(cols: list[int], vals: list[float], low: float, high: float) -> None:
        r = len(lo)
        A_rows.extend([r] * len(cols))
        A_cols.extend(cols)
        A_vals.extend(vals)
        lo.append(low)
        hi.append(high)

    x, k = np.arange(n), np.arange(n, 2 * n)
    for i in range(n):  # L x <= R k <= U x
        row([x[i], k[i]], [-lower[i], R], 0, np.inf)
        row([x[i], k[i]], [-upper[i], R], -np.inf, 0)
    row(list(k), [R] * n, -np.inf, budget)
    if "projects" in grants:
        p = grants["projects"]
        row(list(x), [1.0] * n, p[0], p[1] if len(p) > 1 else np.inf)
    groups: dict[str, dict[str, list[int]]] = {"applicant": {}, "region": {}, "model": {}}
    for i, c in enumerate(cand):
        for name, value in zip(("applicant", "region", "model"), c[3:], strict=True):
            groups[name].setdefault(value, []).append(i)
    if grants.get("one_per_applicant"):
        for members in groups["applicant"].values():
            if len(members) > 1:
                row([x[i] for i in members], [1.0] * len(members), -np.inf, 1)
    for members in groups["region"].values():
        if spread.get("min_per_region") is not None:
            need = min(spread["min_per_region"], len(members))
            row([x[i] for i in members], [1.0] * len(members), need, np.inf)
        if spread.get("max_region_share") is not None:
            ceiling = R * math.floor(spread["max_region_share"] * budget / R + TOL)
            row([k[i] for i in members], [R] * len(members), -np.inf, ceiling)
    for m, model in enumerate(models):
        members = groups["model"][model]
        if spread.get("max_per_model") is not None:
            row([x[i] for i in members], [1.0] * len(members), -np.inf, spread["max_per_model"])
        if use_models:  # y_m <= sum of the model's x
            row([2 * n + m] + [x[i] for i in members], [1.0] + [-1.0] * len(members), -np.inf, 0)
    if use_models:
        need = min(spread["min_models"], len(models))
        row(list(range(2 * n, nv)), [1.0] * len(models), need, np.inf)

    c = np.zeros(nv)
    c[k] = -score * R  # maximise sum s_i g_i
    A = coo_array((A_vals, (A_rows, A_cols)), shape=(len(lo), nv)).tocsr()
    ub = np.concatenate([np.ones(n), upper / R, np.ones(nv - 2 * n)])
    t_build = time.perf_counter()
    res = milp(
        c,
        constraints=LinearConstraint(A, lo, hi),
        integrality=np.ones(nv),
        bounds=Bounds(np.zeros(nv), ub),
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
