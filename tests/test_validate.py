"""Validation names file, line and field for every problem and reports them all together."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import write

from generator.validate import load_site_data


def problems_of(project):
    _, problems = load_site_data(project.data, project.root)
    return [p.format() for p in problems.sorted()]


def append(path: Path, text: str) -> int:
    """Append records to a fact file; return the line where they start."""
    before = path.read_text(encoding="utf-8")
    start = before.count("\n") + 1
    path.write_text(before.rstrip("\n") + "\n" + text.strip("\n") + "\n", encoding="utf-8")
    return start


EVENT = """
- id: {id}
  title: Planted event
  summary: A record added by the test.
  utc: 2024-06-02
  precision: day
  sources:
    - source: {source}
"""


def test_the_real_data_is_valid():
    from conftest import REPO

    _, problems = load_site_data(REPO / "site_data", REPO)
    assert not problems, problems.to_text()


def test_duplicate_id_names_both_places(project):
    line = append(project.data / "events.yaml", EVENT.format(id="ce6-launch", source="cnsa-handover-2024"))
    found = problems_of(project)
    assert any(
        p.startswith(f"site_data/events.yaml:{line}:")
        and "the id 'ce6-launch' is already used by an event" in p
        and "site_data/events.yaml:" in p.split("used by")[1]
        for p in found
    ), found


def test_missing_reference_names_file_line_and_suggests(project):
    line = append(project.data / "events.yaml", EVENT.format(id="planted", source="cnsa-handover-2042"))
    found = problems_of(project)
    expected = (
        f"site_data/events.yaml:{line + 6}:7: error: event 'planted': 'cnsa-handover-2042' is not the id "
        "of any source. Did you mean 'cnsa-handover-2024'?"
    )
    assert expected in found, found


def test_unknown_field_gets_did_you_mean(project):
    line = append(
        project.data / "events.yaml", EVENT.format(id="planted", source="cnsa-handover-2024") + "  sumary: typo\n"
    )
    found = problems_of(project)
    assert any(
        f"events.yaml:{line + 7}:3:" in p and "the field 'sumary' is not known. Did you mean 'summary'?" in p
        for p in found
    ), found


def test_wrong_type_and_impossible_date(project):
    append(
        project.data / "findings.yaml",
        """
- id: planted-finding
  title: Planted
  quantity: q
  subject: s
  group: g
  value: heavy
  unit: g
  method: m
  sources:
    - source: cnsa-handover-2024
""",
    )
    path = project.data / "sources.yaml"
    text = path.read_text(encoding="utf-8").replace("published: 2024-06-28", "published: 2024-06-31", 1)
    path.write_text(text, encoding="utf-8")
    found = problems_of(project)
    assert any("finding 'planted-finding': the field 'value' should be a number, not 'heavy'." in p for p in found)
    assert any(
        "source 'cnsa-handover-2024': the field 'published' ('2024-06-31') is not valid: "
        "day 31 does not exist in June 2024." in p
        for p in found
    ), found


def test_yaml_syntax_and_duplicate_keys_are_located(project):
    write(
        project.data / "glossary.yaml",
        """
        - id: kreep
          term: KREEP
          term: KREEP again
          short: x
        """,
    )
    found = problems_of(project)
    assert (
        "site_data/glossary.yaml:3:3: error: the field 'term' appears twice in this record "
        "(first on line 2); keep only one." in found
    )


def test_cli_check_reports_every_problem_and_exits_1_without_traceback(project):
    line1 = append(project.data / "events.yaml", EVENT.format(id="ce6-launch", source="cnsa-handover-2024"))
    line2 = append(project.data / "events.yaml", EVENT.format(id="other", source="nowhere"))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(project.root)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert (
        f"site_data/events.yaml:{line1}:3: error: event 'ce6-launch': the id 'ce6-launch' is already used"
        in result.stderr
    )
    assert (
        f"site_data/events.yaml:{line2 + 6}:7: error: event 'other': 'nowhere' is not the id of any source."
        in result.stderr
    )
    assert "2 errors, 0 warnings." in result.stderr


def test_cli_check_json_format(project):
    import json

    append(project.data / "events.yaml", EVENT.format(id="other", source="nowhere"))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--format", "json", "--root", str(project.root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    assert report["problems"][0]["file"] == "site_data/events.yaml"
    assert report["problems"][0]["field"] == "sources.0.source"
