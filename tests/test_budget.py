"""Visitors are often on phones: every chart of the real site stays within its size budget."""

from __future__ import annotations

from conftest import REPO

from generator.charts import draw_all
from generator.validate import load_site_data

#: Largest SVG a chart may be (issue 7: each chart SVG at most 80 KB).
SVG_BUDGET = 80 * 1024


def test_every_real_chart_svg_is_within_80_kb():
    data, problems = load_site_data(REPO / "site_data", REPO)
    assert not problems
    charts = draw_all(data)
    assert charts, "the real site has charts"
    for chart in charts.values():
        assert chart.svg.startswith(b"<?xml") and b"</svg>" in chart.svg, chart.name
        assert len(chart.svg) <= SVG_BUDGET, f"{chart.path} is {len(chart.svg) / 1024:.0f} KB"
