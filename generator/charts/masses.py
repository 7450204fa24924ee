"""Mass of lunar samples returned by every sample-return mission, Chang'e-6 included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import formatting, model
from .base import ACCENT, INK, MUTED, Chart, figure, images, plain_log_axis, sources_of

if TYPE_CHECKING:
    from ..validate import SiteData

GROUPS = ("returned-mass", "sample-mass")
#: Mass units a record may use, in kilograms.
TO_KG = {"g": 0.001, "kg": 1.0, "t": 1000.0}


def returned_masses(data: SiteData) -> Chart | None:
    """One bar per mission, in kilograms on a logarithmic axis (grams to a hundred kilograms)."""
    records: list[model.Measurement] = [
        m
        for m in [*data.comparisons.values(), *data.findings.values()]
        if m.group in GROUPS and m.unit in TO_KG and m.value is not None and not m.derived
    ]
    if not records:
        return None
    kg = [(m.value or 0) * TO_KG[m.unit] for m in records]
    fig = figure(8, 0.36 * len(records) + 1.3)
    ax = fig.add_subplot()
    ax.set_xscale("log")
    plain_log_axis(ax.xaxis)
    colors = [ACCENT if isinstance(m, model.Finding) else MUTED for m in records]
    labels = [m.subject for m in records]
    ax.barh(range(len(records)), kg, color=colors, height=0.6)
    for y, (m, x) in enumerate(zip(records, kg, strict=True)):
        ax.annotate(
            formatting.measurement(m),
            (x, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=INK,
        )
    ax.set_yticks(range(len(records)), labels, fontsize=8.5, color=INK)
    ax.invert_yaxis()
    ax.set_xlim(min(kg) / 3, max(kg) * 6)
    ax.set_xlabel("Mass returned (kg, logarithmic scale)", color=INK)
    return Chart(
        name="returned-mass",
        title="Lunar samples returned, by mission",
        alt="Bar chart on a logarithmic scale of lunar sample mass returned by each mission: "
        + "; ".join(f"{m.subject} {formatting.measurement(m)}" for m in records)
        + ".",
        caption="Mass of lunar material brought to Earth by each sample-return mission, in the order the missions "
        "flew. Chang'e-6 in blue. Logarithmic scale: the crewed Apollo missions returned hundreds of times more "
        "than the robotic ones.",
        sources=sources_of(records),
        columns=["Mission", "Mass returned", "How it was measured"],
        rows=[[m.subject, formatting.measurement(m), m.method] for m in records],
        **images(fig),
        facts=[m.id for m in records],
    )
