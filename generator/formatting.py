"""Turn stored values into the text the site shows: numbers, units, times.

Kept apart from rendering so that pages, charts and downloads format a value
the same way; none of this escapes anything (that is the renderer's job).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .model import BEIJING, Event, Measurement, parse_partial_date

NBSP = "\u00a0"
#: Units written straight after the number, with no space.
TIGHT_UNITS = {"%", "°", "‰"}
#: Units that are not shown after the number at all.
SILENT_UNITS = {"count", "ratio"}


def number(value: float) -> str:
    """A number with thousands separators and no spurious decimals: 1935.3 -> '1,935.3'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = repr(float(value))
    if "e" in text:
        return f"{value:,g}"
    decimals = len(text.split(".")[1])
    return f"{value:,.{decimals}f}"


def with_unit(text: str, unit: str) -> str:
    if unit in SILENT_UNITS:
        return text
    return f"{text}{unit}" if unit in TIGHT_UNITS else f"{text}{NBSP}{unit}"


def measurement(m: Measurement) -> str:
    """The value of a finding as a reader sees it: '2,807 ± 3 Ma', '> 1.4 Gyr', '1–1.5 µg/g'."""
    if m.value is not None:
        text = number(m.value)
        if m.uncertainty is not None:
            text += f"{NBSP}±{NBSP}{number(m.uncertainty)}"  # a value never wraps inside itself
        if m.approximate:
            text = "~" + text
        if m.low is not None and m.high is not None:
            text += f" (range {number(m.low)}–{number(m.high)})"
        return with_unit(text, m.unit)
    if m.low is not None and m.high is not None:
        return with_unit(f"{'~' if m.approximate else ''}{number(m.low)}–{number(m.high)}", m.unit)
    if m.low is not None:
        return with_unit(f"> {number(m.low)}", m.unit)
    if m.high is not None:
        return with_unit(f"< {number(m.high)}", m.unit)
    return f"{len(m.parts)} components"


def central(m: Measurement) -> float | None:
    """One number to plot for a finding: the value, else the middle of its range, else its bound."""
    if m.value is not None:
        return m.value
    if m.low is not None and m.high is not None:
        return (m.low + m.high) / 2
    return m.low if m.low is not None else m.high


#: English month names, written out (the site's dates never depend on the machine's locale).
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _day(d: datetime) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def when(moment: datetime, precision: str) -> str:
    """A moment at the precision the sources support, in the moment's own time zone."""
    if precision == "year":
        return str(moment.year)
    if precision == "month":
        return f"{MONTHS[moment.month - 1]} {moment.year}"
    if precision == "day":
        return _day(moment)
    clock = moment.strftime("%H:%M:%S" if precision == "second" else "%H:%M")
    return f"{_day(moment)}, {clock}"


def event_utc(event: Event) -> str:
    """The event's time in UTC, e.g. '1 June 2024, 22:23:16 UTC'."""
    text = when(event.start, event.precision)
    if event.end:
        text += " – " + when(event.end, event.precision)
    prefix = "about " if event.approximate else ""
    return f"{prefix}{text}" + (" UTC" if event.precision in ("minute", "second") else " (UTC date)")


def event_beijing(event: Event) -> str:
    """The event's time in Beijing (UTC+8): computed from UTC, or as reported for day-precision events."""
    prefix = "about " if event.approximate else ""
    if event.precision in ("minute", "second"):
        text = when(event.start.astimezone(BEIJING), event.precision)
        if event.end:
            text += " – " + when(event.end.astimezone(BEIJING), event.precision)
        return f"{prefix}{text} BJT"
    if event.precision == "day":
        if event.bjt_date:
            return f"{prefix}{_day(datetime.combine(parse_partial_date(event.bjt_date), datetime.min.time()))}"
        return f"{prefix}{_day(event.start)} or {_day(event.start + timedelta(days=1))} (not reported)"
    return f"{prefix}{when(event.start, event.precision)}"


def iso_date(value: str) -> str:
    """A stored partial date in long form: '2024-06' -> 'June 2024'."""
    parts = value.split("-")
    d = parse_partial_date(value)
    return {1: str(d.year), 2: f"{MONTHS[d.month - 1]} {d.year}"}.get(
        len(parts), f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    )
