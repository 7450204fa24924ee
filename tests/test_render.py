"""Rendering: anchors, safe text, hand-written pages, the manifest, deterministic charts."""

from __future__ import annotations

import os
import re

import pytest
from conftest import write

from generator.charts import draw_all
from generator.pipeline import generate
from generator.problems import DataError
from generator.validate import load_site_data
from generator.write import MANIFEST, read_manifest


def test_every_fact_has_an_anchor_equal_to_its_id_on_its_page(project):
    generate(project)
    data, _ = load_site_data(project.data, project.root)
    from generator.render import HOME_OF_KIND

    for kind, record in data.facts():
        page = (project.content / HOME_OF_KIND[kind]).read_text(encoding="utf-8")
        assert f"{{ #{record.id} }}" in page, (kind, record.id)


def test_handwritten_page_shows_a_value_from_the_data(project):
    generate(project)
    page = (project.content / "explainers/mission.md").read_text(encoding="utf-8")
    assert "[1,935\\.3\u00a0g](../findings.md#ce6-sample-mass)" in page
    assert "fact(" not in page


def test_unknown_id_in_a_handwritten_page_is_located(project):
    write(project.content / "extra.md.j2", "# Extra\n\nMass: {{ fact('no-such-fact') }}\n")
    with pytest.raises(DataError) as caught:
        generate(project)
    text = caught.value.problems.to_text()
    assert (
        "content/extra.md.j2:3: error: the page cannot be rendered: there is no record with the id "
        "'no-such-fact'." in text
    )
    assert not (project.content / MANIFEST).exists(), "nothing may be written when a page fails"


def test_hostile_text_is_shown_literally(project):
    # A record of its own, so the test does not depend on what the real data says.
    path = project.data / "events.yaml"
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*191919 }} {% if 1 %}no{% endif %} a|b"
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n")
        + f"""
- id: planted-hostile
  title: Planted
  summary: "{hostile}"
  utc: 2024-06-02
  precision: day
  sources:
    - source: {next(iter(load_site_data(project.data, project.root)[0].sources))}
""",
        encoding="utf-8",
    )
    generate(project)
    page = (project.content / "timeline.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "](javascript" not in page and "\\]\\(javascript" in page
    assert "\\{\\{ 7\\*191919 \\}\\}" in page and "1343433" not in page
    assert "\\{% if 1 %\\}" in page.replace("\\%", "%")


def test_generator_never_overwrites_a_handwritten_file(project):
    write(project.content / "timeline.md", "# My own timeline\n")
    with pytest.raises(DataError) as caught:
        generate(project)
    assert "content/timeline.md: error: this file was not written by the generator" in caught.value.problems.to_text()
    assert (project.content / "timeline.md").read_text() == "# My own timeline\n"
    assert not (project.content / "index.md").exists()


def test_manifest_and_gitignore_list_exactly_what_was_written(project):
    report = generate(project)
    owned = read_manifest(project.content)
    assert set(owned) == set(report.written.written)
    ignore = (project.content / ".gitignore").read_text(encoding="utf-8").splitlines()
    for rel in owned:
        assert f"/{rel}" in ignore
    assert "/explainers/mission.md.j2" not in ignore


def test_second_run_rewrites_nothing_and_keeps_timestamps(project):
    generate(project)
    stamps = {p: p.stat().st_mtime_ns for p in project.content.rglob("*") if p.is_file()}
    again = generate(project)
    assert again.written.written == []
    assert {p: p.stat().st_mtime_ns for p in project.content.rglob("*") if p.is_file()} == stamps


def test_generated_files_no_longer_produced_are_removed_but_handwritten_stay(project):
    generate(project)
    os.remove(project.content / "explainers/mission.md.j2")
    report = generate(project)
    assert "explainers/mission.md" in report.written.removed
    assert not (project.content / "explainers/mission.md").exists()
    assert (project.content / "assets/site.css").exists()


def test_charts_are_deterministic_and_drawn_from_the_data(project):
    data, _ = load_site_data(project.data, project.root)
    first, second = draw_all(data), draw_all(data)
    assert set(first) >= {"timeline", "basalt-ages"}
    for name, chart in first.items():
        assert chart.svg == second[name].svg, name
        assert chart.alt and chart.caption and chart.sources and chart.rows
    ages = first["basalt-ages"]
    assert any("2,807\u00a0±\u00a03" in cell for row in ages.rows for cell in row)
    assert "2,807\u00a0±\u00a03".encode() in ages.svg  # the value drawn is the value in the data


def test_logarithmic_axes_are_labelled_with_plain_numbers(project):
    data, _ = load_site_data(project.data, project.root)
    charts = draw_all(data)
    for name, ticks in (("returned-mass", ["0.1", "1", "10", "100"]), ("mantle-water", ["1", "10", "100", "1,000"])):
        labels = [t.decode() for t in re.findall(rb"<text[^>]*>([^<]*)</text>", charts[name].svg)]
        assert labels[: len(ticks)] == ticks, (name, labels[:6])
