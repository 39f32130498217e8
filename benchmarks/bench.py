"""Benchmark: our build against plain Pelican, and edit-to-preview through the real preview server.

For each size N it generates a synthetic site (benchmarks/generate.py) and measures,
every build in a fresh subprocess on this machine:

- plain: Pelican 4.12 with no plugins and its default theme (notmyidea), same
  ARTICLE_PATHS / PAGE_PATHS, output deleted before each run;
- plain + Pagefind: the same, followed by the Pagefind CLI on its output (the
  search index ours makes too);
- clean: our full setup (`pelican -s pelicanconf.py`, every plugin) into an
  empty output folder; images and social cards come from their caches (filled
  by one untimed build first), as they do on a machine that built the site once.

For the preview sizes it then starts `invoke serve --content DIR --port N` and
edits press releases as an editor would: the time runs from the file write
until the served page holds the new text (the server holds a request until its
page is up to date, so the first answer that has it is the moment it is there).

- body edit: a sentence added to a release; until its page shows it;
- title edit: a new title; until its page shows it, and until every listing
  and feed that showed the old title shows the new one.

Before each edit it waits until the preview is idle (build and search index
done). It reports the median wall time, the peak memory (the process tree's
proportional set size, so pages a forked worker shares with its parent count
once; sampled every 50 ms) and the ratios.

    .venv/bin/invoke bench                                     # N = 1,000, 2,000, 5,000
    .venv/bin/python benchmarks/bench.py --sizes 2000 --preview-sizes 2000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PELICAN, INVOKE = str(BIN / "pelican"), str(BIN / "invoke")
SITE_NOW = "2026-11-26T12:00:00+01:00"
DOC = REPO / "docs" / "performance.md"
DOC_START, DOC_END = "<!-- bench:start -->", "<!-- bench:end -->"

PLAIN_SETTINGS = """\
# Plain Pelican: no plugins, default theme, same content folders as ours.
AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "Europe/Brussels"
DEFAULT_LANG = "nl"
ARTICLE_PATHS = ["campagnes", "persberichten", "opinie"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
PLUGINS = []
# Our pages ask for templates ("home", ...) the default theme lacks; each
# of those is the default theme's page.html.
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
"""


@dataclass
class Result:
    size: int
    variant: str
    times: list[float] = field(default_factory=list)
    memory: list[int] = field(default_factory=list)  # bytes

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> int:
        return max(self.memory, default=0)


# --- measuring processes ----------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _rss(pid: int) -> int:
    """Proportional set size: memory shared with forked workers counts once, not once per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_rss(root: int) -> int:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss(pid)
        todo.extend(_children(pid))
    return total


class Sampler:
    """Peak memory (PSS) of a process tree, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.done.wait(0.05)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


def run_build(args: list[str], env: dict | None = None) -> tuple[float, int]:
    """Run one build; return wall seconds and peak memory of its process tree in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})}, cwd=REPO)
    sampler = Sampler(process.pid)
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    peak = sampler.stop()
    if process.returncode != 0:
        sys.stdout.write(output.decode("utf-8", "replace")[-4000:])
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(args)}")
    return elapsed, peak


def pagefind_command(site: Path) -> list[str]:
    import pagefind_bin

    return [str(pagefind_bin.get_executable()), "--site", str(site), "--quiet"]


