"""The fact model: one pydantic class per kind of record in ``site_data/``.

The schema is defined here once; the JSON Schema files in ``schemas/`` are
exported from it (``python -m generator schema``) so that editors get the same
rules while typing that ``check`` applies afterwards.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TIMESTAMP_PATTERN = r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?Z)?)?)?$"

BEIJING = timezone(timedelta(hours=8), "BJT")

#: Units a finding may use. Adding one here is a deliberate act: the site's
#: formatting and conversions know each of them.
UNITS: dict[str, str] = {
    "g": "grams",
    "kg": "kilograms",
    "t": "tonnes",
    "lb": "pounds",
    "g/cm³": "grams per cubic centimetre",
    "%": "per cent",
    "wt%": "per cent by weight",
    "ppm": "parts per million",
    "µg/g": "micrograms per gram",
    "Ma": "million years",
    "Ga": "billion years",
    "Gyr": "billion years (duration)",
    "km": "kilometres",
    "m": "metres",
    "km/s": "kilometres per second",
    "N": "newtons",
    "h": "hours",
    "d": "days",
    "°": "degrees",
    "‰": "per mille",
    "count": "a count",
    "ratio": "a ratio (no unit)",
}

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Stable id: lowercase letters, digits and single hyphens."),
]
#: Characters no fact needs and a hostile paste may carry: controls (but tab and newline),
#: and the invisible bidirectional overrides that make text read differently from what it is.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _check_visible(value: str) -> str:
    found = _INVISIBLE.search(value)
    if found:
        raise ValueError(
            f"it contains an invisible control character (U+{ord(found.group()):04X}) at position "
            f"{found.start() + 1}; retype the text without it"
        )
    return value


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_check_visible)]
DOI = Annotated[
    str,
    StringConstraints(pattern=DOI_PATTERN),
    Field(description="A DOI such as 10.1038/s41586-024-08382-0, without https://doi.org/."),
]


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise ValueError("it is not a complete web address; write it like https://example.org/page")
    return value


URL = Annotated[
    str,
    StringConstraints(pattern=r"^https?://\S+$"),
    AfterValidator(_check_url),
    AfterValidator(_check_visible),
    Field(description="A web address starting with http:// or https://."),
]


def parse_partial_date(value: str) -> date:
    """Check a YYYY, YYYY-MM or YYYY-MM-DD string and return its first day.

    Dates are kept as text in the data because sources often give only a year
    or a month; this turns them into a comparable date and rejects impossible
    ones such as 2024-02-30.
    """
    parts = [int(p) for p in value.split("-")]
    year, month, day = ([*parts, 1, 1])[:3]
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"day {day} does not exist in {calendar.month_name[month]} {year}")
    return date(year, month, day)


def _check_date(value: str) -> str:
    parse_partial_date(value)
    return value


def _year_as_text(value: Any) -> Any:
    """YAML reads a bare year such as 2025 as a number; a date field takes it as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PartialDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_check_date),
    Field(description="A date as YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no more."),
]
FullDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_check_date),
    Field(description="A date as YYYY-MM-DD."),
]

Precision = Literal["year", "month", "day", "minute", "second"]
Verdict = Literal["accurate", "mostly-accurate", "misleading", "inaccurate", "outdated", "unverified"]
OriginStatus = Literal["verified", "probable", "not-found"]
SourceKind = Literal["paper", "news", "agency", "web", "seed", "dataset", "book", "video", "press-release"]

VERDICTS: dict[str, str] = {
    "accurate": "Accurate",
    "mostly-accurate": "Mostly accurate",
    "misleading": "Misleading",
    "inaccurate": "Inaccurate",
    "outdated": "Outdated",
    "unverified": "Unverified",
}
ORIGIN_STATUSES: dict[str, str] = {
    "verified": "Verified",
    "probable": "Probable origin",
    "not-found": "Origin not found",
}


