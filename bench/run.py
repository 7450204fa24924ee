"""Benchmark the generator and both site engines; write bench/RESULTS.md.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``). For the real
site and for synthetic sets of 100, 1,000 and 10,000 facts (bench/synth.py),
each in a throwaway project copy, it measures in one run: a clean generate, a
generate with nothing changed, a generate after one fact changed (and which
files it rewrote), the MkDocs and Zensical builds of the result, peak memory
and output size. For the real site it also measures what a visitor downloads
for the home page, the chart sizes, third-party requests and the preview
latency of ``python -m generator serve``. Targets are ratios within this one
run, so a slow or busy machine shifts every number alike.

Options: ``--sizes 100,1000`` to run fewer sets, ``--out FILE`` for the table.
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402

PY = sys.executable
ENGINES = ("mkdocs", "zensical")
SVG_BUDGET = 80 * 1024
HOME_BUDGET = 400 * 1024


@dataclass
class Run:
    seconds: float
    max_rss_kb: int
    output: str
    code: int


def measured(cmd: list[str], cwd: Path) -> Run:
    """Run a command to completion; wall time and the peak RSS of that one process (os.wait4)."""
    with tempfile.TemporaryFile(mode="w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    return Run(seconds, usage.ru_maxrss, text, proc.returncode)


def generator(root: Path, *args: str) -> Run:
    run = measured([PY, "-m", "generator", "--root", str(root), *args], cwd=root)
    if run.code != 0:
        raise SystemExit(f"generator {' '.join(args)} failed in {root}:\n{run.output}")
    return run


def engine_seconds(output: str, engine: str) -> float:
    """The engine's own time, as the build command reports it in its summary."""
    match = re.search(rf"\b{engine} ([0-9.]+)s", output)
    return float(match.group(1)) if match else float("nan")


def snapshot(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@dataclass
class Result:
    label: str
    facts: int
    clean: Run | None = None
    warm: Run | None = None
    unchanged: Run | None = None
    one_fact: Run | None = None
    rewritten: list[str] = field(default_factory=list)
    engine: dict[str, float] = field(default_factory=dict)
    engine_rss: dict[str, int] = field(default_factory=dict)
    site_bytes: dict[str, int] = field(default_factory=dict)
    content_bytes: int = 0
    max_svg: int = 0


def count_facts(root: Path) -> int:
    import yaml

    total = 0
    for kind in ("events", "findings", "comparisons", "quotes", "claims"):
        path = root / "site_data" / f"{kind}.yaml"
        if path.exists():
            total += len(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or [])
    return total


def bench_project(label: str, root: Path, change: callable) -> Result:
    """Every generate and engine measurement on one project copy."""
    result = Result(label, count_facts(root))
    print(f"[{label}] {result.facts} facts: clean generate", flush=True)
    result.clean = generator(root, "generate")
    clear_generated(root)
    result.warm = generator(root, "generate")
    # nothing changed: the fastest of three runs, since a run this short is easily disturbed by other processes
    result.unchanged = min((generator(root, "generate") for _ in range(3)), key=lambda run: run.seconds)
    before = snapshot(root / "content")
    change(root)
    result.one_fact = generator(root, "generate")
    after = snapshot(root / "content")
    result.rewritten = sorted(p for p in after if before.get(p) != after[p] and not p.startswith("."))
    result.content_bytes = tree_bytes(root / "content")
    charts = list((root / "content/charts").glob("*.svg"))
    result.max_svg = max((p.stat().st_size for p in charts), default=0)
    for engine in ENGINES:
        print(f"[{label}] {engine} build", flush=True)
        run = generator(root, "build", "--engine", engine)
        result.engine[engine] = engine_seconds(run.output, engine)
        result.engine_rss[engine] = run.max_rss_kb
        result.site_bytes[engine] = tree_bytes(root / "site")
        if engine == "mkdocs":
            shutil.copytree(root / "site", root / "site-mkdocs")
    return result


@dataclass
class Paired:
    """Clean generates and the MkDocs builds after them, measured in turns so that noise touches both alike."""

    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    mkdocs: list[float] = field(default_factory=list)

    def ratio(self, runs: list[float]) -> float:
        """The median of each round's generate / build, which a slow moment in one round cannot move."""
        return statistics.median(g / b for g, b in zip(runs, self.mkdocs, strict=True))


def paired_rounds(root: Path, rounds: int = 5) -> Paired:
    """Each round: a clean generate with no cache at all, one with the cache warm, then the MkDocs build."""
    paired = Paired()
    for _ in range(rounds):
        clear_generated(root)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        paired.cold.append(generator(root, "generate").seconds)
        clear_generated(root)
        paired.warm.append(generator(root, "generate").seconds)
        paired.mkdocs.append(engine_seconds(generator(root, "build").output, "mkdocs"))
    return paired


def clear_generated(root: Path) -> None:
    """Remove every generated file from content/ (as a fresh checkout has none), keeping .cache/."""
    import json

    content = root / "content"
    manifest = json.loads((content / ".generated-manifest.json").read_text(encoding="utf-8"))
    for rel in [*manifest["files"], ".generated-manifest.json", ".gitignore"]:
        (content / rel).unlink(missing_ok=True)


def change_real(root: Path) -> None:
    """Edit one real fact: the first quote's context (shown on the quotes page only)."""
    path = root / "site_data" / "quotes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  context: ", "  context: Benchmark edit. ", 1), encoding="utf-8")


