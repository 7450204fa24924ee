"""The reuse tools as a visitor uses them: short addresses land on the fact, "Copy link" and the citation copy
buttons put the right text on the real clipboard, and charts keep their place on the page while they load."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from reuse_data import enrich

from generator.addresses import PERMALINK_KINDS, SiteInfo, page_url, permalink_path, read_site_info
from generator.cite import Citation, bibtex_key, cite
from generator.model import FACT_KINDS
from generator.render import HOME_OF_KIND, cite_title
from generator.validate import SiteData, load_site_data

from .conftest import DESKTOP, PHONE, open_visit
from .site import base_path, serve

CHART_PAGES = ["timeline/", "findings/"]
CLIPBOARD = ["clipboard-read", "clipboard-write"]
# Where a fact's anchor is on screen once the browser has scrolled to it: below Material's sticky header.
ANCHOR_BOX = (
    "el => ({top: el.getBoundingClientRect().top, view: innerHeight,"
    " header: document.querySelector('.md-header').getBoundingClientRect().bottom})"
)


@pytest.fixture(scope="module")
def site_data(built_site) -> SiteData:
    data, _ = load_site_data(built_site.data, built_site.root)
    return data


@pytest.fixture(scope="module")
def site_info(built_site) -> SiteInfo:
    return read_site_info(built_site.config)


def sample_ids(data: SiteData) -> list[str]:
    """The first and last record of each kind (the last is far down its page, so landing on it means scrolling)."""
    ids: list[str] = []
    for kind in PERMALINK_KINDS:
        records = list(data.records[kind])
        assert records, f"no {kind} in the data"
        ids += dict.fromkeys([records[0], records[-1]])
    return ids


def cited_url(data: SiteData, site: SiteInfo, record_id: str) -> str:
    """The fact's address as its citation gives it: site_url + its kind's page + #id."""
    return site.absolute(page_url(HOME_OF_KIND[data.kind_of(record_id)])) + "#" + record_id


def local(url: str, site: SiteInfo, base_url: str) -> str:
    """A published address moved onto the test server (same path under the base, same fragment)."""
    assert url.startswith(site.url), url
    return base_url + url[len(site.url) :]


def assert_scrolled_to(page, anchor: str) -> None:
    """The element with id ``anchor`` exists and the browser has scrolled it into view, clear of the header."""
    element = page.locator(f"[id='{anchor}']")
    assert element.count() == 1, f"{page.url}: {element.count()} elements with id {anchor}"
    box = element.evaluate(ANCHOR_BOX)
    assert box["header"] - 1 <= box["top"] < box["view"], f"#{anchor} is not on screen: {box}"


def land(page, start: str, expected: str) -> None:
    """Open ``start`` and wait until the browser has followed the redirect to ``expected``, loaded and scrolled."""
    response = page.goto(start, wait_until="commit")
    assert response.status == 200, f"{start}: HTTP {response.status}"
    page.wait_for_url(expected, wait_until="load")
    page.wait_for_load_state("networkidle")


def problems(visit, redirects: list[str]) -> list[str]:
    """What went wrong in the tab, except that a redirect page may be left before it has finished loading."""
    left = {f"failed request: {url}: net::ERR_ABORTED" for url in redirects}
    return [p for p in visit.problems() if p not in left]


def test_short_addresses_land_on_the_fact(browser, base_url, site_data, site_info):
    ids = sample_ids(site_data)
    assert {site_data.kind_of(rid) for rid in ids} == set(PERMALINK_KINDS)
    for viewport in (DESKTOP, PHONE):
        context, visit = open_visit(browser, base_url, viewport=viewport, color_scheme="light")
        try:
            starts = [base_url + permalink_path(rid) for rid in ids]
            for rid, start in zip(ids, starts, strict=True):
                expected = local(cited_url(site_data, site_info, rid), site_info, base_url)
                land(visit.page, start, expected)
                assert visit.page.url == expected
                assert_scrolled_to(visit.page, rid)
            assert not problems(visit, starts), "\n".join(problems(visit, starts))
        finally:
            context.close()


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    """A copy of the project with records that were renamed (former_ids), built and served."""
    from conftest import copy_project

    from generator.pipeline import build

    project = enrich(copy_project(tmp_path_factory.mktemp("renamed") / "proj"))
    build(project)
    data, _ = load_site_data(project.data, project.root)
    with serve(project.site, base_path(project)) as url:
        yield url, data, read_site_info(project.config)


