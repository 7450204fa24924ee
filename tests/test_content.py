"""The Chang'e-6 record is complete and honest: every seed claim and quote, every chart, sources from originals."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator import model
from generator.charts import draw_all
from generator.validate import SiteData, load_site_data

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO.parent / "shared" / "seeds"
SEED_FILES = {"seed-a-blog-2025": "000_1dfc6eb6697608dc.txt", "seed-b-verge-2024": "002_9ab8b3a07465a574.txt"}

#: Copies and mirrors the research found; a source may name one in seen_via, never as its url.
MIRROR_DOMAINS = {
    "bohrium.dp.tech",
    "vuink.com",
    "folu.me",
    "politic-news.space",
    "mybharat.guru",
    "tgcom24-copy",
    "proxy.weglot.com",
    "ablesci.com",
    "feedrapid.com",
    "tiisys.com",
    "suppr.wilddata.cn",
    "researchbunny.com",
    "775mail.com",
    "yuzhongnet.com",
    "ming7.cn",
    "m.tyhy56.com",
    "xn--znx16ot8z.net",
    "wiki.av1.space",
    "abovetopsecret.com",
    "adgruz48.asia",
    "astrovox.gr",
    "liquisearch.com",
    "amacnews.com",
    "myglobalnews.net",
    "spaceanddefense.io",
    "nexusnews.pro",
}

#: The charts the issue asks for.
CHARTS = ["timeline", "basalt-ages", "mantle-water", "crust-and-mare", "returned-mass"]

#: Words that count as a unit after a number typed into a hand-written page.
UNIT_WORDS = (
    r"µg/g|μg/g|g/cm³|km/s|kg|km|lb|ppm|wt%|Ma|Ga|Gyr|g|t|m|h|d|%|°|‰|"
    r"tonnes?|grams?|kilograms?|pounds?|kilometres?|metres?|hours?|days?|years?|billion|million|thousand"
)
TYPED_NUMBER = re.compile(rf"(?<![\w-])\d[\d,.]*\s*(?:{UNIT_WORDS})(?![\w])")


@pytest.fixture(scope="module")
def data() -> SiteData:
    loaded, problems = load_site_data(REPO / "site_data", REPO)
    assert not problems.errors, problems.to_text()
    return loaded


def normalise(text: str) -> str:
    """Curly quotes to straight, Markdown links to their text, emphasis and runs of spaces dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "")
    return re.sub(r"\s+", " ", text)


def seed_text(source_id: str) -> str:
    return normalise((SEEDS_DIR / SEED_FILES[source_id]).read_text(encoding="utf-8"))


def pieces(text: str) -> list[str]:
    """The verbatim pieces of a quoted text: what lies between our '…' omissions and '[...]' insertions."""
    return [p.strip(" .,") for p in re.split(r"…|\[[^\]]*\]", normalise(text)) if p.strip(" .,")]


def typed_numbers(template: str) -> list[str]:
    """Numbers with units typed into a hand-written page outside {{ }}, {% %} and {# #}, and outside front matter."""
    body = re.sub(r"\A---\n.*?\n---\n", "", template, flags=re.S)
    body = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", body, flags=re.S)
    return TYPED_NUMBER.findall(body)


# -- claims -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "count", "seed"), [("A", 21, "seed-a-blog-2025"), ("B", 7, "seed-b-verge-2024")])
def test_every_seed_claim_is_checked(data, prefix, count, seed):
    by_label = {c.label: c for c in data.claims.values()}
    for n in range(1, count + 1):
        claim = by_label.get(f"{prefix}{n}")
        assert claim is not None, f"claim {prefix}{n} is missing"
        assert claim.appeared_in == seed, claim.id
        assert claim.verdict in model.VERDICTS
        assert claim.settled_by and claim.explanation
        for fact_id in claim.settled_by:
            assert data.kind_of(fact_id) in model.FACT_KINDS, (claim.id, fact_id)


def test_claim_ids_name_their_label(data):
    for claim in data.claims.values():
        assert claim.label and claim.id.startswith(f"claim-{claim.label.lower()}-"), claim.id


def test_claims_are_quoted_verbatim_from_their_seed(data):
    for claim in data.claims.values():
        if claim.appeared_locator and "our summary" in claim.appeared_locator:
            continue
        seed = seed_text(claim.appeared_in)
        for piece in pieces(claim.text):
            assert piece in seed, f"{claim.id}: {piece!r} is not in the seed as published"


def test_unverified_and_outdated_verdicts_are_explained(data):
    for claim in data.claims.values():
        if claim.verdict == "outdated":
            assert claim.as_of, f"{claim.id}: an outdated verdict needs the date it holds for"
        if claim.verdict == "unverified":
            assert re.search(r"could not|not find|found no|no source", claim.explanation), claim.id


# -- quotes -----------------------------------------------------------------------------------------


