"""Validate loaded documents against the model, then check records against each other.

Every problem is collected with its file, line and field; nothing here raises on
bad data, so one run reports everything an editor has to fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import formatting, model, units
from .load import Document, load_yaml
from .model import FACT_KINDS, KINDS, Record, kind_label
from .problems import Problem, Problems, relative


@dataclass
class SiteData:
    """All records, by kind and by id, plus where each was defined."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k: {} for k in KINDS})
    origin: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # id -> (kind, file, line)
    documents: dict[tuple[str, str], tuple[Document, int]] = field(default_factory=dict)  # (kind, id) -> (doc, index)
    #: Kinds whose file could not be read, and ids of records that exist but failed validation: references
    #: to them are not reported again, so one mistake gives one message.
    unreadable: set[str] = field(default_factory=set)
    rejected: dict[str, str] = field(default_factory=dict)  # id -> kind

    def where(self, kind: str, rid: str, *path: Any) -> tuple[str, int, int]:
        """File, line and column of a record's field, for messages about it."""
        doc, index = self.documents[(kind, rid)]
        line, col = doc.position((index, *path))
        return doc.label, line, col

    def __getattr__(self, kind: str) -> dict[str, Any]:
        records = self.__dict__.get("records", {})
        if kind in records:
            return records[kind]
        raise AttributeError(kind)

    def get(self, record_id: str) -> Record | None:
        entry = self.origin.get(record_id)
        return self.records[entry[0]].get(record_id) if entry else None

    def kind_of(self, record_id: str) -> str | None:
        entry = self.origin.get(record_id)
        return entry[0] if entry else None

    def facts(self) -> list[tuple[str, Record]]:
        """Every fact (event, finding, comparison, quote, claim), with its kind."""
        return [(kind, rec) for kind in FACT_KINDS for rec in self.records[kind].values()]


