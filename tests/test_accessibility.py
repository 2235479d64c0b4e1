"""axe-core on what advisers open in a browser: the innstilling's HTML and the explorer.

axe-core comes from the npm registry (``npm install axe-core@4`` into a cache folder of the test
session); where npm or the browser cannot be had, the test is skipped with a message saying why.

The innstilling must have no violation at all. The explorer has two known gaps, both in markup
that ipywidgets and Voilà write, not the package: the range sliders' handles (noUiSlider) carry
no accessible name, and Voilà's page has no landmark around the notebook's output. They are
listed here by rule and by the elements concerned, so that any new violation fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_browser import ROUND, app_url, browser  # noqa: F401 - fixtures

from allocation.orchestrator import allocate
from allocation.report.content import innstilling_from_result, write_documents
from allocation.round.read import load_round

pytestmark = pytest.mark.browser

#: Known explorer gaps (see the module docstring): rule -> what each node's markup must contain.
KNOWN = {"aria-input-field-name": "noUi-handle", "region": ""}


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


def test_the_explorer_has_only_its_known_gaps(browser, app_url, axe_js):  # noqa: F811
    page = browser.new_page(viewport={"width": 1500, "height": 1500})
    page.set_default_timeout(90_000)
    page.goto(app_url)
    page.locator(".alloc-total-granted").first.wait_for()
    violations = _violations(page, axe_js)
    page.close()
    unknown = [
        (v["id"], v["impact"], node["target"])
        for v in violations
        for node in v["nodes"]
        if v["id"] not in KNOWN or KNOWN[v["id"]] not in node["html"]
    ]
    assert unknown == []
