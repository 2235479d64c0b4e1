"""A real browser on the explorer web app: Voilà on 127.0.0.1, Debian's Chromium, Playwright.

The test starts the app the way ``make explore`` does (:mod:`allocation.explore.serve`), types a new
budget frame, and checks that the shown total and every table row become what the package
computes for that frame; then it locks an application out and sees it leave the funded set.
A screenshot goes into the test's temporary folder.

Two more tests hold the page to what an adviser without a network, or on a phone, needs: no
request leaves the machine (every request to anything but the served address is aborted and
counted: none may be made, on any tab, at either width), and at 390 px wide every tab and the
results can be reached, and the page is Norwegian (``lang="nb"``) with a main landmark and a
heading.

Chromium: /usr/bin/chromium. When it is missing and the test runs as root (CI on a fresh
Debian machine), the fixture installs it with ``apt-get install -y chromium``; otherwise the
test is skipped with a message saying so. Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from allocation import format as fmt
from allocation.explore.serve import free_port, start, stop, wait_until_ready
from allocation.orchestrator import allocate
from allocation.results import Lock
from allocation.round.read import load_round
from allocation.wording import widgets as T

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROUND = Path(__file__).resolve().parent / "conformance" / "regional"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NEW_FRAME = 1_603_000  # not a multiple of the slider's step: its echo must not win
TIMEOUT_MS = 90_000


def _install_chromium() -> str | None:
    """Install Debian's Chromium when missing; returns why it cannot be had, or None."""
    if CHROMIUM.exists():
        return None
    if os.geteuid() != 0:
        return (
            f"{CHROMIUM} mangler og testen kjører ikke som root: installer med "
            "«apt-get install chromium» for å kjøre nettlesertesten"
        )
    if shutil.which("apt-get") is None:
        return f"{CHROMIUM} mangler og apt-get finnes ikke på denne maskinen"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return f"kunne ikke installere Chromium ({' '.join(cmd)}): {' | '.join(tail)}"
    return None if CHROMIUM.exists() else f"{CHROMIUM} finnes ikke etter installasjonen"


