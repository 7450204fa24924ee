"""Load YAML fact files strictly, keeping the line and column of every value.

PyYAML is used only to compose a node tree (with libyaml's C parser when it is
present); turning nodes into Python values is done here, so that duplicate
keys, unsafe tags and alias bombs are refused with their position, and so that
dates stay text for the model to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is several times faster on large fact sets
    from yaml import CSafeLoader as _BaseLoader

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    LIBYAML = False

#: The plain safe loader (libyaml's where present), for YAML read without positions, such as front matter.
SAFE_LOADER = _BaseLoader

#: Largest fact file accepted. Far above any real one; stops accidental or hostile huge inputs.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Most nodes a document may expand to, counting alias re-use (a "billion laughs" guard).
MAX_NODES = 200_000
#: Deepest nesting accepted; real records are three or four levels deep.
MAX_DEPTH = 40

Path_ = tuple[Any, ...]

SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose implicit resolvers leave dates and times as strings."""


#: Implicit types the loader does not produce: dates stay text for the model, and a bare '=' is just text.
_NOT_IMPLICIT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}

_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IMPLICIT]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_SCALARS = yaml.constructor.SafeConstructor


@dataclass
class Document:
    """One loaded file: its value and where each part of it stood."""

    path: Path
    label: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column of a value; the nearest enclosing one when it is absent."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


class _TooBig(Exception):
    pass


class _Refused(Exception):
    """A structure that cannot be turned into values at all (too deep, or containing itself)."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


class _Builder:
    """Turns a composed node tree into plain Python values, recording positions."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []
        self.constructor = _SCALARS()
        self.open: set[int] = set()  # ids of the collections being built, to catch an alias to an ancestor

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.label, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        if len(path) > MAX_DEPTH:
            raise _Refused(
                node, f"the data is nested more than {MAX_DEPTH} levels deep; records are flat lists of fields."
            )
        if id(node) in self.open:
            raise _Refused(node, "an alias here refers to the record that contains it; write the value out instead.")
        if isinstance(node, yaml.CollectionNode):
            self.open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self.open.discard(id(node))
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in SAFE_TAGS:
            self.problem(node, _tag_message(node.tag))
            return None
        return self.constructor.construct_object(node, deep=True)

    def _collection(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in SAFE_TAGS:
            self.problem(node, _tag_message(node.tag))
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, "merge keys ('<<') are not allowed; write each field out.")
                    continue
                key = self.build(key_node, (*path, "\0key"))
                if not isinstance(key, str):
                    shown = "an empty key" if key is None else f"the key {key!r}"
                    self.problem(key_node, f"{shown} is not a field name; field names are words, like 'title'.")
                    continue
                if key in result:
                    first = self.doc.positions.get((*path, key), (0, 0))[0]
                    self.problem(
                        key_node,
                        f"the field '{key}' appears twice in this record (first on line {first}); keep only one.",
                    )
                    continue
                mark = key_node.start_mark
                self.doc.positions[(*path, key)] = (mark.line + 1, mark.column + 1)
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]


def _tag_message(tag: str) -> str:
    shown = tag.removeprefix("tag:yaml.org,2002:")
    return (
        f"the YAML tag '!!{shown}' is not allowed; fact files use only plain text, numbers, true/false, "
        "lists and fields, so remove the tag."
        if tag.startswith("tag:yaml.org,2002:")
        else f"the YAML tag {tag!r} is not allowed; fact files use only plain text, numbers, true/false, "
        "lists and fields, so remove the tag."
    )


#: What the YAML parser says, and what an editor should do about it.
_SYNTAX_HINTS = {
    "found another document": "the file holds more than one YAML document (a second '---'); keep one list of records",
    "mapping values are not allowed": (
        "a colon is in an unexpected place; put text that contains ': ' in quotes, and check the indentation"
    ),
    "could not find expected ':'": "a line is missing the ':' after its field name, or is indented wrongly",
    "found undefined alias": "an alias (*name) refers to an anchor (&name) that does not exist; write the value out",
    "did not find expected ',' or": "a list in [brackets] or {braces} is not closed, or its items lack commas",
    "found unexpected end of stream": "a quote or bracket is opened but never closed",
    "found character '\\t' that cannot start any token": "a tab is used where YAML needs spaces",
}


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    for key, hint in _SYNTAX_HINTS.items():
        if key in problem:
            return f"the YAML cannot be read: {hint}."
    said = ", ".join(p for p in (exc.context, problem) if p) or "it is not valid YAML"
    return f"the YAML cannot be read ({said}); check the indentation and quotes on this line."


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_yaml(path: Path, label: str) -> tuple[Document, list[Problem]]:
    """Read one YAML file; return the document and the problems met on the way."""
    doc = Document(path=path, label=label)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return doc, [Problem(label, 0, 0, f"the file cannot be read: {exc.strerror}.")]
    if size > MAX_FILE_BYTES:
        return doc, [
            Problem(
                label,
                1,
                1,
                f"the file is {size:,} bytes; fact files may be at most {MAX_FILE_BYTES:,} bytes, "
                "so remove what does not belong in it.",
            )
        ]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Problem(label, 0, 0, f"the file cannot be read: {exc.strerror or exc}.")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return doc, [
            Problem(label, line, column, "the file is not valid UTF-8 text; save it as UTF-8 and check this character.")
        ]
    for number, line_text in enumerate(text.splitlines(), start=1):
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        if "\t" in indent:
            return doc, [
                Problem(label, number, indent.index("\t") + 1, "a tab is used for indentation; YAML needs spaces.")
            ]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return doc, [Problem(label, line, column, _syntax_message(exc))]
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        return doc, [
            Problem(
                label,
                line,
                column,
                f"the file contains an invisible control character (U+{exc.character:04X}); delete it and retype "
                "the text around it.",
            )
        ]
    except yaml.YAMLError as exc:
        return doc, [Problem(label, 0, 0, f"the YAML cannot be read: {exc}.")]
    except RecursionError:
        return doc, [Problem(label, 1, 1, f"the data is nested more than {MAX_DEPTH} levels deep; records are flat.")]
    if node is None:
        doc.data = []
        return doc, []
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except _Refused as exc:
        mark = exc.node.start_mark
        return doc, [Problem(label, mark.line + 1, mark.column + 1, exc.message)]
    except _TooBig:
        return doc, [
            Problem(
                label,
                1,
                1,
                f"the file expands to more than {MAX_NODES:,} values (too many aliases?); write records out plainly.",
            )
        ]
    return doc, builder.problems
