"""Run the site engine (MkDocs, or Zensical) on content/ and swap the result into site/.

The engine builds into a temporary folder beside site/; only when it exits
cleanly is the old site replaced, by renames, so a failed build leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .paths import Project
from .problems import DataError, Problem, Problems


def engine_command(engine: str, project: Project, out: Path) -> list[str]:
    """The command line that builds the site into ``out``."""
    if engine == "mkdocs":
        return [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(project.config),
            "--site-dir",
            str(out),
        ]
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(zensical_config(out))]
    raise ValueError(f"unknown engine {engine!r}")


def zensical_config(out: Path) -> Path:
    """Zensical has no --site-dir: a config beside ``out`` inherits mkdocs.yml and points site_dir at ``out``."""
    return out.with_name(f"{out.name}.yml")


def write_zensical_config(project: Project, out: Path) -> Path:
    """Write the one-off config that builds into ``out`` (it must sit in the project root for relative paths)."""
    path = zensical_config(out)
    inherit = os.path.relpath(project.config, path.parent)
    path.write_text(f"INHERIT: {json.dumps(inherit)}\nsite_dir: {json.dumps(out.name)}\n", encoding="utf-8")
    return path


def engine_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    return env


def build_site(project: Project, engine: str = "mkdocs") -> Path:
    """Build into a temporary tree, then replace site/ with it; raise DataError if the engine fails."""
    project.site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=project.root))
    try:
        if engine == "zensical":
            write_zensical_config(project, tmp)
        result = subprocess.run(
            engine_command(engine, project, tmp),
            cwd=project.root,
            env=engine_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            problems = Problems()
            problems.add(
                Problem(project.config.name, 0, 0, f"the {engine} build failed, so site/ was left as it was:\n{output}")
            )
            raise DataError(problems)
        tmp.chmod(0o755)
        swap_in(tmp, project.site)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        zensical_config(tmp).unlink(missing_ok=True)
    return project.site


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` by renames, removing the old tree last."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
