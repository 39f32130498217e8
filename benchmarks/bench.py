"""Benchmark: our full build against plain Pelican on the same synthetic content.

For each size N it generates a synthetic site (benchmarks/generate.py) and
builds it, every build in a fresh `pelican` subprocess:

- plain: Pelican 4.12 with no plugins and its default theme (notmyidea),
  same ARTICLE_PATHS / PAGE_PATHS, output deleted before each run;
- clean: our full setup (pelicanconf.py, every plugin) with the output
  folder and our content cache deleted before each run; the image and
  social-card caches are warm (filled by one untimed build first);
- warm: a second build with nothing changed;
- one file: a build after changing the body of one press release.

It prints the median wall time, the peak memory (largest resident set of
the build's process tree, sampled) and the ratio to plain Pelican, the
largest page, and whether the warm and one-file builds wrote exactly the
same bytes as a clean build of the same content.

    .venv/bin/invoke bench                 # N = 100, 1000, 5000
    .venv/bin/python benchmarks/bench.py --sizes 100 1000 --runs 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

REPO = Path(__file__).resolve().parents[1]
PELICAN = str(Path(sys.executable).with_name("pelican"))
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
        return max(self.memory)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(root: int) -> int:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss(pid)
        todo.extend(_children(pid))
    return total


def run_build(args: list[str], env: dict | None = None) -> tuple[float, int]:
    """Run one build; return wall seconds and peak memory of its process tree in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})}, cwd=REPO)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.stdout.write(output.decode("utf-8", "replace")[-4000:])
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(args)}")
    # The sampler may miss a short peak; the kernel's figure for the largest process is exact.
    return elapsed, peak[0]


