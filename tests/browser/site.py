"""Build a throwaway copy of the project and serve its site on 127.0.0.1, as a visitor's browser sees it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.paths import Project
from generator.pipeline import build

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

# The pages of the site, by their path under the site's base URL.
PAGES = [
    "",
    "timeline/",
    "findings/",
    "quotes/",
    "fact-check/",
    "sources/",
    "glossary/",
    "explainers/mission/",
]


def base_path(project: Project) -> str:
    """The path part of site_url (e.g. ``/change6/``): the site is served there, as it will be deployed."""
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    path = urlsplit(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def build_copy(dest: Path) -> Project:
    """A fresh copy of the project's inputs, built into its own site/."""
    from conftest import copy_project  # tests/conftest.py, on sys.path as the tests' root

    project = copy_project(dest)
    build(project)
    return project


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder under a base path, and quietly (the test output stays readable)."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port; yield the base URL (ending in ``/``)."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
