"""Nothing is lost: a failed build keeps site/ byte for byte, and no file the generator did not write is touched."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import write

from generator import engine
from generator import write as writer
from generator.cli import main
from generator.pipeline import build, generate
from generator.problems import DataError
from generator.write import MANIFEST, read_manifest


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def old_site(project):
    """A project whose site/ holds a previous build (stand-in files, so no real engine run is needed)."""
    write(project.site / "index.html", "<p>the previous site</p>\n")
    (project.site / "assets").mkdir()
    (project.site / "assets/logo.bin").write_bytes(bytes(range(256)))
    return project


def fake_engine(monkeypatch, script: str) -> None:
    """Replace the site engine by a small Python script that receives the output folder as argv[1]."""
    monkeypatch.setattr(engine, "engine_command", lambda name, project, out: [sys.executable, "-c", script, str(out)])


def assert_no_leftovers(project) -> None:
    assert not list(project.root.glob(".site-build-*")), "the temporary build folder must be removed"
    assert not list(project.root.glob(".site-old-*")), "the previous site must not be left renamed"


def test_data_error_leaves_the_previous_site_byte_for_byte(old_site):
    before = snapshot(old_site.site)
    path = old_site.data / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- id: Broken\n", encoding="utf-8")
    with pytest.raises(DataError):
        build(old_site)
    assert snapshot(old_site.site) == before
    assert_no_leftovers(old_site)


def test_engine_failing_halfway_leaves_the_previous_site_byte_for_byte(old_site, monkeypatch):
    before = snapshot(old_site.site)
    fake_engine(
        monkeypatch,
        "import pathlib, sys; out = pathlib.Path(sys.argv[1]); (out / 'index.html').write_text('half');"
        "print('Aborted with 1 warning in strict mode!'); sys.exit(1)",
    )
    with pytest.raises(DataError, match="the mkdocs build failed, so site/ was left as it was"):
        build(old_site)
    assert snapshot(old_site.site) == before
    assert_no_leftovers(old_site)


def test_engine_crashing_leaves_the_previous_site_byte_for_byte(old_site, monkeypatch):
    before = snapshot(old_site.site)

    def crash(*args, **kwargs):
        raise MemoryError("simulated crash of the engine")

    monkeypatch.setattr(engine.subprocess, "run", crash)
    with pytest.raises(MemoryError):
        build(old_site)
    assert snapshot(old_site.site) == before
    assert_no_leftovers(old_site)


def test_a_failed_swap_puts_the_previous_site_back(old_site, monkeypatch):
    before = snapshot(old_site.site)
    fake_engine(monkeypatch, "import pathlib, sys; (pathlib.Path(sys.argv[1]) / 'index.html').write_text('new')")
    real_rename = Path.rename

    def rename(self, target):
        if self.name.startswith(".site-build-"):
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="No space left"):
        build(old_site)
    assert snapshot(old_site.site) == before
    assert_no_leftovers(old_site)


def test_a_successful_build_replaces_the_whole_site(old_site, monkeypatch):
    fake_engine(monkeypatch, "import pathlib, sys; (pathlib.Path(sys.argv[1]) / 'index.html').write_text('new')")
    build(old_site)
    assert snapshot(old_site.site) == {"index.html": b"new"}
    assert_no_leftovers(old_site)


def test_cli_reports_a_failed_build_without_traceback_and_keeps_the_site(old_site, monkeypatch, capsys):
    before = snapshot(old_site.site)
    fake_engine(monkeypatch, "import sys; print('ERROR - Config value nav: missing.md not found'); sys.exit(1)")
    status = main(["build", "--root", str(old_site.root)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    assert "mkdocs.yml: error: the mkdocs build failed, so site/ was left as it was:" in err
    assert "missing.md not found" in err
    assert snapshot(old_site.site) == before


# -- content/: the generator touches only what it wrote ---------------------------------------------


HANDWRITTEN = {
    "explainers/mission.md.j2": None,  # the real hand-written page, kept as it is
    "assets/site.css": None,
    "notes.md": b"# My notes\n",
    "charts/my-drawing.svg": b"<svg/>",
}


@pytest.fixture
def authored(project):
    """A project with some hand-written files in content/, and their bytes."""
    for rel, payload in HANDWRITTEN.items():
        if payload is not None:
            (project.content / rel).parent.mkdir(parents=True, exist_ok=True)
            (project.content / rel).write_bytes(payload)
    return project, {rel: (project.content / rel).read_bytes() for rel in HANDWRITTEN}


def assert_untouched(project, originals: dict[str, bytes]) -> None:
    for rel, payload in originals.items():
        assert (project.content / rel).read_bytes() == payload, rel


@pytest.mark.parametrize("rel", ["timeline.md", "charts/timeline.svg", "_includes/abbreviations.md", ".gitignore"])
def test_a_handwritten_file_at_a_generated_path_stops_the_run(project, rel):
    write(project.content / rel, "mine\n")
    with pytest.raises(DataError) as caught:
        generate(project)
    assert f"content/{rel}: error: this file was not written by the generator" in caught.value.problems.to_text()
    assert (project.content / rel).read_text() == "mine\n"
    assert not (project.content / MANIFEST).exists(), "nothing may be written"


def test_a_generated_file_changed_by_hand_is_neither_overwritten_nor_deleted(authored):
    project, originals = authored
    generate(project)
    edited = project.content / "timeline.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy careful addition.\n", encoding="utf-8")
    text = edited.read_bytes()
    with pytest.raises(DataError) as caught:
        generate(project)
    assert (
        "content/timeline.md: error: this generated file was changed by hand since the generator wrote it; "
        "move the change into the data or the page template, then delete this file (nothing was written)."
    ) in caught.value.problems.to_text()
    assert edited.read_bytes() == text
    assert_untouched(project, originals)


def test_a_stale_generated_file_changed_by_hand_is_kept(authored):
    project, originals = authored
    generate(project)
    page = project.content / "explainers/mission.md"
    page.write_text("# Edited by hand after generation\n", encoding="utf-8")
    (project.content / "explainers/mission.md.j2").unlink()
    report = generate(project)
    assert "explainers/mission.md" not in report.written.removed
    assert page.read_text(encoding="utf-8") == "# Edited by hand after generation\n"
    del originals["explainers/mission.md.j2"]
    assert_untouched(project, originals)


def test_a_tampered_manifest_cannot_make_the_generator_delete_outside_content(authored):
    project, originals = authored
    generate(project)
    outside = project.root / "precious.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    manifest = json.loads((project.content / MANIFEST).read_text(encoding="utf-8"))
    events = (project.data / "events.yaml").read_bytes()
    manifest["files"].update(
        {
            "../precious.txt": writer.digest(b"keep me\n"),
            "../site_data/events.yaml": writer.digest(events),
            str(outside): writer.digest(b"keep me\n"),
        }
    )
    (project.content / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    generate(project)
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert (project.data / "events.yaml").read_bytes() == events
    assert "../precious.txt" not in read_manifest(project.content)
    assert_untouched(project, originals)


@pytest.mark.parametrize("crash_after", [0, 1, 5])
def test_a_crash_midway_loses_nothing_and_the_next_run_recovers(authored, monkeypatch, crash_after):
    project, originals = authored
    clean = snapshot(project.content)
    real_write = writer.atomic_write
    calls = {"n": 0}

    def flaky(path: Path, payload: bytes) -> None:
        if path.name != MANIFEST:
            calls["n"] += 1
            if calls["n"] > crash_after:
                raise OSError(28, "No space left on device")
        real_write(path, payload)

    monkeypatch.setattr(writer, "atomic_write", flaky)
    with pytest.raises(OSError):
        generate(project)
    monkeypatch.setattr(writer, "atomic_write", real_write)
    assert_untouched(project, originals)
    owned = set(read_manifest(project.content)) | {MANIFEST, ".gitignore"}
    ignore = project.content / ".gitignore"
    ignored = {line[1:] for line in ignore.read_text(encoding="utf-8").splitlines()} if ignore.exists() else set()
    for rel in snapshot(project.content):
        assert rel in owned or rel in clean, f"{rel} was written but is not owned by the generator"
        assert rel in ignored or rel in clean, f"{rel} was written but git would see it"
    report = generate(project)  # the next run must not stop on files the crashed run wrote
    assert_untouched(project, originals)
    assert set(read_manifest(project.content)) == set(report.written.written) | set(report.written.unchanged)


def test_an_unexpected_failure_is_an_internal_error_without_traceback(project, monkeypatch, capsys):
    import generator.pipeline as pipeline

    def broken(*args, **kwargs):
        raise KeyError("chart-that-went-wrong")

    monkeypatch.setattr(pipeline, "draw_all", broken)
    status = main(["generate", "--root", str(project.root)])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    assert err.strip() == (
        "factsite: internal error: KeyError: 'chart-that-went-wrong'. This is a fault in the generator, not in "
        "your data; run the command again with --debug and send the output to the maintainers."
    )
    with pytest.raises(KeyError):
        main(["generate", "--debug", "--root", str(project.root)])


def test_a_folder_that_cannot_be_written_is_reported_in_a_sentence(project, monkeypatch, capsys):
    def refuse(path: Path, payload: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(writer, "atomic_write", refuse)
    status = main(["generate", "--root", str(project.root)])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    assert "cannot be used: Permission denied. Check that it exists and that you may write to it" in err
