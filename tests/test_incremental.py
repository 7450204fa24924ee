"""Incremental generation: nothing rewritten when nothing changed, only what shows a fact when it changes,
charts served from their cache, the no-op fast path, libyaml, and the Zensical engine."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import REPO, copy_project
from test_build import PAGES

from generator import fresh, load
from generator.cache import (
    CACHE_DIR,
    CODE_CACHE_DIR,
    TEMPLATE_CACHE_DIR,
    ChartCache,
    TrackingData,
    use_template_cache,
)
from generator.charts import CHARTS, draw_all
from generator.charts.base import RC
from generator.pipeline import build, generate
from generator.schema import schema_texts
from generator.validate import load_site_data


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def touched(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Pages and charts whose timestamp moved (the manifest records their new hashes, so it moves too)."""
    return {p for p in after if after[p] != before.get(p) and p != ".generated-manifest.json"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _shown_text(path: Path) -> bytes:
    """What a file shows a reader: an SVG's text elements (its coordinates may hold any digits), else its bytes."""
    if path.suffix == ".svg":
        return b"\n".join(re.findall(rb"<text[^>]*>([^<]*)</text>", path.read_bytes()))
    return path.read_bytes()


def generated_showing(project, *needles: str) -> set[str]:
    """Generated files in which any needle shows: text files by content, chart PNGs with their SVG."""
    shown = {
        p.relative_to(project.content).as_posix()
        for p in project.content.rglob("*")
        if p.is_file() and not p.name.startswith(".") and any(n.encode() in _shown_text(p) for n in needles)
    }
    return shown | {p[: -len(".svg")] + ".png" for p in shown if p.startswith("charts/") and p.endswith(".svg")}


def plant_quote(project) -> None:
    """A quote of the test's own, so what it edits does not depend on the real data."""
    data, _ = load_site_data(project.data, project.root)
    path = project.data / "quotes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n")
        + f"""
- id: planted-quote
  speaker: {next(iter(data.people))}
  text: Words planted by the test.
  status: not-found
  context: Planted context.
  sources:
    - source: {next(iter(data.sources))}
""",
        encoding="utf-8",
    )


def test_nothing_changed_rewrites_nothing(project):
    first = generate(project)
    assert first.written.written and not first.written.unchanged
    before = mtimes(project.content)
    again = generate(project)
    assert again.written.written == [] and again.written.removed == []
    assert sorted(again.written.unchanged) == sorted(first.written.written)
    assert mtimes(project.content) == before  # timestamps stay, manifest and .gitignore included


def test_changing_one_quote_rewrites_only_the_files_that_show_it(project):
    plant_quote(project)
    generate(project)
    before = mtimes(project.content)
    edit(project.data / "quotes.yaml", "context: Planted context.", "context: Context edited by the test")
    report = generate(project)
    written = set(report.written.written)
    assert "quotes.md" in written and "data/quotes.csv" in written  # the page and its download
    assert written == generated_showing(project, "Context edited by the test")
    assert touched(before, mtimes(project.content)) == written


def test_changing_one_finding_rewrites_exactly_the_files_that_show_it(project):
    generate(project)
    before = mtimes(project.content)
    # The Science team's age: no other value is derived from it, so only what shows it changes.
    edit(project.data / "findings.yaml", "value: 2830\n", "value: 2837\n")
    report = generate(project)
    written = set(report.written.written)
    assert {"findings.md", "charts/basalt-ages.svg", "charts/basalt-ages.png", "data/findings.json"} <= written
    # ...which is every generated file where the new value shows, and nothing else was touched
    assert written == generated_showing(project, "2,837", "2837")
    assert touched(before, mtimes(project.content)) == written


@pytest.fixture
def data():
    site, problems = load_site_data(REPO / "site_data", REPO)
    assert not problems
    return site


def test_chart_cache_misses_then_hits_with_identical_charts(tmp_path, data):
    cold = ChartCache(tmp_path)
    drawn = draw_all(data, cold)
    assert len(cold.stats.misses) == len(CHARTS) and cold.stats.hits == []
    warm = ChartCache(tmp_path)
    cached = draw_all(data, warm)
    assert warm.stats.misses == [] and len(warm.stats.hits) == len(CHARTS)
    assert cached == drawn  # every field, SVG bytes included


