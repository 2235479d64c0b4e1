"""How long an explorer update takes on a 25-application round.

Usage::

    .venv/bin/python benchmarks/bench_explorer.py [--browser] [--repeat N]

The round is data/examples/national-2024 cut to its first 25 applications (written to a
temporary folder). Three figures:

* kernel: :meth:`allocation.explore.app.Explorer.refresh` (read the controls, apply the settings,
  solve, render totals, table and charts) for a series of typical changes (budget frame,
  policy, a spread rule, a lock, a group weight);
* render: :mod:`allocation.explore.render` alone (totals, table and charts of one result, no
  widgets and no solve): the explorer's own share of an update;
* browser (``--browser``, needs /usr/bin/chromium): the app served by Voilà on 127.0.0.1,
  from pressing Enter in the budget field to the new total on screen, debounce included.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from allocation.paths import EXAMPLES_DIR

ROOT = Path(__file__).resolve().parents[1]
SOURCE = EXAMPLES_DIR / "national-2024"
N_APPLICATIONS = 25
STATUS_DONE = "Oppdatert"


def make_round(folder: Path, n: int = N_APPLICATIONS) -> Path:
    """A copy of the national example with its first ``n`` applications."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_bytes((SOURCE / "scheme.toml").read_bytes())
    with (SOURCE / "applications.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    keep = {r[0] for r in rows[1 : n + 1]}
    for name in ("applications.csv", "scores.csv", "budget_lines.csv"):
        src = SOURCE / name
        if not src.exists():
            continue
        with src.open(encoding="utf-8", newline="") as fh:
            table = list(csv.reader(fh))
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(
                [table[0]] + [r for r in table[1:] if r and r[0] in keep]
            )
    return folder


def bench_kernel(round_dir: Path, repeat: int) -> list[float]:
    from allocation.explore.app import Explorer
    from allocation.round.read import load_round

    rnd = load_round(round_dir)
    assert len(rnd.applications) == N_APPLICATIONS
    ex = Explorer(rnd, auto=False)
    frame = ex.base.budget
    apps = list(ex.lock_action)
    group = next(iter(ex.group_weights))
    changes = [
        lambda: setattr(ex.budget, "value", int(frame * 0.8)),
        lambda: setattr(ex.budget, "value", int(frame * 1.2)),
        lambda: setattr(ex.policy, "value", "coverage"),
        lambda: setattr(ex.policy, "value", "merit"),
        lambda: setattr(ex.rule_on["min_models"], "value", not ex.rule_on["min_models"].value),
        lambda: setattr(ex.lock_action[apps[0]], "value", "must_not_fund"),
        lambda: setattr(ex.lock_action[apps[0]], "value", "auto"),
        lambda: setattr(ex.group_weights[group], "value", 0.4),
        lambda: setattr(ex.budget, "value", frame),
    ]
    times = []
    for _ in range(repeat):
        for change in changes:
            change()
            start = time.perf_counter()
            ex.refresh()
            times.append(time.perf_counter() - start)
    return times


def bench_render(round_dir: Path, repeat: int) -> list[float]:
    from allocation.explore.render import render_charts, render_table, render_totals
    from allocation.orchestrator import allocate
    from allocation.round.read import load_round

    result = allocate(load_round(round_dir))
    table, scheme = result.allocation, result.round.scheme
    times = []
    for _ in range(100 * repeat):
        start = time.perf_counter()
        render_totals(result)
        render_table(table, {})
        render_charts(table, scheme)
        times.append(time.perf_counter() - start)
    return times


def bench_browser(round_dir: Path, repeat: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    from allocation import format as fmt
    from allocation.explore.serve import free_port, start, stop, wait_until_ready
    from allocation.orchestrator import allocate
    from allocation.round.read import load_round

    rnd = load_round(round_dir)
    frames = [int(rnd.scheme.frame * f) for f in (0.7, 0.8, 0.9, 1.1, 1.2)]
    budgets = {f: fmt.money(allocate(rnd, budget=f).summary["budget"]) for f in frames}
    port = free_port()
    proc, url = start(round_dir, port, stdout=sys.stderr, stderr=sys.stderr)
    times: list[float] = []
    kernel: list[float] = []
    try:
        assert wait_until_ready(proc, port), "Voilà did not start"
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1500, "height": 1200})
            page.set_default_timeout(60_000)
            start_load = time.perf_counter()
            page.goto(url)
            page.locator(".alloc-total-granted").wait_for()
            print(f"page ready after {time.perf_counter() - start_load:.2f} s")
            box = page.locator(".alloc-budget input")
            for _ in range(repeat):
                for frame in frames:
                    box.fill(str(frame))
                    t0 = time.perf_counter()
                    box.press("Enter")
                    page.wait_for_function(
                        "t => document.querySelector('.alloc-total-budget')"
                        "?.textContent.trim() === t",
                        arg=budgets[frame],
                        polling="raf",
                    )
                    times.append(time.perf_counter() - t0)
                    page.wait_for_function(
                        "t => document.querySelector('div.alloc-status')"
                        "?.textContent.startsWith(t)",
                        arg=STATUS_DONE,
                    )
                    status = page.locator("div.alloc-status").inner_text()
                    kernel.append(float(re.sub(r"[^0-9]", "", status) or "nan") / 1000)
            browser.close()
    finally:
        stop(proc)
    report("  of which the kernel's update (as shown in the status line)", kernel)
    return times


def report(label: str, times: list[float]) -> None:
    ms = sorted(1000 * t for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    digits = 1 if statistics.median(ms) < 10 else 0  # rendering alone takes a few ms
    print(
        f"{label}: n={len(ms)} median {statistics.median(ms):.{digits}f} ms, "
        f"p95 {p95:.{digits}f} ms, max {ms[-1]:.{digits}f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help="also time the web app")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_round(Path(tmp) / "national-2024-25")
        report("kernel update (settings, solve, render)", bench_kernel(round_dir, args.repeat))
        report("  render alone (totals, table, charts)", bench_render(round_dir, args.repeat))
        if args.browser:
            report(
                "browser end to end (Enter to new total on screen)",
                bench_browser(round_dir, args.repeat),
            )


if __name__ == "__main__":
    main()
