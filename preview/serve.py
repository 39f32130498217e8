"""`invoke serve`: build once, serve, and rebuild in memory on every edit."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from kernel import summary as build_summary

from .changes import ChangeSet, classify
from .server import Gate, PortInUse, open_server
from .site import BuildResult, PreviewSite

logger = logging.getLogger(__name__)


def summary(result: BuildResult, *, first: bool = False) -> str:
    seconds = f"{result.seconds:.2f}".replace(".", ",")
    if result.ok and first:  # what was made and what is held back, as a build says it (kernel.summary)
        return build_summary.last.text(result.seconds)
    if result.ok:
        return f"Bijgewerkt in {seconds} s."
    if result.problems:
        count = len(result.problems)
        lines = [f"{count} probleem gevonden" if count == 1 else f"{count} problemen gevonden",
                 *(f"  {p}" for p in result.problems),
                 "De browser toont ze tot ze verbeterd zijn."]
        return "\n".join(lines)
    return "De site kon niet gebouwd worden (fout in een sjabloon of plugin); de browser toont de melding."


class Deferred:
    """Runs the builds' deferred work (the search index) in one thread, after the pages are served."""

    def __init__(self, site: PreviewSite) -> None:
        self.site = site
        self.wanted = threading.Event()
        threading.Thread(target=self._loop, name="preview-deferred", daemon=True).start()

    def request(self) -> None:
        self.wanted.set()

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            self.site.run_deferred()


def refusal(*, content: Path, port: int) -> str:
    """Why the preview cannot start with these arguments, in one Dutch line ('' when it can)."""
    if not content.is_dir():
        return (f"De map {content} bestaat niet. Geef de map met de inhoud, "
                "bijvoorbeeld: invoke serve --content content")
    if not 1 <= port <= 65535:
        return f"{port} is geen poort. Kies een getal van 1024 tot 65535, bijvoorbeeld: make serve PORT=8001"
    return ""


def run(*, root: Path, settings_file: Path, content: Path, output: Path, host: str, port: int,
        overrides: dict | None = None) -> int:
    refused = refusal(content=content, port=port)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    site = PreviewSite(settings_file, content, output, overrides)
    gate = Gate()
    try:
        server = open_server(site, gate, host, port)
    except PortInUse:
        print(f"Poort {port} is al in gebruik door een ander programma. Kies een andere poort, "
              f"bijvoorbeeld: make serve PORT={port + 1}", file=sys.stderr)
        return 1
    except PermissionError:
        print(f"Poort {port} mag dit programma niet gebruiken (poorten onder 1024 zijn voorbehouden). "
              "Kies een andere poort, bijvoorbeeld: make serve PORT=8000", file=sys.stderr)
        return 1
    try:
        return _serve(site, gate, server, root=root, settings_file=settings_file, content=content,
                      host=host, port=port)
    except KeyboardInterrupt:
        print("\nPreview gestopt.")
        return 0
    finally:
        server.server_close()


def _serve(site: PreviewSite, gate: Gate, server, *, root: Path, settings_file: Path, content: Path,
           host: str, port: int) -> int:
    gate.begin()
    result = site.start()
    gate.end(problems=result.problems, error=result.error)
    print(summary(result, first=True), flush=True)
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    deferred = Deferred(site)
    deferred.request()
    print(f"De preview draait op http://{host}:{port}/ (Ctrl-C stopt hem).", flush=True)

    from watchfiles import watch

    theme = Path(site.settings["THEME"])
    code = (root / "plugins", root / "preview")
    watched = [p for p in (content, theme, settings_file, *code) if p.exists()]
    for events in watch(*watched, step=20, debounce=400, rust_timeout=0, yield_on_timeout=False):
        changes = classify(((change.name, path) for change, path in events), content=content, theme=theme,
                           settings_file=settings_file, code=code)
        if changes.code:
            print("Code van de site gewijzigd: de preview start opnieuw.", flush=True)
            server.server_close()
            os.execv(sys.executable, [sys.executable, *sys.argv])
        if changes.empty:
            continue
        rebuild(site, gate, changes, deferred)
    return 0


def rebuild(site: PreviewSite, gate: Gate, changes: ChangeSet, deferred: Deferred | None = None) -> BuildResult:
    gate.begin()
    result = site.build(changes)
    gate.end(problems=result.problems, error=result.error, everything=changes.everything)
    print(summary(result), flush=True)
    if deferred is not None and result.ok:
        deferred.request()
    return result
