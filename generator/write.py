"""Write generated files into content/ without ever touching a hand-written one.

Everything the generator writes is listed in a manifest (and a .gitignore
beside it, so git ignores exactly those files). A path that exists and is not
in the manifest belongs to a person: the run stops before writing anything.
Unchanged files are not rewritten, so their timestamps (and the site engine's
caches) stay.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, relative

MANIFEST = ".generated-manifest.json"
GITIGNORE = ".gitignore"


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def read_manifest(content: Path) -> dict[str, str]:
    """The files the last run wrote, with their hashes; empty when there was none."""
    path = content / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in raw.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def atomic_write(path: Path, payload: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def conflicts(content: Path, files: dict[str, bytes], root: Path) -> list[Problem]:
    """Generated paths that would overwrite a file the generator did not write."""
    owned = read_manifest(content)
    first_run = not (content / MANIFEST).exists()
    problems = []
    for rel in sorted([*files, GITIGNORE]):
        target = content / rel
        if not target.exists() or rel in owned or (rel == GITIGNORE and not first_run):
            continue
        problems.append(
            Problem(
                relative(target, root),
                0,
                0,
                "this file was not written by the generator, but the generator needs this path; "
                "rename or move the hand-written file (nothing was written).",
            )
        )
    return problems


def write_tree(content: Path, files: dict[str, bytes]) -> WriteResult:
    """Write the generated files, remove those no longer generated, update the manifest.

    The caller checks ``conflicts`` first; this only ever touches paths that are
    new or listed in the previous manifest.
    """
    previous = read_manifest(content)
    result = WriteResult()
    for rel, payload in sorted(files.items()):
        target = content / rel
        if (
            target.exists()
            and rel in previous
            and previous[rel] == digest(payload)
            and digest(target.read_bytes()) == previous[rel]
        ):
            result.unchanged.append(rel)
            continue
        if target.exists() and rel not in previous:
            raise FileExistsError(f"refusing to overwrite {target}: not written by the generator")
        atomic_write(target, payload)
        result.written.append(rel)
    for rel in sorted(set(previous) - set(files)):
        target = content / rel
        if target.is_file():
            target.unlink()
            result.removed.append(rel)
            _prune_empty(target.parent, content)
    manifest = {"generator": "factsite", "files": {rel: digest(payload) for rel, payload in sorted(files.items())}}
    ignore = "# Written by the generator; every generated file is listed here.\n" + "".join(
        f"/{rel}\n" for rel in sorted([*files, MANIFEST, GITIGNORE])
    )
    for name, text in ((GITIGNORE, ignore), (MANIFEST, json.dumps(manifest, indent=1) + "\n")):
        path = content / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text.encode("utf-8"))
    return result


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
