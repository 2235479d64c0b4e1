"""Time the budget curve (``allocation sweep``) on the example rounds.

Usage::

    .venv/bin/python benchmarks/bench_sweep.py [--repeat 3]

For each example round: the default 41-frame range (half to twice the scheme's frame, see
:func:`allocation.robust.default_frames`), the best of ``--repeat`` wall times of
:func:`allocation.robust.sweep` (scoring once, then one solve per frame, tie rule included),
the milliseconds per frame and the CPU seconds of the process, and the load average.
"""

from __future__ import annotations

import argparse
import os
import time

from allocation.paths import EXAMPLES_DIR
from allocation.robust import default_frames, sweep
from allocation.round.read import load_round


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'round':<16}{'frames':>7}{'best s':>9}{'ms/frame':>10}{'cpu s':>8}")
    for name in ("regional-2025", "national-2024"):
        round_ = load_round(EXAMPLES_DIR / name)
        frames = default_frames(round_.scheme)
        best, cpu, count = float("inf"), 0.0, 0
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            result = sweep(round_, *frames)
            wall = time.perf_counter() - t
            if wall < best:
                best, cpu, count = wall, time.process_time() - c, len(result.frames)
        print(f"{name:<16}{count:>7}{best:>9.2f}{1000 * best / count:>10.1f}{cpu:>8.2f}")


if __name__ == "__main__":
    main()