def seed_quotations(source_id: str) -> list[str]:
    """Every span in curly quotes of four words or more in a seed article: the quotes it attributes."""
    raw = (SEEDS_DIR / SEED_FILES[source_id]).read_text(encoding="utf-8")
    spans = re.findall(r"\u201c(.+?)\u201d", raw)
    return [s for s in (normalise(x).strip(" .,") for x in spans) if len(s.split()) >= 4]


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_quote_in_the_seeds_is_recorded_with_its_status(data, seed):
    quotes = [q for q in data.quotes.values() if any(c.source == seed for c in q.sources)]
    recorded = [piece for q in quotes for piece in pieces(q.text)]
    found = seed_quotations(seed)
    assert found, "the seed should contain quotations"
    for span in found:
        assert any(span in piece or piece in span for piece in recorded if len(piece.split()) >= 3), (
            f"the seed quote {span!r} has no quote record"
        )
    for q in quotes:
        assert q.status in model.ORIGIN_STATUSES


def test_quotes_the_research_could_not_trace_are_marked_not_found(data):
    for quote_id in (
        "quote-xu-volcanically-dead",
        "quote-xu-hemispheric-differences",
        "quote-neal-how-little-we-know",
        "quote-unnamed-geochemist",
        "quote-mccubbin-landmark",
        "quote-hu-driest-desert",
    ):
        assert data.quotes[quote_id].status == "not-found", quote_id
    assert data.quotes["quote-donaldson-hanna-dream"].status == "probable"
    verified = [q for q in data.quotes.values() if q.status == "verified"]
    assert len(verified) >= 3
    assert all(q.first_published and q.published for q in verified)


# -- findings, comparisons, events --------------------------------------------------------------------


def test_the_findings_the_issue_lists_are_present_with_a_paper(data):
    needed = {
        "ce6-sample-mass": "g",
        "ce6-soil-bulk-density": "g/cm³",
        "ce6-basalt-age-young": "Ma",
        "ce6-basalt-age-old": "Ma",
        "ce6-basalt-age-science": "Ma",
        "ce6-basalt-age-third-team": "Ga",
        "ce6-volcanism-duration": "Gyr",
        "ce6-spa-basin-age": "Ga",
        "ce6-apollo-basin-age": "Ga",
        "ce6-mantle-water": "µg/g",
        "ce6-glass-water": "µg/g",
    }
    for fact_id, unit in needed.items():
        finding = data.findings[fact_id]
        assert finding.unit == unit and finding.method, fact_id
    for fact_id in ("ce6-soil-mineralogy", "ce6-soil-chemistry"):
        assert data.findings[fact_id].parts
    assert {data.findings[i].group for i in ("ce6-source-mu-old", "ce6-source-mu-young")} == {"kreep-sources"}
    papers = [f for f in data.findings.values() if f.group in ("basalt-ages", "mantle-water", "soil-properties")]
    for finding in papers:
        cited = [data.sources[c.source] for c in finding.sources]
        assert any(s.doi for s in cited) or finding.id == "ce6-basalt-age-third-team", finding.id


@pytest.mark.parametrize(
    ("group", "quantity"),
    [
        ("landing-site", "Latitude, degrees south"),
        ("launch-mass", "Mass of the four-module spacecraft"),
        ("mare-coverage", "Share of the near side covered by mare basalt"),
    ],
)
def test_disagreeing_sources_each_get_a_record(data, group, quantity):
    records = [
        m for m in [*data.findings.values(), *data.comparisons.values()] if m.group == group and m.quantity == quantity
    ]
    assert len(records) >= 2
    assert len({m.value for m in records}) >= 2, "the values differ between sources"
    assert len({m.sources[0].source for m in records}) == len(records), "one record per source"


def test_comparison_groups_the_charts_use_have_data(data):
    groups = {m.group for m in data.comparisons.values()}
    assert {"crust-thickness", "mare-coverage", "mantle-water", "returned-mass"} <= groups
    missions = {m.subject for m in data.comparisons.values() if m.group == "returned-mass"}
    assert {"Apollo 11", "Apollo 17", "Luna 16", "Luna 20", "Luna 24", "Chang'e-5"} <= missions


def test_every_event_the_sheet_lists_is_on_the_timeline(data):
    for event_id in (
        "queqiao-2-launch",
        "ce6-launch",
        "ce6-lunar-orbit",
        "ce6-icube-q-release",
        "ce6-stack-separation",
        "ce6-landing",
        "ce6-sampling",
        "ce6-ascent",
        "ce6-docking",
        "ce6-sample-transfer",
        "ce6-trans-earth-injection",
        "ce6-returner-separation",
        "ce6-reentry",
        "ce6-touchdown",
        "ce6-returner-opening",
        "ce6-handover",
        "ce6-first-paper",
        "ce6-basalt-papers",
        "ce6-spa-age-paper",
        "ce6-water-paper",
    ):
        assert event_id in data.events, event_id
    for undated in ("ce6-stack-separation", "ce6-trans-earth-injection"):
        assert data.events[undated].approximate and data.events[undated].note, undated