def test_former_ids_still_land_on_the_fact(browser, renamed_site):
    base_url, data, site = renamed_site
    renamed = [(rec.id, old) for records in data.records.values() for rec in records.values() for old in rec.former_ids]
    assert len(renamed) >= 3, "the planted renamed records are missing"
    starts = [base_url + permalink_path(old) for _, old in renamed]
    context, visit = open_visit(browser, base_url, viewport=DESKTOP, color_scheme="light")
    try:
        for (rid, old), start in zip(renamed, starts, strict=True):
            expected = local(cited_url(data, site, rid), site, base_url)
            land(visit.page, start, expected)
            assert visit.page.url == expected, f"/fact/{old}/ went to {visit.page.url}"
            assert_scrolled_to(visit.page, rid)
            # an old link to the page itself, page/#old-id, still scrolls to the fact's block
            old_link = expected.split("#")[0] + "#" + old
            visit.page.goto(visit.base_url, wait_until="networkidle")
            visit.page.goto(old_link, wait_until="networkidle")
            assert_scrolled_to(visit.page, old)
        assert not problems(visit, starts), "\n".join(problems(visit, starts))
    finally:
        context.close()


# -- the clipboard -----------------------------------------------------------------------------------------------


@pytest.fixture
def clipboard_visit(browser, base_url):
    """A tab allowed to read and write the real clipboard of the headless browser, for this site's origin only."""
    context, visit = open_visit(browser, base_url, viewport=DESKTOP, color_scheme="light")
    origin = "/".join(base_url.split("/")[:3])
    context.grant_permissions(CLIPBOARD, origin=origin)
    yield visit
    context.close()
    assert not visit.outside, f"requests left 127.0.0.1: {visit.outside}"


def read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def clear_clipboard(page) -> None:
    page.evaluate("navigator.clipboard.writeText('')")
    assert read_clipboard(page) == ""


