"""The mission timeline: every event on one time axis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import formatting
from .base import ACCENT, INK, MUTED, Chart, figure, images, sources_of

if TYPE_CHECKING:
    from ..validate import SiteData


def timeline(data: SiteData) -> Chart | None:
    """Every dated event on one time axis, as a labelled lollipop chart; plans (events with as_of) are left out."""
    events = sorted((e for e in data.events.values() if e.as_of is None), key=lambda e: e.start)
    if not events:
        return None
    fig = figure(8, 0.32 * len(events) + 1.2)
    ax = fig.add_subplot()
    xs = [e.start.replace(tzinfo=None) for e in events]
    ys = list(range(len(events)))[::-1]
    ax.hlines(ys, min(xs), xs, color="#d1d5db", linewidth=1)
    colors = [MUTED if e.approximate else ACCENT for e in events]
    ax.scatter(xs, ys, color=colors, zorder=3, s=28)
    for x, y, e in zip(xs, ys, events, strict=True):
        ax.annotate(
            ("~ " if e.approximate else "") + e.title,
            (x, y),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
            color=INK,
        )
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.margins(x=0.45)
    ax.set_xlim(min(xs), max(xs) + (max(xs) - min(xs)) * 0.55)
    ax.tick_params(axis="x", labelsize=8, colors=INK)
    fig.autofmt_xdate(rotation=0, ha="center")
    first, last = events[0], events[-1]
    return Chart(
        name="timeline",
        title="Mission timeline",
        alt=(
            f"Timeline of {len(events)} events from {formatting.when(first.start, first.precision)} "
            f"({first.title}) to {formatting.when(last.start, last.precision)} ({last.title}); "
            "grey markers are approximate dates."
        ),
        caption="Chang'e-6 mission events in UTC. Grey markers: approximate dates.",
        sources=sources_of(events),
        columns=["Event", "UTC", "Beijing time"],
        rows=[[e.title, formatting.event_utc(e), formatting.event_beijing(e)] for e in events],
        **images(fig),
        facts=[e.id for e in events],
    )
