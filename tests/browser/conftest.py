"""Fixtures for the browser tests: the built site served on 127.0.0.1 and Debian's Chromium driven by Playwright.

Nothing here skips: when Chromium or Playwright is missing the tests fail and say what to install.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .site import ARTIFACTS, base_path, build_copy, serve

CHROMIUM = "/usr/bin/chromium"
# Flags for a headless Chromium on a machine with no network beyond loopback: no sandbox as root, and none of
# the background connections (updates, sync, field trials) a browser makes on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    """A fresh build of a copy of the project (never the working tree's site/)."""
    return build_copy(tmp_path_factory.mktemp("browser") / "proj")


@pytest.fixture(scope="session")
def base_url(built_site) -> Iterator[str]:
    with serve(built_site.site, base_path(built_site)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (package ``chromium``), never a browser downloaded by Playwright."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - an install problem, reported as a failure
        pytest.fail(f"playwright is not installed ({exc}): run make test, which installs the test extra")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ in the repository: screenshots and reports for a reviewer (git-ignored)."""
    shots = ARTIFACTS / "screenshots"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    return ARTIFACTS


@dataclass
class Visit:
    """A browser tab on the served site that records what went wrong while it was open."""

    page: object
    base_url: str
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def open(self, path: str = "") -> object:
        self.page.goto(self.base_url + path, wait_until="networkidle")
        return self.page

    def problems(self) -> list[str]:
        return (
            [f"request leaving 127.0.0.1: {u}" for u in self.outside]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"failed request: {r}" for r in self.failed]
        )


def open_visit(browser, base_url: str, **context_options) -> tuple[object, Visit]:
    """A new browser context whose every request off 127.0.0.1 is blocked and recorded."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    visit = Visit(page, base_url)

    def route(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            visit.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(f"{msg.text} ({msg.location})"))
    page.on("pageerror", lambda exc: visit.console_errors.append(str(exc)))
    # ERR_ABORTED is the browser cancelling its own request (the test navigated on while a lazy chart was still
    # loading); a missing file is a 4xx response below, a server that is down is another error.
    page.on(
        "requestfailed",
        lambda req: urlsplit(req.url).hostname == "127.0.0.1"
        and req.failure != "net::ERR_ABORTED"
        and visit.failed.append(f"{req.url}: {req.failure}"),
    )
    page.on("response", lambda resp: resp.status >= 400 and visit.failed.append(f"{resp.url}: HTTP {resp.status}"))
    return context, visit


@pytest.fixture
def visit(browser, base_url) -> Iterator[Visit]:
    """A desktop-sized tab in the light scheme; the test fails if anything it loaded left 127.0.0.1."""
    context, v = open_visit(browser, base_url, viewport=DESKTOP, color_scheme="light")
    yield v
    context.close()
    assert not v.outside, f"requests left 127.0.0.1: {v.outside}"
