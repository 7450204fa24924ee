"""The mission timeline: every event labelled on one time axis, or, when there are too many to read, counted per period.

A labelled row per event stops being readable (and the SVG grows with every
row) beyond a few dozen events, so a larger set is drawn as bars of events per
month, or per year over a long span. Either way the data table beside the
chart holds every number the chart shows.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .. import formatting, model
from .base import ACCENT, INK, MUTED, Chart, figure, images, sources_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..validate import SiteData

#: Most events drawn one labelled row each; more are counted per month or per year.
MAX_LABELLED = 40
#: Most monthly bars; a longer span is counted per year.
MAX_MONTHS = 96
#: Month abbreviations of the axis and the dot labels (our own, so the output does not depend on the locale).
SHORT_MONTHS = tuple(name[:3] for name in formatting.MONTHS)
STEM = "#d1d5db"
#: Font sizes in points: the SVG is 8 in (768 px) wide, about the width of the page's text column.
LABEL_SIZE = 10
DATE_SIZE = 9
TICK_SIZE = 9.5


def timeline(data: SiteData) -> Chart | None:
    """Dated events (plans, which carry as_of, are left out): labelled one by one, or counted per period."""
    events = sorted((e for e in data.events.values() if e.as_of is None), key=lambda e: e.start)
    if not events:
        return None
    shared = {
        "name": "timeline",
        "title": "Mission timeline",
        "sources": sources_of(events),
        "facts": [e.id for e in events],
    }
    if len(events) <= MAX_LABELLED:
        return _labelled_chart(events, shared)
    return _counted_chart(events, shared)


# --- A few events: one labelled row each ---------------------------------------------------------------------------


def short_date(event: model.Event) -> str:
    """The event's UTC date as written beside its dot: '3 Jun 2024', '1–3 Jun 2024', '~25 Jun 2024', 'Apr 2026'."""
    start, end = event.start, event.end
    if event.precision == "year":
        text = str(start.year)
    elif event.precision == "month":
        text = f"{SHORT_MONTHS[start.month - 1]} {start.year}"
    elif end is None or end.date() == start.date():
        text = f"{start.day} {SHORT_MONTHS[start.month - 1]} {start.year}"
    elif (end.year, end.month) == (start.year, start.month):
        text = f"{start.day}–{end.day} {SHORT_MONTHS[start.month - 1]} {start.year}"
    elif end.year == start.year:
        text = f"{start.day} {SHORT_MONTHS[start.month - 1]} – {end.day} {SHORT_MONTHS[end.month - 1]} {end.year}"
    else:
        text = (
            f"{start.day} {SHORT_MONTHS[start.month - 1]} {start.year} – "
            f"{end.day} {SHORT_MONTHS[end.month - 1]} {end.year}"
        )
    return ("~" if event.approximate else "") + text


