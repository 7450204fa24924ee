"""Local preview: regenerate when a fact file, template or hand-written page changes.

MkDocs' own server watches content/ and reloads the browser; this loop watches
what MkDocs cannot see (site_data/, templates/, the ``*.md.j2`` sources) and
regenerates, writing only files whose bytes changed, so a reload follows. Bad
data prints its problems and leaves the last good pages in place.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .engine import engine_env
from .paths import Project
from .pipeline import generate
from .problems import DataError
from .write import GITIGNORE, MANIFEST, read_manifest

POLL_SECONDS = 0.3


def watched_files(project: Project) -> Iterator[Path]:
    """Every input of the generator: data, templates and hand-written pages."""
    generated = set(read_manifest(project.content)) | {MANIFEST, GITIGNORE}
    for folder in (project.data, project.templates):
        yield from (p for p in folder.rglob("*") if p.is_file())
    for path in project.content.rglob("*"):
        if path.is_file() and path.relative_to(project.content).as_posix() not in generated:
            yield path


def snapshot(project: Project) -> dict[Path, tuple[float, int]]:
    """Modification time and size of every watched file."""
    state = {}
    for path in watched_files(project):
        try:
            stat = path.stat()
        except OSError:
            continue
        state[path] = (stat.st_mtime, stat.st_size)
    return state


def regenerate(project: Project) -> bool:
    """Generate once, printing the outcome; True when it succeeded."""
    try:
        report = generate(project)
    except DataError as exc:
        print(exc.problems.to_text(), file=sys.stderr, flush=True)
        print("Not regenerated: fix the problems above; the preview keeps the last good pages.", flush=True)
        return False
    print(report.summary(), flush=True)
    return True


def base_path(project: Project) -> str:
    """The path MkDocs serves the site under: the path part of site_url ('/' when there is none)."""
    try:
        config = yaml.safe_load(project.config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return "/"
    path = urlsplit(str(config.get("site_url") or "")).path or "/"
    return path if path.endswith("/") else path + "/"


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Generate, start MkDocs' live-reloading server, and regenerate on every change until stopped."""
    signal.signal(signal.SIGTERM, _stop)  # stop the MkDocs child too when we are terminated
    regenerate(project)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--config-file",
            str(project.config),
            "--dev-addr",
            f"{host}:{port}",
            "--livereload",
        ],
        cwd=project.root,
        env=engine_env(),
    )
    print(
        f"Previewing on http://{host}:{port}/ ; edit site_data/, templates/ or content/ and the page reloads.",
        flush=True,
    )
    before = snapshot(project)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = snapshot(project)
            if now != before:
                regenerate(project)
                before = snapshot(project)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0
