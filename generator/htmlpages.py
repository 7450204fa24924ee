"""Standalone HTML files the generator writes next to the Markdown: short-address redirects, chart embeds,
and the corrections feed.

They are rendered through their own Jinja environment with HTML/XML
autoescaping (not the Markdown one), and land in content/ as plain files that
every site engine copies unchanged.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from . import formatting
from .addresses import LICENSE_NAME, LICENSE_URL, PERMALINK_KINDS, SiteInfo, page_url, permalink_path, relative_url
from .charts import Chart
from .corrections import FEED_PATH, feed_context
from .validate import SiteData


def html_env(templates: Path) -> jinja2.Environment:
    """A Jinja environment that escapes every value for HTML and XML."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def redirect_pages(env: jinja2.Environment, data: SiteData, site: SiteInfo) -> dict[str, bytes]:
    """``fact/<id>/index.html`` for every fact, and for each of its former ids, leading to its anchor."""
    from .render import HOME_OF_KIND, title_of

    template = env.get_template("redirect.html.j2")
    files: dict[str, bytes] = {}
    for kind in PERMALINK_KINDS:
        target_page = page_url(HOME_OF_KIND[kind])
        for record in data.records[kind].values():
            target = f"{target_page}#{record.id}"
            for rid in (record.id, *record.former_ids):
                here = permalink_path(rid)
                files[f"{here}index.html"] = template.render(
                    title=title_of(record),
                    target=relative_url(here, target),
                    canonical=site.absolute(target),
                    former=rid != record.id,
                    site=site,
                ).encode("utf-8")
    return files


def chart_page(chart: Chart, data: SiteData) -> str:
    """The Markdown page a chart is shown on: the home page of the kind of its first fact."""
    from .render import HOME_OF_KIND

    kind = data.kind_of(chart.facts[0]) if chart.facts else None
    return HOME_OF_KIND.get(kind or "", "index.md")


def embed_snippet(env: jinja2.Environment, chart: Chart, site: SiteInfo) -> str:
    """The iframe HTML a reader pastes into their page to show the chart."""
    return (
        env.get_template("embed-snippet.html.j2")
        .render(src=site.absolute(chart.embed_path), title=chart.title, height=(chart.height or 400) + 140)
        .strip()
    )


def embed_pages(env: jinja2.Environment, charts: dict[str, Chart], data: SiteData, site: SiteInfo) -> dict[str, bytes]:
    """``embed/<chart>/index.html``: the chart, caption, sources and licence, and nothing else."""
    template = env.get_template("embed.html.j2")
    files = {}
    for chart in charts.values():
        sources = [
            {
                "label": f"{s.publisher}, {formatting.iso_date(s.published)}",
                "title": s.title,
                "link": s.link,
            }
            for s in (data.sources[sid] for sid in chart.sources if sid in data.sources)
        ]
        home = page_url(chart_page(chart, data)) + f"#chart-{chart.name}"
        files[f"{chart.embed_path}index.html"] = template.render(
            chart=chart,
            svg=relative_url(chart.embed_path, chart.path),
            sources=sources,
            site=site,
            page=site.absolute(home),
            license_name=LICENSE_NAME,
            license_url=LICENSE_URL,
        ).encode("utf-8")
    return files


def atom_feed(env: jinja2.Environment, data: SiteData, site: SiteInfo) -> dict[str, bytes]:
    """The corrections log as an Atom feed."""
    return {FEED_PATH: env.get_template("corrections.xml.j2").render(**feed_context(data, site)).encode("utf-8")}
