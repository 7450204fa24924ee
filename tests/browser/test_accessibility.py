"""axe-core on every page, in both colour schemes and with the search dialog open: zero violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE, open_visit
from .site import PAGES

AXE = Axe()
# Material animates colour changes; axe must see the colours a reader sees, not a frame of a transition.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def violations(page) -> list[str]:
    page.add_style_tag(content=NO_TRANSITIONS)
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}: "
        f"{v['nodes'][0].get('failureSummary', '')}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(browser, base_url, path, scheme):
    context, visit = open_visit(browser, base_url, viewport=DESKTOP, color_scheme=scheme)
    try:
        page = visit.open(path)
        found = violations(page)
        assert not found, "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_search_open_on_a_phone(browser, base_url, scheme):
    context, visit = open_visit(browser, base_url, viewport=PHONE, color_scheme=scheme, is_mobile=True, has_touch=True)
    try:
        page = visit.open()
        page.locator("label[for='__search']:visible").first.click()
        page.keyboard.type("basalt")
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        found = violations(page)
        assert not found, "\n".join(found)
    finally:
        context.close()
