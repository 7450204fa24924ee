"""A corpus of bad inputs: each one gives exactly the expected messages, at their file, line and column.

Every case starts from a small valid data set (``BASE``), changes one thing, and
compares the whole report, so a case also proves that one mistake does not
cause a cascade of confusing follow-up messages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.validate import load_site_data

TODAY = date(2026, 1, 1)

BASE = {
    "sources": """
- id: cnsa-handover
  kind: agency
  title: Handover ceremony of the Chang'e-6 samples
  publisher: CNSA
  published: 2024-06-26
  accessed: 2025-01-10
  url: https://www.cnsa.gov.cn/handover
""",
    "people": """
- id: li-chunlai
  name: Li Chunlai
""",
    "events": """
- id: launch
  title: Launch
  summary: Chang'e-6 lifts off.
  utc: 2024-05-03T09:27Z
  precision: minute
  sources:
    - source: cnsa-handover
- id: return
  title: Return
  summary: The capsule lands in Inner Mongolia.
  utc: 2024-06-25T06:07Z
  precision: minute
  sources:
    - source: cnsa-handover
""",
    "findings": """
- id: sample-mass
  title: Mass of the samples
  quantity: Total mass
  subject: Chang'e-6 samples
  group: mass
  value: 1935.3
  unit: g
  method: Weighing
  sources:
    - source: cnsa-handover
""",
    "comparisons": "[]\n",
    "quotes": """
- id: li-quote
  speaker: li-chunlai
  text: The far side is different.
  status: verified
  first_published: cnsa-handover
  sources:
    - source: cnsa-handover
""",
    "claims": """
- id: claim-mass
  text: It brought back about two kilograms.
  appeared_in: cnsa-handover
  verdict: accurate
  settled_by: [sample-mass]
  explanation: The mass was 1,935.3 g.
  sources:
    - source: cnsa-handover
""",
    "glossary": """
- id: kreep
  term: KREEP
  short: Lunar rock rich in potassium, rare earths and phosphorus.
""",
}

FINDING = """
- id: sample-mass
  title: Mass of the samples
  quantity: Total mass
  subject: Chang'e-6 samples
  group: mass
  value: 1935.3
  unit: g
  method: Weighing
  sources:
    - source: cnsa-handover
- id: sample-mass-lb
  title: Mass in pounds
  quantity: Total mass
  subject: Chang'e-6 samples
  group: mass
  value: {value}
  unit: {unit}
  method: Converted from grams
  derived: {{kind: conversion, start: sample-mass}}
  sources:
    - source: cnsa-handover
"""

MEASURE = """
- id: {id}
  title: {title}
  quantity: {title}
  subject: Chang'e-6
  group: context
  value: {value}
  unit: {unit}
  method: {method}
  sources:
    - source: cnsa-handover
