"""axe-core on every reader page, at three widths and four text sizes."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import TEXT_SIZES, WIDTHS, choose_text_size

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # Label in Name (WCAG 2.5.3, level A) is still "experimental" in axe, so not in the tags above.
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}


def _axe_violations(page, axe: Axe) -> list[dict]:
    # axe-playwright-python's Axe.run injects the 570 kB script on every call; once per page load is enough.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    return page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)["violations"]


def _report(found: dict) -> str:
    """One line per problem and element, with every page state it showed up in."""
    lines = []
    for (violation_id, impact, help_text, url), nodes in found.items():
        lines.append(f"{violation_id} ({impact}) on {url}: {help_text}")
        for (target, summary), states in nodes.items():
            lines.append(f"    {target} [{', '.join(states)}]: {summary}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_reader_pages_have_no_axe_violations(newsroom, context_for, width):
    axe = Axe()
    page = context_for(width=width).new_page()
    found = {}
    checked = 0
    for url in newsroom.urls.values():
        page.goto(url)
        for size in TEXT_SIZES:
            choose_text_size(page, size)
            for violation in _axe_violations(page, axe):
                key = (violation["id"], violation["impact"], violation["help"], url)
                for node in violation["nodes"]:
                    target = ", ".join(map(str, node["target"]))
                    summary = " ".join(node.get("failureSummary", "").split())
                    found.setdefault(key, {}).setdefault((target, summary), []).append(f"{width}px {size}")
            checked += 1
    assert checked == len(TEXT_SIZES) * len(newsroom.urls)
    if found:
        pytest.fail("axe found violations:\n" + _report(found), pytrace=False)
