"""Where things live on the published site: the site's base address, page URLs, fact permalinks.

Citations, JSON-LD, redirects and downloads all need absolute addresses, and
they must agree; they all come from here, with the base taken from
``site_url`` in mkdocs.yml (use_directory_urls: page ``a/b.md`` is ``a/b/``).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import FACT_KINDS

#: Kinds that get a short address /fact/<id>/ (every record with an anchor of its own).
PERMALINK_KINDS = (*FACT_KINDS, "sources", "glossary")
LICENSE_NAME = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !!python tags (they are kept as None)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteInfo:
    """The published site's name and base address (always ending in a slash)."""

    name: str = "factsite"
    url: str = "https://example.org/"

    def absolute(self, site_path: str) -> str:
        """An address on the site from a path relative to its root (``fact/x/``)."""
        return self.url + site_path.lstrip("/")

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[-1].split("/", 1)[0]


def read_site_info(config: Path) -> SiteInfo:
    """Site name and site_url from mkdocs.yml; defaults when the file or the keys are missing."""
    try:
        raw: Any = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    url = str(raw.get("site_url") or SiteInfo.url)
    return SiteInfo(name=str(raw.get("site_name") or SiteInfo.name), url=url if url.endswith("/") else url + "/")


def page_url(content_path: str) -> str:
    """The site path of a Markdown page in content/: ``timeline.md`` -> ``timeline/``, ``index.md`` -> ``""``."""
    stem = content_path[: -len(".md")] if content_path.endswith(".md") else content_path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def permalink_path(record_id: str) -> str:
    """The short address of a fact, relative to the site root."""
    return f"fact/{record_id}/"


@functools.lru_cache(maxsize=4096)
def relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: pages link to the same few pages thousands of times (only anchors differ)."""
    return posixpath.relpath(target, start)


def relative_url(from_site_path: str, to_site_path: str) -> str:
    """A link between two site paths (directories end in '/'), as a browser resolves it."""
    start = from_site_path if from_site_path.endswith("/") else posixpath.dirname(from_site_path) + "/"
    target, _, anchor = to_site_path.partition("#")
    rel = relpath(target or ".", start.rstrip("/") or ".")
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return f"{rel}#{anchor}" if anchor else rel
