"""The data downloads: every record as JSON and CSV, the JSON Schema, and a README.

Written into content/data/ so that any site engine publishes them unchanged.
The files hold the records exactly as validated (field names as in the YAML),
so a reader's copy can be checked against the model; the README lists every
field's meaning, taken from the model's own descriptions.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any, get_args

from .addresses import LICENSE_NAME, LICENSE_URL, PERMALINK_KINDS, SiteInfo, permalink_path
from .model import KINDS, kind_label
from .schema import schema_texts
from .validate import SiteData

DATA_DIR = "data"
#: Cells a spreadsheet would run as a formula start with one of these; such text cells get a leading "'".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Meanings of the fields the model does not describe itself.
FIELD_MEANINGS: dict[str, str] = {
    "note": "An editor's note shown with the record.",
    "kind": "What sort of source: paper, news, agency, web, seed, dataset, book, video or press-release.",
    "title": "The record's title as shown on the site.",
    "authors": "The authors, as named by the source.",
    "url": "A web address starting with http:// or https://.",
    "doi": "A DOI such as 10.1038/s41586-024-08382-0, without https://doi.org/.",
    "language": "Language code (ISO 639), e.g. en or zh.",
    "name": "The person's name in English.",
    "native_name": "The person's name in their own script.",
    "affiliation": "Institution the person works for.",
    "role": "The person's role, as relevant to the site.",
    "corrections": "Changes of the shown value after publication: date, old value, new value, reason.",
    "summary": "A plain-language summary.",
    "precision": "How precisely the time is known: year, month, day, minute or second.",
    "place": "Where it happened.",
    "approximate": "True when the value is an estimate.",
    "unit": "The unit of value, low, high and uncertainty (see the units list).",
    "method": "How the value was measured or computed.",
    "context": "Where and when the words were said, as far as known.",
    "appeared_locator": "Where in the article the claim appears.",
    "verdict": "accurate, mostly-accurate, misleading, inaccurate, outdated or unverified.",
    "explanation": "Why the claim got its verdict.",
    "term": "The term as written on the site.",
    "sources": "The sources cited: a list of {source: source id, locator: page or section}.",
}


def field_meanings(kind: str) -> dict[str, str]:
    """Each field of a kind with its meaning: the model's description, else FIELD_MEANINGS."""
    out = {}
    for name, info in KINDS[kind].model_fields.items():
        meaning = info.description or _annotated_description(info.annotation) or FIELD_MEANINGS.get(name, "")
        out[name] = meaning
    return out


def _annotated_description(annotation: Any) -> str:
    for arg in get_args(annotation):
        description = getattr(arg, "description", None)
        if isinstance(description, str) and description:
            return description
        nested = _annotated_description(arg)
        if nested:
            return nested
    return ""


def record_rows(data: SiteData, kind: str) -> list[dict[str, Any]]:
    """The records of a kind as JSON-ready dicts, every field present, in file order."""
    return [record.model_dump(mode="json") for record in data.records[kind].values()]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    """A CSV file (UTF-8, comma, CRLF as RFC 4180 says) with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def kind_csv(data: SiteData, kind: str, site: SiteInfo) -> bytes:
    """One kind's records as CSV: one column per field, lists and objects as JSON, then the permalink."""
    fields = list(KINDS[kind].model_fields)
    rows = [
        [_cell(row[name]) for name in fields] + [site.absolute(permalink_path(row["id"]))]
        for row in record_rows(data, kind)
    ]
    return to_csv([*fields, "permalink"], rows)


def _json(payload: Any) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _header(site: SiteInfo, today: date) -> dict[str, Any]:
    return {
        "site": site.url,
        "license": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "attribution": f"{site.name}, {site.url}",
        "generated": today.isoformat(),
    }


def _permalinks(data: SiteData, kinds: tuple[str, ...], site: SiteInfo) -> dict[str, str]:
    return {rid: site.absolute(permalink_path(rid)) for k in kinds if k in PERMALINK_KINDS for rid in data.records[k]}


def downloads(data: SiteData, site: SiteInfo, today: date, cache_root: Path | None = None) -> dict[str, bytes]:
    """Every download file, keyed by its path in content/ (the JSON Schemas kept in cache_root's cache)."""
    files: dict[str, bytes] = {}
    everything: dict[str, Any] = {
        **_header(site, today),
        "records": {},
        "permalinks": _permalinks(data, tuple(KINDS), site),
    }
    for kind in KINDS:
        rows = record_rows(data, kind)
        everything["records"][kind] = rows
        files[f"{DATA_DIR}/{kind}.json"] = _json(
            {**_header(site, today), "kind": kind, "records": rows, "permalinks": _permalinks(data, (kind,), site)}
        )
        files[f"{DATA_DIR}/{kind}.csv"] = kind_csv(data, kind, site)
    files[f"{DATA_DIR}/facts.json"] = _json(everything)
    for name, text in schema_texts(cache_root).items():
        files[f"{DATA_DIR}/schema/{name}"] = text.encode("utf-8")
    files[f"{DATA_DIR}/README.txt"] = readme(site, today).encode("utf-8")
    return files


def readme(site: SiteInfo, today: date) -> str:
    """The README of the downloads: licence, files, and every field's meaning."""
    lines = [
        f"Data downloads of {site.name}",
        f"{site.url}",
        "",
        f"Licence: {LICENSE_NAME} ({LICENSE_URL}). You may copy and adapt the data for any purpose,",
        f'including commercial use, if you credit "{site.name}" and link to {site.url}.',
        "The sources cited keep their own licences; only our compilation and wording are CC BY 4.0.",
        f"Generated {today.isoformat()} from the site's fact files.",
        "",
        "Files",
        "-----",
        "facts.json            every record of every kind, with a permalink for each fact",
        "<kind>.json           the records of one kind",
        "<kind>.csv            the same as CSV (UTF-8, RFC 4180): one column per field; lists and objects",
        "                      are JSON text; empty cell = no value; a text cell starting with = + - @",
        "                      gets a leading ' so that spreadsheets do not run it; last column: permalink",
        "schema/<kind>.schema.json  JSON Schema (draft 2020-12) of one kind's records",
        "",
        "Dates are YYYY-MM-DD (or YYYY-MM, YYYY when the source gives no more); times are UTC.",
        "Ids are stable: a renamed record lists its old ids in former_ids, and",
        f"{site.url}fact/<id>/ leads to any record, by its current or a former id.",
        "",
    ]
    for kind in KINDS:
        title = f"{kind} ({kind_label(kind)} records)"
        lines += [title, "-" * len(title)]
        for name, meaning in field_meanings(kind).items():
            lines.append(f"{name}: {meaning}")
        lines.append("")
    return "\n".join(lines)


def download_files() -> list[tuple[str, str]]:
    """The main downloads as (site path, media type), for the Data page and its Dataset JSON-LD."""
    files = [(f"{DATA_DIR}/facts.json", "application/json")]
    for kind in KINDS:
        files += [(f"{DATA_DIR}/{kind}.json", "application/json"), (f"{DATA_DIR}/{kind}.csv", "text/csv")]
    return files