class Strict(BaseModel):
    """Base for every record: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class Citation(Strict):
    """A reference from a fact to a source record, with an optional locator."""

    source: Slug = Field(description="Id of a record in sources.yaml.")
    locator: Text | None = Field(None, description="Page, section, figure or table in the source.")


class Correction(Strict):
    """A change of a fact's value after publication, kept for the corrections log."""

    date: FullDate
    old: Text = Field(description="The value as it was shown before.")
    new: Text = Field(description="The value as it is shown now.")
    reason: Text


class Record(Strict):
    """Fields shared by every record kind."""

    id: Slug
    former_ids: list[Slug] = Field(
        default_factory=list, description="Ids this record had before; their addresses keep working."
    )
    checked: FullDate | None = Field(None, description="When the record was last checked against its sources.")
    as_of: FullDate | None = Field(
        None, description="For time-sensitive facts (plans, schedules, counts): the date the statement holds for."
    )
    note: Text | None = None


class Fact(Record):
    """A record that states something and therefore must cite a source."""

    sources: list[Citation] = Field(min_length=1, description="At least one source, by id.")
    corrections: list[Correction] = Field(default_factory=list)


class Source(Record):
    """Where a fact comes from: the original publisher or DOI, never a mirror."""

    kind: SourceKind
    title: Text
    publisher: Text = Field(description="The original publisher (journal, agency, newspaper).")
    authors: list[Text] = Field(default_factory=list)
    published: PartialDate = Field(description="Publication date at the precision known.")
    accessed: FullDate = Field(description="When the source (or the copy named in seen_via) was read.")
    url: URL | None = None
    doi: DOI | None = None
    container: Text | None = Field(None, description="Journal or series, with volume and pages when known.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")] = "en"
    seen_via: URL | None = Field(
        None, description="When only a copy could be read: the copy's address. The site says so."
    )
    seen_note: Text | None = Field(None, description="What was seen in the copy, and what could not be checked.")

    @model_validator(mode="after")
    def _needs_address(self) -> Source:
        if self.url is None and self.doi is None and not (self.kind == "seed" and self.seen_note):
            raise ValueError(
                "a source needs a url or a doi so that readers can open it "
                "(only a seed article whose address is unknown may have neither, with a seen_note saying so)"
            )
        return self

    @property
    def link(self) -> str | None:
        """The address a reader should open: the DOI resolver when there is one."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


class Event(Fact):
    """A dated moment of the mission, stored in UTC and shown in UTC and Beijing time."""

    title: Text
    summary: Text
    utc: Annotated[
        str,
        StringConstraints(pattern=TIMESTAMP_PATTERN),
        Field(description="UTC time: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MMZ or YYYY-MM-DDTHH:MM:SSZ."),
    ]
    precision: Precision
    approximate: bool = Field(False, description="True when the time is an estimate, not a reported value.")
    end_utc: Annotated[str, StringConstraints(pattern=TIMESTAMP_PATTERN)] | None = Field(
        None, description="For an event that spans time: when it ended, same form as utc."
    )
    bjt_date: PartialDate | None = Field(
        None,
        description="For day precision: the date as reported in Beijing time, when the source gives it "
        "(the same day as utc or the next).",
    )
    place: Text | None = None

    @field_validator("utc", "end_utc")
    @classmethod
    def _real_time(cls, value: str | None) -> str | None:
        if value is not None:
            parse_timestamp(value)
        return value

    @model_validator(mode="after")
    def _precision_matches(self) -> Event:
        have = timestamp_precision(self.utc)
        order = ["year", "month", "day", "minute", "second"]
        if order.index(have) != order.index(self.precision):
            raise ValueError(
                f"precision is '{self.precision}' but the utc value {self.utc!r} is given to the {have}; "
                "make them agree"
            )
        if self.end_utc and parse_timestamp(self.end_utc) < parse_timestamp(self.utc):
            raise ValueError(f"end_utc {self.end_utc} is before utc {self.utc}; an event cannot end before it starts")
        if self.bjt_date:
            if self.precision != "day":
                raise ValueError("bjt_date is only for events known to the day; otherwise Beijing time is computed")
            gap = (parse_partial_date(self.bjt_date) - parse_partial_date(self.utc[:10])).days
            if gap not in (0, 1):
                raise ValueError(
                    f"bjt_date {self.bjt_date} cannot be the Beijing date of UTC {self.utc}; "
                    "Beijing is 8 hours ahead, so it is the same day or the next"
                )
        return self

    @property
    def start(self) -> datetime:
        return parse_timestamp(self.utc)

    @property
    def end(self) -> datetime | None:
        return parse_timestamp(self.end_utc) if self.end_utc else None


def timestamp_precision(value: str) -> Precision:
    """How much of a timestamp is given: year, month, day, minute or second."""
    if "T" in value:
        return "second" if value.count(":") == 2 else "minute"
    return ("year", "month", "day")[value.count("-")]


def parse_timestamp(value: str) -> datetime:
    """Turn a stored UTC timestamp of any precision into an aware datetime."""
    if "T" not in value:
        return datetime.combine(parse_partial_date(value), datetime.min.time(), UTC)
    day, clock = value.rstrip("Z").split("T")
    base = parse_partial_date(day)
    pieces = [int(p) for p in clock.split(":")]
    hour, minute, second = ([*pieces, 0])[:3]
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"time {clock} does not exist")
    return datetime(base.year, base.month, base.day, hour, minute, second, tzinfo=UTC)


class Part(Strict):
    """One component of a composite finding (a mineral, an oxide)."""

    label: Text
    value: float
    unit: str

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        return check_unit(value)


def check_unit(value: str) -> str:
    """A unit from ``UNITS``; anything else is refused with the nearest known unit."""
    if value not in UNITS:
        guess = difflib.get_close_matches(value, list(UNITS), n=1, cutoff=0.5)
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
        raise ValueError(f"it is not a known unit.{hint} Known units are {', '.join(UNITS)}")
    return value


class Derivation(Strict):
    """How a value follows from other records, so the site never shows arithmetic that disagrees with its inputs.

    - ``duration``: the time from event ``start`` to event ``end``, in the measurement's unit (h, d).
    - ``difference``: measurement ``end`` minus measurement ``start``, converted to the measurement's unit.
    - ``conversion``: measurement ``start`` converted to the measurement's unit (g to lb, Ma to Ga).
    """

    kind: Literal["duration", "difference", "conversion"]
    start: Slug = Field(description="The event or measurement the computation starts from.")
    end: Slug | None = Field(None, description="The second event or measurement (duration, difference).")

    @model_validator(mode="after")
    def _end_when_needed(self) -> Derivation:
        if self.kind in ("duration", "difference") and self.end is None:
            raise ValueError(f"a {self.kind} needs both start and end")
        if self.kind == "conversion" and self.end is not None:
            raise ValueError("a conversion has only a start")
        return self


class Measurement(Fact):
    """A measured or derived quantity. Findings and comparison data share this shape."""

    title: Text
    quantity: Text = Field(description="What is measured, in plain words.")
    subject: Text = Field(description="What it is measured on: a sample, a mission, a region.")
    group: Slug = Field(description="Topic this value belongs to; charts and page sections select by it.")
    value: float | None = Field(None, description="The central value.")
    low: float | None = Field(None, description="Lower end, for a range or a lower bound.")
    high: float | None = Field(None, description="Upper end, for a range or an upper bound.")
    uncertainty: float | None = Field(None, description="Plus-or-minus, in the same unit.")
    uncertainty_note: Text | None = Field(None, description="What the uncertainty means (2σ, 95% CI).")
    approximate: bool = False
    unit: str
    parts: list[Part] = Field(default_factory=list, description="Components, for a composite finding.")
    method: Text
    summary: Text | None = None
    derived: Derivation | None = Field(
        None, description="How this value is computed from other facts; check verifies the arithmetic."
    )

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        return check_unit(value)

    @field_validator("uncertainty")
    @classmethod
    def _non_negative(cls, value: float | None) -> float | None:
        if value is not None and value < 0:
            raise ValueError("an uncertainty cannot be negative; write its size without a sign")
        return value

    @model_validator(mode="after")
    def _has_a_value(self) -> Measurement:
        if self.value is None and self.low is None and self.high is None and not self.parts:
            raise ValueError("give a value, a low/high range, or parts")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is greater than high ({self.high:g}); swap them")
        return self


class Finding(Measurement):
    """A result from the Chang'e-6 samples."""


