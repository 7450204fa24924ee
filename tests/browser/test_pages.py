"""The built site in Debian's Chromium, as visitors use it: loading, search, dark mode, charts, phones."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pytest
from PIL import Image

from .conftest import DESKTOP, PHONE, open_visit
from .site import PAGES

CHART_PAGES = ["timeline/", "findings/"]
SCHEMES = {"light": "default", "dark": "slate"}


def scheme_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_no_error_and_nothing_from_elsewhere(visit, path):
    page = visit.open(path)
    assert page.locator("h1").count() == 1, "one h1 per page"
    assert page.title()
    assert not visit.problems(), "\n".join(visit.problems())


def test_a_missing_page_gets_the_sites_404_page(visit):
    response = visit.page.goto(visit.base_url + "no-such-page/", wait_until="networkidle")
    assert response.status == 404
    # http.server answers with its own error page; the site's 404.html is what a host would serve
    page = visit.open("404.html")
    assert "404" in page.locator("h1").inner_text()


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("basalt", "findings/"),
        ("Queqiao", "timeline/"),
    ],
)
def test_search_finds(visit, query, expected_page):
    page = visit.open()
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    text = page.locator(".md-search-result").inner_text()
    assert query.lower() in text.lower()
    hrefs = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    assert any(expected_page in (h or "") for h in hrefs), hrefs
    assert not visit.problems(), "\n".join(visit.problems())


def background_luminance(page) -> float:
    """Luminance of the page's background as drawn (Material colours the body from the scheme's variables)."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
    return _luminance(tuple(rgb))


def test_palette_toggle_switches_dark_and_light(visit):
    page = visit.open()
    assert scheme_of(page) == "default"
    assert background_luminance(page) > 0.8
    page.locator("label[for^='__palette']:visible").click()
    assert scheme_of(page) == "slate"
    assert background_luminance(page) < 0.1
    page.reload(wait_until="networkidle")
    assert scheme_of(page) == "slate", "the choice is remembered across pages"
    page.locator("label[for^='__palette']:visible").click()
    assert scheme_of(page) == "default"
    assert background_luminance(page) > 0.8
    assert not visit.problems(), "\n".join(visit.problems())


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def chart_contrast(png: bytes) -> tuple[float, float]:
    """(luminance of the chart's background, contrast ratio of its darkest ink against that background)."""
    image = Image.open(BytesIO(png)).convert("RGB")
    pixels = list(image.get_flattened_data())
    background = Counter(pixels).most_common(1)[0][0]
    lums = sorted(_luminance(p) for p in pixels)
    ink = lums[len(lums) // 200]  # the darkest half percent: text, axes and marks
    bg = _luminance(background)
    return bg, (max(bg, ink) + 0.05) / (min(bg, ink) + 0.05)


@pytest.mark.parametrize("path", CHART_PAGES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_charts_stay_legible_in_both_schemes(browser, base_url, artifacts, path, scheme):
    context, visit = open_visit(browser, base_url, viewport=DESKTOP, color_scheme=scheme)
    try:
        page = visit.open(path)
        assert scheme_of(page) == SCHEMES[scheme]
        charts = page.locator("figure.chart img")
        assert charts.count() >= 1
        for i in range(charts.count()):
            img = charts.nth(i)
            img.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
            png = img.screenshot()
            name = path.strip("/").replace("/", "-")
            (artifacts / "screenshots" / f"chart-{name}-{i}-{scheme}.png").write_bytes(png)
            background, contrast = chart_contrast(png)
            assert background > 0.8, f"chart {i} on {path} has no light background of its own in {scheme} mode"
            assert contrast >= 7, f"chart {i} on {path}: ink contrast {contrast:.1f} < 7 in {scheme} mode"
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_has_alt_text_and_its_data_table(visit, path):
    page = visit.open(path)
    figures = page.locator("figure.chart")
    assert figures.count() >= 1
    for i in range(figures.count()):
        figure = figures.nth(i)
        alt = figure.locator("img").get_attribute("alt") or ""
        assert len(alt.split()) >= 5, f"chart {i} on {path} has no real alt text: {alt!r}"
        details = figure.locator("xpath=following-sibling::details[1]")
        summary = details.locator("summary")
        assert summary.inner_text().startswith("Data behind the chart")
        table = details.locator("table")
        assert not table.is_visible(), "the data table starts folded"
        summary.click()
        assert table.is_visible()
        assert table.locator("thead th").count() >= 2
        assert table.locator("tbody tr").count() >= 2
    assert not visit.problems(), "\n".join(visit.problems())


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_at_phone_width(browser, base_url, path):
    context, visit = open_visit(browser, base_url, viewport=PHONE, color_scheme="light", is_mobile=True, has_touch=True)
    try:
        page = visit.open(path)
        widths = page.evaluate(
            "({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth})"
        )
        assert widths["doc"] <= widths["view"] and widths["body"] <= widths["view"], widths
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        context.close()


SHOTS = {
    "light": {"viewport": DESKTOP, "color_scheme": "light"},
    "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "phone": {"viewport": PHONE, "color_scheme": "light", "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("path", PAGES)
def test_screenshots_for_review(browser, base_url, artifacts, path):
    """Full-page screenshots (light, dark, phone) in test-artifacts/screenshots/ for a reviewer to look at."""
    name = path.strip("/").replace("/", "-") or "home"
    for label, options in SHOTS.items():
        context, visit = open_visit(browser, base_url, **options)
        try:
            page = visit.open(path)
            page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            page.wait_for_load_state("networkidle")
            target = artifacts / "screenshots" / f"{name}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            assert Image.open(target).size[0] == options["viewport"]["width"]
            assert not visit.problems(), "\n".join(visit.problems())
        finally:
            context.close()