# -- what a visitor downloads -------------------------------------------------------------


class _Refs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.refs.append(a.get("href") or "")
        elif tag in ("script", "img", "source", "iframe") and a.get("src"):
            self.refs.append(a["src"] or "")
        elif tag == "link" and a.get("rel") != "canonical" and re.match(r"^(https?:)?//", a.get("href") or ""):
            self.refs.append(a["href"] or "")


def page_weight(site: Path, page: str = "index.html") -> tuple[int, int, list[str]]:
    """(raw bytes, gzip bytes, third-party references) of a page and the files it references."""
    html_path = site / page
    parser = _Refs()
    parser.feed(html_path.read_text(encoding="utf-8"))
    raw = gz = 0
    external: list[str] = []
    files = {html_path}
    for ref in parser.refs:
        if re.match(r"^(https?:)?//", ref):
            external.append(ref)
            continue
        target = (html_path.parent / ref.split("#")[0].split("?")[0]).resolve()
        if target.is_file():
            files.add(target)
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz, external


def third_party(site: Path) -> list[str]:
    """Every reference in any built page that the browser would fetch from another host."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        found.update(r for r in parser.refs if re.match(r"^(https?:)?//", r))
    return sorted(found)


# -- preview latency ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def served_prefix(root: Path) -> str:
    """The path MkDocs serves the site under: that of site_url (e.g. /change6/), or /."""
    import yaml

    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    path = urllib.parse.urlsplit(str(config.get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"


def preview_latency(root: Path) -> float | None:
    """Seconds from saving a YAML edit until `generator serve` serves the changed page (None: not seen in 30 s)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{served_prefix(root)}quotes/"
    server = subprocess.Popen(
        [PY, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while "Quotes" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                return None
            time.sleep(0.2)
        time.sleep(1.0)  # let the first build settle
        marker = f"Preview marker {os.getpid()}"
        path = root / "site_data" / "quotes.yaml"
        text = path.read_text(encoding="utf-8")
        start = time.monotonic()
        path.write_text(text.replace("  context: ", f"  context: {marker}. ", 1), encoding="utf-8")
        while time.monotonic() - start < 30:
            if marker in fetch(url):
                return time.monotonic() - start
            time.sleep(0.05)
        return None
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()


# -- Lighthouse -----------------------------------------------------------------------------


#: The home page and the three longest pages, where a phone has the most to do.
LIGHTHOUSE_PAGES = ("", "findings/", "fact-check/", "timeline/")


def lighthouse(site: Path, pages: tuple[str, ...] = LIGHTHOUSE_PAGES) -> dict[str, float] | str:
    """Lighthouse performance scores (phone settings, its defaults) per page, served with gzip on 127.0.0.1.

    Needs Chromium and the lighthouse npm package: set LIGHTHOUSE to its binary, or have it on PATH.
    Returns the reason instead when either is missing.
    """
    local = REPO / "node_modules" / ".bin" / "lighthouse"  # installed by `npm ci` (make test, make bench)
    binary = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse") or (str(local) if local.exists() else None)
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not binary or not chrome:
        return "not measured: needs Chromium and the lighthouse npm package (LIGHTHOUSE=path/to/lighthouse)"
    port = free_port()
    server = subprocess.Popen([PY, str(HERE / "serve_gzip.py"), str(site), str(port)], start_new_session=True)
    scores: dict[str, float] = {}
    try:
        deadline = time.monotonic() + 10
        while not fetch(f"http://127.0.0.1:{port}/") and time.monotonic() < deadline:
            time.sleep(0.1)
        for page in pages:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        binary,
                        f"http://127.0.0.1:{port}/{page}",
                        "--only-categories=performance",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                        "--output=json",
                        f"--output-path={out}",
                        "--quiet",
                    ],
                    env={**os.environ, "CHROME_PATH": chrome},
                    timeout=180,
                    check=False,
                )
                if out.exists():
                    import json

                    scores["/" + page] = json.loads(out.read_text())["categories"]["performance"]["score"] * 100
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=15)
    return scores


