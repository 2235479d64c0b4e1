"""Time the allocation model: preparation, model building, solving, reading back.

Usage::

    .venv/bin/python benchmarks/bench_model.py [--sizes 25 100 1000 10000] [--solvers highs cbc]
                                               [--time-limit 60] [--seed 0] [--repeat 3]
                                               [--easy]

Rounds come from :mod:`generate` (every rule family active, spread rules binding). Each run
has a time limit; a run that stops without proof is shown as "not proven" with its gap.
Columns (seconds unless stated):

- ``cand``: candidates; ``status``; ``gap``: the proven relative gap;
- ``prep``: scoring, eligibility and model data; ``build``: the model (highspy arrays for
  HiGHS, PuLP for CBC); ``solve``: the solver's own run; ``tie``: the tie-breaking second solve
  (rounds up to 500 candidates); ``read``: reading back and checking the answer; ``explain``:
  decisions and reasons;
- ``model/solve``: (build + solve + tie + read) / solve: what the package adds around the
  solver's own solve; ``b+s+r ms``: build + solve + tie + read in milliseconds;
- ``greedy``: how far the greedy "by hand" allocation's objective is from the optimum (it
  usually breaks rules, shown as ``brk``, the number of rules it breaks).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_round  # noqa: E402

from allocation.explain import build_allocation_table  # noqa: E402
from allocation.explain import explain as explain_records  # noqa: E402
from allocation.model.data import model_data  # noqa: E402
from allocation.model.eligibility import available_budget, fundable_table  # noqa: E402
from allocation.model.greedy import greedy_allocation, greedy_objective, greedy_violations  # noqa: E402
from allocation.model.scoring import score_round  # noqa: E402
from allocation.solve.core import solve_model  # noqa: E402


def one_run(rnd, solver: str, time_limit: float) -> dict:
    t = time.perf_counter()
    scoring = score_round(rnd)
    table = fundable_table(rnd, scoring)
    d = model_data(rnd, table, available_budget(rnd))
    prep = time.perf_counter() - t
    sol = solve_model(d, solver=solver, time_limit=time_limit)
    t = time.perf_counter()
    if sol.status == "optimal":
        records = explain_records(rnd, scoring, table, d, sol.k)
        build_allocation_table(rnd, table, d, sol.k, records)
    explain = time.perf_counter() - t
    tm = sol.timings
    return {
        "cand": d.n,
        "status": sol.status.value,
        "gap": sol.gap,
        "objective": sol.objective,
        "prep": prep,
        "build": tm.get("build", 0.0),
        "solve": tm.get("solve", 0.0),
        "tie": tm.get("tie_break", 0.0),
        "read": tm.get("read", 0.0),
        "explain": explain,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 1000, 10000])
    p.add_argument("--solvers", nargs="+", default=["highs", "cbc"])
    p.add_argument("--time-limit", type=float, default=60.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", type=int, default=3, help="runs per small round (median shown)")
    p.add_argument("--easy", action="store_true", help="no projects/spread/one-per-applicant rules")
    args = p.parse_args(argv)

    # warm-up: import the solvers once, outside the timings
    warm = make_round(30, seed=99)
    for solver in args.solvers:
        one_run(warm, solver, 10)

    header = (
        f"{'n':>6} {'solver':6} {'cand':>5} {'status':12} {'gap':>8} {'prep':>7} {'build':>7} "
        f"{'solve':>8} {'tie':>7} {'read':>7} {'explain':>7} {'model/solve':>11} "
        f"{'b+s+r ms':>9} {'greedy':>8} {'brk':>3}"
    )
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        rnd = make_round(n, seed=args.seed, rules=not args.easy)
        g = greedy_allocation(rnd)
        g_obj, g_broken = greedy_objective(rnd, g), len(greedy_violations(rnd, g))
        for solver in args.solvers:
            repeat = args.repeat if n <= 1000 else 1
            runs = [one_run(rnd, solver, args.time_limit) for _ in range(repeat)]
            r = {
                k: (
                    statistics.median(x[k] for x in runs)
                    if isinstance(runs[0][k], float) and k not in ("gap", "objective")
                    else runs[0][k]
                )
                for k in runs[0]
            }
            status = "optimal" if r["status"] == "optimal" else "not proven"
            if r["status"] == "infeasible":
                status = "infeasible"
            gap = "-" if r["gap"] is None else f"{r['gap']:.1e}"
            core = r["build"] + r["solve"] + r["tie"] + r["read"]
            ratio = core / r["solve"] if r["solve"] > 0 else float("nan")
            greedy = (
                f"{(g_obj - r['objective']) / r['objective'] * 100:+.1f}%"
                if r["objective"]
                else "-"
            )
            print(
                f"{n:>6} {solver:6} {r['cand']:>5} {status:12} {gap:>8} {r['prep']:7.3f} "
                f"{r['build']:7.3f} {r['solve']:8.3f} {r['tie']:7.3f} {r['read']:7.3f} "
                f"{r['explain']:7.3f} {ratio:11.2f} {core * 1000:9.1f} {greedy:>8} {g_broken:>3}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
