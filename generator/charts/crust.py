"""Crust thickness and mare coverage, near side against far side, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import formatting, model
from .base import ACCENT, INK, MUTED, SECOND, Chart, figure, images, sources_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..validate import SiteData

CRUST = "crust-thickness"
MARE = "mare-coverage"


def _side_color(m: model.Measurement) -> str:
    """Near side in one colour, far side in another, the whole Moon in grey, read from the record's subject."""
    subject = m.subject.lower()
    if "far side" in subject or "far-side" in subject:
        return SECOND
    if "near side" in subject:
        return ACCENT
    return MUTED


def _panel(ax: Axes, records: list[model.Measurement], xlabel: str) -> None:
    for y, m in enumerate(records):
        color = _side_color(m)
        middle = formatting.central(m) or 0
        if m.low is not None and m.high is not None and m.value is None:
            ax.barh(y, m.high - m.low, left=m.low, color=color, height=0.55, alpha=0.85)
        else:
            ax.barh(y, middle, color=color, height=0.55, alpha=0.85)
        ax.annotate(
            formatting.measurement(m),
            (m.high if m.high is not None else middle, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=INK,
        )
    ax.set_yticks(range(len(records)), [m.title for m in records], fontsize=8, color=INK)
    ax.invert_yaxis()
    top = max((m.high if m.high is not None else formatting.central(m) or 0) for m in records)
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel(xlabel, color=INK)


def crust_and_mare(data: SiteData) -> Chart | None:
    """Crust thickness (km) and mare coverage (%) as two panels of horizontal bars."""
    comparisons = list(data.comparisons.values())
    crust = [m for m in comparisons if m.group == CRUST and formatting.central(m) is not None]
    mare = [m for m in comparisons if m.group == MARE and formatting.central(m) is not None]
    if not crust or not mare:
        return None
    records = [*crust, *mare]
    fig = figure(8, 0.42 * len(records) + 2.0)
    top, bottom = fig.subplots(2, 1, height_ratios=[len(crust), len(mare)])
    _panel(top, crust, f"Crust thickness ({crust[0].unit})")
    _panel(bottom, mare, f"Surface covered by maria ({mare[0].unit})")
    return Chart(
        name="crust-and-mare",
        title="Crust thickness and mare coverage, near side and far side",
        alt="Two bar charts. Crust thickness: "
        + "; ".join(f"{m.title} {formatting.measurement(m)}" for m in crust)
        + ". Mare coverage: "
        + "; ".join(f"{m.title} {formatting.measurement(m)}" for m in mare)
        + ".",
        caption="Top: thickness of the lunar crust from GRAIL gravity data. Bottom: share of the surface covered by "
        "maria, with each source's figure shown separately. Blue: near side; red: far side; grey: whole Moon.",
        sources=sources_of(records),
        columns=["Measure", "Value", "Method"],
        rows=[[m.title, formatting.measurement(m), m.method] for m in records],
        **images(fig),
        facts=[m.id for m in records],
    )
