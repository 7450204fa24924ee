"""Cache drawn charts and compiled templates on disk, so that regenerating with unchanged inputs redoes little.

A chart is stored under a key made of the records it read, the code that
draws it, the matplotlib version and the fixed style settings. Which records a
builder reads is learnt by running it once against a view of the data that
notes every kind it touches; the next run hashes only those kinds. When every
chart is a hit, matplotlib is never imported. A miss (or a damaged cache) only
costs a redraw, never a wrong chart: an entry is trusted only when its key
matches exactly.

Compiled templates use Jinja's own bytecode cache, which checks each entry
against the template's source; the folder is named for the Jinja version and
the environment's settings, so code compiled under other settings is never used.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import inspect
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import jinja2

from .model import KINDS
from .write import atomic_write

if TYPE_CHECKING:
    from .charts.base import Chart
    from .validate import SiteData

#: Bump when the stored form changes, so old entries are ignored.
FORMAT = 2
#: Where the chart cache lives, relative to the project root (git-ignored).
CACHE_DIR = Path(".cache") / "factsite" / "charts"
#: Where compiled templates live, relative to the project root (git-ignored).
TEMPLATE_CACHE_DIR = Path(".cache") / "factsite" / "templates"
#: Where texts made from the generator's code alone (the JSON Schemas) are kept.
CODE_CACHE_DIR = Path(".cache") / "factsite" / "code"

Builder = Callable[[Any], "Chart | None"]


class TrackingData:
    """A read-only view of SiteData that remembers which kinds of record were read.

    Anything other than reading a kind by name (``data.events``) counts as
    reading every kind, so the recorded dependencies are never too few.
    """

    def __init__(self, data: SiteData) -> None:
        self._data = data
        self.kinds: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.kinds.update([name] if name in KINDS else KINDS)
        return getattr(self._data, name)


def records_digest(data: SiteData, kinds: list[str]) -> str:
    """A hash of every record of the given kinds, in file order."""
    h = hashlib.sha256()
    for kind in sorted(kinds):
        h.update(f"\0{kind}\0".encode())
        for record in data.records[kind].values():
            h.update(record.model_dump_json().encode("utf-8"))
            h.update(b"\n")
    return h.hexdigest()


@functools.cache
def _version(library: str) -> str:
    """An installed library's version; looked up once per run (each lookup scans the installed packages)."""
    return metadata.version(library)


@functools.cache
def _source_of(obj: Any) -> bytes:
    """A module's source; read once per run, as every chart's key includes the shared chart code."""
    path = inspect.getsourcefile(obj)
    return Path(path).read_bytes() if path else repr(obj).encode()


def code_digest(builder: Builder, rc: dict[str, Any]) -> str:
    """A hash of what draws a chart: the builder's module, the shared chart code, formatting, matplotlib, RC."""
    from . import formatting
    from .charts import base

    h = hashlib.sha256(f"factsite-chart-cache {FORMAT} {sys.version_info[:2]}".encode())
    for part in (sys.modules[builder.__module__], base, formatting):
        h.update(_source_of(part))
    h.update(_version("matplotlib").encode())
    h.update(json.dumps(rc, sort_keys=True, default=str).encode())
    return h.hexdigest()


@dataclass
class CacheStats:
    """Which builders were served from the cache and which were drawn."""

    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


