"""The timeline chart: every event labelled on the real site, counted per period when there are too many to label."""

from __future__ import annotations

from collections import Counter

import matplotlib
import pytest
from conftest import REPO
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection

from generator import formatting, model
from generator.charts.base import RC
from generator.charts.timeline import MAX_LABELLED, draw_labelled, short_date, timeline
from generator.validate import SiteData, load_site_data

#: Largest SVG a chart may be (issue 7), as in test_budget.
SVG_BUDGET = 80 * 1024


@pytest.fixture(scope="module")
def real() -> SiteData:
    data, problems = load_site_data(REPO / "site_data", REPO)
    assert not problems.errors, problems.to_text()
    return data


def event(i: int, utc: str, precision: str = "day", **extra) -> model.Event:
    return model.Event(
        id=f"test-event-{i}",
        title=f"Test event {i}",
        summary="Made up by the test.",
        utc=utc,
        precision=precision,
        sources=[{"source": "test-source"}],
        **extra,
    )


def site_with(events: list[model.Event]) -> SiteData:
    data = SiteData()
    data.records["events"] = {e.id: e for e in events}
    return data


def many_events(n: int) -> list[model.Event]:
    """n events over 2020-2026, in the benchmark's pattern (bench/synth.py); every 7th approximate."""
    return [
        event(
            i,
            f"{2020 + (i // 336) % 7}-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}Z",
            "minute",
            approximate=i % 7 == 0,
        )
        for i in range(n)
    ]


def draw(data: SiteData):
    with matplotlib.rc_context(RC):
        return timeline(data)


def counts(chart) -> list[int]:
    return [int(row[1].replace(",", "")) for row in chart.rows]


# --- The real site: a labelled timeline --------------------------------------------------------------------------


def test_the_real_site_gets_a_labelled_timeline_with_every_event_in_its_table(real):
    dated = sorted((e for e in real.events.values() if e.as_of is None), key=lambda e: e.start)
    assert 0 < len(dated) <= MAX_LABELLED
    chart = draw(real)
    assert chart.columns == ["Event", "UTC", "Beijing time"]
    assert [row[0] for row in chart.rows] == [e.title for e in dated]
    assert chart.facts == [e.id for e in dated]
    assert "Launch from Wenchang" in [row[0] for row in chart.rows]
    for e in dated:  # svg.fonttype "none": each title and date is text in the SVG
        assert e.title.replace("'", "&apos;").encode() in chart.svg or e.title.encode() in chart.svg, e.title
        assert short_date(e).encode() in chart.svg, short_date(e)
    plans = {e.id for e in real.events.values() if e.as_of}
    assert plans and not plans & set(chart.facts), "plans (events with as_of) are left out"
    assert len(chart.svg) <= SVG_BUDGET


