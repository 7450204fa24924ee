"""Where a project's parts live; one object passed through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of a site project, from the design card."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "site_data"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def manifest(self) -> Path:
        return self.content / ".generated-manifest.json"


def find_project(start: Path | None = None) -> Project:
    """The nearest folder, from start upwards, that holds a mkdocs.yml and site_data/."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "mkdocs.yml").exists() and (candidate / "site_data").is_dir():
            return Project(candidate)
    return Project(here)