class ChartCache:
    """Charts on disk, one entry per builder, keyed by code and input records."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stats = CacheStats()

    @staticmethod
    def name_of(builder: Builder) -> str:
        return f"{builder.__module__}.{builder.__qualname__}"

    def _entry(self, name: str) -> Path:
        return self.folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.json"

    def lookup(self, builder: Builder, data: SiteData, rc: dict[str, Any]) -> tuple[bool, Chart | None]:
        """(True, chart or None) when a stored entry still matches the data and code; (False, None) otherwise."""
        from .charts.base import Chart

        name = self.name_of(builder)
        try:
            entry = json.loads(self._entry(name).read_text(encoding="utf-8"))
            if entry.get("format") != FORMAT or entry.get("builder") != name:
                raise ValueError("stale entry")
            kinds = [k for k in entry["kinds"] if k in KINDS]
            if entry["key"] != self._key(builder, data, rc, kinds):
                raise ValueError("changed")
            stored = entry["chart"]
            chart = None
            if stored is not None:
                stored["svg"] = stored["svg"].encode("utf-8")
                stored["png"] = base64.b64decode(stored["png"])
                chart = Chart(**stored)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.stats.misses.append(name)
            return False, None
        self.stats.hits.append(name)
        return True, chart

    def store(self, builder: Builder, data: SiteData, rc: dict[str, Any], kinds: set[str], chart: Chart | None) -> None:
        """Remember a freshly drawn chart (or that the builder drew none) with the kinds it read."""
        name = self.name_of(builder)
        stored = None
        if chart is not None:
            stored = asdict(chart)
            stored["svg"] = chart.svg.decode("utf-8")
            stored["png"] = base64.b64encode(chart.png).decode("ascii")
        entry = {
            "format": FORMAT,
            "builder": name,
            "kinds": sorted(kinds),
            "key": self._key(builder, data, rc, sorted(kinds)),
            "chart": stored,
        }
        try:
            payload = json.dumps(entry).encode("utf-8")
        except (TypeError, ValueError):  # a Chart field JSON cannot hold: draw it every time instead
            return
        atomic_write(self._entry(name), payload)

    def _key(self, builder: Builder, data: SiteData, rc: dict[str, Any], kinds: list[str]) -> str:
        return hashlib.sha256(
            f"{code_digest(builder, rc)} {','.join(kinds)} {records_digest(data, kinds)}".encode()
        ).hexdigest()


#: Environment settings that shape the code Jinja compiles a template into.
_COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
)


def _name_of(value: Any) -> Any:
    return getattr(value, "__qualname__", value) if callable(value) else value


def use_template_cache(env: jinja2.Environment, root: Path, name: str) -> None:
    """Keep the environment's compiled templates in the project cache (nothing happens if it cannot be made).

    Compiling the templates is a third of a clean run with warm charts. Jinja checks every entry
    against the template's source; the folder is named for everything else that shapes the code.
    """
    settings = {attr: getattr(env, attr) for attr in _COMPILE_SETTINGS}
    settings.update(
        autoescape=_name_of(env.autoescape),
        finalize=_name_of(env.finalize),
        extensions=sorted(env.extensions),
        jinja=jinja2.__version__,
        python=list(sys.version_info[:2]),
    )
    key = hashlib.sha256(json.dumps([name, settings], sort_keys=True, default=str).encode()).hexdigest()[:16]
    folder = root / TEMPLATE_CACHE_DIR / f"{name}-{key}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def made_from_code(
    root: Path,
    name: str,
    modules: tuple[ModuleType, ...],
    libraries: tuple[str, ...],
    make: Callable[[], dict[str, str]],
) -> dict[str, str]:
    """Texts that depend on code alone (the model's JSON Schemas): made once per version of that code, then read.

    The entry is keyed by the modules' source and the libraries' versions; anything unreadable is made again.
    """
    h = hashlib.sha256(f"{name} {FORMAT} {sys.version_info[:2]}".encode())
    for module in modules:
        h.update(_source_of(module))
    for library in libraries:
        h.update(f"\0{library} {_version(library)}".encode())
    key = h.hexdigest()
    path = root / CODE_CACHE_DIR / f"{name}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        texts = stored["texts"] if stored.get("key") == key else None
        if isinstance(texts, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
            return texts
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass
    texts = make()
    with contextlib.suppress(OSError):  # a read-only checkout: the texts are still right, only not kept
        atomic_write(path, json.dumps({"key": key, "texts": texts}, ensure_ascii=False).encode("utf-8"))
    return texts
