"""The data downloads match the data: JSON and CSV parse back into the very records that were loaded."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel
from reuse_data import enrich

from generator.addresses import read_site_info
from generator.charts import draw_all
from generator.export import FORMULA_START, field_meanings
from generator.model import KINDS
from generator.pipeline import generate
from generator.schema import schema_texts
from generator.validate import load_site_data


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from conftest import copy_project

    project = enrich(copy_project(tmp_path_factory.mktemp("downloads") / "proj"))
    generate(project)
    data, problems = load_site_data(project.data, project.root)
    assert not problems
    return project, data


def _structured(annotation: Any) -> bool:
    """Whether a field holds a list or an object (written to CSV as JSON text)."""
    if get_origin(annotation) in (list, dict):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_structured(a) for a in get_args(annotation) if a is not type(None))


def _from_cell(kind: str, name: str, cell: str) -> Any:
    if cell == "":
        return None
    if _structured(KINDS[kind].model_fields[name].annotation):
        return json.loads(cell)
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell  # numbers and booleans as text: the model parses them


def test_facts_json_holds_every_record_of_every_kind(generated):
    project, data = generated
    payload = json.loads((project.content / "data/facts.json").read_text(encoding="utf-8"))
    assert payload["license"] == "CC BY 4.0"
    assert set(payload["records"]) == set(KINDS)
    for kind, cls in KINDS.items():
        parsed = [cls.model_validate(row) for row in payload["records"][kind]]
        assert parsed == list(data.records[kind].values()), kind
    site = read_site_info(project.config)
    for _, record in data.facts():
        assert payload["permalinks"][record.id] == f"{site.url}fact/{record.id}/"


def test_each_kind_json_matches_the_data(generated):
    project, data = generated
    for kind, cls in KINDS.items():
        payload = json.loads((project.content / f"data/{kind}.json").read_text(encoding="utf-8"))
        assert payload["kind"] == kind
        assert [cls.model_validate(row) for row in payload["records"]] == list(data.records[kind].values())


def test_each_kind_csv_parses_back_into_the_records(generated):
    project, data = generated
    for kind, cls in KINDS.items():
        text = (project.content / f"data/{kind}.csv").read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == len(data.records[kind]), kind
        for row, record in zip(rows, data.records[kind].values(), strict=True):
            assert row.pop("permalink").endswith(f"/fact/{record.id}/")
            values = {name: _from_cell(kind, name, cell) for name, cell in row.items()}
            assert cls.model_validate(values) == record, (kind, record.id)


def test_csv_text_that_looks_like_a_formula_is_defused(generated):
    project, _ = generated
    text = (project.content / "data/findings.csv").read_text(encoding="utf-8")
    assert ",'=SUM(A1:A2) weighing," in text and ",=SUM" not in text


def test_schema_files_are_the_models_schema(generated):
    project, _ = generated
    for name, text in schema_texts().items():
        assert (project.content / "data/schema" / name).read_text(encoding="utf-8") == text


def test_readme_states_the_licence_and_every_fields_meaning(generated):
    project, _ = generated
    readme = (project.content / "data/README.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "https://creativecommons.org/licenses/by/4.0/" in readme
    for kind in KINDS:
        meanings = field_meanings(kind)
        assert set(meanings) == set(KINDS[kind].model_fields)
        for name, meaning in meanings.items():
            assert meaning.strip(), (kind, name)
            assert f"{name}: {meaning}" in readme


def test_each_chart_has_its_csv_svg_and_a_deterministic_png(generated):
    project, data = generated
    first, second = draw_all(data), draw_all(data)
    assert first, "the real data draws at least one chart"
    for name, chart in first.items():
        assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
        assert chart.png == second[name].png, f"{name}.png differs between two runs"
        assert b"Software" not in chart.png and b"matplotlib" not in chart.png
        assert (project.content / chart.png_path).read_bytes() == chart.png
        assert (project.content / chart.path).read_bytes() == chart.svg
        rows = list(csv.reader(io.StringIO((project.content / chart.csv_path).read_text(encoding="utf-8"))))
        assert rows == [chart.columns, *chart.rows]
