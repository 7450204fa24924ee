"""A full build: the site engine turns the generated tree into the expected pages and anchors."""

from __future__ import annotations

import re

import pytest
from conftest import copy_project

from generator.engine import swap_in
from generator.pipeline import build
from generator.problems import DataError
from generator.render import HOME_OF_KIND
from generator.validate import load_site_data

PAGES = [
    "index.html",
    "timeline/index.html",
    "findings/index.html",
    "quotes/index.html",
    "fact-check/index.html",
    "sources/index.html",
    "glossary/index.html",
    "explainers/mission/index.html",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("built") / "proj")
    build(project)
    return project


def html_of(project, page: str) -> str:
    return (project.site / page).read_text(encoding="utf-8")


def test_every_page_is_built(built):
    for page in PAGES:
        assert (built.site / page).is_file(), page
    assert (built.site / "search/search_index.json").is_file()
    assert (built.site / "charts/timeline.svg").is_file()


def test_every_fact_and_source_has_its_anchor_in_the_html(built):
    data, _ = load_site_data(built.data, built.root)
    for kind in ("events", "findings", "comparisons", "quotes", "claims", "sources", "glossary"):
        page = HOME_OF_KIND[kind].replace(".md", "/index.html").replace("index/index.html", "index.html")
        html = html_of(built, page)
        for rid in data.records[kind]:
            assert f'id="{rid}"' in html, (kind, rid)


def test_charts_have_alt_text_caption_and_data_table(built):
    html = html_of(built, "timeline/index.html")
    figure = re.search(r'<figure class="chart" id="chart-timeline">(.*?)</figure>', html, re.S)
    assert figure and re.search(r'<img alt="Timeline of \d+ events', figure.group(1))
    assert "<figcaption>" in figure.group(1) and 'href="../sources/#' in figure.group(1)
    assert "<summary>Data behind the chart: Mission timeline</summary>" in html


def test_glossary_terms_become_tooltips(built):
    assert re.search(r'<abbr title="[^"]+">KREEP</abbr>', html_of(built, "glossary/index.html"))


def test_no_third_party_font_or_cdn_in_pages(built):
    for page in PAGES:
        html = html_of(built, page)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert not re.search(r'<script[^>]+src="https?://', html), page
        for tag in re.findall(r"<link [^>]+>", html):
            if 'rel="canonical"' not in tag:
                assert not re.search(r'href="https?://', tag), (page, tag)


def test_failed_build_leaves_site_as_it_was(built):
    before = {p: p.read_bytes() for p in built.site.rglob("*") if p.is_file()}
    config = built.config.read_text(encoding="utf-8")
    try:
        built.config.write_text(config.replace("- Glossary: glossary.md", "- Missing: missing.md"), encoding="utf-8")
        with pytest.raises(DataError, match="mkdocs build failed"):
            build(built)
    finally:
        built.config.write_text(config, encoding="utf-8")
    after = {p: p.read_bytes() for p in built.site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(built.root.glob(".site-build-*"))


def test_swap_in_replaces_the_tree(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/old.txt").write_text("old")
    (tmp_path / "new").mkdir()
    (tmp_path / "new/new.txt").write_text("new")
    swap_in(tmp_path / "new", tmp_path / "site")
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["new.txt"]
    assert not (tmp_path / "new").exists()
