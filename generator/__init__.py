"""factsite: a static knowledge site generator for sourced, checkable facts.

Pipeline: load (YAML) -> validate (model + cross-checks) -> render (Jinja2
Markdown) and chart (matplotlib SVG) -> write (manifest-tracked files in
content/) -> build (MkDocs, or Zensical) into site/.
"""

__version__ = "0.1.0"
