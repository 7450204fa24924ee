"""Structured data in each page's head: the properties schema.org (and search engines' rich results) need."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from reuse_data import HOSTILE, enrich

from generator.addresses import page_url, read_site_info
from generator.model import FACT_KINDS, VERDICTS
from generator.pipeline import build
from generator.render import HOME_OF_KIND, front_matter_block, front_matter_json

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def built_with_zensical(tmp_path_factory):
    from conftest import copy_project

    project = enrich(copy_project(tmp_path_factory.mktemp("jsonld-zensical") / "proj"))
    build(project, engine="zensical")
    return project


def page_html(project, content_path: str) -> str:
    return (project.site / page_url(content_path) / "index.html").read_text(encoding="utf-8")


def graph(project, content_path: str) -> list[dict]:
    scripts = SCRIPT.findall(page_html(project, content_path))
    assert len(scripts) == 1, f"{content_path} should have one JSON-LD script"
    payload = json.loads(scripts[0])
    assert payload["@context"] == "https://schema.org"
    return payload["@graph"]


def nodes_of(project, content_path: str, type_: str) -> list[dict]:
    return [n for n in graph(project, content_path) if n["@type"] == type_]


def assert_cites_sources(node: dict) -> None:
    assert node["citation"], node.get("identifier")
    for work in node["citation"]:
        assert work["name"] and work["publisher"]["name"] and work["datePublished"]


def test_every_fact_is_in_its_pages_json_ld(enriched_site):
    project, data = enriched_site
    for kind in FACT_KINDS:
        ids = {n["identifier"] for n in graph(project, HOME_OF_KIND[kind])}
        assert set(data.records[kind]) <= ids, kind
        for node in graph(project, HOME_OF_KIND[kind]):
            assert node["url"].endswith(f"/{page_url(HOME_OF_KIND[kind])}#{node['identifier']}")
            assert node["sameAs"].endswith(f"/fact/{node['identifier']}/")


def test_events_carry_name_start_date_and_location(enriched_site):
    project, data = enriched_site
    events = nodes_of(project, "timeline.md", "Event")
    assert len(events) == len(data.events)
    for node in events:
        assert node["name"] and node["startDate"]
        if data.events[node["identifier"]].place:
            assert node["location"] == {"@type": "Place", "name": data.events[node["identifier"]].place}
        else:
            assert "location" not in node, "no invented places"
        assert_cites_sources(node)
    test = next(n for n in events if n["identifier"] == "reuse-test-event")
    assert test["startDate"] == "2024-06-01T22:23Z" and test["location"]["name"] == "Apollo basin"


def test_quotes_carry_text_speaker_and_citation(enriched_site):
    project, data = enriched_site
    quotes = nodes_of(project, "quotes.md", "Quotation")
    assert len(quotes) == len(data.quotes)
    for node in quotes:
        assert node["text"] and node["creator"]["name"] and node["spokenByCharacter"]["@type"] == "Person"
        assert_cites_sources(node)
    test = next(n for n in quotes if n["identifier"] == "reuse-test-quote")
    assert test["creator"]["name"] == "Pat Speaker" and test["isBasedOn"]["url"] == "https://example.com/article"


def test_claim_reviews_carry_claim_claimant_appearance_and_rating(enriched_site):
    project, data = enriched_site
    reviews = nodes_of(project, "fact-check.md", "ClaimReview")
    assert len(reviews) == len(data.claims)
    for node in reviews:
        assert node["claimReviewed"] and node["url"] and node["datePublished"]
        assert node["author"]["@type"] == "Organization" and node["author"]["name"]
        claim = node["itemReviewed"]
        assert claim["@type"] == "Claim" and claim["author"] and claim["datePublished"]
        assert claim["appearance"]["name"] and claim["firstAppearance"]["name"]
        rating = node["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] in VERDICTS.values()
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert_cites_sources(node)
    by_id = {n["identifier"]: n for n in reviews}
    test = by_id["reuse-test-claim"]
    assert test["claimReviewed"] == HOSTILE and test["reviewRating"]["ratingValue"] == 2
    assert test["itemReviewed"]["author"] == [{"@type": "Person", "name": "Ann Author"}]
    assert test["itemReviewed"]["firstAppearance"]["url"] == "https://example.com/article"
    assert "ratingValue" not in by_id["reuse-test-claim-unverified"]["reviewRating"]


def test_findings_are_observations_with_value_and_unit(enriched_site):
    project, data = enriched_site
    observations = nodes_of(project, "findings.md", "Observation")
    assert len(observations) == len(data.findings) + len(data.comparisons)
    test = next(n for n in observations if n["identifier"] == "reuse-test-finding")
    assert test["value"]["value"] == 12.5 and test["value"]["unitText"] == "g"
    assert test["measuredProperty"]["name"] == "Mass" and test["observationAbout"]["name"] == "Test sample"


def test_data_page_describes_the_downloads_as_a_dataset(enriched_site):
    project, _ = enriched_site
    (dataset,) = nodes_of(project, "data.md", "Dataset")
    assert dataset["name"] and dataset["description"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"]["name"]
    formats = {d["encodingFormat"] for d in dataset["distribution"]}
    assert formats == {"application/json", "text/csv"}
    for download in dataset["distribution"]:
        assert download["@type"] == "DataDownload"
        path = download["contentUrl"].removeprefix(read_site_info(project.config).url)
        assert (project.site / path).is_file(), path
    assert dataset["citation"]


def test_text_from_the_data_cannot_break_out_of_the_script(enriched_site):
    project, _ = enriched_site
    page = page_html(project, "fact-check.md")
    (script,) = SCRIPT.findall(page)
    assert "<" not in script and ">" not in script, "tojson must escape < and >"
    assert "alert(1)</script>" not in page.replace("&lt;/script&gt;", "")


def test_front_matter_json_is_inert_and_lossless():
    value = {"a": HOSTILE + " [x](y) {% raw %} # : | !", "n": [1.5, None, True]}
    text = front_matter_json(value)
    assert json.loads(text) == value
    for literal in re.findall(r'"(?:[^"\\]|\\.)*"', text):
        assert not re.search(r"[<>\[\]{}%`#|!:*]", literal), literal


def test_pages_without_facts_have_no_json_ld_and_every_page_links_the_feed(enriched_site):
    project, _ = enriched_site
    assert not SCRIPT.findall(page_html(project, "sources.md"))
    for content_path in ("index.md", "timeline.md", "corrections.md"):
        assert 'type="application/atom+xml"' in page_html(project, content_path)


def test_front_matter_holds_json_ld_as_one_literal_string(enriched_site):
    # As flow YAML (JSON is YAML) Zensical's front matter parser took time quadratic in its length: at 2,000
    # facts the build took 39 s instead of 10 s. A block scalar is read as a plain string by both engines.
    project, _ = enriched_site
    for kind in FACT_KINDS:
        text = (project.content / HOME_OF_KIND[kind]).read_text(encoding="utf-8")
        front = text.split("---\n", 2)[1]
        assert "\njsonld: |-\n  {" in "\n" + front, kind
        value = yaml.safe_load(front)["jsonld"]
        assert isinstance(value, str) and "\n" not in value
        assert json.loads(value)["@graph"] == graph(project, HOME_OF_KIND[kind])


def test_zensical_writes_the_same_json_ld_into_the_head(enriched_site, built_with_zensical):
    project, _ = enriched_site
    for content_path in ("timeline.md", "findings.md", "quotes.md", "fact-check.md", "data.md"):
        assert graph(built_with_zensical, content_path) == graph(project, content_path), content_path
    (script,) = SCRIPT.findall(page_html(built_with_zensical, "fact-check.md"))
    assert "<" not in script and ">" not in script
    assert not SCRIPT.findall(page_html(built_with_zensical, "sources.md"))


def test_front_matter_block_takes_one_line_only():
    assert yaml.safe_load(front_matter_block("k", '{"a":"b: c # d"}')) == {"k": '{"a":"b: c # d"}'}
    for bad in ("a\nb", " a", "a "):
        with pytest.raises(ValueError):
            front_matter_block("k", bad)
