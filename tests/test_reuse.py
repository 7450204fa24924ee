"""Tools for people who reuse the facts: short addresses, old ids, citations, corrections, as-of warnings,
embeds and print."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from reuse_data import HOSTILE, enrich

from generator.addresses import PERMALINK_KINDS, SiteInfo, page_url, read_site_info, relative_url
from generator.cite import cite
from generator.pipeline import check, generate
from generator.render import HOME_OF_KIND, codeblock

ATOM = "{http://www.w3.org/2005/Atom}"


def redirect_target(project, record_id: str) -> str:
    """Where /fact/<id>/ leads, as a site path, checked to agree in meta refresh, script and link."""
    page = (project.site / "fact" / record_id / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page).group(1)
    assert f'location.replace("{refresh}")' in page
    assert f'<a href="{refresh}">' in page
    assert '<meta name="robots" content="noindex">' in page
    return posixpath.normpath(posixpath.join(f"fact/{record_id}", refresh.split("#")[0])) + "#" + refresh.split("#")[1]


def anchors_on(project, site_path: str) -> set[str]:
    html = (project.site / site_path / "index.html").read_text(encoding="utf-8")
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_every_fact_has_a_short_address_that_lands_on_its_anchor(enriched_site):
    project, data = enriched_site
    for kind in PERMALINK_KINDS:
        home = page_url(HOME_OF_KIND[kind])
        for rid in data.records[kind]:
            target = redirect_target(project, rid)
            assert target == (home.rstrip("/") or ".") + "#" + rid, (rid, target)
            assert rid in anchors_on(project, home), rid
            canonical = (project.site / "fact" / rid / "index.html").read_text(encoding="utf-8")
            assert f'<link rel="canonical" href="{read_site_info(project.config).url}{home}#{rid}">' in canonical


def test_every_former_id_still_resolves(enriched_site):
    project, data = enriched_site
    former = [(kind, rec) for kind in PERMALINK_KINDS for rec in data.records[kind].values() if rec.former_ids]
    assert former, "the test data has renamed records"
    for kind, record in former:
        home = page_url(HOME_OF_KIND[kind])
        anchors = anchors_on(project, home)
        for old in record.former_ids:
            assert redirect_target(project, old) == (home.rstrip("/") or ".") + "#" + record.id
            if kind in ("events", "findings", "comparisons", "quotes", "claims"):
                assert old in anchors, f"{home}#{old} no longer lands anywhere"


def test_copy_link_control_beside_each_fact(enriched_site):
    project, data = enriched_site
    base = read_site_info(project.config).url
    for kind, record in data.facts():
        home = page_url(HOME_OF_KIND[kind])
        html = (project.site / home / "index.html").read_text(encoding="utf-8")
        href = relative_url(home, f"fact/{record.id}/")
        link = f'<a class="reuse-copy" href="{href}" data-copy="{base}fact/{record.id}/"'
        assert link in html, record.id
    assert re.search(r'<a class="reuse-copy"[^>]*>Copy link</a>', html)
    assert re.search(r'<script src="[./]*assets/reuse\.js"', html)


def test_every_fact_and_page_has_a_citation_in_three_formats(enriched_site):
    project, data = enriched_site
    today = date.today().isoformat()
    base = read_site_info(project.config).url
    for kind, record in data.facts():
        text = (project.content / HOME_OF_KIND[kind]).read_text(encoding="utf-8")
        url = f"{base}{page_url(HOME_OF_KIND[kind])}#{record.id}"
        assert f"{url} (accessed {today})." in text, record.id
        assert f"@misc{{factsite-{record.id}," in text and f"  url = {{{url}}}," in text
        assert f"  urldate = {{{today}}}," in text
    for path in ("index.md", "data.md", "corrections.md", "explainers/mission.md"):
        text = (project.content / path).read_text(encoding="utf-8")
        assert "<summary>Cite this page</summary>" in text and f"(accessed {today})." in text, path
    html = (project.site / "timeline/index.html").read_text(encoding="utf-8")
    assert "<summary>Cite this</summary>" in html and "<summary>Cite this page</summary>" in html
    index = (project.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "(accessed " not in index and "@misc" not in index, "citations are kept out of search results"


def test_citation_formats():
    site = SiteInfo(name="Moon & Co {facts}", url="https://example.org/m/")
    c = cite("Mass_of {it}", "https://example.org/m/findings/#x", site, date(2026, 1, 2), "factsite-x", "2025-03")
    assert (
        c.plain
        == "“Mass_of {it}”. Moon & Co {facts}, March 2025. https://example.org/m/findings/#x (accessed 2026-01-02)."
    )
    assert (
        c.apa
        == "Moon & Co {facts}. (2025). Mass_of {it}. Retrieved January 2, 2026, from https://example.org/m/findings/#x"
    )
    assert "  title = {Mass\\_of \\{it\\}}," in c.bibtex and "  author = {{Moon \\& Co \\{facts\\}}}," in c.bibtex
    assert c.bibtex.count("{") - c.bibtex.count("\\{") == c.bibtex.count("}") - c.bibtex.count("\\}")


def test_code_block_fence_outlasts_backticks_in_the_text():
    block = str(codeblock(HOSTILE + "\n````", "text", 4))
    fence = block.split("text", 1)[0]
    assert fence == "`````" and block.endswith("\n    `````")
    assert "\n    ````\n" in block


def test_corrections_beside_the_fact_on_the_log_and_in_the_feed(enriched_site):
    project, _ = enriched_site
    site = read_site_info(project.config)
    findings = (project.content / "findings.md").read_text(encoding="utf-8")
    block = findings[findings.index("{ #reuse-test-finding }") :]
    assert block.index("1 March 2025") < block.index("10 January 2025"), "newest first beside the fact"
    log = (project.content / "corrections.md").read_text(encoding="utf-8")
    assert log.index("| 1 March 2025 |") < log.index("| 10 January 2025 |")
    assert "[Test mass](findings.md#reuse-test-finding)" in log
    feed = ET.fromstring((project.site / "corrections.xml").read_bytes())
    for tag in ("id", "title", "updated"):
        assert feed.find(ATOM + tag).text
    assert feed.find(ATOM + "updated").text == "2025-03-01T00:00:00Z"
    entries = feed.findall(ATOM + "entry")
    assert [e.find(ATOM + "updated").text for e in entries][:2] == ["2025-03-01T00:00:00Z", "2025-01-10T00:00:00Z"]
    ids = [e.find(ATOM + "id").text for e in entries]
    assert len(ids) == len(set(ids)) and f"tag:{site.host},2025:correction/reuse-test-finding/1" in ids
    for entry in entries:
        assert entry.find(ATOM + "title").text and entry.find(ATOM + "content").text
        assert entry.find(ATOM + "link").get("href").startswith(site.url)


def test_feed_depends_on_the_data_not_the_clock(project):
    enrich(project)
    generate(project)
    first = (project.content / "corrections.xml").read_bytes()
    generate(project, today=date.today() + timedelta(days=40))
    assert (project.content / "corrections.xml").read_bytes() == first


def test_stale_as_of_is_a_warning_not_an_error(project):
    enrich(project)
    _, problems, _ = check(project)
    # Only the test's own record counts: the real data may hold stale dates of its own.
    warnings = [p for p in problems.warnings if p.field == "as_of" and "reuse-test" in p.message]
    assert not problems, "an old as-of date must not fail the check"
    assert len(warnings) == 1 and "event 'reuse-test-event': as_of 2020-01-01 is" in warnings[0].message
    assert warnings[0].file == "site_data/events.yaml" and warnings[0].line > 0


def test_fresh_as_of_gives_no_warning(project):
    enrich(project)
    path = project.data / "events.yaml"
    recent = (date.today() - timedelta(days=30)).isoformat()
    path.write_text(path.read_text(encoding="utf-8").replace("2020-01-01", recent), encoding="utf-8")
    _, problems, _ = check(project)
    assert not [p for p in problems.warnings if p.field == "as_of" and "reuse-test" in p.message]


def test_each_chart_has_an_embeddable_page_and_a_snippet(enriched_site):
    project, _ = enriched_site
    charts = sorted(p.name for p in (project.site / "embed").iterdir())
    assert charts and set(charts) <= {p.stem for p in (project.site / "charts").glob("*.svg")}
    for name in charts:
        page = (project.site / "embed" / name / "index.html").read_text(encoding="utf-8")
        src = re.search(r'<img src="([^"]+)" alt="[^"]+">', page).group(1)
        assert (project.site / "embed" / name / src).resolve() == (project.site / "charts" / f"{name}.svg").resolve()
        assert "<figcaption>" in page and "Sources:" in page
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
        assert "<nav" not in page and "<script" not in page and "<input" not in page and "<form" not in page
        assert not [s for s in re.findall(r'\ssrc="([^"]*)"', page) if re.match(r"(https?:)?//", s)]
        assert all('rel="canonical"' in tag for tag in re.findall(r"<link [^>]+>", page))
    html = (project.site / "timeline/index.html").read_text(encoding="utf-8")
    snippet = re.search(r"<summary>Embed this chart</summary>(.*?)</details>", html, re.S).group(1)
    assert "iframe" in snippet and f"{read_site_info(project.config).url}embed/timeline/" in snippet
    for ext in ("csv", "svg", "png"):
        assert f'href="../charts/timeline.{ext}"' in html


def test_print_stylesheet_hides_navigation_and_shows_link_targets(enriched_site):
    project, _ = enriched_site
    css = (project.site / "assets/print.css").read_text(encoding="utf-8")
    assert css.lstrip().startswith("/*") and "@media print" in css
    for selector in (".md-header", ".md-sidebar", ".md-search", ".md-footer", "button"):
        assert re.search(re.escape(selector) + r"[,\s{]", css), selector
    assert 'a[href^="http"]::after' in css and 'content: " (" attr(href) ")"' in css
    assert "details.reuse" in css and "break-inside: avoid" in css
    assert re.search(r'<link rel="stylesheet" href="[./]*assets/print\.css"', (project.site / "index.html").read_text())


def test_data_and_corrections_pages_are_in_the_nav(enriched_site):
    project, _ = enriched_site
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/"' in home and 'href="corrections/"' in home
    data_page = (project.site / "data/index.html").read_text(encoding="utf-8")
    for name in ("facts.json", "events.csv", "README.txt", "schema/claims.schema.json"):
        assert f'href="{name}"' in data_page or f'href="../data/{name}"' in data_page, name
