"""The preview server regenerates when a fact file changes, and keeps serving when the data is bad."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project

from generator.serve import base_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    """Poll the page until it contains text; bounded, so a broken server fails the test instead of hanging."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


def test_serve_regenerates_after_a_yaml_edit(tmp_path):
    project = copy_project(tmp_path / "proj")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(project.root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}{base_path(project)}timeline/"
    try:
        assert wait_for(url, "Launch from Wenchang"), "the preview never served the timeline"
        events = project.data / "events.yaml"
        original = events.read_text(encoding="utf-8")
        events.write_text(
            original.replace("title: Launch from Wenchang", "title: Liftoff edited in preview", 1), encoding="utf-8"
        )
        assert wait_for(url, "Liftoff edited in preview"), "the edit never reached the served page"

        # Bad data: the preview reports it and keeps the last good page.
        events.write_text(original.replace("precision: minute", "precision: minutes", 1), encoding="utf-8")
        time.sleep(2)
        assert "Liftoff edited in preview" in fetch(url)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Traceback" not in output
    assert "the field 'precision' cannot be 'minutes'" in output
    assert "Not regenerated: fix the problems above" in output
