"""Lighthouse (``@lhci/cli`` from npm, Debian's Chromium, phone settings) on the home, timeline and fact-check pages.

Accessibility, best practices and SEO must score 100; all four scores are written to
test-artifacts/lighthouse/scores.md (and recorded in bench/LIGHTHOUSE.md). Reports stay on this machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import CHROMIUM
from .site import ARTIFACTS, REPO

LHCI = REPO / "node_modules" / ".bin" / "lhci"
CONFIG = REPO / "lighthouserc.json"
PAGES = {"home": "", "timeline": "timeline/", "fact-check": "fact-check/"}
MUST_BE_100 = ("accessibility", "best-practices", "seo")


def run(args: list[str], cwd) -> str:
    result = subprocess.run([str(LHCI), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"lhci {args[0]} failed (exit {result.returncode}):\n{output[-3000:]}"
    return output


@pytest.fixture(scope="module")
def lighthouse(base_url, built_site, tmp_path_factory) -> dict[str, dict]:
    """One Lighthouse run of each page: its manifest entry (``summary`` scores 0..1, ``jsonPath``) by page name."""
    if not LHCI.is_file():
        pytest.fail(f"{LHCI} is missing: run `npm ci` at the repository root (make test does)")
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    work = tmp_path_factory.mktemp("lhci")
    out = ARTIFACTS / "lighthouse"
    shutil.rmtree(out, ignore_errors=True)
    urls = [f"--url={base_url}{path}" for path in PAGES.values()]
    run(["collect", f"--config={CONFIG}", *urls], cwd=work)
    run(["upload", f"--config={CONFIG}", f"--outputDir={out}"], cwd=work)
    by_url = {entry["url"]: entry for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))}
    runs = {name: by_url[base_url + path] for name, path in PAGES.items()}
    rows = "".join(
        f"| {name} | " + " | ".join(f"{round(r['summary'][c] * 100)}" for c in ("performance", *MUST_BE_100)) + " |\n"
        for name, r in runs.items()
    )
    (out / "scores.md").write_text(
        "| Page | Performance | Accessibility | Best practices | SEO |\n|---|---|---|---|---|\n" + rows,
        encoding="utf-8",
    )
    return runs


def failing_audits(entry: dict, category: str) -> list[str]:
    """The audits that cost points in a category, read from the saved report, for the failure message."""
    report = json.loads(Path(entry["jsonPath"]).read_text(encoding="utf-8"))
    return [
        f"{ref['id']}: {report['audits'][ref['id']]['title']}"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
    ]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("category", MUST_BE_100)
def test_lighthouse_scores_100(lighthouse, page, category):
    score = lighthouse[page]["summary"][category]
    failing = failing_audits(lighthouse[page], category)
    assert score == 1, f"{category} on {page}: {round(score * 100)}; failing audits: {failing}"


def test_lighthouse_measured_performance(lighthouse):
    """Performance is recorded, not gated (it depends on the machine), but it must have been measured."""
    for page, entry in lighthouse.items():
        assert 0 < entry["summary"]["performance"] <= 1, page
