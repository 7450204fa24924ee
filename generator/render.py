"""Render the data into Markdown pages through the Jinja2 templates in templates/.

Two kinds of template are rendered: the generated pages (templates/pages/*.md.j2,
one per topic page) and the hand-written pages in content/ whose name ends in
``.md.j2``, which use the same helpers to show a fact's value without typing it.
Every ``{{ ... }}`` output is escaped for Markdown and HTML unless a helper
marked it safe, so text in the data can never become markup.
"""

from __future__ import annotations

import json
import posixpath
import re
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from . import corrections, escape, formatting, jsonld, model
from .addresses import SiteInfo, page_url, permalink_path, relative_url, relpath
from .cache import use_template_cache
from .charts import Chart
from .cite import bibtex_key
from .cite import cite as make_citation
from .export import DATA_DIR, download_files
from .htmlpages import chart_page, embed_snippet, html_env
from .load import SAFE_LOADER
from .problems import Problem, relative
from .validate import SiteData

#: Generated topic pages: output path in content/ -> template in templates/pages/.
PAGES: dict[str, str] = {
    "index.md": "pages/home.md.j2",
    "timeline.md": "pages/timeline.md.j2",
    "findings.md": "pages/findings.md.j2",
    "quotes.md": "pages/quotes.md.j2",
    "fact-check.md": "pages/fact-check.md.j2",
    "sources.md": "pages/sources.md.j2",
    "glossary.md": "pages/glossary.md.j2",
    "data.md": "pages/data.md.j2",
    "corrections.md": "pages/corrections.md.j2",
}
REUSE_PARTIAL = "partials/reuse.md.j2"
_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)

#: The page on which each kind of record has its anchor.
HOME_OF_KIND: dict[str, str] = {
    "events": "timeline.md",
    "findings": "findings.md",
    "comparisons": "findings.md",
    "quotes": "quotes.md",
    "claims": "fact-check.md",
    "sources": "sources.md",
    "glossary": "glossary.md",
    "people": "quotes.md",
}

ABBREVIATIONS = "_includes/abbreviations.md"
HANDWRITTEN_SUFFIX = ".md.j2"


class RenderError(Exception):
    """A template asked for something the data does not have (an unknown id, say)."""


@dataclass
class PageContext:
    """What a template needs to know about the page it is rendering."""

    path: str  # e.g. "learn/far-side.md"

    def rel(self, target: str) -> Markup:
        """A link from this page to another file in content/, as MkDocs resolves it."""
        target_path, _, anchor = target.partition("#")
        start = posixpath.dirname(self.path) or "."
        link = relpath(target_path, start) if target_path else ""
        return Markup(f"{link}#{anchor}" if anchor else link)


