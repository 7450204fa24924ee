"""Synthetic fact sets for the benchmark: the real site's inputs plus N made-up facts, valid by the schema.

The real records stay (templates and hand-written pages name some of them by
id); synthetic ones are appended to each YAML file. Proportions follow a
mission site: a quarter events, a third findings, the rest quotes and claims,
with one source per five facts and one person per ten quotes. Everything is
written into a copy of the project, never into the real ``site_data/``.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

#: Share of each kind among the synthetic facts.
PROPORTIONS = {"events": 0.25, "findings": 0.35, "quotes": 0.15, "claims": 0.25}
WORDS = (  # noqa: SIM905 - easier to read as a sentence
    "lunar far side basalt regolith sample mantle crust impact basin crater volcanic age lander orbiter relay "
    "ascent docking return capsule drill scoop isotope magnetic water titanium aluminium glass breccia plagioclase "
    "olivine pyroxene ilmenite dating team analysis mission probe signal record evidence model surface interior"
).split()
GROUPS = [f"synthetic-topic-{i}" for i in range(12)]


def copy_inputs(repo: Path, dest: Path) -> Path:
    """Copy the real project's inputs (data, templates, schemas, config, hand-written pages) into dest."""
    import json

    for name in ("site_data", "templates", "schemas"):
        shutil.copytree(repo / name, dest / name)
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    try:
        manifest = json.loads((repo / "content/.generated-manifest.json").read_text(encoding="utf-8"))
        generated = set(manifest.get("files", {}))
    except (OSError, ValueError):
        generated = set()
    generated |= {".generated-manifest.json", ".gitignore"}
    for path in (repo / "content").rglob("*"):
        rel = path.relative_to(repo / "content").as_posix()
        if path.is_file() and rel not in generated:
            target = dest / "content" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    (dest / "content").mkdir(exist_ok=True)
    return dest


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def records(n_facts: int, seed: int = 7) -> dict[str, list[dict]]:
    """The synthetic records for a set of n_facts facts, by kind."""
    rng = random.Random(seed)
    counts = {kind: int(n_facts * share) for kind, share in PROPORTIONS.items()}
    counts["findings"] += n_facts - sum(counts.values())
    n_sources = max(1, n_facts // 5)
    n_people = max(1, counts["quotes"] // 10)
    sources = [
        {
            "id": f"syn-source-{i}",
            "kind": "paper" if i % 2 else "news",
            "title": _sentence(rng, 8),
            "publisher": f"Synthetic Publisher {i % 40}",
            "published": f"{2020 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "accessed": "2026-11-01",
            **({"doi": f"10.5555/syn.{i}"} if i % 2 else {"url": f"https://example.org/news/{i}"}),
        }
        for i in range(n_sources)
    ]
    people = [
        {"id": f"syn-person-{i}", "name": f"Researcher {i}", "affiliation": f"Institute {i % 17}"}
        for i in range(n_people)
    ]

    def cite() -> list[dict]:
        return [{"source": f"syn-source-{rng.randrange(n_sources)}", "locator": f"p. {rng.randrange(1, 30)}"}]

    events = []
    for i in range(counts["events"]):
        day = 1 + i % 28
        events.append(
            {
                "id": f"syn-event-{i}",
                "title": _sentence(rng, 4).rstrip("."),
                "summary": _sentence(rng, 18),
                "utc": f"{2020 + (i // 336) % 7}-{1 + (i // 28) % 12:02d}-{day:02d}T{i % 24:02d}:{i % 60:02d}Z",
                "precision": "minute",
                "sources": cite(),
            }
        )
    findings = []
    for i in range(counts["findings"]):
        value = round(rng.uniform(1, 5000), 1)
        findings.append(
            {
                "id": f"syn-finding-{i}",
                "title": _sentence(rng, 5).rstrip("."),
                "quantity": _sentence(rng, 6).rstrip("."),
                "subject": f"Synthetic sample {i % 50}",
                "group": GROUPS[i % len(GROUPS)],
                "value": value,
                "uncertainty": round(value * 0.01, 1),
                "unit": rng.choice(["g", "Ma", "ppm", "km", "%"]),
                "method": _sentence(rng, 3).rstrip("."),
                "summary": _sentence(rng, 16),
                "sources": cite(),
            }
        )
    quotes = []
    for i in range(counts["quotes"]):
        found = i % 3 != 0
        quote = {
            "id": f"syn-quote-{i}",
            "speaker": f"syn-person-{i % n_people}",
            "text": _sentence(rng, 20),
            "status": "verified" if found else "not-found",
            "context": _sentence(rng, 10),
            "sources": cite(),
        }
        if found:
            quote["first_published"] = f"syn-source-{rng.randrange(n_sources)}"
        quotes.append(quote)
    claims = [
        {
            "id": f"syn-claim-{i}",
            "text": _sentence(rng, 16),
            "appeared_in": f"syn-source-{rng.randrange(n_sources)}",
            "verdict": rng.choice(["accurate", "mostly-accurate", "misleading", "inaccurate", "outdated"]),
            "settled_by": [f"syn-finding-{rng.randrange(max(1, counts['findings']))}"],
            "explanation": _sentence(rng, 22),
            "sources": cite(),
        }
        for i in range(counts["claims"])
    ]
    return {
        "sources": sources,
        "people": people,
        "events": events,
        "findings": findings,
        "quotes": quotes,
        "claims": claims,
    }


def append_records(data_dir: Path, extra: dict[str, list[dict]]) -> None:
    """Add the records to the YAML files in data_dir, keeping the real ones."""
    for kind, items in extra.items():
        if not items:
            continue
        path = data_dir / f"{kind}.yaml"
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        block = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=1000)
        existing = yaml.safe_load(original) if original.strip() else None
        if existing:
            text = original.rstrip("\n") + "\n" + block
        else:
            header = "".join(line + "\n" for line in original.splitlines() if line.startswith("#"))
            text = header + block
        path.write_text(text, encoding="utf-8")


def make_project(repo: Path, dest: Path, n_facts: int) -> Path:
    """A copy of the project at dest with n_facts synthetic facts added."""
    copy_inputs(repo, dest)
    append_records(dest / "site_data", records(n_facts))
    return dest


def change_one_fact(root: Path, fact_id: str = "syn-finding-1") -> None:
    """Edit one synthetic finding's value in place (the benchmark's 'one fact changed' step)."""
    path = root / "site_data" / "findings.yaml"
    text = path.read_text(encoding="utf-8")
    marker = f"- id: {fact_id}\n"
    start = text.index(marker)
    value_at = text.index("  value: ", start)
    end = text.index("\n", value_at)
    old = float(text[value_at + len("  value: ") : end])
    path.write_text(text[:value_at] + f"  value: {old + 1}" + text[end:], encoding="utf-8")