def one_fact_per_kind(data: SiteData) -> list[str]:
    """A fact of each kind with its reuse tools: the middle one, so it is neither at the top nor the bottom."""
    return [list(data.records[kind])[len(data.records[kind]) // 2] for kind in FACT_KINDS]


def citation_of(data: SiteData, site: SiteInfo, record_id: str) -> Citation:
    """The citation generator/cite.py makes for a fact, accessed on the build date."""
    record = data.records[data.kind_of(record_id)][record_id]
    url = cited_url(data, site, record_id)
    return cite(cite_title(record, data), url, site, date.today(), bibtex_key(record_id), record.checked)


def fact_block_tools(page, record_id: str):
    """The reuse tools of a fact: the first "Copy link" and "Cite this" after the fact's heading."""
    heading = page.locator(f"[id='{record_id}']")
    return (
        heading.locator("xpath=following::a[contains(@class, 'reuse-copy')][1]"),
        heading.locator("xpath=following::section[contains(@class, 'reuse-cite')][1]"),
    )


def test_copy_link_copies_the_facts_short_address(clipboard_visit, site_data, site_info, base_url):
    page = clipboard_visit.page
    starts = []
    for rid in one_fact_per_kind(site_data):
        home = page_url(HOME_OF_KIND[site_data.kind_of(rid)])
        clipboard_visit.open(home)
        clear_clipboard(page)
        copy, _ = fact_block_tools(page, rid)
        assert copy.inner_text() == "Copy link"
        copy.click()
        assert page.url == base_url + home, "the click followed the link instead of copying it"
        expect(copy).to_have_text("Link copied")
        copied = read_clipboard(page)
        assert copied == site_info.absolute(permalink_path(rid))
        # the copied address is the short one; on the site it leads where the citation points
        starts.append(local(copied, site_info, base_url))
        land(page, starts[-1], local(cited_url(site_data, site_info, rid), site_info, base_url))
        assert_scrolled_to(page, rid)
    assert not problems(clipboard_visit, starts), "\n".join(problems(clipboard_visit, starts))


@pytest.mark.parametrize(("label", "style"), [("Plain text:", "plain"), ("APA:", "apa"), ("BibTeX:", "bibtex")])
def test_cite_this_copy_buttons_copy_the_citation(clipboard_visit, site_data, site_info, label, style):
    page = clipboard_visit.page
    for rid in one_fact_per_kind(site_data):
        expected = getattr(citation_of(site_data, site_info, rid), style)
        clipboard_visit.open(page_url(HOME_OF_KIND[site_data.kind_of(rid)]))
        clear_clipboard(page)
        _, section = fact_block_tools(page, rid)
        details = section.locator("details")
        assert details.get_attribute("open") is None, "Cite this starts folded"
        details.locator("summary").click()
        block = details.locator(f"xpath=.//p[normalize-space()='{label}']/following-sibling::pre[1]")
        block.hover()
        button = block.get_by_role("button", name="Copy to clipboard")
        button.click()
        page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        assert read_clipboard(page) == expected, f"{style} citation of {rid}"
    assert not clipboard_visit.problems(), "\n".join(clipboard_visit.problems())


def test_citation_copy_buttons_are_made_only_when_a_citation_is_opened(clipboard_visit):
    """A long page loads no copy machinery for its citations: one block gets its three buttons when opened."""
    page = clipboard_visit.page
    clipboard_visit.open("findings/")
    sections = page.locator("section.reuse-cite")
    assert sections.count() > 20
    assert page.locator("section.reuse-cite button, section.reuse-cite .md-clipboard").count() == 0
    sections.nth(3).locator("summary").click()
    expect(sections.nth(3).get_by_role("button", name="Copy to clipboard")).to_have_count(3)
    assert page.locator("section.reuse-cite button").count() == 3
    assert not clipboard_visit.problems(), "\n".join(clipboard_visit.problems())


# -- charts keep their place -------------------------------------------------------------------------------------


def boxes(page) -> list[dict]:
    return page.locator("figure.chart img").evaluate_all(
        "imgs => imgs.map(i => { const r = i.getBoundingClientRect(); return {src: i.getAttribute('src'), "
        "w: r.width, h: r.height, top: r.top + scrollY, attrW: i.getAttribute('width'), "
        "attrH: i.getAttribute('height'), natW: i.naturalWidth, natH: i.naturalHeight}; })"
    )


class HeldBack:
    """A route handler that holds requests back until released, like a very slow connection."""

    def __init__(self) -> None:
        self.routes: list = []
        self.released = False

    def __call__(self, route) -> None:
        if self.released:
            route.fallback()
        else:
            self.routes.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.routes:
            route.fallback()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_reserve_their_box_before_they_load(browser, base_url, path, viewport):
    """With the SVGs held back, every chart already has its final size; letting them load moves nothing."""
    context, visit = open_visit(browser, base_url, viewport=viewport, color_scheme="light")
    slow = HeldBack()
    try:
        page = visit.page
        page.route("**/charts/*.svg", slow)
        page.goto(base_url + path, wait_until="domcontentloaded")
        before = boxes(page)
        assert before, f"no chart on {path}"
        for box in before:
            assert box["attrW"] and box["attrH"], f"{box['src']} has no width/height attributes"
            assert box["natW"] == 0, f"{box['src']} was not held back"
            assert box["h"] > 50, f"{box['src']} takes no room before it loads: {box}"
            ratio = int(box["attrW"]) / int(box["attrH"])
            assert box["w"] / box["h"] == pytest.approx(ratio, rel=0.01), box
            assert box["w"] <= viewport["width"], f"{box['src']} is wider than the screen: {box}"
        slow.release()
        page.evaluate("document.querySelectorAll('figure.chart img').forEach(i => i.loading = 'eager')")
        page.wait_for_function("[...document.querySelectorAll('figure.chart img')].every(i => i.naturalWidth > 0)")
        after = boxes(page)
        for old, new in zip(before, after, strict=True):
            assert (new["w"], new["h"], new["top"]) == pytest.approx((old["w"], old["h"], old["top"]), abs=1), (
                f"{new['src']} moved or resized when it loaded: {old} -> {new}"
            )
            # the attributes are the SVG's own size as the browser reads it, so the shown ratio is the picture's
            assert (int(new["attrW"]), int(new["attrH"])) == pytest.approx((new["natW"], new["natH"]), abs=1), new
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        context.close()
