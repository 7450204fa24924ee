"""The fact model: what it accepts and what it refuses."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from generator import formatting
from generator.model import Event, Finding, Quote, Source, parse_partial_date, parse_timestamp

CITE = [{"source": "s"}]


def event(**over):
    base = dict(id="e", title="T", summary="S", utc="2024-06-01T22:23:16Z", precision="second", sources=CITE)
    base.update(over)
    return Event.model_validate(base)


def finding(**over):
    base = dict(id="f", title="T", quantity="q", subject="s", group="g", value=1.0, unit="g", method="m", sources=CITE)
    base.update(over)
    return Finding.model_validate(base)


def test_partial_dates_accept_real_dates_and_refuse_impossible_ones():
    assert parse_partial_date("2024").isoformat() == "2024-01-01"
    assert parse_partial_date("2024-02-29").day == 29
    with pytest.raises(ValueError, match="day 30 does not exist in February 2024"):
        parse_partial_date("2024-02-30")
    with pytest.raises(ValueError, match="month 13"):
        parse_partial_date("2024-13")


def test_event_times_in_utc_and_beijing():
    e = event()
    assert e.start == parse_timestamp("2024-06-01T22:23:16Z")
    assert formatting.event_utc(e) == "1 June 2024, 22:23:16 UTC"
    # Beijing is UTC+8: the landing was on 2 June there.
    assert formatting.event_beijing(e) == "2 June 2024, 06:23:16 BJT"


def test_event_precision_must_match_the_timestamp():
    with pytest.raises(ValidationError, match="precision is 'minute'"):
        event(precision="minute")
    assert event(utc="2024-06", precision="month").precision == "month"


def test_event_refuses_impossible_clock_and_bad_beijing_date():
    with pytest.raises(ValidationError, match="time 25:00 does not exist"):
        event(utc="2024-06-01T25:00Z", precision="minute")
    with pytest.raises(ValidationError, match="same day or the next"):
        event(utc="2024-06-01", precision="day", bjt_date="2024-06-05")
    assert (
        formatting.event_beijing(event(utc="2024-09-16", precision="day", bjt_date="2024-09-17")) == "17 September 2024"
    )


def test_finding_needs_a_value_and_a_known_unit_and_no_negative_uncertainty():
    with pytest.raises(ValidationError, match="give a value"):
        finding(value=None)
    with pytest.raises(ValidationError, match="it is not a known unit"):
        finding(unit="furlongs")
    with pytest.raises(ValidationError, match="cannot be negative"):
        finding(uncertainty=-1)


@pytest.mark.parametrize(
    ("over", "shown"),
    [
        (dict(value=2807, uncertainty=3, unit="Ma"), "2,807\u00a0±\u00a03\u00a0Ma"),
        (dict(value=1935.3, unit="g"), "1,935.3\u00a0g"),
        (dict(value=None, low=1.4, unit="Gyr"), "> 1.4\u00a0Gyr"),
        (dict(value=None, low=1, high=1.5, unit="µg/g"), "1–1.5\u00a0µg/g"),
        (dict(value=31, approximate=True, unit="%"), "~31%"),
    ],
)
def test_values_are_shown_with_uncertainty_and_unit(over, shown):
    assert formatting.measurement(finding(**over)) == shown


def test_quote_origin_status_is_consistent():
    base = dict(id="q", speaker="p", text="x", sources=CITE)
    with pytest.raises(ValidationError, match="needs first_published"):
        Quote.model_validate({**base, "status": "verified"})
    with pytest.raises(ValidationError, match="cannot name first_published"):
        Quote.model_validate({**base, "status": "not-found", "first_published": "s"})
    assert Quote.model_validate({**base, "status": "not-found"}).status == "not-found"


def test_source_needs_an_address_and_only_web_addresses():
    base = dict(id="s", kind="paper", title="t", publisher="p", published="2024", accessed="2026-01-01")
    with pytest.raises(ValidationError, match="needs a url or a doi"):
        Source.model_validate(base)
    with pytest.raises(ValidationError):
        Source.model_validate({**base, "url": "javascript:alert(1)"})
    assert Source.model_validate({**base, "doi": "10.1038/x"}).link == "https://doi.org/10.1038/x"
