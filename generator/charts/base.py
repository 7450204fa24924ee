"""What every chart shares: the Chart record, fixed style settings and SVG, PNG and CSV output."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import model

if TYPE_CHECKING:
    from matplotlib.axis import Axis
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

#: CSS pixels per unit of an SVG length (matplotlib writes points).
_PX_PER_UNIT = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")


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
    png: bytes = b""

    @property
    def width(self) -> int | None:
        """The SVG's intrinsic width in CSS pixels: the page reserves the chart's box before the image loads."""
        return _svg_length_px(self.svg, "width")

    @property
    def height(self) -> int | None:
        """The SVG's intrinsic height in CSS pixels (None when the SVG does not say)."""
        return _svg_length_px(self.svg, "height")

    @property
    def path(self) -> str:
        """Where the SVG lives in content/."""
        return f"charts/{self.name}.svg"

    @property
    def png_path(self) -> str:
        return f"charts/{self.name}.png"

    @property
    def csv_path(self) -> str:
        return f"charts/{self.name}.csv"

    @property
    def embed_path(self) -> str:
        """The chart's embeddable page, as a site path."""
        return f"embed/{self.name}/"

    def files(self) -> dict[str, bytes]:
        """The chart's files for content/: SVG, PNG (when drawn) and its data table as CSV."""
        from ..export import to_csv

        out = {self.path: self.svg, self.csv_path: to_csv(self.columns, self.rows)}
        if self.png:
            out[self.png_path] = self.png
        return out


def _svg_length_px(svg: bytes, name: str) -> int | None:
    """A length attribute of the SVG's root element in CSS pixels, as a browser sizes the image."""
    root = _SVG_ROOT.search(svg)
    found = root and re.search(rb"\s" + name.encode() + rb'="\s*([\d.]+)\s*([a-z]*)\s*"', root.group(0))
    if not found or found.group(2).decode() not in _PX_PER_UNIT:
        return None
    return round(float(found.group(1)) * _PX_PER_UNIT[found.group(2).decode()])


def figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plain_log_axis(axis: Axis) -> None:
    """Label a logarithmic axis 0.1, 1, 10, 100 rather than as powers of ten.

    Plain numbers read better for the public, and they are plain text: matplotlib's
    powers of ten go through its TeX-like typesetter, which took a tenth of a second.
    """
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,g}"))
    axis.set_minor_formatter(NullFormatter())


def to_svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "factsite"})
    return buffer.getvalue()


def to_png(fig: Figure) -> bytes:
    """PNG for slides and documents; no software or date metadata, so the same data gives the same bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def images(fig: Figure) -> dict[str, bytes]:
    """Both pictures of a figure, as Chart fields: SVG for the page, PNG for download."""
    return {"svg": to_svg(fig), "png": to_png(fig)}


def sources_of(records: list[model.Fact]) -> list[str]:
    seen: dict[str, None] = {}
    for record in records:
        for citation in record.sources:
            seen.setdefault(citation.source, None)
    return list(seen)
