"""Problems found in the data: collected, never raised, so a run reports them all."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix, located as precisely as the input allows."""

    file: str
    line: int = 0
    column: int = 0
    message: str = ""
    field: str = dataclasses.field(default="", compare=False)
    severity: str = dataclasses.field(default="error", compare=False)

    def where(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        return self.file

    def format(self) -> str:
        """``file:line:column: error: message`` on one line, so editors and tools can jump to it."""
        label = "warning" if self.severity == "warning" else "error"
        return f"{self.where()}: {label}: {_visible(self.message)}"


def _visible(text: str) -> str:
    """Control characters from the data (a terminal escape, say) shown as codes, never sent to the terminal."""
    lines = text.split("\n")
    return "\n".join("".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in line) for line in lines)


class Problems:
    """An ordered collection of problems from one run."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self._items.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self._items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        unique = dict.fromkeys(self._items)
        return sorted(unique, key=lambda p: (p.file, p.line, p.column, p.message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self._items)

    def to_text(self) -> str:
        lines = [p.format() for p in self.sorted()]
        n_err, n_warn = len(self.errors), len(self.warnings)
        if n_err or n_warn:
            lines.append(f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}.")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [asdict(p) for p in self.sorted()],
            },
            indent=2,
            ensure_ascii=False,
        )


class DataError(Exception):
    """Raised to stop a build when the data has errors; carries every problem found."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.to_text())
        self.problems = problems


def relative(path: Path, root: Path) -> str:
    """A path as editors see it: relative to the project when possible."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
