"""Records that exercise the reuse tools (former ids, corrections, as-of dates, hostile text), added to a
throwaway copy of the project, whatever the real data holds."""

from __future__ import annotations

from typing import Any

import yaml

from generator.paths import Project

HOSTILE = "</script><script>alert(1)</script> `{{ 7*7 }}` ```"


def _append(project: Project, kind: str, records: list[dict[str, Any]]) -> None:
    # Append as text: loading and dumping the whole file would turn its timestamps into datetimes.
    path = project.data / f"{kind}.yaml"
    existing = path.read_text(encoding="utf-8").rstrip("\n")
    if existing.endswith("[]"):
        existing = existing[:-2].rstrip("\n")
    added = yaml.safe_dump(records, allow_unicode=True, sort_keys=False)
    path.write_text(f"{existing}\n{added}", encoding="utf-8")


def enrich(project: Project) -> Project:
    """Add a source, a person, an event, a finding, a quote and a claim with every reuse feature."""
    _append(
        project,
        "sources",
        [
            {
                "id": "reuse-test-source",
                "kind": "news",
                "title": "A test article",
                "publisher": "Test Times",
                "authors": ["Ann Author"],
                "published": "2024-06-02",
                "accessed": "2025-01-05",
                "url": "https://example.com/article",
            }
        ],
    )
    _append(project, "people", [{"id": "reuse-test-person", "name": "Pat Speaker", "affiliation": "Test Lab"}])
    _append(
        project,
        "events",
        [
            {
                "id": "reuse-test-event",
                "former_ids": ["reuse-old-event", "reuse-older-event"],
                "title": "Test landing",
                "summary": "A test event.",
                "utc": "2024-06-01T22:23Z",
                "precision": "minute",
                "place": "Apollo basin",
                "checked": "2025-01-05",
                "as_of": "2020-01-01",
                "sources": [{"source": "reuse-test-source"}],
            }
        ],
    )
    _append(
        project,
        "findings",
        [
            {
                "id": "reuse-test-finding",
                "former_ids": ["reuse-old-finding"],
                "title": "Test mass",
                "quantity": "Mass",
                "subject": "Test sample",
                "group": "reuse-test",
                "value": 12.5,
                "uncertainty": 0.5,
                "unit": "g",
                "method": "=SUM(A1:A2) weighing",
                "checked": "2025-03-01",
                "sources": [{"source": "reuse-test-source", "locator": "p. 2"}],
                "corrections": [
                    {"date": "2025-01-10", "old": "11 g", "new": "12 g", "reason": "Typo in the first version."},
                    {"date": "2025-03-01", "old": "12 g", "new": "12.5 ± 0.5 g", "reason": "The paper's value."},
                ],
            }
        ],
    )
    _append(
        project,
        "quotes",
        [
            {
                "id": "reuse-test-quote",
                "speaker": "reuse-test-person",
                "text": "We found something.",
                "status": "verified",
                "first_published": "reuse-test-source",
                "published": "2024-06-02",
                "sources": [{"source": "reuse-test-source"}],
            }
        ],
    )
    _append(
        project,
        "claims",
        [
            {
                "id": "reuse-test-claim",
                "label": "T1",
                "text": HOSTILE,
                "appeared_in": "reuse-test-source",
                "verdict": "misleading",
                "settled_by": ["reuse-test-finding"],
                "explanation": "The mass was 12.5 g.",
                "checked": "2025-03-02",
                "sources": [{"source": "reuse-test-source"}],
            },
            {
                "id": "reuse-test-claim-unverified",
                "text": "Nobody knows.",
                "appeared_in": "reuse-test-source",
                "verdict": "unverified",
                "settled_by": ["reuse-test-event"],
                "explanation": "No source settles it.",
                "sources": [{"source": "reuse-test-source"}],
            },
        ],
    )
    return project
