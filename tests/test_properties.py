"""Property-based tests: random documents and random field values never cause a traceback or an unsafe page.

Pages are turned into HTML with the Markdown extensions and settings of mkdocs.yml, so
what is checked is what a visitor's browser would receive.
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.charts import draw_all
from generator.pipeline import check, generate
from generator.problems import DataError, Problem, Problems
from generator.render import ABBREVIATIONS, Renderer
from generator.validate import load_site_data

settings.register_profile(
    "factsite",
    deadline=None,  # no timed tests
    derandomize=True,  # the same examples on every machine and every run
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("factsite")

#: Pieces of hostile or tricky input: markup, links, template syntax, Markdown and extension syntax.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](data:text/html,<script>alert(1)</script>)",
    "&#106;avascript:alert(1)",
    "{{ 7*7 }}",
    "{% if 1 %}yes{% endif %}",
    "{# comment #}",
    "{ #anchor onclick=alert(1) }",
    "{: onmouseover=alert(1) }",
    '" onmouseover="alert(1)',
    "*[x]: <script>",
    "[^1]",
    "--8<-- 'mkdocs.yml'",
    '<div markdown="1"><script>x</script></div>',
    "<!--",
    "-->",
    "!!! note",
    "??? info",
    "```",
    "    indented code",
    "# heading",
    "---",
    "a|b",
    "|",
    "\\",
    "`",
    "*",
    "_",
    "&amp;",
    "&",
    "<",
    ">",
    "'",
    '"',
    "(",
    ")",
    "[",
    "]",
    "~~",
    "==",
    "^^",
    "https://example.org/a_(b)",
    "\n",
    "\n\n",
    " ",
    "\u00a0",
    "KREEP",
]
ASCII = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=6)
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), ASCII), min_size=1, max_size=8).map("".join)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    hostile_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)

FIELDS = sorted(
    {
        "id",
        "title",
        "summary",
        "utc",
        "precision",
        "sources",
        "source",
        "value",
        "unit",
        "low",
        "high",
        "uncertainty",
        "derived",
        "kind",
        "start",
        "end",
        "text",
        "speaker",
        "status",
        "term",
        "aliases",
        "url",
        "doi",
        "published",
        "accessed",
        "settled_by",
        "former_ids",
    }
)
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), values, max_size=8)
documents = st.one_of(values, st.lists(records, max_size=4))


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("prop") / "proj")


def assert_reported_not_raised(problems) -> None:
    """Every problem is a located sentence, never an exception."""
    for p in problems.sorted():
        assert isinstance(p, Problem)
        assert p.file and p.line >= 0 and p.column >= 0
        assert p.message and p.message[-1] in ".?", p.message
        assert "Traceback" not in p.message


def with_file(proj, name: str, payload: bytes) -> Problems:
    """Run check, then generate, with one data file replaced; restore it afterwards. Only DataError may stop them."""
    path = proj.data / name
    original = path.read_bytes()
    try:
        path.write_bytes(payload)
        _, problems, _ = check(proj)
        try:
            generate(proj)
        except DataError as exc:
            assert [p.format() for p in exc.problems.sorted()] == [p.format() for p in problems.sorted()]
        else:
            assert not problems
    finally:
        path.write_bytes(original)
    return problems


@given(kind=st.sampled_from(["events", "findings", "quotes", "claims", "glossary", "sources", "people"]), doc=documents)
@settings(max_examples=40)
def test_random_yaml_documents_never_raise(proj, kind, doc):
    payload = yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    assert_reported_not_raised(with_file(proj, f"{kind}.yaml", payload))


@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
@settings(max_examples=40)
def test_random_bytes_never_raise(proj, raw):
    assert_reported_not_raised(with_file(proj, "events.yaml", raw))


@pytest.fixture(scope="module")
def real_docs(proj):
    return {kind: yaml.safe_load((proj.data / f"{kind}.yaml").read_text(encoding="utf-8")) for kind in ("events",)}


@given(data=st.data())
@settings(max_examples=40)
def test_random_field_values_in_real_records_never_raise(proj, real_docs, data):
    docs = copy.deepcopy(real_docs["events"])
    index = data.draw(st.integers(min_value=0, max_value=len(docs) - 1))
    field = data.draw(st.sampled_from(sorted(docs[index])) | st.sampled_from(FIELDS))
    docs[index][field] = data.draw(values)
    payload = yaml.safe_dump(docs, allow_unicode=True).encode("utf-8")
    assert_reported_not_raised(with_file(proj, "events.yaml", payload))


# -- safe pages -----------------------------------------------------------------------------------


def markdown_from_config(config: Path, content: Path) -> markdown.Markdown:
    """A Markdown converter with exactly the extensions and settings of mkdocs.yml."""
    conf = yaml.safe_load(config.read_text(encoding="utf-8"))
    names, settings_of = [], {}
    for entry in conf["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            settings_of[name] = dict(options)
    settings_of["pymdownx.snippets"]["base_path"] = [str(content)]
    return markdown.Markdown(extensions=names, extension_configs=settings_of)


class Audit(HTMLParser):
    """Collects what would run in a browser: script-like tags, event handlers, script URLs."""

    DANGEROUS_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "base", "form", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.text: list[str] = []
        self.tooltips: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "abbr":
            self.tooltips.append(dict(attrs).get("title") or "")
        if tag in self.DANGEROUS_TAGS:
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.findings.append(f"{tag} {name}={value}")

    def handle_data(self, data):
        self.text.append(data)


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    parser.close()
    return parser


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


class Loaded:
    """The real data and its charts, loaded once (with a short repr for hypothesis reports)."""

    def __init__(self, proj) -> None:
        data, problems = load_site_data(proj.data, proj.root)
        assert not problems, problems.to_text()
        self.data, self.charts = data, draw_all(data)
        self._audited: dict[tuple[str, str], str] = {}

    def audited_text(self, path: str, page: str, glossary: str, converter: markdown.Markdown) -> str:
        """Convert a page to HTML, assert the audit finds nothing, return its visible text.

        Memoised on the page's Markdown and the glossary snippet appended to it: the same inputs give the
        same HTML, so a page a mutation did not change is not converted and audited again (otherwise most
        of each example's cost).
        """
        key = (glossary, page)
        if key not in self._audited:
            html = converter.reset().convert(FRONT_MATTER.sub("", page))
            result = audit(html)
            assert not result.findings, (path, result.findings)
            self._audited[key] = " ".join("".join(result.text).split())
        return self._audited[key]

    def __repr__(self) -> str:
        return "Loaded(real data)"


@pytest.fixture(scope="module")
def site(proj):
    return Loaded(proj)


#: Text fields that reach a page, by kind: (kind, field).
SHOWN = [
    ("events", "title"),
    ("events", "summary"),
    ("events", "note"),
    ("events", "place"),
    ("findings", "title"),
    ("findings", "method"),
    ("findings", "summary"),
    ("findings", "quantity"),
    ("quotes", "text"),
    ("quotes", "context"),
    ("quotes", "translation"),
    ("claims", "text"),
    ("claims", "explanation"),
    ("claims", "label"),
    ("claims", "appeared_locator"),
    ("sources", "title"),
    ("sources", "publisher"),
    ("sources", "container"),
    ("people", "name"),
    ("people", "affiliation"),
    ("glossary", "short"),
    ("glossary", "definition"),
    ("glossary", "term"),
]


def render_safely(proj, site, kind: str, field: str, text: str, pick: int) -> bool:
    """Put text into one field of one real record, render every page to HTML, audit it.

    Returns whether the text shows literally on some page; False when the model refused it.
    """
    data, charts = site.data, site.charts
    table = data.records[kind]
    if not table:
        return False
    rid = sorted(table)[pick % len(table)]
    record = table[rid]
    try:
        changed = type(record).model_validate({**record.model_dump(exclude_none=True), field: text})
    except ValidationError:
        return False  # refused by the model (a glossary term with brackets, say): nothing reaches a page
    mutated = copy.copy(data)
    mutated.records = {**data.records, kind: {**table, rid: changed}}
    renderer = Renderer(mutated, proj.templates, proj.content, charts)
    pages, problems = renderer.pages()
    handwritten, more = renderer.handwritten()
    assert not problems and not more, [p.format() for p in problems + more]
    (proj.content / ABBREVIATIONS).parent.mkdir(parents=True, exist_ok=True)
    (proj.content / ABBREVIATIONS).write_text(pages[ABBREVIATIONS], encoding="utf-8")
    converter = markdown_from_config(proj.config, proj.content)
    shown = " ".join(changed.model_dump()[field].split())
    visible_somewhere = False
    for path, page in {**pages, **handwritten}.items():
        if path == ABBREVIATIONS:
            continue
        if shown in site.audited_text(path, page, pages[ABBREVIATIONS], converter):
            visible_somewhere = True
    return visible_somewhere


@given(where=st.sampled_from(SHOWN), text=hostile_text, pick=st.integers(min_value=0))
@settings(max_examples=60)
def test_random_text_in_any_shown_field_renders_to_a_safe_page(proj, site, where, text, pick):
    kind, field = where
    visible = render_safely(proj, site, kind, field, text, pick)
    if kind != "people" and field not in ("term", "label", "appeared_locator") and 0 < len(text.strip()) <= 60:
        assert visible or not _accepted(site, kind, field, text), f"{kind}.{field} = {text!r} should show literally"


def _accepted(site, kind: str, field: str, text: str) -> bool:
    if not site.data.records[kind]:
        return False
    record = next(iter(site.data.records[kind].values()))
    try:
        type(record).model_validate({**record.model_dump(exclude_none=True), field: text})
    except ValidationError:
        return False
    return True


url_tail = st.lists(st.one_of(st.sampled_from(HOSTILE), ASCII), max_size=6).map(lambda parts: "".join(parts))


@given(tail=url_tail, pick=st.integers(min_value=0))
@settings(max_examples=60)
def test_random_web_addresses_render_to_safe_links(proj, site, tail, pick):
    url = "https://example.org/" + "".join(tail.split())
    render_safely(proj, site, "sources", "url", url, pick)


# -- end to end: the attacks named in the issue, through the real build ----------------------------------

ATTACKS = {
    ("claims", "text"): "Pipe a|b in a table, {{ 7*7 }} and {% if 1 %}x{% endif %} stay as typed",
    ("events", "summary"): "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    ("findings", "title"): "<img src=x onerror=alert(1)> heavy",
    ("quotes", "text"): "[x](javascript:alert(1)) said {{ 7*7 }}",
    ("glossary", "short"): '" onmouseover="alert(1) <b>bold</b>',
}


def test_the_attacks_named_in_the_issue_show_literally_in_the_built_site(tmp_path):
    from generator.load import load_yaml
    from generator.pipeline import build

    proj = copy_project(tmp_path / "proj")
    for (kind, field), text in ATTACKS.items():
        path = proj.data / f"{kind}.yaml"
        doc, problems = load_yaml(path, path.name)
        assert not problems
        doc.data[0][field] = text
        path.write_text(yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(proj)
    texts = []
    for page in sorted(proj.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
        if not article:
            continue
        result = audit(article.group(1))
        assert not result.findings, (page, result.findings)
        texts.append(" ".join("".join(result.text).split()))
    visible = "\n".join(texts)
    for text in ATTACKS.values():
        if not text.startswith('"'):  # the glossary tooltip lives in an attribute, checked below
            assert text in visible, text
    glossary = audit((proj.site / "glossary/index.html").read_text(encoding="utf-8"))
    assert ATTACKS[("glossary", "short")] in glossary.tooltips


@pytest.mark.parametrize("target", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.org/"])
def test_only_web_addresses_become_link_targets(target):
    from generator.escape import url

    with pytest.raises(ValueError, match="only http"):
        url(target)


def test_link_targets_cannot_end_the_markdown_link():
    from generator.escape import url

    assert url('https://x.org/a\\b(c) d<e>"') == "https://x.org/a%5Cb%28c%29%20d%3Ce%3E%22"