# -- report -----------------------------------------------------------------------------------


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.strip() else "")
    except OSError:
        return "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def report(results: list[Result], visitor: dict[str, object], out: Path) -> str:
    from generator.load import LIBYAML

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`). Each row is a throwaway copy of the project: the real site, or",
        "the real site plus N synthetic facts from `bench/synth.py` (25% events, 35% findings, 15% quotes,",
        "25% claims; one source per 5 facts). Times are wall-clock seconds of one run of the command line,",
        "including Python start-up. Ratios are within this one run.",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine()}",
        f"- Commit: {commit()}",
        f"- YAML loader: {'libyaml (CSafeLoader)' if LIBYAML else 'pure Python (libyaml missing)'}",
        "",
        "| Set | Facts | Clean generate (cold / warm chart cache) | Unchanged | "
        "One fact changed (files rewritten) | MkDocs build | "
        "Zensical build | Peak RSS gen / MkDocs / Zensical | content/ | site/ MkDocs / Zensical | Largest chart |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        assert r.clean and r.warm and r.unchanged and r.one_fact
        rewritten = ", ".join(f"`{p}`" for p in r.rewritten) or "none"
        peak_gen = max(r.clean.max_rss_kb, r.unchanged.max_rss_kb, r.one_fact.max_rss_kb)
        lines.append(
            f"| {r.label} | {r.facts:,} | {r.clean.seconds:.2f} s / {r.warm.seconds:.2f} s | "
            f"{r.unchanged.seconds:.2f} s | "
            f"{r.one_fact.seconds:.2f} s ({len(r.rewritten)}: {rewritten}) | {r.engine['mkdocs']:.2f} s | "
            f"{r.engine['zensical']:.2f} s | {peak_gen / 1024:.0f} / {r.engine_rss['mkdocs'] / 1024:.0f} / "
            f"{r.engine_rss['zensical'] / 1024:.0f} MB | {mb(r.content_bytes)} | "
            f"{mb(r.site_bytes['mkdocs'])} / {mb(r.site_bytes['zensical'])} | {r.max_svg / 1024:.0f} KB |"
        )
    lines += ["", "Peak RSS of the build column is the `generator build` process and its engine subprocess.", ""]
    lines += ["## Targets", "", "| Target | Measured | |", "|---|---|---|"]
    by = {r.label: r for r in results}
    paired = visitor.get("paired")
    if isinstance(paired, Paired):
        build = statistics.median(paired.mkdocs)
        for name, runs in (("no cache at all", paired.cold), ("charts and templates cached", paired.warm)):
            ratio = paired.ratio(runs)
            lines.append(
                f"| Real site: clean generate ({name}) ≤ 30% of the MkDocs build (median of {len(runs)} rounds) | "
                f"{statistics.median(runs):.2f} s / {build:.2f} s = {ratio:.0%} | {ok(ratio <= 0.30)} |"
            )
    for r in results:
        assert r.clean and r.unchanged
        ratio = r.unchanged.seconds / r.clean.seconds
        lines.append(
            f"| {r.label}: unchanged generate ≤ 10% of clean | {r.unchanged.seconds:.2f} s / {r.clean.seconds:.2f} s"
            f" = {ratio:.0%} | {ok(ratio <= 0.10)} |"
        )
    if "1,000" in by and "10,000" in by:
        small, big = by["1,000"], by["10,000"]
        assert small.clean and big.clean
        gen = big.clean.seconds / small.clean.seconds
        lines.append(
            f"| 1,000 → 10,000 facts: generate grows ≤ 12× | {small.clean.seconds:.2f} s → {big.clean.seconds:.2f} s"
            f" = {gen:.1f}× | {ok(gen <= 12)} |"
        )
        for engine in ENGINES:
            whole_small = small.clean.seconds + small.engine[engine]
            whole_big = big.clean.seconds + big.engine[engine]
            growth = whole_big / whole_small
            lines.append(
                f"| 1,000 → 10,000 facts: whole build (clean generate + {engine}) grows ≤ 12× | "
                f"{whole_small:.1f} s → {whole_big:.1f} s = {growth:.1f}× | {ok(growth <= 12)} |"
            )
    lines.append(f"| YAML read with libyaml's C loader | {'yes' if LIBYAML else 'no'} | {ok(LIBYAML)} |")
    if visitor:
        raw, gz = visitor["home_raw"], visitor["home_gzip"]
        lines.append(
            f"| Home page ≤ 400 KB without the search index (HTML, CSS, JS, images it references) | "
            f"{raw / 1024:.0f} KB uncompressed, {gz / 1024:.0f} KB gzip | {ok(raw <= HOME_BUDGET)} |"
        )
        svgs = visitor["svgs"]
        biggest = max(svgs.values(), default=0)
        lines.append(
            f"| Each chart SVG ≤ 80 KB (real site) | largest {biggest / 1024:.1f} KB "
            f"({', '.join(f'{k} {v / 1024:.1f} KB' for k, v in svgs.items())}) | {ok(biggest <= SVG_BUDGET)} |"
        )
        ext = visitor["third_party"]
        lines.append(
            f"| No request beyond the site itself (every built page) | {len(ext)} third-party references"
            f"{': ' + ', '.join(ext) if ext else ''} | {ok(not ext)} |"
        )
        latency = visitor["preview"]
        seen = "not seen within 30 s | **missed** |"
        if latency is not None:
            seen = f"{latency:.2f} s | {ok(latency <= 3)} |"
        lines.append("| Preview: an edit to one YAML file shows in the served page ≤ 3 s | " + seen)
        scores = visitor["lighthouse"]
        if isinstance(scores, dict) and scores:
            shown = ", ".join(f"`{page}` {score:.0f}" for page, score in scores.items())
            lines.append(
                f"| Lighthouse performance ≥ 95 (phone settings, served with gzip) | {shown} | "
                f"{ok(min(scores.values()) >= 95)} |"
            )
        else:
            lines.append(f"| Lighthouse performance ≥ 95 (phone) | {scores or 'no score'} |  |")
    for r in results:
        if r.max_svg > SVG_BUDGET:
            lines.append(f"| {r.label}: each chart SVG ≤ 80 KB | largest {r.max_svg / 1024:.0f} KB | **missed** |")
    text = "\n".join(lines) + "\n"
    out.write_text(text, encoding="utf-8")
    return text


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1000,10000", help="synthetic set sizes, comma-separated")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    p.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    # The generator is installed editable: byte-compile it as pip does MkDocs, or a machine with
    # PYTHONDONTWRITEBYTECODE set would compile it from source in every measured run.
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    work = Path(tempfile.mkdtemp(prefix="factsite-bench-"))
    results: list[Result] = []
    visitor: dict[str, object] = {}
    try:
        real = synth.copy_inputs(REPO, work / "real")
        results.append(bench_project("real", real, change_real))
        site = real / "site-mkdocs"
        raw, gz, _ = page_weight(site)
        visitor = {
            "home_raw": raw,
            "home_gzip": gz,
            "svgs": {p.name: p.stat().st_size for p in sorted((site / "charts").glob("*.svg"))},
            "third_party": sorted(set(third_party(site)) | set(third_party(real / "site"))),
        }
        print("[real] clean generate and MkDocs build, in turns", flush=True)
        visitor["paired"] = paired_rounds(real)
        print("[real] Lighthouse", flush=True)
        visitor["lighthouse"] = lighthouse(site)
        print("[real] preview latency", flush=True)
        preview = synth.copy_inputs(REPO, work / "preview")
        visitor["preview"] = preview_latency(preview)
        for n in sizes:
            root = synth.make_project(REPO, work / f"n{n}", n)
            results.append(bench_project(f"{n:,}", root, synth.change_one_fact))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Projects kept in {work}")
    print(report(results, visitor, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