class Comparison(Measurement):
    """Context data the site compares the findings with (crust, mare cover, other missions)."""


class Person(Record):
    """Someone quoted or named; quotes refer to people by id."""

    name: Text
    native_name: Text | None = None
    affiliation: Text | None = None
    role: Text | None = None
    url: URL | None = None


class Quote(Fact):
    """Words attributed to a person, with an honest account of where they come from."""

    speaker: Slug = Field(description="Id of a record in people.yaml.")
    text: Text = Field(description="The words, verbatim as first published (or as circulated, if not found).")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] = "en"
    translation: Text | None = Field(None, description="An English rendering, marked as ours, for other languages.")
    status: OriginStatus = Field(description="verified, probable or not-found.")
    first_published: Slug | None = Field(None, description="Source id of the first publication found.")
    published: PartialDate | None = Field(None, description="When it was first published.")
    context: Text | None = None

    @model_validator(mode="after")
    def _origin_consistent(self) -> Quote:
        if self.status != "not-found" and self.first_published is None:
            raise ValueError(
                f"a quote with status '{self.status}' needs first_published: the id of the source where it first "
                "appeared (or set status to not-found)"
            )
        if self.status == "not-found" and self.first_published is not None:
            raise ValueError("a quote whose origin was not found cannot name first_published")
        return self


