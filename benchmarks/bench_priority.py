"""Time the ``priority`` policy: the lexicographic search at 25, 100 and 1 000 applications.

Usage::

    .venv/bin/python benchmarks/bench_priority.py [--sizes 25 100 1000] [--repeat 3] [--seed 0]
                                                  [--solver highs]

Rounds come from :mod:`generate` (every rule family active, spread rules binding), and an easy
variant without spread rules. For each round it prints the best of ``--repeat`` wall times of
the search alone, how many MILP solves it needed and how many grants were decided without a
solve (the incumbent already gave the whole amount, or a maximum rule or the budget left no
room), and checks the answer against every rule.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_round  # noqa: E402

from allocation.model.check import violations  # noqa: E402
from allocation.model.data import model_data  # noqa: E402
from allocation.model.eligibility import available_budget, fundable_table  # noqa: E402
from allocation.model.scoring import score_round  # noqa: E402
from allocation.solve.priority import solve_priority  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 1000])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--solver", default="highs")
    args = p.parse_args(argv)
    print(f"{'n':>6} {'rules':>6} {'cand':>5} {'seconds':>8} {'solves':>7} {'free':>5}  check")
    for n in args.sizes:
        for rules in (True, False):
            rnd = make_round(n, seed=args.seed, rules=rules)
            table = fundable_table(rnd, score_round(rnd))
            d = model_data(rnd, table, available_budget(rnd))
            best, run = float("inf"), None
            for _ in range(args.repeat):
                t = time.perf_counter()
                run = solve_priority(d, solver=args.solver, time_limit=600)
                best = min(best, time.perf_counter() - t)
            assert run is not None
            ok = run.k is not None and not violations(d, run.k, (run.k > 0).astype(np.int64))
            label = "all" if rules else "none"
            print(
                f"{n:>6} {label:>6} {d.n:>5} {best:>8.3f} {run.solves:>7} {run.decided_free:>5}"
                f"  {'ok' if ok else run.status}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
