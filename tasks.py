"""Conveniences around Pelican: `invoke --list` shows them.

Pelican alone builds the whole site (`pelican content -s publishconf.py`);
these tasks only call it, serve it, test it and create new content files.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

CONFIG = {
    "content": ROOT / "content",
    "output": ROOT / "output",
    "preview_settings": ROOT / "pelicanconf.py",
    "publish_settings": ROOT / "publishconf.py",
    "host": "127.0.0.1",
    "port": 8000,
}

# invoke new <kind> "Titel": the folder and file name per kind of content.
NEW_KINDS = {
    "persbericht": "persberichten",
    "campagne": "campagnes",
    "opinie": "opinie",
    "pagina": "pages",
}


def _pelican(settings_file: Path, *extra: str) -> None:
    """Run Pelican in-process, exactly as `pelican content -s <settings>` would."""
    from pelican import main as pelican_main

    pelican_main([str(CONFIG["content"]), "-s", str(settings_file), *extra])


@task
def build(c, production=False):
    """Build the site into output/ (preview settings, or --production)."""
    settings = CONFIG["publish_settings"] if production else CONFIG["preview_settings"]
    _pelican(settings)


@task(help={
    "port": "the port to serve on (default 8000)",
    "content": "another content folder to preview (default: content/)",
    "output": "where the preview keeps its files (default: output/)",
})
def serve(c, port=CONFIG["port"], content=None, output=None):
    """Preview the site on http://127.0.0.1:8000; every saved edit shows in the browser at once."""
    from pelican.log import init as init_logging

    from preview.serve import run

    init_logging(level=logging.WARNING)
    code = run(root=ROOT, settings_file=CONFIG["preview_settings"],
               content=Path(content).resolve() if content else CONFIG["content"],
               output=Path(output).resolve() if output else CONFIG["output"],
               host=CONFIG["host"], port=int(port))
    raise SystemExit(code)


@task
def test(c, k="", x=False):
    """Run the whole test suite (installs the npm test tools first when npm is present)."""
    if shutil.which("npm") and not (ROOT / "node_modules" / ".package-lock.json").exists():
        c.run("npm ci --no-audit --no-fund", echo=True)
    args = [sys.executable, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    c.run(" ".join(args), pty=False, echo=True)


@task
def lint(c):
    """Check Python style with ruff."""
    c.run(f"{sys.executable} -m ruff check .", echo=True)


@task(help={"sizes": "comma-separated item counts of the clean builds (default 1000,2000,5000)",
            "preview_sizes": "item counts of the edit-to-preview runs (default 2000,5000)",
            "write_doc": "put the results into docs/performance.md"})
def bench(c, sizes="1000,2000,5000", preview_sizes="2000,5000", write_doc=False):
    """Benchmark clean builds against plain Pelican (+ Pagefind) and edit-to-preview (benchmarks/bench.py)."""
    args = [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--sizes", *sizes.split(","),
            "--preview-sizes", *[s for s in preview_sizes.split(",") if s]]
    if write_doc:
        args.append("--write-doc")
    c.run(" ".join(args), pty=False, echo=True)


@task(help={"folder": "waar de schermafbeeldingen komen (standaard: screenshots/, niet in git)"})
def screenshots(c, folder=None):
    """Maak schermafbeeldingen van elk soort pagina op 360 en 1280 pixels breed, om te bekijken voor je publiceert."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sitechecks.screenshots import take_screenshots

    target = Path(folder).resolve() if folder else ROOT / "screenshots"
    try:
        written = take_screenshots(CONFIG["preview_settings"], CONFIG["content"], target)
    except RuntimeError as error:
        print(f"Geen schermafbeeldingen gemaakt: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    print(f"{len(written)} schermafbeeldingen in {target}:")
    for path in written:
        print(f"  {path.name}")


@task
def clean(c):
    """Remove output/ and build caches."""
    for folder in (CONFIG["output"], ROOT / ".cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"kind": "persbericht, campagne, opinie of pagina", "title": "de titel, tussen aanhalingstekens"})
def new(c, kind, title):
    """Maak een nieuw bestand met elk veld ingevuld of gemarkeerd: invoke new persbericht "Titel"."""
    from content_model.new_content import NewContentError, write_new_file

    try:
        path = write_new_file(kind, title, CONFIG["content"], now=_now())
    except NewContentError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    print(f"{path.relative_to(ROOT)} is gemaakt. Vul elke regel met VUL AAN in; de preview toont het meteen.")


@task
def embargo(c):
    """Toon wat onder embargo staat op het moment van de bouw (SITE_NOW), en tot wanneer."""
    from pelican.settings import read_settings

    from embargo import find_embargoed
    from kernel.clock import nl_moment

    settings = read_settings(str(CONFIG["preview_settings"]), override={"PATH": str(CONFIG["content"])})
    held = find_embargoed(settings)
    for item in held:
        print(f"tot {nl_moment(item.lifts)}  {item.path}  {item.title}")
    print(f"{len(held)} {'item staat' if len(held) == 1 else 'items staan'} onder embargo.")


def _now() -> datetime:
    from pelican.settings import read_settings

    from kernel.clock import build_time

    settings = read_settings(str(CONFIG["preview_settings"]))
    settings.setdefault("SITE_NOW", os.environ.get("SITE_NOW"))
    return build_time(settings)


@task(help={
    "dry_run": "build and run every check, but push nothing",
    "remote": "the git remote to push gh-pages to (default: origin)",
})
def publish(c, dry_run=False, remote="origin"):
    """Publish: clean tree, production build, every check, then push gh-pages (logic: publishing/)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from publishing import PublishError
    from publishing import publish as run_publish

    try:
        run_publish(ROOT, remote=remote, dry_run=dry_run)
    except PublishError as error:
        print(f"Niet gepubliceerd: {error}", file=sys.stderr)
        raise SystemExit(1) from None


@task(help={"k": "only pytest tests matching this expression"})
def check(c, k=""):
    """Run every gate CI runs (ruff, pytest, production build + publish checks), then one summary."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from publishing.gates import gates, run_gates, summary

    results = run_gates(gates(("-k", k) if k else ()))
    print("\n" + summary(results))
    if not all(r.passed for r in results):
        raise SystemExit(1)
