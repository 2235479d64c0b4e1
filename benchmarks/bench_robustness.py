"""Time ``allocation robustness``: samples serially, in the local process pool and on Dask.

Usage::

    .venv/bin/python benchmarks/bench_robustness.py [--samples 1000 10000] [--vary weights]
        [--executors serial pool dask] [--round regional|generated] [--workers 2]

``--round generated`` is a 25-application round of :mod:`generate` (every rule family
active); ``regional`` the example round regional-2025 (22 applications). The round's own
policy. ``dask`` starts a ``distributed.LocalCluster`` with one single-threaded worker process
per ``--workers`` (its start-up is not counted; the job is sent to each worker once and is
counted). Prints the wall time, the milliseconds per sample, this process's CPU seconds and
the load average, and checks that every executor gave the same robustness.csv as the first.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_round  # noqa: E402

from allocation.paths import EXAMPLES_DIR  # noqa: E402
from allocation.robust import robustness, robustness_files  # noqa: E402
from allocation.round.read import load_round  # noqa: E402


def _run(round_, samples: int, vary: str, executor: str, workers: int, scheduler=None):
    t, cpu = time.perf_counter(), time.process_time()
    result = robustness(round_, samples=samples, vary=vary, executor=executor,
                        workers=workers, scheduler=scheduler)  # fmt: skip
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    return wall, cpu, dict(robustness_files(result))["robustness.csv"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, nargs="+", default=[1000])
    parser.add_argument("--vary", default="weights")
    parser.add_argument("--executors", nargs="+", default=["serial", "pool", "dask"])
    parser.add_argument("--round", choices=["regional", "generated"], default="generated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.round == "generated":
        round_ = make_round(25, seed=0)
    else:
        round_ = load_round(EXAMPLES_DIR / "regional-2025")
    cluster = None
    if "dask" in args.executors:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
    print(f"{args.round} round, {len(round_.applications)} applications, policy "
          f"{round_.scheme.policy}, --vary {args.vary}, {args.workers} workers")  # fmt: skip
    # cpu s: this process's CPU seconds (the whole work when serial; pool and Dask workers
    # are other processes)
    print(
        f"{'samples':>8} {'executor':<8}{'wall s':>9}{'ms/sample':>11}{'cpu s':>8}{'load':>6}  same"
    )
    try:
        for samples in args.samples:
            first = None
            for executor in args.executors:
                scheduler = cluster.scheduler_address if executor == "dask" and cluster else None
                load = os.getloadavg()[0]
                wall, cpu, text = _run(
                    round_, samples, args.vary, executor, args.workers, scheduler
                )
                first = first or text
                same = "yes" if text == first else "NO"
                print(f"{samples:>8} {executor:<8}{wall:>9.2f}{1000 * wall / samples:>11.2f}"
                      f"{cpu:>8.2f}{load:>6.1f}  {same}")  # fmt: skip
    finally:
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