def test_nothing_on_the_real_timeline_is_clipped_and_labels_are_legible(real):
    """Every label lies inside the picture and every dot inside the plot, the first one included."""
    dated = sorted((e for e in real.events.values() if e.as_of is None), key=lambda e: e.start)
    with matplotlib.rc_context(RC):
        fig = draw_labelled(dated)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
    whole = fig.bbox
    (ax,) = fig.axes
    texts = [*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]
    assert len(ax.texts) == len(dated)
    assert len(ax.get_yticklabels()) == len(dated)
    for text in texts:
        if not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        assert box.x0 >= whole.x0 - 0.5 and box.x1 <= whole.x1 + 0.5, text.get_text()
        assert box.y0 >= whole.y0 - 0.5 and box.y1 <= whole.y1 + 0.5, text.get_text()
    (dots,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    radius = (dots.get_sizes()[0] ** 0.5) / 2 * fig.dpi / 72
    for x, y in ax.transData.transform(dots.get_offsets()):
        assert ax.bbox.x0 <= x - radius and x + radius <= ax.bbox.x1
        assert ax.bbox.y0 <= y - radius and y + radius <= ax.bbox.y1
    # The SVG is 8 in wide, drawn at about 800 px on the page: 9 pt and up reads as 12 px and up.
    assert fig.get_figwidth() == 8
    assert min(t.get_fontsize() for t in texts) >= 9


def test_short_dates_follow_the_precision_the_sources_give():
    assert short_date(event(1, "2024-05-03T09:27Z", "minute")) == "3 May 2024"
    assert short_date(event(2, "2024-06-01", end_utc="2024-06-03")) == "1–3 Jun 2024"
    assert short_date(event(3, "2024-06-30", end_utc="2024-07-02")) == "30 Jun – 2 Jul 2024"
    assert short_date(event(4, "2024-12-30", end_utc="2025-01-02")) == "30 Dec 2024 – 2 Jan 2025"
    assert short_date(event(5, "2024-06-25T05:22Z", "minute", approximate=True)) == "~25 Jun 2024"
    assert short_date(event(6, "2026-04", "month")) == "Apr 2026"
    assert short_date(event(7, "2027", "year")) == "2027"


# --- Many events: counted per month or per year -------------------------------------------------------------------


def test_many_events_are_counted_per_month_within_the_svg_budget():
    events = many_events(2500)  # the 10,000-fact benchmark set has 2,500 synthetic events
    chart = draw(site_with(events))
    assert chart.columns == ["Month", "Events", "Of which approximate"]
    assert sum(counts(chart)) == len(events)
    assert sum(int(row[2]) for row in chart.rows) == sum(e.approximate for e in events)
    assert len(chart.rows) == 7 * 12, "every month from January 2020 to December 2026"
    assert chart.rows[0][0] == "January 2020" and chart.rows[-1][0] == "December 2026"
    expected = Counter(formatting.when(e.start, "month") for e in events)
    assert {row[0]: int(row[1]) for row in chart.rows} == expected
    assert len(chart.svg) <= SVG_BUDGET, f"{len(chart.svg) / 1024:.0f} KB"
    assert "per month" in chart.alt and "2,500 events" in chart.alt
    assert "per month" in chart.caption and "too many to label" in chart.caption
    assert chart.facts == [e.id for e in sorted(events, key=lambda e: e.start)], "the chart still names every event"
    assert b"Test event" not in chart.svg, "no event is labelled one by one"


def test_the_bound_between_labelled_and_counted():
    at_bound = draw(site_with(many_events(MAX_LABELLED)))
    over = draw(site_with(many_events(MAX_LABELLED + 1)))
    assert at_bound.columns[0] == "Event" and len(at_bound.rows) == MAX_LABELLED
    assert over.columns[0] == "Month" and sum(counts(over)) == MAX_LABELLED + 1


def test_a_long_span_is_counted_per_year_with_the_empty_years_listed():
    events = [event(i, f"{1959 + (i * 7) % 67}-03-0{1 + i % 9}") for i in range(300)]
    chart = draw(site_with(events))
    assert chart.columns[0] == "Year"
    assert [row[0] for row in chart.rows] == [str(y) for y in range(1959, 2026)]
    assert sum(counts(chart)) == len(events)
    assert "per year" in chart.alt and "per year" in chart.caption


def test_events_dated_only_to_the_year_are_counted_in_the_table_but_not_drawn_as_a_month():
    events = [*many_events(60), event(900, "2023", "year"), event(901, "2023", "year", approximate=True)]
    chart = draw(site_with(events))
    assert chart.columns[0] == "Month"
    assert chart.rows[-1] == ["2023, month not reported", "2", "1"]
    assert sum(counts(chart)) == len(events)
    assert "2 events dated only to the year" in chart.caption
    january_2023 = [row for row in chart.rows if row[0] == "January 2023"]
    assert not january_2023 or january_2023[0][1] == "0", "a year-only date is not put in January"


@pytest.mark.parametrize("n", [24, 2500], ids=["labelled", "counted"])
def test_the_same_events_give_the_same_bytes(n):
    events = many_events(n)
    first, second = draw(site_with(events)), draw(site_with(list(reversed(events))))
    assert first.svg == second.svg
    assert first.png == second.png
    assert first.rows == second.rows
