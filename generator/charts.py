"""Draw the site's charts from the data with matplotlib, as deterministic SVG.

Every number a chart shows comes from a record; this module holds only the
drawing. Each chart also carries its alt text, caption, sources and data table,
so the page shows the same numbers as text beside the picture.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import formatting, model

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .validate import SiteData

#: Fixed settings that make the same data give the same bytes, and small files.
RC = {
    "svg.hashsalt": "factsite",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}
INK = "#1f2937"
ACCENT = "#2563eb"
SECOND = "#dc2626"
MUTED = "#6b7280"


@dataclass
class Chart:
    """A drawn chart and everything shown with it."""

    name: str
    title: str
    alt: str
    caption: str
    sources: list[str]
    columns: list[str]
    rows: list[list[str]]
    svg: bytes = b""
    facts: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Where the SVG lives in content/."""
        return f"charts/{self.name}.svg"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "factsite"})
    return buffer.getvalue()


def _sources_of(records: list[model.Fact]) -> list[str]:
    seen: dict[str, None] = {}
    for record in records:
        for citation in record.sources:
            seen.setdefault(citation.source, None)
    return list(seen)


def timeline(data: SiteData) -> Chart | None:
    """Every dated event on one time axis, as a labelled lollipop chart."""
    events = sorted(data.events.values(), key=lambda e: e.start)
    if not events:
        return None
    fig = _figure(8, 0.32 * len(events) + 1.2)
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
        sources=_sources_of(events),
        columns=["Event", "UTC", "Beijing time"],
        rows=[[e.title, formatting.event_utc(e), formatting.event_beijing(e)] for e in events],
        svg=_svg(fig),
        facts=[e.id for e in events],
    )


def basalt_ages(data: SiteData) -> Chart | None:
    """Basalt ages with their uncertainties, against the wider lunar volcanic record when present."""
    records: list[model.Measurement] = [
        m
        for m in [*data.findings.values(), *data.comparisons.values()]
        if m.group in ("basalt-ages", "lunar-volcanism") and formatting.central(m) is not None
    ]
    if not records:
        return None
    records.sort(key=lambda m: formatting.central(m) or 0)
    to_ga = {"Ma": 1 / 1000, "Ga": 1.0}
    fig = _figure(8, 0.42 * len(records) + 1.3)
    ax = fig.add_subplot()
    for y, m in enumerate(records):
        scale = to_ga.get(m.unit, 1.0)
        x = (formatting.central(m) or 0) * scale
        color = ACCENT if isinstance(m, model.Finding) else MUTED
        if m.low is not None and m.high is not None and m.value is None:
            ax.hlines(y, m.low * scale, m.high * scale, color=color, linewidth=5, alpha=0.6)
        err = (m.uncertainty or 0) * scale
        ax.errorbar([x], [y], xerr=[[err], [err]], fmt="o", color=color, capsize=4, markersize=5)
        ax.annotate(
            formatting.measurement(m),
            (x, y),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=INK,
        )
    ax.set_yticks(range(len(records)), [m.title for m in records], fontsize=8.5, color=INK)
    ax.set_xlabel("Age (billion years ago)", color=INK)
    ax.invert_xaxis()
    ax.set_ylim(-0.7, len(records) - 0.3)
    return Chart(
        name="basalt-ages",
        title="Ages of far-side basalts",
        alt="Dot plot of basalt ages in billions of years: "
        + "; ".join(f"{m.title} {formatting.measurement(m)}" for m in records)
        + ".",
        caption="Ages of Chang'e-6 basalts (blue) with their reported uncertainties"
        + (
            ", and other lunar volcanic ages for context (grey)."
            if any(isinstance(m, model.Comparison) for m in records)
            else "."
        ),
        sources=_sources_of(records),
        columns=["Sample", "Age", "Method"],
        rows=[[m.title, formatting.measurement(m), m.method] for m in records],
        svg=_svg(fig),
        facts=[m.id for m in records],
    )


#: Every chart, in the order the site shows them. Each builder returns None when its data is absent.
CHARTS: list[Callable[[SiteData], Chart | None]] = [timeline, basalt_ages]


def draw_all(data: SiteData) -> dict[str, Chart]:
    """Draw every chart whose data is present."""
    import matplotlib

    charts: dict[str, Chart] = {}
    with matplotlib.rc_context(RC):
        for builder in CHARTS:
            chart = builder(data)
            if chart is not None:
                charts[chart.name] = chart
    return charts