def _month_ticks(ax: Axes, left: datetime, right: datetime) -> None:
    """Ticks on the first of a month within the axis, every 1, 2, 3, 6 or 12 months so that at most seven show.

    Labelled with our own month names (the output must not depend on the locale), the year under January and the
    first tick; every 12 months, the year alone.
    """
    start = left.year * 12 + left.month  # the first month that begins inside the axis
    stop = right.year * 12 + right.month - 1
    step = next((s for s in (1, 2, 3, 6) if (stop - start) / s <= 6), 12 * (1 + (stop - start) // 72))
    keys = [k for k in range(start, stop + 1) if k % step == 0] or [start]
    ticks = [datetime(k // 12, k % 12 + 1, 1) for k in keys]
    if step >= 12:
        labels = [str(t.year) for t in ticks]
    else:
        labels = [
            f"{SHORT_MONTHS[t.month - 1]}\n{t.year}" if t.month == 1 or i == 0 else SHORT_MONTHS[t.month - 1]
            for i, t in enumerate(ticks)
        ]
    ax.set_xticks(ticks, labels)
    ax.set_xlim(left, right)


def draw_labelled(events: list[model.Event]) -> Figure:
    """One row per event, earliest at the top: its title on the left, a dot at its time, its date beside the dot."""
    fig = figure(8, 0.34 * len(events) + 0.9)
    ax = fig.add_subplot()
    starts = [e.start.replace(tzinfo=None) for e in events]
    ys = list(range(len(events)))
    colors = [MUTED if e.approximate else ACCENT for e in events]
    first, last = starts[0], starts[-1]
    pad = max((last - first) * 0.03, timedelta(days=1))
    left = first - pad
    ax.hlines(ys, left, starts, color=STEM, linewidth=1)
    ax.scatter(starts, ys, color=colors, zorder=3, s=30, clip_on=False)
    for x, y, e in zip(starts, ys, events, strict=True):
        ax.annotate(
            short_date(e),
            (x, y),
            xytext=(7, 0),
            textcoords="offset points",
            va="center",
            fontsize=DATE_SIZE,
            color=INK if not e.approximate else MUTED,
        )
    ax.set_yticks(ys, [e.title for e in events], fontsize=LABEL_SIZE, color=INK)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(events) - 0.4, -0.6)
    ax.spines["left"].set_visible(False)
    _month_ticks(ax, left, last + pad)
    ax.tick_params(axis="x", labelsize=TICK_SIZE, colors=INK)
    return fig


def _labelled_chart(events: list[model.Event], shared: dict) -> Chart:
    first, last = events[0], events[-1]
    return Chart(
        **shared,
        alt=(
            f"Timeline of {len(events)} events from {formatting.when(first.start, first.precision)} "
            f"({first.title}) to {formatting.when(last.start, last.precision)} ({last.title}), one row each "
            "with its date; grey markers are approximate dates."
        ),
        caption="Chang'e-6 mission events in UTC, one row each, with its date beside the dot. "
        "Grey markers: approximate dates.",
        columns=["Event", "UTC", "Beijing time"],
        rows=[[e.title, formatting.event_utc(e), formatting.event_beijing(e)] for e in events],
        **images(draw_labelled(events)),
    )


# --- Many events: counted per month or per year --------------------------------------------------------------------


class Period(NamedTuple):
    """One bar of the counted chart: a month (key = year * 12 + month - 1) or a year (key = year)."""

    key: int
    label: str
    events: int
    approximate: int


def count_per_period(events: list[model.Event]) -> tuple[str, list[Period], list[Period]]:
    """Events per month (per year over a long span), every period from the first to the last, empty ones too.

    Returns "month" or "year", the periods, and, when counting per month, the events of each year that are dated
    only to the year: they belong to no month, so they get a row in the table but no bar.
    """
    first, last = events[0].start, events[-1].start
    by_month = (last.year - first.year) * 12 + last.month - first.month < MAX_MONTHS
    if by_month and all(e.precision == "year" for e in events):
        by_month = False
    total: Counter[int] = Counter()
    approximate: Counter[int] = Counter()
    year_only: Counter[int] = Counter()
    year_only_approximate: Counter[int] = Counter()
    for e in events:
        if by_month and e.precision == "year":
            year_only[e.start.year] += 1
            year_only_approximate[e.start.year] += e.approximate
            continue
        key = e.start.year * 12 + e.start.month - 1 if by_month else e.start.year
        total[key] += 1
        approximate[key] += e.approximate
    keys = range(min(total), max(total) + 1)
    if not by_month:
        return "year", [Period(k, str(k), total[k], approximate[k]) for k in keys], []
    periods = [
        Period(k, formatting.when(datetime(k // 12, k % 12 + 1, 1), "month"), total[k], approximate[k]) for k in keys
    ]
    unplaced = [
        Period(year, f"{year}, month not reported", n, year_only_approximate[year])
        for year, n in sorted(year_only.items())
    ]
    return "month", periods, unplaced


def _tick_label(period: str, p: Period, first: bool) -> str:
    """A year, or a month with its year under it on January and on the first tick."""
    if period == "year":
        return p.label
    month = SHORT_MONTHS[p.key % 12]
    return f"{month}\n{p.key // 12}" if first or p.key % 12 == 0 else month


def draw_counted(period: str, periods: list[Period]) -> Figure:
    """Stacked bars per period: events with a reported date in blue, approximate ones in grey on top."""
    fig = figure(8, 3.6)
    ax = fig.add_subplot()
    xs = list(range(len(periods)))
    exact = [p.events - p.approximate for p in periods]
    approx = [p.approximate for p in periods]
    ax.bar(xs, exact, width=0.8, color=ACCENT, linewidth=0)
    if any(approx):
        ax.bar(xs, approx, bottom=exact, width=0.8, color=MUTED, linewidth=0)
    # A tick on every step-th month (from January) or year, about a dozen in all.
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if len(periods) / s <= 12), 240)
    ticks = [i for i, p in enumerate(periods) if p.key % step == 0] or [0]
    ax.set_xticks(ticks, [_tick_label(period, periods[i], i == ticks[0]) for i in ticks])
    ax.set_xlim(-0.7, len(periods) - 0.3)
    ax.set_ylim(0, max(p.events for p in periods) * 1.06)  # the stacked bars' bottoms would pin the top otherwise
    ax.tick_params(axis="both", labelsize=TICK_SIZE, colors=INK)
    ax.set_ylabel(f"Events per {period}", color=INK, fontsize=LABEL_SIZE)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig


def _counted_chart(events: list[model.Event], shared: dict) -> Chart:
    period, periods, unplaced = count_per_period(events)
    busiest = max(periods, key=lambda p: p.events)
    n_unplaced = sum(p.events for p in unplaced)
    not_drawn = (
        f" {formatting.number(n_unplaced)} events dated only to the year belong to no month: the table counts them, "
        "the bars do not."
        if n_unplaced
        else ""
    )
    table = [[p.label, formatting.number(p.events), formatting.number(p.approximate)] for p in [*periods, *unplaced]]
    return Chart(
        **shared,
        alt=(
            f"Bar chart of the number of events per {period}, from {periods[0].label} to {periods[-1].label}: "
            f"{formatting.number(len(events))} events in all, too many to label one by one; the busiest {period} "
            f"is {busiest.label} with {formatting.number(busiest.events)} events."
        ),
        caption=f"{formatting.number(len(events))} events are too many to label one by one, so the chart counts "
        f"them per {period} (UTC). Blue: events with a reported date; grey: approximate dates. Every event is "
        f"listed with its time on the timeline page.{not_drawn}",
        columns=[period.capitalize(), "Events", "Of which approximate"],
        rows=table,
        **images(draw_counted(period, periods)),
    )