def tree_digest(folder: Path) -> dict[str, str]:
    digests = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digests[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def over_budget(folder: Path, budget: int = 60 * 1024) -> list[tuple[str, int]]:
    """HTML pages over the page-weight budget, largest first."""
    found = [(p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*.html")]
    return sorted(((name, size) for name, size in found if size > budget), key=lambda f: -f[1])


def largest_page(folder: Path) -> tuple[str, int]:
    best = ("", 0)
    for path in folder.rglob("*.html"):
        size = path.stat().st_size
        if size > best[1]:
            best = (path.relative_to(folder).as_posix(), size)
    return best


class Bench:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.templates = work / "plain-templates"
        self.templates.mkdir(parents=True, exist_ok=True)
        self.plain_settings = work / "plain_settings.py"
        self.plain_settings.write_text(PLAIN_SETTINGS.format(templates=str(self.templates)), encoding="utf-8")
        # Image and social-card caches outlive the run (the synthetic content is the same every
        # time): only the first run on a machine draws them.
        self.caches = REPO / ".cache" / "bench"

    def ours(self, content: Path, output: Path, content_cache: Path) -> list[str]:
        extra = {
            "SITE_NOW": SITE_NOW,
            "IMAGES_CACHE_PATH": str(self.caches / "images"),
            "SOCIAL_CARDS_CACHE_PATH": str(self.caches / "social-cards"),
            "BUILD_CACHE_PATH": str(content_cache),
        }
        return [PELICAN, str(content), "-s", str(REPO / "pelicanconf.py"), "-o", str(output), "-q",
                "-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]

    def plain_templates(self, content: Path) -> None:
        """Our pages ask for templates (home, ...) the default theme lacks: give it its page.html."""
        for page in (content / "pages").glob("*.md"):
            found = re.search(r"^template:\s*(\S+)", page.read_text(encoding="utf-8"), re.MULTILINE)
            if found:
                (self.templates / f"{found.group(1)}.html").write_text('{% extends "page.html" %}\n',
                                                                       encoding="utf-8")

    def plain(self, content: Path, output: Path) -> list[str]:
        return [PELICAN, str(content), "-s", str(self.plain_settings), "-o", str(output), "-q"]

    def measure(self, size: int, runs: int, log) -> tuple[list[Result], dict]:
        content = self.work / f"content-{size}"
        started = time.perf_counter()
        generate(size, content)
        self.plain_templates(content)
        log(f"N={size}: content generated in {time.perf_counter() - started:.1f} s")
        plain, clean, warm, one = (Result(size, v) for v in ("plain", "clean", "warm", "one file"))
        out_plain, out_ours = self.work / f"out-plain-{size}", self.work / f"out-ours-{size}"
        out_check = self.work / f"out-check-{size}"
        content_cache = self.work / f"content-cache-{size}"

        def fresh(*folders: Path) -> None:
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)

        # Fill the image and social-card caches once (untimed): "clean" means images cached.
        fresh(out_ours, content_cache)
        run_build(self.ours(content, out_ours, content_cache))
        warm_ok = True
        for _ in range(runs):
            fresh(out_plain)
            record(plain, run_build(self.plain(content, out_plain)))
            fresh(out_ours, content_cache)
            record(clean, run_build(self.ours(content, out_ours, content_cache)))
            clean_tree = tree_digest(out_ours)
            record(warm, run_build(self.ours(content, out_ours, content_cache)))
            warm_ok = warm_ok and tree_digest(out_ours) == clean_tree
        changed = sorted((content / "persberichten").glob("*.md"))
        for number in range(runs):
            target = changed[(number * 7919) % len(changed)]
            text = target.read_text(encoding="utf-8")
            target.write_text(text + f"\nGewijzigde zin {number} voor de benchmark.\n", encoding="utf-8")
            record(one, run_build(self.ours(content, out_ours, content_cache)))
        one_tree = tree_digest(out_ours)
        # A clean build of the changed content, with an empty build cache, must give the same bytes.
        fresh(out_check)
        run_build(self.ours(content, out_check, self.work / f"content-cache-check-{size}"))
        one_ok = tree_digest(out_check) == one_tree
        fresh(self.work / f"content-cache-check-{size}")
        facts = {
            "largest": largest_page(out_ours),
            "largest_plain": largest_page(out_plain),
            "over_budget": over_budget(out_ours),
            "pages": sum(1 for _ in out_ours.rglob("*.html")),
            "pages_plain": sum(1 for _ in out_plain.rglob("*.html")),
            "warm_identical": warm_ok,
            "one_identical": one_ok,
        }
        fresh(out_plain, out_ours, out_check, content_cache, content)
        return [plain, clean, warm, one], facts


def record(result: Result, measured: tuple[float, int]) -> None:
    result.times.append(measured[0])
    result.memory.append(measured[1])


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


def table(results: list[Result], runs_by_size: dict[int, int]) -> str:
    lines = ["| N | variant | runs | median wall time | peak memory | ratio to plain |",
             "|---:|---|---:|---:|---:|---:|"]
    plain = {r.size: r.median for r in results if r.variant == "plain"}
    for r in results:
        ratio = r.median / plain[r.size]
        lines.append(f"| {r.size:,} | {r.variant} | {len(r.times)} | {r.median:.2f} s | "
                     f"{r.peak / 2**20:.0f} MiB | {ratio:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Our build against plain Pelican on synthetic content.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="runs per variant (median is reported)")
    parser.add_argument("--runs-large", type=int, default=1, help="runs per variant for N >= 5000")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument("--write-doc", action="store_true", help="put the results into docs/performance.md")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="vw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work)
    started = time.perf_counter()
    results, notes, runs_by_size = [], [], {}

    def log(text: str) -> None:
        print(text, flush=True)

    log(f"Machine: {machine()}")
    for size in args.sizes:
        runs = args.runs_large if size >= 5000 else args.runs
        runs_by_size[size] = runs
        measured, facts = bench.measure(size, runs, log)
        results += measured
        clean = next(r for r in measured if r.variant == "clean")
        one = next(r for r in measured if r.variant == "one file")
        note = (f"N={size:,}: {facts['pages']:,} HTML pages (plain: {facts['pages_plain']:,}); largest page "
                f"{facts['largest'][0]} {facts['largest'][1] / 1024:.1f} KB (plain: {facts['largest_plain'][0]} "
                f"{facts['largest_plain'][1] / 1024:.1f} KB); one-file rebuild = {one.median / clean.median:.2f} "
                f"of clean; warm output identical to clean: {'yes' if facts['warm_identical'] else 'NO'}; "
                f"output after one-file rebuild identical to a clean build: "
                f"{'yes' if facts['one_identical'] else 'NO'}")
        heavy = facts["over_budget"]
        if heavy:
            note += (f"; {len(heavy)} pages over 60 KB: "
                     + ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in heavy[:6])
                     + (", ..." if len(heavy) > 6 else ""))
        notes.append(note)
        log(note)
        log(table(measured, runs_by_size))
    total = time.perf_counter() - started
    report = "\n".join([
        f"Machine: {machine()}",
        f"Command: `.venv/bin/invoke bench` (benchmarks/bench.py --sizes {' '.join(map(str, args.sizes))} "
        f"--runs {args.runs} --runs-large {args.runs_large}); whole run {total / 60:.1f} min; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        table(results, runs_by_size),
        "",
        *(f"- {note}" for note in notes),
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
