"""Validate loaded documents against the model, then check records against each other.

Every problem is collected with its file, line and field; nothing here raises on
bad data, so one run reports everything an editor has to fix.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import model
from .load import Document, load_yaml
from .model import FACT_KINDS, KINDS, Record, kind_label
from .problems import Problem, Problems, relative


@dataclass
class SiteData:
    """All records, by kind and by id, plus where each was defined."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k: {} for k in KINDS})
    origin: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # id -> (kind, file, line)
    documents: dict[tuple[str, str], tuple[Document, int]] = field(default_factory=dict)  # (kind, id) -> (doc, index)

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


def _describe_error(err: dict[str, Any], record_cls: type[Record]) -> str:
    kind = err["type"]
    loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
    name = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        fields = list(record_cls.model_fields)
        guess = difflib.get_close_matches(name, fields, n=1)
        hint = f" Did you mean '{guess[0]}'?" if guess else f" Known fields: {', '.join(fields)}."
        return f"the field '{name}' is not known.{hint}"
    if kind == "missing":
        return f"the field '{name}' is required but missing."
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"the value {err.get('input')!r} is not allowed here; use one of {expected}."
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        value = err.get("input")
        if pattern == model.SLUG_PATTERN:
            return (
                f"{value!r} is not a valid id; ids use lowercase letters, digits and single hyphens, "
                "like 'ce6-landing'."
            )
        if pattern == model.DOI_PATTERN:
            return f"{value!r} is not a DOI; write it like 10.1038/s41586-024-08382-0, without https://doi.org/."
        if pattern in (model.DATE_PATTERN, r"^\d{4}-\d{2}-\d{2}$"):
            return f"{value!r} is not a date; write it as YYYY-MM-DD."
        if pattern == model.TIMESTAMP_PATTERN:
            return f"{value!r} is not a UTC time; write it like 2024-06-01T22:23:16Z, or as a date."
        if pattern.startswith("^https?"):
            return f"{value!r} is not a web address; it must start with http:// or https://."
        return f"{value!r} does not have the expected form."
    if kind == "string_too_short":
        return f"the field '{name}' is empty; write a value or remove the field."
    if kind in (
        "string_type",
        "float_type",
        "float_parsing",
        "int_type",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
        "bool_parsing",
    ):
        expected = {
            "string_type": "text",
            "float_type": "a number",
            "float_parsing": "a number",
            "int_type": "a whole number",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "list_type": "a list",
            "dict_type": "a mapping of fields",
            "model_type": "a mapping of fields",
        }[kind]
        return f"the field '{name}' should be {expected}, not {err.get('input')!r}."
    if kind == "too_short":
        return f"the field '{name}' needs at least one entry."
    message = str(err.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return f"{message}." if not message.endswith(".") else message


def _validate_document(kind: str, doc: Document, problems: Problems, data: SiteData) -> None:
    cls = KINDS[kind]
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        line, col = doc.position(())
        problems.add(Problem(doc.label, line, col, f"{doc.label} must be a list of {kind_label(kind)} records."))
        return
    for index, raw in enumerate(doc.data):
        line, col = doc.position((index,))
        if not isinstance(raw, dict):
            problems.add(Problem(doc.label, line, col, f"each entry must be a {kind_label(kind)} record with fields."))
            continue
        rid = raw.get("id")
        who = f"{kind_label(kind)} '{rid}'" if isinstance(rid, str) else f"{kind_label(kind)} #{index + 1}"
        try:
            record = cls.model_validate(raw)
        except ValidationError as exc:
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
                        f"{who}: the id '{rid_}' is already used by a {kind_label(other_kind)} "
                        f"at {other_file}:{other_line}; every id must be unique.",
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
        names = " or ".join(kind_label(k) for k in wanted)
        known = [i for k in wanted for i in data.records[k]]
        guess = difflib.get_close_matches(target, known, n=1)
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
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
                need(kind, rid, ("derived", "start"), rec.derived.start, *wanted)
                need(kind, rid, ("derived", "end"), rec.derived.end, *wanted)
            for name in ("checked", "as_of"):
                value = getattr(rec, name, None)
                if value and model.parse_partial_date(value) > today:
                    file, line, col = data.where(kind, rid, name)
                    problems.add(
                        Problem(
                            file, line, col, f"{kind_label(kind)} '{rid}': {name} {value} is in the future.", field=name
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
                        f"source '{rid}': accessed {rec.accessed} is before it was published ({rec.published}).",
                        field="accessed",
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
            problems.add(
                Problem(label, 0, 0, f"the file {path.name} is missing; create it (it may be an empty list: []).")
            )
            continue
        doc, load_problems = load_yaml(path, label)
        problems.extend(load_problems)
        if load_problems:
            continue
        _validate_document(kind, doc, problems, data)
    _cross_check(data, problems, today)
    return data, problems
