"""Shared fixtures: a throwaway copy of the real project to break and rebuild."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from generator.paths import Project
from generator.write import read_manifest

REPO = Path(__file__).resolve().parent.parent


def copy_project(dest: Path) -> Project:
    """Copy the inputs of the real site (never its generated files) into dest."""
    for name in ("site_data", "templates", "schemas"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    generated = set(read_manifest(REPO / "content")) | {".generated-manifest.json", ".gitignore"}
    for path in (REPO / "content").rglob("*"):
        rel = path.relative_to(REPO / "content").as_posix()
        if path.is_file() and rel not in generated:
            target = dest / "content" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    (dest / "content").mkdir(exist_ok=True)
    return Project(dest)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "proj")


def write(path: Path, text: str) -> Path:
    """Write dedented YAML or Markdown, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def enriched_site(tmp_path_factory):
    """The real project plus reuse_data's records (former ids, corrections, hostile text), built once with
    MkDocs for the reuse and JSON-LD tests, which only read it: (project, its loaded data)."""
    from reuse_data import enrich

    from generator.pipeline import build
    from generator.validate import load_site_data

    project = enrich(copy_project(tmp_path_factory.mktemp("enriched") / "proj"))
    build(project)
    data, _ = load_site_data(project.data, project.root)
    return project, data
