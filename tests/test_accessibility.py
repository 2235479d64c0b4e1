"""axe-core on what advisers open in a browser: the innstilling's HTML and the explorer.

axe-core comes from the npm registry (``npm install axe-core@4`` into a cache folder of the test
session); where npm or the browser cannot be had, the test is skipped with a message saying why.

The innstilling must have no violation at all. The explorer must have no critical and no serious
violation on any of its tabs (axe checks only what is shown, hence one run per tab). The slider
handles are named and the page has its landmark and heading through the explorer's Voilà
template (allocation/explore/template); the lock dropdowns by their descriptions
(allocation/explore/controls.py).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_browser import ROUND, app_url, browser, open_app, tabs  # noqa: F401 - fixtures

from allocation.orchestrator import allocate
from allocation.report.content import innstilling_from_result, write_documents
from allocation.round.read import load_round

pytestmark = pytest.mark.browser

#: axe's impacts that fail the explorer.
BLOCKING = ("critical", "serious")


@pytest.fixture(scope="module")
def axe_js(tmp_path_factory) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm finnes ikke: axe-core kan ikke hentes")
    folder = tmp_path_factory.mktemp("axe")
    done = subprocess.run(
        [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
         "axe-core@4"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if done.returncode != 0 or not script.exists():
        pytest.skip(f"axe-core kunne ikke installeres: {(done.stderr or done.stdout)[-300:]}")
    return script


def _violations(page, script: Path) -> list[dict]:
    page.add_script_tag(path=str(script))
    return page.evaluate("async () => (await axe.run()).violations")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_innstilling_html_has_no_accessibility_violation(browser, axe_js, tmp_path, width):  # noqa: F811
    """No axe-core violation, on a desktop and on a phone 390 px wide; on the phone nothing is
    wider than the viewport (each table scrolls inside its own box, issue 13)."""
    result = allocate(load_round(ROUND), policy="priority")
    paths = write_documents(innstilling_from_result(result, charts=True), tmp_path)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(paths["html"].as_uri())
    violations = _violations(page, axe_js)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.scroll')].map(b => b.getBoundingClientRect().right)"
    )
    wide = page.evaluate(
        "() => [...document.querySelectorAll('.scroll')].some(b => b.scrollWidth > b.clientWidth)"
    )
    page.close()
    assert [(v["id"], v["impact"], v["help"]) for v in violations] == []
    assert page_width <= width and boxes and max(boxes) <= width
    if width == 390:
        assert wide  # some table is wider than a phone: it scrolls in its box


def test_the_explorer_has_no_critical_or_serious_violation_on_any_tab(
    browser,  # noqa: F811
    app_url,  # noqa: F811
    axe_js,
):
    page, _ = open_app(browser, app_url)
    page.add_script_tag(path=str(axe_js))
    found = []
    titles = tabs(page)
    assert len(titles) == 4
    for title in titles:
        page.locator(".lm-TabBar-tab", has_text=title).click()
        page.wait_for_timeout(300)  # the tab's widgets drawn, the handles named
        violations = page.evaluate("async () => (await axe.run()).violations")
        found += [
            (title, v["id"], v["impact"], node["target"])
            for v in violations
            if v["impact"] in BLOCKING
            for node in v["nodes"]
        ]
    page.close()
    assert found == []
