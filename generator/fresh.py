"""Let ``generate`` skip all work when nothing it reads has changed since its last clean run.

Editors run ``generate`` constantly. With nothing changed, importing the model
and the renderer alone costs more than the whole run should, so the command
line first compares a digest of everything a run reads (the data, templates,
hand-written pages, mkdocs.yml, the generator's code, the libraries' install
stamps and today's date) and the on-disk state of every generated file with
what the last successful run recorded. Only an exact match skips the run; this
module imports nothing heavy. A run's warnings are recorded with it and shown
again when a later run is skipped, so a warning is never hidden.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from datetime import date
from pathlib import Path

from .paths import Project

#: The record of the last clean run, relative to the project root (git-ignored).
STAMP = Path(".cache") / "factsite" / "last-run.json"
MANIFEST = ".generated-manifest.json"
GITIGNORE = ".gitignore"
#: Libraries whose output shapes the generated files; a reinstall changes their file's timestamp.
LIBRARIES = ("jinja2", "markupsafe", "yaml", "pydantic", "pydantic_core", "matplotlib")


def _generated(project: Project) -> list[str]:
    try:
        manifest = json.loads((project.content / MANIFEST).read_text(encoding="utf-8"))
        return sorted(str(k) for k in manifest.get("files", {}))
    except (OSError, ValueError, AttributeError):
        return []


def _hash_tree(h: hashlib._Hash, folder: Path, root: Path, skip: frozenset[str] = frozenset(), glob: str = "*") -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob(glob) if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel in skip:
            continue
        h.update(f"\0{rel}\0".encode())
        h.update(path.read_bytes())


def inputs_digest(project: Project, today: date | None = None) -> str:
    """A hash of everything a generate run reads, so any change to any of it gives a new value."""
    h = hashlib.sha256((today or date.today()).isoformat().encode())
    code = Path(__file__).resolve().parent
    _hash_tree(h, code, code.parent, glob="*.py")
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        stamp = os.stat(origin).st_mtime_ns if origin and os.path.exists(origin) else 0
        h.update(f"\0{name}\0{origin}\0{stamp}".encode())
    h.update(b"\0config\0")
    if project.config.is_file():
        h.update(project.config.read_bytes())
    _hash_tree(h, project.data, project.root)
    _hash_tree(h, project.templates, project.root)
    generated = frozenset(f"content/{rel}" for rel in [*_generated(project), MANIFEST, GITIGNORE])
    _hash_tree(h, project.content, project.root, skip=generated)
    return h.hexdigest()


def _outputs(project: Project) -> dict[str, list[int]]:
    """Size and modification time of every generated file (and the manifest), or -1 when missing."""
    state = {}
    for rel in [*_generated(project), MANIFEST, GITIGNORE]:
        try:
            st = (project.content / rel).stat()
            state[rel] = [st.st_size, st.st_mtime_ns]
        except OSError:
            state[rel] = [-1, -1]
    return state


def up_to_date(project: Project, digest: str) -> dict[str, str] | None:
    """The last run's warnings (as text and JSON) when it read exactly these inputs and its output is
    untouched since; None when the run must be done again."""
    try:
        stamp = json.loads((project.root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        isinstance(stamp, dict)
        and stamp.get("inputs") == digest
        and bool(_generated(project))
        and stamp.get("outputs") == _outputs(project)
        and isinstance(stamp.get("warnings"), dict)
    ):
        return stamp["warnings"]
    return None


def record(project: Project, digest: str, warnings_text: str, warnings_json: str) -> None:
    """Remember a run without errors: the digest of its inputs (taken before it started), its output's
    state, and its warnings to show again when the next run is skipped."""
    path = project.root / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    stamp = {"inputs": digest, "outputs": _outputs(project), "warnings": {"text": warnings_text, "json": warnings_json}}
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    os.replace(tmp, path)


def forget(project: Project) -> None:
    """Drop the record, so the next run does all the work."""
    (project.root / STAMP).unlink(missing_ok=True)