@pytest.fixture(scope="module")
def browser():
    why = _install_chromium()
    if why:
        pytest.skip(why)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright er ikke installert")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    scenarios = tmp_path_factory.mktemp("scenarios")
    port = free_port()
    log = (tmp_path_factory.mktemp("voila") / "voila.log").open("w")
    env = {**os.environ, "ALLOCATION_SCENARIO_DIR": str(scenarios)}
    proc, url = start(ROUND, port, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        if not wait_until_ready(proc, port, timeout=60):
            log.flush()
            pytest.fail("Voilà startet ikke: " + Path(log.name).read_text()[-2000:])
        yield url
    finally:
        stop(proc)
        log.close()


def guard_requests(page, url: str) -> list[str]:
    """Abort every request the page makes to anything but ``url``; returns the list of them."""
    outside: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return outside


def open_app(browser, url: str, width: int = 1500, height: int = 1500):
    """A new page on the app, drawn (its first table row on screen), and its outside requests."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    outside = guard_requests(page, url)
    page.goto(url)
    page.locator(".alloc-table tr[data-id], .alloc-message .alloc-msg-bad").first.wait_for()
    if not page.locator(".alloc-table tr[data-id]").count():
        pytest.fail("Utforskeren viser en feil: " + page.locator(".alloc-message").inner_text())
    return page, outside


def tabs(page) -> list[str]:
    """The titles of the explorer's tabs, as shown."""
    bar = page.locator(".alloc-tabs .lm-TabBar-tab")
    return [bar.nth(i).inner_text().strip() for i in range(bar.count())]


def _digits(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def _shown_grants(page) -> dict[str, int]:
    rows = page.locator(".alloc-table tr[data-id]")
    return {
        rows.nth(i).get_attribute("data-id"): int(rows.nth(i).get_attribute("data-granted"))
        for i in range(rows.count())
    }


def _eventually(page, check, what: str, timeout: float = 10.0) -> None:
    """Poll ``check()`` until it is true (widget messages are applied asynchronously)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not on screen after {timeout} s")
        page.wait_for_timeout(50)


def _grants(result) -> dict[str, int]:
    t = result.allocation
    return dict(zip(t["application_id"], t["granted"].astype(int), strict=True))


def test_explorer_in_a_browser(browser, app_url, tmp_path):
    round_ = load_round(ROUND)
    before = allocate(round_)
    after = allocate(round_, budget=NEW_FRAME)
    assert after.summary["granted_total"] != before.summary["granted_total"]

    page = browser.new_page(viewport={"width": 1500, "height": 1500})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url)
    page.locator(".alloc-total-granted, .alloc-message .alloc-msg-bad").first.wait_for()
    total = page.locator(".alloc-total-granted")
    if not total.count():
        pytest.fail("Utforskeren viser en feil: " + page.locator(".alloc-message").inner_text())
    assert _digits(total.inner_text()) == before.summary["granted_total"]
    assert page.title() == "Utforsk fordelingen"  # the notebook's metadata title, in Norwegian
    _eventually(page, lambda: _shown_grants(page) == _grants(before), "the scheme's table")

    # Move the budget slider by keyboard (five steps, one debounced solve at the end).
    step = 10_000  # the slider's step for a frame of millions
    handle = page.locator(".alloc-budget-slider .noUi-handle")
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    slid = round_.scheme.frame + 5 * step
    moved = allocate(round_, budget=slid)
    page.wait_for_function(
        "v => document.querySelector('.alloc-budget input')?.value === v", arg=fmt.integer(slid)
    )
    page.wait_for_function(  # B changes with every frame: the solve is on screen
        "t => document.querySelector('.alloc-total-budget')?.textContent.trim() === t",
        arg=fmt.money(moved.summary["budget"]),
    )
    assert _digits(total.inner_text()) == moved.summary["granted_total"]
    _eventually(page, lambda: _shown_grants(page) == _grants(moved), "the slider's table")

    # Type a new frame and leave the field: the total and the table follow.
    budget = page.locator(".alloc-budget input")
    budget.fill(str(NEW_FRAME))
    budget.press("Enter")
    page.wait_for_function(
        "t => document.querySelector('.alloc-total-budget')?.textContent.trim() === t",
        arg=fmt.money(after.summary["budget"]),
    )
    assert _digits(total.inner_text()) == after.summary["granted_total"]
    assert budget.input_value() == fmt.integer(NEW_FRAME)
    _eventually(page, lambda: _shown_grants(page) == _grants(after), "the typed frame's table")
    left = after.summary["budget"] - after.summary["granted_total"]
    assert _digits(page.locator(".alloc-total-left").inner_text()) == left

    # Lock a funded application out: it leaves the funded set.
    app = next(a for a, g in _grants(after).items() if g > 0)
    reason = "Skjønn: får midler fra fylket"
    locked = allocate(round_, budget=NEW_FRAME, locks={app: Lock("must_not_fund", reason)})
    page.locator(".lm-TabBar-tab", has_text=T.TAB_LOCKS).click()
    page.locator(f".alloc-lock-{app} select").select_option(label=T.LOCK_SHOWN["must_not_fund"])
    page.locator(f".alloc-lock-reason-{app} input").fill(reason)
    page.locator(".lm-TabBar-tab", has_text=T.TAB_TABLE).click()
    row = page.locator(f'.alloc-table tr[data-id="{app}"]')
    page.wait_for_function(  # the lock column shows once the locked solve is on screen
        "([id, lock]) => document.querySelector(`.alloc-table tr[data-id='${id}'] td.lock`)"
        "?.textContent.trim() === lock",
        arg=[app, T.LOCK_SHOWN["must_not_fund"]],
    )
    page.wait_for_function(  # and the reason typed after it (debounced into one more solve)
        "([id, r]) => document.querySelector(`.alloc-table tr[data-id='${id}']`)"
        "?.textContent.includes(r)",
        arg=[app, reason],
    )
    assert row.get_attribute("data-granted") == "0"
    _eventually(
        page,
        lambda: _digits(total.inner_text()) == locked.summary["granted_total"],
        "the locked total",
    )
    _eventually(page, lambda: _shown_grants(page) == _grants(locked), "the locked table")

    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("ALLOCATION_SCREENSHOT"):  # keep a copy for a look (docs, reviews)
        shutil.copy(shot, os.environ["ALLOCATION_SCREENSHOT"])
    page.close()


@pytest.mark.parametrize("width", [1500, 390])
def test_no_request_leaves_the_machine(browser, app_url, width):
    page, outside = open_app(browser, app_url, width=width, height=900)
    titles = tabs(page)
    assert titles == [T.TAB_TABLE, T.TAB_CHARTS, T.TAB_LOCKS, T.TAB_SCENARIOS]
    for title in titles:
        page.locator(".lm-TabBar-tab", has_text=title).click()
        page.wait_for_timeout(300)
    budget = page.locator(".alloc-budget input")  # a solve, and its redraw
    budget.fill(str(NEW_FRAME))
    budget.press("Enter")
    page.locator(".lm-TabBar-tab", has_text=T.TAB_TABLE).click()
    page.wait_for_function(
        "v => document.querySelector('.alloc-budget input')?.value === v",
        arg=fmt.integer(NEW_FRAME),
    )
    page.wait_for_timeout(1000)  # fonts, styles and lazy chunks a redraw may ask for
    page.close()
    assert outside == []


def test_the_explorer_on_a_phone(browser, app_url):
    """390 px wide (a phone): nothing wider than the screen; every tab and the results reachable."""
    page, _ = open_app(browser, app_url, width=390, height=844)
    assert page.evaluate("document.documentElement.lang") == "nb"
    assert page.locator("main, [role=main]").count() == 1
    assert page.locator("h1").count() == 1

    def inside_the_screen(locator) -> None:
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, box

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    inside_the_screen(page.locator(".alloc-budget input"))
    inside_the_screen(page.locator(".alloc-totals"))
    for title in tabs(page):
        tab = page.locator(".lm-TabBar-tab", has_text=title)
        inside_the_screen(tab)
        tab.click()  # Playwright clicks only what is visible and not covered
        assert "lm-mod-current" in (tab.get_attribute("class") or "")
    page.locator(".lm-TabBar-tab", has_text=T.TAB_TABLE).click()
    table = page.locator(".alloc-table")
    inside_the_screen(table)  # the table scrolls sideways in its own box, not the page
    inside_the_screen(page.locator(".alloc-table tr[data-id] td").first)
    granted = page.locator(".alloc-table tr[data-id] td.num").last  # far right: scroll to it
    granted.scroll_into_view_if_needed()
    inside_the_screen(granted)
    page.close()


def test_every_field_of_the_rule_panel_fits_in_the_panel(browser, app_url):
    """At 1500 px: each labelled field of the rule panel lies inside the panel (a long label
    wraps instead of pushing its field out), and no two of them overlap."""
    page, _ = open_app(browser, app_url)
    boxes = page.evaluate(
        """() => {
        const panel = document.querySelector('.alloc-app > .widget-hbox > .widget-vbox');
        const p = panel.getBoundingClientRect();
        const rows = [...panel.querySelectorAll(':scope > .widget-inline-hbox')];
        return {panel: [p.left, p.right], rows: rows.map(r => {
            const b = r.getBoundingClientRect();
            const label = r.querySelector('.widget-label');
            return [label ? label.textContent : '', b.left, b.right, b.top, b.bottom];
        })};
    }"""
    )
    left, right = boxes["panel"]
    rows = [r for r in boxes["rows"] if r[4] > r[3]]  # drawn (a hidden row has no height)
    assert len(rows) > 10
    for label, x0, x1, _, _ in rows:
        assert left - 1 <= x0 and x1 <= right + 1, (label, x0, x1, left, right)
    ordered = sorted(rows, key=lambda r: r[3])
    for above, below in zip(ordered, ordered[1:], strict=False):
        assert above[4] <= below[3] + 1, (above[0], below[0])
    assert any(r[0] == T.MIN_SHARE for r in rows)
    page.close()
