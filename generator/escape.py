"""Escape text from the data for Markdown and HTML.

Everything an editor (or a pasted quote) puts in the YAML reaches the page
through these functions, so markup, links and template syntax in the data show
literally and never run.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

#: ASCII punctuation that Markdown, its extensions (tables, attr_list, abbr,
#: emoji, critic, tilde/caret/mark) or Jinja could read as syntax.
#: pymdownx.escapeall lets a backslash escape any of them.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:;<>\"'&$%@/?])")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # not \s: a no-break space between number and unit stays


def md_inline(value: object) -> Markup:
    """Escape a value for one line of Markdown (a table cell, a heading, a sentence)."""
    if isinstance(value, Markup):
        return value
    # Collapse, but do not strip: a literal ", " in a template must keep its space (the model strips data).
    text = _SPACE.sub(" ", str(value))
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A backslash before < > & would still let the browser see them; encode them as entities.
    escaped = escaped.replace("\\&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")
    return Markup(escaped)


def md_block(value: object) -> Markup:
    """Escape multi-paragraph text: paragraphs stay, everything else is literal."""
    if isinstance(value, Markup):
        return value
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
    return Markup("\n\n".join(md_inline(p) for p in paragraphs))


def attr(value: object) -> Markup:
    """Escape a value for an HTML attribute written inside Markdown."""
    return Markup(html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True))


def url(value: object) -> Markup:
    """A link target for Markdown: only http(s) addresses, with parentheses and spaces encoded."""
    text = str(value).strip()
    if not re.match(r"^https?://", text, re.IGNORECASE):
        raise ValueError(f"refusing to link to {text!r}: only http(s) addresses are linked")
    return Markup(
        text.replace("\\", "%5C")
        .replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace('"', "%22")
    )


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def anchor(value: object) -> Markup:
    """An id used as an HTML anchor; ids are validated slugs, so anything else is a bug."""
    text = str(value)
    if not _SLUG.fullmatch(text):
        raise ValueError(f"{text!r} is not a valid anchor id")
    return Markup(text)


def join(values: object, separator: str = "") -> Markup:
    """Jinja's join, but escaping each item for Markdown (the built-in only escapes HTML)."""
    return Markup(separator).join(md_inline(v) for v in values)  # type: ignore[attr-defined]


def html_text(value: object) -> Markup:
    """Escape text for an HTML element written as a raw HTML block, keeping its line breaks (for <pre>)."""
    return Markup(html.escape(str(value), quote=False))
