"""Conveniences around Pelican: `invoke --list` shows them.

Pelican alone builds the whole site (`pelican content -s publishconf.py`);
these tasks only call it, serve it, test it and create new content files.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
from contextlib import contextmanager
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


@contextmanager
def _dutch_errors(prefix: str = ""):
    """A problem the team fixes (kernel.problems.TeamError): its Dutch message, exit 1, no traceback."""
    from kernel.problems import TeamError

    try:
        yield
    except TeamError as error:
        print(f"{prefix}{error}", file=sys.stderr)
        raise SystemExit(error.exitcode) from None


def _pelican(settings_file: Path, *extra: str) -> None:
    """Run Pelican in-process, exactly as `pelican content -s <settings>` would."""
    from pelican import main as pelican_main

    pelican_main([str(CONFIG["content"]), "-s", str(settings_file), "-o", str(CONFIG["output"]), *extra])


@task(help={"production": "met publishconf.py, zoals de gepubliceerde site",
            "verbose": "toon elke stap en elk geschreven bestand"})
def build(c, production=False, verbose=False):
    """Bouw de site in output/ en toon een korte samenvatting (-v: elke stap)."""
    from kernel.terminal import install

    settings = CONFIG["publish_settings"] if production else CONFIG["preview_settings"]
    install(logging.INFO if verbose else logging.WARNING)  # plain Dutch lines instead of Pelican's columns
    _pelican(settings, "--log-handler", "plain", *(["-v"] if verbose else []))


@task(help={
    "port": "de poort van de preview (standaard 8000)",
    "content": "een andere map met inhoud (standaard: content/)",
    "output": "waar de preview zijn bestanden bewaart (standaard: output/)",
    "verbose": "toon elke stap en elk geschreven bestand",
})
def serve(c, port=CONFIG["port"], content=None, output=None, verbose=False):
    """Toon de site op http://127.0.0.1:8000; elke bewaarde wijziging staat meteen in de browser."""
    from kernel.terminal import install
    from preview.serve import run

    install(logging.INFO if verbose else logging.WARNING)
    code = run(root=ROOT, settings_file=CONFIG["preview_settings"],
               content=Path(content).resolve() if content else CONFIG["content"],
               output=Path(output).resolve() if output else CONFIG["output"],
               host=CONFIG["host"], port=int(port))
    raise SystemExit(code)


@task(help={"port": "de poort van de preview (standaard 8000)"})
def edit(c, port=CONFIG["port"]):
    """Schrijf in de browser: de preview op http://127.0.0.1:8000/ en de webeditor op /admin/."""
    from pelican.settings import read_settings

    from admin.admin import options
    from admin.local_backend import start, stop

    settings = read_settings(str(CONFIG["preview_settings"]))
    opts = options(settings)
    with _dutch_errors():
        backend = start(ROOT, int(opts["local_port"]), Path(opts["node_modules"]))
    print(f"De webeditor draait op http://{CONFIG['host']}:{port}/admin/ en bewaart in content/ "
          f"(lokale opslag op {CONFIG['host']}:{opts['local_port']}).", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by the system: stop the backend too
    try:
        serve(c, port=port)
    finally:
        stop(backend)


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
    from content_model.new_content import write_new_file

    with _dutch_errors():
        path = write_new_file(kind, title, CONFIG["content"], now=_now())
    print(f"{path.relative_to(ROOT)} is gemaakt. Vul elke regel met VUL AAN in; de preview toont het meteen.")


@task(help={"file": "het Nederlandse origineel: content/persberichten/....md", "lang": "fr of en"})
def vertaal(c, file, lang):
    """Begin een vertaling: invoke vertaal content/persberichten/2026-06-11-x.md fr (zelfde map, zelfde slug)."""
    from content_model.new_content import write_translation

    with _dutch_errors():
        path = write_translation(Path(file).resolve(), lang)
    print(f"{path.relative_to(ROOT)} is gemaakt. Vertaal elke regel met VUL AAN; de preview toont het meteen.")


@task
def embargo(c):
    """Toon wat onder embargo staat op het moment van de bouw (SITE_NOW), en tot wanneer."""
    from pelican.settings import read_settings

    from embargo import find_embargoed
    from kernel.clock import nl_moment

    settings = read_settings(str(CONFIG["preview_settings"]), override={"PATH": str(CONFIG["content"])})
    with _dutch_errors():
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
    "dry_run": "bouw en controleer alles, maar publiceer niets",
    "remote": "de git-remote waarnaar gh-pages gaat (standaard: origin)",
    "allow_example_data": "publiceer bewust een demo met voorbeeldgegevens (example.org, 'Voorbeeld'-namen)",
})
def publish(c, dry_run=False, remote="origin", allow_example_data=False):
    """Publiceer: gecommitte bronnen, productiebouw, elke controle, dan gh-pages (code: publishing/)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from publishing import publish as run_publish

    with _dutch_errors("Niet gepubliceerd: "):
        result = run_publish(ROOT, remote=remote, dry_run=dry_run, allow_example_data=allow_example_data)
    if result.example_data:
        print("Let op: dit is een demo; de site bevat voorbeeldgegevens (--allow-example-data):")
        print("\n".join(f"  {line}" for line in result.example_data))


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
