"""Basalt ages with their uncertainties, against the wider lunar volcanic record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import formatting, model
from .base import ACCENT, INK, MUTED, Chart, figure, images, sources_of

if TYPE_CHECKING:
    from ..validate import SiteData


def basalt_ages(data: SiteData) -> Chart | None:
    """Basalt ages with their uncertainties, against the wider lunar volcanic record when present."""
    records: list[model.Measurement] = [
        m
        for m in [*data.findings.values(), *data.comparisons.values()]
        if m.group in ("basalt-ages", "lunar-volcanism") and formatting.central(m) is not None
    ]
    if not records:
        return None
    to_ga = {"Ma": 1 / 1000, "Ga": 1.0}
    records.sort(key=lambda m: (formatting.central(m) or 0) * to_ga.get(m.unit, 1.0))
    fig = figure(8, 0.42 * len(records) + 1.3)
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
        sources=sources_of(records),
        columns=["Sample", "Age", "Method"],
        rows=[[m.title, formatting.measurement(m), m.method] for m in records],
        **images(fig),
        facts=[m.id for m in records],
    )