def test_chart_cache_redraws_only_charts_whose_records_changed(tmp_path, data, monkeypatch):
    draw_all(data, ChartCache(tmp_path))
    event = next(iter(data.events.values()))
    monkeypatch.setitem(data.events, event.id, event.model_copy(update={"title": "Renamed by the test"}))
    cache = ChartCache(tmp_path)
    charts = draw_all(data, cache)
    assert cache.stats.misses == ["generator.charts.timeline.timeline"]
    assert sorted(cache.stats.hits) == sorted(ChartCache.name_of(b) for b in CHARTS if b.__name__ != "timeline")
    assert b"Renamed by the test" in charts["timeline"].svg


def test_chart_cache_key_covers_style_settings_and_a_damaged_entry(tmp_path, data):
    draw_all(data, ChartCache(tmp_path))
    cache = ChartCache(tmp_path)
    builder = CHARTS[0]
    assert cache.lookup(builder, data, RC)[0]
    assert not cache.lookup(builder, data, {**RC, "font.size": 11})[0]
    for entry in tmp_path.glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert not cache.lookup(builder, data, RC)[0]


def test_tracking_view_records_the_kinds_a_builder_reads(data):
    view = TrackingData(data)
    assert view.events is data.events
    assert view.kinds == {"events"}
    view.get("ce6-sample-mass")
    assert view.kinds == set(data.records)  # anything but a kind by name counts as reading everything


def test_full_cache_hit_never_imports_matplotlib(project):
    generate(project)
    assert (project.root / CACHE_DIR).is_dir()
    code = (
        "import sys; from pathlib import Path; from generator.paths import Project; "
        "from generator.pipeline import generate; "
        f"r = generate(Project(Path({str(project.root)!r}))); "
        "print(len(r.written.written), 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


def test_compiled_templates_are_cached_and_never_outlive_their_source(project):
    generate(project)
    cached = sorted((project.root / TEMPLATE_CACHE_DIR).glob("*/*.cache"))
    assert {p.parent.name.split("-")[0] for p in cached} == {"markdown", "html"}
    # An edited template is recompiled, though its cached code is still there.
    edit(project.templates / "pages" / "quotes.md.j2", "# Quotes\n", "# Quotes\n\nEdited by the test.\n")
    generate(project)
    assert "Edited by the test." in (project.content / "quotes.md").read_text(encoding="utf-8")


def test_template_cache_folder_depends_on_what_shapes_compiled_code(tmp_path):
    def folder(**settings) -> str:
        env = jinja2.Environment(**settings)
        use_template_cache(env, tmp_path, "t")
        return env.bytecode_cache.directory

    assert folder() == folder()
    assert len({folder(), folder(trim_blocks=True), folder(autoescape=True), folder(finalize=str)}) == 4


def test_schemas_are_made_once_per_model_and_a_stale_entry_is_ignored(tmp_path):
    made = schema_texts()
    assert schema_texts(tmp_path) == made
    entry = tmp_path / CODE_CACHE_DIR / "schemas.json"
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert stored["texts"] == made
    entry.write_text(json.dumps({"key": "made by other code", "texts": {"x.json": "{}"}}), encoding="utf-8")
    assert schema_texts(tmp_path) == made
    entry.write_text("{not json", encoding="utf-8")
    assert schema_texts(tmp_path) == made


def cli(project, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_generate_skips_all_work_only_when_nothing_changed(project):
    assert "written" in cli(project, "generate")
    assert "up to date" in cli(project, "generate")
    # the skipped run repeats the last run's warnings (the real data may have stale as-of dates)
    from generator.pipeline import check

    assert json.loads(cli(project, "generate", "--format", "json")) == json.loads(check(project)[1].to_json())
    # a saved file with the same bytes is still unchanged
    path = project.data / "events.yaml"
    path.write_bytes(path.read_bytes())
    assert "up to date" in cli(project, "generate")
    # an edited input runs the pipeline again
    edit(project.data / "quotes.yaml", "context: ", "context: Edited ")
    assert re.search(r": [1-9]\d* written,", cli(project, "generate"))
    # so does a generated file deleted or edited by hand: it is written back
    (project.content / "quotes.md").unlink()
    assert ": 1 written," in cli(project, "generate")
    assert "Edited" in (project.content / "quotes.md").read_text(encoding="utf-8")
    # a generated file edited by hand is never overwritten (the edit would be lost): the run stops and says so
    (project.content / "sources.md").write_text("edited by hand", encoding="utf-8")
    stopped = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "generate"],
                             capture_output=True, text=True)
    assert stopped.returncode == 1 and "content/sources.md: error: this generated file was changed by hand" \
        in stopped.stderr
    assert (project.content / "sources.md").read_text(encoding="utf-8") == "edited by hand"
    (project.content / "sources.md").unlink()
    assert ": 1 written," in cli(project, "generate")
    assert "up to date" in cli(project, "generate")