class Claim(Fact):
    """A claim in circulation, checked: the words, where they appeared, a verdict."""

    text: Text = Field(description="The claim as published, verbatim where possible.")
    appeared_in: Slug = Field(description="Source id of the article where the claim appeared.")
    appeared_locator: Text | None = None
    label: Text | None = Field(None, description="Short reference, such as A1 or B3.")
    verdict: Verdict
    settled_by: list[Slug] = Field(min_length=1, description="Ids of the facts that settle the claim.")
    explanation: Text


def _check_term(value: str) -> str:
    """A term becomes an abbreviation line ``*[term]: text``; brackets or line breaks would break it."""
    if "[" in value or "]" in value:
        raise ValueError("a glossary term cannot contain square brackets; write it without them")
    if "\n" in value or "\t" in value:
        raise ValueError("a glossary term must be on one line")
    return value


Term = Annotated[Text, AfterValidator(_check_term)]


class GlossaryTerm(Record):
    """A technical term, shown as a tooltip wherever it appears."""

    term: Term
    aliases: list[Term] = Field(default_factory=list, description="Other spellings that get the same tooltip.")
    short: Text = Field(description="One plain sentence, used as the tooltip.")
    definition: Text | None = Field(None, description="A longer explanation for the glossary page.")
    sources: list[Citation] = Field(default_factory=list)


#: The kinds of record, in load order, with the file each lives in.
KINDS: dict[str, type[Record]] = {
    "sources": Source,
    "people": Person,
    "events": Event,
    "findings": Finding,
    "comparisons": Comparison,
    "quotes": Quote,
    "claims": Claim,
    "glossary": GlossaryTerm,
}

#: Kinds whose records are facts with a page anchor and a short address.
FACT_KINDS = ("events", "findings", "comparisons", "quotes", "claims")


def kind_label(kind: str) -> str:
    """The singular, human name of a kind, for messages."""
    return {
        "sources": "source",
        "people": "person",
        "events": "event",
        "findings": "finding",
        "comparisons": "comparison",
        "quotes": "quote",
        "claims": "claim",
        "glossary": "glossary term",
    }[kind]


def record_schema(kind: str) -> dict[str, Any]:
    """JSON Schema for one file of a kind: a list of its records."""
    item = KINDS[kind].model_json_schema()
    defs = item.pop("$defs", {})
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind}.yaml",
        "description": f"A list of {kind_label(kind)} records.",
        "type": "array",
        "items": item,
    }
    if defs:
        schema["$defs"] = defs
    return schema
