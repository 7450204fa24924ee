"""What every chart shares: the Chart record, fixed style settings and SVG output."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import model

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "factsite"})
    return buffer.getvalue()


def sources_of(records: list[model.Fact]) -> list[str]:
    seen: dict[str, None] = {}
    for record in records:
        for citation in record.sources:
            seen.setdefault(citation.source, None)
    return list(seen)
