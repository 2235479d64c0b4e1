"""How long the explorer takes to open, and an update on a 25-application round.

Usage::

    .venv/bin/python benchmarks/bench_explorer.py [--browser] [--first-load] [--repeat N]

The round is data/examples/national-2024 cut to its first 25 applications (written to a
temporary folder). The update figures:

* kernel: :meth:`allocation.explore.app.Explorer.refresh` (read the controls, apply the settings,
  solve, render totals, table and charts) for a series of typical changes (budget frame,
  policy, a spread rule, a lock, a group weight);
* render: :mod:`allocation.explore.render` alone (totals, table and charts of one result, no
  widgets and no solve): the explorer's own share of an update;
* browser (``--browser``, needs /usr/bin/chromium): the app served by Voilà on 127.0.0.1,
  from pressing Enter in the budget field to the new total on screen, debounce included.

The first load (``--first-load``, needs /usr/bin/chromium), for the same round:

* phases, in a real kernel (``jupyter_client``), one after the other: kernel start (until it
  answers), the imports of the explorer's notebook cell, reading the round, building the widgets
  (``Explorer(..., auto=False)``), the first solve and its drawing (``refresh()``);
* end to end, as an adviser sees it: from starting ``python -m allocation.explore.serve`` (what
  ``make explore`` runs) to the address printed, and to the first table row drawn in Chromium
  (the browser is already open, as the adviser's is); with the page's own timings (HTML received,
  DOMContentLoaded) in between.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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

    rnd = load_round(round_dir)
    result = allocate(rnd)
    table, scheme = result.allocation, rnd.scheme
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


#: The notebook cell's work, timed step by step inside the kernel (printed as one line).
#: Each step's wall time and CPU time (the kernel's own, so that a busy machine shows too); the
#: CPU time the kernel spent before the cell is its start.
PHASES_CODE = """
import time as _t
_c = [_t.process_time()]
_w = [_t.perf_counter()]
def _mark():
    _c.append(_t.process_time())
    _w.append(_t.perf_counter())
from allocation.explore.app import Explorer
from allocation.round.read import load_round
_mark()
_rnd = load_round({folder!r})
_mark()
_ex = Explorer(_rnd, auto=False)
_mark()
_ex.refresh()
_mark()
print(_c[0], *(_w[i + 1] - _w[i] for i in range(4)), *(_c[i + 1] - _c[i] for i in range(4)))
"""
PHASES = ("imports", "read the round", "build the widgets", "first solve and drawing")


def _printed_by(client: Any, code: str) -> str:
    """What ``code`` prints when the kernel behind ``client`` runs it."""
    printed: list[str] = []

    def keep(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])

    reply = client.execute_interactive(code, output_hook=keep, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(printed)


def bench_phases(round_dir: Path, repeat: int) -> dict[str, list[float]]:
    """The first load's kernel side, phase by phase, in a fresh kernel each time."""
    from jupyter_client.manager import start_new_kernel

    names = ("kernel start", *PHASES)
    times: dict[str, list[float]] = {k: [] for n in names for k in (n, f"{n} (CPU)")}
    for _ in range(repeat):
        t0 = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3")
        times["kernel start"].append(time.perf_counter() - t0)
        try:
            printed = _printed_by(client, PHASES_CODE.format(folder=str(round_dir)))
            values = [float(v) for v in printed.split()]
            times["kernel start (CPU)"].append(values[0])
            for i, name in enumerate(PHASES):
                times[name].append(values[1 + i])
                times[f"{name} (CPU)"].append(values[5 + i])
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    return times


def _launch(p: Any) -> Any:
    return p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def _serve(round_dir: Path, port: int) -> subprocess.Popen[str]:
    """``python -m allocation.explore.serve ROUND --port PORT``, as ``make explore`` runs it."""
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "allocation.explore.serve", str(round_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def bench_first_load(round_dir: Path, repeat: int) -> dict[str, list[float]]:
    """From starting the server to the first table drawn in Chromium, ``repeat`` times."""
    from playwright.sync_api import sync_playwright

    from allocation.explore.serve import free_port

    times: dict[str, list[float]] = {
        k: [] for k in ("address printed", "HTML received", "DOMContentLoaded", "first table")
    }
    with sync_playwright() as p:
        browser = _launch(p)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1500, "height": 1200})
            page.set_default_timeout(60_000)
            port = free_port()
            t0 = time.perf_counter()
            proc = _serve(round_dir, port)
            try:
                assert proc.stdout is not None
                url = ""
                for line in proc.stdout:
                    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
                    if found:
                        url = found.group(0)
                        break
                assert url, "the server printed no address"
                times["address printed"].append(time.perf_counter() - t0)
                t_goto = time.perf_counter()
                page.goto(url)
                page.locator(".alloc-table tr[data-id]").first.wait_for()
                times["first table"].append(time.perf_counter() - t0)
                nav = page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return [n.responseEnd, n.domContentLoadedEventEnd]; }"
                )
                times["HTML received"].append(t_goto - t0 + nav[0] / 1000)
                times["DOMContentLoaded"].append(t_goto - t0 + nav[1] / 1000)
            finally:
                page.close()
                os.killpg(proc.pid, 15)
                proc.wait(timeout=30)
        browser.close()
    return times


def report_seconds(label: str, times: list[float]) -> None:
    median, most = statistics.median(times), max(times)
    print(f"{label}: n={len(times)} median {median:.2f} s, max {most:.2f} s")


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
    parser.add_argument("--first-load", action="store_true", help="time the first load")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_round(Path(tmp) / "national-2024-25")
        if args.first_load:
            print(f"first load, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
            for name, values in bench_phases(round_dir, args.repeat).items():
                report_seconds(f"  kernel: {name}", values)
            for name, values in bench_first_load(round_dir, args.repeat).items():
                report_seconds(f"  served: {name}", values)
        report("kernel update (settings, solve, render)", bench_kernel(round_dir, args.repeat))
        report("  render alone (totals, table, charts)", bench_render(round_dir, args.repeat))
        if args.browser:
            report(
                "browser end to end (Enter to new total on screen)",
                bench_browser(round_dir, args.repeat),
            )


if __name__ == "__main__":
    main()
