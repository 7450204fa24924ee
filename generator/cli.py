"""Command line: check, generate, build, serve, schema.

Every command turns data problems into a report and an exit status (1); any
other failure is reported as an internal error in a sentence (exit status 2),
with the traceback only under ``--debug``: an editor never sees a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .paths import Project, find_project
from .problems import DataError, Problems


def _report(problems: Problems, fmt: str) -> None:
    if fmt == "json":
        print(problems.to_json())
    elif len(problems):
        print(problems.to_text(), file=sys.stderr)


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    from .pipeline import check

    _, problems, _ = check(project)
    _report(problems, args.format)
    if problems:
        return 1
    if args.format == "text":
        print("The data is valid." + (f" ({len(problems.warnings)} warnings)" if problems.warnings else ""))
    return 0


@dataclass
class _Generated:
    """What a generate step has to say: its warnings (as text and JSON) and its one-line summary."""

    text: str
    json: str
    summary: str


def _generate_unless_fresh(project: Project) -> _Generated:
    """Generate, or skip it when nothing it reads has changed since its last clean run (repeating its warnings)."""
    from . import fresh

    digest = fresh.inputs_digest(project)
    recorded = fresh.up_to_date(project, digest)
    if recorded is not None:  # nothing changed: skip even importing the pipeline
        return _Generated(
            recorded["text"], recorded["json"], "Generated files are up to date: nothing changed since the last run."
        )
    fresh.forget(project)

    from .pipeline import generate

    report = generate(project)  # raises DataError on errors, so what follows has warnings at most
    done = _Generated(report.problems.to_text(), report.problems.to_json(), report.summary())
    fresh.record(project, digest, done.text, done.json)
    return done


def _say(done: _Generated, fmt: str, *lines: str) -> None:
    if fmt == "json":
        print(done.json)
        return
    if done.text:
        print(done.text, file=sys.stderr)
    for line in (done.summary, *lines):
        print(line)


def cmd_generate(project: Project, args: argparse.Namespace) -> int:
    _say(_generate_unless_fresh(project), args.format)
    return 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    """Generate (unless nothing changed), then build with the engine; site/ is replaced only on success."""
    from .engine import build_site

    done = _generate_unless_fresh(project)
    start = time.perf_counter()
    build_site(project, args.engine)
    seconds = time.perf_counter() - start
    _say(
        done,
        args.format,
        f"Built with {args.engine} {seconds:.2f}s.",
        f"Site built into {project.site} with {args.engine}.",
    )
    return 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(project, host=args.host, port=args.port)


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from .schema import write_schemas

    written = write_schemas(project.schemas)
    print(f"Wrote {len(written)} schema files to {project.schemas}.")
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=argparse.SUPPRESS, help="project folder (default: found from the current folder)"
    )
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of an internal error"
    )
    p = argparse.ArgumentParser(
        prog="factsite", description="Validate YAML facts and build the explainer site.", parents=[common]
    )
    sub = p.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", parents=[common], help="validate the data only")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=cmd_check)

    gen = sub.add_parser("generate", parents=[common], help="write the generated pages and charts into content/")
    gen.add_argument("--format", choices=("text", "json"), default="text")
    gen.set_defaults(func=cmd_generate)

    build = sub.add_parser("build", parents=[common], help="generate, then build the site into site/")
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    build.add_argument("--format", choices=("text", "json"), default="text")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser(
        "serve", parents=[common], help="preview locally, regenerating when data, templates or pages change"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    schema = sub.add_parser("schema", parents=[common], help="export the JSON Schema files for editors")
    schema.set_defaults(func=cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = getattr(args, "root", None)
    project = Project(root.resolve()) if root else find_project()
    try:
        return args.func(project, args)
    except DataError as exc:
        _report(exc.problems, getattr(args, "format", "text"))
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if getattr(args, "debug", False):
            raise
        print(internal_error(exc), file=sys.stderr)
        return 2


def internal_error(exc: Exception) -> str:
    """A failure that is not the data's fault, in one or two sentences instead of a traceback."""
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return (
            f"factsite: error: the file or folder{where} cannot be used: {exc.strerror or exc}. "
            "Check that it exists and that you may write to it, then run the command again."
        )
    detail = " ".join(str(exc).split())[:300] or "no details"
    return (
        f"factsite: internal error: {type(exc).__name__}: {detail}. "
        "This is a fault in the generator, not in your data; run the command again with --debug "
        "and send the output to the maintainers."
    )
