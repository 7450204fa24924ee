"""The JSON Schema files editors use are exported from the model and never drift from it."""

from __future__ import annotations

import json

from conftest import REPO

from generator.model import KINDS
from generator.schema import schema_texts


def test_committed_schemas_match_the_model():
    for name, text in schema_texts().items():
        committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} is stale: run `make schema`"


def test_every_fact_file_points_its_editor_at_its_schema():
    for kind in KINDS:
        first = (REPO / "site_data" / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"


def test_schema_forbids_unknown_fields_and_requires_sources():
    events = json.loads(schema_texts()["events.schema.json"])
    item = events["items"]
    assert item["additionalProperties"] is False
    assert "sources" in item["required"] and item["properties"]["sources"]["minItems"] == 1
    assert item["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
