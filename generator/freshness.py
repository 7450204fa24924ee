"""Freshness: warn when a time-sensitive fact's "as of" date is more than a year old.

A warning, not an error: an old plan or count may still be right, but an
editor should look at it again. Called from ``pipeline.check``.
"""

from __future__ import annotations

from datetime import date, timedelta

from .model import KINDS, kind_label, parse_partial_date
from .problems import Problem
from .validate import SiteData

MAX_AGE = timedelta(days=365)


def stale_as_of(data: SiteData, today: date, max_age: timedelta = MAX_AGE) -> list[Problem]:
    """A warning for each record whose as_of date is more than ``max_age`` before today."""
    problems = []
    for kind in KINDS:
        for rid, record in data.records[kind].items():
            if not record.as_of:
                continue
            age = today - parse_partial_date(record.as_of)
            if age > max_age:
                file, line, col = data.where(kind, rid, "as_of")
                problems.append(
                    Problem(
                        file,
                        line,
                        col,
                        f"{kind_label(kind)} '{rid}': as_of {record.as_of} is {age.days} days old; "
                        "check the fact again and update as_of (and the value, if it changed).",
                        field="as_of",
                        severity="warning",
                    )
                )
    return problems