def test_build_skips_generating_when_nothing_changed_and_still_builds(project):
    cli(project, "generate")
    out = cli(project, "build")
    assert "up to date" in out and re.search(r"Built with mkdocs \d+\.\d\ds\.", out)
    assert (project.site / "quotes" / "index.html").is_file()
    edit(project.data / "quotes.yaml", "context: ", "context: Edited for the build ")
    out = cli(project, "build")
    assert re.search(r": [1-9]\d* written,", out)
    assert "Edited for the build" in (project.site / "quotes" / "index.html").read_text(encoding="utf-8")


def test_the_fast_path_digest_covers_templates_pages_config_and_the_date(project):
    from datetime import date

    base = fresh.inputs_digest(project, date(2026, 1, 1))
    assert fresh.inputs_digest(project, date(2026, 1, 2)) != base
    for path in (
        project.templates / "pages/quotes.md.j2",
        project.content / "explainers/mission.md.j2",
        project.config,
    ):
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert fresh.inputs_digest(project, date(2026, 1, 1)) != base, path
        path.write_bytes(original)
    assert fresh.inputs_digest(project, date(2026, 1, 1)) == base


def test_yaml_is_read_with_libyaml_when_present():
    assert yaml.__with_libyaml__, "PyYAML here is built with libyaml; the fast loader must be used"
    assert load.LIBYAML
    assert issubclass(load._Loader, yaml.CSafeLoader)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("zensical") / "proj")
    report = build(project, engine="zensical")
    return project, report


def test_zensical_builds_the_generated_tree(zensical_site):
    project, report = zensical_site
    assert "zensical" in report.seconds
    for page in [*PAGES, "charts/timeline.svg"]:  # the pages the MkDocs build test expects
        assert (project.site / page).is_file(), page
    data, _ = load_site_data(project.data, project.root)
    findings = (project.site / "findings/index.html").read_text(encoding="utf-8")
    for rid in data.findings:
        assert re.search(rf'id="{rid}"', findings), rid
    assert not list(project.root.glob(".site-build-*")), "the temporary tree and config are removed"


def test_zensical_failure_leaves_the_site_as_it_was(zensical_site):
    from generator.problems import DataError

    project, _ = zensical_site
    before = mtimes(project.site)
    config = project.config.read_text(encoding="utf-8")
    try:
        project.config.write_text(config.replace("site_name:", "site_nam:"), encoding="utf-8")
        with pytest.raises(DataError, match="zensical build failed"):
            build(project, engine="zensical")
    finally:
        project.config.write_text(config, encoding="utf-8")
    assert mtimes(project.site) == before
    assert not list(project.root.glob(".site-build-*"))


def test_a_skipped_run_repeats_the_warnings_of_the_last_run(project):
    path = project.data / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("precision: second\n", "precision: second\n"
                                                              "  as_of: 2001-01-01\n", 1), encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "generate"],
                           capture_output=True, text=True, check=True) for _ in range(2)]
    assert "written" in runs[0].stdout and "up to date" in runs[1].stdout
    for run in runs:
        assert "as_of 2001-01-01 is" in run.stderr and "warning" in run.stderr