_TYPE_NAMES = {
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def show(value: Any, limit: int = 60) -> str:
    """A value as quoted in a message: short, on one line, control characters made visible."""
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, (dict, list)):
        text = "a mapping" if isinstance(value, dict) else "a list"
    elif value is None:
        text = "nothing"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _describe_error(err: dict[str, Any], record_cls: type[Record]) -> str:
    """One pydantic error as a sentence that says what is wrong and what to do."""
    kind = err["type"]
    loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
    name = loc[-1] if loc else ""
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        fields = list(record_cls.model_fields)
        if len(loc) > 1:  # a field of a nested part (a citation, a correction, a derivation)
            fields = _nested_fields(record_cls, loc[:-1]) or fields
        guess = difflib.get_close_matches(name, fields, n=1)
        hint = f" Did you mean '{guess[0]}'?" if guess else f" Known fields: {', '.join(fields)}."
        return f"the field {show(name)} is not known.{hint}"
    if kind == "missing":
        return f"the field '{name}' is required but missing; add it."
    if kind == "literal_error":
        return f"the field '{name}' cannot be {show(value)}; use one of {ctx.get('expected', '')}."
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == model.SLUG_PATTERN:
            return (
                f"the field '{name}' has {show(value)}, which is not a valid id; ids use lowercase letters, "
                "digits and single hyphens, like 'ce6-landing'."
            )
        if pattern == model.DOI_PATTERN:
            return (
                f"the field '{name}' has {show(value)}, which is not a DOI; "
                "write it like 10.1038/s41586-024-08382-0, without https://doi.org/."
            )
        if pattern in (model.DATE_PATTERN, r"^\d{4}-\d{2}-\d{2}$"):
            exact = "YYYY-MM-DD" if pattern != model.DATE_PATTERN else "YYYY-MM-DD (or YYYY-MM, or YYYY)"
            return f"the field '{name}' has {show(value)}, which is not a date; write it as {exact}."
        if pattern == model.TIMESTAMP_PATTERN:
            return (
                f"the field '{name}' has {show(value)}, which is not a UTC time; "
                "write it like 2024-06-01T22:23:16Z, or as a date."
            )
        if pattern.startswith("^https?"):
            return (
                f"the field '{name}' has {show(value)}, which is not a web address; "
                "it must start with http:// or https://."
            )
        return f"the field '{name}' has {show(value)}, which does not have the expected form."
    if kind == "string_too_short":
        return f"the field '{name}' is empty; write a value{_or_remove(record_cls, loc)}."
    if kind == "string_too_long":
        return f"the field '{name}' is too long; use at most {ctx.get('max_length')} characters."
    if kind == "finite_number":
        return f"the field '{name}' must be an ordinary number, not {show(value)}."
    if kind in _TYPE_NAMES:
        return f"the field '{name}' should be {_TYPE_NAMES[kind]}, not {show(value)}."
    if kind == "too_short":
        return f"the field '{name}' needs at least one entry; add one."
    message = str(err.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    message = message if message.endswith(".") else f"{message}."
    if name and not isinstance(value, (dict, list)):
        return f"the field '{name}' ({show(value)}) is not valid: {message}"
    return f"{message[:1].lower()}{message[1:]}" if name == "" else f"the field '{name}' is not valid: {message}"


def _nested_fields(record_cls: type[Record], path: list[str]) -> list[str]:
    """The fields of a nested model (sources -> Citation), for did-you-mean."""
    cls: Any = record_cls
    for part in path:
        field_info = getattr(cls, "model_fields", {}).get(part)
        if field_info is None:
            return []
        annotation = field_info.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            inner = getattr(candidate, "__args__", (candidate,))
            found = next((c for c in (candidate, *inner) if hasattr(c, "model_fields")), None)
            if found is not None:
                cls = found
                break
        else:
            return []
    return list(cls.model_fields)


def _or_remove(record_cls: type[Record], loc: list[str]) -> str:
    field_info = record_cls.model_fields.get(loc[0]) if len(loc) == 1 else None
    return " or remove the field" if field_info is not None and not field_info.is_required() else ""


def _validate_document(kind: str, doc: Document, problems: Problems, data: SiteData) -> None:
    cls = KINDS[kind]
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        data.unreadable.add(kind)
        line, col = doc.position(())
        problems.add(
            Problem(
                doc.label,
                line,
                col,
                f"this file must be a list of {kind_label(kind)} records, each starting with '- id:'; "
                f"it holds {show(doc.data)} instead.",
            )
        )
        return
    for index, raw in enumerate(doc.data):
        line, col = doc.position((index,))
        if not isinstance(raw, dict):
            problems.add(
                Problem(
                    doc.label,
                    line,
                    col,
                    f"each entry must be {_article(kind_label(kind))} record with fields (id: ..., and the rest), "
                    f"not {show(raw)}.",
                )
            )
            continue
        rid = raw.get("id")
        is_slug = isinstance(rid, str) and re.fullmatch(model.SLUG_PATTERN, rid)
        who = f"{kind_label(kind)} '{rid}'" if is_slug else f"{kind_label(kind)} #{index + 1} in the file"
        try:
            record = cls.model_validate(raw)
        except ValidationError as exc:
            if is_slug:
                data.rejected.setdefault(str(rid), kind)
            for err in exc.errors():
                loc = tuple(err["loc"])
                eline, ecol = doc.position((index, *loc))
                field_name = ".".join(str(p) for p in loc)
                problems.add(Problem(doc.label, eline, ecol, f"{who}: {_describe_error(err, cls)}", field=field_name))
            continue
        for rid_ in [record.id, *record.former_ids]:
            if rid_ in data.origin:
                other_kind, other_file, other_line = data.origin[rid_]
                problems.add(
                    Problem(
                        doc.label,
                        line,
                        col,
                        f"{who}: the id '{rid_}' is already used by {_article(kind_label(other_kind))} "
                        f"at {other_file}:{other_line}; every id must be unique, so rename one of them.",
                        field="id",
                    )
                )
                break
        else:
            data.records[kind][record.id] = record
            for rid_ in [record.id, *record.former_ids]:
                data.origin[rid_] = (kind, doc.label, line)
            data.documents[(kind, record.id)] = (doc, index)


def _cross_check(data: SiteData, problems: Problems, today: date) -> None:
    def missing(kind: str, rid: str, path: tuple[Any, ...], target: str, wanted: tuple[str, ...]) -> None:
        file, line, col = data.where(kind, rid, *path)
        labels = [kind_label(k) for k in wanted]
        names = ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]
        known = [i for k in wanted for i in data.records[k]] + [i for i, k in data.rejected.items() if k in wanted]
        guess = difflib.get_close_matches(target, known, n=1)
        hint = f" Did you mean '{guess[0]}'?" if guess else " Check the id, or add the record it refers to."
        problems.add(
            Problem(
                file,
                line,
                col,
                f"{kind_label(kind)} '{rid}': '{target}' is not the id of any {names}.{hint}",
                field=".".join(str(p) for p in path),
            )
        )

    def need(kind: str, rid: str, path: tuple[Any, ...], target: str | None, *wanted: str) -> None:
        if target is None:
            return
        if target in data.rejected or data.unreadable.intersection(wanted):
            return
        actual = data.kind_of(target)
        if actual not in wanted:
            missing(kind, rid, path, target, wanted)

    for kind in KINDS:
        for rid, rec in data.records[kind].items():
            for i, cite in enumerate(getattr(rec, "sources", []) or []):
                need(kind, rid, ("sources", i, "source"), cite.source, "sources")
            if isinstance(rec, model.Quote):
                need(kind, rid, ("speaker",), rec.speaker, "people")
                need(kind, rid, ("first_published",), rec.first_published, "sources")
            if isinstance(rec, model.Claim):
                need(kind, rid, ("appeared_in",), rec.appeared_in, "sources")
                for i, target in enumerate(rec.settled_by):
                    need(kind, rid, ("settled_by", i), target, *FACT_KINDS)
            if isinstance(rec, model.Measurement) and rec.derived:
                wanted = ("events",) if rec.derived.kind == "duration" else ("findings", "comparisons")
                found = len(problems)
                need(kind, rid, ("derived", "start"), rec.derived.start, *wanted)
                need(kind, rid, ("derived", "end"), rec.derived.end, *wanted)
                # Check the arithmetic only when every input was loaded (not skipped as unreadable or rejected).
                inputs = [t for t in (rec.derived.start, rec.derived.end) if t]
                if len(problems) == found and all(data.kind_of(t) in wanted for t in inputs):
                    _check_derived(data, kind, rec, problems)
            for name in ("checked", "as_of"):
                value = getattr(rec, name, None)
                if value and model.parse_partial_date(value) > today:
                    file, line, col = data.where(kind, rid, name)
                    problems.add(
                        Problem(
                            file,
                            line,
                            col,
                            f"{kind_label(kind)} '{rid}': {name} {value} is in the future; "
                            "write the date it really was.",
                            field=name,
                        )
                    )
            if isinstance(rec, model.Source) and (
                model.parse_partial_date(rec.accessed) < model.parse_partial_date(rec.published)
            ):
                file, line, col = data.where(kind, rid, "accessed")
                problems.add(
                    Problem(
                        file,
                        line,
                        col,
                        f"source '{rid}': accessed {rec.accessed} is before it was published ({rec.published}); "
                        "check both dates.",
                        field="accessed",
                    )
                )


