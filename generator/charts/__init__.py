"""Draw the site's charts from the data with matplotlib, as deterministic SVG.

Every number a chart shows comes from a record; the modules here hold only the
drawing. Each chart carries its alt text, caption, sources and data table, so
the page shows the same numbers as text beside the picture. To add a chart,
write a builder ``(SiteData) -> Chart | None`` in a module of its own and list
it in CHARTS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..cache import ChartCache, TrackingData
from .ages import basalt_ages
from .base import RC, Chart
from .crust import crust_and_mare
from .masses import returned_masses
from .timeline import timeline
from .water import mantle_water

if TYPE_CHECKING:
    from ..validate import SiteData

__all__ = ["CHARTS", "Chart", "draw_all"]

#: Every chart, in the order the site shows them. Each builder returns None when its data is absent.
CHARTS: list[Callable[[SiteData], Chart | None]] = [
    timeline,
    basalt_ages,
    mantle_water,
    crust_and_mare,
    returned_masses,
]


def draw_all(data: SiteData, cache: ChartCache | None = None) -> dict[str, Chart]:
    """Draw every chart whose data is present, taking unchanged ones from the cache when one is given."""
    drawn: dict[int, Chart | None] = {}
    todo = list(enumerate(CHARTS))
    if cache is not None:
        todo = []
        for i, builder in enumerate(CHARTS):
            hit, chart = cache.lookup(builder, data, RC)
            if hit:
                drawn[i] = chart
            else:
                todo.append((i, builder))
    if todo:  # matplotlib is imported only when something must be drawn
        import matplotlib

        with matplotlib.rc_context(RC):
            for i, builder in todo:
                view = TrackingData(data)
                drawn[i] = builder(view)  # type: ignore[arg-type]
                if cache is not None:
                    cache.store(builder, data, RC, view.kinds, drawn[i])
    charts: dict[str, Chart] = {}
    for i in sorted(drawn):
        chart = drawn[i]
        if chart is not None:
            charts[chart.name] = chart
    return charts