class Renderer:
    """One Jinja2 environment bound to one site's data."""

    def __init__(
        self,
        data: SiteData,
        templates: Path,
        content: Path,
        charts: dict[str, Chart],
        today: date | None = None,
        site: SiteInfo | None = None,
        cache_root: Path | None = None,
    ) -> None:
        self.data = data
        self.templates = templates
        self.content = content
        self.root = content.parent
        self.charts = charts
        self.today = today or date.today()
        self.site = site or SiteInfo()
        self.html = html_env(templates)
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(str(templates)), jinja2.FileSystemLoader(str(content))]
            ),
            undefined=jinja2.StrictUndefined,
            finalize=escape.md_inline,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Autoescape makes macro output Markup (not escaped twice); finalize escapes data for Markdown.
            autoescape=True,
        )
        self.env.filters.update(
            md=escape.md_inline,
            block=escape.md_block,
            attr=escape.attr,
            anchor=escape.anchor,
            join=escape.join,
            url=escape.url,
            number=formatting.number,
            long_date=formatting.iso_date,
            codeblock=codeblock,
            html=escape.html_text,
        )
        if cache_root is not None:
            use_template_cache(self.env, cache_root, "markdown")
            use_template_cache(self.html, cache_root, "html")

    # -- helpers exposed to templates -------------------------------------------------

    def _record(self, record_id: str) -> model.Record:
        record = self.data.get(record_id)
        if record is None:
            raise RenderError(f"there is no record with the id '{record_id}'")
        return record

    def _globals(self, page: PageContext) -> dict[str, Any]:
        data = self.data

        def anchor_of(record_id: str) -> Markup:
            record = self._record(record_id)
            kind = data.kind_of(record.id) or ""
            return page.rel(f"{HOME_OF_KIND[kind]}#{record.id}")

        def link(record_id: str, text: object = None) -> Markup:
            record = self._record(record_id)
            label = text if text is not None else title_of(record)
            return Markup(f"[{escape.md_inline(label)}]({anchor_of(record_id)})")

        def value(record_id: str) -> Markup:
            """A finding's value as text, e.g. '2,807 ± 3 Ma' (no link)."""
            record = self._record(record_id)
            if not isinstance(record, model.Measurement):
                raise RenderError(f"'{record_id}' is a {data.kind_of(record_id)} record, not a finding")
            return escape.md_inline(formatting.measurement(record))

        def fact(record_id: str) -> Markup:
            """A finding's value linked to its anchor: the way hand-written pages quote numbers."""
            record = self._record(record_id)
            if isinstance(record, model.Measurement):
                label: object = formatting.measurement(record)
            elif isinstance(record, model.Event):
                label = formatting.event_utc(record)
            else:
                label = title_of(record)
            return Markup(f"[{escape.md_inline(label)}]({anchor_of(record_id)})")

        def source_link(source_id: str) -> Markup:
            return page.rel(f"sources.md#{source_id}")

        def cite(citations: list[model.Citation]) -> Markup:
            parts = []
            for c in citations:
                src = data.sources[c.source]
                label = f"{src.publisher}, {formatting.iso_date(src.published)}"
                text = f"[{escape.md_inline(label)}]({source_link(src.id)})"
                if c.locator:
                    text += f" ({escape.md_inline(c.locator)})"
                parts.append(text)
            return Markup("; ".join(parts))

        def cite_ids(source_ids: list[str]) -> Markup:
            return cite([model.Citation(source=sid) for sid in source_ids])

        def chart(name: str) -> Chart:
            if name not in self.charts:
                raise RenderError(f"there is no chart named '{name}'")
            return self.charts[name]

        site = self.site
        page_site_path = page_url(page.path)
        partial: list[Any] = []

        def tools() -> Any:
            """The reuse partial, loaded once per page with this page's helpers."""
            if not partial:
                partial.append(self.env.get_template(REUSE_PARTIAL).make_module(helpers))
            return partial[0]

        def reuse(record: model.Record) -> Markup:
            """The reuse tools under a fact: former-id anchors, corrections, copy link, cite this, downloads."""
            kind = data.kind_of(record.id) or ""
            url = site.absolute(page_url(HOME_OF_KIND[kind])) + "#" + record.id
            info = {
                "record": record,
                "kind": kind,
                "url": url,
                "permalink": site.absolute(permalink_path(record.id)),
                "permalink_href": relative_url(page_site_path, permalink_path(record.id)),
                "cite": make_citation(
                    cite_title(record, data), url, site, self.today, bibtex_key(record.id), record.checked
                ),
                "corrections": sorted(getattr(record, "corrections", []), key=lambda c: c.date, reverse=True),
                "json": page.rel(f"{DATA_DIR}/{kind}.json"),
                "csv": page.rel(f"{DATA_DIR}/{kind}.csv"),
            }
            return Markup(tools().fact(info))

        def reuse_chart(c: Chart) -> Markup:
            """Under a chart: its CSV, SVG and PNG, and the iframe snippet of its embeddable page."""
            info = {
                "chart": c,
                "csv": page.rel(c.csv_path),
                "svg": page.rel(c.path),
                "png": page.rel(c.png_path) if c.png else None,
                "embed_href": relative_url(page_site_path, c.embed_path),
                "snippet": embed_snippet(self.html, c, site),
            }
            return Markup(tools().chart(info))

        helpers: dict[str, Any] = {
            "data": data,
            "page": page,
            "rel": page.rel,
            "link": link,
            "value": value,
            "fact": fact,
            "cite": cite,
            "source_link": source_link,
            "chart": chart,
            "charts": self.charts,
            "cite_ids": cite_ids,
            "event_utc": formatting.event_utc,
            "event_beijing": formatting.event_beijing,
            "measurement": formatting.measurement,
            "verdicts": model.VERDICTS,
            "origin_statuses": model.ORIGIN_STATUSES,
            "units": model.UNITS,
            "today": self.today,
            "sorted_events": sorted(data.events.values(), key=lambda e: e.start),
            "reuse": reuse,
            "reuse_chart": reuse_chart,
            "site_href": lambda site_path: Markup(escape.attr(relative_url(page_site_path, site_path))),
            "reuse_page": lambda citation: Markup(tools().page(citation)),
            "site": site,
            "kinds": list(model.KINDS),
            "kind_label": model.kind_label,
            "data_dir": DATA_DIR,
            "corrections_log": corrections.log(data),
            "feed_path": corrections.FEED_PATH,
            "chart_page": lambda c: chart_page(c, data),
        }
        return helpers

    # -- rendering --------------------------------------------------------------------

    def render(self, template_name: str, out_path: str, **extra: Any) -> str:
        template = self.env.get_template(template_name)
        helpers = self._globals(PageContext(out_path))
        text = template.render(**helpers, **extra)
        if out_path == ABBREVIATIONS:
            return text
        return self._with_reuse(text, out_path, helpers)

    def _with_reuse(self, text: str, out_path: str, helpers: dict[str, Any]) -> str:
        """Add the page's JSON-LD to its front matter and "Cite this page" at its end."""
        match = _FRONT_MATTER.match(text)
        meta_text, body = (match.group(1), text[match.end() :]) if match else ("", text)
        try:
            meta = yaml.load(meta_text, Loader=SAFE_LOADER) or {}
        except yaml.YAMLError:
            meta = {}
        title = str(meta.get("title") or self.site.name) if isinstance(meta, dict) else self.site.name
        url = self.site.absolute(page_url(out_path))
        key = bibtex_key("page-" + (page_url(out_path).strip("/").replace("/", "-") or "home"))
        citation = make_citation(title, url, self.site, self.today, key)
        body = body.rstrip("\n") + "\n" + str(helpers["reuse_page"](citation))
        graph = jsonld.for_page(out_path, self.data, self.site, self.today, download_files())
        if graph is not None:
            meta_text += front_matter_block("jsonld", front_matter_json(graph))
        return f"---\n{meta_text}---\n{body}" if meta_text else body

    def _render_into(self, jobs: list[tuple[str, str, Path]]) -> tuple[dict[str, str], list[Problem]]:
        out: dict[str, str] = {}
        problems: list[Problem] = []
        for template_name, target, source in jobs:
            try:
                out[target] = self.render(template_name, target)
            except Exception as exc:
                problems.append(_template_problem(exc, source, self.root))
        return out, problems

    def pages(self) -> tuple[dict[str, str], list[Problem]]:
        """The generated topic pages and the glossary snippet, keyed by path in content/."""
        jobs = [(tpl, path, self.templates / tpl) for path, tpl in PAGES.items()]
        jobs.append(("includes/abbreviations.md.j2", ABBREVIATIONS, self.templates / "includes/abbreviations.md.j2"))
        return self._render_into(jobs)

    def handwritten(self) -> tuple[dict[str, str], list[Problem]]:
        """Render every hand-written ``*.md.j2`` page in content/ to its ``.md`` twin."""
        jobs = []
        for source in sorted(self.content.rglob(f"*{HANDWRITTEN_SUFFIX}")):
            rel = source.relative_to(self.content).as_posix()
            jobs.append((rel, rel[: -len(".j2")], source))
        return self._render_into(jobs)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_INERT = re.compile(r"[<>&\[\](){}%*#`|!:]")


