"""Where the time of ``allocation solve ROUND --out DIR`` goes, inside one process.

Runs the command in this process with timers around its steps: importing the package,
reading and checking the round (``check_round``), the steps of ``allocate`` (``prepare``
= scoring, eligibility and model data; ``build``; ``solve`` = HiGHS; ``read`` = reading the
answer back and checking it; ``explain``; from summary.json's ``timings``), writing the
outputs, and the terminal summary. Wall and CPU seconds::

    .venv/bin/python benchmarks/time_solve.py /tmp/round-10000-easy [--runs 3]

The whole process (interpreter start included) is measured from outside, for example
``hyperfine`` or a loop of ``/usr/bin/time``; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_T0 = (time.perf_counter(), time.process_time())

import allocation.cli.main as cli  # noqa: E402
import allocation.results as results  # noqa: E402
import allocation.round.read as read  # noqa: E402

_IMPORTED = (time.perf_counter(), time.process_time())
STEPS: dict[str, list[float]] = {}


def timed(module: Any, name: str, label: str) -> None:
    """Replace ``module.name`` by a version that adds its (wall, cpu) seconds to STEPS."""
    original: Callable[..., Any] = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent = STEPS.setdefault(label, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu

    setattr(module, name, wrapper)


def run_once(round_path: Path) -> dict[str, list[float]]:
    """One ``allocation solve`` in this process; the steps' (wall, cpu) seconds."""
    STEPS.clear()
    out = Path(tempfile.mkdtemp(prefix="time-solve-")) / "out"
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the terminal summary is timed, not shown
            status = cli.main(["solve", str(round_path), "--out", str(out)])
        total = [time.perf_counter() - wall, time.process_time() - cpu]
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    assert status == 0, status
    steps = dict(STEPS)
    for name in ("prepare", "build", "solve", "read", "explain"):
        steps[f"allocate: {name}"] = [summary["timings"].get(name, 0.0), float("nan")]
    steps["command total"] = total
    steps["objective"] = [summary["objective"], float("nan")]
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("round", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    timed(read, "check_round", "read and check")
    timed(results, "write_outputs", "write")
    print(
        f"import: {_IMPORTED[0] - _T0[0]:.3f} s wall, {_IMPORTED[1] - _T0[1]:.3f} s cpu "
        "(the rest of the imports happen inside the first run)"
    )
    for run in range(args.runs):
        steps = run_once(args.round)
        print(f"run {run + 1}:")
        for name, (wall, cpu) in steps.items():
            print(f"  {name:20} {wall:10.3f}  cpu {cpu:.3f}")


if __name__ == "__main__":
    main()
