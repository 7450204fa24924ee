"""Citations of a fact or a page in plain text, APA and BibTeX, with address and access date.

The site is the author and publisher (its name from mkdocs.yml); the date is
when the fact was last checked, when known; the access date is the build date.
The strings here are plain text: the templates show them in code blocks, which
escape them, so nothing in them is markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import formatting
from .addresses import SiteInfo

_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_BIBTEX_REPLACE = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


@dataclass(frozen=True)
class Citation:
    """One work cited three ways."""

    plain: str
    apa: str
    bibtex: str


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACE.get(m.group(1), "\\" + m.group(1)), _one_line(text))


def _apa_date(day: date) -> str:
    return f"{formatting.MONTHS[day.month - 1]} {day.day}, {day.year}"


def bibtex_key(record_id: str) -> str:
    """A BibTeX key from an id (ids are slugs, so this is always valid)."""
    return "factsite-" + record_id


def cite(title: str, url: str, site: SiteInfo, accessed: date, key: str, dated: str | None = None) -> Citation:
    """Cite a piece of the site (a fact or a page) titled ``title`` at ``url``."""
    title = _one_line(title).rstrip(".")
    name = _one_line(site.name)
    when = formatting.iso_date(dated) if dated else None
    plain = f"“{title}”. {name}" + (f", {when}" if when else "") + f". {url} (accessed {accessed.isoformat()})."
    year = dated[:4] if dated else "n.d."
    apa = f"{name}. ({year}). {title}. Retrieved {_apa_date(accessed)}, from {url}"
    fields = [
        ("title", "{" + _bibtex_escape(title) + "}"),
        ("author", "{{" + _bibtex_escape(name) + "}}"),
        ("organization", "{" + _bibtex_escape(name) + "}"),
        ("year", "{" + (dated[:4] if dated else str(accessed.year)) + "}"),
        ("url", "{" + url.replace("{", "%7B").replace("}", "%7D") + "}"),
        ("urldate", "{" + accessed.isoformat() + "}"),
        ("note", "{Accessed " + accessed.isoformat() + "; licensed under CC BY 4.0}"),
    ]
    body = ",\n".join(f"  {name_} = {value}" for name_, value in fields)
    bibtex = f"@misc{{{key},\n{body}\n}}"
    return Citation(plain=plain, apa=apa, bibtex=bibtex)
