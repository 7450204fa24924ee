"""Water in lunar mantle sources: the far side against the near side and Chang'e-5, on a log scale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import formatting, model
from .base import ACCENT, INK, MUTED, Chart, figure, images, plain_log_axis, sources_of

if TYPE_CHECKING:
    from ..validate import SiteData

GROUP = "mantle-water"


def mantle_water(data: SiteData) -> Chart | None:
    """Each mantle-water estimate as a bar from its low to its high value, on a logarithmic axis."""
    records: list[model.Measurement] = [
        m
        for m in [*data.findings.values(), *data.comparisons.values()]
        if m.group == GROUP and formatting.central(m) is not None
    ]
    if not records:
        return None
    units = {m.unit for m in records}
    if len(units) != 1:
        raise ValueError(f"the {GROUP} records must share one unit, not {sorted(units)}")
    unit = units.pop()
    fig = figure(8, 0.55 * len(records) + 1.4)
    ax = fig.add_subplot()
    ax.set_xscale("log")
    plain_log_axis(ax.xaxis)
    for y, m in enumerate(records):
        color = ACCENT if isinstance(m, model.Finding) else MUTED
        low = m.low if m.low is not None else formatting.central(m)
        high = m.high if m.high is not None else formatting.central(m)
        if low == high:
            ax.plot([low], [y], "o", color=color, markersize=6)
        else:
            ax.hlines(y, low, high, color=color, linewidth=8, alpha=0.75)
        ax.annotate(
            formatting.measurement(m),
            (high, y),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=INK,
        )
    lows = [m.low if m.low is not None else formatting.central(m) or 1 for m in records]
    highs = [m.high if m.high is not None else formatting.central(m) or 1 for m in records]
    ax.set_xlim(min(lows) / 2, max(highs) * 8)
    ax.set_yticks(range(len(records)), [m.title for m in records], fontsize=8.5, color=INK)
    ax.invert_yaxis()
    ax.set_xlabel(f"Water ({unit}, logarithmic scale)", color=INK)
    return Chart(
        name="mantle-water",
        title="Water in the lunar mantle, far side and near side",
        alt="Range chart on a logarithmic scale of water in lunar mantle sources: "
        + "; ".join(f"{m.title} {formatting.measurement(m)}" for m in records)
        + ".",
        caption="Estimated water in the mantle sources of lunar basalts: Chang'e-6 far side (blue) against near-side "
        "samples and Chang'e-5 (grey). Logarithmic scale: each step is ten times more water.",
        sources=sources_of(records),
        columns=["Estimate", "Water", "Method"],
        rows=[[m.title, formatting.measurement(m), m.method] for m in records],
        **images(fig),
        facts=[m.id for m in records],
    )
