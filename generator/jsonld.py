"""Structured data (schema.org JSON-LD) for each generated page, one node per fact.

The renderer puts the result in the page's front matter; the theme override
``templates/theme/main.html`` writes it into the page head with ``tojson``, so
any engine that renders Material's templates (MkDocs, Zensical) publishes it.
Every node names its sources in ``citation``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import formatting, model
from .addresses import LICENSE_URL, SiteInfo, page_url, permalink_path
from .validate import SiteData

CONTEXT = "https://schema.org"
#: Verdicts on a 1 (worst) to 5 (best) scale; "unverified" has no place on it and gets no number.
RATING: dict[str, int] = {"inaccurate": 1, "misleading": 2, "outdated": 3, "mostly-accurate": 4, "accurate": 5}


def organization(site: SiteInfo) -> dict[str, Any]:
    return {"@type": "Organization", "name": site.name, "url": site.url}


def source_node(source: model.Source) -> dict[str, Any]:
    """A source as a CreativeWork: title, publisher, date, address."""
    node: dict[str, Any] = {
        "@type": "ScholarlyArticle" if source.kind == "paper" else "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "datePublished": source.published,
    }
    if source.link:
        node["url"] = source.link
    if source.doi:
        node["identifier"] = f"https://doi.org/{source.doi}"
    if source.authors:
        node["author"] = [{"@type": "Person", "name": a} for a in source.authors]
    return node


def citations(data: SiteData, fact: model.Fact) -> list[dict[str, Any]]:
    return [source_node(data.sources[c.source]) for c in fact.sources if c.source in data.sources]


def _common(data: SiteData, fact: model.Fact, kind: str, site: SiteInfo) -> dict[str, Any]:
    from .render import HOME_OF_KIND

    url = site.absolute(page_url(HOME_OF_KIND[kind])) + "#" + fact.id
    node: dict[str, Any] = {
        "@id": url,
        "url": url,
        "identifier": fact.id,
        "sameAs": site.absolute(permalink_path(fact.id)),
        "citation": citations(data, fact),
    }
    if fact.checked:
        node["dateModified"] = fact.checked
    return node


def event(data: SiteData, e: model.Event, site: SiteInfo) -> dict[str, Any]:
    node = {"@type": "Event", "name": e.title, "description": e.summary, "startDate": e.utc}
    if e.end_utc:
        node["endDate"] = e.end_utc
    if e.place:  # search engines want a location; we give one only when the sources do
        node["location"] = {"@type": "Place", "name": e.place}
    node["eventStatus"] = "https://schema.org/EventScheduled"
    return {**node, **_common(data, e, "events", site)}


def quotation(data: SiteData, q: model.Quote, site: SiteInfo) -> dict[str, Any]:
    person = data.people.get(q.speaker)
    speaker: dict[str, Any] = {"@type": "Person", "name": person.name if person else q.speaker}
    if person and person.affiliation:
        speaker["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    node: dict[str, Any] = {
        "@type": "Quotation",
        "text": q.text,
        "inLanguage": q.language,
        "creator": speaker,
        "spokenByCharacter": speaker,
    }
    if q.published:
        node["datePublished"] = q.published
    if q.first_published and q.first_published in data.sources:
        node["isBasedOn"] = source_node(data.sources[q.first_published])
    return {**node, **_common(data, q, "quotes", site)}


def claim_review(data: SiteData, c: model.Claim, site: SiteInfo, today: date) -> dict[str, Any]:
    """A ClaimReview: the claim as published, where it first appeared, our rating of it."""
    appeared = data.sources.get(c.appeared_in)
    appearance = source_node(appeared) if appeared else {"@type": "CreativeWork", "name": c.appeared_in}
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance, "firstAppearance": appearance}
    if appeared:
        claim["datePublished"] = appeared.published
        claim["author"] = (
            [{"@type": "Person", "name": a} for a in appeared.authors]
            if appeared.authors
            else {"@type": "Organization", "name": appeared.publisher}
        )
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": model.VERDICTS[c.verdict]}
    if c.verdict in RATING:
        rating.update(ratingValue=RATING[c.verdict], bestRating=5, worstRating=1)
    node = {
        "@type": "ClaimReview",
        "claimReviewed": c.text,
        "itemReviewed": claim,
        "reviewRating": rating,
        "reviewBody": c.explanation,
        "author": organization(site),
        "datePublished": c.checked or today.isoformat(),
    }
    return {**node, **_common(data, c, "claims", site)}


def observation(data: SiteData, m: model.Measurement, kind: str, site: SiteInfo) -> dict[str, Any]:
    """A finding as an Observation: what was measured, on what, the value and unit."""
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": m.unit, "description": formatting.measurement(m)}
    for key, number in (("value", m.value), ("minValue", m.low), ("maxValue", m.high)):
        if number is not None:
            value[key] = number
    node = {
        "@type": "Observation",
        "name": m.title,
        "measuredProperty": {"@type": "Property", "name": m.quantity},
        "observationAbout": {"@type": "Thing", "name": m.subject},
        "value": value,
        "measurementMethod": m.method,
    }
    return {**node, **_common(data, m, kind, site)}


def dataset(data: SiteData, site: SiteInfo, files: list[tuple[str, str]], today: date) -> dict[str, Any]:
    """The downloads as one Dataset with a DataDownload per file: (site path, media type)."""
    sources = [source_node(s) for s in data.sources.values()]
    dates = [r.checked for _, r in data.facts() if r.checked]
    node: dict[str, Any] = {
        "@type": "Dataset",
        "@id": site.absolute("data/"),
        "url": site.absolute("data/"),
        "name": f"{site.name}: facts",
        "description": (
            "Every fact on the site (mission events, sample findings, comparison data, quotes, checked claims), "
            "its sources and glossary, as JSON and CSV with a JSON Schema, each fact citing its sources."
        ),
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": organization(site),
        "publisher": organization(site),
        "distribution": [
            {"@type": "DataDownload", "contentUrl": site.absolute(path), "encodingFormat": media}
            for path, media in files
        ],
        "citation": sources,
        "dateModified": max(dates) if dates else today.isoformat(),
    }
    return node


def for_page(
    path: str, data: SiteData, site: SiteInfo, today: date, files: list[tuple[str, str]]
) -> dict[str, Any] | None:
    """The JSON-LD of a generated page, or None when the page has no facts to describe."""
    nodes: list[dict[str, Any]] = []
    if path == "timeline.md":
        nodes = [event(data, e, site) for e in data.events.values()]
    elif path == "findings.md":
        nodes = [observation(data, m, "findings", site) for m in data.findings.values()]
        nodes += [observation(data, m, "comparisons", site) for m in data.comparisons.values()]
    elif path == "quotes.md":
        nodes = [quotation(data, q, site) for q in data.quotes.values()]
    elif path == "fact-check.md":
        nodes = [claim_review(data, c, site, today) for c in data.claims.values()]
    elif path == "data.md":
        nodes = [dataset(data, site, files, today)]
    if not nodes:
        return None
    return {"@context": CONTEXT, "@graph": nodes}