def _decimals(value: float) -> int:
    """Decimal places a stored number was written with: 4.27 -> 2, 4.3 -> 1, 2807 -> 0."""
    if float(value).is_integer():
        return 0
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def _quantity(value: float, unit: str) -> str:
    return f"{formatting.number(value)} {unit}"


def _computed(data: SiteData, rec: model.Measurement) -> tuple[float, str]:
    """The value a derivation gives, in the record's unit, and how it was obtained; ValueError if it cannot."""
    how = rec.derived
    assert how is not None
    if how.kind == "duration":
        first, last = data.get(how.start), data.get(how.end or how.start)
        assert isinstance(first, model.Event) and isinstance(last, model.Event)
        if first is last and first.end is not None:
            span, said = first.end - first.start, f"the time from {first.utc} to {first.end_utc} (event '{first.id}')"
        else:
            span = last.start - first.start
            said = f"the time from event '{first.id}' ({first.utc}) to event '{last.id}' ({last.utc})"
        try:
            return units.convert(span.total_seconds() / 3600, "h", rec.unit), f"{said}, in {rec.unit}"
        except units.NoConversion:
            raise ValueError(f"a duration is given in hours (h) or days (d), not in {rec.unit}") from None
    inputs = []
    for rid in (how.start, how.end) if how.kind == "difference" else (how.start,):
        other = data.get(rid)
        assert isinstance(other, model.Measurement)
        if other.value is None:
            raise ValueError(
                f"{kind_label(data.kind_of(rid) or 'findings')} '{rid}' has no single value to compute with; "
                "derive from a record that has a value"
            )
        inputs.append(other)
    converted = [units.convert(m.value or 0.0, m.unit, rec.unit) for m in inputs]
    if how.kind == "conversion":
        source = inputs[0]
        said = f"{_quantity(source.value or 0.0, source.unit)} ('{source.id}') converted to {rec.unit}"
        return converted[0], said
    start, end = inputs
    said = (
        f"{_quantity(end.value or 0.0, end.unit)} ('{end.id}') minus {_quantity(start.value or 0.0, start.unit)} "
        f"('{start.id}'), in {rec.unit}"
    )
    return converted[1] - converted[0], said


