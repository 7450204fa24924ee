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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

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


def _inside(rel: str) -> bool:
    """A manifest entry names a file inside content/; anything else (../x, /etc/x) is never touched."""
    path = PurePosixPath(rel)
    return bool(rel) and "\\" not in rel and not path.is_absolute() and ".." not in path.parts


def _digests(content: Path) -> dict[str, set[str]]:
    """Every hash each generated file may have: as last written, or as a run that stopped midway meant to write."""
    try:
        raw = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
        known: dict[str, set[str]] = {}
        for section in ("files", "pending"):
            for rel, value in (raw.get(section) or {}).items():
                if _inside(str(rel)):
                    known.setdefault(str(rel), set()).add(str(value))
        return known
    except (OSError, ValueError, AttributeError):
        return {}


def read_manifest(content: Path) -> dict[str, str]:
    """The files the generator wrote (or had started writing), with a hash each; empty when there was none."""
    return {rel: min(values) for rel, values in _digests(content).items()}


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
    owned = _digests(content)
    first_run = not (content / MANIFEST).exists()
    problems = []
    for rel in sorted([*files, GITIGNORE]):
        target = content / rel
        if rel in owned and target.is_file() and rel in files:
            if digest(target.read_bytes()) not in {*owned[rel], digest(files[rel])}:
                problems.append(
                    Problem(
                        relative(target, root),
                        0,
                        0,
                        "this generated file was changed by hand since the generator wrote it; move the change "
                        "into the data or the page template, then delete this file (nothing was written).",
                    )
                )
            continue
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
    known = _digests(content)
    result = WriteResult()
    todo = []
    for rel, payload in sorted(files.items()):
        target = content / rel
        if rel in known and target.is_file() and not target.is_symlink() and target.read_bytes() == payload:
            result.unchanged.append(rel)
        elif target.exists() and rel not in known:
            raise FileExistsError(f"refusing to overwrite {target}: not written by the generator")
        else:
            todo.append(rel)
    if todo:
        # Record first what this run may write, so a run that stops midway still owns every file it wrote.
        pending = {rel: digest(files[rel]) for rel in todo}
        # ...kept out of git from the start, so a run that stops midway leaves nothing for `git add`.
        _write_if_changed(content / GITIGNORE, _gitignore([*previous, *pending]))
        intent = {"generator": "factsite", "files": {**pending, **previous}, "pending": pending}
        atomic_write(content / MANIFEST, (json.dumps(intent, indent=1) + "\n").encode("utf-8"))
    for rel in todo:
        atomic_write(content / rel, files[rel])
        result.written.append(rel)
    for rel in sorted(set(previous) - set(files)):
        target = content / rel
        # Only a file still exactly as the generator wrote it is removed; one changed by hand stays.
        if target.is_file() and not target.is_symlink() and digest(target.read_bytes()) in known.get(rel, set()):
            target.unlink()
            result.removed.append(rel)
            _prune_empty(target.parent, content)
    manifest = {"generator": "factsite", "files": {rel: digest(payload) for rel, payload in sorted(files.items())}}
    _write_if_changed(content / GITIGNORE, _gitignore(files))
    _write_if_changed(content / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    return result


def _write_if_changed(path: Path, text: str) -> None:
    """Rewrite a bookkeeping file only when its text changes, so an unchanged run keeps its timestamp."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text.encode("utf-8"))


def _gitignore(paths: Iterable[str]) -> str:
    return "# Written by the generator; every generated file is listed here.\n" + "".join(
        f"/{rel}\n" for rel in sorted({*paths, MANIFEST, GITIGNORE})
    )


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
