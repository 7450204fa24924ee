"""Export the model as JSON Schema files, one per kind, for editors' YAML tooling."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import model
from .model import KINDS, record_schema


def schema_texts(cache_root: Path | None = None) -> dict[str, str]:
    """The JSON Schema of each kind's file, as the text written to schemas/.

    With a project root, the texts are kept in its cache until the model changes: pydantic takes
    longer to make them than the rest of the downloads together.
    """
    if cache_root is None:
        return _make_schema_texts()
    from .cache import made_from_code

    return made_from_code(cache_root, "schemas", (model, sys.modules[__name__]), ("pydantic",), _make_schema_texts)


def _make_schema_texts() -> dict[str, str]:
    return {
        f"{kind}.schema.json": json.dumps(record_schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for kind in KINDS
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
