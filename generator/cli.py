"""Command line: check, generate, build, serve, schema.

Every command turns data problems into a report and an exit status; a
traceback would be a bug in the generator, never the editor's fault.
"""

from __future__ import annotations

import argparse
import json
import sys
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


def cmd_generate(project: Project, args: argparse.Namespace) -> int:
    from . import fresh

    digest = fresh.inputs_digest(project)
    if fresh.up_to_date(project, digest):  # nothing changed: skip even importing the pipeline
        if args.format == "json":
            print(json.dumps({"errors": 0, "warnings": 0, "problems": []}, indent=2))
        else:
            print("Generated files are up to date: nothing changed since the last run.")
        return 0
    fresh.forget(project)

    from .pipeline import generate

    report = generate(project)
    if not len(report.problems):
        fresh.record(project, digest)
    if args.format == "json":
        print(report.problems.to_json())
    else:
        if len(report.problems):
            print(report.problems.to_text(), file=sys.stderr)
        print(report.summary())
    return 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .pipeline import build

    report = build(project, engine=args.engine)
    if len(report.problems):
        print(report.problems.to_text(), file=sys.stderr)
    print(report.summary())
    print(f"Site built into {project.site} with {args.engine}.")
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
