"""The pipeline's stages in order: load and validate, chart, render, write, build.

``generate`` stops before writing anything when any stage reports a problem;
``build`` then runs the site engine into a temporary folder and swaps it in
only when the engine succeeded, so ``site/`` is never half-built.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from .addresses import read_site_info
from .cache import CACHE_DIR, ChartCache
from .charts import draw_all
from .engine import build_site
from .export import downloads
from .freshness import stale_as_of
from .htmlpages import atom_feed, embed_pages, redirect_pages
from .paths import Project
from .problems import DataError, Problems
from .render import Renderer
from .validate import SiteData, load_site_data
from .write import WriteResult, conflicts, write_tree


@dataclass
class Report:
    """What a run did, for the command line and the tests."""

    problems: Problems = field(default_factory=Problems)
    written: WriteResult = field(default_factory=WriteResult)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        w = self.written
        timing = ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items())
        return (
            f"Generated {len(w.written) + len(w.unchanged)} files: {len(w.written)} written, "
            f"{len(w.unchanged)} unchanged, {len(w.removed)} removed ({timing})."
        )


class _Clock:
    """Times the stages of one run into ``Report.seconds`` (shown by the CLI, read by bench/)."""

    def __init__(self, report: Report | None = None) -> None:
        self.report = report or Report()
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.report.seconds[name] = now - self.last
        self.last = now


def render_all(
    project: Project, data: SiteData, today: date | None = None, clock: _Clock | None = None
) -> tuple[dict[str, bytes], Problems]:
    """Every generated file as bytes, keyed by its path in content/, and any problems rendering them."""
    clock = clock or _Clock()
    problems = Problems()
    charts = draw_all(data, ChartCache(project.root / CACHE_DIR))
    clock.lap("charts")
    site = read_site_info(project.config)
    renderer = Renderer(
        data, project.templates, project.content, charts, today=today, site=site, cache_root=project.root
    )
    files: dict[str, bytes] = {}
    for pages, page_problems in (renderer.pages(), renderer.handwritten()):
        problems.extend(page_problems)
        files.update({path: text.encode("utf-8") for path, text in pages.items()})
    clock.lap("render")
    for chart in charts.values():
        files.update(chart.files())
    html = renderer.html
    files.update(downloads(data, site, renderer.today, cache_root=project.root))
    files.update(redirect_pages(html, data, site))
    files.update(embed_pages(html, charts, data, site))
    files.update(atom_feed(html, data, site))
    clock.lap("downloads and addresses")
    return files, problems


def check(
    project: Project, today: date | None = None, clock: _Clock | None = None
) -> tuple[SiteData, Problems, dict[str, bytes]]:
    """Validate the data and everything rendered from it, writing nothing."""
    clock = clock or _Clock()
    data, problems = load_site_data(project.data, project.root, today=today)
    clock.lap("load and validate")
    files: dict[str, bytes] = {}
    if not problems:
        problems.extend(stale_as_of(data, today or date.today()))
        files, render_problems = render_all(project, data, today=today, clock=clock)
        problems.extend(render_problems.sorted())
        problems.extend(conflicts(project.content, files, project.root))
    return data, problems, files


def generate(project: Project, today: date | None = None) -> Report:
    """Validate, render and write the generated tree into content/; raise DataError on any error."""
    report = Report()
    clock = _Clock(report)
    _, problems, files = check(project, today=today, clock=clock)
    report.problems = problems
    clock.lap("conflicts")
    if problems:
        raise DataError(problems)
    report.written = write_tree(project.content, files)
    clock.lap("write")
    return report


def build(project: Project, engine: str = "mkdocs") -> Report:
    """Generate, then build the site with the chosen engine into site/ (atomically)."""
    report = generate(project)
    start = time.perf_counter()
    build_site(project, engine)
    report.seconds[engine] = time.perf_counter() - start
    return report