"""
DURATION = (
    MEASURE.format(
        id="mission-length",
        title="Length of the mission",
        value="{value}",
        unit="{unit}",
        method="From the event times",
    )
    + "  derived: {{kind: duration, start: launch, end: return}}\n"
)
DIFFERENCE = (
    MEASURE.format(id="age-young", title="Young basalt age", value=2807, unit="Ma", method="Pb-Pb dating")
    + MEASURE.format(id="age-old", title="Old basalt age", value=4203, unit="Ma", method="Pb-Pb dating")
    + MEASURE.format(id="age-gap", title="Gap between the ages", value="{value}", unit="Ga", method="Subtraction")
    + "  derived: {{kind: difference, start: age-young, end: age-old}}\n"
)


def sub(kind: str, old: str, new: str, count: int = 1) -> dict[str, str]:
    """The base file of a kind with one change."""
    text = BASE[kind]
    assert old in text, old
    return {kind: text.replace(old, new, count)}


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
)

CASES = [
    # -- loading ------------------------------------------------------------------------
    pytest.param(
        sub("people", "  name: Li Chunlai\n", "  name: Li Chunlai\n  name: Li C.\n"),
        [
            (
                "site_data/people.yaml:3:3: error: the field 'name' appears twice in this record (first on line "
                "2); keep only one."
            ),
        ],
        id="duplicate-key",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "\tname: Li Chunlai"),
        [
            "site_data/people.yaml:2:1: error: a tab is used for indentation; YAML needs spaces.",
        ],
        id="tab-indentation",
    ),
    pytest.param(
        {"people": "- id: li-chunlai\n  name: Li Chunla\xe9\n".encode("latin-1")},
        [
            (
                "site_data/people.yaml:2:18: error: the file is not valid UTF-8 text; save it as UTF-8 and check "
                "this character."
            ),
        ],
        id="not-utf8",
    ),
    pytest.param(
        {"people": BASE["people"] + "#" * (5 * 1024 * 1024) + "\n"},
        [
            (
                "site_data/people.yaml:1:1: error: the file is 5,242,917 bytes; fact files may be at most "
                "5,242,880 bytes, so remove what does not belong in it."
            ),
        ],
        id="too-big",
    ),
    pytest.param(
        {"people": BOMB},
        [
            (
                "site_data/people.yaml:1:1: error: the file expands to more than 200,000 values (too many "
                "aliases?); write records out plainly."
            ),
        ],
        id="alias-bomb",
    ),
    pytest.param(
        {"people": "- &me\n  id: li-chunlai\n  name: *me\n"},
        [
            (
                "site_data/people.yaml:1:3: error: an alias here refers to the record that contains it; write the "
                "value out instead."
            ),
        ],
        id="recursive-alias",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: !!python/object/apply:os.system [ls]"),
        [
            (
                "site_data/people.yaml:2:9: error: the YAML tag '!!python/object/apply:os.system' is not allowed; "
                "fact files use only plain text, numbers, true/false, lists and fields, so remove the tag."
            ),
        ],
        id="python-tag",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: !!binary TGkgQ2h1bmxhaQ=="),
        [
            (
                "site_data/people.yaml:2:9: error: the YAML tag '!!binary' is not allowed; fact files use only "
                "plain text, numbers, true/false, lists and fields, so remove the tag."
            ),
        ],
        id="binary-tag",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: !secret Li Chunlai"),
        [
            (
                "site_data/people.yaml:2:9: error: the YAML tag '!secret' is not allowed; fact files use only "
                "plain text, numbers, true/false, lists and fields, so remove the tag."
            ),
        ],
        id="custom-tag",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: !!timestamp 2024-06-25"),
        [
            (
                "site_data/people.yaml:2:9: error: the YAML tag '!!timestamp' is not allowed; fact files use only "
                "plain text, numbers, true/false, lists and fields, so remove the tag."
            ),
        ],
        id="timestamp-tag",
    ),
    pytest.param(
        {"people": "- &base\n  id: li-chunlai\n  name: Li Chunlai\n- <<: *base\n  id: li-2\n"},
        [
            "site_data/people.yaml:4:3: error: merge keys ('<<') are not allowed; write each field out.",
        ],
        id="merge-key",
    ),
    pytest.param(
        {"people": BASE["people"] + "---\n" + BASE["people"]},
        [
            (
                "site_data/people.yaml:3:1: error: the YAML cannot be read: the file holds more than one YAML "
                "document (a second '---'); keep one list of records."
            ),
        ],
        id="two-documents",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", '  name: "Li Chunlai'),
        [
            (
                "site_data/people.yaml:3:1: error: the YAML cannot be read: a quote or bracket is opened but "
                "never closed."
            ),
        ],
        id="unclosed-quote",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: Li: Chunlai"),
        [
            (
                "site_data/people.yaml:2:11: error: the YAML cannot be read: a colon is in an unexpected place; "
                "put text that contains ': ' in quotes, and check the indentation."
            ),
        ],
        id="colon-in-text",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: Li \x07Chunlai"),
        [
            (
                "site_data/people.yaml:2:12: error: the file contains an invisible control character (U+0007); "
                "delete it and retype the text around it."
            ),
        ],
        id="control-character",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", '  name: "Li \\e[31mChunlai"'),
        [
            (
                "site_data/people.yaml:2:3: error: person 'li-chunlai': the field 'name' ('Li \\x1b[31mChunlai') "
                "is not valid: it contains an invisible control character (U+001B) at position 4; retype the text "
                "without it."
            ),
        ],
        id="escaped-control-character",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: " + "[" * 60 + "]" * 60),
        [
            (
                "site_data/people.yaml:2:48: error: the data is nested more than 40 levels deep; records are flat "
                "lists of fields."
            ),
        ],
        id="deep-nesting",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: Li Chunlai\n  2024: joined"),
        [
            (
                "site_data/people.yaml:3:3: error: the key 2024 is not a field name; field names are words, like "
                "'title'."
            ),
        ],
        id="number-as-key",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: *chunlai"),
        [
            (
                "site_data/people.yaml:2:9: error: the YAML cannot be read: an alias (*name) refers to an anchor "
                "(&name) that does not exist; write the value out."
            ),
        ],
        id="undefined-alias",
    ),
    pytest.param(
        {"people": "id: li-chunlai\nname: Li Chunlai\n"},
        [
            (
                "site_data/people.yaml:1:1: error: this file must be a list of person records, each starting with "
                "'- id:'; it holds a mapping instead."
            ),
        ],
        id="file-is-a-mapping",
    ),
    pytest.param(
        {"people": BASE["people"] + "- wang-qin\n"},
        [
            (
                "site_data/people.yaml:3:3: error: each entry must be a person record with fields (id: ..., and "
                "the rest), not 'wang-qin'."
            ),
        ],
        id="entry-is-text",
    ),
    pytest.param(
        {"glossary": None},
        [
            (
                "site_data/glossary.yaml: error: the file glossary.yaml is missing; create it (it may be an empty "
                "list: [])."
            ),
        ],
        id="missing-file",
    ),
    pytest.param(
        {"event.yaml": BASE["events"]},
        [
            (
                "site_data/event.yaml: error: event.yaml is not a known fact file; known files are sources.yaml, "
                "people.yaml, events.yaml, findings.yaml, comparisons.yaml, quotes.yaml, claims.yaml, "
                "glossary.yaml."
            ),
        ],
        id="unknown-file",
    ),
    # -- schema ---------------------------------------------------------------------------
    pytest.param(
        sub("events", "  summary: Chang'e-6 lifts off.", "  sumary: Chang'e-6 lifts off."),
        [
            ("site_data/events.yaml:1:3: error: event 'launch': the field 'summary' is required but missing; add it."),
            (
                "site_data/events.yaml:3:3: error: event 'launch': the field 'sumary' is not known. Did you mean "
                "'summary'?"
            ),
        ],
        id="unknown-field-did-you-mean",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: Li Chunlai\n  xyzzy: 1"),
        [
            (
                "site_data/people.yaml:3:3: error: person 'li-chunlai': the field 'xyzzy' is not known. Known "
                "fields: id, former_ids, checked, as_of, note, name, native_name, affiliation, role, url."
            ),
        ],
        id="unknown-field-no-guess",
    ),
    pytest.param(
        sub("events", "    - source: cnsa-handover\n", "    - sorce: cnsa-handover\n"),
        [
            (
                "site_data/events.yaml:7:7: error: event 'launch': the field 'sorce' is not known. Did you mean "
                "'source'?"
            ),
            ("site_data/events.yaml:7:7: error: event 'launch': the field 'source' is required but missing; add it."),
        ],
        id="unknown-nested-field",
    ),
    pytest.param(
        sub("events", "  title: Launch\n", ""),
        [
            ("site_data/events.yaml:1:3: error: event 'launch': the field 'title' is required but missing; add it."),
        ],
        id="missing-required-field",
    ),
    pytest.param(
        sub("findings", "  value: 1935.3", "  value: heavy"),
        [
            (
                "site_data/findings.yaml:6:3: error: finding 'sample-mass': the field 'value' should be a number, "
                "not 'heavy'."
            ),
        ],
        id="wrong-type-number",
    ),
    pytest.param(
        sub(
            "events", "  sources:\n    - source: cnsa-handover\n- id: return", "  sources: cnsa-handover\n- id: return"
        ),
        [
            (
                "site_data/events.yaml:6:3: error: event 'launch': the field 'sources' should be a list, not "
                "'cnsa-handover'."
            ),
        ],
        id="wrong-type-list",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: [Li, Chunlai]"),
        [
            ("site_data/people.yaml:2:3: error: person 'li-chunlai': the field 'name' should be text, not a list."),
        ],
        id="wrong-type-text",
    ),
    pytest.param(
        sub("events", "  title: Launch", '  title: ""'),
        [
            "site_data/events.yaml:2:3: error: event 'launch': the field 'title' is empty; write a value.",
        ],
        id="empty-string",
    ),
    pytest.param(
        sub("events", "  title: Launch", '  title: "   "'),
        [
            "site_data/events.yaml:2:3: error: event 'launch': the field 'title' is empty; write a value.",
        ],
        id="blank-string",
    ),
    pytest.param(
        sub("events", "- id: launch", "- id: Launch_1"),
        [
            (
                "site_data/events.yaml:1:3: error: event #1 in the file: the field 'id' has 'Launch_1', which is "
                "not a valid id; ids use lowercase letters, digits and single hyphens, like 'ce6-landing'."
            ),
        ],
        id="id-not-a-slug",
    ),
    pytest.param(
        sub("events", "- id: launch", "- id: ../../etc/passwd"),
        [
            (
                "site_data/events.yaml:1:3: error: event #1 in the file: the field 'id' has '../../etc/passwd', "
                "which is not a valid id; ids use lowercase letters, digits and single hyphens, like "
                "'ce6-landing'."
            ),
        ],
        id="id-as-a-path",
    ),
    pytest.param(
        sub("events", "- id: launch", "- id: " + "a" * 81),
        [
            (
                "site_data/events.yaml:1:3: error: event "
                "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': the field "
                "'id' is too long; use at most 80 characters."
            ),
        ],
        id="id-too-long",
    ),
    pytest.param(
        sub("sources", "  published: 2024-06-26", "  published: 2024-02-30"),
        [
            (
                "site_data/sources.yaml:5:3: error: source 'cnsa-handover': the field 'published' ('2024-02-30') "
                "is not valid: day 30 does not exist in February 2024."
            ),
        ],
        id="impossible-date",
    ),
    pytest.param(
        sub("sources", "  published: 2024-06-26", "  published: 2024-13"),
        [
            (
                "site_data/sources.yaml:5:3: error: source 'cnsa-handover': the field 'published' ('2024-13') is "
                "not valid: month 13 does not exist."
            ),
        ],
        id="impossible-month",
    ),
    pytest.param(
        sub("sources", "  published: 2024-06-26", "  published: June 2024"),
        [
            (
                "site_data/sources.yaml:5:3: error: source 'cnsa-handover': the field 'published' has 'June "
                "2024', which is not a date; write it as YYYY-MM-DD (or YYYY-MM, or YYYY)."
            ),
        ],
        id="date-in-words",
    ),
    pytest.param(
        sub("events", "  utc: 2024-05-03T09:27Z", "  utc: 2024-05-03T25:27Z"),
        [
            (
                "site_data/events.yaml:4:3: error: event 'launch': the field 'utc' ('2024-05-03T25:27Z') is not "
                "valid: time 25:27 does not exist."
            ),
        ],
        id="impossible-time",
    ),
    pytest.param(
        sub("findings", "  value: 1935.3", "  value: 1935.3\n  uncertainty: -0.1"),
        [
            (
                "site_data/findings.yaml:7:3: error: finding 'sample-mass': the field 'uncertainty' (-0.1) is not "
                "valid: an uncertainty cannot be negative; write its size without a sign."
            ),
        ],
        id="negative-uncertainty",
    ),
    pytest.param(
        sub("findings", "  unit: g", "  unit: lbs"),
        [
            (
                "site_data/findings.yaml:7:3: error: finding 'sample-mass': the field 'unit' ('lbs') is not "
                "valid: it is not a known unit. Did you mean 'lb'? Known units are g, kg, t, lb, g/cm³, %, wt%, "
                "ppm, µg/g, Ma, Ga, Gyr, km, m, km/s, N, h, d, °, ‰, count, ratio."
            ),
        ],
        id="unknown-unit",
    ),
    pytest.param(
        sub("findings", "  value: 1935.3", "  value: .nan"),
        [
            (
                "site_data/findings.yaml:6:3: error: finding 'sample-mass': the field 'value' must be an ordinary "
                "number, not nan."
            ),
        ],
        id="not-a-number",
    ),
    pytest.param(
        sub("sources", "  url: https://www.cnsa.gov.cn/handover", "  url: javascript:alert(1)"),
        [
            (
                "site_data/sources.yaml:7:3: error: source 'cnsa-handover': the field 'url' has "
                "'javascript:alert(1)', which is not a web address; it must start with http:// or https://."
            ),
        ],
        id="javascript-url",
    ),
    pytest.param(
        sub("sources", "  url: https://www.cnsa.gov.cn/handover", "  url: data:text/html,<script>alert(1)</script>"),
        [
            (
                "site_data/sources.yaml:7:3: error: source 'cnsa-handover': the field 'url' has "
                "'data:text/html,<script>alert(1)</script>', which is not a web address; it must start with "
                "http:// or https://."
            ),
        ],
        id="data-url",
    ),
    pytest.param(
        sub("sources", "  url: https://www.cnsa.gov.cn/handover", "  url: https:///handover"),
        [
            (
                "site_data/sources.yaml:7:3: error: source 'cnsa-handover': the field 'url' ('https:///handover') "
                "is not valid: it is not a complete web address; write it like https://example.org/page."
            ),
        ],
        id="incomplete-url",
    ),
    pytest.param(
        sub("sources", "  url: https://www.cnsa.gov.cn/handover", "  doi: https://doi.org/10.1038/s41586-024-08382-0"),
        [
            (
                "site_data/sources.yaml:7:3: error: source 'cnsa-handover': the field 'doi' has "
                "'https://doi.org/10.1038/s41586-024-08382-0', which is not a DOI; write it like "
                "10.1038/s41586-024-08382-0, without https://doi.org/."
            ),
        ],
        id="doi-as-url",
    ),
    pytest.param(
        sub("events", "  precision: minute", "  precision: minutes"),
        [
            (
                "site_data/events.yaml:5:3: error: event 'launch': the field 'precision' cannot be 'minutes'; use "
                "one of 'year', 'month', 'day', 'minute' or 'second'."
            ),
        ],
        id="not-allowed-value",
    ),
    pytest.param(
        sub("events", "  precision: minute", "  precision: second"),
        [
            (
                "site_data/events.yaml:1:3: error: event 'launch': precision is 'second' but the utc value "
                "'2024-05-03T09:27Z' is given to the minute; make them agree."
            ),
        ],
        id="precision-disagrees",
    ),
    pytest.param(
        sub("events", "  utc: 2024-05-03T09:27Z", "  utc: 2024-05-03T09:27Z\n  end_utc: 2024-05-02T09:27Z"),
        [
            (
                "site_data/events.yaml:1:3: error: event 'launch': end_utc 2024-05-02T09:27Z is before utc "
                "2024-05-03T09:27Z; an event cannot end before it starts."
            ),
        ],
        id="end-before-start",
    ),
    pytest.param(
        sub("findings", "  value: 1935.3", "  low: 2000\n  high: 1900"),
        [
            (
                "site_data/findings.yaml:1:3: error: finding 'sample-mass': low (2000) is greater than high "
                "(1900); swap them."
            ),
        ],
        id="low-above-high",
    ),
    pytest.param(
        sub("sources", "  url: https://www.cnsa.gov.cn/handover\n", ""),
        [
            (
                "site_data/sources.yaml:1:3: error: source 'cnsa-handover': a source needs a url or a doi so that "
                "readers can open it (only a seed article whose address is unknown may have neither, with a "
                "seen_note saying so)."
            ),
        ],
        id="source-without-address",
    ),
    pytest.param(
        sub("quotes", "  first_published: cnsa-handover\n", ""),
        [
            (
                "site_data/quotes.yaml:1:3: error: quote 'li-quote': a quote with status 'verified' needs "
                "first_published: the id of the source where it first appeared (or set status to not-found)."
            ),
        ],
        id="quote-without-origin",
    ),
    pytest.param(
        sub("glossary", "  term: KREEP", '  term: "KREEP]: x"\n  aliases: ["[k]"]'),
        [
            (
                "site_data/glossary.yaml:2:3: error: glossary term 'kreep': the field 'term' ('KREEP]: x') is not "
                "valid: a glossary term cannot contain square brackets; write it without them."
            ),
            (
                "site_data/glossary.yaml:3:13: error: glossary term 'kreep': the field 'aliases' ('[k]') is not "
                "valid: a glossary term cannot contain square brackets; write it without them."
            ),
        ],
        id="glossary-term-with-brackets",
    ),
    pytest.param(
        sub("events", "  title: Launch", '  title: "Launch \\u202egnp.exe"'),
        [
            (
                "site_data/events.yaml:2:3: error: event 'launch': the field 'title' ('Launch \\u202egnp.exe') is "
                "not valid: it contains an invisible control character (U+202E) at position 8; retype the text "
                "without it."
            ),
        ],
        id="invisible-direction-override",
    ),
    pytest.param(
        sub("sources", "  url: https://www.cnsa.gov.cn/handover", '  url: "https://www.cnsa.gov.cn/\\u202egpj.exe"'),
        [
            (
                "site_data/sources.yaml:7:3: error: source 'cnsa-handover': the field 'url' "
                "('https://www.cnsa.gov.cn/\\u202egpj.exe') is not valid: it contains an invisible control "
                "character (U+202E) at position 25; retype the text without it."
            ),
        ],
        id="invisible-character-in-url",
    ),
    pytest.param(
        sub("people", "  name: Li Chunlai", "  name: yes"),
        ["site_data/people.yaml:2:3: error: person 'li-chunlai': the field 'name' should be text, not true."],
        id="yes-read-as-true",
    ),
    pytest.param(
        {
            "findings": FINDING.format(value=4.27, unit="lb").replace(
                "{kind: conversion, start: sample-mass}", "{kind: conversion, strat: sample-mass}"
            )
        },
        [
            "site_data/findings.yaml:19:3: error: finding 'sample-mass-lb': the field 'start' is required but "
            "missing; add it.",
            "site_data/findings.yaml:19:31: error: finding 'sample-mass-lb': the field 'strat' is not known. "
            "Did you mean 'start'?",
        ],
        id="unknown-field-in-a-derivation",
    ),
    # -- cross-checks ---------------------------------------------------------------------
    pytest.param(
        sub("events", "    - source: cnsa-handover\n- id: return", "    - source: cnsa-handover-2024\n- id: return"),
        [
            (
                "site_data/events.yaml:7:7: error: event 'launch': 'cnsa-handover-2024' is not the id of any "
                "source. Did you mean 'cnsa-handover'?"
            ),
        ],
        id="missing-source",
    ),
    pytest.param(
        sub("events", "- id: return", "- id: sample-mass"),
        [
            (
                "site_data/findings.yaml:1:3: error: finding 'sample-mass': the id 'sample-mass' is already used "
                "by an event at site_data/events.yaml:8; every id must be unique, so rename one of them."
            ),
        ],
        id="duplicate-id-across-files",
    ),
    pytest.param(
        sub("events", "- id: return", "- id: launch"),
        [
            (
                "site_data/events.yaml:8:3: error: event 'launch': the id 'launch' is already used by an event at "
                "site_data/events.yaml:1; every id must be unique, so rename one of them."
            ),
        ],
        id="duplicate-id-in-file",
    ),
    pytest.param(
        sub("claims", "  settled_by: [sample-mass]", "  settled_by: []"),
        [
            (
                "site_data/claims.yaml:5:3: error: claim 'claim-mass': the field 'settled_by' needs at least one "
                "entry; add one."
            ),
        ],
        id="claim-settled-by-nothing",
    ),
    pytest.param(
        sub("claims", "  settled_by: [sample-mass]", "  settled_by: [sample-mas]"),
        [
            (
                "site_data/claims.yaml:5:16: error: claim 'claim-mass': 'sample-mas' is not the id of any event, "
                "finding, comparison, quote or claim. Did you mean 'sample-mass'?"
            ),
        ],
        id="claim-settled-by-missing-fact",
    ),
    pytest.param(
        sub("claims", "  settled_by: [sample-mass]", "  settled_by: [cnsa-handover]"),
        [
            (
                "site_data/claims.yaml:5:16: error: claim 'claim-mass': 'cnsa-handover' is not the id of any "
                "event, finding, comparison, quote or claim. Check the id, or add the record it refers to."
            ),
        ],
        id="claim-settled-by-a-source",
    ),
    pytest.param(
        sub("quotes", "  sources:\n    - source: cnsa-handover\n", "  sources: []\n"),
        [
            (
                "site_data/quotes.yaml:6:3: error: quote 'li-quote': the field 'sources' needs at least one "
                "entry; add one."
            ),
        ],
        id="quote-without-source",
    ),
    pytest.param(
        sub("quotes", "  speaker: li-chunlai", "  speaker: wang-qin"),
        [
            (
                "site_data/quotes.yaml:2:3: error: quote 'li-quote': 'wang-qin' is not the id of any person. "
                "Check the id, or add the record it refers to."
            ),
        ],
        id="quote-with-unknown-speaker",
    ),
    pytest.param(
        sub("sources", "  accessed: 2025-01-10", "  accessed: 2024-01-10"),
        [
            (
                "site_data/sources.yaml:6:3: error: source 'cnsa-handover': accessed 2024-01-10 is before it was "
                "published (2024-06-26); check both dates."
            ),
        ],
        id="accessed-before-published",
    ),
    pytest.param(
        sub("events", "  precision: minute\n", "  precision: minute\n  checked: 2031-01-01\n", 1),
        [
            (
                "site_data/events.yaml:6:3: error: event 'launch': checked 2031-01-01 is in the future; write the "
                "date it really was."
            ),
        ],
        id="checked-in-the-future",
    ),
    pytest.param(
        {"findings": FINDING.format(value=4.2, unit="lb")},
        [
            (
                "site_data/findings.yaml:16:3: error: finding 'sample-mass-lb': the value 4.2 lb does not match "
                "4.267 lb, which is 1,935.3 g ('sample-mass') converted to lb; correct the value or the records "
                "it is computed from."
            ),
        ],
        id="conversion-disagrees",
    ),
    pytest.param(
        {"findings": FINDING.format(value=4.27, unit="Ma")},
        [
            (
                "site_data/findings.yaml:16:3: error: finding 'sample-mass-lb': the derived value cannot be "
                "checked: there is no known conversion from g to Ma; use units that measure the same thing."
            ),
        ],
        id="conversion-without-factor",
    ),
    pytest.param(
        {"findings": FINDING.format(value=4.27, unit="lb").replace("  value: 1935.3", "  low: 1900\n  high: 2000")},
        [
            (
                "site_data/findings.yaml:17:3: error: finding 'sample-mass-lb': the derived value cannot be "
                "checked: finding 'sample-mass' has no single value to compute with; derive from a record that "
                "has a value."
            ),
        ],
        id="conversion-from-a-range",
    ),
    pytest.param(
        {"findings": FINDING.format(value=4.27, unit="lb").replace("start: sample-mass}", "start: launch}")},
        [
            (
                "site_data/findings.yaml:19:31: error: finding 'sample-mass-lb': 'launch' is not the id of any "
                "finding or comparison. Check the id, or add the record it refers to."
            ),
        ],
        id="conversion-from-an-event",
    ),
    pytest.param(
        {"comparisons": DURATION.format(value=54, unit="d")},
        [
            (
                "site_data/comparisons.yaml:6:3: error: comparison 'mission-length': the value 54 d does not "
                "match 52.86 d, which is the time from event 'launch' (2024-05-03T09:27Z) to event 'return' "
                "(2024-06-25T06:07Z), in d; correct the value or the records it is computed from."
            ),
        ],
        id="duration-disagrees",
    ),
    pytest.param(
        {"comparisons": DURATION.format(value=52.8, unit="km")},
        [
            (
                "site_data/comparisons.yaml:6:3: error: comparison 'mission-length': the derived value cannot be "
                "checked: a duration is given in hours (h) or days (d), not in km."
            ),
        ],
        id="duration-not-in-time",
    ),
    pytest.param(
        {"comparisons": DIFFERENCE.format(value=1.5)},
        [
            (
                "site_data/comparisons.yaml:28:3: error: comparison 'age-gap': the value 1.5 Ga does not match "
                "1.396 Ga, which is 4,203 Ma ('age-old') minus 2,807 Ma ('age-young'), in Ga; correct the value "
                "or the records it is computed from."
            ),
        ],
        id="difference-disagrees",
    ),
]


def write_data(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """The base data with some files replaced (None removes a file); returns the data folder."""
    data = root / "site_data"
    data.mkdir(parents=True)
    merged: dict[str, str | bytes | None] = {f"{kind}.yaml": text for kind, text in BASE.items()}
    merged.update({(k if k.endswith(".yaml") else f"{k}.yaml"): v for k, v in files.items()})
    for name, text in merged.items():
        if text is not None:
            (data / name).write_bytes(text if isinstance(text, bytes) else text.lstrip("\n").encode("utf-8"))
    return data


def report(root: Path, files: dict[str, str | bytes | None]) -> list[str]:
    data = write_data(root, files)
    _, problems = load_site_data(data, root, today=TODAY)
    return [p.format() for p in problems.sorted()]


def test_the_base_data_is_valid(tmp_path):
    assert report(tmp_path, {}) == []


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_bad_input_gives_exactly_the_expected_messages(tmp_path, files, expected):
    assert report(tmp_path, files) == expected


@pytest.mark.parametrize("value", [4.27, 4.3, 4.267, 4])
def test_a_conversion_within_half_a_unit_of_its_last_decimal_passes(tmp_path, value):
    assert report(tmp_path, {"findings": FINDING.format(value=value, unit="lb")}) == []


@pytest.mark.parametrize("value", [4.2, 4.26, 5])
def test_a_conversion_beyond_half_a_unit_of_its_last_decimal_fails(tmp_path, value):
    found = report(tmp_path, {"findings": FINDING.format(value=value, unit="lb")})
    assert len(found) == 1 and f"the value {value} lb does not match" in found[0], found


def test_a_duration_and_a_difference_that_agree_pass(tmp_path):
    assert report(tmp_path, {"comparisons": DURATION.format(value=52.9, unit="d")}) == []
    assert report(tmp_path / "h", {"comparisons": DURATION.format(value=1269, unit="h")}) == []
    assert report(tmp_path / "gap", {"comparisons": DIFFERENCE.format(value=1.4)}) == []


def test_the_real_data_has_no_derived_value_that_disagrees():
    from conftest import REPO

    _, problems = load_site_data(REPO / "site_data", REPO)
    assert not [p for p in problems.sorted() if p.field in ("value", "derived")], problems.to_text()


# -- reporting ---------------------------------------------------------------------------------------

MANY_MISTAKES = {
    **sub("sources", "  url: https://www.cnsa.gov.cn/handover", "  url: javascript:alert(1)"),
    **sub("events", "  title: Launch", '  title: ""'),
    "findings": BASE["findings"].replace("  unit: g", "  unit: lbs").replace("  value: 1935.3", "  value: heavy"),
    **sub("claims", "  settled_by: [sample-mass]", "  settled_by: [sample-mas]"),
}


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (root / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_problem_of_a_run_is_reported_together_sorted_by_file_and_line(tmp_path):
    write_data(tmp_path, MANY_MISTAKES)
    result = run_cli(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "5 errors, 0 warnings."
    located = [line.split(": error: ")[0].rsplit(":", 2) for line in lines[:-1]]
    assert [(f, int(line)) for f, line, _ in located] == sorted((f, int(line)) for f, line, _ in located)
    assert [f for f, _, _ in located] == [
        "site_data/claims.yaml",
        "site_data/events.yaml",
        "site_data/findings.yaml",
        "site_data/findings.yaml",
        "site_data/sources.yaml",
    ]


def test_json_report_for_editors_and_ci(tmp_path):
    write_data(tmp_path, MANY_MISTAKES)
    result = run_cli(tmp_path, "--format", "json")
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert out["errors"] == 5 and out["warnings"] == 0
    first = out["problems"][0]
    assert set(first) == {"file", "line", "column", "field", "message", "severity"}
    assert first == {
        "file": "site_data/claims.yaml",
        "line": 5,
        "column": 16,
        "field": "settled_by.0",
        "message": "claim 'claim-mass': 'sample-mas' is not the id of any event, finding, comparison, quote or "
        "claim. Did you mean 'sample-mass'?",
        "severity": "error",
    }
    assert {p["field"] for p in out["problems"]} == {"settled_by.0", "title", "value", "unit", "url"}


def test_a_clean_check_of_the_real_project_exits_0(project):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The real data may carry warnings (stale as-of dates); a clean check means no errors.
    assert result.returncode == 0 and result.stdout.startswith("The data is valid.")
    assert " error: " not in result.stderr and "Traceback" not in result.stderr


def test_terminal_escapes_in_data_never_reach_the_terminal(tmp_path):
    files = sub("people", "  name: Li Chunlai", '  name: Li Chunlai\n  "\\e]0;pwned\\a": 1')
    found = report(tmp_path, files)
    assert found == [
        "site_data/people.yaml:3:3: error: person 'li-chunlai': the field '\\x1b]0;pwned\\x07' is not known. "
        "Known fields: id, former_ids, checked, as_of, note, name, native_name, affiliation, role, url."
    ]
    assert "\x1b" not in "".join(found)