def front_matter_block(key: str, line: str) -> str:
    """A front matter entry holding one line of text as a literal block scalar (``key: |-``).

    YAML reads it as a plain string without parsing what is inside. Written as flow YAML (JSON is YAML),
    the JSON-LD of a page with thousands of facts made Zensical's front matter parser take time quadratic in
    its length (2,000 facts: 39 s instead of 10 s); as a string it is linear in both engines.
    """
    if "\n" in line or line != line.strip():
        raise ValueError("a block scalar line must be one line without surrounding whitespace")
    return f"{key}: |-\n  {line}\n"


def front_matter_json(value: object) -> str:
    """Compact JSON on one line for the front matter: ASCII only, and inside strings every character that
    HTML, Markdown or Jinja could read as syntax is a \\u escape, so no text from the data can become markup."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return _JSON_STRING.sub(lambda m: _INERT.sub(lambda c: f"\\u{ord(c.group()):04x}", m.group()), text)


def codeblock(text: object, lang: str = "text", indent: int = 0) -> Markup:
    """A fenced code block of literal text (shown as is, with a copy button), indented for a container.

    The fence is longer than any run of backticks in the text, so the text cannot close it.
    """
    body = str(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    pad = " " * indent
    lines = [f"{fence}{lang}", *body.splitlines(), fence]
    return Markup(("\n" + pad).join(lines))


def cite_title(record: model.Record, data: SiteData) -> str:
    """The title a citation gives a fact: claims and quotes, which have no title, by their words."""
    if isinstance(record, model.Claim):
        return f"Fact check: {_shorten(record.text, 100)}"
    if isinstance(record, model.Quote):
        person = data.people.get(record.speaker)
        return f"{person.name if person else record.speaker}: “{_shorten(record.text, 100)}”"
    return title_of(record)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def title_of(record: model.Record) -> str:
    """The name a record goes by in links."""
    for name in ("title", "term", "name", "label"):
        text = getattr(record, name, None)
        if text:
            return str(text)
    if isinstance(record, model.Quote):
        return record.text[:60]
    return record.id


def _template_problem(exc: Exception, source: Path, root: Path) -> Problem:
    line = getattr(exc, "lineno", None) or 0
    if not line:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename and Path(frame.filename).resolve() == source.resolve():
                line = frame.lineno or 0
                break
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"the page template has a syntax error: {exc.message}."
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"the page uses something that does not exist: {exc.message}."
    else:
        message = f"the page cannot be rendered: {exc}."
    return Problem(relative(source, root), line, 0, message)