def test_plans_carry_the_date_they_hold_for(data):
    plans = [e for e in data.events.values() if "planned" in e.title.lower()]
    assert len(plans) >= 3
    for event in plans:
        assert event.as_of and event.approximate, event.id
    page = (REPO / "content" / "explainers" / "next.md.j2").read_text(encoding="utf-8")
    assert page.count(".as_of|long_date") >= 2
    for event in plans:
        assert event.id in page, f"{event.id} is not on the 'what comes next' page"


# -- charts -----------------------------------------------------------------------------------------


def test_every_chart_the_issue_lists_exists_with_its_data_table(data):
    charts = draw_all(data)
    for name in CHARTS:
        chart = charts.get(name)
        assert chart is not None, f"chart {name} is missing"
        assert chart.rows and all(len(row) == len(chart.columns) for row in chart.rows), name
        assert chart.sources and all(s in data.sources for s in chart.sources), name
        assert chart.svg.startswith(b"<?xml"), name
        assert len(chart.facts) == len(chart.rows), name


def test_the_water_chart_shows_every_mantle_estimate_on_a_log_axis(data):
    chart = draw_all(data)["mantle-water"]
    wanted = [m.id for m in [*data.findings.values(), *data.comparisons.values()] if m.group == "mantle-water"]
    assert sorted(chart.facts) == sorted(wanted)
    assert "ce6-mantle-water" in chart.facts and "water-ce5-mantle" in chart.facts
    assert "logarithmic" in chart.caption.lower()


# -- hand-written pages -----------------------------------------------------------------------------


def test_the_number_scanner_finds_typed_numbers():
    assert typed_numbers("It brought back 1,935.3 g of soil, 4.2 billion years old.") == ["1,935.3 g", "4.2 billion"]
    assert typed_numbers('Mass: {{ fact("ce6-sample-mass") }}; Chang\'e-6 and Apollo 12 landed.') == []


@pytest.mark.parametrize("page", sorted((REPO / "content" / "explainers").glob("*.md.j2")), ids=lambda p: p.name)
def test_no_number_is_typed_into_an_explainer(page):
    assert typed_numbers(page.read_text(encoding="utf-8")) == []


def test_every_explainer_is_in_the_nav():
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for page in (REPO / "content" / "explainers").glob("*.md.j2"):
        assert f"explainers/{page.name.removesuffix('.j2')}" in nav, page.name


# -- sources ----------------------------------------------------------------------------------------


def test_every_source_has_an_accessed_date_and_an_original_address(data):
    for source in data.sources.values():
        assert source.accessed, source.id
        if source.url is None and source.doi is None:
            assert source.kind == "seed" and source.seen_note, source.id
            continue
        if source.url:
            host = urlparse(source.url).hostname or ""
            assert not any(host == d or host.endswith("." + d) for d in MIRROR_DOMAINS), (
                f"{source.id} cites the mirror {host} as its address; put it in seen_via"
            )
        if source.seen_via:
            assert source.seen_note, f"{source.id}: say what was and was not checked in the copy"
            assert source.seen_via != source.url, source.id


def test_every_seed_article_has_a_seed_source(data):
    for seed in SEED_FILES:
        assert data.sources[seed].kind == "seed"
    assert data.sources["seed-b-verge-2024"].publisher == "The Verge"
    assert data.sources["seed-b-verge-2024"].published == "2024-06-25"
    assert "unknown" in (data.sources["seed-a-blog-2025"].seen_note or "") or "not known" in (
        data.sources["seed-a-blog-2025"].seen_note or ""
    )


def test_papers_are_cited_by_doi(data):
    for source_id in (
        "zhang-2024-nature",
        "cui-2024-science",
        "li-2024-nsr",
        "su-2025-nsr-spa",
        "hu-2025-nature-water",
        "he-2025-ncomms-glass",
        "hu-2021-nature-ce5",
    ):
        assert data.sources[source_id].doi, source_id


# -- glossary ---------------------------------------------------------------------------------------


def test_the_glossary_has_every_term_the_issue_lists(data):
    spellings = {t for g in data.glossary.values() for t in [g.term, *g.aliases]}
    for term in (
        "KREEP",
        "mare",
        "Ga",
        "Ma",
        "SPA basin",
        "Apollo basin",
        "Pb–Pb dating",
        "SIMS",
        "EMPA",
        "SEM",
        "apatite",
        "melt inclusion",
        "ppm",
        "µg/g",
        "regolith",
    ):
        assert term in spellings, term
    for g in data.glossary.values():
        assert g.short.endswith("."), g.id