def over_budget(folder: Path, budget: int = 60 * 1024) -> list[tuple[str, int]]:
    """HTML pages over the page-weight budget (tests/test_page_weight.py), largest first."""
    found = [(p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*.html")]
    return sorted(((name, size) for name, size in found if size > budget), key=lambda f: -f[1])


# --- the preview --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8", "replace")


class ServedPreview:
    """`invoke serve` on a content folder, as the editors run it."""

    def __init__(self, content: Path, output: Path) -> None:
        self.content, self.output = content, output
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [INVOKE, "serve", "--content", str(content), "--port", str(self.port), "--output", str(output)],
            cwd=REPO, env={**os.environ, "SITE_NOW": SITE_NOW}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.sampler = Sampler(self.process.pid)
        self.log: list[str] = []
        threading.Thread(target=self._read_log, daemon=True).start()
        while True:
            if self.process.poll() is not None:
                raise SystemExit("the preview stopped:\n" + "".join(self.log[-40:]))
            try:
                fetch(self.base + "/__preview/status")
                break
            except OSError:
                time.sleep(0.1)
        self.wait_idle()
        self.started = time.perf_counter() - started

    def _read_log(self) -> None:
        for line in self.process.stdout:
            self.log.append(line.decode("utf-8", "replace"))

    def wait_idle(self) -> None:
        while True:
            status = json.loads(fetch(self.base + "/__preview/status"))
            if not status["building"] and not status["indexing"]:
                return
            time.sleep(0.05)

    def wait_for(self, url: str, check, limit: float = 120.0) -> float:
        """Seconds (perf_counter) when `check(text)` first holds for the served page."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            if check(fetch(url)):
                return time.perf_counter()
            time.sleep(0.005)
        raise SystemExit(f"{url} did not change within {limit:.0f} s:\n" + "".join(self.log[-20:]))

    def stop(self) -> int:
        peak = self.sampler.stop()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        return peak


def release_url(path: Path, base: str) -> str:
    text = path.read_text(encoding="utf-8")
    slug = re.search(r"^slug: (.+)$", text, re.MULTILINE).group(1).strip()
    year = re.search(r"^date: (\d{4})", text, re.MULTILINE).group(1)
    return f"{base}/persberichten/{year}/{slug}/"


def showing(output: Path, needle: str) -> list[str]:
    """Addresses of the served pages and feeds (below `output`) whose text holds `needle`."""
    found = []
    for path in output.rglob("*"):
        if (path.suffix in (".html", ".xml") and "pagefind" not in path.parts
                and needle in path.read_text(encoding="utf-8", errors="replace")):
            relative = path.relative_to(output).as_posix()
            found.append("/" + relative.removesuffix("index.html"))
    return sorted(found)


def measure_preview(size: int, content: Path, output: Path, edits: int, log) -> dict:
    preview = ServedPreview(content, output)
    log(f"N={size}: preview serving after {preview.started:.1f} s")
    releases = sorted((content / "persberichten").glob("*.md"))[-edits * 2:]
    body, title_page, title_all, listings = [], [], [], []
    try:
        for number, source in enumerate(releases[:edits]):
            preview.wait_idle()
            marker = f"Benchmarkzin{number}x{time.time_ns()}"
            url = release_url(source, preview.base)
            started = time.perf_counter()
            source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}.\n", encoding="utf-8")
            body.append(preview.wait_for(url, lambda text, m=marker: m in text) - started)
        for number, source in enumerate(releases[edits:]):
            preview.wait_idle()
            text = source.read_text(encoding="utf-8")
            old = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1).strip()
            pages = showing(output, f">{old}<") + showing(output, f"<title>{old}</title>")
            new = f"Benchmarktitel {number} {time.time_ns()}"
            url = release_url(source, preview.base)
            started = time.perf_counter()
            source.write_text(re.sub(r"^title: .*$", f"title: {new}", text, count=1, flags=re.MULTILINE),
                              encoding="utf-8")
            title_page.append(preview.wait_for(url, lambda t, n=new: n in t) - started)
            # Every page at once, as readers would open them: asked one after another, 200 pages took
            # the client a second or two (the server holds each request until its page is ready).
            with ThreadPoolExecutor(max_workers=8) as pool:
                done = list(pool.map(lambda page, n=new: preview.wait_for(preview.base + page, lambda t: n in t),
                                     sorted(set(pages))))
            title_all.append(max(done, default=started) - started)
            listings.append(len(set(pages)))
        preview.wait_idle()
    finally:
        peak = preview.stop()
    return {"started": preview.started, "body": body, "title_page": title_page, "title_all": title_all,
            "listings": listings, "memory": peak}


# --- the run ------------------------------------------------------------------------------------

class Bench:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.templates = work / "plain-templates"
        self.templates.mkdir(parents=True, exist_ok=True)
        self.plain_settings = work / "plain_settings.py"
        self.plain_settings.write_text(PLAIN_SETTINGS.format(templates=str(self.templates)), encoding="utf-8")

    def ours(self, content: Path, output: Path) -> list[str]:
        return [PELICAN, str(content), "-s", str(REPO / "pelicanconf.py"), "-o", str(output), "-q",
                "-e", f"SITE_NOW={json.dumps(SITE_NOW)}"]

    def plain_templates(self, content: Path) -> None:
        """Our pages ask for templates (home, ...) the default theme lacks: give it its page.html."""
        for page in (content / "pages").glob("*.md"):
            found = re.search(r"^template:\s*(\S+)", page.read_text(encoding="utf-8"), re.MULTILINE)
            if found:
                (self.templates / f"{found.group(1)}.html").write_text('{% extends "page.html" %}\n',
                                                                       encoding="utf-8")

    def plain(self, content: Path, output: Path) -> list[str]:
        return [PELICAN, str(content), "-s", str(self.plain_settings), "-o", str(output), "-q"]

    def measure(self, size: int, runs: int, preview: bool, edits: int, log) -> tuple[list[Result], dict]:
        content = self.work / f"content-{size}"
        started = time.perf_counter()
        generate(size, content)
        self.plain_templates(content)
        log(f"N={size}: content generated in {time.perf_counter() - started:.1f} s")
        plain, searched, clean = (Result(size, v) for v in ("plain", "plain + Pagefind", "clean"))
        out_plain, out_ours = self.work / f"out-plain-{size}", self.work / f"out-ours-{size}"
        # Images and cards cached once (untimed): "clean" means output and content caches empty.
        shutil.rmtree(out_ours, ignore_errors=True)
        run_build(self.ours(content, out_ours))
        for _ in range(runs):
            shutil.rmtree(out_plain, ignore_errors=True)
            seconds, memory = run_build(self.plain(content, out_plain))
            plain.times.append(seconds)
            plain.memory.append(memory)
            index_seconds, index_memory = run_build(pagefind_command(out_plain))
            searched.times.append(seconds + index_seconds)
            searched.memory.append(max(memory, index_memory))
            shutil.rmtree(out_ours, ignore_errors=True)
            seconds, memory = run_build(self.ours(content, out_ours))
            clean.times.append(seconds)
            clean.memory.append(memory)
        facts = {"pages": sum(1 for _ in out_ours.rglob("*.html")),
                 "pages_plain": sum(1 for _ in out_plain.rglob("*.html")),
                 "over_budget": over_budget(out_ours)}
        if preview:
            facts["preview"] = measure_preview(size, content, self.work / f"out-preview-{size}", edits, log)
        for folder in (out_plain, out_ours, content, self.work / f"out-preview-{size}"):
            shutil.rmtree(folder, ignore_errors=True)
        return [plain, searched, clean], facts


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def build_table(results: list[Result]) -> str:
    lines = ["| N | variant | runs | median wall time | peak memory | ratio to plain + Pagefind |",
             "|---:|---|---:|---:|---:|---:|"]
    baseline = {r.size: r.median for r in results if r.variant == "plain + Pagefind"}
    for r in results:
        lines.append(f"| {r.size:,} | {r.variant} | {len(r.times)} | {r.median:.2f} s | "
                     f"{r.peak / 2**20:.0f} MiB | {r.median / baseline[r.size]:.2f} |")
    return "\n".join(lines)


def preview_table(previews: dict[int, dict]) -> str:
    lines = ["| N | serving after | body edit: page | title edit: page | title edit: every listing and feed | "
             "peak memory |", "|---:|---:|---:|---:|---:|---:|"]

    def spread(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (max {max(values):.2f})"

    for size, p in sorted(previews.items()):
        lines.append(f"| {size:,} | {p['started']:.1f} s | {spread(p['body'])} | {spread(p['title_page'])} | "
                     f"{spread(p['title_all'])}, {statistics.median(p['listings']):.0f} files | "
                     f"{p['memory'] / 2**20:.0f} MiB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Our build against plain Pelican; edit-to-preview.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--preview-sizes", type=int, nargs="*", default=[2000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="runs per variant (median is reported)")
    parser.add_argument("--runs-large", type=int, default=1, help="runs per variant for N >= 5000")
    parser.add_argument("--edits", type=int, default=5, help="body edits and title edits per preview size")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument("--write-doc", action="store_true", help="put the results into docs/performance.md")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="vw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work)
    started = time.perf_counter()
    results, notes, previews = [], [], {}

    def log(text: str) -> None:
        print(text, flush=True)

    log(f"Machine: {machine()}")
    for size in sorted(set(args.sizes) | set(args.preview_sizes)):
        runs = args.runs_large if size >= 5000 else args.runs
        measured, facts = bench.measure(size, runs, size in args.preview_sizes, args.edits, log)
        if size in args.sizes:
            results += measured
            heavy = facts["over_budget"]
            notes.append(f"N={size:,}: {facts['pages']:,} HTML pages (plain Pelican: {facts['pages_plain']:,}); "
                         + (f"{len(heavy)} over 60 KB: " + ", ".join(f"{n} {b / 1024:.0f} KB" for n, b in heavy[:4])
                            if heavy else "none over 60 KB"))
        if "preview" in facts:
            previews[size] = facts["preview"]
        log(build_table(measured))
    total = time.perf_counter() - started
    report = "\n".join([
        f"Machine: {machine()}",
        f"Command: `.venv/bin/invoke bench` (benchmarks/bench.py --sizes {' '.join(map(str, args.sizes))} "
        f"--preview-sizes {' '.join(map(str, args.preview_sizes))} --runs {args.runs} --runs-large "
        f"{args.runs_large} --edits {args.edits}); whole run {total / 60:.1f} min; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "Clean builds:",
        "",
        build_table(results),
        "",
        *(f"- {note}" for note in notes),
        "",
        "Edit to preview, through `invoke serve` (medians of the edits, and the slowest):",
        "",
        preview_table(previews),
    ])
    print("\n" + report)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    if args.write_doc:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(DOC_START, 1)
        _, tail = rest.split(DOC_END, 1)
        DOC.write_text(f"{head}{DOC_START}\n{report}\n{DOC_END}{tail}", encoding="utf-8")
        print(f"Results written to {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