def _check_derived(data: SiteData, kind: str, rec: model.Measurement, problems: Problems) -> None:
    """A derived value must agree with its inputs to within half a unit of its last decimal place."""
    who = f"{kind_label(kind)} '{rec.id}'"
    file, line, col = data.where(kind, rec.id, "value" if rec.value is not None else "derived")
    try:
        if rec.value is None:
            raise ValueError("a derived record needs a value to check; add the value")
        computed, how = _computed(data, rec)
    except (ValueError, units.NoConversion) as exc:
        problems.add(Problem(file, line, col, f"{who}: the derived value cannot be checked: {exc}.", field="derived"))
        return
    places = _decimals(rec.value)
    if abs(rec.value - computed) <= 0.5 * 10**-places + 1e-9 * max(1.0, abs(computed)):
        return
    shown = f"{computed:,.{places + 2}f}".rstrip("0").rstrip(".")
    problems.add(
        Problem(
            file,
            line,
            col,
            f"{who}: the value {_quantity(rec.value, rec.unit)} does not match {shown} {rec.unit}, "
            f"which is {how}; correct the value or the records it is computed from.",
            field="value",
        )
    )


def data_files(data_dir: Path) -> dict[str, Path]:
    """The file each kind is read from."""
    return {kind: data_dir / f"{kind}.yaml" for kind in KINDS}


def load_site_data(data_dir: Path, root: Path | None = None, today: date | None = None) -> tuple[SiteData, Problems]:
    """Load and validate every fact file; return the data and all problems found."""
    root = root or data_dir.parent
    today = today or date.today()
    problems = Problems()
    data = SiteData()
    if not data_dir.is_dir():
        problems.add(Problem(relative(data_dir, root), 0, 0, "the data folder does not exist."))
        return data, problems
    expected = data_files(data_dir)
    for path in sorted(data_dir.glob("*.y*ml")):
        if path not in expected.values():
            problems.add(
                Problem(
                    relative(path, root),
                    0,
                    0,
                    f"{path.name} is not a known fact file; known files are "
                    f"{', '.join(p.name for p in expected.values())}.",
                )
            )
    for kind, path in expected.items():
        label = relative(path, root)
        if not path.exists():
            data.unreadable.add(kind)
            problems.add(
                Problem(label, 0, 0, f"the file {path.name} is missing; create it (it may be an empty list: []).")
            )
            continue
        doc, load_problems = load_yaml(path, label)
        problems.extend(load_problems)
        if load_problems:
            data.unreadable.add(kind)
            continue
        _validate_document(kind, doc, problems, data)
    _cross_check(data, problems, today)
    return data, problems
