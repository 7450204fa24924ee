"""The corrections log: every recorded change of a fact's value, newest first, and its Atom feed.

The feed's dates come from the data, never the clock, so the same data gives
the same feed; entry ids are tag URIs built from the fact id and the
correction's place in its list, so they never change once published.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model
from .addresses import SiteInfo, page_url, permalink_path
from .validate import SiteData

FEED_PATH = "corrections.xml"


@dataclass(frozen=True)
class Entry:
    """One correction of one fact."""

    kind: str
    record: model.Fact
    index: int
    correction: model.Correction

    @property
    def date(self) -> str:
        return self.correction.date


def log(data: SiteData) -> list[Entry]:
    """Every correction, newest first (then by fact id, then newest within a fact)."""
    entries = [
        Entry(kind, record, i, c)
        for kind, record in data.facts()
        if isinstance(record, model.Fact)
        for i, c in enumerate(record.corrections)
    ]
    return sorted(entries, key=lambda e: (e.date, e.record.id, e.index), reverse=True)


def feed_updated(data: SiteData) -> str:
    """The feed's last change as an Atom date: the newest correction, else the newest check or access date."""
    dates = [e.date for e in log(data)]
    if not dates:
        dates = [r.checked for _, r in data.facts() if r.checked] or [s.accessed for s in data.sources.values()]
    return (max(dates) if dates else "2000-01-01") + "T00:00:00Z"


def entry_id(site: SiteInfo, entry: Entry) -> str:
    """A stable, unique Atom id (RFC 4151 tag URI)."""
    return f"tag:{site.host},{entry.date[:4]}:correction/{entry.record.id}/{entry.index}"


def feed_context(data: SiteData, site: SiteInfo) -> dict[str, object]:
    """What templates/corrections.xml.j2 needs."""
    from .render import HOME_OF_KIND, title_of

    items = [
        {
            "id": entry_id(site, e),
            "title": f"Corrected: {title_of(e.record)}",
            "updated": e.date + "T00:00:00Z",
            "link": site.absolute(page_url(HOME_OF_KIND[e.kind])) + "#" + e.record.id,
            "permalink": site.absolute(permalink_path(e.record.id)),
            "old": e.correction.old,
            "new": e.correction.new,
            "reason": e.correction.reason,
        }
        for e in log(data)
    ]
    return {
        "site": site,
        "feed_id": site.absolute(FEED_PATH),
        "feed_url": site.absolute(FEED_PATH),
        "page_url": site.absolute(page_url("corrections.md")),
        "updated": feed_updated(data),
        "entries": items,
    }
