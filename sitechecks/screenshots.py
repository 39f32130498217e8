"""Full-page screenshots of every kind of page at 360 and 1280 px (`invoke screenshots`).

Builds the site with the preview settings into a temporary folder, serves it
on a local port and photographs one page of each kind (sitechecks.page_types)
with Debian's Chromium, at the width of a phone (360 px) and of a laptop
(1280 px). A convenience to look before publishing, not a build step.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

from . import page_urls
from .page_types import page_types

WIDTHS = {360: 740, 1280: 800}  # width -> height of the first screen
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _build(settings_file: Path, content: Path, output: Path) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override={"PATH": str(content), "OUTPUT_PATH": str(output),
                                                          "SITEURL": "", "FEED_DOMAIN": ""})
    Pelican(settings).run()


def photograph(browser, base: str, kinds: dict[str, str], folder: Path) -> list[Path]:
    """Full-page screenshots of `kinds` ({name: address below `base`}) at every width, into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE")
        try:
            page = context.new_page()
            for name, url in kinds.items():
                page.goto(base + url, wait_until="load")
                # Lazy pictures further down load before the picture is taken.
                page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
                page.wait_for_load_state("networkidle")
                target = folder / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
        finally:
            context.close()
    return written


def take_screenshots(settings_file: Path, content: Path, folder: Path) -> list[Path]:
    """Build, serve and photograph every kind of page; returns the files written in `folder`."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium staat niet op {CHROMIUM} (apt install chromium)")
    work = Path(tempfile.mkdtemp(prefix="vw-screenshots-"))
    try:
        output = work / "output"
        _build(settings_file, content, output)
        handler = functools.partial(_Quiet, directory=str(output))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
                try:
                    return photograph(browser, f"http://127.0.0.1:{server.server_address[1]}",
                                      page_types(page_urls(output)), folder)
                finally:
                    browser.close()
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
